"""Quote marker: direct, partial and scare quotes in news text, who said them, and the same statement as each
outlet reported it. A bundled plugin built only on the public ``annotator`` API.

Modules, each with one job: :mod:`.marks` (quotation marks), :mod:`.sentences`, :mod:`.names` (speaker
mentions), :mod:`.attribution` (speaker patterns), :mod:`.detect` (quotations with kind and speaker),
:mod:`.similarity` (same statement across outlets), :mod:`.layers`, :mod:`.suggester`, :mod:`.exporter`,
:mod:`.commands`, :mod:`.panel_model` (the panel's data, Qt-free) and :mod:`.panel` (the Qt panel, imported
only by the panel factory); :mod:`.plugin` holds the hook implementations.
"""

from .detect import KINDS, Quote, detect_quotes

__all__ = ["KINDS", "Quote", "detect_quotes"]
