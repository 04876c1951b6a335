"""Import of the five sample articles through the real pipeline: encoding damage fixed, quotes and dashes exactly
as written, line endings and NFC normalised, hard wraps re-joined, boilerplate gone and no real sentence lost,
raw bytes kept, metadata from the manifest, and a second import skipped."""

from __future__ import annotations

import json
import re
import unicodedata

import pytest
from support import CORPUS, open_project

MANIFEST = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))["files"]
SOURCES = {name: meta["source"] for name, meta in MANIFEST.items()}

# What the cleaners must drop from each article (whole lines of page furniture), by outlet.
BOILERPLATE = {
    "AP": ["Advertisement"],
    "CBC": ["WATCH |\u00a0Violent crackdowns against Belarus protests:", "2 years ago", "Duration 1:55",
            "To encourage thoughtful and respectful conversations", "By submitting a comment, you accept",
            "Become a CBC Member", "Join the conversation", "Already have an account?"],
    "AFP": [],
    "The Moscow Times": ["Related article: Kremlin Predicts Swift Resolution of Belarus Unrest",
                         "https://www.themoscowtimes.com/"],
    "RFE/RL": ["SEE ALSO: Belarusian Protests", "Copyright (c) 2018. RFE/RL", "More Ireland News", "Access More",
               "Sign up for Ireland News", "a daily newsletter full of things"],
}
MOJIBAKE = ("¬†", "â€", "Ã", "Â", "\ufffd", "Ð", "ï»¿")
QUOTES_AND_DASHES = "“”‘’\"'—–-«»"


def original(name: str) -> str:
    """The article as received, with only the mojibake undone by hand (independently of the cleaner)."""
    return (CORPUS / name).read_bytes().decode("utf-8").replace("¬†", "\u00a0")


def kept_lines(name: str) -> list[str]:
    source = SOURCES[name]
    return [ln for ln in original(name).splitlines()
            if not any(ln.strip().startswith(b.strip()) for b in BOILERPLATE[source])]


def squash(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def stored(by_source):
    return {name: by_source[source] for name, source in SOURCES.items()}


def test_every_article_is_imported_with_manifest_metadata(sample, stored):
    assert len(sample.documents()) == 5
    for name, doc in stored.items():
        meta = MANIFEST[name]
        assert (doc.title, doc.source, doc.published, doc.url, doc.language) == (
            meta["title"], meta["source"], meta["published"], meta["url"], meta["language"])
        assert doc.imported_at.endswith("Z")
        full = sample.document(doc.id, with_raw=True)
        assert full.raw == (CORPUS / name).read_bytes()  # provenance: the bytes as received
        assert full.encoding == "utf-8"
        assert len(doc.sha256) == 64


def test_no_mojibake_is_left(stored):
    for doc in stored.values():
        for marker in MOJIBAKE:
            assert marker not in doc.text, (doc.source, marker)
    afp = stored["002_7bb1590995419622.txt"].text
    assert "Putin\u00a0had offered “comprehensive help”" in afp


def test_quotes_and_dashes_are_exactly_as_written(stored):
    for name, doc in stored.items():
        expected = "\n".join(kept_lines(name))
        for ch in QUOTES_AND_DASHES:
            assert doc.text.count(ch) == expected.count(ch), (doc.source, ch)
    texts = {doc.source: doc.text for doc in stored.values()}
    assert "he said, “When it comes to the military component" in texts["AP"]  # curly
    assert '"These are the moments that fit this agreement," he added.' in texts["CBC"]  # straight
    assert "'The presidents discussed the situation" in texts["RFE/RL"]  # single straight
    assert "“”We will not give up the country to anyone,” he said" in texts["AFP"]  # the doubled mark stays
    assert "political survivor -- weaving" in texts["RFE/RL"]


def test_text_is_nfc_with_lf_line_endings(stored):
    for doc in stored.values():
        assert "\r" not in doc.text
        assert unicodedata.is_normalized("NFC", doc.text)
        assert doc.text == doc.text.strip()
        assert "\n\n\n" not in doc.text


def test_boilerplate_is_gone(stored):
    everything = "\n".join(doc.text for doc in stored.values())
    for lines in BOILERPLATE.values():
        for line in lines:
            assert line not in everything
    for needle in ("http://", "https://", "www.", "Advertisement", "Submission Guidelines", "newsletter"):
        assert needle not in everything


def test_no_real_paragraph_is_lost(stored):
    for name, doc in stored.items():
        body = squash(doc.text)
        for para in re.split(r"\n\s*\n", "\n".join(kept_lines(name))):
            if para.strip():
                assert squash(para) in body, (doc.source, para[:80])


def test_moscow_times_hard_wraps_are_rejoined(stored):
    doc = stored["003_6c6d75d1c919bced.txt"]
    paragraphs = doc.text.split("\n\n")
    assert all("\n" not in p for p in paragraphs)
    assert "'I'm really afraid'" in paragraphs and "Call for 'free and fair' vote" in paragraphs
    assert "'Will not give up the country'" in paragraphs
    assert ("Around 100 staff came out of the building to join the crowd, and said they planned a strike on "
            "Monday.") in paragraphs
    kept = "\n".join(kept_lines("003_6c6d75d1c919bced.txt"))
    original_blocks = [b for b in re.split(r"\n\s*\n", kept) if b.strip()]
    assert len(paragraphs) == len(original_blocks)
    # the articles that are not hard-wrapped keep their line structure
    for name in ("000_31277443da283120.txt", "001_31fd3f3294db03d6.txt", "004_d1539334f923b65a.txt"):
        assert doc.meta.get("cleaning") != stored[name].meta.get("cleaning")
        assert not any("re-joined" in n for n in stored[name].meta.get("cleaning", []))


def test_importing_again_skips_everything(sample):
    before = sample.stats()
    report = sample.import_paths([CORPUS])
    assert report.imported == [] and len(report.skipped) == 5
    assert all("already in the project" in s["reason"] for s in report.skipped)
    assert sample.stats() == before


def test_crlf_and_cr_copies_are_the_same_document(sample, tmp_path):
    name = "003_6c6d75d1c919bced.txt"
    lf = (CORPUS / name).read_bytes()
    (tmp_path / "crlf.txt").write_bytes(lf.replace(b"\n", b"\r\n"))
    (tmp_path / "cr.txt").write_bytes(lf.replace(b"\n", b"\r"))
    report = sample.import_paths([tmp_path / "crlf.txt", tmp_path / "cr.txt"])
    assert report.imported == [] and len(report.skipped) == 2  # same text once cleaned: same document


def test_crlf_article_in_a_fresh_project(tmp_path):
    proj = open_project(tmp_path / "p.annotator")
    path = tmp_path / "windows.txt"
    path.write_bytes("Headline\r\n\r\n“Quote,” he said.\r\nSecond line\r\n".encode())
    doc = proj.document(proj.import_paths([path]).imported[0]["document_id"])
    assert doc.text == "Headline\n\n“Quote,” he said.\nSecond line"
    assert proj.document(doc.id, with_raw=True).raw == path.read_bytes()
    proj.close()


def test_default_project_has_the_sample_corpus(tmp_path):
    from support import core_host

    from annotator.config import default_project_path, ensure_default_project

    proj = ensure_default_project(host=core_host())
    assert proj.path == default_project_path()
    assert sorted(d.source for d in proj.documents()) == sorted(SOURCES.values())
    proj.close()
    again = ensure_default_project(host=core_host())  # second run: opened, not imported again
    assert len(again.documents()) == 5
    again.close()


def test_articles_are_written_several_per_transaction_with_the_same_result(tmp_path, monkeypatch):
    """Plain articles share short transactions (far fewer commits than files); what is stored and reported is
    what one transaction per file gave: the same texts, a duplicate skipped, a bad file refused alone."""
    from support import open_project

    from annotator.store import database

    folder = tmp_path / "in"
    folder.mkdir()
    for k in range(30):
        (folder / f"{k:02d}.txt").write_text(f"Report {k}\n\nThe minister said on Tuesday that {k} people came.\n",
                                             encoding="utf-8")
    (folder / "15-copy.txt").write_text("Report 15\n\nThe minister said on Tuesday that 15 people came.\n", "utf-8")
    (folder / "16-bad.txt").write_bytes(b"\x00\x01binary")
    holds: list[float] = []
    monkeypatch.setattr(database, "lock_holds", holds)
    proj = open_project(tmp_path / "batched.annotator")
    report = proj.import_paths([folder])
    assert len(report.imported) == 30
    assert [r["path"].rsplit("/", 1)[-1] for r in report.skipped] == ["15.txt"]  # ("15-copy" sorts first)
    assert [r["path"].rsplit("/", 1)[-1] for r in report.refused] == ["16-bad.txt"]
    assert len(holds) < 15  # not one commit per file
    batched = sorted(d.text for d in proj.documents())
    proj.close()

    one_by_one = open_project(tmp_path / "single.annotator")
    for f in sorted(folder.glob("*.txt")):
        one_by_one.import_paths([f])
    assert sorted(d.text for d in one_by_one.documents()) == batched
    one_by_one.close()
