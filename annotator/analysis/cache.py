"""The in-process cache of analyses: a thread-safe LRU keyed by ``(sha256 of the text, pipeline id)``, shared by
every plugin and every :class:`annotator.Project` of the process, plus the (de)serialisation of a spaCy ``Doc``
for the persistent cache (a one-document ``DocBin``).
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict

from .types import DocAnalysis

#: Analyses kept in memory per process (a parsed news article takes about 0.1 MB).
MEMORY_SIZE = 1024
#: Bumped when what is cached changes shape (boundaries component, conversion): old entries are not reused.
FORMAT = 1


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class MemoryCache:
    """LRU of :class:`DocAnalysis` by ``(sha256, pipeline id)``."""

    def __init__(self, size: int = MEMORY_SIZE):
        self.size = size
        self._items: OrderedDict[tuple[str, str], DocAnalysis] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[str, str]) -> DocAnalysis | None:
        with self._lock:
            a = self._items.get(key)
            if a is not None:
                self._items.move_to_end(key)
            return a

    def put(self, key: tuple[str, str], analysis: DocAnalysis) -> None:
        with self._lock:
            self._items[key] = analysis
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key) -> bool:
        return key in self._items


MEMORY = MemoryCache()

_vocab = None
_vocab_lock = threading.Lock()


def doc_to_bytes(doc) -> bytes:
    """One parsed ``Doc`` as ``DocBin`` bytes (all annotation, no user data)."""
    from spacy.tokens import DocBin

    return DocBin(store_user_data=False, docs=[doc]).to_bytes()


def doc_from_bytes(data: bytes, vocab=None):
    """The ``Doc`` back from :func:`doc_to_bytes`; needs no pipeline (a shared blank vocabulary will do)."""
    global _vocab
    from spacy.tokens import DocBin

    if vocab is None:
        with _vocab_lock:
            if _vocab is None:
                from spacy.vocab import Vocab

                _vocab = Vocab()
            vocab = _vocab
    return next(iter(DocBin().from_bytes(data).get_docs(vocab)))
