"""The classify-pairs contract (../shared/DESIGN.md) and the detection rules."""

from __future__ import annotations

import json
import unicodedata
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lexoverlap.classify import annotate_text
from lexoverlap.cli import app
from lexoverlap.detect import Side, Verdict, _bounds_agree, classify, precedence

pytestmark = pytest.mark.usefixtures("sample_encoder")
runner = CliRunner()

LAW = {"doc_type": "Luật", "issuer": "Quốc hội", "date": "2024-06-20"}
DECREE = {"doc_type": "Nghị định", "issuer": "Chính phủ", "date": "2025-03-01"}


def _side(text: str, rank: int | None = None, title: str | None = None) -> Side:
    return Side(text, annotate_text(text), rank=rank, title=title)


def test_quantity_contradiction_with_precedence() -> None:
    a = _side("Cơ quan quản lý dữ liệu có trách nhiệm cung cấp dữ liệu trong thời hạn "
              "15 ngày làm việc kể từ ngày nhận được yêu cầu hợp lệ.", rank=3)
    b = _side("Cơ quan quản lý dữ liệu có trách nhiệm cung cấp dữ liệu trong thời hạn "
              "30 ngày kể từ ngày nhận được yêu cầu hợp lệ.", rank=5)
    v = classify(a, b, cosine=0.9)
    assert (v.label, v.kind, v.prevails) == ("contradiction", "quantity", "a")
    assert {e["text"] for e in v.evidence} >= {"15 ngày làm việc"}
    assert "Art. 156" in (v.rule or "")


def test_deontic_contradiction() -> None:
    a = _side("Tổ chức, cá nhân không được chia sẻ dữ liệu cá nhân cho bên thứ ba.")
    b = _side("Tổ chức, cá nhân được chia sẻ dữ liệu cá nhân cho bên thứ ba.")
    v = classify(a, b, cosine=0.9)
    assert (v.label, v.kind) == ("contradiction", "deontic")


def test_same_rule_twice_is_not_a_contradiction() -> None:
    text = "Người sử dụng lao động phải trả lương đúng hạn cho người lao động."
    assert classify(_side(text), _side(text), cosine=1.0).label == "duplicate"
    near = _side("Người sử dụng lao động có trách nhiệm trả lương đúng hạn cho người lao động.")
    assert classify(_side(text), near, cosine=0.9).label in {"overlap", "duplicate"}


DEADLINE = ("Trong thời hạn {n} ngày làm việc kể từ ngày được phân công, Thẩm phán phải xem "
            "xét đơn khởi kiện.")


@pytest.mark.parametrize(("title_a", "title_b", "parallel"), [
    # sibling codes: one head ("tố tụng"), each its own qualifier
    ("Bộ luật Tố tụng dân sự", "Luật Tố tụng hành chính", True),
    ("Luật Kiểm toán độc lập", "Luật Kiểm toán nhà nước", True),
    # two heads, one qualifier: treaties / other international agreements, procedure /
    # enforcement
    ("Luật Điều ước quốc tế", "Luật Thỏa thuận quốc tế", True),
    ("Bộ luật Tố tụng dân sự", "Luật Thi hành án dân sự", True),
    # … but not a title that is only the other's qualifier, nor an older, longer title
    ("Luật Thuế thu nhập doanh nghiệp", "Luật Doanh nghiệp", False),
    ("Luật Ký kết, gia nhập và thực hiện điều ước quốc tế", "Luật Điều ước quốc tế", False),
    # the same law under two titles, and a law inside a wider one: may really disagree
    ("Luật về phòng, chống ma túy", "Luật Phòng, chống ma túy", False),
    ("Luật Khiếu nại, tố cáo", "Luật Tố cáo", False),
    # a pilot resolution that only mentions the law's matter is an exception to it
    ("Luật Dữ liệu số công", "Nghị quyết thí điểm cơ chế đặc biệt về khai thác dữ liệu", False),
    # unknown titles: no regime can be told
    (None, "Luật Tố tụng hành chính", False),
])
def test_parallel_regimes_are_not_contradictions(title_a: str | None, title_b: str,
                                                 parallel: bool) -> None:
    a = _side(DEADLINE.format(n="05"), title=title_a)
    b = _side(DEADLINE.format(n="03"), title=title_b)
    v = classify(a, b, cosine=0.95)
    if parallel:
        assert v.label != "contradiction"
        assert "parallel regimes" in v.explanation and "quantity" in v.explanation
    else:
        assert (v.label, v.kind) == ("contradiction", "quantity")


@pytest.mark.parametrize(("title", "words"), [
    # "vệ" folds like "về": the title keeps it ("cảnh vệ" was "cảnh", "bảo vệ" was "bảo")
    ("Luật Cảnh vệ", "canh ve"),
    ("Luật về bảo vệ và phát triển rừng", "bao ve phat trien rung"),
    # "luật sư" (lawyers) is the matter, not the type; "Luật sử dụng …" keeps no "luật"
    ("Luật luật sư", "luat su"),
    ("Luật sử dụng năng lượng tiết kiệm và hiệu quả", "su dung nang luong tiet kiem hieu qua"),
    ("Bộ luật Tố tụng dân sự", "to tung dan su"),
    # decomposed (NFD) and spaced titles are read as the composed ones
    (unicodedata.normalize("NFD", "Luật Bảo vệ và phát triển rừng"), "bao ve phat trien rung"),
    ("Luật\u00a0luật sư", "luat su"),
])
def test_title_words_say_what_a_law_governs(title: str, words: str) -> None:
    from lexoverlap.detect import _regime_words

    assert " ".join(_regime_words(title)) == words


def test_a_one_word_regime_is_named_with_its_diacritics() -> None:
    """"Luật Dược" is named by "dược", not by every "được" (nor "Luật Giá" by "quốc gia")."""
    a = ("Người hành nghề phải có ít nhất 02 năm kinh nghiệm thực hành và được cấp chứng "
         "chỉ.")
    b = "Người hành nghề khám bệnh, chữa bệnh phải có ít nhất 03 năm kinh nghiệm thực hành."
    v = classify(_side(a, title="Luật Dược"), _side(b, title="Luật Khám bệnh, chữa bệnh"),
                 cosine=0.9)
    assert v.label == "contradiction", v.explanation


def test_one_template_for_lawyers_and_notaries_is_two_regimes() -> None:
    """Each text names its own law's matter, a one-word title too ("Luật Giá")."""
    text = ("Cá nhân không đủ điều kiện hành nghề {} mà hành nghề {} dưới bất kỳ hình thức nào "
            "thì phải chấm dứt hành vi vi phạm và bị xử phạt vi phạm hành chính.")
    v = classify(_side(text.format("luật sư", "luật sư"), title="Luật luật sư"),
                 _side(text.format("công chứng", "công chứng"), title="Luật công chứng"),
                 cosine=0.9)
    assert v.label == "related", v.explanation
    price = "Doanh nghiệp kinh doanh dịch vụ {} phải có ít nhất ba thẩm định viên."
    w = classify(_side(price.format("thẩm định giá"), title="Luật giá"),
                 _side(price.format("kiểm toán"), title="Luật kiểm toán độc lập"), cosine=0.9)
    assert w.label == "related", w.explanation


def test_mirrored_texts_name_their_own_regime() -> None:
    """Unrelated titles: parallel only when each text names its own document's matter."""
    a = ("Chủ cơ sở phải báo cáo cơ quan thú y trong thời hạn 24 giờ kể từ khi phát hiện "
         "dịch bệnh.")
    b = ("Chủ cơ sở phải báo cáo cơ quan kiểm dịch thực vật trong thời hạn 48 giờ kể từ khi "
         "phát hiện dịch bệnh.")
    v = classify(_side(a, title="Luật Thú y"), _side(b, title="Luật Bảo vệ và kiểm dịch thực vật"),
                 cosine=0.9)
    assert v.label != "contradiction" and "parallel regimes" in v.explanation
    plain = "Chủ cơ sở phải báo cáo trong thời hạn {} giờ kể từ khi phát hiện dịch bệnh."
    v = classify(_side(plain.format(24), title="Luật Thú y"),
                 _side(plain.format(48), title="Luật Bảo vệ và kiểm dịch thực vật"), cosine=0.9)
    assert v.label == "contradiction"


def test_unrelated_provisions() -> None:
    a = _side("Hội đồng nhân dân cấp tỉnh quyết định biên chế công chức.")
    b = _side("Tàu biển phải treo cờ quốc tịch khi ra vào cảng.")
    assert classify(a, b, cosine=0.05).label == "unrelated"


def test_precedence_same_rank_later_wins() -> None:
    from datetime import date

    a = Side("x", annotate_text("x"), date=date(2015, 1, 1), rank=3, issuer="Quốc hội")
    b = Side("y", annotate_text("y"), date=date(2020, 1, 1), rank=3, issuer="Quốc hội")
    side, rule, _ = precedence(a, b)
    assert side == "b" and "later" in rule


def test_cli_contract_one_line_per_input_and_errors_go_on(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "q", "a": {"text": "Cơ quan có trách nhiệm trả lời trong thời hạn "
                                              "15 ngày làm việc.", **LAW},
                    "b": {"text": "Cơ quan có trách nhiệm trả lời trong thời hạn 30 ngày.",
                          **DECREE}}, ensure_ascii=False),
        "{not json",
        json.dumps({"id": "bare", "a": "The Minister shall approve the list.",
                    "b": "The Minister shall approve the list."}),
        json.dumps({"id": "nob", "a": "x"}),
        json.dumps({"id": "baddate", "a": {"text": "a", "date": "20/1/2020"}, "b": "b"}),
        "",
    ]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["classify-pairs", str(src), "--out", str(out)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["q", "line-2", "bare", "nob", "baddate", "line-6"]
    assert rows[0]["label"] == "contradiction" and rows[0]["conflict_kind"] == "quantity"
    assert rows[0]["prevails"] == "a" and rows[0]["explanation"]
    assert rows[2]["label"] == "duplicate"
    assert [r["label"] for r in rows[1:2] + rows[3:]] == ["error"] * 4
    assert "line 4" in rows[3]["explanation"] and "date" in rows[4]["explanation"]
    allowed = {"duplicate", "overlap", "subsumes", "contradiction", "related", "unrelated",
               "error"}
    assert all(r["label"] in allowed and isinstance(r["score"], float) for r in rows)


def test_labelled_pairs_are_valid_and_have_not_drifted() -> None:
    """The pairs set holds ids, hashes and labels (no law text) and still matches the
    current segmentation; ≥ 500 pairs, ≥ 100 contradictions, many laws."""
    import hashlib

    from lexoverlap._eval_pairs import load_rows

    from .conftest import GOLDEN, VLC, need_shared

    rows = load_rows(GOLDEN)
    assert len(rows) >= 500
    assert sum(r["label"] == "contradiction" for r in rows) >= 100
    assert len({p.split("/", 1)[0] for r in rows for p in (r["a"], r["b"])}) >= 30
    assert max(len(r["note"]) for r in rows) < 400
    assert len({(r["a"], r["b"]) for r in rows}) == len(rows)
    need_shared()
    import lexoverlap as lo

    docs = {p.split("/", 1)[0] for r in rows for p in (r["a"], r["b"])}
    texts = {p.id: p.text for d in lo.ingest([VLC]).documents if d.doc_id in docs
             for p in lo.segment(d)}
    drifted = [r["id"] for r in rows for side in ("a", "b")
               if hashlib.sha1(texts.get(r[side], "").encode()).hexdigest() != r[f"{side}_sha1"]]
    assert drifted == []


def test_a_second_reading_of_pairs_is_scored_against_the_first(tmp_path: Path) -> None:
    """The second reader's labels (agreement/pairs_*.jsonl) and the rules are each scored with
    the first reading as gold, on the pairs read twice only."""
    from lexoverlap._eval_pairs import second_reading
    from lexoverlap.detect import Verdict

    kept = [{"id": f"p{i}", "a": f"x/{i}", "b": f"y/{i}", "label": label,
             "conflict_kind": "quantity" if label == "contradiction" else None}
            for i, label in enumerate(["duplicate", "contradiction", "related", "overlap"])]
    rules = [Verdict(x, 1.0) for x in ("duplicate", "related", "related", "overlap")]
    assert second_reading(tmp_path, kept, rules) == {}
    (tmp_path / "agreement").mkdir()
    (tmp_path / "agreement" / "pairs_second.jsonl").write_text("\n".join(json.dumps(r) for r in [
        {"id": "p0", "label": "duplicate", "conflict_kind": None},
        {"id": "p1", "label": "contradiction", "conflict_kind": "condition"},
        {"id": "p2", "label": "overlap", "conflict_kind": None},
        {"id": "unknown", "label": "related", "conflict_kind": None}]) + "\n")
    result = second_reading(tmp_path, kept, rules)
    assert result["pairs"] == 3
    reader, rule = result["second reader"], result["rules"]
    assert reader["accuracy"] == round(2 / 3, 3) and rule["accuracy"] == round(2 / 3, 3)
    assert reader["labels"]["contradiction"]["recall"] == 1.0
    assert reader["kind_accuracy"] == 0.0  # quantity read as condition
    assert rule["labels"]["contradiction"]["recall"] == 0.0
    assert -1.0 <= reader["kappa"] < 1.0


def test_the_randomly_drawn_pairs_are_scored_on_their_own() -> None:
    """Pairs drawn at random from analyze's candidates (source "fresh-…") get their own
    tables, per split; the pairs found by searching are left out of them."""
    from lexoverlap._eval_pairs import sampled, split_of_pair
    from lexoverlap.detect import Verdict

    kept = [{"id": f"p{i}", "a": f"x/{i}", "b": f"y/{i}", "label": label, "source": source,
             "conflict_kind": None}
            for i, (label, source) in enumerate([("related", "fresh-cross-law"),
                                                 ("overlap", "fresh-version"),
                                                 ("duplicate", "cross-law")])]
    rules = [Verdict(x, 1.0) for x in ("related", "contradiction", "duplicate")]
    result = sampled(kept, rules)
    assert sum(result["all"]["labels"][x]["support"] for x in ("related", "overlap")) == 2
    assert result["all"]["labels"]["duplicate"]["support"] == 0
    assert result["all"]["accuracy"] == 0.5
    assert set(result) == {"all"} | {split_of_pair(r["a"], r["b"]) for r in kept[:2]}
    assert sampled(kept[2:], rules[2:]) == {}


def test_the_time_judgement_is_scored_against_the_labels() -> None:
    """Whether two documents were ever in force together, as analyze decides it, against the
    labelled ``version_change``: per split, over pairs between two documents and over the
    labelled contradictions, and whether the side found to prevail is the later document."""
    from datetime import date

    from lexoverlap._eval_pairs import Labelled, time_judgement

    rows = [{"id": "p1", "a": "old/art1", "b": "new/art1", "label": "contradiction",
             "version_change": True},
            {"id": "p2", "a": "old/art2", "b": "other/art2", "label": "related",
             "version_change": False},
            {"id": "p3", "a": "new/art3", "b": "other/art3", "label": "contradiction",
             "version_change": False},
            {"id": "p4", "a": "new/art4", "b": "new/art5", "label": "overlap",
             "version_change": False}]  # one document: not a question of time
    times: list[tuple[str, str] | None] = [("new", "replaced"), ("other", "ended"), None, None]
    starts = {"old": date(2001, 1, 1), "new": date(2011, 1, 1), "other": date(2021, 1, 1)}
    result = time_judgement(Labelled(rows, [], times, starts))["all"]
    assert result["pairs"] == {"version->version": 1, "live->version": 1, "live->live": 1}
    assert result["contradictions"] == {"version->version": 1, "live->live": 1}
    assert result["later prevails"] == {"right": 1}
    rows[0]["b"], starts["new"] = "new/art1", date(1991, 1, 1)  # "new" now began first
    assert time_judgement(Labelled(rows, [], times, starts))["all"]["later prevails"] == \
        {"wrong": 1}


def test_learned_scorer_trains_on_dev_pairs_and_keeps_rule_evidence(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from .conftest import GOLDEN, VLC, need_shared

    need_shared()
    from lexoverlap import learned
    from lexoverlap.pipeline import load_encoder

    encoder = load_encoder("vi")
    detector = learned.train_from_labelled(GOLDEN, VLC, encoder)
    assert detector.trained_on > 300  # the dev split only
    learned.save(detector, tmp_path)
    again = learned.load(encoder.name, tmp_path)
    assert again is not None and learned.load("other-encoder", tmp_path) is None
    a = _side("Cơ quan có trách nhiệm trả lời trong thời hạn 15 ngày làm việc.", rank=3)
    b = _side("Cơ quan có trách nhiệm trả lời trong thời hạn 30 ngày.", rank=5)
    v = again.classify(a, b, 0.95)
    assert v.label in {"contradiction", "overlap", "related", "duplicate", "subsumes"}
    if v.label == "contradiction":
        assert v.kind == "quantity" and v.prevails == "a"
    monkeypatch.delenv("LEXOVERLAP_DETECTOR", raising=False)
    _judge, name = learned.classifier_for(encoder)
    assert name.startswith("detect.")  # the rules are the default


# Two wordings of one provision (an old law and its replacement): the aligned difference.
OLD = "Trưởng đoàn tham dự hội nghị quốc tế phải được Chính phủ ủy nhiệm bằng văn bản."


@pytest.mark.parametrize(("a", "b", "kind"), [
    (OLD, OLD.replace("Chính phủ", "Thủ tướng Chính phủ"), "competence"),
    ("Danh hiệu được xét và công bố hai năm một lần vào dịp Quốc khánh.",
     "Danh hiệu được xét và công bố 03 năm một lần vào dịp Quốc khánh.", "quantity"),
    ("Tổng số đại biểu không quá tám mươi lăm người đối với mỗi tỉnh.",
     "Tổng số đại biểu không quá chín mươi lăm người đối với mỗi tỉnh.", "quantity"),
    # one case dropped from the list before "thì" (shaped like two voter-list articles)
    ("Người có tên trong danh sách mà đến ngày bỏ phiếu bị kết án, bị tạm giam hoặc bị mất "
     "năng lực hành vi thì Ủy ban xóa tên người đó.",
     "Người có tên trong danh sách mà đến ngày bỏ phiếu bị kết án hoặc bị mất năng lực hành "
     "vi thì Ủy ban xóa tên người đó.", "condition"),
    ("Chủ tịch công ty có thể được bổ nhiệm lại nhưng không quá hai nhiệm kỳ liên tiếp.",
     "Chủ tịch công ty có thể được bổ nhiệm lại nhưng không quá hai nhiệm kỳ liên tiếp, "
     "trừ trường hợp người được bổ nhiệm đã có trên 65% vốn điều lệ.", "condition"),
])
def test_differences_between_two_wordings(a: str, b: str, kind: str) -> None:
    v = classify(_side(a), _side(b), cosine=0.95)
    assert (v.label, v.kind) == ("contradiction", kind), v.explanation


@pytest.mark.parametrize(("a", "b"), [
    # a renumbered cross-reference, the same value in digits and in words, one court named
    # in full and short: none changes what the provision says
    ("Việc khiếu nại thực hiện theo quy định tại Điều 39 của Luật này.",
     "Việc khiếu nại thực hiện theo quy định tại Điều 50 của Luật này."),
    # a reworded case before "thì" that is no item of a list of cases
    ("Trường hợp tài sản góp vốn được định giá cao hơn giá trị thực tế tại thời điểm góp vốn "
     "thì người góp vốn phải góp thêm.",
     "Trường hợp tài sản góp vốn được định giá cao hơn giá trị thực tế của tài sản đó tại thời "
     "điểm góp vốn thì người góp vốn phải góp thêm."),
    # a list of clauses cited, one clause more in one of them (not a number for a number)
    ("Trường hợp cần thiết, Hội đồng có thể gia hạn việc sửa chữa theo các khoản 1, 2 và 4 "
     "Điều này.",
     "Trường hợp cần thiết, Hội đồng có thể gia hạn việc sửa chữa theo các khoản 1 và 3 "
     "Điều này."),
    ("Thời gian đào tạo trình độ sơ cấp từ ba tháng đến dưới một năm.",
     "Thời gian đào tạo trình độ sơ cấp từ 03 tháng đến dưới một năm."),
    ("Hồ sơ được gửi cho Tòa án nhân dân nơi có trụ sở.",
     "Hồ sơ được gửi cho Tòa án nơi có trụ sở."),
    # "cấm" and "nghiêm cấm": one ban in two strengths of wording
    ("d) Các hành vi bị cấm khác theo quy định của luật có liên quan.",
     "d) Các hành vi bị nghiêm cấm khác theo quy định của luật có liên quan."),
])
def test_rewordings_that_change_nothing(a: str, b: str) -> None:
    assert classify(_side(a), _side(b), cosine=0.95).label != "contradiction"


def test_two_permits_sharing_only_procedural_words_are_not_one_quantity() -> None:
    """Deadlines of two unrelated permits agree on every procedural word ("trong thời hạn …
    kể từ ngày nhận đủ hồ sơ hợp lệ, cơ quan … phải"); what each number is about differs."""
    a = ("Trong thời hạn 05 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ, cơ quan có thẩm "
         "quyền phải cấp giấy phép tiền chất thuốc nổ.")
    b = ("Trong thời hạn 10 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ, cơ quan có thẩm "
         "quyền phải cấp giấy phép nhập khẩu thuốc thú y.")
    assert classify(_side(a), _side(b), cosine=0.9).label != "contradiction"
    same = b.replace("10 ngày", "15 ngày")
    assert (classify(_side(b), _side(same), cosine=0.95).kind) == "quantity"


def test_reordered_list_and_one_changed_conjunction_are_duplicates() -> None:
    # Phrases written for the test, shaped like two versions of a definitions clause.
    a = _side("19. Người sáng lập hợp tác xã là tổ chức, cá nhân góp vốn để thành lập hợp tác xã.")
    b = _side("25. Người sáng lập hợp tác xã là cá nhân, tổ chức góp vốn để thành lập hợp tác xã.")
    assert classify(a, b, cosine=0.97).label == "duplicate"
    c = _side("3. Chất cấm là chất kích thích, ức chế thần kinh hoặc gây ảo giác khi dùng lâu dài.")
    d = _side("3. Chất cấm là chất kích thích hoặc ức chế thần kinh hoặc gây ảo giác khi dùng lâu "
              "dài.")
    assert classify(c, d, cosine=0.99).label == "duplicate"
    # Two content words changed: no longer near-verbatim.
    e = _side("3. Chất cấm là chất kích thích, ức chế thần kinh hoặc gây nghiện khi dùng thường "
              "xuyên.")
    assert classify(c, e, cosine=0.95).label != "duplicate"


def test_what_a_repetition_may_change_leaves_a_duplicate() -> None:
    # Phrases written for the test, shaped like an article kept between two versions of a law.
    a = _side("Điều 12\nCơ quan được hỏi ý kiến có trách nhiệm trả lời bằng văn bản trong thời "
              "hạn mười lăm ngày, kể từ ngày nhận được hồ sơ.")
    b = _side("Điều 14. Trả lời ý kiến\nCơ quan được hỏi ý kiến có trách nhiệm trả lời bằng văn "
              "bản trong thời hạn 15 ngày kể từ ngày nhận được hồ sơ theo quy định tại khoản 2 "
              "Điều 13 của Luật này.")
    assert classify(a, b, cosine=0.93).label == "duplicate"
    c = _side("1. Người đứng đầu cơ quan (sau đây gọi chung là thủ trưởng) chấp hành chậm nhất "
              "là 05 ngày trước phiên họp.")
    d = _side("1. Người đứng đầu cơ quan chấp hành chậm nhất là 5 ngày trước phiên họp.")
    assert classify(c, d, cosine=0.95).label == "duplicate"
    # Near-miss: the number itself changed.
    e = _side("1. Người đứng đầu cơ quan chấp hành chậm nhất là 7 ngày trước phiên họp.")
    assert classify(d, e, cosine=0.97).label != "duplicate"


def test_a_list_that_gains_an_item_is_no_duplicate() -> None:
    # Phrases written for the test: the second names one more holder than the first.
    a = _side("1. Việc kiểm tra hội viên hiệp hội được tiến hành theo nguyên tắc công khai, "
              "khách quan và đúng thẩm quyền.")
    b = _side("1. Việc kiểm tra hội viên hiệp hội và hội viên liên hiệp được tiến hành theo "
              "nguyên tắc công khai, khách quan và đúng thẩm quyền.")
    assert classify(a, b, cosine=0.96).label != "duplicate"


def test_definitions_that_reword_are_not_definition_conflicts() -> None:
    # A definition given without its article is still read as one (classify-pairs input) …
    a = _side("2. Công cụ số là giải pháp, quy trình có kèm hoặc không kèm thiết bị dùng để xử lý "
              "dữ liệu.")
    b = _side("7. Công cụ số là giải pháp, quy trình kỹ thuật có kèm theo hoặc không kèm theo "
              "thiết bị dùng để xử lý dữ liệu.")
    assert [d.term.text for d in a.annotations.definitions] == ["Công cụ số"]
    v = classify(a, b, cosine=0.93)
    assert v.label != "contradiction"
    # … and one that says something else of the same term conflicts.
    c = _side("5. Công cụ số là quyền được cơ quan nhà nước cấp cho tổ chức để thu phí sử dụng "
              "mạng viễn thông.")
    v = classify(a, c, cosine=0.7)
    assert (v.label, v.kind) == ("contradiction", "definition")


def test_between_regimes_a_number_needs_the_same_subject() -> None:
    # Phrases written for the test. Two unrelated laws, one kind of step: no conflict …
    a = _side("2. Cơ quan được lấy ý kiến có trách nhiệm trả lời bằng văn bản trong thời hạn "
              "15 ngày kể từ ngày nhận được hồ sơ về điều ước quốc tế.", title="Luật Điều ước "
              "quốc tế")
    b = _side("2. Cơ quan được lấy ý kiến có trách nhiệm trả lời bằng văn bản trong thời hạn "
              "10 ngày kể từ ngày nhận được hồ sơ về dự thảo nghị quyết.", title="Luật Tổ chức "
              "Quốc hội")
    assert classify(a, b, cosine=0.9).label != "contradiction"
    # … the same quantity named the same way in both: a conflict, whichever law prevails.
    c = _side("Thời hiệu khởi kiện đối với tranh chấp thương mại là hai năm, kể từ thời điểm "
              "quyền lợi bị xâm phạm.", title="Luật Thương mại")
    d = _side("Thời hiệu khởi kiện để yêu cầu Tòa án giải quyết tranh chấp hợp đồng là 03 năm, "
              "kể từ ngày biết quyền lợi bị xâm phạm.", title="Bộ luật Dân sự")
    v = classify(c, d, cosine=0.75)
    assert (v.label, v.kind) == ("contradiction", "quantity")
    # Within one regime (versions of one law) the context rules still decide.
    e = _side(a.text, title="Luật Điều ước quốc tế")
    f = _side(b.text.replace("dự thảo nghị quyết", "điều ước quốc tế"), title="Luật Điều ước "
              "quốc tế năm 2016")
    assert classify(e, f, cosine=0.95).label == "contradiction"
    # A law and its successor under another title, one sentence with one number changed: the
    # words around the number agree so closely that the clause subject need not be found.
    g = _side("4. Trong quá trình học nghề nếu người học nghề đi làm nghĩa vụ quân sự thì được "
              "bảo lưu kết quả. Thời gian được bảo lưu kết quả học tập của người học không quá "
              "bốn năm.", title="Luật Dạy nghề")
    h = _side("6. Trong quá trình học tập nếu người học đi làm nghĩa vụ quân sự thì được bảo lưu "
              "kết quả. Thời gian được bảo lưu kết quả học tập của người học không quá 05 năm.",
              title="Luật Giáo dục nghề nghiệp")
    v = classify(g, h, cosine=0.9)
    assert (v.label, v.kind) == ("contradiction", "quantity")


def test_quantity_evidence_is_the_value_that_differs() -> None:
    a = _side("Hội đồng quản trị có ít nhất 05 thành viên và không quá 11 thành viên.")
    b = _side("Hội đồng quản trị có ít nhất 05 thành viên và không quá 09 thành viên.")
    v = classify(a, b, cosine=0.97)
    assert (v.label, v.kind) == ("contradiction", "quantity")
    assert {e["text"] for e in v.evidence} == {"11 thành viên", "09 thành viên"}


def test_a_near_verbatim_text_with_another_holder_is_no_duplicate() -> None:
    # Phrases written for the test: one article, the mandating authority changed.
    text = ("4. Người đứng đầu đoàn đàm phán tham dự hội nghị quốc tế phải được {} ủy nhiệm "
            "bằng văn bản. Trong trường hợp phải ủy nhiệm cho các thành viên của đoàn tham dự "
            "hội nghị quốc tế theo quy định của hội nghị thì cơ quan đề xuất có trách nhiệm "
            "báo cáo bằng văn bản về thành phần, nhiệm vụ và quyền hạn của đoàn.")
    a = _side(text.format("Chính phủ"))
    b = _side(text.format("Thủ tướng Chính phủ"))
    v = classify(a, b, cosine=0.97)
    assert (v.label, v.kind) == ("contradiction", "competence")
    # The same article renumbered stays a duplicate.
    c = _side(a.text.replace("4.", "7.", 1))
    assert classify(a, c, cosine=0.99).label == "duplicate"


def test_one_template_for_another_body_is_no_competence_conflict() -> None:
    # Phrases written for the test: each body over its own appointees, its own deputies.
    a = _side("2. Bỏ phiếu tín nhiệm đối với người giữ chức vụ do Hội đồng nhân dân bầu theo "
              "quy định của Luật này.")
    b = _side("8. Bỏ phiếu tín nhiệm đối với người giữ chức vụ do Quốc hội bầu theo quy định "
              "của Luật này.")
    assert classify(a, b, cosine=0.95).label != "contradiction"
    c = _side("1. Khi tiếp công dân, đại biểu Hội đồng nhân dân có trách nhiệm chuyển kiến nghị "
              "đến cơ quan có thẩm quyền giải quyết.")
    d = _side("1. Khi tiếp công dân, đại biểu Quốc hội có trách nhiệm chuyển kiến nghị đến cơ "
              "quan có thẩm quyền giải quyết.")
    assert classify(c, d, cosine=0.95).label != "contradiction"
    # The power itself moved to another body still conflicts.
    e = _side("3. Hội đồng nhân dân quyết định bãi bỏ văn bản trái pháp luật của Ủy ban nhân dân "
              "cùng cấp.")
    f = _side("3. Chủ tịch Ủy ban nhân dân quyết định bãi bỏ văn bản trái pháp luật của Ủy ban "
              "nhân dân cùng cấp.")
    v = classify(e, f, cosine=0.95)
    assert (v.label, v.kind) == ("contradiction", "competence")


def test_quorums_of_different_bodies_are_not_one_quantity() -> None:
    # Phrases written for the test: two laws, two bodies' meetings.
    a = _side("6. Cuộc họp Đại hội thành viên được tiến hành khi có ít nhất 75% tổng số thành "
              "viên tham dự.", title="Luật Hợp tác xã")
    b = _side("8. Cuộc họp Hội đồng quản trị được tiến hành khi có ít nhất 60% tổng số thành "
              "viên tham dự.", title="Luật Doanh nghiệp")
    assert classify(a, b, cosine=0.85).label != "contradiction"
    # The same body's meeting in two laws is one quantity.
    c = _side("8. Cuộc họp Hội đồng quản trị được tiến hành khi có ít nhất 75% tổng số thành "
              "viên tham dự.", title="Luật Chứng khoán")
    v = classify(b, c, cosine=0.95)
    assert (v.label, v.kind) == ("contradiction", "quantity")


def test_a_share_that_names_a_class_of_enterprise_is_no_threshold() -> None:
    # Written for the test (reviews 3, 5, 6: every such live pair read false): the share says
    # which enterprises a clause is about; between two laws it is not one quantity …
    a = ("11. Doanh nghiệp nhà nước bao gồm các doanh nghiệp do Nhà nước nắm giữ trên 50% vốn "
         "điều lệ theo quy định tại Điều 88 của Luật này.")
    b = ("5. Người đại diện phần vốn của doanh nghiệp do Nhà nước nắm giữ 100% vốn điều lệ là cá "
         "nhân được doanh nghiệp ủy quyền bằng văn bản.")
    v = classify(_side(a, title="Luật Doanh nghiệp"),
                 _side(b, title="Luật Quản lý, sử dụng vốn nhà nước tại doanh nghiệp"), 0.8)
    assert v.label != "contradiction"
    # … while two versions of one law that change the share do conflict.
    old = ("2. Việc tổ chức quản lý doanh nghiệp do Nhà nước nắm giữ dưới 100% vốn điều lệ thực "
           "hiện theo quy định tại Chương V của Luật này.")
    new = ("2. Doanh nghiệp do Nhà nước nắm giữ trên 50% vốn điều lệ được tổ chức quản lý theo "
           "quy định tại Chương V của Luật này.")
    v = classify(_side(old, title="Luật Doanh nghiệp"), _side(new, title="Luật Doanh nghiệp"), 0.85)
    assert (v.label, v.kind) == ("contradiction", "quantity")


def test_a_general_law_that_defers_resolves_the_difference() -> None:
    """"Trường hợp luật khác có quy định khác … thì áp dụng quy định của luật đó": the other
    law's rule is the designed special rule, so the pair is no live contradiction; a law that
    claims priority for itself only decides which side prevails."""
    from types import SimpleNamespace

    from lexoverlap._findings import _apply_priority
    from lexoverlap.detect import Verdict

    meta = {"general": {"rank": 3}, "special": {"rank": 3}, "decree": {"rank": 5}}
    corpus = SimpleNamespace(meta=meta, priority={"general": ("defers", "general/art3")})
    v = Verdict("contradiction", 0.9, "quantity", explanation="90 days vs 30 days.")
    _apply_priority(v, "general", "special", corpus)  # type: ignore[arg-type]
    assert (v.label, v.kind, v.prevails) == ("related", None, "b")
    assert "defers" in v.explanation and "90 days vs 30 days" in v.explanation
    # A law claiming priority: still a contradiction, with the claiming side prevailing.
    corpus.priority = {"special": ("self", "special/art4")}
    v = Verdict("contradiction", 0.9, "quantity", explanation="90 days vs 30 days.")
    _apply_priority(v, "general", "special", corpus)  # type: ignore[arg-type]
    assert (v.label, v.prevails) == ("contradiction", "b") and "claims priority" in v.rule
    # No clause lifts a document over a higher legal effect.
    corpus.priority = {"general": ("defers", "general/art3")}
    v = Verdict("contradiction", 0.9, "quantity")
    _apply_priority(v, "general", "decree", corpus)  # type: ignore[arg-type]
    assert v.label == "contradiction"


def test_a_model_law_binds_no_one() -> None:
    """UNCITRAL's model law sits in the corpus beside the Arbitration Law that follows it: a
    number the Vietnamese law chose differently (45 vs 60 days for an additional award) is a
    drafting choice, not a conflict; between two laws the same difference stays one."""
    from types import SimpleNamespace

    from lexoverlap._findings import _adjust
    from lexoverlap.detect import Verdict

    meta = {"arbitration": {"rank": 3, "doc_type": "Luật", "effective": None, "signed": None},
            "model": {"rank": None, "doc_type": "Luật  mẫu", "effective": None, "signed": None},
            "other": {"rank": 3, "doc_type": "Luật", "effective": None, "signed": None}}
    corpus = SimpleNamespace(meta=meta, changes={}, ended={}, priority={})
    v = Verdict("contradiction", 0.9, "quantity", "a", "later law",
                explanation="45 days vs 60 days.")
    _adjust(v, "arbitration/art63/cl4", "model/art33/cl3", corpus)  # type: ignore[arg-type]
    assert (v.label, v.kind, v.prevails, v.rule) == ("related", None, None, None)
    assert "model law" in v.explanation and "45 days vs 60 days" in v.explanation
    v = Verdict("contradiction", 0.9, "quantity", "a", "later law",
                explanation="45 days vs 60 days.")
    _adjust(v, "arbitration/art63/cl4", "other/art1", corpus)  # type: ignore[arg-type]
    assert (v.label, v.kind) == ("contradiction", "quantity")


@pytest.mark.parametrize(("text", "stretch", "values"), [
    ("theo các khoản 1, 2 và 4 Điều này", "2 và 4", []),  # one reference list
    ("theo khoản 1 và 3 của Luật này", "3", []),
    ("từ khoản 1 đến khoản 3 Điều này", "3", []),
    ("hồ sơ nêu tại Điều 5 và 30 ngày làm việc", "30", [30.0]),  # a deadline after the list
    ("trong thời hạn 30 ngày và 15 ngày", "15", [15.0]),
    ("thì bị phạt tù từ 02 năm đến 07 năm", "07", [7.0]),  # "năm" is a unit, not a list
    ("thời hạn 5 năm hoặc 10 năm", "10", [10.0]),
    ("phạt tiền 500.000 đồng", "500.000", [500000.0]),
])
def test_numbers_of_a_changed_stretch(text: str, stretch: str, values: list[float]) -> None:
    """What a changed stretch between two wordings states: the numbers of a cited list are
    references, not quantities (the full review of live contradictions found "các khoản 1, 2
    và 4" vs "khoản 1 và 3" reported as «4» vs «3»)."""
    from lexoverlap.detect import _numbers_in, _tokens

    toks = _tokens(text)
    at = text.index(stretch)
    i = next(k for k, t in enumerate(toks) if t.start >= at)
    j = next((k for k, t in enumerate(toks) if t.start >= at + len(stretch)), len(toks))
    after = toks[j] if j < len(toks) else None
    assert _numbers_in(toks[i:j], toks[max(0, i - 8):i], after) == values


def test_a_definition_that_excludes_what_the_other_takes_in() -> None:
    """One law's term leaves out a class the other law's same term covers ("…, trừ doanh
    nghiệp có vốn đầu tư nước ngoài"): the two definitions disagree although their words
    align; "loại trừ" (eliminate) is no exclusion."""
    a = ("27. Tổ chức kinh tế là doanh nghiệp, hợp tác xã và tổ chức kinh tế khác theo quy định "
         "của pháp luật, trừ doanh nghiệp có vốn đầu tư nước ngoài.")
    b = ("21. Tổ chức kinh tế là doanh nghiệp, hợp tác xã và tổ chức kinh tế khác theo quy định "
         "của pháp luật thực hiện hoạt động đầu tư kinh doanh.")
    v = classify(_side(a), _side(b), cosine=0.9)
    assert (v.label, v.kind) == ("contradiction", "definition"), v.explanation
    from lexoverlap.detect import _excluded_in_one

    # a compound with "trừ" excludes nothing (deduct, offset, exempt …)
    for compound in ("khấu trừ một phần thu nhập", "thanh toán bù trừ séc", "miễn trừ thuế",
                     "số tiền được trừ vào thu nhập"):
        assert not _excluded_in_one(compound, "thu nhập"), compound
    assert _excluded_in_one("(trừ hộ kinh doanh)", "hộ kinh doanh")
    c = ("2. Bảo vệ an ninh là phòng ngừa, phát hiện, ngăn chặn các hoạt động xâm phạm an ninh "
         "và loại trừ nguy cơ đe dọa an ninh.")
    d = "2. Bảo vệ an ninh là phòng ngừa, phát hiện, ngăn chặn các hoạt động xâm phạm an ninh."
    assert classify(_side(c), _side(d), cosine=0.9).label != "contradiction"


def test_a_definition_borrowed_from_another_law_is_no_conflict() -> None:
    """"… theo quy định của Luật Đầu tư" takes the other law's meaning: worded differently, it
    says the same; "theo quy định của Luật này" borrows nothing."""
    a = "17. Nhà đầu tư nước ngoài là cá nhân, tổ chức theo quy định của Luật Đầu tư."
    b = ("19. Nhà đầu tư nước ngoài là cá nhân có quốc tịch nước ngoài, tổ chức thành lập theo "
         "pháp luật nước ngoài thực hiện hoạt động đầu tư kinh doanh tại Việt Nam.")
    assert classify(_side(a), _side(b), cosine=0.9).label != "contradiction"
    own = "17. Nhà đầu tư nước ngoài là cá nhân, tổ chức theo quy định của Luật này."
    v = classify(_side(own), _side(b), cosine=0.9)
    assert (v.label, v.kind) == ("contradiction", "definition"), v.explanation


def test_two_short_names_are_not_two_definitions() -> None:
    """Two laws that shorten one name, or a short name against a defined term, define nothing
    twice (detect.v21 flagged "Ngân hàng Nhà nước" in the Law on the State Bank against the
    Law on Credit Institutions' "Vốn tự có …" clause that shortens the same name)."""
    a = ("1. Ngân hàng Trung ương Việt Nam (sau đây gọi là Ngân hàng) là cơ quan ngang bộ của "
         "Chính phủ.")
    b = ("10. Vốn riêng gồm vốn điều lệ của tổ chức và các quỹ dự trữ theo quy định của Ngân "
         "hàng Trung ương Việt Nam (sau đây gọi là Ngân hàng).")
    assert classify(_side(a), _side(b), cosine=0.9).kind != "definition"
    c = "18. Nhà đầu tư dự án (sau đây gọi là nhà đầu tư) là pháp nhân tham gia dự án đối tác."
    d = "18. Nhà đầu tư là tổ chức, cá nhân thực hiện hoạt động đầu tư kinh doanh."
    assert classify(_side(c), _side(d), cosine=0.9).kind != "definition"
    # the term defined is still "Nhà đầu tư dự án": defined otherwise, it conflicts
    e = "5. Nhà đầu tư dự án là cá nhân góp vốn vào quỹ đầu tư của Nhà nước ở nước ngoài."
    v = classify(_side(c), _side(e), cosine=0.9)
    assert (v.label, v.kind) == ("contradiction", "definition"), v.explanation


def test_one_negation_in_two_word_orders_is_no_turned_qualifier() -> None:
    """"mà không bị pháp luật cấm" and "mà pháp luật không cấm" say one thing; a "không" only
    one definition says turns a qualifier around."""
    a = "3. Hoạt động tình nguyện là việc làm có ích cho cộng đồng mà không bị pháp luật cấm."
    b = "3. Hoạt động tình nguyện là việc làm có ích cho cộng đồng mà pháp luật không cấm."
    assert classify(_side(a), _side(b), cosine=0.95).label != "contradiction"
    c = "3. Hoạt động tình nguyện là việc làm có ích cho cộng đồng mà pháp luật cấm."
    v = classify(_side(a), _side(c), cosine=0.95)
    assert (v.label, v.kind) == ("contradiction", "definition"), v.explanation


def test_shares_of_members_that_decide_different_things() -> None:
    """One third of a council's members to propose a committee and two thirds to dismiss its
    chair are two thresholds of two decisions; one third and one half to dismiss the chair
    conflict."""
    propose = ("Hội đồng vùng quyết định thành lập tổ công tác lâm thời theo đề nghị của ít nhất "
               "một phần ba tổng số thành viên Hội đồng vùng.")
    dismiss = ("Hội đồng vùng quyết định bãi nhiệm Chủ tịch khi có ít nhất {} tổng số thành viên "
               "Hội đồng vùng biểu quyết tán thành việc bãi nhiệm Chủ tịch.")
    v = classify(_side(propose), _side(dismiss.format("hai phần ba")), cosine=0.8)
    assert v.label != "contradiction", v.explanation
    w = classify(_side(dismiss.format("một phần hai")), _side(dismiss.format("hai phần ba")),
                 cosine=0.9)
    assert (w.label, w.kind) == ("contradiction", "quantity"), w.explanation


def test_a_pointer_renumbered_between_versions_is_no_change() -> None:
    """Two versions of one law point into themselves under their own numbering: "khoản 5 Điều
    12 của Luật này" and "khoản 5 Điều 18 của Luật này" in two versions of one article are one
    wording; in two different laws they point at different rules."""
    text = ("3. Việc thanh toán các khoản phí của hội viên được thực hiện theo quy định tại khoản "
            "5 Điều {} của Luật này.")
    old, new = text.format(12), text.format(18)
    a = Side(old, annotate_text(old), ref="1-2010-QH12/ch2/art13/cl3",
             versions=frozenset({"2-2020-QH14"}))
    b = Side(new, annotate_text(new), ref="2-2020-QH14/ch2/art19/cl3",
             versions=frozenset({"1-2010-QH12"}))
    assert classify(a, b, cosine=0.97).label == "duplicate"
    c = Side(new, annotate_text(new), ref="3-2020-QH14/ch2/art19/cl3")
    d = Side(old, annotate_text(old), ref="1-2010-QH12/ch2/art13/cl3")
    assert classify(d, c, cosine=0.97).label != "duplicate"


def test_the_case_list_before_thi() -> None:
    """A case list is opened by "nếu / khi / trường hợp / mà" (not "sau khi", a step) and
    closed by "thì"; the dot of "1.000.000" ends no sentence."""
    from lexoverlap.detect import _listed_case

    def listed(text: str, item: str) -> bool:
        at = text.index(item)
        return _listed_case(text, at, at + len(item))

    t = "Trường hợp giá trị trên 1.000.000 đồng, tài sản bị hư hỏng hoặc mất thì phải bồi thường."
    assert listed(t, "tài sản bị hư hỏng")
    assert not listed("Sau khi nhận hồ sơ, kiểm tra hồ sơ và lập biên bản thì cơ quan trả lời.",
                      "lập biên bản")
    assert not listed("Cơ quan nhận hồ sơ, kiểm tra hồ sơ và lập biên bản.", "lập biên bản")


def _versioned(text: str, ref: str, title: str, versions: tuple[str, ...] = ()) -> Side:
    return Side(text, annotate_text(text), ref=ref, title=title, versions=frozenset(versions))


def test_two_versions_of_one_law_are_one_regime() -> None:
    """A law and the law that replaced it under a new title govern one regime: what would be
    parallel regimes between two unrelated laws (each text names its own title's matter) is
    a changed number between versions."""
    a = "Trung tâm dạy nghề phải báo cáo kết quả tuyển sinh trong thời hạn 15 ngày."
    b = "Trung tâm giáo dục nghề nghiệp phải báo cáo kết quả tuyển sinh trong thời hạn 30 ngày."
    apart = classify(_versioned(a, "d1/art5", "Luật Dạy nghề"),
                     _versioned(b, "d2/art7", "Luật Giáo dục nghề nghiệp"), cosine=0.9)
    assert apart.label != "contradiction" and "parallel regimes" in apart.explanation
    one = classify(_versioned(a, "d1/art5", "Luật Dạy nghề", ("d2",)),
                   _versioned(b, "d2/art7", "Luật Giáo dục nghề nghiệp", ("d1",)), cosine=0.9)
    assert (one.label, one.kind) == ("contradiction", "quantity"), one.explanation


def test_one_template_in_two_regimes_is_related_not_overlap() -> None:
    """The same duty written for two matters is two rules (related); the same words in two
    versions of one law state one rule twice (overlap)."""
    a = ("Bộ, cơ quan ngang bộ trong phạm vi nhiệm vụ, quyền hạn của mình thực hiện quản lý "
         "nhà nước về dạy nghề.")
    b = ("Bộ, cơ quan ngang bộ trong phạm vi nhiệm vụ, quyền hạn của mình có trách nhiệm phối "
         "hợp thực hiện quản lý nhà nước về giáo dục nghề nghiệp theo phân công của Chính phủ.")
    apart = classify(_versioned(a, "d1/art5", "Luật Dạy nghề"),
                     _versioned(b, "d2/art7", "Luật Giáo dục nghề nghiệp"), cosine=0.9)
    assert apart.label == "related", apart.explanation
    one = classify(_versioned(a, "d1/art5", "Luật Dạy nghề", ("d2",)),
                   _versioned(b, "d2/art7", "Luật Giáo dục nghề nghiệp", ("d1",)), cosine=0.9)
    assert one.label == "overlap", one.explanation


def _across(a: str, title_a: str, b: str, title_b: str) -> Verdict:
    """Two provisions of two laws that are not versions of each other, at cosine 0.9."""
    return classify(_versioned(a, "d1/art9", title_a), _versioned(b, "d2/art4", title_b),
                    cosine=0.9)


def test_a_template_shared_by_laws_on_different_matters_is_related() -> None:
    """Two laws on different matters that word one clause alike (the sanction clause, a
    party's right to evidence) state two parallel rules, each for its own subject: related,
    not overlap or subsumes (PAIRS_GUIDE, "Parallel provisions"). They state one rule when
    they name it alike: the same term defined, or the same numbers; and two laws whose
    titles share their matter state one rule twice, unless they are sibling codes."""
    sport = ("Người nào có hành vi vi phạm pháp luật về thể dục, thể thao thì tùy theo tính "
             "chất, mức độ vi phạm mà bị xử lý kỷ luật hoặc xử phạt vi phạm hành chính.")
    militia = ("Dân quân tự vệ khi làm nhiệm vụ nếu vi phạm pháp luật thì tùy tính chất, mức "
               "độ vi phạm mà bị xử lý kỷ luật hoặc xử phạt vi phạm hành chính.")
    apart = _across(sport, "Luật Thể dục, thể thao", militia, "Luật Dân quân tự vệ")
    assert apart.label == "related", apart.explanation
    # … and says why: the wording is shared, the matters are not
    assert "parallel provisions" in apart.explanation and "Dân quân tự vệ" in apart.explanation
    one = _across(sport, "Luật Thể dục, thể thao", militia,
                  "Luật Thể dục, thể thao cho mọi người")
    assert one.label == "overlap", one.explanation
    # the same numbers: one rule (the council's size in the election law and the
    # local-government law)
    seats = ("Tỉnh miền núi có từ 500.000 người trở xuống được bầu 50 đại biểu, nhưng tổng số "
             "không quá 85 đại biểu.")
    seats_b = ("Tỉnh miền núi, vùng cao có từ 500.000 dân trở xuống được bầu 50 đại biểu, "
               "nhưng tổng số không quá 85 đại biểu.")
    same = _across(seats, "Luật Bầu cử đại biểu Hội đồng nhân dân", seats_b,
                   "Luật Tổ chức chính quyền địa phương")
    assert same.label in {"overlap", "duplicate"}, same.explanation
    # the same term defined: one concept
    term_a = ("Cưỡng bức lao động là việc dùng vũ lực, đe dọa dùng vũ lực hoặc thủ đoạn khác "
              "nhằm buộc người khác lao động trái ý muốn của họ.")
    term_b = ("Cưỡng bức lao động là việc dùng vũ lực, đe dọa dùng vũ lực hoặc thủ đoạn khác "
              "để ép buộc người lao động làm việc trái ý muốn của họ.")
    defined = _across(term_a, "Luật Phòng, chống mua bán người", term_b, "Bộ luật Lao động")
    assert defined.label == "overlap", defined.explanation
    # a clause inside a longer one: subsumes within one matter, related across two, and
    # related between sibling codes (one head, two qualifiers)
    short = ("Việc lấy ý kiến cộng đồng dân cư về đồ án quy hoạch phân khu được thực hiện "
             "bằng phiếu góp ý thông qua hình thức trưng bày công khai.")
    long = short.replace("phân khu", "phân khu, quy hoạch chung xây dựng xã và quy hoạch "
                                     "xây dựng điểm dân cư nông thôn")
    across = _across(short, "Luật Quy hoạch đô thị", long, "Luật Xây dựng")
    assert across.label == "related", across.explanation
    within = _across(short, "Luật Quy hoạch đô thị", long, "Luật Quy hoạch đô thị và nông thôn")
    assert within.label == "subsumes", within.explanation
    siblings = _across(short, "Luật Quy hoạch đô thị", long, "Luật Quy hoạch nông thôn")
    assert siblings.label == "related" and "parallel provisions" in siblings.explanation


def test_one_clause_word_for_word_in_laws_on_different_matters_is_related() -> None:
    """detect.v19: a clause two laws on different matters repeat word for word, each of "this
    Law" (written for the test: which rules prevail over the law), is two parallel provisions:
    related, not a duplicate. Within one matter, or between two versions, it is a duplicate;
    between sibling codes (detect.v20) related again, unless the two define one term."""
    clause = ("Trường hợp luật khác có quy định khác với quy định của Luật này về cùng một vấn "
              "đề thì áp dụng quy định của Luật này, trừ trường hợp luật khác quy định rõ việc "
              "áp dụng luật đó.")
    apart = _across(clause, "Luật Lưu trữ", clause, "Luật Thú y")
    assert apart.label == "related" and "parallel provisions" in apart.explanation, \
        apart.explanation
    one = _across(clause, "Luật Lưu trữ", clause, "Luật Lưu trữ và thư viện")
    assert one.label == "duplicate", one.explanation
    # detect.v20: sibling codes (one title head, two qualifiers) are parallel regimes too …
    siblings = _across(clause, "Luật Lưu trữ nhà nước", clause, "Luật Lưu trữ tư nhân")
    assert siblings.label == "related", siblings.explanation
    # … unless both define the same term (one concept in two laws)
    term = "Sự kiện bất khả kháng là sự kiện xảy ra một cách khách quan không thể lường trước."
    defined = _across(term, "Luật Lưu trữ nhà nước", term, "Luật Lưu trữ tư nhân")
    assert defined.label == "duplicate", defined.explanation
    versions = classify(_versioned(clause, "d1/art3", "Luật Lưu trữ", ("d2",)),
                        _versioned(clause, "d2/art4", "Luật Lưu trữ", ("d1",)), cosine=1.0)
    assert versions.label == "duplicate", versions.explanation


def test_a_bound_that_now_takes_its_number_in_is_a_quantity_change() -> None:
    """"hơn 02 năm" (more than two years) → "từ 02 năm trở lên" (two years or more): the same
    number, but the boundary case now qualifies. Near-misses: both inclusive ("ít nhất" / "từ
    … trở lên"), both strict ("dưới" / "chưa đủ")."""
    old = ("Công ty được hoàn trả một phần vốn góp cho cổ đông nếu công ty đã hoạt động kinh "
           "doanh liên tục trong {bound} kể từ ngày đăng ký doanh nghiệp và bảo đảm thanh toán "
           "đủ các khoản nợ.")

    def pair(x: str, y: str) -> object:
        return classify(_versioned(old.format(bound=x), "d1/art5", "Luật Doanh nghiệp", ("d2",)),
                        _versioned(old.format(bound=y), "d2/art5", "Luật Doanh nghiệp", ("d1",)),
                        cosine=0.97)
    v = pair("hơn 02 năm", "từ 02 năm trở lên")
    assert (v.label, v.kind) == ("contradiction", "quantity"), v.explanation
    assert [e["text"] for e in v.evidence] == ["hơn 02 năm", "02 năm trở lên"]
    for x, y in (("ít nhất 02 năm", "từ 02 năm trở lên"), ("dưới 02 năm", "chưa đủ 02 năm")):
        same = pair(x, y)
        assert same.label != "contradiction", (x, y, same.explanation)


def test_a_case_moved_within_the_sentence_is_not_added() -> None:
    """An item only one case list has is a condition difference, unless the other wording
    names it elsewhere in the sentence."""
    b = ("Người học khi chuyển từ trình độ đào tạo thấp lên trình độ đào tạo cao hơn cùng ngành "
         "hoặc khi chuyển sang học ngành khác thì không phải học lại những nội dung đã học.")
    a = ("Người học khi chuyển từ trình độ thấp lên trình độ cao hơn cùng ngành hoặc khi chuyển "
         "sang học ngành, trình độ đào tạo khác thì không phải học lại những nội dung đã học.")
    assert classify(_side(a), _side(b), cosine=0.95).label != "contradiction"
    c = a.replace("ngành, trình độ đào tạo khác", "ngành, hình thức đào tạo khác")
    v = classify(_side(c), _side(b), cosine=0.95)
    assert (v.label, v.kind) == ("contradiction", "condition"), v.explanation


def test_decomposed_unicode_input_reads_as_composed() -> None:
    """classify-pairs input in NFD (as some editors and PDF extractors give it) is normalised
    like any ingested text: the same verdict and the same evidence spans as NFC."""
    from lexoverlap.classify import side

    a = ("Cơ quan quản lý dữ liệu có trách nhiệm cung cấp dữ liệu trong thời hạn 15 ngày làm "
         "việc kể từ ngày nhận được yêu cầu hợp lệ.")
    b = a.replace("15", "30")
    verdicts = []
    for form in ("NFC", "NFD"):
        sa = side(unicodedata.normalize(form, a), "a")
        sb = side(unicodedata.normalize(form, b), "b")
        assert sa.text == a
        verdicts.append(classify(sa, sb, cosine=0.9))
    assert verdicts[0].kind == verdicts[1].kind == "quantity"
    assert verdicts[0].evidence == verdicts[1].evidence


def test_a_condition_said_as_a_relative_clause_is_no_added_condition() -> None:
    # Phrases written for the test: the same case as "nếu …" and inside the subject …
    a = _side("4. Trên sách, băng đĩa nếu có nội dung không phù hợp với trẻ em thì phải thông "
              "báo hoặc ghi rõ trẻ em ở lứa tuổi nào không được xem.")
    b = _side("2. Sách, băng đĩa, trò chơi điện tử có nội dung không phù hợp với trẻ em phải "
              "thông báo hoặc ghi rõ độ tuổi trẻ em không được xem.")
    v = classify(a, b, cosine=0.9)
    assert not (v.label == "contradiction" and v.kind == "condition")
    # … while a case the other text does not name is still an added condition.
    c = _side("2. Sách, băng đĩa phải ghi rõ lứa tuổi không được sử dụng.")
    d = _side("2. Sách, băng đĩa nếu được phát hành trên mạng thì phải ghi rõ lứa tuổi không "
              "được sử dụng.")
    v = classify(c, d, cosine=0.9)
    assert (v.label, v.kind) == ("contradiction", "condition")


def test_words_a_rewording_drops_count_even_when_used_elsewhere() -> None:
    # Phrases written for the test: the list items lose "thay đổi", a word the lead-in keeps.
    a = _side("1. Doanh nghiệp phải báo cáo khi có thay đổi sau đây: a) Thay đổi địa chỉ trụ sở; "
              "b) Thay đổi người đại diện; c) Thay đổi vốn điều lệ.")
    b = _side("1. Doanh nghiệp phải báo cáo khi có thay đổi sau đây: a) Địa chỉ trụ sở; b) Người "
              "đại diện; c) Vốn điều lệ.")
    assert classify(a, b, cosine=0.95).label != "duplicate"


def test_two_short_items_that_name_two_fields_are_no_duplicate() -> None:
    # Phrases written for the test: one word of a short item changes the field it governs.
    a = _side("9. Hợp tác quốc tế về hải quan.")
    b = _side("11. Hợp tác quốc tế về hàng hải.")
    assert classify(a, b, cosine=0.9).label != "duplicate"


def test_a_provision_rewritten_between_versions_states_another_rule() -> None:
    """Two versions of one provision that keep the matter but few of their words in order:
    the later version states another rule (a version change; the evidence is what each side
    says between the words they share at the start and the end). Not between two laws that
    are no versions of each other, and not when the store knows the two are not each other's
    nearest counterparts."""
    old = ("Danh hiệu Chiến sĩ thi đua cơ sở được xét tặng cho cá nhân đạt danh hiệu Lao động "
           "tiên tiến và có sáng kiến cải tiến kỹ thuật được cơ sở công nhận.")
    new = ("Danh hiệu Chiến sĩ thi đua cơ sở được xét tặng cho cá nhân có thành tích tiêu biểu "
           "xuất sắc, được bình chọn trong số những người hai năm liền hoàn thành tốt nhiệm vụ "
           "hoặc có đề tài nghiên cứu khoa học đã được nghiệm thu.")
    a = _versioned(old, "d1/art5", "Luật Thi đua, khen thưởng", ("d2",))
    b = _versioned(new, "d2/art9", "Luật Thi đua, khen thưởng", ("d1",))
    v = classify(a, b, cosine=0.75)
    assert (v.label, v.kind) == ("contradiction", "condition"), v.explanation
    assert "rewritten between two versions" in v.explanation
    texts = {"a": old, "b": new}
    assert v.evidence and all(texts[e["side"]][e["start"]:e["end"]] == e["text"]
                              for e in v.evidence)
    assert [e["text"][:20] for e in v.evidence] == ["đạt danh hiệu Lao độ", "có thành tích tiêu b"]
    apart = classify(_versioned(old, "d1/art5", "Luật Thi đua, khen thưởng"),
                     _versioned(new, "d2/art9", "Luật Thi đua, khen thưởng"), cosine=0.75)
    assert apart.label == "related", apart.explanation
    elsewhere = Side(old, annotate_text(old), ref="d1/art5", title="Luật Thi đua, khen thưởng",
                     versions=frozenset(("d2",)), counterparts=frozenset(("d2/art10",)))
    assert classify(elsewhere, b, cosine=0.75).label == "related"
    # Counterparts the store guessed must share more of their words than a given pair.
    guessed = Side(old, annotate_text(old), ref="d1/art5", title="Luật Thi đua, khen thưởng",
                   versions=frozenset(("d2",)), counterparts=frozenset(("d2/art9",)))
    assert classify(guessed, b, cosine=0.75).label == "contradiction"
    far = new.replace("Danh hiệu Chiến sĩ thi đua cơ sở được xét tặng cho cá nhân",
                      "Người lao động được bình xét")
    assert classify(guessed, replace(b, text=far, annotations=annotate_text(far)),
                    cosine=0.75).label == "related"
    # Nothing in what changed names a case (a condition word, a threshold): another provision
    # or the duty restated, not another rule (detect.v15).
    duty = ("Cơ sở lưu trữ phim có trách nhiệm bảo đảm an toàn phim, vật liệu gốc của phim và "
            "bảo quản theo đúng tiêu chuẩn kỹ thuật về lưu trữ.")
    right = ("Chủ sở hữu phim được cơ sở lưu trữ phim bảo quản an toàn bản phim, tư liệu, tài "
             "liệu kèm theo phim và bảo đảm quyền sở hữu trí tuệ của mình.")
    r = classify(_versioned(duty, "d1/art30", "Luật Điện ảnh", ("d2",)),
                 _versioned(right, "d2/art40", "Luật Điện ảnh", ("d1",)), cosine=0.72)
    assert r.label != "contradiction", r.explanation
    # One authority for another in a rewritten provision is a change of competence.
    c = classify(_versioned("Chủ tịch Ủy ban nhân dân cấp tỉnh quyết định chuyển mục đích sử "
                            "dụng rừng phòng hộ do địa phương xác lập.", "d1/art3", "Luật Rừng",
                            ("d2",)),
                 _versioned("Quốc hội quyết định chủ trương chuyển mục đích sử dụng rừng đặc "
                            "dụng có diện tích từ 50 héc ta trở lên; Thủ tướng Chính phủ quyết "
                            "định đối với diện tích nhỏ hơn.", "d2/art4", "Luật Rừng", ("d1",)),
                 cosine=0.7)
    assert (c.label, c.kind) == ("contradiction", "competence"), c.explanation


def test_evidence_spans_point_into_multi_line_provisions() -> None:
    """Numbering is dropped at the start of every line before texts are aligned; evidence
    offsets still point into the provision as stored (a point's "a)" on a later line used to
    shift them)."""
    a = ("Điều 5\n1. Cơ quan tiếp nhận hồ sơ có trách nhiệm:\na) Kiểm tra hồ sơ trong thời hạn "
         "05 ngày làm việc;\nb) Trả lời bằng văn bản cho người nộp hồ sơ.")
    b = a.replace("05 ngày", "10 ngày")
    v = classify(_side(a), _side(b), cosine=0.95)
    assert (v.label, v.kind) == ("contradiction", "quantity"), v.explanation
    texts = {"a": a, "b": b}
    assert v.evidence and all(texts[e["side"]][e["start"]:e["end"]] == e["text"]
                              for e in v.evidence)
    from lexoverlap.detect import _diff_conflict

    c = ("1. Cơ quan tiếp nhận hồ sơ có trách nhiệm:\na) Kiểm tra hồ sơ;\nb) Trả lời người nộp "
         "hồ sơ;\nc) Cơ quan được từ chối hồ sơ thiếu giấy tờ.")
    d = c.replace("Cơ quan được", "Cơ quan không được")
    found = _diff_conflict(_side(c), _side(d))
    assert found is not None and found[0] == "deontic"
    texts = {"a": c, "b": d}
    assert all(texts[e["side"]][e["start"]:e["end"]] == e["text"] for e in found[1])
    old = "Điều 7\nNgười khiếu nại có quyền:\na) Tự mình khiếu nại;\nb) Rút khiếu nại."
    # (since detect.v15 the rewritten part must name cases: here a time limit)
    new = ("1. Người khiếu nại có các quyền sau đây:\na) Nhờ luật sư tư vấn về pháp luật;\n"
           "b) Được biết, đọc, sao chụp tài liệu trong thời hạn 05 ngày;\nc) Rút khiếu nại.")
    w = classify(_versioned(old, "d1/art7", "Luật Khiếu nại", ("d2",)),
                 _versioned(new, "d2/art12", "Luật Khiếu nại", ("d1",)), cosine=0.7)
    assert w.label == "contradiction", w.explanation
    texts = {"a": old, "b": new}
    assert all(texts[e["side"]][e["start"]:e["end"]] == e["text"] for e in w.evidence)


def test_a_version_that_adds_a_passage_subsumes_the_older_wording() -> None:
    """The later version keeps the older provision word for word and adds a passage (a new
    list item): subsumes. Scattered small edits of the same length are the rule restated
    (overlap), and two laws that are no versions of each other are left to the other rules."""
    old = ("Tổ chức Mặt trận có trách nhiệm phối hợp với chính quyền các cấp vận động người "
           "nghiện ma túy cai nghiện; tham gia giáo dục, dạy nghề và giúp đỡ người đã cai "
           "nghiện hòa nhập cộng đồng.")
    new = ("Tổ chức Mặt trận có trách nhiệm phối hợp với chính quyền địa phương các cấp vận "
           "động người nghiện ma túy cai nghiện, điều trị nghiện các chất dạng thuốc phiện bằng "
           "thuốc thay thế tại cơ sở y tế được cấp phép; tham gia giáo dục, dạy nghề và giúp "
           "đỡ người sau cai nghiện hòa nhập cộng đồng.")
    v = classify(_versioned(old, "d1/art9", "Luật Phòng, chống ma túy", ("d2",)),
                 _versioned(new, "d2/art10", "Luật Phòng, chống ma túy", ("d1",)), cosine=0.9)
    assert v.label == "subsumes", v.explanation
    assert "in order" in v.explanation and v.evidence[0]["contained"] == "a"
    edited = ("Tổ chức Mặt trận có nhiệm vụ phối hợp với chính quyền địa phương các cấp vận "
              "động người nghiện ma túy thực hiện cai nghiện; tham gia cảm hóa, giáo dục, dạy "
              "nghề và giúp đỡ người sau cai nghiện hòa nhập cộng đồng.")
    w = classify(_versioned(old, "d1/art9", "Luật Phòng, chống ma túy", ("d2",)),
                 _versioned(edited, "d2/art10", "Luật Phòng, chống ma túy", ("d1",)),
                 cosine=0.9)
    assert w.label == "overlap", w.explanation
    apart = classify(_side(old), _side(new), cosine=0.9)
    assert "in order" not in apart.explanation
    # In a store, only each other's counterparts in the two versions are compared so.
    elsewhere = Side(old, annotate_text(old), ref="d1/art9", title="Luật Phòng, chống ma túy",
                     versions=frozenset(("d2",)), counterparts=frozenset(("d2/art11",)))
    other = classify(elsewhere, _versioned(new, "d2/art10", "Luật Phòng, chống ma túy",
                                           ("d1",)), cosine=0.9)
    assert "in order" not in other.explanation


def test_a_moved_sentence_does_not_hide_an_added_exception() -> None:
    """A later version moves a sentence to the end and adds an exclusion ("không kể …") to the
    deadline: the two wordings are aligned in the order of their matching sentences, and the
    added exception is found (detect.v14)."""
    title = "Luật Hợp tác xã"
    old = ("2. Thành viên phải góp đủ phần vốn đã đăng ký trong thời hạn 60 ngày kể từ ngày hợp "
           "tác xã được cấp giấy chứng nhận đăng ký. Thành viên chỉ được góp vốn bằng quyền sử "
           "dụng đất, máy móc, thiết bị hoặc tài sản khác với tài sản đã đăng ký nếu được đại hội "
           "thành viên đồng ý bằng văn bản. Trong thời hạn này, thành viên có quyền và nghĩa vụ "
           "tương ứng với phần vốn đã đăng ký.")
    new = ("2. Thành viên phải góp đủ phần vốn đã đăng ký trong thời hạn 60 ngày kể từ ngày hợp "
           "tác xã được cấp giấy chứng nhận đăng ký, không kể thời gian làm thủ tục chuyển quyền "
           "sở hữu tài sản góp vốn. Trong thời hạn này, thành viên có quyền và nghĩa vụ tương ứng "
           "với phần vốn đã đăng ký. Thành viên chỉ được góp vốn bằng quyền sử dụng đất, máy móc, "
           "thiết bị hoặc tài sản khác với tài sản đã đăng ký nếu được hội đồng quản trị đồng ý "
           "bằng văn bản.")
    v = classify(_versioned(old, "d1/art20/cl2", title, ("d2",)),
                 _versioned(new, "d2/art21/cl2", title, ("d1",)), cosine=0.93)
    assert (v.label, v.kind) == ("contradiction", "condition"), v.explanation
    assert any(e["text"].startswith("không kể thời gian") for e in v.evidence)


def test_an_added_condition_behind_one_carried_word() -> None:
    """The aligner may leave a word of the shared text ("học") in front of an added "nhưng …"
    clause; that clause is still a condition. A word that ends a compound ("chăm chỉ", "sau
    khi", "địa chỉ") does not open one."""
    title = "Luật Giáo dục nghề nghiệp"
    old = ("1. Khóa bồi dưỡng trình độ sơ cấp được tổ chức từ 02 tháng đến dưới 06 tháng đối với "
           "người có sức khỏe phù hợp với nghề cần học.")
    new = ("1. Khóa bồi dưỡng trình độ sơ cấp được tổ chức từ 02 tháng đến dưới 06 tháng học "
           "nhưng phải bảo đảm ít nhất 120 giờ thực hành đối với người có sức khỏe phù hợp với "
           "nghề cần học.")
    v = classify(_versioned(old, "d1/art11", title, ("d2",)),
                 _versioned(new, "d2/art33/cl1", title, ("d1",)), cosine=0.9)
    assert (v.label, v.kind) == ("contradiction", "condition"), v.explanation
    assert v.evidence[0]["text"].startswith("nhưng phải bảo đảm")
    diligent = "3. Người học phải chăm chỉ, không tự ý bỏ học, không rời bỏ gia đình."
    studying = ("3. Người học phải chăm chỉ học tập, không tự ý bỏ học, không rời bỏ gia đình "
                "sống lang thang.")
    w = classify(_versioned(diligent, "d1/art5/cl3", title, ("d2",)),
                 _versioned(studying, "d2/art6/cl3", title, ("d1",)), cosine=0.9)
    assert w.label != "contradiction", w.explanation


def test_two_penalty_caps_as_shares_conflict_but_a_prison_term_is_no_cap() -> None:
    """"Mức phạt … không quá 8%" (a cap) and "mức phạt … không vượt quá 12%" (read as a fine)
    bound one thing; "phạt tù từ 02 năm" is a prison term, not the cap of anything."""
    cap = _side("Điều 50. Mức phạt vi phạm\nMức phạt đối với vi phạm nghĩa vụ hợp đồng do các bên "
                "thỏa thuận trong hợp đồng, nhưng không quá 8% giá trị phần nghĩa vụ hợp đồng bị "
                "vi phạm.", title="Luật Thương mại")
    public = _side("2. Đối với hợp đồng sử dụng vốn nhà nước, mức phạt hợp đồng không vượt quá "
                   "12% giá trị phần hợp đồng bị vi phạm.", title="Luật Xây dựng")
    v = classify(cap, public, cosine=0.8)
    assert (v.label, v.kind) == ("contradiction", "quantity"), v.explanation
    assert {e["text"] for e in v.evidence} == {"8%", "12%"}
    cap_8 = next(q for q in cap.annotations.quantities if q.span.text == "8%")
    assert cap_8.bound == "max"  # "không quá" just before it: a cap, not read as the fine
    public_12 = next(q for q in public.annotations.quantities if q.span.text == "12%")
    assert _bounds_agree(cap_8, public_12) and _bounds_agree(public_12, cap_8)
    prison = annotate_text("Người phạm tội thì bị phạt tù từ 02 năm đến 07 năm.").quantities[0]
    hearing = annotate_text("Mỗi lần hỏi cung không quá 02 giờ.").quantities[0]
    assert (prison.bound, hearing.bound) == ("fine", "max")
    assert not _bounds_agree(prison, hearing)


def test_a_code_and_the_code_of_its_procedure_answer_different_questions() -> None:
    """The Criminal Code sets prescription periods and penalties, the Criminal Procedure Code
    deadlines for handling a case: their numbers are two questions (session 10: 14 such live
    pairs on vn-laws-vlc, all read false). Two texts of one procedure still conflict, and so do
    the same texts with no titles. Written for the test, after the real pair's shape."""
    penal = ("2. Thời hiệu truy cứu trách nhiệm hình sự được quy định như sau:\na) 05 năm đối "
             "với tội phạm ít nghiêm trọng;\nb) 10 năm đối với tội phạm nghiêm trọng;\nc) 15 "
             "năm đối với tội phạm rất nghiêm trọng.")
    procedure = ("1. Thời hạn điều tra vụ án hình sự không quá 02 tháng đối với tội phạm ít "
                 "nghiêm trọng, không quá 03 tháng đối với tội phạm nghiêm trọng, không quá 04 "
                 "tháng đối với tội phạm rất nghiêm trọng kể từ khi khởi tố vụ án.")
    for code in ("Bộ luật tố tụng hình sự", "Luật Thi hành án hình sự"):
        v = classify(_side(penal, title="Bộ luật hình sự"), _side(procedure, title=code), 0.7)
        assert v.label == "related", code
    v = classify(_side(penal), _side(procedure), 0.7)
    assert (v.label, v.kind) == ("contradiction", "quantity")
    other = procedure.replace("04 tháng", "06 tháng")
    v = classify(_side(procedure, title="Bộ luật tố tụng hình sự"),
                 _side(other, title="Bộ luật tố tụng hình sự"), 0.9)
    assert (v.label, v.kind) == ("contradiction", "quantity")


def test_two_codes_signed_the_same_day_are_named_as_such() -> None:
    """Rank and dates known and equal (the Criminal Code and the Criminal Procedure Code were
    both signed 2015-11-27): the verdict says Art. 156 does not decide, not that metadata is
    missing."""
    from datetime import date

    from lexoverlap.detect import precedence

    day = date(2015, 11, 27)
    a = Side("x", annotate_text("x"), date=day, rank=2)
    side, rule, _ = precedence(a, Side("y", annotate_text("y"), date=day, rank=2))
    assert side is None and "signed the same day" in rule
    side, rule, _ = precedence(a, Side("y", annotate_text("y"), rank=2))
    assert side is None and rule.startswith("no metadata")
