"""Entity tagger: the ``entity`` layer, rule-based and spaCy pre-annotation, and one registry of who is who.

Bundled with Annotator, but built only on the public plugin API (``from annotator import ...``), exactly as a
third-party plugin would be. The hook implementations are in :mod:`annotator_entities.plugin`; the logic lives
in small Qt-free modules (``names``, ``clustering``, ``rules``, ``spacy_backend``, ``suggester``, ``labels``,
``registry``, ``occurrences``); the Qt panel in ``panel`` is imported only when the window builds it.
"""

PLUGIN = "entity-tagger"
LAYER = "entity"
