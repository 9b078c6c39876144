"""``lexoverlap.load(store)``: the store as pandas DataFrames, for notebooks and scripts.

>>> import tempfile, pathlib
>>> from lexoverlap.store import Store
>>> path = pathlib.Path(tempfile.mkdtemp()) / "s.db"
>>> Store(path).close()
>>> frames = load(path)
>>> list(frames.documents.columns)[:3], len(frames.pairs)
(['doc_id', 'sha256', 'source'], 0)
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from .store import Store


@dataclass(frozen=True)
class Frames:
    """Tables of one store (read once; the store itself is not kept open)."""

    documents: pd.DataFrame
    provisions: pd.DataFrame
    norms: pd.DataFrame
    quantities: pd.DataFrame
    citations: pd.DataFrame
    pairs: pd.DataFrame
    findings: pd.DataFrame
    runs: pd.DataFrame


def load(store: Path | str) -> Frames:
    """Read a store written by ``lexoverlap analyze`` into DataFrames.

    ``provisions`` has one row per provision (``unit`` marks the compared ones); ``norms``
    and ``quantities`` one row per annotation with the provision id; ``pairs`` the
    candidates (``a``, ``b``, ``method``, ``score``, ``model``).
    """
    with Store(store, readonly=True) as s:
        def frame(sql: str) -> pd.DataFrame:
            cur = s.db.execute(sql)
            cols = [c[0] for c in cur.description]
            return pd.DataFrame.from_records(cur.fetchall(), columns=cols)

        documents = frame("SELECT doc_id, sha256, source, language, title, doc_type, number, "
                          "issuer, signed, effective, rank, stage, run_id FROM documents "
                          "ORDER BY doc_id")
        provisions = frame('SELECT id, doc_id, ord, level, number, heading, text, start, "end", '
                           "parent, unit, boilerplate FROM provisions ORDER BY doc_id, ord")
        norms: list[dict[str, Any]] = []
        quantities: list[dict[str, Any]] = []
        for pid, record in s.db.execute("SELECT provision_id, record FROM annotations"):
            data = json.loads(record)
            for n in data["norms"]:
                norms.append({"provision": pid, "modality": n["modality"],
                              "actor": (n["actor"] or {}).get("text"),
                              "actor_key": n["actor_key"], "action": n["action"]["text"],
                              "conditions": len(n["conditions"]),
                              "exceptions": len(n["exceptions"])})
            for q in data["quantities"]:
                quantities.append({"provision": pid, "text": q["span"]["text"],
                                   "value": q["value"], "unit": q["unit"], "kind": q["kind"],
                                   "bound": q["bound"]})
        citations = frame('SELECT source, doc_id, start, "end", raw, kind, target_document, '
                          "target, resolved FROM citations")
        pairs = frame("SELECT a, b, method, score, model, run_id FROM pairs ORDER BY score DESC")
        findings = frame("SELECT a, b, relation, kind, score, prevails, record FROM findings")
        runs = frame("SELECT run_id, started, finished, status, args, versions, stats FROM runs")
    return Frames(documents, provisions,
                  pd.DataFrame(norms, columns=["provision", "modality", "actor", "actor_key",
                                               "action", "conditions", "exceptions"]),
                  pd.DataFrame(quantities, columns=["provision", "text", "value", "unit",
                                                    "kind", "bound"]),
                  citations, pairs, findings, runs)
