"""What a quantity measures, so that only like is compared with like.

:func:`measure` turns a :class:`quantities.Quantity` of a sentence into a :class:`Measure`:

- ``dimension``: ``count`` (of people or things), ``length`` (metres), ``duration`` (seconds), ``money``
  (per currency: ``money:EUR``), ``percent``, ``age``, ``magnitude``; the value range is converted to the
  dimension's base unit (``10-metre`` = 10 m, ``24- to 30-foot`` = 7.3–9.1 m, ``a minute`` = 60 s);
- ``event``: what happened to what is counted, from the words in the quantity's clause: ``death`` (killed,
  died, dead, bodies…), ``injury`` (injured, wounded, hurt, in hospital), ``arrest`` (detained, captured,
  nabbed), ``rescue`` (rescued, evacuated, ushered to safety), ``march`` (marched, rallied, took to the
  streets); ``""`` when none is said;
- ``what``: the counted noun (``boats``, ``engines``, ``rounds``), its class for people;
- ``part``: a figure of a breakdown (``two women and one man``, ``12 Somali and 11 Yemeni``), which compares
  only with a figure of the same noun, never with the total;
- ``identifier``: a number that names rather than counts (``AK-47``, ``Highway 214``, ``Channel 16``);
- ``scope`` (:func:`scope_spans`, set by :mod:`features`): a background event (``in 2004``, ``in December 2008``, ``last
  year``, ``since 1991``) or a running total (``so far``, ``in five operations``, ``this year``), which is not
  the figure of the reported event.

Two measures are comparable (:func:`comparable`) when dimension, event, scope and (for counts) what is counted
agree; :func:`describe` says so in words for the reason shown to the user. Pure.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from annotator.lexicon import MONTH_NAMES, NATIONALITIES, NUMBER_WORDS

from .lexicon import COUNT_SYNONYMS, CURRENCIES, DURATION_UNITS, EVENT_WORDS, LENGTH_UNITS, MONTHS, WEEKDAYS, WIDE_AREA
from .quantities import PEOPLE, Quantity
from .words import fold, lemma

_CODE_BEFORE = re.compile(r"\b[A-Z]{1,4}[-\s]?$")  # AK-47, AK 47, F-16 (capitals: not "At 5")
_ID_BEFORE = re.compile(r"(?:\b[A-Z]{1,4}-\s?|\b(?:highway|route|channel|block|flight|room|number|no\.?|"
                        r"interstate|oregon|cell|gate|platform|bus|line|curve|model|version|ios|windows)\s+)$",
                        re.IGNORECASE)
_ID_AFTER = re.compile(r"^-?[A-Za-z]{1,3}\d|^\s*-\s*[A-Z]{2}|^\s*(?:call|calls)\b|^\s+\d{3,}")
_CALL_BEFORE = re.compile(r"(?:\bcall(?:ed|s|ing)?|\bdial(?:l?ed|s|ing)?|\bon)\s+$", re.IGNORECASE)
_DISTANCE_REF = re.compile(r"^[\s\w-]{0,20}?\b(?:from|off|of|away\s+from|outside|north|south|east|west|"
                           r"north-?east|north-?west|south-?east|south-?west)\s+(?:of\s+)?(?:the\s+)?(?P<ref>[\w-]+)",
                           re.IGNORECASE)
_UNIT_AFTER = re.compile(
    r"^(?:\s*-\s*|\s+)?(?:to\s+[\d.,]+\s*-?\s*)?(?P<nautical>nautical\s+)?(?P<unit>[a-z]+)\b", re.IGNORECASE)
_RANGE_BEFORE = re.compile(r"(?P<low>\d+(?:\.\d+)?)\s*-?\s*(?:to|and|-|–)\s*$")
_MONEY_BEFORE = re.compile(r"(?:(?P<cur>US\$|\$|€|£|¥|Dh|Rs\.?|euro|EUR|USD|GBP)\s*"
                           r"|(?:^|[\s(])(?P<glued>e|p|R)|(?:^|[\s(])(?P<lost>\?|�+)\s?)$")
_MONEY_AFTER = re.compile(r"^\s*(?:-?\s*(?:million|billion|mn|bn|m|b\.?)\s*)?-?\s*(?P<cur>euros?|pounds?|"
                          r"dollars?|USD|EUR|GBP|rupees?|dirhams?|yen|rand)\b", re.IGNORECASE)
_MAGNITUDE = re.compile(r"magnitude|richter|-strength", re.IGNORECASE)
# a breakdown: "two women and one man", "12 are Somali and 11 Yemeni", "a man and two women"
_FIG = "(?:\\d[\\d,.]*|" + "|".join(sorted((w for w, v in NUMBER_WORDS.items() if 0 < v < 100),
                                          key=len, reverse=True)) + ")"
_PART_AFTER = re.compile(rf"^(?:[^.;:!?\d]{{0,40}}?\s(?:and|or|plus)\s+{_FIG}\b"
                         rf"|[^.,;:!?\d]{{0,12}}?\s(?:and|or)\s+an?\s+\w+(?:\s|[-.,;—–]|$))", re.IGNORECASE)
_PART_BEFORE = re.compile(rf"(?:\b{_FIG}\b[^.;:!?\d]{{0,40}}|\ban?\s+\w+)\s(?:and|or|plus)\s+$", re.IGNORECASE)
KIN = frozenset("child children son sons daughter daughters grandchild grandchildren wife wives husband brother "
                "brothers sister sisters sibling siblings".split())
_BACKGROUND = re.compile(
    r"\b(?:the|a|its|their|that)\s+(?P<year2>(?:19|20)\d\d)\s+(?:quake|earthquake|attack|floods?|storm|"
    r"hurricane|tsunami|fire|bombing|shooting|heist|robbery|riots?|election|crash|disaster)\b"
    r"|\b(?:in|since|during|of|from|by|until|before)\s+(?:(?:early|late|mid-?)\s*)?(?:(?:jan|feb|mar|apr|may|jun|jul|aug|"
    r"sep|sept|oct|nov|dec)[a-z]*\.?\s+)?(?P<year>(?:19|20)\d\d)\b"
    r"|\b(?P<last>last|previous|past)\s+(?:year|decade|month)'?s?\b|\b(?P<ago>\w+|\d+)\s+years?\s+ago\b"
    r"|\b(?P<earlier>(?:an\s+)?(?:earlier|previous|prior|similar|another)\s+(?:[a-z]+\s+)?(?:quake|earthquake|"
    r"attack|case|robbery|heist|theft|fire|shooting|incident|raid|disaster|bombing|explosion))\b",
    re.IGNORECASE)
_CUMULATIVE = re.compile(
    r"\b(?:so\s+far|thus\s+far|to\s+date|in\s+all|altogether|all\s+told|this\s+year|since\s+the\s+start|"
    r"(?:in|during)\s+(?:its|their|the|her|his)\s+(?:\w+\s+)?(?:operations|missions|raids|attacks)|"
    r"a\s+total\s+of\b[^.]{0,80}\b(?:during|in)\s+(?:the|its|their)\s+\w+\s+\w+s\b)",
    re.IGNORECASE)
_MONTH_ONLY = re.compile(
    r"\b(?:in|since|during|until|by|(?:at|by)\s+the\s+(?:end|start|beginning)\s+of|early|late|mid-?)\s+"
    r"(?P<month>" + "|".join(MONTH_NAMES) + r")\b"
    r"(?!\s+\d)|\b(?P<lastmonth>last|previous)\s+month\b", re.IGNORECASE)


@dataclass(frozen=True)
class Measure:
    dimension: str       # count, length, duration, money:XXX, percent, age, magnitude
    low: float           # in the dimension's base unit
    high: float
    event: str           # death, injury, arrest, rescue, march, "" (not said)
    what: str            # for counts: the counted noun's lemma ("people" for persons)
    part: bool           # one figure of a breakdown
    identifier: bool     # names something: AK-47, Highway 214
    unit_text: str = ""  # the unit as written, when converted ("foot", "metre")
    ref: str = ""        # for distances: from what ("aden", "portland"); "" when not said
    other: bool = False  # a further group ("three other rifles", "another 20,000"), not the total
    scope: str = ""      # background year / running total / "" (the reported event), see scope_spans
    added: bool = False  # "a further four", "an additional six", "another 20,000": called in on top of others
    where: str = ""      # "wider area" (across Asia, nationwide) or the place named in the clause, "" if none
    partitive: bool = False  # "two of the skiffs", "three of them": a part of a group, not its size
    nationality: str = ""    # "23 Somali pirates", "12 Somalis": the nationality of what is counted
    modifier: bool = False   # "a five-boat formation": the number describes another noun (the formation)

    def label(self) -> str:
        """What is measured, in words: ``deaths``, ``count of boats``, ``length``, ``money (EUR)``."""
        if self.dimension == "length" and self.ref == "size":
            return "size"
        if self.dimension == "length" and self.ref:
            return f"distance from {self.ref if self.ref[:1].isupper() else 'the ' + self.ref}"
        if self.dimension == "count":
            if self.event and self.what == "people":
                return {"death": "deaths", "injury": "injured", "arrest": "people detained/arrested",
                        "rescue": "people rescued", "march": "people marching"}.get(self.event, self.event)
            return f"count of {self.what}" if self.what else "count"
        if self.dimension.startswith("money:"):
            return f"money ({self.dimension[6:]})"
        return self.dimension


def _clause_window(text: str, start: int, end: int, width: int = 60) -> tuple[str, str]:
    """The text around a quantity up to a clause break (; or a new sentence-like comma clause)."""
    left = text[max(0, start - width):start]
    right = text[end:end + width]
    left = re.split(r"[;:]|\s[—–-]\s|\bwhile\b|\bwhereas\b|\bbut\b", left)[-1]
    right = re.split(r"[;:]|\s[—–-]\s|\bwhile\b|\bwhereas\b|\bbut\b", right)[0]
    return left, right


def _event(text: str, q: Quantity) -> str:
    left, right = _clause_window(text, q.start, q.end)
    best, dist = "", 1e9
    for m in re.finditer(r"\b[a-z]+", left):  # lower case: "Fire and Rescue" is a name
        kind = EVENT_WORDS.get(m.group(0))
        if kind and len(left) - m.end() < dist:
            best, dist = kind, len(left) - m.end()
    for m in re.finditer(r"\b[a-z]+", right):
        kind = EVENT_WORDS.get(m.group(0))
        if kind and m.start() < dist:
            best, dist = kind, m.start()
        if kind:
            break
    return best


def measure(text: str, q: Quantity) -> Measure:
    before, after = text[max(0, q.start - 24):q.start], text[q.end:q.end + 40]
    digits_start = q.start + (len(q.surface) - len(q.surface.lstrip()))
    identifier = bool(q.value is not None and not q.qualifier and (
        _ID_BEFORE.search(text[max(0, digits_start - 24):digits_start]) or _ID_AFTER.match(after)
        or _CODE_BEFORE.search(text[max(0, digits_start - 6):digits_start])
        or (q.surface[:1].isdigit() and _CALL_BEFORE.search(text[max(0, digits_start - 12):digits_start])
            and len(q.surface) >= 3)))
    low, high, dimension, unit_text = q.low, q.high, "count", ""
    event = _event(text, q)
    if q.unit.startswith("clock"):
        dimension, unit_text = "time of day", q.unit[6:]
    elif q.unit == "percent":
        dimension = "percent"
    elif q.unit == "age":
        dimension = "age"
    else:
        if (q.unit in DURATION_UNITS or q.unit in LENGTH_UNITS) and q.surface.lower().endswith(q.unit):
            unit_inside = True  # "a minute", "one year": the unit is part of the figure
        else:
            unit_inside = False
        money_b = _MONEY_BEFORE.search(before)
        money_a = _MONEY_AFTER.match(after)
        unit_m = None if unit_inside else _UNIT_AFTER.match(after)
        unit = q.unit if unit_inside else (unit_m.group("unit").lower() if unit_m else "")
        if money_b and not q.surface[:1].isdigit() and not (q.qualifier and q.surface.split()[-1][:1].isdigit()):
            money_b = None  # "$" before a number in words is not its currency
        if money_b or money_a:
            cur = ((money_b.group("cur") or money_b.group("glued") or "?") if money_b
                   else money_a.group("cur")).lower().rstrip(".")
            if cur.startswith("�"):
                cur = "?"
            dimension = f"money:{CURRENCIES.get(cur, cur.upper())}"
        elif unit_m and unit_m.group("nautical") and unit.startswith("mile"):
            dimension, factor, unit_text = "length", 1852.0, "nautical mile"
            low, high = low * factor, high * factor
        elif unit in LENGTH_UNITS:
            dimension, unit_text = "length", unit
            low, high = low * LENGTH_UNITS[unit], high * LENGTH_UNITS[unit]
        elif unit in DURATION_UNITS and not (unit.startswith("hour") and q.value and q.value >= 100):
            dimension, unit_text = "duration", unit
            low, high = low * DURATION_UNITS[unit], high * DURATION_UNITS[unit]
        elif _MAGNITUDE.search(text[max(0, q.start - 20):q.end + 25]) or (
                q.value is not None and "." in q.surface and 1 <= q.value < 10
                and re.match(r"^\s*-?\s*(?:(?:magnitude|strength|scale)\s*-?\s*)?(?:quake|earthquake|tremor|temblor)\b",
                             after, re.IGNORECASE)):
            dimension = "magnitude"  # "a magnitude 6.1 earthquake", "the 5.8 quake"
        if dimension in ("length", "duration") and not q.qualifier:
            rng = _RANGE_BEFORE.search(before)
            if rng:  # "24- to 30-foot": the range starts at the first figure
                low = float(rng.group("low")) * (low / q.low if q.low else 1.0)
    part = dimension == "count" and bool(_PART_AFTER.match(text[q.end:q.end + 40])
                                         or _PART_BEFORE.search(text[max(0, q.start - 60):q.start]))
    # a breakdown counts its own noun (women, Yemenis); a total of persons counts people
    head = lemma(fold(q.head.split()[-1])) if q.head and q.head.split() else q.unit
    head_event = EVENT_WORDS.get(q.head.lower(), "") if q.head else ""
    if dimension == "count" and head_event in ("death", "injury"):
        event, head = head_event, "people"  # "two deaths", "five fatalities", "12 injuries": people counted
    what = head if part or head == "people" else ("people" if q.unit in PEOPLE or q.unit == "people" else q.unit)
    what = COUNT_SYNONYMS.get(what, what)  # engines and appliances, houses and buildings, quake and earthquake
    nat_m = re.match(r"^\s+([A-Z][a-z]+)\b", after) or (re.match(r"^[A-Z]", q.head or "") and re.match(
        r"^\s*(\w+)", q.head))
    nationality = _nationality(nat_m.group(1)) if nat_m else ""
    if nationality and re.match(r"^\s+[A-Z][a-z]+\s+(?:and|or|&)\s+[A-Z]", after):
        nationality = ""  # "23 Somali and Yemeni pirates": of two nationalities
    if dimension == "count" and part and nationality and _by_nationality(text, q, nationality):
        what = nationality  # "12 Somali and 11 Yemeni pirates": the Somalis, the Yemenis
    modifier = dimension == "count" and bool(re.match(r"^-[a-z]+\s+[a-z]", after))
    # "three other automatic rifles", "five other bank workers": a further group, not the total
    # ("another 20,000 marched in Thessaloniki" is that city's count: compared)
    other = dimension == "count" and bool(re.match(r"^\s+(?:other|more|further|additional|extra)\b", after,
                                                   re.IGNORECASE))
    if dimension == "duration" and re.match(r"^\s*-?\s*years?\s*-?\s*veteran", after, re.IGNORECASE):
        dimension = "tenure"  # a 28-year veteran: a property of one person, compared only for the same person
    ref = ""
    if dimension == "length":
        if re.match(r"^\s*-\s*[a-z]+(?:-[a-z]+)*\s+[a-z]", after, re.IGNORECASE):
            ref = "size"  # "a 10-metre dhow", "a 30-foot boat": the size of a thing, not a distance
        else:
            m = _DISTANCE_REF.match(after)
            ref = m.group("ref") if m and m.group("ref").lower() not in ("a", "an", "the", "his", "her") else ""
    left_clause, right_clause = _clause_window(text, q.start, q.end)
    window = (left_clause + " " + right_clause).lower()
    wide = any(re.search(rf"\b{w}\b", window) for w in WIDE_AREA)
    place = ""
    pm = re.search(r"\b(?:in|at|near|streets\s+of)\s+(?:the\s+)?"
                   r"(?:(?:town|city|village|province|region|state|county|district)\s+of\s+)?"
                   r"(?P<place>[A-Z][\w-]+)", left_clause + " " + right_clause)
    if pm and pm.group("place").lower() not in WEEKDAYS and pm.group("place").lower() not in MONTHS:
        place = pm.group("place").lower()
    else:
        am = re.search(r"\bin\s+the\s+(?P<area>province|region|town|city|village|district|county|state|area|"
                       r"capital)\b", window)
        place = f"the {am.group('area')}" if am else ""
    where = "wider area" if wide else place
    added = dimension == "count" and bool(re.search(r"\b(?:another|further|additional|extra|more)\s+$", before,
                                                    re.IGNORECASE))
    if dimension == "count" and q.value is not None and q.value != int(q.value) and q.value < 1000:
        identifier = True  # "7.62 rifles" (a calibre), "5.45 rounds": things are counted in whole numbers
    partitive = dimension == "count" and bool(
        re.match(r"^\s+of\s+(?:the|those|these|its|their|them|his|her)\b", after, re.IGNORECASE))
    return Measure(dimension, float(low), float(high), event if dimension == "count" else "", what, part,
                   identifier, unit_text, ref, other, added=added, where=where, partitive=partitive,
                   nationality=nationality if dimension == "count" else "", modifier=modifier)


_NEXT_PART = re.compile(rf"^\s+[A-Z]\w+(?:\s+[a-z]\w+)?\s+(?:and|or|plus)\s+{_FIG}\s+(?P<nat>[A-Z]\w+)")
_PREV_PART = re.compile(rf"\b{_FIG}\s+(?P<nat>[A-Z]\w+)(?:\s+[a-z]\w+)?\s+(?:and|or|plus)\s+$")


def _by_nationality(text: str, q: Quantity, nationality: str) -> bool:
    """A breakdown by nationality ("12 Somali and 11 Yemeni"), not one of nouns of one nationality ("two Yemeni
    fishing boats and 22 Yemeni fishermen"): the neighbouring figure is of another nationality."""
    nxt = _NEXT_PART.match(text[q.end:q.end + 60])
    prev = _PREV_PART.search(text[max(0, q.start - 60):q.start])
    other = [_nationality(m.group("nat")) for m in (nxt, prev) if m]
    return any(o and o != nationality for o in other)


def _nationality(word: str) -> str:
    """The nationality a word names (``Somalis``, ``Somalian`` -> ``somali``), "" if none (shared list)."""
    w = word.lower()
    for cut in (0, 1, 2, 3):
        if len(w) - cut >= 3 and w[:len(w) - cut] in NATIONALITIES:
            return w[:len(w) - cut]
    return ""


def nationality_breakdown(a: Measure, b: Measure) -> bool:
    """One figure counts the part of one nationality in a breakdown ("12 Somalis and 11 Yemenis") and the
    other a larger total said to be of that nationality ("23 Somali pirates"): the two say how many were
    Somali."""
    def part_of(p: Measure, total: Measure) -> bool:
        # a part larger than the total is of something else ("11 Yemeni" vs "two Yemeni fishing boats")
        return p.part and not total.part and bool(total.nationality) and p.what == total.nationality \
            and p.high < total.low

    return part_of(a, b) or part_of(b, a)


_CLAUSE_BREAK = re.compile(r"[;:()—–]|,(?!\d{3})")


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    """The comma/semicolon clause around ``start``-``end``; the whole sentence when the mention opens it
    ("In 2005, he was charged…", "Last month, the frigate had sunk…")."""
    if not text[:start].strip(" \"“‘'(") or re.match(r"^\s*(?:then|and|but|also)?,?\s*$", text[:start], re.I):
        return 0, len(text)
    breaks = [m.start() for m in _CLAUSE_BREAK.finditer(text)]  # not the comma of "26,000"
    left = max((b for b in breaks if b < start), default=-1)
    right = min((b for b in breaks if b >= end), default=len(text))
    return left + 1, right


def scope_spans(text: str, published_year: int | None, published_month: int | None = None
                ) -> list[tuple[int, int, str]]:
    """Where in a sentence another event or a running total is spoken of: (start, end, label) with labels
    ``background 2004`` / ``background`` (last year's, an earlier quake) / ``background May`` ("in May" in a
    September article) / ``running total`` ("so far", "in its five operations"). A figure inside such a span is
    not the reported event's figure."""
    spans = []
    if _CUMULATIVE.search(text):
        spans.append((0, len(text), "running total"))
    for m in _MONTH_ONLY.finditer(text):
        if m.group("lastmonth"):
            label = "background last month"
        else:
            month = MONTHS[m.group("month").lower()]
            if published_month is not None and month == published_month:
                continue
            label = f"background {m.group('month').capitalize()}"
        spans.append((*_clause(text, m.start(), m.end()), label))
    for m in _BACKGROUND.finditer(text):
        if m.group("year") or m.group("year2"):
            year = int(m.group("year") or m.group("year2"))
            if published_year is not None and year == published_year:
                continue
            label = f"background {year}"
        else:
            label = "background"
        spans.append((*_clause(text, m.start(), m.end()), label))
    return spans


def scope_at(spans: list[tuple[int, int, str]], start: int) -> str:
    return next((label for a, b, label in spans if a <= start < b), "")


def comparable(a: Measure, b: Measure) -> tuple[bool, str]:
    """Whether two measures can be compared, and if not, why (for the tests and the reason)."""
    if a.identifier or b.identifier:
        return False, "a number that names something (model, road), not a measurement"
    if a.scope != b.scope:
        return False, f"another event or a running total ({a.scope or 'this event'} vs {b.scope or 'this event'})"
    if a.dimension != b.dimension:
        return False, f"{a.label()} vs {b.label()}"
    if a.dimension == "time of day" and a.unit_text and b.unit_text and a.unit_text != b.unit_text:
        return False, f"clock times in different time zones ({a.unit_text} vs {b.unit_text})"
    if a.dimension == "length" and (a.ref.lower() != b.ref.lower() or not a.ref):
        # a distance is compared only with a distance from the same named place (or a size with a size):
        # "some 13 nautical miles away" (from the warship) says nothing about "150 nautical miles from Aden"
        return False, f"distances from different or unsaid places ({a.ref or 'unsaid'} vs {b.ref or 'unsaid'})"
    if a.dimension == "count":
        if a.event and b.event and a.event != b.event:
            return False, f"{a.label()} vs {b.label()}"
        if (a.part or b.part) and a.what != b.what and not nationality_breakdown(a, b):
            return False, "one figure is a part of a breakdown of another noun"
        if a.modifier != b.modifier:
            return False, "one number describes another noun (a five-boat formation)"
        if a.other != b.other:
            return False, "one figure counts a further group (other, more, another)"
        if a.partitive != b.partitive:
            return False, "one figure is a part of a group (two of the skiffs), the other a whole"
        if "wider area" in (a.where, b.where) and a.where != b.where and a.where and b.where:
            return False, f"a count for a wider area vs one for a place ({a.where} vs {b.where})"
        if a.where and b.where and a.where != b.where and not (a.where + b.where).startswith("the ") \
                and "the " not in (a.where[:4], b.where[:4]):
            # "as many as 20,000 people took to the streets of Athens" vs "in Salonika, where approximately
            # 50,000 people marched": the counts of two places (or of a city and its country)
            return False, f"counts for two named places ({a.where} vs {b.where})"
    return True, ""


def describe(m: Measure, value_text: str) -> str:
    """``10-metre (=10 m)``, ``a minute (=60 s)`` — the normalised value next to the text."""
    if m.dimension == "length":
        return f"{value_text} ({_fmt_range(m.low, m.high, 'm')})"
    if m.dimension == "duration":
        return f"{value_text} ({_fmt_range(m.low, m.high, 's')})"
    if m.dimension == "time of day":
        def hm(x: float) -> str:
            x = int(round(x)) % 1440
            return f"{x // 60:02d}:{x % 60:02d}"
        span = hm(m.low) if m.low == m.high else f"{hm(m.low)}–{hm(m.high)}"
        return f"{value_text} ({span}{' ' + m.unit_text if m.unit_text else ''})"
    return value_text


def _fmt_range(low: float, high: float, unit: str) -> str:
    def n(x: float) -> str:
        return f"{x:,.0f}" if abs(x) >= 100 else f"{x:.3g}"

    if math.isinf(high):
        return f"≥{n(low)} {unit}"
    if abs(high - low) < 1e-9:
        return f"={n(low)} {unit}"
    return f"{n(low)}–{n(high)} {unit}"
