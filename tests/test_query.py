"""``lexoverlap query`` end to end on the sample corpus: drafts, search, neighbourhoods."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lexoverlap.cli import app
from lexoverlap.query import (
    DraftResult,
    Match,
    NotFoundError,
    QueryError,
    Reader,
    check_id,
    read_draft,
)

pytestmark = pytest.mark.usefixtures("sample_encoder")

LAW_9_2 = "12-2024-QH15/ch2/sec2/art9/cl2"
DECREE_5_2 = "45-2025-ND-CP/ch2/art5/cl2"
LAW_13_1 = "12-2024-QH15/ch3/art13/cl1"
LAW_7_2 = "12-2024-QH15/ch2/sec1/art7/cl2"
# Law 12/2024 Art. 9(2) says 15 working days; this draft says 45.
DEADLINE_DRAFT = ("Cơ quan quản lý dữ liệu có trách nhiệm cung cấp dữ liệu trong thời hạn 45 ngày "
                  "làm việc kể từ ngày nhận được yêu cầu hợp lệ.")
# Law 12/2024 Art. 13(1) gives this approval to the Minister of Science and Technology.
COMPETENCE_DRAFT = ("Ủy ban nhân dân cấp huyện phê duyệt danh mục dữ liệu số công quan trọng "
                    "trên cơ sở đề xuất của các bộ, cơ quan ngang bộ.")


@pytest.fixture(scope="module")
def store(sample_store: Path) -> Path:
    return sample_store


@pytest.fixture(scope="module")
def reader(store: Path) -> Iterator[Reader]:
    with Reader(store) as r:
        yield r


def _match(result: DraftResult, provision: str) -> Match:
    found = [m for _, m in result.matches if m.provision == provision]
    assert found, f"{provision} not among {[m.provision for _, m in result.matches]}"
    return found[0]


def test_draft_with_another_deadline_contradicts_the_law(reader: Reader) -> None:
    result = reader.draft(DEADLINE_DRAFT)
    assert result.language == "vi" and len(result.units) == 1
    m = _match(result, LAW_9_2)
    assert m.relation == "contradiction" and m.kind == "quantity"
    assert m.citation == "khoản 2 Điều 9 Luật số 12/2024/QH15"
    spans = {(e.side, e.text) for e in m.evidence}
    assert ("draft", "45 ngày làm việc") in spans and ("stored", "15 ngày làm việc") in spans
    # Evidence offsets are relative to each text.
    for e in m.evidence:
        text = DEADLINE_DRAFT if e.side == "draft" else m.text
        assert text[e.start:e.end] == e.text
    # A new text of unknown rank and date: precedence cannot be decided.
    assert m.prevails is None


def test_draft_rank_decides_precedence(reader: Reader) -> None:
    low = _match(reader.draft(COMPETENCE_DRAFT, doc_type="Nghị định", issuer="Chính phủ",
                              when="2026-01-01"), LAW_13_1)
    assert low.relation == "contradiction" and low.kind == "competence"
    assert low.prevails == "stored"  # a law beats a decree
    high = _match(reader.draft(DEADLINE_DRAFT, doc_type="Luật", issuer="Quốc hội",
                               when="2026-01-01"), DECREE_5_2)
    assert high.prevails == "draft"


def test_verbatim_clause_is_a_duplicate_and_unrelated_text_finds_nothing(
        reader: Reader, store: Path) -> None:
    from lexoverlap.store import Store

    with Store(store, readonly=True) as s:
        text = s.db.execute("SELECT text FROM provisions WHERE id=?", (LAW_7_2,)).fetchone()[0]
    assert _match(reader.draft(text), LAW_7_2).relation == "duplicate"
    assert reader.draft("Điều 1. Trồng lúa\nNông dân gieo mạ vào mùa xuân.").matches == []


def test_structured_draft_labels_its_units(reader: Reader) -> None:
    result = reader.draft("Điều 5. Thời hạn\n1. " + DEADLINE_DRAFT + "\n2. Việc khác.")
    assert [u.label for u in result.units] == ["khoản 1 Điều 5", "khoản 2 Điều 5"]
    assert result.units[0].matches and result.units[0].matches[0].relation == "contradiction"


def test_english_draft(reader: Reader) -> None:
    result = reader.draft("The data management agency shall provide the data within 60 days "
                          "from the date of receipt of a valid request.")
    assert result.language == "en"
    hits = [m for _, m in result.matches if m.provision.startswith("12-2024-QH15.en/")
            and m.relation == "contradiction"]
    assert hits and hits[0].citation.startswith("Article 9(2) of Law No. 12/2024/QH15")


def test_draft_input_errors(reader: Reader) -> None:
    with pytest.raises(QueryError, match="empty"):
        reader.draft("   ")
    with pytest.raises(QueryError, match="YYYY-MM-DD"):
        reader.draft(DEADLINE_DRAFT, when="1/1/2026")
    with pytest.raises(QueryError, match="at most 1"):
        reader.draft("1. Một.\n2. Hai.", max_units=1)
    with pytest.raises(QueryError, match="unknown relation"):
        reader.draft(DEADLINE_DRAFT, relations=["similar"])


def test_search_is_diacritics_insensitive(reader: Reader) -> None:
    hits = reader.search("thoi han 15 ngay lam viec")
    assert LAW_9_2 in [h.provision for h in hits]
    hit = next(h for h in hits if h.provision == LAW_9_2)
    assert [hit.snippet[a:b].lower() for a, b in hit.marks][:2] == ["thời", "hạn"]
    assert reader.search("khongcotu") == []


def test_neighbourhood(reader: Reader) -> None:
    hood = reader.neighbourhood("12-2024-QH15/ch2/sec2/art9/cl1")
    assert hood.provision.citation == "khoản 1 Điều 9 Luật số 12/2024/QH15"
    assert [c.target for c in hood.cites] == ["12-2024-QH15/ch2/sec2/art9/cl4"]
    cited = reader.neighbourhood("12-2024-QH15/ch2/sec2/art9/cl4").cited_by
    assert "12-2024-QH15/ch2/sec2/art9/cl1" in [c.source for c in cited]
    findings = reader.neighbourhood(LAW_9_2).findings
    decree = [f for f in findings if f.other == DECREE_5_2]
    assert decree and decree[0].relation == "contradiction" and decree[0].kind == "quantity"
    assert decree[0].prevails == "this"  # the law outranks the decree
    assert decree[0].other_citation == "khoản 2 Điều 5 Nghị định số 45/2025/NĐ-CP"


@pytest.mark.parametrize("bad", ["../x", "a/../b", "", "a b", "x" * 400, "/etc/passwd"])
def test_ids_are_checked_before_any_lookup(reader: Reader, bad: str) -> None:
    with pytest.raises(NotFoundError):
        check_id(bad)
    with pytest.raises(NotFoundError):
        reader.neighbourhood(bad)


def test_unknown_ids(reader: Reader) -> None:
    with pytest.raises(NotFoundError):
        reader.provision("12-2024-QH15/art999")
    with pytest.raises(NotFoundError):
        reader.document("no-such-doc")
    assert reader.document("12-2024-QH15").name == "Luật số 12/2024/QH15"


def test_read_draft_uses_only_the_extension() -> None:
    assert read_draft("<p>Điều 1. A</p>".encode(), "../../evil.html").strip() == "Điều 1. A"
    with pytest.raises(Exception, match="E101"):
        read_draft(b"MZ", "x.exe")


# ---- CLI --------------------------------------------------------------------------------------

runner = CliRunner()


def test_cli_draft_table_and_json(store: Path) -> None:
    res = runner.invoke(app, ["query", "--store", str(store), DEADLINE_DRAFT])
    assert res.exit_code == 0, res.output
    assert "khoản 2 Điều 9 Luật số 12/2024/QH15" in res.output and "contradiction" in res.output
    res = runner.invoke(app, ["query", "--store", str(store), "--json", DEADLINE_DRAFT])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    matches = [m for u in data["units"] for m in u["matches"]]
    assert any(m["provision"] == LAW_9_2 and m["relation"] == "contradiction"
               and m["kind"] == "quantity" for m in matches)


def test_cli_draft_from_docx(store: Path, tmp_path: Path) -> None:
    import docx

    path = tmp_path / "draft.docx"
    document = docx.Document()
    document.add_paragraph("Điều 3. Cung cấp dữ liệu")
    document.add_paragraph("1. " + DEADLINE_DRAFT)
    document.save(str(path))
    res = runner.invoke(app, ["query", "--store", str(store), "--file", str(path), "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["units"][0]["label"] == "khoản 1 Điều 3"
    assert LAW_9_2 in [m["provision"] for m in data["units"][0]["matches"]]


def test_cli_search_and_id(store: Path) -> None:
    res = runner.invoke(app, ["query", "--store", str(store), "--text", "thoi han cung cap",
                              "--json"])
    assert res.exit_code == 0, res.output
    assert LAW_9_2 in [h["provision"] for h in json.loads(res.stdout)]
    res = runner.invoke(app, ["query", "--store", str(store), "--id", LAW_9_2])
    assert res.exit_code == 0, res.output
    assert "khoản 2 Điều 5 Nghị định số 45/2025/NĐ-CP" in res.output
    res = runner.invoke(app, ["query", "--store", str(store), "--id", LAW_9_2, "--json"])
    assert json.loads(res.stdout)["provision"]["id"] == LAW_9_2


def test_cli_usage_errors(store: Path, tmp_path: Path) -> None:
    assert runner.invoke(app, ["query", "--store", str(store)]).exit_code == 2
    assert runner.invoke(app, ["query", "--store", str(store), "x", "--text", "y"]).exit_code == 2
    res = runner.invoke(app, ["query", "--store", str(store), "--id", "nope/art1"])
    assert res.exit_code == 2 and "E601" in res.output
    res = runner.invoke(app, ["query", "--store", str(tmp_path / "none.db"), "x"])
    assert res.exit_code == 2 and "E400" in res.output
    res = runner.invoke(app, ["query", "--store", str(store), "--file", str(tmp_path / "no.txt")])
    assert res.exit_code == 2


def test_learned_detector_path(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Queries go through the same classifier_for call analyze uses (with any setting other
    than ``learned`` that is the rules)."""
    monkeypatch.setenv("LEXOVERLAP_DETECTOR", "auto")
    monkeypatch.setenv("LEXOVERLAP_HOME", os.environ["LEXOVERLAP_HOME"])
    with Reader(store) as r:
        result = r.draft(DEADLINE_DRAFT)
    assert result.detector and any(m.provision == LAW_9_2 for _, m in result.matches)
