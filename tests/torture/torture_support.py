"""The processes of the torture tests: each role opens the real project file the way the window, a worker
thread or a command would, and reports on stdout (one JSON line per committed edit, flushed), so that the
test, which kills or waits for it, knows exactly what was acknowledged.

Run as ``python tests/torture/torture_support.py ROLE PROJECT [ARGS]``; imported by the tests and by
``benchmarks/torture.py`` for :func:`open_project`, :func:`check_file` and :func:`check_export`.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
ARTICLE = ("Lukashenko says Putin offers help. " * 40).strip()

from annotator import LabelSpec, LayerSpec, Project, hookimpl  # noqa: E402
from annotator.plugins import PluginHost  # noqa: E402


class TortureLayers:
    """The layers the torture roles annotate with (the core declares none)."""

    @hookimpl
    def register_layers(self, register):
        register(LayerSpec("entity", "Entities", labels=(LabelSpec("PERSON"), LabelSpec("ORG"), LabelSpec("GPE"))))
        register(LayerSpec("contradiction", "Contradictions", kind="link", labels=(LabelSpec("contradicts"),)))


def host() -> PluginHost:
    h = PluginHost(load=["core-cleaners", "core-readers", "core-json"])
    h.register_object(TortureLayers(), "torture-layers")
    return h


def open_project(path, author: str = "tester") -> Project:
    return Project(path, host=host(), author=author)


def make_project(path, documents: int = 3, author: str = "tester") -> list[str]:
    """A project file with ``documents`` plain articles; returns their ids."""
    from annotator.specs import ImportBatch, NewDocument

    with open_project(path, author) as p:
        batch = ImportBatch(documents=[NewDocument(text=f"{ARTICLE} (copy {i})", title=f"doc {i}", clean=False)
                                       for i in range(documents)])
        p.store_batch(batch)
        return [d.id for d in p.documents()]


def check_file(path) -> str:
    """SQLite's own verdict on the file (``ok`` when sound), from a fresh connection."""
    conn = sqlite3.connect(str(path))
    try:
        return "; ".join(r[0] for r in conn.execute("PRAGMA integrity_check"))
    finally:
        conn.close()


def stored_ids(path, table: str = "annotations") -> set[str]:
    conn = sqlite3.connect(str(path))
    try:
        return {r[0] for r in conn.execute(f"SELECT id FROM {table}")}
    finally:
        conn.close()


def logged_deletions(path) -> set[str]:
    """Ids whose deletion is in the operation log: an acknowledged object may be gone because the killed
    writer's last, unacknowledged step (committed just before the kill) deleted it."""
    conn = sqlite3.connect(str(path))
    try:
        return {r[0] for r in conn.execute("SELECT object_id FROM oplog WHERE action = 'delete'")}
    finally:
        conn.close()


def lost_edits(path, records: list[dict]) -> int:
    """Acknowledged edits of a killed writer missing from the file (none may be)."""
    present, links, gone = stored_ids(path), stored_ids(path, "links"), logged_deletions(path)
    lost = 0
    for r in records:
        if r["op"] == "add" and r["id"] not in present and r["id"] not in gone:
            lost += 1
        elif r["op"] == "link" and r["id"] not in links and r["id"] not in gone:
            lost += 1
        elif r["op"] == "delete" and r["id"] in present:
            lost += 1
    return lost


def check_export(path) -> dict:
    """An ``annotator/1`` export's self-consistency: every link's ends among its annotations and in its
    documents' texts at the stated offsets. Returns counts; raises AssertionError naming the first fault."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    texts = {d["id"]: d["text"] for d in data["documents"]}
    anns = {a["id"]: a for a in data["annotations"]}
    assert len(anns) == len(data["annotations"]), "duplicate annotation ids"
    for a in data["annotations"]:
        assert texts[a["document_id"]][a["start"]:a["end"]] == a["text"], f"annotation {a['id']} text"
    for link in data["links"]:
        for end in ("source_id", "target_id"):
            assert link[end] in anns, f"link {link['id']}: {end} {link[end]} missing from the export"
    return {"annotations": len(anns), "links": len(data["links"])}


def _say(**record) -> None:
    sys.stdout.write(json.dumps(record) + "\n")
    sys.stdout.flush()


# ----------------------------------------------------------------------------------------------------- roles

def role_hold(path: str) -> None:
    """Process A: the project open twice (the window and a worker), both read; on each line on stdin, write
    20 edits through both (reporting them); after the second, exit."""
    window = open_project(path)
    worker = window.reopen()
    docs = [d.id for d in window.documents()]
    window.stats()
    worker.annotations()
    _say(ready=True)
    for phase in range(2):
        sys.stdin.readline()
        made = []
        for i in range(20):
            p = window if i % 2 == 0 else worker
            a = p.add_annotation(docs[0], phase * 100 + i * 5, phase * 100 + i * 5 + 4, "entity", "PERSON")
            made.append(a.id)
            if i % 5 == 4:
                p.set_status([a.id], "rejected")
        _say(made=made)
    worker.close()
    window.close()


def role_read(path: str) -> None:
    """Process B: open, read, close (``annotator stats``)."""
    with open_project(path) as p:
        p.stats()
        p.annotations()


def role_write(path: str, count: str = "0", author: str = "tester", deletes: str = "yes") -> None:
    """Interactive-style edits, each its own transaction, acknowledged after commit: annotations, links
    between fresh ones, deletions (unless ``deletes`` is "no"). ``count`` 0: until killed."""
    n = int(count)
    rng = random.Random(os.getpid())
    with open_project(path, author) as p:
        docs = [d.id for d in p.documents()]
        length = len(p.text(docs[0]))
        _say(op="ready", id="")
        i = 0
        while n == 0 or i < n:
            doc = rng.choice(docs)
            s = rng.randrange(0, length - 10)
            op = rng.random()
            if op < 0.5:
                a = p.add_annotation(doc, s, s + rng.randint(1, 9), "entity", "PERSON")
                _say(op="add", id=a.id)
            elif op < 0.8:
                with p.batch():
                    a = p.add_annotation(doc, s, s + 3, "entity", "ORG")
                    b = p.add_annotation(docs[-1], 0, 5, "entity", "GPE")
                    link = p.add_link(a.id, b.id, "contradiction", "contradicts")
                _say(op="link", id=link.id, ends=[a.id, b.id])
            elif deletes == "yes":
                anns = p.annotations(document_id=doc)
                if anns:
                    victim = rng.choice(anns)
                    p.delete_annotation(victim.id)
                    _say(op="delete", id=victim.id)
            i += 1


def role_long(path: str, count: str = "20000", author: str = "tester", fail: str = "") -> None:
    """A long write (a suggestion run's worth of proposals) as one step; with ``fail`` the last row is bad
    (its document does not exist), so the whole run must vanish."""
    from annotator.ids import new_id, now
    from annotator.model import Annotation

    with open_project(path, author) as p:
        doc = p.documents()[0].id
        t = now()
        anns = [Annotation(new_id(), doc, i % 1000, i % 1000 + 3, "entity", "GPE", {}, author, "long", "suggested",
                           t, t) for i in range(int(count))]
        if fail:
            anns.append(Annotation(new_id(), "no-such-document", 0, 3, "entity", "GPE", {}, author, "long",
                                   "suggested", t, t))
        _say(started=True)
        t0 = time.perf_counter()
        try:
            p._commit([("annotation", "create", None, a) for a in anns])
        except sqlite3.IntegrityError as exc:
            _say(failed=str(exc))
            return
        _say(done=len(anns), seconds=round(time.perf_counter() - t0, 3))


def role_export_loop(path: str, out_dir: str, seconds: str = "3") -> None:
    """Export (the real ``annotator/1`` exporter) again and again; report each file."""
    deadline = time.monotonic() + float(seconds)
    i = 0
    with open_project(path) as p:
        while time.monotonic() < deadline:
            target = Path(out_dir) / f"export-{os.getpid()}-{i}.json"
            p.export("json", target)
            _say(export=str(target))
            i += 1


def role_edit_latency(path: str, pause_ms: str = "20") -> None:
    """Interactive edits at a person's pace until stdin closes; then the latency of each (seconds)."""
    import threading

    stop = threading.Event()
    threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
    latencies, failures = [], []
    with open_project(path, "latency") as p:
        doc = p.documents()[0].id
        _say(ready=True)
        i = 0
        while not stop.is_set():
            t0 = time.perf_counter()
            try:
                p.add_annotation(doc, i % 900, i % 900 + 4, "entity", "PERSON")
            except Exception as exc:  # noqa: BLE001 - counted, reported
                failures.append(str(exc))
            latencies.append(time.perf_counter() - t0)
            i += 1
            time.sleep(float(pause_ms) / 1000)
    _say(latencies=latencies, failures=failures)


ROLES = {"edit-latency": role_edit_latency, "hold": role_hold, "read": role_read, "write": role_write,
         "long": role_long, "export-loop": role_export_loop}

if __name__ == "__main__":
    ROLES[sys.argv[1]](*sys.argv[2:])
