"""Quotations of one document with their kind, speaker and cue: the detection the suggester runs.

:func:`detect_quotes` puts together the mark scanner (:mod:`.marks`), sentences (:mod:`.sentences`), speaker
mentions (:mod:`.names`) and attribution (:mod:`.attribution`), then decides each quotation's kind:

- ``direct``: a statement quoted whole, introduced as speech (it starts its sentence, or follows ``said,``,
  a colon or a reporting verb, and begins with a capital);
- ``partial``: a fragment worked into the writer's sentence (``urged Lukashenko to “engage with civil
  society”``), and a heading that quotes (``– ‘I’m really afraid’ –``), whose speaker is the one of the later
  quotation it repeats, when there is one;
- ``scare``: a quoted single word, or a short term or name with no reporting verb around it (``“union
  state”``, ``“March for Freedom”``): no speaker.

Pieces of a quotation continued over paragraphs share their speaker and are marked ``continues``. A quotation
nested inside another gets no speaker (the outer speaker is quoting someone). Pure, no project.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from .attribution import Attribution, Attributor, speaker_name
from .lexicon import SPEECH_VERBS
from .marks import ALL_MARKS, QuotePiece, find_quotes, ordered
from .names import GROUP, ORG, OTHER, PERSON, Mention, find_mentions
from .parse import entity_spans
from .sentences import Sentences
from .spans import SpanIndex

DIRECT, PARTIAL, SCARE, INDIRECT = "direct", "partial", "scare", "indirect"
KINDS = (DIRECT, PARTIAL, SCARE, INDIRECT)


@dataclass
class Quote:
    """A detected quotation: offsets of the quoted words, kind, speaker, cue, and why."""

    start: int
    end: int
    text: str
    kind: str
    speaker: str = ""
    speaker_entity_id: str | None = None
    cue: dict | None = None
    score: float = 0.5
    reason: str = ""
    continues: bool = False
    group: int = 0
    piece: QuotePiece | None = field(default=None, repr=False)
    attribution: Attribution | None = field(default=None, repr=False)
    speaker_role: bool = False  # the speaker is a role the article never ties to a name ("the official")
    unsure: bool = False  # a quote that needs a speaker but the evidence was too weak to name one

    def attributes(self) -> dict:
        """The ``quote`` layer attributes of this quotation."""
        attrs: dict = {"kind": self.kind, "speaker": self.speaker}
        if self.speaker_entity_id:
            attrs["speaker_entity_id"] = self.speaker_entity_id
        if self.cue:
            attrs["cue"] = dict(self.cue)
        if self.continues:
            attrs["continues"] = True
        if self.speaker_role and self.speaker:
            attrs["speaker_role"] = True
        if self.unsure and not self.speaker:
            attrs["speaker_unsure"] = True
        return attrs


def normalize(text: str) -> str:
    """Lower case, unified apostrophes and quotes, punctuation dropped, white space collapsed."""
    t = unicodedata.normalize("NFKC", text).lower().replace("’", "'").replace("‘", "'")
    t = re.sub(r"[^\w\s']", " ", t)
    return " ".join(t.split())


def detect_quotes(text: str, entity_mentions: Sequence[Mention] = (),
                  registry: Iterable[tuple[str, Sequence[str]]] = (), span: tuple[int, int] | None = None,
                  parse=None) -> list[Quote]:
    """Every quotation of ``text`` with kind, speaker and cue.

    ``entity_mentions`` come from the project's ``entity`` layer (see :func:`.names.layer_mentions`);
    ``registry`` is (entity id, names) pairs used to set ``speaker_entity_id`` when a speaker's name is an
    entity's canonical name or alias and no mention carries the id. ``span`` (start, end) is a stretch a
    researcher marked by hand: it replaces the quotations it overlaps, and is ``indirect`` when no quotation
    marks surround it (see :func:`describe_span`). ``parse`` is the shared analysis's spaCy ``Doc`` of the
    same text (``project.analysis(doc).spacy``): speakers then come from the dependency parse first
    (:mod:`.parse`), and its PERSON/ORG/NORP/GPE entities stand in for an absent entity layer.
    """
    pieces = find_quotes(text)
    if span is not None:
        pieces = _with_span(text, pieces, *span)
    for p in pieces:
        _cut_unclosed(text, p)
    sents = Sentences(text, pieces)
    outer_spans = [(p.start, p.end) for p in pieces if p.depth == 0]
    if parse is not None and not entity_mentions:
        entity_mentions = parse_mentions(parse)
    mentions = find_mentions(text, entity_mentions, skip=outer_spans)
    if parse is not None:
        mentions = _agree_with_parse(mentions, parse)
    mentions = _surnames_are_people(mentions)
    attributor = Attributor(text, pieces, sents, mentions, parse)
    names = _registry_index(registry)
    quotes: dict[int, Quote] = {}
    headings: list[tuple[int, QuotePiece]] = []
    for i, p in enumerate(pieces):
        if p.depth > 0:
            continue
        if _is_heading(text, p, sents):
            headings.append((i, p))
            continue
        starts = _starts_sentence(text, p, sents)
        att = attributor.attribute(p, starts_sentence=starts)
        kind = INDIRECT if p.open_pos is None and p.close_pos is None and p.group == -1 else \
            _kind(text, p, att, sents, starts)
        if kind == SCARE and parse is not None and _in_speech_complement(parse, p, att):
            kind = PARTIAL  # “remarkable” in "He said it was “remarkable”": the speaker's own word
        quotes[i] = _quote(text, p, att, kind)
    if headings:
        keyed = sorted(((q.start, normalize(q.text), q) for q in quotes.values()), key=lambda x: x[0])
        for i, p in headings:
            quotes[i] = _heading_quote(text, p, [(n, q) for s, n, q in keyed if s > p.start])
    for i, p in enumerate(pieces):
        if p.depth > 0:
            outer = quotes.get(_outermost(pieces, i))
            words = len(_words(text[p.start:p.end]))
            who = outer.speaker if outer is not None and outer.speaker else "the speaker"
            quotes[i] = Quote(p.start, p.end, text[p.start:p.end], SCARE if words <= 3 else PARTIAL, score=0.5,
                              reason=f"quoted inside the quotation of {who}; its own speaker is not stated",
                              group=p.group, piece=p)
    _share_over_paragraphs(quotes, pieces)
    out = [quotes[i] for i in sorted(quotes, key=lambda k: (pieces[k].start, pieces[k].depth))]
    for q in out:
        if q.speaker and not q.speaker_entity_id:
            q.speaker_entity_id = _lookup(names, q)
        if q.piece is not None and q.piece.notes:
            q.reason = f"{q.reason} [{'; '.join(q.piece.notes)}]"
    return out


_ATTRIBUTION_INSIDE = re.compile(
    r",\s+(?:he|she|they|it|(?:the\s+)?[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2})\s+(?P<verb>[a-z]+)\b")


def _cut_unclosed(text: str, p: QuotePiece) -> None:
    """A quotation whose closing mark was forgotten runs to the end of its paragraph and swallows its
    attribution (``“We will rebuild every house, he told residents.``): end it before the attribution."""
    if p.close_pos is not None or p.continued or p.open_pos is None or p.group == -1:
        return
    for m in _ATTRIBUTION_INSIDE.finditer(text, p.start, p.end):
        if m.group("verb") in SPEECH_VERBS:
            p.end = m.start() + 1
            p.notes.append("no closing mark: the quotation is ended before its attribution")
            return


def describe_span(text: str, start: int, end: int, entity_mentions: Sequence[Mention] = (),
                  registry: Iterable[tuple[str, Sequence[str]]] = (), parse=None) -> Quote:
    """Kind, speaker and cue for a stretch marked by hand (the attribution patterns applied to it)."""
    for q in detect_quotes(text, entity_mentions, registry, span=(start, end), parse=parse):
        if q.start == start and q.end == end:
            return q
    return Quote(start, end, text[start:end], INDIRECT, reason="marked by hand")


def _with_span(text: str, pieces: list[QuotePiece], start: int, end: int) -> list[QuotePiece]:
    keep = [p for p in pieces if not (p.outer_start < end and start < p.outer_end)]
    before = start - 1 if start > 0 and text[start - 1] in ALL_MARKS else None
    after = end if end < len(text) and text[end] in ALL_MARKS else None
    family = ALL_MARKS.get(text[before]) if before is not None else ALL_MARKS.get(text[after] if after else "", "")
    piece = QuotePiece(start, end, before, after, family or "", group=-1,
                       notes=[] if before is not None or after is not None else ["marked by hand, no quotation marks"])
    return ordered([*keep, piece])


def parse_mentions(doc) -> list[Mention]:
    """Speaker mentions from the parse's named entities (PERSON, ORG, NORP, GPE; corrected as
    :func:`.parse.entity_spans` says), as the entity layer's."""
    kinds = {"PERSON": PERSON, "ORG": ORG, "NORP": GROUP, "GPE": ORG}
    return [Mention(e.start_char, e.end_char, "", kinds[e.label_], from_layer=True)
            for e in entity_spans(doc) if e.label_ in kinds]


_NOT_PEOPLE = {"GPE", "LOC", "FAC", "ORG", "NORP", "DATE", "TIME", "EVENT", "WORK_OF_ART", "LAW", "PRODUCT",
               "MONEY", "QUANTITY", "PERCENT", "CARDINAL", "ORDINAL", "LANGUAGE"}


def _agree_with_parse(mentions: list[Mention], doc) -> list[Mention]:
    """Capitalised-name guesses the parse's entities contradict (a place, a date, an organisation taken for a
    person) stop being people: a pronoun must never resolve to them."""
    others = SpanIndex((e.start_char, e.end_char) for e in doc.ents if e.label_ in _NOT_PEOPLE)
    out = []
    for m in mentions:
        if m.kind == PERSON and not m.from_layer and others.overlaps(m.start, m.end):
            m = replace(m, kind=OTHER, gender=None)
        out.append(m)
    return out


def _surnames_are_people(mentions: list[Mention]) -> list[Mention]:
    """A one-word organisation or place mention that is the surname of a person the text names in full
    ("Page" after "Bettie Page", which a small model may call an organisation) is that person."""
    people = {}
    for m in mentions:
        if m.kind == PERSON and len(m.name.split()) > 1:
            people.setdefault(m.name.split()[-1].lower(), m)
    out = []
    for m in mentions:
        words = m.text.split()
        if m.kind in (ORG, OTHER) and len(words) == 1 and words[0].lower() in people:
            full = people[words[0].lower()]
            m = replace(m, kind=PERSON, full=full.name, gender=m.gender or full.gender)
        out.append(m)
    return out


def _quote(text: str, p: QuotePiece, att: Attribution, kind: str) -> Quote:
    q = Quote(p.start, p.end, text[p.start:p.end], kind, att.speaker, att.entity_id, att.cue, att.score,
              att.reason, p.continues, p.group, p, att, att.role, att.unsure or not att.found)
    if kind == SCARE:
        q.speaker, q.speaker_entity_id, q.cue = "", None, None
        q.speaker_role = q.unsure = False
        q.score = 0.6
        q.reason = "a term in quotation marks with no speech around it (scare quote): no speaker"
    elif not att.found:
        q.reason = att.reason or "no attribution found near the quotation; speaker left empty"
    return q


def _in_speech_complement(doc, p: QuotePiece, att: Attribution) -> bool:
    """With a parse: the quoted words hang on the attribution's speech verb (its object or clause): ``He said it
    was “remarkable”``, ``called it “amazing”``: a few words of the speaker's own, a partial quote."""
    if not att.found or not att.cue or att.how in ("post", "continuation", "heading"):
        return False
    verb = doc.char_span(att.cue["start"], att.cue["end"], alignment_mode="expand")
    words = doc.char_span(p.start, p.end, alignment_mode="expand")
    if verb is None or words is None or not len(verb) or not len(words):
        return False
    v = verb[0]
    return any(a.i == v.i for a in words.root.ancestors)


def _words(s: str) -> list[str]:
    return re.findall(r"[\w’'-]+", s)


def _starts_sentence(text: str, p: QuotePiece, sents: Sentences) -> bool:
    s, _ = sents.sentence(p.outer_start)
    return text[s:p.outer_start].strip(" \t\n–—-") == ""


def _kind(text: str, p: QuotePiece, att: Attribution, sents: Sentences, starts: bool) -> str:
    content = text[p.start:p.end]
    words = _words(content)
    first = content.lstrip("…. ")[:1]
    capital = first.isupper() or first.isdigit()
    before = text[sents.sentence(p.outer_start)[0]:p.outer_start].rstrip()
    introduced = starts or before.endswith((",", ":", "—", "–")) or (
        att.cue is not None and att.cue["end"] >= len(before) + sents.sentence(p.outer_start)[0] - 1
        and att.how in ("pre", "colon"))
    if capital and introduced and (len(words) > 1 or content.rstrip().endswith(("!", "?", "."))):
        return DIRECT
    if capital and starts and len(words) == 1 and content.rstrip().endswith(",") and att.found \
            and att.how == "post":
        return DIRECT  # a one-word answer with its attribution: “Yes,” he responded.
    if len(words) <= 1:
        return SCARE
    if att.found and att.cue is not None:
        return PARTIAL
    if len(words) <= 3 or _name_like(content):
        return SCARE
    return PARTIAL


def _name_like(content: str) -> bool:
    """``March for Freedom``: every long word capitalised, no sentence punctuation."""
    words = _words(content)
    long = [w for w in words if len(w) > 3]
    return bool(long) and len(words) <= 6 and all(w[0].isupper() for w in long) and not re.search(r"[.!?,]", content)


def _is_heading(text: str, p: QuotePiece, sents: Sentences) -> bool:
    """A short paragraph without final punctuation that holds the quotation (``– ‘I’m really afraid’ –``,
    ``Call for ‘free and fair’ vote``)."""
    ps, pe = sents.paragraph(p.outer_start)
    para = text[ps:pe]
    if "\n" in para.strip() or len(para) > 100:
        return False
    stripped = para.strip(" \t–—-")
    tail = re.sub(r"[\s”’\"'»“`]+$", "", stripped)  # straight and rebuilt copy: ``"We are at a fork. "``
    return not tail.endswith((".", "!", "?", ":", ",", ";", "…"))


def _heading_quote(text: str, p: QuotePiece, later: Sequence[tuple[str, Quote]]) -> Quote:
    """``later``: (normalised text, quote) of the quotations after the heading."""
    content = text[p.start:p.end]
    key = normalize(content)
    for norm, q in later:
        if q.speaker and key and f" {key} " in f" {norm} ":
            return Quote(p.start, p.end, content, PARTIAL, q.speaker, q.speaker_entity_id, None, 0.8,
                         f"heading repeating the quotation of {q.speaker} at {q.start}", p.continues, p.group, p)
    words = _words(content)
    kind = SCARE if len(words) <= 3 else PARTIAL
    reason = ("a term in quotation marks in a heading (scare quote): no speaker" if kind == SCARE else
              "heading quotation; the text does not say who said it, speaker left empty")
    return Quote(p.start, p.end, content, kind, score=0.5, reason=reason, group=p.group, piece=p)


def _outermost(pieces: Sequence[QuotePiece], i: int) -> int:
    while pieces[i].parent is not None:
        i = pieces[i].parent
    return i


def _share_over_paragraphs(quotes: dict[int, Quote], pieces: Sequence[QuotePiece]) -> None:
    """Pieces of one quotation continued over paragraphs get the best-attributed piece's speaker and kind."""
    groups: dict[int, list[int]] = {}
    for i, p in enumerate(pieces):
        if p.depth == 0 and i in quotes:
            groups.setdefault(p.group, []).append(i)
    for members in groups.values():
        if len(members) < 2:
            continue
        best = max((quotes[i] for i in members), key=lambda q: (bool(q.speaker), q.score))
        for i in members:
            q = quotes[i]
            q.kind = DIRECT if best.kind == DIRECT or q.kind == DIRECT else q.kind
            if q is best:
                continue
            q.speaker, q.speaker_entity_id = best.speaker, best.speaker_entity_id
            q.speaker_role, q.unsure = best.speaker_role, best.unsure
            q.cue = q.cue or None
            q.score = min(best.score, 0.85)
            part = "continues" if q.continues else "goes on in the next paragraph;"
            q.reason = f"{part} the quotation of {best.speaker or 'an unstated speaker'} over several paragraphs" \
                if q.continues else f"quotation continued over paragraphs; speaker from its piece at {best.start}"


def _registry_index(registry: Iterable[tuple[str, Sequence[str]]]) -> dict[str, set[str]]:
    index: dict[str, set[str]] = {}
    for entity_id, names in registry:
        for name in names:
            if name:
                index.setdefault(normalize(name), set()).add(entity_id)
    return index


def _lookup(index: dict[str, set[str]], q: Quote) -> str | None:
    for name in (q.speaker, q.attribution.written if q.attribution else ""):
        ids = index.get(normalize(name or ""))
        if ids and len(ids) == 1:
            return next(iter(ids))
    return None


__all__ = ["DIRECT", "INDIRECT", "KINDS", "PARTIAL", "SCARE", "Quote", "detect_quotes", "normalize", "speaker_name"]
