"""Random and adversarial output from fake suggester plugins: the project stays valid, the good suggester's
proposals are stored, and no plugin but the misbehaving one is ever blamed."""

from __future__ import annotations

import math

import pytest
from checks import assert_project_valid
from hypothesis import given, settings
from hypothesis import strategies as st
from support import CORPUS, open_project

from annotator import EntitySuggestion, LinkSuggestion, SpanSuggestion, Suggester, hookimpl

JUNK = st.one_of(
    st.none(), st.booleans(), st.integers(-10, 10**7), st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=6), st.sampled_from(["\ud800", "", " ", "PERSON", "entity", "contradiction", "k0", "k1"]),
    st.binary(max_size=4), st.lists(st.integers(), max_size=2), st.just(object()), st.just({1, 2}),
)
ATTRS = st.one_of(
    st.dictionaries(st.text(max_size=4), st.one_of(st.integers(), st.text(max_size=4), st.floats(), st.none(),
                                                    st.lists(st.integers(), max_size=2)), max_size=3),
    st.dictionaries(st.integers(), st.integers(), max_size=2), JUNK,
)


@st.composite
def proposal(draw, doc_ids: list[str], lengths: dict[str, int]):
    kind = draw(st.sampled_from(["span", "span", "span", "link", "entity", "junk"]))
    if kind == "span":
        doc = draw(st.one_of(st.sampled_from(doc_ids), JUNK))
        n = lengths.get(doc, 50) if isinstance(doc, str) else 50
        start = draw(st.one_of(st.integers(-2, n + 2), JUNK))
        end = draw(st.one_of(st.integers(-2, n + 2), JUNK))
        return SpanSuggestion(doc, start, end, draw(st.sampled_from(["entity", "quote", "contradiction", "nope"])),
                              draw(st.sampled_from(["PERSON", "ORG", "quote", "WIZARD", ""])), draw(ATTRS),
                              draw(st.one_of(st.none(), st.floats(), JUNK)), draw(st.one_of(st.just(""), JUNK)),
                              draw(st.one_of(st.none(), st.sampled_from(["k0", "k1", "k2"]), JUNK)))
    if kind == "link":
        return LinkSuggestion(draw(st.sampled_from(["contradiction", "entity", "nope"])),
                              draw(st.sampled_from(["contradicts", "agrees", "bad"])),
                              draw(st.one_of(st.sampled_from(["k0", "k1", "k2"]), JUNK)),
                              draw(st.one_of(st.sampled_from(["k0", "k1", "k2"]), JUNK)), draw(ATTRS),
                              draw(st.one_of(st.none(), JUNK)))
    if kind == "entity":
        return EntitySuggestion(draw(st.one_of(st.text(max_size=8), JUNK)), draw(st.sampled_from(["PERSON", "", 3])),
                                draw(st.one_of(st.lists(st.text(max_size=3), max_size=2), JUNK)),
                                draw(st.one_of(st.lists(st.sampled_from(["k0", "k1", "zz"]), max_size=2), JUNK)),
                                draw(st.one_of(st.none(), JUNK)))
    return draw(JUNK)


@pytest.fixture(scope="module")
def arena(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("fuzz-suggest")
    state: dict = {"proposals": [], "raise_after": None}

    def fuzzed(project, documents, task):
        for i, p in enumerate(state["proposals"]):
            if state["raise_after"] is not None and i >= state["raise_after"]:
                raise RuntimeError("fuzzed failure")
            yield p

    def good(project, documents, task):
        for doc in documents:
            yield SpanSuggestion(doc.id, 0, 1, "entity", "ORG", reason="first character")

    class Fuzzed:
        @hookimpl
        def register_suggesters(self, register):
            register(Suggester("fuzzed", fuzzed))

    class Good:
        @hookimpl
        def register_suggesters(self, register):
            register(Suggester("good", good))

    proj = open_project(tmp / "fuzz.annotator", ("fuzzed-plugin", Fuzzed()), ("good-plugin", Good()))
    proj.import_paths([CORPUS])
    yield proj, state, tmp
    proj.close()


@settings(settings.get_profile("fuzz"))
@given(data=st.data())
def test_random_suggester_output_never_harms_the_project(arena, data):
    proj, state, tmp = arena
    docs = proj.documents()
    ids = [d.id for d in docs]
    lengths = {d.id: len(d.text) for d in docs}
    state["proposals"] = data.draw(st.lists(proposal(ids, lengths), max_size=12))
    state["raise_after"] = data.draw(st.one_of(st.none(), st.integers(0, 12)))
    for name in ("fuzzed-plugin", "good-plugin"):
        if not proj.host.active(name):
            proj.set_plugin_enabled(name, True)
    report = proj.suggest()  # never raises
    assert "good" in report.counts, report.summary()
    assert proj.host.active("good-plugin")
    first = {(a.document_id, a.start, a.end) for a in proj.annotations(origin="good-plugin")}
    assert first == {(d, 0, 1) for d in ids}
    for a in proj.annotations(origin="fuzzed-plugin"):
        assert isinstance(a.start, int) and isinstance(a.end, int) and not isinstance(a.start, bool)
        score = a.attributes.get("_score")
        assert score is None or math.isfinite(score)
    assert_project_valid(proj, tmp)
