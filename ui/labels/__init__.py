"""The label catalogue, one module per page or topic; merged by ui.i18n."""
