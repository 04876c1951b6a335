"""Dates and weekdays stated in a sentence, normalised to calendar days where the text allows it.

``Aug. 9`` and ``August 9`` are 9 August of the publication year. A weekday is resolved against the article's
publication date: ``on Tuesday`` in an article published on Saturday 15 August 2020 is the Tuesday before,
11 August, unless the sentence speaks of the future (``is planning a march on Sunday`` is the 16th); ``last
Sunday`` is the one before. ``the day after the election`` is resolved through the event's date, taken from
the sentence itself (``the day after the Aug. 9 election``) or from the anchors found across the corpus
(``the Aug. 9 presidential election`` anywhere gives ``election`` = 9 August). Each mention says how it was
normalised (``how``) so a reason can show what was compared. Pure functions.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from .lexicon import MONTHS, WEEKDAYS
from .words import Word as Token

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_WD = "|".join(w.capitalize() for w in WEEKDAYS)
_EVENT = r"(?P<event>election|vote|polls?|re-election|ballot)"
_EXPLICIT = re.compile(
    rf"\b(?:(?P<m1>{_MONTH})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y1>(?:19|20)\d\d)\b)?"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{_MONTH})\b\.?(?:,?\s+(?P<y2>(?:19|20)\d\d)\b)?)",
    re.IGNORECASE,
)
_RELATIVE = re.compile(
    r"\b(?:the\s+|a\s+)?(?P<n>day|two\s+days|three\s+days|four\s+days|week|month)\s+(?P<dir>after|before)\s+"
    r"(?:the\s+|his\s+|her\s+|their\s+|its\s+)?(?P<mid>(?:[\w.-]+\s+){0,3}?)" + _EVENT + r"\b",
    re.IGNORECASE,
)
_WEEKDAY = re.compile(
    rf"\b(?:(?P<mod>last|this\s+past|this|next|on|late\s+on|early\s+on|by|since|until)\s+)?(?P<wd>{_WD})\b"
    r"(?:\s+(?P<part>morning|afternoon|evening|night))?",
)
_DEICTIC = re.compile(r"\b(?P<word>yesterday|today|tonight|tomorrow)\b", re.IGNORECASE)
_FUTURE = re.compile(r"\b(?:will|plans?|planning|planned|is\s+to|are\s+to|scheduled|set\s+to|expected\s+to|due\s+to|"
                     r"due\s+(?:in|at|before)\s+court|would|upcoming|to\s+hold|intends?)\b", re.IGNORECASE)
_ANCHOR = re.compile(
    rf"\b(?P<m>{_MONTH})\.?\s+(?P<d>\d{{1,2}})\b(?:,?\s+(?P<y>(?:19|20)\d\d))?\s+(?:[\w-]+\s+){{0,2}}?{_EVENT}\b"
    rf"|{_EVENT.replace('event', 'event2')}\s+(?:held\s+)?(?:on|of)\s+(?P<m2>{_MONTH})\.?\s+(?P<d2>\d{{1,2}})\b",
    re.IGNORECASE,
)
_ANCHOR_WD = re.compile(rf"{_EVENT}\s+(?:last|on)\s+(?P<wd>{_WD})\b", re.IGNORECASE)

_N_DAYS = {"day": 1, "two days": 2, "three days": 3, "four days": 4, "week": 7, "month": 30}
EVENT_LEMMA = {"election": "election", "vote": "election", "poll": "election", "polls": "election",
               "re-election": "election", "ballot": "election"}


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    surface: str
    value: dt.date | None
    how: str                   # how the value was found, for the reason
    context: frozenset[str] = frozenset()
    event: frozenset[str] = frozenset()  # the nearest non-name content words before it: what happened then

    def label(self) -> str:
        return fmt(self.value) if self.value else self.surface


NO_YEAR = 1904  # a leap year standing for "year unknown": only day and month of such a date are compared


def fmt(d: dt.date) -> str:
    if d.year == NO_YEAR:
        return f"{d.day} {d.strftime('%b')}"
    return f"{d.strftime('%A')} {d.day} {d.strftime('%b')}"


def same_day(a: dt.date, b: dt.date) -> bool:
    """The same calendar day; a date without a known year matches any year's same day and month."""
    if a.year == NO_YEAR or b.year == NO_YEAR:
        return (a.month, a.day) == (b.month, b.day)
    return a == b


def parse_published(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _make_date(month: str, day: str, year: str | None, published: dt.date | None) -> dt.date | None:
    m = MONTHS[month.lower().rstrip(".")]
    y = int(year) if year else (published.year if published else None)
    if y is None:
        return None
    try:
        d = dt.date(y, m, int(day))
    except ValueError:
        return None
    if not year and published and d > published + dt.timedelta(days=60):
        d = d.replace(year=y - 1)
    return d


def _weekday_before(published: dt.date, wd: int, *, strictly: bool = False) -> dt.date:
    delta = (published.weekday() - wd) % 7
    if strictly and delta == 0:
        delta = 7
    return published - dt.timedelta(days=delta)


def _weekday_after(published: dt.date, wd: int) -> dt.date:
    delta = (wd - published.weekday()) % 7
    return published + dt.timedelta(days=delta or 7)


def find_anchors(items: Iterable[tuple[str, str | None]]) -> dict[str, dt.date]:
    """Dates of events named across the corpus (``the Aug. 9 presidential election``): event lemma -> date,
    the most frequent reading winning. ``items`` are (text, published)."""
    votes: dict[str, Counter] = {}
    for text, published in items:
        pub = parse_published(published)
        for m in _ANCHOR.finditer(text):
            month, day = (m.group("m"), m.group("d")) if m.group("m") else (m.group("m2"), m.group("d2"))
            d = _make_date(month, day, m.group("y") if m.group("m") else None, pub)
            event = EVENT_LEMMA.get((m.group("event") or m.group("event2")).lower())
            if d and event:
                votes.setdefault(event, Counter())[d] += 1
        if pub:
            for m in _ANCHOR_WD.finditer(text):
                event = EVENT_LEMMA.get(m.group("event").lower())
                d = _weekday_before(pub, WEEKDAYS[m.group("wd").lower()], strictly=True)
                if event:
                    votes.setdefault(event, Counter())[d] += 1
    return {event: c.most_common(1)[0][0] for event, c in votes.items()}


def _context(tokens: list[Token], start: int, end: int, width: int = 5) -> frozenset[str]:
    before = [t for t in tokens if t.end <= start and not t.stop][-width:]
    after = [t for t in tokens if t.start >= end and not t.stop][:width]
    return frozenset(t.lemma for t in before + after
                     if t.low not in WEEKDAYS and t.low not in MONTHS and not t.low[:1].isdigit())


def extract_dates(text: str, tokens: list[Token], published: str | None,
                  anchors: dict[str, dt.date] | None = None) -> list[DateMention]:
    pub = parse_published(published)
    anchors = anchors or {}
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    for m in _RELATIVE.finditer(text):
        n = _N_DAYS[" ".join(m.group("n").lower().split())]
        sign = 1 if m.group("dir").lower() == "after" else -1
        event = EVENT_LEMMA.get(m.group("event").lower(), "")
        inner = _EXPLICIT.search(m.group("mid") or "")
        if inner:
            base = _make_date(inner.group("m1") or inner.group("m2"), inner.group("d1") or inner.group("d2"),
                              inner.group("y1") or inner.group("y2"), pub)
            src = f"the {inner.group(0).strip()} {event}"
        else:
            base = anchors.get(event)
            src = f"the {event} ({base.day} {base.strftime('%b')}, stated elsewhere in the corpus)" if base else ""
        if base is None:
            value, how = None, f"“{m.group(0).strip()}”: no date for the {event} to count from"
        else:
            value = base + dt.timedelta(days=sign * n)
            days = f"{'+' if sign > 0 else '−'} {n} day{'s' if n > 1 else ''}"
            how = f"“{m.group(0).strip()}” = {src} {days} → {fmt(value)}"
        found.append(DateMention(m.start(), m.end(), m.group(0).strip(), value, how))
        taken.append((m.start(), m.end()))
    for m in _EXPLICIT.finditer(text):
        if not free(m.start(), m.end()):
            continue
        value = _make_date(m.group("m1") or m.group("m2"), m.group("d1") or m.group("d2"),
                           m.group("y1") or m.group("y2"), pub)
        no_year = False
        if value is None and pub is None:
            # no year and no publication date: the day of the month still compares ("November 19" vs "18")
            value = _make_date(m.group("m1") or m.group("m2"), m.group("d1") or m.group("d2"), str(NO_YEAR), None)
            no_year = value is not None
        if value is None:
            continue
        # a weekday right before (Saturday, Aug. 15) belongs to the same mention
        start = m.start()
        wd = re.search(rf"\b(?:{_WD}),?\s+$", text[max(0, start - 12):start])
        if wd:
            start = start - (len(text[max(0, m.start() - 12):m.start()]) - wd.start())
        how = (f"“{text[start:m.end()].strip()}” → {value.day} {value.strftime('%b')} (no year known)" if no_year
               else f"“{text[start:m.end()].strip()}” → {fmt(value)}" + (
                   "" if (m.group("y1") or m.group("y2")) else " (year of publication)"))
        found.append(DateMention(start, m.end(), text[start:m.end()].strip(), value, how))
        taken.append((start, m.end()))
    future = bool(_FUTURE.search(text))
    for m in _WEEKDAY.finditer(text):
        if not free(m.start("wd"), m.end("wd")):
            continue
        wd = WEEKDAYS[m.group("wd").lower()]
        mod = " ".join((m.group("mod") or "").lower().split())
        if mod in ("since", "until", "by"):
            mod = ""
        surface = m.group(0).strip()
        if pub is None:
            value, how = None, f"“{surface}”: no publication date to resolve it against"
        elif mod == "next" or (future and mod != "last" and mod != "this past"):
            value = _weekday_after(pub, wd)
            how = f"“{surface}” → the next {m.group('wd')} after publication ({fmt(pub)}) → {fmt(value)}"
        elif mod in ("last", "this past"):
            value = _weekday_before(pub, wd, strictly=True)
            how = f"“{surface}” → the {m.group('wd')} before publication ({fmt(pub)}) → {fmt(value)}"
        else:
            value = _weekday_before(pub, wd)
            when = "the day of publication" if value == pub else f"the {m.group('wd')} before publication ({fmt(pub)})"
            how = f"“{surface}” → {when} → {fmt(value)}"
        found.append(DateMention(m.start(), m.end(), surface, value, how))
        taken.append((m.start(), m.end()))
    for m in _DEICTIC.finditer(text):
        if pub is None or not free(m.start(), m.end()):
            continue
        word = m.group("word").lower()
        value = pub + dt.timedelta(days={"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}[word])
        found.append(DateMention(m.start(), m.end(), m.group(0), value,
                                 f"“{m.group(0)}” relative to publication → {fmt(value)}"))
    found.sort(key=lambda d: d.start)
    return [DateMention(d.start, d.end, d.surface, d.value, d.how, _context(tokens, d.start, d.end),
                        _event(tokens, d.start, d.end)) for d in found]


def _event(tokens: list[Token], start: int, end: int) -> frozenset[str]:
    """What happened on the date: up to two content words before it within five words (names skipped:
    ``fled to Lithuania the day after`` -> leave; ``left the country on Tuesday`` -> country, leave), else
    the first content word after it."""
    before = [t for t in tokens if t.end <= start][-6:]
    words = [t.lemma for t in reversed(before) if not t.stop and not t.cap and not t.low[:1].isdigit()
             and t.low not in WEEKDAYS and t.low not in MONTHS][:2]
    if not words:
        after = [t for t in tokens if t.start >= end][:4]
        words = [t.lemma for t in after if not t.stop and not t.cap and not t.low[:1].isdigit()][:1]
    return frozenset(words)
