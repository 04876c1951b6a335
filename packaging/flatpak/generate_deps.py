"""Write python3-requirements.json: the Flatpak module that installs Annotator's Python dependencies offline.

flatpak-builder has no network while building, so every wheel is listed as a source with its URL and
sha256. This script asks pip (``pip install --dry-run --report``, ignoring local pip configuration so the
URLs are the public index's) which wheels satisfy the runtime dependencies of pyproject.toml for the Flatpak
runtime's Python (CPython 3.12 on org.kde.Platform 6.8) on x86_64 and aarch64. PySide6 is left out: the
io.qt.PySide.BaseApp base application provides it.

    python3 packaging/flatpak/generate_deps.py [--python-version 3.12] [--output FILE]

The output is generated, not committed (see .gitignore here): regenerate it when dependencies change.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
ARCHES = ("x86_64", "aarch64")
GLIBC_MINORS = range(17, 40)  # the KDE 6.8 runtime (freedesktop 24.08) has glibc 2.40: any manylinux_2_17..2_39
PROVIDED_BY_BASE = {"pyside6", "pyside6-essentials", "shiboken6"}
MODULE_NAME = "python3-requirements"


def requirements() -> list[str]:
    """Runtime dependencies from pyproject.toml, less what the PySide BaseApp provides."""
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    return [d for d in deps if re.split(r"[<>=!~ ;\[]", d, maxsplit=1)[0].lower() not in PROVIDED_BY_BASE]


def platform_options(arch: str) -> list[str]:
    """pip takes exact platform tags: list every manylinux tag the runtime satisfies."""
    tags = [f"manylinux_2_{minor}_{arch}" for minor in GLIBC_MINORS] + [f"manylinux2014_{arch}"]
    return [option for tag in tags for option in ("--platform", tag)]


def resolve(reqs: list[str], arch: str, python_version: str) -> list[dict]:
    """The wheels pip would install on ``arch``: [{name, version, url, sha256, filename}]."""
    abi = "cp" + python_version.replace(".", "")
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        cmd = [sys.executable, "-m", "pip", "--isolated", "install", "--dry-run", "--quiet", "--ignore-installed",
               "--only-binary=:all:", *platform_options(arch), "--python-version", python_version,
               "--implementation", "cp", "--abi", abi, "--target", str(Path(tmp) / "t"),
               "--report", str(report), *reqs]
        subprocess.run(cmd, check=True)
        data = json.loads(report.read_text())
    wheels = []
    for item in data["install"]:
        info = item["download_info"]
        url = info["url"]
        sha256 = info.get("archive_info", {}).get("hashes", {}).get("sha256")
        if not url.startswith("https://") or not sha256:
            raise SystemExit(f"{item['metadata']['name']}: no public URL with sha256 ({url})")
        wheels.append({"name": item["metadata"]["name"], "version": item["metadata"]["version"], "url": url,
                       "sha256": sha256, "filename": url.rsplit("/", 1)[-1]})
    return wheels


def module(reqs: list[str], python_version: str) -> dict:
    by_arch = {arch: resolve(reqs, arch, python_version) for arch in ARCHES}
    sources: dict[str, dict] = {}
    for arch, wheels in by_arch.items():
        for wheel in wheels:
            source = sources.setdefault(wheel["url"], {"type": "file", "url": wheel["url"], "sha256": wheel["sha256"],
                                                       "only-arches": []})
            source["only-arches"].append(arch)
    for source in sources.values():
        if len(source["only-arches"]) == len(ARCHES):  # a pure-Python wheel: every architecture
            del source["only-arches"]
    names = sorted({w["name"] for wheels in by_arch.values() for w in wheels})
    return {
        "name": MODULE_NAME,
        "buildsystem": "simple",
        "build-commands": [
            "pip3 install --verbose --exec-prefix=${FLATPAK_DEST} --prefix=${FLATPAK_DEST} --no-index "
            '--find-links="file://${PWD}" --no-build-isolation ' + " ".join(names)
        ],
        "sources": sorted(sources.values(), key=lambda s: s["url"]),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python-version", default="3.12", help="the Flatpak runtime's Python (default 3.12)")
    parser.add_argument("--output", type=Path, default=HERE / f"{MODULE_NAME}.json")
    args = parser.parse_args()
    reqs = requirements()
    result = module(reqs, args.python_version)
    args.output.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {args.output}: {len(result['sources'])} wheels for {', '.join(reqs)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
