"""A learned scorer on top of the rules: a random forest over :func:`detect.features`.

Trained on the *dev* split of the labelled pairs only (``tests/golden/pairs*.jsonl``, texts
read from vn-laws-vlc), so the held-out split stays an honest test. Optional
(``LEXOVERLAP_DETECTOR=learned``): it raised contradiction precision on held-out pairs over
the first rules, but not over the stricter rules that followed (README, "Measured"). Division of
labour: only the rules propose a contradiction (with its kind, evidence spans and
precedence) and give every other label; the forest confirms or vetoes each contradiction.
Built by ``lexoverlap train-detector`` (or on first use when vn-laws-vlc is present) and
cached beside the encoders; without it, detection is rules only.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from . import embed
from .detect import FEATURES, Side, Verdict, classify, features

MODEL_VERSION = "detect-rf.v1"


@dataclass
class Detector:
    """The forest and what it was trained with (the encoder its cosines came from)."""

    model: Any
    encoder: str
    trained_on: int

    @property
    def name(self) -> str:
        return f"{MODEL_VERSION}({self.trained_on} pairs)"

    def classify(self, a: Side, b: Side, cosine: float) -> Verdict:
        return self.classify_many([(a, b, cosine)])[0]

    def classify_many(self, items: Sequence[tuple[Side, Side, float]]) -> list[Verdict]:
        """Classify a batch (one forest call for all: per-pair calls cost ~10 ms each)."""
        if not items:
            return []
        rules = [classify(a, b, c) for a, b, c in items]
        rows = [features(a, b, c) for a, b, c in items]
        x = np.array([[row[f] for f in FEATURES] for row in rows])
        probas = self.model.predict_proba(x)
        return [self._combine(r, str(self.model.classes_[int(np.argmax(p))]), float(np.max(p)))
                for r, p in zip(rules, probas, strict=True)]

    @staticmethod
    def _combine(rules: Verdict, label: str, score: float) -> Verdict:
        """The forest only vetoes: a rule contradiction it does not believe becomes the label
        it prefers; every other verdict is the rules'. (It never invents a contradiction no
        rule explains — the labelled set holds far more contradictions, 23%, than real
        candidate pairs do — and relabelling the other classes did not help on dev.)"""
        if rules.label == "contradiction" and label != "contradiction":
            return Verdict(label, score, explanation=(
                f"A {rules.kind} rule fired ({rules.explanation}) but the scorer vetoes it and "
                f"judges the pair '{label}' (p={score:.2f})."))
        return rules


def fit(pairs: Sequence[tuple[Side, Side, float]], labels: Sequence[str], encoder: str,
        seed: int = 0) -> Detector:
    from sklearn.ensemble import RandomForestClassifier

    x = np.array([[features(a, b, c)[f] for f in FEATURES] for a, b, c in pairs])
    model = RandomForestClassifier(n_estimators=300, min_samples_leaf=2, random_state=seed,
                                   n_jobs=1)
    model.fit(x, list(labels))
    return Detector(model, encoder, len(labels))


def path() -> Path:
    return embed.cache_home() / "detector" / "rf"


def save(detector: Detector, where: Path | None = None) -> None:
    import joblib

    where = where or path()
    where.mkdir(parents=True, exist_ok=True)
    joblib.dump(detector.model, where / "model.joblib")
    (where / "detector.json").write_text(json.dumps(
        {"version": MODEL_VERSION, "encoder": detector.encoder,
         "trained_on": detector.trained_on, "features": list(FEATURES)}), encoding="utf-8")


def load(encoder: str, where: Path | None = None) -> Detector | None:
    """The cached detector if it matches this encoder and these features, else None."""
    import joblib

    where = where or path()
    try:
        meta = json.loads((where / "detector.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if meta.get("version") != MODEL_VERSION or meta.get("encoder") != encoder or \
            meta.get("features") != list(FEATURES):
        return None
    return Detector(joblib.load(where / "model.joblib"), encoder, int(meta["trained_on"]))


def train_from_labelled(golden: Path, corpus: Path, encoder: embed.Encoder
                        ) -> Detector:
    """Fit on the dev split of the labelled pairs (texts from ``corpus``)."""
    from ._eval_pairs import labelled_sides, split_of_pair

    rows, sides = labelled_sides(golden, corpus)
    keep = [i for i, r in enumerate(rows) if split_of_pair(r["a"], r["b"]) == "dev"]
    texts_a = [sides[i][0].text for i in keep]
    texts_b = [sides[i][1].text for i in keep]
    va, vb = encoder.encode(texts_a), encoder.encode(texts_b)
    cos = [float(x @ y) for x, y in zip(va, vb, strict=True)]
    return fit([(sides[i][0], sides[i][1], c) for i, c in zip(keep, cos, strict=True)],
               [rows[i]["label"] for i in keep], encoder.name)


Batch = Callable[[Sequence[tuple[Side, Side, float]]], list[Verdict]]


def rules_batch(items: Sequence[tuple[Side, Side, float]]) -> list[Verdict]:
    """The rules alone, as a batch classifier."""
    return [classify(a, b, c) for a, b, c in items]


def classifier_for(encoder: embed.Encoder, train_if_missing: bool = True,
                   note: Callable[[str], None] | None = None) -> tuple[Batch, str]:
    """The detector to use with this encoder. The rules, unless ``$LEXOVERLAP_DETECTOR`` is
    ``learned``: then the cached forest, trained now from the labelled pairs when vn-laws-vlc
    is present and it is missing. The forest is not the default because it no longer beats
    the rules on held-out pairs since the rules were made stricter (README, "Measured")."""
    import os

    from .detect import RULES_VERSION

    if os.environ.get("LEXOVERLAP_DETECTOR", "rules") != "learned":
        return rules_batch, RULES_VERSION
    cached = load(encoder.name)
    if cached is not None:
        return cached.classify_many, cached.name
    if train_if_missing:
        from .corpora import corpora, find_manifest

        vlc = corpora().get("vn-laws-vlc")
        golden = find_manifest().parent.parent / "tests" / "golden"
        if vlc is not None and vlc.available and golden.is_dir():
            if note is not None:
                note(f"training the learned detector on the labelled pairs (once; cached in "
                     f"{path()})")
            detector = train_from_labelled(golden, vlc.path, encoder)
            save(detector)
            return detector.classify_many, detector.name
    return rules_batch, RULES_VERSION
