"""The one exception tree of lexoverlap.

Every error the library raises on purpose is a :class:`LexOverlapError`. Each class carries a
numbered code (``E1xx`` ingestion, ``E2xx`` metadata, ``E3xx`` segmentation, ``E9xx`` usage) so a
message can be looked up, and every message says what was wrong, in which file, and what to do.

======================  ====  =====================================================
class                   code  raised when
======================  ====  =====================================================
IngestError             E100  a file cannot be turned into a document (base)
UnsupportedFormatError  E101  the file extension is not one lexoverlap reads
EmptyFileError          E102  the file has no bytes, or no text after extraction
BinaryFileError         E103  a text file holds binary data (NUL bytes, no charset)
DecodeError             E104  the bytes cannot be decoded in any plausible encoding
CorruptDocumentError    E105  a PDF/DOCX/HTML container is damaged or encrypted
FileTooLargeError       E106  the file exceeds the size limit
UnreadableFileError     E107  the operating system refuses to read the file
MetadataError           E200  a sidecar or manifest is malformed
SegmentationError       E300  the provision tree cannot be built
StoreError              E400  the store file is not a usable lexoverlap store (store.py)
EngineError             E500  the execution engine cannot be reached (engine.py)
UsageError              E900  the caller passed something impossible
======================  ====  =====================================================
"""

from __future__ import annotations

from pathlib import Path


class LexOverlapError(Exception):
    """Base class of every error raised by lexoverlap on purpose.

    Parameters
    ----------
    message : str
        What was wrong and what to do about it.
    path : str or Path, optional
        The file the error is about; it is put at the front of the message.

    Examples
    --------
    >>> err = EmptyFileError("file has no bytes; nothing to ingest", path="a.txt")
    >>> str(err)
    'E102 a.txt: file has no bytes; nothing to ingest'
    """

    code = "E000"

    def __init__(self, message: str, *, path: str | Path | None = None) -> None:
        self.path = str(path) if path is not None else None
        self.message = message
        where = f" {self.path}:" if self.path else ""
        super().__init__(f"{self.code}{where} {message}")


class IngestError(LexOverlapError):
    """A file could not be turned into a :class:`~lexoverlap.models.Document`."""

    code = "E100"


class UnsupportedFormatError(IngestError):
    """The file extension is not one of ``.txt .html .htm .docx .pdf``."""

    code = "E101"


class EmptyFileError(IngestError):
    """The file is empty, or has no text once extracted."""

    code = "E102"


class BinaryFileError(IngestError):
    """A file that should be text holds binary data."""

    code = "E103"


class DecodeError(IngestError):
    """The bytes cannot be decoded as text in any plausible encoding."""

    code = "E104"


class CorruptDocumentError(IngestError):
    """A PDF, DOCX or HTML file is damaged, encrypted or not what its extension says."""

    code = "E105"


class FileTooLargeError(IngestError):
    """The file is larger than the configured limit."""

    code = "E106"


class UnreadableFileError(IngestError):
    """The operating system refused to read the file (permissions, vanished, a device)."""

    code = "E107"


class MetadataError(LexOverlapError):
    """A metadata sidecar (``NAME.meta.json``) or folder manifest is malformed."""

    code = "E200"


class SegmentationError(LexOverlapError):
    """The provision tree of a document cannot be built."""

    code = "E300"


class UsageError(LexOverlapError):
    """The caller asked for something impossible (bad option, unknown corpus)."""

    code = "E900"
