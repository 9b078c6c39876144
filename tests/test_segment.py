"""Segmentation rules on hand-written examples: what each rule catches and what it must not."""

from __future__ import annotations

import pytest

from lexoverlap import document_from_text, segment
from lexoverlap._segment import roman_to_int


def ids(text: str, language: str | None = None) -> list[str]:
    doc = document_from_text(text, doc_id="d", language=language)
    return [p.id for p in segment(doc)]


def by_id(text: str) -> dict[str, object]:
    doc = document_from_text(text, doc_id="d")
    return {p.id: p for p in segment(doc)}


def test_article_variants_dot_colon_stray_space_and_next_line_heading() -> None:
    text = (
        "Chương I\nNHỮNG QUY ĐỊNH CHUNG\nĐiều 1. Phạm vi\nNội dung một.\nĐiều 2: Đối tượng\n"
        "Nội dung hai.\nĐiều 3 .\nGiải thích từ ngữ\nNội dung ba.\nĐiều 4\nNội dung bốn dài "
        "không phải tiêu đề vì kết thúc bằng dấu chấm.\nĐiều 4a. Điều chèn\nNội dung."
    )
    provisions = by_id(text)
    assert list(provisions) == ["d/ch1", "d/ch1/art1", "d/ch1/art2", "d/ch1/art3", "d/ch1/art4",
                                "d/ch1/art4a"]
    assert provisions["d/ch1"].heading == "NHỮNG QUY ĐỊNH CHUNG"  # type: ignore[attr-defined]
    assert provisions["d/ch1/art3"].heading == "Giải thích từ ngữ"  # type: ignore[attr-defined]
    assert provisions["d/ch1/art4"].heading == ""  # type: ignore[attr-defined]
    assert provisions["d/ch1/art4a"].number == "4a"  # type: ignore[attr-defined]


def test_lookalike_eth_and_cyrillic_in_article_heading() -> None:
    # U+00D0 "Ð" for "Đ", a Cyrillic "і" (U+0456) inside "Điều", full-width digits.
    text = "\u00d0iều 1. Một\nNội dung.\nĐ\u0456ều 2. Hai\nNội dung.\nĐiều \uff13. Ba\nC."
    assert ids(text) == ["d/art1", "d/art2", "d/art3"]


def test_roman_and_arabic_chapters_parts_sections() -> None:
    text = (
        "PHẦN THỨ HAI\nCÁC TỘI PHẠM\nChương XIV\nCÁC TỘI XÂM PHẠM\nMục 1\nTỘI A\n"
        "Điều 1. A\nNội dung.\nChương 15:\nCHƯƠNG KHÁC\nĐiều 2. B\nNội dung."
    )
    assert ids(text) == ["d/part2", "d/part2/ch14", "d/part2/ch14/sec1",
                         "d/part2/ch14/sec1/art1", "d/part2/ch15", "d/part2/ch15/art2"]
    assert roman_to_int("XXIII") == 23


def test_chapter_word_inside_a_sentence_is_not_a_chapter() -> None:
    # "Chương trình" (programme) starts body lines of the IP law; "Mục tiêu" (aim) likewise.
    text = "Điều 1. A\nChương trình máy tính là tác phẩm.\nMục tiêu của Luật này là A."
    assert ids(text) == ["d/art1"]


def test_points_follow_the_vietnamese_alphabet_with_inserted_points() -> None:
    text = ("Điều 1. A\n1. Khoản:\na) một;\nb) hai;\nc) ba;\nd) bốn;\nđ) năm;\ne) sáu;\n"
            "g) bảy;\ng1) chèn;\nh) tám.\n2. Khoản hai.")
    got = [i.rsplit("/", 1)[1] for i in ids(text) if "/pt_" in i]
    assert got == ["pt_a", "pt_b", "pt_c", "pt_d", "pt_đ", "pt_e", "pt_g", "pt_g1", "pt_h"]


def test_numbered_lines_out_of_sequence_are_text_not_clauses() -> None:
    # A year, an amount and a table row number are not clause 2019 / 200 / 38.
    text = ("Điều 1. A\n1. Khoản một có\n2019. không phải khoản\n200.000.000 đồng là mức phạt\n"
            "2. Khoản hai.\n38.")
    assert ids(text) == ["d/art1", "d/art1/cl1", "d/art1/cl2"]


def test_points_directly_under_an_article() -> None:
    text = "Điều 3. Nguyên tắc\nViệc A phải:\na) Công khai;\nb) Minh bạch."
    assert ids(text) == ["d/art3", "d/art3/pt_a", "d/art3/pt_b"]


def test_amending_quotes_stay_inside_the_amending_clause() -> None:
    text = (
        "Điều 1. Sửa đổi, bổ sung một số điều của Luật Thú y số 79/2015/QH13\n"
        "1. Sửa đổi, bổ sung Điều 5 như sau:\n“Điều 5. Nguyên tắc\n1. Một.\na) điểm;\n"
        "2. Hai.”.\n2. Sửa đổi, bổ sung khoản 3 Điều 9 như sau:\n“3. Ba.”\n"
        "3. Sửa đổi khoản 1 Điều 10 như sau: “1. Cùng dòng\n2. dòng sau.”.\n"
        "Điều 2. Hiệu lực thi hành\nLuật này có hiệu lực từ ngày 01 tháng 01 năm 2026."
    )
    doc = document_from_text(text, doc_id="d")
    provisions = segment(doc)
    assert [p.id for p in provisions] == ["d/art1", "d/art1/cl1", "d/art1/cl2", "d/art1/cl3",
                                          "d/art2"]
    cl1, cl2, cl3 = provisions[1:4]
    assert [(q.action, q.target) for q in cl1.quotes] == [("sửa đổi, bổ sung", "Điều 5")]
    assert cl1.quotes[0].amended_document == "Luật Thú y số 79/2015/QH13"
    assert doc.text[cl1.quotes[0].start : cl1.quotes[0].end].endswith("2. Hai.”.")
    assert [q.target for q in cl2.quotes] == ["khoản 3 Điều 9"]
    assert [q.target for q in cl3.quotes] == ["khoản 1 Điều 10"]


def test_an_unclosed_quote_does_not_swallow_the_rest() -> None:
    # Real defect (Luật Thi hành án dân sự 2008, Art. 27): “ closed by a straight quote.
    body = "\n".join(f"Nội dung dòng {i}." for i in range(50))
    text = f"Điều 1. A\nBản án có ghi “Để thi hành\". Hết.\n{body}\nĐiều 2. B\nNội dung."
    assert ids(text) == ["d/art1", "d/art2"]
    # A quote opened after a colon and never closed ends before the next article after a while.
    text = f"Điều 1. A\nSửa đổi như sau: “Điều 7. X\n{body}\nĐiều 2. B\nNội dung."
    assert ids(text) == ["d/art1", "d/art2"]


def test_signature_block_and_appendices_are_kept_out_of_the_last_article() -> None:
    text = (
        "Điều 1. A\nNội dung.\nĐiều 2. Hiệu lực\n"
        "Luật này có hiệu lực từ ngày 01 tháng 7 năm 2025.\n"
        "Luật này đã được Quốc hội khóa XV, kỳ họp thứ 9 thông qua ngày 25 tháng 6 năm 2025.\n"
        "CHỦ TỊCH QUỐC HỘI\nTrần Thanh Mẫn\nPHỤ LỤC\nban hành kèm theo\nPHỤ LỤC I\nDANH MỤC A\n"
        "1.\nDòng bảng\nPHỤ LỤC II\nDANH MỤC B"
    )
    provisions = by_id(text)
    assert list(provisions) == ["d/art1", "d/art2", "d/app1", "d/app2"]
    art2 = provisions["d/art2"]
    assert art2.text.endswith("năm 2025.") and "CHỦ TỊCH" not in art2.text  # type: ignore[attr-defined]
    assert provisions["d/app1"].heading == ""  # type: ignore[attr-defined]


def test_decree_signature_block() -> None:
    text = "Điều 1. A\nNội dung.\nNơi nhận:\n- Ban Bí thư;\nTM. CHÍNH PHỦ\nTHỦ TƯỚNG\nTên"
    provisions = by_id(text)
    assert provisions["d/art1"].text == "Điều 1. A\nNội dung."  # type: ignore[attr-defined]


def test_english_structure() -> None:
    text = ("Chapter I\nGENERAL PROVISIONS\nArticle 1. Scope\nThis Law provides.\n"
            "Article 2. Definitions\n1. “data” means x;\n2 . “gateway” means y:\na) one;\nb) two.")
    assert ids(text, language="en") == ["d/ch1", "d/ch1/art1", "d/ch1/art2", "d/ch1/art2/cl1",
                                        "d/ch1/art2/cl2", "d/ch1/art2/cl2/pt_a",
                                        "d/ch1/art2/cl2/pt_b"]


def test_text_without_structure_falls_back_to_paragraphs_with_spans() -> None:
    text = "Nghị quyết 57 nhấn mạnh ba vấn đề.\nQuốc hội đã ban hành Nghị quyết 193."
    doc = document_from_text(text, doc_id="n")
    provisions = segment(doc)
    assert [(p.id, p.level) for p in provisions] == [("n/para1", "paragraph"),
                                                     ("n/para2", "paragraph")]
    assert [doc.text[p.start : p.end] for p in provisions] == text.split("\n")


def test_preamble_is_a_paragraph_provision() -> None:
    text = ("QUỐC HỘI -------\nLuật số: 1/2024/QH15\nHà Nội, ngày 1 tháng 1 năm 2024\nLUẬT\n"
            "THỬ NGHIỆM\nCăn cứ Hiến pháp;\nQuốc hội ban hành Luật Thử nghiệm.\nĐiều 1. A\nB.")
    provisions = segment(document_from_text(text))
    assert provisions[0].id == "1-2024-QH15/preamble"
    assert provisions[0].text == "Căn cứ Hiến pháp;\nQuốc hội ban hành Luật Thử nghiệm."


@pytest.mark.parametrize("line", ["Điều 5 của Luật này quy định", "Điều 6, khoản 2 Điều 46"])
def test_article_references_at_line_start_are_not_articles(line: str) -> None:
    assert ids(f"Điều 1. A\nNội dung.\n{line}") == ["d/art1"]


def test_ids_are_stable_across_reingestion() -> None:
    text = "Điều 1. A\n1. X\na) y"
    assert ids(text) == ids(text)


def test_clause_number_without_dot() -> None:
    # Luật Công nghệ thông tin 2006, Art. 22 and 26: "1 Xây dựng …", then "3.Xây dựng …".
    text = "Điều 26. Nội dung\n1 Xây dựng hạ tầng;\n2. Xây dựng dữ liệu;\n3.Xây dựng biểu mẫu."
    assert ids(text) == ["d/art26", "d/art26/cl1", "d/art26/cl2", "d/art26/cl3"]
    # A year followed by a capital is not clause 2019.
    assert ids("Điều 1. A\n1. Một\n2019 Luật được sửa.") == ["d/art1", "d/art1/cl1"]


def test_catch_all_duties_and_the_liability_clause_are_boilerplate() -> None:
    """Every law closes a list of duties with "… nhiệm vụ, quyền hạn khác …" and states the same
    liability clause ("tùy theo tính chất, mức độ vi phạm mà bị …"): not compared. A clause
    that only mentions "khác" inside a real rule, or sets its own sanction, is compared."""
    from lexoverlap._units import is_boilerplate

    for text in ("9. Thực hiện nhiệm vụ, quyền hạn khác theo quy định của pháp luật.",
                 "14. Thực hiện những nhiệm vụ khác do Chính phủ, Thủ tướng Chính phủ giao.",
                 "4. Nghĩa vụ khác theo quy định của Luật này và Điều lệ công ty.",
                 "1. Người nào có hành vi vi phạm pháp luật về đo đạc thì tùy theo tính chất, "
                 "mức độ vi phạm mà bị xử lý kỷ luật, xử phạt vi phạm hành chính hoặc bị truy cứu "
                 "trách nhiệm hình sự; nếu gây thiệt hại thì phải bồi thường theo quy định của "
                 "pháp luật.",
                 "2. Thành viên đội xung kích nếu vi phạm kỷ luật thì tùy tính chất, mức độ vi "
                 "phạm mà bị xử lý kỷ luật hoặc bị truy cứu trách nhiệm hình sự."):
        assert is_boilerplate("", text), text
    for text in ("3. Thực hiện nhiệm vụ khác do Chủ tịch giao; chịu trách nhiệm trước Ủy ban "
                 "nhân dân về kết quả công tác trong thời hạn 15 ngày.",
                 "b) Quyết định các nhiệm vụ khác thuộc thẩm quyền.",
                 "2. Người vi phạm pháp luật về thuế thì bị xử phạt theo Chương XV của Luật này, "
                 "mức phạt tiền tối đa là 100 triệu đồng.",
                 "4. Có quyền khiếu nại đối với quyết định, hành vi khác trái pháp luật."):
        assert not is_boilerplate("", text), text
