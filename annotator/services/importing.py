"""Import: files and folders → importer plugin → cleaner chain → the store, atomically per file.

- Each file is read by the importer registered for its suffix (or the one named with ``format=``).
- Plain articles run through the cleaner chain; the original bytes stay in ``raw``.
- A folder's ``manifest.json`` gives per-file metadata (title, source, published, url, language).
- The same content imported twice (same sha256 of the stored text) is reported and skipped.
- A refused file (binary, undecodable, empty, too large, malformed) is reported with its reason, and nothing
  of it is stored; the next file is imported. A folder import stays inside the folder: symbolic links to
  files outside it are skipped and reported.
- What importers and cleaners hand back is validated (:mod:`annotator.services.validation`) before it is
  stored; an invalid batch refuses its file, naming the plugin and the item. A raising importer refuses its
  file, a raising (or invalid) cleaner step is skipped for that file with a warning; neither is disabled for
  it (crafted input is a refusal, not a plugin failure: :class:`~annotator.services.validation.FailurePolicy`).
- The size limit (``size_limit``, 50 MiB) is for articles (``corpus`` importers); datasets have their own
  (``dataset_size_limit``, 2 GiB). Cancelling is checked between files and between cleaner steps.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from ..ids import new_id, new_ids, now
from ..model import STATUSES, Document
from ..specs import Cancelled, ImportBatch, ImportRefused, NewDocument, TaskContext
from ..store import sha256_of
from ..store.database import CHUNK_ROWS, held_by_this_process, held_names
from .import_pool import IDLE, POOL_MIN_FILES, Failed, prepared, workers
from .validation import (
    FailurePolicy,
    Invalid,
    check_imported_annotation,
    check_imported_entity,
    check_imported_link,
    check_new_document,
    exc_text,
    lone_surrogate,
    printable,
)

DEFAULT_SIZE_LIMIT = 50 * 1024 * 1024
DEFAULT_DATASET_SIZE_LIMIT = 2 * 1024 * 1024 * 1024
MANIFEST = "manifest.json"
MANIFEST_FIELDS = ("title", "source", "published", "url", "language")
#: seconds between two progress reports of an import (a report per file cost more than reading a small one)
PROGRESS_EVERY = 0.05


@dataclass
class ImportReport:
    imported: list[dict[str, Any]] = field(default_factory=list)  # path, document_id, title, notes
    skipped: list[dict[str, str]] = field(default_factory=list)  # path, reason
    refused: list[dict[str, str]] = field(default_factory=list)  # path, reason
    warnings: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    cancelled: bool = False

    def summary(self) -> str:
        parts = [f"{len(self.imported)} document(s) imported"]
        if self.skipped:
            parts.append(f"{len(self.skipped)} skipped")
        if self.refused:
            parts.append(f"{len(self.refused)} refused")
        extra = {k: v for k, v in self.counts.items() if k != "documents" and v}
        if extra:
            parts.append(", ".join(f"{v} {k}" for k, v in sorted(extra.items())))
        if self.cancelled:
            parts.append("cancelled")
        return "; ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def load_manifest(folder: Path, report: ImportReport) -> dict[str, dict[str, Any]]:
    path = folder / MANIFEST
    if not path.is_file():
        return {}
    try:
        data = orjson.loads(path.read_bytes())
    except orjson.JSONDecodeError as exc:
        report.warnings.append(f"{path}: malformed JSON ({exc}); manifest ignored")
        return {}
    files = data.get("files", data) if isinstance(data, dict) else None
    if not isinstance(files, dict):
        report.warnings.append(f'{path}: expected an object {{"files": {{name: metadata}}}}; manifest ignored')
        return {}
    return {name: meta for name, meta in files.items() if isinstance(meta, dict)}


def _expand(paths, report: ImportReport, directory_importer,
            claim=None) -> list[tuple[Path, dict[str, Any], Any]]:
    """(path, manifest metadata, importer that claimed the folder or None) for each file or whole folder."""
    jobs: list[tuple[Path, dict[str, Any], Any]] = []
    for raw in paths:
        p = Path(raw)
        claimed = claim(p) if claim is not None and directory_importer is None and p.is_dir() else None
        if not p.exists():
            report.refused.append({"path": printable(p), "reason": "no such file or folder"})
        elif held_by_this_process(p):
            report.refused.append({"path": printable(p), "reason": "an open project file (or its journal) cannot "
                                   "be imported; export it and import the export"})
        elif claimed is not None:
            jobs.append((p, {}, claimed))
        elif p.is_dir() and directory_importer is None:
            root = p.resolve()
            # real path, inside the import, manifest, names of the open project files there
            folders: dict[Path, tuple[str | None, bool, dict | None, frozenset[str]]] = {}
            for parent, name, symlink in _files_under(p):
                # (pathlib's own join of a listed name, without parsing it again: 0.9 µs instead of 3 a file)
                child = getattr(parent, "_make_child_relpath", None)
                f = child(name) if child is not None else parent / name
                if parent not in folders:
                    try:
                        real_dir = parent.resolve()
                    except (OSError, RuntimeError):  # a symlink loop
                        real_dir = None
                    real_text = None if real_dir is None else str(real_dir / name)[:-len(name)]
                    folders[parent] = (real_text, real_dir is not None and (real_dir / name).is_relative_to(root),
                                       None, frozenset() if real_text is None else held_names(real_text))
                real_dir, inside, manifest, held_here = folders[parent]
                if symlink:
                    try:
                        real = f.resolve()
                    except (OSError, RuntimeError):
                        real = None
                    within = real is not None and real.is_relative_to(root)
                    held = real is not None and held_by_this_process(real, resolved=True)
                else:  # (its folder resolved once: one lstat per file instead of one per path component)
                    real = None if real_dir is None else real_dir + name
                    within = inside
                    held = name in held_here
                if held:
                    continue  # (an open project file is never read with Python: it would drop SQLite's locks)
                if real is None or not within:
                    report.skipped.append({"path": printable(f), "reason": "a symbolic link to a file outside "
                                           "the imported folder: not followed"})
                    continue
                if manifest is None:  # (read when the folder's first file is taken)
                    manifest = load_manifest(parent, report)
                    folders[parent] = (real_dir, inside, manifest, held_here)
                jobs.append((f, manifest.get(name, {}), None))
        else:
            meta = load_manifest(p.parent, report).get(p.name, {}) if p.is_file() else {}
            jobs.append((p, meta, None))
    return jobs


def _files_under(folder: Path) -> list[tuple[Path, str, bool]]:
    """``(folder, name, is a symbolic link)`` of the files an import of ``folder`` reads, in the order of
    ``sorted(folder.rglob("*"))``: regular files and links to files (a link to a folder is not followed), not
    hidden (no part of the path below ``folder`` starts with a dot), not ``manifest.json``; unreadable folders
    are left out, as ``rglob`` does. One ``scandir`` per folder: the type of each entry comes with the listing
    (no ``stat`` per file but for links), where ``rglob`` and ``is_file`` cost about 30 µs a file."""
    found: list[tuple[tuple[str, ...], Path, str, bool]] = []

    def walk(path: Path, parts: tuple[str, ...]) -> None:
        try:
            with os.scandir(path) as listing:
                entries = list(listing)
        except PermissionError:
            return
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue  # hidden, and so is everything below it
            try:
                symlink = entry.is_symlink()
                is_dir = entry.is_dir() and not symlink
                is_file = not is_dir and entry.is_file()
            except OSError:
                continue
            if is_dir:
                walk(path / name, (*parts, name))
            elif is_file and name != MANIFEST:
                found.append(((*parts, name), path, name, symlink))

    walk(folder, ())
    found.sort(key=lambda item: item[0])  # (how paths sort: part by part)
    return [(path, name, symlink) for _parts, path, name, symlink in found]


def size_text(n: float) -> str:
    """Bytes in binary units as people read them: ``50 MiB``, ``1.5 GiB``, ``800 KiB``."""
    for unit, factor in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= factor:
            value = n / factor
            return f"{value:.0f} {unit}" if value == int(value) or value >= 100 else f"{value:.1f} {unit}"
    return f"{int(n)} bytes"


def _claimer(project, importers):
    """A function folder -> the directory importer whose ``detect`` claims it (or None)."""
    candidates = [imp for imp in importers.values() if imp.directory and imp.detect is not None]

    def claim(folder: Path):
        for imp in candidates:
            ok, result = FailurePolicy.call(project.host, imp.plugin, f"importer {imp.name} detect", imp.detect,
                                            folder)
            if ok and result:
                return imp
        return None

    return claim if candidates else None


def clean_text(project, text: str, context: dict[str, Any], warnings: list[str],
               task: TaskContext | None = None, settings: dict[str, dict] | None = None, *,
               cleaners: list | None = None, text_checked: bool = False, utf8: list | None = None) -> str:
    """Run the cleaner chain (see :func:`_cleaning`)."""
    return _finish(_cleaning(project, text, context, warnings, task, settings, cleaners=cleaners,
                             text_checked=text_checked, utf8=utf8))


def _finish(steps):
    """Run a generator of steps (see :func:`_steps_in_turn`) to its end; what it returns."""
    while True:
        try:
            next(steps)
        except StopIteration as stop:
            return stop.value


def _cleaning(project, text: str, context: dict[str, Any], warnings: list[str],
              task: TaskContext | None = None, settings: dict[str, dict] | None = None, *,
              cleaners: list | None = None, text_checked: bool = False, utf8: list | None = None):
    """Run the cleaner chain (a generator that pauses before each step: see :func:`_steps_in_turn`; it
    returns the cleaned text). A step that raises or hands back something other than valid text is skipped
    for this text (with a warning naming the cleaner); cancelling is checked between steps and offered to
    cleaners as ``context["check"]`` (call it now and then; it raises :class:`~annotator.Cancelled`).

    An import passes the chain it read once (``cleaners``) and says whether ``text`` was checked already
    (``text_checked``: no lone surrogate); the text handed back is always checked.

    How: valid text in, the chain runs checking only the types of what each step hands back, and the text it
    ends with is checked once for lone surrogates (each check reads the whole text, and most steps hand back a
    new one). Only if that text holds one is the chain run again from the start, checking every step, so that
    the step that made it is found, named and skipped, as if each had been checked (a lone surrogate that a later
    step took out again is not looked for: the text stored is valid either way).

    ``utf8``: a list to which the text handed back is appended as UTF-8 (an import stores it so), encoded in the
    same pass as that last check."""
    chain = project.cleaners() if cleaners is None else cleaners
    if text_checked or lone_surrogate(text) is None:
        notes = context.get("notes")
        kept_notes, kept_warnings = (None if notes is None else list(notes)), len(warnings)
        out, changed = yield from _chain_steps(project, text, context, warnings, task, settings, chain, None)
        if utf8 is not None:
            try:  # (UTF-8 has no lone surrogates: the encoding is the check)
                utf8.append(out.encode("utf-8"))
                return out
            except UnicodeEncodeError:
                pass
        elif not changed or lone_surrogate(out) is None:
            return out
        # (a step handed back a lone surrogate: forget this run's notes and warnings, and run it again)
        del warnings[kept_warnings:]
        if kept_notes is None:
            context.pop("notes", None)
        else:
            context["notes"] = kept_notes
        out = _run_chain(project, text, context, warnings, task, settings, chain, checked=True)[0]
    else:
        out = _run_chain(project, text, context, warnings, task, settings, chain, checked=False)[0]
    if utf8 is not None:
        with contextlib.suppress(UnicodeEncodeError):  # (an unchecked input no step could mend: no bytes)
            utf8.append(out.encode("utf-8"))
    return out


def _run_chain(project, text: str, context: dict[str, Any], warnings: list[str], task, settings, chain,
               checked: bool | None) -> tuple[str, bool]:
    """The cleaner chain over ``text`` (see :func:`clean_text`): ``(text, whether a step changed it)``."""
    return _finish(_chain_steps(project, text, context, warnings, task, settings, chain, checked))


def _chain_steps(project, text: str, context: dict[str, Any], warnings: list[str], task, settings, chain,
                 checked: bool | None):
    """:func:`_run_chain` as a generator that pauses before each step.
    ``checked``: None checks no step's text for lone surrogates (the caller checks the result), True checks
    each new text, False (``text`` itself unchecked) each step's text, its own input too."""
    where = context.get("path") or "the text"
    check = task.check if task is not None else _no_check
    changed = False
    host = project.host
    for cleaner in chain:
        yield
        if task is not None:
            task.check()
        if settings is None or cleaner.plugin not in settings:
            plugin_settings = project.settings(cleaner.plugin)
            if settings is not None:  # (one import reads each plugin's settings once, not once per file)
                settings[cleaner.plugin] = plugin_settings
        else:
            plugin_settings = settings[cleaner.plugin]
        ctx = context.copy()
        ctx["settings"] = plugin_settings
        ctx["notes"] = []
        ctx["check"] = check
        ok, result = FailurePolicy.call(host, cleaner.plugin, f"cleaner {cleaner.name}", cleaner.clean, text, ctx)
        if not ok and result is None:
            continue  # the plugin is disabled
        if ok and isinstance(result, str) and (checked is None or (checked and result is text)
                                               or lone_surrogate(result) is None):
            changed = changed or result is not text
            text = result
            checked = checked if checked is None else True
            got = ctx.get("notes")
            if got:
                context.setdefault("notes", []).extend(got)
            continue
        name = f"cleaner {cleaner.name} of plugin {cleaner.plugin}"
        if ok and isinstance(result, str):
            reason = f"returned text with a lone surrogate at offset {lone_surrogate(result)}"
        elif ok:
            reason = f"returned {type(result).__name__}, not text"
        else:
            reason = f"failed ({exc_text(result)})"
        warnings.append(f"{printable(where)}: {name} {reason}; step skipped")
    yield  # (and once more after the last step: the encoding, hashing and packing of a chunk in turn too)
    return text, changed


def _no_check() -> None:
    return None


def import_paths(project, paths, task: TaskContext, *, format: str | None = None,
                 size_limit: int = DEFAULT_SIZE_LIMIT, dataset_size_limit: int = DEFAULT_DATASET_SIZE_LIMIT,
                 **options: Any) -> ImportReport:
    report = ImportReport()
    report._settings = {}  # each cleaner's settings, read once per import
    report._cleaners = project.cleaners()  # (and the chain itself)
    importers = project.importers()
    if format is not None and format not in importers:
        raise ImportRefused(f"unknown import format {format!r} (known: {', '.join(sorted(importers))})")
    forced = importers.get(format) if format else None
    by_suffix: dict[str, Any] = {}
    for imp in importers.values():
        if not imp.directory:
            for ext in imp.extensions:
                by_suffix.setdefault(ext.lower(), imp)
    jobs = _expand(paths, report, forced if forced is not None and forced.directory else None,
                   _claimer(project, importers) if forced is None else None)
    total = len(jobs)
    counts = {"documents": 0, "annotations": 0, "links": 0, "entities": 0}
    i = 0
    articles = _ArticleBuffer(project)

    def record(path, stored, warnings) -> None:
        report.warnings.extend(warnings)
        for k, v in stored.items():
            if k in counts:
                counts[k] += v
        if stored.get("updated"):  # ids already held, merged from a newer copy
            counts["updated"] = counts.get("updated", 0) + stored["updated"]
        for doc_id, title, notes in stored["new_documents"]:
            entry = {"path": printable(path), "document_id": doc_id, "title": title}
            if notes:
                entry["notes"] = notes
            report.imported.append(entry)
        for reason in stored["duplicates"]:
            report.skipped.append({"path": printable(path), "reason": reason})
        if not (stored["new_documents"] or stored["duplicates"] or stored.get("updated")
                or any(stored.get(k) for k in counts)):  # (an empty list, say: the file is not lost from view)
            report.skipped.append({"path": printable(path), "reason": "the file holds nothing to import "
                                   "(no documents, annotations, links or entities)"})

    def flush() -> None:
        for path, stored, warnings in articles.flush():
            if isinstance(stored, ImportRefused):
                report.refused.append({"path": printable(stored.path or path), "reason": stored.reason})
            elif isinstance(stored, Exception):
                report.refused.append({"path": printable(path), "reason": f"could not be imported: "
                                       f"{exc_text(stored)}"})
            else:
                record(path, stored, warnings)

    in_pool = workers() > 1 and total >= POOL_MIN_FILES
    if in_pool:  # read every cleaner's settings now: the workers never touch the project file
        for cleaner in project.cleaners():
            report._settings.setdefault(cleaner.plugin, project.settings(cleaner.plugin))

    def prepare(index: int, warnings: list[str]):
        """One file read, cleaned and packed: ``(what to write or Failed, warnings)``; a generator that pauses
        before each cleaning step (see :func:`_steps_in_turn`)."""
        path, meta, claimed = jobs[index]
        local = ImportReport()
        local._settings = report._settings
        local._cleaners = report._cleaners
        local.warnings = warnings
        try:
            encoded: dict[int, tuple[str, bytes]] = {}
            batch = yield from _prepare_one(project, path, meta,
                                            forced or claimed or by_suffix.get(path.suffix.lower()),
                                            size_limit, dataset_size_limit, options, local, task, encoded)
            if _plain_articles(batch):  # checked once more after cleaning, then packed small (see _pack)
                _valid(_check_cleaned, batch)
                return _pack(batch, encoded, printable(path)), warnings
        except ImportRefused as exc:
            # the importer may name a file inside the input (a folder or zip importer): report that one
            return Failed(printable(exc.path or path), exc.reason if exc.line is None
                          else f"line {exc.line}: {exc.reason}"), warnings
        except Cancelled:
            return Failed(None, "", cancelled=True), warnings
        except Exception as exc:  # noqa: BLE001 - one file must never stop the others
            return Failed(printable(path), f"could not be imported: {exc_text(exc)}"), warnings
        return batch, warnings

    results = prepared(total, lambda index, warnings: _finish(prepare(index, warnings)),
                       many=lambda indices: _steps_in_turn([prepare(index, []) for index in indices]))
    shown = 0.0  # (when progress was last reported: at most every PROGRESS_EVERY seconds, and at the end)
    try:
        for i, batch, warnings in results:
            if batch is IDLE:  # the workers have not sent the next files yet: write what is buffered meanwhile
                flush()
                continue
            path = jobs[i][0]
            if task.cancelled:
                report.cancelled = True
                break
            if (t := time.monotonic()) - shown >= PROGRESS_EVERY:
                shown = t
                task.progress(i, total, printable(path.name))
            report.warnings.extend(warnings)
            if isinstance(batch, Failed):
                if batch.cancelled:
                    report.cancelled = True
                    break
                report.refused.append({"path": batch.path, "reason": batch.reason})
                continue
            try:
                if type(batch) is tuple:  # plain articles: written with the next few files, in one short transaction
                    if articles.add(path, batch):
                        flush()
                    continue
                flush()  # keep the order of the files
                stored = store_batch(project, batch, log=False)
            except ImportRefused as exc:
                report.refused.append({"path": printable(exc.path or path), "reason": exc.reason if exc.line is None
                                       else f"line {exc.line}: {exc.reason}"})
                continue
            except Cancelled:
                report.cancelled = True
                break
            except Exception as exc:  # noqa: BLE001 - one file must never stop the others
                report.refused.append({"path": printable(path), "reason": f"could not be imported: {exc_text(exc)}"})
                continue
            record(path, stored, batch.warnings)
        results.close()  # stops the workers (after a cancel, before their last files)
        flush()  # (also after a cancel: the files read so far are imported, as before)
    finally:
        results.close()
        articles.close()
    task.progress(total if not report.cancelled else i, total, "done")
    report.counts = counts
    if counts["documents"] or counts["annotations"]:
        project._emit([])  # tell listeners (the window) to refresh
    return report


def _steps_in_turn(files: list) -> list:
    """What each generator of ``files`` returns, the generators run a step of each in turn: the files of a chunk
    are read one after the other, then decoded, then the first cleaner runs over each, then the second, and so
    on, and last each is encoded, hashed and packed, so that one step's code and data stay in the processor's
    caches over the chunk, where each file through the whole chain in turn evicted them at every step (10,000
    articles, alternating runs: the cleaners in turn 7-11 % less time with the worker processes, 2-18 %
    serially; the reading and the last step apart, 8 runs, 4-8 % less again). A file that fails fails alone, as
    before: its generator catches what it raises and returns why."""
    out: list = [None] * len(files)
    live = list(enumerate(files))
    while live:
        going = []
        for k, steps in live:
            try:
                next(steps)
            except StopIteration as stop:
                out[k] = stop.value
            else:
                going.append((k, steps))
        live = going
    return out


def _plain_articles(batch: ImportBatch) -> bool:
    """A batch of new articles only (no ids, annotations, links or entities): it can share a transaction."""
    return bool(batch.documents) and not (batch.annotations or batch.links or batch.entities) and \
        all(getattr(d, "id", None) is None for d in batch.documents)


#: the fields of a packed article, in the order of :func:`_pack`
_ARTICLE_FIELDS = ("title", "source", "published", "url", "language", "text", "raw", "encoding", "imported_at",
                   "meta")


def _pack(batch: ImportBatch, encoded: dict[int, tuple[str, bytes]] | None = None, shown: str = "") -> tuple:
    """A cleaned batch of plain articles as plain tuples, with each text's sha256: what the store needs of it,
    small and quick to send from a worker process (a dataclass is pickled field name by field name). Each text
    goes as its UTF-8 bytes, encoded once for the hash, the pipe and the store alike (a ``str`` was encoded to
    pickle it, decoded to unpickle it and encoded again by sqlite3: twice in the process that writes). ``shown``:
    the file's path as the report prints it (made where the file was read, which made it for the cleaners)."""
    rows = []
    for k, nd in enumerate(batch.documents):
        text, utf8 = (encoded or {}).get(k, (None, b""))
        if text is not nd.text:  # (not the text the cleaner chain encoded: encoded here)
            utf8 = nd.text.encode("utf-8")  # (checked: no lone surrogate)
        rows.append((nd.title, nd.source, nd.published, nd.url, nd.language, utf8, nd.raw, nd.encoding,
                     nd.imported_at, nd.meta, sha256_of(utf8)))
    return ("articles", rows, batch.warnings, shown)


def _unpack(packed: tuple) -> ImportBatch:
    return ImportBatch([NewDocument(**dict(zip(_ARTICLE_FIELDS, (*row[:5], row[5].decode("utf-8"), *row[6:-1]),
                                               strict=True))) for row in packed[1]],
                       warnings=packed[2])


class _ArticleBuffer:
    """Plain articles of several files written in one transaction: one commit (and one sync of the file) per
    few dozen files instead of per file. The number of files per transaction adapts so that each holds the
    write lock about ``CHUNK_SECONDS`` (the window's edits never wait long); a file is still stored whole or
    not at all, and a duplicate text is reported per file, as before. Which texts the project holds already is
    asked once per transaction (their sha256), not once per article."""

    def __init__(self, project):
        self.project = project
        self.items: list[tuple[Path, tuple]] = []
        self.docs = 0
        self.limit = 64
        self.writes = 0  # transactions written
        self.unchecked = 0  # bytes written since the last checkpoint

    def close(self) -> None:
        """After the last write: automatic checkpoints back on, and the WAL copied into the file now (as after
        every long write), so that the next edit of the window does not do it."""
        if self.writes:
            self.project._store.long_write_done()
            self.writes = 0

    def add(self, path: Path, packed: tuple) -> bool:
        """Buffer ``packed`` (see :func:`_pack`); True when the buffer should be flushed now."""
        self.items.append((path, packed))
        self.docs += len(packed[1])
        return self.docs >= self.limit

    def flush(self) -> list[tuple[Path, dict[str, Any], list[str]]]:
        from ..store.database import CHECKPOINT_BYTES, CHUNK_SECONDS

        if not self.items:
            return []
        items, self.items, self.docs = self.items, [], 0
        store = self.project._store
        t = now()
        out = []
        # like every long write: no automatic checkpoint inside the measured transaction (every 1,000 pages it
        # copied the WAL into the file and synced it holding the write lock: every few transactions of
        # articles), a passive one between transactions after every CHECKPOINT_BYTES written (the WAL stays a
        # few MB, its pages reused in place), and one at the end (close)
        self.writes += 1
        checkpoint = self.unchecked >= CHECKPOINT_BYTES
        store.long_write_chunk(self.writes, checkpoint=checkpoint)
        if checkpoint:
            self.unchecked = 0
        t0 = time.perf_counter()
        try:
            self.unchecked += self._write(items, store, t, out)
        except Exception:  # noqa: BLE001 - one file must never take the others with it: store them one by one
            out = []
            for path, packed in items:
                try:
                    out.append((path, store_batch(self.project, _unpack(packed), log=False), packed[2]))
                except Exception as exc:  # noqa: BLE001
                    out.append((path, exc, packed[2]))
            return out
        took = time.perf_counter() - t0
        if took > 0:
            n = sum(len(packed[1]) for _p, packed in items)
            self.limit = max(4, min(1000, int(n * CHUNK_SECONDS / took)))
        return out

    @staticmethod
    def _write(items, store, t, out) -> int:
        """Store the buffered files in one transaction; the bytes of text and raw data written."""
        written = 0
        with store.transaction():
            held = store.held_shas(row[-1] for _p, packed in items for row in packed[1])
            docs: list[tuple] = []  # (rows in the order of the store's DOCUMENT_COLUMNS)
            ids = iter(new_ids(sum(len(packed[1]) for _p, packed in items)))  # (a duplicate leaves one unused)
            for path, (_kind, rows, warnings, shown) in items:
                new_documents, duplicates = [], []
                for title, source, published, url, language, text, raw, encoding, imported_at, meta, sha in rows:
                    if sha in held:
                        duplicates.append(f"document {title!r} is already in the project (same text)")
                        continue
                    doc_id = next(ids)
                    held.add(sha)
                    docs.append((doc_id, title or "", source or "", published, url, language or "en", text, raw,
                                 encoding, sha, imported_at or t, meta))
                    written += len(text) + (len(raw) if raw else 0)
                    new_documents.append((doc_id, title, _notes_of(meta)))
                # (the path as printed, made by whoever read the file: the report prints it as it is)
                out.append((shown or path, {"documents": len(new_documents), "annotations": 0, "links": 0,
                                            "entities": 0,
                                            "updated": 0, "new_documents": new_documents,
                                            "duplicates": duplicates}, warnings))
            store.insert_document_rows(docs, text_utf8=True)
        return written


def _prepare_one(project, path: Path, meta, importer, size_limit, dataset_size_limit, options, report, task,
                 encoded: dict[int, tuple[str, bytes]] | None = None):
    """Read and clean one file (nothing stored yet); ``encoded`` gets ``(text, its UTF-8)`` of each cleaned
    document, by its place in the batch. A generator that pauses before each cleaning step (see
    :func:`_steps_in_turn`); it returns the batch."""
    batch = yield from _read_one(project, path, importer, size_limit, dataset_size_limit, options)
    n_docs = len(batch.documents)
    for k, doc in enumerate(batch.documents):
        if n_docs == 1:
            _apply_meta(doc, meta, report, path)
        if doc.clean:
            fields = {key: getattr(doc, key) for key in MANIFEST_FIELDS}
            context: dict[str, Any] = {"path": printable(path), "title": doc.title, "meta": doc.meta,
                                       "document": fields}
            utf8: list[bytes] = []
            doc.text = yield from _cleaning(project, doc.text, context, report.warnings, task,
                                            getattr(report, "_settings", None),
                                            cleaners=getattr(report, "_cleaners", None),
                                            text_checked=True,  # (by check_batch_shape in _read_one)
                                            utf8=utf8 if encoded is not None else None)
            if utf8:
                encoded[k] = (doc.text, utf8[0])
            doc.meta = {**doc.meta, "cleaning": context.get("notes", [])} if context.get("notes") else doc.meta
            _fill_fields(doc, fields)
            if not doc.text or doc.text.isspace():  # (= not doc.text.strip(), without a copy)
                raise ImportRefused("nothing is left after cleaning (only boilerplate?)", path=path)
    return batch


def _read_one(project, path: Path, importer, size_limit: int, dataset_size_limit: int,
              options: dict) -> ImportBatch:
    if importer is None:
        known = sorted({e for imp in project.importers().values() for e in imp.extensions})
        raise ImportRefused(f"unsupported file type {path.suffix or '(no suffix)'!r} (supported: {', '.join(known)})",
                            path=path)
    data = None
    if not importer.directory:
        data = _read_bytes(path, size_limit if importer.corpus else max(size_limit, dataset_size_limit),
                           "article" if importer.corpus else "dataset")
        yield  # (a chunk's files are read, then decoded, in turn)
    where = f"importer {importer.name}"
    ok, result = FailurePolicy.call(project.host, importer.plugin, where, _call_reader, importer, path, data, options)
    if not ok:
        raise ImportRefused(f"importer {importer.name} ({importer.plugin}) failed on this file: "
                            f"{exc_text(result)}", path=path)
    if isinstance(result, ImportRefused):
        raise result
    if not isinstance(result, ImportBatch):
        raise ImportRefused(f"importer {importer.name} ({importer.plugin}) returned {type(result).__name__}, "
                            "not an ImportBatch", path=path)
    try:
        check_batch_shape(result)
    except Invalid as exc:
        raise ImportRefused(f"importer {importer.name} ({importer.plugin}) returned an invalid {exc}",
                            path=path) from None
    return result


def _check_cleaned(batch: ImportBatch) -> None:
    """:func:`check_batch_shape` after cleaning, but for the texts: each was checked when the importer handed
    it over, and the cleaner chain checks every text it hands back (the other fields a cleaner may fill are
    checked again here)."""
    for k, doc in enumerate(batch.documents):
        check_new_document(doc, f"document {k + 1} ({getattr(doc, 'title', '')!r})", text_checked=True)


def _read_bytes(path: Path, limit: int, what: str) -> bytes:
    """The file's bytes, or :class:`ImportRefused` if it is larger than ``limit``: one open, one ``fstat`` and
    one read (``stat`` then ``read_bytes`` opened the path twice, and a file replaced in between could be
    read past the limit); a file that grows while it is read is read on to its end and checked again."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    try:
        size = os.fstat(fd).st_size
        if size > limit:
            raise ImportRefused(f"the file is {size_text(size)}, over the {what} limit of {size_text(limit)}",
                                path=path)
        data = os.read(fd, size + 1)
        if len(data) != size:  # (short read, or the file changed since fstat: read the rest the slow way)
            chunks = [data]
            total = len(data)
            while True:
                more = os.read(fd, 1 << 20)
                if not more:
                    break
                chunks.append(more)
                total += len(more)
                if total > limit:
                    raise ImportRefused(f"the file is over the {what} limit of {size_text(limit)}", path=path)
            data = b"".join(chunks)
    finally:
        os.close(fd)
    return data


def check_batch_shape(batch: ImportBatch) -> None:
    """The types of an importer's batch (offsets and link ends are checked by :func:`store_batch`)."""
    for name in ("documents", "annotations", "links", "entities", "warnings"):
        if not isinstance(getattr(batch, name), list):
            raise Invalid("batch", f"{name} must be a list, not {type(getattr(batch, name)).__name__}")
    for k, doc in enumerate(batch.documents):
        check_new_document(doc, f"document {k + 1} ({getattr(doc, 'title', '')!r})")
    for w in batch.warnings:
        if not isinstance(w, str):
            raise Invalid("warning", f"warnings must be str, not {type(w).__name__}")


def _call_reader(importer, path, data, options):
    try:
        return importer.read(path, data, options)
    except ImportRefused as exc:  # a refusal is an answer, not a plugin failure
        if exc.path is None:
            exc = ImportRefused(exc.reason, path=path, line=exc.line)
        return exc


def _apply_meta(doc: NewDocument, meta: dict[str, Any], report: ImportReport, path: Path) -> None:
    for key in MANIFEST_FIELDS:
        if meta.get(key) is not None:
            setattr(doc, key, str(meta[key]))
    extra = {k: v for k, v in meta.items() if k not in MANIFEST_FIELDS}
    if extra:
        doc.meta = {**doc.meta, **extra}


def _fill_fields(doc: NewDocument, fields: dict[str, Any]) -> None:
    """Document fields a cleaner filled in ``context["document"]`` (a dateline's date as ``published``…): only
    those the importer and the manifest left empty; what they gave always wins."""
    for key in MANIFEST_FIELDS:
        if not getattr(doc, key) and fields.get(key):
            setattr(doc, key, str(fields[key]))


def _notes(nd) -> list[str]:
    """The cleaners' notes on a new document (they are kept in its ``meta["cleaning"]``), for the import report."""
    return _notes_of(nd.meta)


def _notes_of(meta) -> list[str]:
    notes = (meta or {}).get("cleaning") if isinstance(meta, dict) else None
    return [str(n) for n in notes] if isinstance(notes, list) else []


def _valid(check, obj, *args, line: int | None = None) -> None:
    try:
        check(obj, *args)
    except Invalid as exc:
        raise ImportRefused(str(exc), line=line) from None


def _check_ids(batch: ImportBatch) -> None:
    """Ids must be unique within one file (a dataset with a document twice is refused, not half-stored)."""
    for what, items in (("document", [d for d in batch.documents if getattr(d, "id", None)]),
                        ("annotation", batch.annotations), ("link", batch.links), ("entity", batch.entities)):
        seen: set = set()
        for obj in items:
            ident = getattr(obj, "id", None)
            if not isinstance(ident, str):
                raise ImportRefused(f"{what} id {ident!r} is not a string")
            if ident in seen:
                raise ImportRefused(f"{what} id {ident!r} appears twice in the file")
            seen.add(ident)


def store_batch(project, batch: ImportBatch, *, log: bool = False) -> dict[str, Any]:
    """Validate and store ``batch`` in one transaction. Raises :class:`ImportRefused` (nothing stored)."""
    store = project._store
    t = now()
    docs: list[Document] = []
    id_map: dict[str, str] = {}
    texts: dict[str, str] = {}
    new_documents, duplicates = [], []
    seen_sha: dict[str, str] = {}
    _valid(check_batch_shape, batch)
    _check_ids(batch)
    for nd in batch.documents:
        sha = sha256_of(nd.text)
        doc_id = nd.id or new_id()
        existing = store.document_id_by_sha(sha) or seen_sha.get(sha)
        if nd.id and store.document(nd.id) is not None:
            id_map[nd.id] = nd.id
            duplicates.append(f"document {nd.title or nd.id!r} is already in the project (same id)")
            continue
        if existing:
            id_map[doc_id] = existing
            duplicates.append(f"document {nd.title!r} is already in the project (same text)")
            continue
        seen_sha[sha] = doc_id
        id_map[doc_id] = doc_id
        texts[doc_id] = nd.text
        docs.append(Document(
            id=doc_id, title=nd.title or "", text=nd.text, source=nd.source or "", published=nd.published,
            url=nd.url, language=nd.language or "en", sha256=sha, imported_at=nd.imported_at or t, raw=nd.raw,
            encoding=nd.encoding, meta=nd.meta or {},
        ))
        new_documents.append((doc_id, nd.title, _notes(nd)))

    def text_of(doc_id: str) -> str | None:
        if doc_id in texts:
            return texts[doc_id]
        doc = store.document(doc_id)
        if doc is not None:
            texts[doc_id] = doc.text
            return doc.text
        return None

    anns = []
    ann_ids = set()
    for a in batch.annotations:
        line = batch.lines.get(getattr(a, "id", None)) if isinstance(getattr(a, "id", None), str) else None
        _valid(check_imported_annotation, a, None, f"annotation {getattr(a, 'id', '?')!r}", line=line)
        doc_id = id_map.get(a.document_id, a.document_id)
        text = text_of(doc_id)
        if text is None:
            raise ImportRefused(f"annotation {a.id} refers to unknown document {a.document_id!r}", line=line)
        if not (isinstance(a.start, int) and isinstance(a.end, int) and 0 <= a.start < a.end <= len(text)):
            raise ImportRefused(f"annotation {a.id}: offsets {a.start}-{a.end} outside the document "
                                f"(length {len(text)})", line=line)
        _valid(check_imported_annotation, a, len(text), f"annotation {a.id!r}", line=line)
        quote = batch.quotes.get(a.id)
        if quote is not None and text[a.start : a.end] != quote:
            raise ImportRefused(f"annotation {a.id}: the file says it covers {quote!r} but the document has "
                                f"{text[a.start:a.end]!r} at {a.start}-{a.end}", line=line)
        anns.append(a if doc_id == a.document_id else dataclasses.replace(a, document_id=doc_id))
        ann_ids.add(a.id)
    for ent in batch.entities:
        _valid(check_imported_entity, ent, f"entity {getattr(ent, 'id', '?')!r}")
    for link in batch.links:
        _valid(check_imported_link, link, f"link {getattr(link, 'id', '?')!r}",
               line=batch.lines.get(link.id) if isinstance(getattr(link, "id", None), str) else None)
        for end in (link.source_id, link.target_id):
            if end not in ann_ids and store.annotation(end) is None:
                raise ImportRefused(f"link {link.id}: end {end!r} is not an annotation of the file or the project",
                                    line=batch.lines.get(link.id))
        if link.status not in STATUSES:
            raise ImportRefused(f"link {link.id}: unknown status {link.status!r}", line=batch.lines.get(link.id))
    changes, merged = merge_changes(store, batch.entities, anns, batch.links)
    if log:
        changes = [c for c in changes if c[1] == "create"] + [c for c in changes if c[1] == "update"]
    small = len(changes) + len(docs) <= CHUNK_ROWS
    if small:  # one short transaction, as before
        with store.transaction():
            store.insert_documents(docs)
            if changes:
                if log:
                    project._commit(changes)
                else:
                    store.apply(changes, author=project.author, log=False)
    else:
        # a large dataset: the documents, then the rest in bounded chunks (store.apply), so the window's
        # edits never wait long; if anything fails the chunks are rolled back and the documents removed
        with store.transaction():
            store.insert_documents(docs)
        try:
            if log:
                project._commit(changes)
            else:
                store.apply(changes, author=project.author, log=False)
        except BaseException:
            store.remove_documents([d.id for d in docs])
            raise
    ann_new = sum(1 for c in changes if c[0] == "annotation" and c[1] == "create")
    return {
        "documents": len(docs), "annotations": ann_new,
        "links": sum(1 for c in changes if c[0] == "link" and c[1] == "create"),
        "entities": sum(1 for c in changes if c[0] == "entity" and c[1] == "create"),
        "updated": merged["updated"],
        "new_documents": new_documents, "duplicates": duplicates + merged["conflicts"],
        "skipped_annotations": len(anns) - ann_new,
    }


def merge_changes(store, entities, annotations, links):
    """The edits that merge a dataset's objects into the project by id: new ids are created; an id the
    project holds is updated when the dataset's copy is newer (``modified_at``; its author is kept), left
    alone when identical, and reported as a conflict when the project's copy is newer or as new and
    different. Returns (changes, {"updated": n, "conflicts": [reason, ...]})."""
    changes: list[tuple] = []
    updated = 0
    conflicts: list[str] = []
    for kind, objs in (("entity", entities), ("annotation", annotations), ("link", links)):
        held = {}
        ids = [o.id for o in objs]
        for chunk_start in range(0, len(ids), 500):
            for obj_id in store.existing_ids(kind, ids[chunk_start:chunk_start + 500]):
                held[obj_id] = store.get(kind, obj_id)
        for o in objs:
            mine = held.get(o.id)
            if mine is None:
                changes.append((kind, "create", None, o))
            elif mine == o:
                continue
            elif (o.modified_at or "") > (mine.modified_at or ""):
                changes.append((kind, "update", mine, o))
                updated += 1
            else:
                newer = "newer" if (mine.modified_at or "") > (o.modified_at or "") else "as new"
                conflicts.append(f"{kind} {o.id}: the project's copy ({mine.author or 'unknown'}, "
                                 f"{mine.modified_at or 'no time'}) is {newer} than the file's "
                                 f"({o.author or 'unknown'}, {o.modified_at or 'no time'}); kept the project's")
    return changes, {"updated": updated, "conflicts": conflicts}
