"""Compare two aligned sentences and say what differs: numbers and quantities, dates and weekdays, negation,
causes (of a death or injury), attribution (a charge stated as fact in one report, attributed in the other),
and named people or places. Each :class:`Finding` carries the label it suggests, the facet, a confidence, a
short reason (``some 7,000 vs at least 6,700 detained``) and what exactly was compared and normalised. Pure.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from annotator import lexicon as shared

from .dates import NO_YEAR, DateMention, fmt, same_day
from .features import Features, Name, in_scope
from .lexicon import AREA_WORDS, DIRECTIONS, DURATION_UNITS, LENGTH_UNITS
from .measures import KIN, Measure, comparable, describe, nationality_breakdown, scope_at, scope_spans
from .quantities import PEOPLE, Quantity
from .words import fold

# charges that travel between reports in different words
EVAL_FAMILY = {"rig": "fraud", "fraud": "fraud", "manipulate": "fraud", "falsified": "fraud", "stolen": "fraud",
               "flawed": "fraud", "sham": "fraud", "unfair": "fraud", "illegitimate": "fraud"}
MEASURE_UNITS = frozenset(DURATION_UNITS) | frozenset(LENGTH_UNITS)
_PLACE_CUES = {"in", "to", "from", "at", "of", "across", "near", "neighbouring", "neighboring", "capital", "city"}
RECURRING = frozenset({"protest", "gather", "meet", "meeting", "call", "talk", "march", "say", "speak", "spoke",
                       "rally", "demonstrate", "strike", "hold", "held", "come", "came",
                       # a case comes to court many times: appearances, hearings, pleas, remands
                       "appear", "appearance", "hearing", "court", "plea", "enter", "remand", "bail"})
_GENERIC = {"people", "protester", "percent", "year", "day", "time", "said", "made", "make", "take", "get", "go",
            "come", "give", "put", "including", "includ", "total"}


@dataclass(frozen=True)
class Finding:
    facet: str
    label: str
    confidence: float
    reason: str
    compared: str
    kind: str  # number, date, negation, cause, attribution, name
    local: float = 0.0  # how surely the two mentions concern the same fact, from the words around them
    key: tuple = ()     # what was compared, normalised: candidates with one key repeat one disagreement


def _surface(features: Features, lemma: str) -> str:
    for t in features.tokens:
        if t.lemma == lemma:
            return t.text
    return lemma


def _what(fa: Features, fb: Features, lemmas, limit: int = 3) -> str:
    """The shared words, as written (``fled/left Lithuania``), in the order of the second sentence."""
    order = {t.lemma: i for i, t in reversed(list(enumerate(fb.tokens)))}
    words = []
    for lemma in sorted(lemmas, key=lambda l: order.get(l, 999))[:limit]:
        sa, sb = _surface(fa, lemma), _surface(fb, lemma)
        words.append(sb if sa.lower() == sb.lower() else f"{sa}/{sb}")
    return " ".join(words)


# ----------------------------------------------------------------------------------------------- numbers


def _units_match(a: Quantity, b: Quantity, ma: Measure, mb: Measure) -> bool:
    if ma.dimension != "count":
        return True  # same dimension (checked by comparable): metres and feet, seconds and minutes
    if nationality_breakdown(ma, mb):
        return True  # "12 Somalis" of a breakdown vs "23 Somali pirates"
    if ma.what == mb.what and ma.what:
        return True  # the same noun or synonyms: engines and appliances, houses and buildings
    if a.unit == b.unit:
        return bool(a.unit)
    return a.unit in PEOPLE | {"people"} and b.unit in PEOPLE | {"people"}


def _same_value(ma: Measure, mb: Measure) -> bool:
    return math.isclose(ma.low, mb.low, rel_tol=1e-6) and math.isclose(ma.high, mb.high, rel_tol=1e-6)


def _overlap(ma: Measure, mb: Measure) -> bool:
    return ma.low <= mb.high and mb.low <= ma.high


_DAY_WORDS = frozenset("""monday tuesday wednesday thursday friday saturday sunday yesterday today tonight tomorrow
morning afternoon evening night""".split())


def _happening(f: Features, q: Quantity) -> frozenset[str]:
    """What happened at a clock time: the content words just before it, names and day words aside ("broke out
    on the roof at 8.49pm" -> break, roof), and with a parse the verb the time hangs on ("broke out in the
    roof of the store at 8.49pm" -> break, however far before)."""
    before = [t for t in f.tokens if t.end <= q.start][-5:]
    out = {t.lemma for t in before if not t.stop and not t.cap and not t.low[:1].isdigit()
           and t.low not in _DAY_WORDS}
    verb = governing_verb(f, q.start, q.end)
    if verb:
        out.add(verb)
    return frozenset(out)


def governing_word(f: Features, q: Quantity) -> str:
    """What a duration or a figure is of, from the parse: the first verb or noun above it that is not its unit
    ("slash spending over three years" -> slash; "the biggest protest in over a year" -> protest)."""
    inside = [k for k, t in enumerate(f.tokens) if t.start < q.end and q.start < t.end]
    if not inside or not any(t.dep for t in f.tokens):
        return ""
    k = inside[-1]
    for _ in range(6):
        t = f.tokens[k]
        if t.head < 0 or t.head == k:
            return t.lemma if t.pos in ("VERB", "NOUN") and not (q.start <= t.start < q.end) else ""
        k = t.head
        h = f.tokens[k]
        if h.pos in ("VERB", "NOUN") and h.lemma not in MEASURE_UNITS and h.low not in MEASURE_UNITS \
                and not (q.start <= h.start < q.end):
            return h.lemma
    return ""


_SCALE_OR_CURRENCY = frozenset("""million millions billion billions trillion bn mn m b k thousand euro euros dollar
dollars pound pounds yen rupee rupees dirham dirhams rand worth""".split())


_CONVERSION_GAP = re.compile(r"^[\s\w]{0,12}\(\s*\W{0,4}$")


def _noun_word(t) -> bool:
    return t.pos in ("NOUN", "PROPN") and t.low not in _SCALE_OR_CURRENCY and not any(c.isdigit() for c in t.low) \
        and len(t.low) > 1


def money_of(f: Features, q: Quantity) -> frozenset[str]:
    """What an amount of money pays for, costs or is worth, from the parse: the noun phrase it modifies (``a
    $5,000 fine`` -> fine; ``a 110bn-euro emergency rescue package`` -> package, rescue, emergency), the one it
    is of (``bail of $1 million`` -> bail; ``$137 million of diamonds and jewels`` -> diamond, jewel; ``$108
    million worth of diamond rings``), the thing said to be worth it (``gems worth 85 million euros``), and the
    verb the amount or that noun hangs on (``slice 30bn euros``, ``lives on 1,000 euros a month``). Empty
    without a parse."""
    toks = f.tokens
    if not any(t.dep for t in toks):
        return frozenset()
    for p in f.quantities:  # a conversion in brackets ("euro30 billion ($40 billion)") is of what the first is
        if p is not q and p.end <= q.start and _CONVERSION_GAP.match(f.text[p.end:q.start]):
            return money_of(f, p)
    span = {k for k, t in enumerate(toks) if t.start < q.end and q.start < t.end}
    if not span:
        return frozenset()
    grew = True
    while grew:  # the scale and currency words of the amount ("million", "euros", "$")
        grew = False
        for k, t in enumerate(toks):
            if k not in span and t.low.strip("$€£-") in _SCALE_OR_CURRENCY - {"worth"} \
                    and (t.head in span or any(toks[j].head == k for j in span)):
                span.add(k)
                grew = True
    out: set[str] = set()

    def head_verb(k: int) -> None:
        for _ in range(3):
            h = toks[k].head
            if h < 0 or h == k:
                return
            if toks[h].pos == "VERB":
                out.add(toks[h].lemma)
                return
            if toks[h].pos not in ("ADP", "AUX", "PART"):
                return
            k = h

    def phrase(k: int, seen: set[int]) -> None:
        """The noun at ``k``, climbed to the head of its compound/conjunction, with its compounds and conjuncts."""
        for _ in range(4):
            t = toks[k]
            if t.dep in ("compound", "conj") and 0 <= t.head != k and _noun_word(toks[t.head]) \
                    and t.head not in span:
                k = t.head
            else:
                break
        if k in seen or not _noun_word(toks[k]):
            return
        seen.add(k)
        out.add(toks[k].lemma)
        for j, u in enumerate(toks):
            if u.head == k and j != k and j not in span and u.dep in ("compound", "conj") and _noun_word(u):
                out.add(u.lemma)
                if u.dep == "conj":
                    phrase(j, seen)
        head_verb(k)

    def objects_of(k: int) -> None:  # "of diamonds", "in jewelry", "for information"
        for j, u in enumerate(toks):
            if u.head == k and j not in span and u.dep == "pobj":
                phrase(j, set())

    for j, u in enumerate(toks):
        if u.head in span and j not in span:
            if u.dep == "prep" and u.low in ("of", "in"):
                objects_of(j)
            elif u.low == "worth":  # "$108 million worth of diamond rings"
                for i, w in enumerate(toks):
                    if w.head == j and w.dep == "prep" and w.low == "of":
                        objects_of(i)
    for k in span:
        t = toks[k]
        h = t.head
        if h < 0 or h == k or h in span:
            continue
        ht = toks[h]
        if _noun_word(ht):
            phrase(h, set())  # "a $35,000 reward", "a $144 billion bailout"
        elif ht.pos == "ADP" and 0 <= ht.head != h:
            hh = toks[ht.head]
            if _noun_word(hh):
                phrase(ht.head, set())  # "bail of $1 million"
            elif hh.pos == "VERB":
                out.add(hh.lemma)  # "lives on less than 1,000 euros", "valued at 85 million euros"
                if hh.dep in ("acl", "amod", "relcl") and 0 <= hh.head != ht.head and _noun_word(toks[hh.head]):
                    phrase(hh.head, set())  # "diamonds valued at"
        elif ht.pos == "VERB":
            out.add(ht.lemma)  # "slice 30bn euros", "stealing $2.6 million"
        elif ht.low == "worth":  # "gems worth 85 million euros", "snatched $108 million worth of rings"
            for i, w in enumerate(toks):
                if w.head == h and w.dep == "prep" and w.low == "of":
                    objects_of(i)
            if 0 <= ht.head != h:
                if _noun_word(toks[ht.head]):
                    phrase(ht.head, set())
                elif toks[ht.head].pos == "VERB":
                    out.add(toks[ht.head].lemma)
    if not out:  # the parse lost the amount's head: the noun phrase right after it ("($143-billion) EU and IMF
        # debt bailout")
        after = [t for t in toks if t.start >= q.end and t.low.strip("$€£-") not in _SCALE_OR_CURRENCY
                 and not any(c.isdigit() for c in t.low)]
        for t in after[:6]:
            if _noun_word(t):
                out.add(t.lemma)
            elif not (t.pos in ("ADJ", "CCONJ") or t.low in ("-", "(", ")")):
                break
    return frozenset(out)


def _towns(f: Features) -> frozenset[str]:
    """The places a sentence names that the pipeline labels as towns, regions or countries (GPE)."""
    return frozenset(n.key for n in f.names if n.ent == "GPE")


def _same_money_object(a: frozenset[str], b: frozenset[str]) -> bool:
    """Both amounts are said to be of one thing: a word in common (jewel, jewelry and jewellery alike)."""
    if not a or not b:
        return True  # one side does not say: no evidence either way
    stems_b = {w[:5] for w in b}
    return any(w[:5] in stems_b for w in a)


def governing_verb(f: Features, start: int, end: int) -> str:
    """The lemma of the verb a mention (``start``-``end`` in the sentence) depends on in the parse, "" without
    a parse or when none is within four steps."""
    inside = [k for k, t in enumerate(f.tokens) if t.start < end and start < t.end]
    if not inside or not any(t.dep for t in f.tokens):
        return ""
    k = inside[-1]
    for _ in range(5):
        t = f.tokens[k]
        if t.pos in ("VERB",) and not (start <= t.start < end):
            return t.lemma
        if t.head < 0 or t.head == k:
            return ""
        k = t.head
    return ""


def _day_words(f: Features, q: Quantity) -> frozenset[str]:
    """The day a clock time is on, as written next to it ("on Friday", "Saturday"): compared as written."""
    after = [t for t in f.tokens if t.start >= q.end][:4]
    return frozenset(t.low for t in after if t.low in _DAY_WORDS - {"morning", "afternoon", "evening", "night"})


_OF_SOMEONE = re.compile(r"^\s*(?:-?\s*years?\s*-?\s*old\s+)?(?:son|sons|daughter|daughters|boy|girl|child|children|"
                         r"brother|sister|grandson|granddaughter|baby|nephew|niece)\b", re.IGNORECASE)


def _nearest_name(f: Features, q: Quantity) -> Name | None:
    """The person a figure describes: the name next to it ("Scott Russell, 46," "51-year-old Capt. Tom Tennant",
    "Russell, a 20-year veteran"); none for someone else's relative ("Mendes' 12-year-old daughter")."""
    if _OF_SOMEONE.match(f.text[q.end:q.end + 30]):
        return None
    best, dist = None, 40
    for n in f.names:
        d = q.start - n.end if n.end <= q.start else n.start - q.end
        if 0 <= d < dist:
            best, dist = n, d
    return best


def _same_person(fa: Features, qa: Quantity, fb: Features, qb: Quantity) -> bool:
    """The same person, not only the same family: given and family names agree (allowing variant spellings);
    a lone family name matches only another lone family name."""
    na, nb = _nearest_name(fa, qa), _nearest_name(fb, qb)
    if na is None or nb is None:
        return False
    wa = [w for w in na.key.replace(".", "").split() if w not in _TITLES]
    wb = [w for w in nb.key.replace(".", "").split() if w not in _TITLES]
    if not wa or not wb:
        return False
    if fuzz.ratio(wa[-1], wb[-1]) < 80:
        return False
    if len(wa) >= 2 and len(wb) >= 2:
        return fuzz.ratio(wa[0], wb[0]) >= 60 or wa[0][:1] == wb[0][:1] and min(len(wa[0]), len(wb[0])) <= 2
    return len(wa) == len(wb)  # "Gomes" alone may be the mother or the son: only another lone "Gomes" matches


# titles and role words are not part of a name when two names are compared (the shared lists, one copy)
_TITLES = shared.TITLES | shared.HONORIFICS | {"senior", "police", "officer", "trooper"}


def _shown(q: Quantity, m: Measure) -> str:
    return q.surface if m.dimension in ("time of day", "length", "duration") else q.describe()


def _scope_words(m: Measure) -> str:
    return f" ({m.scope})" if m.scope else ""


#: How far apart two values of one measurement may be and still be one figure reported twice: on the dev
#: corpus the gold disagreements lie within 5 times (crowd estimates: 20,000 vs 100,000), while figures 20 or
#: more times apart were of different things (the jewels of another heist, a country's share of a bailout).
FAR_APART = 20.0
_APART_DIMENSIONS = ("count", "length", "duration")


def _apart(ma: Measure, mb: Measure) -> float:
    """How many times the larger value is the smaller (1 for overlapping ranges or other dimensions)."""
    if not (ma.dimension in _APART_DIMENSIONS or ma.dimension.startswith("money")) or _overlap(ma, mb):
        return 1.0
    lo, hi = sorted((ma.low if math.isinf(ma.high) else (ma.low + ma.high) / 2,
                     mb.low if math.isinf(mb.high) else (mb.low + mb.high) / 2))
    return hi / lo if lo > 0 else 1.0


#: Two sums said to be of different things (the parse: what they pay for, cost or are worth) are compared only
#: when they nearly agree, as one figure rounded or converted at another rate does ("a $141 billion loan package"
#: vs "a $144 billion bailout"); otherwise they are two sums (a bailout and the cuts it asks for).
MONEY_NEAR = 1.25
#: Confidence of a vague figure against a precise one inside its range.
VAGUE_AGREES = 0.4


def _nearly_agree(ma: Measure, mb: Measure) -> bool:
    """Two closed ranges whose ends lie within :data:`MONEY_NEAR` times of each other ("less than 1,000" is no
    near agreement with 345: it is open below)."""
    if math.isinf(ma.high) or math.isinf(mb.high) or min(ma.low, mb.low) <= 0:
        return False
    return max(ma.high, mb.high) / min(ma.low, mb.low) <= MONEY_NEAR


def _apart_factor(apart: float) -> float:
    """Confidence kept for values ``apart`` times apart: whole up to 3 times, then less (0.74 at 5, 0.4 at 10)."""
    return 1.0 if apart <= 3 else max(0.3, 1.0 - 0.35 * math.log2(apart / 3))


def compare_numbers(fa: Features, fb: Features, sim: float) -> list[Finding]:
    """Two values of the same measurement: same dimension (counts, lengths, durations, money of one currency,
    percentages, ages, magnitudes), same event (deaths with deaths, never with injuries), same scope (the
    reported event, not a background one or a running total), and the same thing counted."""
    pairs = []
    for qa, ma in zip(fa.quantities, fa.measures):
        for qb, mb in zip(fb.quantities, fb.measures):
            ok, _why = comparable(ma, mb)
            if not ok or not _units_match(qa, qb, ma, mb):
                continue
            said_otherwise = 1.0
            if ma.dimension.startswith("money"):
                pa, pb = _towns(fa), _towns(fb)
                if pa and pb and not pa & pb:
                    continue  # "the annual Cannes film festival, stealing almost $2 million" vs "a jewelry store
                    # in central Paris … stealing $2.6 million": sums of what happened in two places (counts
                    # keep the place of their own clause only: a death toll is often given for a province in one
                    # report and for its country in another)
            shared = (qa.context & qb.context) - _GENERIC - {qa.unit, qb.unit}
            role = (qa.role & qb.role) - _GENERIC
            same_event = bool(ma.event and ma.event == mb.event)
            # the value of the same thing: "$137 million of diamonds" vs "$108 million worth of diamond rings"
            # (the unit a length or a duration is measured in says nothing of what: "over three years" of cuts,
            # "the biggest protest in over a year")
            same_thing = ma.dimension != "count" and (
                (bool(qa.unit) and qa.unit == qb.unit and qa.unit not in MEASURE_UNITS)
                or bool(role) or len(shared) >= 1)
            evidence = len(role) + 0.25 * len(shared - role) + (1.0 if same_event or same_thing else 0.0)
            if ma.dimension == "count" and ma.what == mb.what and ma.what not in ("", "people"):
                evidence += 1.0  # the same things counted (engines and appliances are one class)
            if nationality_breakdown(ma, mb):
                evidence += 1.0
                if ma.added and mb.added:
                    evidence += 0.5  # both "a further four" / "an additional six": the reinforcements
            lone = sim >= 0.5 and len(fa.quantities) == len(fb.quantities) == 1
            if ma.dimension == "percent":
                evidence = len(shared)  # a share of what? only when they agree on it (the vote)
            elif not role and not same_event and not same_thing and not lone and evidence < 1:
                continue  # counts of different things: "7,000 detained" vs "thousands marched"
            if ma.dimension in ("age", "tenure") or (ma.dimension == "count" and ma.what in KIN):
                if not _same_person(fa, qa, fb, qb):
                    continue  # ages, years of service, children of two people: only the same named person's
            if (ma.event or mb.event) and not same_event and not lone and ma.dimension == "count" \
                    and (qa.unit in PEOPLE | {"people"} or not role) and not nationality_breakdown(ma, mb):
                continue  # "three died" vs "five bank workers" (rescued? unsaid): not surely the same figure
            if ma.dimension.startswith("money") and not _same_money_object(money_of(fa, qa), money_of(fb, qb)):
                if not _nearly_agree(ma, mb):
                    continue  # "a 110bn-euro rescue package" vs "slice 30bn euros" from the deficit: two sums
                said_otherwise = 0.7  # "a $141 billion loan package" vs "a $144 billion bailout"
            if ma.dimension == "duration" and not role:
                ga, gb = governing_word(fa, qa), governing_word(fb, qb)
                if ga and gb and ga != gb:
                    continue  # "for two years" of going out vs "for the past three years" of living there
            if ma.dimension == "time of day":
                happened = (_happening(fa, qa) & _happening(fb, qb)) - _GENERIC
                days_a, days_b = _day_words(fa, qa), _day_words(fb, qb)
                va, vb = governing_verb(fa, qa.start, qa.end), governing_verb(fb, qb.start, qb.end)
                if not happened or (days_a and days_b and days_a != days_b) or (va and vb and va != vb):
                    continue  # times of two happenings (alerted, broke out, reopened) or of two days
                evidence = len(happened) + 0.25 * len(shared)
            if evidence < 1 and not lone:
                continue
            pairs.append((evidence, qa, qb, ma, mb, shared, role, said_otherwise))
    pairs.sort(key=lambda p: -p[0])
    used_a, used_b, out = set(), set(), []
    for evidence, qa, qb, ma, mb, shared, role, said_otherwise in pairs:
        if id(qa) in used_a or id(qb) in used_b:
            continue
        used_a.add(id(qa))
        used_b.add(id(qb))
        if qa.vague and qb.vague:
            if qa.surface.lower() == qb.surface.lower() or _overlap(ma, mb):
                continue
            label, conf = "differs-in-detail", 0.5
        elif qa.value is not None and qb.value is not None and (
                _same_value(ma, mb) or (qa.value == qb.value and ma.unit_text == mb.unit_text)):
            continue  # same figure (perhaps with another qualifier or unit): nothing to review
        elif ma.unit_text != mb.unit_text and _overlap(ma, mb) and \
                abs(ma.low - mb.low) <= 0.06 * max(abs(ma.low), abs(mb.low), 1e-9):
            continue  # one figure converted into another unit ("13 nautical miles (about 24km)"): they agree
        elif qa.vague or qb.vague:
            # a vague figure that holds the precise one ("Dozens" vs "Around 60") agrees more than it differs:
            # below the disagreements of precise figures
            label, conf = ("differs-in-detail", VAGUE_AGREES) if _overlap(ma, mb) else ("contradicts", 0.5)
        else:
            rel = abs(ma.low - mb.low) / max(abs(ma.low), abs(mb.low), 1e-9)
            if _overlap(ma, mb) or (ma.unit_text != mb.unit_text and rel <= 0.1):
                label, conf = "differs-in-detail", 0.7 + min(0.2, rel)
            else:
                label, conf = "contradicts", 0.85 + min(0.1, rel / 10)
        apart = _apart(ma, mb)
        if apart >= FAR_APART:
            continue  # 85 million vs 2 million euros: two reports of one figure are rarely 20 times apart
        conf *= _apart_factor(apart) * said_otherwise
        # what is counted and what happened to them: the words next to both figures, else those around
        what = _what(fa, fb, role or shared, 2) if (role or shared) else (qb.head or qa.head)
        measured = ma.label()
        if nationality_breakdown(ma, mb):
            measured = f"how many were {(ma.nationality or mb.nationality).capitalize()}"
        reason = f"{measured}: {qa.surface} vs {qb.surface}" + (f" ({what})" if what else "")
        verdict = ("the ranges overlap, the stated figures differ" if _overlap(ma, mb) and not (qa.vague or qb.vague)
                   else "one figure is vague, the other precise" if (qa.vague != qb.vague) and _overlap(ma, mb)
                   else "the ranges do not overlap")
        if apart > 3:
            verdict += f"; the values are {apart:.0f} times apart (less likely one figure)"
        compared = (f"{measured}{' of ' + what if what and ma.dimension != 'count' else ''} in both reports"
                    f"{_scope_words(ma)}: {describe(ma, _shown(qa, ma))} vs {describe(mb, _shown(qb, mb))}; {verdict}")
        out.append(Finding("number", label, round(conf, 3), reason, compared, "number",
                           local=min(1.0, 0.35 + 0.3 * evidence),
                           # the same disagreement whichever report comes first
                           key=("number", measured, *sorted([(round(ma.low, 3), round(ma.high, 3)),
                                                             (round(mb.low, 3), round(mb.high, 3))]))))
    return out


# ----------------------------------------------------------------------------------------------- dates


def _capitalised(f: Features) -> set[str]:
    return {t.lemma for t in f.tokens if t.cap}


_WEEKDAY_WORD = re.compile(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.IGNORECASE)


def _same_words(a: str, b: str) -> bool:
    """Both mentions say the same thing: the same words, or the same bare weekday ("on Saturday" vs "Saturday
    morning"), whatever the two publication dates make of them."""
    def norm(x: str) -> str:
        return " ".join(w for w in x.lower().replace(",", " ").split() if w not in ("on", "late", "early", "by"))
    if norm(a) == norm(b):
        return True
    wa, wb = _WEEKDAY_WORD.search(a), _WEEKDAY_WORD.search(b)
    bare = not re.search(r"\d|last|next|this|ago|after|before", a + " " + b, re.IGNORECASE)
    return bool(wa and wb and bare and wa.group(1).lower() == wb.group(1).lower())


def _weekday_of(bare: DateMention, dated: DateMention) -> bool:
    """``bare`` is only a weekday ("on Saturday") and ``dated`` a date on that weekday ("Saturday 8 June"):
    the bare one was resolved against a publication date that may be days after the event; they agree."""
    wb = _WEEKDAY_WORD.search(bare.surface)
    if not wb or re.search(r"\d|last|next|ago|after|before", bare.surface, re.IGNORECASE):
        return False
    if dated.value is None or dated.value.year == NO_YEAR or not re.search(r"\d", dated.surface):
        return False
    return dated.value.strftime("%A").lower() == wb.group(1).lower()


def _other_event_spans(text: str) -> list[tuple[int, int, str]]:
    """Where a sentence speaks of another event of the kind without a year ("another dramatic robbery",
    "an earlier attack", "last year's quake"): a date there is not the reported event's."""
    return [sp for sp in scope_spans(text, None) if sp[2] == "background"]


def compare_dates(fa: Features, fb: Features, sim: float) -> list[Finding]:
    """Dates of the same event: the two mentions must share what happened then (died, left/fled, met…),
    and preferably who (a name of one sentence matching one of the other). Equal dates pair first, so
    "funeral Saturday … died Monday" vs "died on Monday" agree."""
    out = []
    pairs = []
    participants = any(same_name(a, b) for a in fa.names for b in fb.names)
    other_a, other_b = _other_event_spans(fa.text), _other_event_spans(fb.text)
    for da in fa.dates:
        for db in fb.dates:
            if da.value is None or db.value is None:
                continue
            if scope_at(other_a, da.start) or scope_at(other_b, db.start):
                continue  # "another dramatic robbery on Sunday night": the date of another event
            event = (da.event & db.event) - _GENERIC
            shared = (da.context & db.context) - _GENERIC
            if not event and not (sim >= 0.35 and len(fa.dates) == len(fb.dates) == 1 and shared):
                continue  # aligned sentences with one date each may date the same thing in other words
            evidence = len(event) + (1.0 if participants else 0.0) + 0.25 * len(shared - event)
            pairs.append((evidence, same_day(da.value, db.value), da, db, event | shared))
    pairs.sort(key=lambda p: (-p[0], not p[1]))
    used_a, used_b = set(), set()
    for evidence, _same, da, db, shared in pairs:
        if id(da) in used_a or id(db) in used_b:
            continue
        used_a.add(id(da))
        used_b.add(id(db))
        if same_day(da.value, db.value):
            continue
        if _same_words(da.surface, db.surface) or _weekday_of(da, db) or _weekday_of(db, da):
            continue  # both say "on Saturday": any difference comes from the publication dates, not the text
        unknown = NO_YEAR in (da.value.year, db.value.year)
        gap = abs((da.value.replace(year=2000) - db.value.replace(year=2000)).days) if unknown \
            else abs((da.value - db.value).days)
        conf = (0.6 + 0.1 * min(3.0, evidence)) * (1.0 if gap <= 7 else 0.9)
        if da.event & db.event and da.event & db.event <= RECURRING:
            continue  # protests, meetings, hearings happen on several days: two dates are two of them
        if not da.event & db.event:
            conf *= 0.6  # dated in other words (one date each in aligned sentences): a weaker sign
        what = _what(fa, fb, shared, 3)
        reason = f"{fmt(da.value)} vs {fmt(db.value)}" + (f" ({what})" if what else "")
        out.append(Finding("date/time", "contradicts", round(conf, 3), reason,
                           f"the date of what both sentences report ({what or 'the same event'}): {da.how}; {db.how}",
                           "date", local=min(1.0, 0.3 + 0.25 * evidence),
                           key=("date", tuple(sorted((da.value, db.value))))))
    return out


# ----------------------------------------------------------------------------------------------- negation


def _negated_shared(f: Features, other: set[str]) -> tuple[list[str], str]:
    """Lemmas of ``other`` inside the scope of a negator of ``f`` whose negated predicate (the first content
    word after it) ``other`` also states: "weren't free" vs "were free", not "did not specify" vs "assistance"."""
    hits, phrase = [], ""
    for n in f.negations:
        neg = f.tokens[n]
        if n + 1 < len(f.tokens) and f.tokens[n + 1].low in ("only", "just", "merely"):
            continue  # "not only repulsed… but also": an addition, not a negation
        scope = [t for t in f.tokens[n + 1:n + 14] if in_scope(f.text, neg.end, t.start)]
        content = [t for t in scope if not t.stop]
        if not content or content[0].lemma not in other:
            continue
        covered = [t for t in content if t.lemma in other]
        hits.extend(t.lemma for t in covered)
        if not phrase:
            start = neg.start
            while start > 0 and f.text[start - 1] not in " ,;:(“\"":
                start -= 1
            before = f.tokens[n - 1].text + " " if n > 0 and f.tokens[n - 1].low in (
                "does", "do", "did", "was", "were", "is", "are", "has", "have", "had") else ""
            phrase = f"{before}{f.text[start:covered[-1].end]}"
    return hits, phrase


def _negates_any(f: Features, lemmas: set[str]) -> bool:
    """One of ``lemmas`` lies in the scope of a negator of ``f`` (anywhere in its clause)."""
    for n in f.negations:
        neg = f.tokens[n]
        if any(t.lemma in lemmas and in_scope(f.text, neg.end, t.start) for t in f.tokens[n + 1:n + 14]):
            return True
    return False


def compare_negation(fa: Features, fb: Features, sim: float) -> list[Finding]:
    shared = (set(fa.lemmas) & set(fb.lemmas)) - _GENERIC
    if not shared:
        return []
    hits_a, phrase_a = _negated_shared(fa, set(fb.lemmas) - _GENERIC)
    hits_b, phrase_b = _negated_shared(fb, set(fa.lemmas) - _GENERIC)
    if bool(hits_a) == bool(hits_b):
        return []
    hits, phrase, neg_side = (hits_a, phrase_a, fa) if hits_a else (hits_b, phrase_b, fb)
    other_side = fb if neg_side is fa else fa
    if _negates_any(other_side, set(hits)):
        return []  # both negate it ("would not discuss a motive" vs "had no motive"): no difference
    if len(set(hits)) < 2 and sim < 0.45:
        return []
    if any(neg_side.tokens[n].low.startswith("den") for n in neg_side.negations) and _legal(other_side):
        return []  # "denied arson" vs "charged with arson": a plea against the charge, both are true
    label = "disputes" if (neg_side.dispute or neg_side.attributions) else "contradicts"
    conf = 0.55 + min(0.25, 0.08 * len(set(hits))) + min(0.15, sim / 4)
    what = _what(fa, fb, set(hits), 3)
    quoted = phrase if len(phrase) <= 60 else phrase[:57] + "…"
    reason = (f"“{quoted}” vs stated" if hits_a else f"stated vs “{quoted}”") + f" ({what})"
    compared = f"the same content words ({what}) are negated in one sentence only"
    return [Finding("other", label, round(conf, 3), reason, compared, "negation",
                    key=("negation", tuple(sorted(set(hits)))))]


# ----------------------------------------------------------------------------------------------- causes


#: Causes that do not exclude each other: an explosion (a firebomb) starts the fire whose smoke suffocates or
#: whose flames burn; the attack and the mechanism of the death are then two levels of one account.
COMPATIBLE_CAUSES = frozenset({frozenset(("explosion", "suffocation")), frozenset(("explosion", "burns"))})


def compare_causes(fa: Features, fb: Features, sim: float, victim: str = "") -> list[Finding]:
    strong_a = [c for c in fa.causes if c.strong]
    strong_b = [c for c in fb.causes if c.strong]
    about = f" ({victim}’s death)" if victim else ""
    attributed = bool(fa.attributions or fb.attributions or fa.dispute or fb.dispute)
    label = "disputes" if attributed else "contradicts"
    if not victim and not (fa.death or fb.death):
        return []  # a cause of what? ("the stove left on full blast" vs "both women were stabbed"): no death
    if strong_a and strong_b:
        pos_a = {c.cls: c for c in strong_a if not c.negated}
        pos_b = {c.cls: c for c in strong_b if not c.negated}
        neg_a = {c.cls: c for c in strong_a if c.negated}
        neg_b = {c.cls: c for c in strong_b if c.negated}
        for cls in pos_a.keys() & neg_b.keys():
            return [Finding("cause", label, 0.8, f"{pos_a[cls].surface} vs not shown/denied{about}",
                            f"cause “{cls}” asserted in one sentence, negated in the other", "cause")]
        for cls in pos_b.keys() & neg_a.keys():
            return [Finding("cause", label, 0.8, f"not shown/denied vs {pos_b[cls].surface}{about}",
                            f"cause “{cls}” negated in one sentence, asserted in the other", "cause")]
        if pos_a and pos_b and not (pos_a.keys() & pos_b.keys()):
            ca, cb = next(iter(pos_a.values())), next(iter(pos_b.values()))
            if frozenset((ca.cls, cb.cls)) in COMPATIBLE_CAUSES:
                return []  # a firebomb attack and the smoke that suffocated them: one death, told at two levels
            return [Finding("cause", label, 0.8, f"{ca.surface} vs {cb.surface}{about}",
                            f"causes compared: {', '.join(pos_a)} vs {', '.join(pos_b)}", "cause")]
        return []
    if not victim and sim >= 0.35 and not strong_a and not strong_b:
        weak_a = {c.cls: c for c in fa.causes if not c.negated}
        weak_b = {c.cls: c for c in fb.causes if not c.negated}
        if weak_a and weak_b and not (weak_a.keys() & weak_b.keys()) and (fa.death and fb.death):
            ca, cb = next(iter(weak_a.values())), next(iter(weak_b.values()))
            return [Finding("cause", "differs-in-detail", 0.45, f"{ca.surface} vs {cb.surface}",
                            f"circumstances compared: {', '.join(weak_a)} vs {', '.join(weak_b)}", "cause")]
    return []


# ----------------------------------------------------------------------------------------------- attribution


def _family(lemma: str) -> str:
    return EVAL_FAMILY.get(lemma, lemma)


def _attributed(f: Features, index: int) -> bool:
    return any(0 < index - a <= 6 for a in f.attributions) or any(0 < a - index <= 3 for a in f.attributions)


LEGAL_PROCESS = frozenset("""charge charged charges accuse accused court trial plea plead pleaded convict convicted
arraign arraigned arraignment remand remanded jury sentence sentenced indict indicted hearing""".split())


def _legal(f: Features) -> bool:
    return any(t.low in LEGAL_PROCESS for t in f.tokens)


def compare_attribution(fa: Features, fb: Features, sim: float) -> list[Finding]:
    if _legal(fa) or _legal(fb):
        return []  # in a court report the charge is named as a charge: "charged with murder" vs "the murder"
    fam_a = {_family(l): i for l, i in fa.evaluative.items()}
    fam_b = {_family(l): i for l, i in fb.evaluative.items()}
    for fam in fam_a.keys() & fam_b.keys():
        ia, ib = fam_a[fam], fam_b[fam]
        att_a, att_b = _attributed(fa, ia), _attributed(fb, ib)
        if att_a == att_b:
            continue
        wa, wb = fa.tokens[ia].text, fb.tokens[ib].text
        reason = (f"“{wa}” attributed vs “{wb}” stated as fact" if att_a else
                  f"“{wa}” stated as fact vs “{wb}” attributed")
        compared = f"the charge “{fam}” and whether a source is named for it (said, says, claims, believes…)"
        return [Finding("attribution", "differs-in-detail", round(0.45 + min(0.2, sim / 2), 3), reason, compared,
                        "attribution", key=("attribution", fam, att_a, att_b))]
    return []


# ----------------------------------------------------------------------------------------------- names


def same_name(a: Name, b: Name) -> bool:
    ka, kb = a.key.replace(".", ""), b.key.replace(".", "")
    if ka == kb or fuzz.ratio(ka, kb) >= 80:
        return True
    wa, wb = ka.split(), kb.split()
    return any(x == y or (len(x) >= 5 and len(y) >= 5 and fuzz.ratio(x, y) >= 78) for x in wa for y in wb)


_ENT_KIND = {"PERSON": "person", "GPE": "place", "LOC": "place"}  # a court, a building (FAC) is no town


def _kind(f: Features, name: Name) -> str:
    """person, place or other: the pipeline's entity label when there is one (a court, a company, a ship are
    other), else the words around the name."""
    if name.ent:
        return _ENT_KIND.get(name.ent, "other")
    i = name.token_index
    before = f.tokens[i - 1].low if i > 0 else ""
    if before in _PLACE_CUES:
        return "place"
    after = f.tokens[i + len(name.text.split())].low if i + len(name.text.split()) < len(f.tokens) else ""
    if after in ("said", "says", "told") or len(name.text.split()) >= 2:
        return "person"
    return "other"


_PLAIN_VERBS = frozenset("be have do say tell add get make go come".split())


def _role(f: Features, name: Name) -> tuple[str, str] | None:
    """What a name does in its sentence, from the parse: (the verb it depends on, as lemma; subject or
    object). None without a parse or when the name hangs on no verb of its own."""
    if not any(t.dep for t in f.tokens):
        return None
    i = name.token_index
    last = i + len(name.text.split()) - 1
    k = min(last, len(f.tokens) - 1)
    for _ in range(4):  # from the name's head word up to its verb
        t = f.tokens[k]
        if not (i <= k <= last) and t.pos in ("VERB", "AUX"):
            break
        if t.head < 0 or t.head == k:
            return None
        rel = t.dep
        k = t.head
    else:
        return None
    verb = f.tokens[k].lemma
    if verb in _PLAIN_VERBS:
        return None
    rel = "subject" if rel.startswith("nsubj") else "object" if rel in ("dobj", "obj", "pobj", "attr") else rel
    return verb, rel


def _same_role(fa: Features, a: Name, fb: Features, b: Name) -> bool | None:
    """Whether two names do the same in their sentences (the subject of "arrested" in both); None when the
    parse does not say (the rule analysis)."""
    ra, rb = _role(fa, a), _role(fb, b)
    if ra is None and rb is None and not any(t.dep for t in fa.tokens):
        return None
    return ra is not None and ra == rb


def compare_names(fa: Features, fb: Features, sim: float) -> list[Finding]:
    """One person or place put in the other's stead: both sentences have an unmatched name of one kind, and,
    with a parse, in the same role (the subject or object of the same verb): "Katie vs Kathryn Jenkin" in
    sentences about different things is not one person named differently."""
    if sim < 0.5 or not fa.names or not fb.names:
        return []
    only_a = [a for a in fa.names if not any(same_name(a, b) for b in fb.names)]
    only_b = [b for b in fb.names if not any(same_name(a, b) for a in fa.names)]
    for facet in ("person", "place"):
        ka = [n for n in only_a if _kind(fa, n) == facet]
        kb = [n for n in only_b if _kind(fb, n) == facet]
        roles = [(x, y) for x in ka for y in kb if _same_role(fa, x, fb, y) is not False]
        if ka and kb and roles:
            ka, kb = [roles[0][0]], [roles[0][1]]
            ta = ", ".join(n.text for n in ka[:3])
            tb = ", ".join(n.text for n in kb[:3])
            return [Finding(facet, "differs-in-detail", round(0.4 + min(0.2, sim - 0.5), 3), f"{ta} vs {tb}",
                            f"{facet} names without a match (allowing variant spellings) in the other sentence",
                            "name", key=("name", facet, tuple(sorted((ta.lower(), tb.lower())))))]
    return []


_DIRECTION_OF = re.compile(r"\b(?P<dir>(?i:" + "|".join(sorted(DIRECTIONS, key=len, reverse=True)) +
                          r"))\s+of\s+(?:the\s+)?(?P<place>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?)")
_AREA = re.compile(r"\b(?P<place>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)??)\s+(?P<area>(?i:" + "|".join(AREA_WORDS) +
                   r"))\b")


@lru_cache(maxsize=20_000)
def _directions(text: str) -> dict[str, tuple[str, str]]:
    out = {}
    for m in _DIRECTION_OF.finditer(text):
        if m.group("place")[:1].isupper():
            out[fold(m.group("place"))] = (DIRECTIONS[m.group("dir").lower()], m.group(0))
    return out


@lru_cache(maxsize=20_000)
def _areas(text: str) -> dict[str, tuple[str, str]]:
    out = {}
    for m in _AREA.finditer(text):
        if m.group("place")[:1].isupper() and m.group("place").lower() not in ("the", "a") \
                and not re.match(r"\s+[A-Z]", text[m.end():m.end() + 2]):  # "Bristol District Attorney": a name
            out[m.group("area").lower()] = (fold(m.group("place")), m.group(0))
    return out


def compare_places(fa: Features, fb: Features, sim: float) -> list[Finding]:
    """Places of the same thing: a direction relative to the same named place ("12 miles west of Oakland" vs
    "south of Oakland"), and administrative areas of one kind named differently in aligned sentences ("in
    Sonoma County" vs "in Marin County")."""
    out = []
    da, db = _directions(fa.text), _directions(fb.text)
    for place in da.keys() & db.keys():
        (dir_a, text_a), (dir_b, text_b) = da[place], db[place]
        if dir_a != dir_b and not (set(dir_a) & set(dir_b)):
            out.append(Finding("place", "contradicts", 0.75, f"{text_a} vs {text_b}",
                               f"direction relative to {text_a.split(' of ')[-1]}: {dir_a} vs {dir_b}", "place",
                               local=0.8, key=("direction", place, tuple(sorted((dir_a, dir_b))))))
    if sim >= 0.3:
        aa, ab = _areas(fa.text), _areas(fb.text)
        for area in aa.keys() & ab.keys():
            (pa, text_a), (pb, text_b) = aa[area], ab[area]
            if pa != pb and fuzz.ratio(pa, pb) < 80:
                out.append(Finding("place", "contradicts", round(0.5 + min(0.3, sim / 2), 3), f"{text_a} vs {text_b}",
                                   f"the {area} named in both aligned sentences: {text_a} vs {text_b}", "place",
                                   key=("area", area, tuple(sorted((pa, pb))))))
    return out


DETECTORS = (compare_numbers, compare_dates, compare_causes, compare_negation, compare_attribution, compare_names,
             compare_places)


def compare(fa: Features, fb: Features, sim: float) -> list[Finding]:
    """Every difference the detectors find, strongest first."""
    out: list[Finding] = []
    for detector in DETECTORS:
        out.extend(detector(fa, fb, sim))
    out.sort(key=lambda f: -f.confidence)
    return out


def score(finding: Finding, sim: float) -> float:
    """Rank of a candidate: the finding's confidence, trusted more when the sentences align well or the words
    around the compared mentions agree."""
    if math.isnan(sim):
        return 0.0
    same_fact = max(min(1.0, sim / 0.45), finding.local)
    return round(finding.confidence * (0.5 + 0.5 * same_fact), 4)
