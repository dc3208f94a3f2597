"""Entry point of ``python -m store``; the command itself lives in ``commands.store_cli``."""

import sys

from commands.store_cli import main

sys.exit(main())
