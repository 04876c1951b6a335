"""Quantities stated in a sentence, normalised to a value range so that reports can be compared.

``some 7,000 people`` is about 7,000 (6,300-7,700); ``at least 6,700`` is 6,700 or more; ``thousands`` is a
range (2,000-9,999); ``two deaths`` is 2; ``80 percent`` and ``80%`` are the same; ``a landslide`` is a vague
share of the vote (60-100 %). Each quantity keeps its surface text, its qualifier, its unit class (``people``,
``percent``, ``age``…) and the lemmas around it, which tell what is counted. Dates, years and ages are not
counts (``Aug. 9``, ``in 1994``, ``34-year-old``: ages are their own class). Pure functions.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from annotator.lexicon import NUMBER_WORDS, parse_number_words

from .lexicon import MONTHS
from .words import Word as Token

# number words: the shared list (annotator.lexicon.NUMBER_WORDS), below a hundred as a figure's first word, with
# "a/one hundred", "a/one thousand" and "(a) dozen"
_UNITS = {w: v for w, v in NUMBER_WORDS.items() if 0 < v < 100 and w != "dozen"}
WORD_NUMBERS = {**_UNITS, "a hundred": 100, "one hundred": 100, "a thousand": 1000, "one thousand": 1000,
                "a dozen": 12, "dozen": 12}
# vague amounts: (low, high)
VAGUE = {
    "hundreds of thousands": (200_000, 999_999), "tens of thousands": (20_000, 99_999), "thousands": (2_000, 9_999),
    "hundreds": (200, 999), "dozens": (24, 99), "scores": (40, 99), "several": (3, 9), "a few": (2, 5),
    "a handful of": (2, 6), "a couple of": (2, 3), "millions": (2_000_000, 9_999_999),
}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000, "m": 1_000_000,
          "mn": 1_000_000, "bn": 1_000_000_000, "b": 1_000_000_000}
QUALIFIERS = {
    # qualifier -> (low factor, high factor); None = open
    "some": (0.9, 1.1), "about": (0.9, 1.1), "around": (0.9, 1.1), "approximately": (0.9, 1.1),
    "roughly": (0.9, 1.1), "an estimated": (0.9, 1.1), "estimated": (0.9, 1.1), "close to": (0.9, 1.0),
    "nearly": (0.9, 1.0), "almost": (0.9, 1.0), "just under": (0.9, 1.0), "up to": (0.0, 1.0),
    "at most": (0.0, 1.0), "fewer than": (0.0, 1.0), "less than": (0.0, 1.0), "under": (0.0, 1.0),
    "at least": (1.0, None), "more than": (1.0, None), "over": (1.0, None), "just over": (1.0, 1.1),
    "as many as": (0.9, 1.0),
}
PEOPLE = frozenset("""
people person protester staff supporter detain resident worker civilian citizen student voter employee
official officer journalist activist victim those man men woman women member soldier police participant
""".split())

_QUAL = "|".join(sorted((re.escape(q) for q in QUALIFIERS), key=len, reverse=True))
_VAGUE = "|".join(sorted((re.escape(v) for v in VAGUE), key=len, reverse=True))
_WORDNUM1 = "|".join(sorted((re.escape(w) for w in WORD_NUMBERS), key=len, reverse=True))
# a number in words: "twenty-five", "two hundred and fifty", "seven thousand", "two dozen"
_NUMWORD = "(?:" + "|".join(sorted((w for w, v in NUMBER_WORDS.items() if v and v <= 1_000_000),
                                    key=len, reverse=True)) + ")"
_WORDNUM = rf"(?:{_WORDNUM1})(?:(?:[\s-]+|\s+and\s+){_NUMWORD}\b)*"
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_PATTERN = re.compile(
    rf"(?:\b(?P<qual>{_QUAL})\s+)?"
    rf"(?:(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    rf"(?:\s*-?\s*(?P<scale>hundred|thousand|million|billion|bn|mn|m|b(?=\.\s*(?:euro|dollar|pound|usd|eur)))\b)?"
    rf"|\b(?P<vague>{_VAGUE})\b|\b(?P<word>{_WORDNUM})\b(?:[\s-]+(?P<wscale>hundred|thousand|million|billion)\b)?)"
    r"(?P<pct>\s*%|\s+percent\b|\s+per\s+cent\b)?"
    r"(?P<age>-years?-old|\s+years?\s+old\b)?",
    re.IGNORECASE,
)
_LANDSLIDE = re.compile(r"\blandslide\b", re.IGNORECASE)
_LANDSLIDE_NOT_VOTE = re.compile(r"\b(?:caused|triggered|set\s+off|buried|mud|rock|earth|quake|rain|slope|hill|"
                                 r"road|village|house|homes?|killed|swept)\w*\b", re.IGNORECASE)
# "2 1/2 years", "2-1/2 year sentence"
_MIXED = re.compile(r"\b(?P<whole>\d+)[\s-]+(?P<num>[1-9])\s?/\s?(?P<den>[2-9])\b")
# "a minute", "one mile", "an hour": one unit ("a second" is mostly an ordinal: not here)
_ONE_UNIT = re.compile(r"\b(?P<one>a|an|one)\s+(?P<unit>minute|hour|day|week|fortnight|month|year|decade|mile|"
                       r"metre|meter|kilometre|kilometer|foot|yard)\b", re.IGNORECASE)
_DATE_BEFORE = re.compile(rf"\b(?:{_MONTH})\.?\s*$", re.IGNORECASE)
_DATE_AFTER = re.compile(rf"^\s*(?:{_MONTH})\b", re.IGNORECASE)
_AGE_APPOSITION = re.compile(r"[A-Z][\w’'-]+,\s*$")


@dataclass(frozen=True)
class Quantity:
    start: int
    end: int
    surface: str
    low: float
    high: float
    value: float | None   # the stated figure; None for vague amounts
    qualifier: str
    unit: str             # class: people, percent, age, or the lemma of the counted noun
    head: str             # the counted noun as written ("" when none)
    vague: bool
    context: frozenset[str]  # lemmas around it (what is counted, what happened to them)
    role: frozenset[str] = frozenset()  # the closest words around it, names aside: what happened to them

    def describe(self) -> str:
        if self.value is None:
            return f"{self.surface} (≈{_n(self.low)}–{_n(self.high)})"
        if math.isinf(self.high):
            return f"{self.surface} (≥{_n(self.low)})"
        if self.low == self.high:
            return f"{self.surface} (={_n(self.value)})"
        return f"{self.surface} (≈{_n(self.low)}–{_n(self.high)})"


def _n(x: float) -> str:
    if math.isinf(x):
        return "∞"
    return f"{x:,.0f}" if x >= 100 or x == int(x) else f"{x:g}"


@lru_cache(maxsize=4096)
def words_to_number(phrase: str) -> float:
    """``twenty-five`` -> 25, ``two hundred and fifty`` -> 250, ``seven thousand`` -> 7000, ``two dozen`` -> 24,
    ``a thousand`` -> 1000: the shared :func:`annotator.lexicon.parse_number_words` (numerizer); 0 for a phrase
    it does not read as one number."""
    value = parse_number_words(phrase)
    return 0.0 if value is None else value


def _parse_number(s: str) -> float:
    return float(s.replace(",", ""))


def _head(tokens: list[Token], end: int) -> tuple[str, str, bool]:
    """The counted noun after a number: (lemma, surface, followed-by-a-verb?)."""
    after = [t for t in tokens if t.start >= end][:4]
    i = 0
    if after and after[0].low == "worth":
        after = after[1:]  # "$108 million worth of diamonds": the diamonds
    if after and after[0].low == "of":
        i = 1
        if len(after) > 1 and after[1].low in ("the", "those", "these"):
            i = 2
    for n, t in enumerate(after[i:]):
        if t.low in ("have", "has", "had", "were", "was", "are", "is", "will", "would"):
            return "", "", True
        code = _code(t, after[i + n + 1] if i + n + 1 < len(after) else None)
        if code:
            return code, t.text, False  # "seven AK-47s", "12 AK 47 guns": the model is what is counted
        if t.stop:
            continue
        verbish = t.low.endswith("ed") or t.low in ("thrown", "taken", "held", "seen", "gone", "come")
        nxt = after[i + n + 1] if i + n + 1 < len(after) else None
        if verbish and nxt is not None and not nxt.stop and not nxt.low.endswith("ed") and nxt.text[:1].islower() \
                and not nxt.low[:1].isdigit():
            verbish, t = False, nxt  # "four armed robbers": an adjective before the counted noun
            n += 1
        if not verbish:
            # the noun phrase goes on ("two Yemeni fishing boats", "seven AK-47 assault rifles"): its last word
            rest = after[i + n + 1:]
            k = 0
            while k < len(rest) and k < 4:
                u = rest[k]
                if u.low in ("and", "or") and t.cap and k + 1 < len(rest) and rest[k + 1].cap:
                    k += 1  # "23 Somali and Yemeni pirates": one phrase, the pirates are counted
                    t = rest[k]
                    k += 1
                    continue
                if u.stop or u.low.endswith("ed") or u.low[:1].isdigit() or u.low in WORD_NUMBERS \
                        or u.start - t.end > 1:
                    break  # the phrase ends: a function word, a verb, a number, punctuation between
                if not u.text[-1:].isalpha() and not u.text[-1:].isdigit():
                    break
                # a modifier goes on to its noun ("fishing boats", "diamond rings", "Yemeni fishermen"); a plural
                # noun ends the phrase ("robbers burst into…")
                if not (t.cap or t.low.endswith("ing") or (u.low.endswith("s") and not t.low.endswith("s"))):
                    break
                t = u
                k += 1
        return t.lemma, t.text, verbish
    return "", "", False


def _code(t: Token, nxt: Token | None) -> str:
    """A model designation as one word: AK-47, AK-47s, AK 47 -> ``ak-47``."""
    m = re.fullmatch(r"([a-z]{1,4})-?(\d{1,4})s?", t.low)
    if m and t.text[:1].isupper() and t.text[1:2].isupper():
        return f"{m.group(1)}-{m.group(2)}"
    if nxt is not None and re.fullmatch(r"[A-Z]{1,4}", t.text) and re.fullmatch(r"\d{1,4}", nxt.text) \
            and nxt.start - t.end <= 1:
        return f"{t.low}-{nxt.text}"
    return ""


def _context(tokens: list[Token], start: int, end: int, width: int = 5) -> frozenset[str]:
    before = [t for t in tokens if t.end <= start and not t.stop][-width:]
    after = [t for t in tokens if t.start >= end and not t.stop][:width]
    return frozenset(t.lemma for t in before + after if not t.lemma[:1].isdigit() and t.low not in WORD_NUMBERS)


def _role(text: str, tokens: list[Token], start: int, end: int, unit: str) -> frozenset[str]:
    """Content words within three words of the quantity and in the same clause (no comma between)."""
    before = [t for t in tokens if t.end <= start][-3:]
    after = [t for t in tokens if t.start >= end][:3]
    near = [t for t in before if not re.search(r"[,;:—–()]", text[t.end:start])]
    near += [t for t in after if not re.search(r"[,;:—–()]", text[end:t.start])]
    return frozenset(t.lemma for t in near if not t.stop and not t.cap and not t.low[:1].isdigit()
                     and t.lemma != unit and t.lemma not in ("people", "person", "protester", "another", "least",
                                                             "estimated", "approximate", "nearly", "almost"))


_CLOCK = re.compile(
    r"(?<![\d.:,])(?P<h>[01]?\d|2[0-3])(?:[:.]\s?(?P<m>[0-5]\d))?\s*(?P<ampm>[ap])(?:\.\s?m\.|\s?m\b)"
    r"|(?<![\d.:,])(?P<h2>[01]?\d|2[0-3])[:.](?P<m2>[0-5]\d)(?=\s*(?:GMT|UTC|BST|CET|CEST|EST|EDT|PST|PDT|IST|"
    r"AEST|hrs|hours|local)\b|\s+(?:on|in|this|that|yesterday|today|when|after|before)\b)"
    r"|(?<![\d.:,])(?P<h3>[01]\d|2[0-3])(?P<m3>[0-5]\d)\s*(?=(?:GMT|UTC|BST|IST|hrs|hours)\b)")
_CLOCK_QUAL = {"about": (-10, 10), "around": (-10, 10), "approximately": (-10, 10), "roughly": (-10, 10),
               "some time after": (0, 60), "just before": (-15, 0), "shortly before": (-15, 0),
               "just after": (0, 15), "shortly after": (0, 15), "before": (-60, 0), "after": (0, 60),
               "by": (-120, 0)}
_CLOCK_QUAL_RE = re.compile(r"\b(?P<q>" + "|".join(sorted(_CLOCK_QUAL, key=len, reverse=True)) + r")\s+(?:at\s+)?$",
                            re.IGNORECASE)
_ZONE_AFTER = re.compile(r"^\s*\(?(?P<zone>[A-Za-z]{2,4})\b")


def clock_times(text: str, tokens: list[Token]) -> list[Quantity]:
    """Times of day (``8.49pm``, ``20:49 GMT``, ``2045 GMT``, ``1100 hours``, ``about 9pm``), in minutes after
    midnight, with the qualifier as an interval (``about``: ±10 min, ``shortly before``: the 15 min before) and
    the time zone (unit ``clock`` or ``clock:GMT``). Never counts."""
    from .lexicon import TIME_ZONES

    out = []
    for m in _CLOCK.finditer(text):
        h = int(m.group("h") or m.group("h2") or m.group("h3"))
        minute = int(m.group("m") or m.group("m2") or m.group("m3") or 0)
        if m.group("ampm"):
            if h > 12:
                continue
            h = (h % 12) + (12 if m.group("ampm").lower() == "p" else 0)
        value = h * 60 + minute
        qm = _CLOCK_QUAL_RE.search(text[max(0, m.start() - 20):m.start()])
        qual = qm.group("q").lower() if qm else ""
        lo, hi = _CLOCK_QUAL.get(qual, (0, 0))
        zone_m = _ZONE_AFTER.match(text[m.end():m.end() + 8])
        zone = zone_m.group("zone").lower() if zone_m and zone_m.group("zone").lower() in TIME_ZONES else ""
        zone = {"local": ""}.get(zone, zone)
        start = m.start() - (len(qm.group(0)) if qm else 0)
        surface = text[start:m.end()].strip()
        out.append(Quantity(start, m.end(), surface, float(value + lo), float(value + hi), float(value), qual,
                            f"clock:{zone.upper()}" if zone else "clock", "", False,
                            _context(tokens, start, m.end()), _role(text, tokens, start, m.end(), "")))
    return out


_SMALL = "(?:\\d+|" + "|".join(sorted(_UNITS, key=len, reverse=True)) + ")"
_RANGE = re.compile(rf"\b(?P<a>{_SMALL})\s+(?:or|to)\s+(?P<b>{_SMALL})\b(?!\s*(?:[:.]\d|[ap]\.?m\b|%|percent))",
                    re.IGNORECASE)


def _figure(word: str) -> float:
    return float(word) if word.isdigit() else words_to_number(word)


def _special(text: str, tokens: list[Token]) -> list[Quantity]:
    """Clock times, ranges (``three or four robbers``, ``10 to 12``), mixed fractions (``2 1/2 years``) and one
    unit in words (``a minute``, ``one mile``)."""
    out = clock_times(text, tokens)
    for m in _RANGE.finditer(text):
        low, high = _figure(m.group("a")), _figure(m.group("b"))
        if not 0 < low < high or any(q.start <= m.start() < q.end for q in out):
            continue
        if _DATE_AFTER.match(text[m.end():m.end() + 12]):
            continue  # "8 or 9 May"
        unit, head_surface, _ = _head(tokens, m.end())
        if unit in PEOPLE:
            unit = "people"
        out.append(Quantity(m.start(), m.end(), m.group(0), low, high, None, "", unit or "", head_surface, True,
                            _context(tokens, m.start(), m.end()), _role(text, tokens, m.start(), m.end(), unit)))
    for m in _MIXED.finditer(text):
        if any(q.start <= m.start() < q.end for q in out):
            continue
        value = int(m.group("whole")) + int(m.group("num")) / int(m.group("den"))
        unit, head_surface, _ = _head(tokens, m.end())
        out.append(Quantity(m.start(), m.end(), m.group(0), value, value, value, "", unit or "", head_surface,
                            False, _context(tokens, m.start(), m.end()),
                            _role(text, tokens, m.start(), m.end(), unit)))
    for m in _ONE_UNIT.finditer(text):
        before = text[max(0, m.start() - 12):m.start()].lower()
        if re.search(r"(?:per|every|each|once|twice|than|of|\d|euros?|dollars?|pounds?|[\d,.]+\s*\w+)\s+$", before) \
                or re.match(r"\s+(?:later|earlier|after|before|ago)\b", text[m.end():m.end() + 10]):
            continue  # rates ("900 a month", "1,000 euros a month"), idioms, times relative to something else
        unit = m.group("unit").lower()
        qm = re.search(rf"\b(?P<q>{_QUAL})\s+$", text[max(0, m.start() - 20):m.start()], re.IGNORECASE)
        qual = qm.group("q").lower() if qm else ""
        lo_f, hi_f = QUALIFIERS.get(qual, (1.0, 1.0))
        start = m.start() - (len(qm.group(0)) if qm else 0)
        out.append(Quantity(start, m.end(), text[start:m.end()], lo_f, math.inf if hi_f is None else hi_f, 1.0,
                            qual, unit, m.group("unit"), False, _context(tokens, start, m.end()),
                            _role(text, tokens, start, m.end(), unit)))
    return out


def extract_quantities(text: str, tokens: list[Token]) -> list[Quantity]:
    out: list[Quantity] = _special(text, tokens)
    taken = [(q.start, q.end) for q in out]
    for m in _PATTERN.finditer(text):
        if not (m.group("num") or m.group("vague") or m.group("word")):
            continue
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        qual = (m.group("qual") or "").lower()
        start, end = m.start(), m.end()
        surface = text[start:end].strip()
        if m.group("num"):
            num_s = m.group("num")
            if _DATE_BEFORE.search(text[max(0, m.start("num") - 12):m.start("num")]) or _DATE_AFTER.match(
                    text[m.end("num"):m.end("num") + 12]):
                continue  # a day of a date: Aug. 9, 19 Sep
            if re.match(r"(?:st|nd|rd|th)\b", text[m.end("num"):m.end("num") + 3], re.IGNORECASE):
                continue  # an ordinal: "97th Street", "the 2nd floor"
            around = text[max(0, m.start("num") - 1):m.start("num")] + text[m.end("num"):m.end("num") + 1]
            if ":" in around or "/" in around:
                continue  # clock times and fractions
            value = _parse_number(num_s)
            if m.group("scale"):
                value *= SCALES[m.group("scale").lower()]
            if (not m.group("scale") and not m.group("pct") and "," not in num_s and 1800 <= value <= 2100
                    and "." not in num_s):
                continue  # a year
            vague = False
        elif m.group("word"):
            value = words_to_number(m.group("word"))
            if m.group("wscale"):
                value *= SCALES[m.group("wscale").lower()]
            if value == 1 and not qual:
                continue  # "one" is mostly a pronoun or an article
            vague = False
        else:
            value = None
            vague = True
        if m.group("age") or (value is not None and not m.group("pct") and value < 130
                              and _AGE_APPOSITION.search(text[max(0, start - 30):start])
                              and text[end:end + 1] == ","):
            unit, head_surface, verb_after = "age", "years old", False
        elif m.group("pct"):
            unit, head_surface, verb_after = "percent", "percent", False
        else:
            unit, head_surface, verb_after = _head(tokens, end)
            if unit in PEOPLE or (not unit or verb_after) and (vague or (value or 0) >= 100):
                unit = "people" if (unit in PEOPLE or verb_after or not unit) else unit
        if value is None:
            low, high = VAGUE[m.group("vague").lower()]
        else:
            lo_f, hi_f = QUALIFIERS.get(qual, (1.0, 1.0))
            low = value * lo_f
            high = math.inf if hi_f is None else value * hi_f
        out.append(Quantity(start, end, surface, float(low), float(high), value, qual, unit, head_surface,
                            vague, _context(tokens, start, end), _role(text, tokens, start, end, unit)))
    for m in _LANDSLIDE.finditer(text):
        if _LANDSLIDE_NOT_VOTE.search(text):
            continue  # a landslide of earth, not of votes
        out.append(Quantity(m.start(), m.end(), "a landslide", 60.0, 100.0, None, "", "percent", "landslide",
                            True, _context(tokens, m.start(), m.end()) | {"election", "win"}))
    out.sort(key=lambda q: q.start)
    return out


def overlap(a: Quantity, b: Quantity) -> bool:
    return a.low <= b.high and b.low <= a.high
