"""Files → :class:`~lexoverlap.models.Document`: read, normalise, read metadata, apply sidecars.

A batch never stops on a bad file: each failure is recorded with the file name and the reason
(:class:`~lexoverlap.models.Failure`) and the other files go on.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from ._metadata import detect_language, rank_of, read_metadata
from ._readers import READERS, read_text
from ._text import fold, normalize_text
from .errors import (
    EmptyFileError,
    FileTooLargeError,
    LexOverlapError,
    MetadataError,
    UnreadableFileError,
)
from .models import Document, Failure, IngestResult, Rank

#: Files larger than this are refused (legal documents are kilobytes to a few megabytes; a
#: 200 MB "law" is a mistake and would hold the batch hostage). Override with ``max_bytes``.
MAX_BYTES = 50 * 1024 * 1024

#: A folder manifest: ``{"files": {"name.txt": {...metadata...}}}``.
MANIFEST_NAME = "lexoverlap-meta.json"

_SIDECAR_FIELDS = {
    "doc_id", "title", "doc_type", "number", "issuer", "place", "signed", "effective",
    "expiry", "language", "rank", "normative",
}  # fmt: skip
_DATE_FIELDS = {"signed", "effective", "expiry"}
_METADATA_FIELDS = ("title", "doc_type", "number", "issuer", "signed", "effective")


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Yield the files to ingest: the given files, and every readable file under folders.

    Folders are walked recursively in sorted order; sidecars and manifests are skipped (they
    are read with the file they describe), so are hidden files and files of unknown formats.
    A path that does not exist is yielded as is so that the caller reports it.
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if name.startswith(".") or name.endswith(".meta.json"):
                        continue
                    if Path(name).suffix.lower() in READERS:
                        yield Path(root) / name
        else:
            yield path


def doc_id_for(number: str | None, language: str, path: Path) -> str:
    """Stable document id: the number folded to ASCII, or a slug of the file name.

    Examples
    --------
    >>> doc_id_for("15/2020/NĐ-CP", "vi", Path("x.txt"))
    '15-2020-ND-CP'
    >>> doc_id_for("24/2018/QH14", "en", Path("x.en.txt"))
    '24-2018-QH14.en'
    >>> doc_id_for(None, "vi", Path("Hiến pháp 2013.txt"))
    'hien-phap-2013'
    """
    if number:
        base = re.sub(r"[^A-Za-z0-9]+", "-", fold(number).upper()).strip("-")
    else:
        stem = path.name.split(".")[0]
        base = re.sub(r"[^a-z0-9]+", "-", fold(stem)).strip("-") or "document"
    return f"{base}.{language}" if language != "vi" else base


def _size(n: int) -> str:
    """Sizes in the unit of ``--max-mb`` (MiB, written MB), small ones in bytes."""
    return f"{n / 2**20:.4g} MB" if n >= 2**20 else f"{n:,} bytes"


def _load_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise MetadataError(
            f"cannot read metadata JSON ({exc}); fix or remove it", path=path
        ) from None
    if not isinstance(data, dict):
        raise MetadataError("metadata JSON must be an object", path=path)
    return data


def _sidecar_for(path: Path, manifests: dict[Path, dict[str, Any]]) -> tuple[dict[str, Any], str]:
    """Metadata given beside the file: ``NAME.meta.json`` wins over the folder manifest."""
    for candidate in (path.with_name(path.name + ".meta.json"),
                      path.with_name(path.name.split(".")[0] + ".meta.json")):
        if candidate.is_file():
            return _validate(_load_json(candidate), candidate), "sidecar"
    folder = path.parent
    if folder not in manifests:
        manifest_path = folder / MANIFEST_NAME
        manifests[folder] = _load_json(manifest_path) if manifest_path.is_file() else {}
    files = manifests[folder].get("files", {})
    if not isinstance(files, dict):
        raise MetadataError(
            '"files" must be an object mapping file names to metadata objects',
            path=folder / MANIFEST_NAME,
        )
    entry = files.get(path.name)
    if entry is None:
        from .corpora import corpus_metadata

        known = corpus_metadata(path)  # a fact the project records for a read-only corpus
        return (_validate(known[0], known[1]), "manifest") if known else ({}, "")
    if not isinstance(entry, dict):
        raise MetadataError(
            f"the entry for {path.name!r} must be an object, got {type(entry).__name__}",
            path=folder / MANIFEST_NAME,
        )
    return _validate(entry, folder / MANIFEST_NAME), "manifest"


def _validate(data: dict[str, Any], where: Path) -> dict[str, Any]:
    unknown = set(data) - _SIDECAR_FIELDS
    if unknown:
        raise MetadataError(
            f"unknown metadata field(s) {sorted(unknown)}; allowed: {sorted(_SIDECAR_FIELDS)}",
            path=where,
        )
    out = dict(data)
    for name, value in out.items():
        expected = bool if name == "normative" else str
        if value is not None and not isinstance(value, expected):
            raise MetadataError(
                f"{name} must be a {expected.__name__}, got {type(value).__name__} {value!r}",
                path=where,
            )
    for name in _DATE_FIELDS & set(out):
        if out[name] is None:
            continue
        try:
            out[name] = date.fromisoformat(str(out[name]))
        except ValueError:
            raise MetadataError(
                f"{name} must be a YYYY-MM-DD date, got {out[name]!r}", path=where
            ) from None
    if out.get("rank") is not None:
        try:
            out["rank"] = Rank[str(out["rank"]).upper()]
        except KeyError:
            raise MetadataError(
                f"rank must be one of {[r.name.lower() for r in Rank]}, got {out['rank']!r}",
                path=where,
            ) from None
    return out


def document_from_text(
    text: str,
    *,
    doc_id: str | None = None,
    source: str = "<text>",
    language: str | None = None,
    overrides: dict[str, Any] | None = None,
    override_kind: str = "sidecar",
) -> Document:
    """Build a :class:`Document` from text already in memory (a pasted draft, a test).

    Parameters
    ----------
    text : str
        Raw text in any line-ending convention.
    doc_id : str, optional
        Id to use; by default derived from the number read in the text.
    source : str
        Where the text came from, recorded on the document.
    language : str, optional
        ``"vi"`` or ``"en"``; detected when omitted.
    overrides : dict, optional
        Metadata that replaces what is read from the text (sidecar fields).

    Examples
    --------
    >>> doc = document_from_text("CHÍNH PHỦ -------\\nSố: 15/2020/NĐ-CP\\n"
    ...                          "Hà Nội, ngày 03 tháng 02 năm 2020\\nNGHỊ ĐỊNH\\nVỀ VIỆC A")
    >>> doc.doc_id, doc.doc_type, doc.rank.name, doc.signed.isoformat()
    ('15-2020-ND-CP', 'Nghị định', 'GOVERNMENT', '2020-02-03')
    """
    normalized = normalize_text(text)
    overrides = dict(overrides or {})
    lang = overrides.pop("language", None) or language or detect_language(normalized)
    md = read_metadata(normalized, lang)
    for name, value in overrides.items():
        if name in {"doc_id", "rank", "normative"}:
            continue
        setattr(md, name, value)
        md.provenance[name] = override_kind
    if overrides.get("issuer"):
        from ._metadata import _issuer_from_line

        found = _issuer_from_line(str(overrides["issuer"]).upper())
        md.issuer_kind = found[1] if found else md.issuer_kind
    rank, normative = rank_of(md.doc_type, md.issuer_kind)
    if "rank" in overrides:
        rank = overrides["rank"]
        md.provenance["rank"] = override_kind
    elif rank is not None:
        md.provenance["rank"] = "derived"
    if "normative" in overrides:
        normative = bool(overrides["normative"])
    path = Path(source)
    final_id = overrides.get("doc_id") or doc_id or doc_id_for(md.number, lang, path)
    missing = tuple(name for name in _METADATA_FIELDS if getattr(md, name) is None)
    if normative and rank is None:
        missing += ("rank",)
    return Document(
        doc_id=final_id,
        text=normalized,
        source=source,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        language=lang,
        title=md.title,
        doc_type=md.doc_type,
        number=md.number,
        issuer=md.issuer,
        place=md.place,
        signed=md.signed,
        effective=md.effective,
        expiry=md.expiry,
        rank=rank,
        normative=normative,
        missing=missing,
        provenance=dict(md.provenance),
        header_end=md.header_end,
    )


def ingest_file(
    path: str | Path,
    *,
    max_bytes: int = MAX_BYTES,
    _manifests: dict[Path, dict[str, Any]] | None = None,
) -> Document:
    """Ingest one file into a :class:`Document`.

    Raises
    ------
    IngestError
        A subclass naming the file and what is wrong (empty, binary, undecodable, corrupt,
        too large, unreadable, unsupported).
    MetadataError
        The file's sidecar or folder manifest is malformed.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "empty.txt"; _ = p.write_bytes(b"")
    >>> ingest_file(p)
    Traceback (most recent call last):
    ...
    lexoverlap.errors.EmptyFileError: E102 ...empty.txt: file is empty (0 bytes); nothing to ingest
    """
    path = Path(path)
    if path.suffix.lower() not in READERS:
        read_text(b"", path)  # raises UnsupportedFormatError with the list of formats
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise UnreadableFileError("is not a regular file", path=path)
        if size > max_bytes:
            raise FileTooLargeError(
                f"is {_size(size)}, over the {_size(max_bytes)} limit; "
                "split it or raise max_bytes (--max-mb)",
                path=path,
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise UnreadableFileError("does not exist", path=path) from None
    except PermissionError:
        raise UnreadableFileError(
            "permission denied; check the file's permissions", path=path
        ) from None
    except IsADirectoryError:
        raise UnreadableFileError("is a directory, not a file", path=path) from None
    except OSError as exc:
        raise UnreadableFileError(f"cannot be read ({exc.strerror})", path=path) from None
    if not data.strip():
        raise EmptyFileError(
            f"file is empty ({len(data)} bytes); nothing to ingest", path=path
        )
    raw = read_text(data, path)
    overrides, kind = _sidecar_for(path, _manifests if _manifests is not None else {})
    doc = document_from_text(
        raw, source=str(path), overrides=overrides, override_kind=kind or "sidecar"
    )
    if not doc.text:  # only whitespace or invisible characters (zero-width, soft hyphen, BOM)
        raise EmptyFileError(
            "has no text once extracted and normalised (only blanks or invisible characters)",
            path=path,
        )
    # The sha256 is of the file's bytes, so a re-ingest of the same bytes is recognised.
    return _replace(doc, sha256=hashlib.sha256(data).hexdigest())


def _replace(doc: Document, **changes: Any) -> Document:
    import dataclasses

    return dataclasses.replace(doc, **changes)


def ingest(
    paths: Iterable[str | Path],
    *,
    max_bytes: int = MAX_BYTES,
    on_file: Callable[[Path, Failure | None], None] | None = None,
) -> IngestResult:
    """Ingest files and folders; bad files are reported, the rest go on.

    Parameters
    ----------
    paths : iterable of str or Path
        Files (.txt .html .htm .docx .pdf) and folders (walked recursively).
    max_bytes : int
        Size limit per file.
    on_file : callable, optional
        Called after each file with its path and its failure (``None`` when it ingested);
        used for progress bars and live error reports.

    Returns
    -------
    IngestResult
        The documents (ids unique within the batch) and the failures.

    Examples
    --------
    >>> result = ingest(["does-not-exist.txt"])
    >>> result.documents, result.failures[0].code
    ((), 'E107')
    """
    documents: list[Document] = []
    failures: list[Failure] = []
    manifests: dict[Path, dict[str, Any]] = {}
    seen: set[str] = set()
    for path in iter_files(paths):
        try:
            doc = ingest_file(path, max_bytes=max_bytes, _manifests=manifests)
        except LexOverlapError as exc:
            failures.append(Failure(str(path), exc.code, str(exc)))
            if on_file is not None:
                on_file(path, failures[-1])
            continue
        if on_file is not None:
            on_file(path, None)
        if doc.doc_id in seen:
            # Two files carry the same number (a version, a copy): keep both, addressable.
            doc = _replace(doc, doc_id=f"{doc.doc_id}~{doc.sha256[:8]}")
        seen.add(doc.doc_id)
        documents.append(doc)
    return IngestResult(tuple(documents), tuple(failures))
