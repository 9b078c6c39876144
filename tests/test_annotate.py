"""Annotation components: for each, real-shaped examples it catches and near-misses it must not."""

from __future__ import annotations

import pytest

from lexoverlap import document_from_text, segment
from lexoverlap._annotate import annotate
from lexoverlap.models import Annotations


def annotations(text: str, language: str = "vi") -> list[Annotations]:
    doc = document_from_text(text, doc_id="d", language=language)
    return list(annotate(doc, segment(doc)))


def norms(sentence: str, language: str = "vi") -> list[tuple[str, str | None, str, str]]:
    prefix = "Điều 1. Quy định\n" if language == "vi" else "Article 1. Rule\n"
    out = []
    for ann in annotations(prefix + sentence, language):
        for n in ann.norms:
            out.append((n.modality, n.actor.text if n.actor else None, n.trigger.text,
                        n.action.text))
    return out


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Người sử dụng lao động phải trả lương đúng hạn.",
         [("obligation", "Người sử dụng lao động", "phải", "trả lương đúng hạn")]),
        ("Ủy ban nhân dân cấp tỉnh có trách nhiệm tổ chức thực hiện Luật này.",
         [("obligation", "Ủy ban nhân dân cấp tỉnh", "có trách nhiệm",
           "tổ chức thực hiện Luật này")]),
        ("Doanh nghiệp không được sử dụng lao động chưa thành niên làm việc ban đêm.",
         [("prohibition", "Doanh nghiệp", "không được",
           "sử dụng lao động chưa thành niên làm việc ban đêm")]),
        ("Nghiêm cấm các hành vi sau đây:", [("prohibition", None, "Nghiêm cấm",
                                             "các hành vi sau đây")]),
        ("Người lao động có quyền đơn phương chấm dứt hợp đồng.",
         [("permission", "Người lao động", "có quyền", "đơn phương chấm dứt hợp đồng")]),
        ("Người lao động được hưởng lương trong thời gian nghỉ.",
         [("permission", "Người lao động", "được", "hưởng lương trong thời gian nghỉ")]),
        # Several norms in one provision.
        ("Người thuê có quyền sử dụng tài sản và có nghĩa vụ trả tiền thuê.",
         [("permission", "Người thuê", "có quyền", "sử dụng tài sản"),
          ("obligation", "Người thuê", "có nghĩa vụ", "trả tiền thuê")]),
    ],
)
def test_modality_catches(sentence: str, expected: list[tuple[str, str | None, str, str]]) -> None:
    got = norms(sentence)
    assert [g[:3] for g in got] == [e[:3] for e in expected]
    assert got[0][3] == expected[0][3]


@pytest.mark.parametrize(
    "sentence",
    [
        "Hồ sơ được quy định tại khoản 2 Điều này.",  # passive "được quy định tại"
        "Trong Luật này, các từ ngữ dưới đây được hiểu như sau:",  # passive "được hiểu"
        "Nội dung điều lệ không được trái với quy định của Luật này.",  # a bound, not a ban
        "Mức phạt tiền không được vượt quá 50.000.000 đồng.",  # a bound on a number
        "Người không phải là công dân Việt Nam.",  # "không phải" is not an obligation
        "Thông tin đã được công bố trên cổng thông tin điện tử.",  # "đã được": passive
    ],
)
def test_modality_near_misses(sentence: str) -> None:
    assert norms(sentence) == []


def test_conditions_and_exceptions_attach_to_the_norm() -> None:
    ann = annotations("Điều 2. A\nTrong trường hợp khẩn cấp, Bộ trưởng có quyền tạm dừng "
                      "hoạt động, trừ trường hợp quy định tại khoản 3 Điều này.")
    norm = next(n for a in ann for n in a.norms)
    assert norm.actor is not None and norm.actor.text == "Bộ trưởng"
    assert [c.text for c in norm.conditions] == ["Trong trường hợp khẩn cấp"]
    assert [e.text for e in norm.exceptions] == [
        "trừ trường hợp quy định tại khoản 3 Điều này"]


def test_actor_key_is_canonical() -> None:
    a = next(n for x in annotations("Điều 1. A\nCác UBND cấp tỉnh phải báo cáo.") for n in x.norms)
    b = next(n for x in annotations("Điều 1. A\nỦy ban nhân dân cấp tỉnh phải báo cáo.")
             for n in x.norms)
    assert a.actor_key == b.actor_key == "uy ban nhan dan cap tinh"


def test_english_modality() -> None:
    got = norms("The agency shall publish the list. The agency shall not publish personal data. "
                "Users may request a copy.", language="en")
    assert [(g[0], g[2]) for g in got] == [("obligation", "shall"), ("prohibition", "shall not"),
                                           ("permission", "may")]


@pytest.mark.parametrize(
    ("sentence", "value", "unit", "bound"),
    [
        ("trong thời hạn 15 ngày làm việc kể từ ngày nhận hồ sơ", 15, "working_day", "deadline"),
        ("phạt tiền từ 500.000 đồng", 500000, "VND", "fine"),
        ("phạt tiền đến 2,5 tỷ đồng", 2.5e9, "VND", "fine"),
        ("người từ đủ 18 tuổi trở lên", 18, "year_of_age", "min"),
        ("không quá 30% vốn điều lệ", 30, "percent", "max"),
        ("a fine of VND 2 billion", 2e9, "VND", "fine"),
        ("within 30 days", 30, "day", "deadline"),
    ],
)
def test_quantities(sentence: str, value: float, unit: str, bound: str) -> None:
    lang = "en" if sentence.isascii() else "vi"
    prefix = "Điều 1. A\n" if lang == "vi" else "Article 1. A\n"
    found = [q for a in annotations(prefix + sentence, lang) for q in a.quantities]
    assert [(q.value, q.unit, q.bound) for q in found] == [(value, unit, bound)]


def test_dates_are_not_durations() -> None:
    text = "Điều 1. A\nLuật này có hiệu lực từ ngày 01 tháng 7 năm 2025; năm 2024 là năm chuẩn bị."
    assert [q for a in annotations(text) for q in a.quantities] == []


def test_definitions_article_and_inline_definition() -> None:
    text = ("Điều 3. Giải thích từ ngữ\nTrong Luật này, các từ ngữ dưới đây được hiểu như sau:\n"
            "1. Dữ liệu mở là dữ liệu được công khai cho mọi tổ chức, cá nhân.\n"
            "2. Cơ quan quản lý dữ liệu là cơ quan được giao quản lý dữ liệu.\n"
            "Điều 4. Áp dụng\nBộ Khoa học và Công nghệ (sau đây gọi là Bộ) hướng dẫn.")
    defs = [(d.term.text, d.scope) for a in annotations(text) for d in a.definitions]
    assert defs == [("Dữ liệu mở", "document"), ("Cơ quan quản lý dữ liệu", "document"),
                    ("Bộ", "document")]
    # A "là" sentence outside a definitions article is not a definition.
    plain = annotations("Điều 1. A\nNgười này là công dân.")
    assert [d for a in plain for d in a.definitions] == []


def test_citations_are_resolved_inside_the_document() -> None:
    text = ("Điều 1. Phạm vi\n1. Khoản một.\n2. Theo quy định tại khoản 1 Điều này và Điều 2 "
            "của Luật này.\nĐiều 2. Khác\nNội dung.")
    cites = [c for a in annotations(text) for c in a.citations]
    # A span closes at "Điều này" (the labelled set's convention); "Điều này" is written out.
    assert [(c.raw, [t.resolved for t in c.targets]) for c in cites] == [
        ("khoản 1 Điều này", ["d/art1/cl1"]), ("Điều 2 của Luật này", ["d/art2"])]
    assert cites[0].targets[0].article == "1"
    # A list sharing one document is one citation with several targets.
    text = "Điều 1. A\nTheo khoản 1 và khoản 2 Điều 2 của Luật này.\nĐiều 2. B\n1. X.\n2. Y."
    cites = [c for a in annotations(text) for c in a.citations]
    assert [(c.raw, [t.resolved for t in c.targets]) for c in cites] == [
        ("khoản 1 và khoản 2 Điều 2 của Luật này", ["d/art2/cl1", "d/art2/cl2"])]


def test_negated_passive_is_not_a_ban_but_a_negated_act_is() -> None:
    text = "Những nội dung không được quy định tại Nghị quyết này thì thực hiện theo Luật."
    assert norms(text) == []
    got = norms("Công ty không được lập chi nhánh ở nước ngoài.")
    assert [(g[0], g[1]) for g in got] == [("prohibition", "Công ty")]
