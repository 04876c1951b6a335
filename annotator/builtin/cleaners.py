"""Built-in plugin ``core-cleaners``: the text-cleaning chain run on plain articles at import.

Order: mojibake (10) → line endings (20) → NFC (30) → boilerplate lines (40) → hard-wrap re-joining (50) →
whitespace (90). Quotes, dashes and every other character stay exactly as written; the original bytes stay in
the document's ``raw``. Boilerplate patterns can be extended per project (setting ``core-cleaners`` /
``boilerplate``: a list of regular expressions matched against whole lines).
"""

from __future__ import annotations

import re
import threading
import unicodedata

import ftfy
import ftfy.badness

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
_SHORT_CHAR = (r"[\u0080-\u02ff\u2000-\u2122\u221a\u2202\u2206\u220f\u2211\u222b\u2248\u2260\u2264"
               r"\u2265\u25ca\ufb01\ufb02\uf8ff]")
# (two or three of them, written so that re scans for the first at C speed: "[...]{2,3}" tried every position)
_SHORT_RUN = re.compile(_SHORT_CHAR + _SHORT_CHAR + "{1,2}")
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


# What ftfy's decision needs (ftfy 6, with the settings above): a line is changed only when its mojibake
# heuristic flags it (``ftfy.badness.is_bad``), or it holds C1 controls or surrogates. Every sequence that heuristic
# flags holds at least one character of its categories other than the "common" ones (no-break space, dashes,
# ellipsis, right single quote) and the opening and closing punctuation (curly quotes, guillemets, bullet,
# trade mark...): an accented letter, a C1 control, a currency or numeric sign, a box-drawing piece, a Greek or
# Cyrillic letter, ``¬ ¦ ¨ ƒ † ‰`` and the like (checked against ftfy in tests/unit/test_cleaner_speed.py). So a
# line holding none of them is left as it is without asking ftfy, and one that holds some is first shown to
# ftfy's own cheap test: ordinary news text (no-break spaces, curly quotes, dashes) never reaches the fixer.
_FTFY_CATEGORIES = ftfy.badness.MOJIBAKE_CATEGORIES
_FTFY_NEEDS = re.compile(
    "[" + "".join(chars for name, chars in _FTFY_CATEGORIES.items()
                  if name not in ("common", "start_punctuation", "end_punctuation"))
    + "\u0152\u0153\u00d7\u00d8\u00d9\u00b0\u221a\u2248\u0412\u0413\u0420\u0421\u0432\u0402"
    "\u03b2\u0392\u0393\u039e\u039f\u0101\u20ac\ud800-\udfff]")
_C1_OR_SURROGATE = re.compile("[\x80-\x9f\ud800-\udfff]")


def _badness_width() -> int | None:
    """The longest sequence ftfy's heuristic can flag (7 characters in ftfy 6), or None if it cannot be read."""
    try:
        import re._parser as sre_parse  # (Python 3.11+)

        pattern = ftfy.badness.BADNESS_RE
        if any(mark in pattern.pattern for mark in ("(?", "\\b", "\\B", "$", "\\Z")):
            return None  # lookarounds or end anchors: a window could see what the whole line does not
        return int(sre_parse.parse(pattern.pattern, pattern.flags).getwidth()[1])
    except Exception:  # noqa: BLE001 - then the whole line is searched, as ftfy does
        return None


_BADNESS_WIDTH = _badness_width()


def looks_bad(segment: str) -> bool:
    """``ftfy.badness.is_bad(segment)``, searching only the few characters around each one a flagged sequence
    must hold (``_FTFY_NEEDS``): the heuristic's regular expression tries all its alternatives at every position,
    about 50 µs for a line of news text with one accented name, and nearly all of that is spent far from any
    candidate. ``search(text, pos, endpos)`` keeps the real start of the line (``^``)."""
    width = _BADNESS_WIDTH
    if width is None:
        return ftfy.badness.is_bad(segment)
    search = ftfy.badness.BADNESS_RE.search
    lo = hi = -1
    for found in _FTFY_NEEDS.finditer(segment):
        at = found.start()
        if at - width + 1 <= hi:  # (overlaps the window so far: widen it)
            hi = at + width
            continue
        if hi >= 0 and search(segment, lo, hi):
            return True
        lo, hi = max(0, at - width + 1), at + width
    return hi >= 0 and search(segment, lo, hi) is not None


def _ftfy_segment(segment: str) -> str:
    """``ftfy.fix_text(segment, _FTFY)`` for one line, without calling the fixer when ftfy's own test says it
    would leave the line alone (no mojibake by its heuristic, no C1 control, no surrogate)."""
    if len(segment) <= _FTFY.max_decode_length and not looks_bad(segment) \
            and not _C1_OR_SURROGATE.search(segment):
        return segment
    return ftfy.fix_text(segment, _FTFY)


def _fix_short_runs(text: str) -> str:
    """``_SHORT_RUN.sub(_fix_short_run, text)``, from the first two adjacent non-ASCII characters on (a run needs
    them; the simple range is found about twice as fast as the run's own class, and most lines of news have none)."""
    first = _NON_ASCII_PAIR.search(text)
    if first is None:
        return text
    start = first.start()
    return text[:start] + _SHORT_RUN.sub(_fix_short_run, text[start:]) if start else \
        _SHORT_RUN.sub(_fix_short_run, text)


_NON_ASCII_PAIR = re.compile("[^\x00-\x7f][^\x00-\x7f]")


#: how many lines (and characters) the memo of fixed lines holds at most; 0 turns it off
_MEMO_LINES = 4096
_MEMO_CHARS = 1 << 20
_memo: dict = {}  # (line, or (line,) for the text's last) -> fixed line or _SAME
_memo_size = [0]
_memo_lock = threading.Lock()
_SAME = object()  # (what _fixed_line answers for a line it leaves as it is)


def _fix_line(segment: str) -> str:
    """What the mojibake cleaner makes of one line that holds a non-ASCII character (with its line break, if
    it had one): ftfy where its decision needs it, then the short runs ftfy leaves alone."""
    if _FTFY_NEEDS.search(segment) and _MAYBE_MOJIBAKE.search(segment):
        segment = _ftfy_segment(segment)
    return _fix_short_runs(segment)


def _fixed_line(line: str, newline: bool) -> str | object:
    """What :func:`_fix_line` makes of ``line`` (with a line break after it when ``newline``: ftfy fixes each line
    with its break), without that break, or ``_SAME`` when it leaves the line as it is; remembered: a news
    corpus repeats its lines (bylines, datelines, captions, agency credits, a story updated several times), and a
    line with mojibake costs ftfy about 100 µs. The memo is bounded (``_MEMO_LINES`` lines, ``_MEMO_CHARS``
    characters; emptied when full) and shared by threads; it holds a line that ended the text under a tuple key,
    and is asked with the line as it came from the split (no copy with its break added, none without it after)."""
    key = line if newline else (line,)
    fixed = _memo.get(key)
    if fixed is not None:
        return fixed
    if newline:
        fixed = _fix_line(line + "\n")
        fixed = fixed[:-1] if fixed.endswith("\n") else fixed
    else:
        fixed = _fix_line(line)
    if fixed == line:
        fixed = _SAME
    if _MEMO_LINES:
        with _memo_lock:
            if len(_memo) >= _MEMO_LINES or _memo_size[0] > _MEMO_CHARS:
                _memo.clear()
                _memo_size[0] = 0
            _memo[key] = fixed
            _memo_size[0] += len(line) + (0 if fixed is _SAME else len(fixed))
    return fixed


def fix_mojibake(text: str, context: dict | None = None) -> str:
    """ftfy's encoding fixes (which it makes line by line) and the short runs it leaves alone, on the lines that
    hold a non-ASCII character (``str.isascii`` answers without reading the text); each such line is fixed once
    however often the corpus repeats it (:func:`_fixed_line`)."""
    if text.isascii():
        return text
    lines = text.split("\n")
    last = len(lines) - 1
    changed = False
    for k, line in enumerate(lines):
        if line.isascii():
            continue
        fixed = _fixed_line(line, k < last)
        if fixed is not _SAME:
            lines[k] = fixed
            changed = True
    if not changed:
        return text
    if context is not None:
        context.setdefault("notes", []).append("fixed mojibake")
    return "\n".join(lines)


def fix_newlines(text: str, context: dict | None = None) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.isascii():  # (C speed; the two separators are not ASCII)
        text = text.replace("\u2028", "\n").replace("\u2029", "\n\n")
    return text


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


def reads_as_sentence(line: str) -> bool:
    """``_SENTENCE.match(line)`` without its backtracking (which tried every split of a long line into words):
    the line starts with a word, ends with . ! ? or … (then closing quotes or brackets, then white space), and
    at least five words come before the word that ends it."""
    core = line.rstrip()
    core = core.rstrip("\"'”’)]")
    if not core or core[-1] not in ".!?…" or not line or line[0].isspace():
        return False
    head = core[:-1]
    words = head.split()
    return (len(words) if head[-1:].isspace() else len(words) - 1) >= 5


def _boilerplate_re(patterns: list[str]) -> re.Pattern:
    return re.compile(r"^\s*(?:" + "|".join(f"(?:{p})" for p in patterns) + r")\s*$", re.IGNORECASE)


_DEFAULT_BOILERPLATE = _boilerplate_re(BOILERPLATE)
_DEFAULT_POLICY = _boilerplate_re(POLICY)
_DEFAULT_EITHER = _boilerplate_re(POLICY + BOILERPLATE)
# The first character of every default pattern (a line of either list starts, after white space, with one of
# these; tests/unit/test_cleaners.py checks each pattern against it): most lines are turned down on it at once.
_FIRST_CHARS = r"[asrwhdbjmtpco©\d]"
# _DEFAULT_EITHER over the whole text at once, each line's match starting at the line break before it (a
# literal: the regex engine finds the line starts at C speed, where a match per line cost a call and a copy
# per line). White space inside a pattern may not cross a line break here (it could not in a single line).
# Group 1 holds the POLICY patterns, tried first: a line it matched is dropped; one the BOILERPLATE patterns
# matched (group 1 empty: no POLICY pattern matches that line) is dropped unless it reads as a sentence.
_EITHER_LINES = re.compile(
    (r"\n[^\S\n]*(?=" + _FIRST_CHARS + ")(?:(" + "|".join(f"(?:{p})" for p in POLICY) + ")|"
     + "|".join(f"(?:{p})" for p in BOILERPLATE) + r")[^\S\n]*(?=\n)").replace(r"\s", r"[^\S\n]"), re.IGNORECASE)


def _default_hits(text: str) -> list[tuple[int, int, int, bool]]:
    """(line number, start, end, matched by a POLICY pattern) of each line of ``text`` that ``_DEFAULT_EITHER``
    matches, in order."""
    padded = "\n" + text + "\n"
    hits = []
    line = pos = 0
    for m in _EITHER_LINES.finditer(padded):
        start = m.start()  # (the line break before the line; in ``text``, where the line starts)
        line += padded.count("\n", pos, start)
        pos = start
        hits.append((line, start, m.end() - 1, m.start(1) >= 0))
    return hits


def is_boilerplate(line: str, extra: list[str] | None = None) -> bool:
    """True for a line of page furniture. Project patterns (``extra``) apply to any line."""
    if not line.strip():
        return False
    if _DEFAULT_POLICY.match(line) or (extra and _boilerplate_re(extra).match(line)):
        return True
    return bool(_DEFAULT_BOILERPLATE.match(line)) and not reads_as_sentence(line)


def drop_boilerplate(text: str, context: dict | None = None) -> str:
    extra = (context or {}).get("settings", {}).get("boilerplate") or None
    extra_re = _boilerplate_re(extra) if extra else None
    if extra_re is None:
        # both default lists searched over the whole text at once: most lines match neither; only the few that
        # do are looked at closely, and the text is cut around those dropped (no split into lines)
        hits = _default_hits(text)
        if not hits:
            return text  # (what joining every line again gives)
        drop = [(k, a, b) for k, a, b, policy in hits
                if policy or ((line := text[a:b]).strip() and not reads_as_sentence(line))]
        dropped = [text[a:b].strip() for _, a, b in drop]
        if not drop:
            return text
        # the runs of kept lines between the dropped ones, each a slice of ``text``, joined by line breaks
        runs = []
        k0, a0 = -1, -1  # the line before the run, and where the run starts (after that line's break)
        for k, a, b in drop:
            if k > k0 + 1:
                runs.append(text[a0 + 1:a - 1])
            k0, a0 = k, b
        if a0 < len(text):  # (lines after the last dropped one)
            runs.append(text[a0 + 1:])
        kept = runs
    else:
        kept, dropped = [], []
        for line in text.split("\n"):
            if line.strip() and (_DEFAULT_POLICY.match(line) or extra_re.match(line)
                                 or (_DEFAULT_BOILERPLATE.match(line) and not reads_as_sentence(line))):
                dropped.append(line.strip())
                continue
            kept.append(line)
    if dropped and context is not None:
        context.setdefault("notes", []).append(f"dropped {len(dropped)} boilerplate line(s)")
        context.setdefault("dropped_lines", []).extend(dropped)
    return "\n".join(kept)


_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_LIST_ITEM = re.compile(r"^\s*([-*•–—]\s|\d{1,3}[.)]\s)")
_BULLETS = "-*•–—"
_ENDS_SENTENCE = re.compile(r"[.!?:…][\"'”’)\]]*$")
_SOFT_HYPHEN_END = re.compile(r"[^\W\d_]-$")  # "ex-" at a line end: "ex-\nSoviet" -> "ex-Soviet"
_PARAGRAPH_SPLIT = re.compile(r"(\n[ \t]*\n)")
_CLOSERS = "\"'”’)]"


def _ends_sentence(line: str) -> bool:
    """``_ENDS_SENTENCE.search(line)`` for a right-stripped line, looking at its end only (the search tried every
    position of the line)."""
    core = line.rstrip(_CLOSERS)
    return bool(core) and core[-1] in ".!?:…"


def looks_hard_wrapped(text: str) -> tuple[bool, int]:
    """(whether ``text`` is hard-wrapped, the wrap width). Hard-wrapped text has many line breaks inside
    paragraphs and a narrow, consistent right margin; text with one paragraph per line has neither."""
    wrapped, width, _lines = _hard_wrap(text)
    return wrapped, width


def _hard_wrap(text: str) -> tuple[bool, int, dict[int, list[str]]]:
    """:func:`looks_hard_wrapped`, and the lines of each paragraph that has several (by its place among the
    paragraphs), split once for the decision and kept for :func:`unwrap_lines`."""
    paragraphs = _PARAGRAPH_BREAK.split(text)
    lines_of: dict[int, list[str]] = {}
    count = inner = 0  # non-blank lines, and those of them that follow another in the same paragraph
    sizes = []  # the right-stripped length of each non-blank line
    for k, p in enumerate(paragraphs):
        if "\n" not in p:  # (most paragraphs of unwrapped text: one line, nothing to split; its size is
            if p.strip():  # taken below, only if the text may be wrapped)
                count += 1
            continue
        lines = lines_of[k] = p.split("\n")
        n = 0
        for ln in lines:
            r = ln.rstrip()
            if r:
                n += 1
                sizes.append(len(r))
        count += n
        inner += max(0, n - 1)
    if count < 4 or inner < 0.3 * count:
        return False, 0, lines_of
    sizes += [len(r) for p in paragraphs if "\n" not in p and (r := p.rstrip())]
    width = _p90(sizes)
    if width > 160:  # nobody wraps at 160+ characters: these are paragraphs, one per line
        return False, 0, lines_of
    least = 0.6 * width
    near = sum(1 for size in sizes if size >= least)
    return near >= 0.4 * len(sizes), int(width), lines_of


def _p90(sizes: list[int]) -> float:
    """``statistics.quantiles(sizes, n=10)[8]`` (the 90th percentile, its default "exclusive" method), the
    same float, without computing the other eight cut points (``len(sizes) >= 2``)."""
    data = sorted(sizes)
    ld = len(data)
    m = ld + 1
    j = 9 * m // 10
    j = 1 if j < 1 else ld - 1 if j > ld - 1 else j
    delta = 9 * m - j * 10
    return (data[j - 1] * (10 - delta) + data[j] * delta) / 10


def unwrap_lines(text: str, context: dict | None = None) -> str:
    """Re-join hard-wrapped lines into paragraphs.

    Only when the text looks hard-wrapped (:func:`looks_hard_wrapped`). A line is joined to the next when it
    reaches near the wrap width, or when it does not end a sentence and the next line continues in lower case;
    a short line (heading, caption, dateline), a sentence that ends well before the margin and list items
    stay on their own lines.
    """
    wrapped, width, lines_of = _hard_wrap(text)
    if not wrapped:
        return text
    check = (context or {}).get("check") or (lambda: None)
    out = []
    joined = 0
    margin, near = 0.6 * width, 0.75 * width  # (a line this long joins the next, unless it ends a sentence first)
    # (paragraphs at even places, the breaks between them at odd ones: paragraph k // 2 of _hard_wrap's)
    for k, para in enumerate(_PARAGRAPH_SPLIT.split(text)):
        if k % 512 == 0:
            check()  # cancellable inside a large file
        if not para.strip() or para.strip("\n \t") == "":
            out.append(para)
            continue
        plines = lines_of.get(k >> 1) if not k & 1 else None
        if plines is None:
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
            # (``last`` is right-stripped: non-empty = not blank; a list item starts, after white space, with
            # one of _LIST_ITEM's bullets or a digit: only then is the pattern tried)
            if last and n and not ((n[0] in _BULLETS or n[0].isdecimal()) and _LIST_ITEM.match(nxt)):
                size = len(last)
                if size >= near:  # reaches near the margin: long enough, whatever its end
                    join = True
                else:
                    ends = _ends_sentence(last)
                    join = (size >= margin and not ends) or (n[0].islower() and not ends)
                if join:  # reaches the margin (and is not a short sentence), or the sentence goes on
                    glue = "" if last[-1] == "-" and _SOFT_HYPHEN_END.search(last[-2:]) else " "
                    pieces[-1] = pieces[-1].rstrip()
                    pieces.append(glue)
                    pieces.append(nxt.lstrip())
                    joined += 1
                    last = nxt.rstrip()
                    continue
            merged.append("".join(pieces))
            pieces = [nxt]
            last = nxt.rstrip()
        merged.append("".join(pieces))
        out.append("\n".join(merged))
    if joined and context is not None:
        context.setdefault("notes", []).append(f"re-joined {joined} hard-wrapped line(s)")
    return "".join(out)


_TIDY_CHARS = " \t\u00a0\u200b\ufeff"  # (what each line is stripped of)
# a line break with such a character on either side: only then does a line inside the text have one to strip
_TIDY_EDGE = re.compile(r"\n(?:[ \t\u00a0\u200b\ufeff]|(?<=[ \t\u00a0\u200b\ufeff]\n))")


def tidy_whitespace(text: str, context: dict | None = None) -> str:
    # (split, strip and join again only when some line has something to strip: one search at C speed tells,
    # where the split alone cost twice that; few real articles have such a line)
    if text and (text[0] in _TIDY_CHARS or text[-1] in _TIDY_CHARS or _TIDY_EDGE.search(text)):
        lines = text.split("\n")
        stripped = [ln.strip(_TIDY_CHARS) for ln in lines]
        if stripped != lines:  # (a line with nothing to strip is itself, and == compares by identity first)
            text = "\n".join(stripped)
    if "\n\n\n" in text:  # (a literal prefix: re finds it at C speed, where \n{3,} tried every position)
        text = _BLANK_RUN.sub("\n\n", text)
    return text.strip()


_BLANK_RUN = re.compile(r"\n\n\n+")


@hookimpl
def register_cleaners(register):
    register(Cleaner("mojibake", fix_mojibake, 10, "Fix mis-decoded text (ftfy's encoding fixes only)"))
    register(Cleaner("newlines", fix_newlines, 20, "CRLF and CR line endings to LF"))
    register(Cleaner("nfc", normalize_nfc, 30, "Unicode NFC normalisation"))
    register(Cleaner("boilerplate", drop_boilerplate, 40, "Drop ads, comment policies, newsletter blurbs, URLs"))
    register(Cleaner("unwrap", unwrap_lines, 50, "Re-join hard-wrapped lines into paragraphs"))
    register(Cleaner("whitespace", tidy_whitespace, 90, "Trim lines, collapse blank runs"))
