"""Property tests (hypothesis): text normalisation and the provision tree of generated laws.

The laws are built from strategies, so the expected tree (ids, levels, spans) is known exactly:
chapters ``Chương I..III``, articles numbered on across chapters, clauses ``1.``, ``2.`` …,
points lettered in the Vietnamese order (``a b c d đ e g h i k``), optionally a header block
with a preamble and a signature block.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from lexoverlap import document_from_text, segment
from lexoverlap._text import fold, normalize_text, normalize_tones

from .helpers import LAW_HEADER, LAW_PREAMBLE

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)

# --- alphabets --------------------------------------------------------------------------------
_VI_LOWER = (
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"
)
_VI_LETTERS = _VI_LOWER + _VI_LOWER.upper()
# Everything a decoded legal text realistically holds: Vietnamese letters, ASCII, punctuation,
# line ends of every convention, tabs, NBSP and typographic spaces, soft hyphens and zero-width
# characters, the U+00D0 look-alike, full-width digits and Cyrillic look-alikes. No *bare*
# combining marks (those have their own test below).
_REALISTIC = (
    _VI_LETTERS
    + "0123456789 .,;:!?()[]/-–—“”\"'«»%"
    + "\n\r\t\u00a0\u2009\u202f\u3000\u00ad\u200b\u200c\u200d\u2060\ufeff\u2028\x85"
    + "\u00d0\u00f0０１２ＡＢ"
    + "аеорсухАВЕКМНОРСТ"
)
realistic_text = st.text(alphabet=_REALISTIC, max_size=200)
nfd_text = realistic_text.map(lambda s: unicodedata.normalize("NFD", s))

_TONES = "\u0300\u0301\u0309\u0303\u0323"  # grave, acute, hook above, tilde, dot below
# "qu"/"gi" are left out: there the u/i belongs to the onset ("quý" is not ambiguous).
_ONSETS = (
    "", "b", "c", "ch", "d", "đ", "g", "h", "k", "kh", "l", "m", "n", "ng", "nh", "p", "ph",
    "r", "s", "t", "th", "tr", "v", "x",
)  # fmt: skip


def _nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


@st.composite
def open_syllables(draw: st.DrawFn) -> tuple[str, str]:
    """An open oa/oe/uy syllable in (traditional, new) tone placement: (hòa, hoà)."""
    onset = draw(st.sampled_from(_ONSETS))
    first, second = draw(st.sampled_from(["oa", "oe", "uy"]))
    tone = draw(st.sampled_from(_TONES))
    old = onset + _nfc(first + tone) + second
    new = onset + first + _nfc(second + tone)
    case = draw(st.sampled_from([str.lower, str.upper, str.capitalize]))
    return case(old), case(new)


# --- normalisation ------------------------------------------------------------------------------
@SETTINGS
@given(realistic_text)
def test_normalize_text_is_idempotent(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once


@SETTINGS
@given(st.one_of(realistic_text, nfd_text))
def test_normalize_text_output_is_canonical(text: str) -> None:
    out = normalize_text(text)
    assert unicodedata.is_normalized("NFC", out)
    assert "\r" not in out and "\u00a0" not in out and "\u00ad" not in out
    assert "\u00d0" not in out and "\ufeff" not in out
    lines = out.split("\n") if out else []
    assert all(line and line == line.strip() and "  " not in line for line in lines)


@pytest.mark.parametrize(
    "text",
    [
        "a\u00ad\u0301",  # soft hyphen between a letter and its combining mark
        "ho\u200ba\u0300",  # zero-width space inside a decomposed word
        "Ａ\u0301",  # full-width letter + combining mark
        unicodedata.normalize("NFD", "Điều 1. Hoà bình, thuỷ lợi"),
    ],
)
def test_normalize_text_composes_after_removing_invisible_characters(text: str) -> None:
    once = normalize_text(text)
    assert unicodedata.is_normalized("NFC", once)
    assert normalize_text(once) == once


# Regression: a doubled tone mark ('hoà\u0301') left the output non-NFC and not idempotent.
@SETTINGS
@given(st.text(alphabet=_REALISTIC + "\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b"))
@example("hoà\u0301")
def test_normalize_text_idempotent_and_nfc_with_bare_combining_marks(text: str) -> None:
    once = normalize_text(text)
    assert unicodedata.is_normalized("NFC", once)
    assert normalize_text(once) == once


@SETTINGS
@given(st.text(alphabet=_REALISTIC, max_size=200).map(_nfc))
def test_normalize_tones_is_idempotent(text: str) -> None:
    once = normalize_tones(text)
    assert normalize_tones(once) == once


@SETTINGS
@given(
    open_syllables(), st.sampled_from(["", "Luật ", "vùng "]), st.sampled_from(["", " bình", "."])
)
def test_normalize_tones_unifies_old_and_new_placement(
    pair: tuple[str, str], before: str, after: str
) -> None:
    old, new = pair
    assert old != new
    # Both placements end as the traditional one (tone on the first vowel of the pair).
    assert normalize_tones(before + new + after) == before + old + after
    assert normalize_tones(before + old + after) == before + old + after
    # And whole-text normalisation (NFC first) agrees, also from decomposed input.
    assert normalize_text(unicodedata.normalize("NFD", new)) == normalize_text(old) == old


@pytest.mark.parametrize("word", ["quý", "quỳnh", "hoàn", "khuya", "ngoáy", "thuở", "hoa", "tuy"])
def test_normalize_tones_leaves_unambiguous_words_alone(word: str) -> None:
    assert normalize_tones(word) == word


@SETTINGS
@given(st.text(max_size=100))
@example("Đường ĐIỀU đ Ð ð İ ǅ Ω ﬀ")
def test_fold_has_no_combining_marks_and_no_d_stroke(text: str) -> None:
    out = fold(text)
    assert not any(unicodedata.category(c) == "Mn" for c in out)
    assert "đ" not in out and "Đ" not in out
    assert out == out.lower()
    assert fold(out) == out


@SETTINGS
@given(st.text(alphabet=_VI_LETTERS + " ", max_size=60))
def test_fold_of_vietnamese_is_ascii(text: str) -> None:
    out = fold(text)
    assert out.isascii()
    assert len(out) == len(text)


# --- generated laws ---------------------------------------------------------------------------
POINT_LETTERS = "abcdđeghik"  # Vietnamese order: no f, j; đ after d
ROMAN = ["I", "II", "III"]

# Words for body text. None of them can start a structural line, a signature or a quote.
_WORDS = (
    "cơ quan", "nhà nước", "tổ chức", "cá nhân", "dữ liệu", "quản lý", "hòa bình", "thủy lợi",
    "khỏe mạnh", "trách nhiệm", "quyền", "nghĩa vụ", "đất đai", "ngân sách", "bảo đảm",
    "thực hiện", "theo", "quy định", "của", "pháp luật", "và", "hoặc", "được", "phải", "các",
    "Điều 5", "khoản 2", "điểm a", "năm 2024", "đồng", "tài sản", "công khai", "minh bạch",
)  # fmt: skip
_HEADINGS = (
    "Phạm vi điều chỉnh", "Đối tượng áp dụng", "Giải thích từ ngữ", "Nguyên tắc quản lý",
    "Các hành vi bị nghiêm cấm", "Trách nhiệm của cơ quan nhà nước", "Hiệu lực thi hành",
    "Quyền và nghĩa vụ của tổ chức", "Xử lý vi phạm",
)  # fmt: skip
_CHAPTER_TITLES = (
    "NHỮNG QUY ĐỊNH CHUNG", "QUẢN LÝ DỮ LIỆU SỐ CÔNG", "TRÁCH NHIỆM CỦA CƠ QUAN NHÀ NƯỚC",
    "ĐIỀU KHOẢN THI HÀNH", "BẢO VỆ DỮ LIỆU",
)  # fmt: skip
_HEADER = LAW_HEADER
_PREAMBLE = LAW_PREAMBLE
_SIGNATURE = [
    "Luật này đã được Quốc hội nước Cộng hòa xã hội chủ nghĩa Việt Nam khóa XV, kỳ họp thứ 7 "
    "thông qua ngày 20 tháng 6 năm 2024.",
    "CHỦ TỊCH QUỐC HỘI",
    "Nguyễn Văn An",
]


@dataclass
class Node:
    id: str
    level: str
    number: str
    parent: str | None
    start: int  # first line
    end: int = -1  # line after the last one
    heading: str = ""


@dataclass
class Law:
    lines: list[str] = field(default_factory=list)
    nodes: list[Node] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def _sentence(draw: st.DrawFn, *, capital: bool, end: str) -> str:
    first = draw(st.sampled_from(_WORDS[:20]))  # never "Điều 5 …" at the start of a line
    words = draw(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=8))
    s = " ".join([first, *words])
    return (s[0].upper() + s[1:] if capital else s) + end


def _points(draw: st.DrawFn, law: Law, parent: Node) -> None:
    for letter in POINT_LETTERS[: draw(st.integers(0, 6))]:
        node = Node(f"{parent.id}/pt_{letter}", "point", letter, parent.id, len(law.lines))
        law.nodes.append(node)
        capital = draw(st.booleans())
        law.lines.append(f"{letter}) " + _sentence(draw, capital=capital, end=";"))
        node.end = len(law.lines)


@st.composite
def laws(draw: st.DrawFn) -> tuple[Law, int]:
    """A well-formed law and the index of the line where its body ends (signature or end)."""
    law = Law()
    if draw(st.booleans()):
        law.lines += _HEADER
        if draw(st.booleans()):
            pre = Node("t/preamble", "paragraph", "", None, len(law.lines))
            law.nodes.append(pre)
            law.lines += _PREAMBLE
            pre.end = len(law.lines)
    article = 0
    for ch in range(1, draw(st.integers(1, 3)) + 1):
        chapter = Node(f"t/ch{ch}", "chapter", ROMAN[ch - 1], None, len(law.lines))
        chapter.heading = draw(st.sampled_from(_CHAPTER_TITLES))
        law.nodes.append(chapter)
        if draw(st.booleans()):
            law.lines += [f"Chương {ROMAN[ch - 1]}", chapter.heading]
        else:
            law.lines.append(f"Chương {ROMAN[ch - 1]}. {chapter.heading}")
        for _ in range(draw(st.integers(1, 5))):
            article += 1
            art = Node(
                f"{chapter.id}/art{article}",
                "article",
                str(article),
                chapter.id,
                len(law.lines),
                heading=draw(st.sampled_from(_HEADINGS)),
            )
            law.nodes.append(art)
            law.lines.append(f"Điều {article}. {art.heading}")
            n_clauses = draw(st.integers(0, 4))
            if draw(st.booleans()):
                law.lines.append(_sentence(draw, capital=True, end=":" if n_clauses else "."))
            for k in range(1, n_clauses + 1):
                clause = Node(f"{art.id}/cl{k}", "clause", str(k), art.id, len(law.lines))
                law.nodes.append(clause)
                law.lines.append(f"{k}. " + _sentence(draw, capital=True, end="."))
                _points(draw, law, clause)
                clause.end = len(law.lines)
            if n_clauses == 0:
                _points(draw, law, art)  # points directly under an article without clauses
            art.end = len(law.lines)
        chapter.end = len(law.lines)
    body_end = len(law.lines)
    if draw(st.booleans()):
        law.lines += _SIGNATURE
    return law, body_end


@SETTINGS
@given(laws())
def test_generated_law_segments_into_the_generated_tree(generated: tuple[Law, int]) -> None:
    law, _ = generated
    doc = document_from_text(law.text, doc_id="t")
    assert doc.language == "vi"
    provisions = segment(doc)
    got = [(p.id, p.level, p.number, p.parent) for p in provisions]
    want = [(n.id, n.level, n.number, n.parent) for n in law.nodes]
    assert got == want
    for p, n in zip(provisions, law.nodes, strict=True):
        assert p.text == "\n".join(law.lines[n.start : n.end]), p.id
        if n.level in ("chapter", "article"):
            assert p.heading == n.heading, p.id


@SETTINGS
@given(laws())
def test_spans_ids_and_stability(generated: tuple[Law, int]) -> None:
    law, body_end = generated
    doc = document_from_text(law.text, doc_id="t")
    provisions = segment(doc)
    assert provisions, "a law with articles must give provisions"
    by_id = {p.id: p for p in provisions}
    assert len(by_id) == len(provisions), "ids must be unique"
    body_chars = len("\n".join(law.lines[:body_end]))
    for p in provisions:
        assert 0 <= p.start <= p.end <= body_chars
        assert p.text == doc.text[p.start : p.end]
        assert not p.text.endswith("\n")
        if p.parent is not None:
            parent = by_id[p.parent]
            assert parent.start <= p.start and p.end <= parent.end, (p.id, parent.id)
            assert p.id.startswith(parent.id + "/")
    # Document order: starts never go backwards.
    starts = [p.start for p in provisions]
    assert starts == sorted(starts)
    # Stability: the same text (even from another source) gives the same ids and spans.
    again = segment(document_from_text(law.text, doc_id="t", source="elsewhere.txt"))
    assert [(p.id, p.start, p.end) for p in again] == [(p.id, p.start, p.end) for p in provisions]


@SETTINGS
@given(laws(), st.integers(1, 3))
def test_ids_of_earlier_provisions_survive_appending_articles(
    generated: tuple[Law, int], extra: int
) -> None:
    law, body_end = generated
    body = law.lines[:body_end]
    last_article = max(int(n.number) for n in law.nodes if n.level == "article")
    appended = body + [
        f"Điều {last_article + i}. Điều bổ sung {i}\nNội dung bổ sung." for i in range(1, extra + 1)
    ]
    before = segment(document_from_text("\n".join(body), doc_id="t"))
    after = segment(document_from_text("\n".join(appended), doc_id="t"))
    after_ids = [p.id for p in after]
    assert after_ids[: len(before)] == [p.id for p in before]
    assert len(after) == len(before) + extra


# Regression: a chapter title starting with a type word was taken as the header's type line.
def test_chapter_title_starting_with_a_type_word_is_not_a_header() -> None:
    text = "\n".join(
        [
            "Chương I",
            "LUẬT ÁP DỤNG",
            "Điều 1. Phạm vi áp dụng",
            "Các bên có quyền thỏa thuận lựa chọn pháp luật áp dụng.",
            "Điều 2. Áp dụng tập quán",
            "Tập quán được áp dụng khi pháp luật không quy định.",
        ]
    )
    doc = document_from_text(text, doc_id="t")
    assert [p.id for p in segment(doc)] == ["t/ch1", "t/ch1/art1", "t/ch1/art2"]
    assert doc.header_end == 0 and doc.doc_type is None
