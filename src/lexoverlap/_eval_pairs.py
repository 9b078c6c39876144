"""Pair evaluation: ``python -m lexoverlap.eval pairs``.

Reads ``tests/golden/pairs*.jsonl`` (provision ids of vn-laws-vlc + labels, see
PAIRS_GUIDE.md), fetches both texts from the current segmentation (rows whose text hash
drifted are skipped and counted), runs the detector with the documents' metadata, and prints
per split (dev / held-out, by a hash of the pair's ids) precision/recall per label, the
contradiction P/R, kind accuracy on found contradictions, and macro-F1.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .classify import PairInput, annotate_text, cosines
from .detect import LABELS, Side, classify


def split_of_pair(a: str, b: str) -> str:
    """``held-out`` for one pair in three (stable hash of the sorted ids), else ``dev``."""
    key = "|".join(sorted((a, b))).encode("utf-8")
    return "held-out" if hashlib.sha256(key).digest()[0] % 3 == 0 else "dev"


def load_rows(golden: Path) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for f in sorted(golden.glob("pairs*.jsonl")):
        rows += [json.loads(x) for x in f.read_text(encoding="utf-8").splitlines() if x.strip()]
    return rows


def evaluate(golden: Path, corpus: Path, encoder_for: Callable[[str], Any]
             ) -> dict[str, Any]:
    from . import ingest, segment

    docs = {d.doc_id: d for d in ingest([corpus]).documents}
    provisions = {p.id: p for d in docs.values() for p in segment(d)}
    rows = load_rows(golden)
    inputs: list[PairInput] = []
    kept: list[dict[str, Any]] = []
    drift = 0
    for r in rows:
        pa, pb = provisions.get(r["a"]), provisions.get(r["b"])
        if pa is None or pb is None or \
                hashlib.sha1(pa.text.encode()).hexdigest() != r["a_sha1"] or \
                hashlib.sha1(pb.text.encode()).hexdigest() != r["b_sha1"]:
            drift += 1
            continue
        sides = []
        for p in (pa, pb):
            d = docs[p.doc_id]
            sides.append(Side(p.text, annotate_text(p.text), p.id, d.doc_type, d.issuer,
                              d.signed, int(d.rank) if d.rank is not None else None))
        inputs.append(PairInput(r["id"], sides[0], sides[1], "vi"))
        kept.append(r)
    scores = cosines(inputs, encoder_for)
    confusion: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
    kinds: dict[str, Counter[str]] = defaultdict(Counter)
    for r, pair, cos in zip(kept, inputs, scores, strict=True):
        v = classify(pair.a, pair.b, cos)
        split = split_of_pair(r["a"], r["b"])
        for s in (split, "all"):
            confusion[s][(r["label"], v.label)] += 1
            if r["label"] == "contradiction" and v.label == "contradiction":
                kinds[s]["right" if v.kind == r["conflict_kind"] else "wrong"] += 1
    out: dict[str, Any] = {"pairs": len(kept), "drifted": drift, "splits": {}}
    for s, conf in confusion.items():
        table = {}
        f1s = []
        for label in LABELS:
            tp = conf[(label, label)]
            fp = sum(n for (g, p_), n in conf.items() if p_ == label and g != label)
            fn = sum(n for (g, p_), n in conf.items() if g == label and p_ != label)
            p_ = tp / (tp + fp) if tp + fp else 0.0
            rc = tp / (tp + fn) if tp + fn else 0.0
            f = 2 * p_ * rc / (p_ + rc) if p_ + rc else 0.0
            f1s.append(f)
            table[label] = {"precision": round(p_, 3), "recall": round(rc, 3), "f1": round(f, 3),
                            "support": tp + fn}
        k = kinds[s]
        out["splits"][s] = {
            "labels": table, "macro_f1": round(sum(f1s) / len(f1s), 3),
            "accuracy": round(sum(n for (g, p_), n in conf.items() if g == p_)
                              / max(1, sum(conf.values())), 3),
            "kind_accuracy": round(k["right"] / max(1, k["right"] + k["wrong"]), 3),
            "confusion": {f"{g}->{p_}": n for (g, p_), n in sorted(conf.items())},
        }
    return out
