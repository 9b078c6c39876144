"""Pair evaluation: ``python -m lexoverlap.eval pairs``.

Reads ``tests/golden/pairs*.jsonl`` (provision ids of vn-laws-vlc + labels, see
PAIRS_GUIDE.md), fetches both texts from the current segmentation (rows whose text hash
drifted are skipped and counted), annotates each side in its document as ``analyze`` does
(until 2026-12-06 each text was annotated alone, which missed what a definitions article or a
lead-in gives), runs the detector with the documents' metadata, and prints
per split (dev / held-out, by a hash of the pair's ids) precision/recall per label, the
contradiction P/R, kind accuracy on found contradictions, and macro-F1.

A second, blind reading of a sample of the pairs (``agreement/pairs_*.jsonl``, labelled by the
same guide without seeing the first labels) is scored with the first reading as gold, beside
the rules on the same pairs: how far two readers agree bounds what the detector can be asked
for.

The time judgement is scored too: every labelled pair says whether its two documents were in
force together (``version_change``); ``analyze`` decides it from the corpus alone (an express
repeal, replacement or amendment between the two, or one document ended — as a whole, by a
third, by its successor, or on its own expiry date — before the other took effect;
``_findings``), and the same functions are run here on the same kinds of citation.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ._findings import (
    ChangeRow,
    changes,
    end_events,
    endings,
    lineage,
    time_verdict,
)
from .detect import LABELS, Side, Verdict, classify
from .models import Annotations


def split_of_pair(a: str, b: str) -> str:
    """``held-out`` for one pair in three (stable hash of the sorted ids), else ``dev``."""
    key = "|".join(sorted((a, b))).encode("utf-8")
    return "held-out" if hashlib.sha256(key).digest()[0] % 3 == 0 else "dev"


def load_rows(golden: Path) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for f in sorted(golden.glob("pairs*.jsonl")):
        rows += [json.loads(x) for x in f.read_text(encoding="utf-8").splitlines() if x.strip()]
    return rows


def labelled_sides(golden: Path, corpus: Path
                   ) -> tuple[list[dict[str, Any]], list[tuple[Side, Side]]]:
    """The labelled rows whose texts still match, with both sides built from the corpus."""
    labelled = load_labelled(golden, corpus)
    return labelled.rows, labelled.sides


@dataclass
class Labelled:
    """The labelled rows whose texts still match; both sides of each, built from the corpus;
    for each, what ``analyze`` would say of time: (the document that prevails, why) when the
    two documents were never in force together, else None; and when each document took
    effect."""

    rows: list[dict[str, Any]]
    sides: list[tuple[Side, Side]]
    times: list[tuple[str, str] | None]
    starts: dict[str, date | None]


def load_labelled(golden: Path, corpus: Path) -> Labelled:
    """See :class:`Labelled`."""
    from . import ingest, segment
    from ._annotate import annotate
    from ._citations import CitationFinder
    from ._resolve import CorpusIndex

    rows = load_rows(golden)
    docs = {d.doc_id: d for d in ingest([corpus]).documents}
    segmented = [(d, segment(d)) for d in docs.values()]
    provisions = {p.id: p for _, items in segmented for p in items}
    # Each side is annotated as `analyze` annotates it: in its document (a definitions
    # article's "X bao gồm …", lead-ins, scopes), with its descendants' annotations (see
    # _findings._Corpus.side), citations resolved against the whole corpus.
    index = CorpusIndex(segmented)
    finder = CitationFinder(index.titles)
    wanted = {p for r in rows for p in (r["a"], r["b"])}
    found: dict[str, list[Annotations]] = defaultdict(list)
    # Only what the labelled provisions need: the whole article each is in (its heading,
    # lead-ins and earlier siblings: a lead-in is read up to its first child) and the
    # article's ancestors; and the articles that may end a document, whose citations tell
    # which documents are versions of one another (_findings.lineage) — a
    # fraction of the corpus' provisions.
    articles = {_article(pid) for pid in wanted} | {
        _article(p.id) for _, items in segmented for p in items if _CHANGE_WORDS.search(p.text)}
    around = {a for art in articles for a in _ancestors(art)}
    change_rows: list[ChangeRow] = []
    for d, items in segmented:
        mine = [p for p in items if p.id in around or _article(p.id) in articles]
        for ann in annotate(d, mine, index=index, finder=finder):
            for pid in wanted & {ann.provision, *_ancestors(ann.provision)}:
                found[pid].append(ann)
            change_rows += [(d.doc_id, str(c.kind), t.resolved, c.start, c.end,
                             provisions[c.source].text, provisions[c.source].start)
                            for c in ann.citations for t in c.targets
                            if t.resolved and c.kind in _CHANGE_KINDS]
    meta = {d.doc_id: {"doc_type": d.doc_type, "signed": d.signed, "effective": d.effective,
                       "title": d.title, "rank": d.rank, "expiry": d.expiry}
            for d in docs.values()}
    events = end_events(meta, change_rows)
    versions = lineage(events)
    express, ended = changes(change_rows, meta), endings(events)
    kept: list[dict[str, Any]] = []
    sides: list[tuple[Side, Side]] = []
    times: list[tuple[str, str] | None] = []
    for r in rows:
        pa, pb = provisions.get(r["a"]), provisions.get(r["b"])
        if pa is None or pb is None or \
                hashlib.sha1(pa.text.encode()).hexdigest() != r["a_sha1"] or \
                hashlib.sha1(pb.text.encode()).hexdigest() != r["b_sha1"]:
            continue
        pair = []
        for p in (pa, pb):
            d = docs[p.doc_id]
            merged = Annotations.combine(p.id, found.get(p.id, []))
            pair.append(Side(p.text, merged, p.id, d.doc_type, d.issuer,
                             d.signed, int(d.rank) if d.rank is not None else None,
                             title=d.title, versions=versions.get(d.doc_id, frozenset())))
        kept.append(r)
        sides.append((pair[0], pair[1]))
        times.append(time_verdict(pa.id, pb.id, express, ended, meta))
    return Labelled(kept, sides, times,
                    {d.doc_id: d.effective or d.signed for d in docs.values()})


# Words of a provision that may end or amend another document (a superset: the citation kinds
# and _findings._whole_document_ends decide).
_CHANGE_WORDS = re.compile(r"hết hiệu lực|thay thế|bãi bỏ|sửa đổi")
_CHANGE_KINDS = frozenset(("repeals", "replaces", "amends", "refers"))


def _article(pid: str) -> str:
    """The id of the article ``pid`` lies in (itself for an article), or the document id."""
    parts = pid.split("/")
    for i, part in enumerate(parts):
        if part.startswith("art"):
            return "/".join(parts[:i + 1])
    return parts[0]


def _ancestors(pid: str) -> list[str]:
    parts = pid.split("/")
    return ["/".join(parts[:i]) for i in range(2, len(parts))]


def _row_split(row: dict[str, Any]) -> str:
    return split_of_pair(row["a"], row["b"])


def _tables(kept: list[dict[str, Any]], predicted: list[Verdict],
            split_of: Callable[[dict[str, Any]], str] = _row_split) -> dict[str, Any]:
    confusion: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
    kinds: dict[str, Counter[str]] = defaultdict(Counter)
    for r, v in zip(kept, predicted, strict=True):
        split = split_of(r)
        for s in (split, "all"):
            confusion[s][(r["label"], v.label)] += 1
            if r["label"] == "contradiction" and v.label == "contradiction":
                kinds[s]["right" if v.kind == r["conflict_kind"] else "wrong"] += 1
    out: dict[str, Any] = {}
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
        out[s] = {
            "labels": table, "macro_f1": round(sum(f1s) / len(f1s), 3),
            "accuracy": round(sum(n for (g, p_), n in conf.items() if g == p_)
                              / max(1, sum(conf.values())), 3),
            "kind_accuracy": round(k["right"] / max(1, k["right"] + k["wrong"]), 3),
            "confusion": {f"{g}->{p_}": n for (g, p_), n in sorted(conf.items())},
            "kappa": round(_kappa(conf), 3),
        }
    return out


def _kappa(confusion: Counter[tuple[str, str]]) -> float:
    """Cohen's kappa of a confusion table (agreement beyond what the label shares explain)."""
    from sklearn.metrics import cohen_kappa_score

    gold = [g for (g, _), n in confusion.items() for _ in range(n)]
    pred = [p for (_, p), n in confusion.items() for _ in range(n)]
    return float(cohen_kappa_score(gold, pred)) if len(set(gold) | set(pred)) > 1 else 1.0


def second_reading(golden: Path, kept: list[dict[str, Any]], rules: list[Verdict]
                   ) -> dict[str, Any]:
    """The second reader and the rules, each against the first reading, on the pairs the
    second reader labelled (and whose texts still match); ``{}`` when there is none."""
    first = {r["id"]: (r, v) for r, v in zip(kept, rules, strict=True)}
    rows: list[dict[str, Any]] = []
    second: list[Verdict] = []
    for path in sorted((golden / "agreement").glob("pairs_*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            if row["id"] in first:
                rows.append(first[row["id"]][0])
                second.append(Verdict(row["label"], 1.0, row.get("conflict_kind")))
    if not rows:
        return {}
    same = [first[r["id"]][1] for r in rows]
    return {"pairs": len(rows),
            "second reader": _tables(rows, second, lambda _: "sample")["sample"],
            "rules": _tables(rows, same, lambda _: "sample")["sample"]}


def evaluate(golden: Path, corpus: Path, encoder_for: Callable[[str], Any]
             ) -> dict[str, Any]:
    """Rules, and the learned scorer fitted here on the dev split only, on both splits."""
    from .learned import fit

    total = len(load_rows(golden))
    labelled = load_labelled(golden, corpus)
    kept, sides = labelled.rows, labelled.sides
    encoder = encoder_for("vi")
    va = encoder.encode([a.text for a, _ in sides])
    vb = encoder.encode([b.text for _, b in sides])
    scores = [float(x @ y) for x, y in zip(va, vb, strict=True)]
    rules = [classify(a, b, c) for (a, b), c in zip(sides, scores, strict=True)]
    dev = [i for i, r in enumerate(kept) if split_of_pair(r["a"], r["b"]) == "dev"]
    detector = fit([(sides[i][0], sides[i][1], scores[i]) for i in dev],
                   [kept[i]["label"] for i in dev], encoder.name)
    learned = [detector.classify(a, b, c) for (a, b), c in zip(sides, scores, strict=True)]
    return {"pairs": len(kept), "drifted": total - len(kept),
            "splits": _tables(kept, rules), "learned": _tables(kept, learned),
            "sampled": sampled(kept, rules),
            "second_reading": second_reading(golden, kept, rules),
            "time": time_judgement(labelled)}


def time_judgement(labelled: Labelled) -> dict[str, Any]:
    """Per split, the pairs whose documents were labelled never in force together
    (``version_change``) against what ``analyze`` decides from the corpus (:class:`Labelled`),
    over all pairs between two documents and over the labelled contradictions; and, where both
    say version change, whether the document found to prevail is the later one."""
    out: dict[str, dict[str, Counter[str]]] = {}
    for r, found in zip(labelled.rows, labelled.times, strict=True):
        da, db = r["a"].split("/", 1)[0], r["b"].split("/", 1)[0]
        if da == db:
            continue
        gold = bool(r["version_change"])
        cell = f"{'version' if gold else 'live'}->{'live' if found is None else 'version'}"
        for split in (_row_split(r), "all"):
            parts = out.setdefault(split, {})
            parts.setdefault("pairs", Counter())[cell] += 1
            if r["label"] == "contradiction":
                parts.setdefault("contradictions", Counter())[cell] += 1
            start_a, start_b = labelled.starts.get(da), labelled.starts.get(db)
            if gold and found is not None and start_a and start_b and start_a != start_b:
                later = da if start_a > start_b else db
                parts.setdefault("later prevails", Counter())[
                    "right" if found[0] == later else "wrong"] += 1
    return {split: {subset: dict(c) for subset, c in parts.items()}
            for split, parts in out.items()}


def sampled(kept: list[dict[str, Any]], rules: list[Verdict]) -> dict[str, Any]:
    """The rules on the pairs drawn at random from what ``analyze`` compares (``source``
    ``fresh-*``, PAIRS_GUIDE "Batch 4"), per split: the batches found by searching for tensions
    overstate what the rules do on a corpus, these do not."""
    chosen = [(r, v) for r, v in zip(kept, rules, strict=True)
              if str(r.get("source", "")).startswith("fresh-")]
    if not chosen:
        return {}
    return _tables([r for r, _ in chosen], [v for _, v in chosen])
