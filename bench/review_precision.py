"""How often a live contradiction of each kind was real, by the hand reviews.

    python bench/review_precision.py [--write]

Reads every review of live contradictions on vn-laws-vlc (``tests/golden/sample_review*.jsonl``
and ``top50_review.jsonl``: pairs read by hand, each judged real or false, with the detector's
kind) and prints, per kind, how many were read and how many were real. ``--write`` stores the
counts in ``src/lexoverlap/data/review_precision.json``, which the review report shows beside
each kind so that a reader weighs a finding by how often its kind held up. A pair read in
several reviews counts once (the latest reading). The reviews span detector versions
detect.v2–v9: the counts say how the *kinds* fared, not the current rules' precision.
"""

from __future__ import annotations

import argparse
import datetime
import json
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"
OUT = ROOT / "src" / "lexoverlap" / "data" / "review_precision.json"
KINDS = ("deontic", "competence", "quantity", "definition", "condition")


def counts() -> dict[str, dict[str, int]]:
    latest: dict[frozenset[str], tuple[str, bool]] = {}
    files = sorted(GOLDEN.glob("sample_review*.jsonl"), key=lambda p: (len(p.name), p.name))
    for path in [GOLDEN / "top50_review.jsonl", *files]:
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line) if line.strip() else {}
            if "a" in row and row.get("kind") in KINDS:
                latest[frozenset((row["a"], row["b"]))] = (
                    row["kind"], str(row["judgement"]).startswith("real"))
    read: Counter[str] = Counter(kind for kind, _ in latest.values())
    real: Counter[str] = Counter(kind for kind, ok in latest.values() if ok)
    return {k: {"read": read[k], "real": real[k]} for k in KINDS}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    table = counts()
    for kind, c in table.items():
        share = c["real"] / c["read"] if c["read"] else 0.0
        print(json.dumps({"kind": kind, **c, "real_share": round(share, 3)}))
    if args.write:
        OUT.write_text(json.dumps({
            "source": "hand reviews of live contradictions on vn-laws-vlc "
                      "(tests/golden/sample_review*.jsonl, top50_review.jsonl)",
            "counted": datetime.date.today().isoformat(), "kinds": table},
            ensure_ascii=False, sort_keys=True, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
