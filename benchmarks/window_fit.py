"""The window on a real X server at a laptop's and a desktop's screen size: does it fit, and what does it look like?

For each size (default 1366x768 and 1920x1080) it starts ``Xvfb`` on a display of its own, opens the window on a
fresh default project (the sample corpus, every installed plugin), runs the checks of
:mod:`annotator.qt.layout_check` (every top-level widget, dock and the status bar inside the screen, the reader
and the compare panes more than half the window), and saves a picture of the whole screen with ImageMagick's
``import`` when it is installed. Exits 1 if any size has a problem.

Run: ``.venv/bin/python benchmarks/window_fit.py [--display 91] [--sizes 1366x768,1920x1080] [--out /tmp]``
(it needs ``Xvfb``; the displays used are ``:N``, ``:N+1``...).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def run_at(display: int, width: int, height: int, out: Path) -> dict:
    xvfb = subprocess.Popen(["Xvfb", f":{display}", "-screen", "0", f"{width}x{height}x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        sock = Path(f"/tmp/.X11-unix/X{display}")
        for _ in range(100):
            if sock.exists():
                break
            time.sleep(0.05)
        with tempfile.TemporaryDirectory() as home:
            env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
            env.update(DISPLAY=f":{display}", ANNOTATOR_HOME=home)
            started = time.perf_counter()
            check = subprocess.run([sys.executable, "-m", "annotator.qt.layout_check"], env=env,
                                   capture_output=True, text=True, timeout=180)
            seconds = time.perf_counter() - started
            lines = [x for x in check.stdout.splitlines() if x.startswith("{")]
            result = json.loads(lines[-1]) if lines else {"problems": [check.stderr.strip()[-400:]]}
            result["seconds"] = round(seconds, 2)
            if shutil.which("import"):
                # the window again, left open long enough to be photographed
                shot = out / f"window-{width}x{height}.png"
                viewer = subprocess.Popen([sys.executable, "-m", "annotator"], env=env, stdout=subprocess.DEVNULL,
                                          stderr=subprocess.DEVNULL)
                time.sleep(8)
                subprocess.run(["import", "-display", f":{display}", "-window", "root", str(shot)], check=False)
                viewer.terminate()
                viewer.wait(10)
                result["screenshot"] = str(shot)
        return result
    finally:
        xvfb.terminate()
        xvfb.wait(10)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--display", type=int, default=91)
    parser.add_argument("--sizes", default="1366x768,1920x1080")
    parser.add_argument("--out", default=tempfile.gettempdir())
    args = parser.parse_args()
    if not shutil.which("Xvfb"):
        print("Xvfb is not installed (Debian/Ubuntu: apt install xvfb)", file=sys.stderr)
        return 2
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    failed = False
    for i, size in enumerate(args.sizes.split(",")):
        w, h = (int(x) for x in size.split("x"))
        result = run_at(args.display + i, w, h, out)
        failed |= bool(result["problems"])
        print(f"{w}x{h}: window {result.get('window')}, reader {result.get('reader_width')} px, "
              f"check {result['seconds']} s, problems: {result['problems'] or 'none'}"
              + (f", picture {result['screenshot']}" if result.get("screenshot") else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
