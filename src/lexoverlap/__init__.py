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

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._ingest import document_from_text, ingest, ingest_file, iter_files
from ._segment import segment
from .errors import LexOverlapError
from .models import Document, Failure, IngestResult, Provision, Quote, Rank

if TYPE_CHECKING:
    from .frames import Frames
    from .pipeline import Analysis

__all__ = [
    "Document",
    "Failure",
    "IngestResult",
    "LexOverlapError",
    "Provision",
    "Quote",
    "Rank",
    "analyze",
    "document_from_text",
    "ingest",
    "ingest_file",
    "iter_files",
    "load",
    "segment",
]
__version__ = "0.1.0"


def load(store: str | os.PathLike[str]) -> Frames:
    """The store as pandas DataFrames (see :mod:`lexoverlap.frames`)."""
    from .frames import load as _load

    return _load(Path(store))


def analyze(paths: Sequence[str | os.PathLike[str]], store: str | os.PathLike[str],
            **options: Any) -> Analysis:
    """Ingest → segment → annotate → embed → candidates into a store (see
    :func:`lexoverlap.pipeline.analyze`)."""
    from .pipeline import analyze as _analyze

    return _analyze([Path(p) for p in paths], Path(store), **options)
