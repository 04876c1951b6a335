"""Builds tests/data/entities_gold.json: the hand-made PERSON/ORG/GPE gold set of the entity tagger.

The annotation decisions are the SPEC below, written by reading the three articles (AP, RFE/RL, The Moscow Times)
as imported (cleaned) by the real pipeline. Offsets are found by searching each surface string (whole words only,
longest strings first, no overlaps) in the imported text, so they are code points into ``Document.text``; each
mention keeps its ``text`` so a test can prove the offsets still match after changes to the cleaners.

Guidelines (OntoNotes-like, as spaCy's English models are trained): titles and honorifics are outside the span
("President Alexander Lukashenko" -> "Alexander Lukashenko"); a possessive 's is outside; "the" is outside;
countries, cities and the Russian Federation are GPE (also when they stand for their government, "Moscow's
help"); the Kremlin, ministries, news agencies and the EU are ORG; demonyms (NORP), dates and the West (LOC) are
not in this gold set. Every mention names its entity cluster (one real-world referent).

Run: ``.venv/bin/python benchmarks/entities_gold_build.py`` (``--check`` only verifies the stored file).
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "data" / "entities_gold.json"

ENTITIES = {
    "lukashenko": ("Alexander Lukashenko", "PERSON"),
    "putin": ("Vladimir Putin", "PERSON"),
    "tikhanovskaya": ("Svetlana Tikhanovskaya", "PERSON"),
    "taraikovsky": ("Alexander Taraikovsky", "PERSON"),
    "yaroshevich": ("Andrei Yaroshevich", "PERSON"),
    "linich": ("Alexei Linich", "PERSON"),
    "nesteruk": ("Olga Nesteruk", "PERSON"),
    "pompeo": ("Mike Pompeo", "PERSON"),
    "belarus": ("Belarus", "GPE"),
    "russia": ("Russia", "GPE"),
    "minsk": ("Minsk", "GPE"),
    "moscow": ("Moscow", "GPE"),
    "poland": ("Poland", "GPE"),
    "lithuania": ("Lithuania", "GPE"),
    "latvia": ("Latvia", "GPE"),
    "estonia": ("Estonia", "GPE"),
    "gomel": ("Gomel", "GPE"),
    "usa": ("United States", "GPE"),
    "kremlin": ("Kremlin", "ORG"),
    "by-defence-ministry": ("Belarusian Defence Ministry", "ORG"),
    "belta": ("BelTA", "ORG"),
    "reuters": ("Reuters", "ORG"),
    "afp": ("AFP", "ORG"),
    "eu": ("European Union", "ORG"),
    "coordination-council": ("Coordination Council", "ORG"),
}

# outlet -> [(surface string, label, entity key)]
SPEC = {
    "AP": [
        ("Alexander Lukashenko", "PERSON", "lukashenko"),
        ("Lukashenko", "PERSON", "lukashenko"),
        ("Luksahenko", "PERSON", "lukashenko"),
        ("Vladimir Putin", "PERSON", "putin"),
        ("Putin", "PERSON", "putin"),
        ("Sviatlana Tsikhanouskaya", "PERSON", "tikhanovskaya"),
        ("Alexander Taraikovsky", "PERSON", "taraikovsky"),
        ("Minsk", "GPE", "minsk"),
        ("MINSK", "GPE", "minsk"),
        ("Belarus", "GPE", "belarus"),
        ("Russia", "GPE", "russia"),
        ("Russian Federation", "GPE", "russia"),
        ("Poland", "GPE", "poland"),
        ("Lithuania", "GPE", "lithuania"),
        ("Latvia", "GPE", "latvia"),
        ("Estonia", "GPE", "estonia"),
        ("Kremlin", "ORG", "kremlin"),
        ("Defense Ministry", "ORG", "by-defence-ministry"),
    ],
    "RFE/RL": [
        ("Alyaksandr Lukashenka", "PERSON", "lukashenko"),
        ("Lukashenka", "PERSON", "lukashenko"),
        ("Vladimir Putin", "PERSON", "putin"),
        ("Putin", "PERSON", "putin"),
        ("Belarus", "GPE", "belarus"),
        ("Russia", "GPE", "russia"),
        ("Minsk", "GPE", "minsk"),
        ("Moscow", "GPE", "moscow"),
        ("BelTA", "ORG", "belta"),
        ("Kremlin", "ORG", "kremlin"),
        ("Reuters", "ORG", "reuters"),
        ("AFP", "ORG", "afp"),
    ],
    "The Moscow Times": [
        ("Alexander Lukashenko", "PERSON", "lukashenko"),
        ("Lukashenko", "PERSON", "lukashenko"),
        ("Vladimir Putin", "PERSON", "putin"),
        ("Putin", "PERSON", "putin"),
        ("Svetlana Tikhanovskaya", "PERSON", "tikhanovskaya"),
        ("Tikhanovskaya", "PERSON", "tikhanovskaya"),
        ("Alexander Taraikovsky", "PERSON", "taraikovsky"),
        ("Taraikovsky", "PERSON", "taraikovsky"),
        ("Andrei Yaroshevich", "PERSON", "yaroshevich"),
        ("Alexei Linich", "PERSON", "linich"),
        ("Olga Nesteruk", "PERSON", "nesteruk"),
        ("Mike Pompeo", "PERSON", "pompeo"),
        ("Belarus", "GPE", "belarus"),
        ("Russia", "GPE", "russia"),
        ("Minsk", "GPE", "minsk"),
        ("Moscow", "GPE", "moscow"),
        ("U.S.", "GPE", "usa"),
        ("Poland", "GPE", "poland"),
        ("Lithuania", "GPE", "lithuania"),
        ("Latvia", "GPE", "latvia"),
        ("Estonia", "GPE", "estonia"),
        ("Gomel", "GPE", "gomel"),
        ("Kremlin", "ORG", "kremlin"),
        ("EU", "ORG", "eu"),
        ("European Union", "ORG", "eu"),
        ("Coordination Council", "ORG", "coordination-council"),
    ],
}


def find_mentions(text: str, spec) -> list[dict]:
    taken: list[tuple[int, int]] = []
    out = []
    for surface, label, key in sorted(spec, key=lambda s: -len(s[0])):
        pattern = re.compile(r"(?<![\w.])" + re.escape(surface) + r"(?![\w])")
        hits = 0
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            out.append({"start": m.start(), "end": m.end(), "text": surface, "label": label, "entity": key})
            hits += 1
        if not hits:
            raise SystemExit(f"gold spec: {surface!r} not found")
    return sorted(out, key=lambda d: d["start"])


def imported_sample():
    """The sample corpus imported through the real pipeline into a throwaway project."""
    from annotator import Project

    tmp = Path(tempfile.mkdtemp(prefix="entities-gold-"))
    project = Project(tmp / "gold.annotator", author="gold")
    project.import_paths([ROOT / "corpus"])
    return project


def build() -> dict:
    project = imported_sample()
    docs = {d.source: d for d in project.documents()}
    out = {
        "description": "Hand-made gold set of PERSON, ORG and GPE mentions and their entity clusters in three sample "
                       "articles, offsets in code points into the imported (cleaned) text. Built by "
                       "benchmarks/entities_gold_build.py; guidelines in its docstring.",
        "labels": ["PERSON", "ORG", "GPE"],
        "entities": {k: {"canonical_name": n, "label": l} for k, (n, l) in ENTITIES.items()},
        "documents": [],
    }
    for source, spec in SPEC.items():
        doc = docs[source]
        out["documents"].append({
            "source": source, "title": doc.title, "sha256": doc.sha256, "length": len(doc.text),
            "mentions": find_mentions(doc.text, spec),
        })
    project.close()
    return out


def review(gold: dict) -> None:
    """Print every mention in context, and capitalised words the gold does not cover (to catch misses)."""
    project = imported_sample()
    docs = {d.source: d for d in project.documents()}
    for gdoc in gold["documents"]:
        text = docs[gdoc["source"]].text
        print(f"==== {gdoc['source']}: {len(gdoc['mentions'])} mentions")
        covered = set()
        for m in gdoc["mentions"]:
            covered.update(range(m["start"], m["end"]))
            ctx = text[max(0, m["start"] - 25): m["end"] + 25].replace("\n", " ")
            print(f"  {m['label']:<6} {m['entity']:<20} {m['text']!r:<28} …{ctx}…")
        missed = sorted({m.group() for m in re.finditer(r"\b[A-Z][\w.’'-]*", text) if m.start() not in covered})
        print("  not covered:", ", ".join(missed))


def main(argv: list[str]) -> int:
    gold = build()
    if "--check" in argv:
        stored = json.loads(GOLD.read_text(encoding="utf-8"))
        if stored != gold:
            print("tests/data/entities_gold.json differs from what the spec builds", file=sys.stderr)
            return 1
        print("gold set up to date")
        return 0
    GOLD.parent.mkdir(parents=True, exist_ok=True)
    GOLD.write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    if "--review" in argv:
        review(gold)
    n = sum(len(d["mentions"]) for d in gold["documents"])
    print(f"wrote {GOLD.relative_to(ROOT)}: {len(gold['documents'])} documents, {n} mentions, "
          f"{len(gold['entities'])} entities")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
