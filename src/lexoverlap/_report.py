"""The summary report of a run: documents, their metadata, provision counts, failures.

Written as a self-contained HTML page (Jinja2, no network needed to view) plus
``summary.json``, ``documents.jsonl`` and ``provisions.jsonl`` beside it.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from . import __version__
from .models import LEVELS, Annotations, Document, Failure, Provision


@dataclass(frozen=True, slots=True)
class SegmentedDocument:
    """A document with its provisions, as the summary needs them."""

    document: Document
    provisions: tuple[Provision, ...]
    annotations: tuple[Annotations, ...] = ()


def summarize(items: Sequence[SegmentedDocument], failures: Sequence[Failure]) -> dict[str, Any]:
    """Counts of a run as JSON-ready data (the same numbers the HTML shows).

    Examples
    --------
    >>> summarize([], [])["totals"]["documents"]
    0
    """
    by_level: Counter[str] = Counter()
    rows = []
    for item in items:
        levels = Counter(p.level for p in item.provisions)
        by_level.update(levels)
        quotes = sum(len(p.quotes) for p in item.provisions)
        anns = item.annotations
        annotated: dict[str, Any] = {
            "norms": dict(Counter(n.modality for a in anns for n in a.norms)),
            "quantities": sum(len(a.quantities) for a in anns),
            "definitions": sum(len(a.definitions) for a in anns),
            "citations": sum(len(a.citations) for a in anns),
            "resolved_targets": sum(t.resolved is not None for a in anns for c in a.citations
                                    for t in c.targets),
            "targets": sum(len(c.targets) for a in anns for c in a.citations),
        }
        rows.append({**item.document.metadata(), "levels": dict(levels), "quotes": quotes,
                     "provisions": len(item.provisions), "annotations": annotated})
    return {
        "generated": datetime.now(UTC).isoformat(timespec="seconds"),
        "lexoverlap": __version__,
        "totals": {
            "documents": len(items),
            "failures": len(failures),
            "provisions": sum(by_level.values()),
            "by_level": {level: by_level.get(level, 0) for level in LEVELS},
            "missing_metadata": sum(1 for r in rows if r["missing"]),
        },
        "documents": rows,
        "failures": [{"path": f.path, "code": f.code, "message": f.message} for f in failures],
    }


def write_report(
    items: Sequence[SegmentedDocument], failures: Sequence[Failure], out_dir: Path
) -> Path:
    """Write ``report.html``, ``summary.json``, ``documents.jsonl`` and ``provisions.jsonl``.

    Returns
    -------
    Path
        The HTML report.
    """
    from jinja2 import Environment, PackageLoader, select_autoescape

    out_dir.mkdir(parents=True, exist_ok=True)
    summary = summarize(items, failures)
    (out_dir / "summary.json").write_text(
        json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    with (out_dir / "documents.jsonl").open("w", encoding="utf-8") as fh:
        for row in summary["documents"]:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    with (out_dir / "provisions.jsonl").open("w", encoding="utf-8") as fh:
        for item in items:
            for p in item.provisions:
                fh.write(json.dumps(p.to_record(), ensure_ascii=False) + "\n")
    with (out_dir / "annotations.jsonl").open("w", encoding="utf-8") as fh:
        for item in items:
            for a in item.annotations:
                fh.write(json.dumps(a.to_record(), ensure_ascii=False) + "\n")
    env = Environment(loader=PackageLoader("lexoverlap"), autoescape=select_autoescape())
    present = [lv for lv in LEVELS if summary["totals"]["by_level"][lv]]  # no empty columns
    html = env.get_template("summary.html.j2").render(s=summary, levels=present)
    path = out_dir / "report.html"
    path.write_text(html, encoding="utf-8")
    return path
