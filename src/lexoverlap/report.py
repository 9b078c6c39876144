"""The review report of a store: HTML pages, XLSX and CSV tables, for the National Assembly's
review staff (``lexoverlap report --store FILE --out DIR``).

Written into ``DIR``:

- ``report.html`` — self-contained (inline CSS, charts as inline SVG, no script, no network):
  what corpus, which model and rule versions and when (from the store's ``runs``); counts by
  relation and kind; the contradictions, most severe first (see :func:`severity_key`), each
  with both provisions side by side, the opposed evidence in ``<mark>``, the kind, which
  provision prevails and by which rule, and links to what each provision cites; the
  documents ranked by provisions in conflict; overlap clusters with the document that should
  hold the rule (:func:`lexoverlap.simgraph.suggest_holder`); provisions both in conflict and
  cited; charts of findings by document and of citations between the main documents;
- ``documents/ID.html`` — one page per document: metadata, its contradictions and clusters,
  and its full text provision by provision (the targets of every link);
- ``report.xlsx`` (one sheet per table) and ``tables/*.csv`` — the same tables as the HTML:
  ``documents``, ``counts``, ``contradictions``, ``clusters``, ``risk``. CSV headers are the
  stable column ids; the XLSX and HTML headers are in the report's language.

Every interface string comes from ``templates/report/strings.toml`` (Vietnamese by default,
``lang="en"`` for English). The output is a function of the store alone — the only dates
shown are those of the runs — so writing it twice gives the same files.
"""

from __future__ import annotations

import io
import json
import re
import tomllib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from markupsafe import Markup, escape

from . import __version__
from . import simgraph as sg
from .errors import LexOverlapError
from .store import Store

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

LANGUAGES = ("vi", "en")
# The main page shows this many contradictions and clusters in full; the tables and the
# document pages have all of them. 200 cards keep the page readable and under a few MB.
TOP_CONTRADICTIONS = 200
TOP_CLUSTERS = 100
# A connected component of overlaps spanning more documents than this is split into Louvain
# communities: on vn-laws-vlc chains of generic provisions (prohibited acts, definitions,
# company organs) join one component of 188 laws, which is no single matter.
CLUSTER_MAX_DOCUMENTS = 10
# A cluster box lists at most this many provisions (the tables list all of them).
CLUSTER_MEMBERS_SHOWN = 12
TOP_CHART_DOCUMENTS = 20
TOP_MAP_DOCUMENTS = 14
# Severity of a contradiction kind (smaller is worse): an opposed duty means whoever complies
# with one text breaks the other; two authorities claiming one power make acts of one of them
# void; a different deadline or amount leaves people unsure which applies; a different
# definition changes scope indirectly; a condition present on one side only is often a
# refinement and is the rule with the most false alarms.
KIND_ORDER = {"deontic": 0, "competence": 1, "quantity": 2, "definition": 3, "condition": 4}
# Excel refuses longer cells.
_CELL_MAX = 32_000


class ReportError(LexOverlapError):
    """The report cannot be written (unknown language, a store without documents)."""

    code = "E600"


@cache
def strings(lang: str = "vi") -> dict[str, Any]:
    """The interface strings of one language (``vi`` or ``en``) from ``strings.toml``.

    >>> strings("en")["relations"]["overlap"]
    'overlap'
    """
    if lang not in LANGUAGES:
        raise ReportError(f"no report strings for language {lang!r}; use one of "
                          f"{', '.join(LANGUAGES)}")
    text = (files("lexoverlap") / "templates" / "report" / "strings.toml").read_text("utf-8")
    table: dict[str, Any] = tomllib.loads(text)[lang]
    return table


# ---- contradictions ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Contradiction:
    """One contradiction finding, with what the report needs to show and rank it."""

    a: str
    b: str
    kind: str
    score: float
    prevails: str  # "a", "b" or ""
    rule: str
    version_change: bool
    rank_gap: int
    evidence: tuple[tuple[str, int, int, str], ...]  # (side, start, end, text)
    explanation: str

    @property
    def winner(self) -> str:
        """The prevailing provision's id, or ``""`` when undecided."""
        return self.a if self.prevails == "a" else self.b if self.prevails == "b" else ""


def severity_key(c: Contradiction) -> tuple[Any, ...]:
    """Sort key, most severe first: live conflicts before version changes (texts never in
    force together), then the wider gap in legal rank (a lower text against a higher one),
    then the kinds that held up best when live contradictions were read by hand
    (:func:`held_up`), then :data:`KIND_ORDER`, then the higher score; ids break ties.

    Why: every live contradiction of vn-laws-vlc was read (tests/golden/sample_review*.jsonl);
    definitions were real 15 % of the time, quantities 6 %, competence 2 %, deontic and
    condition findings never — a reader going down the list meets the likeliest first.

    >>> live = Contradiction("x", "y", "condition", .6, "a", "", False, 0, (), "")
    >>> old = Contradiction("x", "z", "deontic", .9, "a", "", True, 3, (), "")
    >>> [c.b for c in sorted([old, live], key=severity_key)]
    ['y', 'z']
    """
    return (c.version_change, -c.rank_gap, -(held_up(c.kind) or 0.0),
            KIND_ORDER.get(c.kind, len(KIND_ORDER)), -c.score, c.a, c.b)


def held_up(kind: str) -> float | None:
    """The share of live contradictions of ``kind`` that proved real when read by hand
    (:func:`reviewed`), or None with fewer than 10 read."""
    counts = reviewed().get(kind)
    if not counts or counts["read"] < 10:
        return None
    return counts["real"] / counts["read"]


@cache
def reviewed() -> dict[str, dict[str, int]]:
    """kind → {"read", "real"}: how many live contradictions of that kind were read by hand on
    vn-laws-vlc and how many were real (``data/review_precision.json``, written by
    ``bench/review_precision.py`` from the reviews in tests/golden); {} without the file."""
    try:
        text = (files("lexoverlap") / "data" / "review_precision.json").read_text("utf-8")
        kinds = json.loads(text)["kinds"]
        return {str(k): {"read": int(v["read"]), "real": int(v["real"])}
                for k, v in kinds.items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}  # no file, or not the shape bench/review_precision.py writes


def severity(c: Contradiction) -> str:
    """``high`` (a live conflict across ranks: a lower text against a higher one),
    ``medium`` (another live conflict) or ``low`` (a version change). Until 2026-12-06 duties
    and powers (deontic, competence) were ``high`` too; the hand reviews found them almost
    never real (0 of 20, 2 of 94), so the label promised what the findings did not hold."""
    if c.version_change:
        return "low"
    if c.rank_gap > 0:
        return "high"
    return "medium"


def highlight(text: str, spans: Iterable[tuple[int, int]], css: str = "") -> Markup:
    """``text`` escaped for HTML with the spans (merged where they overlap) in ``<mark>``.

    >>> str(highlight("a < b và c", [(0, 1), (6, 8)]))
    '<mark>a</mark> &lt; b <mark>và</mark> c'
    """
    merged: list[list[int]] = []
    for start, end in sorted((max(0, s), min(len(text), e)) for s, e in spans):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    attr = f' class="{css}"' if css else ""
    out, pos = [], 0
    for start, end in merged:
        out.append(str(escape(text[pos:start])))
        out.append(f"<mark{attr}>{escape(text[start:end])}</mark>")
        pos = end
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))


def _spans(text: str, evidence: Iterable[tuple[str, int, int, str]], side: str
           ) -> list[tuple[int, int]]:
    """Evidence spans of one side, checked against the text (found again by content when an
    offset does not match, dropped when the text is not there)."""
    out = []
    for s, start, end, quoted in evidence:
        if s != side:
            continue
        if text[start:end] == quoted:
            out.append((start, end))
        elif quoted and quoted in text:
            i = text.index(quoted)
            out.append((i, i + len(quoted)))
    return out


def _rule_text(rule: str, t: dict[str, Any], numbers: dict[str, str]) -> str:
    """The detector's rule (English, from :mod:`lexoverlap.detect`) in the report language."""
    p = t["precedence"]
    m = re.match(r"(\S+) expressly (amend|replace|repeal)s (\S+)", rule)
    if m:
        target = m.group(3)  # a document, or the provision of it that was changed
        dst = numbers.get(_doc(target), _doc(target))
        if "/" in target:
            dst += f" · {target.partition('/')[2]}"
        return str(p[m.group(2) + "s"]).format(src=numbers.get(m.group(1), m.group(1)), dst=dst)
    m = re.match(r"explicit priority clause (\S+) \((claims|defers)", rule)
    if m:
        clause = m.group(1)
        where = f"{numbers.get(_doc(clause), _doc(clause))} · {clause.partition('/')[2]}"
        return str(p["priority_" + m.group(2)]).format(clause=where)
    for prefix, key in (("higher legal effect", "higher"), ("same issuer", "same_issuer"),
                        ("same legal effect, signed the same day", "same_day"),
                        ("same legal effect", "same_rank"), ("no metadata", "unknown")):
        if rule.startswith(prefix):
            return str(p[key])
    return rule


# ---- what the report shows -----------------------------------------------------------------


@dataclass
class ReportData:
    """Everything read from the store for one report (language-independent)."""

    store: Path
    runs: list[dict[str, Any]]
    documents: list[dict[str, Any]]
    contradictions: list[Contradiction]
    texts: dict[str, str]
    headings: dict[str, str]
    citations: dict[str, list[tuple[str, str, str | None]]]  # provision → (kind, raw, target)
    counts: list[dict[str, Any]]
    pairs: int
    provisions: int
    graph: nx.MultiDiGraph
    clusters: list[sg.Cluster]
    holders: list[sg.Holder]
    fragmented: set[tuple[str, ...]]
    ranking: list[sg.DocumentConflicts]
    risky: list[sg.RiskyProvision]
    doc_citations: Counter[tuple[str, str]] = field(default_factory=Counter)

    @property
    def doc(self) -> dict[str, dict[str, Any]]:
        return {d["doc_id"]: d for d in self.documents}

    @property
    def labels(self) -> dict[str, str]:
        """doc_id → what a reader calls it: the number, else the title, else the id (with the
        language unless Vietnamese: a translation shares the number)."""
        out = {}
        for d in self.documents:
            name = d["number"] or d["title"][:40] or d["doc_id"]
            out[d["doc_id"]] = name + (f" [{d['language']}]" if d["language"] != "vi" else "")
        return out


def _doc(pid: str) -> str:
    return pid.split("/", 1)[0]


def collect(store: Path | str) -> ReportData:
    """Read what the report needs from a store (read-only; the graph in ``findings`` scope)."""
    with Store(Path(store), readonly=True) as s:
        db = s.db
        runs = []
        for r in db.execute("SELECT run_id, started, finished, status, args, versions, stats "
                            "FROM runs ORDER BY run_id"):
            runs.append({"run_id": r[0], "started": r[1], "finished": r[2], "status": r[3],
                         "args": json.loads(r[4]), "versions": json.loads(r[5]),
                         "stats": json.loads(r[6]) if r[6] else {}})
        prov_counts = dict(db.execute("SELECT doc_id, count(*) FROM provisions GROUP BY doc_id")
                           .fetchall())
        documents = []
        for r in db.execute("SELECT doc_id, number, doc_type, issuer, signed, effective, rank, "
                            "language, title FROM documents ORDER BY doc_id"):
            documents.append({"doc_id": r[0], "number": r[1] or "", "doc_type": r[2] or "",
                              "issuer": r[3] or "", "signed": r[4] or "",
                              "effective": r[5] or "", "rank": r[6], "language": r[7] or "",
                              "title": r[8] or "", "provisions": prov_counts.get(r[0], 0)})
        if not documents:
            raise ReportError(f"{store}: the store has no documents; run `lexoverlap analyze "
                              f"PATHS --store {store}` first")
        rank_of = {d["doc_id"]: d["rank"] for d in documents}
        counts = _counts(db)
        pairs = int(db.execute("SELECT count(*) FROM (SELECT DISTINCT a, b FROM pairs) "
                               "AS distinct_pairs").fetchone()[0])
        contradictions = []
        for a, b, kind, score, prevails, record in db.execute(
                "SELECT a, b, kind, score, prevails, record FROM findings "
                "WHERE relation='contradiction'"):
            data = json.loads(record)
            ra, rb = rank_of.get(_doc(a)), rank_of.get(_doc(b))
            gap = abs(ra - rb) if ra is not None and rb is not None else 0
            evidence = tuple((str(e["side"]), int(e["start"]), int(e["end"]), str(e["text"]))
                             for e in data.get("evidence", ())
                             if {"side", "start", "end", "text"} <= set(e))
            contradictions.append(Contradiction(
                a, b, kind or "", float(score or 0.0), prevails or "", data.get("rule") or "",
                bool(data.get("version_change", False)), gap, evidence,
                data.get("explanation") or ""))
        contradictions.sort(key=severity_key)
        graph = sg.similarity_graph(s)
        ids = {x for c in contradictions for x in (c.a, c.b)}
        clusters = sg.overlap_clusters(graph, max_documents=CLUSTER_MAX_DOCUMENTS)
        ids |= {p for c in clusters for p in c.provisions[:CLUSTER_MEMBERS_SHOWN]}
        texts, headings = _texts(db, ids)
        citations = _citations_from(db, {x for c in contradictions for x in (c.a, c.b)})
        doc_citations: Counter[tuple[str, str]] = Counter()
        for src_doc, resolved in db.execute(
                "SELECT doc_id, resolved FROM citations WHERE resolved IS NOT NULL"):
            if _doc(resolved) != src_doc:
                doc_citations[(src_doc, _doc(resolved))] += 1
    holders = [sg.suggest_holder(graph, c) for c in clusters]
    fragmented = {f.cluster.provisions for f in sg.fragmentation(graph, clusters)}
    return ReportData(Path(store), runs, documents, contradictions, texts, headings, citations,
                      counts, pairs, sum(prov_counts.values()), graph, clusters, holders,
                      fragmented, sg.conflict_ranking(graph), sg.risky_provisions(graph),
                      doc_citations)


# A group of findings: (relation, kind).
_Group = tuple[str, str | None]


def _counts(db: Any) -> list[dict[str, Any]]:
    """Findings by relation and kind; translation duplicates and version changes apart.

    The counts are SQL; what needs the JSON ``record`` is read here: a duplicate found by the
    ``translation`` method, a finding marked ``version_change``. Only the duplicates and the
    records that name ``version_change`` (the contradictions) are read, not every finding.
    """
    totals: dict[_Group, int] = {(relation, kind): int(n) for relation, kind, n in db.execute(
        "SELECT relation, kind, count(*) FROM findings GROUP BY relation, kind")}
    translations: Counter[_Group] = Counter()
    versions: Counter[_Group] = Counter()
    for relation, kind, record in db.execute(
            "SELECT relation, kind, record FROM findings "
            "WHERE relation = 'duplicate' OR record LIKE '%version_change%'"):
        data = json.loads(record)
        if relation == "duplicate" and "translation" in (data.get("methods") or ()):
            translations[(relation, kind)] += 1
        if data.get("version_change"):
            versions[(relation, kind)] += 1
    rows = []
    # Groups in one order on both backends (SQLite's: NULL kind first, then bytewise), so
    # rows that tie in the sort below keep the same order.
    for key in sorted(totals, key=lambda k: (k[0], k[1] is not None, k[1] or "")):
        relation, kind = key
        n, translated = totals[key], translations[key]
        if translated:
            rows.append({"relation": "translation", "kind": "", "count": translated,
                         "version_changes": 0})
        if n - translated:
            rows.append({"relation": relation, "kind": kind or "", "count": n - translated,
                         "version_changes": versions[key]})
    order = ("contradiction", "duplicate", "overlap", "subsumes", "translation", "related",
             "unrelated")
    return sorted(rows, key=lambda r: (order.index(r["relation"]) if r["relation"] in order
                                       else len(order), KIND_ORDER.get(r["kind"], 9)))


def _chunks(items: Sequence[str], size: int = 500) -> Iterable[Sequence[str]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _texts(db: Any, ids: set[str]) -> tuple[dict[str, str], dict[str, str]]:
    texts: dict[str, str] = {}
    headings: dict[str, str] = {}
    for chunk in _chunks(sorted(ids)):
        for pid, text, heading in db.execute(
                f"SELECT id, text, article_heading FROM provisions WHERE id IN "
                f"({','.join('?' * len(chunk))})", list(chunk)):
            texts[pid] = text
            headings[pid] = heading or ""
    return texts, headings


def _citations_from(db: Any, ids: set[str]) -> dict[str, list[tuple[str, str, str | None]]]:
    """Citations made by each provision, inside it (its points) or by the provisions that
    enclose it (an article's intro — "sửa đổi, bổ sung một số điều của Luật X như sau:" —
    names what its clauses are about)."""
    out: dict[str, list[tuple[str, str, str | None]]] = defaultdict(list)
    for pid in sorted(ids):
        parts = pid.split("/")
        enclosing = ["/".join(parts[:n]) for n in range(2, len(parts))]
        marks = ",".join("?" * len(enclosing)) or "NULL"
        for kind, raw, resolved in db.execute(
                "SELECT kind, raw, resolved FROM citations WHERE source = ? OR (source > ? AND "
                f"source < ?) OR source IN ({marks}) ORDER BY source, start",
                (pid, pid + "/", pid + "0", *enclosing)):
            item = (kind or "refers", raw or "", resolved)
            if item not in out[pid]:
                out[pid].append(item)
    return out


# ---- tables (one source for HTML, XLSX and CSV) -------------------------------------------


TABLES = ("documents", "counts", "contradictions", "clusters", "risk")


def tables(data: ReportData) -> dict[str, pd.DataFrame]:
    """The report's tables as DataFrames with stable column ids (see the module doc)."""
    import pandas as pd

    per_doc: dict[str, Counter[str]] = defaultdict(Counter)
    for a, b, d in data.graph.edges(data=True):
        kind = d.get("type")
        if kind in ("duplicate", "overlap", "subsumes") and not d.get("translation"):
            for n in (a, b):
                per_doc[_doc(n)][kind + "s" if kind != "subsumes" else kind] += 1
        elif kind == "contradicts" and d.get("version_change"):
            for n in (a, b):
                per_doc[_doc(n)]["version_changes"] += 1
    ranking = {r.doc_id: r for r in data.ranking}
    cited_by: Counter[str] = Counter()
    for (_, dst), n in data.doc_citations.items():
        cited_by[dst] += n
    doc_rows = []
    for d in data.documents:
        r = ranking.get(d["doc_id"])
        c = per_doc[d["doc_id"]]
        doc_rows.append({
            **{k: d[k] for k in ("doc_id", "number", "doc_type", "issuer", "signed",
                                 "effective", "rank", "language", "title", "provisions")},
            "contradictions": r.contradictions if r else 0,
            "in_conflict": r.provisions if r else 0,
            "prevails": r.prevails if r else 0, "yields": r.yields if r else 0,
            "version_changes": c["version_changes"], "duplicates": c["duplicates"],
            "overlaps": c["overlaps"], "subsumes": c["subsumes"],
            "cited_by": cited_by[d["doc_id"]]})
    doc_rows.sort(key=lambda r: (-r["in_conflict"], -r["contradictions"], r["doc_id"]))
    documents = pd.DataFrame(doc_rows)
    documents["rank"] = documents["rank"].astype("Int64")
    counts = pd.DataFrame(data.counts, columns=["relation", "kind", "count", "version_changes"])
    contradictions = pd.DataFrame([{
        "order": i + 1, "severity": severity(c), "kind": c.kind,
        "version_change": c.version_change, "rank_gap": c.rank_gap,
        "a": c.a, "doc_a": _doc(c.a), "b": c.b, "doc_b": _doc(c.b), "winner": c.winner,
        "rule": c.rule, "score": round(c.score, 4),
        "evidence_a": " | ".join(e[3] for e in c.evidence if e[0] == "a"),
        "evidence_b": " | ".join(e[3] for e in c.evidence if e[0] == "b"),
        "text_a": data.texts.get(c.a, ""), "text_b": data.texts.get(c.b, ""),
        "explanation": c.explanation,
    } for i, c in enumerate(data.contradictions)], columns=[
        "order", "severity", "kind", "version_change", "rank_gap", "a", "doc_a", "b", "doc_b",
        "winner", "rule", "score", "evidence_a", "evidence_b", "text_a", "text_b",
        "explanation"])
    issuers = {d["doc_id"]: d["issuer"] for d in data.documents}
    clusters = pd.DataFrame([{
        "cluster": i + 1, "documents": len(c.documents), "provisions": len(c.provisions),
        "issuers": len({issuers.get(d, "").casefold() for d in c.documents} - {""}),
        "holder": h.doc_id, "reason": h.reason,
        "document_ids": " ".join(c.documents), "provision_ids": " ".join(c.provisions),
    } for i, (c, h) in enumerate(zip(data.clusters, data.holders, strict=True))], columns=[
        "cluster", "documents", "provisions", "issuers", "holder", "reason", "document_ids",
        "provision_ids"])
    risk = pd.DataFrame([{"id": r.id, "doc_id": r.doc_id, "cited": r.cited,
                          "contradictions": r.contradictions, "risk": r.risk}
                         for r in data.risky],
                        columns=["id", "doc_id", "cited", "contradictions", "risk"])
    return {"documents": documents, "counts": counts, "contradictions": contradictions,
            "clusters": clusters, "risk": risk}


def _localized(frame: pd.DataFrame, name: str, t: dict[str, Any]) -> pd.DataFrame:
    """Column headers and coded values (relation, kind, severity, reason) in the language."""
    out = frame.copy()
    codes = {"relation": t["relations"], "kind": t["kinds"], "severity": t["severities"],
             "reason": t["reasons"]}
    for column, names in codes.items():
        if column in out.columns and not (name == "clusters" and column == "kind"):
            out[column] = out[column].map(lambda v, n=names: n.get(v, v) if v else "")
    return out.rename(columns=lambda c: t["columns"].get(c, c))


def write_tables(frames: dict[str, pd.DataFrame], out_dir: Path, t: dict[str, Any],
                 when: datetime | None) -> tuple[Path, list[Path]]:
    """``report.xlsx`` (one sheet per table, headers in the language) and ``tables/*.csv``
    (UTF-8 with BOM so Excel reads the Vietnamese; stable column ids)."""
    import pandas as pd

    xlsx = out_dir / "report.xlsx"
    with pd.ExcelWriter(xlsx, engine="openpyxl") as writer:
        for name in TABLES:
            sheet = str(t["sheets"][name])[:31]
            local = _localized(frames[name], name, t)
            for column in local.columns:
                local[column] = local[column].map(_cell)
            local.to_excel(writer, sheet_name=sheet, index=False, freeze_panes=(1, 0))
            ws = writer.sheets[sheet]
            for i, column in enumerate(local.columns, start=1):
                values = [str(column), *(str(v) for v in local[column].head(200))]
                width = min(60, max(8, *(len(v) for v in values)) + 2)
                ws.column_dimensions[ws.cell(1, i).column_letter].width = width
        book = writer.book
        if when is not None:  # the store's time, not now: the same store gives the same file
            book.properties.created = when
            book.properties.modified = when
        book.properties.creator = f"lexoverlap {__version__}"
    csv_dir = out_dir / "tables"
    csv_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name in TABLES:
        path = csv_dir / f"{name}.csv"
        frames[name].to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\n")
        written.append(path)
    return xlsx, written


def _cell(value: Any) -> Any:
    if isinstance(value, str) and len(value) > _CELL_MAX:
        return value[:_CELL_MAX] + " …"
    return value


# ---- charts ----------------------------------------------------------------------------------


def _svg(fig: Any) -> Markup:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None}, bbox_inches="tight")
    text = buf.getvalue()
    return Markup(text[text.index("<svg"):])


def _rc() -> Any:
    # Text stays text (the browser draws Vietnamese with its own fonts); fixed ids so the same
    # data gives the same SVG.
    return {"svg.fonttype": "none", "svg.hashsalt": "lexoverlap", "font.size": 9,
            "font.family": ["DejaVu Sans", "sans-serif"]}


def findings_chart(frame: pd.DataFrame, t: dict[str, Any], top: int = TOP_CHART_DOCUMENTS
                   ) -> Markup:
    """Stacked horizontal bars: findings of each document (``documents`` table), top first.

    >>> import pandas as pd
    >>> f = pd.DataFrame([{"doc_id": "d", "number": "", "contradictions": 1, "duplicates": 0,
    ...     "overlaps": 2, "subsumes": 0, "version_changes": 0}])
    >>> findings_chart(f, strings("en")).startswith("<svg")
    True
    """
    from matplotlib import rc_context
    from matplotlib.figure import Figure

    columns = [("contradictions", "contradiction", "#b3261e"),
               ("version_changes", "version_changes", "#e8a33d"),
               ("duplicates", "duplicate", "#3b6ea8"), ("overlaps", "overlap", "#7aa6d6"),
               ("subsumes", "subsumes", "#a9c6a0")]
    f = frame.assign(total=sum(frame[c] for c, _, _ in columns))
    f = f[f["total"] > 0].sort_values(["total", "doc_id"], ascending=[False, True]).head(top)
    with rc_context(_rc()):
        fig = Figure(figsize=(7.5, 0.32 * max(3, len(f)) + 0.8))
        ax = fig.add_subplot()
        labels = [str(r["number"] or r["doc_id"]) + (f" [{r['language']}]" if r.get(
            "language", "vi") != "vi" else "") for _, r in f.iterrows()][::-1]
        left = [0.0] * len(f)
        for column, key, colour in columns:
            values = [float(v) for v in f[column]][::-1]
            label = t["relations"].get(key) or t[key]
            ax.barh(labels, values, left=left, color=colour, label=label)
            left = [x + y for x, y in zip(left, values, strict=True)]
        ax.spines[["top", "right"]].set_visible(False)
        ax.set_xlabel(t["count"])
        if len(f):
            ax.legend(loc="lower right", frameon=False)
        return _svg(fig)


def citation_map(data: ReportData, t: dict[str, Any], top: int = TOP_MAP_DOCUMENTS
                 ) -> Markup:
    """Node-link drawing of citations between the ``top`` documents with the most
    cross-document citations (in + out); edge width by count, node colour by rank."""
    import networkx as nx
    from matplotlib import colormaps, rc_context
    from matplotlib.figure import Figure

    degree: Counter[str] = Counter()
    for (src, dst), n in data.doc_citations.items():
        degree[src] += n
        degree[dst] += n
    keep = [d for d, _ in sorted(degree.items(), key=lambda x: (-x[1], x[0]))[:top]]
    g = nx.DiGraph()
    g.add_nodes_from(keep)
    for (src, dst), n in sorted(data.doc_citations.items()):
        if src in g and dst in g:
            g.add_edge(src, dst, weight=n)
    docs = data.doc
    with rc_context(_rc()):
        fig = Figure(figsize=(7.5, 5.2))
        ax = fig.add_subplot()
        ax.set_axis_off()
        if g.number_of_nodes():
            pos = nx.circular_layout(sorted(g.nodes)) if g.number_of_nodes() > 2 else \
                {n: (i, 0) for i, n in enumerate(g.nodes)}
            cmap = colormaps["viridis"]
            widths = [0.6 + 3.0 * (d["weight"] / max(1, max(
                (e["weight"] for *_, e in g.edges(data=True)), default=1)))
                for *_, d in g.edges(data=True)]
            nx.draw_networkx_edges(g, pos, ax=ax, width=widths, edge_color="#8893a0",
                                   arrows=True, arrowsize=9, connectionstyle="arc3,rad=0.08",
                                   node_size=520)
            colours = [cmap(((docs.get(n, {}).get("rank") or 11) - 1) / 10) for n in g.nodes]
            sizes = [180 + 12 * min(60, degree[n] ** 0.5 * 3) for n in g.nodes]
            nx.draw_networkx_nodes(g, pos, ax=ax, node_color=colours, node_size=sizes,
                                   edgecolors="#1d2733", linewidths=0.6)
            labels = {n: data.labels.get(n, n) for n in g.nodes}
            for n, (x, y) in pos.items():
                ax.annotate(labels[n], (x, y), xytext=(0, 11), textcoords="offset points",
                            ha="center", fontsize=8)
            ax.margins(0.18)
            from matplotlib.lines import Line2D

            ranks = sorted({docs.get(n, {}).get("rank") or 11 for n in g.nodes})
            ax.legend([Line2D([], [], marker="o", linestyle="", markersize=7,
                              markerfacecolor=cmap((r - 1) / 10), markeredgecolor="#1d2733")
                       for r in ranks], [t["ranks"][str(r)] for r in ranks],
                      loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False,
                      title=t["rank"])
        return _svg(fig)


# ---- HTML ------------------------------------------------------------------------------------


def _slug(doc_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "_", doc_id)


def _env() -> Any:
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(loader=PackageLoader("lexoverlap", "templates/report"),
                      autoescape=select_autoescape(["j2", "html"]), undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["q"] = lambda pid: quote(str(pid), safe="/-._~")
    return env


def _run_info(data: ReportData) -> dict[str, Any]:
    paths: list[str] = []
    encoders: dict[str, str] = {}
    versions: dict[str, str] = {}
    for r in data.runs:
        for p in r["args"].get("paths", ()):
            if p not in paths:
                paths.append(p)
        encoders.update(r["stats"].get("encoders", {}))
        versions.update(r["versions"])
    finished = [r["finished"] for r in data.runs if r["finished"]]
    return {"paths": paths, "encoders": encoders, "versions": versions,
            "first": data.runs[0]["started"] if data.runs else "",
            "last": max(finished) if finished else "", "runs": len(data.runs)}


def _card(c: Contradiction, order: int, data: ReportData, t: dict[str, Any]) -> dict[str, Any]:
    docs = data.doc
    numbers = data.labels
    sides = []
    for side, pid in (("a", c.a), ("b", c.b)):
        text = data.texts.get(pid, "")
        d = docs.get(_doc(pid), {})
        sides.append({
            "side": side, "id": pid, "doc_id": _doc(pid), "slug": _slug(_doc(pid)),
            "number": numbers.get(_doc(pid), _doc(pid)), "doc_type": d.get("doc_type", ""),
            "rank": d.get("rank"), "date": d.get("signed", ""),
            "heading": data.headings.get(pid, ""),
            "html": highlight(text, _spans(text, c.evidence, side), side),
            "wins": c.prevails == side,
            "evidence": [e[3] for e in c.evidence if e[0] == side],
            "cites": [{"kind": k, "raw": raw, "target": target,
                       "slug": _slug(_doc(target)) if target and _doc(target) in docs else ""}
                      for k, raw, target in data.citations.get(pid, ())],
        })
    seen = reviewed().get(c.kind)
    return {"order": order, "c": c, "severity": severity(c), "sides": sides,
            "rule": _rule_text(c.rule, t, numbers) if c.rule else "",
            "kind": t["kinds"].get(c.kind, c.kind),
            "reviewed": t["reviewed_card"].format(**seen) if seen and not c.version_change
            else ""}


def _own_texts(text: str, rows: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    """Each provision's own text (up to its first child), in document order."""
    out = []
    for i, (pid, level, number, heading, start, end) in enumerate(rows):
        stop = end
        if i + 1 < len(rows):
            stop = min(end, rows[i + 1][4])
        out.append({"id": pid, "level": level, "number": number or "", "heading": heading or "",
                    "text": text[start:stop].strip()})
    return out


def write_report(store: Path | str, out_dir: Path | str, *, lang: str = "vi",
                 summary: str | None = None) -> Path:
    """Write the report of a store into ``out_dir`` (see the module doc); returns
    ``report.html``.

    ``summary`` is a file name beside the report to link to (``lexoverlap analyze`` writes
    its corpus summary as ``summary.html``).
    """
    t = strings(lang)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    data = collect(store)
    frames = tables(data)
    info = _run_info(data)
    when = datetime.fromisoformat(info["last"]).replace(tzinfo=None) if info["last"] else None
    xlsx, csvs = write_tables(frames, out, t, when)
    env = _env()
    numbers = data.labels
    cards = [_card(c, i + 1, data, t) for i, c in enumerate(data.contradictions)]
    issuers = {d["doc_id"]: d["issuer"] for d in data.documents}
    cluster_rows = [{
        "n": i + 1, "cluster": c, "holder": h, "fragmented": c.provisions in data.fragmented,
        "issuers": sorted({issuers.get(d) or "" for d in c.documents} - {""}),
        "members": [{"id": p, "doc_id": _doc(p), "slug": _slug(_doc(p)),
                   "number": numbers.get(_doc(p), _doc(p)),
                   "text": data.texts.get(p, "")}
                  for p in c.provisions[:CLUSTER_MEMBERS_SHOWN]],
        "more": max(0, len(c.provisions) - CLUSTER_MEMBERS_SHOWN),
    } for i, (c, h) in enumerate(zip(data.clusters, data.holders, strict=True))]
    live = sum(not c.version_change for c in data.contradictions)
    totals = {
        "documents": len(data.documents), "provisions": data.provisions, "pairs": data.pairs,
        "live_contradictions": live,
        "version_changes": len(data.contradictions) - live,
        **{key: sum(r["count"] for r in data.counts if r["relation"] == rel)
           for key, rel in (("duplicates", "duplicate"), ("overlaps", "overlap"),
                            ("subsumes", "subsumes"))},
        "clusters": len(data.clusters),
    }
    common = {"t": t, "lang": lang, "info": info, "numbers": numbers, "version": __version__}
    review = reviewed()
    review_note = t["reviewed_note"].format(kinds="; ".join(
        t["reviewed_kind"].format(kind=t["kinds"].get(k, k), **v)
        for k, v in sorted(review.items(), key=lambda kv: KIND_ORDER.get(kv[0], 9)))) \
        if review else ""
    index = env.get_template("index.html.j2").render(
        **common, base="documents/", totals=totals, counts=data.counts,
        cards=cards[:TOP_CONTRADICTIONS], n_cards=len(cards),
        documents=frames["documents"].to_dict("records"), slug=_slug,
        clusters=cluster_rows[:TOP_CLUSTERS], n_clusters=len(cluster_rows),
        risky=data.risky[:50], findings_svg=findings_chart(frames["documents"], t),
        map_svg=citation_map(data, t), xlsx=xlsx.name,
        csvs=[p.relative_to(out).as_posix() for p in csvs], summary=summary,
        store_name=Path(store).name, review=review, review_note=review_note)
    path = out / "report.html"
    path.write_text(index, encoding="utf-8")
    _write_documents(data, frames, cards, cluster_rows, out / "documents", env, common)
    return path


def _write_documents(data: ReportData, frames: dict[str, pd.DataFrame],
                     cards: list[dict[str, Any]], clusters: list[dict[str, Any]],
                     folder: Path, env: Any, common: dict[str, Any]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    by_doc: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for card in cards:
        for doc_id in dict.fromkeys((_doc(card["c"].a), _doc(card["c"].b))):
            by_doc[doc_id].append(card)
    clusters_of: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in clusters:
        for doc_id in row["cluster"].documents:
            clusters_of[doc_id].append(row)
    conflict_ids: dict[str, int] = {}
    for card in cards:
        for pid in (card["c"].a, card["c"].b):
            conflict_ids.setdefault(pid, card["order"])
    rows = {r["doc_id"]: r for r in frames["documents"].to_dict("records")}
    template = env.get_template("document.html.j2")
    written = set()
    with Store(data.store, readonly=True) as s:
        for d in data.documents:
            doc_id = d["doc_id"]
            (text,) = s.db.execute("SELECT text FROM documents WHERE doc_id=?",
                                   (doc_id,)).fetchone()
            provs = s.db.execute('SELECT id, level, number, heading, start, "end" FROM '
                                 "provisions WHERE doc_id=? ORDER BY ord", (doc_id,)).fetchall()
            slug = _slug(doc_id)
            if slug in written:
                raise ReportError(f"two documents map to the page {slug}.html; rename one")
            written.add(slug)
            html = template.render(**common, base="", d=d, row=rows[doc_id],
                                   cards=by_doc.get(doc_id, []),
                                   clusters=clusters_of.get(doc_id, []),
                                   provisions=_own_texts(text, provs), conflicts=conflict_ids,
                                   top=TOP_CONTRADICTIONS, top_clusters=TOP_CLUSTERS,
                                   slug=_slug)
            (folder / f"{slug}.html").write_text(html, encoding="utf-8")

