"""When Qt cannot open a window here, say why in one line instead of letting Qt abort the process.

Qt aborts (exit 134) when it cannot load its platform plugin (no display, a dead ``DISPLAY``, missing xcb
libraries), with a message that names the wrong thing. :func:`create_application` creates the QApplication with
a Qt message handler installed: it costs nothing when Qt starts, and when Qt reports the fatal error the
handler prints :func:`explain`'s one line (what is missing, and how to run headless) and exits with 1. Only
then, when Qt's own messages do not say which library is missing, a child process asks Qt again with plugin
debugging on (:func:`probe`) to find out.
"""

from __future__ import annotations

import ctypes.util
import os
import re
import subprocess
import sys
from collections.abc import Callable

HEADLESS = ("to run without a window use the command line (annotator --help), or set QT_QPA_PLATFORM=offscreen "
            "to draw off screen")
PROBE = ("import sys\nfrom PySide6.QtGui import QGuiApplication\napp = QGuiApplication(sys.argv[:1])\n"
         "print('platform:' + app.platformName())\n")


def start_probe(env=None) -> subprocess.Popen:
    """Start a QGuiApplication in a child process (plugin debugging on); :func:`finish_probe` reads the answer.
    The caller may do other start-up work (imports, opening the project) meanwhile."""
    env = dict(os.environ if env is None else env)
    env["QT_DEBUG_PLUGINS"] = "1"
    return subprocess.Popen([sys.executable, "-c", PROBE], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def finish_probe(child: subprocess.Popen, timeout: float = 20.0) -> tuple[bool, str]:
    """(worked, the child's output)."""
    try:
        out, err = child.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        return False, "timed out while connecting to the display"
    return child.returncode == 0 and "platform:" in (out or ""), (out or "") + (err or "")


def probe(env=None, timeout: float = 20.0) -> tuple[bool, str]:
    """Start a QGuiApplication in a child process: (worked, its output with plugin debugging on)."""
    return finish_probe(start_probe(env), timeout)


def explain(output: str, env=None) -> str:
    """One line: what Qt is missing (a display, a library, a platform plugin) and how to run headless."""
    env = os.environ if env is None else env
    display = env.get("DISPLAY", "")
    wayland = env.get("WAYLAND_DISPLAY", "")
    platform = env.get("QT_QPA_PLATFORM", "").split(":")[0]
    # the most specific first: Qt adds its libxcb-cursor0 hint to every xcb failure, a dead display included
    if m := re.search(r"(lib[\w.+-]+\.so[\w.]*): cannot open shared object file", output):
        what = f"the library {m.group(1)} is missing (Qt needs it for its display plugin)"
    elif not display and not wayland and platform in ("", "xcb", "wayland"):
        what = "no display: DISPLAY and WAYLAND_DISPLAY are not set"
    elif m := re.search(r"[Cc]ould not connect to display\s*(\S*)", output):
        what = f"no X server answers on DISPLAY={m.group(1) or display}"
    elif re.search(r"xcb-cursor0 or libxcb-cursor0 is needed", output) and not ctypes.util.find_library("xcb-cursor"):
        what = "the library libxcb-cursor0 is missing (Debian/Ubuntu: apt install libxcb-cursor0)"
    elif "timed out while connecting" in output:
        what = f"the display {display or wayland} did not answer"
    elif m := re.search(r'[Cc]ould not find the Qt platform plugin "([^"]+)"', output):
        what = f"Qt has no platform plugin {m.group(1)!r} (QT_QPA_PLATFORM={platform})"
    else:
        lines = [x.strip() for x in output.splitlines() if x.strip() and not x.startswith(("qt.core.plugin",
                                                                                           "QFactoryLoader"))]
        what = f"Qt could not start: {lines[-1] if lines else 'no reason given'}"
    return f"annotator: cannot open the window: {what}; {HEADLESS}."


def _why(messages: list[str]) -> str:
    """Qt's messages, and when they only hint at a missing library, the probe's plugin-loading details."""
    text = "\n".join(messages)
    if "could not connect to display" not in text.lower() and "could not find the qt platform plugin" not in \
            text.lower():
        _ok, details = probe()
        text += "\n" + details
    return text


def create_application(factory: Callable[[], object]):
    """``factory()`` (which creates the QApplication) with Qt's fatal start-up errors turned into one line on
    stderr and exit code 1. Qt's other messages during start-up reach stderr once it has started."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    messages: list[str] = []

    def handler(kind, _context, message) -> None:
        messages.append(message)
        if kind == QtMsgType.QtFatalMsg:
            sys.stderr.write(explain(_why(messages)) + "\n")
            sys.stderr.flush()
            os._exit(1)  # Qt would abort() right after this

    previous = qInstallMessageHandler(handler)
    try:
        app = factory()
    finally:
        qInstallMessageHandler(previous)
    for message in messages:  # it started: what Qt said on the way is only a warning
        sys.stderr.write(message + "\n")
    return app
