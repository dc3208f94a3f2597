"""Entry point of ``python -m metrics``; the command itself lives in ``commands.metrics_cli``."""

import sys

from commands.metrics_cli import main

sys.exit(main())
