"""Agreement figures: tiny hand-worked examples, and every statistic checked against the library that computes the
same number on the same data (scikit-learn's Cohen's kappa, statsmodels' Fleiss' kappa, krippendorff's alpha,
scorch's coreference scores), on real project files with several authors."""

from __future__ import annotations

import json
import random

import pytest
from click.testing import CliRunner

from annotator import ImportBatch, NewDocument
from annotator.services import agreement as ag
from annotator.services.agreement_report import render

sklearn_metrics = pytest.importorskip("sklearn.metrics", reason="the test extra installs scikit-learn")
inter_rater = pytest.importorskip("statsmodels.stats.inter_rater", reason="the test extra installs statsmodels")
krippendorff = pytest.importorskip("krippendorff")

TEXT_A = "Police detained 7,000 people in Minsk on Sunday, Alexander Lukashenko said. He blamed Poland 🇵🇱."
TEXT_B = "About 6,700 were held, said Viasna. Lukashenko's critics in Vilnius disagreed."


@pytest.fixture
def team(proj):
    """Two documents for alice, bob and carol to annotate (the unit tests' layers: ``entity`` and the
    ``contradiction`` link layer)."""
    batch = ImportBatch(documents=[NewDocument(text=TEXT_A, title="A", id="DA", clean=False),
                                   NewDocument(text=TEXT_B, title="B", id="DB", clean=False)])
    proj.store_batch(batch)
    return proj


def _span(project, doc, text, needle, label, layer="entity", **attrs):
    i = text.index(needle)
    return project.add_annotation(doc, i, i + len(needle), layer, label, attrs)


def _layer_labels(project):
    spec = project.layer("entity")
    return [l.name for l in spec.labels]


def test_hand_worked_span_f1_and_kappa(team):
    p = team
    L = _layer_labels(p)
    x, y = L[0], L[1]
    p.set_author("alice")
    _span(p, "DA", TEXT_A, "Police", x)
    _span(p, "DA", TEXT_A, "Minsk", y)
    _span(p, "DA", TEXT_A, "Alexander Lukashenko", x)
    p.set_author("bob")
    _span(p, "DA", TEXT_A, "Police", x)           # exact match
    _span(p, "DA", TEXT_A, "Minsk on Sunday", y)  # overlap only
    _span(p, "DA", TEXT_A, "Lukashenko", y)       # overlaps, other label
    rep = ag.agreement(p, "entity")
    pair = rep.spans["pairs"]["alice ~ bob"]
    assert pair["exact"]["matched"] == 1 and pair["exact"]["f1"] == pytest.approx(2 * 1 / 6)
    assert pair["overlap"]["matched"] == 2 and pair["overlap"]["f1"] == pytest.approx(4 / 6)
    assert pair["overlap_unlabelled"]["matched"] == 3
    assert sorted(map(tuple, pair["confusion"])) == sorted([(x, x, 1), (x, y, 1), (y, y, 1)])
    kinds = sorted(d["kind"] for d in rep.disagreements)
    assert kinds == ["boundary", "label"]
    # token level: alice and bob's labels per token, against scikit-learn on the same vectors
    toks = ag.tokens_of(TEXT_A)
    la = ag.token_labels(toks, [a for a in p.annotations(layer="entity") if a.author == "alice"])
    lb = ag.token_labels(toks, [a for a in p.annotations(layer="entity") if a.author == "bob"])
    t = rep.tokens["pairs"]["alice ~ bob"]
    assert t["tokens"] == len(toks)
    assert t["cohen_kappa"] == pytest.approx(sklearn_metrics.cohen_kappa_score(la, lb))
    cats = {c: i for i, c in enumerate(sorted(set(la) | set(lb)))}
    alpha = krippendorff.alpha(reliability_data=[[cats[v] for v in la], [cats[v] for v in lb]],
                               level_of_measurement="nominal")
    assert rep.tokens["krippendorff_alpha"] == pytest.approx(alpha)
    # "Lukashenko" is a token labelled x by alice (inside "Alexander Lukashenko") and y by bob
    i = next(k for k, tok in enumerate(toks) if TEXT_A[tok.start:tok.end] == "Lukashenko")
    assert (la[i], lb[i]) == (x, y)


def test_kappas_and_alpha_match_the_libraries_on_random_data():
    rng = random.Random(7)
    for trial in range(30):
        n = rng.randint(5, 300)
        k = rng.randint(2, 5)
        a = [rng.randrange(k) for _ in range(n)]
        b = [v if rng.random() < 0.6 else rng.randrange(k) for v in a]
        if len(set(a) | set(b)) > 1:
            assert ag.cohen_kappa(a, b) == pytest.approx(sklearn_metrics.cohen_kappa_score(a, b)), trial
        raters = rng.randint(3, 6)
        table = []
        for _ in range(n):
            row = [0] * k
            for _r in range(raters):
                row[rng.randrange(k)] += 1
            table.append(row)
        assert ag.fleiss_kappa(table) == pytest.approx(inter_rater.fleiss_kappa(table, method="fleiss")), trial


def test_fleiss_and_alpha_for_three_annotators_with_a_missing_document(team):
    p = team
    L = _layer_labels(p)
    for who, picks in (("alice", ["Police", "Minsk"]), ("bob", ["Police", "Lukashenko"]),
                       ("carol", ["Police", "Minsk", "Poland"])):
        p.set_author(who)
        for needle in picks:
            _span(p, "DA", TEXT_A, needle, L[0])
    p.set_author("alice")
    _span(p, "DB", TEXT_B, "Viasna", L[0])  # only alice annotated document B
    rep = ag.agreement(p, "entity")
    assert rep.sources == ["alice", "bob", "carol"] and rep.documents == 2
    toks_a, toks_b = ag.tokens_of(TEXT_A), ag.tokens_of(TEXT_B)
    labels = {}
    for who in ("alice", "bob", "carol"):
        mine = [a for a in p.annotations(layer="entity") if a.author == who]
        labels[who] = ag.token_labels(toks_a, [a for a in mine if a.document_id == "DA"])
    cats = sorted({v for v in labels["alice"] + labels["bob"] + labels["carol"]})
    table = [[sum(labels[w][i] == c for w in labels) for c in cats] for i in range(len(toks_a))]
    assert rep.tokens["fleiss_tokens"] == len(toks_a)  # document B is alice's only: not in Fleiss
    assert rep.tokens["fleiss_kappa"] == pytest.approx(inter_rater.fleiss_kappa(table, method="fleiss"))
    # alpha: document B's tokens are missing (nan) for bob and carol, alice's labels count
    alice_b = ag.token_labels(toks_b, [a for a in p.annotations(layer="entity") if a.document_id == "DB"])
    all_cats = {c: i for i, c in enumerate(sorted(set(cats) | set(alice_b)))}
    nan = float("nan")
    data = [[all_cats[v] for v in labels["alice"]] + [all_cats[v] for v in alice_b],
            [all_cats[v] for v in labels["bob"]] + [nan] * len(toks_b),
            [all_cats[v] for v in labels["carol"]] + [nan] * len(toks_b)]
    assert rep.tokens["krippendorff_alpha"] == pytest.approx(
        krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))


def test_links_match_when_both_ends_match_across_documents_typed_and_untyped(team):
    p = team
    L = _layer_labels(p)
    link_layer = next(n for n, s in p.layers().items() if s.kind == "link")
    link_labels = [l.name for l in p.layer(link_layer).labels]
    ends = {}
    for who, b_needle in (("alice", "6,700"), ("bob", "About 6,700")):
        p.set_author(who)
        a1 = _span(p, "DA", TEXT_A, "7,000 people", L[0])
        b1 = _span(p, "DB", TEXT_B, b_needle, L[0])
        a2 = _span(p, "DA", TEXT_A, "Minsk", L[0])
        ends[who] = (a1, b1, a2)
    p.set_author("alice")
    p.add_link(ends["alice"][0].id, ends["alice"][1].id, link_layer, link_labels[0])  # across documents
    p.add_link(ends["alice"][0].id, ends["alice"][2].id, link_layer, link_labels[0])
    p.set_author("bob")
    p.add_link(ends["bob"][0].id, ends["bob"][1].id, link_layer, link_labels[-1])     # same ends, other type
    p.add_link(ends["bob"][0].id, ends["bob"][2].id, link_layer, link_labels[0])
    rep = ag.agreement(p, "entity")
    links = rep.links["pairs"]["alice ~ bob"]
    # exact: the cross-document link's target differs ("6,700" vs "About 6,700"), so only the second matches
    assert links["exact_untyped"]["matched"] == 1 and links["exact_typed"]["matched"] == 1
    assert links["overlap_untyped"]["matched"] == 2
    assert links["overlap_typed"]["matched"] == (2 if link_labels[0] == link_labels[-1] else 1)
    assert links["cross_document"]["reference"] == 1 and links["cross_document"]["other"] == 1


def test_entity_clusters_scored_as_scorch_scores_them(team):
    import scorch.scores as sc

    p = team
    L = _layer_labels(p)
    p.set_author("alice")
    e1 = p.add_entity("Alexander Lukashenko")
    e2 = p.add_entity("Viasna", "ORG")
    for doc, text, needle, e in (("DA", TEXT_A, "Alexander Lukashenko", e1), ("DA", TEXT_A, "He", e1),
                                 ("DB", TEXT_B, "Lukashenko", e1), ("DB", TEXT_B, "Viasna", e2)):
        _span(p, doc, text, needle, L[0], entity_id=e.id)
    p.set_author("bob")
    f1, f2 = p.add_entity("Lukashenko"), p.add_entity("He")
    for doc, text, needle, e in (("DA", TEXT_A, "Alexander Lukashenko", f1), ("DA", TEXT_A, "He", f2),
                                 ("DB", TEXT_B, "Lukashenko", f1), ("DB", TEXT_B, "Viasna", f2)):
        _span(p, doc, text, needle, L[0], entity_id=e.id)
    rep = ag.agreement(p, "entity")
    got = rep.entities["pairs"]["alice ~ bob"]
    assert got["mentions"] == 4
    m = lambda d, s, n: (d, (TEXT_A if d == "DA" else TEXT_B).index(s), (TEXT_A if d == "DA" else TEXT_B).index(s) + n)
    luka, he, luka_b, viasna = m("DA", "Alexander Lukashenko", 20), m("DA", "He", 2), m("DB", "Lukashenko", 10), \
        m("DB", "Viasna", 6)
    key = [{luka, he, luka_b}, {viasna}]
    response = [{luka, luka_b}, {he, viasna}]
    assert got["b3"] == pytest.approx(sc.b_cubed(key, response)[2])
    assert got["muc"] == pytest.approx(sc.muc(key, response)[2])
    assert got["ceaf_e"] == pytest.approx(sc.ceaf_e(key, response)[2])
    assert got["blanc"] == pytest.approx(sc.blanc(key, response)[2])
    # hand-worked B³ recall: (2²/3 + 1²/3 + 1/1) / 4 = 2/3
    assert sc.b_cubed(key, response)[0] == pytest.approx(2 / 3)


def test_attribute_and_label_agreement_on_the_same_spans(team):
    p = team
    L = _layer_labels(p)
    p.set_author("alice")
    _span(p, "DA", TEXT_A, "Police", L[0], speaker="AP")
    _span(p, "DA", TEXT_A, "Minsk", L[0], speaker="AFP")
    p.set_author("bob")
    _span(p, "DA", TEXT_A, "Police", L[0], speaker="AP")
    _span(p, "DA", TEXT_A, "Minsk", L[1], speaker="CBC")
    rep = ag.agreement(p, "entity")
    a = rep.attributes["pairs"]["alice ~ bob"]
    assert a["matched_spans"] == 2 and a["label"]["agreement"] == 0.5
    assert a["attributes"]["speaker"]["agreement"] == 0.5


def test_suggesters_evaluated_against_reviewed_documents(team):
    p = team
    L = _layer_labels(p)
    p.set_author("alice")
    good = _span(p, "DA", TEXT_A, "Police", L[0])
    bad = _span(p, "DA", TEXT_A, "Sunday", L[0])
    missed = _span(p, "DA", TEXT_A, "Minsk", L[0])
    pending = _span(p, "DB", TEXT_B, "Viasna", L[0])
    # pretend a plugin proposed the first two and the document-B one (origin is the suggester's name)
    for a in (good, bad, pending):
        p._commit([("annotation", "update", a, a.replace(origin="demo-tagger", status="suggested"))])
    p.set_status([good.id], "accepted")
    p.set_status([bad.id], "rejected")
    res = ag.evaluate_suggesters(p, "entity")
    assert res["documents"] == 1  # document B still has a suggestion waiting: not reviewed
    demo = res["suggesters"]["demo-tagger"]["all"]
    assert (demo["matched"], demo["other"], demo["reference"]) == (1, 2, 2)
    assert demo["precision"] == 0.5 and demo["recall"] == 0.5
    assert missed.origin == "manual"


def test_cli_agreement_reports_in_every_format(team, tmp_path):
    from annotator.cli import cli

    p = team
    L = _layer_labels(p)
    for who in ("alice", "bob"):
        p.set_author(who)
        _span(p, "DA", TEXT_A, "Police", L[0])
    p.set_author("bob")
    _span(p, "DA", TEXT_A, "Minsk", L[0])
    path = str(p.path)
    p.close()
    run = lambda *args: CliRunner().invoke(cli, ["agreement", "-p", path, "--layer", "entity", *args])
    table = run()
    assert table.exit_code == 0, table.output
    assert "span F1 (exact)" in table.output and "alice ~ bob" in table.output and "0.667" in table.output
    data = json.loads(run("--format", "json").output)
    assert data["agreement"][0]["spans"]["pairs"]["alice ~ bob"]["exact"]["f1"] == pytest.approx(2 / 3)
    csv_text = run("--format", "csv").output
    assert csv_text.splitlines()[0] == "layer,measure,pair,label,value,precision,recall,n"
    out = tmp_path / "report.html"
    assert run("--format", "html", "-o", str(out)).exit_code == 0
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "<svg" in html and "http" not in html.split("</style>")[0]
    bad = CliRunner().invoke(cli, ["agreement", "-p", path, "--layer", "nope"])
    assert bad.exit_code != 0 and "no span layer 'nope'" in bad.output


def test_report_renderers_handle_a_single_source(team):
    p = team
    L = _layer_labels(p)
    _span(p, "DA", TEXT_A, "Police", L[0])
    rep = ag.agreement(p, "entity")
    assert rep.notes and "two or more sources" in rep.notes[0]
    for fmt in ("table", "csv", "json", "html"):
        assert render([rep], fmt)
