"""User-level configuration and places: the user data directory (platformdirs), the default project with
the sample corpus imported on first run, recent projects, the annotator's name and the plugins folder.

``ANNOTATOR_HOME`` overrides the data directory (tests point it at a temporary folder).

The default author: the name the researcher set (``annotator author NAME``, or the window's first-run question,
saved as ``author`` in ``config.json``); until then edits are recorded as :data:`UNNAMED_AUTHOR`. The operating
system's account name is used only when the researcher chooses it (:func:`account_name` is offered, never taken).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import orjson
import platformdirs

APP = "annotator"
DEFAULT_PROJECT_NAME = "belarus-2020-08-15.annotator"


def data_dir() -> Path:
    home = os.environ.get("ANNOTATOR_HOME")
    path = Path(home) if home else Path(platformdirs.user_data_dir(APP, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def config_path() -> Path:
    return data_dir() / "config.json"


def load_config() -> dict[str, Any]:
    path = config_path()
    if not path.is_file():
        return {}
    try:
        data = orjson.loads(path.read_bytes())
        return data if isinstance(data, dict) else {}
    except orjson.JSONDecodeError:
        return {}


def save_config(config: dict[str, Any]) -> None:
    path = config_path()
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(orjson.dumps(config, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS))
    os.replace(tmp, path)


def update_config(**changes: Any) -> dict[str, Any]:
    config = load_config()
    config.update(changes)
    save_config(config)
    return config


UNNAMED_AUTHOR = "unnamed"
AUTHOR_HINT = "set your name with `annotator author \"Your Name\"` (it is stored as the author of your edits)"


def configured_author() -> str | None:
    """The name the researcher set, or None."""
    name = load_config().get("author")
    return name.strip() if isinstance(name, str) and name.strip() else None


def default_author() -> str:
    """The author recorded on edits when none is given: the configured name, else :data:`UNNAMED_AUTHOR`."""
    return configured_author() or UNNAMED_AUTHOR


def account_name() -> str | None:
    """The operating system's account name, offered to the researcher as a choice (never used unasked)."""
    import getpass

    try:
        return getpass.getuser() or None
    except Exception:  # no account name on this system
        return None


def author_question_due() -> bool:
    """Whether the window should ask for the researcher's name: none set and not asked before."""
    config = load_config()
    return configured_author() is None and not config.get("author_asked")


def plugins_dir() -> Path:
    """The user's folder of single-file plugins (created on demand)."""
    configured = load_config().get("plugins_dir")
    path = Path(configured) if configured else data_dir() / "plugins"
    return path


def add_recent(path: str | Path, limit: int = 10) -> list[str]:
    p = str(Path(path).resolve())
    recent = [r for r in load_config().get("recent", []) if r != p]
    recent.insert(0, p)
    update_config(recent=recent[:limit])
    return recent[:limit]


def recent_projects() -> list[str]:
    return [r for r in load_config().get("recent", []) if Path(r).exists()]


def sample_corpus_dir() -> Path:
    """The bundled sample corpus: inside the installed package, or ``corpus/`` of a source checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "resources" / "corpus", here.parent / "corpus"):
        if (candidate / "manifest.json").is_file():
            return candidate
    raise FileNotFoundError("the sample corpus is missing from this installation")


def default_project_path() -> Path:
    return data_dir() / DEFAULT_PROJECT_NAME


def ensure_default_project(host=None):
    """Open the default project, creating it with the sample corpus imported on first run."""
    from .services.project import Project

    path = default_project_path()
    fresh = not path.exists()
    project = Project(path, host=host)
    if fresh or not project.document_summaries():
        project.set_name("Belarus protests, 15 August 2020 (sample)")
        project.import_paths([sample_corpus_dir()])
    return project
