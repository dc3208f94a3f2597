"""The weekly brief (周例会简报): one model of the week (``brief.model``) rendered as PDF, DOCX or
XLSX (``brief.render``), from the overview page's button or ``python -m brief``."""
