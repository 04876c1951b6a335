"""Turning input bytes into text, or refusing them with a clear reason: binary files, empty files,
undecodable bytes. UTF-8 (with or without BOM) and BOM-marked UTF-16/32 first, then UTF-16 without a BOM
(recognised by its byte pattern: one byte of each pair nearly constant, e.g. NUL for Latin text), then the
legacy encoding charset-normalizer detects, and the caller is told which was used."""

from __future__ import annotations

import codecs
import re
import unicodedata

from .specs import ImportRefused

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_TEXT_CONTROLS = {9, 10, 12, 13}
_NOT_CONTROLS = bytes(b for b in range(256) if b >= 32 or b in _TEXT_CONTROLS)


def looks_binary(data: bytes) -> bool:
    """True for data with NUL bytes or many control characters (images, archives, executables)."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    if not head:
        return False
    controls = len(head.translate(None, _NOT_CONTROLS))  # C speed: delete everything but control bytes
    return controls / len(head) > 0.05


def decode_bytes(data: bytes, path: str | None = None) -> tuple[str, str]:
    """Decode ``data`` to text. Returns ``(text, encoding)``; raises :class:`ImportRefused` for empty,
    binary or undecodable input."""
    if not data or data.isspace():  # (= not data.strip(), without copying the file)
        raise ImportRefused("the file is empty", path=path)
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError as exc:
                raise ImportRefused(f"the file starts with a {name} byte-order mark but is not valid {name}: {exc}",
                                    path=path) from None
    if looks_binary(data):
        found = utf16_without_bom(data)
        if found is not None:
            return found
        raise ImportRefused("this is a binary file, not text (it contains NUL or control bytes)", path=path)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    found = legacy_decode(data)
    if found is None:
        raise ImportRefused(
            f"cannot decode the file: not UTF-8 ({utf8_error.reason} at byte {utf8_error.start}) "
            "and no legacy encoding gives readable text",
            path=path,
        )
    return found


def utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """``(text, "utf-16-le"|"utf-16-be")`` when ``data`` is UTF-16 text without a byte-order mark, else None.

    In UTF-16 text of an alphabetic script the high byte of each unit takes very few values (NUL for ASCII,
    0x04 for Cyrillic...) while the low byte varies; random binary data has no such side. The decoded text must
    then hold (almost) no control characters."""
    if len(data) < 4 or len(data) % 2:
        return None
    head = data[:16384]
    even, odd = head[0::2], head[1::2]
    for name, high, low in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if len(set(high)) > 8 or len(set(low)) < 2 * len(set(high)):
            continue
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        sample = text[:8192]
        controls = sum(1 for c in sample if (ord(c) < 32 and c not in "\t\n\r\f")
                       or unicodedata.category(c) in ("Cn", "Co", "Cs"))
        if controls <= len(sample) // 200:
            return text, name
    return None


# Legacy encodings tried first, in order of preference for news text: Western European, Central European,
# Cyrillic. charset-normalizer's own guesses follow. For short inputs its guesses are unreliable (a few
# accented letters decode without error in a dozen code pages, and it may rank cp1250 or cp1257 first for
# French), so each candidate's decoding is scored for plausibility and the first of the best wins.
PREFERRED_LEGACY = ("cp1252", "cp1250", "cp1251")
_WORD = re.compile(r"[^\W\d_]+")


def implausibility(text: str) -> int:
    """How unlike real prose a decoding looks: control characters, symbols stuck to the end of a letter
    (``Za¿ó³æ gêœl¹``: Polish read as cp1252), words mixing scripts, and Latin words made almost only of
    accented letters (``Ïðèâåò``: Russian read as cp1252). 0 for clean text."""
    score = 0
    prev = " "
    for ch in text:
        o = ord(ch)
        if 0x80 <= o <= 0x9F or ch == "\ufffd":
            score += 2
        elif o > 127 and not ch.isalpha() and prev.isalpha() and ch not in _FINE_AFTER_LETTER \
                and unicodedata.category(ch) not in _FINE_CATEGORIES:
            score += 1
        prev = ch
    for word in _WORD.findall(text):
        letters = [c for c in word if c.isalpha()]
        scripts = {_script(c) for c in letters}
        if len(scripts) > 1:
            score += 1
        accented = sum(1 for c in letters if not c.isascii() and _script(c) == "LATIN")
        if len(letters) >= 4 and accented / len(letters) > 0.85:
            score += 1
    return score


_FINE_AFTER_LETTER = set("…·•’™®°")
_FINE_CATEGORIES = {"Pd", "Pi", "Pf", "Ps", "Pe", "Zs", "Mn", "Mc"}


def _unspaced(text: str) -> bool:
    """Prose in an alphabetic script has a space every few words; random bytes read as letters have none."""
    if len(text) < 80:
        return False
    spaces = sum(1 for c in text if c.isspace())
    if spaces * 40 >= len(text):
        return False
    sample = [c for c in text[:2000] if c.isalpha()]
    cjk = sum(1 for c in sample if _script(c) in ("CJK", "HIRAGANA", "KATAKANA", "HANGUL"))
    return cjk < len(sample) / 2


def _script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return name.split(" ", 1)[0] if name else "?"


def legacy_decode(data: bytes) -> tuple[str, str] | None:
    """Decode non-UTF-8 ``data`` with the most plausible legacy encoding, or None if none reads as text."""
    candidates: list[str] = list(PREFERRED_LEGACY)
    try:
        from charset_normalizer import from_bytes

        for match in list(from_bytes(data))[:3]:
            # UTF-16/32 without a byte-order mark would hold NUL bytes for ASCII text (refused as binary
            # before this point); as a guess for anything else it turns noise into CJK
            if match.encoding and match.encoding not in candidates and not match.encoding.startswith("utf"):
                candidates.append(match.encoding)
    except Exception:  # detection is a hint only
        pass
    best: tuple[int, int, str, str] | None = None
    for rank, name in enumerate(candidates):
        try:
            text = data.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
        if _unspaced(text):
            continue
        score = implausibility(text)
        if best is None or (score, rank) < best[:2]:
            best = (score, rank, text, name)
    if best is None:
        return None
    score, _rank, text, name = best
    non_ascii = sum(1 for b in data if b > 127)
    if score > max(2, non_ascii // 4):  # most of the non-ASCII characters read as nonsense
        return None
    return text, codecs.lookup(name).name
