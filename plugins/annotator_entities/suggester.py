"""The ``entity-tagger`` suggester: proposes entity mentions (rules or spaCy) and entity records (clusters).

One run, as ``annotator suggest --plugin entity-tagger`` or from the window:

1. mentions: the chosen back end tags the documents; the project's gazetteer (accepted names) is added in both
   back ends; proposals are mapped to the project's labels and filtered so that they never overlap an accepted
   or suggested entity annotation, never repeat a rejected span, and (``learn_from_rejections``) never propose a
   (text, label) the researcher has rejected at least ``rejections_to_learn`` times and never accepted;
2. clusters: the new proposals and the project's unassigned entity annotations are clustered together with the
   registry (:mod:`annotator_entities.clustering`) and proposed as :class:`annotator.EntitySuggestion` records:
   extending an existing entity when a cluster meets one, a new suggested entity otherwise.

Progress goes to the task context; ``task.check()`` runs per document, so Cancel stores nothing.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from annotator import EntitySuggestion, SpanSuggestion

from . import LAYER, PLUGIN
from .clustering import Cluster, KnownEntity, Mention, cluster_mentions, pronoun_genders, split_ambiguous
from .rules import Found, Gazetteer, resolve_overlaps, tag_corpus, tokenize
from .settings import LABELS, Settings


@dataclass
class ProjectView:
    """What the suggester needs to know of the project's existing entity annotations and registry."""

    existing: dict[str, list]  # document id -> annotations of the entity layer
    gazetteer: Gazetteer
    rejected_only: set[tuple[str, str]]  # (text, project label) rejected (often enough) and never accepted
    entities: list


def project_view(project, cfg: Settings) -> ProjectView:
    anns = project.annotations(layer=LAYER)
    existing: dict[str, list] = defaultdict(list)
    accepted_pairs: list[tuple[str, str]] = []
    rejected: Counter = Counter()
    accepted: set[tuple[str, str]] = set()
    inverse = {v: k for k, v in cfg.label_map.items()}
    for a in anns:
        existing[a.document_id].append(a)
        text = " ".join(project.text(a.document_id)[a.start:a.end].split())
        if a.status == "accepted":
            accepted_pairs.append((text, inverse.get(a.label, a.label)))
            accepted.add((text, a.label))
        elif a.status == "rejected":
            rejected[(text, a.label)] += 1
    gazetteer = Gazetteer.from_pairs(accepted_pairs) if cfg.use_gazetteer else Gazetteer()
    rejected_only = ({k for k, n in rejected.items() if n >= cfg.rejections_to_learn} - accepted
                     if cfg.learn_from_rejections else set())
    return ProjectView(existing, gazetteer, rejected_only, project.entities())


def from_analysis(project, documents: Sequence, cfg: Settings, task) -> list[list[Found]] | None:
    """The spaCy entities of the project's shared analysis (``project.analysis``), refined; None when the
    project's analysis pipeline is the rules one (then the plugin runs its own spaCy pipeline)."""
    if not hasattr(project, "analysis") or not documents:
        return None
    from . import spacy_backend

    if cfg.spacy_model not in spacy_backend.installed_pipelines():
        return None  # the plugin's own path says what to install

    project.analyze(documents, task)
    out = []
    analyses = []
    for doc in documents:
        task.check()
        a = project.analysis(doc)
        analyses.append(a)
        if not a.has_parse:
            return None
        found = []
        for ent in a.entities:
            label = spacy_backend.map_label(ent.label, cfg.spacy_label_map)
            if label is None:
                continue
            start, end = spacy_backend._trim(doc.text, ent.start, ent.end)
            if end <= start:
                continue
            reason = f"spaCy {a.pipeline} {ent.label}"
            if cfg.spacy_relabel_known:
                known = spacy_backend.known_label(doc.text[start:end])
                if known and known != label:
                    label, reason = known, f"{reason}, relabelled {known} (built-in list)"
            found.append(Found(start, end, label, 0.8, reason))
        out.append(spacy_backend.refine(doc.text, found, a))
    return out


def find_mentions(documents: Sequence, cfg: Settings, view: ProjectView, task, project=None) -> list[list[Found]]:
    """Run the configured back end; returns the found spans per document (before filtering)."""
    n = len(documents)
    texts = [d.text for d in documents]
    if cfg.resolved_backend() == "spacy":
        from . import spacy_backend

        shared = from_analysis(project, documents, cfg, task) if project is not None else None
        if shared is not None:
            if len(view.gazetteer):
                shared = [resolve_overlaps(view.gazetteer.match(t, tokenize(t)) + f) for t, f in zip(texts, shared)]
            return shared

        task.progress(0, n, f"loading spaCy pipeline {cfg.spacy_model}")
        found = spacy_backend.tag_texts(
            texts, cfg.spacy_model, extra_labels=cfg.spacy_label_map, check=task.check,
            relabel_known=cfg.spacy_relabel_known,
            progress=lambda i: task.progress(i, n, f"spaCy: {i}/{n} documents"))
        if len(view.gazetteer):
            found = [resolve_overlaps(view.gazetteer.match(t, tokenize(t)) + f) for t, f in zip(texts, found)]
        return found
    done = [0]

    def check():
        task.check()
        task.progress(done[0], n, f"rules: {done[0]}/{n} documents")
        done[0] += 1

    # the shared analysis of each text (the suggest run computed it first: a cache hit)
    analyses = [project.analysis(d) for d in documents] if project is not None and hasattr(project, "analysis") \
        else None
    return tag_corpus(texts, view.gazetteer, threshold=cfg.fuzzy_threshold, check=check, analyses=analyses)


def filter_proposals(doc, found: list[Found], cfg: Settings, view: ProjectView, project_labels: set[str]):
    """Yield (start, end, project label, found) for the spans worth proposing in ``doc``."""
    wanted = set(cfg.labels)
    blocking = [(a.start, a.end) for a in view.existing.get(doc.id, ()) if a.status != "rejected"]
    # a rejected span blocks every proposal that overlaps it (a re-run with new knowledge, such as names
    # accepted since, must not bring back what the researcher rejected under other boundaries)
    rejected_spans = [(a.start, a.end) for a in view.existing.get(doc.id, ()) if a.status == "rejected"]
    blocking += rejected_spans
    blocking.sort()
    for f in found:
        if f.label in LABELS:
            if f.label not in wanted:
                continue
            label = cfg.project_label(f.label)
        else:
            label = f.label  # a researcher's own label, learned from the gazetteer
        if label not in project_labels or f.score < cfg.min_score:
            continue
        if any(f.start < e and s < f.end for s, e in blocking):
            continue
        text = " ".join(doc.text[f.start:f.end].split())
        if (text, label) in view.rejected_only:
            continue
        yield f.start, f.end, label, f


def proposal_key(document_id: str, start: int, end: int) -> str:
    return f"{PLUGIN}:{document_id}:{start}:{end}"


def suggest(project, documents, task) -> Iterator:
    """The Suggester's entry point (see the module docstring)."""
    cfg = Settings.from_dict({**project.settings(PLUGIN), **(task.settings or {})})
    layer = project.layer(LAYER)
    if layer is None:
        return
    project_labels = {lab.name for lab in layer.labels}
    documents = list(documents)
    view = project_view(project, cfg)
    found = find_mentions(documents, cfg, view, task, project)
    new_mentions: list[Mention] = []
    person = cfg.project_label("PERSON")
    for doc, spans in zip(documents, found):
        proposals = list(filter_proposals(doc, spans, cfg, view, project_labels))
        genders = _genders(doc.text, [(s, e, lab) for s, e, lab, _f in proposals]
                           + [(a.start, a.end, a.label) for a in view.existing.get(doc.id, ())
                              if a.status != "rejected"], person)
        for start, end, label, f in proposals:
            key = proposal_key(doc.id, start, end)
            new_mentions.append(Mention(key, doc.id, doc.text[start:end], label, start=start,
                                        gender=genders.get((start, end), "")))
            attributes = {"role": f.role} if f.role else {}
            yield SpanSuggestion(doc.id, start, end, LAYER, label, attributes=attributes, score=f.score,
                                 reason=f.reason, key=key)
    task.progress(len(documents), len(documents), "clustering entity mentions")
    if cfg.cluster:
        task.check()
        yield from entity_suggestions(project, cfg, view, new_mentions)


def _genders(text: str, spans: list[tuple[int, int, str]], person: str) -> dict[tuple[int, int], str]:
    """The pronoun cue after each person span of a document (see ``clustering.pronoun_genders``)."""
    people = sorted({(s, e) for s, e, label in spans if label == person})
    return dict(zip(people, pronoun_genders(text, people)))


def existing_mentions(project, view: ProjectView, person: str = "PERSON") -> list[Mention]:
    out = []
    for doc_id, anns in view.existing.items():
        anns = [a for a in anns if a.status != "rejected"]
        if not anns:
            continue
        text = project.text(doc_id)
        genders = _genders(text, [(a.start, a.end, a.label) for a in anns], person)
        for a in anns:
            out.append(Mention(a.id, doc_id, text[a.start:a.end], a.label, a.attributes.get("entity_id") or None,
                               start=a.start, gender=genders.get((a.start, a.end), "")))
    return out


def clusters_for(project, cfg: Settings, view: ProjectView, new_mentions: list[Mention]) -> list[Cluster]:
    mentions = existing_mentions(project, view, cfg.project_label("PERSON")) + list(new_mentions)
    known = [KnownEntity(e.id, e.canonical_name, e.label, tuple(e.aliases), e.status) for e in view.entities]
    labels = {cfg.project_label(lab) if lab in LABELS else lab for lab in cfg.cluster_labels}
    return cluster_mentions(mentions, known, threshold=cfg.fuzzy_threshold, labels=labels,
                            people=(cfg.project_label("PERSON"),))


def entity_suggestions(project, cfg: Settings, view: ProjectView, new_mentions: list[Mention]) -> Iterator:
    known = {e.id: e for e in view.entities}
    known_k = {e.id: KnownEntity(e.id, e.canonical_name, e.label, tuple(e.aliases), e.status) for e in view.entities}
    rejected_names = {(e.canonical_name, e.label) for e in view.entities if e.status == "rejected"}
    for cluster in clusters_for(project, cfg, view, new_mentions):
        free = cluster.unassigned
        if not free:
            continue
        if cluster.entity_id:
            ent = known.get(cluster.entity_id)
            if ent is None or ent.status == "rejected":
                continue
            yield EntitySuggestion(ent.canonical_name, ent.label, mentions=[m.ref for m in free],
                                   reason=cluster.reason, score=cluster.score)
        elif cluster.score == 0.0:  # several entities met: only unambiguous mentions are given to one
            for eid, ms in split_ambiguous(cluster, known_k).items():
                ent = known.get(eid)
                if ent is not None and ent.status != "rejected":
                    yield EntitySuggestion(ent.canonical_name, ent.label, mentions=[m.ref for m in ms],
                                           reason="same name as the registry's entity")
        else:
            if (cluster.canonical_name, cluster.label) in rejected_names:
                continue
            yield EntitySuggestion(cluster.canonical_name, cluster.label, aliases=list(cluster.aliases),
                                   mentions=[m.ref for m in free], reason=cluster.reason, score=cluster.score)
