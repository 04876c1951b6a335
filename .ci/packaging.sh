#!/usr/bin/env bash
# CI packaging checks (run after the test suite): everything happens in a temporary folder outside the checkout,
# in venvs of its own.
#
#  1. Linux desktop integration: desktop-file-validate, appstreamcli validate --no-net, update-mime-database
#     (and, when gio is there, that a *.annotator file is detected as application/x-annotator-project).
#  2. `python -m build`: sdist, then the wheel built from the sdist; the wheel holds the corpus, schemas, icon
#     and every bundled plugin package.
#  3. The wheel in a fresh venv: --version, `annotator plugins` (all bundled plugins listed and ok),
#     new --sample / suggest / export on the sample corpus, `gui --smoke-test` offscreen.
#  4. The PyInstaller one-folder bundle (packaging/build.sh bundle) and its frozen binary, run with an empty
#     environment: --version, plugins, the same headless export, and `gui --smoke-test` offscreen.
# Prints build times, sizes and the total time. Fails loudly (non-zero) on any problem.
# Root with apt-get: installs the Debian tools it needs; without apt, the validators are skipped with a message.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-python3}"
T="$(mktemp -d "${TMPDIR:-/tmp}/annotator-packaging.XXXXXX")"
trap 'rm -rf "$T"' EXIT
export QT_QPA_PLATFORM=offscreen PIP_DISABLE_PIP_VERSION_CHECK=1 ANNOTATOR_HOME="$T/home"
unset ANNOTATOR_LOAD_PLUGINS ANNOTATOR_PLUGINS_DIR
MIME_DB=""
START=$(date +%s)
CHECKS=0
say() { echo "packaging: $*"; }
ok() { CHECKS=$((CHECKS + 1)); echo "packaging: ok   $*"; }
die() { echo "packaging: FAILED $*" >&2; exit 1; }
since() { echo $(( $(date +%s) - $1 )); }
VERSION="$("$PYTHON" -c "import re,sys; print(re.search(r'__version__ = \"([^\"]+)\"', open(sys.argv[1]).read())[1])" \
  "$ROOT/annotator/version.py")"
say "Annotator $VERSION, working in $T"

# ---------------------------------------------------------------------------------------------- system tools
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  need=()
  command -v desktop-file-validate >/dev/null || need+=(desktop-file-utils)
  command -v appstreamcli >/dev/null || need+=(appstream)
  command -v update-mime-database >/dev/null || need+=(shared-mime-info)
  command -v gio >/dev/null || need+=(libglib2.0-bin)
  command -v objdump >/dev/null || need+=(binutils)  # PyInstaller's binary analysis on Linux
  # Qt's runtime libraries that a minimal Debian lacks (the wheel's and the bundle's Qt need them offscreen too)
  for lib in libxkbcommon.so.0:libxkbcommon0 libEGL.so.1:libegl1 libGL.so.1:libgl1 libfontconfig.so.1:libfontconfig1 \
             libdbus-1.so.3:libdbus-1-3; do
    ldconfig -p | grep -q "${lib%%:*}" || need+=("${lib##*:}")
  done
  if [ ${#need[@]} -gt 0 ]; then
    say "apt-get install ${need[*]}"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}") >"$T/apt.log" 2>&1 \
      || { cat "$T/apt.log" >&2; die "apt-get install ${need[*]}"; }
  fi
fi

# ---------------------------------------------------------------------------------------------- 1. desktop files
LINUX="$ROOT/packaging/linux"
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$LINUX/org.annotator.Annotator.desktop" || die "desktop-file-validate"
  ok "desktop-file-validate org.annotator.Annotator.desktop"
else
  say "SKIPPED desktop-file-validate: not installed and no apt-get as root (apt-get install desktop-file-utils)"
fi
if command -v appstreamcli >/dev/null; then
  appstreamcli validate --no-net "$LINUX/org.annotator.Annotator.metainfo.xml" || die "appstreamcli validate"
  ok "appstreamcli validate --no-net org.annotator.Annotator.metainfo.xml"
else
  say "SKIPPED appstreamcli validate: not installed and no apt-get as root (apt-get install appstream)"
fi
if command -v update-mime-database >/dev/null; then
  mkdir -p "$T/xdg/mime/packages"
  cp "$LINUX/org.annotator.Annotator.mime.xml" "$T/xdg/mime/packages/org.annotator.Annotator.xml"
  [ -f /usr/share/mime/packages/freedesktop.org.xml ] && cp /usr/share/mime/packages/freedesktop.org.xml "$T/xdg/mime/packages/"
  XDG_DATA_DIRS="$T/xdg" XDG_DATA_HOME="$T/xdg" update-mime-database "$T/xdg/mime" 2>"$T/mime.log" \
    || { cat "$T/mime.log" >&2; die "update-mime-database"; }
  if [ -s "$T/mime.log" ]; then cat "$T/mime.log" >&2; die "update-mime-database warned about the MIME XML"; fi
  grep -q "application/x-annotator-project:\*.annotator" "$T/xdg/mime/globs2" || die "MIME glob *.annotator not registered"
  ok "update-mime-database: application/x-annotator-project, *.annotator"
  MIME_DB="$T/xdg"
else
  say "SKIPPED update-mime-database: not installed and no apt-get as root (apt-get install shared-mime-info)"
fi

# ---------------------------------------------------------------------------------------------- 2. wheel + sdist
t0=$(date +%s)
OUT="$T/dist" WORK="$T/work" PYTHON="$PYTHON" "$ROOT/packaging/build.sh" wheel
WHEEL_TIME=$(since "$t0")
WHEEL=$(ls "$T"/dist/annotator_workbench-*.whl)
SDIST=$(ls "$T"/dist/annotator_workbench-*.tar.gz)
[ "$(basename "$WHEEL")" = "annotator_workbench-$VERSION-py3-none-any.whl" ] || die "wheel name $(basename "$WHEEL")"
"$PYTHON" - "$WHEEL" "$SDIST" <<'PY' || die "wheel/sdist contents"
import configparser, sys, tarfile, zipfile
wheel, sdist = sys.argv[1:]
names = set(zipfile.ZipFile(wheel).namelist())
problems = []
for required in ("annotator/resources/corpus/manifest.json", "annotator/resources/icons/annotator.svg",
                 "annotator/resources/icons/annotator.png", "annotator/version.py", "annotator/cli.py"):
    if required not in names:
        problems.append(f"wheel lacks {required}")
corpus = [n for n in names if n.startswith("annotator/resources/corpus/") and n.endswith(".txt")]
if len(corpus) < 5:
    problems.append(f"wheel has {len(corpus)} corpus texts, expected 5")
if not [n for n in names if n.startswith("annotator/schemas/") and n.endswith(".json")]:
    problems.append("wheel has no JSON schema under annotator/schemas/")
ep_file = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
eps = configparser.ConfigParser(delimiters=("=",))
eps.optionxform = str
eps.read_string(zipfile.ZipFile(wheel).read(ep_file).decode())
plugins = dict(eps["annotator.plugins"])
for name, target in plugins.items():
    module_path = target.split(":")[0].replace(".", "/")
    if f"{module_path}.py" not in names and f"{module_path}/__init__.py" not in names:
        problems.append(f"plugin {name}: {target} is not in the wheel")
sdist_names = tarfile.open(sdist).getnames()
for required in ("corpus/manifest.json", "setup.py", "MANIFEST.in", "packaging/annotator.spec"):
    if not any(n.endswith("/" + required) for n in sdist_names):
        problems.append(f"sdist lacks {required}")
if problems:
    print("\n".join(problems), file=sys.stderr)
    sys.exit(1)
print(f"packaging: ok   wheel holds the corpus ({len(corpus)} texts), schemas, icon and {len(plugins)} plugin "
      f"entry points: {', '.join(sorted(plugins))}")
PY
CHECKS=$((CHECKS + 1))

# ---------------------------------------------------------------------------------------------- 3. wheel in a fresh venv
t0=$(date +%s)
"$PYTHON" -m venv "$T/venv"
"$T/venv/bin/python" -m pip install -q "$WHEEL" >"$T/pip.log" 2>&1 || { cat "$T/pip.log" >&2; die "pip install wheel"; }
INSTALL_TIME=$(since "$t0")
ok "wheel installed in a fresh venv in ${INSTALL_TIME} s"
mkdir -p "$T/run-wheel" "$T/run-frozen"

check_plugins() {  # $1: plugins --json output file, $2: label
  "$PYTHON" - "$1" "$WHEEL" "$2" <<'PY'
import configparser, json, sys, zipfile
listing, wheel, label = sys.argv[1:]
infos = {p["name"]: p for p in json.load(open(listing))}
z = zipfile.ZipFile(wheel)
eps = configparser.ConfigParser(delimiters=("=",))
eps.optionxform = str
eps.read_string(z.read(next(n for n in z.namelist() if n.endswith(".dist-info/entry_points.txt"))).decode())
expected = set(eps["annotator.plugins"])
bad = []
for name in sorted(expected):
    info = infos.get(name)
    if info is None:
        bad.append(f"{name}: not listed")
    elif info["status"] != "ok":
        first = info["errors"][-1].splitlines()[0] if info["errors"] else ""
        bad.append(f"{name}: {info['status']} {first}")
if bad:
    print(f"packaging: {label}: bundled plugins not ok:\n  " + "\n  ".join(bad), file=sys.stderr)
    sys.exit(1)
print(f"packaging: ok   {label}: all {len(expected)} bundled plugins ok: {', '.join(sorted(expected))}")
PY
}

check_export() {  # $1: export file, $2: label; prints counts and a digest of the content (wheel vs bundle)
  "$PYTHON" - "$1" "$2" <<'PY'
import collections, hashlib, json, sys
path, label = sys.argv[1:]
data = json.load(open(path, encoding="utf-8"))
docs = data.get("documents", [])
anns = data.get("annotations", [])
if len(docs) != 5:
    print(f"packaging: {label}: export has {len(docs)} documents, expected 5", file=sys.stderr); sys.exit(1)
if not anns:
    print(f"packaging: {label}: export has no annotations after `annotator suggest`", file=sys.stderr); sys.exit(1)
# ids and times differ between runs; the texts (after the import pipeline) and the spans must not
sha = {d["id"]: d["sha256"] for d in docs}
spans = sorted((sha[a["document_id"]], a["start"], a["end"], a["layer"], a["label"], a["status"], a.get("text", ""))
               for a in anns)
content = json.dumps([sorted(sha.values()), spans, len(data.get("links", [])), len(data.get("entities", []))])
print(json.dumps({"documents": len(docs), "annotations": dict(sorted(collections.Counter(a["layer"] for a in anns).items())),
                  "links": len(data.get("links", [])), "entities": len(data.get("entities", [])),
                  "digest": hashlib.sha256(content.encode()).hexdigest()[:12]}, sort_keys=True))
PY
}

WHEEL_BIN="$T/venv/bin/annotator"
cd "$T/run-wheel"
[ "$("$WHEEL_BIN" --version)" = "annotator, version $VERSION" ] || die "wheel: annotator --version: $("$WHEEL_BIN" --version)"
ok "wheel: annotator --version = $VERSION"
"$T/venv/bin/python" -c "import annotator.config as c, sys; p = c.sample_corpus_dir(); \
print(p); sys.exit(0 if 'site-packages' in str(p) else 1)" >/dev/null || die "wheel: sample corpus not found in the package"
"$WHEEL_BIN" plugins
"$WHEEL_BIN" plugins --json >plugins.json
check_plugins plugins.json wheel || die "wheel: annotator plugins"
CHECKS=$((CHECKS + 1))
"$WHEEL_BIN" new P.annotator --sample || die "wheel: annotator new --sample"
"$WHEEL_BIN" suggest -p P.annotator || die "wheel: annotator suggest"
"$WHEEL_BIN" export -p P.annotator -f json -o out.json --include-suggestions || die "wheel: annotator export"
WHEEL_COUNTS="$(check_export out.json wheel)" || die "wheel: export"
ok "wheel: new --sample, suggest, export: $WHEEL_COUNTS"
t1=$(date +%s)
timeout 120 "$WHEEL_BIN" gui --smoke-test -p P.annotator || die "wheel: gui --smoke-test (exit $?)"
ok "wheel: gui --smoke-test opened the window offscreen and quit in $(since "$t1") s"
if [ -n "$MIME_DB" ] && command -v gio >/dev/null; then  # what a file manager sees on double-click
  cp P.annotator copy.db
  kind() { XDG_DATA_DIRS="$MIME_DB" XDG_DATA_HOME="$MIME_DB" gio info -a standard::content-type "$1" | awk '/content-type/ {print $2}'; }
  [ "$(kind P.annotator)" = application/x-annotator-project ] || die "MIME: P.annotator detected as $(kind P.annotator)"
  [ "$(kind copy.db)" = application/vnd.sqlite3 ] || die "MIME: an ordinary SQLite file detected as $(kind copy.db)"
  ok "MIME: a real project file is application/x-annotator-project; other SQLite files stay application/vnd.sqlite3"
fi

# ---------------------------------------------------------------------------------------------- 4. frozen bundle
t0=$(date +%s)
OUT="$T/dist" WORK="$T/work" VENV="$T/venv" PYTHON="$PYTHON" "$ROOT/packaging/build.sh" bundle
BUNDLE_TIME=$(since "$t0")
BUNDLE="$T/dist/annotator"
BIN="$BUNDLE/annotator"
[ -x "$BIN" ] || die "no frozen executable at $BIN"
frozen() {  # the frozen binary with an empty environment: no Python, no venv, no PATH
  env -i HOME="$T/home" ANNOTATOR_HOME="$T/home-frozen" QT_QPA_PLATFORM=offscreen LANG=C.UTF-8 "$BIN" "$@"
}
cd "$T/run-frozen"
[ "$(frozen --version)" = "annotator, version $VERSION" ] || die "frozen: --version: $(frozen --version)"
ok "frozen: annotator --version = $VERSION (empty environment, no Python)"
frozen plugins
frozen plugins --json >plugins.json
check_plugins plugins.json frozen || die "frozen: entry-point discovery"
CHECKS=$((CHECKS + 1))
frozen new P.annotator --sample || die "frozen: new --sample"
frozen suggest -p P.annotator || die "frozen: suggest"
frozen export -p P.annotator -f json -o out.json --include-suggestions || die "frozen: export"
FROZEN_COUNTS="$(check_export out.json frozen)" || die "frozen: export"
[ "$FROZEN_COUNTS" = "$WHEEL_COUNTS" ] || die "frozen export differs from the wheel's: $FROZEN_COUNTS vs $WHEEL_COUNTS"
ok "frozen: new --sample, suggest, export: the same as the wheel's ($FROZEN_COUNTS)"
t1=$(date +%s)
timeout 120 env -i HOME="$T/home" ANNOTATOR_HOME="$T/home-frozen" QT_QPA_PLATFORM=offscreen LANG=C.UTF-8 \
  "$BIN" gui --smoke-test -p P.annotator || die "frozen: gui --smoke-test (exit $?)"
ok "frozen: gui --smoke-test opened the window offscreen and quit in $(since "$t1") s"

# ---------------------------------------------------------------------------------------------- figures
BUNDLE_MB=$(du -sm "$BUNDLE" | cut -f1)
BUNDLE_FILES=$(find "$BUNDLE" -type f | wc -l)
ARCHIVE="$T/dist/annotator-$VERSION-linux-$(uname -m).tar.gz"
[ -f "$ARCHIVE" ] || die "build.sh made no archive $ARCHIVE"
ARCHIVE_MB=$(( ($(stat -c %s "$ARCHIVE") + 524288) / 1048576 ))
say "figures:"
say "  wheel    $(basename "$WHEEL")  $(( $(stat -c %s "$WHEEL") / 1024 )) KiB; sdist $(( $(stat -c %s "$SDIST") / 1024 )) KiB; build ${WHEEL_TIME} s; install ${INSTALL_TIME} s"
say "  bundle   ${BUNDLE_MB} MiB in ${BUNDLE_FILES} files (tar.gz ${ARCHIVE_MB} MiB); PyInstaller build ${BUNDLE_TIME} s"
say "  total    $(since "$START") s for this script"
say "OK: all $CHECKS packaging checks ok"
