"""Contradiction linker: layers, linking two spans in one undo step (across and within documents), reusing
claims, relabelling, label overrides per project, the L command's two-step flow, headless commands."""

from __future__ import annotations

import pytest

from annotator import EditError, LabelSpec


@pytest.fixture
def cproject(sample_with):
    return sample_with("contradiction-linker", name="c")


@pytest.fixture
def docs(cproject):
    return {d.source: d for d in cproject.documents()}


def span(doc, quote, nth=0):
    start = -1
    for _ in range(nth + 1):
        start = doc.text.index(quote, start + 1)
    return doc.id, start, start + len(quote)


def test_layers_are_declared(cproject):
    layers = cproject.layers()
    claim, link = layers["claim"], layers["contradiction"]
    assert claim.kind == "span" and [lab.name for lab in claim.labels] == ["claim"]
    assert claim.labels[0].shortcut == "C"
    assert link.kind == "link" and link.link_ends == ("claim",)
    assert [lab.name for lab in link.labels] == ["contradicts", "disputes", "differs-in-detail", "corroborates"]
    assert len({lab.color for lab in link.labels}) == 4
    facet = next(a for a in link.attributes if a.name == "facet")
    assert facet.type == "choice" and "date/time" in facet.choices and "cause" in facet.choices
    assert any(a.name == "note" for a in link.attributes)


def test_cross_document_link_and_one_step_undo(cproject, docs):
    from annotator_contradictions.linking import create_link_between_spans

    left = span(docs["AP"], "the detention of some 7,000 people")
    right = span(docs["AFP"], "at least 6,700 people detained")
    result = create_link_between_spans(cproject, left, right, "differs-in-detail", note="7,000 vs 6,700",
                                       facet="number")
    link = cproject.link(result.link.id)
    assert link.label == "differs-in-detail" and link.attributes == {"note": "7,000 vs 6,700", "facet": "number"}
    src, dst = cproject.annotation(link.source_id), cproject.annotation(link.target_id)
    assert (src.document_id, src.start, src.end) == left and (dst.document_id, dst.start, dst.end) == right
    assert src.layer == dst.layer == "claim" and len(result.created_claims) == 2
    # one undo removes the link and both claims it created
    cproject.undo()
    assert cproject.links(layer="contradiction") == []
    assert cproject.annotations(layer="claim") == []
    cproject.redo()
    assert len(cproject.links(layer="contradiction")) == 1 and len(cproject.annotations(layer="claim")) == 2


def test_same_document_link_reuses_an_existing_claim(cproject, docs):
    from annotator_contradictions.linking import create_link_between_spans

    cbc = docs["CBC"]
    police = span(cbc, "Belarusian police said he was killed")
    partner = span(cbc, "he had a perforation in his chest that she believes is a bullet wound")
    existing = cproject.add_annotation(*police, "claim", "claim", {"note": "police version"})
    # a mouse selection with surrounding spaces still finds the claim
    result = create_link_between_spans(cproject, (police[0], police[1] - 1, police[2] + 1), partner, "disputes",
                                       facet="cause")
    assert result.source.id == existing.id
    assert [a.id for a in result.created_claims] == [result.target.id]
    assert cproject.annotation(existing.id).attributes == {"note": "police version"}
    cproject.undo()  # removes the link and the new claim, keeps the claim made before
    assert cproject.links() == []
    assert [a.id for a in cproject.annotations(layer="claim")] == [existing.id]


def test_linking_the_same_claims_again_relabels(cproject, docs):
    from annotator_contradictions.linking import create_link_between_spans

    a = span(docs["AP"], "fled to Lithuania the day after the election")
    b = span(docs["AFP"], "left the country on Tuesday")
    first = create_link_between_spans(cproject, a, b, "differs-in-detail")
    second = create_link_between_spans(cproject, b, a, "contradicts", facet="date/time")
    assert second.updated and second.link.id == first.link.id
    assert [(l.label, l.attributes.get("facet")) for l in cproject.links()] == [("contradicts", "date/time")]
    assert len(cproject.annotations(layer="claim")) == 2


def test_bad_input_changes_nothing(cproject, docs):
    from annotator_contradictions.linking import create_link_between_spans

    a = span(docs["AP"], "some 7,000 people")
    b = span(docs["AFP"], "at least 6,700 people")
    with pytest.raises(EditError, match="not a contradiction label"):
        create_link_between_spans(cproject, a, b, "agrees")
    with pytest.raises(EditError, match="facet"):
        create_link_between_spans(cproject, a, b, "contradicts", facet="colour")
    with pytest.raises(EditError, match="same text"):
        create_link_between_spans(cproject, a, a, "contradicts")
    with pytest.raises(EditError, match="empty"):
        create_link_between_spans(cproject, (a[0], a[1], a[1]), b, "contradicts")
    assert cproject.annotations() == [] and cproject.links() == [] and not cproject.can_undo()


def test_project_label_set_is_editable(cproject, docs):
    from annotator_contradictions.linking import create_link_between_spans

    cproject.set_labels("contradiction", [LabelSpec("contradicts", "#e53935"), LabelSpec("omits", "#607d8b")])
    a = span(docs["AP"], "some 7,000 people")
    b = span(docs["CBC"], "thousands have been thrown in jail")
    assert create_link_between_spans(cproject, a, b, "omits").link.label == "omits"
    with pytest.raises(EditError):
        create_link_between_spans(cproject, a, b, "disputes")


def test_labels_command_edits_the_set_as_text(cproject, docs):
    from annotator_contradictions.layers import labels_to_text

    run = cproject.commands()["contradictions.labels"].run
    before = run(cproject, {})
    assert before.splitlines()[0] == "contradicts: The two claims cannot both be true"
    text = before.replace("corroborates", "confirms") + "\nomits: one report leaves out what the other says\n"
    assert run(cproject, {"labels": text}).endswith("differs-in-detail, confirms, omits")
    labels = cproject.layer("contradiction").labels
    assert [(lab.name, lab.shortcut) for lab in labels][-2:] == [("confirms", "4"), ("omits", "5")]
    assert labels[0].color == "#e53935" and len({lab.color for lab in labels}) == 5  # kept, new ones distinct
    assert labels_to_text(labels).endswith("omits: one report leaves out what the other says")
    for bad in ("", "a\na", ": no name"):
        with pytest.raises(EditError):
            run(cproject, {"labels": bad})
    assert [lab.name for lab in cproject.layer("contradiction").labels][-1] == "omits"  # unchanged by bad input
    a = span(docs["AP"], "some 7,000 people")
    b = span(docs["CBC"], "thousands have been thrown in jail")
    assert cproject.commands()["contradictions.link"].run(
        cproject, {"left": a, "right": b, "label": "omits"}).startswith("linked")


def test_link_command_two_steps_in_the_reader(cproject, docs):
    cmd = cproject.commands()["contradictions.link"]
    assert cmd.shortcut == "L" and cmd.menu == "Contradictions"
    cbc = docs["CBC"]
    first = span(cbc, "Belarusian police said he was killed")
    second = span(cbc, "it also does not show that he had an explosive device")
    message = cmd.run(cproject, {"document_id": cbc.id, "selection": first[1:]})
    assert "first end marked" in message and cproject.links() == []
    # L again on the same span keeps waiting
    assert "first end marked" in cmd.run(cproject, {"document_id": cbc.id, "selection": first[1:]})
    message = cmd.run(cproject, {"document_id": cbc.id, "selection": second[1:], "label": "disputes"})
    assert message.startswith("linked")
    (link,) = cproject.links()
    assert link.label == "disputes"
    ends = {(a.start, a.end) for a in map(cproject.annotation, (link.source_id, link.target_id))}
    assert ends == {first[1:], second[1:]}
    # the pending end was used up: the next L starts a new link
    assert "first end marked" in cmd.run(cproject, {"document_id": cbc.id, "selection": first[1:]})
    assert "forgotten" in cproject.commands()["contradictions.forget-end"].run(cproject, {})


def test_link_command_with_both_ends_and_without_selection(cproject, docs):
    cmd = cproject.commands()["contradictions.link"]
    left = span(docs["AP"], "some 7,000 people")
    right = span(docs["AFP"], "at least 6,700 people")
    cmd.run(cproject, {"left": left, "right": right})
    (link,) = cproject.links()
    assert link.label == "contradicts"  # the first label when none was used yet
    cmd.run(cproject, {"left": span(docs["AP"], "Aug. 9"), "right": span(docs["RFE/RL"], "August 9"),
                       "label": "corroborates"})
    cmd.run(cproject, {"left": span(docs["AP"], "in a landslide"), "right": span(docs["AFP"], "80 percent")})
    assert sorted(l.label for l in cproject.links()) == ["contradicts", "corroborates", "corroborates"]
    with pytest.raises(EditError, match="select a claim first"):
        cmd.run(cproject, {})


def test_list_command(cproject, docs):
    from annotator_contradictions.linking import create_link_between_spans

    create_link_between_spans(cproject, span(docs["AP"], "some 7,000 people"),
                              span(docs["AFP"], "at least 6,700 people"), "differs-in-detail", note="count")
    out = cproject.commands()["contradictions.list"].run(cproject, {})
    assert "differs-in-detail" in out and "AP: “some 7,000 people”" in out and "count" in out
