"""End-to-end tests of each CLI command on the sample corpus."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from lexoverlap.cli import app

from .conftest import SAMPLE, need_shared

runner = CliRunner()


def test_segment_jsonl_has_the_stable_fields(tmp_path: Path) -> None:
    out = tmp_path / "p.jsonl"
    result = runner.invoke(app, ["segment", str(SAMPLE / "vi"), "--format", "jsonl", "--out",
                                 str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) > 200
    fields = {"id", "doc_id", "level", "number", "heading", "text", "start", "end", "parent"}
    assert all(fields <= set(r) for r in records)
    ids = {r["id"] for r in records}
    assert all(r["parent"] is None or r["parent"] in ids for r in records)
    assert "45-2025-ND-CP/ch3/art7a/cl1/pt_a1" in ids


def test_segment_table_counts_levels() -> None:
    result = runner.invoke(app, ["segment", str(SAMPLE / "vi" / "nghi-dinh-45-2025-nd-cp.txt"),
                                 "--format", "table", "--quiet"])
    assert result.exit_code == 0
    assert "45-2025-ND-CP" in result.output and "article" in result.output


def test_ingest_jsonl_gives_metadata() -> None:
    result = runner.invoke(app, ["ingest", str(SAMPLE), "--format", "jsonl", "--quiet"])
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    by_id = {r["doc_id"]: r for r in rows}
    assert by_id["45-2025-ND-CP"]["rank"] == "government"
    assert by_id["45-2025-ND-CP"]["signed"] == "2025-03-10"


def test_analyze_writes_the_report(tmp_path: Path) -> None:
    result = runner.invoke(app, ["analyze", str(SAMPLE), "--out", str(tmp_path), "--quiet",
                                 "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["totals"]["documents"] == 11
    assert summary["totals"]["by_level"]["article"] > 100
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "45/2025/NĐ-CP" in html and "Nghị định" in html and "<meta charset=\"utf-8\">" in html
    lines = (tmp_path / "provisions.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == summary["totals"]["provisions"]


def test_unknown_corpus_name_is_a_usage_error() -> None:
    result = runner.invoke(app, ["segment", "@no-such-corpus", "--quiet"])
    assert result.exit_code == 2
    assert "unknown corpus" in result.output


def test_corpus_names_resolve() -> None:
    need_shared()
    result = runner.invoke(app, ["segment", "@seeds", "--format", "table", "--quiet"])
    assert result.exit_code == 0, result.output
    listing = runner.invoke(app, ["corpora"])
    assert "@vn-laws-vlc" in listing.output and "yes" in listing.output
