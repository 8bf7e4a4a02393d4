"""`python -m ictgraph.cli`: the same command line as the `ictgraph` script."""

import sys

from ictgraph.cli import main

sys.exit(main())
