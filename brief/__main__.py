"""Entry point of ``python -m brief``; the command lives in ``commands.brief_cli``."""

import sys

from commands.brief_cli import main

sys.exit(main())
