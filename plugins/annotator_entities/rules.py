"""The rule-based recogniser: needs nothing beyond the standard install. Pure functions over text (no project).

What it reads, in order of precedence when spans overlap:

1. the **gazetteer**: names the researcher has accepted in this project (learned as they work), matched as
   whole words anywhere;
2. **datelines** ("MINSK, Belarus —");
3. **capitalised chunks** (runs of capitalised words, with "of"/"for"/"de"... inside), split and classified:
   whole names from the built-in lists (countries, cities, demonyms, well-known organisations), a final
   organisation word ("Defense Ministry", "Coordination Council"), a leading demonym or country ("Russian |
   President Vladimir Putin"), leading titles and honorifics stripped ("U.S. | Secretary of State | Mike
   Pompeo"), given names, two or three unknown capitalised words as a person; sentence- and heading-initial
   words that the text also uses in lower case are not names;
4. **dates**: weekdays, "Aug. 9", "15 August 2020", "Sat, 19 Sep 2020", years after "in"/"since".

One-word names that none of this decides ("Lukashenko", misspelt "Luksahenko") are *pending*: the caller
resolves them against the surnames of the people named in the same document or elsewhere in the corpus
(:func:`resolve_pending`), which is how short forms become PERSON.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from annotator import analysis as shared_analysis
from annotator import knowledge
from annotator import lexicon as shared
from annotator.lexicon import NAME_CONNECTORS as CONNECTORS
from annotator.lexicon import event_cue, leading_place_cue, org_cue, place_cue

from .lexicon import GPE, LOC, NORP, NOT_NAMES, ORG_NAMES, lookup
from .names import fold, parse_name, same_person
from .roles import is_modifier, is_title, role_before, split_role

# month and weekday names as written in running text (the shared lexicon's, title case)
MONTHS = tuple(m.title() for m in shared.MONTH_NAMES)
MONTH_ABBREVIATIONS = tuple(sorted(k.title() for k in shared.MONTHS if k not in shared.MONTH_NAMES))
WEEKDAYS = tuple(w.title() for w in shared.WEEKDAY_NAMES)
_SPACE = re.compile(r"[ \t\u00a0\u2009\u202f]{1,3}")
_SENTENCE_PUNCT = frozenset('.!?…:;"“”‘\'(«[–—-•*')
_ALLCAPS_WORD = re.compile(r"^[A-Z][A-Z'’.-]+$")
_MONTH = "|".join(MONTHS)
_MON = "|".join(MONTH_ABBREVIATIONS)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_WEEKDAY = "|".join(WEEKDAYS)
_DATE_PATTERNS = [
    re.compile(rf"\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun),? {_DAY} (?:{_MONTH}|{_MON}) {_YEAR}\b"),
    re.compile(rf"\b(?:{_WEEKDAY}),? (?:{_MONTH}|(?:{_MON})\.?) {_DAY}(?:,? {_YEAR})?\b"),
    re.compile(rf"\b(?:{_MONTH}|(?:{_MON})\.?) {_DAY}(?:,? {_YEAR})?\b(?!\d)"),
    re.compile(rf"\b{_DAY} (?:{_MONTH}|(?:{_MON})\.?)(?:,? {_YEAR})?\b"),
    re.compile(rf"\b(?:{_MONTH}) {_YEAR}\b"),
    re.compile(rf"\b(?:(?:last|next|this|on) )?(?:{_WEEKDAY})(?:'s| (?:morning|afternoon|evening|night))?\b"),
    re.compile(rf"\b(?:in|In|since|Since|until|by|of|from|before|after|early|late|mid) (?P<d>{_YEAR}s?)\b"),
    re.compile(r"\b(?:the )?(?:1[89]|20)\d0s\b"),
    re.compile(r"\b(?:this|last|next|(?:this )?past) (?:week|month|year|weekend)\b"),
    re.compile(r"\b(?:today|yesterday|tomorrow)\b"),
]
_DATELINE = re.compile(r"(?m)^([A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+)*),\s+([A-Z][\w.]+(?: [A-Z][\w.]+)*)\s*[—–-]{1,2}\s")
_SPEECH_AFTER = re.compile(r"^\s*(?:said|says|told|added|declared|wrote|stated|asked|announced|insisted)\b")
_SPEECH_BEFORE = re.compile(r"\b(?:said|says|told|added|according to)\s*$")
_PLACE_BEFORE = re.compile(r"\b(?:city|town|village|region|province|capital|district)(?: of)?\s*$", re.I)
_IN_BEFORE = re.compile(r"\b(?:in|from|near|outside|across|to)\s*$")
_PLACE_PREP = re.compile(r"\b(?:in|near|outside|across|toward|towards|into|at)\s+(?:the\s+)?$")
_MAX_RUN = 12  # longer capitalised runs are cut into pieces of this many words before classifying


@dataclass(frozen=True)
class Found:
    """A recognised span. ``score`` 0..1 says how sure the rule is; ``reason`` says which rule fired."""

    start: int
    end: int
    label: str
    score: float
    reason: str
    priority: int = 1
    role: str = ""  # PERSON: the title or role written with the name ("Undersheriff"), outside the span


class Token(NamedTuple):
    start: int
    end: int
    text: str
    initial: bool  # first word of a sentence, line, quotation or heading
    cap: bool = False  # starts with a capital letter


@dataclass
class Pending:
    """A one-word capitalised name the rules could not classify alone (usually a surname used on its own)."""

    start: int
    end: int
    text: str
    initial: bool
    hint: str = ""  # "person" when a speech verb or honorific stands next to it, "place" after "in"/"city of"
    given: bool = False  # a known first name used alone ("Ellen"): a person when someone of that name is named


@dataclass
class Tagged:
    found: list[Found] = field(default_factory=list)
    pending: list[Pending] = field(default_factory=list)
    people: list[str] = field(default_factory=list)  # full person names recognised (for short forms)
    acronyms: set[str] = field(default_factory=set)  # initials of the text's multi-word capitalised names


# --------------------------------------------------------------------------------------------- gazetteer


class Gazetteer:
    """Names the project's researchers accepted: surface string -> label (the most frequent one), matched as
    whole words, longest first. Built with :meth:`from_pairs` from (text, label) of accepted annotations."""

    def __init__(self, entries: Mapping[str, str] | None = None):
        self.entries: dict[str, str] = {}
        self.max_tokens = 1
        self._first_tokens: set[str] = set()
        for text, label in (entries or {}).items():
            self.add(text, label)

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[str, str]]) -> Gazetteer:
        counts: dict[str, dict[str, int]] = {}
        for text, label in pairs:
            text = " ".join(text.split())
            if text:
                counts.setdefault(text, {}).setdefault(label, 0)
                counts[text][label] += 1
        return cls({t: max(c, key=lambda k: (c[k], k)) for t, c in counts.items()})

    def add(self, text: str, label: str) -> None:
        toks = tokenize(text)
        if not toks or not text.strip()[:1].isupper():
            return  # only names: an accepted "day" (DATE) is not looked for everywhere
        self.entries[" ".join(text.split())] = label
        self.max_tokens = max(self.max_tokens, len(toks))
        self._first_tokens.add(toks[0].text)

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, text: str) -> str | None:
        return self.entries.get(text)

    def match(self, text: str, tokens: list[Token]) -> list[Found]:
        out = []
        i = 0
        while i < len(tokens):
            hit = None
            if tokens[i].text in self._first_tokens:
                for j in range(min(len(tokens), i + self.max_tokens) - 1, i - 1, -1):
                    surface = " ".join(text[tokens[i].start: tokens[j].end].split())
                    label = self.entries.get(surface)
                    if label is not None:
                        hit = Found(tokens[i].start, tokens[j].end, label, 0.95, "accepted elsewhere in this project",
                                    priority=3)
                        i = j
                        break
            if hit:
                out.append(hit)
            i += 1
        return out

    def people(self) -> list[str]:
        return [t for t, label in self.entries.items() if label == "PERSON"]


# --------------------------------------------------------------------------------------------- tokens


def tokenize(text: str, analysis=None) -> list[Token]:
    """The words and punctuation of ``text``, from the shared analysis (``analysis``, else the shared rule
    analysis of ``text``: :func:`annotator.analysis.analyse`), joined where a name needs one token: a middle
    initial with its full stop ("F."), a hyphenated word a parser cut ("Jones-Drew"), a slashed acronym
    ("RFE/RL"). Each token is marked ``initial`` when it starts a sentence, a line, a quotation or a title-case
    heading line (a capital there says nothing about a name)."""
    if analysis is None:
        analysis = shared_analysis.analyse(text, shared_analysis.RULES)
    toks = analysis.tokens
    n = len(toks)
    heading_lines = _heading_lines(text)
    out: list[Token] = []
    append = out.append
    prev_end = 0
    prev_text = None
    on_heading = 0 in heading_lines
    i = 0
    while i < n:
        t = toks[i]
        start, end, word, sent_start = t.start, t.end, t.text, t.is_sent_start
        i += 1
        # joins (no white space between): an initial, a hyphenated word, a slashed acronym
        while i < n and toks[i].start == end:
            nxt = toks[i].text
            if nxt == "." and len(word) == 1 and word.isupper():
                end = toks[i].end
                i += 1
                break
            if (nxt == "-" or nxt == "/") and i + 1 < n and toks[i + 1].start == toks[i].end \
                    and word[-1:].isalpha() and toks[i + 1].text[:1].isalpha() \
                    and (nxt == "-" or (word.isupper() and toks[i + 1].text.isupper())):
                end = toks[i + 1].end
                word = text[start:end]
                i += 2
                continue
            break
        nl = text.rfind("\n", prev_end, start)
        if nl >= 0:
            on_heading = (nl + 1) in heading_lines
        word = text[start:end] if end != t.end else word
        initial = prev_text is None or sent_start or nl >= 0 or prev_text in _SENTENCE_PUNCT or on_heading
        append(Token(start, end, word, initial, word[:1].isupper()))
        prev_end, prev_text = end, word
    return out


def _heading_lines(text: str) -> set[int]:
    """Start offsets of short title-case lines without final punctuation ("Postelection Crackdown In Belarus")."""
    out = set()
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        words = stripped.split()
        if 1 < len(words) <= 10 and stripped[-1:] not in ".!?:;,\"”'’)":
            caps = sum(1 for w in words if w[:1].isupper())
            if caps >= max(2, len(words) * 0.6):
                out.add(pos)
        pos += len(line) + 1
    return out


def vocabulary(texts: Iterable[str]) -> set[str]:
    """Words the texts use in lower case (so "Later", "Opposition" at a sentence start are not names)."""
    vocab: set[str] = set()
    for text in texts:
        vocab.update(w for w in re.findall(r"\b[a-z][a-z'-]+\b", text))
    return vocab


# --------------------------------------------------------------------------------------------- tagging


class RuleTagger:
    """Tag one text at a time. ``gazetteer`` holds the project's accepted names; ``vocab`` the corpus's lower-case
    words (see :func:`vocabulary`)."""

    def __init__(self, gazetteer: Gazetteer | None = None, vocab: set[str] | None = None):
        self.gazetteer = gazetteer or Gazetteer()
        self.vocab = vocab or set()
        self._headings: set[int] = set()
        self._known_cache: dict[str, tuple[str, float, str] | None] = {}
        self._common_cache: dict[str, bool] = {}

    def tag(self, text: str, analysis=None) -> Tagged:
        """Tag ``text``; ``analysis`` is its shared analysis (:class:`annotator.analysis.DocAnalysis`; the
        shared rule analysis when None)."""
        tokens = tokenize(text, analysis)
        self._headings = _heading_lines(text)
        result = Tagged()
        candidates: list[Found] = []
        candidates += self.gazetteer.match(text, tokens)
        candidates += self._datelines(text)
        candidates += self._dates(text)
        candidates += _nicknamed(text)
        chunks = _chunks(tokens, text)
        for chunk in chunks:
            caps = [t.text for t in chunk if t.text[:1].isupper()]
            if len(caps) > 1:
                result.acronyms.add("".join(w[0] for w in caps))
        for chunk in chunks:
            candidates += self._classify(chunk, text, result)
        for tok in tokens:  # lower-case demonyms such as "ex-Soviet"
            if not tok.cap and tok.text in NORP:
                candidates.append(Found(tok.start, tok.end, "NORP", 0.7, "demonym"))
        result.found = [with_role(text, f) for f in resolve_overlaps(candidates)]
        # a word standing alone that ends an organisation's name ("the Saints" after "New Orleans Saints")
        org_heads = {text[f.start:f.end].split()[-1] for f in result.found
                     if f.label == "ORG" and " " in text[f.start:f.end].strip()}
        if org_heads:
            keep = []
            for p in result.pending:
                if p.text in org_heads and not org_cue(p.text):
                    result.found.append(Found(p.start, p.end, "ORG", 0.6, "the last word of an organisation named"))
                else:
                    keep.append(p)
            result.pending = keep
            result.found.sort(key=lambda f: (f.start, f.end))
        taken = [(f.start, f.end) for f in result.found]
        result.pending = [p for p in result.pending if not any(p.start < e and s < p.end for s, e in taken)]
        result.people += [text[f.start:f.end] for f in result.found
                          if f.label == "PERSON" and " " in text[f.start:f.end].strip()]
        return result

    # ------------------------------------------------------------------------------------------ pieces

    def _datelines(self, text: str) -> list[Found]:
        out = []
        for m in _DATELINE.finditer(text):
            out.append(Found(m.start(1), m.end(1), "GPE", 0.9, "dateline", priority=2))
            region = m.group(2)
            label = "GPE" if lookup(GPE, region) or region not in LOC else "LOC"
            out.append(Found(m.start(2), m.end(2), label, 0.85, "dateline", priority=2))
        return out

    def _dates(self, text: str) -> list[Found]:
        out = []
        for pattern in _DATE_PATTERNS:
            for m in pattern.finditer(text):
                start, end = m.span("d") if "d" in pattern.groupindex else m.span()
                word = text[start:end]
                for lead in ("on ", "On "):
                    if word.startswith(lead):
                        start += len(lead)
                if word.endswith("'s"):
                    end -= 2
                out.append(Found(start, end, "DATE", 0.8, "date pattern"))
        return out

    def _known(self, surface: str) -> tuple[str, float, str] | None:
        try:
            return self._known_cache[surface]
        except KeyError:
            pass
        out = self._known_uncached(surface)
        if len(self._known_cache) < 200_000:
            self._known_cache[surface] = out
        return out

    def _known_uncached(self, surface: str) -> tuple[str, float, str] | None:
        label = self.gazetteer.get(surface)
        if label:
            return label, 0.95, "accepted elsewhere in this project"
        if lookup(GPE, surface):
            return "GPE", 0.9, "country or city"
        if lookup(ORG_NAMES, surface):
            return "ORG", 0.9, "known organisation"
        if lookup(LOC, surface):
            return "LOC", 0.85, "region"
        if surface in NORP or _nationality(surface):
            return "NORP", 0.85, "demonym"
        kind = knowledge.place_kind(surface)
        if kind and (" " in surface or knowledge.major_place(surface)) and not (
                " " not in surface and knowledge.is_given_name(surface) and not knowledge.major_place(surface, 10**6)):
            label = "LOC" if kind == "continent" else "GPE"
            return label, 0.85, f"GeoNames {kind}"
        return None

    def _is_common(self, tok: Token) -> bool:
        try:
            return self._common_cache[tok.text]
        except KeyError:
            pass
        out = self._is_common_uncached(tok.text)
        if len(self._common_cache) < 200_000:
            self._common_cache[tok.text] = out
        return out

    def _is_common_uncached(self, word: str) -> bool:
        if knowledge.is_given_name(word) and word.lower() not in self.vocab or self._known(word):
            return False
        if word in NOT_NAMES:
            return True
        low = word.lower()
        return low in self.vocab and not word.isupper()

    def _trim(self, seg: list[Token]) -> list[Token]:
        i, j = 0, len(seg)
        while i < j and (self._is_common(seg[i]) or seg[i].text.lower() in CONNECTORS or _descriptor(seg[i].text)):
            if j - i > 1 and any(self._known(" ".join(t.text for t in seg[i:i + k])) for k in (2, 3) if i + k <= j):
                break  # "New York Times": a known name starts here
            i += 1
        while j > i and (seg[j - 1].text.lower() in CONNECTORS or seg[j - 1].text in NOT_NAMES):
            j -= 1
        return seg[i:j]

    def _classify(self, chunk: list[Token], text: str, result: Tagged) -> list[Found]:
        """Classify one run of capitalised words. Iterative: each step either decides a segment or splits it
        into strictly shorter, disjoint parts, so the work is linear in the run's length (no recursion)."""
        out: list[Found] = []
        work = [chunk[:_MAX_RUN]] if len(chunk) <= _MAX_RUN else [chunk[i:i + _MAX_RUN]
                                                                  for i in range(0, len(chunk), _MAX_RUN)]
        while work:
            seg = self._trim(work.pop())
            if not seg:
                continue
            # a common word inside splits the run ("Crackdown In Belarus")
            k = next((k for k, tok in enumerate(seg[1:], 1)
                      if tok.text in NOT_NAMES and (tok.text.lower() not in CONNECTORS or tok.text == "The")), None)
            if k is not None:
                work += [seg[k + 1:], seg[:k]]
                continue
            found, parts = self._classify_one(seg, text, result)
            out += found
            work += [p for p in reversed(parts) if p and len(p) < len(seg)]
        return out

    def _classify_one(self, seg: list[Token], text: str, result: Tagged) -> tuple[list[Found], list[list[Token]]]:
        start, end = seg[0].start, seg[-1].end
        surface = " ".join(text[start:end].split())
        words = [t.text for t in seg]
        n = len(seg)
        known = self._known(surface)
        if known:
            return [Found(start, end, known[0], known[1], known[2])], []
        # a leading country, demonym or organisation: "Russian | President Vladimir Putin", "U.S. | Secretary"
        for k in range(min(n - 1, 4), 0, -1):
            head = " ".join(text[seg[0].start:seg[k - 1].end].split())
            head_known = self._known(head)
            if head_known and head_known[0] in ("GPE", "NORP", "ORG", "LOC") and not place_cue(seg[k].text):
                rest = seg[k:]
                if head_known[0] == "GPE" and len(rest) == 1 and rest[0].text.endswith("s") \
                        and rest[0].text.lower() not in self.vocab and not knowledge.is_given_name(rest[0].text):
                    return [Found(start, end, "ORG", 0.6, "a place and a plural: a team or body")], []
                if is_title(rest[0].text, strong_only=True) or len(rest) >= 2:
                    return [Found(seg[0].start, seg[k - 1].end, *head_known)], [rest]
        # "Grace Hart of Crystal Springs": a person of a place
        if knowledge.is_given_name(words[0]) and "of" in words[2:5]:
            k = words.index("of", 2)
            return [], [seg[:k], seg[k + 1:]]
        if n > 1 and (lead := leading_place_cue(words[0])):
            return [Found(start, end, lead, 0.7, f"place word {words[0]!r}")], []
        if n > 2 and words[0].isupper() and len(words[0]) <= 3 and not self._known(words[0]):
            return [], [seg[1:]]  # a position or code before a name ("TE Jimmy Graham")
        # titles and roles: the person follows ("Chief Deputy City Attorney | Ana Wu")
        k = split_role(words)
        if k:
            name = seg[k:]
            role = " ".join(text[start:seg[k - 1].end].split())
            name_surface = " ".join(text[name[0].start:name[-1].end].split())
            name_known = self._known(name_surface)
            if name_known:
                return [Found(name[0].start, name[-1].end, *name_known)], []
            if org_cue(name[-1].text):
                return [], [name]
            cut = next((i for i, t in enumerate(name) if not _name_like([t])), len(name))
            name = name[:cut]
            if not name or all(is_title(t.text) or is_modifier(t.text) for t in name):
                return [], []
            if len(name) == 1:
                if len(name[0].text) < 2 or not name[0].text[0].isupper():
                    return [], []
                return [Found(name[0].start, name[0].end, "PERSON", 0.8, f"after the title {words[k - 1]!r}",
                              role=role)], []
            return [Found(name[0].start, name[-1].end, "PERSON", 0.9, f"name after the title {words[k - 1]!r}",
                          role=role)], []
        if n > 1 and org_cue(words[-1]):
            return [Found(start, end, "ORG", 0.8, f"organisation word {words[-1]!r}")], []
        if n > 1 and (tail := place_cue(words[-1])):
            return [Found(start, end, tail, 0.75, f"place word {words[-1]!r}")], []
        if n > 1 and event_cue(words[-1]) and not is_title(words[0], strong_only=True):
            return [Found(start, end, "EVENT", 0.6, f"event word {words[-1]!r}")], []
        if n == 1:
            return self._single(seg[0], text, result), []
        if any(w.lower() in CONNECTORS for w in words):
            return [Found(start, end, "MISC", 0.3, "capitalised phrase")], []
        # a name is given name(s), initials, a surname and maybe Jr./Sr.
        core = seg[:-1] if words[-1].rstrip(".").lower() in knowledge.name_suffixes() else seg
        known_parts = [i for i, t in enumerate(core) if self._known(t.text) and not knowledge.is_given_name(t.text)]
        if knowledge.major_place(words[0]) and len(core) == 2 and words[-1].endswith("s") \
                and not knowledge.is_given_name(words[-1]) and words[-1].lower() not in self.vocab:
            return [Found(start, end, "ORG", 0.6, "a place and a plural: a team or body")], []
        cues = any(place_cue(t.text) or org_cue(t.text) or is_title(t.text) for t in core[1:])
        if knowledge.is_given_name(words[0]) and 2 <= len(core) <= 4 and not known_parts[1:] and not cues \
                and _name_like(core[:2], morph=False):
            # a heading's common words after the surname are not part of the name ("... Lohan Checks")
            heading = text.rfind("\n", 0, start) + 1 in self._headings
            stop = next((i for i, t in enumerate(core[2:], 2)
                         if t.text.lower() in self.vocab or not _name_like([t])
                         or (heading and not (i == 2 and len(core[1].text) == 2 and core[1].text.endswith(".")))),
                        len(core))
            name = seg[:stop] if stop < len(core) else seg
            return [Found(name[0].start, name[-1].end, "PERSON", 0.9, f"given name {words[0]!r}")], []
        if not known_parts and 2 <= len(core) <= 3:
            if words[0].isupper() and len(words[0]) > 1:
                return [Found(start, end, "ORG", 0.4, "capitalised name with an acronym")], []
            if not _name_like(core) or cues or is_title(words[0]) or any(t.text.lower() in self.vocab for t in core):
                return [], []
            if _PLACE_PREP.search(text[max(0, start - 12):start]):
                return [], []  # "in Santa Something": a place the gazetteer lacks, not a person
            why = _person_evidence(text, start, end, words[-1])
            if not why:
                return [], []  # "Outlook Express", "Golden Compass": two capitalised words prove nothing
            return [Found(start, end, "PERSON", 0.6, f"capitalised two-word name ({why})")], []
        # mixed or long: decide the known words, retry the runs between them (strictly shorter parts)
        found: list[Found] = []
        parts: list[list[Token]] = []
        run: list[Token] = []
        for tok in seg:
            kn = self._known(tok.text)
            if kn:
                if run:
                    parts.append(run)
                    run = []
                found.append(Found(tok.start, tok.end, *kn))
            else:
                run.append(tok)
        if run:
            parts.append(run)
        if not found:
            return [], []  # a long run of unknown capitalised words: a title-case heading, not a name
        return found, parts

    def _single(self, tok: Token, text: str, result: Tagged) -> list[Found]:
        word = tok.text
        known = self._known(word)
        if known:
            return [Found(tok.start, tok.end, known[0], known[1], known[2])]
        if (self._is_common(tok) or len(word) < 2 or is_title(word, strong_only=True) or org_cue(word)
                or place_cue(word) or word.rstrip(".") in MONTHS or word in WEEKDAYS
                or re.fullmatch(r"[A-Z]{2,}s", word)):
            return []
        before = text[max(0, tok.start - 30):tok.start]
        after = text[tok.end:tok.end + 20]
        hint = ""
        if _SPEECH_AFTER.match(after) or _SPEECH_BEFORE.search(before):
            hint = "person"
        elif _PLACE_BEFORE.search(before):
            return [Found(tok.start, tok.end, "GPE", 0.6, "after 'city of'/'capital'")]
        elif _IN_BEFORE.search(before) and knowledge.place_kind(word):
            hint = "place"
        if (word.isupper() and 2 <= len(word) <= 6) or re.fullmatch(r"[A-Z][a-z]+[A-Z]\w*", word):
            if not re.fullmatch(r"(?:Mc|Mac|De|Di|Le|La|O')[A-Z][a-z]+", word):  # McCain, DeGeneres: names
                if word.isupper() and word in result.acronyms:
                    return [Found(tok.start, tok.end, "ORG", 0.6, "acronym the text spells out")]
                return []  # GMT, HTML, KO: an unknown acronym is not evidence of an organisation
        result.pending.append(Pending(tok.start, tok.end, word, tok.initial, hint,
                                      given=knowledge.is_given_name(word)))
        return []


_AFTER_PERSON = re.compile(r"^(?:,\s+(?:\d{1,3},|(?:a|an|the|who|whose|his|her)\s)|\s+(?:said|says|told|added|"
                           r"wrote|asked|explained|claimed|denied|was\s+born|died))")
_BEFORE_PERSON = re.compile(r"(?:\b(?:by|with|said|says|according\s+to|named|told)|[,;]\s*and)\s+$")


def _person_evidence(text: str, start: int, end: int, surname: str) -> str:
    """Why an unknown capitalised pair is a person, or "": the surname recurs alone, an age or appositive
    follows (", 25,", ", a spokesman"), a speech verb follows, or "by"/"according to" precedes."""
    if len(re.findall(rf"(?<![\w-]){re.escape(surname)}(?![\w-])", text)) > len(
            re.findall(rf"(?<![\w-]){re.escape(text[start:end])}(?![\w-])", text)):
        return "the surname recurs alone"
    if _AFTER_PERSON.match(text[end:end + 30]):
        return "an age, an appositive or a speech verb follows"
    if _BEFORE_PERSON.search(text[max(0, start - 20):start]):
        return "context"
    return ""


@lru_cache(maxsize=65536)
def _descriptor(word: str) -> bool:
    """A word that describes a person before the name without being part of it: an age ("Twenty-year-old"),
    a nationality noun ("Englishman", "Frenchwoman") or adjective ("Australian")."""
    w = word.lower()
    if re.search(r"-(?:year|month|week)s?-old$", w):
        return True
    m = re.fullmatch(r"([a-z]+?)(?:wo)?m[ae]n", w)
    if m and (_nationality(m.group(1).title()) or _nationality(m.group(1).title() + "ish")
              or m.group(1) in ("english", "french", "dutch", "irish", "scots", "welsh", "country", "chair")):
        return True
    return _nationality(word) and not word.endswith("s")


def is_demonym(surface: str) -> bool:
    """A noun naming people of a nation or place, not a person: a nationality ("Australians"), an irregular
    demonym noun ("Briton"), or a GeoNames country, state or large city + -er(s) ("New Zealander", "Londoners")."""
    from annotator import lexicon as shared

    if _nationality(surface):
        return True
    words = surface.split()
    if not words or not all(w[:1].isupper() for w in words):
        return False
    if len(words) == 1 and shared.is_demonym_noun(surface):
        return True
    m = re.fullmatch(r"(.+?)(?:ers?)", surface)
    if m and len(m.group(1)) > 3:
        kind = knowledge.place_kind(m.group(1))
        return kind in ("country", "state") or (kind == "city" and knowledge.major_place(m.group(1), 500_000))
    return False


@lru_cache(maxsize=65536)
def _nationality(surface: str) -> bool:
    """A nationality or its plural from the shared lexicon ("Australian", "Turkmens")."""
    from annotator import lexicon as shared

    w = surface.lower()
    return surface[:1].isupper() and " " not in surface and (
        w in shared.NATIONALITIES or (w.endswith("s") and w[:-1] in shared.NATIONALITIES))


_NOT_NAME_ENDING = re.compile(r"(?:ing|ed|ly|tion|sion|ment|ness|ity|ship|ism|ist|ive|ous|ful|less|able|ible)$")


def _name_like(tokens: list[Token], morph: bool = True) -> bool:
    """Words that could be a name: capitalised, not all capitals, not an abbreviation such as "Inc.", and not
    ending like an English verb form, adverb or abstract noun ("Republished", "Presiding")."""
    for t in tokens:
        w = t.text
        if len(w) == 2 and w.endswith(".") and w[0].isupper():
            continue  # a middle initial
        if (not w[:1].isupper() or (w.isupper() and len(w) > 1)
                or w.endswith(".") and w[:-1].lower() in shared.ABBREVIATIONS):
            return False
        if re.search(r"-[a-z]", w):  # "T-shirts", "Twenty-year-old"; names capitalise each part (Jones-Drew)
            return False
        if morph and len(w) > 6 and _NOT_NAME_ENDING.search(w.lower()):
            return False
    return True


_NICK = re.compile(
    r"(?<![\w.])(?P<given>[A-Z][a-z]+(?:-[A-Z][a-z]+)?)(?: [A-Z]\.)? "
    r"(?:\((?P<p>[A-Z][a-z]+)\)|[\"“](?P<q>(?:[Tt]he )?[A-Z][a-z]+(?: [A-Z][a-z]+)?)[\"”]"
    r"|['‘](?P<s>(?:[Tt]he )?[A-Z][a-z]+(?: [A-Z][a-z]+)?)['’]) "
    r"(?:[A-Z]\. )?(?P<surname>(?:Mc|Mac|O'|De|Di|Van |Von |De La )?[A-Z][a-z]+(?:-[A-Z][a-z]+)?)"
    r"(?P<suffix>,? (?:Jr|Sr)\.|,? I{2,3}\b)?")


def _nicknamed(text: str) -> list[Found]:
    """Names written with a nickname in parentheses or quotes: ``Robert (Bob) Alvarez``, ``Mary "Mel" Hart``
    (a first name the dictionary knows, or a quoted nickname, which news uses only inside names)."""
    out = []
    for m in _NICK.finditer(text):
        if m.group("p") and not knowledge.is_given_name(m.group("given")):
            continue
        out.append(Found(m.start(), m.end(), "PERSON", 0.9, "name with a nickname", priority=2))
    return out


def with_role(text: str, f: Found) -> Found:
    """A PERSON found without a role gets the role written just before it ("actress Mia Ford")."""
    if f.label != "PERSON" or f.role:
        return f
    _, role = role_before(text, f.start)
    return Found(f.start, f.end, f.label, f.score, f.reason, f.priority, role) if role else f


def _chunks(tokens: list[Token], text: str) -> list[list[Token]]:
    """Runs of capitalised words separated by single spaces, with connectors ("of", "for"...) inside.
    Weekdays and month names next to a number break runs (they are dates)."""
    out: list[list[Token]] = []
    cur: list[Token] = []

    def breaks(i: int) -> bool:
        word = tokens[i].text
        if word in WEEKDAYS:
            return True
        if word.rstrip(".") in MONTHS or word.rstrip(".") in MONTH_ABBREVIATIONS:
            nxt = tokens[i + 1].text if i + 1 < len(tokens) else ""
            prv = tokens[i - 1].text if i > 0 else ""
            return nxt[:1].isdigit() or prv[:1].isdigit()
        return False

    def flush():
        nonlocal cur
        while cur and cur[-1].text.lower() in CONNECTORS:
            cur.pop()
        if cur:
            out.append(cur)
        cur = []

    for i, tok in enumerate(tokens):
        joined = cur and _SPACE.fullmatch(text[cur[-1].end:tok.start]) is not None
        if tok.cap and tok.text[0].isalpha() and not breaks(i):
            if cur and not joined:
                flush()
            cur.append(tok)
        elif cur and joined and tok.text in CONNECTORS and tok.text not in ("and", "on"):
            cur.append(tok)
        else:
            flush()
    flush()
    return out


def resolve_overlaps(candidates: list[Found]) -> list[Found]:
    """Keep the best of overlapping spans (priority, then length, then score); O(n log n) with a sorted list of
    the chosen, disjoint spans."""
    import bisect

    chosen: list[Found] = []
    starts: list[int] = []
    ends: list[int] = []
    for f in sorted(candidates, key=lambda f: (-f.priority, -(f.end - f.start), -f.score, f.start)):
        i = bisect.bisect_right(starts, f.start)
        if i and ends[i - 1] > f.start:
            continue
        if i < len(starts) and starts[i] < f.end:
            continue
        starts.insert(i, f.start)
        ends.insert(i, f.end)
        chosen.append(f)
    return sorted(chosen, key=lambda f: (f.start, f.end))


# --------------------------------------------------------------------------------------------- short forms


class SurnameIndex:
    """Surnames of the people a document (or the corpus) names in full, for one-word mentions."""

    def __init__(self, names: Iterable[str] = ()):
        self.surnames: dict[str, str] = {}
        self.given: dict[str, set[str]] = {}
        for n in names:
            self.add(n)

    def add(self, name: str) -> None:
        parsed = parse_name(name)
        if parsed.surname and len(parsed.surname) > 2:
            self.surnames.setdefault(parsed.surname, name)
        if parsed.given:
            self.given.setdefault(parsed.given[0], set()).add(name)
        if parsed.nickname:
            self.given.setdefault(parsed.nickname, set()).add(name)

    def full_name_with_given(self, word: str) -> str | None:
        """The one full name whose first name (or nickname) is ``word``, else None (none or several people)."""
        names = self.given.get(fold(word), set())
        people = {parse_name(n).surname for n in names}
        return next(iter(names)) if len(people) == 1 else None

    def match(self, word: str, threshold: float = 85.0) -> tuple[str, float] | None:
        folded = fold(word)
        if folded in self.surnames:
            return self.surnames[folded], 100.0
        probe = parse_name(word)
        best = None
        for surname, full in self.surnames.items():
            if surname[:1] != folded[:1]:
                continue
            score = same_person(probe, parse_name(surname), threshold)
            if score and (best is None or score > best[1]):
                best = (full, score)
        return best


def resolve_pending(pending: Iterable[Pending], local: SurnameIndex, corpus: SurnameIndex,
                    threshold: float = 85.0) -> list[Found]:
    """Turn pending one-word names into PERSON when they are the surname of someone named in full in the same
    document (score 0.85, or 0.75 when only fuzzily equal) or elsewhere in the corpus (0.7); a speech verb next
    to an unknown word makes it a PERSON too (0.45), "in X" a GPE (0.4)."""
    out = []
    for p in pending:
        hit = local.match(p.text, threshold)
        where = "this document"
        if hit is None:
            hit = corpus.match(p.text, threshold)
            where = "the corpus"
        if hit is not None:
            full, score = hit
            sure = (0.85 if where == "this document" else 0.7) if score >= 98 else 0.75
            out.append(Found(p.start, p.end, "PERSON", sure, f"surname of {full!r} named in {where}"))
        elif p.given and (full := local.full_name_with_given(p.text)):
            out.append(Found(p.start, p.end, "PERSON", 0.7, f"first name of {full!r} named in this document"))
        elif p.hint == "person":
            out.append(Found(p.start, p.end, "PERSON", 0.45, "next to a speech verb"))
        elif p.hint == "place" and not p.initial:
            out.append(Found(p.start, p.end, "GPE", 0.4, "after 'in'/'from'"))
    return out


def tag_corpus(texts: Iterable[str], gazetteer: Gazetteer | None = None, *, vocab: set[str] | None = None,
               threshold: float = 85.0, check=None, analyses=None) -> list[list[Found]]:
    """Tag several texts: one pass per text, then one-word names resolved against the people named in the same
    text and in the whole corpus (and in the gazetteer). ``check()`` is called per text (for cancellation).
    ``analyses``: the texts' shared analyses, in order (a project's ``project.analysis(doc)``); without them
    each text gets the shared rule analysis."""
    texts = list(texts)
    analyses = list(analyses) if analyses is not None else [None] * len(texts)
    gazetteer = gazetteer or Gazetteer()
    tagger = RuleTagger(gazetteer, vocab if vocab is not None else vocabulary(texts))
    corpus = SurnameIndex(gazetteer.people())
    tagged = []
    for text, analysis in zip(texts, analyses):
        if check:
            check()
        t = tagger.tag(text, analysis)
        tagged.append(t)
        for name in t.people:
            corpus.add(name)
    out = []
    for t in tagged:
        local = SurnameIndex(t.people)
        out.append(resolve_overlaps(t.found + resolve_pending(t.pending, local, corpus, threshold)))
    return out
