"""The PostgreSQL store: the same run as the SQLite store gives the same tables.

Needs a server: set ``LEXOVERLAP_TEST_PG`` to a URL whose user may create databases, e.g.
``postgresql://postgres@127.0.0.1:55432/postgres`` (``.ci/run`` starts a throwaway cluster and
sets it). The tests create one database for the session and drop it at the end; without the
variable, or with the server unreachable, they skip and say why.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest

import lexoverlap
from lexoverlap.pipeline import analyze
from lexoverlap.query import Reader
from lexoverlap.report import write_report
from lexoverlap.store import Store, StoreError, redact, store_url

from .conftest import SAMPLE

ENV = "LEXOVERLAP_TEST_PG"


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """URL of a fresh database on the test server, dropped after the session."""
    server = os.environ.get(ENV)
    if not server:
        pytest.skip(f"{ENV} is not set (a PostgreSQL URL such as "
                    "postgresql://postgres@127.0.0.1:55432/postgres; .ci/run starts one)")
    psycopg = pytest.importorskip("psycopg", reason="psycopg is not installed "
                                  "(pip install -e '.[postgres]')")
    try:
        admin = psycopg.connect(server, autocommit=True, connect_timeout=5)
    except psycopg.Error as exc:
        pytest.skip(f"PostgreSQL at {redact(server)} is unreachable "
                    f"({' '.join(str(exc).split())})")
    name = f"lexoverlap_test_{uuid.uuid4().hex[:12]}"
    admin.execute(f"CREATE DATABASE {name} ENCODING 'UTF8' TEMPLATE template0")
    try:
        yield urlunsplit(urlsplit(server)._replace(path="/" + name))
    finally:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.close()


@pytest.fixture(scope="session")
def pg_store(pg_database: str, sample_store: Path) -> str:
    """The sample corpus analysed into PostgreSQL (as ``sample_store`` is into SQLite)."""
    started = time.perf_counter()
    result = analyze([SAMPLE], pg_database)
    seconds = time.perf_counter() - started
    print(f"\nanalyze sample → PostgreSQL: {seconds:.1f} s {result.stats['seconds']}")
    return pg_database


def _tables(store: Path | str) -> dict[str, list[tuple[Any, ...]]]:
    """Everything a run derives from the corpus, comparable across backends (no run ids or
    timestamps; citations in insertion order)."""
    queries = {
        "documents": "SELECT doc_id, sha256, source, language, title, doc_type, number, issuer, "
                     "signed, effective, rank, meta, text, stage FROM documents ORDER BY doc_id",
        "provisions": 'SELECT id, doc_id, ord, level, number, heading, text, start, "end", '
                      "parent, quotes, unit, boilerplate, article_heading FROM provisions "
                      "ORDER BY id",
        "annotations": "SELECT provision_id, doc_id, record FROM annotations "
                       "ORDER BY provision_id",
        "citations": 'SELECT source, doc_id, start, "end", raw, kind, target_document, target, '
                     "resolved FROM citations ORDER BY id",
        "vectors": "SELECT provision_id, encoder, doc_id, vec FROM vectors ORDER BY 1, 2",
        "pairs": "SELECT a, b, method, score, model FROM pairs ORDER BY a, b, method",
        "findings": "SELECT a, b, relation, kind, score, prevails, record, versions "
                    "FROM findings ORDER BY a, b",
        "fts": "SELECT id, doc_id FROM provisions_fts ORDER BY id",
    }
    with Store(store, readonly=True) as s:
        return {name: [tuple(r) for r in s.db.execute(sql)] for name, sql in queries.items()}


def test_postgres_holds_what_sqlite_holds(pg_store: str, sample_store: Path) -> None:
    pg, lite = _tables(pg_store), _tables(sample_store)
    assert len(pg["documents"]) == 11 and len(pg["findings"]) > 0 and len(pg["pairs"]) > 0
    for table, rows in lite.items():
        assert pg[table] == rows, table
    with Store(pg_store, readonly=True) as s:
        assert {stage for _, stage in s.stored().values()} == {"detected"}
        assert s.integrity() == []
        assert s.counts() == {**Store(sample_store, readonly=True).counts(),
                              "runs": s.counts()["runs"]}
        # Detection's priority clauses come from the full-text index on both.
        assert s.match("thì áp dụng") == Store(sample_store, readonly=True).match("thi ap dung")
    with Store(sample_store, readonly=True) as s:
        assert s.integrity() == []


def test_a_rerun_does_no_work(pg_store: str) -> None:
    before = _tables(pg_store)
    again = analyze([SAMPLE], pg_store)
    assert again.stats["new_documents"] == 0 and again.stats["embedded_documents"] == 0
    assert again.stats["new_pairs"] == 0 and again.stats["new_findings"] == 0
    assert _tables(pg_store) == before


def test_search_ignores_diacritics(pg_store: str, sample_store: Path) -> None:
    with Store(pg_store, readonly=True) as s, Store(sample_store, readonly=True) as lite:
        hits = s.search("thoi han")
        assert hits
        text = s.db.execute("SELECT text FROM provisions WHERE id=?", (hits[0][0],)).fetchone()
        assert "thời hạn" in text["text"].lower()
        assert s.search("Điều") == s.search("dieu")
        for query in ("thoi han", "Điều", "cung cấp dữ liệu", "15 ngay lam viec",
                      "data subject", "khong co tu nay"):
            assert {i for i, _ in s.search(query, 500)} == \
                {i for i, _ in lite.search(query, 500)}, query


def test_load_reader_and_report_read_a_url(pg_store: str, sample_store: Path,
                                           tmp_path: Path) -> None:
    frames, lite = lexoverlap.load(pg_store), lexoverlap.load(sample_store)
    assert set(frames.documents.language) == {"vi", "en"}
    for name in ("documents", "provisions", "norms", "quantities", "citations", "findings"):
        # Some frames are read without ORDER BY: row order is the backend's.
        a, b = (getattr(f, name).drop(columns=["run_id"], errors="ignore") for f in (frames, lite))
        a, b = (x.sort_values(list(x.columns)).reset_index(drop=True) for x in (a, b))
        assert a.equals(b), name
    draft = "Cơ quan nhà nước cung cấp dữ liệu trong thời hạn 45 ngày làm việc."
    with Reader(pg_store) as r, Reader(sample_store) as r2:
        assert r.documents == r2.documents
        found = [(m.provision, m.relation) for _, m in r.draft(draft).matches]
        assert found and found == [(m.provision, m.relation) for _, m in r2.draft(draft).matches]
        assert r.neighbourhood(found[0][0]) == r2.neighbourhood(found[0][0])
    # The review report (its SQL is written to run on both backends) writes the same tables.
    write_report(pg_store, tmp_path / "pg")
    write_report(sample_store, tmp_path / "lite")
    tables = sorted(p.name for p in (tmp_path / "lite" / "tables").glob("*.csv"))
    assert tables
    for name in tables:
        assert (tmp_path / "pg" / "tables" / name).read_bytes() == \
            (tmp_path / "lite" / "tables" / name).read_bytes(), name


def test_readonly_refuses_writes(pg_store: str) -> None:
    import psycopg

    with Store(pg_store, readonly=True) as s, pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
        s.db.execute("DELETE FROM runs")


def test_a_bad_url_is_a_store_error_without_the_password(pg_database: str) -> None:
    parts = urlsplit(pg_database)
    with_password = parts._replace(netloc=f"{parts.username}:hunter2@{parts.hostname}:1")
    with pytest.raises(StoreError, match=r"127\.0\.0\.1:1|:1/") as refused:
        Store(urlunsplit(with_password))
    assert "hunter2" not in str(refused.value) and refused.value.code == "E400"
    with pytest.raises(StoreError, match="invalid integer value"):
        Store(pg_database.replace(f":{parts.port}/", ":notaport/"))
    missing = urlunsplit(parts._replace(path="/lexoverlap_no_such_db"))
    with pytest.raises(StoreError, match="lexoverlap_no_such_db"):
        Store(missing, readonly=True)
    with pytest.raises(StoreError, match="not a lexoverlap store"):
        Store(urlunsplit(parts._replace(path="/postgres")), readonly=True)


def test_a_url_survives_pathlib() -> None:
    """report, query and serve pass the store through Path(), which collapses "//"."""
    url = "postgresql://lexo@db.example:5432/laws?sslmode=require"
    assert store_url(Path(url)) == url
    assert store_url(Path(url).resolve()) == url  # what pipeline hands remote workers
    assert store_url("postgresql://lexo@/laws?host=/run/pg") == "postgresql://lexo@/laws?host=/run/pg"
    assert store_url(Path("postgresql://lexo@/laws?host=/run/pg")) == \
        "postgresql://lexo@/laws?host=/run/pg"
    assert store_url(Path("reports/lexoverlap.db")) is None
