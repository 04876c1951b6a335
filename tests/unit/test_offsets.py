"""The one offset boundary between the store (code points) and Qt (UTF-16 units): emoji, flags, combining
marks, CRLF text that bypassed the cleaners, and round trips checked against Python's own UTF-16 encoder."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from annotator.offsets import OffsetMap, display_text, to_codepoint, to_utf16, utf16_len


def u16(text: str, cp: int) -> int:
    """The reference: how many UTF-16 units the first ``cp`` code points take."""
    return len(text[:cp].encode("utf-16-le")) // 2


def test_ascii_and_bmp_map_one_to_one():
    text = "Lukashenko said “no” — café"
    m = OffsetMap(text)
    assert m.identity
    assert [m.to_utf16(i) for i in range(len(text) + 1)] == list(range(len(text) + 1))


def test_emoji_take_two_units():
    text = "a😀b👏🏽c"  # 👏🏽 is two astral code points (hand + skin tone)
    m = OffsetMap(text)
    assert not m.identity
    assert [m.to_utf16(i) for i in range(len(text) + 1)] == [u16(text, i) for i in range(len(text) + 1)]
    assert m.to_codepoint(m.to_utf16(text.index("b"))) == text.index("b")
    assert utf16_len(text) == u16(text, len(text)) == 9


def test_offset_inside_a_surrogate_pair_rounds_down():
    text = "x😀y"
    m = OffsetMap(text)
    assert m.to_codepoint(2) == 1  # between the halves of 😀 -> the emoji's start
    assert m.to_codepoint(3) == 2
    assert m.span_to_codepoint(2, 2) == (1, 2)  # an end inside the pair keeps the character
    assert m.span_to_codepoint(1, 3) == (1, 2)


def test_flags_and_combining_marks():
    text = "🇧🇾 Лукаше\u0301нко e\u0301 done"
    m = OffsetMap(text)
    word = "Лукаше\u0301нко"
    s = text.index(word)
    assert m.to_utf16(s) == 5  # the flag is two regional indicators, two units each
    assert m.to_utf16(s + len(word)) - m.to_utf16(s) == len(word)  # combining marks are one unit each
    assert m.to_codepoint(m.to_utf16(s + len(word))) == s + len(word)


def test_display_text_keeps_the_count_of_text_qt_would_merge():
    raw = "line one\r\nline two\rthree\ufdd0end"
    shown = display_text(raw)
    assert len(shown) == len(raw) and "\r" not in shown and "\ufdd0" not in shown
    assert shown.index("line two") == raw.index("line two")
    assert display_text("plain\ntext") == "plain\ntext"


def test_module_helpers():
    assert to_utf16("😀a", 1) == 2
    assert to_codepoint("😀a", 2) == 1


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80), st.data())
def test_round_trip_against_the_utf16_encoder(text, data):
    m = OffsetMap(text)
    cp = data.draw(st.integers(0, len(text)))
    unit = m.to_utf16(cp)
    assert unit == u16(text, cp)
    assert m.to_codepoint(unit) == cp
    a = data.draw(st.integers(0, len(text)))
    b = data.draw(st.integers(a, len(text)))
    assert m.span_to_codepoint(*m.span_to_utf16(a, b)) == (a, b)
    assert len(display_text(text)) == len(text)
