"""Titles and roles around a person's name: kept out of the name, kept as the mention's ``role`` attribute.

"Undersheriff Ray Ortiz", "Chief Deputy City Attorney Ana Wu", "Superior Court Judge Li Park", "President
Barack Obama", "actress Mia Ford": the name is the part after the last title word; the words before it (titles,
modifiers such as Chief/Deputy/Assistant, the place or body the office belongs to) are the role. Title words
come from :mod:`.knowledge` (nameparser's 812 titles plus the plugin's own) and compounds of one
("Undersheriff", "Vice-Chancellor", "co-host"). Pure functions over word lists, linear in their length.
"""

from __future__ import annotations

import re
from functools import lru_cache

from annotator import knowledge
from annotator import lexicon as shared
from annotator.lexicon import NAME_CONNECTORS as CONNECTORS

# Words that qualify an office ("Chief Deputy City Attorney") without being one.
MODIFIERS = frozenset("""
chief deputy assistant associate senior junior acting former interim vice executive first second lead special
superior district county city state federal municipal supreme appeals appellate circuit court police fire general
presiding principal managing national regional international foreign interior defense defence justice health
prime top then ex co outgoing incoming retired veteran longtime elected sitting u.s. us american
""".split())
# Titles that are as often first names ("Earl Bloom", "Duke Ellington"): titles only after another role word.
_NAME_LIKE_TITLES = frozenset({"baron", "duke", "earl", "emir", "pastor", "sultan", "dean"})
_NOT_TITLES = frozenset({"man", "woman", "source", "sources", "member", "members", "fan", "fans", "friend",
                         "friends", "relative", "relatives", "authority", "authorities"})
_COMPOUND = re.compile(r"^(?:under|vice|co|ex|sub|arch|grand|lieutenant|deputy)[-]?(?P<rest>[a-z]{3,})$")
# The shared lexicon's titles, honorifics and the role nouns written like a title before a name ("Activist
# Maria Kolesnikova", "Host Hugh Jackman"); not "man"/"woman"/"source", which start other capitalised phrases.
# St. Louis is a place; a single letter ("M.") is a middle initial, not Monsieur.
_OWN = frozenset(w for w in shared.TITLES | shared.HONORIFICS | (shared.ROLES - _NOT_TITLES) if len(w) > 1) \
    - {"st", "saint"} - _NAME_LIKE_TITLES


def _norm(word: str) -> str:
    return word.replace("’", "'").lower().rstrip(".")


@lru_cache(maxsize=65536)
def is_title(word: str, strong_only: bool = False) -> bool:
    """Whether ``word`` names a title or role (``strong_only``: the plugin's own list and honorifics, which are
    never given names; nameparser's longer list includes Dean, Earl, Royal...)."""
    w = _norm(word)
    if w in _OWN:
        return True
    if "-" in w.strip("-"):  # "Brigadier-General", "Vice-Chancellor": a compound ending in a title
        head, _, last = w.rpartition("-")
        if len(head) > 1 and last in _OWN:
            return True
    if strong_only:
        m = _COMPOUND.match(w)
        return bool(m and m.group("rest") in _OWN)
    if w in knowledge.titles():
        return True
    m = _COMPOUND.match(w)
    return bool(m and (m.group("rest") in knowledge.titles() or m.group("rest") in _OWN))


def is_modifier(word: str) -> bool:
    return _norm(word) in MODIFIERS


def split_role(words: list[str], max_name: int = 4) -> int:
    """How many leading words of a capitalised run are its role (0: none). The role ends at the last title word
    that leaves a name of 1..``max_name`` words after it; a title that is also a first name (Dean, Earl) counts
    only after another role word. Linear in ``len(words)``."""
    n = len(words)
    if n < 2:
        return 0
    last = 0
    for j in range(n - 1):
        w = words[j]
        if is_title(w):
            weak = not is_title(w, strong_only=True) and knowledge.is_given_name(w)
            if weak and not (j and (is_title(words[j - 1]) or is_modifier(words[j - 1]))):
                continue
            last = j + 1
        elif _norm(w) in CONNECTORS and last:
            continue
    if not last:
        return 0
    # the name may not start with a connector ("Secretary of State"): move such words into the role
    while last < n and (_norm(words[last]) in CONNECTORS or is_title(words[last], strong_only=True)
                        or is_modifier(words[last])) and n - last > 1:
        last += 1
    if n - last > max_name:
        return 0
    return last


_WORD_BEFORE = re.compile(r"([A-Za-z][\w.'’-]*)[ \t]+$")


def role_before(text: str, start: int, max_words: int = 6) -> tuple[int, str]:
    """A role written just before ``start`` ("actress ", "Los Angeles County undersheriff "), as
    (its start offset, its text); (start, "") when none. Only title and modifier words, at most ``max_words``."""
    pos = start
    words = 0
    first = start
    found_title = False
    while words < max_words:
        m = _WORD_BEFORE.search(text, max(0, pos - 40), pos)
        if not m or m.end() != pos:
            break
        w = m.group(1)
        strong = is_title(w, strong_only=True)
        if (strong or (is_title(w) and len(w) > 4)) and not (knowledge.is_given_name(w) and not strong):
            found_title = True
        elif not (is_modifier(w) and found_title):
            break
        first = m.start(1)
        pos = m.start(1)
        words += 1
    if not found_title:
        return start, ""
    return first, " ".join(text[first:start].split())
