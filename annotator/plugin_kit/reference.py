"""The "Hook reference" of docs/plugins.md, generated from the docstrings of ``annotator/hookspecs.py`` (the single
source). ``python -m annotator.plugin_kit.reference --write docs/plugins.md`` rewrites the section in place;
``tests/test_docs.py`` fails when the two differ."""

from __future__ import annotations

import inspect
import sys
from pathlib import Path

from .. import hookspecs

START = "## Hook reference\n"
END = "## What you register: the specs\n"
INTRO = """\
Every hook in `annotator/hookspecs.py`, whose docstrings this section is generated from
(`python -m annotator.plugin_kit.reference --write docs/plugins.md`; `tests/test_docs.py` checks that they agree).
Hooks are called through [pluggy](https://pluggy.readthedocs.io/): an implementation may accept fewer arguments
than listed, may be ordered with `@hookimpl(tryfirst=True)` or `trylast=True`, or may wrap the others with
`@hookimpl(wrapper=True)` (code before its `yield` runs before them, after it with their result).
"""


def hooks() -> list:
    """The hook specs in the order of the module."""
    return [fn for fn in vars(hookspecs).values() if callable(fn) and hasattr(fn, "annotator_spec")]


def heading(fn) -> str:
    return f"### `{fn.__name__}({', '.join(inspect.signature(fn).parameters)})`"


def hook_reference() -> str:
    parts = [START, "\n", INTRO]
    for fn in hooks():
        parts.append(f"\n{heading(fn)}\n\n{inspect.cleandoc(fn.__doc__ or '')}\n")
    parts.append("\n")
    return "".join(parts)


def replace_reference(markdown: str) -> str:
    start, end = markdown.index(START), markdown.index(END)
    return markdown[:start] + hook_reference() + markdown[end:]


def main(argv: list[str]) -> int:
    if argv[:1] == ["--write"] and len(argv) == 2:
        path = Path(argv[1])
        path.write_text(replace_reference(path.read_text(encoding="utf-8")), encoding="utf-8")
        return 0
    sys.stdout.write(hook_reference())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
