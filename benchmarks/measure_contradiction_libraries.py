"""quantulum3 and dateparser beside the contradiction linker's own extractors, on dev-corpus sentences.

    .venv/bin/python benchmarks/measure_contradiction_libraries.py [--topics 8 12 14 24 32] [--max 400]

For each sentence of the topics' articles that holds a digit or a number word (rule analysis of the shared
text analysis), runs:

- quantities: the linker's ``quantities.extract_quantities`` + ``measures.measure`` vs ``quantulum3.parser.parse``
  (what each finds, the units, how often they agree on the value of one figure, and how each reads a few
  kinds the linker needs: clock times, counts of people and things, money, distances, durations);
- dates: the linker's ``dates.extract_dates`` (against the article's publication date) vs
  ``dateparser.search.search_dates`` (with the publication date as ``RELATIVE_BASE``);

and the time per sentence of each. Prints figures and examples; the decision is in docs/contradiction-linker.md.
Needs quantulum3 and dateparser (not dependencies: ``pip install quantulum3 dateparser``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "dev-corpus" / "ecbplus"
_NUMERIC = re.compile(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|dozen|hundred|thousand|million)\b",
                      re.IGNORECASE)


def sentences(topics, limit):
    from annotator import analysis

    out = []
    for topic in topics:
        for path in sorted((CORPUS / topic).glob("*.txt")):
            text = path.read_text(encoding="utf-8", errors="replace")
            a = analysis.analyse(text, pipeline=analysis.RULES)
            for s in a.sentences:
                sent = text[s.start:s.end]
                if _NUMERIC.search(sent) and len(sent) > 30:
                    out.append((topic, path.name, sent))
    step = max(1, len(out) // limit)
    return out[::step][:limit]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topics", nargs="*", default=["8", "12", "14", "24", "32"])
    parser.add_argument("--max", type=int, default=400)
    args = parser.parse_args(argv)
    import dateparser.search
    from annotator_contradictions.dates import extract_dates
    from annotator_contradictions.measures import measure
    from annotator_contradictions.quantities import extract_quantities
    from annotator_contradictions.words import text_words
    from quantulum3 import parser as qparser

    sample = sentences(args.topics, args.max)
    print(f"{len(sample)} sentences with a figure, topics {' '.join(args.topics)}")
    published = dt.date(2010, 5, 5)

    # warm up both libraries (model and language loading) outside the timing
    qparser.parse("12 people were injured at 8.49pm, 13 nautical miles away.")
    dateparser.search.search_dates("on Tuesday", settings={"RELATIVE_BASE": dt.datetime(2010, 5, 5)})

    ours, theirs, ours_t, theirs_t, errors = [], [], 0.0, 0.0, {}
    for _, _, s in sample:
        t0 = time.perf_counter()
        ws = text_words(s)
        qs = extract_quantities(s, ws)
        ms = [measure(s, q) for q in qs]
        ours_t += time.perf_counter() - t0
        ours.append(list(zip(qs, ms)))
        t0 = time.perf_counter()
        try:
            found = qparser.parse(s)
        except Exception as exc:  # noqa: BLE001 - a library failure is a finding
            found = exc
            errors[f"{type(exc).__name__}: {exc}"[:80]] = errors.get(f"{type(exc).__name__}: {exc}"[:80], 0) + 1
        theirs_t += time.perf_counter() - t0
        theirs.append(found)
    failures = sum(1 for x in theirs if isinstance(x, Exception))
    n_ours = sum(len(x) for x in ours)
    n_theirs = sum(len(x) for x in theirs if not isinstance(x, Exception))
    agree = 0
    for o, t in zip(ours, theirs):
        if isinstance(t, Exception):
            continue
        values = {round(q.value, 3) for q, _ in o if q.value is not None}
        agree += sum(1 for x in t if round(float(x.value), 3) in values)
    kinds = {}
    for t in theirs:
        if isinstance(t, Exception):
            continue
        for x in t:
            kinds[x.unit.name] = kinds.get(x.unit.name, 0) + 1
    print("\nquantities")
    print(f"  linker: {n_ours} figures, {1000 * ours_t / len(sample):.2f} ms/sentence (analysis included)")
    print(f"  quantulum3: {n_theirs} quantities, {1000 * theirs_t / len(sample):.2f} ms/sentence, "
          f"{failures} sentences raised; values also found by the linker: {agree}")
    for e, n in errors.items():
        print(f"    raised {n}x: {e}")
    print("  quantulum3 units: " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items(), key=lambda kv: -kv[1])[:14]))
    probes = ["The fire broke out in the roof of the store at 8.49pm on Friday night.",
              "Police said as many as 20,000 people took to the streets of Athens.",
              "The warship some 13 nautical miles away altered course.",
              "Armed robbers stole gems worth 85 million euros (74 million pounds) from the store.",
              "She returned to her home town 12 weeks ago.",
              "The larger boat, a 10-metre dhow, is named the Salahaddin.",
              "Four armed robbers -- two dressed as women -- made off with $137-million of diamonds.",
              "By about 09:30 BST the fire was largely out."]
    for p in probes:
        try:
            q = [(x.surface, x.value, x.unit.name) for x in qparser.parse(p)]
        except Exception as exc:  # noqa: BLE001
            q = f"raised {type(exc).__name__}: {exc}"
        mine = [(x.surface, measure(p, x).label(), x.low, x.high) for x in extract_quantities(p, text_words(p))]
        print(f"  · {p}\n      quantulum3: {q}\n      linker:     {mine}")

    print("\ndates")
    ours_t = theirs_t = 0.0
    n_ours = n_theirs = both = 0
    examples = []
    for _, _, s in sample:
        t0 = time.perf_counter()
        ds = [d for d in extract_dates(s, text_words(s), published.isoformat(), {}) if d.value is not None]
        ours_t += time.perf_counter() - t0
        t0 = time.perf_counter()
        try:
            found = dateparser.search.search_dates(
                s, languages=["en"], settings={"RELATIVE_BASE": dt.datetime(2010, 5, 5), "PREFER_DATES_FROM": "past"})
        except Exception:  # noqa: BLE001
            found = None
        theirs_t += time.perf_counter() - t0
        found = found or []
        n_ours += len(ds)
        n_theirs += len(found)
        days = {d.value for d in ds}
        both += sum(1 for _, v in found if v.date() in days)
        if len(examples) < 12 and found:
            examples.append((s[:90], [(x, v.date().isoformat()) for x, v in found][:4],
                             [(d.surface, d.value.isoformat()) for d in ds]))
    print(f"  linker: {n_ours} resolved dates, {1000 * ours_t / len(sample):.2f} ms/sentence")
    print(f"  dateparser.search_dates: {n_theirs} matches, {1000 * theirs_t / len(sample):.2f} ms/sentence; "
          f"on a day the linker also found: {both}")
    for s, theirs_d, ours_d in examples:
        print(f"  · {s}\n      dateparser: {theirs_d}\n      linker:     {ours_d}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
