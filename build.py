#!/usr/bin/env python3
"""Mingbai's single entry point: set-up, build, serve, pdf, test, bench.

Run it with any Python >= 3.12. The first run creates `.venv/`, installs the pinned
Python and npm packages (and, as root, the Debian packages the tests and PDFs need),
then re-runs itself inside `.venv`. Later runs reuse all of that and say so.

    python3 build.py serve      # set up, build, serve http://127.0.0.1:8000
    python3 build.py test       # set up, run every test
    python3 build.py --help     # every subcommand
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

if __name__ == "__main__":
    from builder import setup_env

    setup_env.enter_venv(sys.argv[1:])
    from builder.cli import main

    sys.exit(main(sys.argv[1:]))
