"""The shared text analysis: the rule analysis (paragraphs, quotations, sentences, tokens), the spaCy analysis
aligned to code points, the caches, and the Project API (``project.analysis`` / ``project.analyze``)."""

from __future__ import annotations

import importlib.util

import pytest

from annotator import Cancelled, TaskContext, analysis, lexicon

HAS_SPACY = bool(importlib.util.find_spec("spacy")) and analysis.default_pipeline() != analysis.RULES
needs_spacy = pytest.mark.skipif(not HAS_SPACY, reason="needs the nlp extra (spaCy and an English pipeline)")

TEXT = ("President Joe Smith said: “We will win. We always do,” he said. Mr. Smith’s dog left at 10 a.m. on "
        "Aug. 9 with 7,000 people.\r\n\r\nA short heading\nThe U.S. team said no. Then it left 😀 at once.\n")


def texts(a):
    return [a.text[s.start:s.end] for s in a.sentences]


# ------------------------------------------------------------------------------------------- rules


def test_rule_sentences_respect_quotations_abbreviations_and_lines():
    a = analysis.analyse(TEXT, "rules")
    assert a.pipeline == "rules" and a.spacy is None and not a.has_parse
    assert texts(a) == [
        "President Joe Smith said: “We will win. We always do,” he said.",
        "Mr. Smith’s dog left at 10 a.m. on Aug. 9 with 7,000 people.",
        "A short heading",
        "The U.S. team said no.",
        "Then it left 😀 at once.",
    ]
    assert [a.text[p.start:p.end] for p in a.paragraphs][1:] == ["A short heading",
                                                               "The U.S. team said no. Then it left 😀 at once."]


def test_a_full_stop_before_the_closing_quote_ends_the_sentence_when_a_capital_follows():
    text = "“We have a normal country. We don’t need mediators.” He appeared calm. “Go,” she said."
    assert texts(analysis.analyse(text, "rules")) == [
        "“We have a normal country. We don’t need mediators.”", "He appeared calm.", "“Go,” she said."]


def test_hard_wrapped_lines_are_one_paragraph():
    text = ("Thousands demonstrated in the capital on Saturday after the main challenger\n"
            "asked supporters to rally over the weekend. Police kept a low profile.\n\nNext one.")
    a = analysis.analyse(text, "rules")
    assert len(a.paragraphs) == 2
    assert texts(a)[0].startswith("Thousands") and texts(a)[0].endswith("weekend.")
    assert texts(a)[1] == "Police kept a low profile."


def test_unpaired_quote_marks_do_not_swallow_the_paragraph():
    text = "He said “we will. They left. Nobody came back."
    assert len(analysis.analyse(text, "rules").sentences) == 3


def test_numeral_abbreviations_end_a_sentence_unless_a_number_follows():
    assert len(analysis.analyse("They said no. Then they went home.", "rules").sentences) == 2
    assert len(analysis.analyse("He lives at No. 5 Main Street.", "rules").sentences) == 1


def test_rule_tokens_are_exact_slices_with_abbreviations_and_possessives():
    a = analysis.analyse(TEXT, "rules")
    words = [t.text for t in a.tokens]
    for t in a.tokens:
        assert a.text[t.start:t.end] == t.text and t.text.strip() == t.text
        assert t.lemma == t.text.lower() and t.pos == "" and t.dep == "" and t.ent_iob == "O"
    assert {"Mr.", "a.m.", "Aug.", "U.S.", "7,000", "😀", "’s", "Smith"} <= set(words)
    assert "no." not in words and "no" in words  # the sentence's full stop is a token of its own
    starts = {s.start for s in a.sentences}
    assert {t.start for t in a.tokens if t.is_sent_start} == starts


def test_lookups_by_offset():
    a = analysis.analyse(TEXT, "rules")
    dog = TEXT.index("dog")
    assert a.sentence_at(dog) == a.sentences[1] and a.sentence_index(dog) == 1
    assert a.sentence_at(TEXT.index("\r\n")) is None and a.sentence_at(10_000) is None
    assert a.paragraph_at(TEXT.index("heading")).start == TEXT.index("A short")
    assert [t.text for t in a.tokens_in(dog, dog + len("dog left"))] == ["dog", "left"]
    assert a.tokens[a.token_index(dog + 1)].text == "dog" and a.token_index(dog - 1) is None


@pytest.mark.parametrize("text", ["", " ", "\n\n\n", "“", "...", "a", "😀" * 5, "\r\n".join(["x"] * 10),
                                  "Mr.", "U.S.", "“unclosed. Quote. Here", "A\u2029B", "\x00\x01 text."])
def test_odd_text_never_raises(text):
    for pipeline in ("rules", None):
        a = analysis.analyse(text, pipeline)
        assert a.text == text
        for s in (*a.sentences, *a.paragraphs, *a.tokens):
            assert 0 <= s.start < s.end <= len(text)


def test_an_unknown_pipeline_falls_back_to_rules_with_a_warning():
    with pytest.warns(UserWarning, match="not installed|needs spaCy"):
        a = analysis.analyse("One. Two.", "xx_no_such_pipeline")
    assert a.pipeline == "rules" and len(a.sentences) == 2
    with pytest.raises(analysis.PipelineUnavailable, match="xx_no_such_pipeline"):
        analysis.resolve("xx_no_such_pipeline")


# ------------------------------------------------------------------------------------------- spaCy


@needs_spacy
def test_spacy_analysis_is_aligned_to_code_points_with_emoji_and_crlf():
    a = analysis.analyse(TEXT, None)
    assert a.pipeline.startswith("en_") and "@" in a.pipeline
    assert a.has_parse and a.spacy.text == TEXT
    for t in a.tokens:
        assert TEXT[t.start:t.end] == t.text and not t.text.isspace()
        assert 0 <= t.head < len(a.tokens)
    for e in a.entities:
        assert TEXT[e.start:e.end].strip() == TEXT[e.start:e.end]
    assert any(TEXT[e.start:e.end] == "Joe Smith" and e.label == "PERSON" for e in a.entities)
    said = next(i for i, t in enumerate(a.tokens) if t.text == "said")
    subject = next(t for t in a.tokens if t.head == said and t.dep == "nsubj")
    assert subject.text == "Smith" and a.tokens[said].lemma == "say"
    emoji = TEXT.index("😀")
    assert a.tokens[a.token_index(emoji)].text == "😀"


@needs_spacy
def test_spacy_sentences_keep_quotations_whole_and_never_cross_a_paragraph():
    a = analysis.analyse(TEXT, None)
    assert texts(a)[0] == "President Joe Smith said: “We will win. We always do,” he said."
    for s in a.sentences:
        p = a.paragraph_at(s.start)
        assert p is not None and p.start <= s.start < s.end <= p.end
    assert "A short heading" in texts(a)


# ------------------------------------------------------------------------------------------- lexicon


def test_lexicon_lists_are_lower_case_and_general():
    for name in ("TITLES", "HONORIFICS", "ROLES", "SPEECH_VERBS", "SPEECH_VERB_FORMS", "ABBREVIATIONS",
                 "NAME_SUFFIXES", "NATIONALITIES"):
        words = getattr(lexicon, name)
        assert isinstance(words, frozenset) and words
        assert all(w == w.lower() and w.strip() == w for w in words), name
    assert {"mr", "dr", "president", "sheriff", "judge"} <= lexicon.TITLES
    assert {"spokesman", "doctor", "official", "police", "witness"} <= lexicon.ROLES
    assert {"say", "tell", "add", "write", "tweet", "chant", "yell", "insist"} <= lexicon.SPEECH_VERBS
    assert {"said", "told", "added", "wrote", "tweeted", "insisted", "denies"} <= lexicon.SPEECH_VERB_FORMS
    assert "according to" in lexicon.SPEECH_PHRASES
    assert lexicon.MONTHS["sept"] == 9 and lexicon.MONTHS["december"] == 12 and len(set(lexicon.MONTHS.values())) == 12
    assert lexicon.WEEKDAYS["sunday"] == 6 and lexicon.month_number("Aug.") == 8
    assert {"jr", "sr", "ii", "iii"} <= lexicon.NAME_SUFFIXES


@pytest.mark.parametrize("phrase,value", [("two hundred and fifty", 250), ("twenty-five", 25), ("1.5 million", 1.5e6),
                                          ("seven thousand", 7000), ("a dozen", 12), ("two dozen", 24),
                                          ("one hundred and five thousand", 105_000), ("9", 9)])
def test_number_words(phrase, value):
    assert lexicon.parse_number_words(phrase) == value


@pytest.mark.parametrize("phrase", ["hundreds", "", "the police", "half a million people"])
def test_not_one_number(phrase):
    assert lexicon.parse_number_words(phrase) is None


# ------------------------------------------------------------------------------------------- the project


def test_project_analysis_by_document_or_id_is_shared(sample_project):
    sample_project.set_setting("core", "nlp.pipeline", "rules")
    doc = sample_project.documents()[0]
    a = sample_project.analysis(doc)
    assert a is sample_project.analysis(doc.id)  # one object for every plugin
    assert a.text == doc.text and a.pipeline == "rules" and a.sentences
    with pytest.raises(Exception, match="no document"):
        sample_project.analysis("no-such-id")


@needs_spacy
def test_project_analyze_batches_reports_progress_and_fills_the_cache(sample_project):
    analysis.MEMORY.clear()
    seen = []
    before = analysis.stats["parsed"]
    counts = sample_project.analyze(task=TaskContext(progress=lambda d, t, m: seen.append((d, t, m))))
    assert counts == {"documents": 5, "analysed": 5, "cached": 0}
    assert analysis.stats["parsed"] - before == 5
    assert seen[-1] == (5, 5, "Analysing texts")
    for doc in sample_project.documents():
        a = sample_project.analysis(doc)
        assert a.has_parse and a.text == doc.text
    assert analysis.stats["parsed"] - before == 5  # nothing parsed twice
    assert sample_project.analyze()["cached"] == 5


@needs_spacy
def test_project_analyze_can_be_cancelled(sample_project):
    analysis.MEMORY.clear()
    with pytest.raises(Cancelled):
        sample_project.analyze(task=TaskContext(cancelled=lambda: True))
