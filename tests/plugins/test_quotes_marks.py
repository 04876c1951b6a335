"""Quotation marks in news typography, one case at a time (annotator_quotes.marks): what is a quote, where it
starts and ends, and what is an apostrophe."""

from __future__ import annotations

import pytest
from annotator_quotes.marks import APOSTROPHE, classify, find_quotes


def quoted(text: str) -> list[str]:
    return [text[p.start:p.end] for p in find_quotes(text)]


def test_curly_double_quotes_span_the_words_without_the_marks():
    text = "“We will win,” he said."
    (p,) = find_quotes(text)
    assert text[p.start:p.end] == "We will win,"
    assert (p.open_pos, p.close_pos) == (0, 13)
    assert text[p.outer_start:p.outer_end] == "“We will win,”"


def test_straight_double_quotes():
    assert quoted('The crowd chanted "Thank you!" and left.') == ["Thank you!"]


def test_straight_double_quote_closing_after_a_space():
    # CBC: "... any sort of mediators, " he said
    assert quoted('"We don\'t need any mediators, " he said.') == ["We don't need any mediators,"]


def test_curly_single_quotes_with_an_apostrophe_inside():
    assert quoted("– ‘I’m really afraid’ –") == ["I’m really afraid"]


def test_straight_single_quotes_with_apostrophes_around():
    text = "'The presidents discussed the situation,' BelTA reported, citing Lukashenka's press service."
    assert quoted(text) == ["The presidents discussed the situation,"]


@pytest.mark.parametrize("text, pos", [
    ("Lukashenka's rule", 10), ("Lukashenka’s rule", 10), ("don’t", 3), ("I’m", 1), ("we don't", 6),
    ("in the ’90s", 7), ("rock ’n’ roll", 5),
])
def test_apostrophes_are_not_quote_marks(text, pos):
    assert classify(text, pos).role == APOSTROPHE
    assert quoted(text) == []


def test_possessive_plural_is_not_taken_for_a_closing_quote():
    text = "‘The protesters’ demands are fair,’ he said. The countries’ union is old."
    assert quoted(text) == ["The protesters’ demands are fair,"]


def test_trailing_possessive_outside_any_quote_is_ignored():
    assert quoted("in the framework of the countries’ union agreement") == []


def test_scare_quotes_in_straight_singles_next_to_a_possessive():
    assert quoted("Lukashenka's 'victory' was 'rigged', they said.") == ["victory", "rigged"]


def test_newline_inside_a_quote_is_part_of_it():
    text = "He said “we will\ncontinue the fight” on Monday."
    assert quoted(text) == ["we will\ncontinue the fight"]


def test_quote_continued_over_paragraphs_gives_one_piece_per_paragraph():
    text = ("“We will fight on,” he said.\n\n“We will never surrender.\n\n“Nor will we rest.\n\n"
            "“And we will win,” he added.")
    pieces = find_quotes(text)
    assert [text[p.start:p.end] for p in pieces] == [
        "We will fight on,", "We will never surrender.", "Nor will we rest.", "And we will win,"]
    first, *rest = pieces
    assert len({p.group for p in rest}) == 1 and first.group != rest[0].group
    assert [p.continues for p in rest] == [False, True, True]
    assert [p.continued for p in rest] == [True, True, False]


def test_continued_quote_with_single_newline_paragraphs():
    pieces = find_quotes('"First paragraph of the statement\n"and its second paragraph."')
    assert [p.continued for p in pieces] == [True, False]
    assert pieces[1].continues and pieces[0].group == pieces[1].group


def test_nested_quotes_keep_the_outer_quote_whole():
    for text, outer, inner in [
        ("“He told me ‘go home’ and left,” she said.", "He told me ‘go home’ and left,", "go home"),
        ('"He told me \'go home\' and left," she said.', "He told me 'go home' and left,", "go home"),
    ]:
        a, b = find_quotes(text)
        assert (text[a.start:a.end], a.depth, a.parent) == (outer, 0, None)
        assert (text[b.start:b.end], b.depth, b.parent) == (inner, 1, 0)


def test_heading_that_quotes():
    text = "Riot police arrived.\n\n– ‘Will not give up the country’ –\n\nMeeting military chiefs, he spoke."
    assert quoted(text) == ["Will not give up the country"]


def test_doubled_opening_mark_typo():
    text = "“”We will not give up the country to anyone,” he said in televised comments."
    (p,) = find_quotes(text)
    assert text[p.start:p.end] == "We will not give up the country to anyone,"
    assert "doubled opening mark" in p.notes


def test_closing_glyph_used_as_opening_mark():
    (p,) = find_quotes("”We will not give up,” he said.")
    assert "closing glyph used as opening mark" in p.notes


def test_missing_closing_mark_runs_to_the_paragraph_end():
    text = "He said “we will never give up.\n\nThen he left."
    (p,) = find_quotes(text)
    assert text[p.start:p.end] == "we will never give up."
    assert p.close_pos is None and p.notes == ["no closing mark before the paragraph ends"]


def test_missing_opening_mark_starts_at_the_paragraph_start():
    text = "Earlier news.\n\nWe will never give up,” he said."
    (p,) = find_quotes(text)
    assert text[p.start:p.end] == "We will never give up,"
    assert p.open_pos is None


def test_german_low_high_quotes_and_guillemets():
    assert quoted("„Wir schaffen das“, sagte sie.") == ["Wir schaffen das"]
    assert find_quotes("„Wir schaffen das“, sagte sie.")[0].notes == []
    assert quoted("They chanted: «Liberté!»") == ["Liberté!"]


def test_unclosed_single_opening_mid_paragraph_is_not_a_quote():
    # a stray leading apostrophe must not swallow the rest of the paragraph
    assert quoted("The ‘boys were late. Nobody came.") == []


def test_offsets_are_code_points_with_emoji_and_crlf_free_text():
    text = "🙂🙂 “Quote with 🙂 inside,” she said."
    (p,) = find_quotes(text)
    assert text[p.start:p.end] == "Quote with 🙂 inside,"
    assert p.start == 4
