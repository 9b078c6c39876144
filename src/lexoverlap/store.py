"""The embedded store: one SQLite file (WAL) that runs, queries, reports and notebooks share.

Why SQLite and not DuckDB: the store is written a document at a time in small transactions
(so a killed run loses at most the document in flight) and read by other processes while a
run writes — SQLite's WAL mode does exactly that, from the standard library, and its FTS5
full-text index works offline. DuckDB's full-text extension downloads at run time here (or
pins an old DuckDB), and it allows one writing process with no concurrent readers.

Tables: ``documents`` (metadata, text, content hash, ``stage`` reached), ``provisions``,
``provisions_fts`` (FTS5 over text folded like :func:`lexoverlap._text.fold`, so
``thoi han`` finds ``thời hạn`` and ``dieu`` finds ``Điều``), ``annotations``, ``citations``,
``vectors`` (per provision and encoder, float16), ``pairs`` (candidates), ``findings``,
``runs`` (arguments, model and rule versions, counts, status).

A document moves through stages ``annotated`` → ``embedded`` → ``compared`` → ``detected``;
each step is
one transaction, so a run killed at any point leaves every document at a stage it fully
reached, and the next run picks up from there. Re-running on unchanged files finds their
sha256 already stored and does nothing.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from ._text import fold
from ._units import Unit
from .errors import LexOverlapError
from .models import Annotations, Document, Provision

SCHEMA_VERSION = 1
STAGES = ("annotated", "embedded", "compared", "detected")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs(
    run_id INTEGER PRIMARY KEY, started TEXT NOT NULL, finished TEXT, status TEXT NOT NULL,
    args TEXT NOT NULL, versions TEXT NOT NULL, stats TEXT);
CREATE TABLE IF NOT EXISTS documents(
    doc_id TEXT PRIMARY KEY, sha256 TEXT NOT NULL, source TEXT, language TEXT, title TEXT,
    doc_type TEXT, number TEXT, issuer TEXT, signed TEXT, effective TEXT, rank INTEGER,
    meta TEXT NOT NULL, text TEXT NOT NULL, stage TEXT NOT NULL, run_id INTEGER);
CREATE TABLE IF NOT EXISTS provisions(
    id TEXT PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES documents ON DELETE CASCADE,
    ord INTEGER NOT NULL, level TEXT NOT NULL, number TEXT, heading TEXT, text TEXT NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, parent TEXT, quotes TEXT NOT NULL,
    unit INTEGER NOT NULL DEFAULT 0, boilerplate INTEGER NOT NULL DEFAULT 0,
    article_heading TEXT);
CREATE INDEX IF NOT EXISTS provisions_doc ON provisions(doc_id, ord);
CREATE VIRTUAL TABLE IF NOT EXISTS provisions_fts USING fts5(
    id UNINDEXED, doc_id UNINDEXED, body, tokenize='unicode61 remove_diacritics 2');
CREATE TABLE IF NOT EXISTS annotations(
    provision_id TEXT PRIMARY KEY REFERENCES provisions ON DELETE CASCADE,
    doc_id TEXT NOT NULL, record TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS annotations_doc ON annotations(doc_id);
CREATE TABLE IF NOT EXISTS citations(
    id INTEGER PRIMARY KEY, source TEXT NOT NULL REFERENCES provisions ON DELETE CASCADE,
    doc_id TEXT NOT NULL, start INTEGER, "end" INTEGER, raw TEXT, kind TEXT,
    target_document TEXT, target TEXT, resolved TEXT);
CREATE INDEX IF NOT EXISTS citations_source ON citations(source);
CREATE INDEX IF NOT EXISTS citations_resolved ON citations(resolved);
CREATE TABLE IF NOT EXISTS vectors(
    provision_id TEXT NOT NULL REFERENCES provisions ON DELETE CASCADE,
    encoder TEXT NOT NULL, doc_id TEXT NOT NULL, vec BLOB NOT NULL,
    PRIMARY KEY(provision_id, encoder));
CREATE INDEX IF NOT EXISTS vectors_encoder ON vectors(encoder, doc_id);
CREATE TABLE IF NOT EXISTS pairs(
    a TEXT NOT NULL, b TEXT NOT NULL, method TEXT NOT NULL, score REAL NOT NULL,
    model TEXT NOT NULL, run_id INTEGER, PRIMARY KEY(a, b, method));
CREATE INDEX IF NOT EXISTS pairs_b ON pairs(b);
CREATE TABLE IF NOT EXISTS findings(
    a TEXT NOT NULL, b TEXT NOT NULL, relation TEXT NOT NULL, kind TEXT, score REAL,
    prevails TEXT, record TEXT NOT NULL, versions TEXT NOT NULL, run_id INTEGER,
    PRIMARY KEY(a, b));
"""


class StoreError(LexOverlapError):
    """The store file cannot be used (not a lexoverlap store, newer schema, corrupt)."""

    code = "E400"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Store:
    """One SQLite store. Use as a context manager; every write method is one transaction.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with Store(pathlib.Path(tempfile.mkdtemp()) / "s.db") as s:
    ...     s.counts()["documents"]
    0
    """

    def __init__(self, path: Path | str, *, readonly: bool = False) -> None:
        self.path = Path(path)
        self.readonly = readonly
        if readonly:
            if not self.path.exists():
                raise StoreError(f"{self.path}: no such store")
            uri = f"file:{self.path.resolve()}?mode=ro"
            self.db = sqlite3.connect(uri, uri=True, timeout=60, check_same_thread=False)
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, timeout=60, isolation_level=None,
                                      check_same_thread=False)
        self.db.row_factory = sqlite3.Row
        try:
            self.db.execute("PRAGMA busy_timeout = 60000")
            self.db.execute("PRAGMA foreign_keys = ON")
            if not readonly:
                self.db.execute("PRAGMA journal_mode = WAL")
                self.db.execute("PRAGMA synchronous = NORMAL")
                self.db.executescript(_SCHEMA)
                self._check_version()
        except sqlite3.DatabaseError as exc:
            self.db.close()
            raise StoreError(f"{self.path}: not a usable lexoverlap store ({exc})") from None

    def _check_version(self) -> None:
        row = self.db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
        if row is None:
            self.db.execute("INSERT INTO meta VALUES('schema', ?)", (str(SCHEMA_VERSION),))
        elif int(row[0]) > SCHEMA_VERSION:
            raise StoreError(f"{self.path}: schema {row[0]} is newer than this lexoverlap "
                             f"({SCHEMA_VERSION}); upgrade lexoverlap")

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` … ``COMMIT`` (``ROLLBACK`` on any exception)."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # ---- runs -------------------------------------------------------------------------
    def start_run(self, args: dict[str, Any], versions: dict[str, str]) -> int:
        with self.transaction() as db:
            cur = db.execute("INSERT INTO runs(started, status, args, versions) "
                             "VALUES(?, 'running', ?, ?)",
                             (_now(), json.dumps(args, ensure_ascii=False),
                              json.dumps(versions)))
        return int(cur.lastrowid or 0)

    def finish_run(self, run_id: int, status: str, stats: dict[str, Any]) -> None:
        with self.transaction() as db:
            db.execute("UPDATE runs SET finished=?, status=?, stats=? WHERE run_id=?",
                       (_now(), status, json.dumps(stats, ensure_ascii=False), run_id))

    # ---- documents ----------------------------------------------------------------------
    def stored(self) -> dict[str, tuple[str, str]]:
        """doc_id → (sha256, stage) of every stored document."""
        return {r["doc_id"]: (r["sha256"], r["stage"])
                for r in self.db.execute("SELECT doc_id, sha256, stage FROM documents")}

    def put_document(self, doc: Document, provisions: Sequence[Provision],
                     annotations: Iterable[Annotations], units: Sequence[Unit],
                     run_id: int) -> None:
        """Store one annotated document (replacing an older version with the same id)."""
        unit_of = {u.id: u for u in units}
        meta = doc.metadata()
        with self.transaction() as db:
            self._delete(db, doc.doc_id)
            db.execute(
                "INSERT INTO documents VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (doc.doc_id, doc.sha256, doc.source, doc.language, doc.title, doc.doc_type,
                 doc.number, doc.issuer, meta["signed"], meta["effective"],
                 int(doc.rank) if doc.rank is not None else None,
                 json.dumps(meta, ensure_ascii=False), doc.text, STAGES[0], run_id))
            db.executemany(
                'INSERT INTO provisions VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?)',
                [(p.id, p.doc_id, i, p.level, p.number, p.heading, p.text, p.start, p.end,
                  p.parent, json.dumps([q for q in p.to_record()["quotes"]],
                                       ensure_ascii=False),
                  int(p.id in unit_of), int(unit_of[p.id].boilerplate) if p.id in unit_of
                  else 0, unit_of[p.id].heading if p.id in unit_of else None)
                 for i, p in enumerate(provisions)])
            db.executemany("INSERT INTO provisions_fts VALUES(?,?,?)",
                           [(p.id, p.doc_id, fold(p.text)) for p in provisions
                            if p.level not in ("part", "chapter", "section", "subsection")])
            ann_rows, cit_rows = [], []
            for a in annotations:
                if not (a.norms or a.quantities or a.definitions or a.citations):
                    continue
                ann_rows.append((a.provision, doc.doc_id,
                                 json.dumps(a.to_record(), ensure_ascii=False)))
                for c in a.citations:
                    for t in c.targets:
                        path = {k: v for k, v in (("part", t.part), ("chapter", t.chapter),
                                                  ("section", t.section),
                                                  ("article", t.article),
                                                  ("clause", t.clause), ("point", t.point),
                                                  ("appendix", t.appendix)) if v}
                        cit_rows.append((c.source, doc.doc_id, c.start, c.end, c.raw, c.kind,
                                         t.document, json.dumps(path), t.resolved))
            db.executemany("INSERT INTO annotations VALUES(?,?,?)", ann_rows)
            db.executemany('INSERT INTO citations(source, doc_id, start, "end", raw, kind, '
                           'target_document, target, resolved) VALUES(?,?,?,?,?,?,?,?,?)',
                           cit_rows)

    def _delete(self, db: sqlite3.Connection, doc_id: str) -> None:
        ids = [r[0] for r in db.execute("SELECT id FROM provisions WHERE doc_id=?", (doc_id,))]
        if not ids:
            db.execute("DELETE FROM documents WHERE doc_id=?", (doc_id,))
            return
        db.execute("DELETE FROM provisions_fts WHERE doc_id=?", (doc_id,))
        prefix = doc_id + "/"
        db.execute("DELETE FROM pairs WHERE substr(a, 1, ?)=? OR substr(b, 1, ?)=?",
                   (len(prefix), prefix, len(prefix), prefix))
        db.execute("DELETE FROM findings WHERE substr(a, 1, ?)=? OR substr(b, 1, ?)=?",
                   (len(prefix), prefix, len(prefix), prefix))
        db.execute("DELETE FROM documents WHERE doc_id=?", (doc_id,))  # cascades

    def delete_document(self, doc_id: str) -> None:
        """Remove a document and everything derived from it."""
        with self.transaction() as db:
            self._delete(db, doc_id)

    def set_stage(self, db: sqlite3.Connection, doc_id: str, stage: str) -> None:
        db.execute("UPDATE documents SET stage=? WHERE doc_id=?", (stage, doc_id))

    def documents_at(self, stage: str) -> list[str]:
        return [r[0] for r in self.db.execute(
            "SELECT doc_id FROM documents WHERE stage=? ORDER BY doc_id", (stage,))]

    def document(self, doc_id: str) -> Document:
        row = self.db.execute("SELECT meta, text FROM documents WHERE doc_id=?",
                              (doc_id,)).fetchone()
        if row is None:
            raise KeyError(doc_id)
        return Document.from_metadata(json.loads(row["meta"]), row["text"])

    def provisions(self, doc_id: str) -> list[Provision]:
        rows = self.db.execute(
            'SELECT id, doc_id, level, number, heading, text, start, "end", parent, quotes '
            "FROM provisions WHERE doc_id=? ORDER BY ord", (doc_id,))
        return [Provision.from_record({**dict(r), "quotes": json.loads(r["quotes"])})
                for r in rows]

    def annotations(self, ids: Sequence[str]) -> dict[str, Annotations]:
        out: dict[str, Annotations] = {}
        for chunk in _chunks(list(ids), 500):
            marks = ",".join("?" * len(chunk))
            for r in self.db.execute(
                    f"SELECT provision_id, record FROM annotations WHERE provision_id IN ({marks})",
                    chunk):
                out[r[0]] = Annotations.from_record(json.loads(r[1]))
        return out

    def units(self, doc_id: str) -> list[tuple[str, str, str, bool]]:
        """(id, article heading, text, boilerplate) of a document's comparison units."""
        return [(r[0], r[1] or "", r[2], bool(r[3])) for r in self.db.execute(
            "SELECT id, article_heading, text, boilerplate FROM provisions "
            "WHERE doc_id=? AND unit=1 ORDER BY ord", (doc_id,))]

    # ---- vectors and pairs ----------------------------------------------------------------
    def put_vectors(self, doc_id: str, encoder: str, ids: Sequence[str],
                    vectors: np.ndarray[Any, Any], stage: str | None = None) -> None:
        """Store float16 vectors (or any byte rows) for a document, optionally advancing it."""
        rows = [(pid, encoder, doc_id, np.ascontiguousarray(v).tobytes())
                for pid, v in zip(ids, vectors, strict=True)]
        with self.transaction() as db:
            db.execute("DELETE FROM vectors WHERE doc_id=? AND encoder=?", (doc_id, encoder))
            db.executemany("INSERT INTO vectors VALUES(?,?,?,?)", rows)
            if stage:
                self.set_stage(db, doc_id, stage)

    def vectors(self, encoder: str, dtype: Any = np.float16,
                doc_ids: Sequence[str] | None = None) -> tuple[list[str], np.ndarray[Any, Any]]:
        """(ids, matrix) of all stored vectors of one encoder (or of some documents)."""
        if doc_ids is None:
            rows = self.db.execute(
                "SELECT provision_id, vec FROM vectors WHERE encoder=? ORDER BY provision_id",
                (encoder,)).fetchall()
        else:
            rows = []
            for chunk in _chunks(list(doc_ids), 500):
                marks = ",".join("?" * len(chunk))
                rows += self.db.execute(
                    f"SELECT provision_id, vec FROM vectors WHERE encoder=? AND doc_id IN "
                    f"({marks}) ORDER BY provision_id", (encoder, *chunk)).fetchall()
        ids = [r[0] for r in rows]
        if not rows:
            return ids, np.zeros((0, 0), dtype=dtype)
        matrix = np.vstack([np.frombuffer(r[1], dtype=dtype) for r in rows])
        return ids, matrix

    def encoders(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT DISTINCT encoder FROM vectors")]

    def put_pairs(self, doc_id: str, pairs: Iterable[tuple[str, str, str, float, str]],
                  run_id: int) -> None:
        """Candidate pairs found for one document; advances it to ``compared``."""
        with self.transaction() as db:
            db.executemany(
                "INSERT INTO pairs VALUES(?,?,?,?,?,?) ON CONFLICT(a, b, method) DO UPDATE "
                "SET score=max(score, excluded.score)",
                [(a, b, m, s, model, run_id) for a, b, m, s, model in pairs])
            self.set_stage(db, doc_id, STAGES[2])

    def put_findings(self, doc_id: str, rows: Sequence[tuple[Any, ...]]) -> None:
        """Findings of one document's pairs; advances it to ``detected``."""
        with self.transaction() as db:
            db.executemany("INSERT OR REPLACE INTO findings VALUES(?,?,?,?,?,?,?,?,?)", rows)
            self.set_stage(db, doc_id, STAGES[3])

    def counts(self) -> dict[str, int]:
        tables = ("documents", "provisions", "annotations", "citations", "vectors", "pairs",
                  "findings", "runs")
        return {t: int(self.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0])
                for t in tables}

    def search(self, query: str, limit: int = 20) -> list[tuple[str, float]]:
        """Full-text search, diacritics-insensitive (``thoi han`` finds ``thời hạn``)."""
        words = [w for w in fold(query).replace('"', " ").split() if w]
        if not words:
            return []
        match = " ".join(f'"{w}"' for w in words)
        return [(r[0], float(r[1])) for r in self.db.execute(
            "SELECT id, bm25(provisions_fts) AS s FROM provisions_fts WHERE provisions_fts "
            "MATCH ? ORDER BY s LIMIT ?", (match, limit))]


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]
