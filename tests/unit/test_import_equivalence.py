"""The import's speed-ups (issue 21) change nothing it stores: every cleaner gives exactly what it gave before
(``cleaners_before.py``, the chain as it was) on a varied set of real articles, the stored rows are what the
reference chain makes of each file, in a pool of workers as in one process, and the folder listing finds the
same files in the same order as ``rglob`` did."""

from __future__ import annotations

import codecs
import os
import sqlite3
import textwrap
import unicodedata
from pathlib import Path

import cleaners_before as before
import ftfy
import ftfy.bad_codecs  # noqa: F401  (registers "sloppy-windows-1252")
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import CORPUS, ROOT, open_project

from annotator.builtin import cleaners as now
from annotator.services import import_pool
from annotator.services.importing import MANIFEST, ImportReport, _expand
from annotator.store import sha256_of
from annotator.textio import decode_bytes

DEV = ROOT.parent / "shared" / "dev-corpus" / "ecbplus"
STEPS = ("fix_mojibake", "fix_newlines", "normalize_nfc", "drop_boilerplate", "unwrap_lines", "tidy_whitespace")
# a real sentence of the dev corpus (ECB+ topic 3) and what mis-decoding does to it
SENTENCE = "“I will not bring dishonor to the decision to spare my life,” Nichols, 37, told the court."
MOJIBAKE = SENTENCE.encode("utf-8").decode("sloppy-windows-1252")  # â€œI will not bring dishonor...â€\x9d


def variants(text: str) -> dict[str, bytes]:
    """One article as the files an import meets: the kinds of damage the cleaners are there for."""
    paras = text.split("\n\n")
    return {
        "plain.txt": text.encode(),
        "crlf.txt": text.replace("\n", "\r\n").encode(),
        "cr.txt": text.replace("\n", "\r").encode(),
        "bom.txt": codecs.BOM_UTF8 + text.encode(),
        "latin1.txt": text.encode("cp1252", "replace"),
        "utf16.txt": text.encode("utf-16"),
        "emoji.txt": (text[:200] + " 🎉👍🏽 \U0001F1FA\U0001F1E6 " + text[200:]).encode(),
        "mojibake.txt": text.encode().decode("cp1252", "replace").encode(),
        "wrapped.txt": "\n\n".join(textwrap.fill(p, 72) for p in paras).encode(),
        "wrapped-crlf.txt": "\r\n\r\n".join(textwrap.fill(p, 60).replace("\n", "\r\n") for p in paras).encode(),
        "boilerplate.txt": ("Advertisement\n\n" + text + "\n\nRead more: Belarus protests\nhttps://example.com/x\n"
                            "Copyright (c) 2020 News Ltd. All rights reserved.\n").encode(),
        "nbsp.txt": text.replace(" the ", "\u00a0the\u00a0").encode(),
        "whitespace.txt": "\n".join("  \t" + ln + " \u200b" for ln in text.split("\n")).replace(
            "\n\n", "\n\n\n\n").encode(),
        "nfd.txt": unicodedata.normalize("NFD", text + " café Łódź").encode(),
        "c1.txt": (text[:150] + "\x85 \x96 \x93quoted\x94" + text[150:]).encode(),
        "cyrillic-mojibake.txt": text.replace("’", "вЂ™").encode(),
        "greek.txt": ("Ο Πρωθυπουργός είπε ότι — " + text).encode(),
    }


def articles() -> list[str]:
    """The five samples and every 20th article of the dev corpus (when it is there)."""
    texts = [p.read_text("utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    if DEV.is_dir():
        texts += [p.read_text("utf-8") for p in sorted(DEV.rglob("*.txt"))[::20]]
    return texts


def reference_chain(text: str) -> tuple[str, list[str]]:
    notes: list[str] = []
    for step in STEPS:
        context = {"notes": []}
        text = getattr(before, step)(text, context)
        notes += context["notes"]
    return text, notes


def test_each_cleaner_and_the_chain_give_what_they_gave_before():
    checked = 0
    for article in articles():
        for data in variants(article).values():
            text, _encoding = decode_bytes(data)
            old = new = text
            for step in STEPS:
                assert getattr(now, step)(text) == getattr(before, step)(text), step  # each alone
                old_ctx, new_ctx = {}, {}
                old = getattr(before, step)(old, old_ctx)
                new = getattr(now, step)(new, new_ctx)
                assert new == old and new_ctx == old_ctx, (step, data[:80])
            checked += 1
    assert checked >= 5 * 17


def test_real_news_text_never_reaches_ftfy_and_mojibake_still_does(monkeypatch):
    calls = []
    real = ftfy.fix_text
    monkeypatch.setattr(now.ftfy, "fix_text", lambda text, config: calls.append(text) or real(text, config))
    assert now.fix_mojibake(SENTENCE + "\nLukashenko\u00a0did not specify — " + SENTENCE) == \
        SENTENCE + "\nLukashenko\u00a0did not specify — " + SENTENCE
    assert calls == []  # curly quotes, a dash and a no-break space: nothing ftfy would change
    assert now.fix_mojibake("Nichols, 37, told the court.\n" + MOJIBAKE) == \
        "Nichols, 37, told the court.\n" + SENTENCE
    assert calls == [MOJIBAKE]  # only the damaged line


ALPHABET = st.sampled_from(
    list("aeiou Nichols.,;'\"()-\n\t0123456789")
    + list(ftfy.badness.MOJIBAKE_CATEGORIES["common"] + ftfy.badness.MOJIBAKE_CATEGORIES["start_punctuation"]
           + ftfy.badness.MOJIBAKE_CATEGORIES["end_punctuation"])
    + list("“”‘’«»„‚…—–•™®\u00a0\u00ad·´中文😀")
)
MOJIBAKE_ALPHABET = st.sampled_from(list("aeiouNC .,\n") + list("ÂÃâ€™œ\x9dÐ¸¬†çé©®°±²³×ØÙàáâ√≈ВГРСвЂβΒΓā¦¤¨"
                                                                 "\x80\x85\x93\x94ÄëïöüÎôû") + list(SENTENCE[:12]))


@settings(deadline=None, max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(ALPHABET, max_size=40))
def test_ftfy_leaves_alone_what_holds_no_character_its_heuristic_needs(text):
    """What the fast path relies on, checked against ftfy itself (so an ftfy release that changes its
    heuristic fails here, not in someone's corpus)."""
    assert now._FTFY_NEEDS.search(text) is None
    assert ftfy.fix_text(text, now._FTFY) == text


@settings(deadline=None, max_examples=600, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(MOJIBAKE_ALPHABET, max_size=60))
def test_the_windowed_heuristic_is_ftfys_and_the_cleaner_unchanged(text):
    line = text.split("\n")[0]
    assert now.looks_bad(line) == ftfy.badness.is_bad(line)
    assert now.fix_mojibake(text) == before.fix_mojibake(text)


def build(folder: Path) -> dict[str, bytes]:
    folder.mkdir()
    files = {}
    for k, article in enumerate(articles()[:12]):
        for name, data in variants(article).items():
            files[f"{k:02d}-{name}"] = data
    files["99-empty.txt"] = b"   \n"
    files["99-binary.txt"] = b"\x89PNG\r\n\x1a\n\x00\x00" * 30
    files["99-only-boilerplate.txt"] = b"Advertisement\nhttps://example.org\n"
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return files


@pytest.mark.parametrize("pool", [False, True])
def test_stored_rows_are_what_the_reference_chain_makes_of_each_file(tmp_path, monkeypatch, pool):
    files = build(tmp_path / "in")
    if pool:
        monkeypatch.setenv("ANNOTATOR_IMPORT_WORKERS", "2")
        monkeypatch.setattr(import_pool, "_only_thread", lambda: True)
        monkeypatch.setattr(import_pool, "CHUNK", 8)
        monkeypatch.setattr(import_pool, "POOL_MIN_FILES", 16)
    else:
        monkeypatch.setenv("ANNOTATOR_IMPORT_WORKERS", "1")
    project = open_project(tmp_path / "p.annotator")
    report = project.import_paths([tmp_path / "in"])
    rows = {r[0]: r[1:] for r in project._store.conn.execute(
        "SELECT id, text, raw, encoding, sha256, meta FROM documents")}
    project.close()
    expected_texts: dict[str, str] = {}
    for entry in report.imported:
        name = entry["path"].rsplit("/", 1)[-1]
        text, raw, encoding, sha, meta = rows[entry["document_id"]]
        decoded, expected_encoding = decode_bytes(files[name])
        cleaned, notes = reference_chain(decoded)
        assert (text, raw, encoding, sha) == (cleaned, files[name], expected_encoding, sha256_of(cleaned)), name
        assert entry.get("notes", []) == notes and ('"cleaning":' in meta) == bool(notes), name
        assert cleaned not in expected_texts.values()
        expected_texts[name] = cleaned
    skipped = {r["path"].rsplit("/", 1)[-1] for r in report.skipped}
    refused = {r["path"].rsplit("/", 1)[-1] for r in report.refused}
    assert refused == {"99-empty.txt", "99-binary.txt", "99-only-boilerplate.txt"}
    for name in set(files) - refused - set(expected_texts):  # skipped: the same text as one imported before it
        assert name in skipped and reference_chain(decode_bytes(files[name])[0])[0] in expected_texts.values()
    assert len(expected_texts) > 60


def old_listing(p: Path, report: ImportReport) -> list[tuple[Path, dict]]:
    """The folder listing as it was (``sorted(p.rglob("*"))``, each path resolved), for comparison."""
    from annotator.services.importing import load_manifest

    jobs, manifests, root = [], {}, p.resolve()
    for f in sorted(p.rglob("*")):
        hidden = any(part.startswith(".") for part in f.relative_to(p).parts)
        if not f.is_file() or f.name == MANIFEST or hidden:
            continue
        try:
            real = f.resolve()
        except (OSError, RuntimeError):
            real = None
        if real is None or not real.is_relative_to(root):
            report.skipped.append({"path": str(f), "reason": "a symbolic link to a file outside the imported "
                                   "folder: not followed"})
            continue
        if f.parent not in manifests:
            manifests[f.parent] = load_manifest(f.parent, report)
        jobs.append((f, manifests[f.parent].get(f.name, {})))
    return jobs


def test_the_folder_listing_finds_what_rglob_found(tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("Outside the folder.\n")
    top = tmp_path / "in"
    for rel in ("b.txt", "a-c.txt", "a/b.txt", "a/z/deep.md", "a/.hidden.txt", ".git/config.txt",
                "c d/é.txt", "A.txt", "manifest.json", "sub/manifest.json", "sub/x.txt"):
        (top / rel).parent.mkdir(parents=True, exist_ok=True)
        (top / rel).write_text("Text.\n")
    (top / "manifest.json").write_text('{"files": {"b.txt": {"title": "Bee"}}}')
    (top / "sub" / "manifest.json").write_text("{not json")
    os.symlink(outside, top / "link-out.txt")
    os.symlink(top / "b.txt", top / "link-in.txt")
    os.symlink(top / "a", top / "link-dir")  # a folder link: not followed
    os.symlink(top / "missing.txt", top / "broken.txt")
    old_report, new_report = ImportReport(), ImportReport()
    old = old_listing(top, old_report)
    new = [(f, meta) for f, meta, _claimed in _expand([top], new_report, None)]
    assert new == old and len(new) == 8
    assert new_report.skipped == old_report.skipped and len(new_report.skipped) == 1
    assert new_report.warnings == old_report.warnings and len(new_report.warnings) == 1  # the malformed manifest
    assert dict(new)[top / "b.txt"] == {"title": "Bee"}


def test_an_import_checkpoints_its_writes_and_leaves_autocheckpoint_on(tmp_path):
    files = build(tmp_path / "in")
    project = open_project(tmp_path / "p.annotator")
    project.import_paths([tmp_path / "in"])
    assert project._store.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 1000
    wal = tmp_path / "p.annotator-wal"
    pages = project._store.conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    assert pages[1] == pages[2]  # every frame of the WAL is in the file already
    assert len(project.documents()) > 60 and wal.exists() and files
    project.close()
    with sqlite3.connect(tmp_path / "p.annotator") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def old_first_line_title(text: str) -> str:
    from annotator.builtin.readers import TITLE_MAX

    for line in text.splitlines():
        line = line.strip()
        if line:
            return line if len(line) <= TITLE_MAX else line[: TITLE_MAX - 1].rsplit(" ", 1)[0] + "…"
    return ""


@settings(deadline=None, max_examples=120, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(["Nichols ", " ", "\n", "\r", "\r\n", "\x0b", "\u2028", "\x85", "\t", "é"]),
                max_size=30), st.lists(st.sampled_from([1, 1, 60, 300]), min_size=30, max_size=30))
def test_the_title_is_the_first_non_blank_line_as_before(pieces, repeats):
    from annotator.builtin.readers import _first_line_title

    text = "".join(piece * n for piece, n in zip(pieces, repeats, strict=False))
    assert _first_line_title(text) == old_first_line_title(text)


WORDS = st.sampled_from(["Nichols", "told", "the", "court.", "jury", "“I", "said,”", "- ", "• ", "12. ", "٣) ",
                         "ex-", "Soviet", "life:", "…", "A", "\n", "\n", "\n\n", " \n", "   ", "\t"])


@settings(deadline=None, max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(WORDS, min_size=0, max_size=120))
def test_unwrap_decides_and_joins_as_before(words):
    text = " ".join(words)
    assert now.looks_hard_wrapped(text) == before.looks_hard_wrapped(text)
    assert now.unwrap_lines(text) == before.unwrap_lines(text)
    wrapped = textwrap.fill(text, 30) + "\n\n" + textwrap.fill(text, 45)
    assert now.unwrap_lines(wrapped, {}) == before.unwrap_lines(wrapped, {})


# lines of page furniture from the dev corpus's pages and pieces that nearly are, with the white space and line
# breaks that could make a whole-text match cross from one line into the next
FURNITURE = st.sampled_from(["Advertisement", "Read more", ":", "Read more: Belarus protests", "See also",
                             "https://example.com/x", "www.bbc.co.uk", "3 hours ago", "Copyright (c) 2020 News Ltd.",
                             "© 2012 Reuters. All rights reserved.", "the daily newsletter", "The daily newsletter",
                             "Watch", "|", "related stories", "ſee also: x", "٣ days ago",
                             "Nichols, 37, told the court.", "share this article", "on Twitter",
                             " ", "\t", "\u00a0", "\x0b", "\x85", "\u2028", "\n", "\n", "\n\n", "\r"])


@settings(deadline=None, max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(FURNITURE, min_size=0, max_size=40), st.booleans())
def test_boilerplate_finds_and_drops_the_lines_it_did(pieces, spaced):
    text = (" " if spaced else "").join(pieces)
    old_ctx, new_ctx = {}, {}
    assert now.drop_boilerplate(text, new_ctx) == before.drop_boilerplate(text, old_ctx)
    assert new_ctx == old_ctx
    lines = text.split("\n")
    hits = now._default_hits(text)
    assert [k for k, *_ in hits] == [k for k, line in enumerate(lines) if now._DEFAULT_EITHER.match(line)]
    assert [policy for *_, policy in hits] == [bool(now._DEFAULT_POLICY.match(lines[k])) for k, *_ in hits]


def test_every_default_boilerplate_pattern_starts_with_one_of_the_first_characters():
    """The whole-text search turns a line down on its first character: each pattern's possible first
    characters (from the regex parser) are in that set, or a line of furniture would be kept."""
    import re
    from re import _constants as K
    from re import _parser as P

    def firsts(items):
        op, av = items[0]
        if op is K.LITERAL:
            return {chr(av)}
        if op is K.IN:
            assert all(o in (K.LITERAL, K.CATEGORY) for o, _ in av), av
            return {chr(a) if o is K.LITERAL else "7" for o, a in av}  # (\d: a digit)
        if op is K.SUBPATTERN:
            return firsts(list(av[3]))
        if op is K.BRANCH:
            return set().union(*(firsts(list(b)) for b in av[1]))
        assert op in (K.MAX_REPEAT, K.MIN_REPEAT) and av[0] >= 1, (op, av)  # (a pattern could start empty)
        return firsts(list(av[2]))

    first = re.compile(now._FIRST_CHARS, re.IGNORECASE)
    for pattern in now.POLICY + now.BOILERPLATE:
        chars = firsts(list(P.parse(pattern)))
        assert chars and all(first.fullmatch(c) for c in chars), (pattern, chars)


@settings(deadline=None, max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.integers(0, 400), min_size=2, max_size=300))
def test_the_wrap_width_is_statistics_90th_percentile(sizes):
    import statistics

    assert now._p90(sizes) == statistics.quantiles(sizes, n=10)[8]


@settings(deadline=None, max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(MOJIBAKE_ALPHABET, max_size=30), min_size=1, max_size=8), st.integers(1, 3))
def test_the_memo_of_fixed_lines_changes_no_answer(lines, repeats):
    """Lines repeated within a text and across texts are fixed once (the memo), and the answer is the reference
    cleaner's, memo on, memo off and memo emptied when full."""
    text = "\n".join(lines * repeats)
    expected = before.fix_mojibake(text)
    assert now.fix_mojibake(text) == expected
    assert now.fix_mojibake(text) == expected  # (every line from the memo now)
    saved = now._MEMO_LINES
    try:
        now._MEMO_LINES = 0
        assert now.fix_mojibake(text) == expected
        now._MEMO_LINES = 2  # (full at once: emptied and refilled while this text is fixed)
        now._memo.clear()
        assert now.fix_mojibake(text) == expected
        assert len(now._memo) <= 2
    finally:
        now._MEMO_LINES = saved


@settings(deadline=None, max_examples=500, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(st.sampled_from(list("ab .!?…\"'”’)]\n\t\u00a0\u2003x")), max_size=40))
def test_reads_as_sentence_is_the_sentence_pattern(line):
    assert now.reads_as_sentence(line) == bool(now._SENTENCE.match(line))


@pytest.mark.parametrize("workers", ["1", "2"])
def test_texts_handed_over_as_utf8_are_stored_as_text(tmp_path, monkeypatch, workers):
    """The workers send each text as its UTF-8 bytes; the store keeps it a TEXT value, equal to the cleaned
    str (emoji, CJK and combining marks included), so every reader (FTS, exports, SQL) sees text, not a blob."""
    monkeypatch.setenv("ANNOTATOR_IMPORT_WORKERS", workers)
    monkeypatch.setattr(import_pool, "POOL_MIN_FILES", 8)
    monkeypatch.setattr(import_pool, "CHUNK", 2)
    monkeypatch.setattr(import_pool, "_only_thread", lambda: True)
    folder = tmp_path / "in"
    folder.mkdir()
    texts = [f"Report {k}: 🎉 中文 café Łódź \U0001F1FA\U0001F1E6 and the rest of it, line {k}." for k in range(12)]
    for k, text in enumerate(texts):
        (folder / f"{k:02d}.txt").write_bytes(text.encode())
    project = open_project(tmp_path / "p.annotator")
    report = project.import_paths([folder])
    assert len(report.imported) == 12
    rows = project._store.conn.execute("SELECT typeof(text), text, sha256 FROM documents").fetchall()
    assert {r[0] for r in rows} == {"text"}
    assert sorted(r[1] for r in rows) == sorted(texts)
    assert all(r[2] == sha256_of(r[1]) for r in rows)
    assert project._store.conn.execute("SELECT count(*) FROM documents WHERE text LIKE '%中文%'").fetchone()[0] == 12


def test_an_import_checkpoints_after_every_few_megabytes(tmp_path, monkeypatch):
    """A passive checkpoint between the transactions of an import once CHECKPOINT_BYTES were written since the
    last, so the WAL stays small; none inside a transaction."""
    from annotator.store import database

    build(tmp_path / "in")
    project = open_project(tmp_path / "p.annotator")
    statements: list[str] = []
    project._store.conn.set_trace_callback(statements.append)
    monkeypatch.setattr(database, "CHECKPOINT_BYTES", 20_000)
    monkeypatch.setattr(database, "CHUNK_SECONDS", 0.0)  # (transactions of 4 articles: several checkpoints)
    project.import_paths([tmp_path / "in"])
    project._store.conn.set_trace_callback(None)
    checkpoints = [k for k, s in enumerate(statements) if "wal_checkpoint(PASSIVE)" in s]
    begins = [k for k, s in enumerate(statements) if s.startswith("BEGIN")]
    assert len(checkpoints) >= 5 and len(begins) > len(checkpoints)
    depth = 0
    for s in statements:  # (never inside a transaction)
        depth += s.startswith("BEGIN") - (s.startswith("COMMIT") or s.startswith("ROLLBACK"))
        assert not ("wal_checkpoint" in s and depth)
    project.close()


SPACED = st.sampled_from(["Nichols", "told", "court.", " ", "\t", "\u00a0", "\u200b", "\ufeff", "\n", "\n", "\n\n",
                          "\n\n\n", "\r", "\x0b", "\u2028", "é"])


@settings(deadline=None, max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(SPACED, min_size=0, max_size=40))
def test_whitespace_is_tidied_as_before(pieces):
    """The line-stripping cleaner splits a text only when a line has something to strip: the same text out
    whether it splits or not, white space of every kind at either end of a line and of the text."""
    text = "".join(pieces)
    assert now.tidy_whitespace(text, {}) == before.tidy_whitespace(text, {})
