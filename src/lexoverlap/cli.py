"""Command line: ``lexoverlap ingest | segment | analyze | corpora``.

Exit codes: 0 all files done; 1 some files failed (each named on stderr, the rest done);
2 bad usage.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from ._ingest import MAX_BYTES, iter_files
from ._ingest import ingest as ingest_files
from ._report import SegmentedDocument, write_report
from ._segment import segment
from .corpora import corpora, resolve_paths
from .errors import LexOverlapError
from .models import LEVELS, Document, Failure

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Find overlapping and contradictory provisions in a body of law.",
)
err = Console(stderr=True)
# Tables piped to a file or another program are not cut to 80 columns.
out = Console(width=None if sys.stdout.isatty() else 240)

PathsArg = Annotated[
    list[str],
    typer.Argument(help="Files or folders (.txt .html .htm .docx .pdf); @name for a known corpus."),
]
MaxMb = Annotated[float, typer.Option("--max-mb", help="Refuse files larger than this (MB).")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")]


class Format(StrEnum):
    """Output formats of ``segment`` and ``ingest``."""

    jsonl = "jsonl"
    table = "table"


def _documents(
    paths: list[str], max_mb: float, quiet: bool
) -> tuple[list[Document], list[Failure]]:
    """Ingest with a progress bar; failures are printed as they happen and collected."""
    try:
        files = list(iter_files(resolve_paths(paths)))
    except LexOverlapError as exc:
        err.print(f"[red]error[/red] {exc}")
        raise typer.Exit(2) from None
    with Progress(
        TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=err, disable=quiet, transient=True,
    ) as progress:
        task = progress.add_task("", total=len(files))

        def on_file(path: Path, failure: Failure | None) -> None:
            if failure is not None:
                err.print(f"[red]failed[/red] {escape(failure.message)}", highlight=False)
            progress.advance(task)

        result = ingest_files(files, max_bytes=int(max_mb * 1024 * 1024), on_file=on_file)
    return list(result.documents), list(result.failures)


def _finish(failures: list[Failure]) -> None:
    if failures:
        err.print(f"[yellow]{len(failures)} file(s) failed[/yellow]; the others were processed.")
        raise typer.Exit(1)


@app.command()
def ingest(
    paths: PathsArg,
    fmt: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
    max_mb: MaxMb = MAX_BYTES / 1024 / 1024,
    quiet: Quiet = False,
) -> None:
    """Read documents and their metadata (type, number, issuer, dates, rank)."""
    docs, failures = _documents(paths, max_mb, quiet)
    if fmt is Format.jsonl:
        for doc in docs:
            sys.stdout.write(json.dumps(doc.metadata(), ensure_ascii=False) + "\n")
    else:
        table = Table("id", "type", "number", "issuer", "signed", "effective", "rank", "lang",
                      "missing")
        for d in docs:
            table.add_row(d.doc_id, d.doc_type or "", d.number or "", d.issuer or "",
                          str(d.signed or ""), str(d.effective or ""),
                          d.rank.name.lower() if d.rank else ("-" if not d.normative else ""),
                          d.language, ", ".join(d.missing))
        out.print(table)
    _finish(failures)


@app.command("segment")
def segment_cmd(
    paths: PathsArg,
    fmt: Annotated[Format, typer.Option("--format", "-f")] = Format.jsonl,
    output: Annotated[Path | None, typer.Option("--out", "-o", help="Write here.")] = None,
    max_mb: MaxMb = MAX_BYTES / 1024 / 1024,
    quiet: Quiet = False,
) -> None:
    """Cut documents into provisions (JSONL: one provision per line, or a table of counts)."""
    docs, failures = _documents(paths, max_mb, quiet)
    sink = output.open("w", encoding="utf-8") if output else sys.stdout
    try:
        if fmt is Format.jsonl:
            for doc in docs:
                for p in segment(doc):
                    sink.write(json.dumps(p.to_record(), ensure_ascii=False) + "\n")
        else:
            table = Table("document", *LEVELS, "quotes")
            for doc in docs:
                provisions = segment(doc)
                levels = Counter(p.level for p in provisions)
                table.add_row(doc.doc_id, *(str(levels.get(lv, "")) for lv in LEVELS),
                              str(sum(len(p.quotes) for p in provisions)))
            Console(file=sink, width=None if sink.isatty() else 240).print(table)
    finally:
        if output:
            sink.close()
    _finish(failures)


class _Bars:
    """The pipeline's progress as rich bars on stderr (one per stage)."""

    def __init__(self, quiet: bool) -> None:
        self.progress = Progress(
            TextColumn("[bold]{task.description:<10}"), BarColumn(), MofNCompleteColumn(),
            TimeElapsedColumn(), console=err, disable=quiet, transient=False)
        self.task: TaskID | None = None
        self.quiet = quiet

    def __enter__(self) -> _Bars:
        self.progress.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.__exit__(None, None, None)

    def start(self, stage: str, total: int) -> None:
        if self.task is not None:  # the stage before is over: its clock stops
            self.progress.stop_task(self.task)
        self.task = self.progress.add_task(stage, total=total)

    def advance(self, n: int = 1) -> None:
        if self.task is not None:
            self.progress.advance(self.task, n)

    def failed(self, failure: Failure) -> None:
        err.print(f"[red]failed[/red] {escape(failure.message)}", highlight=False)

    def note(self, message: str) -> None:
        if not self.quiet:
            err.print(f"[dim]{escape(message)}[/dim]")


def _store_name(store: Path) -> str:
    """How output names a store: the absolute file, or the URL without its password."""
    from .store import redact, store_url

    url = store_url(store)
    return redact(url) if url else str(store.resolve())


def _missing(store: Path) -> bool:
    """A store file that does not exist (a URL is checked when the store opens)."""
    from .store import store_url

    return store_url(store) is None and not store.is_file()


def _items_from_store(store_path: Path) -> list[SegmentedDocument]:
    from .models import Annotations
    from .store import Store

    items = []
    with Store(store_path, readonly=True) as store:
        for doc_id in sorted(store.stored()):
            provisions = store.provisions(doc_id)
            anns = store.annotations([p.id for p in provisions])
            items.append(SegmentedDocument(
                store.document(doc_id), tuple(provisions),
                tuple(anns.get(p.id, Annotations(p.id)) for p in provisions)))
    return items


@app.command()
def analyze(
    paths: PathsArg,
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="Report folder.")] = Path("reports"),
    store: Annotated[Path | None, typer.Option(
        "--store", "-s", help="SQLite file or postgresql:// URL (default: "
        "OUT/lexoverlap.db).")] = None,
    kind: Annotated[str, typer.Option(
        "--encoder", help="Vietnamese encoder: hybrid, static or tfidf.")] = "hybrid",
    k: Annotated[int, typer.Option("--k", help="Neighbours per provision.")] = 10,
    min_score: Annotated[float, typer.Option(
        "--min-score", help="Lowest cosine kept as a candidate.")] = 0.6,
    within: Annotated[bool, typer.Option(
        "--within-document", help="Also pair provisions of the same document.")] = False,
    max_mb: MaxMb = MAX_BYTES / 1024 / 1024,
    quiet: Quiet = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    lang: Annotated[str, typer.Option("--lang", help="Report language: vi or en.")] = "vi",
    engine: Annotated[str, typer.Option(
        "--engine", help="Where the per-document work runs: local (this process) or dask.")
    ] = "local",
    scheduler: Annotated[str | None, typer.Option(
        "--scheduler", help="Dask scheduler address (tcp://HOST:8786); without it --engine "
        "dask starts a local cluster of 2 workers for the run.")] = None,
) -> None:
    """Run the pipeline (ingest → segment → annotate → embed → candidates → detect) into the
    store, then write the review report (HTML + XLSX + CSV) and the corpus summary (JSONL)."""
    from .engine import make_engine
    from .pipeline import analyze as run

    store_path = store or out_dir / "lexoverlap.db"
    try:
        files = resolve_paths(paths)
    except LexOverlapError as exc:
        err.print(f"[red]error[/red] {exc}")
        raise typer.Exit(2) from None
    try:
        with make_engine(engine, scheduler) as eng, _Bars(quiet or as_json) as bars:
            result = run(files, store_path, kind=kind, k=k, min_score=min_score,
                         within_document=within, max_bytes=int(max_mb * 1024 * 1024),
                         reporter=bars, engine=eng)
    except LexOverlapError as exc:
        err.print(f"[red]error[/red] {exc}")
        raise typer.Exit(2) from None
    items = _items_from_store(store_path)
    # The corpus summary (metadata, annotation counts) becomes summary.html, linked from the
    # review report, which takes report.html.
    write_report(items, result.failures, out_dir).replace(out_dir / "summary.html")
    report = _review_report(store_path, out_dir, lang, summary="summary.html")
    if as_json:
        summary = json.loads((out_dir / "summary.json").read_text(encoding="utf-8"))
        summary["run"] = {"id": result.run_id, "store": _store_name(store_path),
                          **result.stats}
        summary["report"] = str(report)
        sys.stdout.write(json.dumps(summary, ensure_ascii=False) + "\n")
    else:
        counts = result.stats["store"]
        out.print(f"{counts['documents']} documents, {counts['provisions']} provisions, "
                  f"{counts['pairs']} candidate pairs in the store; "
                  f"{result.stats['new_documents']} new this run, {len(result.failures)} failed")
        out.print(f"store: {_store_name(store_path)}")
        out.print(f"report: {report.resolve()}  (open it in a browser)")
    _finish(result.failures)


def _review_report(store_path: Path, out_dir: Path, lang: str, summary: str | None = None
                   ) -> Path:
    from .report import write_report as write_review

    try:
        return write_review(store_path, out_dir, lang=lang, summary=summary)
    except LexOverlapError as exc:
        err.print(f"[red]error[/red] {exc}")
        raise typer.Exit(2) from None


@app.command("report")
def report_cmd(
    store: Annotated[Path, typer.Option(
        "--store", "-s", help="Store written by analyze (file or postgresql:// URL).")],
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="Report folder.")] = Path("reports"),
    lang: Annotated[str, typer.Option("--lang", help="Report language: vi or en.")] = "vi",
) -> None:
    """Write the review report of a store: report.html (+ one page per document), report.xlsx
    and tables/*.csv."""
    import time

    if _missing(store):
        err.print(f"[red]error[/red] {store}: no such store (run `lexoverlap analyze PATHS "
                  f"--store {store}` first)")
        raise typer.Exit(2)
    started = time.perf_counter()
    summary = "summary.html" if (out_dir / "summary.html").is_file() else None
    path = _review_report(store, out_dir, lang, summary)
    size = sum(f.stat().st_size for f in out_dir.rglob("*") if f.is_file()
               and f.suffix in (".html", ".xlsx", ".csv"))
    out.print(f"report: {path.resolve()}  ({time.perf_counter() - started:.1f} s, "
              f"{size / 1e6:.1f} MB with the document pages and tables)")


@app.command("compare")
def compare_cmd(
    first: Annotated[Path, typer.Argument(help="A document (two versions or translations).")],
    second: Annotated[Path, typer.Argument(help="The other document.")],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON line per pair.")] = False,
) -> None:
    """Align two documents provision by provision and classify each aligned pair; also list
    the provisions each document repeats inside itself."""
    from ._ingest import ingest_file
    from .compare import align, repeated
    from .pipeline import load_encoder

    try:
        a, b = ingest_file(first), ingest_file(second)
    except LexOverlapError as exc:
        err.print(f"[red]error[/red] {exc}")
        raise typer.Exit(2) from None
    encoder = load_encoder(a.language)
    rows = [{"a": x.a or None, "b": x.b, "cosine": round(x.cosine, 3),
             "label": x.verdict.label if x.verdict else "no counterpart",
             "kind": x.verdict.kind if x.verdict else None,
             "explanation": x.verdict.explanation if x.verdict else ""}
            for x in align(a, b, encoder)]
    for doc in (a, b):
        rows += [{"a": i, "b": j, "cosine": None, "label": v.label, "kind": v.kind,
                  "explanation": f"repeated inside {doc.doc_id}: {v.explanation}"}
                 for i, j, v in repeated(doc, encoder)]
    if as_json:
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    table = Table("a", "b", "cosine", "label", "kind")
    for row in rows:
        table.add_row(str(row["a"] or "–"), str(row["b"] or "–"),
                      "" if row["cosine"] is None else f"{row['cosine']:.2f}", str(row["label"]),
                      str(row["kind"] or ""))
    out.print(table)


@app.command("train-detector")
def train_detector() -> None:
    """Fit the learned scorer on the dev split of the labelled pairs (needs vn-laws-vlc)."""
    from .corpora import corpora as known
    from .corpora import find_manifest
    from .learned import save, train_from_labelled
    from .pipeline import load_encoder

    vlc = known().get("vn-laws-vlc")
    if vlc is None or not vlc.available:
        err.print("[red]error[/red] vn-laws-vlc is not available (../shared/corpora); the "
                  "labelled pairs point into it. Detection uses the rules alone without it.")
        raise typer.Exit(2)
    golden = find_manifest().parent.parent / "tests" / "golden"
    detector = train_from_labelled(golden, vlc.path, load_encoder("vi"))
    save(detector)
    out.print(f"{detector.name} for {detector.encoder}")


@app.command("train-encoder")
def train_encoder(
    paths: Annotated[list[str] | None, typer.Argument(
        help="Training corpus (default: @vn-laws-vlc, else @sample).")] = None,
    kind: Annotated[str, typer.Option("--encoder", help="hybrid, static or tfidf.")] = "hybrid",
    output: Annotated[Path | None, typer.Option(
        "--out", "-o", help="Folder (default: the cache analyze reads).")] = None,
) -> None:
    """Build the Vietnamese encoder from a corpus and cache it (analyze uses it)."""
    from . import embed, train
    from .corpora import corpora as known
    from .pipeline import train_corpus

    if not paths:
        vlc = known().get("vn-laws-vlc")
        paths = ["@vn-laws-vlc"] if vlc is not None and vlc.available else ["@sample"]
    target = output or train.default_path(kind)
    err.print(f"training {kind} on {' '.join(paths)} …")
    encoder = train.build(train_corpus(resolve_paths(paths)), kind)
    assert isinstance(encoder, embed.TfidfEncoder | embed.SentenceTransformerEncoder
                      | embed.HybridEncoder)
    embed.save(encoder, target)
    out.print(f"{encoder.name}\n{target.resolve()}")


@app.command("annotate")
def annotate_cmd(
    paths: Annotated[list[str] | None, typer.Argument(help="Files, folders or @corpus.")] = None,
    text: Annotated[str | None, typer.Option("--text", help="Annotate this snippet.")] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f")] = Format.jsonl,
    output: Annotated[Path | None, typer.Option("--out", "-o", help="Write here.")] = None,
    max_mb: MaxMb = MAX_BYTES / 1024 / 1024,
    quiet: Quiet = False,
) -> None:
    """Norms, quantities, definitions and citations of each provision (JSONL or a table)."""
    from ._annotate import annotate_corpus
    from ._ingest import document_from_text

    if bool(paths) == bool(text):
        err.print("[red]error[/red] give PATH… or --text, not both (and not neither)")
        raise typer.Exit(2)
    if text is not None:
        docs: list[Document] = [document_from_text(text, doc_id="text")]
        failures: list[Failure] = []
    else:
        docs, failures = _documents(paths or [], max_mb, quiet)
    sink = output.open("w", encoding="utf-8") if output else sys.stdout
    try:
        table = Table("provision", "norms", "quantities", "definitions", "citations")
        for _doc, _provisions, annotations in annotate_corpus(docs):
            for ann in annotations:
                if fmt is Format.jsonl:
                    sink.write(json.dumps(ann.to_record(), ensure_ascii=False) + "\n")
                elif ann.norms or ann.quantities or ann.definitions or ann.citations:
                    table.add_row(ann.provision, str(len(ann.norms)), str(len(ann.quantities)),
                                  str(len(ann.definitions)), str(len(ann.citations)))
        if fmt is Format.table:
            Console(file=sink, width=None if sink.isatty() else 240).print(table)
    finally:
        if output:
            sink.close()
    _finish(failures)


@app.command("classify-pairs")
def classify_pairs(
    source: Annotated[Path, typer.Argument(help="JSONL of pairs ('-' for stdin).")],
    output: Annotated[Path | None, typer.Option("--out", "-o", help="Write here.")] = None,
    kind: Annotated[str, typer.Option("--encoder", help="hybrid, static or tfidf.")] = "hybrid",
) -> None:
    """Label each pair: duplicate, overlap, subsumes, contradiction, related, unrelated."""
    from functools import cache

    from .classify import classify_lines
    from .pipeline import load_encoder

    @cache
    def encoder_for(lang: str) -> Any:
        return load_encoder(lang, kind)

    @cache
    def judge_for(lang: str) -> Any:
        """The learned scorer for Vietnamese when it can be had; the rules otherwise."""
        from .learned import classifier_for, rules_batch

        if lang != "vi":
            return rules_batch
        return classifier_for(encoder_for(lang), note=lambda m: err.print(f"[dim]{m}[/dim]"))[0]

    if str(source) != "-" and not source.is_file():
        err.print(f"[red]error[/red] {source}: no such file")
        raise typer.Exit(2)
    fh = sys.stdin if str(source) == "-" else source.open(encoding="utf-8", errors="replace")
    sink = output.open("w", encoding="utf-8") if output else sys.stdout
    errors = 0
    try:
        for record in classify_lines(fh, encoder_for, judge_for=judge_for):
            errors += record["label"] == "error"
            sink.write(json.dumps(record, ensure_ascii=False) + "\n")
    finally:
        if output:
            sink.close()
        if fh is not sys.stdin:
            fh.close()
    if errors:
        err.print(f"[yellow]{errors} line(s) could not be classified[/yellow] (label 'error')")


graph_app = typer.Typer(help="Graphs over a corpus.", no_args_is_help=True)
app.add_typer(graph_app, name="graph")


@graph_app.command("citations")
def graph_citations(
    paths: PathsArg,
    output: Annotated[Path, typer.Option("--out", "-o", help="FILE(.graphml|.json)")],
    top: Annotated[int, typer.Option(help="How many most-cited to print.")] = 10,
    max_mb: MaxMb = MAX_BYTES / 1024 / 1024,
    quiet: Quiet = False,
) -> None:
    """Build the citation graph; export GraphML + JSON; print the most cited and the counts."""
    from ._annotate import annotate_corpus
    from .graph import citation_counts, citation_graph, most_cited, write_graph

    docs, failures = _documents(paths, max_mb, quiet)
    graph = citation_graph(annotate_corpus(docs))
    written = write_graph(graph, output)
    out.print(f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges → "
              + ", ".join(str(w) for w in written))
    counts = Table("citation kind", "resolved", "unresolved")
    for kind, row in citation_counts(graph).items():
        counts.add_row(kind, str(row["resolved"]), str(row["unresolved"]))
    out.print(counts)
    for kind in ("provision", "document"):
        ranked = Table(f"most cited {kind}", "citations")
        for node, n in most_cited(graph, kind=kind, top=top):
            ranked.add_row(node, str(n))
        out.print(ranked)
    _finish(failures)


@graph_app.command("similarity")
def graph_similarity(
    store: Annotated[Path, typer.Option(
        "--store", "-s", help="Store written by analyze (file or postgresql:// URL).")],
    output: Annotated[Path, typer.Option("--out", "-o", help="FILE(.graphml|.json|.csv)")],
    similar: Annotated[float | None, typer.Option(
        help="Also add 'similar' edges for candidate pairs with cosine ≥ this.")] = None,
    scope: Annotated[str, typer.Option(
        help="findings: provisions in findings and their citations; all: every provision.")]
        = "findings",
    top: Annotated[int, typer.Option(help="How many clusters and documents to print.")] = 10,
) -> None:
    """The similarity + citation graph of a store: GraphML + JSON (+ CSV edge list); prints
    the overlap clusters, the documents with most provisions in conflict and the riskiest
    provisions."""
    from . import simgraph as sg

    if _missing(store):
        err.print(f"[red]error[/red] {store}: no such store")
        raise typer.Exit(2)
    if scope not in ("findings", "all"):
        err.print(f"[red]error[/red] --scope must be findings or all, not {scope!r}")
        raise typer.Exit(2)
    graph = sg.similarity_graph(store, scope="all" if scope == "all" else "findings",
                                similar=similar)
    written = sg.write_graph(graph, output.with_suffix("") if output.suffix == ".csv"
                             else output)
    if output.suffix in ("", ".csv"):
        edges = output.with_suffix(".csv")
        sg.edge_frame(graph).to_csv(edges, index=False)
        written.append(edges)
    out.print(f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges → "
              + ", ".join(str(w) for w in written))
    clusters = sg.overlap_clusters(graph, max_documents=10)
    table = Table("cluster", "documents", "provisions", "should be held by")
    for i, c in enumerate(clusters[:top], start=1):
        holder = sg.suggest_holder(graph, c)
        table.add_row(str(i), " ".join(c.documents[:6]) + (" …" if len(c.documents) > 6
                                                            else ""),
                      str(len(c.provisions)), f"{holder.doc_id} ({holder.reason})")
    out.print(table)
    ranked = Table("document", "provisions in conflict", "contradictions", "prevails", "yields")
    for r in sg.conflict_ranking(graph)[:top]:
        ranked.add_row(r.doc_id, str(r.provisions), str(r.contradictions), str(r.prevails),
                       str(r.yields))
    out.print(ranked)
    risky = Table("provision (in conflict, cited)", "cited", "contradictions")
    for p in sg.risky_provisions(graph, top=top):
        risky.add_row(p.id, str(p.cited), str(p.contradictions))
    out.print(risky)


@app.command("corpora")
def corpora_cmd() -> None:
    """List the corpora of corpora/manifest.toml and whether each is on this machine."""
    table = Table("name", "available", "path", "description")
    for c in corpora().values():
        table.add_row("@" + c.name, "yes" if c.available else "no", str(c.path),
                      c.description[:80])
    out.print(table)


# ---- query and serve (issue 8) -----------------------------------------------------------------


@app.command("query")
def query_cmd(
    draft: Annotated[str | None, typer.Argument(help="Draft text to compare.")] = None,
    store: Annotated[Path, typer.Option(
        "--store", "-s", help="Store written by analyze (file or postgresql:// URL).")] = Path(
        "reports/lexoverlap.db"),
    file: Annotated[Path | None, typer.Option(
        "--file", "-f", help="Draft file (.txt .html .htm .docx .pdf).")] = None,
    text: Annotated[str | None, typer.Option(
        "--text", "-t", help="Full-text search (diacritics-insensitive).")] = None,
    pid: Annotated[str | None, typer.Option(
        "--id", help="One provision's neighbourhood: citations both ways, findings.")] = None,
    doc_type: Annotated[str | None, typer.Option(
        "--doc-type", help="What the draft would be (Luật, Nghị định…), for precedence.")] = None,
    issuer: Annotated[str | None, typer.Option("--issuer", help="The draft's issuer.")] = None,
    when: Annotated[str | None, typer.Option(
        "--date", help="The draft's date, YYYY-MM-DD.")] = None,
    related: Annotated[bool, typer.Option("--related", help="Also list 'related'.")] = False,
    limit: Annotated[int, typer.Option("--limit", help="Search hits to show.")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="JSON for scripts.")] = False,
) -> None:
    """What in the store repeats, overlaps or contradicts a draft; search; a neighbourhood."""
    from dataclasses import asdict

    from . import query as q

    given = [x for x in (draft, file, text, pid) if x is not None]
    if len(given) != 1:
        err.print("[red]error[/red] give exactly one of: DRAFT text, --file, --text, --id")
        raise typer.Exit(2)
    try:
        reader = q.Reader(store)
    except LexOverlapError as exc:
        err.print(f"[red]error[/red] {escape(str(exc))}")
        raise typer.Exit(2) from None
    try:
        if text is not None:
            hits = reader.search(text, limit)
            if as_json:
                sys.stdout.write(json.dumps([asdict(h) for h in hits], ensure_ascii=False) + "\n")
                return
            table = Table("provision", "citation", "text")
            for h in hits:
                table.add_row(h.provision, h.citation, _marked(h.snippet, h.marks))
            out.print(table if hits else "no provision matches")
            return
        if pid is not None:
            hood = reader.neighbourhood(pid)
            if as_json:
                sys.stdout.write(json.dumps(hood.to_record(), ensure_ascii=False) + "\n")
                return
            _print_neighbourhood(hood)
            return
        if file is not None:
            if not file.is_file():
                err.print(f"[red]error[/red] {file}: no such file")
                raise typer.Exit(2)
            draft = q.read_draft(file.read_bytes(), file.name)
        assert draft is not None
        relations = q.ALL_RELATIONS if related else q.RELATIONS
        result = reader.draft(draft, doc_type=doc_type, issuer=issuer, when=when,
                              relations=relations)
    except LexOverlapError as exc:
        err.print(f"[red]error[/red] {escape(str(exc))}")
        raise typer.Exit(2) from None
    finally:
        reader.close()
    if as_json:
        sys.stdout.write(json.dumps(result.to_record(), ensure_ascii=False) + "\n")
        return
    _print_draft(result)


def _marked(text: str, marks: tuple[tuple[int, int], ...] | list[tuple[int, int]]) -> str:
    """Rich markup with the spans in bold yellow (the rest escaped)."""
    parts, at = [], 0
    for a, b in sorted(marks):
        if a < at or b > len(text):
            continue
        parts += [escape(text[at:a]), f"[bold yellow]{escape(text[a:b])}[/bold yellow]"]
        at = b
    return "".join([*parts, escape(text[at:])])


def _print_draft(result: object) -> None:
    from .query import DraftResult

    assert isinstance(result, DraftResult)
    table = Table("draft", "relation", "stored provision", "score", "prevails", "evidence",
                  title=f"{len(result.matches)} finding(s) for {len(result.units)} draft "
                        f"provision(s) · {result.seconds:.2f} s", show_lines=True)
    for unit, m in result.matches:
        mine = [(e.start, e.end) for e in m.evidence if e.side == "draft"]
        theirs = [(e.start, e.end) for e in m.evidence if e.side == "stored"]
        relation = m.relation + (f" ({m.kind})" if m.kind else "")
        prevails = {"draft": "draft", "stored": "stored", None: "?"}[m.prevails]
        table.add_row(f"{escape(unit.label)}\n{_marked(unit.text[:300], mine)}", relation,
                      f"[bold]{escape(m.citation)}[/bold]\n[dim]{escape(m.provision)}[/dim]\n"
                      f"{_marked(m.text[:300], theirs)}", f"{m.score:.2f}",
                      prevails + (f"\n[dim]{escape(m.rule)}[/dim]" if m.rule else ""),
                      escape(m.explanation))
    if result.matches:
        out.print(table)
    else:
        out.print(f"nothing in the store duplicates, overlaps or contradicts the "
                  f"{len(result.units)} provision(s) of the draft")


def _print_neighbourhood(hood: object) -> None:
    from .query import Neighbourhood

    assert isinstance(hood, Neighbourhood)
    p = hood.provision
    out.print(f"[bold]{escape(p.citation)}[/bold]  [dim]{escape(p.id)}[/dim]")
    out.print(escape(p.text))
    cites = Table("cites", "kind", "target", title="what it cites")
    for c in hood.cites:
        cites.add_row(escape(c.raw), c.kind, escape(c.other_citation) + (
            f"\n[dim]{escape(c.target)}[/dim]" if c.target else " [dim](not in the store)[/dim]"))
    cited = Table("cited by", "kind", "as", title="what cites it")
    for c in hood.cited_by:
        cited.add_row(f"{escape(c.other_citation)}\n[dim]{escape(c.source)}[/dim]", c.kind,
                      escape(c.raw))
    found = Table("other provision", "relation", "score", "prevails", "explanation",
                  title="findings")
    for f in hood.findings:
        found.add_row(f"{escape(f.other_citation)}\n[dim]{escape(f.other)}[/dim]",
                      f.relation + (f" ({f.kind})" if f.kind else ""), f"{f.score:.2f}",
                      f.prevails or "?", escape(f.explanation))
    for t in (cites, cited, found):
        out.print(t if t.row_count else f"[dim]{t.title}: none[/dim]")


@app.command("serve")
def serve_cmd(
    store: Annotated[Path, typer.Option(
        "--store", "-s", help="Store written by analyze (file or postgresql:// URL).")] = Path(
        "reports/lexoverlap.db"),
    host: Annotated[str, typer.Option(help="Interface (loopback by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
) -> None:
    """Web UI for drafters: paste or upload a draft, search, browse provisions (read-only)."""
    import uvicorn

    from .web import create_app

    try:
        application = create_app(store)
    except LexOverlapError as exc:
        err.print(f"[red]error[/red] {escape(str(exc))}")
        raise typer.Exit(2) from None
    if host not in ("127.0.0.1", "localhost", "::1"):
        err.print(f"[yellow]warning[/yellow] listening on {host}: anyone who can reach this "
                  "machine can read the store")
    uvicorn.run(application, host=host, port=port, log_level="warning")


def main() -> None:
    """Entry point of the ``lexoverlap`` script."""
    app()


if __name__ == "__main__":
    main()
