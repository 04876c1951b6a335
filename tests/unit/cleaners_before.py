"""The built-in cleaners as they were before the import speed-ups (issue 21), kept as the reference the faster ones
must match exactly (tests/unit/test_import_equivalence.py). Not used by Annotator itself."""

from __future__ import annotations

import re
import statistics
import unicodedata

import ftfy

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


# Characters at least one of which any line with mojibake or C1 controls must contain: how the lead byte of a
# UTF-8 sequence reads in the single-byte encodings ftfy undoes (Latin-1, Windows-1252/1251, ISO-8859-2, Mac Roman,
# CP437), C1 controls and surrogates. Curly quotes, dashes and ellipses alone (the usual non-ASCII of news text) are
# not in it: a line without any of these is left to the fast path, exactly as ftfy would leave it.
_MAYBE_MOJIBAKE = re.compile(
    "[\u0080-\u00ff\u0100-\u017f\u0192\u02c6\u02dc\u0391-\u03c9\u0400-\u045f\u2020\u2021\u2030\u2039"
    "\u203a\u201a\u201e\u2044\u20ac\u2122\u2022\u2202\u2206\u220f\u2211\u221a\u221e\u222b\u2229\u2248"
    "\u2260\u2261\u2264\u2265\u2320\u2321\u2500-\u25ff\uf8ff\ufb01\ufb02\ud800-\udfff]")


def _ftfy_lines(text: str) -> str:
    """``ftfy.fix_text`` (which fixes each line on its own), skipping lines that cannot hold mojibake: the
    per-line work of ftfy is the bulk of the import time of a large corpus."""
    if not _MAYBE_MOJIBAKE.search(text):
        return text
    out = []
    pos = 0
    while pos < len(text):
        brk = text.find("\n", pos) + 1 or len(text)
        segment = text[pos:brk]
        out.append(ftfy.fix_text(segment, _FTFY) if _MAYBE_MOJIBAKE.search(segment) else segment)
        pos = brk
    return "".join(out)


def fix_mojibake(text: str, context: dict | None = None) -> str:
    fixed = _ftfy_lines(text)
    fixed = _SHORT_RUN.sub(_fix_short_run, fixed)
    if context is not None and fixed != text:
        context.setdefault("notes", []).append("fixed mojibake")
    return fixed


def fix_newlines(text: str, context: dict | None = None) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")


def normalize_nfc(text: str, context: dict | None = None) -> str:
    return unicodedata.normalize("NFC", text)


# Lines dropped wherever they appear: page furniture that is never article text.
BOILERPLATE = [
    r"advertisement",
    r"(story continues|article continues) below( advertisement)?",
    r"related (article|story|stories|content|coverage)\s*:.*",
    r"see also\s*:.*",
    r"read more\s*:.*",
    r"watch\s*\|.*",
    r"https?://\S+",
    r"www\.\S+",
    r"\d+ (seconds?|minutes?|hours?|days?|weeks?|months?|years?) ago",
    r"duration \d+:\d+",
    r"become an? .{0,20}member",
    r"join the conversation\b.{0,40}",
    r"already have an account\??",
    r"sign up (for|to) .{0,40}(newsletter|news|updates|alerts)",
    r"subscribe (to|for) .{0,40}newsletter",
    r"more( [\w'’-]+){1,3} news",
    r"access more",
    r"share (this|on) (article|story|facebook|twitter)\b.{0,30}",
]
# Footers that are whole sentences, recognised by how they begin: comment policies, copyright lines and
# newsletter blurbs (these start in lower case, continuing a "Sign up for..." line; a sentence would not).
POLICY = [
    r"(to encourage thoughtful and respectful conversations|by submitting a comment, you accept|comments on this"
    r" story are moderated|we reserve the right to close comments|please note that \w+ does not endorse).*",
    r"copyright \(c\)\s*\d{4}.*|copyright © ?\d{4}.*|©\s*\d{4}.*all rights reserved.*",
    r"(?-i:(a|our|the) (daily|weekly) newsletter\b).*",
]
# A line that reads as a sentence (several words, ending in . ! or ?) is only ever dropped by a POLICY pattern.
_SENTENCE = re.compile(r"(\S+\s+){5,}\S*[.!?…][\"'”’)\]]*\s*$")


def _boilerplate_re(patterns: list[str]) -> re.Pattern:
    return re.compile(r"^\s*(?:" + "|".join(f"(?:{p})" for p in patterns) + r")\s*$", re.IGNORECASE)


_DEFAULT_BOILERPLATE = _boilerplate_re(BOILERPLATE)
_DEFAULT_POLICY = _boilerplate_re(POLICY)


def is_boilerplate(line: str, extra: list[str] | None = None) -> bool:
    """True for a line of page furniture. Project patterns (``extra``) apply to any line."""
    if not line.strip():
        return False
    if _DEFAULT_POLICY.match(line) or (extra and _boilerplate_re(extra).match(line)):
        return True
    return bool(_DEFAULT_BOILERPLATE.match(line)) and not _SENTENCE.match(line)


def drop_boilerplate(text: str, context: dict | None = None) -> str:
    extra = (context or {}).get("settings", {}).get("boilerplate") or None
    extra_re = _boilerplate_re(extra) if extra else None
    kept, dropped = [], []
    for line in text.split("\n"):
        if line.strip() and (_DEFAULT_POLICY.match(line) or (extra_re is not None and extra_re.match(line))
                             or (_DEFAULT_BOILERPLATE.match(line) and not _SENTENCE.match(line))):
            dropped.append(line.strip())
            continue
        kept.append(line)
    if dropped and context is not None:
        context.setdefault("notes", []).append(f"dropped {len(dropped)} boilerplate line(s)")
        context.setdefault("dropped_lines", []).extend(dropped)
    return "\n".join(kept)


_LIST_ITEM = re.compile(r"^\s*([-*•–—]\s|\d{1,3}[.)]\s)")
_ENDS_SENTENCE = re.compile(r"[.!?:…][\"'”’)\]]*$")
_SOFT_HYPHEN_END = re.compile(r"[^\W\d_]-$")  # "ex-" at a line end: "ex-\nSoviet" -> "ex-Soviet"


def looks_hard_wrapped(text: str) -> tuple[bool, int]:
    """(whether ``text`` is hard-wrapped, the wrap width). Hard-wrapped text has many line breaks inside
    paragraphs and a narrow, consistent right margin; text with one paragraph per line has neither."""
    paragraphs = re.split(r"\n[ \t]*\n", text)
    lines = [ln.rstrip() for p in paragraphs for ln in p.split("\n") if ln.strip()]
    inner = sum(max(0, len([ln for ln in p.split("\n") if ln.strip()]) - 1) for p in paragraphs)
    if len(lines) < 4 or inner < 0.3 * len(lines):
        return False, 0
    width = statistics.quantiles([len(ln) for ln in lines], n=10)[8]  # 90th percentile
    if width > 160:  # nobody wraps at 160+ characters: these are paragraphs, one per line
        return False, 0
    near = sum(1 for ln in lines if len(ln) >= 0.6 * width)
    return near >= 0.4 * len(lines), int(width)


def unwrap_lines(text: str, context: dict | None = None) -> str:
    """Re-join hard-wrapped lines into paragraphs.

    Only when the text looks hard-wrapped (:func:`looks_hard_wrapped`). A line is joined to the next when it
    reaches near the wrap width, or when it does not end a sentence and the next line continues in lower case;
    a short line (heading, caption, dateline), a sentence that ends well before the margin and list items
    stay on their own lines.
    """
    wrapped, width = looks_hard_wrapped(text)
    if not wrapped:
        return text
    check = (context or {}).get("check") or (lambda: None)
    out = []
    joined = 0
    for k, para in enumerate(re.split(r"(\n[ \t]*\n)", text)):
        if k % 512 == 0:
            check()  # cancellable inside a large file
        if not para.strip() or para.strip("\n \t") == "":
            out.append(para)
            continue
        plines = para.split("\n")
        # each output line is built as a list of pieces and joined once: linear in the paragraph's length
        # (re-concatenating a growing string was quadratic on hard-wrapped text without blank lines)
        merged: list[str] = []
        pieces = [plines[0]]
        last = plines[0].rstrip()  # the last physical line, to compare with the wrap width
        for i, nxt in enumerate(plines[1:], 1):
            if i % 4096 == 0:
                check()
            n = nxt.strip()
            long_enough = len(last) >= 0.6 * width and not (_ENDS_SENTENCE.search(last) and len(last) < 0.75 * width)
            continues = bool(n) and n[0].islower() and not _ENDS_SENTENCE.search(last)
            if last.strip() and n and not _LIST_ITEM.match(nxt) and (long_enough or continues):
                glue = "" if _SOFT_HYPHEN_END.search(last) else " "
                pieces[-1] = pieces[-1].rstrip()
                pieces.append(glue)
                pieces.append(nxt.lstrip())
                joined += 1
            else:
                merged.append("".join(pieces))
                pieces = [nxt]
            last = nxt.rstrip()
        merged.append("".join(pieces))
        out.append("\n".join(merged))
    if joined and context is not None:
        context.setdefault("notes", []).append(f"re-joined {joined} hard-wrapped line(s)")
    return "".join(out)


def tidy_whitespace(text: str, context: dict | None = None) -> str:
    lines = [ln.strip(" \t\u00a0\u200b\ufeff") for ln in text.split("\n")]
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()
