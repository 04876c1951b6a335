"""One file per annotator, end to end through the command line: assign copies of the sample project, two
annotators annotate apart (entities, a contradiction link across documents), merge them back (attributed, nothing
duplicated, repeatable, order-independent), and see their agreement per layer, links included."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from annotator import Project
from annotator.plugins import PluginHost

PLUGINS = ["core-cleaners", "core-readers", "core-json", "entity-tagger", "contradiction-linker"]


def run(*args):
    from annotator.cli import cli

    result = CliRunner().invoke(cli, list(args), env={"ANNOTATOR_LOAD_PLUGINS": ",".join(PLUGINS)})
    assert result.exit_code == 0, result.output
    return result.output


def _annotate(path: Path, who: str, *, second_label: str):
    p = Project(path, host=PluginHost(load=PLUGINS), author=who)
    docs = sorted(p.documents(), key=lambda d: d.source)[:2]
    made = []
    for d in docs:
        i = d.text.index("Lukashenk")
        made.append(p.add_annotation(d.id, i, i + 10, "entity", "PERSON"))
    j = docs[0].text.index("Minsk")
    p.add_annotation(docs[0].id, j, j + 5, "entity", second_label)
    claim_layer = next(n for n, s in p.layers().items() if s.kind == "link")
    label = p.layer(claim_layer).labels[0].name
    ends = p.layer(claim_layer).link_ends
    if ends:  # link two claims if the link layer wants claims, else the entity mentions
        claims = []
        for d in docs:
            k = d.text.index(".")
            claims.append(p.add_annotation(d.id, 0, k, ends[0], p.layer(ends[0]).labels[0].name))
        p.add_link(claims[0].id, claims[1].id, claim_layer, label)
    else:
        p.add_link(made[0].id, made[1].id, claim_layer, label)
    n = len(p.annotations())
    p.close()
    return n


def test_assign_annotate_merge_and_agree(tmp_path):
    base = tmp_path / "study.annotator"
    run("new", str(base), "--sample")
    out = run("assign", "-p", str(base), "--to", "alice,bob")
    alice, bob = tmp_path / "study-alice.annotator", tmp_path / "study-bob.annotator"
    assert f"wrote {alice}" in out and f"wrote {bob}" in out
    for copy in (alice, bob):
        p = Project(copy, host=PluginHost(load=PLUGINS))
        assert len(p.documents()) == 5 and p.annotations() == []
        p.close()
    n_a = _annotate(alice, "alice", second_label="GPE")
    n_b = _annotate(bob, "bob", second_label="ORG")
    team = tmp_path / "team.annotator"
    out = run("merge", str(alice), str(bob), "-o", str(team))
    assert "merged" in out
    t = Project(team, host=PluginHost(load=PLUGINS))
    anns = t.annotations()
    assert len(t.documents()) == 5 and len(anns) == n_a + n_b
    assert {a.author for a in anns} == {"alice", "bob"} and len(t.links()) == 2
    before = json.dumps(sorted(a.id for a in anns))
    t.close()
    # repeatable: merging again adds nothing
    again = run("merge", str(bob), str(alice), "-o", str(team))
    assert "0 annotation(s)" in again
    t = Project(team, host=PluginHost(load=PLUGINS))
    assert json.dumps(sorted(a.id for a in t.annotations())) == before
    t.close()
    # order-independent: the other order into a new project gives the same content
    team2 = tmp_path / "team2.annotator"
    run("merge", str(bob), str(alice), "-o", str(team2))
    t2 = Project(team2, host=PluginHost(load=PLUGINS))
    assert json.dumps(sorted(a.id for a in t2.annotations())) == before
    t = Project(team, host=PluginHost(load=PLUGINS))
    assert sorted(l.id for l in t2.links()) == sorted(l.id for l in t.links())
    t.close()
    t2.close()
    # agreement per layer, links included
    report = json.loads(run("agreement", "-p", str(team), "--format", "json"))
    by_layer = {r["layer"]: r for r in report["agreement"]}
    ent = by_layer["entity"]
    pair = ent["spans"]["pairs"]["alice ~ bob"]
    assert pair["exact"]["matched"] == 2 and pair["overlap_unlabelled"]["matched"] == 3
    linked = [r for r in report["agreement"] if r["links"]]
    assert linked and all(r["links"]["pairs"]["alice ~ bob"]["cross_document"]["reference"] == 1 for r in linked)


def test_assign_keeps_annotations_as_suggestions_and_selected_documents(tmp_path):
    base = tmp_path / "s.annotator"
    run("new", str(base), "--sample")
    run("suggest", "-p", str(base), "--plugin", "entity-tagger")
    p = Project(base, host=PluginHost(load=PLUGINS))
    docs = [d.id for d in p.documents()][:2]
    p.set_status([a.id for a in p.annotations()][:5], "accepted")
    n = len(p.annotations(document_id=docs[0])) + len(p.annotations(document_id=docs[1]))
    p.close()
    run("assign", "-p", str(base), "--to", "carol", "--annotations", "suggest", "--document", docs[0],
        "--document", docs[1], "-o", str(tmp_path / "out"))
    c = Project(tmp_path / "out" / "s-carol.annotator", host=PluginHost(load=PLUGINS))
    assert sorted(d.id for d in c.documents()) == sorted(docs)
    assert len(c.annotations()) == n and {a.status for a in c.annotations()} == {"suggested"}
    assert not c.can_undo()  # the copy starts its own history
    c.close()


def test_assign_and_merge_refuse_bad_requests(tmp_path):
    from annotator.cli import cli

    base = tmp_path / "s.annotator"
    run("new", str(base), "--sample")
    r = CliRunner().invoke(cli, ["assign", "-p", str(base), "--to", "dora", "--document", "NOPE"])
    assert r.exit_code != 0 and "no document 'NOPE'" in r.output
    assert not (tmp_path / "s-dora.annotator").exists()
    run("assign", "-p", str(base), "--to", "dora")
    r = CliRunner().invoke(cli, ["assign", "-p", str(base), "--to", "dora"])
    assert r.exit_code != 0 and "exists already" in r.output
    r = CliRunner().invoke(cli, ["merge", str(base), "-o", str(base)])
    assert r.exit_code != 0 and "output project itself" in r.output
