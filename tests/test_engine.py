"""``analyze`` on Dask gives what the single-process run gives; a bad scheduler fails clearly."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from typer.testing import CliRunner

from lexoverlap.cli import app
from lexoverlap.engine import DaskEngine, EngineError, LocalEngine, make_engine
from lexoverlap.pipeline import analyze
from lexoverlap.store import Store

from .conftest import SAMPLE

pytestmark = pytest.mark.usefixtures("sample_encoder")

# Every table a run writes, without timestamps, run ids or autoincrement row ids.
TABLES = {
    "documents": "SELECT doc_id, sha256, source, language, title, doc_type, number, issuer, "
                 "signed, effective, rank, meta, text, stage FROM documents ORDER BY doc_id",
    "provisions": "SELECT * FROM provisions ORDER BY id",
    "fts": "SELECT id, doc_id, body FROM provisions_fts ORDER BY id",
    "annotations": "SELECT * FROM annotations ORDER BY provision_id",
    "citations": 'SELECT source, doc_id, start, "end", raw, kind, target_document, target, '
                 "resolved FROM citations ORDER BY source, start, target_document, target",
    "pairs": "SELECT a, b, method, score, model FROM pairs ORDER BY a, b, method",
    "findings": "SELECT a, b, relation, kind, score, prevails, record, versions FROM findings "
                "ORDER BY a, b",
}


def _tables(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    with Store(path, readonly=True) as s:
        return {name: [tuple(r) for r in s.db.execute(sql)] for name, sql in TABLES.items()}


def _vectors(path: Path) -> dict[tuple[str, str], bytes]:
    with Store(path, readonly=True) as s:
        return {(r[0], r[1]): r[2] for r in s.db.execute(
            "SELECT provision_id, encoder, vec FROM vectors")}


def test_dask_run_equals_local_run(tmp_path: Path) -> None:
    from distributed import LocalCluster

    local, remote = tmp_path / "local.db", tmp_path / "dask.db"
    analyze([SAMPLE], local, engine=LocalEngine())
    with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None,
                      host="127.0.0.1") as cluster, \
            DaskEngine(cluster.scheduler_address) as engine:
        result = analyze([SAMPLE], remote, engine=engine)
    assert result.stats["engine"] == "dask"
    assert result.stats["new_findings"] > 0 and result.stats["new_pairs"] > 0
    want, got = _tables(local), _tables(remote)
    for name in TABLES:
        assert got[name] == want[name], name
    assert all(row[-1] == "detected" for row in got["documents"])
    # Vectors: the same units and encoders; values equal as float16 (the minhash signatures,
    # stored as uint64, must be identical).
    va, vb = _vectors(local), _vectors(remote)
    assert va.keys() == vb.keys() and va
    for key, blob in va.items():
        if key[1].startswith("minhash"):
            assert vb[key] == blob, key
        else:
            np.testing.assert_allclose(np.frombuffer(vb[key], np.float16),
                                       np.frombuffer(blob, np.float16), atol=1e-3)


def test_unreachable_scheduler_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, [
        "analyze", str(SAMPLE / "vi"), "--out", str(tmp_path / "out"), "--quiet",
        "--engine", "dask", "--scheduler", "tcp://127.0.0.1:1"])
    assert result.exit_code == 2, result.output
    assert "E500" in result.output and "tcp://127.0.0.1:1" in result.output
    assert not (tmp_path / "out" / "lexoverlap.db").exists()


def test_engine_choice_is_checked() -> None:
    with pytest.raises(EngineError, match="unknown engine 'spark'"):
        make_engine("spark")
    with pytest.raises(EngineError, match="--scheduler needs --engine dask"):
        make_engine("local", "tcp://127.0.0.1:8786")
