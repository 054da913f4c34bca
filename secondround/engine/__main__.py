"""``python -m secondround.engine RATINGS.csv --json OUT.json``."""

import sys

from .cli import main

sys.exit(main())
