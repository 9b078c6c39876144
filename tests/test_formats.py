"""The readers on files made here: the same law as .txt, .docx, .html and .pdf gives the same
provisions; page furniture and HTML noise are dropped; text is normalised on the way in."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import docx
import pytest
from fpdf import FPDF

from lexoverlap import Document, ingest_file, segment

from .helpers import LAW_HEADER, LAW_PREAMBLE, cp1258_bytes

HEADER = LAW_HEADER + LAW_PREAMBLE
BODY_BEFORE_TABLE = [
    "Chương I",
    "NHỮNG QUY ĐỊNH CHUNG",
    "Điều 1. Phạm vi điều chỉnh",
    "Luật này quy định về thu thập, lưu trữ, chia sẻ và khai thác dữ liệu số công.",
    "Điều 2. Giải thích từ ngữ",
    "Trong Luật này, các từ ngữ dưới đây được hiểu như sau:",
    "1. Dữ liệu số công là dữ liệu do cơ quan nhà nước tạo lập hoặc thu thập.",
    "2. Dữ liệu mở gồm:",
    "a) dữ liệu về ngân sách nhà nước;",
    "b) dữ liệu về đất đai, thủy lợi;",
    "c) dữ liệu về môi trường;",
    "d) dữ liệu về giao thông;",
    "đ) dữ liệu khác theo quy định của Chính phủ.",
    "Điều 3. Phí khai thác dữ liệu",
    "1. Mức phí khai thác dữ liệu số công như sau:",
]
TABLE = [
    ["STT", "Loại dữ liệu", "Mức phí"],
    ["1", "Dữ liệu mở", "Miễn phí"],
    ["2", "Dữ liệu dùng chung", "10.000 đồng"],
]
BODY_AFTER_TABLE = [
    "2. Bộ Tài chính quy định chi tiết khoản 1 Điều này.",
    "Chương II",
    "ĐIỀU KHOẢN THI HÀNH",
    "Điều 4. Hiệu lực thi hành",
    "Luật này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2025.",
]
# How the DOCX reader renders a table row: its distinct cells joined by " | ".
TABLE_LINES = [" | ".join(row) for row in TABLE]
TXT_LINES = HEADER + BODY_BEFORE_TABLE + TABLE_LINES + BODY_AFTER_TABLE
TXT = "\n".join(TXT_LINES) + "\n"

DOC_ID = "12-2024-QH15"
EXPECTED_IDS = [
    f"{DOC_ID}/{suffix}"
    for suffix in (
        "preamble", "ch1", "ch1/art1", "ch1/art2", "ch1/art2/cl1", "ch1/art2/cl2",
        "ch1/art2/cl2/pt_a", "ch1/art2/cl2/pt_b", "ch1/art2/cl2/pt_c", "ch1/art2/cl2/pt_d",
        "ch1/art2/cl2/pt_đ", "ch1/art3", "ch1/art3/cl1", "ch1/art3/cl2", "ch2", "ch2/art4",
    )
]  # fmt: skip


def provisions(doc: Document) -> list[tuple[str, str, str]]:
    return [(p.id, p.level, p.text) for p in segment(doc)]


@pytest.fixture
def txt_doc(tmp_path: Path) -> Document:
    path = tmp_path / "reference.txt"
    path.write_text(TXT, encoding="utf-8")
    doc = ingest_file(path)
    assert doc.doc_id == DOC_ID
    assert [p.id for p in segment(doc)] == EXPECTED_IDS
    return doc


# --- DOCX -----------------------------------------------------------------------------------------
def test_docx_gives_the_same_provisions_as_txt(tmp_path: Path, txt_doc: Document) -> None:
    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "CÔNG BÁO / Số 12"  # page header: not body text
    section.footer.paragraphs[0].text = "Trang 1"
    for line in HEADER + BODY_BEFORE_TABLE:
        document.add_paragraph(line)
    table = document.add_table(rows=len(TABLE), cols=len(TABLE[0]))
    for i, row in enumerate(TABLE):
        for j, cell in enumerate(row):
            table.cell(i, j).text = cell
    for line in BODY_AFTER_TABLE:
        document.add_paragraph(line)
    path = tmp_path / "law.docx"
    document.save(str(path))

    doc = ingest_file(path)
    assert doc.doc_id == DOC_ID
    assert doc.text == txt_doc.text
    assert provisions(doc) == provisions(txt_doc)
    assert "CÔNG BÁO" not in doc.text and "Trang 1" not in doc.text
    clause = next(p for p in segment(doc) if p.id == f"{DOC_ID}/ch1/art3/cl1")
    assert clause.text.endswith("2 | Dữ liệu dùng chung | 10.000 đồng")


def test_docx_line_breaks_and_runs(tmp_path: Path) -> None:
    document = docx.Document()
    p = document.add_paragraph("Điều 1. Phạm vi")
    p.add_run().add_break()  # Shift+Enter inside one paragraph
    p.add_run("1. Khoản một.")
    p = document.add_paragraph()
    for run in ("Điều 2. Ph", "ạm", " vi áp dụng"):  # a word split over formatting runs
        p.add_run(run).bold = run == "ạm"
    path = tmp_path / "runs.docx"
    document.save(str(path))
    doc = ingest_file(path)
    assert doc.text == "Điều 1. Phạm vi\n1. Khoản một.\nĐiều 2. Phạm vi áp dụng"
    assert [p.id for p in segment(doc)] == ["runs/art1", "runs/art1/cl1", "runs/art2"]


# --- HTML -----------------------------------------------------------------------------------------
def _wrap(line: str) -> str:
    """Spread a paragraph over several source lines with indentation, as saved pages do."""
    words = line.split(" ")
    chunks = [" ".join(words[i : i + 4]) for i in range(0, len(words), 4)]
    return "\n      ".join(chunks)


NOISY_HTML = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Luật Dữ liệu số công</title>
<style>
  p {{ margin: 0 }} .dieu::before {{ content: "Điều 98. Kiểu"; }}
</style>
<script>var chuong = "Chương IX"; function dieu() {{ return "Điều 99. Không phải điều"; }}</script>
</head><body>
<nav><ul><li>Trang chủ</li><li>Văn bản pháp luật</li><li>Điều 50. Menu giả</li></ul></nav>
<header><p>Cổng thông tin điện tử</p></header>
<div class="van-ban">
{paragraphs}
</div>
<script>document.write("Điều 77. Chèn bằng script")</script>
<noscript>Bật JavaScript để xem đầy đủ</noscript>
<footer><p>Bản quyền 2024 - Liên hệ</p></footer>
</body></html>
"""


def test_html_noise_is_dropped_and_provisions_match_txt(tmp_path: Path) -> None:
    lines = HEADER + BODY_BEFORE_TABLE + BODY_AFTER_TABLE
    reference = tmp_path / "reference.txt"
    reference.write_text("\n".join(lines), encoding="utf-8")
    paragraphs = "\n".join(f"<p>\n  {_wrap(line)}\n</p>" for line in lines)
    assert paragraphs.count("\n") > 2 * len(lines)  # really wrapped
    path = tmp_path / "law.html"
    path.write_text(NOISY_HTML.format(paragraphs=paragraphs), encoding="utf-8")

    doc, ref = ingest_file(path), ingest_file(reference)
    for noise in (
        "Trang chủ",
        "Menu giả",
        "Điều 99",
        "Điều 98",
        "Điều 77",
        "Chương IX",
        "function",
        "margin",
        "JavaScript",
        "Bản quyền",
        "Cổng thông tin",
    ):
        assert noise not in doc.text, noise
    assert doc.text == ref.text
    assert doc.doc_id == DOC_ID
    assert provisions(doc) == provisions(ref)
    assert [p.id for p in segment(doc)] == EXPECTED_IDS


# Regression: <br> used to be flattened into a space, merging provisions into one line.
def test_html_br_separates_lines(tmp_path: Path) -> None:
    path = tmp_path / "br.html"
    path.write_text(
        "<html><body><p>Điều 1. Phạm vi<br>1. Khoản một gồm:<br/>a) điểm a;<br>b) điểm b.</p>"
        "</body></html>",
        encoding="utf-8",
    )
    doc = ingest_file(path)
    assert doc.text == "Điều 1. Phạm vi\n1. Khoản một gồm:\na) điểm a;\nb) điểm b."
    assert [p.id for p in segment(doc)] == [
        "br/art1", "br/art1/cl1", "br/art1/cl1/pt_a", "br/art1/cl1/pt_b",
    ]  # fmt: skip


# Regression: text directly inside a <div> that also held blocks used to be dropped.
def test_html_text_beside_nested_blocks_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "mixed.html"
    path.write_text(
        "<html><body><div>Điều 1. Phạm vi<div>1. Khoản một.</div>2. Khoản hai.</div></body></html>",
        encoding="utf-8",
    )
    doc = ingest_file(path)
    assert doc.text == "Điều 1. Phạm vi\n1. Khoản một.\n2. Khoản hai."


# Regression: get_text(' ') used to split 'Ph<span>ạm</span>' into 'Ph ạm'.
def test_html_inline_elements_do_not_split_words(tmp_path: Path) -> None:
    path = tmp_path / "inline.html"
    path.write_text(
        "<html><body><p>Điều 1. Ph<span>ạm</span> vi</p><p><b>1.</b> Khoản <i>một</i>.</p>"
        "</body></html>",
        encoding="utf-8",
    )
    assert ingest_file(path).text == "Điều 1. Phạm vi\n1. Khoản một."


def _simple_page(meta: str, lines: list[str]) -> str:
    body = "".join(f"<p>{line}</p>\n" for line in lines)
    return f"<html><head>{meta}</head><body>\n{body}</body></html>"


@pytest.mark.parametrize(
    "meta",
    [
        '<meta charset="windows-1258">',
        '<meta http-equiv="Content-Type" content="text/html; charset=windows-1258">',
    ],
    ids=["meta-charset", "http-equiv"],
)
def test_html_in_windows_1258_is_decoded(tmp_path: Path, txt_doc: Document, meta: str) -> None:
    # What happens: read_html decodes the bytes itself (UTF-8, else charset-normalizer) and
    # does not read <meta charset>; detection recognises Windows-1258 on a page this long.
    lines = HEADER + BODY_BEFORE_TABLE + BODY_AFTER_TABLE
    data = cp1258_bytes(_simple_page(meta, lines))
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    path = tmp_path / "legacy.html"
    path.write_bytes(data)
    doc = ingest_file(path)
    assert doc.text == "\n".join(lines)
    assert doc.doc_id == DOC_ID
    assert [p.id for p in segment(doc)] == EXPECTED_IDS


def test_html_utf8_bytes_win_over_a_wrong_meta_charset(tmp_path: Path) -> None:
    lines = ["Điều 1. Phạm vi điều chỉnh", "Luật này quy định về hòa bình và thủy lợi."]
    path = tmp_path / "mislabelled.html"
    path.write_text(_simple_page('<meta charset="windows-1258">', lines), encoding="utf-8")
    assert ingest_file(path).text == "\n".join(lines)


# --- PDF ------------------------------------------------------------------------------------------
DEJAVU = next(
    (
        p
        for p in (
            Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
            Path("/usr/share/fonts/dejavu/DejaVuSans.ttf"),
            Path("/usr/share/fonts/TTF/DejaVuSans.ttf"),
        )
        if p.is_file()
    ),
    None,
)
FOOTERS = ("Trang {n}", "- {n} -")  # alternate: "Trang 1", "- 2 -", "Trang 3", …


class _GazettePdf(FPDF):
    """A gazette-like PDF: a running header and a page number in the footer of every page."""

    def __init__(self, font: str, running_head: str) -> None:
        super().__init__()
        self.body_font = font
        self.running_head = running_head

    def header(self) -> None:
        self.set_font(self.body_font, size=9)
        self.cell(0, 6, self.running_head, align="C")
        self.ln(10)

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font(self.body_font, size=9)
        n = self.page_no()
        self.cell(0, 6, FOOTERS[(n - 1) % 2].format(n=n), align="C")


def make_pdf(path: Path, pages: list[list[str]], *, running_head: str, font: Path | None) -> None:
    """One list of lines per page; every line is short enough not to wrap."""
    name = "Helvetica"
    pdf = _GazettePdf("dv" if font else name, running_head)
    if font is not None:
        pdf.add_font("dv", fname=str(font))
    pdf.set_auto_page_break(False)
    for lines in pages:
        pdf.add_page()
        pdf.set_font("dv" if font else name, size=10)
        for line in lines:
            assert pdf.get_string_width(line) < pdf.epw, line
            pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))


VI_PAGES = [
    [
        *HEADER[:6],
        "Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;",
        "Chương I",
        "NHỮNG QUY ĐỊNH CHUNG",
        "Điều 1. Phạm vi điều chỉnh",
        "Luật này quy định về quản lý dữ liệu số công.",
        "Điều 2. Đối tượng áp dụng",
        "1. Cơ quan nhà nước ở trung ương và địa phương.",
    ],
    [
        "2. Tổ chức, cá nhân có liên quan đến dữ liệu số công.",
        "Điều 3. Giải thích từ ngữ",
        "Trong Luật này, các từ ngữ dưới đây được hiểu như sau:",
        "1. Dữ liệu mở là dữ liệu được công bố rộng rãi.",
        "2. Cơ sở dữ liệu dùng chung gồm:",
        "a) cơ sở dữ liệu quốc gia về dân cư;",
        "b) cơ sở dữ liệu về đất đai, thủy lợi.",
    ],
    [
        "Điều 4. Nguyên tắc quản lý",
        "1. Dữ liệu số công là tài sản của Nhà nước.",
        "2. Việc chia sẻ phải bảo đảm an ninh quốc gia.",
        "Chương II",
        "ĐIỀU KHOẢN THI HÀNH",
        "Điều 5. Hiệu lực thi hành",
    ],
    [
        "Luật này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2025.",
        "Luật này đã được Quốc hội khóa XV, kỳ họp thứ 7 thông qua ngày 20 tháng 6 năm 2024.",
        "CHỦ TỊCH QUỐC HỘI",
        "Nguyễn Văn An",
    ],
]
_PAGE_FURNITURE = re.compile(r"^(?:Trang \d+|Page \d+|- \d+ -)$", re.MULTILINE)


@pytest.mark.skipif(DEJAVU is None, reason="no DejaVuSans.ttf: Vietnamese PDF needs a TTF font")
def test_vietnamese_pdf_drops_running_head_and_page_numbers(tmp_path: Path) -> None:
    path = tmp_path / "cong-bao.pdf"
    make_pdf(path, VI_PAGES, running_head="CÔNG BÁO / Số 12", font=DEJAVU)
    doc = ingest_file(path)
    assert "CÔNG BÁO" not in doc.text and "Số 12" not in doc.text
    assert not _PAGE_FURNITURE.search(doc.text), doc.text
    assert doc.text == "\n".join(line for page in VI_PAGES for line in page)
    assert (doc.doc_id, doc.doc_type, doc.issuer) == (DOC_ID, "Luật", "Quốc hội")
    ids = [p.id for p in segment(doc)]
    assert [i for i in ids if re.search(r"/art\d+$", i)] == [
        f"{DOC_ID}/ch1/art1", f"{DOC_ID}/ch1/art2", f"{DOC_ID}/ch1/art3",
        f"{DOC_ID}/ch1/art4", f"{DOC_ID}/ch2/art5",
    ]  # fmt: skip
    assert f"{DOC_ID}/ch1/art2/cl2" in ids  # the clause that starts page 2
    assert f"{DOC_ID}/ch1/art3/cl2/pt_b" in ids
    last = segment(doc)[-1]
    assert last.id == f"{DOC_ID}/ch2/art5" and last.text.endswith("năm 2025.")


# Regression: digit-masked edge lines ('Điều #') at 3+ page tops were dropped as running heads.
@pytest.mark.skipif(DEJAVU is None, reason="no DejaVuSans.ttf: Vietnamese PDF needs a TTF font")
def test_pdf_article_lines_at_page_tops_are_not_running_heads(tmp_path: Path) -> None:
    pages = [
        [f"Điều {n}", title, *body]
        for n, title, body in (
            (1, "Phạm vi điều chỉnh", ["Luật này quy định về dữ liệu.", "Dữ liệu là tài sản."]),
            (2, "Đối tượng áp dụng", ["Luật này áp dụng với cơ quan.", "Và với tổ chức."]),
            (
                3,
                "Hiệu lực thi hành",
                ["Luật này có hiệu lực từ ngày ký.", "Văn bản cũ hết hiệu lực."],
            ),
        )
    ]
    path = tmp_path / "old-layout.pdf"
    make_pdf(path, pages, running_head="CÔNG BÁO / Số 12", font=DEJAVU)
    doc = ingest_file(path)
    assert [p.id for p in segment(doc)] == ["old-layout/art1", "old-layout/art2", "old-layout/art3"]


EN_PAGES = [
    [
        "THE NATIONAL ASSEMBLY",
        "Law No. 12/2024/QH15",
        "LAW",
        "ON PUBLIC DIGITAL DATA",
        "Chapter I",
        "GENERAL PROVISIONS",
        "Article 1. Scope",
        "This Law governs the management of public digital data.",
        "Article 2. Subjects of application",
        "1. State agencies at central and local levels.",
    ],
    [
        "2. Organizations and individuals involved in public digital data.",
        "Article 3. Interpretation of terms",
        "In this Law, the terms below are construed as follows:",
        "1. Open data means data published for everyone.",
        "2. Shared databases include:",
        "a) the national population database;",
        "b) the land database.",
    ],
    [
        "Chapter II",
        "IMPLEMENTATION PROVISIONS",
        "Article 4. Effect",
        "This Law takes effect on January 01, 2025.",
    ],
]


def test_english_pdf_with_core_font_drops_running_head_and_page_numbers(tmp_path: Path) -> None:
    path = tmp_path / "gazette.pdf"
    make_pdf(path, EN_PAGES, running_head="OFFICIAL GAZETTE / No. 12", font=None)
    doc = ingest_file(path)
    assert "GAZETTE" not in doc.text
    assert not _PAGE_FURNITURE.search(doc.text), doc.text
    assert doc.text == "\n".join(line for page in EN_PAGES for line in page)
    assert doc.language == "en" and doc.doc_id == "12-2024-QH15.en"
    ids = [p.id for p in segment(doc)]
    base = "12-2024-QH15.en"
    assert [i for i in ids if re.search(r"/art\d+$", i)] == [
        f"{base}/ch1/art1", f"{base}/ch1/art2", f"{base}/ch1/art3", f"{base}/ch2/art4",
    ]  # fmt: skip
    assert f"{base}/ch1/art2/cl2" in ids and f"{base}/ch1/art3/cl2/pt_b" in ids


# --- normalisation on the way in ----------------------------------------------------------------
def test_txt_is_normalised_on_ingestion(tmp_path: Path) -> None:
    clean = "\n".join(
        [
            "Điều 1. Phạm vi điều chỉnh",
            "Luật này quy định về hòa bình, thủy lợi và sức khỏe của dữ liệu.",
            "Điều 2. Nguyên tắc",
            "1. Bảo đảm hòa hợp, tùy theo điều kiện.",
        ]
    )
    # The same law as a messy file: BOM, CRLF, NBSP, soft hyphens (one inside a decomposed
    # word), U+00D0 for Đ, NFD, and the new tone placement (hoà, thuỷ, khoẻ, tuỳ).
    messy = (
        "\u00d0iều 1.\u00a0Phạm vi điều chỉnh\r\n"
        "Luật này quy định về hoà bình, thuỷ lợi và sức khoẻ của dữ li\u00adệu.\r\n"
        "\r\n"
        "  \u00d0iều 2. Nguyên\u00a0tắc  \r\n"
        "1. Bảo đảm hoà hợp, tuỳ theo điều kiện.\r\n"
    )
    data = b"\xef\xbb\xbf" + unicodedata.normalize("NFD", messy).encode("utf-8")
    assert "hoà".encode() not in data  # really decomposed
    (tmp_path / "messy.txt").write_bytes(data)
    (tmp_path / "clean.txt").write_text(clean, encoding="utf-8")

    doc = ingest_file(tmp_path / "messy.txt")
    ref = ingest_file(tmp_path / "clean.txt")
    assert unicodedata.is_normalized("NFC", doc.text)
    for bad in ("\ufeff", "\r", "\u00a0", "\u00ad", "\u00d0", "hoà", "thuỷ", "khoẻ", "tuỳ"):
        assert bad not in doc.text, repr(bad)
    assert doc.text.startswith("Điều 1. Phạm vi")
    assert doc.text == clean == ref.text
    assert [p.text for p in segment(doc)] == [p.text for p in segment(ref)]
    assert [p.id for p in segment(doc)] == ["messy/art1", "messy/art2", "messy/art2/cl1"]


def test_old_and_new_tone_placement_compare_equal_after_ingestion(tmp_path: Path) -> None:
    (tmp_path / "moi.txt").write_text("Hoà giải, thuỷ sản, khoẻ mạnh, uỷ ban.", encoding="utf-8")
    (tmp_path / "cu.txt").write_text("Hòa giải, thủy sản, khỏe mạnh, ủy ban.", encoding="utf-8")
    new, old = ingest_file(tmp_path / "moi.txt"), ingest_file(tmp_path / "cu.txt")
    assert new.text == old.text == "Hòa giải, thủy sản, khỏe mạnh, ủy ban."


def test_utf16_without_bom_is_text_not_binary(tmp_path: Path) -> None:
    text = "Điều 1. Hòa bình và thủy lợi\n1. Khoản một.\n2. Khoản hai."
    for codec in ("utf-16-le", "utf-16-be"):
        path = tmp_path / f"{codec}.txt"
        path.write_bytes(text.encode(codec))
        doc = ingest_file(path)
        assert doc.text == text, codec


def test_short_html_in_its_declared_legacy_charset(tmp_path: Path) -> None:
    # Too short for charset detection: the page's own <meta charset> decides.
    html = '<html><head><meta charset="windows-1258"></head><body><p>Hòa bình</p></body></html>'
    path = tmp_path / "short.html"
    path.write_bytes(unicodedata.normalize("NFD", html).encode("cp1258"))
    assert ingest_file(path).text == "Hòa bình"
