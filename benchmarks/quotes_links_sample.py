"""Same-statement links on the dev corpus: import some topics into a temporary project, run the quote marker
(quotes, then links between outlets), and print a fixed random sample of the proposed links with both
quotes and speakers, to judge by reading. The verdicts of one such reading are kept in
``tests/data/quotes/links_sample.json`` (dev topics) and ``links_sample_heldout.json`` (held-out topics);
``--score`` prints the precision from those files.

    .venv/bin/python benchmarks/quotes_links_sample.py [--topics 2 3 4 9] [--n 30] [--seed 15] [--score]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "plugins"))
CORPUS = ROOT.parent / "shared" / "dev-corpus" / "ecbplus"
SAMPLE = ROOT / "tests" / "data" / "quotes" / "links_sample.json"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--topics", nargs="*", default=["2", "3", "4", "9"])
    ap.add_argument("--n", type=int, default=30)
    ap.add_argument("--seed", type=int, default=15)
    ap.add_argument("--score", action="store_true", help="precision of the judged sample in links_sample.json")
    args = ap.parse_args(argv)
    if args.score:
        for path in sorted(SAMPLE.parent.glob("links_sample*.json")):
            data = json.loads(path.read_text(encoding="utf-8"))
            right = sum(x["verdict"] == "same" for x in data["links"])
            print(f"{path.name}: {right}/{len(data['links'])} judged links report the same statement "
                  f"(precision {right / len(data['links']):.3f}); {data['proposed']} links proposed in "
                  f"topics {', '.join(data['topics'])}")
        return 0
    from annotator import Project

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["ANNOTATOR_HOME"] = str(Path(tmp) / "home")
        project = Project(Path(tmp) / "links.annotator", author="eval")
        project.import_paths([CORPUS / t for t in args.topics])
        t0 = time.perf_counter()
        report = project.suggest("quote-marker")
        seconds = time.perf_counter() - t0
        anns = {a.id: a for a in project.annotations(layer="quote")}
        docs = {d.id: d for d in project.documents()}
        links = list(project.links(layer="same-statement"))
        rng = random.Random(args.seed)
        sample = rng.sample(links, min(args.n, len(links)))
        out = []
        for link in sample:
            a, b = anns[link.source_id], anns[link.target_id]
            side = []
            for x in (a, b):
                d = docs[x.document_id]
                side.append({"file": Path(d.meta.get("path", d.title)).name if d.meta else d.title,
                             "source": d.source, "text": d.text[x.start:x.end],
                             "speaker": (x.attributes or {}).get("speaker", "")})
            out.append({"a": side[0], "b": side[1], "similarity": (link.attributes or {}).get("similarity"),
                        "verdict": ""})
        print(json.dumps({"topics": args.topics, "proposed": len(links), "suggest": report.summary(),
                          "seconds": round(seconds, 1), "links": out}, indent=1, ensure_ascii=False))
        project.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
