"""The detect stage of ``analyze``: classify every candidate pair of a document into a finding.

A finding's record is :meth:`lexoverlap.detect.Verdict.to_record` plus the two provisions'
document ids, the span of each provision in its document (evidence spans are document
offsets) and the methods that found the pair. Pairs whose documents were never in force
together — one expressly repeals, replaces or amends the other (a resolved ``repeals`` /
``replaces`` / ``amends`` citation) — are marked ``version_change`` and the changing side
prevails, before rank and date are looked at.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from typing import Any

from .detect import RULES_VERSION, Side, Verdict, classify
from .models import Annotations, Citation, Definition, Norm, Quantity
from .store import Store


def _doc(pid: str) -> str:
    return pid.split("/", 1)[0]


class _Corpus:
    """What detection needs from the store, read lazily and cached."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.meta: dict[str, dict[str, Any]] = {}
        for r in store.db.execute("SELECT doc_id, doc_type, issuer, signed, rank, language, "
                                  "title FROM documents"):
            self.meta[r[0]] = {"doc_type": r[1], "issuer": r[2],
                               "signed": date.fromisoformat(r[3]) if r[3] else None,
                               "rank": r[4], "language": r[5], "title": r[6]}
        # (source document, target document, kind) of express document-level changes.
        self.changes: dict[tuple[str, str], str] = {}
        for src, kind, resolved in store.db.execute(
                "SELECT doc_id, kind, resolved FROM citations WHERE kind IN "
                "('repeals', 'replaces', 'amends') AND resolved IS NOT NULL"):
            target = _doc(resolved)
            if target != src:
                self.changes.setdefault((src, target), kind)
        self.priority = _priority_clauses(store)
        self._sides: dict[str, Side] = {}
        self.starts: dict[str, int] = {}

    def side(self, pid: str) -> Side:
        cached = self._sides.get(pid)
        if cached is not None:
            return cached
        row = self.store.db.execute("SELECT text, start FROM provisions WHERE id=?",
                                    (pid,)).fetchone()
        self.starts[pid] = int(row[1]) if row else 0
        norms: list[Norm] = []
        quantities: list[Quantity] = []
        definitions: list[Definition] = []
        citations: list[Citation] = []
        for (record,) in self.store.db.execute(
                "SELECT record FROM annotations WHERE provision_id=? OR (provision_id > ? AND "
                "provision_id < ?)", (pid, pid + "/", pid + "0")):
            ann = Annotations.from_record(json.loads(record))
            norms += ann.norms
            quantities += ann.quantities
            definitions += ann.definitions
            citations += ann.citations
        m = self.meta[_doc(pid)]
        side = Side(row[0] if row else "", Annotations(pid, tuple(norms), tuple(quantities),
                                                       tuple(definitions), tuple(citations)),
                    pid, m["doc_type"], m["issuer"], m["signed"], m["rank"], m["language"],
                    m["title"])
        if len(self._sides) > 50_000:
            self._sides.clear()
        self._sides[pid] = side
        return side


# "Trường hợp có sự khác nhau giữa quy định của Luật này với quy định của luật khác … thì áp
# dụng quy định của Luật này" (the law claims priority), "Trường hợp luật khác có quy định khác
# … thì áp dụng quy định của luật đó" (it defers to the special law). Transitional sentences
# ("… thụ lý trước ngày Luật này có hiệu lực … thì áp dụng quy định của Luật này") are not
# priority clauses: the sentence must speak of another law or a difference between laws.
_PRIORITY = re.compile(
    r"(?:luật khác|sự khác nhau|quy định khác nhau|văn bản quy phạm pháp luật khác)[^.;]*?"
    r"thì áp dụng (?:theo )?(?:quy định của )?(?P<which>(?:Bộ )?[Ll]uật này|(?:Bộ )?luật đó|"
    r"luật khác|luật chuyên ngành)", re.S)


def _priority_clauses(store: Store) -> dict[str, tuple[str, str]]:
    """doc id → ("self" | "defers", provision id) from its priority clause, if any."""
    out: dict[str, tuple[str, str]] = {}
    hits = store.match("thì áp dụng")
    for pid, doc_id in hits:
        row = store.db.execute("SELECT text FROM provisions WHERE id=?", (pid,)).fetchone()
        m = _PRIORITY.search(row[0]) if row else None
        if m is None or doc_id in out:
            continue
        kind = "self" if m.group("which").lower().endswith("luật này") else "defers"
        out[doc_id] = (kind, pid)
    return out


def _adjust(verdict: Verdict, a: str, b: str, corpus: _Corpus) -> Verdict:
    """Express repeal, replacement or amendment → version change, the changing side prevails."""
    da, db = _doc(a), _doc(b)
    for src, dst, side in ((da, db, "a"), (db, da, "b")):
        kind = corpus.changes.get((src, dst))
        if kind is None:
            continue
        if verdict.label == "contradiction":
            verdict.prevails = side
            verdict.version_change = True
            # An express repeal, replacement or amendment wins (Law 80/2015/QH13 Art. 156(1)
            # read with Art. 12): the old text stops applying when the new one takes effect,
            # so the two were never in force together.
            verdict.rule = (f"{src} expressly {kind[:-1]}s {dst}: the new text replaced the old "
                            "one (version change, not a live conflict)")
            verdict.explanation += f" {verdict.rule}."
        return verdict
    if verdict.label == "contradiction":
        _apply_priority(verdict, da, db, corpus)
    return verdict


def _apply_priority(verdict: Verdict, da: str, db: str, corpus: _Corpus) -> None:
    """An explicit priority clause decides between documents of the same legal effect."""
    ra, rb = corpus.meta[da]["rank"], corpus.meta[db]["rank"]
    if ra != rb:
        return  # a priority clause cannot lift a document above a higher legal effect
    pa, pb = corpus.priority.get(da), corpus.priority.get(db)
    claims = {side for side, p in (("a", pa), ("b", pb)) if p and p[0] == "self"}
    defers = {side for side, p in (("a", pa), ("b", pb)) if p and p[0] == "defers"}
    winner: str | None = None
    if len(claims) == 1:
        winner = next(iter(claims))
    elif len(defers) == 1 and not claims:
        winner = "b" if "a" in defers else "a"
    if winner is None:
        return
    # The clause that decided: the winner's own claim, or the loser's deference.
    loser = pb if winner == "a" else pa
    clause = (pa if winner == "a" else pb) if claims else loser
    assert clause is not None
    what = "claims priority for its law" if clause[0] == "self" else "defers to the other law"
    verdict.prevails = winner
    verdict.rule = (f"explicit priority clause {clause[1]} ({what}) between documents of the "
                    "same legal effect")
    verdict.explanation += f" {winner.upper()} prevails: {verdict.rule}."


Batch = Callable[[Sequence[tuple[Side, Side, float]]], list[Verdict]]


def _rules(items: Sequence[tuple[Side, Side, float]]) -> list[Verdict]:
    return [classify(a, b, c) for a, b, c in items]


def detect_document(store: Store, corpus: _Corpus, doc_id: str,
                    classifiers: dict[str, Batch] | None = None
                    ) -> Iterator[tuple[str, str, Verdict, list[str]]]:
    """(a, b, verdict, methods) for the document's pairs that have no finding yet."""
    prefix = doc_id + "/"
    rows = store.db.execute(
        "SELECT p.a, p.b, p.method, p.score FROM pairs p WHERE "
        "((p.a > ? AND p.a < ?) OR (p.b > ? AND p.b < ?)) AND NOT EXISTS "
        "(SELECT 1 FROM findings f WHERE f.a = p.a AND f.b = p.b)",
        (prefix, doc_id + "0", prefix, doc_id + "0")).fetchall()
    grouped: dict[tuple[str, str], dict[str, float]] = defaultdict(dict)
    for a, b, method, score in rows:
        grouped[(a, b)][method] = float(score)
    by_language: dict[str, list[tuple[str, str, float]]] = defaultdict(list)
    for (a, b), methods in sorted(grouped.items()):
        if "translation" in methods:
            yield a, b, Verdict("duplicate", 1.0, explanation="The same provision in another "
                                "language (a translation: same document number and path)."), \
                sorted(methods)
        else:
            cosine = methods.get("knn", methods.get("minhash", 0.0))
            by_language[corpus.meta[_doc(a)]["language"]].append((a, b, cosine))
    for language, items in by_language.items():
        judge = (classifiers or {}).get(language, _rules)
        verdicts = judge([(corpus.side(a), corpus.side(b), c) for a, b, c in items])
        for (a, b, _), verdict in zip(items, verdicts, strict=True):
            verdict = _adjust(verdict, a, b, corpus)
            # Annotation spans are document offsets; evidence is relative to each provision.
            for e in verdict.evidence:
                if "start" in e and not e.pop("relative", False):
                    shift = corpus.starts.get(a if e.get("side") == "a" else b, 0)
                    e["start"] -= shift
                    e["end"] -= shift
            yield a, b, verdict, sorted(grouped[(a, b)])


def finding_row(a: str, b: str, verdict: Verdict, methods: list[str], run_id: int,
                version: str = RULES_VERSION) -> tuple[Any, ...]:
    record = verdict.to_record(f"{a}|{b}")
    record.update(a=a, b=b, methods=methods)
    return (a, b, verdict.label, verdict.kind, verdict.score, verdict.prevails,
            json.dumps(record, ensure_ascii=False), version, run_id)


def corpus_view(store: Store) -> _Corpus:
    return _Corpus(store)
