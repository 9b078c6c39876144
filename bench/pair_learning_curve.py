"""Experiment: would more labelled pairs of this kind let a learned classifier reach the
issue's pair targets?

    python bench/pair_learning_curve.py [--repeats 5] [--json]

The dev split of the labelled pairs only (``tests/golden/pairs*.jsonl``; held-out is never
read here). Each pair is described by the detector's pair features (:data:`detect.FEATURES`:
similarities, containment, number agreement, which contradiction rules fire) plus the rules'
own label, one-hot. A random forest that predicts all six labels (not only a veto, as the
product's optional scorer does) is trained on a growing share of each training fold of a
stratified 5-fold cross-validation, repeated with several seeds, and scored on the test fold
beside the rules on the same fold. One line per training share: macro-F1, contradiction F1 and
duplicate F1, mean and standard deviation over folds and repeats.

Pairs of one pair of laws may sit in both folds, which flatters the forest: the curve is an
upper bound for what these features can learn from this many labels. A curve that is flat
well below the targets (held-out macro-F1 0.75, contradiction F1 0.80, duplicate 0.95) says
more labels of this kind would not get there; a rising one says they might.

Measured 2026-12-07 (detect.v22, 521 dev pairs, 5 repeats of 5 folds; about 2 min):

    forest    104 pairs  macro 0.549 ± 0.050  contradiction 0.570 ± 0.093  duplicate 0.794 ± 0.076
    forest    208 pairs  macro 0.592 ± 0.036  contradiction 0.622 ± 0.054  duplicate 0.836 ± 0.062
    forest    312 pairs  macro 0.615 ± 0.035  contradiction 0.634 ± 0.056  duplicate 0.868 ± 0.060
    forest    416 pairs  macro 0.631 ± 0.033  contradiction 0.640 ± 0.068  duplicate 0.886 ± 0.056
    rules     416 pairs  macro 0.628 ± 0.056  contradiction 0.654 ± 0.069  duplicate 0.911 ± 0.059

Macro-F1 gains about 0.04 per doubling of the labels; contradiction F1 gained 0.05 from the
first doubling and 0.02 from the second, and sits at 0.64 with all of them, below the rules
it is given as a feature. At the macro rate, 0.75 would want about eight times the labels
(some 3,300 training pairs) even with the fold leak; contradiction F1 shows no sign of going
to 0.80 on these features.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

SHARES = (0.25, 0.5, 0.75, 1.0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    from sklearn.ensemble import RandomForestClassifier
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold

    from lexoverlap._eval_pairs import load_labelled, split_of_pair
    from lexoverlap.corpora import corpora
    from lexoverlap.detect import FEATURES, LABELS, classify, features
    from lexoverlap.pipeline import load_encoder

    labelled = load_labelled(ROOT / "tests" / "golden", corpora()["vn-laws-vlc"].path)
    dev = [i for i, r in enumerate(labelled.rows) if split_of_pair(r["a"], r["b"]) == "dev"]
    sides = [labelled.sides[i] for i in dev]
    gold = np.array([labelled.rows[i]["label"] for i in dev])
    encoder = load_encoder("vi")
    va, vb = encoder.encode([a.text for a, _ in sides]), encoder.encode([b.text for _, b in sides])
    cosines = [float(x @ y) for x, y in zip(va, vb, strict=True)]
    rules = np.array([classify(a, b, c).label for (a, b), c in zip(sides, cosines, strict=True)])
    x = np.array([[features(a, b, c)[f] for f in FEATURES] + [float(r == lab) for lab in LABELS]
                  for (a, b), c, r in zip(sides, cosines, rules, strict=True)])

    def scores(truth: np.ndarray, found: np.ndarray) -> dict[str, float]:
        per = f1_score(truth, found, labels=list(LABELS), average=None, zero_division=0)
        return {"macro": float(np.mean(per)),
                "contradiction": float(per[LABELS.index("contradiction")]),
                "duplicate": float(per[LABELS.index("duplicate")])}

    runs: dict[str, list[dict[str, float]]] = {name: [] for name in [*map(str, SHARES), "rules"]}
    for seed in range(args.repeats):
        folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=seed)
        for train, test in folds.split(x, gold):
            runs["rules"].append(scores(gold[test], rules[test]))
            rng = np.random.default_rng(seed)
            order = rng.permutation(train)
            for share in SHARES:
                part = order[: max(12, int(share * len(order)))]
                model = RandomForestClassifier(n_estimators=300, min_samples_leaf=2,
                                               class_weight="balanced", random_state=seed,
                                               n_jobs=1).fit(x[part], gold[part])
                runs[str(share)].append(scores(gold[test], model.predict(x[test])))
    rows = []
    for name, results in runs.items():
        row: dict[str, float | str | int] = {
            "model": "rules" if name == "rules" else "forest",
            "train_pairs": len(dev) * 4 // 5 if name == "rules"
            else int(float(name) * len(dev) * 4 / 5)}
        for key in ("macro", "contradiction", "duplicate"):
            values = [r[key] for r in results]
            row[f"{key}_f1"] = round(statistics.mean(values), 3)
            row[f"{key}_sd"] = round(statistics.stdev(values), 3)
        rows.append(row)
    for row in rows:
        print(json.dumps(row) if args.json else
              f"{row['model']:<7}{row['train_pairs']:>6} pairs  macro {row['macro_f1']:.3f} "
              f"± {row['macro_sd']:.3f}  contradiction {row['contradiction_f1']:.3f} ± "
              f"{row['contradiction_sd']:.3f}  duplicate {row['duplicate_f1']:.3f} ± "
              f"{row['duplicate_sd']:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
