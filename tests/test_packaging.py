"""Static checks of the packaging files (fast; the real builds and smoke tests are in .ci/packaging.sh):
the version's one source, the desktop file, AppStream metainfo, MIME type, icons, Flatpak manifest, the
PyInstaller spec, the wheel's corpus hook and the `annotator FILE` shortcut of the CLI."""

from __future__ import annotations

import ast
import configparser
import importlib.util
import re
import shutil
import struct
import subprocess
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

import annotator
from annotator import cli
from annotator.plugins import ENTRY_POINT_GROUP
from annotator.store.database import SUFFIX
from annotator.version import __version__

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
LINUX = PACKAGING / "linux"
APP_ID = "org.annotator.Annotator"
MIME_TYPE = "application/x-annotator-project"
DESKTOP = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
MIME_XML = LINUX / f"{APP_ID}.mime.xml"
FLATPAK = PACKAGING / "flatpak" / f"{APP_ID}.yml"
SPEC = PACKAGING / "annotator.spec"
MIME_NS = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}


@pytest.fixture(scope="module")
def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


@pytest.fixture(scope="module")
def desktop() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def _load_module(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ------------------------------------------------------------------------------------------------ version


def test_version_has_one_source(pyproject):
    assert "version" in pyproject["project"]["dynamic"]
    assert "version" not in pyproject["project"]
    assert pyproject["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "annotator.version.__version__"}
    assert annotator.__version__ == __version__
    assert re.fullmatch(r"\d+\.\d+\.\d+([ab]|rc)?\d*", __version__)


def test_metainfo_lists_the_current_version_as_newest_release():
    releases = ET.parse(METAINFO).getroot().findall("releases/release")
    assert releases, "metainfo has no <release>"
    assert releases[0].get("version") == __version__, "add a <release> for the new version to the metainfo"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", releases[0].get("date", ""))


# ------------------------------------------------------------------------------------------------ desktop file


def test_desktop_file_keys(desktop, pyproject):
    assert desktop["Type"] == "Application"
    assert desktop["Name"] == "Annotator"
    assert desktop["Icon"] == APP_ID
    assert desktop["Terminal"] == "false"
    program, *args = desktop["Exec"].split()
    assert program in pyproject["project"]["scripts"], "Exec must run the installed console script"
    assert args == ["gui", "%f"], "a double-clicked project file arrives as %f"
    assert desktop["TryExec"] == program
    assert MIME_TYPE in desktop["MimeType"].split(";")
    for key in ("MimeType", "Categories", "Keywords"):
        assert desktop[key].endswith(";"), f"{key} is a list and must end with ';'"


def test_desktop_file_is_valid_for_desktop_file_validate():
    tool = shutil.which("desktop-file-validate")
    if tool is None:
        pytest.skip("desktop-file-validate not installed (apt-get install desktop-file-utils); "
                    ".ci/packaging.sh runs it")
    result = subprocess.run([tool, str(DESKTOP)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in result.stdout + result.stderr


# ------------------------------------------------------------------------------------------------ AppStream


def test_metainfo_matches_the_desktop_file_and_mime_type(pyproject):
    root = ET.parse(METAINFO).getroot()  # well-formed, or this raises
    assert root.tag == "component" and root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.find("launchable").text == DESKTOP.name
    assert root.find("icon").text == APP_ID
    assert root.findtext("metadata_license") == "CC0-1.0"
    assert root.findtext("project_license") == "MIT"
    provides = root.find("provides")
    assert provides.findtext("binary") in pyproject["project"]["scripts"]
    assert provides.findtext("mediatype") == MIME_TYPE
    assert len(root.findtext("summary")) <= 100
    assert root.find("description").findall("p")
    assert root.find("content_rating").get("type") == "oars-1.1"
    categories = {c.text for c in root.findall("categories/category")}
    assert categories <= set(filter(None, configparser_list(DESKTOP, "Categories")))


def configparser_list(path: Path, key: str) -> list[str]:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"][key].split(";")


def test_metainfo_is_valid_for_appstreamcli():
    tool = shutil.which("appstreamcli")
    if tool is None:
        pytest.skip("appstreamcli not installed (apt-get install appstream); .ci/packaging.sh runs it")
    result = subprocess.run([tool, "validate", "--no-net", str(METAINFO)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


# ------------------------------------------------------------------------------------------------ MIME type


def test_mime_type_registers_the_project_file():
    root = ET.parse(MIME_XML).getroot()
    (mime_type,) = root.findall("m:mime-type", MIME_NS)
    assert mime_type.get("type") == MIME_TYPE
    assert [g.get("pattern") for g in mime_type.findall("m:glob", MIME_NS)] == [f"*{SUFFIX}"]
    assert mime_type.find("m:sub-class-of", MIME_NS).get("type") == "application/vnd.sqlite3"
    assert mime_type.find("m:icon", MIME_NS).get("name") == APP_ID


def test_mime_magic_is_the_sqlite_header_the_store_checks(tmp_path, project):
    header = project.path.read_bytes()[:16]
    assert header == b"SQLite format 3\x00"
    root = ET.parse(MIME_XML).getroot()
    matches = root.findall(".//m:magic/m:match", MIME_NS)
    assert matches, "no magic rule"
    for match in matches:
        assert match.get("type") == "string" and match.get("offset") == "0"
        value = match.get("value").encode().decode("unicode_escape").encode("latin-1")
        assert header.startswith(value)
        for nested in match.findall("m:match", MIME_NS):  # the application id in the SQLite header
            assert nested.get("offset") == "68" and nested.get("type") == "big32"
            assert struct.pack(">I", int(nested.get("value"), 16)) == b"ANNT"


# ------------------------------------------------------------------------------------------------ icons


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


def test_icons_exist_in_every_format():
    svg = ET.parse(ROOT / "annotator" / "resources" / "icons" / "annotator.svg").getroot()
    assert svg.tag.endswith("svg") and svg.get("viewBox") == "0 0 256 256"
    assert _png_size(ROOT / "annotator" / "resources" / "icons" / "annotator.png") == (256, 256)
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        assert _png_size(PACKAGING / "icons" / "png" / f"annotator-{size}.png") == (size, size)
    assert (PACKAGING / "icons" / "annotator.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"
    assert (PACKAGING / "icons" / "annotator.icns").read_bytes()[:4] == b"icns"


# ------------------------------------------------------------------------------------------------ Flatpak


def test_flatpak_manifest_parses_with_the_right_modules(pyproject):
    yaml = pytest.importorskip("yaml")
    manifest = yaml.safe_load(FLATPAK.read_text())
    assert manifest["id"] == APP_ID
    assert manifest["command"] in pyproject["project"]["scripts"]
    assert manifest["runtime"] == "org.kde.Platform" and manifest["sdk"] == "org.kde.Sdk"
    assert manifest["base"] == "io.qt.PySide.BaseApp"
    assert manifest["base-version"] == manifest["runtime-version"]
    modules = manifest["modules"]
    assert [m if isinstance(m, str) else m["name"] for m in modules] == ["python3-requirements.json", "annotator"]
    app = modules[1]
    commands = " ".join(app["build-commands"])
    assert "pip3 install --no-deps" in commands
    for installed in (f"share/applications/{APP_ID}.desktop", f"share/metainfo/{APP_ID}.metainfo.xml",
                      f"share/mime/packages/{APP_ID}.xml", f"share/icons/hicolor/scalable/apps/{APP_ID}.svg"):
        assert installed in commands
    for source in re.findall(r"install -Dm644 ((?:packaging|annotator)/\S+)", commands):
        paths = [source.replace("${size}", str(s)) for s in (16, 512)] if "${size}" in source else [source]
        for path in paths:
            assert (ROOT / path).is_file(), f"the manifest installs {path}, which does not exist"
    (source,) = app["sources"]
    assert source["type"] == "dir" and (FLATPAK.parent / source["path"]).resolve() == ROOT


def test_flatpak_dependencies_are_the_runtime_dependencies_less_pyside(pyproject):
    generate = _load_module(PACKAGING / "flatpak" / "generate_deps.py", "generate_deps")
    reqs = generate.requirements()
    deps = pyproject["project"]["dependencies"]
    assert not [r for r in reqs if r.lower().startswith("pyside6")]
    assert sorted(reqs) == sorted(d for d in deps if not d.lower().startswith("pyside6"))


# ------------------------------------------------------------------------------------------------ PyInstaller


def _spec_constants() -> dict[str, object]:
    tree = ast.parse(SPEC.read_text(), filename=str(SPEC))  # the spec is Python: this also checks its syntax
    assigns = [node for node in tree.body if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)]
    return {node.targets[0].id: node.value.value for node in assigns if isinstance(node.value, ast.Constant)}


def test_spec_bundles_the_entry_point_metadata_of_the_project(pyproject):
    constants = _spec_constants()
    assert constants["DIST_NAME"] == pyproject["project"]["name"]
    assert constants["ENTRY_POINT_GROUP"] == ENTRY_POINT_GROUP
    assert constants["BUNDLE_ID"] == APP_ID
    text = SPEC.read_text()
    assert "copy_metadata(DIST_NAME)" in text
    assert "collect_submodules(package)" in text and "hiddenimports" in text
    assert '"spacy"' in text and '"torch"' in text and '"datasets"' in text  # spaCy only with [nlp]
    for script in ("entry_cli.py", "entry_gui.py"):
        assert f'"{script}"' in text and (PACKAGING / script).is_file()
    for icon in ("annotator.icns", "annotator.ico"):
        assert f'"{icon}"' in text and (PACKAGING / "icons" / icon).is_file()


def test_every_plugin_entry_point_is_a_packaged_module(pyproject):
    plugins = pyproject["project"]["entry-points"][ENTRY_POINT_GROUP]
    find = pyproject["tool"]["setuptools"]["packages"]["find"]
    for name, target in plugins.items():
        top = target.split(":")[0].split(".")[0]
        homes = [ROOT / where / top for where in find["where"]]
        assert any(home.is_dir() for home in homes), f"{name}: package {top} is in none of {find['where']}"
        assert any(re.fullmatch(pattern.replace("*", ".*"), top) for pattern in find["include"]), name


# ------------------------------------------------------------------------------------------------ wheel contents


def test_build_hook_copies_the_sample_corpus_into_the_package(tmp_path):
    setup = _load_module(ROOT / "setup.py", "annotator_setup")
    written = setup.copy_corpus(tmp_path)
    target = tmp_path / "annotator" / "resources" / "corpus"
    corpus = ROOT / "corpus"
    assert sorted(Path(p).name for p in written) == sorted(p.name for p in corpus.iterdir() if p.is_file())
    for path in corpus.iterdir():
        assert (target / path.name).read_bytes() == path.read_bytes()
    with pytest.raises(SystemExit, match="sample corpus missing"):
        setup.copy_corpus(tmp_path / "other", source=tmp_path / "nowhere")


def test_sdist_manifest_carries_what_the_wheel_build_needs():
    lines = (ROOT / "MANIFEST.in").read_text().splitlines()
    assert "graft corpus" in lines
    assert any(line.startswith("include") and "setup.py" in line for line in lines)


# ------------------------------------------------------------------------------------------------ CLI


def test_annotator_FILE_opens_the_window_on_that_project(tmp_path, project):
    path = str(project.path)
    assert path.endswith(SUFFIX)
    assert cli._project_file_shortcut([path]) == ["gui", path]
    assert cli._project_file_shortcut(["plugins"]) == ["plugins"]
    assert cli._project_file_shortcut(["--version"]) == ["--version"]
    missing = str(tmp_path / "missing.annotator")
    assert cli._project_file_shortcut([missing]) == [missing]  # click then says: no such command
    other = tmp_path / "notes.txt"
    other.write_text("x")
    assert cli._project_file_shortcut([str(other)]) == [str(other)]


def test_gui_command_takes_the_project_file_as_an_argument():
    result = CliRunner().invoke(cli.cli, ["gui", "--help"])
    assert result.exit_code == 0
    assert "[PROJECT_FILE]" in result.output and "--smoke-test" in result.output
