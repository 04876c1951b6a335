"""Who could be a speaker: mentions of people, organisations, groups and pronouns in a text.

Two sources, merged: the ``entity`` layer's annotations when the project has them (PERSON, ORG, NORP, GPE...
with ``entity_id``/``canonical_name``), and a fallback that reads capitalised names (``Alexander
Lukashenko``, ``state news agency BelTA``, ``the Kremlin``), strips titles (``U.S. Secretary of State Mike
Pompeo`` → ``Mike Pompeo``), tells people from organisations and places by their words and by how the text
uses them (a single word is a person when the text also names someone with it as surname, allowing for a
misspelling such as ``Luksahenko``), and guesses gender for pronouns. Plus pronouns and speaker nouns
(``the crowd``, ``one employee``). Pure functions, no project.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz

from annotator.lexicon import given_name_gender, is_place_name

from .lexicon import (
    GROUP_NOUNS,
    NATIONALITIES,
    NOT_NAMES,
    ORG_WORDS,
    PRONOUNS,
    SPEAKER_NOUNS,
    SPEECH_VERBS,
    TITLES,
    guess_gender,
)
from .spans import SpanIndex

PERSON, ORG, GROUP, PRONOUN, OTHER = "person", "org", "group", "pronoun", "other"

# entity labels that can speak; dates, places, events and other names never do
_ENTITY_KIND = {"PERSON": PERSON, "PER": PERSON, "ORG": ORG, "NORP": GROUP, "GPE": ORG}

_WORD = r"(?:[A-Z]\.){2,3}|[A-Z]\.(?=[ \u00a0][A-Z])|[A-Z\u00C0-\u00DE][\w’'\u00C0-\u024F-]*"
_SP = r"[ \t\u00a0]+"
_CONNECT = rf"(?:{_SP}(?:of|de|da|del|der|van|von|bin|al|el|la|le|du|dos|di|ibn){_SP}|{_SP})"
_CAPS = re.compile(rf"(?:{_WORD})(?:{_CONNECT}(?:{_WORD}))*")
_TOKEN = re.compile(r"[\w’'.-]+")


@dataclass(frozen=True)
class Mention:
    """A possible speaker in the text. ``text`` is the name as written (titles stripped)."""

    start: int
    end: int
    text: str
    kind: str  # person | org | group | pronoun | other
    gender: str | None = None  # m | f | pl | n | None
    entity_id: str | None = None
    canonical: str | None = None
    from_layer: bool = False
    full: str | None = None  # the fullest form of this name in the document ("Alexander Lukashenko")
    attrs: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def name(self) -> str:
        return self.full or self.text


def layer_mentions(annotations: Iterable) -> list[Mention]:
    """Mentions from ``entity``-layer annotations (any object with start, end, label, attributes, status)."""
    out = []
    for a in annotations:
        if getattr(a, "status", "accepted") == "rejected":
            continue
        kind = _ENTITY_KIND.get(str(a.label).upper())
        if kind is None:
            continue
        attrs = a.attributes or {}
        canonical = attrs.get("canonical_name")
        out.append(Mention(a.start, a.end, "", kind, None, attrs.get("entity_id"), canonical, True))
    return out


def find_mentions(text: str, layer: Sequence[Mention] = (), skip: Sequence[tuple[int, int]] = ()) -> list[Mention]:
    """Every possible speaker mention of ``text`` in order.

    ``layer`` are mentions from the entity layer (they win over the fallback where they overlap); ``skip`` are
    spans (quotations) whose inside is not searched for the fallback.
    """
    layer = [replace(m, text=m.text or text[m.start:m.end]) for m in layer]
    layer = [replace(m, gender=m.gender or (guess_gender(m.canonical or m.text) if m.kind == PERSON else None))
             for m in layer]
    found: list[Mention] = list(layer)
    taken = SpanIndex((m.start, m.end) for m in layer)
    skipped = SpanIndex(skip)

    def free(s: int, e: int) -> bool:
        return not taken.overlaps(s, e) and not skipped.covers(s, e)

    for m in _CAPS.finditer(text):
        for mention in _name_mentions(text, m.start(), m.end()):
            if free(mention.start, mention.end):
                found.append(mention)
    for m in re.finditer(r"\b(he|she|they|it|He|She|They|It)\b", text):
        if free(m.start(), m.end()):
            found.append(Mention(m.start(), m.end(), m.group(0), PRONOUN, PRONOUNS[m.group(0).lower()]))
    proper = {m.start for m in found if m.kind != PRONOUN}
    nouns: list[Mention] = []
    for m in re.finditer(r"\b[A-Za-z][a-z-]+\b", text):
        word = m.group(0)
        if word.lower() not in SPEAKER_NOUNS or not free(m.start(), m.end()):
            continue
        sentence_start = re.search(r"(?:^|[.!?:]\s+|\n\s*|[“‘\"']\s*)$", text[max(0, m.start() - 3):m.start()])
        if word[0].isupper() and not sentence_start:
            continue  # a capitalised noun inside a sentence is part of a name or title ("Foreign Minister")
        if m.end() + 1 in proper and text[m.end()].isspace():
            continue  # a title or description right before a name: "demonstrator Artem Kushner"
        start = _noun_phrase_start(text, m.start())
        w = word.lower()
        kind = GROUP if w in GROUP_NOUNS else ORG if w in ORG_WORDS else GROUP
        mention = Mention(start, m.end(), text[start:m.end()], kind, "pl" if w in GROUP_NOUNS else None,
                          attrs={"noun": True})
        if nouns and nouns[-1].end > start:  # "one man" and "man": keep the longer phrase
            if nouns[-1].end - nouns[-1].start >= mention.end - mention.start:
                continue
            nouns.pop()
        nouns.append(mention)
    found.extend(nouns)
    found.sort(key=lambda x: (x.start, -x.end))
    return _resolve_people(text, found)


def _noun_phrase_start(text: str, pos: int) -> int:
    """Extend a speaker noun leftwards over its determiner and modifiers: ``the crowd``, ``one employee``,
    ``30-year-old demonstrator``."""
    start = pos
    for _ in range(3):
        m = re.search(r"([\w’'-]+)\s+$", text[max(0, start - 40):start])
        if not m:
            break
        word = m.group(1)
        w = word.lower()
        if w in ("the", "a", "an", "one", "some", "many", "several", "two", "three", "hundreds", "thousands",
                 "dozens", "other", "another", "state", "news", "local", "young", "old", "elderly", "female",
                 "male", "opposition", "government", "ministry", "foreign", "senior") or (
                word.islower() and (w in SPEAKER_NOUNS or w in ORG_WORDS)) or re.fullmatch(
                r"\d[\w-]*|[\w-]+-old|[a-z]+(?:ian|ese|ish)", w):
            start -= len(m.group(0))
        else:
            break
    return start


def _name_mentions(text: str, s: int, e: int) -> list[Mention]:
    """Split a capitalised run into title words and the name proper; classify the name."""
    run = text[s:e]
    tokens = [(s + t.start(), s + t.end(), t.group(0)) for t in re.finditer(r"[^\s]+", run)]
    # strip a possessive ("Sweden’s Foreign Minister Ann Linde"), sentence words, nationality adjectives and
    # titles: the name starts after the last of them ("U.S. Secretary of State Mike Pompeo" → Mike Pompeo)
    cut = 0
    title = ""
    previous_title = False
    department = False  # "Secretary of Commerce Gary Locke": the word after "title of" belongs to the title
    for i, (_ts, _te, tok) in enumerate(tokens[:-1]):
        low = tok.lower().rstrip(".,").replace("’", "'")
        if tok.endswith(("’s", "'s")):
            cut, previous_title, department = i + 1, False, False
        elif department and len(tokens) - i > 2:
            cut, previous_title, department = i + 1, True, False
        elif low in TITLES or (low.endswith("s") and low[:-1] in TITLES) or (
                previous_title and low in ("of", "state", "the")):
            department = previous_title and low == "of"
            cut, title, previous_title = i + 1, low if low not in ("of", "state", "the") else title, True
        elif re.fullmatch(r"(?:[A-Z]\.){2,}|[A-Z]{2,5}", tok.rstrip(",")) and \
                tokens[i + 1][2].lower().rstrip(".,") in TITLES:
            cut, previous_title, department = i + 1, False, False  # an acronym before a title: "U.S. Secretary"
        elif i == cut and (low in NOT_NAMES or low in SPEECH_VERBS or low in NATIONALITIES
                           or (i == 0 and low.endswith("ing") and len(low) > 5)):
            cut, previous_title, department = i + 1, False, False  # "Having Jackman host…"
        else:
            previous_title = department = False
    if len(tokens) == 1 or cut == len(tokens) - 1:
        low = tokens[-1][2].lower().rstrip(".,")
        if low in NOT_NAMES or (low in SPEAKER_NOUNS and low not in ORG_WORDS) or low in NATIONALITIES \
                or low in TITLES:
            return []
    # words before the first given name that are neither given names nor titles are not part of the name: a
    # heading run into the text ("Early Years Bettie Mae Page"), an office ("Public Defender Peter Lynch")
    given = [i for i in range(cut, len(tokens) - 1) if given_name_gender(tokens[i][2].strip(".,")) is not None]
    if given and given[0] > cut and tokens[given[0] - 1][2][-1:] not in ".," and not any(
            tokens[i][2][:1].islower() for i in range(cut, given[0])):
        cut = given[0]
    tokens = tokens[cut:]
    # drop trailing words that cannot end a name (a possessive 's is kept out of the name)
    while tokens and tokens[-1][2].lower().rstrip(".,") in NOT_NAMES | {"of", "de", "van", "von"}:
        tokens = tokens[:-1]
    if not tokens:
        return []
    ns, ne = tokens[0][0], tokens[-1][1]
    name = text[ns:ne]
    m = re.search(r"(?:’s|'s|’|')$", name)
    if m:
        ne -= len(m.group(0))
        name = text[ns:ne]
    name = name.rstrip(".,")
    ne = ns + len(name)
    if not name or not name[0].isupper():
        return []
    words = [w.lower().strip(".,") for w in re.split(r"[\s-]+", name)]
    if any(w in NOT_NAMES for w in words[1:]):
        return [Mention(ns, ne, name, OTHER)]  # a headline or a title ("Crackdown In Belarus"), not a name
    before = text[max(0, ns - 5):ns].lower()
    if any(w in ORG_WORDS for w in words) or re.search(r"\bthe\s+$", before) or _acronym(name) or (
            len(words) > 1 and any(is_place_name(w, 10**6) for w in words)):
        kind = ORG  # an institution, or a phrase holding a country or a large place ("Radio Free Europe")
    elif len(words) > 1 and any(is_place_name(" ".join(name.split()[:k])) for k in (2, 3)):
        kind = OTHER  # a place named in several words ("Hong Kong", "Los Angeles", "New York City"): GeoNames
    elif len(words) >= 2 or title:
        kind = PERSON
    else:
        kind = OTHER  # a single word: a person only if the text also uses it as a surname (see below)
    gender = guess_gender(name, title) if kind == PERSON else None
    return [Mention(ns, ne, name, kind, gender, attrs={"title": title})]


def _acronym(name: str) -> bool:
    return bool(re.fullmatch(r"[A-Z][A-Za-z]*[A-Z][A-Za-z]*", name)) and sum(c.isupper() for c in name) >= 2 \
        and " " not in name


def _resolve_people(text: str, mentions: list[Mention]) -> list[Mention]:
    """Single-word names become people when the text names someone with them as surname (allowing a
    misspelling); every person gets the fullest form of the name the text uses and its gender."""
    people = [m for m in mentions if m.kind == PERSON and re.search(r"\s", m.text.strip())]
    surnames: dict[str, Mention] = {}
    namesakes: dict[str, list[Mention]] = {}
    for m in people:
        last = _last(m.text)
        if last and (last not in surnames or len(m.text) > len(surnames[last].text)):
            surnames[last] = m
        if last:
            namesakes.setdefault(last, []).append(m)
    firsts = {key: {_first(f.text) for f in fulls} for key, fulls in namesakes.items()}
    out = []
    for m in mentions:
        if m.kind == PERSON or (m.kind == OTHER and not m.from_layer):
            key = _last(m.text)
            full = _namesake(m, namesakes.get(key, ()), firsts.get(key)) or surnames.get(key)
            if full is None and (m.kind == OTHER or len(m.text.split()) == 1) and len(key) >= 6:
                full = _fuzzy_surname(key, surnames)
            if full is not None:
                gender = m.gender or full.gender or guess_gender(full.name)
                m = replace(m, kind=PERSON, full=full.text, gender=gender,
                            entity_id=m.entity_id or (full.entity_id if full.from_layer else None))
            elif m.kind == PERSON and m.gender is None and len(m.text.split()) == 1:
                # a lone name no one in the text bears as surname is a first name ("his daughter, Joan")
                m = replace(m, gender=given_name_gender(m.text))
        out.append(m)
    return out


def _namesake(m: Mention, fulls: Sequence[Mention], firsts: set[str] | None = None) -> Mention | None:
    """Two people share a surname (``coach Roy Williams`` … ``Marvin Williams``): a bare ``Williams`` is the
    one named last before it (else the first named after it), in the fullest form of that person's name."""
    firsts = {_first(f.text) for f in fulls} if firsts is None else firsts
    if len(firsts) < 2:
        return None
    if len(m.text.split()) > 1 and _first(m.text) in firsts:  # "Brent Jeffs" is Brent, not the Jeffs named before
        return max((f for f in fulls if _first(f.text) == _first(m.text)), key=lambda f: len(f.text))
    before = [f for f in fulls if f.end <= m.start]
    pick = max(before, key=lambda f: f.start) if before else min(fulls, key=lambda f: f.start)
    same = [f for f in fulls if _first(f.text) == _first(pick.text)]
    return max(same, key=lambda f: len(f.text))


def _first(name: str) -> str:
    parts = name.split()
    return parts[0].lower().strip(".,") if parts else ""


def _last(name: str) -> str:
    parts = [p for p in re.split(r"[\s]+", name.strip()) if p]
    return parts[-1].lower().strip(".,") if parts else ""


def _fuzzy_surname(key: str, surnames: dict[str, Mention]) -> Mention | None:
    best, best_score = None, 0.0
    for last, m in surnames.items():
        if len(last) < 6 or last[0] != key[0]:
            continue
        score = fuzz.ratio(key, last)
        if score > best_score:
            best, best_score = m, score
    return best if best_score >= 85 else None
