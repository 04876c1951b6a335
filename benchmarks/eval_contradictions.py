"""Quality of the contradiction linker's suggestions against hand-made gold lists.

    .venv/bin/python benchmarks/eval_contradictions.py [--show 20]            # the five sample articles (in-sample)
    .venv/bin/python benchmarks/eval_contradictions.py --dev [--show 20] [--topics 8 12]   # ECB+ dev topics
    .venv/bin/python benchmarks/eval_contradictions.py --heldout           # held-out topics: counts only

Sample: imports ``corpus/`` into a fresh project (real pipeline), runs the ``contradiction-linker`` suggester and
prints precision, pair recall, group recall, major-group recall and label agreement at 10, 20 and over all
suggestions against ``tests/data/contradictions_gold.json``.

Dev corpus: each topic of ``tests/data/contradictions/ecbplus_dev.json`` is imported into its own project (the
folder with its manifest; publication dates come from the dateline cleaner when the manifest has none) and
scored per topic: major groups found in the top 10 and the top 20, strict precision of the top 20 (gold pairs
only; over the suggestions made when there are fewer than 20) and precision with the extra candidates judged
by reading (``ecbplus_dev_judged.json``). Unjudged extras are listed with ``?`` so they can be read and judged.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "data" / "contradictions_gold.json"
DEV_GOLD = ROOT / "tests" / "data" / "contradictions" / "ecbplus_dev.json"
JUDGED = ROOT / "tests" / "data" / "contradictions" / "ecbplus_dev_judged.json"
CORPUS = ROOT.parent / "shared" / "dev-corpus" / "ecbplus"
HELDOUT = ("3", "7", "20", "21", "23", "29", "30", "33", "41", "45")


def sample(args) -> int:
    from annotator_contradictions.evaluation import load_gold, matches, score, suggested_links

    from annotator import Project

    with tempfile.TemporaryDirectory() as tmp:
        project = Project(Path(tmp) / "eval.annotator", author="eval")
        project.import_paths([ROOT / "corpus"])
        started = time.perf_counter()
        report = project.suggest("contradiction-linker")
        seconds = time.perf_counter() - started
        docs = project.documents()
        outlet = {d.id: d.source for d in docs}
        gold = load_gold(GOLD, docs)
        suggestions = suggested_links(project)
        groups = sorted({g.group for g in gold})
        print(f"sample corpus (in-sample): {len(docs)} documents; gold: {len(gold)} pairs in {len(groups)} groups "
              f"({len({g.group for g in gold if g.importance == 'major'})} major)")
        print(f"suggest: {seconds:.2f} s, {report.summary()}")
        for k in (10, 20, None):
            s = score(suggestions, gold, k)
            print(s.line())
            if k == 20:
                print(f"       groups found @20: {', '.join(s.groups_found) or '-'}")
        missing = sorted(set(groups) - set(score(suggestions, gold).groups_found))
        print(f"groups never suggested: {', '.join(missing) or '-'}")
        print()
        for s in sorted(suggestions, key=lambda s: -s.score)[:args.show]:
            hit = "+" if any(matches(s, g) for g in gold) else " "
            print(f"{hit} {s.score:.2f} {s.label:17} {outlet[s.a[0]]} | {outlet[s.b[0]]}: {s.reason}")
        project.close()
    return 0


def _import_topic(project, topic: str):
    report = project.import_paths([CORPUS / topic])
    by_file = {}
    docs = {d.id: d for d in project.documents()}
    for item in report.imported:
        by_file[Path(item["path"]).name] = docs[item["document_id"]]
    return report, by_file


def _snippet(doc, start, end, width=90) -> str:
    text = " ".join(doc.text[start:end].split())
    return text if len(text) <= width else text[:width - 1] + "…"


def _why(project, group, pairs, suggestions, name_of, docs) -> None:
    """Why a gold group is not in the top 20: for each of its pairs, the rank it was suggested at, or what the
    detectors make of its two sentences compared directly (never extracted, filtered with the reason, or found
    when compared but never aligned / offered by the candidate search)."""
    from annotator_contradictions.compare import compare
    from annotator_contradictions.evaluation import matches
    from annotator_contradictions.features import analyse
    from annotator_contradictions.measures import comparable
    from annotator_contradictions.words import words

    def sentence(span):
        doc = docs[span[0]]
        a = project.analysis(doc)
        s = next((s for s in a.sentences if s.start <= span[1] < s.end), None)
        if s is None:
            return None, ""
        return analyse(doc.text[s.start:s.end], doc.published, None, words(a, s.start, s.end)), \
            doc.text[s.start:s.end]

    print(f"    why {group} is not in the top 20:")
    for g in pairs:
        ranks = [(k, s) for k, s in enumerate(suggestions, 1) if matches(s, g)]
        where = f"{name_of[g.a[0][0]]} | {name_of[g.b[0][0]]}"
        if ranks:
            k, s = ranks[0]
            print(f"      {where}: ranked {k} ({s.score:.2f}, {s.reason})")
            continue
        fa, ta = sentence(g.a[0])
        fb, tb = sentence(g.b[0])
        if fa is None or fb is None:
            print(f"      {where}: quote not inside one sentence")
            continue
        found = [f for f in compare(fa, fb, 0.3) if f.facet == g.facet or g.facet == "number" and f.kind == "number"]
        if found:
            print(f"      {where}: not suggested, but found when compared directly: {found[0].reason} "
                  f"(not aligned, or the event weight put it below the minimum)")
            continue
        why = sorted({comparable(ma, mb)[1] or "comparable, no finding (evidence, values or repeats)"
                      for ma in fa.measures for mb in fb.measures})
        print(f"      {where}: no finding; quantities {[q.surface for q in fa.quantities]} vs "
              f"{[q.surface for q in fb.quantities]}; dates {[d.surface for d in fa.dates]} vs "
              f"{[d.surface for d in fb.dates]}; {'; '.join(why)[:300]}")


def dev(args, topics) -> int:
    import json

    from annotator_contradictions.evaluation import load_judged, load_topic_gold, matches, suggested_links

    from annotator import Project

    if not CORPUS.is_dir():
        print(f"dev corpus not found at {CORPUS}; nothing to evaluate")
        return 1
    gold_topics = json.loads(DEV_GOLD.read_text(encoding="utf-8"))["topics"]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for topic in topics:
            project = Project(Path(tmp) / f"topic{topic}.annotator", author="eval")
            _, by_file = _import_topic(project, topic)
            name_of = {d.id: f for f, d in by_file.items()}
            docs = {d.id: d for d in by_file.values()}
            dated = sum(1 for d in docs.values() if d.published)
            started = time.perf_counter()
            project.suggest("contradiction-linker")
            seconds = time.perf_counter() - started
            suggestions = sorted(suggested_links(project), key=lambda s: -s.score)
            gold = load_topic_gold(DEV_GOLD, topic, by_file) if topic in gold_topics else []
            judged = load_judged(JUDGED, topic, by_file)
            major = {g.group for g in gold if g.importance == "major"}
            groups = {g.group for g in gold}

            def found(k, suggestions=suggestions, gold=gold):
                return {g.group for s in suggestions[:k] for g in gold if matches(s, g)}

            top = suggestions[:20]
            strict = sum(1 for s in top if any(matches(s, g) for g in gold))
            read = sum(1 for s in top if any(matches(s, g) for g in gold + judged))
            row = dict(topic=topic, docs=len(docs), dated=dated, suggestions=len(suggestions), seconds=seconds,
                       major=len(major), groups=len(groups), m10=len(found(10) & major), m20=len(found(20) & major),
                       g20=len(found(20)), strict=strict / len(top) if top else 0.0,
                       read=read / len(top) if top else 0.0,
                       n20=len(top))
            rows.append(row)
            if args.show:
                print(f"--- topic {topic}: {len(docs)} articles ({dated} dated), {len(suggestions)} suggestions, "
                      f"{seconds:.1f} s; gold {len(groups)} groups ({len(major)} major)")
                for s in suggestions[:args.show]:
                    hit = next((g.group for g in gold if matches(s, g)), None)
                    extra = any(matches(s, g) for g in judged)
                    mark = "+" if hit else ("r" if extra else "?" if gold else " ")
                    print(f"{mark} {s.score:.2f} {s.label:17} {name_of[s.a[0]]} | {name_of[s.b[0]]}: {s.reason}"
                          + (f"  [{hit}]" if hit else ""))
                    if mark == "?" and args.quotes:
                        print(f"      a: {_snippet(docs[s.a[0]], s.a[1], s.a[2])}")
                        print(f"      b: {_snippet(docs[s.b[0]], s.b[1], s.b[2])}")
                missed = sorted(major - found(20))
                print(f"    major groups not in the top 20: {', '.join(missed) or '-'}")
                if args.why:
                    for group in missed:
                        _why(project, group, [g for g in gold if g.group == group], suggestions, name_of, docs)
            project.close()
    print()
    print("topic  docs dated  sugg   major  @10  @20  groups@20  P@20 strict  P@20 read   seconds")
    for r in rows:
        print(f"{r['topic']:>5} {r['docs']:>5} {r['dated']:>5} {r['suggestions']:>5}   {r['major']:>5} {r['m10']:>4} "
              f"{r['m20']:>4}  {r['g20']:>4}/{r['groups']:<4}  {r['strict']:>10.2f} {r['read']:>10.2f}  "
              f"{r['seconds']:>8.1f}")
    scored = [r for r in rows if r["major"]]
    if scored:
        share = [r["m20"] / r["major"] for r in scored]
        print(f"major groups in the top 20: {sum(r['m20'] for r in scored)}/{sum(r['major'] for r in scored)} "
              f"(per topic: min {min(share):.2f}, median {statistics.median(share):.2f}); "
              f"in the top 10: {sum(r['m10'] for r in scored)}; "
              f"P@20 strict median {statistics.median(r['strict'] for r in scored):.2f}, "
              f"with reading {statistics.median(r['read'] for r in scored):.2f}")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", type=int, default=20, help="print this many top candidates (per topic)")
    parser.add_argument("--dev", action="store_true", help="score the ECB+ dev-corpus topics of the gold list")
    parser.add_argument("--heldout", action="store_true", help="run the held-out topics (no gold: counts, tops)")
    parser.add_argument("--topics", nargs="*", help="only these topics")
    parser.add_argument("--why", action="store_true",
                        help="for each major gold group not in the top 20, say why (rank, filter, never found)")
    parser.add_argument("--quotes", action="store_true", help="print both sentences of unjudged candidates")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("ANNOTATOR_HOME", str(Path(tmp) / "home"))
        if args.dev or args.heldout:
            import json

            topics = args.topics or (list(HELDOUT) if args.heldout
                                     else list(json.loads(DEV_GOLD.read_text(encoding="utf-8"))["topics"]))
            return dev(args, topics)
        return sample(args)


if __name__ == "__main__":
    sys.exit(main())
