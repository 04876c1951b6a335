"""The built-in cleaning steps, one by one: what each must change, and what each must leave exactly as written."""

from __future__ import annotations

import unicodedata

import pytest

from annotator.builtin.cleaners import (
    drop_boilerplate,
    fix_mojibake,
    fix_newlines,
    is_boilerplate,
    looks_hard_wrapped,
    normalize_nfc,
    tidy_whitespace,
    unwrap_lines,
)

UNTOUCHABLE = ("“Curly” and ‘single’ quotes, \"straight\" and 'single' ones, an em — dash, an en – dash, "
               "ex-Soviet, the ﬁrst ligature, ＦＵＬＬＷＩＤＴＨ, AT&amp;T, "
               "7,000 vs 6,700, naïve café, Łódź, Лукашенко.")


@pytest.mark.parametrize("broken, fixed", [
    ("the countryâ€™s security", "the country’s security"),
    ("â€œThank you!â€\x9d", "“Thank you!”"),
    ("Listen â€” we have", "Listen — we have"),
    ("FranÃ§ois-Philippe Champagne", "François-Philippe Champagne"),
    ("Putin¬†had offered", "Putin\u00a0had offered"),  # UTF-8 no-break space read as Mac Roman
    ("re-election.¬†", "re-election.\u00a0"),
])
def test_mojibake_is_fixed(broken, fixed):
    assert fix_mojibake(broken) == fixed


def test_mojibake_fixer_changes_nothing_else():
    assert fix_mojibake(UNTOUCHABLE) == UNTOUCHABLE
    assert fix_mojibake("¬ negation and † dagger stay") == "¬ negation and † dagger stay"


def test_line_endings():
    assert fix_newlines("a\r\nb\rc\nd") == "a\nb\nc\nd"
    assert fix_newlines("one\r\n\r\ntwo") == "one\n\ntwo"


def test_nfc():
    decomposed = "Tikhanovskaya cafe\u0301 Lukas\u030cenka"
    assert normalize_nfc(decomposed) == "Tikhanovskaya café Lukašenka"
    assert unicodedata.is_normalized("NFC", normalize_nfc(decomposed))


@pytest.mark.parametrize("line", [
    "Advertisement", "  ADVERTISEMENT ", "Story continues below advertisement",
    "Related article: Kremlin Predicts Swift Resolution of Belarus Unrest",
    "SEE ALSO: Belarusian Protests Upend Lukashenka's Geopolitical Game", "Read more: Belarus protests",
    "https://www.themoscowtimes.com/2026/04/21/kremlin", "www.example.com/page", "WATCH |\u00a0Violent crackdowns:",
    "2 years ago", "Duration 1:55", "Become a CBC Member", "Join the conversation\u00a0\u00a0Create account",
    "Already have an account?", "Sign up for Ireland News", "More Ireland News", "Access More",
    "To encourage thoughtful and respectful conversations, first and last names will appear with each submission.",
    "By submitting a comment, you accept that CBC has the right to reproduce and publish that comment.",
    "Copyright (c) 2018. RFE/RL, Inc. Republished with the permission of Radio Free Europe/Radio Liberty",
    "a daily newsletter full of things to discuss over drinks.and the great thing is that it's on the house!",
])
def test_boilerplate_lines(line):
    assert is_boilerplate(line)
    text = f"First paragraph.\n\n{line}\n\nLast paragraph."
    assert tidy_whitespace(drop_boilerplate(text)) == "First paragraph.\n\nLast paragraph."


@pytest.mark.parametrize("line", [
    "A weekly newsletter published by the opposition was banned on Monday.",
    "More than 200 people read the news in Minsk on Saturday, officials said.",
    "Sign up for the march, the organisers urged their supporters on Telegram.",
    "Join the conversation, Tikhanovskaya told supporters in a video address.",
    "Related articles in state media did not mention the protests at all.",
    "The advertisement ran in three newspapers.",
    "Advertisements for the rally appeared on Telegram channels, he said.",
    "He said the website https://example.org was blocked in Belarus on Sunday.",
    "She left for Lithuania 2 days ago, her allies said.",
    "Watch the video: police are seen nearby, and some walk over to where he is lying.",
    "'I'm really afraid'",
    "Slain protester mourned",
])
def test_real_text_is_never_dropped(line):
    assert not is_boilerplate(line)
    assert drop_boilerplate(line) == line


def test_project_patterns_extend_the_list():
    ctx = {"settings": {"boilerplate": [r"with files from .*"]}}
    text = "Real text.\n\nWith files from CBC News"
    assert tidy_whitespace(drop_boilerplate(text, ctx)) == "Real text."
    assert ctx["notes"] == ["dropped 1 boilerplate line(s)"]


WRAPPED = """\
Facing the biggest challenge to his rule since taking power in 1994, Lukashenko called in
Moscow's help and spoke on the phone with Putin Saturday, after warning there was "a threat
not only to Belarus."

'I'm really afraid'

The leaders of the three ex-Soviet Baltic states - Estonia, Lithuania and Latvia - on
Saturday condemned the crackdown and called for a new vote, while the ex-
Soviet neighbours watched.

Over the years, Lukashenka has cemented his reputation as a political survivor --
weaving between Moscow and the West to leverage the country's strategic position.

Key demands of the opposition, as listed by the coordination council on Friday:
- release of all detainees
- new elections under international observation
"""


def test_hard_wrapped_paragraphs_are_rejoined_and_short_lines_stay():
    out = unwrap_lines(WRAPPED)
    paras = out.split("\n\n")
    assert paras[0] == ("Facing the biggest challenge to his rule since taking power in 1994, Lukashenko called in "
                        "Moscow's help and spoke on the phone with Putin Saturday, after warning there was \"a threat "
                        "not only to Belarus.\"")
    assert paras[1] == "'I'm really afraid'"
    assert "the ex-Soviet neighbours" in paras[2] and "\n" not in paras[2]
    assert "survivor -- weaving" in paras[3]  # a dash at the line end is not a hyphenated word
    assert paras[4].split("\n") == ["Key demands of the opposition, as listed by the coordination council on Friday:",
                                    "- release of all detainees",
                                    "- new elections under international observation", ""]


def test_text_with_one_paragraph_per_line_is_left_alone():
    lines = [
        "Thousands of demonstrators in Belarus took to the streets again Saturday to demand that the country's "
        "authoritarian leader resign after a presidential vote they called fraudulent.",
        "President Alexander Lukashenko spoke Saturday evening several hours after a phone call with Putin.",
        "Harsh police crackdowns against the protesters, including the detention of some 7,000 people, have not "
        "quashed the most sustained anti-government movement since Lukashenko took power in 1994.",
        "Slain protester mourned",
        "A funeral was held Saturday for Alexander Taraikovsky, a 34-year-old protester who died Monday in Minsk.",
        "Both the European Union and the U.S. government say the presidential election in Belarus was flawed.",
    ]
    text = "\n".join(lines)
    assert looks_hard_wrapped(text) == (False, 0)
    assert unwrap_lines(text) == text


def test_unwrap_ignores_text_without_inner_line_breaks():
    text = "One paragraph.\n\nAnother paragraph.\n\nA third.\n\nA fourth."
    assert unwrap_lines(text) == text


def test_whitespace_is_tidied_but_inner_spaces_stay():
    assert tidy_whitespace("  \u00a0Title\u00a0 \n\n\n\nBody  text.\ufeff\n\n") == "Title\n\nBody  text."
