"""The similarity + citation graph: analyses on small hand-made graphs with known answers,
exports, and the graph of the sample store."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest

from lexoverlap import simgraph as sg
from lexoverlap.pipeline import analyze

from .conftest import SAMPLE


def _corpus(docs: dict[str, dict[str, object]], provisions: int = 3) -> nx.MultiDiGraph:
    """Documents ``D`` with provisions ``D/1`` … ``D/n``."""
    g = sg.new_graph()
    for doc_id, attrs in docs.items():
        sg.add_document(g, doc_id, **attrs)
        for i in range(1, provisions + 1):
            sg.add_provision(g, f"{doc_id}/{i}", doc_id)
    return g


@pytest.fixture
def laws() -> nx.MultiDiGraph:
    """A law, its decree, a circular, a provincial decision and an older law."""
    return _corpus({
        "LAW": {"rank": 2, "signed": "2024-06-20", "issuer": "Quốc hội"},
        "OLD": {"rank": 2, "signed": "2015-11-25", "issuer": "QUỐC HỘI"},
        "DEC": {"rank": 5, "signed": "2025-03-10", "issuer": "Chính phủ"},
        "CIR": {"rank": 8, "signed": "2025-05-15", "issuer": "Bộ Khoa học và Công nghệ"},
        "PROV": {"rank": 10, "signed": "2025-08-12", "issuer": "Ủy ban nhân dân tỉnh"},
    })


def test_clusters_are_the_components_across_documents(laws: nx.MultiDiGraph) -> None:
    sg.add_relation(laws, "LAW/1", "DEC/1", "duplicate")
    sg.add_relation(laws, "DEC/1", "CIR/1", "overlap")
    sg.add_relation(laws, "LAW/2", "OLD/2", "subsumes")
    sg.add_relation(laws, "LAW/3", "DEC/3", "contradiction")  # not an overlap
    sg.add_relation(laws, "LAW/1", "LAW/2", "overlap")  # inside one document: does not link
    sg.add_relation(laws, "PROV/1", "DEC/2", "duplicate", translation=True)  # a translation
    clusters = sg.overlap_clusters(laws)
    assert [(c.provisions, c.documents, c.edges) for c in clusters] == [
        (("CIR/1", "DEC/1", "LAW/1"), ("CIR", "DEC", "LAW"), 2),
        (("LAW/2", "OLD/2"), ("LAW", "OLD"), 1),
    ]


def test_large_components_split_into_communities() -> None:
    """Two dense matters joined by one weak overlap: one component, two communities."""
    g = _corpus({d: {"rank": 2} for d in "ABCDEFGH"}, provisions=1)
    for group in ("ABCD", "EFGH"):
        for x in group:
            for y in group:
                if x < y:
                    sg.add_relation(g, f"{x}/1", f"{y}/1", "overlap", score=0.95)
    sg.add_relation(g, "D/1", "E/1", "overlap", score=0.5)
    assert [len(c.documents) for c in sg.overlap_clusters(g)] == [8]
    split = sg.overlap_clusters(g, max_documents=5)
    assert [c.documents for c in split] == [tuple("ABCD"), tuple("EFGH")]
    assert sg.overlap_clusters(g, method="louvain") == split
    with pytest.raises(sg.GraphError, match="at least 2"):
        sg.overlap_clusters(g, max_documents=1)
    with pytest.raises(sg.GraphError, match="not contradicts"):
        sg.overlap_clusters(g, relations=["contradicts"])


def test_holder_is_the_highest_rank_then_the_latest(laws: nx.MultiDiGraph) -> None:
    def holder(*docs: str) -> sg.Holder:
        return sg.suggest_holder(laws, sg.Cluster(tuple(f"{d}/1" for d in docs), docs, 1))

    assert holder("CIR", "DEC", "LAW") == sg.Holder("LAW", "rank")
    assert holder("LAW", "OLD") == sg.Holder("LAW", "date")
    assert holder("DEC", "LAW", "OLD") == sg.Holder("LAW", "date")
    assert holder("PROV", "CIR") == sg.Holder("CIR", "rank")
    sg.add_document(laws, "NOTE")  # no rank, no date: never preferred
    assert holder("NOTE", "PROV") == sg.Holder("PROV", "rank")
    sg.add_document(laws, "TWIN", rank=2, signed="2024-06-20")
    assert holder("LAW", "TWIN") == sg.Holder("LAW", "id")


def test_documents_ranked_by_provisions_in_conflict(laws: nx.MultiDiGraph) -> None:
    sg.add_relation(laws, "LAW/1", "DEC/1", "contradiction", prevails="a", kind="quantity")
    sg.add_relation(laws, "LAW/2", "DEC/1", "contradiction", prevails="a", kind="deontic")
    sg.add_relation(laws, "LAW/3", "CIR/1", "contradiction", prevails="a")
    sg.add_relation(laws, "OLD/1", "LAW/1", "contradiction", prevails="b", version_change=True)
    ranked = sg.conflict_ranking(laws)
    assert [(r.doc_id, r.provisions, r.contradictions, r.prevails, r.yields) for r in ranked] \
        == [("LAW", 3, 3, 3, 0), ("DEC", 1, 2, 0, 2), ("CIR", 1, 1, 0, 1)]
    with_versions = sg.conflict_ranking(laws, include_version_changes=True)
    assert [r.doc_id for r in with_versions] == ["LAW", "DEC", "CIR", "OLD"]
    assert with_versions[0].contradictions == 4 and with_versions[-1].yields == 1


def test_risky_provisions_are_cited_and_in_conflict() -> None:
    g = _corpus({"LAW": {"rank": 2}, "DEC": {"rank": 5}, "CIR": {"rank": 8}}, provisions=0)
    for doc in ("LAW", "DEC", "CIR"):
        sg.add_provision(g, f"{doc}/art1", doc)
        sg.add_provision(g, f"{doc}/art1/cl1", doc, f"{doc}/art1")
        sg.add_provision(g, f"{doc}/art1/cl1/pt_a", doc, f"{doc}/art1/cl1")
        sg.add_provision(g, f"{doc}/art2", doc)
    sg.add_relation(g, "LAW/art1/cl1", "DEC/art1/cl1", "contradiction", prevails="a")
    sg.add_relation(g, "LAW/art2", "CIR/art2", "contradiction", prevails="a")
    sg.add_relation(g, "LAW/art1/cl1", "CIR/art1/cl1", "contradiction", prevails="a",
                    version_change=True)
    # The law's article 1 is cited 3 times (covers its clause), its point once; the decree's
    # clause is cited once directly; the circular only as a whole document (does not count).
    sg.add_citation(g, "DEC/art2", "LAW/art1", "implements", 3)
    sg.add_citation(g, "CIR/art2", "LAW/art1/cl1/pt_a", "refers")
    sg.add_citation(g, "CIR/art1", "DEC/art1/cl1", "implements")
    sg.add_citation(g, "DEC/art2", "CIR", "refers")
    assert sg.citations_of(g, "LAW/art1/cl1") == 4
    risky = sg.risky_provisions(g)
    assert [(r.id, r.cited, r.contradictions, r.risk) for r in risky] == [
        ("LAW/art1/cl1", 4, 1, 4), ("DEC/art1/cl1", 1, 1, 1)]
    with_versions = sg.risky_provisions(g, include_version_changes=True, top=1)
    assert [(r.id, r.risk) for r in with_versions] == [("LAW/art1/cl1", 8)]
    with pytest.raises(sg.GraphError, match="is a document node"):
        sg.citations_of(g, "LAW")


def test_fragmentation_counts_distinct_issuers(laws: nx.MultiDiGraph) -> None:
    sg.add_relation(laws, "LAW/1", "OLD/1", "overlap")  # Quốc hội twice (case differs)
    sg.add_relation(laws, "LAW/2", "DEC/2", "overlap")
    sg.add_relation(laws, "DEC/2", "CIR/2", "overlap")
    sg.add_relation(laws, "CIR/2", "PROV/2", "duplicate")
    found = sg.fragmentation(laws)
    assert [(f.cluster.documents, len(f.issuers)) for f in found] == [
        (("CIR", "DEC", "LAW", "PROV"), 4)]
    assert len(sg.fragmentation(laws, min_issuers=1)) == 2


def test_bad_input_is_named() -> None:
    g = sg.new_graph()
    sg.add_document(g, "d")
    with pytest.raises(sg.GraphError, match="add_provision"):
        sg.add_relation(g, "d/1", "d/2", "overlap")
    sg.add_provision(g, "d/1", "d")
    sg.add_provision(g, "d/2", "d")
    with pytest.raises(sg.GraphError, match="unknown relation 'related'"):
        sg.add_relation(g, "d/1", "d/2", "related")
    with pytest.raises(sg.GraphError, match="scope"):
        sg.similarity_graph(Path("x.db"), scope="some")  # type: ignore[arg-type]


def test_exports_round_trip(laws: nx.MultiDiGraph, tmp_path: Path) -> None:
    sg.add_relation(laws, "LAW/1", "DEC/1", "contradiction", kind="quantity", prevails="a",
                    rule="higher legal effect prevails", score=0.8)
    sg.add_relation(laws, "LAW/2", "DEC/2", "overlap", score=0.9)
    sg.add_citation(laws, "DEC/3", "LAW/1", "implements")
    written = sg.write_graph(laws, tmp_path / "g")
    assert [p.suffix for p in written] == [".graphml", ".json"]
    back = nx.read_graphml(written[0], force_multigraph=True)
    assert back.number_of_nodes() == laws.number_of_nodes()
    assert back.number_of_edges() == laws.number_of_edges()
    contradicts = [d for *_, d in back.edges(data=True) if d.get("type") == "contradicts"]
    assert contradicts[0]["winner"] == "LAW/1" and contradicts[0]["kind"] == "quantity"
    data = json.loads(written[1].read_text(encoding="utf-8"))
    assert len(data["edges"]) == laws.number_of_edges()
    frame = sg.edge_frame(laws)
    assert list(frame.columns[:4]) == ["source", "target", "key", "type"]
    assert frame.type.value_counts().to_dict() == {"contains": 15, "contradicts": 1,
                                                   "overlap": 1, "cites": 1}
    assert sg.edge_frame(sg.new_graph()).empty


@pytest.mark.usefixtures("sample_encoder")
def test_graph_of_the_sample_store(tmp_path: Path) -> None:
    store = tmp_path / "s.db"
    analyze([SAMPLE], store)
    g = sg.similarity_graph(store)
    types = {d["type"] for *_, d in g.edges(data=True)}
    assert {"contains", "contradicts", "duplicate", "amends"} <= types
    assert "related" not in types and "similar" not in types
    # The planted quantity conflict: law 9(2) (15 working days) vs decree 5(2) (30 days); the
    # law (higher legal effect) prevails.
    edge = g.get_edge_data("12-2024-QH15/ch2/sec2/art9/cl2", "45-2025-ND-CP/ch2/art5/cl2")
    assert edge["contradicts"]["kind"] == "quantity"
    assert edge["contradicts"]["winner"] == "12-2024-QH15/ch2/sec2/art9/cl2"
    # The amending law expressly amends the 2024 law (document-level edge).
    assert g.has_edge("25-2025-QH15", "12-2024-QH15", "amends")
    # Translations are duplicates flagged as such, and never make a cluster.
    assert any(d.get("translation") for *_, d in g.edges(data=True))
    for c in sg.overlap_clusters(g):
        assert not any(d.endswith(".en") for d in c.documents) or \
            all(d.endswith(".en") for d in c.documents)
    every = sg.similarity_graph(store, scope="all", similar=0.8)
    assert every.number_of_nodes() > g.number_of_nodes()
    assert any(d["type"] == "similar" for *_, d in every.edges(data=True))
    assert sum(1 for _, d in every.nodes(data=True) if d["kind"] == "provision") == 396
