"""Frozen entry point of the windowed executable (``Annotator.app`` on macOS, ``annotator-gui.exe`` on Windows):
opens the window, on the project file given as the first argument if any (a double-clicked ``.annotator``)."""

import multiprocessing
import sys

from annotator.cli import gui_main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(gui_main())
