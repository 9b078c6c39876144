"""The citation graph (networkx): documents and provisions as nodes, typed edges.

Edges: ``contains`` (document → top provisions, parent → child) and ``cites`` (citing
provision → cited provision or document, with the citation ``kind``). Unresolved targets get a
node of kind ``external`` named by what the text says, so nothing cited is lost. Functions over
the graph, no graph class of our own.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .models import Annotations, Document, Provision

if TYPE_CHECKING:
    import networkx as nx


def citation_graph(
    corpus: Iterable[tuple[Document, Iterable[Provision], Iterable[Annotations]]],
) -> nx.MultiDiGraph:
    """Build the graph from documents, their provisions and their annotations.

    Examples
    --------
    >>> from lexoverlap import document_from_text, segment
    >>> from lexoverlap._annotate import annotate
    >>> doc = document_from_text("Điều 1. A\\nTheo Điều 2 của Luật này.\\nĐiều 2. B\\nC.",
    ...                          doc_id="d")
    >>> ps = segment(doc)
    >>> g = citation_graph([(doc, ps, annotate(doc, ps))])
    >>> [(u, v, k) for u, v, k in g.edges(keys=True) if k == "cites"]
    [('d/art1', 'd/art2', 'cites')]
    """
    import networkx as nx

    graph = nx.MultiDiGraph()
    for doc, provisions, annotated in corpus:
        graph.add_node(doc.doc_id, kind="document", title=doc.title or "",
                       number=doc.number or "", doc_type=doc.doc_type or "")
        for p in provisions:
            graph.add_node(p.id, kind="provision", level=p.level, doc_id=p.doc_id,
                           number=p.number, heading=p.heading)
            graph.add_edge(p.parent or doc.doc_id, p.id, key="contains", type="contains")
        for ann in annotated:
            for citation in ann.citations:
                for target in citation.targets:
                    node = target.resolved
                    if node is None:
                        node = f"external:{target.document}"
                        if node not in graph:
                            graph.add_node(node, kind="external", title=target.document)
                    if node == ann.provision:
                        continue
                    graph.add_edge(ann.provision, node, key="cites", type="cites",
                                   kind=str(citation.kind), raw=citation.raw,
                                   resolved=target.resolved is not None)
    return graph


def most_cited(graph: nx.MultiDiGraph, *, kind: str = "provision", top: int = 10
               ) -> list[tuple[str, int]]:
    """Nodes of ``kind`` ranked by how many citations point at them (ties by id).

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_nodes_from([("a", {"kind": "provision"}), ("b", {"kind": "provision"})])
    >>> _ = g.add_edge("a", "b", key="cites", type="cites")
    >>> most_cited(g)
    [('b', 1), ('a', 0)]
    """
    counts: Counter[str] = Counter()
    for _, target, data in graph.edges(data=True):
        if data.get("type") == "cites":
            counts[target] += 1
    nodes = [n for n, d in graph.nodes(data=True) if d.get("kind") == kind]
    return sorted(((n, counts[n]) for n in nodes), key=lambda x: (-x[1], x[0]))[:top]


def citation_counts(graph: nx.MultiDiGraph) -> dict[str, dict[str, int]]:
    """Citation edges by kind, split into resolved and unresolved."""
    out: dict[str, dict[str, int]] = {}
    for _, _, data in graph.edges(data=True):
        if data.get("type") != "cites":
            continue
        row = out.setdefault(data["kind"], {"resolved": 0, "unresolved": 0})
        row["resolved" if data["resolved"] else "unresolved"] += 1
    return dict(sorted(out.items()))


def write_graph(graph: nx.MultiDiGraph, path: Path) -> list[Path]:
    """Write GraphML (``.graphml``, loads in Gephi) and node-link JSON (``.json``) files.

    ``path`` without a suffix gets both; with ``.graphml`` or ``.json`` just that one.
    """
    import networkx as nx

    suffixes = [path.suffix] if path.suffix in (".graphml", ".json") else [".graphml", ".json"]
    written = []
    for suffix in suffixes:
        target = path.with_suffix(suffix)
        target.parent.mkdir(parents=True, exist_ok=True)
        if suffix == ".graphml":
            nx.write_graphml(graph, target)
        else:
            data: dict[str, Any] = nx.node_link_data(graph, edges="edges")
            target.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        written.append(target)
    return written
