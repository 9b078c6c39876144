"""The detect stage of ``analyze``: classify every candidate pair of a document into a finding.

A finding's record is :meth:`lexoverlap.detect.Verdict.to_record` plus the two provisions'
document ids, the span of each provision in its document (evidence spans are document
offsets) and the methods that found the pair. Pairs whose documents were never in force
together are marked ``version_change`` and the newer side prevails, before rank and date are
looked at: one expressly repeals, replaces or amends the other (a resolved ``repeals`` /
``replaces`` / ``amends`` citation), or one had stopped applying before the other took effect
(it was repealed or replaced as a whole by a third document of the corpus, or a later law of
the same type on the same matter — the same title words — succeeded it).
"""

from __future__ import annotations

import itertools
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from typing import Any

from ._metadata import is_model_law
from .detect import RULES_VERSION, Side, Verdict, classify, regime_of
from .models import Annotations
from .store import Store


def _doc(pid: str) -> str:
    return pid.split("/", 1)[0]


class _Corpus:
    """What detection needs from the store, read lazily and cached."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.meta: dict[str, dict[str, Any]] = {}
        for r in store.db.execute("SELECT doc_id, doc_type, issuer, signed, rank, language, "
                                  "title, effective, meta FROM documents"):
            self.meta[r[0]] = {"doc_type": r[1], "issuer": r[2],
                               "signed": date.fromisoformat(r[3]) if r[3] else None,
                               "rank": r[4], "language": r[5], "title": r[6],
                               "effective": date.fromisoformat(r[7]) if r[7] else None,
                               "expiry": _expiry(r[8])}
        rows = store.db.execute(
            "SELECT c.doc_id, c.kind, c.resolved, c.start, c.\"end\", p.text, p.start "
            "FROM citations c JOIN provisions p ON p.id = c.source WHERE c.resolved IS NOT "
            "NULL AND (c.kind IN ('repeals', 'replaces', 'amends') OR (c.kind = 'refers' "
            "AND c.resolved NOT LIKE '%/%'))").fetchall()
        self.changes = changes(rows, self.meta)
        events = end_events(self.meta, rows)
        self.ended = endings(events)
        self.lineage = lineage(events)
        self.priority = _priority_clauses(store)
        self._sides: dict[str, Side] = {}
        self._nearest: dict[str, dict[str, str]] = {}
        self.starts: dict[str, int] = {}

    def side(self, pid: str) -> Side:
        cached = self._sides.get(pid)
        if cached is not None:
            return cached
        row = self.store.db.execute("SELECT text, start FROM provisions WHERE id=?",
                                    (pid,)).fetchone()
        self.starts[pid] = int(row[1]) if row else 0
        anns = Annotations.combine(pid, (
            Annotations.from_record(json.loads(record)) for (record,) in self.store.db.execute(
                "SELECT record FROM annotations WHERE provision_id=? OR (provision_id > ? AND "
                "provision_id < ?)", (pid, pid + "/", pid + "0"))))
        m = self.meta[_doc(pid)]
        versions = self.lineage.get(_doc(pid), frozenset())
        side = Side(row[0] if row else "", anns, pid, m["doc_type"], m["issuer"], m["signed"],
                    m["rank"], m["language"], m["title"], versions,
                    self.counterparts(pid, versions))
        if len(self._sides) > 50_000:
            self._sides.clear()
        self._sides[pid] = side
        return side

    def nearest(self, pid: str) -> dict[str, str]:
        """doc id → the provision of that document nearest ``pid`` among its candidate pairs
        (the embedding cosine; MinHash's score where only MinHash paired them)."""
        cached = self._nearest.get(pid)
        if cached is not None:
            return cached
        best: dict[str, tuple[float, str]] = {}
        scores: dict[str, dict[str, float]] = defaultdict(dict)
        for a, b, method, score in self.store.db.execute(
                "SELECT a, b, method, score FROM pairs WHERE a = ? UNION ALL "
                "SELECT a, b, method, score FROM pairs WHERE b = ?", (pid, pid)):
            scores[b if a == pid else a][method] = float(score)
        for other, methods in scores.items():
            score = methods.get("knn", methods.get("minhash", 0.0))
            if score > best.get(_doc(other), (-1.0, ""))[0]:
                best[_doc(other)] = (score, other)
        out = {doc: other for doc, (_, other) in best.items()}
        if len(self._nearest) > 200_000:
            self._nearest.clear()
        self._nearest[pid] = out
        return out

    def counterparts(self, pid: str, versions: frozenset[str]) -> frozenset[str]:
        """The provisions of the other versions of ``pid``'s document that are its nearest
        while it is theirs (see :attr:`lexoverlap.detect.Side.counterparts`)."""
        if not versions:
            return frozenset()
        mine = self.nearest(pid)
        return frozenset(other for doc, other in mine.items() if doc in versions and
                         self.nearest(other).get(_doc(pid)) == pid)


def _expiry(meta: Any) -> date | None:
    """The expiry date in a stored metadata record (JSON text; parsed here, not in SQL, so
    that SQLite and PostgreSQL stores read it alike)."""
    try:
        value = json.loads(meta).get("expiry") if isinstance(meta, str) else None
        return date.fromisoformat(str(value)) if value else None
    except (ValueError, AttributeError):
        return None


def _start(meta: dict[str, Any]) -> date | None:
    return meta["effective"] or meta["signed"]  # type: ignore[no-any-return]


# A citation that may change or end a document: (citing document, kind, resolved target,
# start, end, the citing provision's text, that provision's start), offsets in the document.
ChangeRow = tuple[str, str, str, int, int, str, int]


def _lower(meta: dict[str, dict[str, Any]], src: str, target: str) -> bool:
    """``src`` has a lower legal effect than ``target``: it cannot change or end it (Law
    80/2015/QH13 Art. 12). Why (vn-laws-vlc): "bãi bỏ văn bản … trái với Hiến pháp" and
    "quyết định … sửa đổi Hiến pháp" are typed as a law repealing or amending the
    Constitution."""
    ra, rb = meta.get(src, {}).get("rank"), meta.get(target, {}).get("rank")
    return ra is not None and rb is not None and int(ra) > int(rb)


# (source document, target document) → {what it changes: a provision id, or the target
# document's id when the whole document ends → repeals | replaces | amends}
Changes = dict[tuple[str, str], dict[str, str]]


def changes(rows: Iterable[ChangeRow], meta: dict[str, dict[str, Any]]) -> Changes:
    """The express changes (repeals, replaces, amends) one document makes to another: the
    provisions it changes, or the whole document when the sentence ends it as a whole
    (:func:`_whole_document_ends`).

    Why only those: an amending law leaves the rest of the law it amends in force ("Sửa đổi,
    bổ sung một số điều của Luật Đấu thầu": the Public-Private Partnership Law of 2020 and the
    Procurement Law of 2013 apply together outside the clauses it rewrites), and so does a
    repeal of some articles. Until session 10 any change made every pair of the two documents a
    version change; the labelled pairs (``python -m lexoverlap.eval pairs``, "never in force
    together") read 7 dev pairs between an amending and an amended law as live."""
    out: Changes = defaultdict(dict)
    for src, kind, resolved, start, stop, text, base in rows:
        target = _doc(resolved)
        if kind == "refers" or target == src or _lower(meta, src, target) or \
                _earlier(meta, src, target):
            continue
        if "/" in resolved:
            out[(src, target)].setdefault(resolved, kind)
        elif kind != "amends" and _whole_document_ends(text, start - base, stop - base, kind):
            out[(src, target)].setdefault(target, kind)
    return dict(out)


def _earlier(meta: dict[str, dict[str, Any]], src: str, target: str) -> bool:
    """``src`` was signed before ``target``: it cannot change it (a title reference resolved to
    a later version, see _resolve.LATER_VERSION_DAYS)."""
    a, b = meta.get(src, {}).get("signed"), meta.get(target, {}).get("signed")
    return a is not None and b is not None and a < b


# (the document that stopped applying, the document that ended it, from when, how)
End = tuple[str, str, date, str]


def lineage(events: Iterable[End]) -> dict[str, frozenset[str]]:
    """doc id → the other versions of it: the documents that ended it as a whole and those it
    ended (see :attr:`lexoverlap.detect.Side.versions`). Express changes of some articles are
    not enough: the Law on Planning amends a clause in each of dozens of laws."""
    out: dict[str, set[str]] = defaultdict(set)
    for old, new, _, _ in events:
        if new:  # "" = its own expiry date, no other version
            out[old].add(new)
            out[new].add(old)
    return {d: frozenset(v) for d, v in out.items()}


def endings(events: Iterable[End]) -> dict[str, tuple[date, str, str]]:
    """doc id → (date it stopped applying, the document that ended it, how): the first of
    its end events."""
    ended: dict[str, tuple[date, str, str]] = {}
    for old, new, when, how in events:
        if old not in ended or when < ended[old][0]:
            ended[old] = (when, new, how)
    return ended


def end_events(meta: dict[str, dict[str, Any]], rows: Iterable[ChangeRow]) -> list[End]:
    """The documents a later document of the corpus repealed or replaced as a whole, or
    succeeded, each with the document that ended it, from when and how.

    Why: the issue asks that pairs whose documents were never in force together be version
    changes, not live conflicts; express changes between the two documents of a pair were the
    only ones read, so an old law against a third law that came after its successor (the 2003
    Law on the Organisation of People's Councils against the 2015 Law on Supervision) was
    reported live. A title reference resolved to the citing document itself ("Luật Báo chí"
    in the 2016 Law on the Press repeals the 1989 one) means its latest earlier version.
    """
    family: dict[tuple[str, frozenset[str]], list[str]] = defaultdict(list)
    for doc, m in meta.items():
        terms = regime_of(m["title"])
        if m["signed"] is not None and m["doc_type"] and terms:
            family[(m["doc_type"], terms)].append(doc)
    events: list[End] = []

    def end(old: str, new: str, how: str) -> None:
        when = _start(meta[new])
        if when is None or old == new or meta[old]["signed"] is None or \
                meta[new]["signed"] is None or meta[old]["signed"] >= meta[new]["signed"] or \
                _lower(meta, new, old):
            return
        events.append((old, new, when, how))

    for doc, m in meta.items():
        # An expiry date the document's metadata states (a sidecar or manifest may give it for
        # a law that lapsed by an act outside the corpus).
        if m.get("expiry") is not None:
            events.append((doc, "", m["expiry"], "expired"))
    for docs in family.values():
        docs.sort(key=lambda d: meta[d]["signed"])
        for old, new in itertools.pairwise(docs):
            end(old, new, "succeeded")
    for src, kind, resolved, start, stop, text, base in rows:
        if kind not in ("repeals", "replaces", "refers") or \
                "/" in resolved or src not in meta or resolved not in meta or \
                not _whole_document_ends(text, start - base, stop - base, kind):
            continue  # a provision or some words of the law, not the whole law
        target = resolved
        if target == src:  # the title of an earlier version, resolved to the citing law
            m = meta[src]
            earlier = [d for d in family.get((m["doc_type"], regime_of(m["title"])), [])
                       if d != src and meta[d]["signed"] < m["signed"]]
            if not earlier:
                continue
            target = earlier[-1]
        end(target, src, kind)
    return events


# The sentence says the whole law stops applying: "Luật X số … hết hiệu lực kể từ ngày …",
# "Luật này thay thế Luật X …". Why (vn-laws-vlc): most repeal and replace citations that
# resolve to a whole law end only part of it ("bãi bỏ Điều 35 của Luật …", "thay cụm từ …
# trong Luật Thương mại"), the article or the words being a separate part of the sentence. In a
# list of laws that end together only the first is typed "repeals" ("Luật A …, Luật B số …
# đã được sửa đổi, bổ sung một số điều theo Luật số … hết hiệu lực …"): the sentence decides.
_PART_OF_LAW = re.compile(r"\b(?:[Đđ]iều|khoản|điểm)\s+\d|\b(?:cụm từ|từ ngữ)\b")
# "Luật X số … đã được sửa đổi, bổ sung một số điều theo Luật số A, Luật số B và Luật số C hết
# hiệu lực": A, B and C (cited by number alone) amended X; they are not what ends.
_AMENDED_BY = re.compile(r"sửa đổi,? bổ sung(?: một số điều)?\s+theo\s+(?:(?:Luật|Nghị quyết|"
                         r"Pháp lệnh|Bộ luật) số [^\s,]+(?:,\s*|\s+và\s+))*$")
_ITEM_LABEL = re.compile(r"\s*(?:\d+[a-zđ]?\s*[.)]|[a-zđ]\d{0,2}\)|-)?\s*")
_SENTENCE_END = re.compile(r"[;\n]|\.(?:\s|$)")


def _whole_document_ends(text: str, start: int, stop: int, kind: str = "refers") -> bool:
    if not 0 <= start < stop <= len(text):
        return False
    before = text[:start]
    before = before[max((m.end() for m in _SENTENCE_END.finditer(before)), default=0):]
    if kind in ("repeals", "replaces") and _ITEM_LABEL.fullmatch(before):
        # A list item that is the document itself, under "Bãi bỏ các văn bản sau đây:" (the
        # kind came from that lead-in): "b) Luật thuế chuyển quyền sử dụng đất ban hành ngày
        # …;" ends the law, "c) Quy định về … của Luật …" only part of one (review5).
        return True
    end = _SENTENCE_END.search(text, stop)
    after = text[stop:end.start() if end else len(text)]
    bare_number = re.match(r"(?:Luật|Nghị quyết|Pháp lệnh|Bộ luật) số\b", text[start:stop])
    if _PART_OF_LAW.search(before) or (bare_number and _AMENDED_BY.search(before)):
        return False
    return bool(re.search(r"hết hiệu lực", after) or re.search(r"(?:thay thế|bãi bỏ)\s*$",
                                                                  before))


def never_together(a: str, b: str, ended: dict[str, tuple[date, str, str]],
                   meta: dict[str, dict[str, Any]]) -> tuple[str, str] | None:
    """(the document that had stopped applying, why) when documents ``a`` and ``b`` were
    never in force at the same time (``ended``: :func:`endings`), else None."""
    for old, other in ((a, b), (b, a)):
        gone = ended.get(old)
        start = _start(meta[other])
        if gone is not None and start is not None and gone[0] <= start:
            how = f"expired (on {gone[0].isoformat()})" if not gone[1] else \
                f"been {gone[2]} by {gone[1]} (in force from {gone[0].isoformat()})"
            return old, (f"{old} had {how} before {other} took effect: the two were "
                         "never in force together (version change, not a live conflict)")
    return None


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


def express_change(a: str, b: str, changes: Changes) -> tuple[str, str] | None:
    """(the document that changes the other, the rule) when the document of provision ``a`` or
    ``b`` expressly repeals, replaces or amends the other provision — itself, a provision it
    lies in or one inside it — or the whole of its document (``changes``: :func:`changes`),
    else None.

    An express repeal, replacement or amendment wins (Law 80/2015/QH13 Art. 156(1) read with
    Art. 12): the old text stops applying when the new one takes effect, so the two were never
    in force together."""
    for mine, other in ((a, b), (b, a)):
        src, dst = _doc(mine), _doc(other)
        for target, kind in changes.get((src, dst), {}).items():
            if target == dst or other == target or other.startswith(target + "/") or \
                    target.startswith(other + "/"):
                return src, (f"{src} expressly {kind[:-1]}s {target}: the new text replaced the "
                             "old one (version change, not a live conflict)")
    return None


def time_verdict(a: str, b: str, changes: Changes, ended: dict[str, tuple[date, str, str]],
                 meta: dict[str, dict[str, Any]]) -> tuple[str, str] | None:
    """(the document that prevails, why) when provisions ``a`` and ``b`` were never in force
    together — one's document expressly changes the other (:func:`express_change`), or one
    document had stopped applying before the other took effect (:func:`never_together`) —
    else None. ``eval pairs`` scores it against the labelled ``version_change``."""
    da, db = _doc(a), _doc(b)
    if da == db:
        return None
    changed = express_change(a, b, changes)
    if changed is not None:
        return changed
    gone = never_together(da, db, ended, meta)
    return None if gone is None else (db if gone[0] == da else da, gone[1])


def _adjust(verdict: Verdict, a: str, b: str, corpus: _Corpus) -> Verdict:
    """A contradiction between texts never in force together is a version change, the newer
    (or changing) side prevails (:func:`time_verdict`); one with a model law is none; else an
    explicit priority clause may decide."""
    if verdict.label != "contradiction":
        return verdict
    da, db = _doc(a), _doc(b)
    template = next((d for d in (da, db) if is_model_law(corpus.meta[d]["doc_type"])), None)
    if template is not None and express_change(a, b, corpus.changes) is None:
        # A model law (UNCITRAL's) is a template offered to legislators, not a legal
        # normative document (Law 80/2015/QH13 Art. 2, 4): it binds no one, so a difference
        # from it is a drafting choice to note, not a conflict. Why: the review of every
        # live contradiction of vn-laws-vlc (sample_review7) read its 3 pairs false.
        verdict.explanation = (
            f"A {verdict.kind} difference was found ({verdict.explanation.strip()}), but "
            f"{template} is a model law, not law in force: it binds no one.")
        verdict.label, verdict.kind, verdict.prevails, verdict.rule = \
            "related", None, None, None
        return verdict
    time = time_verdict(a, b, corpus.changes, corpus.ended, corpus.meta)
    if time is not None:
        verdict.prevails = "a" if time[0] == da else "b"
        verdict.version_change = True
        verdict.rule = time[1]
        verdict.explanation += f" {verdict.rule}."
        return verdict
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
    if not claims:
        # The general law itself yields ("Trường hợp luật khác có quy định khác … thì áp dụng
        # quy định của luật đó"): the other law's rule is the designed special rule for its
        # cases, so both can be followed and the difference needs no harmonising. Why (reviews
        # 5 and 6): the Complaints Law's deadlines against those of the procedure codes, the
        # Enterprise Law's against the Credit Institutions Law's — 27 of 174 live
        # contradictions of vn-laws-vlc, read false wherever reviewed.
        verdict.explanation = (
            f"A {verdict.kind} difference was found ({verdict.explanation.strip()}), but the "
            f"general law defers to the special one: {verdict.rule}; the special rule applies "
            f"within its scope.")
        verdict.label, verdict.kind = "related", None


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
