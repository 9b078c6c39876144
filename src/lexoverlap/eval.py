"""Evaluation against the hand-labelled sets: ``python -m lexoverlap.eval annotations``.

Reads ``tests/golden/norms*.jsonl`` and ``tests/golden/citations*.jsonl`` (provision ids +
offsets + labels, see tests/golden/ANNOTATION_GUIDE.md), annotates the same provisions of
vn-laws-vlc, and prints precision/recall per modality and per citation kind, span-exact, plus
actor/action agreement and citation resolution accuracy. Results are split into ``dev`` (the
laws rules may be tuned on) and ``held-out`` (never looked at while tuning) by a hash of the
document id, so the two numbers can be compared over time.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HELD_OUT_SHARE = 3  # one document in three (by hash) is held out


def split_of(doc_id: str) -> str:
    """``"held-out"`` for one document in three (stable hash of the id), else ``"dev"``."""
    digest = hashlib.sha256(doc_id.encode("utf-8")).digest()
    return "held-out" if digest[0] % HELD_OUT_SHARE == 0 else "dev"


@dataclass
class Counts:
    """True positives, false positives, false negatives."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def row(self) -> dict[str, float | int]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(p, 3),
                "recall": round(r, 3), "f1": round(f, 3)}


@dataclass
class Report:
    """Per-split tables."""

    counts: dict[str, dict[str, Counts]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(Counts))
    )
    agree: dict[str, dict[str, list[int]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(lambda: [0, 0]))
    )

    def add_agreement(self, split: str, name: str, ok: bool) -> None:
        cell = self.agree[split][name]
        cell[0] += int(ok)
        cell[1] += 1

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for split in sorted(set(self.counts) | set(self.agree)):
            out[split] = {
                "prf": {k: c.row() for k, c in sorted(self.counts[split].items())},
                "accuracy": {k: {"correct": a, "total": n, "accuracy": round(a / n, 3) if n else
                                 0.0} for k, (a, n) in sorted(self.agree[split].items())},
            }
        return out


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    rows = []
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise SystemExit(f"{path}:{i}: not JSON ({exc})") from None
    return rows


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def evaluate(golden: Path, corpus: Path) -> Report:
    """Annotate the labelled provisions and compare with the labels."""
    import lexoverlap as lo

    from ._annotate import annotate
    from ._citations import CitationFinder
    from ._resolve import CorpusIndex

    # norms.jsonl plus any later batch (norms_*.jsonl) labelled to the same guide.
    norms_gold = [row for path in sorted(golden.glob("norms*.jsonl")) for row in _read_jsonl(path)]
    cits_gold = [row for path in sorted(golden.glob("citations*.jsonl"))
                 for row in _read_jsonl(path)]
    wanted_docs = {row["provision"].split("/", 1)[0] for row in norms_gold + cits_gold}
    result = lo.ingest([corpus])
    segmented = [(d, lo.segment(d)) for d in result.documents]
    index = CorpusIndex(segmented)
    finder = CitationFinder(index.titles)
    provisions: dict[str, Any] = {}
    predicted: dict[str, Any] = {}
    for doc, items in segmented:
        if doc.doc_id not in wanted_docs:
            continue
        for p in items:
            provisions[p.id] = p
        for ann in annotate(doc, items, index=index, finder=finder):
            predicted[ann.provision] = ann
    report = Report()
    _score_norms(norms_gold, provisions, predicted, report)
    _score_citations(cits_gold, provisions, predicted, report)
    _score_second_reading(golden, norms_gold, report)
    return report


def _score_second_reading(golden: Path, primary: list[dict[str, Any]], report: Report) -> None:
    """How far a second, blind reading of labelled provisions (``agreement/norms_*.jsonl``,
    made by the same guide without seeing the first) agrees with the first: the first is
    scored as gold, under the split ``second reading``. It bounds what the annotator can be
    asked for: disagreement between two readings is noise in the labels, not an error."""
    first = {row["provision"]: row for row in primary}
    for path in sorted((golden / "agreement").glob("norms_*.jsonl")):
        for row in _read_jsonl(path):
            gold_row = first.get(row["provision"])
            if gold_row is None or gold_row.get("text_sha1") != row.get("text_sha1"):
                continue  # not labelled the first time, or the text changed since
            counts = report.counts["second reading"]
            used: set[int] = set()
            for norm in row["norms"]:
                match = next((i for i, g in enumerate(gold_row["norms"]) if i not in used
                              and g["modality"] == norm["modality"]
                              and _overlaps(tuple(g["trigger"]), tuple(norm["trigger"]))),
                             None)
                key = f"norm:{norm['modality']}"
                if match is None:
                    counts[key].fp += 1
                    counts["norm:all"].fp += 1
                    continue
                used.add(match)
                counts[key].tp += 1
                counts["norm:all"].tp += 1
                g = gold_row["norms"][match]
                if g.get("actor"):
                    report.add_agreement("second reading", "actor exact",
                                         norm.get("actor") == g["actor"])
                report.add_agreement("second reading", "action exact",
                                     norm["action"] == g["action"])
            for i, g in enumerate(gold_row["norms"]):
                if i not in used:
                    counts[f"norm:{g['modality']}"].fn += 1
                    counts["norm:all"].fn += 1


def text_fingerprint(text: str) -> str:
    """Short hash of a provision's text: labels are offsets into it, so they must not drift."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def _labelled(rows: Iterable[dict[str, Any]], provisions: dict[str, Any]
              ) -> Iterator[tuple[dict[str, Any], str, str, int]]:
    """Each labelled row with its provision id, split and the provision's start offset.

    A row whose provision text changed since labelling (segmentation changed) is skipped with
    a warning: its offsets no longer point at what was labelled.
    """
    for row in rows:
        pid = row["provision"]
        if pid not in provisions:
            print(f"warning: {pid} not in the corpus; skipped", file=sys.stderr)
            continue
        if row.get("text_sha1") and row["text_sha1"] != text_fingerprint(provisions[pid].text):
            print(f"warning: {pid} text changed since it was labelled; skipped", file=sys.stderr)
            continue
        yield row, pid, split_of(pid.split("/", 1)[0]), provisions[pid].start


def _score_norms(rows: Iterable[dict[str, Any]], provisions: dict[str, Any],
                 predicted: dict[str, Any], report: Report) -> None:
    for row, pid, split, base in _labelled(rows, provisions):
        gold = [(n["modality"], (base + n["trigger"][0], base + n["trigger"][1]), n)
                for n in row["norms"]]
        ann = predicted.get(pid)
        pred = [(n.modality, (n.trigger.start, n.trigger.end), n)
                for n in (ann.norms if ann else ())]
        used: set[int] = set()
        for modality, span, norm in pred:
            match = next((i for i, g in enumerate(gold)
                          if i not in used and g[0] == modality and _overlaps(g[1], span)), None)
            counts = report.counts[split]
            if match is None:
                counts[f"norm:{modality}"].fp += 1
                counts["norm:all"].fp += 1
                continue
            used.add(match)
            counts[f"norm:{modality}"].tp += 1
            counts["norm:all"].tp += 1
            g = gold[match][2]
            if g.get("actor"):
                ga = (base + g["actor"][0], base + g["actor"][1])
                got = (norm.actor.start, norm.actor.end) if norm.actor else None
                report.add_agreement(split, "actor exact", got == ga)
            ga2 = (base + g["action"][0], base + g["action"][1])
            report.add_agreement(split, "action exact", (norm.action.start, norm.action.end) == ga2)
            report.add_agreement(split, "action overlaps", _overlaps(
                (norm.action.start, norm.action.end), ga2))
        for i, (modality, _, _) in enumerate(gold):
            if i not in used:
                report.counts[split][f"norm:{modality}"].fn += 1
                report.counts[split]["norm:all"].fn += 1


def _score_citations(rows: Iterable[dict[str, Any]], provisions: dict[str, Any],
                     predicted: dict[str, Any], report: Report) -> None:
    for row, pid, split, base in _labelled(rows, provisions):
        gold = {(base + c["span"][0], base + c["span"][1]): c for c in row["citations"]}
        ann = predicted.get(pid)
        pred = {(c.start, c.end): c for c in (ann.citations if ann else ())}
        counts = report.counts[split]
        for span, c in pred.items():
            g = gold.get(span)
            if g is None:
                counts["citation:all"].fp += 1
                counts[f"citation:{c.kind}"].fp += 1
                continue
            counts["citation:all"].tp += 1
            if g["kind"] == c.kind:
                counts[f"citation:{c.kind}"].tp += 1
            else:
                counts[f"citation:{c.kind}"].fp += 1
                counts[f"citation:{g['kind']}"].fn += 1
            report.add_agreement(split, "citation kind", g["kind"] == c.kind)
            for gt, pt in zip(g["targets"], c.targets, strict=False):
                same = all(
                    (gt.get(k) or None) == (getattr(pt, k) or None)
                    for k in ("article", "clause", "point")
                )
                report.add_agreement(split, "target path", same)
                if gt.get("resolved"):
                    report.add_agreement(split, "resolution (resolvable targets)",
                                         pt.resolved == gt["resolved"])
        for span, g in gold.items():
            if span not in pred:
                counts["citation:all"].fn += 1
                counts[f"citation:{g['kind']}"].fn += 1


def _print(report: Report) -> None:
    for split, tables in report.as_dict().items():
        print(f"\n== {split} ==")
        print(f"{'annotation':<34}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}")
        for name, row in tables["prf"].items():
            print(f"{name:<34}{row['precision']:>7.3f}{row['recall']:>7.3f}{row['f1']:>7.3f}"
                  f"{row['tp']:>6}{row['fp']:>6}{row['fn']:>6}")
        for name, row in tables["accuracy"].items():
            print(f"{name:<34} accuracy {row['accuracy']:.3f} ({row['correct']}/{row['total']})")


def evaluate_retrieval(corpus: Path, kinds: list[str]) -> list[dict[str, Any]]:
    """Train each encoder kind on the corpus minus the version-pair laws, then score it on
    the old/new-version retrieval set (see :mod:`lexoverlap._eval_retrieval`)."""
    import time

    from . import train
    from ._eval_retrieval import evaluate as score
    from ._eval_retrieval import queries
    from ._units import units
    from .embed import Encoder, HybridEncoder
    from .pipeline import train_corpus

    data = train_corpus([corpus])
    found, involved = queries(data.documents, data.provisions, corpus)
    space = [u for ps in data.provisions for u in units(ps) if not u.boilerplate]
    rows: list[dict[str, Any]] = []
    trained: dict[str, Any] = {}
    for kind in kinds:
        t0 = time.perf_counter()
        encoder: Encoder
        if kind == "hybrid" and {"tfidf", "static"} <= trained.keys():
            encoder = HybridEncoder.of(trained["tfidf"], trained["static"], train.HYBRID_WEIGHT)
        else:
            encoder = train.build(data, kind, exclude=involved)
        trained[kind] = encoder
        row = {"kind": kind, **score(encoder, found, space),
               "train_s": round(time.perf_counter() - t0, 1)}
        rows.append(row)
    return rows


def main(argv: list[str] | None = None) -> int:
    """Entry point: ``python -m lexoverlap.eval annotations [--json]``."""
    parser = argparse.ArgumentParser(prog="python -m lexoverlap.eval")
    parser.add_argument("task", choices=["annotations", "retrieval", "pairs"])
    parser.add_argument("--encoders", default="tfidf,static,hybrid",
                        help="retrieval: comma-separated kinds (tfidf, static, hybrid)")
    parser.add_argument("--golden", type=Path, default=None, help="folder of the labelled sets")
    parser.add_argument("--corpus", type=Path, default=None, help="vn-laws-vlc folder")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    from .corpora import corpora, find_manifest

    root = find_manifest().parent.parent
    golden = args.golden or root / "tests" / "golden"
    corpus = args.corpus or corpora()["vn-laws-vlc"].path
    if not corpus.is_dir():
        print(f"corpus not found: {corpus}", file=sys.stderr)
        return 2
    if args.task == "retrieval":
        rows = evaluate_retrieval(corpus, args.encoders.split(","))
        if args.json:
            print(json.dumps(rows))
        else:
            print(f"{'encoder':<10}{'queries':>8}{'R@1':>7}{'R@10':>7}{'MRR':>7}{'enc/s':>9}"
                  f"{'train s':>9}")
            for r in rows:
                print(f"{r['kind']:<10}{r['queries']:>8}{r['recall@1']:>7.3f}"
                      f"{r['recall@10']:>7.3f}{r['mrr']:>7.3f}{r['encode_per_s']:>9.0f}"
                      f"{r['train_s']:>9.1f}")
        return 0
    if args.task == "pairs":
        from functools import cache

        from ._eval_pairs import evaluate as evaluate_pairs
        from .pipeline import load_encoder

        result = evaluate_pairs(golden, corpus, cache(load_encoder))
        if args.json:
            print(json.dumps(result))
            return 0
        print(f"pairs {result['pairs']} (drifted, skipped: {result['drifted']})")
        tables = [(f"{name} [{split}]", result[key][split]) for (name, key), split in
                  itertools.product((("rules", "splits"), ("learned, fitted on dev", "learned")),
                                    ("dev", "held-out", "all")) if split in result[key]]
        tables += [(f"rules on the pairs drawn at random from analyze's candidates [{split}]",
                    result["sampled"][split]) for split in ("dev", "held-out", "all")
                   if split in result["sampled"]]
        second = result["second_reading"]
        tables += [(f"{who} vs the first reading [{second['pairs']} pairs read twice]",
                    second[who]) for who in ("second reader", "rules") if second]
        for name, t in tables:
            print(f"\n{name} accuracy {t['accuracy']:.3f} macro-F1 {t['macro_f1']:.3f} "
                  f"kappa {t['kappa']:.3f} contradiction kind accuracy {t['kind_accuracy']:.3f}")
            print(f"{'label':<15}{'P':>7}{'R':>7}{'F1':>7}{'n':>6}")
            for label, row in t["labels"].items():
                print(f"{label:<15}{row['precision']:>7.3f}{row['recall']:>7.3f}"
                      f"{row['f1']:>7.3f}{row['support']:>6}")
            labels = list(t["labels"])
            print("confusion (rows: labelled, columns: found)")
            print(f"{'':<15}" + "".join(f"{x[:8]:>9}" for x in labels))
            for gold in labels:
                print(f"{gold:<15}" + "".join(f"{t['confusion'].get(f'{gold}->{p}', 0):>9}"
                                              for p in labels))
        print("\nnever in force together (labelled version_change) against what analyze "
              "decides from the corpus; cells labelled->found")
        for split in ("dev", "held-out", "all"):
            for subset, cells in result["time"].get(split, {}).items():
                n = sum(cells.values())
                right = cells.get("right", 0) if subset == "later prevails" else \
                    cells.get("version->version", 0) + cells.get("live->live", 0)
                print(f"[{split}] {subset:<15} {right}/{n} right ({right / max(1, n):.3f})  "
                      + "  ".join(f"{k} {v}" for k, v in sorted(cells.items())))
        return 0
    report = evaluate(golden, corpus)
    if args.json:
        print(json.dumps(report.as_dict()))
    else:
        _print(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
