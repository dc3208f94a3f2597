"""Entry point of ``python -m admin``; the command itself lives in ``commands.admin_cli``."""

import sys

from commands.admin_cli import main

sys.exit(main())
