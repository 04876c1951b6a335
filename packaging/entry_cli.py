"""Frozen entry point of the ``annotator`` executable (PyInstaller bundle): the command line, exactly as the
``annotator`` console script of the wheel (``annotator`` alone opens the window)."""

import multiprocessing
import sys

from annotator.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
