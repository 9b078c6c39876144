"""Retrieval evaluation of the encoders: ``python -m lexoverlap.eval retrieval``.

The set comes for free from ``VERSION_PAIRS.tsv`` of vn-laws-vlc (old and new versions of
the same law). An old article and a new article are counterparts when they carry the same
heading (folded), and that heading is unique in both laws. The query is the old article's
body *without* its heading; the search space is every comparison unit of the whole corpus
except the old law itself (so other laws are distractors), and a hit is the counterpart
article or any of its clauses. Reported: recall@1, recall@10, MRR, encode speed.

The laws of the version pairs are excluded from encoder training (``exclude``), so the
numbers are not flattered by training on the test pairs.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import embed
from ._text import fold
from ._units import Unit, encoder_text
from .models import Document, Provision


@dataclass(frozen=True, slots=True)
class Query:
    """One old article and the id of its counterpart article in the new law."""

    source: str
    text: str
    target: str


def version_pairs(corpus_dir: Path) -> list[tuple[str, str]]:
    """(old file, new file) paths relative to the corpus folder."""
    with (corpus_dir / "VERSION_PAIRS.tsv").open(encoding="utf-8") as fh:
        return [(r["old_file"], r["new_file"]) for r in csv.DictReader(fh, delimiter="\t")]


def _articles(provisions: Sequence[Provision]) -> dict[str, Provision]:
    keyed: dict[str, list[Provision]] = {}
    for p in provisions:
        if p.level == "article" and p.heading:
            keyed.setdefault(fold(p.heading).strip(" ."), []).append(p)
    return {k: v[0] for k, v in keyed.items() if len(v) == 1}


def queries(documents: Sequence[Document], provisions: Sequence[Sequence[Provision]],
            corpus_dir: Path) -> tuple[list[Query], frozenset[str]]:
    """The queries and the ids of the documents involved (to exclude from training)."""
    by_source = {Path(d.source).resolve(): i for i, d in enumerate(documents) if d.source}
    found: list[Query] = []
    involved: set[str] = set()
    for old_file, new_file in version_pairs(corpus_dir):
        i = by_source.get((corpus_dir / old_file).resolve())
        j = by_source.get((corpus_dir / new_file).resolve())
        if i is None or j is None:
            continue
        involved |= {documents[i].doc_id, documents[j].doc_id}
        old, new = _articles(provisions[i]), _articles(provisions[j])
        for key in sorted(old.keys() & new.keys()):
            body = old[key].text.partition("\n")[2].strip()
            if len(body) >= 40:
                found.append(Query(old[key].id, body, new[key].id))
    return found, frozenset(involved)


def evaluate(encoder: embed.Encoder, found: Sequence[Query], space: Sequence[Unit]
             ) -> dict[str, float | int | str]:
    """recall@1, recall@10, MRR and encode speed of one encoder."""
    space_vecs, speed = embed.timed_encode(encoder, [encoder_text(u) for u in space])
    ids = [u.id for u in space]
    query_vecs = encoder.encode([q.text for q in found])
    ranks: list[int] = []
    for q, vec in zip(found, query_vecs, strict=True):
        excluded = q.source.split("/", 1)[0] + "/"
        scores = space_vecs @ vec
        order = np.argsort(-scores)
        rank, seen = 0, 0
        for idx in order:
            uid = ids[idx]
            if uid.startswith(excluded):
                continue
            seen += 1
            if uid == q.target or uid.startswith(q.target + "/"):
                rank = seen
                break
            if seen >= 100:
                break
        ranks.append(rank)
    n = len(ranks)
    hits = Counter(ranks)
    return {
        "encoder": encoder.name,
        "queries": n,
        "recall@1": round(hits[1] / n, 3) if n else 0.0,
        "recall@10": round(sum(1 for r in ranks if 0 < r <= 10) / n, 3) if n else 0.0,
        "mrr": round(sum(1 / r for r in ranks if r) / n, 3) if n else 0.0,
        "encode_per_s": round(speed, 1),
    }
