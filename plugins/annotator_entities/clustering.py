"""Group entity mentions into clusters (one real-world referent each), pure functions (no project, no Qt).

Input: :class:`Mention` objects (a reference, the document, the surface text, the label, and the entity id when
the researcher or an earlier run already assigned one). Output: :class:`Cluster` objects with a proposed
canonical name and aliases, and the existing entity they extend, if any.

- PERSON: full names (given + surname) are joined when their surnames match after transliteration folding or
  fuzzily (:func:`annotator_entities.names.same_person`), unless their given names contradict. A one-word
  mention ("Lukashenko") joins the full name with that surname in the same document, else the only such full
  name in the corpus; otherwise one-word mentions group among themselves.
- Other labels: same key after folding and known aliases ("U.S." = "United States"), or acronym of the other
  ("EU" = "European Union").
- Mentions already assigned to an entity anchor their cluster: unassigned mentions that fall into it are
  proposed for that entity. A cluster holding two different entities leaves ambiguous mentions alone.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .names import (
    PersonName,
    _given_forms,
    entity_key,
    given_compatible,
    is_acronym_of,
    parse_name,
    same_person,
    skeleton,
    translit,
)


@dataclass(frozen=True)
class Mention:
    ref: str  # an annotation id, or a suggestion key of the current run
    document_id: str
    text: str
    label: str
    entity_id: str | None = None
    start: int = -1  # offset in the document (-1: unknown), for "who was named before this short form"
    gender: str = ""  # "m"/"f": the pronoun that follows the mention in its sentence (see pronoun_genders)


@dataclass(frozen=True)
class KnownEntity:
    id: str
    canonical_name: str
    label: str
    aliases: tuple[str, ...] = ()
    status: str = "accepted"


@dataclass
class Cluster:
    label: str
    mentions: list[Mention] = field(default_factory=list)
    canonical_name: str = ""
    aliases: list[str] = field(default_factory=list)
    entity_id: str | None = None  # an existing entity this cluster extends
    score: float = 1.0
    reason: str = ""

    @property
    def unassigned(self) -> list[Mention]:
        return [m for m in self.mentions if not m.entity_id]


_PRONOUN = re.compile(r"\b(he|his|him|himself|she|her|hers|herself)\b", re.IGNORECASE)
_FEMALE_PRONOUNS = {"she", "her", "hers", "herself"}
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s|\n")
_PRONOUN_WINDOW = 200
_ABBREVIATION = re.compile(r"(?<![\w.])[A-Z][a-z]{0,3}$")  # a capitalised word of up to four letters before "."


def pronoun_genders(text: str, spans: Sequence[tuple[int, int]]) -> list[str]:
    """For each person span ``(start, end)`` of ``text``, "m" or "f" when the first third-person pronoun after it
    (*he, his, him, she, her*...) comes in the same sentence and before the next person span, else "". A
    coreference cue: *Peterson was found guilty of murdering his wife* is a man, whoever else the article
    names Peterson."""
    order = sorted(range(len(spans)), key=lambda k: spans[k][0])
    out = [""] * len(spans)
    for pos, k in enumerate(order):
        start, end = spans[k]
        stop = min(len(text), end + _PRONOUN_WINDOW)
        for later in order[pos + 1:]:
            if spans[later][0] >= end:
                stop = min(stop, spans[later][0])
                break
        window = text[end:stop]
        for cut in _SENTENCE_END.finditer(window):
            if cut.group()[0] == "." and _ABBREVIATION.search(window, 0, cut.start()):
                continue  # "on Nov. 12", "Dr. Smith": no sentence end
            window = window[:cut.start()]
            break
        m = _PRONOUN.search(window)
        if m:
            out[k] = "f" if m.group(1).lower() in _FEMALE_PRONOUNS else "m"
    return out


def _component_gender(counts: Counter) -> str:
    """A person's gender as their full-name mentions' pronouns show it: at least two, and at least twice as
    many as the other's ("" when the text does not say)."""
    for g, other in (("m", "f"), ("f", "m")):
        if counts[g] >= 2 and counts[g] >= 2 * counts[other]:
            return g
    return ""


def _dictionary_gender(first_names: set[str]) -> str:
    """"m" or "f" when every first name (initials aside) is only that sex's in the name dictionary
    (*Herbert*), else ""."""
    from annotator import knowledge

    seen = {knowledge.given_gender(g) for g in first_names if len(g.rstrip(".")) > 1}
    if seen == {"male"}:
        return "m"
    if seen == {"female"}:
        return "f"
    return ""


class _UnionFind:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def cluster_mentions(
    mentions: Sequence[Mention],
    entities: Iterable[KnownEntity] = (),
    *,
    threshold: float = 85.0,
    labels: Iterable[str] | None = None,
    people: Iterable[str] = ("PERSON",),
) -> list[Cluster]:
    """Cluster ``mentions`` (see the module docstring). ``entities`` are the registry's records, whose names and
    aliases also anchor clusters. Only ``labels`` are clustered (all when None); ``people`` are the labels
    whose names are compared as person names."""
    people = set(people)
    wanted = set(labels) if labels is not None else None
    known = {e.id: e for e in entities}
    by_label: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        if wanted is None or m.label in wanted:
            by_label[m.label].append(m)
    out: list[Cluster] = []
    for label, group in sorted(by_label.items()):
        label_entities = [e for e in known.values() if e.label == label]
        if label in people:
            groups = _cluster_people(group, label_entities, threshold)
        else:
            groups = _cluster_by_key(group, label_entities)
        for members in groups:
            out.append(_make_cluster(label, members, known, label in people))
    out.sort(key=lambda c: (-len(c.mentions), c.label, c.canonical_name))
    return out


# --------------------------------------------------------------------------------------------- people


def _cluster_people(group: list[Mention], entities: list[KnownEntity], threshold: float) -> list[list[Mention]]:
    """Union-find over *forms* (distinct folded full names, per entity id) and single-word mentions, so the cost
    grows with the number of distinct spellings, not of mentions."""
    # Registry names act as extra, invisible members so "Lukashenka" finds an accepted "Alexander Lukashenko".
    pseudo = [Mention(f"entity:{e.id}:{i}", "", name, e.label, e.id)
              for e in entities for i, name in enumerate((e.canonical_name, *e.aliases))]
    items = [m for m in group + pseudo if parse_name(m.text).surname]
    form_of: dict[tuple[str, str | None], int] = {}
    forms: list[PersonName] = []
    form_entity: list[str | None] = []
    form_docs: list[set[str]] = []
    form_count: list[int] = []  # mentions of each form in the corpus
    form_gender: list[Counter] = []  # pronoun cues after each form's mentions
    first_at: dict[tuple[int, str], int] = {}  # (form, document) -> where the document first writes it
    node_of_item: list[int] = []
    single_items: list[int] = []
    for i, m in enumerate(items):
        name = parse_name(m.text)
        if name.full:
            key = (" ".join((*name.given, name.surname, name.suffix)), m.entity_id)
            if key not in form_of:
                form_of[key] = len(forms)
                forms.append(name)
                form_entity.append(m.entity_id)
                form_docs.append(set())
                form_count.append(0)
                form_gender.append(Counter())
            f = form_of[key]
            form_docs[f].add(m.document_id)
            form_count[f] += 1
            if m.gender:
                form_gender[f][m.gender] += 1
            if m.start >= 0:
                k = (f, m.document_id)
                first_at[k] = min(first_at.get(k, m.start), m.start)
            node_of_item.append(f)
        else:
            node_of_item.append(-1)
            single_items.append(i)
    n_forms = len(forms)
    for k, i in enumerate(single_items):
        node_of_item[i] = n_forms + k
    uf = _UnionFind(n_forms + len(single_items))
    entity_node: dict[str, int] = {}
    for i, m in enumerate(items):
        if m.entity_id:
            node = node_of_item[i]
            if m.entity_id in entity_node:
                uf.union(entity_node[m.entity_id], node)
            else:
                entity_node[m.entity_id] = node

    def conflict(ea: str | None, eb: str | None) -> bool:
        return bool(ea and eb and ea != eb)

    # full names, pairwise within blocks (first letter of the folded surname)
    blocks: dict[str, list[int]] = defaultdict(list)
    for f, name in enumerate(forms):
        blocks[translit(name.surname)[:1]].append(f)
    # Jr. and Sr. are two people: a component never holds two different generational suffixes, and a name
    # without one joins the suffixed name it shares an article with before any other
    suffixes: dict[int, set[str]] = {f: ({forms[f].suffix} if forms[f].suffix else set()) for f in range(len(forms))}
    pairs: list[tuple[int, int, int]] = []
    apart: list[tuple[int, int]] = []  # forms one article shows to be two people: never in one component
    for idxs in blocks.values():
        for x in range(len(idxs)):
            for y in range(x + 1, len(idxs)):
                a, b = idxs[x], idxs[y]
                if not conflict(form_entity[a], form_entity[b]) and same_person(forms[a], forms[b], threshold):
                    sa, sb = forms[a].suffix, forms[b].suffix
                    together = bool(form_docs[a] & form_docs[b])
                    if together and {sa, sb} - {""} and "" in (sa, sb) and (sa or sb) != "sr":
                        apart.append((a, b))  # "Mark Felt" and "Mark Felt Jr." in one article: father and son
                        continue
                    rank = 0 if sa == sb or (together and "sr" in (sa, sb)) else (1 if together else 2)
                    pairs.append((rank, a, b))
    members: dict[int, list[int]] = defaultdict(list)  # the forms of each component, by root
    for f in range(len(forms)):
        members[uf.find(f)].append(f)
    for _, a, b in sorted(pairs):
        ra, rb = uf.find(a), uf.find(b)
        if ra == rb:
            continue
        merged = suffixes.get(ra, set()) | suffixes.get(rb, set())
        if len(merged) > 1 or any({uf.find(x), uf.find(y)} == {ra, rb} for x, y in apart):
            continue
        # no chain through a vague form: "J. Smith" fits John Smith and Jane Smith, who stay two people
        if not all(given_compatible(forms[x], forms[y]) for x in members[ra] for y in members[rb]):
            continue
        uf.union(a, b)
        root = uf.find(a)
        members[root] = members.pop(ra, []) + members.pop(rb, [])
        suffixes[root] = merged
    all_surnames = {name.surname for name in forms}
    doc_forms: dict[str, list[int]] = defaultdict(list)
    for f, docs in enumerate(form_docs):
        for d in docs:
            doc_forms[d].append(f)
    # a person's gender, from the pronouns after their full names; a lone surname whose pronoun contradicts the
    # article's person of that surname is someone else (a relative: *Laci Peterson* ... *Peterson* ... *his
    # wife*), and so are the other lone mentions of that surname in the article (one referent per article)
    root_gender_counts: dict[int, Counter] = defaultdict(Counter)
    for f in range(n_forms):
        root_gender_counts[uf.find(f)].update(form_gender[f])
    root_gender = {r: _component_gender(c) for r, c in root_gender_counts.items()}
    for r in [r for r, g in root_gender.items() if not g]:
        # the text does not say: the first-name dictionary, when every first name of the person is one sex's
        root_gender[r] = _dictionary_gender({forms[f].given[0] for f in range(n_forms)
                                             if uf.find(f) == r and forms[f].given})
    opposite = {"m": "f", "f": "m"}
    cues: dict[tuple[str, str], set[str]] = defaultdict(set)  # pronouns after each article's lone surname
    for i in single_items:
        m = items[i]
        if m.gender and m.document_id:
            cues[(m.document_id, parse_name(m.text).surname)].add(m.gender)
    # one referent per article for its lone surname: its pronouns, when they all agree
    lone_gender = {k: next(iter(v)) for k, v in cues.items() if len(v) == 1}
    # (only where the corpus names several people of the surname: a surname one person has is theirs, whatever
    # pronoun follows it: *Subryan struck Chohan with his car*)
    vetoed: dict[tuple[str, str], set[int]] = defaultdict(set)
    people_of: dict[str, set[int]] = {}
    for (doc, surname), g in lone_gender.items():
        if surname not in people_of:
            me = PersonName(surname, (), surname)
            people_of[surname] = {uf.find(f) for f in blocks.get(translit(surname)[:1], ())
                                  if same_person(me, PersonName("", (), forms[f].surname), threshold)}
        if len(people_of[surname]) < 2:
            continue
        for f in doc_forms.get(doc, ()):
            if uf.find(f) in people_of[surname] and root_gender.get(uf.find(f)) == opposite[g]:
                vetoed[(doc, surname)].add(uf.find(f))
    # one-word mentions: the full name with that surname in the same document, else the only one in the corpus
    candidates: dict[str, list[tuple[float, int]]] = {}
    by_given: dict[str, list[int]] = {}
    unattached: list[int] = []
    ambiguous: set[int] = set()
    for i in single_items:
        m = items[i]
        surname = parse_name(m.text).surname
        if surname not in candidates:
            me = PersonName(surname, (), surname)
            candidates[surname] = [(s, f) for f in blocks.get(translit(surname)[:1], ())
                                   if (s := same_person(me, PersonName("", (), forms[f].surname), threshold))]
        scored = [(s, f) for s, f in candidates[surname] if not conflict(m.entity_id, form_entity[f])]
        same_doc = [(s, f) for s, f in scored if m.document_id and m.document_id in form_docs[f]]
        veto = vetoed.get((m.document_id, surname))
        gender = lone_gender.get((m.document_id, surname), "")
        if veto:
            # the article's person of the surname is not this one: another person of it in the corpus only when
            # exactly one, and their pronouns agree with this mention's
            same_doc = [(s, f) for s, f in same_doc if uf.find(f) not in veto]
            if not same_doc:
                rest = [(s, f) for s, f in scored if uf.find(f) not in veto]
                if gender and len({uf.find(f) for _, f in rest}) == 1 \
                        and root_gender.get(uf.find(rest[0][1])) != opposite[gender]:
                    uf.union(node_of_item[i], max(rest)[1])
                elif not m.entity_id:
                    ambiguous.add(i)
                else:
                    unattached.append(i)
                continue
        if not same_doc and m.document_id and surname not in all_surnames:
            # a first name or nickname alone ("Craig", "Bob", "Katie" for Kathryn): the one person of that first
            # name in the document, else the only one in the corpus
            here = doc_forms.get(m.document_id, ())
            f = _by_given(surname, here, forms, form_entity, m.entity_id, uf)
            if f is None and not _given_in(surname, here, forms):
                if surname not in by_given:
                    by_given[surname] = [g for g in range(n_forms) if _given_matches(surname, forms[g])]
                f = _by_given(surname, by_given[surname], forms, form_entity, m.entity_id, uf)
            if f is not None:
                uf.union(node_of_item[i], f)
                continue
        pool = same_doc or scored
        roots = {uf.find(f) for _, f in pool}
        if len(roots) > 1 and gender:
            # several people of the surname and a pronoun after it: the only one it does not contradict
            agree = [(s, f) for s, f in pool if root_gender.get(uf.find(f)) != opposite[gender]]
            if len({uf.find(f) for _, f in agree}) == 1:
                pool, roots = agree, {uf.find(agree[0][1])}
        if len(roots) > 1:  # several people share the surname: only an exact surname decides
            pool = [(s, f) for s, f in pool if forms[f].surname == surname]
            roots = {uf.find(f) for _, f in pool}
        if len(roots) > 1:
            pool = _main_person(pool, m, roots, uf, form_count, form_docs, first_at)
            roots = {uf.find(f) for _, f in pool}
        if len(roots) == 1:
            uf.union(node_of_item[i], max(pool)[1])
        elif len(roots) > 1 and not m.entity_id:
            ambiguous.add(i)  # "Jenkin" where two Jenkins are named: no entity rather than a wrong one
        else:
            unattached.append(i)
    # remaining one-word mentions group among themselves (by distinct spelling)
    by_form: dict[tuple[str, str | None], list[int]] = defaultdict(list)
    for i in unattached:
        by_form[(parse_name(items[i].text).surname, items[i].entity_id)].append(i)
    keys = list(by_form)
    for key in keys:
        first = node_of_item[by_form[key][0]]
        for i in by_form[key][1:]:
            uf.union(first, node_of_item[i])
    for x in range(len(keys)):
        for y in range(x + 1, len(keys)):
            (sa, ea), (sb, eb) = keys[x], keys[y]
            if not conflict(ea, eb) and same_person(PersonName("", (), sa), PersonName("", (), sb), threshold):
                uf.union(node_of_item[by_form[keys[x]][0]], node_of_item[by_form[keys[y]][0]])
    groups: dict[int, list[Mention]] = defaultdict(list)
    for i, m in enumerate(items):
        if i not in ambiguous:
            groups[uf.find(node_of_item[i])].append(m)
    return [g for g in groups.values() if any(not m.ref.startswith("entity:") for m in g)]


def _given_in(word: str, candidates, forms: list[PersonName]) -> bool:
    """Whether one of the ``candidates`` forms has ``word`` as its first name, nickname or a usual short form."""
    return any(_given_matches(word, forms[f]) for f in candidates)


def _given_matches(word: str, name: PersonName) -> bool:
    from annotator import knowledge

    return any(word == g or knowledge.is_nickname_pair(word, g) for g in _given_forms(name))


def _by_given(word: str, candidates, forms: list[PersonName], form_entity: list, entity_id, uf) -> int | None:
    """The form of the one person (component) among ``candidates`` whose first name or nickname is ``word``
    (also as a usual short form: Katie / Kathryn), else None (no one, or several people)."""
    hits = [f for f in candidates if not (entity_id and form_entity[f] and form_entity[f] != entity_id)
            and _given_matches(word, forms[f])]
    if hits and len({uf.find(f) for f in hits}) == 1:
        return hits[0]
    return None


#: A lone surname goes to the article's main person of that name only when that person is this much more
#: often named in full across the corpus than any other of the name, and in at least that many articles.
MAIN_PERSON_RATIO = 3
MAIN_PERSON_DOCS = 3


def _main_person(pool, m: Mention, roots: set[int], uf, form_count, form_docs, first_at):
    """Several people of one surname are candidates for a lone surname. News names a person in full once and
    then by the surname alone; relatives and namesakes get their full or first name. So the surname is the
    person's

    - when, of the candidates the article names in full, only one is named before this mention;
    - else when the article named that person first, and across the corpus they are named in full at least
      :data:`MAIN_PERSON_RATIO` times as often as any other candidate, in at least :data:`MAIN_PERSON_DOCS`
      articles (the article's subject, not a relative listed once).

    Otherwise the pool is returned unchanged (no entity rather than a guess)."""
    doc = m.document_id
    if not doc:
        return pool
    intro: dict[int, int] = {}
    for _s, f in pool:
        at = first_at.get((f, doc))
        if at is not None:
            r = uf.find(f)
            intro[r] = min(intro.get(r, at), at)
    if len(intro) < len(roots):
        return pool  # a candidate the article does not name (or no offsets): leave it
    if m.start >= 0:
        before = [r for r, at in intro.items() if at < m.start]
        if len(before) == 1:
            return [(s, f) for s, f in pool if uf.find(f) == before[0]]
    first = min(intro, key=intro.get)
    count: dict[int, int] = defaultdict(int)
    docs: dict[int, set] = defaultdict(set)
    for f in range(len(form_count)):
        r = uf.find(f)
        if r in roots:
            count[r] += form_count[f]
            docs[r] |= form_docs[f]
    others = [count[r] for r in roots if r != first]
    if len(docs[first]) >= MAIN_PERSON_DOCS and all(count[first] >= MAIN_PERSON_RATIO * c for c in others):
        return [(s, f) for s, f in pool if uf.find(f) == first]
    return pool


def _conflict(a: Mention, b: Mention) -> bool:
    return bool(a.entity_id and b.entity_id and a.entity_id != b.entity_id)


# --------------------------------------------------------------------------------------------- other labels


def _cluster_by_key(group: list[Mention], entities: list[KnownEntity]) -> list[list[Mention]]:
    pseudo = [Mention(f"entity:{e.id}:{i}", "", name, e.label, e.id)
              for e in entities for i, name in enumerate((e.canonical_name, *e.aliases))]
    items = group + pseudo
    uf = _UnionFind(len(items))
    by_key: dict[str, int] = {}
    by_entity: dict[str, int] = {}
    for i, m in enumerate(items):
        key = entity_key(m.text)
        if m.entity_id:
            if m.entity_id in by_entity:
                uf.union(by_entity[m.entity_id], i)
            else:
                by_entity[m.entity_id] = i
        if key in by_key and not _conflict(items[by_key[key]], m):
            uf.union(by_key[key], i)
        else:
            by_key.setdefault(key, i)
    # acronyms: "EU" joins "European Union"
    longs: dict[str, int] = {}
    shorts: dict[str, int] = {}
    for i, m in enumerate(items):
        if " " in m.text.strip():
            longs.setdefault(m.text, i)
        elif m.text.replace(".", "").isupper():
            shorts.setdefault(m.text, i)
    for short, i in shorts.items():
        for long, j in longs.items():
            if is_acronym_of(short, long) and not _conflict(items[i], items[j]):
                uf.union(i, j)
                break
    groups: dict[int, list[Mention]] = defaultdict(list)
    for i, m in enumerate(items):
        groups[uf.find(i)].append(m)
    return [g for g in groups.values() if any(not m.ref.startswith("entity:") for m in g)]


# --------------------------------------------------------------------------------------------- result


def _make_cluster(label: str, members: list[Mention], known: dict[str, KnownEntity], person: bool) -> Cluster:
    real = [m for m in members if not m.ref.startswith("entity:")]
    entity_ids = Counter(m.entity_id for m in members if m.entity_id)
    cluster = Cluster(label, real)
    surfaces = [_display(m.text) for m in real]
    if len(entity_ids) == 1:
        (eid,) = entity_ids
        cluster.entity_id = eid
        ent = known.get(eid)
        cluster.canonical_name = ent.canonical_name if ent else _pick_canonical(person, surfaces)
        cluster.reason = f"same {label.lower()} as the registry's {cluster.canonical_name!r}"
    elif len(entity_ids) > 1:
        # two entities met: give each unassigned mention to the entity whose names it repeats, else leave it
        cluster.canonical_name = _pick_canonical(person, surfaces)
        cluster.reason = "ambiguous: mentions of several registry entities"
        cluster.score = 0.0
    else:
        cluster.canonical_name = _pick_canonical(person, surfaces)
        variants = sorted(set(surfaces) - {cluster.canonical_name})
        cluster.reason = (f"spellings matched: {', '.join(variants)}" if variants else "one spelling")
        cluster.score = 1.0 if not variants else 0.9
    seen = {cluster.canonical_name}
    for s in surfaces:
        if s not in seen:
            seen.add(s)
            cluster.aliases.append(s)
    return cluster


def split_ambiguous(cluster: Cluster, known: dict[str, KnownEntity]) -> dict[str, list[Mention]]:
    """For a cluster spanning several entities: unassigned mentions whose folded text equals a name of exactly one
    of those entities (or of its assigned mentions), by entity id. Others are left unassigned."""
    names: dict[str, set[str]] = defaultdict(set)
    for m in cluster.mentions:
        if m.entity_id:
            names[m.entity_id].add(entity_key(m.text))
    for eid in list(names):
        ent = known.get(eid)
        if ent:
            names[eid].update(entity_key(n) for n in (ent.canonical_name, *ent.aliases))
    out: dict[str, list[Mention]] = defaultdict(list)
    for m in cluster.unassigned:
        key = entity_key(m.text)
        owners = [eid for eid, keys in names.items() if key in keys]
        if len(owners) == 1:
            out[owners[0]].append(m)
    return out


def _display(text: str) -> str:
    """A mention's text as a name: one line, single spaces, without a possessive."""
    t = " ".join(text.split())
    for suffix in ("'s", "’s"):
        if t.endswith(suffix):
            t = t[: -len(suffix)]
    return t


def _pick_canonical(person: bool, surfaces: list[str]) -> str:
    """The most frequent full form: for people the most frequent two-or-more-word name, else the most frequent
    form that is not all capitals (prefer "Minsk" to "MINSK", "European Union" to "EU")."""
    if not surfaces:
        return ""
    counts = Counter(surfaces)
    order = {s: i for i, s in reversed(list(enumerate(surfaces)))}

    def best(cands):
        return max(cands, key=lambda s: (counts[s], -order[s]))

    if person:
        full = [s for s in counts if parse_name(s).full]
        if full:
            # ties: the spelling whose surname the texts use most ("Tikhanovskaya" alone counts for
            # "Svetlana Tikhanovskaya", not for "Sviatlana Tsikhanouskaya")
            surnames = Counter(parse_name(s).surname for s in surfaces)
            return max(full, key=lambda s: (counts[s], surnames[parse_name(s).surname], -order[s]))
    proper = [s for s in counts if not s.replace(".", "").isupper()]
    if proper:
        multi = [s for s in proper if " " in s]
        acronyms = [s for s in counts if s.replace(".", "").isupper()]
        if multi and acronyms and any(is_acronym_of(a, m) for a in acronyms for m in multi):
            return best(multi)
        return best(proper)
    return best(list(counts))


def same_key(a: str, b: str, label: str, threshold: float = 85.0) -> bool:
    """Whether two surface strings of ``label`` would be clustered together (used by the panel's merge hints)."""
    if label == "PERSON":
        pa, pb = parse_name(a), parse_name(b)
        return bool(same_person(pa, pb, threshold)) or (skeleton(pa.surname) == skeleton(pb.surname) != "")
    return entity_key(a) == entity_key(b) or is_acronym_of(a, b) or is_acronym_of(b, a)
