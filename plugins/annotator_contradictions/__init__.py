"""Contradiction linker: typed links between claims in the same or in different articles, suggested candidates
with reasons, a links panel and a premise/hypothesis pairs export.

Bundled with Annotator but built only on the public plugin API (``from annotator import ...``), exactly as a
third-party plugin would be. Hook implementations are in :mod:`annotator_contradictions.plugin`. The logic lives in
small Qt-free modules: ``layers`` (layer specs), ``linking`` (claims and links, one undo step), ``sentences``,
``quantities``, ``dates``, ``features``, ``align`` (with the optional ``embeddings`` back end), ``compare``
and ``suggester`` (candidate generation),
``pairs`` (the pairs exporter), ``rows`` (what the links panel lists), ``evaluation`` (against the gold list).
Qt lives only in ``label_popup``, ``labels_dialog`` and ``panel``, imported lazily by the commands and the panel
factory.
"""

PLUGIN = "contradiction-linker"
CLAIM = "claim"
LINK = "contradiction"
LABELS = ("contradicts", "disputes", "differs-in-detail", "corroborates")
FACETS = ("number", "date/time", "person", "place", "cause", "attribution", "other")
