"""``lexoverlap query``: ask a store what already covers, repeats or contradicts a draft.

Three questions, one read-only :class:`Reader` over a store written by ``lexoverlap analyze``:

- :meth:`Reader.draft` — a draft is segmented like any document and cut into comparison
  units (clauses, clause-less articles, paragraphs; see :mod:`lexoverlap._units`); each unit
  is embedded with the encoder that made the store's vectors for its language, its nearest
  stored provisions are found with faiss, and each pair is classified by
  :func:`lexoverlap.detect.classify` against the stored provision (its text, the annotations
  of it and its sub-provisions, its document's rank and date). The draft is a new text of
  unknown rank unless ``doc_type`` / ``issuer`` / ``date`` are given.
- :meth:`Reader.search` — full-text search, diacritics-insensitive (``thoi han`` finds
  ``thời hạn``), with a highlighted snippet.
- :meth:`Reader.neighbourhood` — one provision: what it cites, what cites it, its findings.

Every stored provision is named the way a drafter writes it (``khoản 2 Điều 12 Luật số
80/2015/QH13``; ``Article 12(2) of Law No. …``) by :func:`human_citation`.

A :class:`Reader` is safe to share between threads: each thread gets its own read-only
SQLite connection; the vector indexes are built once and only searched afterwards; the
draft's annotation and encoding (spaCy, torch) run one at a time behind a lock.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from ._findings import _Corpus
from ._text import fold
from ._units import Unit, encoder_text, units
from .detect import RULES_VERSION, Side, Verdict
from .embed import Encoder
from .errors import LexOverlapError
from .models import Annotations, Citation, Definition, Norm, Quantity
from .store import Store

# Relations a drafter is shown by default: the ones that mean "this is already said" or
# "this says the opposite". ``related`` (same matter, no conflict) is available on request.
RELATIONS = ("contradiction", "duplicate", "subsumes", "overlap")
ALL_RELATIONS = (*RELATIONS, "related")
_ORDER = {r: i for i, r in enumerate(ALL_RELATIONS)}
# Neighbours looked at per draft unit, and the lowest cosine classified: the same values the
# pipeline uses to make candidate pairs (lexoverlap.pipeline.DEFAULT_K / DEFAULT_MIN_SCORE),
# so a draft clause is compared with what a stored clause would have been compared with.
DEFAULT_K = 10
MIN_COSINE = 0.6
# Input limits: a draft of a whole code is ~300k characters; the web UI sets lower ones.
MAX_DRAFT_CHARS = 400_000
MAX_UNITS = 2_000
MAX_SEARCH_CHARS = 500
_ID = re.compile(r"^[\w.~-]+(?:/[\w.~-]+)*$")
MAX_ID_CHARS = 300


class QueryError(LexOverlapError):
    """A query cannot be answered: bad input, an unknown id, or a store/encoder mismatch."""

    code = "E600"


class NotFoundError(QueryError):
    """The provision or document id is not in the store."""

    code = "E601"


@dataclass(frozen=True, slots=True)
class Evidence:
    """A span of one side's text (offsets relative to that provision's text)."""

    side: str  # "draft" / "stored", or "this" / "other" for stored findings
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Match:
    """A stored provision that duplicates, subsumes, overlaps or contradicts a draft unit."""

    provision: str
    citation: str
    document: str
    text: str
    relation: str
    kind: str | None
    score: float
    cosine: float
    prevails: str | None  # "draft", "stored" or None (undecided)
    rule: str | None
    explanation: str
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class DraftUnit:
    """One comparison unit of the draft and what the store holds against it."""

    id: str
    label: str
    text: str
    matches: tuple[Match, ...]


@dataclass(frozen=True, slots=True)
class DraftResult:
    """The answer for a whole draft."""

    language: str
    encoder: str
    detector: str
    units: tuple[DraftUnit, ...]
    seconds: float

    def to_record(self) -> dict[str, Any]:
        """JSON-ready (what ``lexoverlap query --json`` prints)."""
        return asdict(self)

    @property
    def matches(self) -> list[tuple[DraftUnit, Match]]:
        """All (unit, match) pairs, in order."""
        return [(u, m) for u in self.units for m in u.matches]


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A provision found by full-text search, with a snippet and the matched spans in it."""

    provision: str
    citation: str
    document: str
    snippet: str
    marks: tuple[tuple[int, int], ...]
    score: float


@dataclass(frozen=True, slots=True)
class CitationLink:
    """One citation edge seen from a provision: the other end, resolved or not."""

    source: str
    raw: str
    kind: str
    target: str | None  # resolved provision/document id (None: outside the store)
    target_document: str | None
    other: str | None  # the id at the other end of the edge, when it is in the store
    other_citation: str


@dataclass(frozen=True, slots=True)
class StoredFinding:
    """A finding of ``analyze`` seen from one provision (``this``) against ``other``."""

    this: str
    other: str
    other_citation: str
    relation: str
    kind: str | None
    score: float
    prevails: str | None  # "this", "other" or None
    rule: str | None
    explanation: str
    version_change: bool
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class ProvisionInfo:
    """A stored provision with its place in the tree."""

    id: str
    doc_id: str
    level: str
    number: str
    heading: str
    text: str
    parent: str | None
    citation: str
    document: str
    children: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Neighbourhood:
    """A provision, what it cites, what cites it, and its findings."""

    provision: ProvisionInfo
    cites: tuple[CitationLink, ...]
    cited_by: tuple[CitationLink, ...]
    findings: tuple[StoredFinding, ...]

    def to_record(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """A stored document's metadata and its provision outline (id, level, number, heading)."""

    doc_id: str
    title: str | None
    doc_type: str | None
    number: str | None
    issuer: str | None
    signed: str | None
    effective: str | None
    rank: int | None
    language: str | None
    name: str
    outline: tuple[tuple[str, str, str, str], ...] = field(default=())


# ---- citations in words ---------------------------------------------------------------------

_VI_LEVEL = {"point": "điểm", "clause": "khoản", "article": "Điều", "paragraph": "đoạn",
             "appendix": "Phụ lục", "chapter": "Chương", "section": "Mục", "part": "Phần",
             "subsection": "Tiểu mục"}
_EN_LEVEL = {"paragraph": "paragraph", "appendix": "Appendix", "chapter": "Chapter",
             "section": "Section", "part": "Part", "subsection": "Subsection"}


def document_name(doc_type: str | None, number: str | None, title: str | None,
                  doc_id: str, language: str | None) -> str:
    """How a document is named in a citation.

    >>> document_name("Luật", "80/2015/QH13", None, "80-2015-QH13", "vi")
    'Luật số 80/2015/QH13'
    >>> document_name("Law", "12/2024/QH15", None, "12-2024-QH15.en", "en")
    'Law No. 12/2024/QH15'
    >>> document_name(None, None, None, "thong-bao", "vi")
    'thong-bao'
    """
    if number:
        if language == "en":
            return f"{doc_type or 'Document'} No. {number}"
        return f"{doc_type or 'Văn bản'} số {number}"
    return title or doc_id


def human_citation(chain: Sequence[tuple[str, str]], document: str, language: str | None
                   ) -> str:
    """Cite a provision from its path ``[(level, number), …]`` (outermost first).

    Vietnamese puts the innermost unit first (``điểm a khoản 2 Điều 12 Luật số …``); English
    writes ``Article 12(2)(a) of …``. Containers above an article are left out (article
    numbers are unique within a document).

    >>> human_citation([("chapter", "II"), ("article", "12"), ("clause", "2")],
    ...                "Luật số 80/2015/QH13", "vi")
    'khoản 2 Điều 12 Luật số 80/2015/QH13'
    >>> human_citation([("article", "9"), ("clause", "2"), ("point", "a")],
    ...                "Law No. 12/2024/QH15", "en")
    'Article 9(2)(a) of Law No. 12/2024/QH15'
    >>> human_citation([("paragraph", "3")], "thong-bao", "vi")
    'đoạn 3 thong-bao'
    """
    levels = [lv for lv, _ in chain]
    if "article" in levels:
        chain = chain[levels.index("article"):]
    chain = [(lv, n) for lv, n in chain if lv != "paragraph" or n] or list(chain)
    if not chain:
        return document
    if language == "en":
        if chain[0][0] == "article":
            head = "Article " + chain[0][1] + "".join(f"({n})" for _, n in chain[1:])
        else:
            head = " ".join(f"{_EN_LEVEL.get(lv, lv)} {n}".strip() for lv, n in chain[-1:])
        return f"{head} of {document}"
    words = [f"{_VI_LEVEL.get(lv, lv)} {n}".strip() for lv, n in reversed(chain)
             if lv not in ("chapter", "section", "part", "subsection") or len(chain) == 1]
    return " ".join([*words, document])


def _preamble_chain(pid: str) -> list[tuple[str, str]]:
    return [("paragraph", "mở đầu")] if pid.endswith("/preamble") else []


# ---- snippets ---------------------------------------------------------------------------------


def snippet(text: str, query: str, width: int = 240) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A window of ``text`` around the first query word, and every query word's span in it.

    Matching is on folded text (case and diacritics ignored), spans are in the original.

    >>> s, marks = snippet("Thời hạn giải quyết hồ sơ là 10 ngày.", "thoi han")
    >>> [s[a:b] for a, b in marks]
    ['Thời', 'hạn']
    """
    starts: list[int] = []
    folded_parts: list[str] = []
    pos = 0
    for i, ch in enumerate(text):
        f = fold(ch)
        starts.extend([i] * len(f))
        folded_parts.append(f)
        pos += len(f)
    folded = "".join(folded_parts)
    starts.append(len(text))
    words = [w for w in fold(query).split() if w]
    spans: list[tuple[int, int]] = []
    for w in words:
        for m in re.finditer(r"(?<!\w)" + re.escape(w) + r"(?!\w)", folded):
            spans.append((starts[m.start()], starts[m.end()]))
    spans.sort()
    first = spans[0][0] if spans else 0
    lo = max(0, first - width // 3)
    if lo:
        space = text.rfind(" ", 0, lo)
        lo = space + 1 if space >= 0 and lo - space < 20 else lo
    hi = min(len(text), lo + width)
    prefix = "…" if lo else ""
    suffix = "…" if hi < len(text) else ""
    shift = len(prefix) - lo
    marks = tuple((a + shift, b + shift) for a, b in spans if a >= lo and b <= hi)
    return prefix + text[lo:hi] + suffix, marks


# ---- the reader -------------------------------------------------------------------------------


def _merge(pid: str, by_id: dict[str, Annotations]) -> Annotations:
    """A unit's annotations: its own and its sub-provisions' (points stay in their clause)."""
    norms: list[Norm] = []
    quantities: list[Quantity] = []
    definitions: list[Definition] = []
    citations: list[Citation] = []
    for key, ann in by_id.items():
        if key == pid or key.startswith(pid + "/"):
            norms += ann.norms
            quantities += ann.quantities
            definitions += ann.definitions
            citations += ann.citations
    return Annotations(pid, tuple(norms), tuple(quantities), tuple(definitions),
                       tuple(citations))


def _parse_date(value: str | date | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise QueryError(f"date {value!r} is not YYYY-MM-DD") from None


def check_id(pid: str) -> str:
    """Refuse ids that cannot be provision or document ids (before touching the store).

    >>> check_id("12-2024-QH15/ch2/art9/cl2")
    '12-2024-QH15/ch2/art9/cl2'
    >>> check_id("../etc/passwd")
    Traceback (most recent call last):
    ...
    lexoverlap.query.NotFoundError: E601 not a provision id: '../etc/passwd'
    """
    if (not pid or len(pid) > MAX_ID_CHARS or not _ID.match(pid)
            or any(part in (".", "..") for part in pid.split("/"))):
        raise NotFoundError(f"not a provision id: {pid[:80]!r}")
    return pid


@dataclass
class _LanguageIndex:
    encoder: Encoder
    ids: list[str]
    index: Any  # faiss index over the stored vectors of this encoder
    classify: Callable[[Sequence[tuple[Side, Side, float]]], list[Verdict]]  # a batch
    detector: str


class Reader:
    """Read-only queries over one store (see the module doc).

    Parameters
    ----------
    path : path of the store written by ``lexoverlap analyze``.
    encoder_for : callable, optional
        ``language -> Encoder``; by default :func:`lexoverlap.pipeline.load_encoder` (the
        cached default). Its name must be the one the store's vectors were made with.
    """

    def __init__(self, path: str | Path,
                 encoder_for: Callable[[str], Encoder] | None = None) -> None:
        self.path = Path(path)
        self._encoder_for = encoder_for
        self._local = threading.local()
        self._indexes: dict[str, _LanguageIndex] = {}
        self._build_lock = threading.Lock()
        self._draft_lock = threading.Lock()
        main = self._store()  # fails now (not at the first query) if the store is unusable
        self.documents: dict[str, dict[str, Any]] = {}
        for r in main.db.execute("SELECT doc_id, doc_type, number, title, language, issuer, "
                                 "signed, effective, rank, source FROM documents"):
            d = dict(r)
            d["name"] = document_name(d["doc_type"], d["number"], d["title"], d["doc_id"],
                                      d["language"])
            self.documents[d["doc_id"]] = d

    # -- connections --------------------------------------------------------------------------
    def _store(self) -> Store:
        store: Store | None = getattr(self._local, "store", None)
        if store is None:
            store = Store(self.path, readonly=True)
            try:
                store.db.execute("SELECT 1 FROM provisions LIMIT 1").fetchall()
            except Exception as exc:
                store.close()
                raise QueryError(f"{self.path}: not a lexoverlap store ({exc})") from None
            self._local.store = store
        return store

    def _corpus(self) -> _Corpus:
        corpus: _Corpus | None = getattr(self._local, "corpus", None)
        if corpus is None:
            corpus = _Corpus(self._store())
            self._local.corpus = corpus
        return corpus

    def close(self) -> None:
        """Close this thread's connection (others close when their threads end)."""
        store: Store | None = getattr(self._local, "store", None)
        if store is not None:
            store.close()
            self._local.store = None
            self._local.corpus = None

    def __enter__(self) -> Reader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- vectors ------------------------------------------------------------------------------
    def languages(self) -> list[str]:
        """Languages that have stored documents."""
        return sorted({d["language"] for d in self.documents.values() if d["language"]})

    def index(self, language: str) -> _LanguageIndex:
        """The encoder and faiss index of one language (built on first use, then shared)."""
        found = self._indexes.get(language)
        if found is not None:
            return found
        with self._build_lock:
            found = self._indexes.get(language)
            if found is None:
                found = self._build(language)
                self._indexes[language] = found
        return found

    def warm(self) -> None:
        """Load every language's encoder and index now (servers do this before listening)."""
        from . import document_from_text, segment
        from ._annotate import annotate

        samples = {"vi": "Điều 1. A\nCơ quan phải làm việc này.", "en": "Article 1. A\nIt shall."}
        for lang in self.languages():
            self.index(lang)
            doc = document_from_text(samples.get(lang, samples["en"]), doc_id="warm",
                                     language=lang)
            with self._draft_lock:
                list(annotate(doc, segment(doc)))

    def _build(self, language: str) -> _LanguageIndex:
        from .candidates import MINHASH_NAME, NeighbourIndex

        store = self._store()
        docs = [d for d, m in self.documents.items() if m["language"] == language]
        if not docs:
            raise QueryError(f"the store holds no documents in language {language!r} "
                             f"(it has: {', '.join(self.languages()) or 'none'})")
        names = {r[0] for r in store.db.execute(
            "SELECT DISTINCT v.encoder FROM vectors v JOIN documents d ON d.doc_id = v.doc_id "
            "WHERE d.language = ? AND v.encoder != ?", (language, MINHASH_NAME))}
        if not names:
            raise QueryError(f"the store has no {language} vectors; run `lexoverlap analyze` "
                             "to the end on it first")
        if self._encoder_for is not None:
            encoder = self._encoder_for(language)
        else:
            from .pipeline import load_encoder

            encoder = load_encoder(language)
        if encoder.name not in names:
            raise QueryError(
                f"the store's {language} vectors were made by {sorted(names)[0]}, but the "
                f"encoder available here is {encoder.name}; query with the encoder cache that "
                "built the store (LEXOVERLAP_HOME) or run `lexoverlap analyze` again")
        ids, vectors = store.vectors(encoder.name)
        index = NeighbourIndex(ids, vectors.astype(np.float32), exact=True).index
        # The same detector analyze uses (the learned scorer for Vietnamese when it is cached
        # for this encoder), never trained here: a query must not take minutes.
        from .learned import classifier_for, rules_batch

        detect: Callable[[Sequence[tuple[Side, Side, float]]], list[Verdict]] = rules_batch
        detector = RULES_VERSION
        if language == "vi":
            detect, detector = classifier_for(encoder, train_if_missing=False)
        return _LanguageIndex(encoder, ids, index, detect, detector)

    # -- metadata and citations ---------------------------------------------------------------
    def citation(self, pid: str) -> str:
        """The human citation of a stored provision or document id."""
        doc_id = pid.split("/", 1)[0]
        meta = self.documents.get(doc_id)
        if meta is None:
            return pid
        if "/" not in pid:
            return str(meta["name"])
        parts = pid.split("/")
        ancestors = ["/".join(parts[:i]) for i in range(2, len(parts) + 1)]
        marks = ",".join("?" * len(ancestors))
        rows = {r[0]: (r[1], r[2] or "") for r in self._store().db.execute(
            f"SELECT id, level, number FROM provisions WHERE id IN ({marks})", ancestors)}
        chain = [rows[a] for a in ancestors if a in rows] or _preamble_chain(pid)
        return human_citation(chain, meta["name"], meta["language"])

    def provision(self, pid: str) -> ProvisionInfo:
        """One stored provision (raises :class:`NotFoundError` for unknown ids)."""
        check_id(pid)
        db = self._store().db
        row = db.execute("SELECT id, doc_id, level, number, heading, text, parent "
                         "FROM provisions WHERE id = ?", (pid,)).fetchone()
        if row is None:
            raise NotFoundError(f"no provision {pid!r} in {self.path.name}")
        children = tuple(r[0] for r in db.execute(
            "SELECT id FROM provisions WHERE parent = ? AND doc_id = ? ORDER BY ord",
            (pid, row["doc_id"])))
        return ProvisionInfo(row["id"], row["doc_id"], row["level"], row["number"] or "",
                             row["heading"] or "", row["text"], row["parent"],
                             self.citation(pid), self.documents[row["doc_id"]]["name"],
                             children)

    def document(self, doc_id: str) -> DocumentInfo:
        """A stored document's metadata and outline."""
        check_id(doc_id)
        meta = self.documents.get(doc_id)
        if meta is None or "/" in doc_id:
            raise NotFoundError(f"no document {doc_id!r} in {self.path.name}")
        outline = tuple((r[0], r[1], r[2] or "", r[3] or "") for r in self._store().db.execute(
            "SELECT id, level, number, heading FROM provisions WHERE doc_id = ? ORDER BY ord",
            (doc_id,)))
        return DocumentInfo(doc_id, meta["title"], meta["doc_type"], meta["number"],
                            meta["issuer"], meta["signed"], meta["effective"], meta["rank"],
                            meta["language"], meta["name"], outline)

    # -- search -------------------------------------------------------------------------------
    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Full-text search, diacritics-insensitive, best first.

        Words are ANDed (all must occur); ``thoi han giai quyet`` finds ``thời hạn giải
        quyết``.
        """
        if len(query) > MAX_SEARCH_CHARS:
            raise QueryError(f"search text is {len(query)} characters; at most "
                             f"{MAX_SEARCH_CHARS} (paste a draft to compare longer texts)")
        store = self._store()
        found = store.search(query, limit=max(1, min(limit, 200)))
        if not found:
            return []
        marks = ",".join("?" * len(found))
        texts = {r[0]: (r[1], r[2]) for r in store.db.execute(
            f"SELECT id, doc_id, text FROM provisions WHERE id IN ({marks})",
            [pid for pid, _ in found])}
        hits = []
        for pid, score in found:
            if pid not in texts:
                continue
            doc_id, text = texts[pid]
            snip, spans = snippet(text, query)
            hits.append(SearchHit(pid, self.citation(pid), self.documents[doc_id]["name"],
                                  snip, spans, -score))
        return hits

    # -- neighbourhood ------------------------------------------------------------------------
    def neighbourhood(self, pid: str) -> Neighbourhood:
        """What a provision (and its sub-provisions) cites, what cites it, its findings."""
        info = self.provision(pid)
        db = self._store().db
        lo, hi = pid + "/", pid + "0"  # "0" sorts right after "/": the subtree's id range
        cites = []
        for r in db.execute(
                "SELECT source, raw, kind, target_document, resolved FROM citations "
                "WHERE source = ? OR (source > ? AND source < ?) ORDER BY id", (pid, lo, hi)):
            other = r["resolved"]
            cites.append(CitationLink(r["source"], r["raw"] or "", r["kind"] or "refers",
                                      other, r["target_document"], other,
                                      self.citation(other) if other
                                      else (r["target_document"] or r["raw"] or "")))
        cited_by = []
        for r in db.execute(
                "SELECT source, raw, kind, target_document, resolved FROM citations "
                "WHERE resolved = ? OR (resolved > ? AND resolved < ?) ORDER BY source",
                (pid, lo, hi)):
            if r["source"] == pid or r["source"].startswith(lo):
                continue  # the provision citing itself ("khoản 1 Điều này") is not a neighbour
            cited_by.append(CitationLink(r["source"], r["raw"] or "", r["kind"] or "refers",
                                         r["resolved"], r["target_document"], r["source"],
                                         self.citation(r["source"])))
        findings = []
        for r in db.execute(
                "SELECT a, b, relation, kind, score, prevails, record FROM findings "
                "WHERE a = ? OR b = ? OR (a > ? AND a < ?) OR (b > ? AND b < ?)",
                (pid, pid, lo, hi, lo, hi)):
            this_is_a = r["a"] == pid or r["a"].startswith(lo)
            this, other = (r["a"], r["b"]) if this_is_a else (r["b"], r["a"])
            record = json.loads(r["record"])
            mine = "a" if this_is_a else "b"
            prevails = None if r["prevails"] is None else \
                ("this" if r["prevails"] == mine else "other")
            evidence = tuple(
                Evidence("this" if e.get("side") == mine else "other", int(e["start"]),
                         int(e["end"]), str(e.get("text", "")))
                for e in record.get("evidence", []) if "start" in e and "side" in e)
            findings.append(StoredFinding(
                this, other, self.citation(other), r["relation"], r["kind"],
                float(r["score"] or 0.0), prevails, record.get("rule"),
                record.get("explanation", ""), bool(record.get("version_change")), evidence))
        findings.sort(key=lambda f: (_ORDER.get(f.relation, 9), -f.score))
        return Neighbourhood(info, tuple(cites), tuple(cited_by), tuple(findings))

    # -- drafts -------------------------------------------------------------------------------
    def draft(self, text: str, *, language: str | None = None, doc_type: str | None = None,
              issuer: str | None = None, when: str | date | None = None,
              k: int = DEFAULT_K, relations: Iterable[str] = RELATIONS,
              max_units: int = MAX_UNITS) -> DraftResult:
        """Compare a draft with the store (see the module doc).

        Parameters
        ----------
        text : the draft (one clause, an article, or a whole document).
        language : ``vi`` or ``en``; detected when omitted.
        doc_type, issuer, when : what the draft would be (``Nghị định``, ``Chính phủ``,
            ``2026-01-01``), for the precedence verdict; unknown by default.
        relations : which relations to list (default :data:`RELATIONS`).
        """
        from . import document_from_text, segment
        from ._annotate import annotate
        from .classify import _rank

        t0 = time.perf_counter()  # the index's first build is excluded below
        if not text.strip():
            raise QueryError("the draft is empty: paste a clause or upload a file")
        if len(text) > MAX_DRAFT_CHARS:
            raise QueryError(f"the draft has {len(text):,} characters; at most "
                             f"{MAX_DRAFT_CHARS:,} are compared at once — split it")
        if language not in (None, "vi", "en"):
            raise QueryError(f"language must be 'vi' or 'en', not {language!r}")
        wanted = set(relations)
        unknown = wanted - set(ALL_RELATIONS)
        if unknown:
            raise QueryError(f"unknown relation(s) {sorted(unknown)}; choose from "
                             f"{', '.join(ALL_RELATIONS)}")
        signed = _parse_date(when)
        rank = _rank(doc_type, issuer)
        doc = document_from_text(text, doc_id="draft", source="<draft>", language=language)
        t_index = time.perf_counter()
        lang_index = self.index(doc.language)
        t0 += time.perf_counter() - t_index  # loading the index once is not query time
        with self._draft_lock:  # spaCy, pyvi and torch are not shared between threads
            provisions = segment(doc)
            todo: list[Unit] = [u for u in units(provisions) if not u.boilerplate]
            if len(todo) > max_units:
                raise QueryError(f"the draft has {len(todo)} provisions to compare; at most "
                                 f"{max_units} at once — split it")
            by_id = {a.provision: a for a in annotate(doc, provisions)}
            vectors = lang_index.encoder.encode([encoder_text(u) for u in todo]) \
                if todo else np.zeros((0, 1), dtype=np.float32)
        out: list[DraftUnit] = []
        if todo:
            kk = min(k, len(lang_index.ids))
            scores, rows = lang_index.index.search(
                np.ascontiguousarray(vectors, dtype=np.float32), kk)
            corpus = self._corpus()
            pairs: list[tuple[int, str, float]] = []  # (unit index, stored id, cosine)
            items: list[tuple[Side, Side, float]] = []
            for n, (unit, row_s, row_i) in enumerate(zip(todo, scores, rows, strict=True)):
                mine = Side(unit.provision.text, _merge(unit.id, by_id), None, doc_type,
                            issuer, signed, rank, doc.language, doc.title)
                for cosine, i in zip(row_s, row_i, strict=True):
                    if i < 0 or cosine < MIN_COSINE:
                        break
                    pid = lang_index.ids[i]
                    pairs.append((n, pid, float(min(1.0, cosine))))
                    items.append((mine, corpus.side(pid), float(min(1.0, cosine))))
            found: dict[int, list[Match]] = {}
            for (n, pid, cosine), verdict in zip(pairs, lang_index.classify(items), strict=True):
                found.setdefault(n, []).append(
                    self._match(todo[n], pid, cosine, verdict, corpus))
            for n, unit in enumerate(todo):
                kept = sorted((m for m in found.get(n, []) if m.relation in wanted),
                              key=lambda m: (_ORDER.get(m.relation, 9), -m.cosine))
                label = human_citation(_unit_chain(unit.id, provisions), "", doc.language)
                out.append(DraftUnit(unit.id, label.strip().removesuffix(" of").strip(),
                                     unit.provision.text, tuple(kept)))
        return DraftResult(doc.language, lang_index.encoder.name, lang_index.detector,
                           tuple(out),
                           round(time.perf_counter() - t0, 4))

    def _match(self, unit: Unit, pid: str, cosine: float, verdict: Verdict, corpus: _Corpus
               ) -> Match:
        theirs = corpus.side(pid)
        evidence = []
        for e in verdict.evidence:
            if "start" not in e or "side" not in e:
                continue
            relative = bool(e.get("relative"))
            if e["side"] == "a":
                shift = 0 if relative else unit.provision.start
                evidence.append(Evidence("draft", e["start"] - shift, e["end"] - shift,
                                         str(e.get("text", ""))))
            else:
                shift = 0 if relative else corpus.starts.get(pid, 0)
                evidence.append(Evidence("stored", e["start"] - shift, e["end"] - shift,
                                         str(e.get("text", ""))))
        prevails = {"a": "draft", "b": "stored"}.get(verdict.prevails or "")
        doc_id = pid.split("/", 1)[0]
        return Match(pid, self.citation(pid), self.documents[doc_id]["name"], theirs.text,
                     verdict.label, verdict.kind, round(verdict.score, 4), round(cosine, 4),
                     prevails, verdict.rule, verdict.explanation, tuple(evidence))


def _unit_chain(pid: str, provisions: Sequence[Any]) -> list[tuple[str, str]]:
    by_id = {p.id: p for p in provisions}
    chain = []
    node = by_id.get(pid)
    while node is not None:
        chain.append((node.level, node.number))
        node = by_id.get(node.parent or "")
    return list(reversed(chain))


def read_draft(data: bytes, filename: str) -> str:
    """The text of an uploaded draft (``.txt .html .htm .docx .pdf``), never written to disk.

    Only the file name's extension is used (to choose the reader); the name is never a path.

    >>> read_draft("Điều 1. A".encode(), "../../x.txt")
    'Điều 1. A'
    """
    from ._readers import read_text

    suffix = Path(filename.replace("\\", "/").rsplit("/", 1)[-1]).suffix.lower()
    if not data.strip():
        raise QueryError("the uploaded file is empty")
    return read_text(data, Path("draft" + suffix))
