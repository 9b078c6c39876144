"""Plain data that travels between the stages: frozen dataclasses, no behaviour beyond views.

The field names of :class:`Provision` (``id``, ``doc_id``, ``level``, ``number``, ``heading``,
``text``, ``start``, ``end``, ``parent``) are a public contract: the JSONL written by
``lexoverlap segment`` uses them and other tools read them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import IntEnum
from typing import Any, Literal, get_args

Level = Literal[
    "part",
    "chapter",
    "section",
    "subsection",
    "article",
    "clause",
    "point",
    "paragraph",
    "appendix",
]
"""The levels of the provision tree, outermost first (``paragraph`` is used for preambles and
for documents without legal structure)."""

LEVELS: tuple[Level, ...] = get_args(Level)


class Rank(IntEnum):
    """Legal effect in the hierarchy of the Law on Promulgation of Legal Documents.

    A *smaller* value has *higher* legal effect (Art. 4 of Law 80/2015/QH13, kept in the 2025
    law). Documents outside the hierarchy (Party resolutions, news, notices) have no rank.
    """

    CONSTITUTION = 1
    LAW = 2  # Bộ luật, Luật, Nghị quyết của Quốc hội
    NA_STANDING_COMMITTEE = 3  # Pháp lệnh, Nghị quyết của UBTVQH
    PRESIDENT = 4  # Lệnh, Quyết định của Chủ tịch nước
    GOVERNMENT = 5  # Nghị định, Nghị quyết của Chính phủ
    PRIME_MINISTER = 6  # Quyết định của Thủ tướng Chính phủ
    SUPREME_BODIES = 7  # NQ HĐTP TANDTC, TT Chánh án TANDTC / Viện trưởng VKSNDTC, QĐ Tổng KTNN
    MINISTERIAL = 8  # Thông tư của Bộ trưởng, Thủ trưởng cơ quan ngang bộ
    PROVINCIAL_COUNCIL = 9  # Nghị quyết HĐND cấp tỉnh
    PROVINCIAL_COMMITTEE = 10  # Quyết định UBND cấp tỉnh
    LOCAL = 11  # HĐND/UBND cấp huyện, cấp xã


@dataclass(frozen=True, slots=True)
class Document:
    """One ingested legal (or policy) document with the metadata read from it.

    Attributes
    ----------
    doc_id : str
        Stable id: the document number folded to ASCII (``45-2019-QH14``), ``.en`` appended for
        English texts, or a slug of the file name when the text carries no number.
    text : str
        The normalised text (NFC, one tone-mark convention, one paragraph per line); every
        provision span points into it.
    missing : tuple of str
        Metadata fields that could not be read; they are left empty, never guessed.
    provenance : dict
        For each metadata field, where its value came from (``"text"``, ``"sidecar"``,
        ``"manifest"`` or ``"derived"``).
    header_end : int
        Index of the first line after the header block (issuer, number, date, title): the
        lines before it are metadata, not provisions.
    """

    doc_id: str
    text: str
    source: str
    sha256: str
    language: str
    title: str | None = None
    doc_type: str | None = None
    number: str | None = None
    issuer: str | None = None
    place: str | None = None
    signed: date | None = None
    effective: date | None = None
    expiry: date | None = None
    rank: Rank | None = None
    normative: bool = True
    missing: tuple[str, ...] = ()
    provenance: dict[str, str] = field(default_factory=dict)
    header_end: int = 0

    def metadata(self) -> dict[str, Any]:
        """The metadata as JSON-ready values (dates as ISO strings), without the text."""
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            if f.name == "text":
                continue
            value = getattr(self, f.name)
            if isinstance(value, date):
                value = value.isoformat()
            elif isinstance(value, Rank):
                value = value.name.lower()
            elif isinstance(value, tuple):
                value = list(value)
            out[f.name] = value
        out["chars"] = len(self.text)
        return out

    @classmethod
    def from_metadata(cls, meta: dict[str, Any], text: str) -> Document:
        """Inverse of :meth:`metadata` (as stored): the record plus the text.

        >>> d = Document("d", "x", "f.txt", "0" * 64, "vi", signed=date(2020, 1, 2),
        ...              rank=Rank.LAW, missing=("issuer",))
        >>> Document.from_metadata(d.metadata(), "x") == d
        True
        """
        values: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            if f.name == "text" or f.name not in meta:
                continue
            value = meta[f.name]
            if value is not None and f.name in ("signed", "effective", "expiry"):
                value = date.fromisoformat(value)
            elif value is not None and f.name == "rank":
                value = Rank[value.upper()]
            elif isinstance(value, list):
                value = tuple(value)
            values[f.name] = value
        return cls(text=text, **values)


@dataclass(frozen=True, slots=True)
class Quote:
    """Text quoted by an amending provision: it belongs to the amending provision, not the tree.

    ``target`` is the raw phrase naming what is amended (``"Điều 58 của Luật Dự trữ quốc gia
    số 22/2012/QH13"``); ``amended_document`` is the document reference found in that phrase or
    in the enclosing provisions, when there is one.
    """

    start: int
    end: int
    target: str | None
    amended_document: str | None
    action: str | None


@dataclass(frozen=True, slots=True)
class Provision:
    """One node of a document's provision tree, with its span in :attr:`Document.text`."""

    id: str
    doc_id: str
    level: Level
    number: str
    heading: str
    text: str
    start: int
    end: int
    parent: str | None
    quotes: tuple[Quote, ...] = ()

    def to_record(self) -> dict[str, Any]:
        """JSON-ready record with the stable field names of the ``segment`` output."""
        record = dataclasses.asdict(self)
        record["quotes"] = [dataclasses.asdict(q) for q in self.quotes]
        return record

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Provision:
        """Inverse of :meth:`to_record`."""
        fields = {f.name for f in dataclasses.fields(cls)}
        values = {k: v for k, v in record.items() if k in fields}
        values["quotes"] = tuple(Quote(**q) for q in record.get("quotes", ()))
        return cls(**values)


@dataclass(frozen=True, slots=True)
class Failure:
    """A file of a batch that could not be ingested; the rest of the batch went on."""

    path: str
    code: str
    message: str


@dataclass(frozen=True, slots=True)
class IngestResult:
    """What a batch ingestion produced: the documents, and the files that failed."""

    documents: tuple[Document, ...]
    failures: tuple[Failure, ...]


CitationKind = Literal["basis", "implements", "amends", "replaces", "repeals", "refers"]


@dataclass(frozen=True, slots=True)
class CitationTarget:
    """What a citation points at: a document (``"this"``, a number or a title) and a path.

    ``resolved`` is the provision id (or document id) in the corpus, ``None`` when the target
    is not in the corpus.
    """

    document: str
    part: str | None = None
    chapter: str | None = None
    section: str | None = None
    article: str | None = None
    clause: str | None = None
    point: str | None = None
    appendix: str | None = None
    resolved: str | None = None


@dataclass(frozen=True, slots=True)
class Citation:
    """A reference found in a provision: its span in the document text, kind and targets."""

    source: str
    start: int
    end: int
    raw: str
    kind: CitationKind | str
    targets: tuple[CitationTarget, ...]

    def to_record(self) -> dict[str, Any]:
        """JSON-ready record."""
        record = dataclasses.asdict(self)
        record["targets"] = [dataclasses.asdict(t) for t in self.targets]
        return record


Modality = Literal["obligation", "prohibition", "permission"]


@dataclass(frozen=True, slots=True)
class Span:
    """A character span into :attr:`Document.text` with the text it covers."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Norm:
    """One norm: who (actor) must / must not / may (modality) do what (action).

    ``actor_key`` is the actor in canonical form for comparison across provisions
    (lower-cased, abbreviations expanded); ``conditions`` and ``exceptions`` are the clauses
    that restrict this norm ("trong trường hợp …", "trừ trường hợp …").
    """

    provision: str
    modality: Modality
    trigger: Span
    actor: Span | None
    actor_key: str | None
    action: Span
    conditions: tuple[Span, ...] = ()
    exceptions: tuple[Span, ...] = ()


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number with a unit, normalised (``"15 ngày làm việc"`` → 15, ``working_day``).

    ``bound`` says what the number bounds when the sentence says it: ``deadline``, ``fine``,
    ``fee``, ``max``, ``min``, ``age``; ``None`` otherwise.
    """

    provision: str
    span: Span
    value: float
    unit: str
    kind: str
    bound: str | None


@dataclass(frozen=True, slots=True)
class Definition:
    """A defined term with its definition and where it applies (``document``/``chapter``).

    ``kind`` is ``"definition"`` ("X là …") or ``"short name"``: "Ngân hàng Nhà nước Việt Nam
    (sau đây gọi là Ngân hàng Nhà nước)" names what the text calls X, and ``definition`` is then
    the words before the parenthesis, not a meaning two laws could disagree on."""

    provision: str
    term: Span
    definition: Span
    scope: str
    kind: str = "definition"


@dataclass(frozen=True, slots=True)
class Annotations:
    """Everything annotated in one provision's own text (not its children's)."""

    provision: str
    norms: tuple[Norm, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    definitions: tuple[Definition, ...] = ()
    citations: tuple[Citation, ...] = ()

    def to_record(self) -> dict[str, Any]:
        """JSON-ready record (the ``annotate --format jsonl`` line)."""
        return {
            "id": self.provision,
            "norms": [dataclasses.asdict(n) for n in self.norms],
            "quantities": [dataclasses.asdict(q) for q in self.quantities],
            "definitions": [dataclasses.asdict(d) for d in self.definitions],
            "citations": [c.to_record() for c in self.citations],
        }

    @classmethod
    def combine(cls, provision: str, parts: Iterable[Annotations]) -> Annotations:
        """One provision's annotations with its descendants' (what detection compares).

        >>> q = Quantity("d/art1/cl1", Span(0, 7, "30 ngày"), 30.0, "day", "duration", None)
        >>> both = Annotations.combine("d/art1", [Annotations("d/art1/cl1", quantities=(q,))])
        >>> both.quantities == (q,)
        True
        """
        items = list(parts)
        return cls(provision, tuple(n for a in items for n in a.norms),
                   tuple(q for a in items for q in a.quantities),
                   tuple(d for a in items for d in a.definitions),
                   tuple(c for a in items for c in a.citations))

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Annotations:
        """Inverse of :meth:`to_record`.

        >>> a = Annotations("d/art1", quantities=(Quantity("d/art1", Span(0, 7, "30 ngày"),
        ...                 30.0, "day", "duration", "deadline"),))
        >>> Annotations.from_record(a.to_record()) == a
        True
        """

        def span(d: dict[str, Any] | None) -> Span | None:
            return None if d is None else Span(**d)

        def spans(items: list[dict[str, Any]]) -> tuple[Span, ...]:
            return tuple(Span(**d) for d in items)

        norms = tuple(
            Norm(n["provision"], n["modality"], Span(**n["trigger"]), span(n["actor"]),
                 n["actor_key"], Span(**n["action"]), spans(n["conditions"]),
                 spans(n["exceptions"]))
            for n in record["norms"])
        quantities = tuple(Quantity(q["provision"], Span(**q["span"]), q["value"], q["unit"],
                                    q["kind"], q["bound"]) for q in record["quantities"])
        definitions = tuple(Definition(d["provision"], Span(**d["term"]),
                                       Span(**d["definition"]), d["scope"],
                                       d.get("kind", "definition"))
                            for d in record["definitions"])
        citations = tuple(
            Citation(c["source"], c["start"], c["end"], c["raw"], c["kind"],
                     tuple(CitationTarget(**t) for t in c["targets"]))
            for c in record["citations"])
        return cls(record["id"], norms, quantities, definitions, citations)
