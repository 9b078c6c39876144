"""The similarity and citation graph of a store (networkx), and the analyses over it.

One :class:`networkx.MultiDiGraph` per store. Nodes carry ``kind``:

- ``document`` — ``title``, ``doc_type``, ``number``, ``issuer``, ``signed``, ``effective``
  (ISO dates), ``rank`` (legal effect, smaller is higher; absent for non-normative texts),
  ``language``;
- ``provision`` — ``doc_id``, ``level``, ``number``, ``heading``.

Edges carry ``type`` (and use it as their key, so a pair has at most one edge of a type):

=============  ===================  ===========================================================
type           direction            attributes
=============  ===================  ===========================================================
contains       document/parent →    —
               child
cites          citing → cited       ``kind`` (basis, implements, amends, replaces, repeals,
                                    refers), ``count``; key ``cites/KIND``
amends,        document → document  ``count`` (express change of one document by another,
replaces,                           from resolved citations of that kind)
repeals
similar        a → b                ``score`` (kNN cosine of the candidate pair)
duplicate      a → b                ``score``, ``translation`` (the same provision in another
                                    language: not a matter regulated twice)
overlap        a → b                ``score``
subsumes       broader → narrower   ``score``
contradicts    a → b                ``kind`` (quantity, deontic, competence, definition,
                                    condition), ``score``, ``prevails`` (``a``/``b``/``""``),
                                    ``winner`` (provision id or ``""``), ``rule``,
                                    ``version_change``
=============  ===================  ===========================================================

``related``/``unrelated`` findings are not edges: on vn-laws-vlc they are most of the 278k
candidate pairs and say nothing a reviewer acts on. ``similar`` edges are added only on request
(``similar=`` a cosine threshold). By default (``scope="findings"``) only the provisions in a
duplicate/overlap/subsumes/contradiction finding, the citations into and out of them, and their
ancestors are nodes, which keeps the whole-corpus graph small; ``scope="all"`` adds every
provision.

The analyses are plain functions over such a graph — :func:`overlap_clusters`,
:func:`suggest_holder`, :func:`conflict_ranking`, :func:`risky_provisions`,
:func:`fragmentation` — so they run on hand-made graphs as well (build them with
:func:`add_document`, :func:`add_provision` and :func:`add_relation`).

Examples
--------
>>> g = new_graph()
>>> add_document(g, "L", rank=2, signed="2020-01-01", issuer="Quốc hội")
>>> add_document(g, "D", rank=5, signed="2021-01-01", issuer="Chính phủ")
>>> add_provision(g, "L/art1", "L"); add_provision(g, "D/art1", "D")
>>> add_relation(g, "L/art1", "D/art1", "overlap", score=0.9)
>>> [c.provisions for c in overlap_clusters(g)]
[('D/art1', 'L/art1')]
>>> suggest_holder(g, overlap_clusters(g)[0])
Holder(doc_id='L', reason='rank')
"""

from __future__ import annotations

import json
import os
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ._text import fold
from .errors import LexOverlapError

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

    from .store import Store

# Relations that mean "the same matter is regulated in more than one place".
OVERLAP_RELATIONS = ("duplicate", "overlap", "subsumes")
# Finding relations loaded as edges (``contradiction`` becomes a ``contradicts`` edge).
EDGE_RELATIONS = (*OVERLAP_RELATIONS, "contradiction")
CHANGE_KINDS = ("amends", "replaces", "repeals")


class GraphError(LexOverlapError):
    """The graph lacks what an analysis needs (a node of the wrong kind, an unknown type)."""

    code = "E500"


@dataclass(frozen=True, slots=True)
class Cluster:
    """Provisions of several documents that regulate one matter (an overlap cluster)."""

    provisions: tuple[str, ...]
    documents: tuple[str, ...]
    edges: int


@dataclass(frozen=True, slots=True)
class Holder:
    """The document that should hold a cluster's rule, and why (``rank``, ``date``, ``id``)."""

    doc_id: str
    reason: str


@dataclass(frozen=True, slots=True)
class DocumentConflicts:
    """How many of a document's provisions conflict with provisions of other documents."""

    doc_id: str
    provisions: int
    contradictions: int
    prevails: int
    yields: int


@dataclass(frozen=True, slots=True)
class RiskyProvision:
    """A provision in conflict that other provisions rely on (cite)."""

    id: str
    doc_id: str
    cited: int
    contradictions: int

    @property
    def risk(self) -> int:
        """Citations × contradictions: how much a wrong choice between the texts spreads."""
        return self.cited * self.contradictions


@dataclass(frozen=True, slots=True)
class Fragmentation:
    """An overlap cluster spread over documents of different issuers."""

    cluster: Cluster
    issuers: tuple[str, ...]


# ---- building --------------------------------------------------------------------------


def new_graph() -> nx.MultiDiGraph:
    """An empty graph of the shape this module documents."""
    import networkx as nx

    return nx.MultiDiGraph()


def _clean(attrs: dict[str, Any]) -> dict[str, Any]:
    # GraphML has no null: absent is how a missing value is written.
    return {k: v for k, v in attrs.items() if v is not None}


def add_document(graph: nx.MultiDiGraph, doc_id: str, **attrs: Any) -> None:
    """Add a document node (attributes as in the module doc; ``None`` values are dropped)."""
    graph.add_node(doc_id, kind="document", **_clean(attrs))


def add_provision(graph: nx.MultiDiGraph, pid: str, doc_id: str, parent: str | None = None,
                  **attrs: Any) -> None:
    """Add a provision node and its ``contains`` edge from ``parent`` (or the document)."""
    graph.add_node(pid, kind="provision", doc_id=doc_id, **_clean(attrs))
    graph.add_edge(parent or doc_id, pid, key="contains", type="contains")


def add_relation(graph: nx.MultiDiGraph, a: str, b: str, relation: str, **attrs: Any) -> None:
    """Add a finding edge: ``duplicate``/``overlap``/``subsumes``/``contradiction``/``similar``.

    ``subsumes`` goes from the broader provision to the narrower one (give it that way);
    ``contradiction`` becomes a ``contradicts`` edge. Both ends must already be nodes.

    >>> g = new_graph(); add_document(g, "d")
    >>> add_provision(g, "d/a", "d"); add_provision(g, "d/b", "d")
    >>> add_relation(g, "d/a", "d/b", "contradiction", kind="quantity", prevails="a")
    >>> g.edges["d/a", "d/b", "contradicts"]["winner"]
    'd/a'
    """
    if relation not in (*EDGE_RELATIONS, "similar"):
        raise GraphError(f"unknown relation {relation!r}; use one of "
                         f"{', '.join((*EDGE_RELATIONS, 'similar'))}")
    for node in (a, b):
        if node not in graph:
            raise GraphError(f"{node!r} is not a node: add_provision() it first")
    if relation == "contradiction":
        prevails = attrs.pop("prevails", None) or ""
        attrs.setdefault("kind", "")
        attrs.setdefault("rule", "")
        attrs.setdefault("version_change", False)
        winner = a if prevails == "a" else b if prevails == "b" else ""
        graph.add_edge(a, b, key="contradicts", type="contradicts", prevails=prevails,
                       winner=winner, **_clean(attrs))
        return
    if relation == "duplicate":
        attrs.setdefault("translation", False)
    graph.add_edge(a, b, key=relation, type=relation, **_clean(attrs))


def add_citation(graph: nx.MultiDiGraph, source: str, target: str, kind: str,
                 count: int = 1) -> None:
    """Add (or count once more) a ``cites`` edge of ``kind``."""
    key = f"cites/{kind}"
    if graph.has_edge(source, target, key):
        graph.edges[source, target, key]["count"] += count
    else:
        graph.add_edge(source, target, key=key, type="cites", kind=kind, count=count)


def _doc(pid: str) -> str:
    return pid.split("/", 1)[0]


def similarity_graph(store: Store | str | os.PathLike[str], *,
                     scope: Literal["findings", "all"] = "findings",
                     similar: float | None = None) -> nx.MultiDiGraph:
    """Build the graph of a store written by ``lexoverlap analyze``.

    Parameters
    ----------
    store
        A :class:`~lexoverlap.store.Store` or the path of one (opened read-only).
    scope
        ``"findings"``: the provisions in duplicate/overlap/subsumes/contradiction findings
        (and in ``similar`` edges), every citation into or out of them, and their ancestors;
        ``"all"``: every provision and every resolved citation.
    similar
        Also add a ``similar`` edge for each kNN candidate pair with cosine ≥ this.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from lexoverlap.store import Store
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "s.db"
    >>> Store(path).close()
    >>> similarity_graph(path).number_of_nodes()
    0
    """
    from .store import Store

    if scope not in ("findings", "all"):
        raise GraphError(f"scope must be 'findings' or 'all', not {scope!r}")
    if isinstance(store, Store):
        return _build(store, scope, similar)
    with Store(Path(store), readonly=True) as opened:
        return _build(opened, scope, similar)


def _build(store: Store, scope: str, similar: float | None) -> nx.MultiDiGraph:
    graph = new_graph()
    db = store.db
    for r in db.execute("SELECT doc_id, title, doc_type, number, issuer, signed, effective, "
                        "rank, language FROM documents ORDER BY doc_id"):
        add_document(graph, r[0], title=r[1], doc_type=r[2], number=r[3], issuer=r[4],
                     signed=r[5], effective=r[6], rank=r[7], language=r[8])
    # Only ids and parents of every provision (no text): enough to find ancestors.
    parent: dict[str, str | None] = {}
    for pid, par in db.execute("SELECT id, parent FROM provisions"):
        parent[pid] = par
    findings = db.execute(
        "SELECT a, b, relation, kind, score, prevails, record FROM findings WHERE relation IN "
        f"({','.join('?' * len(EDGE_RELATIONS))}) ORDER BY a, b", EDGE_RELATIONS).fetchall()
    similar_rows: list[tuple[str, str, float]] = []
    if similar is not None:
        similar_rows = [(a, b, float(s)) for a, b, s in db.execute(
            "SELECT a, b, max(score) FROM pairs WHERE method='knn' AND score >= ? "
            "GROUP BY a, b ORDER BY a, b", (similar,))]
    involved = {x for row in findings for x in row[:2]} | \
        {x for row in similar_rows for x in row[:2]}
    citations: Counter[tuple[str, str, str]] = Counter()
    for source, kind, target in db.execute(
            "SELECT source, kind, resolved FROM citations WHERE resolved IS NOT NULL"):
        if source != target:
            citations[(source, target, kind or "refers")] += 1
    covered = _with_ancestors(involved, parent)
    if scope == "all":
        keep = set(parent)
    else:
        keep = set(involved)
        for source, target, _ in citations:
            if source in involved or _reaches(target, involved, covered, parent):
                keep.update((source, target))
    nodes = _with_ancestors(keep, parent)
    _add_provisions(graph, store, nodes)
    for (source, target, kind), n in sorted(citations.items()):
        if source in nodes and target in graph and (
                scope == "all" or source in involved
                or _reaches(target, involved, covered, parent)):
            add_citation(graph, source, target, kind, n)
    changes: Counter[tuple[str, str, str]] = Counter()
    for (source, target, kind), n in citations.items():
        if kind in CHANGE_KINDS and _doc(source) != _doc(target) and _doc(target) in graph:
            changes[(_doc(source), _doc(target), kind)] += n
    for (src, dst, kind), n in sorted(changes.items()):
        graph.add_edge(src, dst, key=kind, type=kind, count=n)
    for a, b, score in similar_rows:
        add_relation(graph, a, b, "similar", score=round(score, 4))
    for a, b, relation, kind, score, prevails, record in findings:
        _add_finding(graph, a, b, relation, kind, score, prevails, record)
    return graph


def _reaches(target: str, involved: set[str], covered: set[str],
             parent: dict[str, str | None]) -> bool:
    """Whether a citation of ``target`` reaches an involved provision: the target is one, or
    an ancestor of one (``covered``: citing an article cites its clauses), or lies below one
    (a point of an involved clause)."""
    if target in covered:
        return True
    node = parent.get(target)
    while node is not None:
        if node in involved:
            return True
        node = parent.get(node)
    return False


def _with_ancestors(ids: Iterable[str], parent: dict[str, str | None]) -> set[str]:
    out: set[str] = set()
    for pid in ids:
        node: str | None = pid
        while node is not None and node not in out and node in parent:
            out.add(node)
            node = parent[node]
    return out


def _add_provisions(graph: nx.MultiDiGraph, store: Store, nodes: set[str]) -> None:
    rows = []
    ids = sorted(nodes)
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        rows += store.db.execute(
            "SELECT id, doc_id, level, number, heading, parent, ord FROM provisions WHERE id IN "
            f"({','.join('?' * len(chunk))})", chunk).fetchall()
    # Parents before children, in document order, so the graph reads like the text.
    for pid, doc_id, level, number, heading, par, _ in sorted(rows, key=lambda r: (r[1], r[6])):
        add_provision(graph, pid, doc_id, par, level=level, number=number or "",
                      heading=(heading or "")[:120])


def _add_finding(graph: nx.MultiDiGraph, a: str, b: str, relation: str, kind: str | None,
                 score: float | None, prevails: str | None, record: str) -> None:
    if a not in graph or b not in graph:
        return
    data = json.loads(record)
    s = round(float(score or 0.0), 4)
    if relation == "duplicate":
        add_relation(graph, a, b, relation, score=s,
                     translation="translation" in data.get("methods", ()))
    elif relation == "subsumes":
        # Evidence names the contained (narrower) side; the edge goes broader → narrower.
        contained = next((e.get("contained") for e in data.get("evidence", ())
                          if "contained" in e), "b")
        broad, narrow = (b, a) if contained == "a" else (a, b)
        add_relation(graph, broad, narrow, relation, score=s)
    elif relation == "contradiction":
        add_relation(graph, a, b, relation, kind=kind or "", score=s, prevails=prevails or "",
                     rule=data.get("rule") or "",
                     version_change=bool(data.get("version_change", False)))
    else:
        add_relation(graph, a, b, relation, score=s)


# ---- analyses ----------------------------------------------------------------------------


def _doc_of(graph: nx.MultiDiGraph, node: str) -> str:
    data = graph.nodes[node]
    if data.get("kind") != "provision":
        raise GraphError(f"{node!r} is a {data.get('kind', 'untyped')} node, not a provision")
    return str(data["doc_id"])


def overlap_clusters(graph: nx.MultiDiGraph, *, method: Literal["components", "louvain"]
                     = "components", relations: Sequence[str] = OVERLAP_RELATIONS,
                     max_documents: int | None = None) -> list[Cluster]:
    """Groups of provisions of several documents linked by duplicate/overlap/subsumes edges.

    Each cluster is one matter regulated in more than one place: a candidate for
    consolidation. Edges inside one document and translation duplicates (the same text in
    another language) do not link. ``method="louvain"`` splits large connected components
    into communities (Louvain, seed 0, weighted by score) — useful when chains of overlaps
    join unrelated matters; ``max_documents`` does that only to the groups that span more
    documents than that, again (at finer resolutions) until each part is small enough or
    cannot be split. Clusters are ordered by documents, then provisions, descending.

    Examples
    --------
    >>> g = new_graph()
    >>> for d in "ABC":
    ...     add_document(g, d)
    ...     for n in (1, 2):
    ...         add_provision(g, f"{d}/{n}", d)
    >>> add_relation(g, "A/1", "B/1", "duplicate"); add_relation(g, "B/1", "C/1", "overlap")
    >>> add_relation(g, "A/2", "B/2", "subsumes")
    >>> [(c.provisions, c.documents) for c in overlap_clusters(g)]
    [(('A/1', 'B/1', 'C/1'), ('A', 'B', 'C')), (('A/2', 'B/2'), ('A', 'B'))]
    """
    import networkx as nx

    unknown = set(relations) - set(OVERLAP_RELATIONS) - {"similar"}
    if unknown:
        raise GraphError(f"overlap_clusters links by {', '.join(OVERLAP_RELATIONS)} (and "
                         f"similar), not {', '.join(sorted(unknown))}")
    links = nx.Graph()
    for a, b, data in graph.edges(data=True):
        if data.get("type") not in relations or data.get("translation"):
            continue
        if _doc_of(graph, a) == _doc_of(graph, b):
            continue
        weight = float(data.get("score", 1.0)) or 1.0
        if links.has_edge(a, b):
            links[a][b]["weight"] = max(links[a][b]["weight"], weight)
            links[a][b]["n"] += 1
        else:
            links.add_edge(a, b, weight=weight, n=1)
    if method not in ("components", "louvain"):
        raise GraphError(f"method must be 'components' or 'louvain', not {method!r}")
    if max_documents is not None and max_documents < 2:
        raise GraphError("max_documents must be at least 2 (a cluster spans two documents)")
    groups: list[set[str]] = []
    todo = [set(c) for c in nx.connected_components(links)]
    while todo:
        group = todo.pop()
        spread = len({_doc_of(graph, p) for p in group})
        if method == "louvain":
            groups += _louvain(links, group, 1.0)
        elif max_documents is not None and spread > max_documents:
            # A finer resolution when the modularity optimum keeps the group whole (long
            # chains of weak overlaps); a group nothing splits stays as it is.
            for resolution in (1.0, 2.0, 4.0, 8.0):
                parts = _louvain(links, group, resolution)
                if len(parts) > 1:
                    todo += parts
                    break
            else:
                groups.append(group)
        else:
            groups.append(group)
    clusters = []
    for group in groups:
        docs = sorted({_doc_of(graph, p) for p in group})
        if len(docs) < 2:
            continue
        edges = sum(d["n"] for _, _, d in links.subgraph(group).edges(data=True))
        clusters.append(Cluster(tuple(sorted(group)), tuple(docs), edges))
    return sorted(clusters, key=lambda c: (-len(c.documents), -len(c.provisions),
                                           c.provisions))


def _louvain(links: nx.Graph, group: set[str], resolution: float) -> list[set[str]]:
    """Louvain communities of a group, the same in every process: networkx iterates over sets
    of nodes inside, and sets of strings change order with Python's hash seed, so the
    communities are computed over integer labels given in sorted order."""
    import networkx as nx

    names = sorted(group)
    index = {n: i for i, n in enumerate(names)}
    h = nx.Graph()
    h.add_nodes_from(range(len(names)))
    h.add_weighted_edges_from(sorted((index[a], index[b], d["weight"]) for a, b, d in
                                     links.subgraph(group).edges(data=True)))
    parts = nx.community.louvain_communities(h, weight="weight", resolution=resolution, seed=0)
    return [{names[i] for i in part} for part in parts]


def suggest_holder(graph: nx.MultiDiGraph, cluster: Cluster) -> Holder:
    """The document that should hold the consolidated rule: the highest legal effect, then
    the latest (signing date, else effective date), then the smallest id.

    ``reason`` says what decided: ``rank``, ``date`` or ``id`` (nothing told them apart).

    Examples
    --------
    >>> g = new_graph()
    >>> add_document(g, "old", rank=2, signed="2015-01-01")
    >>> add_document(g, "new", rank=2, signed="2024-01-01")
    >>> suggest_holder(g, Cluster(("new/1", "old/1"), ("new", "old"), 1))
    Holder(doc_id='new', reason='date')
    """
    if not cluster.documents:
        raise GraphError("an empty cluster has no holder")

    def rank(d: str) -> float:
        value = graph.nodes[d].get("rank") if d in graph else None
        return float(value) if value is not None else float("inf")

    def when(d: str) -> str:
        data = graph.nodes[d] if d in graph else {}
        return str(data.get("signed") or data.get("effective") or "")

    best_rank = min(rank(d) for d in cluster.documents)
    top = [d for d in cluster.documents if rank(d) == best_rank]
    if len(top) < len(cluster.documents) and len(top) == 1:
        return Holder(top[0], "rank")
    latest = max(when(d) for d in top)
    newest = sorted(d for d in top if when(d) == latest)
    if len(newest) == 1 and latest:
        return Holder(newest[0], "date" if len(top) > 1 else "rank")
    return Holder(newest[0], "id")


def _contradictions(graph: nx.MultiDiGraph, include_version_changes: bool
                    ) -> list[tuple[str, str, dict[str, Any]]]:
    return [(a, b, d) for a, b, d in graph.edges(data=True)
            if d.get("type") == "contradicts"
            and (include_version_changes or not d.get("version_change"))]


def conflict_ranking(graph: nx.MultiDiGraph, *, include_version_changes: bool = False
                     ) -> list[DocumentConflicts]:
    """Documents ranked by how many of their provisions contradict a provision elsewhere.

    Version changes (an amending text against the text it amends) are not conflicts and are
    left out unless asked for. Ties by contradictions, then id.

    Examples
    --------
    >>> g = new_graph()
    >>> for d, n in (("L", 2), ("D", 1), ("T", 1)):
    ...     add_document(g, d)
    ...     for i in range(n):
    ...         add_provision(g, f"{d}/{i}", d)
    >>> add_relation(g, "L/0", "D/0", "contradiction", prevails="a")
    >>> add_relation(g, "L/1", "T/0", "contradiction", prevails="a")
    >>> [(r.doc_id, r.provisions, r.yields) for r in conflict_ranking(g)]
    [('L', 2, 0), ('D', 1, 1), ('T', 1, 1)]
    """
    provisions: dict[str, set[str]] = defaultdict(set)
    counts: Counter[str] = Counter()
    wins: Counter[str] = Counter()
    losses: Counter[str] = Counter()
    for a, b, data in _contradictions(graph, include_version_changes):
        for node in (a, b):
            doc = _doc_of(graph, node)
            provisions[doc].add(node)
            counts[doc] += 1
            if data.get("winner") == node:
                wins[doc] += 1
            elif data.get("winner"):
                losses[doc] += 1
    ranked = [DocumentConflicts(d, len(ps), counts[d], wins[d], losses[d])
              for d, ps in provisions.items()]
    return sorted(ranked, key=lambda r: (-r.provisions, -r.contradictions, r.doc_id))


def citations_of(graph: nx.MultiDiGraph, node: str) -> int:
    """Citations that reach a provision: to it, to an ancestor below the document (citing an
    article cites its clauses), or to a descendant (a point of it).

    >>> g = new_graph(); add_document(g, "d")
    >>> add_provision(g, "d/a1", "d"); add_provision(g, "d/a1/c1", "d", "d/a1")
    >>> add_provision(g, "d/a2", "d"); add_citation(g, "d/a2", "d/a1", "refers", 2)
    >>> citations_of(g, "d/a1/c1")
    2
    """
    _doc_of(graph, node)

    def cited(n: str) -> int:
        return sum(int(d.get("count", 1)) for _, _, d in graph.in_edges(n, data=True)
                   if d.get("type") == "cites")

    total = cited(node)
    current = node
    while True:
        parents = [u for u, _, k in graph.in_edges(current, keys=True) if k == "contains"]
        if not parents or graph.nodes[parents[0]].get("kind") != "provision":
            break
        current = parents[0]
        total += cited(current)
    stack = [v for _, v, k in graph.out_edges(node, keys=True) if k == "contains"]
    while stack:
        child = stack.pop()
        total += cited(child)
        stack += [v for _, v, k in graph.out_edges(child, keys=True) if k == "contains"]
    return total


def risky_provisions(graph: nx.MultiDiGraph, *, top: int | None = None,
                     include_version_changes: bool = False) -> list[RiskyProvision]:
    """Provisions that are in conflict *and* cited (see :func:`citations_of`): the highest
    risk, since every text that relies on them inherits the conflict. Ranked by citations ×
    contradictions, then citations, then id.

    Examples
    --------
    >>> g = new_graph()
    >>> for d in "ABC":
    ...     add_document(g, d); add_provision(g, f"{d}/1", d)
    >>> add_relation(g, "A/1", "B/1", "contradiction")
    >>> add_citation(g, "C/1", "A/1", "implements", 3)
    >>> [(r.id, r.cited, r.risk) for r in risky_provisions(g)]
    [('A/1', 3, 3)]
    """
    conflicts: Counter[str] = Counter()
    for a, b, _ in _contradictions(graph, include_version_changes):
        conflicts[a] += 1
        conflicts[b] += 1
    out = []
    for node, n in conflicts.items():
        cited = citations_of(graph, node)
        if cited:
            out.append(RiskyProvision(node, _doc_of(graph, node), cited, n))
    out.sort(key=lambda r: (-r.risk, -r.cited, r.id))
    return out[:top] if top is not None else out


def fragmentation(graph: nx.MultiDiGraph, clusters: Sequence[Cluster] | None = None, *,
                  min_issuers: int = 2) -> list[Fragmentation]:
    """Overlap clusters whose documents come from at least ``min_issuers`` different issuers:
    one matter spread over the texts of several bodies. Issuers compare case- and
    diacritics-folded; documents without an issuer do not count. Most issuers first.

    Examples
    --------
    >>> g = new_graph()
    >>> for d, issuer in (("L", "Quốc hội"), ("D", "Chính phủ"), ("T", "QUỐC HỘI")):
    ...     add_document(g, d, issuer=issuer); add_provision(g, f"{d}/1", d)
    >>> add_relation(g, "L/1", "D/1", "overlap"); add_relation(g, "L/1", "T/1", "overlap")
    >>> [f.issuers for f in fragmentation(g)]
    [('Chính phủ', 'Quốc hội')]
    """
    if min_issuers < 1:
        raise GraphError("min_issuers must be at least 1")
    out = []
    for cluster in overlap_clusters(graph) if clusters is None else clusters:
        names: dict[str, str] = {}
        for d in cluster.documents:
            issuer = graph.nodes[d].get("issuer") if d in graph else None
            if issuer:
                names.setdefault(fold(str(issuer)).strip(), str(issuer))
        if len(names) >= min_issuers:
            out.append(Fragmentation(cluster, tuple(sorted(names.values()))))
    return sorted(out, key=lambda f: (-len(f.issuers), -len(f.cluster.documents),
                                      f.cluster.provisions))


# ---- exports -------------------------------------------------------------------------------


def edge_frame(graph: nx.MultiDiGraph) -> pd.DataFrame:
    """The edges as a pandas DataFrame: ``source``, ``target``, ``key``, ``type`` and every
    edge attribute (missing ones are NaN).

    >>> g = new_graph(); add_document(g, "d"); add_provision(g, "d/1", "d")
    >>> edge_frame(g)[["source", "target", "type"]].values.tolist()
    [['d', 'd/1', 'contains']]
    """
    import networkx as nx
    import pandas as pd

    if graph.number_of_edges() == 0:
        return pd.DataFrame(columns=["source", "target", "key", "type"])
    frame: pd.DataFrame = nx.to_pandas_edgelist(graph, edge_key="key")
    first = ["source", "target", "key", "type"]
    ordered: pd.DataFrame = frame[first + [c for c in frame.columns if c not in first]]
    return ordered


def write_graph(graph: nx.MultiDiGraph, path: Path) -> list[Path]:
    """GraphML (opens in Gephi) and node-link JSON; ``path`` without suffix writes both.

    See :func:`lexoverlap.graph.write_graph`, which this calls.
    """
    from .graph import write_graph as write

    return write(graph, path)
