"""A real Label Studio server on 127.0.0.1 for the round-trip test and ``benchmarks/bench_peer.py``.

Label Studio is a large Django application with pins of its own, so it lives in a virtual environment of its own,
named by ``ANNOTATOR_LABEL_STUDIO`` (the ``label-studio`` executable, or the venv folder holding ``bin/label-studio``)
or found on ``PATH``. :func:`find` says where it is or why not; :class:`LabelStudio` starts it with a temporary data
folder and a known API token, waits until it answers, and talks to its REST API with the standard library only.

    python3 -m venv ~/ls && ~/ls/bin/pip install label-studio==1.23.2
    ANNOTATOR_LABEL_STUDIO=~/ls pytest tests/plugins/test_interchange_label_studio.py
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

TOKEN = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678"
USER = "annotator@example.org"
PASSWORD = "annotator-test-1"


def find() -> tuple[Path | None, str]:
    """(the label-studio executable, "") or (None, why it is not there)."""
    given = os.environ.get("ANNOTATOR_LABEL_STUDIO")
    if given:
        p = Path(given).expanduser()
        exe = p / "bin" / "label-studio" if p.is_dir() else p
        if exe.is_file() and os.access(exe, os.X_OK):
            return exe, ""
        return None, f"ANNOTATOR_LABEL_STUDIO={given} is not a label-studio executable or a venv holding one"
    on_path = shutil.which("label-studio")
    if on_path:
        return Path(on_path), ""
    return None, ("Label Studio is not installed: python3 -m venv ~/ls && ~/ls/bin/pip install label-studio==1.23.2, "
                  "then set ANNOTATOR_LABEL_STUDIO=~/ls")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LabelStudio:
    """``with LabelStudio(exe) as ls: ls.api("GET", "/api/projects")``: a server of our own on loopback."""

    def __init__(self, exe: Path, *, start_timeout: float = 420.0):
        self.exe = Path(exe)
        self.start_timeout = start_timeout
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.data = Path(tempfile.mkdtemp(prefix="annotator-ls-"))
        self.proc: subprocess.Popen | None = None
        self.log = self.data / "server.log"

    def __enter__(self) -> LabelStudio:
        env = {**os.environ, "LABEL_STUDIO_USERNAME": USER, "LABEL_STUDIO_PASSWORD": PASSWORD,
               "LABEL_STUDIO_USER_TOKEN": TOKEN, "LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN": "true",
               "LABEL_STUDIO_BASE_DATA_DIR": str(self.data), "LABEL_STUDIO_DISABLE_SIGNUP_WITHOUT_LINK": "true",
               "DJANGO_DB": "sqlite", "LATEST_VERSION_CHECK": "false", "COLLECT_ANALYTICS": "false",
               "SENTRY_DSN": "", "FRONTEND_SENTRY_DSN": ""}
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen(
                [str(self.exe), "start", "--no-browser", "--internal-host", "127.0.0.1", "--port", str(self.port),
                 "--data-dir", str(self.data / "ls")],
                env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"label-studio exited with {self.proc.returncode}: {self.tail()}")
            try:
                self.api("GET", "/api/projects")
                return self
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(1.0)
        self.__exit__()
        raise RuntimeError(f"label-studio did not answer within {self.start_timeout:.0f} s: {self.tail()}")

    def tail(self, n: int = 15) -> str:
        try:
            return " | ".join(self.log.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return ""

    def __exit__(self, *exc) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)
        shutil.rmtree(self.data, ignore_errors=True)

    def api(self, method: str, path: str, body=None, *, raw: bool = False, timeout: float = 600.0):
        data = None if body is None else json.dumps(body).encode("utf-8")
        req = urllib.request.Request(self.url + path, data=data, method=method,
                                     headers={"Authorization": f"Token {TOKEN}", "Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            payload = resp.read()
        if raw:
            return payload
        return json.loads(payload) if payload else None

    # the few calls the tests and the benchmark make
    def create_project(self, title: str, label_config: str) -> int:
        return self.api("POST", "/api/projects", {"title": title, "label_config": label_config})["id"]

    def import_tasks(self, project: int, tasks: list) -> dict:
        return self.api("POST", f"/api/projects/{project}/import?commit_to_project=true", tasks)

    def project(self, project: int) -> dict:
        return self.api("GET", f"/api/projects/{project}")

    def export(self, project: int) -> list:
        """Label Studio's JSON export as its Export dialog makes it: a snapshot of every task with annotations and
        predictions in full (the quick ``GET /export`` lists predictions by id only)."""
        snap = self.api("POST", f"/api/projects/{project}/exports/", {
            "title": "annotator", "task_filter_options": {"only_with_annotations": False},
            "serialization_options": {"predictions": {"only_id": False}, "drafts": {"only_id": True}}})
        deadline = time.monotonic() + 300
        while snap.get("status") not in ("completed", "failed") and time.monotonic() < deadline:
            time.sleep(0.5)
            snap = self.api("GET", f"/api/projects/{project}/exports/{snap['id']}")
        if snap.get("status") != "completed":
            raise RuntimeError(f"Label Studio export snapshot {snap.get('status')}: {self.tail()}")
        return json.loads(self.api("GET", f"/api/projects/{project}/exports/{snap['id']}/download?exportType=JSON",
                                   raw=True))
