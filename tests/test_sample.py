"""The bundled sample corpus: metadata of each document, structure, and planted references."""

from __future__ import annotations

import json
from datetime import date
from functools import cache

import pytest

import lexoverlap as lo
from lexoverlap.models import Document, Provision, Rank

from .conftest import SAMPLE

EXPECTED = {
    # file: (doc_id, doc_type, number, issuer, signed, effective, rank)
    "vi/luat-du-lieu-so-cong-2024.txt": ("12-2024-QH15", "Luật", "12/2024/QH15", "Quốc hội",
                                         date(2024, 6, 20), date(2025, 1, 1), Rank.LAW),
    "vi/nghi-dinh-45-2025-nd-cp.txt": ("45-2025-ND-CP", "Nghị định", "45/2025/NĐ-CP", "Chính phủ",
                                       date(2025, 3, 10), date(2025, 4, 25), Rank.GOVERNMENT),
    "vi/thong-tu-05-2025-tt-bkhcn.html": ("05-2025-TT-BKHCN", "Thông tư", "05/2025/TT-BKHCN",
                                          "BỘ KHOA HỌC VÀ CÔNG NGHỆ", date(2025, 5, 15),
                                          date(2025, 7, 1), Rank.MINISTERIAL),
    "vi/luat-sua-doi-bo-sung-2025.txt": ("25-2025-QH15", "Luật", "25/2025/QH15", "Quốc hội",
                                         date(2025, 6, 25), date(2026, 1, 1), Rank.LAW),
    "vi/luat-giao-dich-dien-tu-cong-2023.txt": ("20-2023-QH15", "Luật", "20/2023/QH15", "Quốc hội",
                                                date(2023, 6, 22), date(2024, 7, 1), Rank.LAW),
    "vi/nghi-quyet-99-2025-qh15.txt": ("99-2025-QH15", "Nghị quyết", "99/2025/QH15", "Quốc hội",
                                       date(2025, 6, 27), date(2025, 8, 1), Rank.LAW),
    "vi/quyet-dinh-ubnd-tinh-2025.txt": ("17-2025-QD-UBND", "Quyết định", "17/2025/QĐ-UBND",
                                         "ỦY BAN NHÂN DÂN TỈNH BẮC NAM", date(2025, 8, 12),
                                         date(2025, 8, 25), Rank.PROVINCIAL_COMMITTEE),
    "en/public-digital-data-law-2024.en.txt": ("12-2024-QH15.en", "Law", "12/2024/QH15",
                                               "Quốc hội", date(2024, 6, 20), date(2025, 1, 1),
                                               Rank.LAW),
}


@cache
def _sample() -> dict[str, tuple[Document, tuple[Provision, ...]]]:
    result = lo.ingest([SAMPLE])
    assert result.failures == ()
    return {
        doc.source.split("sample/", 1)[1]: (doc, lo.segment(doc)) for doc in result.documents
    }


def test_sample_has_the_promised_documents() -> None:
    docs = _sample()
    languages = [d.language for d, _ in docs.values()]
    assert languages.count("vi") >= 6 and languages.count("en") >= 3


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_metadata(name: str) -> None:
    doc, _ = _sample()[name]
    got = (doc.doc_id, doc.doc_type, doc.number, doc.issuer, doc.signed, doc.effective, doc.rank)
    assert got == EXPECTED[name]
    assert doc.missing == ()


def test_unstructured_note_is_flagged_and_reported_missing() -> None:
    doc, provisions = _sample()["vi/thong-bao-chinh-sach.txt"]
    assert doc.normative is False and doc.rank is None and doc.number is None
    assert "number" in doc.missing and "issuer" in doc.missing
    assert [p.level for p in provisions] == ["paragraph"] * 8
    assert provisions[1].text == provisions[6].text  # the planted verbatim repeat


def test_circular_html_noise_is_dropped() -> None:
    doc, provisions = _sample()["vi/thong-tu-05-2025-tt-bkhcn.html"]
    assert "function" not in doc.text and "<" not in doc.text
    assert sum(p.level == "article" for p in provisions) >= 5


def test_amending_law_quotes_are_recorded_not_structure() -> None:
    _doc, provisions = _sample()["vi/luat-sua-doi-bo-sung-2025.txt"]
    assert [p.number for p in provisions if p.level == "article"] == ["1", "2"]
    quotes = [(p.id.split("/", 1)[1], q.target) for p in provisions for q in p.quotes]
    assert ("art1/cl1", "Điều 5") in quotes and ("art1/cl2", "khoản 3 Điều 9") in quotes
    assert all(q.amended_document == "Luật Dữ liệu số công" for p in provisions for q in p.quotes)


def _resolve(ref: dict[str, str | None], docs: dict) -> Provision:  # type: ignore[type-arg]
    _doc, provisions = docs[ref["file"]]
    if ref.get("paragraph"):
        suffix = f"/para{ref['paragraph']}"
    else:
        suffix = f"/art{ref['article']}"
        if ref.get("clause"):
            suffix += f"/cl{ref['clause']}"
        if ref.get("point"):
            suffix += f"/pt_{ref['point']}"
    matches = [p for p in provisions if p.id.endswith(suffix)]
    assert len(matches) == 1, f"{ref} → {suffix}: {len(matches)} provisions"
    return matches[0]


def test_every_planted_reference_is_a_provision() -> None:
    docs = _sample()
    lines = (SAMPLE / "planted.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) >= 10
    for line in lines:
        planted = json.loads(line)
        a, b = _resolve(planted["a"], docs), _resolve(planted["b"], docs)
        assert a.id != b.id
