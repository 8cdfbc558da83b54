"""`python -m station` runs the command-line entry point."""

import sys

from station.cli import main

sys.exit(main())
