"""lexoverlap: find overlapping and contradictory provisions in a body of law.

The public surface is small: ingest files into :class:`Document`\\ s, segment them into
:class:`Provision`\\ s; every error is a :class:`LexOverlapError`.

Examples
--------
>>> import lexoverlap
>>> doc = lexoverlap.document_from_text("Điều 1. Phạm vi\\n1. Khoản một.", doc_id="d")
>>> [p.id for p in lexoverlap.segment(doc)]
['d/art1', 'd/art1/cl1']
"""

from ._ingest import document_from_text, ingest, ingest_file, iter_files
from ._segment import segment
from .errors import LexOverlapError
from .models import Document, Failure, IngestResult, Provision, Quote, Rank

__all__ = [
    "Document",
    "Failure",
    "IngestResult",
    "LexOverlapError",
    "Provision",
    "Quote",
    "Rank",
    "document_from_text",
    "ingest",
    "ingest_file",
    "iter_files",
    "segment",
]
__version__ = "0.1.0"
