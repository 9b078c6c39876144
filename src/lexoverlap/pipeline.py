"""``analyze``: ingest → segment → annotate → embed → candidates, into the embedded store.

Every stage works a document at a time and commits it (see :mod:`lexoverlap.store`), so:

- files whose bytes are already stored (same document id and sha256) are skipped;
- a changed file replaces its document and everything derived from it;
- a run killed at any point resumes where the last commit left each document;
- adding one document embeds only that document and searches only its units against the
  index of everything stored (pairs are found from the new document's side).

Citations resolve against every document in the store plus the new ones.

The per-document work (segment + annotate, embed, detect) runs through an
:class:`~lexoverlap.engine.Engine`: in this process by default, or as Dask tasks. Either way
only this process writes the store, one document per transaction, in the same order;
candidates (one index over all vectors) are always found here.
"""

from __future__ import annotations

import json
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from . import __version__, embed, train
from ._annotate import RULES_VERSION, annotate
from ._citations import CitationFinder
from ._ingest import MAX_BYTES, ingest_file, iter_files
from ._resolve import CorpusIndex
from ._segment import segment
from ._units import Unit, encoder_text, units
from .candidates import (
    MINHASH_NAME,
    NeighbourIndex,
    Pair,
    VerbatimIndex,
    signatures,
    translation_pairs,
)
from .detect import RULES_VERSION as DETECT_RULES
from .engine import Engine, LocalEngine
from .errors import LexOverlapError
from .models import Document, Failure, Provision
from .store import STAGES, Store

DEFAULT_K = 10
# The store's meta key holding the annotation rules version its annotations were made by.
ANNOTATIONS_KEY = "annotate_rules"
# Lowest cosine kept as a candidate, from measurements with the default Vietnamese encoder
# (hybrid, vn-laws-vlc): old/new counterpart articles score 0.75 at their 5th percentile,
# random cross-law pairs 0.54 at their 99.9th (README, "Candidates").
DEFAULT_MIN_SCORE = 0.6


class Reporter(Protocol):
    """Progress sink: the CLI shows bars, the API is silent by default."""

    def start(self, stage: str, total: int) -> None: ...
    def advance(self, n: int = 1) -> None: ...
    def failed(self, failure: Failure) -> None: ...
    def note(self, message: str) -> None: ...


class Silent:
    """A :class:`Reporter` that reports nothing."""

    def start(self, stage: str, total: int) -> None:
        pass

    def advance(self, n: int = 1) -> None:
        pass

    def failed(self, failure: Failure) -> None:
        pass

    def note(self, message: str) -> None:
        pass


@dataclass
class Analysis:
    """What one ``analyze`` run did (the store holds the results)."""

    store: Path
    run_id: int
    failures: list[Failure] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)


EncoderFor = Callable[[str], embed.Encoder]


def load_encoder(language: str, kind: str = train.DEFAULT_KIND,
                 fallback: Sequence[tuple[Document, Sequence[Provision]]] = (),
                 reporter: Reporter | None = None) -> embed.Encoder:
    """The encoder for a language: MiniLM for English; the cached trained one otherwise.

    When no Vietnamese encoder is cached yet it is trained now (``lexoverlap
    train-encoder`` does the same explicitly), on vn-laws-vlc when that corpus is present,
    else on ``fallback`` (the documents being analysed) — the name records which.
    """
    if language == "en":
        return embed.minilm()
    path = train.default_path(kind, language)
    if (path / "encoder.json").exists():
        return embed.load(path)
    from .corpora import corpora

    reference = corpora().get("vn-laws-vlc")
    if reference is not None and reference.available:
        (reporter or Silent()).note(f"training the {kind} encoder on vn-laws-vlc "
                                    f"(once; cached in {path})")
        encoder = train.build(train_corpus([reference.path]), kind)
    else:
        (reporter or Silent()).note(f"training the {kind} encoder on the documents given "
                                    f"(vn-laws-vlc is absent; cached in {path})")
        encoder = train.build(train.TrainingCorpus([d for d, _ in fallback],
                                                   [p for _, p in fallback]), kind)
    assert isinstance(encoder, embed.TfidfEncoder | embed.SentenceTransformerEncoder
                      | embed.HybridEncoder)
    embed.save(encoder, path)
    return encoder


def train_corpus(paths: Sequence[Path | str], exclude: frozenset[str] = frozenset()
                 ) -> train.TrainingCorpus:
    """Ingest, segment and annotate a corpus for encoder training (Vietnamese documents)."""
    from ._annotate import annotate_corpus
    from ._ingest import ingest

    docs = [d for d in ingest(paths).documents if d.language == "vi"]
    out = list(annotate_corpus(docs))
    return train.TrainingCorpus([d for d, _, _ in out], [p for _, p, _ in out],
                                [a for _, _, a in out])


def analyze(paths: Sequence[str | Path], store_path: Path | str, *,
            kind: str = train.DEFAULT_KIND, k: int = DEFAULT_K,
            min_score: float = DEFAULT_MIN_SCORE, within_document: bool = False,
            max_bytes: int = MAX_BYTES, reporter: Reporter | None = None,
            encoder_for: EncoderFor | None = None, engine: Engine | None = None) -> Analysis:
    """Run the pipeline over files and folders into a store; see the module doc.

    ``engine`` runs the per-document work (default: :class:`~lexoverlap.engine.LocalEngine`,
    in this process); the caller owns it and closes it.
    """
    rep = reporter or Silent()
    eng = engine or LocalEngine()

    t0 = time.perf_counter()
    timings: dict[str, float] = {}
    files = list(iter_files(paths))
    with Store(store_path) as store:
        run_id = store.start_run(
            {"paths": [str(p) for p in paths], "k": k, "min_score": min_score,
             "within_document": within_document, "kind": kind},
            {"lexoverlap": __version__, "rules": RULES_VERSION, "detect": DETECT_RULES})
        result = Analysis(Path(store_path), run_id)
        try:
            new = _ingest(files, store, max_bytes, rep, result.failures)
            timings["ingest"] = time.perf_counter() - t0
            t = time.perf_counter()
            reannotated = _annotate(new, store, run_id, rep, eng)
            timings["annotate"] = time.perf_counter() - t
            t = time.perf_counter()
            encoders = _encoders(store, kind, encoder_for, rep)
            embedded = _embed(store, encoders, rep, eng, _portable(encoders, kind, encoder_for,
                                                                   eng))
            timings["embed"] = time.perf_counter() - t
            t = time.perf_counter()
            pairs = _candidates(store, encoders, k, min_score, within_document, run_id, rep)
            timings["candidates"] = time.perf_counter() - t
            t = time.perf_counter()
            found, detector = _detect(store, encoders, run_id, rep, eng)
            timings["detect"] = time.perf_counter() - t
        except BaseException:
            store.finish_run(run_id, "interrupted", {"seconds": time.perf_counter() - t0})
            raise
        result.stats = {
            "files": len(files), "new_documents": len(new),
            "reannotated_documents": reannotated, "embedded_documents": embedded,
            "new_pairs": pairs, "new_findings": found, "failed": len(result.failures),
            "encoders": {lang: e.name for lang, e in encoders.items()},
            "detector": detector, "engine": eng.name,
            "seconds": {k_: round(v, 2) for k_, v in timings.items()},
            "store": store.counts(),
        }
        store.finish_run(run_id, "failed-files" if result.failures else "ok", result.stats)
    return result


def _ingest(files: Sequence[Path], store: Store, max_bytes: int, rep: Reporter,
            failures: list[Failure]) -> list[Document]:
    """New or changed documents among the files (unchanged ones are skipped)."""
    stored = store.stored()
    by_source = {r[0]: (r[1], r[2]) for r in store.db.execute(
        "SELECT source, doc_id, sha256 FROM documents")}
    manifests: dict[Path, dict[str, Any]] = {}
    new: list[Document] = []
    seen: set[str] = set()
    rep.start("ingest", len(files))
    for path in files:
        known = by_source.get(str(path))
        if known is not None and known[0] not in seen and _unchanged(path, known[1], max_bytes,
                                                                     manifests):
            # Same bytes at the same path, no sidecar metadata: nothing to parse again.
            seen.add(known[0])
            rep.advance()
            continue
        try:
            doc = ingest_file(path, max_bytes=max_bytes, _manifests=manifests)
        except LexOverlapError as exc:
            failure = Failure(str(path), exc.code, str(exc))
            failures.append(failure)
            rep.failed(failure)
            rep.advance()
            continue
        rep.advance()
        if doc.doc_id in seen:
            from ._ingest import _replace

            doc = _replace(doc, doc_id=f"{doc.doc_id}~{doc.sha256[:8]}")
        seen.add(doc.doc_id)
        if stored.get(doc.doc_id, ("", ""))[0] == doc.sha256 and \
                not _metadata_changed(store, doc):
            continue
        new.append(doc)
    return new


def _metadata_changed(store: Store, doc: Document) -> bool:
    """The stored metadata of ``doc`` differs from what was read now: the same bytes with a
    new sidecar or manifest entry (an expiry date added, a corrected number) are stored again,
    so that detection sees them. Why: a sidecar edited after a run was ignored."""
    row = store.db.execute("SELECT meta FROM documents WHERE doc_id=?", (doc.doc_id,)).fetchone()
    if row is None:
        return True
    return bool(json.loads(row[0]) != json.loads(json.dumps(doc.metadata(), ensure_ascii=False)))


def _unchanged(path: Path, sha256: str, max_bytes: int,
               manifests: dict[Path, dict[str, Any]]) -> bool:
    import hashlib

    from ._ingest import _sidecar_for

    try:
        if path.stat().st_size > max_bytes:
            return False
        if _sidecar_for(path, manifests)[0]:
            return False
        return hashlib.sha256(path.read_bytes()).hexdigest() == sha256
    except (OSError, LexOverlapError):
        return False


def _segment_task(doc: Document) -> tuple[Document, Sequence[Provision]]:
    return doc, segment(doc)


def _annotate_task(item: tuple[Document, Sequence[Provision]], index: CorpusIndex,
                   finder: CitationFinder) -> tuple[list[Any], list[Unit]]:
    doc, provisions = item
    return list(annotate(doc, provisions, index=index, finder=finder)), list(units(provisions))


def _annotate(new: Sequence[Document], store: Store, run_id: int, rep: Reporter,
              engine: Engine) -> int:
    """Annotate the new documents, and annotate again the stored ones whose annotations are
    stale: made by other annotation rules, or citing a document that has just arrived (see
    :func:`_stale_annotations`). Returns how many stored documents were annotated again."""
    new_ids = {n.doc_id for n in new}
    stored = [d for d in store.stored() if d not in new_ids]
    rules_changed = bool(stored) and store.get_meta(ANNOTATIONS_KEY) != RULES_VERSION
    if not new and not rules_changed:
        return 0
    # Two passes: citations resolve against the new documents' provisions too, so the index
    # is built (here, once) from every document segmented before any is annotated.
    segmented = list(engine.map(_segment_task, new))
    old = {doc_id: (store.document(doc_id), store.provisions(doc_id)) for doc_id in stored}
    index = CorpusIndex([*segmented, *old.values()])
    finder = CitationFinder(index.titles)
    stale = stored if rules_changed else _stale_annotations(old, new)
    # The stale documents first: once a new document is stored it is no longer new, and a run
    # killed between the two steps would not find the documents that name it again.
    if stale:
        why = ("the annotation rules changed" if rules_changed
               else "documents they cite arrived")
        rep.note(f"{len(stale):,} stored documents are annotated again: {why}")
        todo = [old[d] for d in stale]
        rep.start("re-annotate", sum(len(p) for _, p in todo))
        again = engine.map(_annotate_task, todo, index=index, finder=finder)
        for (doc, items), (anns, _) in zip(todo, again, strict=True):
            store.replace_annotations(doc.doc_id, anns)
            rep.advance(len(items))
    if segmented:
        rep.start("annotate", sum(len(p) for _, p in segmented))
        done = engine.map(_annotate_task, segmented, index=index, finder=finder)
        for (doc, provisions), (anns, us) in zip(segmented, done, strict=True):
            store.put_document(doc, provisions, anns, us, run_id)
            rep.advance(len(provisions))
    # Written last: a run killed before this point annotates every stored document again
    # when the rules changed.
    store.set_meta(ANNOTATIONS_KEY, RULES_VERSION)
    return len(stale)


def _stale_annotations(old: Mapping[str, tuple[Document, Sequence[Provision]]],
                       new: Sequence[Document]) -> list[str]:
    """Stored documents that name a document that has just arrived, by number or title:
    their citations to it were unresolved (or resolved to another version), and a title the
    citation finder did not know may even have been cut short ("Luật Dữ liệu")."""
    names = {n.lower() for d in new for n in (d.number, d.title) if n and len(n) > 4}
    if not names:
        return []
    return sorted(doc_id for doc_id, (doc, _) in old.items()
                  if any(n in doc.text.lower() for n in names))


def _encoders(store: Store, kind: str, encoder_for: EncoderFor | None, rep: Reporter
              ) -> dict[str, embed.Encoder]:
    languages = [r[0] for r in store.db.execute("SELECT DISTINCT language FROM documents")]
    out: dict[str, embed.Encoder] = {}
    for lang in languages:
        if encoder_for is not None:
            out[lang] = encoder_for(lang)
            continue
        fallback = [(store.document(d), store.provisions(d)) for d in store.stored()] \
            if lang != "en" and not (train.default_path(kind, lang) / "encoder.json").exists() \
            else []
        out[lang] = load_encoder(lang, kind, fallback, rep)
    # Documents embedded with another model (a retrained encoder) are embedded again.
    for lang, enc in out.items():
        with store.transaction() as db:
            db.execute(
                "UPDATE documents SET stage=? WHERE language=? AND stage!=? AND NOT EXISTS "
                "(SELECT 1 FROM vectors v WHERE v.doc_id=documents.doc_id AND v.encoder=?) "
                "AND EXISTS (SELECT 1 FROM provisions p WHERE p.doc_id=documents.doc_id "
                "AND p.unit=1 AND p.boilerplate=0)",
                (STAGES[0], lang, STAGES[0], enc.name))
    return out


def _units_of(store: Store, doc_id: str) -> list[Unit]:
    out = []
    for pid, heading, text, boilerplate in store.units(doc_id):
        if boilerplate:
            continue
        stub = Provision(pid, doc_id, "clause", "", "", text, 0, 0, None)
        out.append(Unit(stub, heading, text, boilerplate))
    return out


@dataclass(frozen=True)
class EncoderRef:
    """How a worker process gets an encoder without shipping it: load it from ``path`` (a
    saved trained encoder) or, with no path, build MiniLM. Loaded once per process."""

    name: str
    path: str | None


_ENCODERS: dict[str, embed.Encoder] = {}  # per process, by encoder name (see EncoderRef)
# Per process: the read-only store (and detection's view of it) of the current stage, under
# a token naming that stage of that run (a worker may serve several runs and stores).
_READERS: dict[str, tuple[Store, Any]] = {}


def _portable(encoders: dict[str, embed.Encoder], kind: str, encoder_for: EncoderFor | None,
              engine: Engine) -> dict[str, embed.Encoder | EncoderRef]:
    """The encoders as the engine's tasks get them: the objects themselves in this process;
    for other processes a reference when the encoder can be reloaded (the default ones),
    else the pickled object (an ``encoder_for`` encoder)."""
    if not engine.remote or encoder_for is not None:
        return dict(encoders)
    out: dict[str, embed.Encoder | EncoderRef] = {}
    for lang, enc in encoders.items():
        path = None if lang == "en" else str(train.default_path(kind, lang).resolve())
        out[lang] = EncoderRef(enc.name, path)
    return out


def _encoder(enc: embed.Encoder | EncoderRef) -> embed.Encoder:
    if not isinstance(enc, EncoderRef):
        return enc
    cached = _ENCODERS.get(enc.name)
    if cached is None:
        cached = embed.load(Path(enc.path)) if enc.path is not None else embed.minilm()
        if cached.name != enc.name:
            raise LexOverlapError(f"the encoder at {enc.path} is {cached.name}, the run "
                                  f"expects {enc.name}: was it retrained during the run?")
        _ENCODERS[enc.name] = cached
    return cached


def _reader(source: Store | str, token: str, *, view: bool = False) -> tuple[Store, Any]:
    """The store as a task reads it — the driver's own connection in this process, else one
    read-only connection per worker process and stage (SQLite allows many readers) — and,
    with ``view``, detection's cached view of it (built once per process and stage)."""
    from ._findings import corpus_view

    key = f"{token}:{source if isinstance(source, str) else id(source)}"
    if key not in _READERS:
        _forget()
        store = source if isinstance(source, Store) else Store(source, readonly=True)
        _READERS[key] = (store, None)
    store, corpus = _READERS[key]
    if view and corpus is None:
        corpus = corpus_view(store)
        _READERS[key] = (store, corpus)
    return store, corpus


def _forget() -> None:
    """Drop the cached readers (closing the connections this process opened for them)."""
    for store, _ in _READERS.values():
        if store.readonly:
            store.close()
    _READERS.clear()


def _embed_task(item: tuple[str, str], source: Store | str,
                encoders: dict[str, embed.Encoder | EncoderRef], token: str
                ) -> tuple[list[str], Any, Any, str]:
    doc_id, language = item
    enc = _encoder(encoders[language])
    us = _units_of(_reader(source, token)[0], doc_id)
    texts = [encoder_text(u) for u in us]
    sigs = signatures([u.text for u in us])
    vecs = enc.encode(texts).astype(np.float16) if texts else np.zeros((0, enc.dim))
    return [u.id for u in us], sigs, vecs, enc.name


def _embed(store: Store, encoders: dict[str, embed.Encoder], rep: Reporter, engine: Engine,
           portable: dict[str, embed.Encoder | EncoderRef]) -> int:
    todo = store.documents_at(STAGES[0])
    lang_of = dict(store.db.execute("SELECT doc_id, language FROM documents").fetchall())
    rep.start("embed", len(todo))
    source: Store | str = str(store.path.resolve()) if engine.remote else store
    token = uuid.uuid4().hex
    done = engine.map(_embed_task, [(d, lang_of[d]) for d in todo], source=source,
                      encoders=portable, token=token)
    try:
        for doc_id, (ids, sigs, vecs, name) in zip(todo, done, strict=True):
            _write_vectors(store, doc_id, ids, sigs, vecs, name)
            rep.advance()
    finally:
        _forget()
    return len(todo)


def _write_vectors(store: Store, doc_id: str, ids: list[str], sigs: Any, vecs: Any,
                   encoder: str) -> None:
    with store.transaction() as db:
        for name, matrix in ((MINHASH_NAME, sigs), (encoder, vecs)):
            db.execute("DELETE FROM vectors WHERE doc_id=? AND encoder=?", (doc_id, name))
            db.executemany("INSERT INTO vectors VALUES(?,?,?,?)",
                           [(i, name, doc_id, np.ascontiguousarray(v).tobytes())
                            for i, v in zip(ids, matrix, strict=True)])
        store.set_stage(db, doc_id, STAGES[1])


def _detect(store: Store, encoders: dict[str, embed.Encoder], run_id: int, rep: Reporter,
            engine: Engine) -> tuple[int, str]:
    """Classify the pairs of every document that reached ``compared``. Vietnamese pairs use
    the learned scorer when it exists for this encoder (see :mod:`lexoverlap.learned`)."""
    from ._findings import Batch
    from .learned import classifier_for

    classifiers: dict[str, Batch] = {}
    name = DETECT_RULES
    if "vi" in encoders:
        classifiers["vi"], name = classifier_for(encoders["vi"], note=rep.note)
    _forget_stale_findings(store, name, rep)
    todo = store.documents_at(STAGES[2])
    if not todo:
        return 0, name
    rep.start("detect", len(todo))
    source: Store | str = str(store.path.resolve()) if engine.remote else store
    done = engine.map(_detect_task, todo, source=source, classifiers=classifiers,
                      run_id=run_id, version=name, token=uuid.uuid4().hex)
    total = 0
    # A pair between two documents of this run is judged by both documents' tasks when they
    # run in parallel (each read the store before the other's findings were written); the
    # verdicts are the same, so the first one written stands.
    written: set[tuple[str, str]] = set()
    try:
        for doc_id, found in zip(todo, done, strict=True):
            rows = [r for r in found if (r[0], r[1]) not in written]
            written.update((r[0], r[1]) for r in rows)
            store.put_findings(doc_id, rows)
            total += len(rows)
            rep.advance()
    finally:
        _forget()
    return total, name


def _forget_stale_findings(store: Store, detector: str, rep: Reporter) -> None:
    """Findings made by another detector version (rules changed since the store was built)
    are deleted and every detected document goes back to ``compared``: the detect stage then
    judges again exactly the pairs without a current finding. Candidates are kept."""
    (stale,) = store.db.execute("SELECT COUNT(*) FROM findings WHERE versions != ?",
                                (detector,)).fetchone()
    if not stale:
        return
    rep.note(f"{stale:,} findings were made by another detector than {detector}: "
             f"judging their pairs again")
    with store.transaction() as db:
        db.execute("DELETE FROM findings WHERE versions != ?", (detector,))
        db.execute("UPDATE documents SET stage = ? WHERE stage = ?", (STAGES[2], STAGES[3]))


def _detect_task(doc_id: str, source: Store | str, classifiers: dict[str, Any], run_id: int,
                 version: str, token: str) -> list[tuple[Any, ...]]:
    from ._findings import detect_document, finding_row

    store, corpus = _reader(source, token, view=True)
    return [finding_row(a, b, v, m, run_id, version) for a, b, v, m in
            detect_document(store, corpus, doc_id, classifiers)]


def _translations(doc_id: str, stored: set[str]) -> list[str]:
    """Stored documents that are this one in another language (``X`` ↔ ``X.en``)."""
    base = doc_id.split("~", 1)[0]
    if base.endswith(".en"):
        return [base[:-3]] if base[:-3] in stored else []
    return [base + ".en"] if base + ".en" in stored else []


def _candidates(store: Store, encoders: dict[str, embed.Encoder], k: int, min_score: float,
                within_document: bool, run_id: int, rep: Reporter) -> int:
    todo = store.documents_at(STAGES[1])
    if not todo:
        return 0
    lang_of = dict(store.db.execute("SELECT doc_id, language FROM documents").fetchall())
    sig_ids, sigs = store.vectors(MINHASH_NAME, dtype=np.uint64)
    todo_set = set(todo)
    new_rows = [i for i, u in enumerate(sig_ids) if u.split("/", 1)[0] in todo_set]
    verbatim: VerbatimIndex | None = None
    reverse: dict[str, list[Pair]] = defaultdict(list)
    if sig_ids and len(new_rows) * 4 < len(sig_ids):
        # Few new units (an incremental run): stream the stored signatures through an index
        # of the new ones instead of indexing everything (see VerbatimIndex.reverse_pairs).
        for p in VerbatimIndex.reverse_pairs([sig_ids[i] for i in new_rows], sigs[new_rows],
                                             sig_ids, sigs, within_document):
            owner = next(x for x in (p.a, p.b) if x.split("/", 1)[0] in todo_set)
            reverse[owner.split("/", 1)[0]].append(p)
    elif sig_ids:
        verbatim = VerbatimIndex(sig_ids, sigs)
    neighbours: dict[str, NeighbourIndex] = {}
    for lang, enc in encoders.items():
        ids, vecs = store.vectors(enc.name)
        queries = sum(1 for i in ids if i.split("/", 1)[0] in todo_set)
        neighbours[lang] = NeighbourIndex(ids, vecs.astype(np.float32) if ids else vecs,
                                          queries=queries)
    rep.start("candidates", len(todo))
    total = 0
    for doc_id in todo:
        lang = lang_of[doc_id]
        enc = encoders[lang]
        ids, vecs = store.vectors(enc.name, doc_ids=[doc_id])
        found: Counter[tuple[str, str, str]] = Counter()
        rows: list[tuple[str, str, str, float, str]] = []
        if ids:
            for p in neighbours[lang].pairs(ids, vecs.astype(np.float32), k, min_score,
                                            within_document):
                if (p.a, p.b, p.method) not in found:
                    found[(p.a, p.b, p.method)] += 1
                    rows.append((p.a, p.b, p.method, p.score, enc.name))
            for twin in _translations(doc_id, set(lang_of)):
                twin_ids = [u for u, _, _, b in store.units(twin) if not b]
                for p in translation_pairs(doc_id, ids, twin_ids):
                    rows.append((p.a, p.b, p.method, p.score, "same-path"))
            near: Iterable[Pair] = verbatim.pairs(ids, within_document) \
                if verbatim is not None else reverse.get(doc_id, [])
            for p in near:
                if (p.a, p.b, p.method) not in found:
                    found[(p.a, p.b, p.method)] += 1
                    rows.append((p.a, p.b, p.method, p.score, MINHASH_NAME))
        store.put_pairs(doc_id, rows, run_id)
        total += len(rows)
        rep.advance()
    return total
