"""Built-in plugin ``core-cleaners``: the text-cleaning chain run on plain articles at import.

Order: mojibake (10) → line endings (20) → NFC (30) → boilerplate lines (40) → hard-wrap re-joining (50) →
whitespace (90). Quotes, dashes and every other character stay exactly as written; the original bytes stay in
the document's ``raw``. Boilerplate patterns can be extended per project (setting ``core-cleaners`` /
``boilerplate``: a list of regular expressions matched against whole lines).
"""

from __future__ import annotations

import re
import statistics
import unicodedata

import ftfy

from annotator import Cleaner, hookimpl

# ftfy with only its encoding fixes: no quote uncurling, no width or ligature changes, no normalisation.
_FTFY = ftfy.TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=False,
    fix_encoding=True,
    restore_byte_a0=True,
    replace_lossy_sequences=True,
    decode_inconsistent_utf8=True,
    fix_c1_controls=True,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_surrogates=True,
    remove_control_chars=False,
    normalization=None,
    explain=False,
)

# Short mojibake ftfy leaves alone because on its own it could be real text: a UTF-8 space or punctuation
# mark decoded as Mac Roman or Windows-1252 (e.g. "¬†" for a no-break space).
_SHORT_RUN = re.compile(r"[\u0080-\u02ff\u2000-\u2122\u221a\u2202\u2206\u220f\u2211\u222b\u2248\u2260\u2264"
                        r"\u2265\u25ca\ufb01\ufb02\uf8ff]{2,3}")
_PUNCT = {"Zs", "Pd", "Pi", "Pf", "Po", "Ps", "Pe"}


def _fix_short_run(match: re.Match) -> str:
    run = match.group(0)
    for codec in ("mac_roman", "cp1252"):
        try:
            fixed = run.encode(codec).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if len(fixed) == 1 and unicodedata.category(fixed) in _PUNCT:
            return fixed
    return run


def fix_mojibake(text: str, context: dict | None = None) -> str:
    fixed = ftfy.fix_text(text, _FTFY)
    fixed = _SHORT_RUN.sub(_fix_short_run, fixed)
    if context is not None and fixed != text:
        context.setdefault("notes", []).append("fixed mojibake")
    return fixed


def fix_newlines(text: str, context: dict | None = None) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")


def normalize_nfc(text: str, context: dict | None = None) -> str:
    return unicodedata.normalize("NFC", text)


BOILERPLATE = [
    r"advertisement",
    r"(story continues|article continues) below( advertisement)?",
    r"related (article|story|stories|content)\s*:.*",
    r"see also\s*:.*",
    r"read more\s*:.*",
    r"watch\s*\|.*",
    r"https?://\S+",
    r"www\.\S+",
    r"\d+ (seconds?|minutes?|hours?|days?|weeks?|months?|years?) ago",
    r"duration \d+:\d+",
    r"(to encourage thoughtful and respectful conversations|by submitting a comment|comments on this story"
    r" are moderated|we reserve the right to close comments|please note that \w+ does not endorse).*",
    r"become an? .{0,20}member",
    r"join the conversation.*",
    r"already have an account\??",
    r"sign up (for|to) .*(newsletter|news|updates|alerts).*",
    r"(a|our) (daily|weekly) newsletter.*",
    r"subscribe (to|for) .*newsletter.*",
    r"more .{1,30} news",
    r"access more",
    r"share (this|on) (article|facebook|twitter).*",
    r"copyright \(c\).*|©.*all rights reserved.*",
]


def _boilerplate_re(extra: list[str] | None = None) -> re.Pattern:
    patterns = BOILERPLATE + list(extra or [])
    return re.compile(r"^\s*(?:" + "|".join(f"(?:{p})" for p in patterns) + r")\s*$", re.IGNORECASE)


_DEFAULT_BOILERPLATE = _boilerplate_re()


def drop_boilerplate(text: str, context: dict | None = None) -> str:
    extra = (context or {}).get("settings", {}).get("boilerplate")
    pattern = _boilerplate_re(extra) if extra else _DEFAULT_BOILERPLATE
    kept, dropped = [], 0
    for line in text.split("\n"):
        if line.strip() and pattern.match(line):
            dropped += 1
            continue
        kept.append(line)
    if dropped and context is not None:
        context.setdefault("notes", []).append(f"dropped {dropped} boilerplate line(s)")
    return "\n".join(kept)


def unwrap_lines(text: str, context: dict | None = None) -> str:
    """Re-join hard-wrapped lines into paragraphs.

    Only when the text looks hard-wrapped: most paragraphs hold several lines of similar length. A line is
    joined to the next when it is long (near the wrap width) or does not end a sentence while the next one
    continues it; short lines (headings, captions, datelines) stay on their own.
    """
    paragraphs = re.split(r"\n[ \t]*\n", text)
    lines = [ln for p in paragraphs for ln in p.split("\n") if ln.strip()]
    inner = sum(max(0, len([ln for ln in p.split("\n") if ln.strip()]) - 1) for p in paragraphs)
    if len(lines) < 4 or inner < 0.3 * len(lines):
        return text
    width = statistics.quantiles([len(ln.rstrip()) for ln in lines], n=10)[8]  # 90th percentile
    out = []
    joined = 0
    for para in paragraphs:
        plines = para.split("\n")
        merged = [plines[0]]
        last = plines[0].rstrip()  # the last physical line, to compare with the wrap width
        for nxt in plines[1:]:
            if last.strip() and nxt.strip() and len(last) >= 0.6 * width:
                glue = "" if last.endswith("-") else " "  # "ex-\nSoviet" -> "ex-Soviet"
                merged[-1] = merged[-1].rstrip() + glue + nxt.lstrip()
                joined += 1
            else:
                merged.append(nxt)
            last = nxt.rstrip()
        out.append("\n".join(merged))
    if joined and context is not None:
        context.setdefault("notes", []).append(f"re-joined {joined} hard-wrapped line(s)")
    return "\n\n".join(out)


def tidy_whitespace(text: str, context: dict | None = None) -> str:
    lines = [ln.strip(" \t\u00a0\u200b\ufeff") for ln in text.split("\n")]
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


@hookimpl
def register_cleaners(register):
    register(Cleaner("mojibake", fix_mojibake, 10, "Fix mis-decoded text (ftfy's encoding fixes only)"))
    register(Cleaner("newlines", fix_newlines, 20, "CRLF and CR line endings to LF"))
    register(Cleaner("nfc", normalize_nfc, 30, "Unicode NFC normalisation"))
    register(Cleaner("boilerplate", drop_boilerplate, 40, "Drop ads, comment policies, newsletter blurbs, URLs"))
    register(Cleaner("unwrap", unwrap_lines, 50, "Re-join hard-wrapped lines into paragraphs"))
    register(Cleaner("whitespace", tidy_whitespace, 90, "Trim lines, collapse blank runs"))
