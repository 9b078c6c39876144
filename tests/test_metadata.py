"""Metadata rules: each with a real-shaped example it reads and one it must not misread."""

from __future__ import annotations

from datetime import date

import pytest

from lexoverlap import document_from_text
from lexoverlap._metadata import clean_number, detect_language, rank_of
from lexoverlap.models import Rank


@pytest.mark.parametrize(
    ("header", "number", "doc_type", "issuer", "rank"),
    [
        ("QUỐC HỘI -------\nLuật số: 45/2019/QH14\nHà Nội, ngày 20 tháng 11 năm 2019\nBỘ LUẬT\n"
         "LAO ĐỘNG", "45/2019/QH14", "Bộ luật", "Quốc hội", Rank.LAW),
        ("QUỐC HỘI -------\nNghị quyết số: 193/2025/QH15\nHà Nội, ngày 19 tháng 02 năm 2025\n"
         "NGHỊ QUYẾT\nTHÍ ĐIỂM", "193/2025/QH15", "Nghị quyết", "Quốc hội", Rank.LAW),
        ("CHÍNH PHỦ -------\nSố: 15/2020/NĐ-CP\nHà Nội, ngày 03 tháng 02 năm 2020\nNGHỊ ĐỊNH\nX",
         "15/2020/NĐ-CP", "Nghị định", "Chính phủ", Rank.GOVERNMENT),
        ("BỘ TÀI CHÍNH -------\nSố: 01/2021/TT-BTC\nHà Nội, ngày 05 tháng 01 năm 2021\nTHÔNG TƯ\nX",
         "01/2021/TT-BTC", "Thông tư", "BỘ TÀI CHÍNH", Rank.MINISTERIAL),
        ("THỦ TƯỚNG CHÍNH PHỦ -------\nSố: 12/2022/QĐ-TTg\nHà Nội, ngày 1 tháng 6 năm 2022\n"
         "QUYẾT ĐỊNH\nX", "12/2022/QĐ-TTg", "Quyết định", "Thủ tướng Chính phủ",
         Rank.PRIME_MINISTER),
        ("ỦY BAN THƯỜNG VỤ QUỐC HỘI -------\nPháp lệnh số: 02/2022/UBTVQH15\n"
         "Hà Nội, ngày 1 tháng 6 năm 2022\nPHÁP LỆNH\nX", "02/2022/UBTVQH15", "Pháp lệnh",
         "Ủy ban Thường vụ Quốc hội", Rank.NA_STANDING_COMMITTEE),
        ("HỘI ĐỒNG NHÂN DÂN TỈNH AN GIANG -------\nSố: 05/2023/NQ-HĐND\n"
         "An Giang, ngày 1 tháng 6 năm 2023\nNGHỊ QUYẾT\nX", "05/2023/NQ-HĐND", "Nghị quyết",
         "HỘI ĐỒNG NHÂN DÂN TỈNH AN GIANG", Rank.PROVINCIAL_COUNCIL),
    ],
)
def test_vietnamese_headers(header: str, number: str, doc_type: str, issuer: str,
                            rank: Rank) -> None:
    doc = document_from_text(header + "\nĐiều 1. A\nB.")
    assert (doc.number, doc.doc_type, doc.issuer, doc.rank) == (number, doc_type, issuer, rank)
    assert doc.signed is not None and doc.place is not None


def test_party_resolution_is_outside_the_hierarchy() -> None:
    doc = document_from_text("BAN CHẤP HÀNH TRUNG ƯƠNG -------\nSố: 57-NQ/TW\n"
                             "Hà Nội, ngày 22 tháng 12 năm 2024\nNGHỊ QUYẾT\nVỀ ĐỘT PHÁ\n"
                             "I. TÌNH HÌNH")
    assert doc.number == "57-NQ/TW" and doc.doc_id == "57-NQ-TW"
    assert doc.rank is None and doc.normative is False
    assert doc.signed == date(2024, 12, 22)


def test_number_cited_in_the_preamble_is_not_the_documents_number() -> None:
    doc = document_from_text("Căn cứ Nghị quyết số 51/2001/QH10;\nLuật này quy định.\nĐiều 1. A")
    assert doc.number is None and "number" in doc.missing


def test_old_law_title_line_gives_number_date_and_title() -> None:
    doc = document_from_text("QUỐC HỘI\n********\nLUẬT\nSỐ 18-L/CTN NGÀY 06/07/1993 CỦA QUỐC HỘI "
                             "VỀ DẦU KHÍ\nĐể bảo vệ tài nguyên.\nChương 1:\nA\nĐiều 1\nB.")
    assert doc.number == "18-L/CTN" and doc.signed == date(1993, 7, 6)
    assert doc.title == "Luật về dầu khí"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Luật này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2019.", date(2019, 1, 1)),
        ("Nghị định này có hiệu lực thi hành kể từ ngày 15/3/2021.", date(2021, 3, 15)),
        ("Thông tư này có hiệu lực kể từ ngày ký.", date(2020, 2, 3)),
        ("Quyết định này có hiệu lực kể từ ngày công bố.", None),
        # A date the document cites for something else is not its effective date.
        ("Hợp đồng ký trước ngày 01 tháng 01 năm 2019 vẫn có hiệu lực.", None),
    ],
)
def test_effective_date(sentence: str, expected: date | None) -> None:
    doc = document_from_text("CHÍNH PHỦ -------\nSố: 1/2020/NĐ-CP\nHà Nội, ngày 03 tháng 02 năm "
                             f"2020\nNGHỊ ĐỊNH\nX\nĐiều 1. Hiệu lực\n{sentence}")
    assert doc.effective == expected


def test_english_header() -> None:
    doc = document_from_text("THE GOVERNMENT --------\nSOCIALIST REPUBLIC OF VIETNAM Independence "
                             "- Freedom - Happiness\nNo. 15/2020/ND-CP\nHanoi, February 3, 2020\n"
                             "DECREE\nON PENALTIES\nArticle 1. Scope\nThis Decree takes effect on "
                             "April 1, 2020.")
    assert (doc.language, doc.number, doc.doc_type, doc.issuer) == (
        "en", "15/2020/ND-CP", "Decree", "Chính phủ")
    assert doc.signed == date(2020, 2, 3) and doc.effective == date(2020, 4, 1)
    assert doc.rank is Rank.GOVERNMENT


def test_sidecar_fields_are_validated_elsewhere_and_missing_fields_reported() -> None:
    doc = document_from_text("Một văn bản không có tiêu đề.")
    assert set(doc.missing) >= {"number", "issuer", "signed", "doc_type"}


def test_helpers() -> None:
    assert clean_number("29/2013/QH 13") == "29/2013/QH13"
    assert detect_language("Người lao động có quyền") == "vi"
    assert detect_language("The employee has the right") == "en"
    assert rank_of("Hiến pháp", "na") == (Rank.CONSTITUTION, True)
    assert rank_of("Chỉ thị", "pm") == (None, False)


def test_the_project_manifest_gives_facts_a_read_only_corpus_cannot_carry() -> None:
    """corpora/manifest.toml records expiry dates of vn-laws-vlc laws that lapsed by acts
    outside the corpus; ingest applies them as a folder manifest would, other files are
    untouched."""
    from .conftest import VLC, need_shared

    need_shared()
    from lexoverlap._ingest import ingest_file

    lapsed = ingest_file(VLC / "v2021-extra" / "luat-cong-ty.txt")
    assert lapsed.expiry == date(2000, 1, 1) and lapsed.provenance["expiry"] == "manifest"
    assert ingest_file(VLC / "v2021-extra" / "luat-doanh-nghiep-nha-nuoc.txt").expiry == \
        date(2010, 7, 1)
    other = ingest_file(VLC / "Luat-08-2017-QH14-Thuy-loi-2017-322933.txt")
    assert other.expiry is None and "expiry" not in other.provenance
