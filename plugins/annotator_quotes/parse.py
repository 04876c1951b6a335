"""Who said a quotation, read from a dependency parse (the shared analysis's spaCy ``Doc``).

:class:`ParseAttributor` finds the reporting verb of a quotation (a speech verb outside every quotation, in
the sentences that hold it: the nearest one after a quotation that opens its sentence, else the nearest one
before it), then its subject (``nsubj``/``nsubjpass``; the passive agent; the subject of the verb it is
coordinated with or depends on, for ``… and added`` / ``…, saying``; the noun a ``who`` stands for), or the
object of ``according to``. The subject becomes a speaker this way:

- a named person: the PERSON entity holding the subject, or one in apposition to it (``said one employee,
  Andrei Yaroshevich``), or inside its phrase (``Secretary of the Interior Dirk Kempthorne``), never one in a
  possessive (``Jeffs' nephew``) or a relative clause;
- an organisation or group (``the NRDC argued``, ``demonstrators chanted``): its name or noun phrase;
- a pronoun (``he said``): handed back to the caller, which resolves it to an earlier compatible PERSON
  (never a place or an organisation for he/she);
- a role (``the official said``, ``the sheriff said``): the person the article ties to that role, by a title
  before the name (``Sheriff John Smith``) or an apposition (``John Smith, the sheriff``, ``the sheriff, John
  Smith``); otherwise the role itself, flagged ``role`` (the caller sets ``speaker_role`` and no entity).

The parse is duck-typed (``Doc``, ``Token``, ``Span`` of spaCy); nothing here imports spaCy. Pure, no project.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from annotator.lexicon import ADDRESSEE_VERBS, ORGANISATION_WORDS, UTTERANCE_NOUNS

from .lexicon import ROLE_NOUNS, SPEECH_VERBS, TITLES

PERSON_LABELS = {"PERSON", "PER"}
SPEAKING_LABELS = {"PERSON", "PER", "ORG", "NORP", "GPE"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}
_SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
_CLAUSES = {"relcl", "acl", "advcl", "ccomp", "xcomp", "parataxis"}
_NOT_SPEAKERS = {"poss", "case"}
_PRONOUNS = {"he", "she", "they", "it", "we", "i", "him", "her", "them"}
_RELATIVES = {"who", "that", "which", "whom"}
_DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "one", "another", "some"}



@dataclass
class ParseSpeaker:
    """What the parse says about a quotation's speaker."""

    start: int  # the speaker phrase (code points)
    end: int
    text: str  # as written, determiners dropped for roles and groups
    kind: str  # person | org | group | pronoun | role
    cue: tuple[int, int]  # the reporting verb (or "according to")
    how: str  # post | pre | according-to
    note: str = ""  # e.g. "role 'sheriff' → John Smith (title before the name)"
    person: tuple[int, int] | None = None  # a role resolved to this PERSON mention


class ParseAttributor:
    """Speech verbs and their subjects in a parsed document; ``in_quote(offset)`` says whether an offset lies
    inside a quotation (verbs and speakers there do not count)."""

    def __init__(self, doc, in_quote: Callable[[int], bool]):
        self.doc = doc
        self.text = doc.text  # spaCy joins the tokens anew on every ``Doc.text``: once here
        self.in_quote = in_quote
        self.ents = entity_spans(doc)
        self._ent_at = {}
        for e in self.ents:
            for t in e:
                self._ent_at[t.i] = e
        self._roles: dict[str, list[tuple[int, int, str]]] | None = None

    # ------------------------------------------------------------------------------------------ verbs

    def is_cue(self, t) -> bool:
        if self.in_quote(t.idx):
            return False
        low, lemma = t.lower_, t.lemma_.lower()
        if t.pos_ not in ("VERB", "AUX") and not (t.pos_ == "NOUN" and t.dep_ == "ROOT"):
            return False
        return low in SPEECH_VERBS or lemma in SPEECH_VERBS

    def tokens(self, lo: int, hi: int) -> list:
        span = self.doc.char_span(lo, hi, alignment_mode="expand")
        return list(span) if span is not None else []

    def find(self, q_start: int, q_end: int, lo: int, hi: int, *, starts_sentence: bool) -> ParseSpeaker | None:
        """The speaker of the quotation at [q_start, q_end) (outer offsets, marks included), looking at the
        text [lo, hi) around it (its sentence or sentences)."""
        toks = self.tokens(lo, hi)
        after = [t for t in toks if t.idx >= q_end and self.is_cue(t)]
        before = [t for t in toks if t.idx + len(t) <= q_start and self.is_cue(t)]
        order = []
        if starts_sentence:
            order += [(t, "post") for t in after[:2]] + [(t, "pre") for t in reversed(before)]
        else:
            order += [(t, "pre") for t in reversed(before)] + [(t, "post") for t in after[:2]]
        for verb, how in order:
            if how == "post" and self._gap(q_end, verb.idx) > 12:
                continue
            found = self.speaker_of_verb(verb, how, lo, hi)
            if found is not None:
                return found
        return self.according_to(toks)

    def _gap(self, a: int, b: int) -> int:
        """Tokens between two offsets, not counting those inside quotations (``X, author of “…”, said``)."""
        return sum(1 for t in self.tokens(a, b) if not self.in_quote(t.idx)) if b > a else 0

    def sentence_subject(self, lo: int, hi: int) -> ParseSpeaker | None:
        """The subject of the main verb of the text [lo, hi) (a colon introduction without a speech verb:
        ``The judge had advice for anyone …:``)."""
        toks = [t for t in self.tokens(lo, hi) if not self.in_quote(t.idx)]
        roots = [t for t in toks if t.dep_ == "ROOT" and t.pos_ in ("VERB", "AUX")]
        for r in roots:
            subs = [c for c in r.children if c.dep_ in _SUBJECTS and lo <= c.idx < hi]
            if subs:
                return self.speaker_from(subs[0], (r.idx, r.idx + len(r)), "pre")
        return None

    def according_to(self, toks: Sequence) -> ParseSpeaker | None:
        for t in toks:
            if t.lower_ == "according" and not self.in_quote(t.idx):
                nxt = t.doc[t.i + 1] if t.i + 1 < len(t.doc) else None
                if nxt is None or nxt.lower_ != "to":
                    continue
                objs = [c for c in nxt.children if c.dep_ == "pobj"] or [c for c in t.children if c.dep_ == "pobj"]
                if objs:
                    sp = self.speaker_from(objs[0], (t.idx, nxt.idx + len(nxt)), "according-to")
                    if sp is not None:
                        return sp
        return None

    def subject(self, verb):
        """The subject token of a reporting verb, climbing to the verb it is coordinated with or hangs on."""
        v = verb
        for _ in range(3):
            if v.dep_ == "pcomp" and v.head.dep_ == "prep":  # "she is quoted as saying"
                v = v.head.head
                continue
            if v is not verb:  # "X was welcomed by Smith, saying": the logical subject of a passive is its agent
                for a in (c for c in v.children if c.dep_ == "agent"):
                    objs = [c for c in a.children if c.dep_ == "pobj"]
                    if objs:
                        return objs[0]
            subs = [c for c in v.children if c.dep_ in _SUBJECTS]
            if subs:  # two subjects for one verb ("state news agency BelTA reported"): the name
                s = next((x for x in subs if x.pos_ == "PROPN"), subs[0])
                if s.lower_ in _RELATIVES and v.dep_ == "relcl":
                    return v.head
                return s
            agents = [c for c in v.children if c.dep_ == "agent"]
            for a in agents:
                objs = [c for c in a.children if c.dep_ == "pobj"]
                if objs:
                    return objs[0]
            if v.dep_ in ("conj", "xcomp", "advcl", "pcomp") and v.head.i != v.i:
                v = v.head
                continue
            break
        return None

    def inverted(self, verb):
        """``“…,” said Rep. Jim McDermott`` / ``…, said Yeager:``: a name right after a reporting verb that
        follows a quotation or a comma is its subject, whatever the parser attached it to."""
        doc = self.doc
        if verb.i == 0 or not (doc[verb.i - 1].is_punct or doc[verb.i - 1].is_quote):
            return None
        if any(c.dep_ in _SUBJECTS and c.i < verb.i and not self.in_quote(c.idx) for c in verb.children):
            return None  # the parse has the subject before the verb ("Jeffs' nephew, Brent Jeffs, told InSession")
        if verb.lemma_.lower() in ADDRESSEE_VERBS:
            return None  # "told X", "asked X": the name after the verb is the one spoken to
        found = []  # the names of the phrase after the verb: "said Trend Micro researcher Paul Ferguson"
        before_and = None  # how many names came before an "and" in that phrase
        for j in range(verb.i + 1, min(len(doc), verb.i + 12)):
            t = doc[j]
            e = self._ent_at.get(j)
            if e is not None and e.label_ in SPEAKING_LABELS:
                if e not in found:
                    found.append(e)
                continue
            if t.lower_ == "and" and found and j + 1 < len(doc) and doc[j + 1].pos_ in ("PROPN", "NOUN", "ADJ", "DET"):
                before_and = before_and if before_and is not None else len(found)
                continue  # "said SeaMicro CEO and new AMD general manager Andrew Feldman"
            if not (t.pos_ in ("PROPN", "NOUN", "ADJ", "NUM") or t.lower_.rstrip(".") in TITLES
                    or t.lower_ in _DETERMINERS or (t.lower_ == "of" and found == [])):
                break
        if not found:
            nxt = doc[verb.i + 1] if verb.i + 1 < len(doc) else None
            if nxt is not None and nxt.pos_ == "PROPN" and nxt.head.i == verb.i and nxt.dep_ in _SUBJECTS:
                return nxt  # "…, said Yeager:" with no entity on the name
            for j in range(verb.i + 1, min(len(doc), verb.i + 6)):  # "“…,” added the doctor."
                t = doc[j]
                if t.pos_ == "NOUN" and t.head.i == verb.i and t.dep_ in (*_SUBJECTS, "dobj", "attr", "npadvmod"):
                    end = doc[j + 1] if j + 1 < len(doc) else None
                    if end is None or end.is_punct or end.is_space or end.lower_ in ("who", "on", "in", "at"):
                        return t
                if t.pos_ not in ("DET", "ADJ", "NOUN", "NUM", "PROPN"):
                    break
            return None
        people = [e for e in found if e.label_ in PERSON_LABELS]
        if before_and is not None and any(e.label_ in PERSON_LABELS for e in found[:before_and]) \
                and any(e.label_ in PERSON_LABELS for e in found[before_and:]):
            return people[0].root  # "said Laurence Mark and Bill Condon": the first, whose conjuncts make it joint
        return people[-1].root if people else found[0].root  # the head name: "said Oscar producer Laurence Mark"

    def speaker_of_verb(self, verb, how: str, lo: int = 0, hi: int | None = None) -> ParseSpeaker | None:
        hi = len(self.text) if hi is None else hi
        s = self.inverted(verb)
        if s is None:
            s = self.subject(verb)
        if s is None or self.in_quote(s.idx) or not lo <= s.idx < hi:
            return None  # a subject outside the sentence: the parse ran over a paragraph break
        return self.speaker_from(s, (verb.idx, verb.idx + len(verb)), how)

    def addressee_before(self, pos: int, reach: int = 800):
        """The person last asked a question before ``pos`` (``Lynch asked Coleman, “…?”``): the PERSON object of
        the nearest ``ask``/``question`` outside quotations within ``reach`` code points; None if there is none."""
        toks = self.tokens(max(0, pos - reach), pos)
        for t in reversed(toks):
            if t.lemma_.lower() not in ("ask", "question") or t.pos_ != "VERB" or self.in_quote(t.idx):
                continue
            for c in t.children:
                e = self._ent_at.get(c.i)
                if c.dep_ in ("dobj", "dative") and e is not None and e.label_ in PERSON_LABELS:
                    return e
        return None

    # ------------------------------------------------------------------------------------------ speakers

    def _excluded(self, head) -> set[int]:
        """Token indices under a possessive, a clause or a preposition other than ``of`` below ``head``."""
        out: set[int] = set()
        for t in head.subtree:
            if t.i == head.i:
                continue
            if t.dep_ in _NOT_SPEAKERS or t.dep_ in _CLAUSES or (t.dep_ == "prep" and t.lower_ != "of"):
                out.update(x.i for x in t.subtree)
        return out

    def speaker_from(self, s, cue: tuple[int, int], how: str) -> ParseSpeaker | None:
        found = self._speaker_from(s, cue, how)
        if found is not None and found.kind != "pronoun":
            # a numbered designation ("Juror No. 8", "Witness No. 2"): the tokenizer splits "No." off its
            # number; the designation is a role the article gives no name for
            m = _NUMBERED.match(self.text, found.end)
            if m and re.search(r"\b(?:No|Number|no|number)$", found.text):
                end = m.end()
                text = self.text[found.start:end]
                return ParseSpeaker(found.start, end, _bare_role(text), "role", found.cue, found.how,
                                    note=f"“{text}”: a numbered designation, no name")
        return found

    def _speaker_from(self, s, cue: tuple[int, int], how: str) -> ParseSpeaker | None:
        if s.lemma_.lower() in UTTERANCE_NOUNS or s.lower_ in UTTERANCE_NOUNS:
            owner = next((c for c in s.children if c.dep_ == "poss"), None)
            if owner is not None:  # "a man's voice says": the one whose voice it is
                s = owner
        low = s.lower_
        if low in _PRONOUNS and s.pos_ == "PRON":
            return ParseSpeaker(s.idx, s.idx + len(s), s.text, "pronoun", cue, how)
        ent = self._ent_at.get(s.i)
        if ent is not None and ent.label_ in PERSON_LABELS:
            joint = [c for c in s.children if c.dep_ == "conj" and c.pos_ == "PROPN"]
            if joint:  # "Mark and Condon said": a joint statement
                last = self._ent_at.get(joint[-1].i)
                end = last.end_char if last is not None else joint[-1].idx + len(joint[-1])
                a, b = ent.start_char, max(ent.end_char, end)
                return ParseSpeaker(a, b, self.text[a:b], "group", cue, how, note="a joint statement")
        if ent is not None and ent.label_ in SPEAKING_LABELS and s.dep_ not in _NOT_SPEAKERS:
            return self._entity(ent, cue, how)
        excluded = self._excluded(s)
        # a person in apposition ("one employee, Andrei Yaroshevich") or inside the subject's phrase
        persons = []
        for t in s.subtree:
            e = self._ent_at.get(t.i)
            if e is None or e.label_ not in PERSON_LABELS or t.i in excluded or self.in_quote(t.idx):
                continue
            if e not in persons:
                persons.append(e)
        if persons:
            appos = [e for e in persons if any(t.dep_ == "appos" for t in e)]
            return self._entity((appos or persons)[0], cue, how)
        if ent is not None and ent.label_ in PLACE_LABELS:
            return None  # a place does not speak for a person ("Gaza said" is rare; leave it to the rules)
        orgs = [self._ent_at[t.i] for t in s.subtree if t.i in self._ent_at and t.i not in excluded
                and self._ent_at[t.i].label_ in ("ORG", "NORP")]
        if orgs:  # "Moody's Investor Services", "state news agency BelTA": the name, not the noun
            return self._entity(orgs[0], cue, how)
        if s.pos_ in ("NOUN", "PROPN"):
            return self._noun(s, excluded, cue, how)
        return None

    def _entity(self, e, cue, how) -> ParseSpeaker:
        kind = "person" if e.label_ in PERSON_LABELS else "group" if e.label_ == "NORP" else "org"
        text = re.sub(r"^(?:the|The)\s+", "", e.text) if kind != "person" else e.text
        start = e.start_char + (len(e.text) - len(text))
        return ParseSpeaker(start, e.end_char, text.rstrip("'’ ").removesuffix("'s").removesuffix("’s"), kind, cue, how)

    def _noun(self, s, excluded: set[int], cue, how) -> ParseSpeaker:
        """A common-noun subject: a role (resolved to the person the article ties to it, when it does) or a
        group/organisation noun phrase; a name right after the noun is what it names (``state news agency
        BelTA``)."""
        named = [c for c in s.rights if c.pos_ == "PROPN" and c.dep_ in ("appos", "compound", "npadvmod", "nmod")
                 and c.i == s.i + 1 + sum(1 for x in c.lefts)]
        if s.pos_ == "NOUN" and named:
            c = named[0]
            toks = [x for x in c.subtree if x.pos_ == "PROPN" and x.i not in excluded]
            if toks:
                a, b = toks[0].idx, toks[-1].idx + len(toks[-1])
                return ParseSpeaker(a, b, self.text[a:b], "person" if self._is_person(toks) else "org", cue, how)
        keep = [s]
        for t in s.lefts:
            if t.i in excluded or t.dep_ in ("det", "predet", "punct", "cc", "poss") or t.lower_ in _DETERMINERS:
                continue
            if t.dep_ in ("compound", "amod", "nmod", "nummod", "npadvmod"):
                keep.extend(x for x in t.subtree if x.i not in excluded)
        # "director of the agency", "a spokesman for the company": the role noun heads the phrase
        toks = sorted({t.i: t for t in keep}.values(), key=lambda t: t.i)
        start, end = toks[0].idx, s.idx + len(s)
        text = self.text[start:end]
        noun = s.lemma_.lower()
        if noun in ROLE_NOUNS or s.lower_ in ROLE_NOUNS:
            tied = self.tied_person(noun, s.lower_, before=s.idx)
            if tied is not None:
                ps, pe, why = tied
                return ParseSpeaker(start, end, text, "person", cue, how,
                                    note=f"“{text}” is {self.text[ps:pe]} ({why})", person=(ps, pe))
            return ParseSpeaker(start, end, text, "role", cue, how,
                                note=f"“{text}”: a role the article does not tie to a name")
        if s.tag_ == "NN" and noun in ORGANISATION_WORDS and any(
                c.dep_ == "det" and c.lower_ == "the" for c in s.children):
            named = self.organisation_before(s.idx)
            if named is not None:  # "said the company" after "Microsoft has said …": the company is Microsoft
                return ParseSpeaker(named.start_char, named.end_char, named.text, "org", cue, how,
                                    note=f"“{text}” is {named.text} (the organisation the article names most)")
        return ParseSpeaker(start, end, text, "group" if s.tag_ in ("NNS", "NNPS") else "org", cue, how)

    def organisation_before(self, pos: int):
        """The organisation the article is about up to ``pos``: of the ORG entities named before it outside
        quotations, the one named most often (the latest of those on a tie); None if there is none."""
        before = [e for e in self.ents if e.label_ == "ORG" and e.end_char <= pos and not self.in_quote(e.start_char)]
        if not before:
            return None
        counts: dict[str, int] = {}
        for e in before:
            counts[e.text] = counts.get(e.text, 0) + 1
        top = max(counts.values())
        return next(e for e in reversed(before) if counts[e.text] == top)

    def _is_person(self, toks) -> bool:
        return any(self._ent_at.get(t.i) is not None and self._ent_at[t.i].label_ in PERSON_LABELS for t in toks)

    # ------------------------------------------------------------------------------------------ roles

    def role_index(self) -> dict[str, list[tuple[int, int, str]]]:
        """Role noun → PERSON mentions the article ties to it: a title right before the name (``Sheriff John
        Smith``, ``prosecutor Kellie Hill``) or an apposition either way (``John Smith, the sheriff``)."""
        if self._roles is not None:
            return self._roles
        roles: dict[str, list[tuple[int, int, str]]] = {}
        doc = self.doc
        for e in self.ents:
            if e.label_ not in PERSON_LABELS or self.in_quote(e.start_char):
                continue
            # titles and role nouns right before the name ("Superior Court Judge James Bodiford")
            j = e.start - 1
            while j >= 0 and j >= e.start - 4:
                t = doc[j]
                if t.is_punct or t.pos_ in ("DET", "ADP", "VERB", "AUX", "PRON"):
                    break
                for key in {t.lower_, t.lemma_.lower()}:
                    if key in ROLE_NOUNS:
                        roles.setdefault(key, []).append((e.start_char, e.end_char, "title before the name"))
                j -= 1
            # apposition: the name's head has a role noun as appos, or the name is appos of a role noun
            root = e.root
            links = [c for c in root.children if c.dep_ == "appos"]
            if root.dep_ == "appos":
                links.append(root.head)
            for c in links:
                for key in {c.lower_, c.lemma_.lower()}:
                    if key in ROLE_NOUNS:
                        roles.setdefault(key, []).append((e.start_char, e.end_char, "apposition"))
        self._roles = roles
        return roles

    def tied_person(self, lemma: str, word: str, *, before: int) -> tuple[int, int, str] | None:
        """The one person the article ties to a role; the latest before ``before`` when several are, else the
        first after; None when the article names nobody in that role, or several different people."""
        ties = self.role_index().get(lemma, []) + self.role_index().get(word, [])
        if not ties:
            return None
        names = {_last_word(self.text[s:e]) for s, e, _ in ties}
        if len(names) > 1:
            earlier = [t for t in ties if t[1] <= before]
            if not earlier:
                return None
            return max(earlier, key=lambda t: t[0])
        earlier = [t for t in ties if t[1] <= before]
        return max(earlier, key=lambda t: t[0]) if earlier else min(ties, key=lambda t: t[0])


_NUMBERED = re.compile(r"\.?\s?\d+\b")


def _bare_role(text: str) -> str:
    return re.sub(r"^(?:the|a|an)\s+", "", text, flags=re.IGNORECASE)


def _last_word(name: str) -> str:
    words = re.findall(r"[\w’'-]+", name)
    return words[-1].lower() if words else ""


_NOT_NAME_START = {"VERB", "AUX", "ADP", "DET", "ADV", "PRON", "SCONJ", "CCONJ"}


def entity_spans(doc) -> list:
    """The parse's named entities, corrected where a small model errs in news copy: a name never spans a
    paragraph break nor starts with a verb, a determiner or a title ("Media Mogul\n\nPage", "Having
    Jackman", "Interior Dirk Kempthorne"); an organisation that is a title and a personal name is a person
    ("the Interior Dirk Kempthorne"); a one-word organisation or place that is the surname of a person the
    parse names in full elsewhere is that person ("Salazar said")."""
    from .names import _name_mentions

    text = doc.text  # computed from the tokens on every access: once
    surnames = {e.text.split()[-1].lower() for e in doc.ents if e.label_ == "PERSON" and len(e.text.split()) > 1}
    out = []
    for e in doc.ents:
        toks = list(e)
        for k, t in enumerate(toks):
            if "\n" in t.text or "\n" in t.whitespace_:
                toks = toks[k + 1:]
                break
        while len(toks) > 1 and (toks[0].pos_ in _NOT_NAME_START
                                 or (e.label_ == "PERSON" and toks[0].lower_.rstrip(".") in TITLES)):
            toks = toks[1:]
        if not toks:
            continue
        start, end, label = toks[0].idx, toks[-1].idx + len(toks[-1]), e.label_
        if label in ("ORG", "GPE", "NORP") and len(toks) == 1 and toks[0].text.lower() in surnames:
            label = "PERSON"
        elif label == "ORG":
            named = [m for m in _name_mentions(text, start, end) if m.kind == "person" and m.attrs.get("title")]
            if named:
                label, start, end = "PERSON", named[0].start, named[0].end
        span = doc.char_span(start, end, label=label)
        out.append(span if span is not None else e)
    return out


__all__ = ["ParseAttributor", "ParseSpeaker", "entity_spans", "PERSON_LABELS", "PLACE_LABELS", "TITLES"]
