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

The same store can live in PostgreSQL for a shared deployment: pass a URL
(``postgresql://user@host:5432/db``) wherever a store path is accepted. The tables, stages
and transactions are the same; the differences are kept in this module. Callers use
``store.db.execute(sql, params)`` with ``?`` placeholders and read rows by index or name on
both: on PostgreSQL ``store.db`` is a small adapter (:class:`PgConnection`) that rewrites the
placeholders and nothing else, so the SQL itself must run on both (an alias for every derived
table, ``SUM(CASE WHEN … THEN 1 ELSE 0 END)`` to count what holds, JSON fields of the
``record`` columns read in Python after ``json.loads``). Full-text search is a
``tsvector`` (``simple`` configuration, no stemming and no stop words) over the same folded
words as FTS5, so both find the same provisions (ranks differ: BM25 on SQLite,
``ts_rank_cd`` on PostgreSQL). Vectors stay float16 ``bytea`` and candidates are still found
with faiss over the stored vectors: pgvector is not packaged by Debian bookworm, and the
faiss index is rebuilt from the store at every run anyway.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, SupportsIndex, overload
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import numpy as np

from ._text import fold
from ._units import Unit
from .errors import LexOverlapError
from .models import Annotations, Document, Provision

if TYPE_CHECKING:
    import psycopg

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

# The PostgreSQL twin of _SCHEMA: same tables, columns in the same order (callers insert
# positionally). Every text column sorts and compares bytewise (COLLATE "C") as in SQLite:
# callers select a provision's descendants with ``id > 'p/' AND id < 'p0'``, which a
# linguistic collation would break. REAL is 4 bytes in PostgreSQL, so scores are DOUBLE
# PRECISION; INTEGER is 4 bytes, so integers are BIGINT.
_PG_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT COLLATE "C" PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs(
    run_id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, started TEXT NOT NULL,
    finished TEXT, status TEXT COLLATE "C" NOT NULL, args TEXT NOT NULL, versions TEXT NOT NULL,
    stats TEXT);
CREATE TABLE IF NOT EXISTS documents(
    doc_id TEXT COLLATE "C" PRIMARY KEY, sha256 TEXT NOT NULL, source TEXT COLLATE "C",
    language TEXT COLLATE "C", title TEXT COLLATE "C", doc_type TEXT COLLATE "C",
    number TEXT COLLATE "C", issuer TEXT COLLATE "C", signed TEXT COLLATE "C",
    effective TEXT COLLATE "C", rank BIGINT, meta TEXT NOT NULL, text TEXT NOT NULL,
    stage TEXT COLLATE "C" NOT NULL, run_id BIGINT);
CREATE TABLE IF NOT EXISTS provisions(
    id TEXT COLLATE "C" PRIMARY KEY,
    doc_id TEXT COLLATE "C" NOT NULL REFERENCES documents ON DELETE CASCADE,
    ord BIGINT NOT NULL, level TEXT COLLATE "C" NOT NULL, number TEXT COLLATE "C",
    heading TEXT COLLATE "C", text TEXT COLLATE "C" NOT NULL, start BIGINT NOT NULL,
    "end" BIGINT NOT NULL, parent TEXT COLLATE "C", quotes TEXT NOT NULL,
    unit BIGINT NOT NULL DEFAULT 0, boilerplate BIGINT NOT NULL DEFAULT 0,
    article_heading TEXT COLLATE "C");
CREATE INDEX IF NOT EXISTS provisions_doc ON provisions(doc_id, ord);
CREATE INDEX IF NOT EXISTS provisions_parent ON provisions(parent);
-- FTS5's stand-in: body holds the folded words separated by spaces (see _words), so the
-- default parser sees exactly FTS5's tokens; seq keeps FTS5's rowid order for match().
CREATE TABLE IF NOT EXISTS provisions_fts(
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id TEXT COLLATE "C" NOT NULL REFERENCES provisions ON DELETE CASCADE,
    doc_id TEXT COLLATE "C" NOT NULL, body TEXT NOT NULL,
    tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED);
CREATE INDEX IF NOT EXISTS provisions_fts_tsv ON provisions_fts USING gin(tsv);
CREATE INDEX IF NOT EXISTS provisions_fts_doc ON provisions_fts(doc_id);
CREATE TABLE IF NOT EXISTS annotations(
    provision_id TEXT COLLATE "C" PRIMARY KEY REFERENCES provisions ON DELETE CASCADE,
    doc_id TEXT COLLATE "C" NOT NULL, record TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS annotations_doc ON annotations(doc_id);
CREATE TABLE IF NOT EXISTS citations(
    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    source TEXT COLLATE "C" NOT NULL REFERENCES provisions ON DELETE CASCADE,
    doc_id TEXT COLLATE "C" NOT NULL, start BIGINT, "end" BIGINT, raw TEXT COLLATE "C",
    kind TEXT COLLATE "C", target_document TEXT COLLATE "C", target TEXT COLLATE "C",
    resolved TEXT COLLATE "C");
CREATE INDEX IF NOT EXISTS citations_source ON citations(source);
CREATE INDEX IF NOT EXISTS citations_resolved ON citations(resolved);
CREATE TABLE IF NOT EXISTS vectors(
    provision_id TEXT COLLATE "C" NOT NULL REFERENCES provisions ON DELETE CASCADE,
    encoder TEXT COLLATE "C" NOT NULL, doc_id TEXT COLLATE "C" NOT NULL, vec BYTEA NOT NULL,
    PRIMARY KEY(provision_id, encoder));
CREATE INDEX IF NOT EXISTS vectors_encoder ON vectors(encoder, doc_id);
CREATE TABLE IF NOT EXISTS pairs(
    a TEXT COLLATE "C" NOT NULL, b TEXT COLLATE "C" NOT NULL, method TEXT COLLATE "C" NOT NULL,
    score DOUBLE PRECISION NOT NULL, model TEXT COLLATE "C" NOT NULL, run_id BIGINT,
    PRIMARY KEY(a, b, method));
CREATE INDEX IF NOT EXISTS pairs_b ON pairs(b);
CREATE TABLE IF NOT EXISTS findings(
    a TEXT COLLATE "C" NOT NULL, b TEXT COLLATE "C" NOT NULL, relation TEXT COLLATE "C" NOT NULL,
    kind TEXT COLLATE "C", score DOUBLE PRECISION, prevails TEXT COLLATE "C",
    record TEXT NOT NULL, versions TEXT NOT NULL, run_id BIGINT, PRIMARY KEY(a, b));
CREATE INDEX IF NOT EXISTS findings_b ON findings(b);
"""

# Every write transaction on PostgreSQL first takes this advisory lock (per database, so per
# store): writers queue one after another as SQLite's BEGIN IMMEDIATE makes them, and two
# runs into one store cannot interleave a document's steps. Readers never wait for it.
_WRITE_LOCK = 0x6C65786F  # "lexo"

# URL schemes that select the PostgreSQL store.
_URL = re.compile(r"^(postgres(?:ql)?):(/*)(.*)$", re.S)
# A URL that went through pathlib.Path lost a slash ("postgresql:/user@host/db") and may have
# been made absolute (pipeline passes str(store.path.resolve()) to remote workers).
_PATH_URL = re.compile(r"^(?:.*/)?(postgres(?:ql)?):/(?!/)(.*)$", re.S)

# One FTS5 token (unicode61 tokenizer): a run of letters and digits.
_WORD = re.compile(r"[^\W_]+")


class StoreError(LexOverlapError):
    """The store cannot be used: not a lexoverlap store, a newer schema, a corrupt file, or a
    PostgreSQL server that cannot be reached (the URL is named without its password)."""

    code = "E400"


def store_url(location: str | os.PathLike[str]) -> str | None:
    """The PostgreSQL URL a store location names, or ``None`` for a SQLite file.

    Accepts the URL also after it went through :class:`pathlib.Path` (which collapses ``//``),
    so every function that takes a store path takes a URL. A URL without a host
    (``postgresql:///db``) does not survive that; write ``postgresql://user@/db?host=/run/pg``
    for a Unix socket.

    Examples
    --------
    >>> from pathlib import Path
    >>> store_url(Path("postgresql://lexo@db.example:5432/laws"))
    'postgresql://lexo@db.example:5432/laws'
    >>> store_url("reports/lexoverlap.db") is None
    True
    """
    text = os.fspath(location)
    m = _URL.match(text)
    if m and m.group(2) == "//":
        return text
    m = _PATH_URL.match(text)
    return f"{m.group(1)}://{m.group(2)}" if m else None


def redact(url: str) -> str:
    """The URL without its password (in the user part or as a ``password=`` parameter).

    Examples
    --------
    >>> redact("postgresql://lexo:s3cret@db:5432/laws?password=x&sslmode=require")
    'postgresql://lexo@db:5432/laws?sslmode=require'
    """
    try:
        parts = urlsplit(url)
        netloc = parts.netloc
        if "@" in netloc:
            user, host = netloc.rsplit("@", 1)
            netloc = f"{user.split(':', 1)[0]}@{host}"
        query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                           if k != "password"])
        return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))
    except ValueError:
        return f"{url.split(':', 1)[0]}://(unparsable URL)"


def _password(url: str) -> str | None:
    import psycopg
    from psycopg.conninfo import conninfo_to_dict

    try:
        password = conninfo_to_dict(url).get("password")
    except psycopg.ProgrammingError:  # unparsable: no password to hide in its messages
        return None
    return str(password) if password else None


def _words(text: str) -> list[str]:
    """The FTS5 tokens of a text, folded (``Thời hạn:`` → ``['thoi', 'han']``)."""
    return _WORD.findall(fold(text))


class Cursor(Protocol):
    """What callers use of a cursor: rows by iteration or fetch, column names."""

    @property
    def description(self) -> Any: ...
    def fetchone(self) -> Any: ...
    def fetchall(self) -> list[Any]: ...
    def __iter__(self) -> Iterator[Any]: ...


class Connection(Protocol):
    """``store.db``: a :class:`sqlite3.Connection` or a :class:`PgConnection`."""

    def execute(self, sql: str, parameters: Sequence[Any] = ..., /) -> Cursor: ...
    def executemany(self, sql: str, seq_of_parameters: Iterable[Sequence[Any]], /) -> Any: ...
    def close(self) -> None: ...


class Row(tuple[Any, ...]):
    """A PostgreSQL row that reads like :class:`sqlite3.Row`: by index, by column name, and
    ``dict(row)``; it compares equal to the tuple of its values."""

    _index: dict[str, int]

    def keys(self) -> list[str]:
        return list(self._index)

    @overload
    def __getitem__(self, key: SupportsIndex | str) -> Any: ...
    @overload
    def __getitem__(self, key: slice) -> tuple[Any, ...]: ...
    def __getitem__(self, key: SupportsIndex | str | slice) -> Any:
        if isinstance(key, str):
            return tuple.__getitem__(self, self._index[key])
        return tuple.__getitem__(self, key)


def _row_factory(cursor: Any) -> Any:
    index = {c.name: i for i, c in enumerate(cursor.description or ())}

    def make(values: Sequence[Any]) -> Row:
        row = Row(values)
        row._index = index
        return row
    return make


_TOKEN = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|--[^\n]*|\w+|\s+|.", re.S)


@lru_cache(maxsize=1024)
def to_postgres(sql: str) -> str:
    """SQL with ``?`` placeholders as psycopg runs it: ``?`` → ``%s`` (not inside quotes or
    comments) and every ``%`` → ``%%``. Nothing else is rewritten: callers write SQL that
    both backends run (an alias for every derived table, no SQLite-only functions).

    Examples
    --------
    >>> to_postgres("SELECT count(*) FROM (SELECT DISTINCT a FROM t WHERE x LIKE '5%?') "
    ...             "AS d WHERE y = ?")
    "SELECT count(*) FROM (SELECT DISTINCT a FROM t WHERE x LIKE '5%%?') AS d WHERE y = %s"
    """
    return "".join("%s" if tok == "?" else tok.replace("%", "%%")
                   for tok in _TOKEN.findall(sql))


class PgConnection:
    """``store.db`` on PostgreSQL: runs the callers' SQL with ``?`` placeholders (see
    :func:`to_postgres`) on one psycopg connection in autocommit mode; rows are
    :class:`Row`. Transactions are explicit, through :meth:`Store.transaction`."""

    def __init__(self, conn: psycopg.Connection[Any]) -> None:
        self.conn = conn

    def execute(self, sql: str, parameters: Sequence[Any] = (), /) -> Cursor:
        return self.conn.execute(to_postgres(sql), tuple(parameters))

    def executemany(self, sql: str, seq_of_parameters: Iterable[Sequence[Any]], /) -> Any:
        cur = self.conn.cursor()
        rows = [tuple(p) for p in seq_of_parameters]
        if rows:
            cur.executemany(to_postgres(sql), rows)
        return cur

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[PgConnection]:
        with self.conn.transaction():
            self.conn.execute("SELECT pg_advisory_xact_lock(%s)", (_WRITE_LOCK,))
            yield self


def _connect(url: str, *, readonly: bool) -> psycopg.Connection[Any]:
    """A psycopg connection to ``url`` (autocommit; read-only sessions for readers). A missing
    database is created for a writer, as SQLite creates a missing file."""
    try:
        import psycopg
        from psycopg.conninfo import conninfo_to_dict, make_conninfo
    except ImportError:
        raise StoreError(f"{redact(url)}: a PostgreSQL store needs psycopg; install "
                         "lexoverlap[postgres]") from None
    options = {"autocommit": True, "connect_timeout": 10, "application_name": "lexoverlap",
               "row_factory": _row_factory}
    if readonly:
        options["options"] = "-c default_transaction_read_only=on"
    try:
        dbname = str(conninfo_to_dict(url).get("dbname") or "")
        try:
            return psycopg.connect(url, **options)  # type: ignore[arg-type]
        except psycopg.OperationalError:
            if readonly or not dbname:
                raise
            # Perhaps only the database is missing: ask the server's maintenance database.
            with psycopg.connect(make_conninfo(url, dbname="postgres"), autocommit=True,
                                 connect_timeout=10) as admin:
                exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                                       (dbname,)).fetchone()
                if exists:
                    raise
                admin.execute(f'CREATE DATABASE "{dbname.replace(chr(34), chr(34) * 2)}" '
                              "ENCODING 'UTF8' TEMPLATE template0")
            return psycopg.connect(url, **options)  # type: ignore[arg-type]
    except psycopg.Error as exc:
        message = " ".join(str(exc).split())
        password = _password(url)
        if password:
            message = message.replace(password, "***")
        raise StoreError(f"{redact(url)}: cannot use this PostgreSQL database ({message})"
                         ) from None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Store:
    """One store: a SQLite file, or a PostgreSQL database when ``location`` is a
    ``postgresql://`` URL (see the module doc). Use as a context manager; every write method
    is one transaction.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with Store(pathlib.Path(tempfile.mkdtemp()) / "s.db") as s:
    ...     s.counts()["documents"]
    0
    """

    db: Connection

    def __init__(self, location: Path | str, *, readonly: bool = False) -> None:
        self.path = Path(location)
        self.readonly = readonly
        #: The PostgreSQL URL (with its password), or ``None`` for a SQLite store.
        self.url = store_url(location)
        #: How messages name the store: the file, or the URL without its password.
        self.name = redact(self.url) if self.url else str(self.path)
        self._pg: PgConnection | None = None
        if self.url:
            self._open_postgres(self.url)
            return
        if readonly:
            if not self.path.exists():
                raise StoreError(f"{self.path}: no such store")
            uri = f"file:{self.path.resolve()}?mode=ro"
            db = sqlite3.connect(uri, uri=True, timeout=60, check_same_thread=False)
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=60, isolation_level=None,
                                 check_same_thread=False)
        db.row_factory = sqlite3.Row
        self.db = db
        try:
            db.execute("PRAGMA busy_timeout = 60000")
            db.execute("PRAGMA foreign_keys = ON")
            if not readonly:
                db.execute("PRAGMA journal_mode = WAL")
                db.execute("PRAGMA synchronous = NORMAL")
                db.executescript(_SCHEMA)
                self._check_version()
        except sqlite3.DatabaseError as exc:
            db.close()
            raise StoreError(f"{self.path}: not a usable lexoverlap store ({exc})") from None

    def _open_postgres(self, url: str) -> None:
        import psycopg

        self.db = self._pg = PgConnection(_connect(url, readonly=self.readonly))
        try:
            encoding = self._pg.conn.execute("SHOW server_encoding").fetchone()
            if encoding is None or encoding[0] != "UTF8":
                raise StoreError(f"{self.name}: the database encoding is "
                                 f"{encoding[0] if encoding else '?'}; a lexoverlap store "
                                 "needs UTF8 (CREATE DATABASE … ENCODING 'UTF8')")
            if self.readonly:
                known = self._pg.conn.execute("SELECT to_regclass('meta')").fetchone()
                if known is None or known[0] is None:
                    raise StoreError(f"{self.name}: not a lexoverlap store (no meta table); "
                                     "run `lexoverlap analyze PATHS --store URL` first")
                self._check_version()
            else:
                with self._pg.transaction():
                    self._pg.conn.execute(_PG_SCHEMA)
                    self._check_version()
        except psycopg.Error as exc:
            self.close()
            raise StoreError(f"{self.name}: not a usable lexoverlap store "
                             f"({' '.join(str(exc).split())})") from None
        except StoreError:
            self.close()
            raise

    def _check_version(self) -> None:
        row = self.db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
        if row is None:
            if self.readonly:
                raise StoreError(f"{self.name}: not a lexoverlap store (no schema version)")
            self.db.execute("INSERT INTO meta VALUES('schema', ?)", (str(SCHEMA_VERSION),))
        elif int(row[0]) > SCHEMA_VERSION:
            raise StoreError(f"{self.name}: schema {row[0]} is newer than this lexoverlap "
                             f"({SCHEMA_VERSION}); upgrade lexoverlap")

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One write transaction: SQLite ``BEGIN IMMEDIATE`` … ``COMMIT``; on PostgreSQL
        ``BEGIN`` and the store's write lock. Rolled back on any exception."""
        if self._pg is not None:
            with self._pg.transaction() as pg:
                yield pg
            return
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
                             "VALUES(?, 'running', ?, ?) RETURNING run_id",
                             (_now(), json.dumps(args, ensure_ascii=False),
                              json.dumps(versions)))
            row = cur.fetchone()
        return int(row[0])

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
            # PostgreSQL indexes the folded words (see _PG_SCHEMA), FTS5 tokenizes itself.
            body = fold if self._pg is None else (lambda t: " ".join(_words(t)))
            db.executemany("INSERT INTO provisions_fts(id, doc_id, body) VALUES(?,?,?)",
                           [(p.id, p.doc_id, body(p.text)) for p in provisions
                            if p.level not in ("part", "chapter", "section", "subsection")])
            self._put_annotations(db, doc.doc_id, annotations)

    def _put_annotations(self, db: Connection, doc_id: str,
                         annotations: Iterable[Annotations]) -> None:
        ann_rows, cit_rows = [], []
        for a in annotations:
            if not (a.norms or a.quantities or a.definitions or a.citations):
                continue
            ann_rows.append((a.provision, doc_id,
                             json.dumps(a.to_record(), ensure_ascii=False)))
            for c in a.citations:
                for t in c.targets:
                    path = {k: v for k, v in (("part", t.part), ("chapter", t.chapter),
                                              ("section", t.section),
                                              ("article", t.article),
                                              ("clause", t.clause), ("point", t.point),
                                              ("appendix", t.appendix)) if v}
                    cit_rows.append((c.source, doc_id, c.start, c.end, c.raw, c.kind,
                                     t.document, json.dumps(path), t.resolved))
        db.executemany("INSERT INTO annotations VALUES(?,?,?)", ann_rows)
        db.executemany('INSERT INTO citations(source, doc_id, start, "end", raw, kind, '
                       'target_document, target, resolved) VALUES(?,?,?,?,?,?,?,?,?)',
                       cit_rows)

    def replace_annotations(self, doc_id: str, annotations: Iterable[Annotations]) -> None:
        """Annotate a stored document again (rules changed, or a cited document arrived):
        its annotations and citations are replaced, and the findings of its pairs, made from
        the old ones, are deleted so that the detect stage judges those pairs again."""
        lo, hi = doc_id + "/", doc_id + "0"
        with self.transaction() as db:
            db.execute("DELETE FROM annotations WHERE doc_id=?", (doc_id,))
            db.execute("DELETE FROM citations WHERE doc_id=?", (doc_id,))
            self._put_annotations(db, doc_id, annotations)
            db.execute("DELETE FROM findings WHERE (a > ? AND a < ?) OR (b > ? AND b < ?)",
                       (lo, hi, lo, hi))
            db.execute("UPDATE documents SET stage=? WHERE doc_id=? AND stage=?",
                       (STAGES[2], doc_id, STAGES[3]))

    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction() as db:
            db.execute("INSERT INTO meta VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET "
                       "value=excluded.value", (key, value))

    def _delete(self, db: Connection, doc_id: str) -> None:
        ids = [r[0] for r in db.execute("SELECT id FROM provisions WHERE doc_id=?", (doc_id,))]
        if not ids:
            db.execute("DELETE FROM documents WHERE doc_id=?", (doc_id,))
            return
        db.execute("DELETE FROM provisions_fts WHERE doc_id=?", (doc_id,))
        # Ids under the document: doc/… sorts between "doc/" and "doc0" (bytewise).
        lo, hi = doc_id + "/", doc_id + "0"
        for table in ("pairs", "findings"):
            db.execute(f"DELETE FROM {table} WHERE (a > ? AND a < ?) OR (b > ? AND b < ?)",
                       (lo, hi, lo, hi))
        db.execute("DELETE FROM documents WHERE doc_id=?", (doc_id,))  # cascades

    def delete_document(self, doc_id: str) -> None:
        """Remove a document and everything derived from it."""
        with self.transaction() as db:
            self._delete(db, doc_id)

    def set_stage(self, db: Connection, doc_id: str, stage: str) -> None:
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
        keep_best = "max" if self._pg is None else "greatest"
        with self.transaction() as db:
            db.executemany(
                "INSERT INTO pairs VALUES(?,?,?,?,?,?) ON CONFLICT(a, b, method) DO UPDATE "
                f"SET score={keep_best}(pairs.score, excluded.score)",
                [(a, b, m, s, model, run_id) for a, b, m, s, model in pairs])
            self.set_stage(db, doc_id, STAGES[2])

    def put_findings(self, doc_id: str, rows: Sequence[tuple[Any, ...]]) -> None:
        """Findings of one document's pairs; advances it to ``detected``."""
        with self.transaction() as db:
            db.executemany(
                "INSERT INTO findings VALUES(?,?,?,?,?,?,?,?,?) ON CONFLICT(a, b) DO UPDATE SET "
                "relation=excluded.relation, kind=excluded.kind, score=excluded.score, "
                "prevails=excluded.prevails, record=excluded.record, "
                "versions=excluded.versions, run_id=excluded.run_id", rows)
            self.set_stage(db, doc_id, STAGES[3])

    def counts(self) -> dict[str, int]:
        tables = ("documents", "provisions", "annotations", "citations", "vectors", "pairs",
                  "findings", "runs")
        return {t: int(self.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0])
                for t in tables}

    def search(self, query: str, limit: int = 20) -> list[tuple[str, float]]:
        """Full-text search, diacritics-insensitive (``thoi han`` finds ``thời hạn``): the
        provisions holding every word of ``query`` as (id, score), best first. The score is
        the backend's rank, lower is better: BM25 (negated, as FTS5 gives it) on SQLite,
        ``-ts_rank_cd`` on PostgreSQL."""
        phrases = [w for w in (_words(x) for x in query.replace('"', " ").split()) if w]
        if not phrases:
            return []
        if self._pg is None:
            match = " ".join('"' + " ".join(w) + '"' for w in phrases)
            return [(r[0], float(r[1])) for r in self.db.execute(
                "SELECT id, bm25(provisions_fts) AS s FROM provisions_fts WHERE provisions_fts "
                "MATCH ? ORDER BY s LIMIT ?", (match, limit))]
        return [(r[0], float(r[1])) for r in self.db.execute(
            "SELECT id, -ts_rank_cd(tsv, q) AS s FROM provisions_fts, "
            "to_tsquery('simple', ?) q WHERE tsv @@ q ORDER BY s, seq LIMIT ?",
            (_tsquery(phrases), limit))]

    def match(self, phrase: str) -> list[tuple[str, str]]:
        """(provision id, document id) of every provision whose text holds the words of
        ``phrase`` in a row, diacritics-insensitive, in the order they were stored.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> with Store(pathlib.Path(tempfile.mkdtemp()) / "s.db") as s:
        ...     s.match("thì áp dụng")
        []
        """
        words = _words(phrase)
        if not words:
            return []
        if self._pg is None:
            return [(r[0], r[1]) for r in self.db.execute(
                "SELECT id, doc_id FROM provisions_fts WHERE provisions_fts MATCH ? "
                "ORDER BY rowid", ('"' + " ".join(words) + '"',))]
        return [(r[0], r[1]) for r in self.db.execute(
            "SELECT id, doc_id FROM provisions_fts WHERE tsv @@ to_tsquery('simple', ?) "
            "ORDER BY seq", (_tsquery([words]),))]

    def integrity(self) -> list[str]:
        """What is wrong with the store, one line per problem; empty when it is sound.

        Checks the database itself (SQLite's ``integrity_check`` and foreign keys; the
        PostgreSQL server enforces its foreign keys), that every document is at a known
        stage, and that the full-text index covers exactly the indexed provisions.
        """
        problems: list[str] = []
        if self._pg is None:
            problems += [f"sqlite: {r[0]}" for r in self.db.execute("PRAGMA integrity_check")
                         if r[0] != "ok"]
            problems += [f"foreign key: {r[0]} row {r[1]} → {r[2]}"
                         for r in self.db.execute("PRAGMA foreign_key_check")]
        marks = ",".join("?" * len(STAGES))
        problems += [f"document {r[0]}: unknown stage {r[1]!r}" for r in self.db.execute(
            f"SELECT doc_id, stage FROM documents WHERE stage NOT IN ({marks})", STAGES)]
        structure = ("part", "chapter", "section", "subsection")
        marks = ",".join("?" * len(structure))
        problems += [f"provision {r[0]}: not in the full-text index" for r in self.db.execute(
            f"SELECT id FROM provisions WHERE level NOT IN ({marks}) AND id NOT IN "
            "(SELECT id FROM provisions_fts)", structure)]
        problems += [f"full-text row {r[0]}: no such provision" for r in self.db.execute(
            "SELECT id FROM provisions_fts WHERE id NOT IN (SELECT id FROM provisions)")]
        return problems


def _tsquery(phrases: Sequence[Sequence[str]]) -> str:
    """A ``to_tsquery`` text: the words of each phrase in a row, every phrase required.

    >>> _tsquery([["thoi", "han"], ["dieu"]])
    "('thoi' <-> 'han') & ('dieu')"
    """
    return " & ".join("(" + " <-> ".join(f"'{w}'" for w in p) + ")" for p in phrases)

def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]
