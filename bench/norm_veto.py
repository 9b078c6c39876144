"""Experiment: can a learned veto over the rule triggers raise norm precision?

    python bench/norm_veto.py [--corpus PATH] [--fresh norms_dev8.jsonl,norms_dev9.jsonl]

Every modal word in the labelled provisions (tests/golden/norms*.jsonl) is a candidate; its
label is whether a hand-labelled norm has that trigger. A logistic regression over context
words and pyvi part-of-speech tags is fitted on the dev provisions minus the ``--fresh``
batches, and scored on those batches (laws the rules had not been tuned on when they were
labelled; pass the newest batch the rules have not been tuned on): the rules alone, the model
alone and the rules with the model as a veto, at several thresholds, trigger by trigger. Prints
one JSON line per setting. Measured 2026-12-04 (README, "Known limits"), before the rules were
tuned on dev8/dev9: rules P 0.85 / R 0.89, veto at 0.3 P 0.90 / R 0.85; after: rules 0.90 /
0.92, veto 0.95 / 0.88. The veto trades recall for precision about one for one, so it is not
in the product.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from typing import Any

import numpy as np

import lexoverlap as lo
from lexoverlap._annotate import annotate
from lexoverlap._citations import CitationFinder
from lexoverlap._resolve import CorpusIndex
from lexoverlap.eval import _overlaps, _read_jsonl, split_of, text_fingerprint

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"
DEFAULT = ROOT.parent / "shared" / "corpora" / "vn-laws-vlc"
TRIGGER = re.compile(r"(?<![\wÀ-ỹ])(nghiêm cấm|không được phép|không được|được phép|có quyền|"
                     r"có trách nhiệm|có nghĩa vụ|chịu trách nhiệm|có thể|bắt buộc|phải|cấm|được)"
                     r"(?![\wÀ-ỹ])", re.I)
WORD = re.compile(r"[\wÀ-ỹ]+|[^\s\w]")


def candidates(corpus: Path) -> list[dict[str, Any]]:
    rows = {}
    for path in sorted(GOLDEN.glob("norms*.jsonl")):
        for r in _read_jsonl(path):
            rows[r["provision"]] = {**r, "file": path.name}
    docs = {pid.split("/", 1)[0] for pid in rows}
    segmented = [(d, lo.segment(d)) for d in lo.ingest([corpus]).documents]
    index = CorpusIndex(segmented)
    finder = CitationFinder(index.titles)
    out = []
    for doc, items in segmented:
        if doc.doc_id not in docs:
            continue
        predicted = {a.provision: a for a in annotate(doc, items, index=index, finder=finder)}
        for p in items:
            r = rows.get(p.id)
            if r is None or r.get("text_sha1") != text_fingerprint(p.text):
                continue
            gold = [tuple(n["trigger"]) for n in r["norms"]]
            ann = predicted.get(p.id)
            pred = [(n.trigger.start - p.start, n.trigger.end - p.start)
                    for n in (ann.norms if ann else ())]
            for m in TRIGGER.finditer(p.text):
                span = (m.start(), m.end())
                out.append({"doc": doc.doc_id, "file": r["file"], "text": p.text, "span": span,
                            "trigger": m.group(1).lower(),
                            "gold": any(_overlaps(g, span) for g in gold),
                            "rule": any(_overlaps(q, span) for q in pred)})
    return out


def features(c: dict[str, Any]) -> dict[str, float]:
    from pyvi import ViPosTagger, ViTokenizer

    text, (s, e) = c["text"], c["span"]
    before, after = WORD.findall(text[:s].lower()), WORD.findall(text[e:].lower())
    f: dict[str, float] = {"trigger=" + c["trigger"]: 1}
    for i in range(1, 5):
        if len(before) >= i:
            f[f"b{i}={before[-i]}"] = 1
        if len(after) >= i:
            f[f"a{i}={after[i - 1]}"] = 1
    clause = re.split(r"[;:.\n]\s", text[:s])[-1].lower()
    for w in set(WORD.findall(clause)):
        f["clause=" + w] = 1
    tagged_before = ViPosTagger.postagging(ViTokenizer.tokenize(clause)) if clause.strip() \
        else ([], [])
    tagged_after = ViPosTagger.postagging(ViTokenizer.tokenize(text[e:e + 80].lower())) \
        if text[e:].strip() else ([], [])
    for i in range(1, 4):
        if len(tagged_before[1]) >= i:
            f[f"bp{i}={tagged_before[1][-i]}"] = 1
        if len(tagged_after[1]) >= i:
            f[f"ap{i}={tagged_after[1][i - 1]}"] = 1
    return f


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", type=Path, default=DEFAULT)
    parser.add_argument("--fresh", default="norms_dev8.jsonl,norms_dev9.jsonl")
    args = parser.parse_args()
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    cands = candidates(args.corpus)
    fresh_files = set(args.fresh.split(","))
    fresh = np.array([c["file"] in fresh_files for c in cands])
    train = np.array([split_of(c["doc"]) == "dev" for c in cands]) & ~fresh
    gold = np.array([c["gold"] for c in cands])
    rule = np.array([c["rule"] for c in cands])
    vec = DictVectorizer()
    x = vec.fit_transform([features(c) for c in cands])
    model = LogisticRegression(C=0.3, max_iter=2000).fit(x[train], gold[train])
    prob = model.predict_proba(x[fresh])[:, 1]

    def score(name: str, chosen: np.ndarray) -> None:
        y = gold[fresh]
        tp, fp, fn = int((chosen & y).sum()), int((chosen & ~y).sum()), int((~chosen & y).sum())
        print(json.dumps({"setting": name, "tp": tp, "fp": fp, "fn": fn,
                          "precision": round(tp / max(1, tp + fp), 3),
                          "recall": round(tp / max(1, tp + fn), 3)}))

    score("rules", rule[fresh])
    for t in (0.2, 0.3, 0.4, 0.5):
        score(f"model>{t}", prob > t)
        score(f"rules+veto>{t}", rule[fresh] & (prob > t))


if __name__ == "__main__":
    main()
