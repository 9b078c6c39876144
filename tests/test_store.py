"""The embedded store and ``analyze`` end to end: incremental, resumable, readable while
written, loadable as DataFrames."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

import lexoverlap
from lexoverlap.pipeline import analyze
from lexoverlap.store import Store, StoreError

from .conftest import SAMPLE
from .helpers import planted_pairs

pytestmark = pytest.mark.usefixtures("sample_encoder")


def _copy_sample(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    shutil.copytree(SAMPLE, corpus, ignore=shutil.ignore_patterns("*.jsonl", "README.md"))
    return corpus


def _snapshot(path: Path) -> dict[str, object]:
    """Everything a run produces, in a comparable form (no timestamps or run ids)."""
    with Store(path, readonly=True) as s:
        db = s.db
        return {
            "documents": db.execute("SELECT doc_id, sha256, stage FROM documents "
                                    "ORDER BY doc_id").fetchall(),
            "provisions": db.execute("SELECT id, text FROM provisions ORDER BY id").fetchall(),
            "annotations": db.execute("SELECT provision_id, record FROM annotations "
                                      "ORDER BY provision_id").fetchall(),
            "vectors": db.execute("SELECT provision_id, encoder, vec FROM vectors "
                                  "ORDER BY 1, 2").fetchall(),
            "pairs": db.execute("SELECT a, b, method, round(score, 4) FROM pairs "
                                "ORDER BY 1, 2, 3").fetchall(),
            "fts": db.execute("SELECT count(*) FROM provisions_fts").fetchone()[0],
        }


def _planted_ids(store: Path) -> list[tuple[str, str, str]]:
    """(a, b, relation) of the planted relations across documents, as provision ids.
    Pairs inside one document are not candidates by default (--within-document)."""
    return [(a, b, rel) for a, b, rel, _ in planted_pairs(store, SAMPLE)
            if a.split("/", 1)[0] != b.split("/", 1)[0]]


def test_every_document_reaches_the_last_stage(sample_store: Path) -> None:
    with Store(sample_store, readonly=True) as s:
        stages = {stage for _, stage in s.stored().values()}
        counts = s.counts()
    assert stages == {"detected"}
    assert counts["documents"] == 11 and counts["provisions"] > 300
    assert counts["vectors"] > 2 * 150 and counts["pairs"] > 0
    frames = lexoverlap.load(sample_store)
    assert set(frames.documents.language) == {"vi", "en"}
    assert frames.norms.modality.isin(["obligation", "prohibition", "permission"]).all()
    run = json.loads(frames.runs.versions.iloc[-1])
    assert run["rules"].startswith("annotate.")


def test_planted_relations_are_among_the_candidates(sample_store: Path) -> None:
    """Embeddings + MinHash must surface the planted pairs for detection to judge."""
    frames = lexoverlap.load(sample_store)
    pairs = set(zip(frames.pairs.a, frames.pairs.b, strict=True))

    def found(a: str, b: str) -> bool:
        def near(x: str, y: str) -> bool:  # same provision, or one inside the other
            return x == y or x.startswith(y + "/") or y.startswith(x + "/")
        return any((near(a, x) and near(b, y)) or (near(a, y) and near(b, x)) for x, y in pairs)

    planted = [(a, b, rel) for a, b, rel in _planted_ids(sample_store) if rel != "related"]
    hits = [found(a, b) for a, b, _ in planted]
    recall = sum(hits) / len(hits)
    missed = [p for p, h in zip(planted, hits, strict=True) if not h]
    assert recall >= 0.8, missed
    # Boilerplate never pairs: entry-into-force clauses are not indexed.
    boiler = set(frames.provisions[frames.provisions.boilerplate == 1].id)
    assert not boiler & (set(frames.pairs.a) | set(frames.pairs.b))


def test_duplicates_found_by_minhash(sample_store: Path) -> None:
    frames = lexoverlap.load(sample_store)
    minhash = frames.pairs[frames.pairs.method == "minhash"]
    assert len(minhash) > 0 and (minhash.score >= 0.6).all()
    assert all(a.split("/")[0] != b.split("/")[0] for a, b in zip(minhash.a, minhash.b,
                                                                    strict=True))


def test_rerun_does_no_work_and_adding_a_document_only_processes_it(tmp_path: Path) -> None:
    corpus = _copy_sample(tmp_path)
    extra = corpus / "vi" / "quyet-dinh-ubnd-tinh-2025.txt"
    extra.rename(tmp_path / "later.txt")
    store = tmp_path / "s.db"
    first = analyze([corpus], store)
    assert first.stats["new_documents"] == 10
    before = _snapshot(store)
    again = analyze([corpus], store)
    assert again.stats["new_documents"] == 0 and again.stats["embedded_documents"] == 0
    assert _snapshot(store) == before
    (tmp_path / "later.txt").rename(extra)
    third = analyze([corpus], store)
    assert third.stats["new_documents"] == 1 and third.stats["embedded_documents"] == 1
    # A changed file replaces its document and what was derived from it.
    law = corpus / "vi" / "luat-du-lieu-so-cong-2024.txt"
    law.write_text(law.read_text("utf-8").replace("15 ngày làm việc", "20 ngày làm việc"),
                   encoding="utf-8")
    fourth = analyze([corpus], store)
    assert fourth.stats["new_documents"] == 1
    with Store(store, readonly=True) as s:
        text = s.db.execute("SELECT group_concat(text) FROM provisions WHERE doc_id = "
                            "(SELECT doc_id FROM documents WHERE source LIKE '%du-lieu-so%')"
                            ).fetchone()[0]
    assert "20 ngày làm việc" in text and "15 ngày làm việc" not in text


def test_findings_of_an_older_detector_are_judged_again(tmp_path: Path,
                                                       sample_store: Path) -> None:
    store = tmp_path / "old.db"
    shutil.copy(sample_store, store)
    with sqlite3.connect(store) as db:
        expected = db.execute("SELECT a, b, relation, kind, versions FROM findings "
                              "ORDER BY 1, 2").fetchall()
        # As if part of the store had been detected by older rules, with other verdicts.
        db.execute("UPDATE findings SET relation = 'unrelated', versions = 'detect.v0' "
                   "WHERE rowid % 2 = 0")
        stale = db.execute("SELECT COUNT(*) FROM findings WHERE versions = 'detect.v0'"
                           ).fetchone()[0]
    assert stale > 0
    again = analyze([SAMPLE], store)
    assert again.stats["new_documents"] == 0 and again.stats["new_findings"] == stale
    with sqlite3.connect(store) as db:
        assert db.execute("SELECT a, b, relation, kind, versions FROM findings "
                          "ORDER BY 1, 2").fetchall() == expected
        assert {r[0] for r in db.execute("SELECT stage FROM documents")} == {"detected"}


def test_a_killed_run_resumes_to_the_same_store(tmp_path: Path) -> None:
    corpus = _copy_sample(tmp_path)
    clean = tmp_path / "clean.db"
    analyze([corpus], clean)
    expected = _snapshot(clean)
    cmd = [sys.executable, "-m", "lexoverlap.cli", "analyze", str(corpus), "--store",
           str(tmp_path / "killed.db"), "--out", str(tmp_path / "rep"), "--quiet"]
    env = {**os.environ}
    for delay in (2.0, 4.0, 6.0, 8.0):
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        with sqlite3.connect(tmp_path / "killed.db") as db:
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert _snapshot(tmp_path / "killed.db") == expected


def test_readers_work_while_a_run_writes(tmp_path: Path, sample_store: Path) -> None:
    corpus = _copy_sample(tmp_path)
    store = tmp_path / "live.db"
    Store(store).close()
    cmd = [sys.executable, "-m", "lexoverlap.cli", "analyze", str(corpus), "--store",
           str(store), "--out", str(tmp_path / "rep"), "--quiet"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    reads = 0
    while proc.poll() is None:
        with Store(store, readonly=True) as s:
            s.counts()
            s.search("thoi han")
        with Store(store, readonly=True) as s2:
            s2.db.execute("SELECT count(*) FROM pairs").fetchone()
        reads += 1
        time.sleep(0.05)
    assert proc.returncode == 0, proc.stderr.read() if proc.stderr else ""
    assert reads > 10


def test_full_text_search_ignores_diacritics(sample_store: Path) -> None:
    with Store(sample_store, readonly=True) as s:
        hits = s.search("thoi han cung cap du lieu")
        assert hits
        text = s.db.execute("SELECT text FROM provisions WHERE id=?", (hits[0][0],)).fetchone()[0]
        assert "thời hạn" in text.lower() or "Thời hạn" in text
        assert s.search("Điều") == s.search("dieu")


def test_a_bad_file_fails_alone_and_a_bad_store_is_named(tmp_path: Path) -> None:
    corpus = _copy_sample(tmp_path)
    (corpus / "vi" / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    result = analyze([corpus], tmp_path / "s.db")
    assert [Path(f.path).name for f in result.failures] == ["broken.pdf"]
    assert result.stats["store"]["documents"] == 11
    bogus = tmp_path / "bogus.db"
    bogus.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match=r"bogus\.db"):
        Store(bogus)


def test_documents_never_in_force_together_make_a_version_change(tmp_path: Path) -> None:
    """A law succeeded (same title, later) or repealed as a whole by a third document is no
    longer in force when a later document takes effect: their conflicts are version changes.
    A repeal of some articles or words of a law does not end it."""
    from lexoverlap._findings import _Corpus, never_together

    def never(a: str, b: str) -> tuple[str, str] | None:
        return never_together(a, b, corpus.ended, corpus.meta)

    store = Store(tmp_path / "s.db")
    docs = [  # (doc id, title, signed, effective)
        ("old", "Luật Thử nghiệm", "2010-06-01", "2011-01-01"),
        ("new", "Luật Thử nghiệm", "2020-06-01", "2021-01-01"),
        ("other", "Luật Kiểm định", "2022-06-01", "2023-01-01"),
        ("early", "Luật Kiểm định mẫu", "2009-06-01", "2010-01-01"),
        ("base", "Luật Đo lường", "2012-06-01", "2013-01-01"),
        ("part", "Luật Đo lường chuyên ngành", "2024-06-01", "2025-01-01"),
        ("amender", "Luật Phí", "2015-06-01", "2016-01-01"),
    ]
    for doc_id, title, signed, effective in docs:
        store.db.execute("INSERT INTO documents(doc_id, sha256, title, doc_type, signed, "
                         "effective, meta, text, stage) VALUES (?, '', ?, 'Luật', ?, ?, '{}', "
                         "'', 'detected')", (doc_id, title, signed, effective))
    end_early = ("Luật Kiểm định mẫu số 1/2009/QH12 đã được sửa đổi, bổ sung một số điều theo Luật "
                 "số 5/2015/QH13 hết hiệu lực kể từ ngày Luật này có hiệu lực.")
    part_base = "Bãi bỏ Điều 5 của Luật Đo lường số 2/2012/QH13."
    for pid, doc, text, raw in (("other/art9", "other", end_early, "Luật Kiểm định mẫu số "
                                 "1/2009/QH12"), ("part/art9", "part", part_base,
                                                  "Luật Đo lường số 2/2012/QH13")):
        store.db.execute("INSERT INTO provisions(id, doc_id, ord, level, text, start, \"end\", "
                         "quotes) VALUES (?, ?, 1, 'article', ?, 0, ?, '[]')",
                         (pid, doc, text, len(text)))
        at = text.index(raw)
        store.db.execute("INSERT INTO citations(source, doc_id, start, \"end\", raw, kind, "
                         "resolved) VALUES (?, ?, ?, ?, ?, 'repeals', ?)",
                         (pid, doc, at, at + len(raw), raw, "early" if doc == "other" else "base"))
    # The amending law, cited by its number alone inside the sentence (typed "refers"), goes on.
    at = end_early.index("Luật số 5/2015")
    store.db.execute("INSERT INTO citations(source, doc_id, start, \"end\", raw, kind, resolved) "
                     "VALUES ('other/art9', 'other', ?, ?, 'Luật số 5/2015/QH13', 'refers', "
                     "'amender')", (at, at + len("Luật số 5/2015/QH13")))
    corpus = _Corpus(store)
    assert set(corpus.ended) == {"old", "early"}
    gone = never("old", "other")  # old ended 2021, other began 2023
    assert gone is not None and gone[0] == "old" and "succeeded by new" in gone[1]
    assert never("early", "new") is None  # early ended 2023, new began 2021
    assert never("part", "early") is not None  # part began 2025
    assert never("new", "other") is None
    assert never("base", "part") is None  # only an article was repealed
    # Versions of one another: succeeded or ended as a whole by (not: changed in part by).
    assert corpus.lineage == {"old": {"new"}, "new": {"old"}, "early": {"other"},
                              "other": {"early"}}
    # An expiry date in the metadata (a sidecar's, for a law lapsed by an act outside the
    # corpus) ends the document too.
    store.db.execute("UPDATE documents SET meta='{\"expiry\": \"2014-06-30\"}' WHERE "
                     "doc_id='base'")
    corpus = _Corpus(store)
    gone = never("base", "part")  # base expired 2014, part began 2025
    assert gone is not None and gone[0] == "base" and "expired (on 2014-06-30)" in gone[1]
    assert never("base", "old") is None  # both in force 2013–2014
    store.close()


def test_an_express_change_ends_what_it_changes_not_the_whole_law() -> None:
    """An amending law rewrites some clauses of the law it amends; the rest of that law stays
    in force beside it (the Public-Private Partnership Law of 2020 and the Procurement Law of
    2013): only the changed provisions — and what contains them or lies inside them — are
    version changes. A law replaced as a whole is ended whole, and no law changes one signed
    after it (a title resolved to a later version). Written for the test; the labelled pairs
    (``eval pairs``, "never in force together") are the measurement."""
    from datetime import date

    from lexoverlap._findings import changes, express_change

    meta = {d: {"rank": 3, "signed": date(year, 6, 1)} for d, year in (
        ("bidding", 2013), ("ppp", 2020), ("press89", 1989), ("press", 2016), ("soe", 2003))}
    lead = "Sửa đổi, bổ sung một số điều của Luật Đấu thầu số 43/2013/QH13 như sau:"
    amend = "1. Sửa đổi, bổ sung khoản 3 Điều 1 như sau:"
    repeal = "8. Bãi bỏ Điều 68."
    replace = "2. Luật này thay thế Luật Báo chí số 29-LCT/HĐNN8."
    soe = "2. Luật này thay thế Luật doanh nghiệp nhà nước năm 1995."

    def row(doc: str, kind: str, target: str, text: str, raw: str) -> tuple[Any, ...]:
        at = text.index(raw)
        return (doc, kind, target, 100 + at, 100 + at + len(raw), text, 100)

    found = changes([
        row("ppp", "amends", "bidding", lead, "Luật Đấu thầu số 43/2013/QH13"),
        row("ppp", "amends", "bidding/art1/cl3", amend, "khoản 3 Điều 1"),
        row("ppp", "repeals", "bidding/art68", repeal, "Điều 68"),
        row("press", "replaces", "press89", replace, "Luật Báo chí số 29-LCT/HĐNN8"),
        row("soe", "replaces", "press", soe, "Luật doanh nghiệp"),  # resolved years too late
    ], meta)
    by = express_change("ppp/art99/cl1/pt_a", "bidding/art1/cl3", found)
    assert by is not None and by[0] == "ppp" and "amends bidding/art1/cl3" in by[1]
    assert express_change("bidding/art1", "ppp/art5", found) is not None  # holds the clause
    assert express_change("bidding/art1/cl3/pt_b", "ppp/art5", found) is not None  # inside it
    assert express_change("bidding/art68/cl2", "ppp/art5", found) is not None  # repealed
    assert express_change("bidding/art1/cl2", "ppp/art5", found) is None  # goes on
    assert express_change("bidding/art6", "ppp/art99", found) is None
    whole = express_change("press89/art3", "press/art7", found)
    assert whole is not None and whole[0] == "press"
    assert express_change("soe/art1", "press/art2", found) is None


def test_a_title_names_no_version_signed_years_after_the_citing_law() -> None:
    """"Luật doanh nghiệp" in a law of 2003 is not the Enterprise Law of 2014 (its own version
    is not in the corpus), while laws passed at one session cite each other whichever was
    signed first."""
    from datetime import date

    from lexoverlap import document_from_text, segment
    from lexoverlap._resolve import CorpusIndex

    def law(doc_id: str, title: str, signed: str) -> Any:
        doc = document_from_text(f"{title}\nĐiều 1. A\n1. B", doc_id=doc_id, overrides={
            "title": title, "signed": date.fromisoformat(signed)})
        return doc, segment(doc)

    index = CorpusIndex([law("ent2014", "Luật Doanh nghiệp", "2014-11-26"),
                         law("ent2020", "Luật Doanh nghiệp", "2020-06-17"),
                         law("soe2003", "Luật Doanh nghiệp nhà nước", "2003-11-26"),
                         law("inv2014", "Luật Đầu tư", "2014-11-26"),
                         law("ent2019", "Luật Chứng khoán", "2019-11-26")])
    assert index.document("Luật Doanh nghiệp", "soe2003") is None
    assert index.document("Luật Doanh nghiệp", "inv2014") == "ent2014"
    assert index.document("Luật Doanh nghiệp", "ent2019") == "ent2014"
    assert index.document("Luật Đầu tư", "ent2014") == "inv2014"


def test_annotations_of_older_rules_are_made_again(tmp_path: Path, sample_store: Path) -> None:
    from lexoverlap._annotate import RULES_VERSION
    from lexoverlap.pipeline import ANNOTATIONS_KEY

    store = tmp_path / "old.db"
    shutil.copy(sample_store, store)
    query = {"annotations": "SELECT provision_id, record FROM annotations ORDER BY 1",
             "citations": "SELECT source, start, raw, kind, resolved FROM citations "
                          "ORDER BY 1, 2, 5",
             "findings": "SELECT a, b, relation, kind FROM findings ORDER BY 1, 2"}
    with sqlite3.connect(store) as db:
        expected = {k: db.execute(q).fetchall() for k, q in query.items()}
        assert db.execute("SELECT value FROM meta WHERE key = ?",
                          (ANNOTATIONS_KEY,)).fetchone() == (RULES_VERSION,)
        # As if older rules had annotated the store: other annotations, other verdicts.
        db.execute("UPDATE meta SET value = 'annotate.v0' WHERE key = ?", (ANNOTATIONS_KEY,))
        db.execute("DELETE FROM annotations WHERE rowid % 2 = 0")
        db.execute("DELETE FROM citations WHERE rowid % 3 = 0")
        db.execute("UPDATE findings SET relation = 'unrelated'")
    again = analyze([SAMPLE], store)
    assert again.stats["new_documents"] == 0
    assert again.stats["reannotated_documents"] == len(expected_docs(store))
    with sqlite3.connect(store) as db:
        assert {k: db.execute(q).fetchall() for k, q in query.items()} == expected
        assert db.execute("SELECT value FROM meta WHERE key = ?",
                          (ANNOTATIONS_KEY,)).fetchone() == (RULES_VERSION,)
    # Current annotations are not made again.
    assert analyze([SAMPLE], store).stats["reannotated_documents"] == 0


def expected_docs(store: Path) -> list[str]:
    with sqlite3.connect(store) as db:
        return [r[0] for r in db.execute("SELECT doc_id FROM documents")]


def test_a_cited_law_that_arrives_later_resolves_the_citations_to_it(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    # The amending law cites the Law on Public Digital Data (12/2024/QH15) by title and number.
    shutil.copy(SAMPLE / "vi" / "luat-sua-doi-bo-sung-2025.txt", corpus)
    store = tmp_path / "s.db"
    analyze([corpus], store)
    outside = ("SELECT count(*) FROM citations c JOIN documents d ON c.doc_id = d.doc_id "
               "WHERE d.number = '25/2025/QH15' AND c.resolved IS NOT NULL "
               "AND c.resolved NOT LIKE d.doc_id || '%'")
    with sqlite3.connect(store) as db:
        assert db.execute(outside).fetchone() == (0,)
    shutil.copy(SAMPLE / "vi" / "luat-du-lieu-so-cong-2024.txt", corpus)
    run = analyze([corpus], store)
    assert run.stats["new_documents"] == 1 and run.stats["reannotated_documents"] == 1
    with sqlite3.connect(store) as db:
        cited = db.execute("SELECT doc_id FROM documents WHERE number = '12/2024/QH15'"
                           ).fetchone()[0]
        targets = db.execute(
            "SELECT c.target_document, c.resolved FROM citations c JOIN documents d "
            "ON c.doc_id = d.doc_id WHERE d.number = '25/2025/QH15' AND c.resolved IS NOT NULL "
            "AND c.resolved NOT LIKE d.doc_id || '%'").fetchall()
    assert ("12/2024/QH15", cited) in targets
    assert all(r.split("/", 1)[0] == cited for _, r in targets)
    # The same store as one run over both laws makes.
    both = tmp_path / "both.db"
    analyze([corpus], both)
    assert _snapshot(both)["annotations"] == _snapshot(store)["annotations"]
    assert analyze([corpus], store).stats["reannotated_documents"] == 0


def test_rule_versions_carry_a_fingerprint_of_their_source() -> None:
    """A rule edited without raising its version number still makes a new version, so a store
    never keeps annotations or findings of code that no longer runs."""
    import hashlib

    from lexoverlap import detect
    from lexoverlap._annotate import RULES_VERSION
    from lexoverlap._rules import fingerprint

    src = Path(lexoverlap.__file__).parent
    expected = hashlib.sha1((src / "detect.py").read_bytes() + (src / "_findings.py").read_bytes())
    assert detect.RULES_VERSION.endswith("+" + expected.hexdigest()[:8])
    assert RULES_VERSION.startswith("annotate.v") and RULES_VERSION.endswith(
        "+" + fingerprint("_annotate.py", "_citations.py", "_resolve.py", "_text.py", "_veto.py"))
    assert fingerprint("detect.py") != fingerprint("_annotate.py")
    assert fingerprint("no-such-module.py") == "src?"


def test_a_run_killed_after_the_cited_law_is_stored_has_already_resolved_its_citers(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SAMPLE / "vi" / "luat-sua-doi-bo-sung-2025.txt", corpus)
    store = tmp_path / "s.db"
    analyze([corpus], store)
    shutil.copy(SAMPLE / "vi" / "luat-du-lieu-so-cong-2024.txt", corpus)
    put = Store.put_document

    def put_then_die(self: Store, *args: object, **kwargs: object) -> None:
        put(self, *args, **kwargs)  # type: ignore[arg-type]
        raise KeyboardInterrupt  # killed right after the new law is committed

    monkeypatch.setattr(Store, "put_document", put_then_die)
    with pytest.raises(KeyboardInterrupt):
        analyze([corpus], store)
    monkeypatch.undo()
    analyze([corpus], store)
    with sqlite3.connect(store) as db:
        cited = db.execute("SELECT doc_id FROM documents WHERE number = '12/2024/QH15'"
                           ).fetchone()[0]
        resolved = db.execute(
            "SELECT count(*) FROM citations c JOIN documents d ON c.doc_id = d.doc_id WHERE "
            "d.number = '25/2025/QH15' AND c.resolved LIKE ? || '%'", (cited,)).fetchone()[0]
    assert resolved > 0


def test_a_sidecar_edited_after_a_run_is_stored(tmp_path: Path) -> None:
    """The same bytes with new sidecar metadata (an expiry date added) are stored again, so
    that detection sees them; an untouched sidecar costs no work."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SAMPLE / "vi" / "luat-du-lieu-so-cong-2024.txt", corpus / "law.txt")
    sidecar = corpus / "law.meta.json"
    sidecar.write_text('{"issuer": "Quốc hội"}', encoding="utf-8")
    store = tmp_path / "s.db"
    analyze([corpus], store)
    assert analyze([corpus], store).stats["new_documents"] == 0
    sidecar.write_text('{"issuer": "Quốc hội", "expiry": "2030-01-01"}', encoding="utf-8")
    assert analyze([corpus], store).stats["new_documents"] == 1
    with Store(store, readonly=True) as s:
        meta = json.loads(s.db.execute("SELECT meta FROM documents").fetchone()[0])
    assert meta["expiry"] == "2030-01-01" and meta["provenance"]["expiry"] == "sidecar"
