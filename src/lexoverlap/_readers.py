"""Turn the bytes of a .txt/.html/.docx/.pdf file into plain text, one paragraph per line.

Each reader uses a library made for its format (charset-normalizer, BeautifulSoup + lxml,
python-docx, pypdf); what is hand-written here is only what legal texts need on top: choosing
the document body of known legal-portal pages and dropping running heads from PDF pages.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from bs4 import NavigableString, Tag

from .errors import (
    BinaryFileError,
    CorruptDocumentError,
    DecodeError,
    EmptyFileError,
    UnsupportedFormatError,
)

Reader = Callable[[bytes, Path], str]


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text saved without a BOM: NULs in (almost) every other byte, and it decodes."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    for zeros, codec in ((odd, "utf-16-le"), (even, "utf-16-be")):
        # Vietnamese letters live above U+00FF, so only most (not all) high bytes are NUL.
        if zeros > 0.3 * half and min(odd, even) < 0.05 * half:
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                return None
    return None


def _declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares (``<meta charset>``/``http-equiv``), if Python knows it."""
    import codecs

    m = re.search(rb"<meta[^>]+charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", data[:4096], re.I)
    if m is None:
        return None
    name = m.group(1).decode("ascii")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _decode(data: bytes, path: Path) -> str:
    """Decode text bytes: UTF-8 (with or without BOM) first, then charset detection."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise DecodeError(
                f"starts with a UTF-16 mark but does not decode: {exc}", path=path
            ) from None
    # Why: NUL bytes never occur in UTF-8/legacy-encoded legal text; they mean a binary file,
    # or UTF-16 saved without its byte-order mark.
    if b"\x00" in data[:65536]:
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            return utf16
        raise BinaryFileError(
            "contains NUL bytes: this is a binary file, not text; "
            "convert it to .txt/.docx/.pdf or remove it from the batch",
            path=path,
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    declared = _declared_charset(data) if path.suffix.lower() in (".html", ".htm") else None
    if declared is not None:
        try:
            return data.decode(declared)
        except UnicodeDecodeError:
            pass  # the page lies about its charset: fall back to detection
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise DecodeError(
            "bytes are not UTF-8 and no other encoding fits; re-save the file as UTF-8",
            path=path,
        )
    text = str(best)
    # Why: Vietnamese in a wrong 8-bit guess shows up as many C1 controls / replacement marks.
    bad = sum(1 for c in text if c == "\ufffd" or "\x80" <= c <= "\x9f")
    if bad > max(3, len(text) // 200):
        raise DecodeError(
            f"decoded as {best.encoding} but {bad} characters are garbage; "
            "re-save the file as UTF-8",
            path=path,
        )
    return text


def read_txt(data: bytes, path: Path) -> str:
    """Plain text in any encoding charset-normalizer recognises."""
    return _decode(data, path)


# Why: pages saved from thuvienphapluat.vn (the source of both shared corpora) hold the
# Vietnamese text and a translation in separate divs; the body is `.content1` inside them.
_KNOWN_BODIES = (
    "div.cldivContentDocVn .content1",
    "div.cldivContentDocEn .content1",
    "article",
    "main",
)
_BLOCKS = frozenset(
    {
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th", "pre", "div", "section",
        "article", "main", "blockquote", "dd", "dt", "tr", "table", "ul", "ol", "dl", "body",
        "center",
    }
)  # fmt: skip


def _html_lines(root: Tag) -> list[str]:
    """Text of an element, one line per block element or ``<br>``, inline tags joined as is.

    Why a walk and not ``get_text``: a separator would split words around inline tags
    ("Ph<span>ạm</span>"), no separator would glue blocks together, and text written directly
    in a ``div`` beside nested blocks must be kept.
    """
    lines: list[str] = []
    buffer: list[str] = []

    def flush() -> None:
        # HTML source wraps long paragraphs: inside a line every whitespace run is one space.
        line = " ".join("".join(buffer).split())
        if line:
            lines.append(line)
        buffer.clear()

    def walk(node: Tag) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                if type(child) is NavigableString:  # not a Comment, Doctype, CData …
                    buffer.append(str(child))
            elif isinstance(child, Tag):
                if child.name == "br":
                    flush()
                elif child.name in _BLOCKS:
                    flush()
                    walk(child)
                    flush()
                else:
                    walk(child)

    walk(root)
    flush()
    return lines


def read_html(data: bytes, path: Path) -> str:
    """HTML: the legal body (or the whole page), one line per block element."""
    from bs4 import BeautifulSoup

    text = _decode(data, path)
    if "<" not in text:
        raise CorruptDocumentError("has an HTML extension but contains no markup", path=path)
    soup = BeautifulSoup(text, "lxml")
    for tag in soup(["script", "style", "noscript", "nav", "header", "footer", "template"]):
        tag.decompose()
    root: Tag = soup.body or soup
    for selector in _KNOWN_BODIES:
        body = soup.select_one(selector)
        if body is not None and body.get_text(strip=True):
            root = body
            break
    return "\n".join(_html_lines(root))


def read_docx(data: bytes, path: Path) -> str:
    """DOCX: body paragraphs and table rows in document order."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph
    from lxml.etree import LxmlError

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, LxmlError) as exc:
        raise CorruptDocumentError(
            f"is not a readable .docx (damaged zip or missing parts: {exc}); "
            "open and re-save it in a word processor",
            path=path,
        ) from exc
    lines: list[str] = []
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            lines.append(item.text)
        elif isinstance(item, Table):
            for row in item.rows:
                cells = [c.text.strip() for c in row.cells]
                lines.append(" | ".join(dict.fromkeys(c for c in cells if c)))
    return "\n".join(lines)


_PAGE_NUMBER = re.compile(
    r"^(?:(?:trang|page)\s*)?[-–—(]?\s*\d{1,4}\s*[-–—)]?(?:\s*(?:/|of|trên)\s*\d{1,4})?$",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"\d+")
_STRUCTURAL_HEAD = re.compile(
    r"^(?:điều|chương|mục|phần|phụ lục|article|chapter|section|part|appendix)\b|^[#a-zđ]{1,2}[.)]"
)


def _strip_running_heads(pages: list[list[str]]) -> list[list[str]]:
    """Drop page numbers and lines repeated at the top or bottom of most pages."""
    if not pages:
        return pages
    edge: Counter[str] = Counter()
    for lines in pages:
        for line in {*lines[:2], *lines[-2:]}:
            edge[_DIGITS.sub("#", line.strip().lower())] += 1
    # Why: a header/footer repeats on (almost) every page; body lines do not. Needs 3+ pages
    # to be told apart from content. Digits are masked so "Trang 3"/"Trang 4" match, but a
    # structural line ("Điều 3", "Chương II") at a page top is content, never a running head.
    threshold = max(3, int(0.6 * len(pages)))
    running = {
        key for key, n in edge.items() if n >= threshold and not _STRUCTURAL_HEAD.match(key)
    }
    cleaned = []
    for lines in pages:
        kept = []
        for i, line in enumerate(lines):
            at_edge = i < 2 or i >= len(lines) - 2
            key = _DIGITS.sub("#", line.strip().lower())
            if at_edge and (key in running or _PAGE_NUMBER.match(line.strip())):
                continue
            kept.append(line)
        cleaned.append(kept)
    return cleaned


def read_pdf(data: bytes, path: Path) -> str:
    """PDF with a text layer: pages joined, running heads and page numbers removed."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise CorruptDocumentError(
                "is an encrypted PDF; decrypt it (e.g. qpdf --decrypt) and ingest again",
                path=path,
            )
        pages = [(page.extract_text() or "").splitlines() for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise CorruptDocumentError(
            f"is not a readable PDF ({type(exc).__name__}: {exc}); "
            "check the file or export it again",
            path=path,
        ) from exc
    text = "\n".join("\n".join(lines) for lines in _strip_running_heads(pages))
    if not text.strip():
        raise EmptyFileError(
            f"PDF has {len(pages)} page(s) but no text layer (a scan?); run OCR first",
            path=path,
        )
    return text


READERS: dict[str, Reader] = {
    ".txt": read_txt,
    ".text": read_txt,
    ".html": read_html,
    ".htm": read_html,
    ".docx": read_docx,
    ".pdf": read_pdf,
}


def read_text(data: bytes, path: Path) -> str:
    """Dispatch on the file extension and return the raw extracted text.

    Raises
    ------
    UnsupportedFormatError
        When no reader handles the extension.
    """
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise UnsupportedFormatError(
            f"extension {path.suffix or '(none)'!r} is not read; "
            f"use one of {', '.join(sorted(READERS))}",
            path=path,
        )
    return reader(data, path)
