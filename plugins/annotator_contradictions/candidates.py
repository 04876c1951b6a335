"""Candidate generation: from documents to ranked pairs of sentences that may contradict each other.

1. Split every document into sentences; copies of one sentence (wire copy reused by several outlets) collapse
   into one *variant*, so the pairwise work grows with the number of distinct sentences, not of documents.
2. Analyse each variant once (:mod:`features`: quantities, dates, names, negations, causes…); dates are
   normalised against the document's publication date and the event dates found across the corpus.
3. Pair variants that may speak of the same fact: TF-IDF neighbours through an inverted index
   (:mod:`align`), plus blocks of variants sharing a counted thing (``people … detain``) or a charge
   (``rigged``), plus sentences about the same person's death (the victim resolved through pronouns from
   the preceding sentences), also inside one document.
4. Compare each pair (:mod:`compare`) and keep the strongest finding; expand variant pairs back to document
   pairs (a few per variant pair, the count of the rest kept), rank by score, cap.

Pure: takes objects with ``id``, ``text``, ``published`` (and optionally ``source``), returns
:class:`Candidate` objects. Progress and cancellation through an optional :class:`annotator.TaskContext`.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from annotator.lexicon import NATIONALITIES

from .align import Aligner, name_trigrams
from .compare import Finding, compare, compare_causes, score
from .dates import find_anchors, parse_published
from .features import Features, analyse, is_claim_like
from .lexicon import DEATH_WORDS
from .quantities import PEOPLE
from .stories import Stories
from .words import variant_key, words

GENERIC_KEYS = frozenset({"people", "protester", "percent", "year", "day", "time", "least", "include", "includ"})


@dataclass(frozen=True)
class Settings:
    min_similarity: float = 0.2       # cosine for two sentences to count as aligned
    block_similarity: float = 0.02    # lower bar for sentences that share a counted thing or a charge
    neighbours: int = 8               # aligned sentences kept per sentence
    probe_terms: int = 12             # index terms visited per sentence
    max_block: int = 60               # blocks over max_block/2: each member meets max_block/2 others
    pairs_per_variant: int = 4        # document pairs shown for one pair of identical sentences
    max_links: int = 300
    min_score: float = 0.3
    same_document: bool = True        # also propose pairs inside one document (causes of a death)
    backend: str = "tfidf"            # "embedding": also align by sentence embeddings, when installed
    embedding_model: str = "sentence-transformers/all-MiniLM-L6-v2"

    @classmethod
    def from_mapping(cls, values: dict | None) -> Settings:
        values = values or {}
        known = {k: values[k] for k in cls.__dataclass_fields__ if k in values}
        return cls(**known)


@dataclass(frozen=True)
class Occurrence:
    doc_index: int
    document_id: str
    start: int
    end: int
    sentence: int


@dataclass
class Candidate:
    a: Occurrence
    b: Occurrence
    label: str
    facet: str
    score: float
    reason: str
    compared: str
    similarity: float
    kind: str
    also: int = 0                      # further document pairs with the same two sentences
    findings: list[Finding] = field(default_factory=list)

    def spans(self) -> tuple[tuple[str, int, int], tuple[str, int, int]]:
        return (self.a.document_id, self.a.start, self.a.end), (self.b.document_id, self.b.start, self.b.end)


@dataclass
class Stats:
    documents: int = 0
    sentences: int = 0
    variants: int = 0
    aligned_pairs: int = 0
    block_pairs: int = 0
    frame_pairs: int = 0
    compared: int = 0
    candidates: int = 0
    kept: int = 0
    backend: str = "tfidf"
    notes: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


class _Silent:
    def progress(self, done, total, message=""):
        pass

    def check(self):
        pass


def _bag(f: Features) -> list[str]:
    bag = list(f.lemmas)
    for name in f.names:
        for word in name.key.split():
            if len(word) >= 5:
                bag.extend(name_trigrams(word))
    return bag


def _block_keys(f: Features) -> set[str]:
    from .compare import EVAL_FAMILY

    keys = set()
    for q, m in zip(f.quantities, f.measures):
        if m.identifier:
            continue
        if m.nationality or (m.part and m.what and m.what in NATIONALITIES):
            keys.add(f"n:{m.nationality or m.what}")  # "23 Somali pirates" meets "12 Somali and 11 Yemeni"
        unit = "people" if q.unit in PEOPLE else (m.what if m.dimension == "count" else m.dimension)
        for lemma in q.context - GENERIC_KEYS - {q.unit}:
            keys.add(f"q:{unit}:{lemma}")
    for lemma in f.evaluative:
        keys.add(f"e:{EVAL_FAMILY.get(lemma, lemma)}")
    for d in f.dates:
        if d.value is not None:
            for lemma in d.event - GENERIC_KEYS:
                keys.add(f"d:{lemma}")  # dates of the same happening ("sunk", "appear") meet
    return keys


def _victims(features: Sequence[Features]) -> list[str | None]:
    """For each sentence of one document (in order): whose death or injury it speaks of, if anyone's.

    A name close to a death word (before it preferred: ``Taraikovsky, who died``), else, for a sentence with
    a pronoun, the victim of the last four sentences (``police said he died when…``)."""
    out: list[str | None] = []
    last, last_at = None, -10
    for i, f in enumerate(features):
        victim = None
        if f.death or any(c.strong for c in f.causes):
            deaths = [j for j, t in enumerate(f.tokens) if t.lemma in DEATH_WORDS]
            best = None
            owned = any(f.tokens[d - k].low in ("his", "her", "he", "she")
                        for d in deaths for k in (1, 2) if d - k >= 0)
            for name in ([] if owned else f.names):
                for d in deaths:
                    dist = d - name.token_index
                    if -4 <= dist <= 7:
                        rank = (0 if dist > 0 else 1, abs(dist))
                        if best is None or rank < best[0]:
                            best = (rank, name.key.split()[-1])
            if best:
                victim = best[1]
            elif last and i - last_at <= 4 and _pronoun_victim(f):
                victim = last
        if victim:
            last, last_at = victim, i
        out.append(victim)
    return out


def _pronoun_victim(f: Features) -> bool:
    """A sentence whose death word, or whose cause right after "he/his", is about a person named earlier."""
    pronouns = [j for j, t in enumerate(f.tokens) if t.low in ("he", "his", "him", "she", "her")]
    if not pronouns:
        return False
    if f.death:
        return True
    cause_tokens = [j for j, t in enumerate(f.tokens) for c in f.causes if c.strong and t.start == c.start]
    return any(0 < c - p <= 6 for c in cause_tokens for p in pronouns)


def _cluster_victims(keys: set[str]) -> dict[str, str]:
    canon: dict[str, str] = {}
    reps: list[str] = []
    for key in sorted(keys):
        match = next((r for r in reps if fuzz.ratio(r, key) >= 80), None)
        if match is None:
            reps.append(key)
            match = key
        canon[key] = match
    return canon


def _with_embeddings(aligner, features, settings, encoder, stats, task):
    from .embeddings import DenseIndex, HybridAligner, load_encoder

    encoder = encoder or load_encoder(settings.embedding_model)
    if encoder is None:
        note = "embedding back end asked for, but sentence-transformers is not installed: lexical alignment only"
        stats.notes.append(note)
        task.progress(0, 1, note)
        return aligner
    stats.backend = "embedding"
    return HybridAligner(aligner, DenseIndex(encoder([f.text for f in features])))


def _partners(members: list[int], max_block: int) -> list[tuple[int, list[int]]]:
    """Who meets whom inside a block: every pair while the block has at most ``max_block/2`` members; in a
    larger one (hundreds of reports of one count) each member meets the ``max_block/4`` members after it,
    cyclically (so ``max_block/2`` partners in all, in ``members``' order): the work grows linearly with the
    block and every member takes part."""
    if len(members) <= max_block // 2:
        return [(i, members[x + 1:]) for x, i in enumerate(members)]
    half, n = max(1, max_block // 4), len(members)
    return [(members[x], [members[(x + d) % n] for d in range(1, half + 1)]) for x in range(n)]


REPEAT_DISCOUNT = 0.75


def _rules(text: str):
    from annotator import analysis

    return analysis.analyse(text, pipeline=analysis.RULES)


def _diversify(ranked: list[Candidate]) -> list[Candidate]:
    """One disagreement reported by many pairs of articles (the same two figures of one measurement) ranks
    once at its score; each further pair with the same key ranks lower (x0.75 per repeat), so the top of the
    list shows different disagreements before repeats of one."""
    seen: dict[tuple, int] = defaultdict(int)
    for c in ranked:
        key = c.findings[0].key if c.findings and c.findings[0].key else None
        best = next((f for f in c.findings if f.reason == c.reason and f.key), None)
        key = best.key if best is not None else key
        if key:
            n = seen[key]
            seen[key] += 1
            if n:
                c.score = round(c.score * REPEAT_DISCOUNT ** n, 4)
    return sorted(ranked, key=lambda c: (-c.score, c.a.doc_index, c.a.start, c.b.doc_index, c.b.start))


def generate(documents: Sequence, settings: Settings | None = None, task=None,
             already_linked: Callable[[tuple, tuple], bool] | None = None,
             stats: Stats | None = None, encoder=None, analysis_of: Callable | None = None) -> list[Candidate]:
    """Ranked candidates (see the module docstring). ``analysis_of(doc)`` gives a document's shared text
    analysis (``project.analysis``; by default the rule analysis of its text). ``encoder`` (texts -> vectors)
    is used with the ``embedding`` back end; by default it is loaded from sentence-transformers when
    installed."""
    settings = settings or Settings()
    task = task or _Silent()
    stats = stats if stats is not None else Stats()
    clock = time.perf_counter()
    stats.documents = len(documents)

    # 1-2. sentences, variants, features ------------------------------------------------------------
    anchors = find_anchors((d.text, getattr(d, "published", None)) for d in documents)
    variant_of: dict[tuple[str, str | None], int] = {}
    variant_features: list[Features] = []
    occurrences: list[list[Occurrence]] = []       # per variant
    doc_sequences: list[list[tuple[int, Occurrence]]] = []
    for di, doc in enumerate(documents):
        task.check()
        published = getattr(doc, "published", None)
        seq = []
        a = analysis_of(doc) if analysis_of is not None else _rules(doc.text)
        for index, s in enumerate(a.sentences):
            text = doc.text[s.start:s.end]
            ws = words(a, s.start, s.end)
            key = (variant_key(ws), published)
            vi = variant_of.get(key)
            if vi is None:
                vi = len(variant_features)
                variant_of[key] = vi
                variant_features.append(analyse(text, published, anchors, ws))
                occurrences.append([])
            occ = Occurrence(di, doc.id, s.start, s.end, index)
            seq.append((vi, occ))
            if is_claim_like(text):
                occurrences[vi].append(occ)
        doc_sequences.append(seq)
        stats.sentences += len(seq)
        task.progress(di + 1, len(documents) * 3, f"read {getattr(doc, 'title', '') or doc.id}")
    stats.variants = len(variant_features)
    name_bags, lemma_bags = [], []
    for seq in doc_sequences:
        names, lemmas = Counter(), Counter()
        for vi, _occ in seq:
            f = variant_features[vi]
            names.update(w for n in f.names for w in n.key.split() if len(w) >= 3)
            lemmas.update(f.lemmas)
        name_bags.append(names)
        lemma_bags.append(lemmas)
    stories = Stories(name_bags, lemma_bags, [parse_published(getattr(d, "published", None)) for d in documents])
    stats.seconds["analyse"] = time.perf_counter() - clock

    # 3. pairs of variants --------------------------------------------------------------------------
    clock = time.perf_counter()
    claim_variants = [i for i, occ in enumerate(occurrences) if occ]
    docs_of = [frozenset(o.doc_index for o in occ) for occ in occurrences]
    aligner = Aligner([_bag(f) for f in variant_features])
    if settings.backend == "embedding":
        aligner = _with_embeddings(aligner, variant_features, settings, encoder, stats, task)

    # the one document of a variant found in one document only (-1: in several, -2: in none as a claim)
    solo = [next(iter(d)) if len(d) == 1 else (-2 if not d else -1) for d in docs_of]

    def cross(i: int, j: int) -> bool:
        a, b = solo[i], solo[j]
        return a != -2 and b != -2 and (a != b or a == -1)

    pairs: dict[tuple[int, int], float] = {}
    for n, i in enumerate(claim_variants):
        if n % 200 == 0:
            task.check()
            task.progress(len(documents) + int(len(documents) * n / max(1, len(claim_variants))),
                          len(documents) * 3, "aligning sentences")
        for j, sim in aligner.neighbours(i, k=settings.neighbours, min_sim=settings.min_similarity,
                                         probe_terms=settings.probe_terms, allowed=lambda j, i=i: cross(i, j)):
            pairs[(min(i, j), max(i, j))] = sim
    stats.aligned_pairs = len(pairs)
    blocks: dict[str, list[int]] = defaultdict(list)
    for i in claim_variants:
        for key in _block_keys(variant_features[i]):
            blocks[key].append(i)
    for members in blocks.values():
        if len(members) < 2:
            continue
        for i, others in _partners(sorted(members, key=lambda v: (min(docs_of[v]), v)), settings.max_block):
            for j in others:
                pair = (min(i, j), max(i, j))
                if pair in pairs or not cross(i, j):
                    continue
                sim = aligner.similarity(i, j)
                if sim >= settings.block_similarity:
                    pairs[pair] = sim
                    stats.block_pairs += 1
    stats.seconds["align"] = time.perf_counter() - clock

    # 4. compare, expand ------------------------------------------------------------------------------
    clock = time.perf_counter()
    found: dict[tuple, Candidate] = {}

    def offer(oa: Occurrence, ob: Occurrence, finding: Finding, sim: float, findings, also=0):
        if (oa.doc_index, oa.start) > (ob.doc_index, ob.start):
            oa, ob = ob, oa
        if oa.doc_index == ob.doc_index and oa.start == ob.start:
            return
        key = (oa.document_id, oa.start, ob.document_id, ob.start)
        s = round(score(finding, sim) * stories.factor(oa.doc_index, ob.doc_index), 4)
        if s < settings.min_score:
            return
        if key in found and found[key].score >= s:
            return
        if already_linked is not None and already_linked((oa.document_id, oa.start, oa.end),
                                                         (ob.document_id, ob.start, ob.end)):
            return
        found[key] = Candidate(oa, ob, finding.label, finding.facet, s, finding.reason, finding.compared,
                               round(sim, 4), finding.kind, also, list(findings))

    def expand(i: int, j: int, finding: Finding, sim: float, findings, occ_i=None, occ_j=None,
               same_doc: bool = False):
        occ_i = occurrences[i] if occ_i is None else occ_i
        occ_j = occurrences[j] if occ_j is None else occ_j
        combos = [(a, b) for a in occ_i for b in occ_j
                  if (a.doc_index != b.doc_index or (same_doc and a.sentence != b.sentence))]
        combos.sort(key=lambda p: (min(p[0].doc_index, p[1].doc_index), max(p[0].doc_index, p[1].doc_index)))
        shown = combos[:settings.pairs_per_variant]
        for a, b in shown:
            offer(a, b, finding, sim, findings, also=len(combos) - len(shown))

    total = len(pairs)
    for n, ((i, j), sim) in enumerate(sorted(pairs.items())):
        if n % 500 == 0:
            task.check()
            task.progress(2 * len(documents) + int(len(documents) * n / max(1, total)), len(documents) * 3,
                          "comparing aligned sentences")
        findings = compare(variant_features[i], variant_features[j], sim)
        stats.compared += 1
        if findings:
            best = max(findings, key=lambda f: score(f, sim))
            expand(i, j, best, sim, findings)

    # sentences about the same person's death, matched through the victim, also within one document
    victims_by_node: dict[str, list[tuple[int, Occurrence]]] = defaultdict(list)
    for seq in doc_sequences:
        names = _victims([variant_features[vi] for vi, _ in seq])
        for (vi, occ), victim in zip(seq, names):
            if victim and any(c.strong for c in variant_features[vi].causes) and occurrences[vi]:
                victims_by_node[victim].append((vi, occ))
    canon = _cluster_victims(set(victims_by_node))
    grouped: dict[str, list[tuple[int, Occurrence]]] = defaultdict(list)
    for victim, items in victims_by_node.items():
        grouped[canon[victim]].extend(items)
    for victim, items in grouped.items():
        by_variant: dict[int, list[Occurrence]] = defaultdict(list)
        for vi, occ in items:
            by_variant[vi].append(occ)
        variants = sorted(by_variant)
        display = victim.capitalize()
        for i, others in _partners(variants, settings.max_block):
            for j in others:
                task.check()
                sim = aligner.similarity(i, j)
                findings = compare_causes(variant_features[i], variant_features[j], sim, victim=display)
                stats.frame_pairs += 1
                if findings:
                    expand(i, j, findings[0], max(sim, 0.3), findings, by_variant[i], by_variant[j],
                           same_doc=settings.same_document)
    stats.seconds["compare"] = time.perf_counter() - clock

    ranked = _diversify(sorted(found.values(),
                               key=lambda c: (-c.score, c.a.doc_index, c.a.start, c.b.doc_index, c.b.start)))
    stats.candidates = len(ranked)
    kept = ranked[:settings.max_links]
    stats.kept = len(kept)
    task.progress(len(documents) * 3, len(documents) * 3, f"{len(kept)} candidate link(s)")
    return kept
