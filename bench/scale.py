"""Benchmark: how ``analyze`` grows with the corpus — per stage seconds and peak memory.

    python bench/scale.py --sizes 10000,40000 [--json] [--plot bench/scale.png]

Each size is a corpus of that many comparison units built from real clauses of vn-laws-vlc
plus generated variants that keep their statistics (length, vocabulary, numbers): a variant
drops or repeats a few syllables, changes the numbers and takes the heading of another
article — so near-duplicates, overlaps and quantity differences occur at realistic rates.
Texts are written to a temporary folder (never into the repository) as laws of 300 clauses
and analysed into a fresh store, each size in its own process so peaks do not mix. Peak
memory is the resident set sampled every 0.2 s while each stage runs. Prints one row per
size and stage, the growth exponent between sizes (log time ratio / log size ratio; 1.0 is
linear), and with ``--plot`` a log-log chart.
"""

from __future__ import annotations

import argparse
import json
import math
import multiprocessing as mp
import random
import re
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
VLC = ROOT.parent / "shared" / "corpora" / "vn-laws-vlc"
PER_LAW = 300


def _rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        pages = int(fh.read().split()[1])
    return pages * 4096 / 1e6


class _Sampler:
    """A pipeline Reporter that records seconds and peak RSS per stage."""

    def __init__(self) -> None:
        self.stage = "start"
        self.peaks: dict[str, float] = {}
        self.stop = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.stop:
            self.peaks[self.stage] = max(self.peaks.get(self.stage, 0.0), _rss_mb())
            time.sleep(0.2)

    def start(self, stage: str, total: int) -> None:
        self.stage = stage

    def advance(self, n: int = 1) -> None:
        pass

    def failed(self, failure: Any) -> None:
        pass

    def note(self, message: str) -> None:
        pass


def _real_clauses(limit: int) -> list[tuple[str, str]]:
    """(article heading, clause text) of real vn-laws-vlc clauses, in corpus order."""
    import lexoverlap as lo
    from lexoverlap._units import units

    out: list[tuple[str, str]] = []
    for doc in lo.ingest([VLC]).documents:
        for u in units(lo.segment(doc)):
            if not u.boilerplate and 40 <= len(u.text) <= 1500 and u.heading:
                out.append((u.heading, re.sub(r"^\d+\.\s*", "", u.text).split("\n")[0]))
        if len(out) >= limit:
            break
    return out


def _variant(text: str, rng: random.Random) -> str:
    words = text.split()
    out: list[str] = []
    for w in words:
        r = rng.random()
        if r < 0.04:
            continue  # drop a syllable
        if r < 0.06:
            out.append(w)  # repeat one
        if w.isdigit():
            w = str(max(1, int(w) + rng.choice((-5, -1, 1, 5, 10))))
        out.append(w)
    return " ".join(out)


def build(n: int, folder: Path, seed: int = 0) -> int:
    """Write a corpus of ``n`` clauses; returns the number written."""
    rng = random.Random(seed)
    real = _real_clauses(min(n, 60_000))
    folder.mkdir(parents=True, exist_ok=True)
    written = 0
    law = 0
    while written < n:
        law += 1
        lines = ["QUỐC HỘI", f"Luật số: {law}/2099/QH99", f"LUẬT THỬ NGHIỆM SỐ {law}",
                 "Căn cứ Hiến pháp;", "Quốc hội ban hành Luật thử nghiệm."]
        article = 0
        in_law = 0
        while in_law < PER_LAW and written < n:
            article += 1
            heading, _ = real[rng.randrange(len(real))]
            lines.append(f"Điều {article}. {heading}")
            for clause in range(1, rng.randint(2, 5) + 1):
                _, text = real[(written * 7919) % len(real)]
                if written >= len(real) or rng.random() < 0.3:
                    text = _variant(text, rng)
                lines.append(f"{clause}. {text}")
                written += 1
                in_law += 1
        (folder / f"law-{law:05d}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return written


def _one(n: int, queue: Any) -> None:
    from lexoverlap.pipeline import analyze

    work = Path(tempfile.mkdtemp(prefix=f"lexo-scale-{n}-"))
    t0 = time.perf_counter()
    count = build(n, work / "corpus")
    build_s = time.perf_counter() - t0
    sampler = _Sampler()
    result = analyze([work / "corpus"], work / "s.db", reporter=sampler)
    sampler.stop = True
    queue.put({"size": count, "build_s": round(build_s, 1), "seconds": result.stats["seconds"],
               "peak_mb": {k: round(v) for k, v in sampler.peaks.items()},
               "store": result.stats["store"], "store_mb": round(
                   (work / "s.db").stat().st_size / 1e6, 1)})


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,40000")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--plot", type=Path, default=None)
    args = parser.parse_args()
    rows = []
    ctx = mp.get_context("spawn")
    for n in (int(x) for x in args.sizes.split(",")):
        queue = ctx.Queue()
        proc = ctx.Process(target=_one, args=(n, queue))
        proc.start()
        rows.append(queue.get())
        proc.join()
    growth: dict[str, float] = {}
    if len(rows) >= 2:
        first, last = rows[0], rows[-1]
        ratio = math.log(last["size"] / first["size"])
        for stage, secs in last["seconds"].items():
            base = first["seconds"].get(stage, 0.0)
            if base > 0.05 and secs > 0:
                growth[stage] = round(math.log(secs / base) / ratio, 2)
    result = {"bench": "scale", "rows": rows, "growth_exponent": growth}
    if args.json:
        print(json.dumps(result))
    else:
        for r in rows:
            for stage, secs in r["seconds"].items():
                peak = r["peak_mb"].get(stage, 0)
                print(f"{r['size']:>9} {stage:<11} {secs:>9.1f} s {peak:>7} MB")
        print("growth exponent (1.0 = linear):", growth)
    if args.plot:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=(6, 4))
        for stage in rows[0]["seconds"]:
            ax.loglog([r["size"] for r in rows], [max(r["seconds"][stage], 0.01) for r in rows],
                      marker="o", label=stage)
        ax.set_xlabel("comparison units")
        ax.set_ylabel("seconds")
        ax.legend()
        fig.tight_layout()
        fig.savefig(args.plot)


if __name__ == "__main__":
    main()
