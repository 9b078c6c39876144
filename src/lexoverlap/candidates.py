"""Candidate pairs without comparing all pairs: k-nearest neighbours and MinHash/LSH.

- Semantic neighbours: faiss inner-product search over unit vectors (so scores are
  cosines). Exact (``IndexFlatIP``) while queries × vectors ≤ :data:`EXACT_WORK`, HNSW
  above; the recall of HNSW against exact is measured by ``bench/analyze.py``.
- Near-verbatim repetition: MinHash signatures of folded 3-syllable shingles, banded with
  datasketch's ``MinHashLSH`` at Jaccard ≈ :data:`LSH_THRESHOLD`.

Pairs inside one provision subtree are never candidates; pairs inside one document are
dropped unless asked for (sibling clauses share a topic by construction). Boilerplate units
(entry into force, implementation) are not indexed at all (see :mod:`lexoverlap._units`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ._text import fold
from ._units import related_ids

# Exact search while queries × vectors stays under this (an incremental run: a few hundred new
# units against everything stored); HNSW above (a cold run of vn-laws-vlc, 61k × 61k, where
# exact search took 112 s and HNSW 36 s). bench/analyze.py reports HNSW's recall against exact:
# 0.999 at k = 10 on vn-laws-vlc.
EXACT_WORK = 5e8
HNSW_M = 32
HNSW_EF_SEARCH = 128
NUM_PERM = 128
# Syllables per shingle: the sample's planted near-verbatim repeats have Jaccard 0.70–0.77
# on 3-shingles but only 0.56–0.67 on 5-shingles.
SHINGLE = 3
LSH_THRESHOLD = 0.6
SCHEME = "affine32"  # datasketch 2 hashing scheme; stored signatures depend on it
MINHASH_NAME = f"minhash-{NUM_PERM}-w{SHINGLE}-v1"


@dataclass(frozen=True, slots=True)
class Pair:
    """A candidate: ``a < b`` (ids), how it was found and its score in [0, 1]."""

    a: str
    b: str
    method: str  # "knn" or "minhash"
    score: float


def canonical(x: str, y: str) -> tuple[str, str]:
    return (x, y) if x < y else (y, x)


def keep(x: str, y: str, within_document: bool) -> bool:
    """Whether a pair of unit ids may be a candidate (see the module doc).

    >>> keep("d/art1", "d/art1/cl2", True), keep("d/art1", "e/art1", False)
    (False, True)
    >>> keep("d/art1", "d/art2", False), keep("d/art1", "d/art2", True)
    (False, True)
    """
    if related_ids(x, y):
        return False
    return within_document or x.split("/", 1)[0] != y.split("/", 1)[0]


def _index(vectors: np.ndarray[Any, Any], exact: bool) -> Any:
    import faiss

    dim = vectors.shape[1]
    index: Any
    if exact:
        index = faiss.IndexFlatIP(dim)
    else:
        index = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = 100
        index.hnsw.efSearch = HNSW_EF_SEARCH
    index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index


class NeighbourIndex:
    """A faiss index over all vectors of one encoder, queried a document at a time."""

    def __init__(self, ids: Sequence[str], vectors: np.ndarray[Any, Any],
                 queries: int | None = None, exact: bool | None = None) -> None:
        """``queries``: how many vectors will be searched (all of them when None)."""
        self.ids = list(ids)
        work = float(queries if queries is not None else len(self.ids)) * len(self.ids)
        self.exact = exact if exact is not None else work <= EXACT_WORK
        self.index = _index(vectors, self.exact) if len(self.ids) else None

    def pairs(self, ids: Sequence[str], vectors: np.ndarray[Any, Any], k: int,
              min_score: float, within_document: bool = False) -> Iterator[Pair]:
        """The k nearest neighbours of each query vector with cosine ≥ ``min_score``."""
        if self.index is None or not len(ids):
            return
        # Ask for more than k: the query's own subtree and same-document hits are dropped.
        kk = min(len(self.ids), k + 16)
        scores, idx = self.index.search(np.ascontiguousarray(vectors, dtype=np.float32), kk)
        for qid, row_s, row_i in zip(ids, scores, idx, strict=True):
            found = 0
            for s, i in zip(row_s, row_i, strict=True):
                if i < 0 or s < min_score:
                    break
                other = self.ids[i]
                if not keep(qid, other, within_document):
                    continue
                a, b = canonical(qid, other)
                yield Pair(a, b, "knn", float(min(1.0, s)))
                found += 1
                if found >= k:
                    break


def translation_pairs(doc_id: str, ids: Sequence[str], other_ids: Sequence[str]
                      ) -> Iterator[Pair]:
    """A document and its translation (``X`` and ``X.en``) pair by identical paths.

    >>> [(p.a, p.b) for p in translation_pairs("d.en", ["d.en/art1"], ["d/art1", "d/art2"])]
    [('d.en/art1', 'd/art1')]
    """
    base = doc_id.split(".", 1)[0]
    paths = {i.split("/", 1)[1]: i for i in other_ids if "/" in i}
    for uid in ids:
        other = paths.get(uid.split("/", 1)[1]) if "/" in uid else None
        if other is not None and other.split("/", 1)[0].split(".", 1)[0] == base:
            a, b = canonical(uid, other)
            yield Pair(a, b, "translation", 1.0)


def shingles(text: str, size: int = SHINGLE) -> set[bytes]:
    """Folded word shingles (short texts give one shingle of all their words).

    >>> sorted(shingles("Thời hạn là 30 ngày", 3))
    [b'han la 30', b'la 30 ngay', b'thoi han la']
    """
    words = fold(text).split()
    if len(words) <= size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i:i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


def signatures(texts: Sequence[str]) -> np.ndarray[Any, Any]:
    """MinHash signatures, one ``uint64`` row of :data:`NUM_PERM` values per text."""
    from datasketch import MinHash

    out = np.zeros((len(texts), NUM_PERM), dtype=np.uint64)
    for row, text in enumerate(texts):
        m = MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME)
        m.update_batch(list(shingles(text)))
        out[row] = m.hashvalues
    return out


class VerbatimIndex:
    """MinHash LSH over all stored signatures; queried a document at a time."""

    def __init__(self, ids: Sequence[str], sigs: np.ndarray[Any, Any],
                 threshold: float = LSH_THRESHOLD) -> None:
        from datasketch import LeanMinHash, MinHashLSH

        self.lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self.sigs: dict[str, Any] = {}
        with self.lsh.insertion_session() as session:
            for uid, row in zip(ids, sigs, strict=True):
                m = LeanMinHash(seed=1, hashvalues=row, scheme=SCHEME)
                self.sigs[uid] = m
                session.insert(uid, m)
        self.threshold = threshold

    @staticmethod
    def reverse_pairs(new_ids: Sequence[str], new_sigs: np.ndarray[Any, Any],
                      all_ids: Sequence[str], all_sigs: np.ndarray[Any, Any],
                      within_document: bool = False,
                      threshold: float = LSH_THRESHOLD) -> Iterator[Pair]:
        """The same pairs as indexing everything and querying ``new_ids``, but indexing only
        the new units and streaming every stored signature through that small index: an
        incremental run then costs one pass over the signatures, not an index build."""
        from datasketch import LeanMinHash

        small = VerbatimIndex(new_ids, new_sigs, threshold)
        for uid, row in zip(all_ids, all_sigs, strict=True):
            m = small.sigs.get(uid) or LeanMinHash(seed=1, hashvalues=row, scheme=SCHEME)
            for other in small.lsh.query(m):
                if other == uid or not keep(uid, other, within_document):
                    continue
                j = float(m.jaccard(small.sigs[other]))
                if j >= threshold:
                    a, b = canonical(uid, other)
                    yield Pair(a, b, "minhash", j)

    def pairs(self, ids: Sequence[str], within_document: bool = False) -> Iterator[Pair]:
        """Pairs whose estimated Jaccard similarity is at least the threshold."""
        for qid in ids:
            m = self.sigs.get(qid)
            if m is None:
                continue
            for other in self.lsh.query(m):
                if not keep(qid, other, within_document):
                    continue
                j = float(m.jaccard(self.sigs[other]))
                if j >= self.threshold:
                    a, b = canonical(qid, other)
                    yield Pair(a, b, "minhash", j)
