"""Turning input bytes into text, or refusing them with a clear reason: binary files, empty files,
undecodable bytes. UTF-8 (with or without BOM) and BOM-marked UTF-16/32 first, then the legacy encoding
charset-normalizer detects, and the caller is told which was used."""

from __future__ import annotations

import codecs

from .specs import ImportRefused

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_TEXT_CONTROLS = {9, 10, 12, 13}


def looks_binary(data: bytes) -> bool:
    """True for data with NUL bytes or many control characters (images, archives, executables)."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    if not head:
        return False
    controls = sum(1 for b in head if b < 32 and b not in _TEXT_CONTROLS)
    return controls / len(head) > 0.05


def decode_bytes(data: bytes, path: str | None = None) -> tuple[str, str]:
    """Decode ``data`` to text. Returns ``(text, encoding)``; raises :class:`ImportRefused` for empty,
    binary or undecodable input."""
    if not data.strip():
        raise ImportRefused("the file is empty", path=path)
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError as exc:
                raise ImportRefused(f"the file starts with a {name} byte-order mark but is not valid {name}: {exc}",
                                    path=path) from None
    if looks_binary(data):
        raise ImportRefused("this is a binary file, not text (it contains NUL or control bytes)", path=path)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise ImportRefused(
            f"cannot decode the file: not UTF-8 ({utf8_error.reason} at byte {utf8_error.start}) "
            "and no legacy encoding fits",
            path=path,
        )
    try:
        return data.decode(best.encoding), best.encoding
    except (UnicodeDecodeError, LookupError) as exc:
        raise ImportRefused(f"cannot decode the file as {best.encoding}: {exc}", path=path) from None
