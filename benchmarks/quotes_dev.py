"""Scoring the quote marker on the hand-made dev-corpus gold (tests/data/quotes/dev_gold.json), with the rule
fallback, with the spaCy parse, and textacy's ``extract.triples.direct_quotations`` on the same spaCy docs as
a baseline in the same run. Used by ``benchmarks/eval_quotes.py`` (``--dev``); importable on its own.

Figures per split (``dev``: topics looked at while developing; ``heldout``: held out in the first session, looked
at in the third; ``blind``: annotated before the third session changed anything, errors never printed
): span P/R/F1 with exact and overlap matching (all quotes, and direct + partial), speaker accuracy on
direct and on partial quotes (a gold quote with no prediction counts as wrong; a role counts as right only
when the article never names the person, which is how the gold is written), the "unsure" rate (direct gold
quotes whose prediction has no speaker), the accuracy of the speakers that were named (precision of
attribution), and the number of direct quotes given a place or an organisation where the gold speaker is a
person.
"""

from __future__ import annotations

import json
import re
import statistics
import time
from pathlib import Path

from annotator_quotes.detect import detect_quotes, normalize
from annotator_quotes.evaluation import Span, span_scores, speaker_accuracy

MARKS = "\"“”‘’`'„«»"
PARTS = ("dev", "heldout", "blind", "all")


def load(gold_path: Path, corpus: Path):
    data = json.loads(gold_path.read_text(encoding="utf-8"))
    docs = []
    for d in data["documents"]:
        text = (corpus / d["file"]).read_text(encoding="utf-8")
        for q in d["quotes"]:
            assert text[q["start"]:q["end"]] == q["text"], (d["file"], q)
        docs.append((d, text))
    return data, docs


def gold_spans(docs) -> tuple[list[Span], dict[str, set[str]], set[tuple[str, str]]]:
    spans, names, not_persons = [], {}, set()
    for d, _ in docs:
        for q in d["quotes"]:
            who = f"{d['file']}::{q['speaker']}" if q["speaker"] else ""
            spans.append(Span(d["file"], q["start"], q["end"], q["kind"], who))
        for who, aliases in d["speakers"].items():
            forms = {normalize(a) for a in aliases} | {normalize(who)}
            names[f"{d['file']}::{who}"] = forms | {_bare(f) for f in forms}
        not_persons.update((d["file"], w) for w in d.get("not_persons", []))
    return spans, names, not_persons


def _bare(name: str) -> str:
    """A speaker without its leading article: "the white woman" and "white woman" are one answer."""
    return re.sub(r"^(?:the|a|an)\s+", "", name)


def load_spacy():
    """The default install's pipeline through the shared analysis (None when spaCy or a model is absent)."""
    from annotator.analysis import pipelines

    try:
        name = pipelines.resolve(None)
    except Exception as exc:  # noqa: BLE001 - report why and go on with the rules
        return None, str(exc)
    if name == pipelines.RULES:
        return None, "no spaCy pipeline installed (the rule analysis only)"
    return name, pipelines.pipeline_id(name)


#: why each prediction got its speaker: (mode, file, start) -> the suggestion's reason (for ``--errors``)
REASONS: dict[tuple[str, str, int], str] = {}
TEXTS: dict[str, str] = {}


def predict(docs, mode: str, nlp=None, parses=None) -> tuple[list[Span], list[float]]:
    out, times = [], []
    for d, text in docs:
        parse = parses[d["file"]] if mode == "spacy" else None
        t0 = time.perf_counter()
        quotes = detect_quotes(text, parse=parse)
        times.append((time.perf_counter() - t0) * 1000)
        TEXTS[d["file"]] = text
        for q in quotes:
            REASONS[(mode, d["file"], q.start)] = q.reason
            out.append(Span(d["file"], q.start, q.end, q.kind, _bare(normalize(q.speaker))))
    return out, times


def textacy_predict(docs, parses) -> tuple[list[Span] | None, str]:
    try:
        from textacy.extract.triples import direct_quotations
    except ImportError:
        return None, "textacy not installed (pip install textacy): baseline skipped"
    out, whole, per_para = [], 0, 0
    for d, text in docs:
        doc = parses[d["file"]]
        try:
            triples = [(t, 0) for t in direct_quotations(doc)]
            whole += 1
        except ValueError:  # an odd number of quote marks in the document: textacy refuses it; try paragraphs
            per_para += 1
            triples = []
            for m in re.finditer(r"[^\n]+", text):
                span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
                if span is None:
                    continue
                try:
                    triples += [(t, span.start_char) for t in direct_quotations(span.as_doc())]
                except ValueError:
                    continue
        for t, base in triples:
            content = t.content
            s, e = base + content.start_char, base + content.end_char
            while s < e and (text[s] in MARKS or text[s].isspace()):
                s += 1
            while e > s and (text[e - 1] in MARKS or text[e - 1].isspace()):
                e -= 1
            speaker = " ".join(tok.text for tok in t.speaker)
            out.append(Span(d["file"], s, e, "direct", _bare(normalize(speaker))))
    return out, f"textacy on {whole} whole documents, {per_para} split into paragraphs (odd quote marks)"


def scores(gold: list[Span], pred: list[Span], names, not_persons, parses=None) -> dict:
    spans = span_scores(gold, pred)
    attr = span_scores(gold, [p for p in pred], kinds=None)
    direct = speaker_accuracy(gold, pred, names, "direct")
    partial = speaker_accuracy(gold, pred, names, "partial")
    named = speaker_accuracy(gold, [p for p in pred if p.speaker], names, "direct", matched_only=True)
    from annotator_quotes.evaluation import _match

    kinds_right = kinds_of = 0
    for g in gold:
        p = _match(g, pred)
        if p is not None:
            kinds_of += 1
            kinds_right += p.kind == g.kind
    unsure = wrong_kind_speaker = 0
    n_direct = 0
    for g in gold:
        if g.kind != "direct":
            continue
        n_direct += 1
        p = _match(g, pred)
        if p is None or not p.speaker:
            unsure += 1
            continue
        file, _, who = g.speaker.partition("::")
        right = normalize(p.speaker) in names.get(g.speaker, set())
        if who and not right and (file, who) not in not_persons and parses is not None:
            doc = parses[file]
            said = normalize(p.speaker)
            if any(normalize(e.text) == said or normalize(re.sub(r"^the\s+", "", e.text, flags=re.I)) == said
                   for e in doc.ents if e.label_ in ("GPE", "LOC", "FAC", "ORG", "NORP")):
                wrong_kind_speaker += 1
    return {
        "spans": {k: v.as_dict() for k, v in spans.items()},
        "spans_direct_partial": {k: v.as_dict()
                                 for k, v in span_scores(gold, pred, kinds=("direct", "partial")).items()},
        "speaker_direct": direct.as_dict(),
        "speaker_partial": partial.as_dict(),
        "unsure_direct": {"rate": round(unsure / n_direct, 4) if n_direct else 0.0, "n": unsure, "of": n_direct},
        "named_direct_precision": named.as_dict(),
        "place_or_org_for_person": wrong_kind_speaker,
        "kind_agreement": {"accuracy": round(kinds_right / kinds_of, 4) if kinds_of else 0.0, "right": kinds_right,
                           "total": kinds_of},
        "_errors": direct.errors + partial.errors,
        "_attr": attr,
    }


def evaluate(gold_path: Path, corpus: Path, *, with_spacy: bool = True) -> tuple[dict, dict]:
    data, docs = load(gold_path, corpus)
    split = data["split"]
    name, pipeline = load_spacy() if with_spacy else (None, "not requested")
    parses = None
    parse_ms = None
    if name is not None:
        from annotator import analysis

        analysis.analyse("warm up", name, cache=False)
        t0 = time.perf_counter()
        parses = {d["file"]: analysis.analyse(text, name).spacy for d, text in docs}
        parse_ms = (time.perf_counter() - t0) * 1000 / len(docs)
    gold_all, names, not_persons = gold_spans(docs)
    figures: dict = {"gold": {"articles": len(docs), "topics": len({d["topic"] for d, _ in docs}),
                              "quotes": len(gold_all),
                              "by_kind": {k: sum(g.kind == k for g in gold_all)
                                          for k in ("direct", "partial", "scare")},
                              "split": split},
                     "pipeline": pipeline}
    details: dict = {}
    runs = {"rules": predict(docs, "rules")}
    if parses is not None:
        runs["spacy"] = predict(docs, "spacy", parses=parses)
        tx, note = textacy_predict(docs, parses)
        figures["textacy_note"] = note
        if tx is not None:
            runs["textacy"] = (tx, [])
    else:
        figures["textacy_note"] = "no spaCy pipeline: textacy baseline skipped"
    for mode, (pred, times) in runs.items():
        figures[mode] = {}
        for part in PARTS:
            topics = set().union(*split.values()) if part == "all" else set(split.get(part, ()))
            files = {d["file"] for d, _ in docs if d["topic"] in topics}
            g = [x for x in gold_all if x.document in files]
            p = [x for x in pred if x.document in files]
            sc = scores(g, p, names, not_persons, parses)
            details[(mode, part)] = sc.pop("_errors")
            sc.pop("_attr")
            figures[mode][part] = sc
        if times:
            figures[mode]["ms_per_article_median"] = round(statistics.median(times), 2)
    if parse_ms is not None:
        figures["spacy_parse_ms_per_article_mean"] = round(parse_ms, 1)
    return figures, details


def report(f: dict, details: dict, errors: bool, split_filter: str | None = None) -> None:
    g = f["gold"]
    print(f"\nDev-corpus gold: {g['quotes']} quotes in {g['articles']} articles of {g['topics']} topics "
          f"{g['by_kind']}; dev topics {', '.join(g['split']['dev'])}; held-out {', '.join(g['split']['heldout'])}; "
          f"blind {', '.join(g['split'].get('blind', []))}")
    print(f"spaCy pipeline: {f['pipeline']}; {f.get('textacy_note', '')}")
    modes = [m for m in ("spacy", "rules", "textacy") if m in f]
    for part in PARTS:
        print(f"\n[{part}]{'':22}" + "".join(f"{m:>18}" for m in modes))
        def acc(key):
            return lambda s: f"{s[key]['accuracy']:.3f} {s[key]['right']}/{s[key]['total']}"

        rows = [
            ("spans exact F1", lambda s: f"{s['spans']['exact']['f1']:.3f}"),
            ("spans overlap P", lambda s: f"{s['spans']['overlap']['precision']:.3f}"),
            ("spans overlap R", lambda s: f"{s['spans']['overlap']['recall']:.3f}"),
            ("spans overlap F1", lambda s: f"{s['spans']['overlap']['f1']:.3f}"),
            ("speaker, direct", acc("speaker_direct")),
            ("speaker, partial", acc("speaker_partial")),
            ("unsure (direct)",
             lambda s: f"{s['unsure_direct']['rate']:.3f} {s['unsure_direct']['n']}/{s['unsure_direct']['of']}"),
            ("named speakers right", acc("named_direct_precision")),
            ("place/org for person", lambda s: f"{s['place_or_org_for_person']}"),
            ("kind agreement (found)", acc("kind_agreement")),
        ]
        for label, fn in rows:
            print(f"  {label:26}" + "".join(f"{fn(f[m][part]):>18}" for m in modes))
    times = "; ".join(f"{m} {f[m]['ms_per_article_median']} ms" for m in modes if "ms_per_article_median" in f[m])
    print(f"\ndetection per article (median): {times}; spaCy parse {f.get('spacy_parse_ms_per_article_mean')} ms "
          "per article (mean, shared with every plugin through the analysis cache)")
    if errors:
        for (mode, part), errs in details.items():
            # the blind topics' errors are never printed: they stay a check of what was not tuned on
            if mode == "textacy" or part in ("all", "blind") or (split_filter and part != split_filter):
                continue
            print(f"\nspeaker errors, {mode}, {part}:")
            for gs, said in errs:
                print(f"  {gs.document} {gs.start} {gs.kind} gold={gs.speaker.partition('::')[2]!r} said={said!r}")
                text = TEXTS.get(gs.document, "")
                words = text[gs.start:gs.end]
                print(f"      “{words[:70]}{'…' if len(words) > 70 else ''}”  {text[gs.end:gs.end + 60]!r}")
                why = next((r for (m, f, s), r in REASONS.items()
                            if m == mode and f == gs.document and gs.start <= s < gs.end or
                            m == mode and f == gs.document and s <= gs.start < s + 1), None)
                if why:
                    print(f"      why: {why[:220]}")
