"""``python -m admin``: accounts and the access log (see ``commands.admin_cli``)."""
