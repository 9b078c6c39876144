"""Aligning two versions / translations of one text (``lexoverlap compare``)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

import lexoverlap as lo
from lexoverlap.cli import app
from lexoverlap.compare import align, repeated
from lexoverlap.embed import minilm

from .conftest import SHARED, need_shared

SEEDS = SHARED / "seeds"
# Counterparts read by hand: paragraph n of the first translation ↔ paragraph m of the
# second (the second wraps its first paragraph over four lines and adds a paragraph, so the
# numbering shifts by one after the first). Paragraphs 6 and 7 of the first are identical.
COUNTERPARTS = {(1, 1), (2, 3), (3, 4), (4, 5), (5, 6), (6, 7), (7, 7), (8, 8), (9, 9)}


def _seeds() -> tuple[lo.Document, lo.Document]:
    need_shared()
    if not SEEDS.is_dir():
        pytest.skip(f"{SEEDS} not found")
    a, b = sorted(lo.ingest([SEEDS]).documents, key=lambda d: d.doc_id)
    return a, b


def test_two_translations_align_as_overlaps() -> None:
    a, b = _seeds()
    found = {(int(x.a.rsplit("para", 1)[1]), int(x.b.rsplit("para", 1)[1]))
             for x in align(a, b, minilm())
             if x.a and x.b and x.verdict is not None and x.verdict.label == "overlap"}
    recall = len(found & COUNTERPARTS) / len(COUNTERPARTS)
    assert recall >= 0.9, sorted(COUNTERPARTS - found)


def test_the_repeated_paragraph_is_a_duplicate() -> None:
    a, _ = _seeds()
    pairs = [(i.rsplit("/", 1)[1], j.rsplit("/", 1)[1], v.label)
             for i, j, v in repeated(a, minilm())]
    assert ("para6", "para7", "duplicate") in pairs
    assert all(label != "duplicate" for i, j, label in pairs if (i, j) != ("para6", "para7"))


def test_hard_wrapped_lines_are_one_paragraph() -> None:
    _, b = _seeds()
    first = lo.segment(b)[0]
    assert first.id.endswith("/para1") and first.text.count("\n") == 3


def test_cli_compare_json() -> None:
    a, b = _seeds()
    result = CliRunner().invoke(app, ["compare", a.source, b.source, "--json"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(x) for x in result.output.splitlines() if x.startswith("{")]
    assert any(r["label"] == "duplicate" and r["a"].endswith("para6") for r in rows)
    assert sum(r["label"] == "overlap" for r in rows) >= 8
