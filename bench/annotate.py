"""Benchmark: annotate the whole vn-laws-vlc corpus (norms, quantities, definitions, citations).

    python bench/annotate.py [--corpus PATH] [--json]

Target (issue 4): >= 300 provisions/s on 2 cores. Ingest and segmentation are timed apart
(bench/segment.py covers them); the number reported is annotation throughput. Prints one JSON
line with ``--json`` so runs can be compared over time.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import sys
import time
from collections import Counter
from pathlib import Path

import lexoverlap as lo
from lexoverlap._annotate import annotate, pipeline
from lexoverlap._citations import CitationFinder
from lexoverlap._resolve import CorpusIndex

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "corpora" / "vn-laws-vlc"
TARGET = 300.0


def run(corpus: Path) -> dict[str, object]:
    t0 = time.perf_counter()
    result = lo.ingest([corpus])
    segmented = [(d, lo.segment(d)) for d in result.documents]
    t1 = time.perf_counter()
    index = CorpusIndex(segmented)
    finder = CitationFinder(index.titles)
    pipeline("vi")  # load once, outside the timed loop (1 s, pyvi's model)
    t2 = time.perf_counter()
    counts: Counter[str] = Counter()
    provisions = 0
    for doc, items in segmented:
        for ann in annotate(doc, items, index=index, finder=finder):
            provisions += 1
            counts["norms"] += len(ann.norms)
            counts["quantities"] += len(ann.quantities)
            counts["definitions"] += len(ann.definitions)
            counts["citations"] += len(ann.citations)
            counts["resolved_targets"] += sum(t.resolved is not None
                                              for c in ann.citations for t in c.targets)
            counts["targets"] += sum(len(c.targets) for c in ann.citations)
    t3 = time.perf_counter()
    rate = provisions / (t3 - t2)
    return {
        "corpus": str(corpus),
        "documents": len(segmented),
        "provisions": provisions,
        "ingest_segment_s": round(t1 - t0, 2),
        "index_s": round(t2 - t1, 2),
        "annotate_s": round(t3 - t2, 2),
        "provisions_per_s": round(rate),
        "target_per_s": TARGET,
        "ratio_to_target": round(rate / TARGET, 2),
        **counts,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "python": platform.python_version(),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT)
    parser.add_argument("--json", action="store_true", help="one JSON line")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"corpus not found: {args.corpus} (../shared/corpora is needed)", file=sys.stderr)
        return 2
    report = run(args.corpus)
    if args.json:
        print(json.dumps(report))
    else:
        for key, value in report.items():
            print(f"{key:>18}: {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
