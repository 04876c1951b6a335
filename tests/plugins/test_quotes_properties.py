"""Whatever the text, quote detection does not raise and returns sane spans (hypothesis): a plugin that
raised on an odd article would be disabled for the session."""

from __future__ import annotations

from annotator_quotes.detect import detect_quotes
from annotator_quotes.marks import find_quotes
from hypothesis import given, settings
from hypothesis import strategies as st

WORDS = ["Lukashenko", "said", "he", "she", "the crowd", "told", "Maria Lopez", "added", "according to", "We",
         "win", "don’t", "Lukashenka's", "’90s", "s’", "in", "a", "tweet", "Mr", "U.S."]
PIECES = st.one_of(st.sampled_from(WORDS), st.sampled_from(list("“”‘’\"'„«» \n\n.,:;—–-!?")),
                   st.text(max_size=3))
TEXTS = st.lists(PIECES, max_size=60).map(lambda parts: " ".join(parts))


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_detection_never_raises_and_spans_are_sane(text):
    pieces = find_quotes(text)
    outer = sorted((p.outer_start, p.outer_end) for p in pieces if p.depth == 0)
    for (_s1, e1), (s2, _e2) in zip(outer, outer[1:]):
        assert e1 <= s2, "top-level quotations never overlap"
    for q in detect_quotes(text):
        assert 0 <= q.start < q.end <= len(text)
        assert not text[q.start].isspace() and not text[q.end - 1].isspace()
        assert q.text == text[q.start:q.end]
        assert q.kind in ("direct", "partial", "scare", "indirect")
        if q.cue:
            assert text[q.cue["start"]:q.cue["end"]] == q.cue["text"]
