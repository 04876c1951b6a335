"""The hand-made dev-corpus quote gold (tests/data/quotes/dev_gold.json): its shape, its offsets against the
corpus, and a short scoring run on a few of its articles (the full evaluation is benchmarks/eval_quotes.py).
Skips when the dev corpus is absent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from annotator_quotes.detect import detect_quotes, normalize

from annotator import analysis

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "tests" / "data" / "quotes" / "dev_gold.json"
CORPUS = ROOT.parent / "shared" / "dev-corpus" / "ecbplus"
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"dev corpus not found at {CORPUS}")


@pytest.fixture(scope="module")
def gold():
    return json.loads(GOLD.read_text(encoding="utf-8"))


def test_the_gold_is_big_enough_and_split(gold):
    quotes = [q for d in gold["documents"] for q in d["quotes"]]
    assert sum(q["kind"] == "direct" for q in quotes) >= 150
    assert len({d["topic"] for d in gold["documents"]}) >= 15
    assert len(gold["split"]["heldout"]) >= 8 and not set(gold["split"]["dev"]) & set(gold["split"]["heldout"])
    for d in gold["documents"]:
        for q in d["quotes"]:
            assert q["kind"] in ("direct", "partial", "scare")
            assert not q["speaker"] or q["speaker"] in d["speakers"], (d["file"], q)


@needs_corpus
def test_gold_offsets_match_the_corpus_text(gold):
    for d in gold["documents"]:
        text = (CORPUS / d["file"]).read_text(encoding="utf-8")
        for q in d["quotes"]:
            assert text[q["start"]:q["end"]] == q["text"], (d["file"], q["start"])


def _score(gold, files, parse: bool):
    found = total = right = direct = 0
    for d in gold["documents"]:
        if d["file"] not in files:
            continue
        text = (CORPUS / d["file"]).read_text(encoding="utf-8")
        a = analysis.analyse(text, None if parse else "rules")
        if parse and not a.has_parse:
            pytest.skip("needs the nlp extra (spaCy and an English pipeline)")
        pred = detect_quotes(text, parse=a.spacy if parse else None)
        for q in d["quotes"]:
            total += 1
            hit = [p for p in pred if p.start < q["end"] and q["start"] < p.end]
            found += bool(hit)
            if q["kind"] == "direct":
                direct += 1
                names = {normalize(x) for x in d["speakers"].get(q["speaker"], [q["speaker"]])}
                right += bool(hit) and normalize(hit[0].speaker) in names
    return found / total, right / direct


@needs_corpus
def test_a_few_dev_articles_without_a_parse(gold):
    recall, speakers = _score(gold, {"9/9_11ecbplus.txt", "29/29_1ecbplus.txt", "13/13_8ecbplus.txt"}, False)
    assert recall >= 0.95 and speakers >= 0.8


@needs_corpus
def test_a_few_dev_articles_with_the_parse(gold):
    recall, speakers = _score(gold, {"9/9_11ecbplus.txt", "31/31_14ecb.txt"}, True)
    assert recall >= 0.95 and speakers >= 0.9
