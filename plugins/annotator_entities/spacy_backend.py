"""The spaCy back end (optional extra ``nlp``): any installed spaCy pipeline with an ``ner`` component.

spaCy is imported only when this back end runs or lists pipelines, never when the plugin loads. Pipelines are
loaded once per process (behind a lock, so a worker thread and the window share them) with only ``ner`` and the
components it listens to enabled. Its labels are mapped to the tagger's (:data:`SPACY_LABELS`); numbers, money
and percentages are dropped. Spans are trimmed of a leading "the" and a trailing possessive, as the gold set
and the rule back end have them.
"""

from __future__ import annotations

import importlib.util
import re
import threading
from collections.abc import Callable, Iterable

from .rules import Found

SPACY_LABELS: dict[str, str | None] = {
    "PERSON": "PERSON", "PER": "PERSON", "ORG": "ORG", "GPE": "GPE", "LOC": "LOC", "NORP": "NORP", "DATE": "DATE",
    "TIME": "DATE", "EVENT": "EVENT", "FAC": "LOC", "PRODUCT": "MISC", "WORK_OF_ART": "MISC", "LAW": "MISC",
    "LANGUAGE": "MISC", "MISC": "MISC",
    "CARDINAL": None, "ORDINAL": None, "QUANTITY": None, "MONEY": None, "PERCENT": None,
}
_LEADING = ("the ", "The ", "a ", "an ")  # "intercepted a David Garrard pass"
_TRAILING = ("'s", "’s", "'", "’")

_lock = threading.Lock()
_pipelines: dict[str, object] = {}


class BackendUnavailable(RuntimeError):
    """spaCy or the chosen pipeline is not installed (the message says what to install)."""


def spacy_installed() -> bool:
    return importlib.util.find_spec("spacy") is not None


def installed_pipelines() -> list[str]:
    """Names of installed spaCy pipeline packages that have an ``ner`` component ([] without spaCy)."""
    if not spacy_installed():
        return []
    import spacy.util

    out = []
    for name in sorted(spacy.util.get_installed_models()):
        try:
            pipes = _pipeline_components(name)
        except Exception:  # a broken package is not offered
            continue
        if "ner" in pipes:
            out.append(name)
    return out


def _pipeline_components(name: str) -> list[str]:
    import json

    import spacy.util

    path = spacy.util.get_package_path(name)
    for meta_path in [path / "meta.json", *path.glob("*/meta.json")]:
        if meta_path.exists():
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            return list(meta.get("pipeline") or meta.get("components") or [])
    return []


def load(name: str):
    """The pipeline ``name`` with only ``ner`` (and what it listens to) enabled; cached per process."""
    with _lock:
        if name in _pipelines:
            return _pipelines[name]
        if not spacy_installed():
            raise BackendUnavailable(
                "the spaCy back end needs the optional extra: pip install 'annotator-workbench[nlp]' "
                "(or choose the rules back end in the entity tagger's settings)")
        import spacy

        try:
            nlp = spacy.load(name)
        except OSError as exc:
            raise BackendUnavailable(
                f"spaCy pipeline {name!r} is not installed ({exc}); installed pipelines with ner: "
                f"{', '.join(installed_pipelines()) or 'none'}") from None
        if "ner" not in nlp.pipe_names:
            raise BackendUnavailable(f"spaCy pipeline {name!r} has no ner component")
        needed = {"ner"}
        for pipe_name, pipe in nlp.pipeline:
            if "ner" in (getattr(pipe, "listening_components", None) or []):
                needed.add(pipe_name)
        nlp.select_pipes(enable=[n for n in nlp.pipe_names if n in needed])
        _pipelines[name] = nlp
        return nlp


def known_label(surface: str) -> str | None:
    from .lexicon import GPE, LOC, ORG_NAMES, lookup

    if lookup(GPE, surface):
        return "GPE"
    if lookup(ORG_NAMES, surface):
        return "ORG"
    if lookup(LOC, surface):
        return "LOC"
    return None


def map_label(label: str, extra: dict[str, str | None] | None = None) -> str | None:
    mapping = {**SPACY_LABELS, **(extra or {})}
    return mapping.get(label, "MISC")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    span = text[start:end]
    for lead in _LEADING:
        if span.startswith(lead) and end - start > len(lead):
            start += len(lead)
            span = text[start:end]
    for tail in _TRAILING:
        if span.endswith(tail) and end - start > len(tail):
            end -= len(tail)
            span = text[start:end]
    while end > start and not text[end - 1].isalnum() and text[end - 1] not in ".)":
        end -= 1
    while start < end and not text[start].isalnum():
        start += 1
    return start, end


def tag_texts(texts: Iterable[str], model: str, *, extra_labels: dict[str, str | None] | None = None,
              check: Callable[[], None] | None = None, progress: Callable[[int], None] | None = None,
              batch_size: int = 16, relabel_known: bool = True) -> list[list[Found]]:
    """Run the pipeline over ``texts``; returns the mapped entity spans of each text. With ``relabel_known`` a
    span whose text is in the built-in lists of countries, cities and organisations takes that label
    ("MINSK" is a GPE, "BelTA" an ORG, whatever the model says)."""
    nlp = load(model)
    out: list[list[Found]] = []
    texts = list(texts)
    for i, doc in enumerate(nlp.pipe(texts, batch_size=batch_size)):
        if check:
            check()
        found = []
        for ent in doc.ents:
            label = map_label(ent.label_, extra_labels)
            if label is None:
                continue
            start, end = _trim(texts[i], ent.start_char, ent.end_char)
            if end <= start:
                continue
            reason = f"spaCy {model} {ent.label_}"
            if relabel_known:
                known = known_label(texts[i][start:end])
                if known and known != label:
                    label, reason = known, f"{reason}, relabelled {known} (built-in list)"
            found.append(Found(start, end, label, 0.8, reason))
        out.append(refine(texts[i], found))
        if progress:
            progress(i + 1)
    return out


def refine(text: str, found: list[Found], analysis=None) -> list[Found]:
    """What the statistical model gets wrong about people, decided with the plugin's knowledge and context:

    - a PERSON span's leading titles become its ``role`` ("Undersheriff | Ray Ortiz"), a role written just
      before it too ("actress Mia Ford"); a span of titles alone is dropped;
    - a PERSON span that is a place in GeoNames (a whole multi-word name, or one word after a preposition of
      place), or ends with a place word ("County", "Beach") or an organisation word ("Survey", "Clinic"), takes
      that label, unless it is the surname or first name of someone the document names in full;
    - the surname (or a unique first name) of someone the document names in full is a PERSON wherever it
      stands alone: also when the model called it ORG/GPE/NORP, and where the model missed it (sentence
      starts, headlines);
    - names written with a nickname ("Robert (Bob) Alvarez") are one PERSON span.
    """
    from annotator import knowledge
    from annotator.lexicon import org_cue, place_cue

    from .lexicon import NOT_NAMES
    from .roles import is_modifier, is_title, split_role
    from .rules import (
        _PLACE_BEFORE,
        _PLACE_PREP,
        SurnameIndex,
        _descriptor,
        _heading_lines,
        _nationality,
        _nicknamed,
        _person_evidence,
        is_demonym,
        resolve_overlaps,
        tokenize,
        with_role,
    )

    people: list[Found] = []
    others: list[Found] = []
    lower = set(re.findall(r"(?<![\w'])[a-z][a-z'-]+", text))
    headings = _heading_lines(text)
    for f in resolve_overlaps(_nicknamed(text) + found):
        if f.label != "PERSON":
            others.append(f)
            continue
        # a first name or an initial the model left outside ("Ana | Wu", "Marcus T. | Whitfield")
        while True:
            m = _LEFT_NAME.search(text, max(0, f.start - 30), f.start)
            if not m or not (knowledge.is_given_name(m.group(1)) or len(m.group(1).rstrip(".")) == 1) \
                    or is_title(m.group(1)) or m.group(1).rstrip(".") in _NOT_LEFT:
                break
            f = Found(m.start(1), f.end, f.label, f.score, f.reason, f.priority, f.role)
        words = text[f.start:f.end].split()
        if any(ch.isdigit() for ch in text[f.start:f.end]):
            continue  # "Mary province-30": not a name
        heading = text.rfind("\n", 0, f.start) + 1 in headings
        while len(words) > 1 and (_descriptor(words[0]) or words[0] in NOT_NAMES
                                  or _not_a_first_name(words[0], lower)
                                  # a title-case headline's word before a surname ("Obama Administration Flips |
                                  # Bush Endangered Species Ruling"): no known first name, and the article never
                                  # writes the name again
                                  or (heading and not knowledge.is_given_name(words[0])
                                      and text.count(" ".join(words)) == 1)
                                  or (len(words) > 2 and _code(words[0]))  # "RB | Pierre Thomas"
                                  or (len(words) > 3 and _code(words[1]))):  # "Colts | QB Andrew Luck"
            offs = [m.start() + f.start for m in re.finditer(r"\S+", text[f.start:f.end])]
            f = Found(offs[1], f.end, f.label, f.score, f.reason, f.priority, f.role)
            words = words[1:]
        k = split_role(words, max_name=5)
        role = ""
        if k:
            offs = [m.start() + f.start for m in re.finditer(r"\S+", text[f.start:f.end])]
            role = " ".join(words[:k])
            f = Found(offs[k], f.end, "PERSON", f.score, f.reason + ", title left out", f.priority, role)
            words = words[k:]
        if all(is_title(w) or is_modifier(w) for w in words):
            continue
        # a headline's words after the name ("Ellen DeGeneres | Returns"): words the text writes in lower case,
        # and on a title-case heading line anything after two words (and a middle initial)
        if len(words) > 2:
            keep = 2 + next((i for i, w in enumerate(words[2:]) if w.lower() in lower or not w[:1].isupper()
                             or (heading and not (i == 0 and len(words[1]) == 2 and words[1].endswith(".")))),
                            len(words) - 2)
            if keep < len(words):
                offs = [m.end() + f.start for m in re.finditer(r"\S+", text[f.start:f.end])]
                f = Found(f.start, offs[keep - 1], f.label, f.score, f.reason, f.priority, f.role)
        people.append(with_role(text, f))
    local = SurnameIndex(text[f.start:f.end] for f in people if " " in text[f.start:f.end].strip())
    names = {p.surname for p in (local_names(local))}
    out: list[Found] = []
    for f in people:
        surface = " ".join(text[f.start:f.end].split())
        words = surface.split()
        own = _folded(surface) in names or local.full_name_with_given(surface) is not None
        label = None
        if not own:
            if place_cue(words[-1]) and len(words) > 1:
                label = place_cue(words[-1])
            elif org_cue(words[-1]) and len(words) > 1:
                label = "ORG"
            elif knowledge.place_kind(surface) and (
                    len(words) > 1 and not (knowledge.is_given_name(words[0]) and not knowledge.major_place(surface))
                    or _PLACE_PREP.search(text[max(0, f.start - 12):f.start])
                    or _PLACE_BEFORE.search(text[max(0, f.start - 30):f.start])
                    or re.search(r"\b(?:of|from)\s+$", text[max(0, f.start - 8):f.start])
                    or (len(words) == 1 and knowledge.major_place(surface, 30_000)
                        and not knowledge.is_given_name(surface))):
                label = "GPE"
            elif len(words) == 1 and _PLACE_BEFORE.search(text[max(0, f.start - 30):f.start]):
                label = "GPE"  # "the village of Jeyhian"
            elif _nationality(surface) or is_demonym(surface):
                label = "NORP"
        if label:
            out.append(Found(f.start, f.end, label, 0.7, f.reason + f", relabelled {label} (place or body)"))
        else:
            out.append(f)
    for f in others:
        surface = " ".join(text[f.start:f.end].split())
        words = surface.split()
        if (" " not in surface and f.label in ("ORG", "GPE", "NORP", "LOC", "MISC")
                and _folded(surface) in names and not knowledge.major_place(surface, 10**6)):
            out.append(Found(f.start, f.end, "PERSON", 0.75, f.reason + ", relabelled PERSON (surname of someone "
                                                                        "named in this document)"))
        elif f.label in ("ORG", "GPE") and _nationality(surface):
            out.append(Found(f.start, f.end, "NORP", 0.7, f.reason + ", relabelled NORP (nationality)"))
        elif (f.label == "ORG" and len(words) == 1 and knowledge.place_kind(surface)
              and not knowledge.is_given_name(surface) and known_label(surface) != "ORG"):
            out.append(Found(f.start, f.end, "GPE", 0.7, f.reason + ", relabelled GPE (GeoNames)"))
        elif (f.label in ("ORG", "GPE") and 2 <= len(words) <= 3 and knowledge.is_given_name(words[0])
              and not org_cue(words[-1]) and not place_cue(words[-1]) and not known_label(surface)
              and not knowledge.place_kind(surface) and all(w[:1].isupper() and w.isalpha() for w in words)
              and _person_evidence(text, f.start, f.end, words[-1])):
            out.append(Found(f.start, f.end, "PERSON", 0.7, f.reason + ", relabelled PERSON (a first name, and "
                                                                       "the text treats it as a person)"))
        else:
            out.append(f)
    out = _join_cut_names(text, out)
    local = SurnameIndex(text[f.start:f.end] for f in out if f.label == "PERSON" and " " in text[f.start:f.end].strip())
    names = {p.surname for p in local_names(local)}
    taken = sorted((f.start, f.end) for f in out)
    extra = []
    if names:
        import bisect

        starts = [s for s, _ in taken]
        for tok in tokenize(text, analysis):
            if not tok.cap or len(tok.text) < 3:
                continue
            if _folded(tok.text) not in names:
                continue
            i = bisect.bisect_right(starts, tok.start) - 1
            if i >= 0 and taken[i][1] > tok.start:
                continue
            if i + 1 < len(taken) and taken[i + 1][0] < tok.end:
                continue
            extra.append(Found(tok.start, tok.end, "PERSON", 0.7, "surname of someone named in this document"))
    return resolve_overlaps(out + extra)


def _join_cut_names(text: str, found: list[Found]) -> list[Found]:
    """A first name the model cut from its surname ("Svetlana" PERSON, "Tikhanovskaya" ORG, with a no-break
    space between): a one-word PERSON that is a known first name, followed after one space by one capitalised
    word of another label that no list knows as a place or body, is one PERSON."""
    from annotator import knowledge

    found = sorted(found, key=lambda f: (f.start, f.end))
    out: list[Found] = []
    i = 0
    while i < len(found):
        f = found[i]
        if i + 1 < len(found) and f.label == "PERSON":
            g = found[i + 1]
            first, second = text[f.start:f.end], text[g.start:g.end]
            if (text[f.end:g.start] in (" ", "\u00a0", "\u202f") and " " not in first and knowledge.is_given_name(first)
                    and g.label in ("ORG", "GPE", "NORP", "PERSON") and second.isalpha() and second[:1].isupper()
                    and not second.isupper() and known_label(second) is None and not knowledge.place_kind(second)):
                out.append(Found(f.start, g.end, "PERSON", f.score, f.reason + ", joined with the surname after it",
                                 f.priority, f.role))
                i += 2
                continue
        out.append(f)
        i += 1
    return out


def _code(word: str) -> bool:
    """A position or code in capitals before a full name ("RB Pierre Thomas", "TE Jimmy Graham"), not a known
    first name (only before two more words: "AJ Green" keeps its first name)."""
    from annotator import knowledge

    return 2 <= len(word) <= 3 and word.isalpha() and word.isupper() and not knowledge.is_given_name(word)


_VERB_FORM = re.compile(r"(?:ing|ed)$")


def _not_a_first_name(word: str, lower: set[str]) -> bool:
    """A capitalised word the model took as a name's start that is not one: a word the text also writes in lower
    case or a verb form ("Having | Jackman host...", "Losing | Thomas is bad enough"), not a known first name."""
    from annotator import knowledge

    if knowledge.is_given_name(word):
        return False
    return word.lower() in lower or (len(word) > 4 and bool(_VERB_FORM.search(word)))


_LEFT_NAME = re.compile(r"(?<![\w.])([A-Z][a-z]+|[A-Z]\.) $")
_NOT_LEFT = frozenset({"The", "A", "An", "But", "And", "As", "At", "In", "On", "By", "When", "If", "So", "Then",
                       "I", "Mr", "Mrs", "Ms", "Dr", "Said", "Says", "Told", "Asked", "Added"})


def local_names(index):
    from .names import parse_name

    return [parse_name(full) for full in index.surnames.values()]


def _folded(surface: str) -> str:
    from .names import fold

    return fold(surface)
