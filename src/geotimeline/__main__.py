"""``python -m geotimeline``: the command line (see :mod:`geotimeline.cli`)."""

import sys

from geotimeline.cli import main

if __name__ == "__main__":
    sys.exit(main())
