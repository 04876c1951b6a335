"""Name normalisation and comparison, pure functions (no project, no Qt).

Outlets spell one person several ways: ``Alexander Lukashenko``, ``Alyaksandr Lukashenka`` (Belarusian
transliteration), ``Luksahenko`` (a typo); ``Svetlana Tikhanovskaya`` and ``Sviatlana Tsikhanouskaya``. This
module turns a surface string into comparable keys:

- :func:`fold`: anyascii transliteration, case folding, unified apostrophes, possessive and punctuation removed;
- :func:`parse_name`: title/honorific stripping and a split into given names and surname;
- :func:`translit` folds transliteration variants (``ts``->``t`` at word start, ``ou``->``ov`` before a
  consonant, ``ia``/``ya``->``e``, ``kh``->``h``, ``x``->``ks``...); :func:`skeleton` keeps the first letter and
  the consonant skeleton, so ``-ka``/``-ko`` endings and vowel variants compare equal;
- :func:`surname_similarity` and :func:`same_person` decide, with rapidfuzz for misspellings.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from anyascii import anyascii
from rapidfuzz import fuzz

from annotator import knowledge

from .lexicon import ALIASES

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'"})
_POSSESSIVE = re.compile(r"(?:'s|'|’s|’)$")
_NON_WORD = re.compile(r"[^\w\s.'-]+")

# Given names that differ by more than vowels and transliteration rules fold to one form.
GIVEN_VARIANTS = {
    "alyaksandr": "alexander", "aliaksandr": "alexander", "aleksandr": "alexander", "alexandr": "alexander",
    "alexandre": "alexander", "sasha": "alexander", "sviatlana": "svetlana", "sviatlana's": "svetlana",
    "siarhei": "sergei", "sergey": "sergei", "sergiy": "sergei", "serhiy": "sergei", "dzmitry": "dmitry",
    "dmitri": "dmitry", "dmitriy": "dmitry", "yauhen": "evgeny", "yevgeny": "evgeny", "eugene": "evgeny",
    "uladzimir": "vladimir", "volodymyr": "vladimir", "ihar": "igor", "aleh": "oleg", "volha": "olga",
    "mikalai": "nikolai", "mykola": "nikolai", "nikolay": "nikolai", "yuri": "yury", "yuriy": "yury",
    "viktar": "viktor", "victor": "viktor", "paval": "pavel", "paul": "pavel", "alena": "elena", "yelena": "elena",
    "alyona": "elena", "alexey": "alexei", "aleksei": "alexei", "aleksey": "alexei", "tatsiana": "tatiana",
    "tatyana": "tatiana", "maryia": "maria", "mariya": "maria", "veranika": "veronika", "andrey": "andrei",
    "andrej": "andrei", "artyom": "artem", "maksim": "maxim", "natalya": "natalia", "nataliya": "natalia",
}

_FEMALE_ENDINGS = ("skaya", "tskaya", "aya", "ova", "eva", "ina", "ska", "yna")
_MALE_ENDINGS = ("sky", "ski", "skiy", "skii", "ov", "ev", "in", "yn")


@lru_cache(maxsize=131072)
def fold(surface: str) -> str:
    """Comparable form of a name: ASCII, lower case, single spaces, no possessive or punctuation."""
    text = unicodedata.normalize("NFC", surface).translate(_APOSTROPHES).strip()
    text = _POSSESSIVE.sub("", text)
    text = anyascii(text).lower()
    text = _NON_WORD.sub(" ", text)
    return " ".join(text.split())


def entity_key(surface: str) -> str:
    """Key for non-person names: folded, without a leading "the", with known aliases resolved
    ("U.S." and "United States" -> "united states"; "MINSK" -> "minsk")."""
    key = fold(surface)
    if key.startswith("the ") and key not in ALIASES:
        key = key[4:]
    return ALIASES.get(key, key)


def initials(surface: str) -> str:
    """Initials of the capitalised words, for acronym matching ("European Union" -> "EU")."""
    words = re.split(r"[\s-]+", surface)
    return "".join(w[0] for w in words if w and w[0].isupper())


def is_acronym_of(short: str, long: str) -> bool:
    s = short.replace(".", "")
    return 2 <= len(s) <= 6 and s.isupper() and " " in long.strip() and initials(long) == s


@dataclass(frozen=True)
class PersonName:
    """A person's name split into folded given names and a folded surname (either may be empty), with the
    nickname written inside it ("Robert (Bob) Alvarez", 'Mary "Mel" Hart') and a generational suffix
    (Jr., Sr., III), both folded, "" when absent."""

    surface: str
    given: tuple[str, ...]
    surname: str
    nickname: str = ""
    suffix: str = ""

    @property
    def full(self) -> bool:
        return bool(self.given) and bool(self.surname)


def strip_titles(tokens: list[str]) -> list[str]:
    """Drop leading titles and honorifics ("U.S. Secretary of State Mike Pompeo" keeps "Mike Pompeo" only when
    called on the part after the country)."""
    i = 0
    while i < len(tokens) - 1 and (tokens[i] in ("of", "the") or (tokens[i][:1].isupper() and _is_title(tokens[i]))):
        i += 1
    return tokens[i:]


def _is_title(word: str) -> bool:
    from .roles import is_title

    return is_title(word, strong_only=True)


_NICKNAME = re.compile(r"""\s*(?:\(([^()]{1,30})\)|"([^"]{1,30})"|“([^”]{1,30})”|'([^']{1,30})'|‘([^’]{1,30})’)\s*""")
_SUFFIXES = {"jr": "jr", "jr.": "jr", "junior": "jr", "sr": "sr", "sr.": "sr", "senior": "sr", "ii": "ii",
             "iii": "iii", "iv": "iv", "2nd": "ii", "3rd": "iii"}


@lru_cache(maxsize=131072)
def parse_name(surface: str) -> PersonName:
    """Split a person's name: the last word is the surname, the others given names (titles dropped); a nickname
    in parentheses or quotes and a trailing Jr./Sr./III are kept apart."""
    text = unicodedata.normalize("NFC", surface).translate(_APOSTROPHES).strip()
    text = _POSSESSIVE.sub("", text)
    nickname = ""
    m = _NICKNAME.search(text)
    if m:
        nickname = fold(next(g for g in m.groups() if g is not None))
        text = (text[:m.start()] + " " + text[m.end():]).strip()
    tokens = strip_titles(text.replace(",", " ").split())
    folded = [fold(t) for t in tokens]
    suffix = ""
    while len(folded) > 1 and folded[-1] in _SUFFIXES:
        suffix = _SUFFIXES[folded.pop()]
    folded = [t for t in folded if t]
    if not folded:
        return PersonName(surface, (), "", nickname, suffix)
    if len(folded) == 1:
        return PersonName(surface, (), folded[0], nickname, suffix)
    return PersonName(surface, tuple(folded[:-1]), folded[-1], nickname, suffix)


@lru_cache(maxsize=65536)
def translit(token: str) -> str:
    """Fold transliteration variants of one folded token (Tsikhanouskaya -> tikhanovskaya)."""
    t = token.replace("'", "").replace(".", "")
    t = GIVEN_VARIANTS.get(t, t)
    if t.startswith("ts") and len(t) > 4:
        t = "t" + t[2:]
    t = t.replace("kh", "h").replace("zh", "z").replace("shch", "sh").replace("tch", "ch")
    t = re.sub(r"ou(?=[^aeiouy])", "ov", t)
    t = re.sub(r"(?<=[aeiou])u(?=sk)", "v", t)  # Belarusian -u- for Russian -v- (Tsikhanouski)
    t = t.replace("x", "ks").replace("ck", "k").replace("q", "k").replace("w", "v").replace("ph", "f")
    t = re.sub(r"[iy]a", "e", t)
    t = re.sub(r"(.)\1", r"\1", t)
    return t


@lru_cache(maxsize=65536)
def skeleton(token: str) -> str:
    """First letter plus the consonants (no h, y, j, w) of the transliterated token: -ka/-ko and vowel
    variants compare equal (lukashenko, lukashenka and even luksahenko -> lkshnk without the h)."""
    t = translit(token)
    if not t:
        return ""
    rest = re.sub(r"[aeiouyhjw'\-]", "", t[1:])
    return t[0] + re.sub(r"(.)\1", r"\1", rest)


def gender_hint(surname: str) -> str | None:
    """'f' or 'm' from a Slavic surname ending, else None (never used alone to merge, only to keep apart)."""
    t = surname.lower()
    if len(t) < 5:
        return None
    if t.endswith(_FEMALE_ENDINGS):
        return "f"
    if t.endswith(_MALE_ENDINGS):
        return "m"
    return None


def surname_similarity(a: str, b: str) -> float:
    """0..100: how likely two folded surnames are spellings of the same name."""
    if not a or not b:
        return 0.0
    if a == b:
        return 100.0
    ga, gb = gender_hint(a), gender_hint(b)
    if ga and gb and ga != gb:
        return 0.0
    ta, tb = translit(a), translit(b)
    if ta == tb:
        return 98.0
    score = fuzz.ratio(ta, tb)
    if skeleton(a) == skeleton(b) and min(len(a), len(b)) >= 5:
        score = max(score, 92.0)
    return float(score)


def _given_forms(name: PersonName) -> set[str]:
    forms = {name.given[0]} if name.given else set()
    if name.nickname:
        forms.add(name.nickname)
    return forms


def given_compatible(a: tuple[str, ...] | PersonName, b: tuple[str, ...] | PersonName,
                     threshold: float = 80.0) -> bool:
    """Given names agree: one side has none, initials match, the first names are spelling variants of each other,
    or one is a usual short form of the other (Bob / Robert; a nickname written in the name counts too)."""
    fa = _given_forms(a) if isinstance(a, PersonName) else ({a[0]} if a else set())
    fb = _given_forms(b) if isinstance(b, PersonName) else ({b[0]} if b else set())
    if not fa or not fb:
        return True
    if isinstance(a, PersonName) and isinstance(b, PersonName) and (
            (fa & set(b.given[1:])) or (fb & set(a.given[1:]))):
        return True  # a middle or maiden name used as the first ("Boone Isaacs" for "Cheryl Boone Isaacs")
    for x in fa:
        for y in fb:
            if len(x.rstrip(".")) == 1 or len(y.rstrip(".")) == 1:
                if x[0] == y[0]:
                    return True
                continue
            tx, ty = translit(x), translit(y)
            # the consonant skeleton only for names long enough to carry one (Sviatlana / Svetlana), not for
            # John / Jane or Tom / Tim
            if tx == ty or (skeleton(x) == skeleton(y) and min(len(x), len(y)) >= 5) \
                    or fuzz.ratio(tx, ty) >= threshold:
                return True
            if knowledge.is_nickname_pair(x, y):
                return True
    return False


def same_person(a: PersonName, b: PersonName, threshold: float = 85.0) -> float:
    """Score 0..100 that two names denote one person (0 when the given names or the Jr./Sr. contradict)."""
    if not a.surname or not b.surname:
        return 0.0
    if a.suffix and b.suffix and a.suffix != b.suffix:
        return 0.0
    score = surname_similarity(a.surname, b.surname)
    if score < threshold:
        return 0.0
    if not given_compatible(a, b):
        return 0.0
    return score


def is_variant(a: str, b: str, threshold: float = 85.0) -> bool:
    """Whether two person surface strings name the same person (convenience for tests and the panel)."""
    return same_person(parse_name(a), parse_name(b), threshold) > 0
