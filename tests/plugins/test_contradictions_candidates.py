"""The candidate generator: sentence splitting, quantities and dates normalised, the detectors on sample
sentences (with their reasons), the whole run on the sample corpus against the gold list, storing suggestions
through the real suggest service, reviewing them, progress and cancellation."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import pytest
from annotator_contradictions.candidates import Settings, Stats, generate

from annotator import Cancelled, Project, TaskContext
from annotator.plugins import PluginHost

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
GOLD = ROOT / "tests" / "data" / "contradictions_gold.json"
PLUGINS = ["core-cleaners", "core-readers", "core-json", "contradiction-linker"]
PUBLISHED = "2020-08-15"


@pytest.fixture
def cproject(tmp_path):
    proj = Project(tmp_path / "c.annotator", host=PluginHost(load=PLUGINS), author="tester")
    assert len(proj.import_paths([CORPUS]).imported) == 5
    yield proj
    proj.close()


def analyse(text, anchors=None):
    from annotator_contradictions.features import analyse as _analyse

    return _analyse(text, PUBLISHED, anchors)


def compare(a, b, sim=0.4, anchors=None):
    from annotator_contradictions.compare import compare as _compare

    return _compare(analyse(a, anchors), analyse(b, anchors), sim)


# ------------------------------------------------------------------------------------------- sentences


def test_sentences_and_words_come_from_the_shared_analysis():
    from annotator_contradictions.words import words

    from annotator import analysis

    text = ("It was the seventh day of protests after the Aug. 9 election, U.S. officials said. Lukashenko declared: "
            "“Listen — we have a normal country. We don’t need mediators.” He appeared to refer to Poland.")
    a = analysis.analyse(text, pipeline=analysis.RULES)
    seen = []

    def analysis_of(doc):
        seen.append(doc.id)
        return a

    doc = SimpleNamespace(id="d1", text=text, published=PUBLISHED, source="X", title="t")
    stats = Stats()
    generate([doc], Settings(), stats=stats, analysis_of=analysis_of)
    assert seen == ["d1"] and stats.sentences == len(a.sentences) == 3
    s = a.sentences[0]
    ws = words(a, s.start, s.end)
    assert [w.text for w in ws][:3] == ["It", "was", "the"] and all(w.start >= 0 for w in ws)
    assert text[s.start + ws[-1].start:s.start + ws[-1].end] == "said"


# ------------------------------------------------------------------------------------------- normalising


def test_quantities_are_normalised_to_ranges():
    from annotator_contradictions.quantities import extract_quantities
    from annotator_contradictions.words import text_words as tokenize

    def q(text):
        return [(x.surface, x.low, x.high, x.unit) for x in extract_quantities(text, tokenize(text))]

    assert q("the detention of some 7,000 people")[0][:3] == ("some 7,000", pytest.approx(6300), pytest.approx(7700))
    assert q("with at least 6,700 people detained")[0][1:] == (6700, float("inf"), "people")
    assert q("Officials have confirmed two deaths")[0][:3] == ("two", 2, 2)
    assert q("thousands have been thrown in jail")[0] == ("thousands", 2000, 9999, "people")
    assert q("won with 80 percent of the vote")[0][1:] == (80, 80, "percent")
    assert q("won with 80% of the vote")[0][1:] == (80, 80, "percent")
    assert q("won a sixth term in a landslide")[0][3] == "percent"
    # days of dates, years and ages are not counts of people
    assert q("the Aug. 9 election in 1994") == []
    assert q("Alexander Taraikovsky, 34, died")[0][3] == "age"


def test_dates_are_resolved_against_publication_and_the_election():
    from annotator_contradictions.dates import extract_dates, find_anchors
    from annotator_contradictions.words import text_words as tokenize

    anchors = find_anchors([("the results of the Aug. 9 presidential election", PUBLISHED)])
    assert anchors == {"election": dt.date(2020, 8, 9)}

    def d(text):
        return [(m.surface, m.value) for m in extract_dates(text, tokenize(text), PUBLISHED, anchors)]

    assert d("fled to Lithuania the day after the election") == [("the day after the election", dt.date(2020, 8, 10))]
    assert d("fled the day after the Aug. 9 election")[0][1] == dt.date(2020, 8, 10)
    assert d("left the country on Tuesday") == [("on Tuesday", dt.date(2020, 8, 11))]
    assert d("the protests on Saturday") == [("on Saturday", dt.date(2020, 8, 15))]  # the day of publication
    assert d("won re-election last Sunday") == [("last Sunday", dt.date(2020, 8, 9))]
    assert d("is planning a march on Sunday") == [("on Sunday", dt.date(2020, 8, 16))]  # the future
    assert d("The phone conversation on August 15") == [("August 15", dt.date(2020, 8, 15))]
    how = extract_dates("fled the day after the election", tokenize("fled the day after the election"), PUBLISHED,
                        anchors)[0].how
    assert "9 Aug" in how and "Monday 10 Aug" in how


# ------------------------------------------------------------------------------------------- detectors


def test_number_difference_with_its_reason():
    (f,) = compare("Despite crackdowns, including the detention of some 7,000 people, the protests swelled.",
                   "She demands an account of the crackdown, with at least 6,700 people detained and hundreds injured.",
                   sim=0.15)
    assert (f.kind, f.label, f.facet) == ("number", "differs-in-detail", "number")
    # the reason says what was measured (people detained), then the two figures
    assert f.reason.startswith("people detained/arrested: some 7,000 vs at least 6,700") and "detained" in f.reason
    assert "6,300–7,700" in f.compared and "≥6,700" in f.compared


def test_incompatible_numbers_contradict_and_equal_ones_do_not():
    (f,) = compare("Officials have confirmed two deaths in the unrest.",
                   "Officials have confirmed five deaths in the unrest.", sim=0.8)
    assert f.label == "contradicts" and f.reason.startswith("deaths: two vs five")
    assert compare("Thousands of demonstrators rallied Saturday.", "Thousands of demonstrators rallied Saturday.") == []
    assert compare("He won with 80 percent of the vote.", "He won with 80% of the vote.", sim=0.9) == []


def test_numbers_in_words_are_normalised():
    from annotator_contradictions.quantities import extract_quantities, words_to_number
    from annotator_contradictions.words import text_words as tokenize

    assert [words_to_number(w) for w in ("twenty-five", "two hundred and fifty", "seven thousand", "two dozen",
                                         "a thousand", "forty-two")] == [25, 250, 7000, 24, 1000, 42]
    text = "Police said some seven thousand people were detained."
    (q,) = extract_quantities(text, tokenize(text))
    assert (q.surface, q.value, q.low, q.high) == ("some seven thousand", 7000, pytest.approx(6300),
                                                   pytest.approx(7700))
    # the same figure in words and in digits, with or without a qualifier, is no difference
    assert compare("Police said seven thousand people were detained in Minsk.",
                   "Police said some 7,000 people were detained in Minsk.", sim=0.8) == []
    (f,) = compare("Officials said twenty-five people were injured in the clashes.",
                   "Officials said two dozen people were injured in the clashes.", sim=0.8)
    assert f.reason == "injured: twenty-five vs two dozen (injured)" and "(=25) vs two dozen (=24)" in f.compared


def test_qualifiers_decide_between_detail_and_contradiction():
    def one(a, b):
        (f,) = compare(f"Police said {a} people were detained in Minsk.", f"Police said {b} people were detained "
                       "in Minsk.", sim=0.8)
        return f

    overlap = one("about 7,000", "at least 6,700")  # 6,300-7,700 and 6,700 or more: both can be true
    assert overlap.label == "differs-in-detail"
    assert overlap.reason == "people detained/arrested: about 7,000 vs at least 6,700 (detained)"
    assert "≈6,300–7,700" in overlap.compared and "≥6,700" in overlap.compared and "overlap" in overlap.compared
    apart = one("nearly 7,000", "at least 7,100")  # at most 7,000 vs 7,100 or more: they cannot both be true
    assert apart.label == "contradicts" and "the ranges do not overlap" in apart.compared
    vague = one("thousands of", "some 7,000")
    assert vague.label == "differs-in-detail" and "one figure is vague" in vague.compared
    assert one("hundreds of", "some 7,000").label == "contradicts"


def test_weekday_and_relative_dates_say_what_was_compared():
    anchors = {"election": dt.date(2020, 8, 9)}
    (f,) = [f for f in compare("The opposition leader left for Lithuania on Monday, her campaign said.",
                               "The opposition leader left for Lithuania on Tuesday, her campaign said.", sim=0.9)
            if f.kind == "date"]
    assert f.reason.startswith("Monday 10 Aug vs Tuesday 11 Aug")
    assert "Saturday 15 Aug" in f.compared  # resolved against the article's date, and says so
    # "the day after the election" and "on Monday" name the same day: nothing to review
    assert [f for f in compare("She fled to Lithuania the day after the election.",
                               "She fled to Lithuania on Monday.", sim=0.9, anchors=anchors)
            if f.kind == "date"] == []


def test_date_difference_relative_date_vs_weekday():
    anchors = {"election": dt.date(2020, 8, 9)}
    findings = compare("Lukashenko’s main election opponent, Sviatlana Tsikhanouskaya, fled to Lithuania the day "
                       "after the election.",
                       "Tikhanovskaya left the country on Tuesday for neighbouring Lithuania.", sim=0.35,
                       anchors=anchors)
    (f,) = [f for f in findings if f.kind == "date"]
    assert (f.label, f.facet) == ("contradicts", "date/time")
    assert f.reason.startswith("Monday 10 Aug vs Tuesday 11 Aug (") and "Lithuania" in f.reason
    assert "the day after the election" in f.compared and "Tuesday before publication" in f.compared


def test_same_day_in_other_words_is_no_difference():
    assert [f for f in compare("The phone conversation on August 15 came as pressure grew on Lukashenka.",
                               "He discussed the situation in a phone conversation Saturday with Putin.")
            if f.kind == "date"] == []
    # different days of a recurring activity are two of them: protests happen every day
    assert [f for f in compare("Thousands of demonstrators rallied Saturday in Minsk.",
                               "Thousands marched in Minsk on Friday.") if f.kind == "date"] == []


def test_negation_difference():
    findings = compare("The elections were free and fair, the commission said.",
                       "We've said the elections weren't free.", sim=0.5)
    (f,) = [f for f in findings if f.kind == "negation"]
    assert f.label == "disputes" and "weren't free" in f.reason
    plain = [f for f in compare("The bridge was closed on Monday.", "The bridge was not closed on Monday.", 0.8)
             if f.kind == "negation"]
    assert plain and plain[0].label == "contradicts"
    # a negated predicate the other sentence does not state is no contradiction
    assert [f for f in compare("Lukashenko did not specify what sort of assistance Russia would provide.",
                               "Putin agreed to provide security assistance.", 0.4) if f.kind == "negation"] == []


def test_cause_difference_is_a_dispute():
    findings = compare("Belarusian police said he died when an explosive device he intended to throw blew up in "
                       "his hand.", "His partner said he had a perforation in his chest that she believes is a "
                       "bullet wound.", sim=0.3)
    (f,) = [f for f in findings if f.kind == "cause"]
    assert (f.label, f.facet) == ("disputes", "cause") and "bullet wound" in f.reason
    negated = compare("Police said he died when an explosive device blew up in his hand.",
                      "The video does not show that he had an explosive device that blew up in his hand.", sim=0.4)
    assert any(f.kind == "cause" and "not shown" in f.reason for f in negated)


def test_attribution_difference():
    findings = compare("Thousands protested over the rigged August 9 vote.",
                       "They protested against an election the opposition says was rigged.", sim=0.3)
    (f,) = [f for f in findings if f.kind == "attribution"]
    assert f.facet == "attribution" and "stated as fact" in f.reason


# ------------------------------------------------------------------------------------------- whole runs


def test_sample_corpus_candidates_find_the_known_disagreements(cproject):
    from annotator_contradictions.candidates import Stats, generate
    from annotator_contradictions.evaluation import Suggested, load_gold, score

    docs = cproject.documents()
    stats = Stats()
    found = generate(docs, stats=stats)
    assert stats.variants < stats.sentences  # copies of one sentence collapse
    gold = load_gold(GOLD, docs)
    suggested = [Suggested(*c.spans(), c.label, c.score, c.reason) for c in found]
    at10, at20 = score(suggested, gold, 10), score(suggested, gold, 20)
    assert {"day-tikhanovskaya-left", "detained-count"} <= set(at20.groups_found)
    assert at20.major_recall == 1.0 and at10.precision >= 0.7
    reasons = [c.reason for c in found]
    assert any(r.startswith("Monday 10 Aug vs Tuesday 11 Aug") for r in reasons)
    assert any(r.startswith("people detained/arrested: some 7,000 vs at least 6,700") for r in reasons)


def test_suggest_stores_claims_and_links_once(cproject):
    progress = []
    report = cproject.suggest("contradiction-linker", task=TaskContext(lambda d, t, m: progress.append((d, t, m))))
    counts = report.counts["contradiction-linker"]
    links = cproject.links(layer="contradiction", status="suggested")
    assert counts["links"] == len(links) > 10
    assert progress and progress[-1][0] == progress[-1][1]
    for link in links[:5]:
        assert link.attributes["_reason"] and 0 < link.attributes["_score"] <= 1
        assert link.attributes["facet"] in ("number", "date/time", "person", "place", "cause", "attribution", "other")
        assert link.origin == "contradiction-linker"
    claims = cproject.annotations(layer="claim", status="suggested")
    assert len({(a.document_id, a.start, a.end) for a in claims}) == len(claims)  # one claim per sentence
    # one undo step removes the whole run
    cproject.undo()
    assert cproject.links() == [] and cproject.annotations(layer="claim") == []
    cproject.redo()
    # running again proposes nothing new; a rejected link is never proposed again
    from annotator_contradictions.rows import review

    review(cproject, links[0].id, "rejected")
    again = cproject.suggest("contradiction-linker").counts["contradiction-linker"]
    assert again["links"] == 0
    assert cproject.link(links[0].id).status == "rejected"


def test_review_accepts_and_rejects_with_the_ends(cproject):
    from annotator_contradictions.rows import RowFilter, link_rows, review

    cproject.suggest("contradiction-linker")
    rows = link_rows(cproject, RowFilter(statuses=("suggested",)))
    first, second = rows[0], rows[1]
    assert first.score >= second.score and first.source.outlet and first.reason
    review(cproject, first.link_id, "accepted")
    link = cproject.link(first.link_id)
    assert link.status == "accepted"
    assert {cproject.annotation(i).status for i in (link.source_id, link.target_id)} == {"accepted"}
    cproject.undo()  # one step
    assert cproject.link(first.link_id).status == "suggested"
    review(cproject, second.link_id, "rejected")
    assert cproject.link(second.link_id).status == "rejected"
    # filters: by label, by pair
    pair = rows[0].pair
    assert all(r.pair == pair for r in link_rows(cproject, RowFilter(pair=pair)))
    assert all(r.label == "disputes" for r in link_rows(cproject, RowFilter(labels=("disputes",))))


def test_cancel_stores_nothing(cproject):
    from annotator_contradictions.candidates import generate

    calls = []

    def cancelled():
        calls.append(1)
        return len(calls) > 3

    with pytest.raises(Cancelled):
        generate(cproject.documents(), task=TaskContext(cancelled=cancelled))
    report = cproject.suggest("contradiction-linker", task=TaskContext(cancelled=lambda: True))
    assert report.cancelled and cproject.links() == [] and cproject.annotations() == []


# ------------------------------------------------------------------------------------------- embedding back end

CONCEPTS = {"held": 0, "detained": 0, "behind": 0, "bars": 0, "people": 1, "demonstrators": 1, "vote": 2,
            "ballot": 2, "after": 3, "following": 3, "police": 4, "authorities": 4}


def concept_encoder(texts):
    """A tiny real encoder for the test: words of one concept share a dimension, other words are hashed."""
    import re
    import zlib

    out = []
    for text in texts:
        v = [0.0] * 48
        for w in re.findall(r"[a-z]+", text.lower()):
            if w in CONCEPTS:
                v[CONCEPTS[w]] += 1
            else:
                v[8 + zlib.crc32(w.encode()) % 40] += 0.1
        out.append(v)
    return out


def test_embedding_back_end_aligns_paraphrases_and_falls_back_without_the_package():
    from types import SimpleNamespace

    from annotator_contradictions.candidates import Settings, Stats, generate
    from annotator_contradictions.embeddings import load_encoder

    docs = [SimpleNamespace(id="a", published=PUBLISHED,
                            text="Police held some 7,000 people after the vote, officials in Minsk said on Friday."),
            SimpleNamespace(id="b", published=PUBLISHED,
                            text="At least 6,700 demonstrators ended up behind bars following the ballot, "
                                 "authorities admitted.")]
    lexical = Stats()
    assert generate(docs, Settings(), stats=lexical) == [] and lexical.aligned_pairs == 0  # no shared words
    dense = Stats()
    (cand,) = generate(docs, Settings(backend="embedding"), stats=dense, encoder=concept_encoder)
    assert dense.backend == "embedding" and cand.facet == "number"
    assert cand.reason.startswith("count of people: some 7,000 vs At least 6,700")
    if load_encoder() is None:  # the package is optional: without it the run stays lexical and says so
        fallback = Stats()
        assert generate(docs, Settings(backend="embedding"), stats=fallback) == []
        assert fallback.backend == "tfidf" and "not installed" in fallback.notes[0]
