"""Publication dates from an article's dateline, for plain-text articles that come without a manifest date.

A dateline is one of the first lines of the article (after the headline) that holds a full calendar date and
little else: a weekday, a clock time with its zone, words such as "Published", "Updated", "Last updated at",
a place name. ``Updated Thu 6 May 2010, 9:03am AEST``, ``12:48PM BST 09 Sep 2013``, ``Published: 09th June
2013``, ``First Posted 23:37:00 05/05/2010``, ``Dec. 7, 2009``. A date inside a sentence of the story ("the
bill passed on May 4, 2010, …") is not a dateline: a line with more than a few other words is skipped.

:func:`find_dateline` is pure; :func:`clean` is the ``dateline`` cleaner step registered by the plugin: it does
not change the text, it fills the document's ``published`` field (``context["document"]``) when neither the
importer nor the manifest gave one, and says so in a note of the import report.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

from .lexicon import MONTHS, WEEKDAYS

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_DAY = r"(?P<{n}>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<{n}>(?:19|20)\d\d)"
_DATES = [
    # May 5, 2010 / Dec. 7, 2009 / AUGUST 2, 2013 / December 15th, 2008
    re.compile(rf"\b(?P<m>{_MONTH})\.?\s+{_DAY.format(n='d')},?\s+{_YEAR.format(n='y')}\b", re.IGNORECASE),
    # 9 September 2013 / 05 May 2010 / 10th June 2013 / 27 NOVEMBER, 2005 / 5th of May 2010
    re.compile(rf"\b{_DAY.format(n='d')}\s+(?:of\s+)?(?P<m>{_MONTH})\.?,?\s+{_YEAR.format(n='y')}\b", re.IGNORECASE),
    # 05/05/2010, 5/5 / 2010, 10/25/11: month first (as the US outlets that write them), unless the first
    # number cannot be a month (14/09/2013)
    re.compile(r"(?<![\d/])(?P<mn>[0-3]?\d)\s*/\s*(?P<d>[0-3]?\d)\s*/\s*(?P<y>(?:19|20)?\d\d)(?![\d/])"),
    # 2013-06-10, 2012.08.08
    re.compile(r"\b(?P<y>(?:19|20)\d\d)([-.])(?P<mn>[01]\d)\2(?P<d>[0-3]\d)\b"),
]
_CLOCK = re.compile(r"\b\d{1,2}(?:[:.]\s?\d\d){1,2}\s*(?:[ap]\.?m\.?)?|\b\d{1,2}\s*[ap]\.?m\.?", re.IGNORECASE)
_ZONE = re.compile(r"\b(?:GMT|UTC|BST|CET|CEST|EST|EDT|CST|CDT|MST|MDT|PST|PDT|PT|ET|IST|AEST|AEDT|UK)"
                   r"(?:\s*[+-]\s*\d{1,2}(?::\s*\d{1,2})?)?\b")
_WORDS = frozenset("""
published updated posted last first at on by and the in of am pm hrs hours local time date
""".split())
MAX_LINES = 6        # the dateline is among the first lines
MAX_OTHER_WORDS = 3  # words besides date, time, weekday, zone and dateline words (a place, an agency)


class Dateline(NamedTuple):
    date: dt.date
    line: int       # index of the non-empty line it was found on
    text: str       # the line


def _date_of(m: re.Match) -> dt.date | None:
    groups = m.groupdict()
    try:
        month = MONTHS[groups["m"].lower().rstrip(".")] if groups.get("m") else int(groups["mn"])
        day = int(groups["d"])
        if month > 12 and day <= 12:
            month, day = day, month
        year = int(groups["y"])
        if year < 100:
            year += 2000
        return dt.date(year, month, day)
    except (KeyError, ValueError):
        return None


def _other_words(line: str, m: re.Match) -> int:
    rest = line[:m.start()] + " " + line[m.end():]
    rest = _ZONE.sub(" ", _CLOCK.sub(" ", rest))
    words = [w for w in re.findall(r"[^\W\d_]+", rest) if w.lower() not in _WORDS and w.lower() not in WEEKDAYS
             and w.lower()[:3] not in {d[:3] for d in WEEKDAYS}]
    return len(words)


def find_dateline(text: str) -> Dateline | None:
    """The article's publication date from a dateline in its first lines, or None."""
    lines = [line.strip() for line in text.split("\n") if line.strip()][:MAX_LINES]
    for i, line in enumerate(lines):
        if len(line) > 90:
            continue
        for pattern in _DATES:
            m = pattern.search(line)
            if m is None:
                continue
            date = _date_of(m)
            if date is not None and _other_words(line, m) <= MAX_OTHER_WORDS:
                return Dateline(date, i, line)
    return None


def clean(text: str, context: dict) -> str:
    """The ``dateline`` cleaner step: fills ``published`` from the dateline when nothing else gave it."""
    fields = context.get("document")
    if not isinstance(fields, dict) or fields.get("published"):
        return text
    found = find_dateline(text)
    if found is not None:
        fields["published"] = found.date.isoformat()
        context.setdefault("notes", []).append(
            f"published {found.date.isoformat()} taken from the dateline “{found.text}”")
    return text
