"""Benchmark: ingest + segment the whole vn-laws-vlc corpus; prints provisions per second.

    python bench/segment.py [--corpus PATH] [--repeat N] [--json]

Target (issue 3): all of vn-laws-vlc in under 30 s on 2 cores. Prints one JSON line with
``--json`` so results can be compared over time (bench/results/ keeps them if you redirect).
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import sys
import time
from pathlib import Path

import lexoverlap as lo

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "corpora" / "vn-laws-vlc"
TARGET_SECONDS = 30.0


def run(corpus: Path) -> dict[str, float | int | str]:
    files = list(lo.iter_files([corpus]))
    nbytes = sum(f.stat().st_size for f in files)
    t0 = time.perf_counter()
    result = lo.ingest(files)
    t1 = time.perf_counter()
    provisions = sum(len(lo.segment(d)) for d in result.documents)
    t2 = time.perf_counter()
    total = t2 - t0
    return {
        "corpus": str(corpus),
        "files": len(files),
        "failures": len(result.failures),
        "megabytes": round(nbytes / 1e6, 2),
        "provisions": provisions,
        "ingest_s": round(t1 - t0, 3),
        "segment_s": round(t2 - t1, 3),
        "total_s": round(total, 3),
        "provisions_per_s": round(provisions / total),
        "mb_per_s": round(nbytes / 1e6 / total, 2),
        "target_s": TARGET_SECONDS,
        "ratio_to_target": round(total / TARGET_SECONDS, 3),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "python": platform.python_version(),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT)
    parser.add_argument("--repeat", type=int, default=1, help="runs; the best is reported")
    parser.add_argument("--json", action="store_true", help="one JSON line")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"corpus not found: {args.corpus} (../shared/corpora is needed)", file=sys.stderr)
        return 2
    best = min((run(args.corpus) for _ in range(args.repeat)), key=lambda r: r["total_s"])
    if args.json:
        print(json.dumps(best))
    else:
        for key, value in best.items():
            print(f"{key:>18}: {value}")
        verdict = "OK" if float(best["total_s"]) <= TARGET_SECONDS else "SLOWER THAN TARGET"
        print(f"{'verdict':>18}: {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
