"""The README's command-line section works when followed literally: every command of its code block runs (in a
temporary folder, ``articles/`` being the placeholder the README says it is, here the sample corpus), except the
last one, which opens the window."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def cli_block() -> list[list[str]]:
    start = README.index("## From the command line")
    block = re.search(r"```bash\n(.*?)```", README[start:], re.DOTALL).group(1)
    commands = []
    for line in block.splitlines():
        line = line.split("  #")[0].strip()
        if line:
            commands.append(shlex.split(line))
    return commands


def test_readme_says_how_to_run_the_commands():
    section = README[README.index("## From the command line"):]
    assert "source .venv/bin/activate" in section and ".venv/bin/annotator" in section
    assert "`articles/` below stands for your own folder" in section


def test_readme_commands_run_as_written(tmp_path, monkeypatch, annotator_cli):
    import shutil

    shutil.copytree(ROOT / "corpus", tmp_path / "articles")  # the placeholder, filled with real articles
    monkeypatch.chdir(tmp_path)
    commands = cli_block()
    assert commands[0][0] == "annotator" and commands[-1][:2] == ["annotator", "gui"]
    outputs = []
    for argv in commands[:-1]:
        assert argv[0] == "annotator"
        outputs.append(annotator_cli(*argv[1:]))
    assert (tmp_path / "study.annotator").is_file()
    assert (tmp_path / "dataset.json").is_file() and (tmp_path / "all.json").is_file()
