"""Agreement at study scale: 1,000 documents, 3 annotators, 100,000 annotations (target: under 10 s), beside the
library calls alone on the same arrays (krippendorff.alpha on the token matrix, the kappas), in the same run.

    .venv/bin/python benchmarks/bench_agreement.py [--documents 1000] [--annotations 100000] [--repeat 3]

Prints the median of the runs for: the whole ``agreement()`` (reading the project, matching spans, token labels,
kappas, alpha, links), the token matrix alone, and krippendorff.alpha alone on that matrix.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "unit"))

WORDS = ("police detained people minsk sunday protesters said the of in and a to was were government leader "
         "opposition city capital square march thousands").split()


def build(path: Path, n_docs: int, n_anns: int, seed: int = 1):
    from support import open_project

    from annotator import Annotation, ImportBatch, Link, NewDocument

    rng = random.Random(seed)
    proj = open_project(path)
    batch = ImportBatch()
    texts = []
    for i in range(n_docs):
        words = [rng.choice(WORDS).capitalize() if rng.random() < 0.2 else rng.choice(WORDS) for _ in range(220)]
        text = f"Report {i}. " + " ".join(words) + "."
        texts.append(text)
        batch.documents.append(NewDocument(text=text, title=f"R{i}", id=f"D{i:05d}", clean=False))
    per = n_anns // 3
    labels = ("PERSON", "ORG", "GPE")
    k = 0
    base = []  # the "true" spans each annotator mostly agrees on
    for _ in range(per):
        d = rng.randrange(n_docs)
        text = texts[d]
        s = rng.randrange(0, len(text) - 30)
        base.append((d, s, s + rng.randint(3, 25), rng.choice(labels)))
    for who in ("alice", "bob", "carol"):
        ids = []
        for d, s, e, label in base:
            r = rng.random()
            if r < 0.1:
                e = min(e + 2, len(texts[d]))  # boundary disagreement
            elif r < 0.15:
                label = rng.choice(labels)
            k += 1
            ids.append(f"A{k:08d}")
            batch.annotations.append(Annotation(ids[-1], f"D{d:05d}", s, e, "entity", label, {}, author=who))
        for j in range(0, len(ids) - 1, 50):
            batch.links.append(Link(f"L{who}{j}", "contradiction", "contradicts", ids[j], ids[j + 1], author=who))
    proj.store_batch(batch)
    return proj


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--documents", type=int, default=1000)
    ap.add_argument("--annotations", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    import krippendorff
    import numpy as np

    from annotator.services import agreement as ag

    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        proj = build(Path(tmp) / "bench.annotator", args.documents, args.annotations)
        print(f"built {args.documents} documents, {len(proj.annotations())} annotations in "
              f"{time.perf_counter() - t:.1f} s")
        whole, matrix_t, alpha_t = [], [], []
        for _ in range(args.repeat):
            t = time.perf_counter()
            rep = ag.agreement(proj, "entity")
            whole.append(time.perf_counter() - t)
            # the same token matrix, built alone, and the library on it alone
            t = time.perf_counter()
            anns = proj.annotations(layer="entity")
            cats = {ag.OUTSIDE: 0}
            rows = {w: [] for w in ("alice", "bob", "carol")}
            by = {(w, d): [] for w in rows for d in {a.document_id for a in anns}}
            for a in anns:
                by[(a.author, a.document_id)].append(a)
            for d in sorted({a.document_id for a in anns}):
                toks = ag.tokens_of(proj.text(d))
                for w in rows:
                    rows[w].extend(cats.setdefault(x, len(cats)) for x in ag.token_labels(toks, by[(w, d)]))
            m = np.array([rows[w] for w in rows], dtype=float)
            matrix_t.append(time.perf_counter() - t)
            t = time.perf_counter()
            alpha = krippendorff.alpha(reliability_data=m, level_of_measurement="nominal")
            alpha_t.append(time.perf_counter() - t)
        proj.close()
    med = statistics.median
    print(f"agreement() whole:               {med(whole):7.2f} s  (median of {args.repeat}; target < 10 s)")
    print(f"  token matrix alone:            {med(matrix_t):7.2f} s")
    print(f"  krippendorff.alpha alone:      {med(alpha_t):7.2f} s  (alpha {alpha:.4f} = ours "
          f"{rep.tokens['krippendorff_alpha']:.4f})")
    print(f"  tokens {rep.tokens['tokens']}, span pairs {len(rep.spans['pairs'])}, "
          f"mean exact F1 {rep.spans['mean_exact_f1']:.3f}, Fleiss {rep.tokens['fleiss_kappa']:.3f}")


if __name__ == "__main__":
    main()
