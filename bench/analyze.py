"""Benchmark: ``analyze`` of the whole vn-laws-vlc corpus into a fresh store, then again.

    python bench/analyze.py [--corpus PATH] [--store FILE] [--json]

Reports, per stage, seconds; peak memory (max RSS); the store's size and counts; the time of
a second run over the same files (must do no work); the time to add one document to the
full store; and candidate recall against the labelled pairs (tests/golden/pairs*.jsonl): of
the pairs labelled anything but ``unrelated``, how many are candidates (a candidate on the
same provision, an ancestor or a descendant counts). HNSW vs exact neighbour recall is
measured on the stored vectors. Uses the cached default encoder (``lexoverlap
train-encoder``; trained on first use otherwise).
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import shutil
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np

from lexoverlap.candidates import NeighbourIndex
from lexoverlap.pipeline import analyze
from lexoverlap.store import Store

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "corpora" / "vn-laws-vlc"


def _near(x: str, y: str) -> bool:
    return x == y or x.startswith(y + "/") or y.startswith(x + "/")


def candidate_recall(store: Path) -> dict[str, object]:
    """Share of labelled related pairs that the candidate stage surfaces, by label."""
    rows = []
    for f in sorted((ROOT / "tests" / "golden").glob("pairs*.jsonl")):
        rows += [json.loads(x) for x in f.read_text(encoding="utf-8").splitlines() if x]
    with Store(store, readonly=True) as s:
        pairs = s.db.execute("SELECT a, b FROM pairs").fetchall()
    by_doc: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for a, b in pairs:
        key = (a.split("/", 1)[0], b.split("/", 1)[0])
        by_doc.setdefault(key, []).append((a, b))
        by_doc.setdefault(key[::-1], []).append((b, a))
    total: Counter[str] = Counter()
    hit: Counter[str] = Counter()
    for r in rows:
        if r["label"] == "unrelated":
            continue
        a, b = r["a"], r["b"]
        if a.split("/", 1)[0] == b.split("/", 1)[0]:
            continue  # within-document pairs are not candidates by default
        total[r["label"]] += 1
        cands = by_doc.get((a.split("/", 1)[0], b.split("/", 1)[0]), [])
        if any(_near(a, x) and _near(b, y) for x, y in cands):
            hit[r["label"]] += 1
    out: dict[str, object] = {k: round(hit[k] / total[k], 3) for k in sorted(total)}
    out["all"] = round(sum(hit.values()) / max(1, sum(total.values())), 3)
    out["pairs"] = sum(total.values())
    return out


def hnsw_recall(store: Path, sample: int = 2000, k: int = 10) -> dict[str, object]:
    """Recall@k of the HNSW index against exact search on the stored vectors."""
    with Store(store, readonly=True) as s:
        encoder = max(s.encoders(), key=lambda e: s.db.execute(
            "SELECT count(*) FROM vectors WHERE encoder=?", (e,)).fetchone()[0]
            if not e.startswith("minhash") else -1)
        ids, vecs = s.vectors(encoder)
    vecs = vecs.astype(np.float32)
    rng = np.random.default_rng(0)
    q = rng.choice(len(ids), size=min(sample, len(ids)), replace=False)
    t0 = time.perf_counter()
    exact = NeighbourIndex(ids, vecs, exact=True)
    _, e_idx = exact.index.search(vecs[q], k)
    t1 = time.perf_counter()
    approx = NeighbourIndex(ids, vecs, exact=False)
    t2 = time.perf_counter()
    _, a_idx = approx.index.search(vecs[q], k)
    t3 = time.perf_counter()
    recall = np.mean([len(set(e) & set(a)) / k for e, a in zip(e_idx, a_idx, strict=True)])
    return {"encoder": encoder, "vectors": len(ids), "queries": len(q), "k": k,
            "recall_vs_exact": round(float(recall), 4),
            "exact_search_s": round(t1 - t0, 2), "hnsw_build_s": round(t2 - t1, 2),
            "hnsw_search_s": round(t3 - t2, 3)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", type=Path, default=DEFAULT)
    parser.add_argument("--store", type=Path, default=None)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="lexo-bench-"))
    store = args.store or work / "vlc.db"
    if store.exists():
        store.unlink()
    # Hold one document back to time adding it to the full store.
    files = sorted(args.corpus.rglob("*.txt"))
    held = files[len(files) // 2]
    corpus = work / "corpus"
    shutil.copytree(args.corpus, corpus)
    copy_held = corpus / held.relative_to(args.corpus)
    copy_held.rename(work / "held.txt")
    t0 = time.perf_counter()
    first = analyze([corpus], store)
    cold = time.perf_counter() - t0
    t0 = time.perf_counter()
    second = analyze([corpus], store)
    rerun = time.perf_counter() - t0
    (work / "held.txt").rename(copy_held)
    t0 = time.perf_counter()
    third = analyze([corpus], store)
    add_one = time.perf_counter() - t0
    result = {
        "bench": "analyze",
        "machine": f"{platform.machine()} {platform.system()}",
        "corpus": str(args.corpus),
        "cold_s": round(cold, 1),
        "stages_s": first.stats["seconds"],
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "store_mb": round(store.stat().st_size / 1e6, 1),
        "counts": third.stats["store"],
        "encoders": first.stats["encoders"],
        "rerun_s": round(rerun, 1),
        "rerun_new_documents": second.stats["new_documents"],
        "provisions_per_s": round(third.stats["store"]["provisions"] / cold, 1),
        "add_one_s": round(add_one, 1),
        "incremental_ratio": round(add_one / cold, 4),
        "targets": {"cold_s": 600, "incremental_ratio": 0.05},
        "add_one_embedded": third.stats["embedded_documents"],
        "add_one_stages_s": third.stats["seconds"],
        "candidate_recall": candidate_recall(store),
        "hnsw": hnsw_recall(store),
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(json.dumps(result, indent=1))
    if args.store is None:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
