"""The optional embedding back end of sentence alignment (setting ``backend = "embedding"``).

When an embedding package is installed (``sentence-transformers``; the model named by the setting
``embedding_model``), sentences are also aligned by the cosine of their embeddings, so paraphrases that share
few words ("fled to Lithuania" / "crossed into the neighbouring country") meet. :class:`HybridAligner` keeps the
lexical :class:`align.Aligner` and adds the dense neighbours: a pair's similarity is the larger of the two, and
each sentence's neighbours are the union of both lists. Without the package :func:`load_encoder` returns None
and the generator stays lexical (and says so in its progress message and stats). Qt-free; numpy only when used.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

Encoder = Callable[[Sequence[str]], Sequence[Sequence[float]]]
DEFAULT_MODEL = "sentence-transformers/all-MiniLM-L6-v2"


def load_encoder(model: str = DEFAULT_MODEL) -> Encoder | None:
    """An encoder ``texts -> vectors`` from sentence-transformers, or None when it is not installed."""
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError:
        return None
    st = SentenceTransformer(model)
    return lambda texts: st.encode(list(texts), batch_size=64, show_progress_bar=False)


class DenseIndex:
    """Unit-length sentence vectors; neighbours by one matrix-vector product per sentence (numpy)."""

    def __init__(self, vectors):
        import numpy as np

        m = np.asarray(vectors, dtype="float32")
        norms = np.linalg.norm(m, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        self.m = m / norms

    def similarity(self, i: int, j: int) -> float:
        return float(self.m[i] @ self.m[j])

    def neighbours(self, i: int, *, k: int, min_sim: float, allowed=None) -> list[tuple[int, float]]:
        import numpy as np

        sims = self.m @ self.m[i]
        sims[i] = -1.0
        order = np.argsort(-sims)
        out = []
        for j in order[: max(4 * k, 40)]:
            s = float(sims[j])
            if s < min_sim:
                break
            if allowed is None or allowed(int(j)):
                out.append((int(j), s))
                if len(out) == k:
                    break
        return out


class HybridAligner:
    """The lexical aligner plus dense neighbours (the interface :func:`candidates.generate` uses)."""

    def __init__(self, lexical, dense: DenseIndex, *, dense_min: float = 0.6):
        self.lexical, self.dense, self.dense_min = lexical, dense, dense_min

    def similarity(self, i: int, j: int) -> float:
        return max(self.lexical.similarity(i, j), self.dense.similarity(i, j))

    def neighbours(self, i: int, *, k: int = 10, min_sim: float = 0.2, probe_terms: int = 12,
                   allowed=None) -> list[tuple[int, float]]:
        found = dict(self.lexical.neighbours(i, k=k, min_sim=min_sim, probe_terms=probe_terms, allowed=allowed))
        for j, s in self.dense.neighbours(i, k=k, min_sim=max(min_sim, self.dense_min), allowed=allowed):
            found[j] = max(found.get(j, 0.0), s)
        return sorted(found.items(), key=lambda kv: -kv[1])[: 2 * k]
