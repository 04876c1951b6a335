"""Fixtures of the torture tests: real project files in tmp_path driven by real processes
(``torture_support.py`` roles) started with this interpreter."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
SUPPORT = HERE / "torture_support.py"


class Role:
    """A role process: ``lines()`` reads its JSON reports; ``send()`` writes a line to its stdin."""

    def __init__(self, *args: str):
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join([str(HERE), *filter(None, [env.get("PYTHONPATH")])])
        self.proc = subprocess.Popen([sys.executable, str(SUPPORT), *map(str, args)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)

    def line(self) -> dict:
        raw = self.proc.stdout.readline()
        if not raw:
            raise AssertionError(f"role ended early: {self.proc.wait()} {self.proc.stderr.read()}")
        return json.loads(raw)

    def send(self, text: str = "go") -> None:
        self.proc.stdin.write(text + "\n")
        self.proc.stdin.flush()

    def finish(self, timeout: float = 120) -> tuple[list[dict], str]:
        out, err = self.proc.communicate(timeout=timeout)
        assert self.proc.returncode == 0, err
        return [json.loads(line) for line in out.splitlines() if line.strip()], err

    def kill(self) -> list[dict]:
        self.proc.kill()
        out, _err = self.proc.communicate()
        records = []
        for line in out.splitlines():
            try:
                records.append(json.loads(line))
            except ValueError:  # the line being written when the process died
                pass
        return records


@pytest.fixture
def role():
    started: list[Role] = []

    def start(*args) -> Role:
        r = Role(*args)
        started.append(r)
        return r

    yield start
    for r in started:
        if r.proc.poll() is None:
            r.proc.kill()
            r.proc.communicate()


@pytest.fixture
def shared(tmp_path):
    """A project file with three documents, for several processes."""
    from torture_support import make_project

    path = tmp_path / "shared.annotator"
    make_project(path)
    return path
