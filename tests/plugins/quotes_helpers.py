"""Helpers the quote-marker tests share: a sentence parsed by the default pipeline, and the quotes found in it."""

from __future__ import annotations

import pytest
from annotator_quotes.detect import detect_quotes

from annotator import analysis


def parsed(text: str):
    """The spaCy ``Doc`` of ``text`` from the shared analysis; skips the test without the nlp extra."""
    a = analysis.analyse(text, None)
    if not a.has_parse:
        pytest.skip("needs the nlp extra (spaCy and an English pipeline)")
    return a.spacy


def quotes(text: str, *, parse: bool = True, scare: bool = True):
    """The quotes :func:`detect_quotes` finds in ``text`` (with the parse unless ``parse=False``; scare quotes
    left out when ``scare=False``)."""
    found = detect_quotes(text, parse=parsed(text) if parse else None)
    return found if scare else [q for q in found if q.kind != "scare"]
