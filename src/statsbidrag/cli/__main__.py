"""`python -m statsbidrag.cli`: the same as the `statsbidrag` command."""

import sys

from statsbidrag.cli.main import main

sys.exit(main())
