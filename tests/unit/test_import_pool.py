"""The import's process pool (annotator/services/import_pool.py): files read and cleaned in forked workers give
exactly what the serial path gives, a bad file fails alone, and the window's threaded imports stay serial."""

from __future__ import annotations

import threading

import pytest
from support import CORPUS, open_project

from annotator.services import import_pool


def build(folder, n=80):
    """``n`` articles from the samples (mojibake, hard wraps, boilerplate kept), every text different, plus a
    binary file, an empty one and an undecodable one in the middle."""
    folder.mkdir()
    samples = [p.read_bytes() for p in sorted(CORPUS.glob("*.txt"))]
    for k in range(n):
        (folder / f"{k:03d}.txt").write_bytes(f"Report number {k}\n\n".encode() + samples[k % len(samples)])
    (folder / "040-binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    (folder / "041-empty.txt").write_bytes(b"   \n")
    (folder / "042-copy.txt").write_bytes(b"Report number 3\n\n" + samples[3])
    return folder


def outcome(project, report):
    docs = {d.title: (d.text, d.raw, d.encoding, d.meta) for d in project.documents()}
    return (docs, sorted((r["path"].rsplit("/", 1)[-1], r["reason"]) for r in report.refused),
            sorted(r["path"].rsplit("/", 1)[-1] for r in report.skipped), sorted(report.warnings))


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch):
    """Chunks of 4 files and a pool from 16 files on, so that these small imports cut into many chunks."""
    monkeypatch.setattr(import_pool, "CHUNK", 4)
    monkeypatch.setattr(import_pool, "AHEAD", 2)
    monkeypatch.setattr(import_pool, "POOL_MIN_FILES", 16)


def two_workers(monkeypatch):
    """Force the pool with two workers (the import then forks even when a thread left by an earlier test of the
    session would make it serial: none of them forks)."""
    monkeypatch.setenv("ANNOTATOR_IMPORT_WORKERS", "2")
    monkeypatch.setattr(import_pool, "_only_thread", lambda: True)


def test_pool_and_serial_paths_give_identical_results(tmp_path, monkeypatch):
    folder = build(tmp_path / "in")
    used = []
    real = import_pool.multiprocessing.get_context

    def spy(method):
        used.append(method)
        return real(method)

    monkeypatch.setattr(import_pool.multiprocessing, "get_context", spy)
    two_workers(monkeypatch)
    pooled = open_project(tmp_path / "pooled.annotator")
    pooled_report = pooled.import_paths([folder])
    assert used == ["fork"]  # the pool ran
    monkeypatch.setenv("ANNOTATOR_IMPORT_WORKERS", "1")
    serial = open_project(tmp_path / "serial.annotator")
    serial_report = serial.import_paths([folder])
    assert used == ["fork"]  # and this one did not
    assert len(pooled_report.imported) == 80
    refused = {name for name, _reason in outcome(pooled, pooled_report)[1]}
    assert refused == {"040-binary.txt", "041-empty.txt"}  # each fails alone, the rest are imported
    assert outcome(pooled, pooled_report) == outcome(serial, serial_report)
    assert [r["path"] for r in pooled_report.imported] == [r["path"] for r in serial_report.imported]
    pooled.close()
    serial.close()


def test_a_raising_cleaner_fails_only_its_step_in_the_workers(tmp_path, monkeypatch):
    from annotator import Cleaner, hookimpl

    class Fragile:
        @hookimpl
        def register_cleaners(self, register):
            def clean(text, context):
                if "number 7\n" in text:
                    raise ValueError("cannot clean this one")
                return text.replace("Report number", "Report no.")

            register(Cleaner("fragile", clean, 95, "fails on one file"))

    folder = build(tmp_path / "in")
    two_workers(monkeypatch)
    project = open_project(tmp_path / "p.annotator", ("fragile", Fragile()))
    report = project.import_paths([folder])
    assert len(report.imported) == 80
    assert [w for w in report.warnings if "cannot clean this one" in w] and \
        all("007.txt" in w for w in report.warnings if "fragile" in w)
    titles = {d.text.split("\n", 1)[0] for d in project.documents()}
    assert "Report number 7" in titles and "Report no. 8" in titles
    project.close()


def test_threaded_callers_and_small_imports_stay_serial(tmp_path, monkeypatch):
    monkeypatch.setenv("ANNOTATOR_IMPORT_WORKERS", "2")
    calls = []
    monkeypatch.setattr(import_pool.multiprocessing, "get_context", lambda m: calls.append(m) or pytest.fail())
    small = tmp_path / "small"
    small.mkdir()
    for k in range(5):
        (small / f"{k}.txt").write_text(f"Short article {k} with a sentence.\n", "utf-8")
    project = open_project(tmp_path / "p.annotator")
    assert len(project.import_paths([small]).imported) == 5
    folder = build(tmp_path / "in")
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)  # like the window: another thread runs
    other.start()
    try:
        assert len(project.import_paths([folder]).imported) == 80
    finally:
        stop.set()
        other.join()
    assert calls == []
    project.close()


def test_a_worker_that_dies_loses_nothing(tmp_path, monkeypatch):
    """A worker killed in the middle of a chunk (out of memory, say): the pool stops and the files it had not
    sent are prepared in this process; the project ends up as after a serial import."""
    import os
    import time

    from annotator import Cleaner, hookimpl

    parent = os.getpid()

    class Deadly:
        @hookimpl
        def register_cleaners(self, register):
            def clean(text, context):
                number = int(text.split("\n", 1)[0].rsplit(" ", 1)[-1]) if text.startswith("Report") else 0
                if os.getpid() == parent:
                    time.sleep(0.01)  # (here it cleans like any other file, slowly: the workers take most chunks)
                elif number >= 21:
                    os._exit(9)  # (the worker that cleans one of files 21-79: the files before are kept)
                return text

            register(Cleaner("deadly", clean, 95, "kills the worker that cleans any of files 21 on"))

    folder = build(tmp_path / "in")
    two_workers(monkeypatch)
    stopped = []
    real_stop = import_pool._stop
    monkeypatch.setattr(import_pool, "_stop", lambda procs: real_stop(procs) or
                        stopped.extend(p.exitcode for p in procs))
    pooled = open_project(tmp_path / "pooled.annotator", ("deadly", Deadly()))
    pooled_report = pooled.import_paths([folder])
    assert 9 in stopped  # the pool ran, and was stopped when its worker died
    monkeypatch.setenv("ANNOTATOR_IMPORT_WORKERS", "1")
    serial = open_project(tmp_path / "serial.annotator", ("deadly", Deadly()))
    serial_report = serial.import_paths([folder])
    assert len(pooled_report.imported) == 80
    assert outcome(pooled, pooled_report) == outcome(serial, serial_report)
    assert [r["path"] for r in pooled_report.imported] == [r["path"] for r in serial_report.imported]
    pooled.close()
    serial.close()


def test_workers_by_default_one_per_core(monkeypatch):
    monkeypatch.delenv("ANNOTATOR_IMPORT_WORKERS", raising=False)
    monkeypatch.setattr(import_pool.os, "cpu_count", lambda: 2)
    assert import_pool.workers() == 2
    monkeypatch.setattr(import_pool.os, "cpu_count", lambda: 1)
    assert import_pool.workers() == 1  # one core: the serial path
    monkeypatch.setattr(import_pool.os, "cpu_count", lambda: 64)
    assert import_pool.workers() == 4  # at most 4
    monkeypatch.setenv("ANNOTATOR_IMPORT_WORKERS", "1")
    assert import_pool.workers() == 1  # serial
    monkeypatch.setenv("ANNOTATOR_IMPORT_WORKERS", "0")
    assert import_pool.workers() == 64


def test_the_workers_pipes_are_widened(monkeypatch):
    import fcntl
    import multiprocessing

    if not hasattr(fcntl, "F_GETPIPE_SZ"):
        pytest.skip("pipe sizes cannot be read on this system")
    receiving, sending = multiprocessing.get_context("fork").Pipe(duplex=False)
    try:
        before = fcntl.fcntl(sending.fileno(), fcntl.F_GETPIPE_SZ)
        import_pool._widen(sending)
        after = fcntl.fcntl(sending.fileno(), fcntl.F_GETPIPE_SZ)
        assert after >= min(import_pool.PIPE_BYTES // 4, 4 * before) and after > before
    finally:
        receiving.close()
        sending.close()


def test_while_the_workers_are_busy_the_caller_is_told_it_may_write(monkeypatch):
    """``prepared`` says IDLE (once per wait) when the next chunk is not ready; every file still comes once,
    in order."""
    import time

    two_workers(monkeypatch)

    def prepare(index, warnings):
        time.sleep(0.01)
        return index * 10, warnings

    got = list(import_pool.prepared(40, prepare))
    assert [(i, b) for i, b, _w in got if b is not import_pool.IDLE] == [(k, k * 10) for k in range(40)]
    idle = [k for k, (_i, b, _w) in enumerate(got) if b is import_pool.IDLE]
    assert idle and all(got[k + 1][1] is not import_pool.IDLE for k in idle if k + 1 < len(got))


def test_the_files_of_a_chunk_take_each_cleaning_step_in_turn_and_fail_alone(tmp_path, monkeypatch):
    """Within a chunk, each cleaner runs over every file before the next cleaner starts (the cache-friendly
    order); a file that fails to read, and one whose cleaner raises, fail alone and the others are cleaned
    fully; the results are those of one file at a time."""
    from annotator import Cleaner, hookimpl

    order: list[tuple[str, str]] = []

    class Recorder:
        @hookimpl
        def register_cleaners(self, register):
            def first(text, context):
                order.append(("first", text.split("\n", 1)[0]))
                if text.startswith("Report number 2\n"):
                    raise ValueError("first cannot clean this one")
                return text + "\n[first]"

            def second(text, context):
                order.append(("second", text.split("\n", 1)[0]))
                return text + " [second]"

            register(Cleaner("first", first, 91, "records"))
            register(Cleaner("second", second, 92, "records"))

    folder = tmp_path / "in"
    folder.mkdir()
    for k in range(4):
        (folder / f"{k}.txt").write_bytes(f"Report number {k}\n\nThe court met on day {k}.".encode())
    (folder / "1b.txt").write_bytes(b"\x00\x01binary" * 10)  # (sorted between 1 and 2: refused at reading)
    monkeypatch.setenv("ANNOTATOR_IMPORT_WORKERS", "1")
    project = open_project(tmp_path / "p.annotator", ("recorder", Recorder()))
    report = project.import_paths([folder])
    steps = [name for name, _title in order]
    # chunks of 4 files (0, 1, 1b, 2 and then 3): the first step over each file read, then the second
    assert steps == ["first"] * 3 + ["second"] * 3 + ["first", "second"]
    assert [title for _name, title in order] == [f"Report number {k}" for k in (0, 1, 2, 0, 1, 2, 3, 3)]
    assert [r["path"].rsplit("/", 1)[-1] for r in report.refused] == ["1b.txt"]
    texts = {d.title: d.text for d in project.documents()}
    assert texts["Report number 0"].endswith("[first] [second]")
    assert texts["Report number 2"].endswith("day 2. [second]")  # its failing step skipped, the next one run
    assert [w for w in report.warnings if "first cannot clean this one" in w]
    project.close()


def test_the_writing_process_prepares_chunks_itself_while_the_workers_are_busy(tmp_path, monkeypatch):
    """With slow workers, the process that writes takes chunks itself instead of waiting; every file is still
    imported once, in order, with the text the serial path gives."""
    import os
    import time

    from annotator import Cleaner, hookimpl

    here = os.getpid()

    class Stamp:
        @hookimpl
        def register_cleaners(self, register):
            def stamp(text, context):
                if os.getpid() != here:
                    time.sleep(0.02)  # (a slow worker: the writing process runs out of chunks to write)
                context["notes"].append(f"pid {os.getpid()}")
                return text

            register(Cleaner("stamp", stamp, 99, "notes which process cleaned the text"))

    folder = build(tmp_path / "in")
    two_workers(monkeypatch)
    pooled = open_project(tmp_path / "pooled.annotator", ("stamp", Stamp()))
    report = pooled.import_paths([folder])
    pids = [next(n for n in entry["notes"] if n.startswith("pid ")) for entry in report.imported]
    assert f"pid {here}" in pids and {p for p in pids if p != f"pid {here}"}  # both kinds of process cleaned
    assert [e["path"] for e in report.imported] == sorted(e["path"] for e in report.imported)
    monkeypatch.setenv("ANNOTATOR_IMPORT_WORKERS", "1")
    serial = open_project(tmp_path / "serial.annotator", ("stamp", Stamp()))
    serial.import_paths([folder])
    assert {d.title: d.text for d in pooled.documents()} == {d.title: d.text for d in serial.documents()}
    assert len(report.imported) == 80
    pooled.close()
    serial.close()
