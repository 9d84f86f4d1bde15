"""Entry point of the packaged app (PyInstaller): the same as the ``nnstudio`` command."""

import sys

from nnstudio.cli import main

if __name__ == "__main__":
    sys.exit(main())
