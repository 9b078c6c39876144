"""Bad input: every bad file gets a clear LexOverlapError subclass naming the file, and a batch
goes on with the other files, listing the failure with its code."""

from __future__ import annotations

import io
import json
import os
import random
import threading
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from fpdf import FPDF
from pypdf import PdfWriter
from typer.testing import CliRunner

import lexoverlap
from lexoverlap import ingest, ingest_file
from lexoverlap._ingest import MAX_BYTES
from lexoverlap.cli import app
from lexoverlap.errors import (
    BinaryFileError,
    CorruptDocumentError,
    DecodeError,
    EmptyFileError,
    FileTooLargeError,
    LexOverlapError,
    MetadataError,
    UnreadableFileError,
    UnsupportedFormatError,
)

from .helpers import cp1258_bytes


# --- helpers ----------------------------------------------------------------------------------
def law_text(number: str = "12/2024/QH15", title: str = "DỮ LIỆU SỐ CÔNG") -> str:
    """A small but complete Vietnamese law; its id is the folded number (12-2024-QH15)."""
    return "\n".join(
        [
            "QUỐC HỘI -------",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc ---------------",
            f"Luật số: {number}",
            "Hà Nội, ngày 20 tháng 6 năm 2024",
            "LUẬT",
            title,
            "Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;",
            "Chương I",
            "NHỮNG QUY ĐỊNH CHUNG",
            "Điều 1. Phạm vi điều chỉnh",
            "Luật này quy định về thu thập, lưu trữ và chia sẻ dữ liệu số công.",
            "Điều 2. Đối tượng áp dụng",
            "1. Cơ quan nhà nước.",
            "2. Tổ chức, cá nhân có liên quan.",
            "",
        ]
    )


def write_good(folder: Path, name: str, number: str) -> str:
    """Write a good law into folder/name and return the id it must get."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(law_text(number), encoding="utf-8")
    return number.replace("/", "-").replace("Đ", "D")


def random_bytes(seed: int, n: int = 4000, *, nul: bool) -> bytes:
    """Deterministic high-entropy bytes; with ``nul=False`` no byte is 0."""
    rng = random.Random(seed)
    return bytes(rng.randrange(0 if nul else 1, 256) for _ in range(n))


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81"
    b"\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)


def pdf_with_text() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(0, 10, "Article 1. Scope")
    return bytes(pdf.output())


def blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def encrypted_pdf() -> bytes:
    from pypdf import PdfReader

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_with_text())))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def docx_bytes(*paragraphs: str) -> bytes:
    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def rezip(
    data: bytes, *, drop: str | None = None, replace: dict[str, bytes] | None = None
) -> bytes:
    """Copy a zip, leaving out one member or replacing the content of some."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for item in src.infolist():
            if item.filename == drop:
                continue
            z.writestr(item, (replace or {}).get(item.filename, src.read(item.filename)))
    return out.getvalue()


def zip_without_docx_parts() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("readme.txt", "not a word document")
    return out.getvalue()


def assert_names_file(exc: LexOverlapError, path: Path) -> None:
    assert exc.path == str(path)
    assert str(exc).startswith(f"{exc.code} {path}:")
    assert path.name in str(exc)


# --- bad files: one table, tested alone and inside a batch --------------------------------------
BadCase = tuple[str, Callable[[], bytes], type[LexOverlapError], str]
BAD_FILES: dict[str, BadCase] = {
    "empty-0-bytes": ("empty.txt", lambda: b"", EmptyFileError, "0 bytes"),
    "whitespace-only": ("blank.txt", lambda: b"  \r\n\t \n\n   ", EmptyFileError, "empty"),
    "bom-only": ("bom.txt", lambda: b"\xef\xbb\xbf \r\n", EmptyFileError, "no text"),
    "nbsp-only": ("nbsp.txt", lambda: "\u00a0 \u00a0\n".encode(), EmptyFileError, "no text"),
    "png-saved-as-txt": ("scan.txt", lambda: PNG, BinaryFileError, "binary"),
    "random-bytes-with-nul": (
        "noise.txt",
        lambda: random_bytes(7, nul=True),
        BinaryFileError,
        "NUL",
    ),
    "png-saved-as-html": ("page.html", lambda: PNG, BinaryFileError, "binary"),
    # High-entropy bytes without NULs: not UTF-8, and charset-normalizer finds no encoding.
    "undecodable-bytes": ("legacy.txt", lambda: random_bytes(1, nul=False), DecodeError, "UTF-8"),
    "html-without-markup": (
        "plain.html",
        lambda: "Điều 1. Phạm vi".encode(),
        CorruptDocumentError,
        "markup",
    ),
    "pdf-garbage-after-header": (
        "broken.pdf",
        lambda: b"%PDF-1.4\n" + random_bytes(3, 600, nul=True),
        CorruptDocumentError,
        "not a readable PDF",
    ),
    "pdf-truncated": (
        "cut.pdf",
        lambda: pdf_with_text()[:300],
        CorruptDocumentError,
        "not a readable PDF",
    ),
    "pdf-encrypted": ("secret.pdf", encrypted_pdf, CorruptDocumentError, "encrypted"),
    "pdf-without-text-layer": ("scan.pdf", blank_pdf, EmptyFileError, "no text layer"),
    "docx-random-bytes": (
        "random.docx",
        lambda: random_bytes(5, 800, nul=True),
        CorruptDocumentError,
        ".docx",
    ),
    "docx-zip-without-document-xml": (
        "nobody.docx",
        lambda: rezip(docx_bytes("Điều 1. Phạm vi"), drop="word/document.xml"),
        CorruptDocumentError,
        "word/document.xml",
    ),
    "docx-plain-zip": ("archive.docx", zip_without_docx_parts, CorruptDocumentError, ".docx"),
    "docx-empty-body": ("blank.docx", lambda: docx_bytes("", "   "), EmptyFileError, "no text"),
}


@pytest.mark.parametrize("case", list(BAD_FILES), ids=list(BAD_FILES))
def test_bad_file_raises_a_clear_error_naming_it(tmp_path: Path, case: str) -> None:
    name, make, error, words = BAD_FILES[case]
    path = tmp_path / name
    path.write_bytes(make())
    with pytest.raises(error) as info:
        ingest_file(path)
    assert_names_file(info.value, path)
    assert words.lower() in info.value.message.lower()


@pytest.mark.parametrize("case", list(BAD_FILES), ids=list(BAD_FILES))
def test_bad_file_in_a_batch_is_listed_and_the_others_ingest(tmp_path: Path, case: str) -> None:
    name, make, error, _ = BAD_FILES[case]
    folder = tmp_path / "corpus"
    first = write_good(folder, "a-first.txt", "1/2024/QH15")
    last = write_good(folder / "sub", "z-last.txt", "2/2024/QH15")
    (folder / name).write_bytes(make())
    seen: list[tuple[str, str | None]] = []
    result = lexoverlap.ingest([folder], on_file=lambda p, f: seen.append((p.name, f and f.code)))
    assert [d.doc_id for d in result.documents] == [first, last]
    assert len(result.failures) == 1
    failure = result.failures[0]
    assert failure.path == str(folder / name)
    assert failure.code == error.code
    assert name in failure.message and failure.message.startswith(error.code)
    assert (name, error.code) in seen and len(seen) == 3


def test_undecodable_bytes_are_refused_for_several_seeds(tmp_path: Path) -> None:
    for seed in range(4):
        path = tmp_path / f"legacy{seed}.txt"
        path.write_bytes(random_bytes(seed, nul=False))
        with pytest.raises(DecodeError) as info:
            ingest_file(path)
        assert_names_file(info.value, path)


@pytest.mark.parametrize("encoding", ["cp1258", "utf-16"])
def test_legacy_encoded_vietnamese_is_decoded_not_refused(tmp_path: Path, encoding: str) -> None:
    text = law_text()
    data = cp1258_bytes(text) if encoding == "cp1258" else text.encode("utf-16")
    assert data != text.encode("utf-8")
    path = tmp_path / f"law-{encoding}.txt"
    path.write_bytes(data)
    doc = ingest_file(path)
    assert doc.text == lexoverlap.document_from_text(text).text
    assert doc.doc_id == "12-2024-QH15"
    assert [p.id for p in lexoverlap.segment(doc) if p.level == "article"] == [
        "12-2024-QH15/ch1/art1",
        "12-2024-QH15/ch1/art2",
    ]


# Regression: a file of only invisible characters used to ingest as a Document with text ''.
def test_file_of_only_invisible_characters_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "invisible.txt"
    path.write_text("\u200b\u200b\n\u00ad\ufeff\u200b\n", encoding="utf-8")
    with pytest.raises(EmptyFileError):
        ingest_file(path)


# Regression: lxml's XMLSyntaxError used to escape read_docx and abort the batch.
@pytest.mark.parametrize(
    "part", ["word/document.xml", "[Content_Types].xml"], ids=["document-xml", "content-types"]
)
def test_docx_with_malformed_xml_part_is_corrupt(tmp_path: Path, part: str) -> None:
    folder = tmp_path / "corpus"
    good = write_good(folder, "good.txt", "3/2024/QH15")
    path = folder / "damaged.docx"
    path.write_bytes(rezip(docx_bytes("Điều 1. Phạm vi"), replace={part: b"<w:document><unclosed"}))
    result = ingest([folder])  # must not raise
    assert [d.doc_id for d in result.documents] == [good]
    assert [(f.path, f.code) for f in result.failures] == [(str(path), "E105")]
    with pytest.raises(CorruptDocumentError):
        ingest_file(path)


# --- size limit ---------------------------------------------------------------------------------
def test_file_over_max_bytes_is_refused_without_reading_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "long.txt"
    path.write_text(law_text() + "Luật này quy định về dữ liệu số công.\n" * 30, encoding="utf-8")
    assert 2000 < path.stat().st_size < 4000
    assert ingest_file(path).doc_id == "12-2024-QH15"  # fine with the default limit

    def no_read(self: Path) -> bytes:
        raise AssertionError(f"{self} was read although it is over the limit")

    monkeypatch.setattr(Path, "read_bytes", no_read)
    with pytest.raises(FileTooLargeError) as info:
        ingest_file(path, max_bytes=1000)
    assert_names_file(info.value, path)
    result = ingest([path], max_bytes=1000)
    assert result.documents == () and [f.code for f in result.failures] == ["E106"]


# Regression: the message used to read 'is 0.0 MB, over the 0 MB limit'.
def test_too_large_message_states_size_and_limit(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_bytes(b"x" * 2400)
    with pytest.raises(FileTooLargeError) as info:
        ingest_file(path, max_bytes=1000)
    assert "0 MB" not in info.value.message
    assert any(s in info.value.message for s in ("2400", "2,400", "2.4 KB", "2.3 KB"))


# Regression: the default 50 MiB limit used to be reported as '52 MB'.
def test_too_large_message_uses_the_units_of_max_mb(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:
        f.truncate(MAX_BYTES + 1)
    with pytest.raises(FileTooLargeError) as info:
        ingest_file(path)
    assert "50 MB limit" in info.value.message


def test_default_limit_refuses_a_sparse_200_mb_file_quickly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert MAX_BYTES >= 50 * 1024 * 1024
    folder = tmp_path / "corpus"
    good = write_good(folder, "good.txt", "4/2024/QH15")
    path = folder / "huge.txt"
    with path.open("wb") as f:
        f.truncate(200 * 1024 * 1024)  # sparse: no disk blocks are written
    real_read = Path.read_bytes

    def guarded_read(self: Path) -> bytes:
        assert self != path, "the 200 MB file was read"
        return real_read(self)

    monkeypatch.setattr(Path, "read_bytes", guarded_read)
    t0 = time.monotonic()
    with pytest.raises(FileTooLargeError) as info:
        ingest_file(path)
    result = ingest([folder])
    assert time.monotonic() - t0 < 2.0
    assert_names_file(info.value, path)
    assert [d.doc_id for d in result.documents] == [good]
    assert [(f.path, f.code) for f in result.failures] == [(str(path), "E106")]


# --- formats, paths ---------------------------------------------------------------------------
def test_unsupported_extension_passed_directly(tmp_path: Path) -> None:
    path = tmp_path / "law.xyz"
    path.write_text(law_text(), encoding="utf-8")
    with pytest.raises(UnsupportedFormatError) as info:
        ingest_file(path)
    assert_names_file(info.value, path)
    assert "'.xyz'" in info.value.message and ".docx" in info.value.message
    good = write_good(tmp_path, "good.txt", "5/2024/QH15")
    result = ingest([path, tmp_path / "good.txt"])
    assert [d.doc_id for d in result.documents] == [good]
    assert [(f.path, f.code) for f in result.failures] == [(str(path), "E101")]


def test_unsupported_files_inside_a_folder_are_skipped(tmp_path: Path) -> None:
    good = write_good(tmp_path, "good.txt", "6/2024/QH15")
    (tmp_path / "notes.xyz").write_text("x", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("", encoding="utf-8")
    result = ingest([tmp_path])
    assert [d.doc_id for d in result.documents] == [good]
    assert result.failures == ()


def test_missing_file_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "gone.txt"
    with pytest.raises(UnreadableFileError) as info:
        ingest_file(path)
    assert_names_file(info.value, path)
    assert "does not exist" in info.value.message


def _is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


@pytest.mark.skipif(_is_root(), reason="running as root: chmod 000 does not block reads")
def test_file_without_read_permission(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    good = write_good(folder, "good.txt", "7/2024/QH15")
    path = folder / "locked.txt"
    path.write_text(law_text("8/2024/QH15"), encoding="utf-8")
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("chmod 000 does not block reads on this file system")
        with pytest.raises(UnreadableFileError) as info:
            ingest_file(path)
        assert_names_file(info.value, path)
        assert "permission" in info.value.message
        result = ingest([folder])
        assert [d.doc_id for d in result.documents] == [good]
        assert [(f.path, f.code) for f in result.failures] == [(str(path), "E107")]
    finally:
        path.chmod(0o644)


def test_broken_symlink_in_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    good = write_good(folder, "good.txt", "9/2024/QH15")
    link = folder / "moved.txt"
    link.symlink_to(tmp_path / "nowhere" / "moved.txt")
    with pytest.raises(UnreadableFileError) as info:
        ingest_file(link)
    assert_names_file(info.value, link)
    result = ingest([folder])
    assert [d.doc_id for d in result.documents] == [good]
    assert [(f.path, f.code) for f in result.failures] == [(str(link), "E107")]


def _run_with_timeout(fn: Callable[[], object], seconds: float) -> object:
    """Run fn in a daemon thread; fail (instead of hanging the suite) if it blocks."""
    box: dict[str, object] = {}

    def target() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:
            box["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        pytest.fail(f"blocked for more than {seconds}s (a FIFO was opened?)")
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box.get("value")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_fifo_is_refused_without_being_opened(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    good = write_good(folder, "good.txt", "10/2024/QH15")
    fifo = folder / "pipe.txt"
    os.mkfifo(fifo)  # opening it for reading would block until a writer comes

    def single() -> LexOverlapError:
        with pytest.raises(UnreadableFileError) as info:
            ingest_file(fifo)
        return info.value

    exc = _run_with_timeout(single, 5)
    assert isinstance(exc, UnreadableFileError)
    assert_names_file(exc, fifo)
    assert "not a regular file" in exc.message
    result = _run_with_timeout(lambda: ingest([folder]), 5)
    assert isinstance(result, lexoverlap.IngestResult)
    assert [d.doc_id for d in result.documents] == [good]
    assert [(f.path, f.code) for f in result.failures] == [(str(fifo), "E107")]


# --- sidecars and manifests ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("{not json", "cannot read metadata JSON"),
        ('["a list"]', "must be an object"),
        ('{"colour": "red"}', "unknown metadata field"),
        ('{"signed": "2024-02-30"}', "signed must be a YYYY-MM-DD date"),
        ('{"effective": "20 tháng 6"}', "effective must be a YYYY-MM-DD date"),
        ('{"rank": "emperor"}', "rank must be one of"),
    ],
    ids=["bad-json", "not-object", "unknown-field", "bad-date", "vietnamese-date", "bad-rank"],
)
@pytest.mark.parametrize("sidecar_name", ["law.meta.json", "law.txt.meta.json"])
def test_malformed_sidecar_names_the_sidecar_and_the_batch_goes_on(
    tmp_path: Path, content: str, words: str, sidecar_name: str
) -> None:
    folder = tmp_path / "corpus"
    good = write_good(folder, "good.txt", "11/2024/QH15")
    law = folder / "law.txt"
    law.write_text(law_text("12/2024/QH15"), encoding="utf-8")
    sidecar = folder / sidecar_name
    sidecar.write_text(content, encoding="utf-8")
    with pytest.raises(MetadataError) as info:
        ingest_file(law)
    assert_names_file(info.value, sidecar)
    assert words in info.value.message
    result = ingest([folder])
    assert [d.doc_id for d in result.documents] == [good]
    assert len(result.failures) == 1
    failure = result.failures[0]
    assert (failure.path, failure.code) == (str(law), "E200")
    assert sidecar_name in failure.message


# Regression: {"number": 12} used to raise AttributeError and abort the batch.
def test_sidecar_with_a_non_string_number_is_a_metadata_error(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    good = write_good(folder, "good.txt", "13/2024/QH15")
    law = folder / "law.txt"
    law.write_text(law_text("14/2024/QH15"), encoding="utf-8")
    (folder / "law.meta.json").write_text('{"number": 12}', encoding="utf-8")
    result = ingest([folder])  # must not raise
    assert [d.doc_id for d in result.documents] == [good]
    assert [(f.path, f.code) for f in result.failures] == [(str(law), "E200")]


@pytest.mark.parametrize("sidecar_name", ["law.meta.json", "law.txt.meta.json"])
def test_valid_sidecar_overrides_number_and_signed(tmp_path: Path, sidecar_name: str) -> None:
    law = tmp_path / "law.txt"
    law.write_text(law_text("12/2024/QH15"), encoding="utf-8")
    plain = ingest_file(law)
    assert (plain.number, plain.signed.isoformat() if plain.signed else None) == (
        "12/2024/QH15",
        "2024-06-20",
    )
    assert plain.provenance["number"] == "text"
    (tmp_path / sidecar_name).write_text(
        json.dumps({"number": "99/2030/QH16", "signed": "2030-01-02"}), encoding="utf-8"
    )
    doc = ingest_file(law)
    assert doc.number == "99/2030/QH16"
    assert doc.signed is not None and doc.signed.isoformat() == "2030-01-02"
    assert doc.doc_id == "99-2030-QH16"
    assert doc.provenance["number"] == "sidecar" and doc.provenance["signed"] == "sidecar"
    assert doc.provenance["issuer"] == "text"  # fields the sidecar does not give stay as read
    assert doc.issuer == "Quốc hội"


def test_folder_manifest_supplies_metadata(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    bare = "Điều 1. Phạm vi\nVăn bản này quy định về dữ liệu.\n"
    (folder / "a.txt").write_text(bare, encoding="utf-8")
    (folder / "b.txt").write_text(bare.replace("dữ liệu", "đất đai"), encoding="utf-8")
    (folder / "c.txt").write_text(bare.replace("dữ liệu", "thủy lợi"), encoding="utf-8")
    (folder / "c.meta.json").write_text('{"number": "3/2021/QH15"}', encoding="utf-8")
    (folder / "lexoverlap-meta.json").write_text(
        json.dumps(
            {
                "files": {
                    "a.txt": {
                        "number": "7/2020/QH14",
                        "doc_type": "Luật",
                        "issuer": "Quốc hội",
                        "signed": "2020-06-01",
                    },
                    "c.txt": {"number": "1/2000/QH10"},
                }
            }
        ),
        encoding="utf-8",
    )
    result = ingest([folder])
    assert result.failures == ()
    docs = {Path(d.source).name: d for d in result.documents}
    a, b, c = docs["a.txt"], docs["b.txt"], docs["c.txt"]
    assert a.doc_id == "7-2020-QH14" and a.number == "7/2020/QH14"
    assert a.signed is not None and a.signed.isoformat() == "2020-06-01"
    assert a.rank == lexoverlap.Rank.LAW and a.issuer == "Quốc hội"
    for name in ("number", "doc_type", "issuer", "signed"):
        assert a.provenance[name] == "manifest"
    assert a.provenance["rank"] == "derived"
    assert b.doc_id == "b" and b.number is None and b.provenance == {}
    # A sidecar beside the file wins over the folder manifest.
    assert c.number == "3/2021/QH15" and c.provenance["number"] == "sidecar"


def test_malformed_manifest_fails_its_folder_only(tmp_path: Path) -> None:
    bad_folder = tmp_path / "corpus" / "bad"
    write_good(bad_folder, "x.txt", "15/2024/QH15")
    manifest = bad_folder / "lexoverlap-meta.json"
    manifest.write_text('{"files": {', encoding="utf-8")
    good = write_good(tmp_path / "corpus" / "good", "y.txt", "16/2024/QH15")
    result = ingest([tmp_path / "corpus"])
    assert [d.doc_id for d in result.documents] == [good]
    assert [(f.path, f.code) for f in result.failures] == [(str(bad_folder / "x.txt"), "E200")]
    assert str(manifest) in result.failures[0].message


# Regression: a manifest of the wrong shape used to raise AttributeError/TypeError.
@pytest.mark.parametrize(
    "manifest",
    ['{"files": []}', '{"files": "x.txt"}', '{"files": {"x.txt": 5}}'],
    ids=["files-list", "files-string", "entry-number"],
)
def test_manifest_with_wrong_shape_is_a_metadata_error(tmp_path: Path, manifest: str) -> None:
    bad_folder = tmp_path / "corpus" / "bad"
    write_good(bad_folder, "x.txt", "17/2024/QH15")
    (bad_folder / "lexoverlap-meta.json").write_text(manifest, encoding="utf-8")
    good = write_good(tmp_path / "corpus" / "good", "y.txt", "18/2024/QH15")
    result = ingest([tmp_path / "corpus"])  # must not raise
    assert [d.doc_id for d in result.documents] == [good]
    assert [(f.path, f.code) for f in result.failures] == [(str(bad_folder / "x.txt"), "E200")]


# --- the command line --------------------------------------------------------------------------
@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with two good laws; the CLI is run from tmp_path on the relative path."""
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "corpus"
    write_good(folder, "luat-a.txt", "20/2024/QH15")
    write_good(folder, "luat-b.txt", "21/2024/QH15")
    return folder


def test_cli_ingest_with_a_bad_file_exits_1_and_names_it(corpus: Path) -> None:
    (corpus / "broken.pdf").write_bytes(b"%PDF-1.4\ngarbage")
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", "corpus", "--quiet"])
    assert result.exit_code == 1, result.output
    assert "broken.pdf" in result.stderr and "E105" in result.stderr
    assert "1 file(s) failed" in result.stderr
    assert "broken.pdf" not in result.stdout  # the table holds documents only
    as_json = runner.invoke(app, ["ingest", "corpus", "--quiet", "--format", "jsonl"])
    assert as_json.exit_code == 1
    ids = [json.loads(line)["doc_id"] for line in as_json.stdout.splitlines()]
    assert ids == ["20-2024-QH15", "21-2024-QH15"]


def test_cli_ingest_of_good_files_exits_0(corpus: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", "corpus", "--quiet"])
    assert result.exit_code == 0, result.output
    assert "failed" not in result.output and result.stderr == ""
    assert "Luật" in result.stdout  # the table of documents is printed
    as_json = runner.invoke(app, ["ingest", "corpus", "--quiet", "--format", "jsonl"])
    assert as_json.exit_code == 0
    ids = [json.loads(line)["doc_id"] for line in as_json.stdout.splitlines()]
    assert ids == ["20-2024-QH15", "21-2024-QH15"]


def test_cli_ingest_table_shows_whole_ids(corpus: Path) -> None:
    (corpus / "empty.txt").write_bytes(b"")
    result = CliRunner().invoke(app, ["ingest", "corpus", "--quiet"])
    assert result.exit_code == 1
    assert "20-2024-QH15" in result.stdout and "21-2024-QH15" in result.stdout


# Regression: failure messages went through rich markup unescaped ('[draft]' vanished).
def test_cli_failure_keeps_bracketed_file_names(corpus: Path) -> None:
    (corpus / "[draft] luật.txt").write_bytes(b"")
    result = CliRunner().invoke(app, ["ingest", "corpus", "--quiet"])
    assert result.exit_code == 1
    assert "[draft] luật.txt" in result.stderr
