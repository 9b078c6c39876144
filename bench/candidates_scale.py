"""Benchmark: candidate generation at national scale (1M units) — time, memory, ANN recall.

    python bench/candidates_scale.py --size 1000000 [--sample 1000] [--json]

The corpus is generated in a stream, never held as texts: unit ``i`` is a real vn-laws-vlc
clause (the first pass over them) or a variant of one (``bench/scale.py``'s ``_variant``:
dropped / repeated syllables, shifted numbers), 300 units to a synthetic document. One pass
encodes batches with the default Vietnamese encoder into a float16 memory map and computes
MinHash signatures into a uint64 one, as ``analyze`` stores them. Then, timed separately:

- ``index``: the faiss index ``analyze`` builds for this many queries (HNSW above
  ``EXACT_WORK``), from the float16 vectors widened to float32;
- ``knn``: every unit queried for k = 10 neighbours with cosine ≥ 0.6 through
  ``NeighbourIndex.pairs`` (the production filter: no same-document pairs);
- ``recall``: on ``--sample`` random queries, HNSW top-10 against exact search
  (``IndexFlatIP`` over all vectors), and the recall of exact search over float16-rounded
  and int8 scalar-quantised vectors against float32 — what storing smaller vectors costs;
- ``lsh`` / ``minhash``: ``VerbatimIndex`` built over all signatures and queried by all.

Prints one JSON object (``--json``) or a table: seconds and peak RSS (MB) per stage,
candidate pairs found, and the recalls. Peak RSS is sampled every 0.2 s.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale import PER_LAW, _real_clauses, _rss_mb, _variant

BATCH = 5000


class _Peaks:
    def __init__(self) -> None:
        self.stage = "start"
        self.peaks: dict[str, float] = {}
        self.seconds: dict[str, float] = {}
        self._t = time.perf_counter()
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self) -> None:
        while True:
            self.peaks[self.stage] = max(self.peaks.get(self.stage, 0.0), _rss_mb())
            time.sleep(0.2)

    def enter(self, stage: str) -> None:
        now = time.perf_counter()
        self.seconds[self.stage] = round(self.seconds.get(self.stage, 0.0) + now - self._t, 1)
        if stage != self.stage and stage not in ("embed", "minhash"):
            # progress on stderr, so a long run that is stopped still says how far it got
            print(f"[{time.strftime('%H:%M:%S')}] {self.stage} done "
                  f"({self.seconds[self.stage]} s, peak {self.peaks.get(self.stage, 0):.0f} MB)"
                  f" → {stage}", file=sys.stderr, flush=True)
        self.stage, self._t = stage, now


def _texts(n: int, real: list[str]) -> Iterator[list[str]]:
    """Batches of unit texts, deterministic in ``i`` (see the module doc)."""
    batch: list[str] = []
    for i in range(n):
        text = real[(i * 7919) % len(real)]
        if i >= len(real):
            text = _variant(text, random.Random(i))
        batch.append(text)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _ids(n: int) -> list[str]:
    return [f"d{i // PER_LAW:05d}/u{i}" for i in range(n)]


def run(n: int, sample: int, k: int = 10, min_score: float = 0.6) -> dict[str, Any]:
    import faiss

    from lexoverlap.candidates import NeighbourIndex, VerbatimIndex, signatures
    from lexoverlap.pipeline import load_encoder

    peaks = _Peaks()
    peaks.enter("source")
    real = [t for _, t in _real_clauses(60_000)]
    encoder = load_encoder("vi")
    work = Path(tempfile.mkdtemp(prefix="lexo-cand-"))
    dim = encoder.encode(["Điều 1."]).shape[1]
    vecs = np.lib.format.open_memmap(work / "v.npy", "w+", np.float16, (n, dim))
    sigs = np.lib.format.open_memmap(work / "s.npy", "w+", np.uint64, (n, 128))
    seconds_embed = seconds_sig = 0.0
    at = 0
    for batch in _texts(n, real):
        peaks.enter("embed")
        t0 = time.perf_counter()
        vecs[at:at + len(batch)] = encoder.encode(batch).astype(np.float16)
        seconds_embed += time.perf_counter() - t0
        peaks.enter("minhash")
        t0 = time.perf_counter()
        sigs[at:at + len(batch)] = signatures(batch)
        seconds_sig += time.perf_counter() - t0
        at += len(batch)
        if at % 100_000 == 0:
            print(f"[{time.strftime('%H:%M:%S')}] {at:,} units: embed {seconds_embed:.0f} s, "
                  f"minhash {seconds_sig:.0f} s", file=sys.stderr, flush=True)
    del real
    ids = _ids(n)

    peaks.enter("index")
    full = np.asarray(vecs, dtype=np.float32)
    index = NeighbourIndex(ids, full, queries=n)
    peaks.enter("knn")
    pairs = 0
    for start in range(0, n, 20_000):
        stop = min(n, start + 20_000)
        pairs += sum(1 for _ in index.pairs(ids[start:stop], full[start:stop], k, min_score))

    peaks.enter("recall")
    rng = np.random.default_rng(0)
    rows = rng.choice(n, size=min(sample, n), replace=False)
    queries = full[rows]
    exact = faiss.IndexFlatIP(full.shape[1])
    exact.add(full)
    _, truth = exact.search(queries, k)

    def recall(found: np.ndarray[Any, Any]) -> float:
        return float(np.mean([len(set(t) & set(f)) / k for t, f in zip(truth, found,
                                                                       strict=True)]))

    hnsw_recall = None
    if not index.exact:
        _, got = index.index.search(queries, k)
        hnsw_recall = round(recall(got), 4)
    del exact
    half = np.asarray(vecs, dtype=np.float16).astype(np.float32)  # what the store keeps
    exact16 = faiss.IndexFlatIP(full.shape[1])
    exact16.add(half)
    _, got16 = exact16.search(queries, k)
    del exact16, half
    sq8 = faiss.IndexScalarQuantizer(full.shape[1], faiss.ScalarQuantizer.QT_8bit,
                                     faiss.METRIC_INNER_PRODUCT)
    sq8.train(full[rng.choice(n, size=min(n, 100_000), replace=False)])
    sq8.add(full)
    _, got8 = sq8.search(queries, k)
    del sq8

    del full, index
    peaks.enter("lsh")
    verbatim = VerbatimIndex(ids, np.asarray(sigs))
    peaks.enter("lsh_query")
    near = 0
    for start in range(0, n, 50_000):
        near += sum(1 for _ in verbatim.pairs(ids[start:start + 50_000]))
    peaks.enter("done")
    seconds = {s: v for s, v in peaks.seconds.items() if s not in ("start", "embed", "minhash")}
    seconds["embed"] = round(seconds_embed, 1)
    seconds["minhash"] = round(seconds_sig, 1)
    candidate_s = sum(seconds.get(s, 0.0) for s in ("minhash", "index", "knn", "lsh",
                                                    "lsh_query"))
    for f in work.iterdir():
        f.unlink()
    work.rmdir()
    return {"bench": "candidates_scale", "size": n, "encoder": encoder.name,
            "cores": os.cpu_count(), "seconds": seconds,
            "candidate_seconds": round(candidate_s, 1),
            "peak_mb": {s: round(v) for s, v in peaks.peaks.items() if s != "start"},
            "index_kind": "exact" if hnsw_recall is None else "hnsw",
            "knn_pairs": pairs, "minhash_pairs": near, "sample": len(rows),
            "recall_at_10": {"hnsw_vs_exact": hnsw_recall,
                             "float16_vs_float32": round(recall(got16), 4),
                             "int8_vs_float32": round(recall(got8), 4)},
            "bytes_per_vector": {"float32": 4 * dim, "float16": 2 * dim, "int8": dim}}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=1000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = run(args.size, args.sample)
    if args.json:
        print(json.dumps(result))
        return
    print(f"{result['size']:,} units, encoder {result['encoder']}")
    for stage, secs in result["seconds"].items():
        print(f"  {stage:<10} {secs:>9.1f} s  {result['peak_mb'].get(stage, 0):>7} MB")
    print(f"  candidate generation (minhash+index+knn+lsh): {result['candidate_seconds']} s")
    print(f"  pairs: knn {result['knn_pairs']:,}, minhash {result['minhash_pairs']:,}")
    print(f"  recall@10: {result['recall_at_10']}")


if __name__ == "__main__":
    main()
