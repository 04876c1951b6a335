"""Can Qt open a window here? Asked in a child process before the window's QApplication exists, because when Qt
cannot load its platform plugin (no display, a dead ``DISPLAY``, missing xcb libraries) it aborts the whole
process (exit 134) with a message that names the wrong thing. The child's output says what is missing, and
:func:`explain` turns it into one line that also says how to run headless.

The check costs one short child process (well under a second) and runs only where Qt would use a display
server (Linux and BSD without ``QT_QPA_PLATFORM=offscreen``/``minimal``).
"""

from __future__ import annotations

import ctypes.util
import os
import re
import subprocess
import sys

HEADLESS = ("to run without a window use the command line (annotator --help), or set QT_QPA_PLATFORM=offscreen "
            "to draw off screen")
PROBE = ("import sys\nfrom PySide6.QtGui import QGuiApplication\napp = QGuiApplication(sys.argv[:1])\n"
         "print('platform:' + app.platformName())\n")
NO_DISPLAY_PLATFORMS = ("offscreen", "minimal", "vnc", "eglfs", "linuxfb")


def needs_check(env=None) -> bool:
    env = os.environ if env is None else env
    platform = env.get("QT_QPA_PLATFORM", "").split(":")[0].strip().lower()
    if platform in NO_DISPLAY_PLATFORMS:
        return False
    return sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd"))


def probe(env=None, timeout: float = 20.0) -> tuple[bool, str]:
    """Start a QGuiApplication in a child process: (worked, its output with plugin debugging on)."""
    env = dict(os.environ if env is None else env)
    env["QT_DEBUG_PLUGINS"] = "1"
    try:
        out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True,
                             timeout=timeout)
    except subprocess.TimeoutExpired:
        return False, "timed out while connecting to the display"
    text = (out.stdout or "") + (out.stderr or "")
    return out.returncode == 0 and "platform:" in out.stdout, text


def explain(output: str, env=None) -> str:
    """One line: what Qt is missing (a display, a library, a platform plugin) and how to run headless."""
    env = os.environ if env is None else env
    display = env.get("DISPLAY", "")
    wayland = env.get("WAYLAND_DISPLAY", "")
    platform = env.get("QT_QPA_PLATFORM", "").split(":")[0]
    # the most specific first: Qt adds its libxcb-cursor0 hint to every xcb failure, a dead display included
    if m := re.search(r"(lib[\w.+-]+\.so[\w.]*): cannot open shared object file", output):
        what = f"the library {m.group(1)} is missing (Qt needs it for its display plugin)"
    elif m := re.search(r"[Cc]ould not connect to display\s*(\S*)", output):
        what = f"no X server answers on DISPLAY={m.group(1) or display or '(empty)'}"
    elif re.search(r"xcb-cursor0 or libxcb-cursor0 is needed", output) and not ctypes.util.find_library("xcb-cursor"):
        what = "the library libxcb-cursor0 is missing (Debian/Ubuntu: apt install libxcb-cursor0)"
    elif "timed out while connecting" in output:
        what = f"the display {display or wayland} did not answer"
    elif m := re.search(r'[Cc]ould not find the Qt platform plugin "([^"]+)"', output):
        what = f"Qt has no platform plugin {m.group(1)!r} (QT_QPA_PLATFORM={platform})"
    elif not display and not wayland:
        what = "no display: DISPLAY and WAYLAND_DISPLAY are not set"
    else:
        lines = [x.strip() for x in output.splitlines() if x.strip() and not x.startswith(("qt.core.plugin",
                                                                                           "QFactoryLoader"))]
        what = f"Qt could not start: {lines[-1] if lines else 'no reason given'}"
    return f"annotator: cannot open the window: {what}; {HEADLESS}."


def check(env=None) -> str | None:
    """None when a window can open here, else the one-line explanation."""
    env = os.environ if env is None else env
    if not needs_check(env):
        return None
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY") and "QT_QPA_PLATFORM" not in env:
        return explain("", env)
    ok, output = probe(env)
    return None if ok else explain(output, env)
