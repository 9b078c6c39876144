"""The hand-labelled sets, the evaluation command, and the citation graph."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import networkx as nx
from typer.testing import CliRunner

from lexoverlap import document_from_text, segment
from lexoverlap._annotate import annotate
from lexoverlap.cli import app
from lexoverlap.eval import evaluate, split_of
from lexoverlap.graph import citation_counts, citation_graph, most_cited, write_graph

from .conftest import GOLDEN, SAMPLE, VLC, need_shared


def _rows(name: str) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(line) for line in (GOLDEN / name).read_text(encoding="utf-8").splitlines()]


def test_labelled_sets_are_large_and_hold_no_law_text() -> None:
    norms = [r for f in sorted(GOLDEN.glob("norms*.jsonl")) for r in _rows(f.name)]
    cites = [r for f in sorted(GOLDEN.glob("citations*.jsonl")) for r in _rows(f.name)]
    assert sum(len(r["norms"]) for r in norms) >= 300
    assert sum(len(r["citations"]) for r in cites) >= 300
    for rows in (norms, cites):
        assert len({r["provision"].split("/", 1)[0] for r in rows}) >= 20
    # Only ids, offsets and labels: no string value longer than a document title.
    def strings(value: object) -> list[str]:
        if isinstance(value, str):
            return [value]
        if isinstance(value, dict):
            return [s for v in value.values() for s in strings(v)]
        if isinstance(value, list):
            return [s for v in value for s in strings(v)]
        return []

    longest = max(len(s) for rows in (norms, cites) for r in rows for s in strings(r))
    assert longest < 160
    assert {split_of(r["provision"].split("/", 1)[0]) for r in cites} == {"dev", "held-out"}


def test_labelled_provisions_have_not_drifted() -> None:
    """Labels are offsets into provision texts: a segmentation change must not move them.

    If this fails, the segmenter changed a labelled provision; re-map the labels' offsets (or
    re-label) and update ``text_sha1``.
    """
    need_shared()
    import lexoverlap as lo
    from lexoverlap.eval import text_fingerprint

    rows = [r for pattern in ("norms*.jsonl", "citations*.jsonl", "agreement/norms_*.jsonl")
            for f in sorted(GOLDEN.glob(pattern)) for r in _rows(str(f.relative_to(GOLDEN)))]
    docs = {r["provision"].split("/", 1)[0] for r in rows}
    texts = {p.id: p.text for d in lo.ingest([VLC]).documents if d.doc_id in docs
             for p in lo.segment(d)}
    drifted = [r["provision"] for r in rows
               if text_fingerprint(texts.get(r["provision"], "")) != r["text_sha1"]]
    assert drifted == []


@cache
def _report() -> dict:  # type: ignore[type-arg]
    return evaluate(GOLDEN, VLC).as_dict()


def test_annotation_quality_does_not_regress() -> None:
    """Guards set just under the measured numbers (python -m lexoverlap.eval annotations)."""
    need_shared()
    report = _report()
    dev, held = report["dev"]["prf"], report["held-out"]["prf"]
    assert dev["citation:all"]["precision"] >= 0.97 and dev["citation:all"]["recall"] >= 0.97
    assert held["citation:all"]["precision"] >= 0.94 and held["citation:all"]["recall"] >= 0.95
    # dev recall 0.943 since norms_dev17 (drawn for bans; 15 of its bans the rules miss), 0.932
    # with dev24–26 (fresh batches, their misses mostly benefit passives)
    assert dev["norm:all"]["precision"] >= 0.94 and dev["norm:all"]["recall"] >= 0.93
    # the learned veto (annotate.v4) trades a little recall for precision: 0.912 / 0.947 on
    # norms.jsonl's held-out rows; with norms_heldout2.jsonl (2026-12-06) 0.924 / 0.937; with
    # norms_heldout3.jsonl (a third batch of unseen laws, same day) 0.909 / 0.939 — new data,
    # not a regression: the annotator scores the same on the first two batches; with
    # norms_heldout4.jsonl (session 9) 0.908 / 0.933
    assert held["norm:all"]["precision"] >= 0.90 and held["norm:all"]["recall"] >= 0.925
    for split in ("dev", "held-out"):
        accuracy = report[split]["accuracy"]
        assert accuracy["resolution (resolvable targets)"]["accuracy"] >= 0.95
        assert accuracy["citation kind"]["accuracy"] >= 0.95


def test_a_second_blind_reading_is_scored_against_the_first() -> None:
    """The held-out norms were read twice (tests/golden/agreement); the eval prints how far
    the two readings agree, the ceiling of what the annotator can be scored at."""
    need_shared()
    second = _report()["second reading"]
    norms = second["prf"]["norm:all"]
    assert norms["tp"] + norms["fn"] >= 200  # the first reading's held-out norms
    assert second["accuracy"]["action exact"]["total"] == norms["tp"]


def test_citation_graph_of_a_small_law(tmp_path: Path) -> None:
    doc = document_from_text(
        "Điều 1. A\n1. Theo Điều 2 của Luật này.\n2. Theo khoản 1 Điều này và Bộ luật Dân sự.\n"
        "Điều 2. B\nTheo quy định tại khoản 1 Điều 1.", doc_id="d")
    provisions = segment(doc)
    graph = citation_graph([(doc, provisions, annotate(doc, provisions))])
    cites = sorted((u, v) for u, v, k in graph.edges(keys=True) if k == "cites")
    assert cites == [("d/art1/cl1", "d/art2"), ("d/art1/cl2", "d/art1/cl1"),
                     ("d/art1/cl2", "external:Bộ luật Dân sự"), ("d/art2", "d/art1/cl1")]
    assert most_cited(graph, top=1) == [("d/art1/cl1", 2)]
    assert citation_counts(graph) == {"refers": {"resolved": 3, "unresolved": 1}}
    written = write_graph(graph, tmp_path / "g")
    assert {p.suffix for p in written} == {".graphml", ".json"}
    again = nx.read_graphml(tmp_path / "g.graphml")
    assert again.number_of_edges() == graph.number_of_edges()


def test_cli_annotate_text_and_graph(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["annotate", "--text",
                                 "Điều 1. A\n1. Bộ trưởng phải trả lời trong thời hạn 15 ngày."])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    clause = next(r for r in records if r["id"] == "text/art1/cl1")
    assert clause["norms"][0]["modality"] == "obligation"
    assert clause["quantities"][0]["value"] == 15.0
    out = tmp_path / "sample-citations"
    result = runner.invoke(app, ["graph", "citations", str(SAMPLE / "vi"), "--out", str(out),
                                 "--quiet"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "sample-citations.graphml").exists()
    assert "most cited provision" in result.output
    # The decree's "Luật … số 12/2024/QH15" resolves to the law in the same batch.
    graph = nx.read_graphml(tmp_path / "sample-citations.graphml")
    assert any(v == "12-2024-QH15" for _, v in graph.edges())


def test_cli_annotate_needs_paths_or_text() -> None:
    assert CliRunner().invoke(app, ["annotate"]).exit_code == 2


def test_pair_detection_does_not_regress(sample_encoder: Path) -> None:
    """Guards set just under what this test measures (python -m lexoverlap.eval pairs prints
    the numbers with the encoder trained on vn-laws-vlc; here the session's encoder, trained
    on the sample corpus, gives the cosines, so the numbers differ a little)."""
    need_shared()
    from lexoverlap._eval_pairs import evaluate as evaluate_pairs
    from lexoverlap.pipeline import load_encoder

    result = evaluate_pairs(GOLDEN, VLC, cache(load_encoder))
    assert result["pairs"] >= 500 and result["drifted"] == 0
    splits = result["splits"]
    # measured here (detect.v10, 2026-12-06), macro-F1 / contradiction F1 / duplicate F1:
    # dev 0.475–0.478 / 0.589–0.595 / 0.872, held-out 0.478–0.495 / 0.585–0.606 / 0.717. The
    # sample encoder's training is not bit-for-bit repeatable, so the figures move by about
    # 0.015 between runs: the guards sit below that.
    for split, macro, contradiction, duplicate in (("dev", 0.44, 0.55, 0.84),
                                                   ("held-out", 0.45, 0.54, 0.68)):
        t = splits[split]
        assert t["macro_f1"] >= macro
        assert t["labels"]["contradiction"]["f1"] >= contradiction
        assert t["labels"]["duplicate"]["f1"] >= duplicate
