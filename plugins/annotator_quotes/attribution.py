"""Who said a quotation: the attribution patterns of news writing, over one document.

Patterns, tried in this order for a quotation that starts its sentence, and with the first two swapped for
one inside a sentence:

- after the quote: ``“…,” said X`` (with appositions: ``said Alexei Linich, a 27-year-old programmer`` and
  ``said one employee, Andrei Yaroshevich``), ``“…,” X said`` / ``X added`` / ``state news agency BelTA
  reported`` / ``he said in televised comments``;
- before it: ``X said, “…”``, ``Lukashenko declared: “…”``, ``X told Y “…”``, ``the crowd chanted “…”``,
  and inside reported speech ``X urged Y to “…”`` / ``X said that “…”`` (the speaker is the subject of the
  nearest reporting verb: the name right before it, or else the subject of the sentence);
- ``according to X``;
- a quotation with no attribution of its own that follows an attributed one continues its speaker;
- pronouns (he/she/they/it) go to the nearest earlier compatible mention: the subject of the nearest earlier
  sentence that has one (a name after a preposition or before a possessive is not a subject), gender-checked.

Speakers are :class:`annotator_quotes.names.Mention` objects; the document's entity-layer mentions take part
when given, so an ``entity_id`` travels to the quote. Nothing is guessed when no pattern applies: the caller
leaves the speaker empty and says why. Pure functions, no project.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from annotator import lexicon as shared_lexicon

from .lexicon import CUE_TAILS, FILLERS, PREPOSITIONS, SPEECH_VERBS
from .marks import QuotePiece
from .names import GROUP, ORG, OTHER, PERSON, PRONOUN, Mention
from .parse import ParseAttributor
from .sentences import Sentences
from .spans import SpanIndex

_WORDS = re.compile(r"[A-Za-z][\w’'-]*")
# abbreviated titles that stand before a name and never end a sentence of their own
_TITLE_ABBREVIATIONS = {a for a in shared_lexicon.ABBREVIATIONS if a in shared_lexicon.TITLES}
_ANSWER_VERBS = shared_lexicon.verb_forms(" ".join(sorted(shared_lexicon.ANSWER_VERBS)))
_PREFERENCE = {PERSON: 0, ORG: 1, GROUP: 2, PRONOUN: 3, OTHER: 4}


@dataclass
class Attribution:
    """The speaker found for a quotation, the cue that attributes it, and how it was found."""

    speaker: str = ""
    mention: Mention | None = None  # the mention the speaker is (after resolving a pronoun)
    written: str = ""  # what the attribution site says ("he", "state news agency BelTA")
    entity_id: str | None = None
    cue: dict | None = None  # {"text", "start", "end"}
    how: str = ""  # post | pre | colon | partial | according-to | continuation | heading
    reason: str = ""
    score: float = 0.0
    role: bool = False  # the speaker is a role the article does not tie to a name ("the official")
    unsure: bool = False  # the rules had a candidate but too little evidence: speaker left empty

    @property
    def found(self) -> bool:
        return bool(self.speaker)


def speaker_name(m: Mention) -> str:
    """How a mention is shown as a speaker, as the article writes it: the fullest form of a person's name the
    article uses, an organisation or group without its leading article; white space normalised. (The entity
    registry's canonical name travels as ``speaker_entity_id``.)"""
    name = m.name
    if m.kind in (ORG, GROUP):
        name = re.sub(r"^(?:the|a|an)\s+", "", name, flags=re.IGNORECASE)
    # a possessive the tagger took into the name ("Jamaal Charles'" from "Charles' 259 yards")
    name = re.sub(r"\s*['’]s?$", "", name.strip()) if re.search(r"\w['’]s?$", name.strip()) else name
    return " ".join(name.split())


class Attributor:
    """Finds speakers for the quotations of one text. Call :meth:`attribute` in document order: resolved
    pronouns and attributed quotations are remembered for the ones that follow."""

    def __init__(self, text: str, pieces: Sequence[QuotePiece], sentences: Sentences, mentions: Sequence[Mention],
                 parse=None):
        self.text = text
        self.sents = sentences
        self.outer = SpanIndex((p.outer_start, p.outer_end) for p in pieces if p.depth == 0)
        self.mentions = sorted((m for m in mentions if not self.in_quote(m.start)), key=lambda m: (m.start, -m.end))
        self._starts = [m.start for m in self.mentions]
        self._longest = max((m.end - m.start for m in self.mentions), default=0)
        self.resolved: dict[int, Mention] = {}  # pronoun offset -> antecedent
        self.done: list[tuple[QuotePiece, Attribution]] = []
        self.parse = ParseAttributor(parse, self.in_quote) if parse is not None else None

    # ------------------------------------------------------------------------------------- helpers

    def in_quote(self, pos: int) -> bool:
        return self.outer.contains(pos)

    def cues(self, lo: int, hi: int) -> list[tuple[int, int]]:
        """Reporting verbs in text[lo:hi] outside quotations, as (start, end)."""
        out = []
        for m in _WORDS.finditer(self.text, lo, hi):
            if m.group(0).lower() in SPEECH_VERBS and not self.in_quote(m.start()):
                out.append((m.start(), m.end()))
        return out

    def cue_dict(self, start: int, end: int) -> dict:
        tail = CUE_TAILS.match(self.text, end)
        if tail:
            end = tail.end()
        return {"text": self.text[start:end], "start": start, "end": end}

    def mentions_in(self, lo: int, hi: int, *, other: bool = False) -> list[Mention]:
        """Mentions inside text[lo:hi]; ``other`` admits capitalised words of unknown kind (a name right
        next to a reporting verb is a speaker whatever it is: "Smith said", "Moscow said")."""
        i, j = bisect.bisect_left(self._starts, lo), bisect.bisect_left(self._starts, hi)
        return [m for m in self.mentions[i:j] if m.end <= hi and (other or m.kind != OTHER)]

    def possessive(self, m: Mention) -> bool:
        return bool(re.match(r"(?:’s|'s|’|')(?:\s|$)", self.text[m.end:m.end + 3]))

    def modifier(self, m: Mention) -> bool:
        """A nationality, place or organisation standing before a title or name ("Canadian Foreign Affairs
        Minister …", "Belarus President …") describes that name; it is not the subject itself."""
        return m.kind != PERSON and bool(re.match(r"[ \u00a0]+[A-Z]", self.text[m.end:m.end + 3]))

    def after_preposition(self, m: Mention) -> bool:
        before = re.search(r"([\w’'-]+)[\s,]*$", self.text[max(0, m.start - 30):m.start])
        return bool(before and before.group(1).lower() in PREPOSITIONS)

    def best(self, mentions: Sequence[Mention], *, last: bool = False) -> Mention | None:
        """The likeliest speaker among mentions of one phrase: a person over an organisation over a group
        over a pronoun; possessives ("Lukashenko’s spokesman") never."""
        cands = [m for m in mentions if m.kind in _PREFERENCE and not self.possessive(m)]
        if not cands:
            return None

        def rank(m: Mention) -> int:  # names before common nouns ("state news agency BelTA" → BelTA)
            return _PREFERENCE[m.kind] + (2 if m.attrs.get("noun") and m.kind != GROUP else 0)

        low = min(rank(m) for m in cands)
        top = [m for m in cands if rank(m) == low]
        return top[-1] if last else top[0]

    def apposition(self, m: Mention) -> Mention | None:
        """A person named in apposition to a role or group: ``one employee, Andrei Yaroshevich`` or
        ``a 27-year-old programmer`` after ``Alexei Linich,``."""
        if m.kind != GROUP:
            return None
        after = re.match(r"\s*,\s*", self.text[m.end:m.end + 4])
        if after:
            for p in self.mentions_in(m.end, m.end + 120):
                if p.start == m.end + after.end() and p.kind == PERSON:
                    return p
        before = re.search(r"\s*,\s*$", self.text[max(0, m.start - 4):m.start])
        if before:
            for p in self.mentions_in(max(0, m.start - 120), m.start):
                if p.end == m.start - len(before.group(0)) and p.kind == PERSON:
                    return p
        return None

    def fillers_only(self, lo: int, hi: int) -> bool:
        gap = self.text[lo:hi]
        if re.search(r"[^\w\s’'-]", gap):
            return False
        words = gap.split()
        # the shared fillers, and any lower-case adverb in -ly ("Jeffs allegedly wrote", "he angrily told")
        return len(words) <= 5 and all(w.lower() in FILLERS or w.isdigit() or (w.islower() and w.endswith("ly")
                                                                               and len(w) > 4) for w in words)

    # ------------------------------------------------------------------------------------- speakers

    def subject_of(self, cue_start: int, sent_start: int) -> tuple[Mention | None, str]:
        """The speaker of a reporting verb: the phrase right before it (fillers such as "on Saturday" or
        "later" allowed in between), else the subject of the sentence."""
        before = self.mentions_in(sent_start, cue_start, other=True)
        for m in reversed(before):
            if self.fillers_only(m.end, cue_start) and not self.possessive(m):
                return self.apposition(m) or m, "adjacent"
            break
        for m in (m for m in before if m.kind != OTHER and not self.modifier(m)):
            if not self.after_preposition(m) and not self.possessive(m):
                return self.apposition(m) or m, "sentence subject"
        return None, ""

    def resolve(self, pron: Mention) -> tuple[Mention | None, str]:
        """The antecedent of a pronoun: the subject (or else the nearest) compatible mention of the nearest
        earlier sentence that has one, within eight sentences."""
        want = pron.gender
        spans = []
        s, _ = self.sents.sentence(pron.start)
        spans.append((s, pron.start))
        for _ in range(8):
            prev = self.sents.previous(s)
            if prev is None:
                break
            spans.append(prev)
            s = prev[0]
        for lo, hi in spans:
            # a speaker does not name themself in their own words: "“Jermayne fired the shot,” he said" is not
            # Jermayne (a person named inside the quotation is not the pronoun's antecedent)
            cands = [m for m in self.mentions_in(lo, hi, other=True) if self.compatible(m, want)
                     and not self.named_in_quote(self.resolved.get(m.start, m))]
            if not cands:
                continue
            subjects = [m for m in cands if not self.after_preposition(m) and not self.possessive(m)
                        and not self.modifier(m)]
            pick = subjects[0] if subjects else cands[-1]
            if pick.kind == PRONOUN:
                pick = self.resolved[pick.start]
            how = "subject of an earlier sentence" if subjects else "nearest earlier mention"
            if self.parse is None:  # without a parse, say "unsure" rather than guess between people
                people = {speaker_name(self.resolved.get(m.start, m)) for m in subjects or cands}
                if not subjects:
                    return None, "unsure: the only earlier candidate is not a subject"
                sure = {speaker_name(self.resolved.get(m.start, m)) for m in subjects
                        if self.resolved.get(m.start, m).gender == want}
                if len(people) > 1 and len(sure) != 1:  # two people of that gender, or none known to be
                    return None, f"unsure: {' or '.join(sorted(people))}"
            return pick, how
        return None, ""

    def named_in_quote(self, m: Mention) -> bool:
        if m.kind != PERSON:
            return False
        words = {w for w in _WORDS.findall(speaker_name(m)) if w[:1].isupper() and len(w) > 2}
        return bool(words & getattr(self, "quoted_words", set()))

    def compatible(self, m: Mention, want: str | None) -> bool:
        if m.kind == PRONOUN:
            ante = self.resolved.get(m.start)
            return ante is not None and m.gender == want
        if want in ("m", "f"):
            return m.kind == PERSON and m.gender in (None, want)
        if want == "pl":
            return m.kind == GROUP and m.gender == "pl" or m.kind == ORG
        if want == "n":
            return m.kind == ORG
        return False

    def speaker_of(self, m: Mention, att: Attribution) -> Attribution:
        """Fill ``att`` from a mention, resolving a pronoun."""
        att.written = " ".join(self.text[m.start:m.end].split())
        if m.kind == PRONOUN:
            ante, how = self.resolve(m)
            if ante is None:
                att.reason = f"“{att.written}” could not be resolved to an earlier person; speaker left empty"
                if how.startswith("unsure"):
                    att.reason = f"{how} for “{att.written}”; speaker left empty"
                    att.unsure = True
                att.score = 0.3
                return att
            self.resolved[m.start] = ante
            att.reason = f"{att.reason}; “{att.written}” → {speaker_name(ante)} ({how})"
            att.score -= 0.1 if how.startswith("subject") else 0.2
            m = ante
        att.mention = m
        att.speaker = speaker_name(m)
        att.entity_id = m.entity_id
        return att

    # ------------------------------------------------------------------------------------- patterns

    def after_quote(self, q: QuotePiece, sent_end: int) -> Attribution | None:
        """``“…,” said X`` / ``“…,” X said``."""
        text = self.text
        lead = re.match(r"[\s,]*", text[q.outer_end:sent_end])
        start = q.outer_end + lead.end()
        cues = self.cues(start, min(sent_end, start + 90))
        if not cues:
            return None
        c0, c1 = cues[0]
        if c0 == start:  # said X
            cue = self.cue_dict(c0, c1)
            stop = re.search(r"[,.;:!?()]|\s(?:and|who|as|after|before|when|while|at|in|on)\s",
                             text[cue["end"]:sent_end])
            hi = cue["end"] + (stop.start() if stop else sent_end - cue["end"])
            m = self.best(self.mentions_in(cue["end"], hi, other=True), last=True)
            if m is None:
                return None
            m = self.apposition(m) or m
            att = Attribution(cue=cue, how="post", reason=f"“…,” {cue['text']} {text[m.start:m.end]}", score=0.95)
            return self.speaker_of(m, att)
        region = text[start:c0]
        core = re.sub(r",[^,.;:!?]{1,80},\s*$", " ", region)  # “…,” Jens Hoffmann, a security analyst, said
        if len(core.split()) > 8 or re.search(r"[.;:!?]", region) or re.search(
                r"\b(?:according|who|which|that|whose|when|while|as|because|after|before)\b", region, re.I):
            return None
        m = self.best(self.mentions_in(start, c0, other=True))
        if m is None:
            return None
        m = self.apposition(m) or m
        cue = self.cue_dict(c0, c1)
        att = Attribution(cue=cue, how="post", reason=f"“…,” {region.strip().rstrip(',')} {cue['text']}",
                          score=0.95)
        return self.speaker_of(m, att)

    def before_quote(self, q: QuotePiece, sent_start: int) -> Attribution | None:
        """``X said, “…”`` / ``X declared: “…”`` / ``X urged Y to “…”``: the nearest reporting verb before
        the quotation in its sentence, and its subject."""
        cues = self.cues(sent_start, q.outer_start)
        text = self.text
        if not cues:
            colon = re.search(r"\s*:\s*$", text[sent_start:q.outer_start])
            if colon:  # "Lukashenko: “…”"
                at = sent_start + colon.start()
                m = self.best(self.mentions_in(sent_start, at), last=True)
                if m is not None and self.fillers_only(m.end, at):
                    att = Attribution(how="colon", reason=f"{text[m.start:m.end]}: “…”", score=0.85)
                    return self.speaker_of(m, att)
            return None
        c0, c1 = cues[-1]
        cue = self.cue_dict(c0, c1)
        subject, how = self.subject_of(c0, sent_start)
        if subject is None:
            return None
        between = text[cue["end"]:q.outer_start]
        kind = "colon" if between.rstrip().endswith(":") else "pre" if len(between.split()) <= 3 else "partial"
        score = 0.9 if how == "adjacent" else 0.75
        att = Attribution(cue=cue, how=kind, score=score,
                          reason=f"{text[subject.start:subject.end]} … {cue['text']} ({how})")
        return self.speaker_of(subject, att)

    def according_to(self, q: QuotePiece, sent: tuple[int, int]) -> Attribution | None:
        m = re.search(r"\baccording\s+to\s+", self.text[sent[0]:sent[1]], re.IGNORECASE)
        if not m:
            return None
        at = sent[0] + m.end()
        if self.in_quote(at):
            return None
        stop = re.search(r"[,.;:!?()]", self.text[at:sent[1]])
        hi = at + stop.start() if stop else sent[1]
        cands = self.mentions_in(at, min(hi, at + 80), other=True)  # "according to the agency's report": agency
        if not cands:
            return None
        words = m.group(0).rstrip()
        cue = {"text": words, "start": sent[0] + m.start(), "end": sent[0] + m.start() + len(words)}
        att = Attribution(cue=cue, how="according-to", reason=f"according to {cands[0].text}", score=0.8)
        return self.speaker_of(cands[0], att)

    def continuation(self, q: QuotePiece) -> Attribution | None:
        """A quotation with no attribution of its own right after an attributed one continues its speaker."""
        if not self.done:
            return None
        prev_q, prev_att = self.done[-1]
        if not prev_att.found or prev_att.how == "heading":
            return None
        prev_sent = self.sents.previous(q.outer_start)
        if prev_sent is None or not (prev_sent[0] <= prev_q.outer_start < prev_sent[1] + 1 or
                                     prev_sent[0] <= prev_q.outer_end - 1 < prev_sent[1] + 1):
            return None
        return Attribution(prev_att.speaker, prev_att.mention, prev_att.written, prev_att.entity_id, None,
                           "continuation", f"continues the quotation of {prev_att.speaker} just before",
                           min(prev_att.score, 0.8), role=prev_att.role)

    def same_subject_before(self, q: QuotePiece) -> Attribution | None:
        """With a parse: a quotation that fills its paragraph, after at most two paragraphs whose every sentence
        has the last quoted person as subject (by name or a pronoun of that person's gender), goes on with that
        person (``“…,” he said.`` / ``Kroon said he was not at the church …`` / ``He would not specify …`` /
        ``“They were all adults …”``)."""
        if self.parse is None or not self.done:
            return None
        text = self.text
        ps, pe = _para_bounds(text, q.outer_start)
        if text[ps:q.outer_start].strip() or text[q.outer_end:pe].strip().strip(".,"):
            return None
        prev_q, prev_att = self.done[-1]
        m = prev_att.mention
        if not prev_att.found or m is None or m.kind != PERSON or prev_att.role:
            return None
        gap = text[_para_bounds(text, prev_q.outer_end - 1)[1]:ps]
        if gap.count("\n\n") > 3 or any(c in gap for c in "\"“”«»") or not gap.strip():
            return None
        lo = _para_bounds(text, prev_q.outer_end - 1)[1]
        surname = speaker_name(m).split()[-1]
        pronoun = {"m": "he", "f": "she"}.get(m.gender or "")
        pos = lo
        checked = 0
        while pos < ps:
            sent = self.sents.sentence(pos)
            if sent[0] >= ps:
                break
            if sent[1] <= pos or sent[1] <= sent[0]:  # white space between sentences
                pos += 1
                continue
            sub = self.parse.sentence_subject(*sent)
            said = text[sub.start:sub.end] if sub is not None else ""
            if not (sub is not None and (said.lower() == pronoun or surname in said.split())):
                return None
            checked += 1
            pos = sent[1] + 1
        if not checked:
            return None
        return Attribution(prev_att.speaker, m, prev_att.written, prev_att.entity_id, None, "continuation",
                           f"goes on with {prev_att.speaker}, the subject of every sentence since the last "
                           "quotation", 0.6)

    def attribute(self, q: QuotePiece, *, starts_sentence: bool) -> Attribution:
        """The attribution of an outer quotation (call in document order)."""
        sent = self.sents.span(q.outer_start, q.outer_end)
        self.quoted_words = set(_WORDS.findall(self.text[q.start:q.end]))  # who is named inside the quote
        if starts_sentence:
            order = (lambda: self.after_quote(q, sent[1]), lambda: self.before_quote(q, sent[0]))
        else:
            order = (lambda: self.before_quote(q, sent[0]), lambda: self.after_quote(q, sent[1]))
        if self.parse is not None:
            order = (lambda: self.from_parse(q, self.with_next(q, sent), starts_sentence), *order)
        att = None
        for fn in (*order, lambda: self.according_to(q, sent)):
            att = fn()
            if att is not None:
                break
        if (att is None or not att.found) and starts_sentence:
            att = self.across_paragraphs(q) or att
        if (att is None or not att.found) and starts_sentence:
            att = self.continuation(q) or att
        if (att is None or not att.found) and starts_sentence:
            att = self.same_subject_before(q) or att
        if att is None:
            att = Attribution(reason="no attribution found near the quotation; speaker left empty", score=0.4)
        self.done.append((q, att))
        return att

    def with_next(self, q: QuotePiece, sent: tuple[int, int]) -> tuple[int, int]:
        """The quotation's sentence, and the next one of its paragraph when the quotation ends its sentence
        (``“So which is it?” Deputy Public Defender Peter Lynch asked``: the question mark ended it); and the
        first sentence of the next paragraph when a title abbreviation ends the paragraph (copy split after
        ``the Rev.``: ``“…,” the Rev.`` / ``Larry Kroon of the Wasilla Bible Church said``)."""
        after = self.text[q.outer_end:sent[1]]
        if re.search(r"\b([A-Z][a-z]{1,4})\.$", after.rstrip()) and \
                re.search(r"\b([A-Z][a-z]{1,4})\.$", after.rstrip()).group(1).lower() in _TITLE_ABBREVIATIONS:
            nxt = self.sents.sentence(sent[1] + 2) if sent[1] + 2 < len(self.text) else None
            if nxt is not None and re.fullmatch(r"\s*\n\s*\n\s*", self.text[sent[1]:nxt[0]]) \
                    and not self.in_quote(nxt[0] + 1):
                return sent[0], nxt[1]
        if after.strip():
            return sent
        nxt = self.sents.sentence(sent[1] + 1) if sent[1] + 1 < len(self.text) else None
        if nxt is None or "\n\n" in self.text[sent[1]:nxt[0] + 1] or self.in_quote(nxt[0] + 1):
            return sent
        tail = self.text[nxt[0]:nxt[1]].lstrip()
        if tail[:1] in "\"“‘'«":
            return sent
        return sent[0], nxt[1]

    def across_paragraphs(self, q: QuotePiece) -> Attribution | None:
        """A quotation that fills its paragraph, attributed in the paragraph before it when that one ends with
        a colon (``X says his organisation will sue:``), or in the next one when that is only the attribution
        (``Roesler said.``)."""
        text = self.text
        ps, pe = _para_bounds(text, q.outer_start)
        if text[ps:q.outer_start].strip() or text[q.outer_end:pe].strip().strip(".,"):
            return None
        prev_end = text.rfind("\n\n", 0, ps)
        prev = text[:max(prev_end, 0)].rstrip() if prev_end > 0 else text[:ps].rstrip()
        if text[:ps].rstrip().endswith(":"):
            lo = _para_bounds(text, len(text[:ps].rstrip()) - 1)[0]
            sent = self.sents.sentence(len(text[:ps].rstrip()) - 1)
            lo = max(lo, sent[0])
            att = None
            if self.parse is not None:
                att = self.from_parse(q, (lo, q.outer_end), starts_sentence=False)
                if att is None or not att.found:
                    att = self.from_parse(q, (lo, ps), starts_sentence=False, subject_only=True)
            att = att if att is not None and att.found else self.before_quote(q, lo)
            if att is not None and att.found:
                att.reason = f"{att.reason} (the paragraph before introduces it)"
                att.score = min(att.score, 0.8)
                return att
        del prev
        att = self.reported_before(q, ps)
        if att is not None:
            return att
        nxt = text.find("\n\n", q.outer_end)
        if nxt < 0:
            return None
        ns, ne = _para_bounds(text, nxt + 2 + len(text[nxt + 2:]) - len(text[nxt + 2:].lstrip()))
        tail = text[ns:ne]
        words = re.findall(r"[\w’'.-]+", tail)
        if len(words) > 7 or any(c in tail for c in "\"“”‘’«»") or not tail.rstrip().endswith("."):
            return None
        verbs = [i for i, w in enumerate(words) if w.lower().rstrip(".") in SPEECH_VERBS]
        if not verbs or not all(w.lower().rstrip(".") in FILLERS for w in words[verbs[-1] + 1:]):
            return None  # only "Roesler said." / "he said on Tuesday." is an attribution on its own
        att = None
        if self.parse is not None:
            att = self.from_parse(q, (q.outer_start, ne), starts_sentence=True)
        if att is None or not att.found:
            att = self.after_quote(q, ne)
        if att is not None and att.found:
            att.reason = f"{att.reason} (attributed in the next paragraph)"
            att.score = min(att.score, 0.8)
            return att
        return None

    def reported_before(self, q: QuotePiece, ps: int) -> Attribution | None:
        """A quotation paragraph right after one that reports the same person's words without quoting them
        (``The warehouse was battered on the outside, Ingaldson said.`` then ``“But inside, …”``): the
        speaker of that reported speech, when its last sentence ends with the attribution."""
        text = self.text
        before = text[:ps].rstrip()
        if not before or before.endswith(":") or any(c in before[-300:].split("\n\n")[-1] for c in "\"“”«»"):
            return None
        sent = self.sents.sentence(len(before) - 1)
        tail = text[sent[0]:len(before)]
        m = re.search(r",\s+((?:[A-Z][\w’'.-]*\s+){0,3}[A-Z][\w’'.-]*|he|she)\s+(\w+)(?:\s+\w+){0,2}\.$", tail)
        if not m or m.group(2).lower() not in SPEECH_VERBS:
            return None
        at = sent[0] + m.start(1)
        cands = [x for x in self.mentions_in(at, at + len(m.group(1)), other=True)]
        if not cands:
            return None
        c0 = sent[0] + m.start(2)
        att = Attribution(cue=self.cue_dict(c0, c0 + len(m.group(2))), how="continuation", score=0.7,
                          reason=f"continues the words {m.group(1)} {m.group(2)} reported just before")
        return self.speaker_of(self.apposition(cands[0]) or cands[0], att)

    # ------------------------------------------------------------------------------------- from the parse

    def from_parse(self, q: QuotePiece, sent: tuple[int, int], starts_sentence: bool, *,
                   subject_only: bool = False) -> Attribution | None:
        """The speaker the dependency parse gives (see :mod:`.parse`), as an :class:`Attribution`."""
        if subject_only:
            ps = self.parse.sentence_subject(sent[0], sent[1])
        else:
            ps = self.parse.find(q.outer_start, q.outer_end, sent[0], sent[1], starts_sentence=starts_sentence)
        if ps is None:
            return None
        c0, c1 = ps.cue
        cue = self.cue_dict(c0, c1) if ps.how != "according-to" else {"text": self.text[c0:c1], "start": c0,
                                                                       "end": c1}
        written = " ".join(self.text[ps.start:ps.end].split())
        how = ps.how
        if how == "pre":
            between = self.text[cue["end"]:q.outer_start]
            how = "colon" if between.rstrip().endswith(":") else "pre" if len(between.split()) <= 3 else "partial"
        if ps.how == "according-to":
            reason = f"{cue['text']} {written}"
        elif c0 < ps.start:
            reason = f"“…,” {cue['text']} {written}" if ps.how == "post" else f"{cue['text']} {written} … “…”"
        else:
            reason = f"“…,” {written} {cue['text']}" if ps.how == "post" else f"{written} {cue['text']} … “…”"
        att = Attribution(cue=cue, how=how, score=0.9, reason=f"{reason} (subject of the speech verb in the parse)")
        if ps.note:
            att.reason += f"; {ps.note}"
        if ps.kind == "pronoun":
            m = next((m for m in self.mentions_in(ps.start, ps.end) if m.kind == PRONOUN), None)
            if m is None:
                return None
            verb = self.text[c0:c1].lower()
            if verb in _ANSWER_VERBS and m.gender in ("m", "f"):
                # an answer: "he" is the person just asked (Lynch asked Coleman, “…?” / “Yes,” he responded)
                asked = self.parse.addressee_before(q.outer_start)
                person = next((x for x in self.mentions_in(asked.start_char, asked.end_char)
                               if x.kind == PERSON), None) if asked is not None else None
                if person is not None and person.gender in (None, m.gender):
                    self.resolved[m.start] = person
                    att.reason += f"; “{self.text[m.start:m.end]}” → {speaker_name(person)} (the person asked)"
                    att.mention, att.speaker, att.entity_id = person, speaker_name(person), person.entity_id
                    att.written = self.text[m.start:m.end]
                    return att
            return self.speaker_of(m, att)
        if ps.kind == "role":
            att.speaker = _strip_article(written)
            att.written = written
            att.role = True
            att.score = 0.7
            return att
        span = ps.person or (ps.start, ps.end)
        kind = {"person": PERSON, "org": ORG, "group": GROUP}[ps.kind]
        near = self.mentions_in(max(0, span[0] - self._longest), span[1] + 1, other=True)
        if kind == PERSON:
            m = next((m for m in near if m.start < span[1] and span[0] < m.end and m.kind == PERSON), None)
        else:  # an organisation or a group ("Mark and Condon"): the mention that covers it all, or the span
            m = next((m for m in near if m.start <= span[0] and span[1] <= m.end), None)
        if m is None or (kind == PERSON and m.kind != PERSON):
            m = Mention(span[0], span[1], self.text[span[0]:span[1]], kind)
        return self.speaker_of(m, att)


def _strip_article(text: str) -> str:
    return re.sub(r"^(?:the|a|an|one)\s+", "", text, flags=re.IGNORECASE)


def _para_bounds(text: str, pos: int) -> tuple[int, int]:
    s = text.rfind("\n\n", 0, pos)
    e = text.find("\n\n", pos)
    return (0 if s < 0 else s + 2), (len(text) if e < 0 else e)
