"""Detection: decide the relation of two provisions, with evidence and a precedence verdict.

Rule-first and explainable. Similarity says whether two provisions speak of the same
matter; the annotations (norms, quantities, definitions) say whether they disagree:

- ``duplicate``: Jaccard of 3-syllable shingles ≥ :data:`DUPLICATE_JACCARD` and the same
  numbers;
- ``contradiction`` when the two share their matter (cosine ≥ :data:`SAME_MATTER`, or high
  word overlap) and one of the rules below fires, in this order:
  quantity (same unit class and what it bounds, different values), deontic (one prohibits
  what the other obliges or permits, on a similar action), competence (the same action given
  to a different actor), definition (the same term, different definitions), condition (one
  carries an exception or condition the other does not, otherwise near-identical);
- ``subsumes``: one text's shingles are nearly all inside the other, which is longer;
- ``overlap`` / ``related`` / ``unrelated`` by similarity.

Precedence (Law 80/2015/QH13 Art. 156; Law 64/2025/QH15 kept the same order): the higher
legal effect prevails; at the same rank, the later document prevails; an amending /
replacing / repealing provision wins over what it amends. Two documents that were never in
force together are a ``version change``, not a live conflict.
"""

from __future__ import annotations

import contextlib
import difflib
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

import numpy as np

from ._rules import fingerprint
from ._text import fold, normalize_line
from .candidates import shingles
from .models import Annotations, Definition, Norm, Quantity

# v2 regimes; v3 sibling heads, differences; v4 quantity content;
# v5 definitions by word alignment, duplicates by word alignment, fractions and word counts;
# v6 between regimes only same-subject numbers, definitions and one-wording differences;
# v7 (with _findings) a law ended by a list "Luật A …, Luật B … hết hiệu lực" is not in force;
# v8 between regimes, a number in one wording needs no common clause subject; the fingerprint
# of the source makes any change to the rules a new version (see _rules);
# v9 the numbers of a cited list are references; a model law binds no one (_findings);
# v10 versions of one law are one regime (_findings.lineage); v11 duplicates judged on the
# wording without titles, pointers and number words, and not when a list gains an item;
# v12 one provision rewritten between versions; v13 a version that adds a passage subsumes;
# v14 moved sentences realigned, a condition behind one carried word, penalty caps by share;
# v15 a rewritten provision states other conditions only when what changed names cases;
# v16 between laws on different matters, overlap and subsumes only when named alike;
# v17 one number bounded strictly in one wording and inclusively in the other;
# v18 no subsumes between sibling codes (as no overlap since v9);
# v19 no duplicate between laws on different matters unless named alike; v20 nor between
# sibling codes; v21 (with _findings) an amendment ends only what it changes, and a code and
# the code of its procedure or enforcement are two regimes for contradictions; v22 a short
# name ("sau đây gọi là …") defines nothing, and two shares of a body's members conflict only
# when they decide one thing.
RULES_VERSION = f"detect.v22+{fingerprint('detect.py', '_findings.py')}"
DUPLICATE_JACCARD = 0.8
SUBSUMES_CONTAINMENT = 0.85
SAME_MATTER = 0.62  # cosine above which two provisions are taken to regulate one matter
OVERLAP = 0.80
RELATED = 0.45


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Cosine cut-offs of one encoder (cosines are not comparable across encoders)."""

    same_matter: float
    overlap: float
    related: float


# vi: the hybrid encoder (old/new counterparts 0.75 at their 5th percentile, random cross-law
# pairs 0.54 at their 99.9th). en: MiniLM, from the sample's planted English pairs (overlaps
# at 0.77 and 0.82) and random same-domain pairs (0.45 median, 0.70 at the 99th percentile).
THRESHOLDS = {"vi": Thresholds(SAME_MATTER, OVERLAP, RELATED),
              "en": Thresholds(0.62, 0.75, 0.55)}
QUANTITY_AFTER = 60  # characters after a number that say what it bounds
QUANTITY_CONTEXT = 0.15  # word overlap of what two numbers are about (see README, Detect)
QUANTITY_CONTENT = 0.25  # the same, without procedural words (below)
QUANTITY_SAME_WORDING = 0.65  # … at which, between regimes, the clause subjects need not agree
QUANTITY_ONE_WORDING = 0.7  # … when the whole texts also align this far (one text, two laws)
# Words every deadline clause has ("trong thời hạn … ngày làm việc kể từ ngày nhận đủ hồ sơ hợp
# lệ, cơ quan có thẩm quyền phải …"): two permits of unrelated regimes share them all. The
# review of 50 live contradictions (tests/golden/sample_review2.jsonl) found 14 of 20
# quantity conflicts were such pairs; what the number is about is in the other words.
_PROCEDURAL = frozenset(fold(
    "trong thời hạn kể từ ngày nhận được đủ hồ sơ hợp lệ đầy đủ đề nghị văn bản cơ quan có thẩm "
    "quyền quyết định thông báo yêu cầu phải làm việc ngày tháng năm không quá chậm nhất trường "
    "hợp người các của và theo quy định tại này luật điều khoản việc được cho thì có là để với về "
    "từ đến sau khi đã một hoặc").split())

LABELS = ("duplicate", "overlap", "subsumes", "contradiction", "related", "unrelated")

_UNIT_CLASS = {"day": "time", "working_day": "time", "month": "time", "year": "time",
               "hour": "time", "week": "time", "minute": "time"}


@dataclass(frozen=True, slots=True)
class Side:
    """One provision as detection sees it."""

    text: str
    annotations: Annotations
    ref: str | None = None
    doc_type: str | None = None
    issuer: str | None = None
    date: date | None = None
    rank: int | None = None
    language: str = "vi"
    title: str | None = None  # the document's title: what regime it governs (see _parallel)
    # The other versions of this document in the corpus: the documents it expressly changed
    # or succeeded, and those that changed or succeeded it (see _findings.lineage).
    versions: frozenset[str] = frozenset()
    # Its counterparts in those versions: the provisions that are its nearest in their version
    # while it is theirs (_findings). None when not known (a pair given to classify-pairs, a
    # labelled pair): the pair is then taken to be one provision's two wordings.
    counterparts: frozenset[str] | None = None


@dataclass
class Verdict:
    """The relation of a pair, its evidence and which side prevails."""

    label: str
    score: float
    kind: str | None = None
    prevails: str | None = None
    rule: str | None = None
    evidence: list[dict[str, Any]] = field(default_factory=list)
    explanation: str = ""
    version_change: bool = False

    def to_record(self, pair_id: str) -> dict[str, Any]:
        out: dict[str, Any] = {"id": pair_id, "label": self.label, "score": round(self.score, 4)}
        if self.kind:
            out["conflict_kind"] = self.kind
        if self.label == "contradiction":
            out["prevails"] = self.prevails
            out["rule"] = self.rule
            out["version_change"] = self.version_change
        out["evidence"] = [{k: v for k, v in e.items() if k != "relative"}
                           for e in self.evidence]
        out["explanation"] = self.explanation
        return out


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", fold(text)) if not w.isdigit()}


def _jaccard(a: set[Any], b: set[Any]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def _containment(a: set[Any], b: set[Any]) -> float:
    return len(a & b) / len(a) if a else 0.0


# The numbering of the provision itself ("Điều 12. Title", "1.", "a)") is not content: two
# versions of an unchanged article differ only there.
_NUMBERING = re.compile(r"(?m)^\s*(?:(?:Điều|Article)\s+\d+\w*\.?|\d+\.|[a-zđ]\))\s*")


# Near-verbatim repetition by word alignment, for duplicates shingles miss: a reordered list
# ("tổ chức, cá nhân" / "cá nhân, tổ chức"), one conjunction or article changed. Why (dev
# pairs): of 49 duplicates 15 fell below the shingle threshold; at least this share of words
# aligned in order and at most this many content words changed (a word moved from one place to
# another is not a change) keeps 40 of them against 10 overlaps or subsumes. v11 counts the
# words removed and added as multisets: before, a word found anywhere in the other text was
# no change, so "Thay đổi ngành, nghề" / "Ngành, nghề" (the list reworded) read as the same
# words. With the count, 2 is the best limit on dev (duplicate F1 0.929 → 0.936; 1: 0.913,
# 3: 0.920).
DUPLICATE_ALIGNED = 0.85
DUPLICATE_MAX_EDITS = 2
# Under this many words a text may change one word only (see _near_verbatim); dev pairs are
# the same for 10-30, the limit comes from vn-laws-vlc pairs read by hand.
DUPLICATE_SHORT = 20
_FUNCTION_WORDS = frozenset(fold(
    "các những của và hoặc với là được thì mà để cho theo tại trong này đó có từ đến về bị do "
    "khi nếu một").split())


def _aligned_share(a: str, b: str) -> float:
    """The share of the two texts' words that align, in order (difflib ratio over tokens)."""
    ta = [t.word for t in _tokens(_content(a))]
    tb = [t.word for t in _tokens(_content(b))]
    if not ta or not tb:
        return 0.0
    return difflib.SequenceMatcher(None, ta, tb, autojunk=False).ratio()


# One wording grown by a whole passage: the shorter text's words nearly all align, in order,
# inside the longer (ALIGNED_INNER), the longer has a good share of words of its own
# (ALIGNED_EXTRA) and one inserted run at least ALIGNED_RUN words long (a new list item, a
# further ground, a second sentence), not a scatter of edits. Shingles miss this: every small
# edit in the shared part breaks the shingles around it. Only two versions of one law are
# compared so: across laws the same test found 2 labelled subsumes against 20 related pairs
# (templates of parallel regimes). On the dev pairs (eval pairs, 2026-12-06) it turns 5 of the
# 29 subsumes from overlap, against 4 overlaps and 1 contradiction whose addition is a new
# condition (macro 0.598 → 0.628; every setting of 0.7–0.85 / 0.3–0.42 / 5–8 gains 0.01–0.035).
ALIGNED_INNER = 0.75
ALIGNED_EXTRA = 0.35
ALIGNED_RUN = 8
ALIGNED_BLOCK = 3


def _aligned_inside(a: str, b: str) -> tuple[str, float, int] | None:
    """Which of ``a`` and ``b`` sits inside the other, word for word in order, with a passage
    added (see ALIGNED_INNER): ("a" or "b", the inner text's aligned share, the longest added
    run), or None."""
    ta = [t.word for t in _tokens(_content(a))]
    tb = [t.word for t in _tokens(_content(b))]
    if not ta or not tb or len(ta) == len(tb):
        return None
    inner, outer, name = (ta, tb, "a") if len(ta) < len(tb) else (tb, ta, "b")
    matcher = difflib.SequenceMatcher(None, inner, outer, autojunk=False)
    # Runs of ALIGNED_BLOCK words or more: single words a short text shares with a long one
    # (its function words, a body's name) align anywhere.
    matched = sum(block.size for block in matcher.get_matching_blocks()
                  if block.size >= ALIGNED_BLOCK)
    run = max(((j2 - j1) - (i2 - i1) for op, i1, i2, j1, j2 in matcher.get_opcodes()
               if op != "equal"), default=0)
    share, extra = matched / len(inner), (len(outer) - matched) / len(outer)
    if share >= ALIGNED_INNER and extra >= ALIGNED_EXTRA and run >= ALIGNED_RUN:
        return name, share, run
    return None


def _near_verbatim(a: str, b: str) -> bool:
    """``a`` and ``b`` say the same in the same words, up to order and function words."""
    wa, wb = fold(_content(a)).split(), fold(_content(b)).split()
    wa, wb = [re.sub(r"\W", "", w) for w in wa], [re.sub(r"\W", "", w) for w in wb]
    wa, wb = [w for w in wa if w], [w for w in wb if w]
    if not wa or not wb or min(len(wa), len(wb)) < 0.8 * max(len(wa), len(wb)):
        return False
    matcher = difflib.SequenceMatcher(None, wa, wb, autojunk=False)
    if matcher.ratio() < DUPLICATE_ALIGNED:
        return False
    # A word removed in one place and put back in another moved; what is left over changed.
    gone: Counter[str] = Counter()
    added: Counter[str] = Counter()
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op != "equal":
            gone.update(w for w in wa[i1:i2] if w not in _FUNCTION_WORDS)
            added.update(w for w in wb[j1:j2] if w not in _FUNCTION_WORDS)
    # A short text has room for one change only: "Hợp tác quốc tế về hải quan" / "… hàng hải"
    # (customs / maritime) differ in two words, and are not one rule.
    limit = DUPLICATE_MAX_EDITS if min(len(wa), len(wb)) >= DUPLICATE_SHORT else 1
    return sum(((gone - added) + (added - gone)).values()) <= limit


_COORDINATORS = frozenset({",", "va", "hoac", "and", "or"})


def _list_extended(a: str, b: str) -> bool:
    """One wording adds to a list what the other does not name: "đại biểu Hội đồng nhân dân" /
    "đại biểu Quốc hội và đại biểu Hội đồng nhân dân"; "cơ quan, tổ chức, cá nhân" / "tổ
    chức, cá nhân". The rule then covers more: it subsumes the other, it does not repeat it.
    Why: such pairs were read as duplicates (dev pair-0127, pair-0197). Only a pure insertion
    counts: a word replaced next to a comma is rewording ("doanh nghiệp, bao gồm cả" /
    "doanh nghiệp kể cả")."""
    ta, tb = re.findall(r"\w+|,", fold(a)), re.findall(r"\w+|,", fold(b))
    both = set(ta) & set(tb)
    matcher = difflib.SequenceMatcher(None, ta, tb, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        added = ta[i1:i2] if op == "delete" else tb[j1:j2] if op == "insert" else []
        if _COORDINATORS & set(added) and any(
                w not in both and w not in _FUNCTION_WORDS and w.isalpha() for w in added):
            return True
    return False


def _subject_changed(a: str, b: str) -> bool:
    """The two wordings open with different words: another holder of the same template
    ("Kiểm sát viên được bổ nhiệm lần đầu …" / "Điều tra viên được bổ nhiệm lần đầu …")."""
    ta, tb = re.findall(r"\w+", a)[:4], re.findall(r"\w+", b)[:4]
    ops = difflib.SequenceMatcher(None, ta, tb, autojunk=False).get_opcodes()
    return bool(ops) and ops[0][0] == "replace" and ops[0][1] == 0 and ops[0][3] == 0 and any(
        w not in _FUNCTION_WORDS for w in (*ta[ops[0][1]:ops[0][2]], *tb[ops[0][3]:ops[0][4]]))


def _content(text: str) -> str:
    """The text without its own numbering (see above).

    >>> _content("Điều 12. Thời hạn"), _content("a) Một việc.")
    ('Thời hạn', 'Một việc.')
    """
    return _NUMBERING.sub("", text)


def _original(text: str) -> Callable[[int, int], tuple[int, int]]:
    """Maps a span of :func:`_content` of ``text`` back to ``text`` (numbering is removed at
    the start of every line, not only the first)."""
    cuts = [(m.start(), m.end()) for m in _NUMBERING.finditer(text) if m.end() > m.start()]

    def back(start: int, end: int) -> tuple[int, int]:
        def at(i: int, closing: bool) -> int:
            removed = 0
            for lo, hi in cuts:
                if lo - removed > i or (closing and lo - removed == i):
                    break
                removed += hi - lo
            return i + removed
        return at(start, False), at(end, True)
    return back


def _numbers(text: str) -> list[str]:
    return re.findall(r"\d+(?:[.,]\d+)*", _content(text))


# What a repetition may change and leave the rule as it is (dev duplicates read as overlap or
# subsumes): the article's title line ("Điều 22. Thẩm quyền của …" over a body that says the
# same), a naming parenthesis ("(sau đây gọi chung là …)"), a pointer to where something is
# provided ("theo quy định tại Điều này", "quy định tại khoản 10 Điều 4 của Luật giao dịch điện
# tử"), a number written in words ("mười lăm ngày" / "15 ngày") and the spelling of i/y
# ("sỹ" / "sĩ", "qui" / "quy").
_TITLE_LINE = re.compile(r"^\s*(?:Điều|Article)\s+\d+\w*\.?[^\n]*\n(?=\s*\S)")
_NAMING = re.compile(r"\s*\((?:sau đây|dưới đây|hereinafter)[^()]*\)", re.I)
_REF_ONE = r"(?:các\s+)?(?:điểm|khoản|Điều|Chương|Mục|Phần)\s+[\w.]*\w"
_POINTER = re.compile(
    r"(?:\s*,)?\s*(?:(?:theo|như)\s+)?(?:(?:các\s+)?quy định\s+)?tại\s+"
    rf"{_REF_ONE}(?:\s*(?:,|và|hoặc|đến)?\s*{_REF_ONE}|\s*(?:,|và|hoặc|đến)\s*\d+\w*\b)*"
    r"(?:\s+(?:của|thuộc)\s+(?:(?:Bộ\s+)?[Ll]uật|Nghị định|Nghị quyết|Pháp lệnh|Hiến pháp)"
    r"(?:\s+này|[^,.;:\n]*))?"
    r"|\s*(?:của|trong)\s+(?:Bộ\s+)?[Ll]uật\s+này", re.I)
_Y_AFTER_CONSONANT = re.compile(r"\b([bcdghklmnpqrstvx]+)y\b")
# A pointer (folded) into another document: "… của Luật Đầu tư", "… của Nghị định số …".
_EXTERNAL = re.compile(r"\b(?:cua|thuoc)\s+(?:bo\s+)?(?:luat|nghi dinh|nghi quyet|phap lenh|"
                       r"hien phap)\b(?!\s+nay\b)", re.I)


def _wording(text: str, pointers: bool = False) -> str:
    """The folded wording a duplicate is judged on (see above); ``pointers`` keeps them (when
    each wording points where the other does not, where they point is part of what they say:
    "quy định tại Điều 23" / "tại Điều 59" of two laws name different rights).

    >>> _wording("Điều 7. Thời hạn\\nTrả lời trong mười lăm ngày theo quy định tại Điều này.")
    'tra loi trong 15 ngay.'
    """
    from ._annotate import _WORD_QUANTITY, _word_number

    text = _TITLE_LINE.sub("", text)
    text = _content(_NAMING.sub("", text if pointers else _POINTER.sub(" ", text)))
    text = re.sub(r"\s+(?=[,.;:])", "", re.sub(r"[ \t]{2,}", " ", text))

    def digits(m: re.Match[str]) -> str:
        n = _word_number(m["words"])
        return f"{n:g} {m['unit']}" if n is not None else m[0]

    text = re.sub(r"\b0+(?=\d)", "", _WORD_QUANTITY.sub(digits, text))  # "05 ngày" is 5 days
    return _Y_AFTER_CONSONANT.sub(r"\1i", fold(text))


def _qclass(q: Quantity) -> str:
    return _UNIT_CLASS.get(q.unit, q.unit)


def _qvalue(q: Quantity) -> float:
    """Durations in days (a working day counted as a day), others as they are."""
    scale = {"month": 30.0, "year": 365.0, "week": 7.0, "hour": 1 / 24, "minute": 1 / 1440}
    return q.value * scale.get(q.unit, 1.0)


def _context(text: str, q: Quantity, width: int = 60) -> set[str]:
    """The words around a quantity in its provision (before: "thời hạn giải quyết khiếu nại
    lần hai"; after: "kể từ ngày nhận được quyết định"): what the number is about."""
    at = text.find(q.span.text)
    if at < 0:
        return set()
    end = at + len(q.span.text)
    return _words(text[max(0, at - width):at]) | _words(text[end:end + QUANTITY_AFTER])


# A share that names a class of enterprise ("doanh nghiệp do Nhà nước nắm giữ 100% vốn điều
# lệ", "cổ đông sở hữu từ 05% tổng số cổ phần") says which holders a provision is about, not a
# regulated threshold: two such shares in two texts are two classes. Why (vn-laws-vlc, reviews 5
# and 6): 23 of 91 live quantity contradictions set the Enterprise Law's state-owned
# enterprises (100 %, over 50 %) against clauses that merely name one class; all read false.
# Between two versions of one law (same title: "dưới 100%" → "trên 50%", a labelled version
# change) and when the two texts are one wording the share is still compared.
_CLASS_SHARE_BEFORE = re.compile(r"\b(?:nắm giữ|sở hữu|chiếm giữ)\s+(?:trên|từ|dưới|ít nhất|"
                                 r"không quá|tối thiểu)?\s*$", re.I)
_CLASS_SHARE_AFTER = re.compile(r"\s*(?:vốn điều lệ|tổng số cổ phần|số cổ phần|cổ phần|"
                                r"phần vốn góp|vốn)\b", re.I)


def _class_share(text: str, q: Quantity) -> bool:
    at = text.find(q.span.text)
    return at >= 0 and q.unit == "percent" and \
        bool(_CLASS_SHARE_BEFORE.search(text, max(0, at - 30), at)) and \
        bool(_CLASS_SHARE_AFTER.match(text, at + len(q.span.text)))


# A share of a body's members or votes ("ít nhất một phần ba tổng số đại biểu Quốc hội", "hai
# phần ba tổng số thành viên Ủy ban thường vụ Quốc hội biểu quyết tán thành") is the threshold
# of one decision: to propose a temporary committee, to put a confidence vote, to amend the
# Constitution. Two such shares conflict only when their clauses decide the same thing (their
# words, less the body's and procedural ones, agree as QUANTITY_CONTENT asks of a number's
# context). Why: the review of detect.v21's live quantity conflicts on vn-laws-vlc — 10 pairs
# of the National Assembly Organisation Law, the Supervision Law and the Constitution set one
# third against two thirds of deputies for different decisions; all read false, and the 60
# characters around the numbers ("… tổng số đại biểu Quốc hội …") agreed.
_MEMBER_SHARE = re.compile(r"\s*(?:trở lên\s+)?(?:tổng số\s+)?(?:đại biểu|thành viên|cử tri|"
                           r"ủy viên|cổ đông|phiếu|số phiếu)\b", re.I)
_BODY_WORDS = frozenset(fold(
    "tổng số đại biểu quốc hội thành viên ủy viên ủy ban thường vụ hội đồng nhân dân cử tri cổ "
    "đông phiếu biểu quyết tán thành ít nhất quá nửa phần ba tư trăm hai mươi trở lên").split())
_CLAUSE_END = re.compile(r"[;\n]|\.(?:\s|$)")


def _member_share(text: str, q: Quantity) -> bool:
    at = text.find(q.span.text)
    return at >= 0 and q.unit == "percent" and \
        bool(_MEMBER_SHARE.match(text, at + len(q.span.text)))


def _decision(text: str, q: Quantity) -> set[str]:
    """The words of the clause that holds ``q``, less the body's and procedural ones: what a
    share of members decides."""
    at = text.find(q.span.text)
    start = max((m.end() for m in _CLAUSE_START.finditer(text, 0, max(0, at))), default=0)
    end = _CLAUSE_END.search(text, at + len(q.span.text))
    return _words(text[start : end.start() if end else len(text)]) - _PROCEDURAL - _BODY_WORDS


# A share or a sum set as a penalty ("mức phạt … không vượt quá 12%") is the cap of that penalty:
# "fine" (the word "phạt" before it) and "max" ("không quá 8%") bound one thing. Why (dev
# pair-0275): the contract penalty cap of the Commercial Law (8 %) and of the Construction Law for
# state-funded works (12 %) were kept apart by the bound alone. Durations are not: "phạt tù từ 02
# năm" is a prison term, not a cap (vn-laws-vlc: a prison term against a 2-hour interview limit).
_CAP_KINDS = frozenset(("percent", "money"))


def _bounds_agree(x: Quantity, y: Quantity) -> bool:
    """Whether two quantities bound the same kind of thing (or one does not say)."""
    if x.bound == y.bound or x.bound is None or y.bound is None:
        return True
    return {x.bound, y.bound} == {"fine", "max"} and x.kind in _CAP_KINDS and \
        y.kind in _CAP_KINDS


def _quantity_conflict(a: Side, b: Side, min_context: float = QUANTITY_CONTEXT,
                       same_subject: bool = False) -> tuple[Quantity, Quantity] | None:
    """The same regulated quantity with different values: quantities of the same class that
    bound the same thing (deadline, fine, max, min, age — or unstated on one side), whose
    preceding words agree (Jaccard ≥ ``min_context``), where no quantity of that class in the
    other text has the same value. The best-matching context wins."""
    qa_all, qb_all = a.annotations.quantities, b.annotations.quantities
    if _separate_regimes(a, b):
        return None
    @cache
    def one_wording() -> bool:  # the whole texts align (quadratic: asked only when needed)
        return _aligned_share(a.text, b.text) >= QUANTITY_ONE_WORDING

    same_law = bool(a.title) and fold(a.title or "").lower() == fold(b.title or "").lower()
    # Evidence: prefer two numbers neither of which the other text also states (the review of
    # detect.v6 found real pairs shown by a value both texts share), then the closest context.
    best: tuple[bool, float, Quantity, Quantity] | None = None
    for qa in qa_all:
        same = [qb for qb in qb_all if _qclass(qb) == _qclass(qa) and qb.kind == qa.kind
                and _bounds_agree(qa, qb)]
        if not same or any(abs(_qvalue(qb) - _qvalue(qa)) < 1e-9 for qb in same):
            continue
        values_b = {_qvalue(q) for q in qb_all if _qclass(q) == _qclass(qa)}
        values_a = {_qvalue(q) for q in qa_all if _qclass(q) == _qclass(qa)}
        if values_a == values_b:
            continue
        ca = _context(a.text, qa)
        subject = _quantity_subject(a.text, qa) if same_subject else None
        for qb in same:
            if (_class_share(a.text, qa) or _class_share(b.text, qb)) and not one_wording() \
                    and not same_law:
                continue  # a class of holders named, not a threshold set (see above)
            cb = _context(b.text, qb)
            score = _jaccard(ca, cb)
            content = _jaccard(ca - _PROCEDURAL, cb - _PROCEDURAL)
            if score < min_context or content < QUANTITY_CONTENT:
                continue
            if (_member_share(a.text, qa) or _member_share(b.text, qb)) and \
                    not one_wording() and not same_law and \
                    _jaccard(_decision(a.text, qa), _decision(b.text, qb)) < QUANTITY_CONTENT:
                continue  # two shares of one body's members that decide different things
            if same_subject:
                other = _quantity_subject(b.text, qb)
                if subject is not None and other is not None:
                    if other != subject:
                        continue  # two subjects named, and not the same
                elif content < QUANTITY_SAME_WORDING or not one_wording():
                    continue  # a subject not found: the wording must be one
            exclusive = not any(abs(v - _qvalue(qa)) < 1e-9 for v in values_b) and \
                not any(abs(v - _qvalue(qb)) < 1e-9 for v in values_a)
            if best is None or (exclusive, score) > best[:2]:
                best = (exclusive, score, qa, qb)
    return None if best is None else (best[2], best[3])


def _action_similar(x: Norm, y: Norm, threshold: float = 0.5) -> bool:
    return _jaccard(_words(x.action.text), _words(y.action.text)) >= threshold


def _deontic_conflict(a: Sequence[Norm], b: Sequence[Norm]) -> tuple[Norm, Norm] | None:
    for na in a:
        for nb in b:
            kinds = {na.modality, nb.modality}
            if "prohibition" in kinds and len(kinds) == 2 and _action_similar(na, nb):
                if na.actor_key and nb.actor_key and na.actor_key != nb.actor_key:
                    continue
                return na, nb
    return None


# Declarative grants of power carry no modal word ("Bộ trưởng Bộ X phê duyệt danh mục …",
# "Ủy ban nhân dân cấp tỉnh quyết định …"): an authority at the start of a sentence or clause,
# then a power verb. The authority list is closed on purpose — a body we cannot name is not
# compared.
_AUTHORITY = (r"(?:Quốc hội|Ủy ban thường vụ Quốc hội|Chủ tịch nước|Chính phủ|Thủ tướng Chính "
              r"phủ|Bộ trưởng(?: Bộ [A-ZĐ][^,;.]{2,60}?| [^,;.]{0,40}?)?|Thủ trưởng cơ quan "
              r"ngang bộ|(?:Chủ tịch )?Ủy ban nhân dân(?: cấp (?:tỉnh|huyện|xã))?|Hội đồng nhân "
              r"dân(?: cấp (?:tỉnh|huyện|xã))?|Tòa án nhân dân(?: cấp (?:tỉnh|huyện))?|Tòa án|"
              r"Viện kiểm sát nhân dân|Ngân hàng Nhà nước Việt Nam|Kiểm toán nhà nước|"
              r"the (?:Government|Prime Minister|Minister(?: of [A-Z][\w ]{2,40}?)?|"
              r"(?:provincial |district )?People's Committee|National Assembly))")
_AUTHORITY_RE = re.compile(_AUTHORITY)
_POWER = re.compile(
    r"(?:^|(?<=[.;:\n])\s*|^\s*(?:\d+\.|[a-zđ]\))\s*)(?P<actor>" + _AUTHORITY + r")\s+"
    r"(?:có thẩm quyền |có quyền |is competent to |shall )?(?P<verb>phê duyệt|quyết định|ban hành|"
    r"quy định|cấp|thành lập|bổ nhiệm|công bố|chấp thuận|approves?|decides?|issues?|grants?)"
    r"\s+(?P<object>[^.;]{3,120})", re.M)


@dataclass(frozen=True, slots=True)
class _Power:
    actor: str
    actor_start: int
    action: str


def _actors(side: Side) -> set[str]:
    """Who the provision is about: its norms' actors and the authorities it names."""
    found = {n.actor_key for n in side.annotations.norms if n.actor_key}
    found |= {fold(m.group(0)) for m in _AUTHORITY_RE.finditer(side.text)}
    return found


def _separate_regimes(a: Side, b: Side) -> bool:
    """Both provisions name who they are about, and nobody in common (a complaint to the
    Competition Committee vs one to a court; a People's Council's session vs the National
    Assembly's): the same kind of rule in two regimes, not one rule stated twice. Found by
    reviewing the top contradictions of vn-laws-vlc: this was the commonest false positive."""
    xa, xb = _actors(a), _actors(b)
    return bool(xa) and bool(xb) and not (xa & xb)


# Phrases of a title that say what kind of document it is, not what it governs (folded).
_TITLE_GENERIC = re.compile(
    r"\b(?:nghi dinh|nghi quyet|quyet dinh|thong tu|phap lenh|hien phap|"
    r"nuoc cong hoa xa hoi chu nghia viet nam|sua doi,? bo sung(?: mot so dieu)?|"
    r"quy dinh chi tiet|huong dan(?: thi hanh)?|law|code|decree|on|of|the|and|"
    r"amending|supplementing|some articles)\b")


_TITLE_FUNCTION_WORDS = re.compile(r"\b(?:về|và|của|bộ\s+luật|luật(?!\s+sư\b))\b", re.I)


@cache  # asked for every candidate pair; a corpus has few titles
def _regime_words(title: str | None) -> tuple[str, ...]:
    """What a document governs: the folded words of its title without those that only name
    its type ("Bộ luật tố tụng dân sự" → to tung dan su).

    >>> " ".join(_regime_words("Luật sửa đổi, bổ sung một số điều của Luật Kiểm toán nhà nước"))
    'kiem toan nha nuoc'
    """
    # "về", "và", "của" and the type "luật" are dropped before folding: folded, "về" is also
    # the "vệ" of "bảo vệ", "cảnh vệ", "vệ sinh", and "luật sư" (lawyers) the "luật sử" of
    # "Luật sử dụng năng lượng …" (titles that had lost a word, and so their word pairs).
    title = _TITLE_FUNCTION_WORDS.sub(" ", normalize_line(title or ""))
    return tuple(re.findall(r"\w+", _TITLE_GENERIC.sub(" ", fold(title).lower())))


def _regime_terms(words: Sequence[str]) -> frozenset[str]:
    if len(words) < 2:
        return frozenset(words)
    return frozenset(" ".join(words[i:i + 2]) for i in range(len(words) - 1))


@cache
def regime_of(title: str | None) -> frozenset[str]:
    """What a document governs, as title word pairs (see :func:`_regime_words`)."""
    return _regime_terms(_regime_words(title))


def _bigrams(text: str) -> set[str]:
    words = re.findall(r"\w+", fold(text))
    return {" ".join(words[i:i + 2]) for i in range(len(words) - 1)}


def _names_regime(text: str, terms: frozenset[str], title: str | None) -> frozenset[str]:
    """The regime terms of ``title`` that ``text`` names: its word pairs; a one-word regime
    ("Luật Giá", "Luật Dược") by its own word with its diacritics ("giá", not the "gia" of
    "quốc gia"; "dược", not "được")."""
    found = terms & _bigrams(text)
    if len(terms) == 1 and not found:
        own = re.findall(r"\w+",
                         _TITLE_FUNCTION_WORDS.sub(" ", normalize_line(title or "")).lower())
        if len(own) == 1 and fold(own[0]) in terms and \
                own[0] in re.findall(r"\w+", normalize_line(text).lower()):
            return terms
    return frozenset(found)


def _parallel(a: Side, b: Side) -> tuple[str, str] | None:
    """The two provisions belong to parallel regimes, each applying only within its own
    document's scope, so a different number or holder is no conflict: ``(what a governs,
    what b governs)`` as title words, or None.

    Two signs, from the review of vn-laws-vlc's live contradictions (73 of 106 false ones
    were "different matter", mostly sibling codes):

    - sibling documents: the titles open with the same head (two words or more) and each
      adds its own qualifier — "tố tụng dân sự" / "tố tụng hành chính", "kiểm toán độc lập" /
      "kiểm toán nhà nước", "giao thông đường bộ" / "giao thông đường thủy nội địa". A title
      contained in the other ("khiếu nại, tố cáo" / "tố cáo", an older and a newer law on one
      matter) is not a sibling, nor is a title that only mentions the other's matter (a pilot
      resolution on "khai thác dữ liệu" and the law on "dữ liệu số công"): those may really
      disagree;
    - mirrored texts: each provision names its own document's regime where the other names
      none of it (A speaks of "thú y", B of "kiểm dịch thực vật").
    """
    wa, wb = _regime_words(a.title), _regime_words(b.title)
    ta, tb = _regime_terms(wa), _regime_terms(wb)
    if not ta or not tb or ta == tb:
        return None
    only_a, only_b = ta - tb, tb - ta
    if not only_a or not only_b:
        return None
    head = 0
    while head < min(len(wa), len(wb)) and wa[head] == wb[head]:
        head += 1
    if head >= 2:  # one head, two qualifiers: "tố tụng" + "dân sự" / "hành chính"
        return fold(a.title or ""), fold(b.title or "")
    tail = 0
    while tail < min(len(wa), len(wb)) and wa[-1 - tail] == wb[-1 - tail]:
        tail += 1
    if tail >= 2 and len(wa) > tail and len(wb) > tail:
        # Two heads, one qualifier: "điều ước" / "thỏa thuận" + "quốc tế", "thi hành án" /
        # "tố tụng" + "dân sự", "công an" / "quân đội" + "nhân dân" (review5: 14 of 37 false
        # live contradictions were parallel regimes, 7 of them titles of this shape). A shared
        # "… Việt Nam" counts too: "Xuất cảnh, nhập cảnh của công dân Việt Nam" / "Nhập cảnh,
        # … của người nước ngoài tại Việt Nam" are parallel (without it, 9 more live pairs on
        # vn-laws-vlc, 3 of them reviewed false).
        return fold(a.title or ""), fold(b.title or "")
    a_in_a, a_in_b = _names_regime(a.text, only_a, a.title), _names_regime(b.text, only_a, a.title)
    b_in_b, b_in_a = _names_regime(b.text, only_b, b.title), _names_regime(a.text, only_b, b.title)
    if a_in_a - a_in_b and b_in_b - b_in_a:
        return fold(a.title or ""), fold(b.title or "")
    return None


# What turns a matter's code into the code of its procedure or enforcement: "Bộ luật hình sự" /
# "Bộ luật tố tụng hình sự" / "Luật Thi hành án hình sự", "Bộ luật dân sự" / "Luật thi hành án
# dân sự" (folded title words).
_PROCEDURE_HEADS = (("to", "tung"), ("thi", "hanh", "an"))


def _substance_and_procedure(a: Side, b: Side) -> bool:
    """One document is the code of the other's procedure or enforcement: its title is the
    other's behind "tố tụng" or "thi hành án". They share the matter's words, so they read as
    one regime, but one sets what the law is (a prescription period, a penalty) and the other
    how a case is handled (an investigation or detention deadline): a number in each is two
    questions unless the clauses open with the same words, as between regimes (_contradiction).

    Why (vn-laws-vlc, session 10): once an amendment ended only what it changes, 14 pairs of the
    Criminal Code and the Criminal Procedure Code became live quantity contradictions — «20
    năm» of prescription against «04 tháng» of investigation, a prison range against the
    threshold for detention — all read false; the labelled pairs hold no contradiction between
    such codes."""
    wa, wb = _regime_words(a.title), _regime_words(b.title)
    for x, y in ((wa, wb), (wb, wa)):
        for head in _PROCEDURE_HEADS:
            if len(x) > len(head) and x[:len(head)] == head and x[len(head):] == y:
                return True
    return False


def _same_rule_named(a: Side, b: Side, wa: str, wb: str) -> bool:
    """Two laws on different matters state one rule only when they name it alike: the same
    term defined ("Cưỡng bức lao động là …" in the Labour Code and the anti-trafficking law) or
    the same numbers ("năm mươi đại biểu …, không quá tám mươi lăm" in the election law and
    the local-government law). Otherwise two wordings of one template in two such laws are
    parallel provisions, each for its own subject (the sanction clause of the sports law and
    of the militia law; a party's right to evidence in bankruptcy and in administrative
    procedure): related, by the labelling convention (PAIRS_GUIDE, "Parallel provisions").
    ``wa``/``wb`` are the folded wordings (:func:`_wording`), number words as digits."""
    terms_a = {fold(d.term.text).strip() for d in _meanings(a.annotations.definitions)}
    if terms_a & {fold(d.term.text).strip() for d in _meanings(b.annotations.definitions)}:
        return True
    na, nb = sorted(_numbers(wa)), sorted(_numbers(wb))
    return bool(na) and na == nb


def _parallel_note(a: Side, b: Side, wa: str, wb: str) -> str:
    """Why a pair worded alike is only related (detect.v16, v18): the two laws govern
    different matters, or are sibling codes, so the shared wording states two parallel
    provisions. Empty when that is not the reason (the texts differ, or one law)."""
    if not a.title or not b.title or _versions(a, b) or \
            (_jaccard(shingles(wa), shingles(wb)) < 0.3 and _aligned_share(wa, wb) < 0.6):
        return ""
    if _parallel(a, b) is None and (_one_regime(a, b) or _same_rule_named(a, b, wa, wb)):
        return ""
    return (f" The wording is largely shared, but «{a.title}» and «{b.title}» govern different "
            f"matters: parallel provisions, each for its own subject.")


def _versions(a: Side, b: Side) -> bool:
    """The two provisions are in two versions of one document (see :attr:`Side.versions`)."""
    da, db = (s.ref.split("/", 1)[0] if s.ref else None for s in (a, b))
    return da is not None and db is not None and da != db and \
        (db in a.versions or da in b.versions)


def _one_regime(a: Side, b: Side) -> bool:
    """Both provisions may govern one matter: their documents' titles share a pair of words
    (versions of one law; "khiếu nại, tố cáo" / "khiếu nại"; a pilot resolution on "khai
    thác dữ liệu" and the law on "dữ liệu số công"; sibling codes, which :func:`_parallel`
    then tells apart), or a side's document is unknown (classify-pairs without metadata)."""
    if not a.title or not b.title:
        return True
    ta, tb = regime_of(a.title), regime_of(b.title)
    return not ta or not tb or bool(ta & tb)


# Provisions of two different regimes answer the same question only when they say what they
# are about in the same words. Why (reviews of live contradictions on vn-laws-vlc,
# tests/golden/sample_review*.jsonl: 4 real of 158): the false ones were the same kind of step
# in unrelated procedures (a 15-day reply to one consultation against a 10-day reply to
# another), parallel rules for different subjects, and duties or conditions of unrelated
# bodies. For a number, the clause that holds it must open with the same two words
# ("Hội đồng quản trị … 05 thành viên" / "Hội đồng quản trị … 11 thành viên"; "Thời hiệu khởi
# kiện … hai năm" / "… 03 năm"), and not only with words every deadline or fine has.
_CLAUSE_START = re.compile(r"[;:\n]|\.(?:\s|$)")
_CLAUSE_LABEL = re.compile(r"^\s*(?:(?:Điều|Article)\s+\d+[a-zđ]?\.?\s*|\d+[a-zđ]?\s*[.)-]\s*|"
                           r"[a-zđ]\)\s*)", re.I)
_CLAUSE_TOPIC = re.compile(r"^(?:đối với|trường hợp|trong trường hợp|với|khi|nếu|sau khi)\b"
                           r"[^,]*,\s*", re.I)
_GENERIC_SUBJECT = frozenset(fold(
    "thời hạn|thời gian|trong thời|trong vòng|kể từ|chậm nhất|không quá|ít nhất|tối đa|tối "
    "thiểu|các cơ|cơ quan|tổ chức|cá nhân|người có|trường hợp|việc xử|hình thức|mức phạt tiền"
    ).split("|"))
_MEETING = frozenset(fold("cuộc họp|phiên họp|kỳ họp").split("|"))
_SUBJECT_STOP = frozenset(fold(
    "trong trường kể chậm sau trước khi nếu đối với các những việc thì được phải có là không "
    "quá từ đến tối đa ít nhất").split())


def _quantity_subject(text: str, q: Quantity) -> str | None:
    """The first two words of the clause that holds ``q``: what the number is about."""
    at = text.find(q.span.text)
    return _subject_before(text, at) if at >= 0 else None


def _subject_before(text: str, at: int) -> str | None:
    """The first two words of the clause that holds offset ``at`` (see _quantity_subject)."""
    head = text[:at]
    head = head[max((m.end() for m in _CLAUSE_START.finditer(head)), default=0):]
    head = _CLAUSE_TOPIC.sub("", _CLAUSE_LABEL.sub("", head).strip())
    words = re.findall(r"\w+", fold(head).lower())
    if len(words) < 2 or words[0] in _SUBJECT_STOP:
        return None
    subject = " ".join(words[:2])
    if subject in _MEETING and len(words) >= 4:
        # "Cuộc họp Đại hội thành viên / Hội đồng thành viên / Hội đồng quản trị …": the
        # meeting is of a body, and the body is the subject (review5: quorums of a
        # cooperative's general meeting and of a company's board were one subject).
        return " ".join(words[:4])
    return None if subject in _GENERIC_SUBJECT else subject


def _is_authority(text: str) -> bool:
    return bool(_AUTHORITY_RE.match(text.strip()))


def _powers(text: str) -> list[_Power]:
    """Declarative grants of power in a text (offsets relative to the text).

    >>> [(p.actor, p.action[:9]) for p in _powers("1. Bộ trưởng Bộ Y tế phê duyệt danh mục.")]
    [('Bộ trưởng Bộ Y tế', 'phê duyệt')]
    """
    return [_Power(m.group("actor"), m.start("actor"),
                   f"{m.group('verb')} {m.group('object')}") for m in _POWER.finditer(text)]


def _power_conflict(a: Side, b: Side) -> tuple[_Power, _Power] | None:
    powers_a, powers_b = _powers(a.text), _powers(b.text)
    for pa in powers_a:
        for pb in powers_b:
            if fold(pa.actor) == fold(pb.actor):
                continue
            if _jaccard(_words(pa.action), _words(pb.action)) < 0.5:
                continue
            # Both texts grant the power to both bodies: shared, not transferred.
            if any(fold(q.actor) == fold(pa.actor) for q in powers_b) or \
                    any(fold(q.actor) == fold(pb.actor) for q in powers_a):
                continue
            return pa, pb
    return None


def _competence_conflict(a: Side, b: Side) -> tuple[Norm, Norm] | None:
    """The same action given to different actors. Both actors must be absent from the other
    text: a provision that names both bodies (one acts, the other coordinates) is not a
    transfer of competence."""
    fa, fb = fold(a.text), fold(b.text)
    for na in a.annotations.norms:
        if na.modality == "prohibition" or not na.actor_key or na.actor is None:
            continue
        for nb in b.annotations.norms:
            if (nb.modality != na.modality or not nb.actor_key or nb.actor is None
                    or nb.actor_key == na.actor_key or not _action_similar(na, nb, 0.6)):
                continue
            # Only a body or office holds a power: "gây ô nhiễm … phải", "số thuế … phải" are
            # not holders (the top-50 review of vn-laws-vlc found 39 such false conflicts).
            if not (_is_authority(na.actor.text) and _is_authority(nb.actor.text)):
                continue
            if fold(na.actor.text) in fb or fold(nb.actor.text) in fa:
                continue
            return na, nb
    return None


# Two definitions of one term conflict when they say different things, not when one rewords
# the other: the share of the definitions' words that align in order (difflib) must stay below
# this. Why (dev pairs): reworded and extended definitions ("bí quyết" → "bí quyết kỹ thuật",
# a list with one more item) align at 0.44–0.93 and are overlaps or subsumes; the definitions
# labelled contradictory that align better than this differ in one qualifier (citizenship,
# profit purpose), which word alignment cannot tell from a rewording: they are left to the
# word-level diff below, and missed.
DEFINITION_MAX_ALIGNED = 0.35


# A definition that takes its meaning from another named law ("Nhà đầu tư nước ngoài là cá
# nhân, tổ chức theo quy định của Luật Đầu tư"; "Tài sản bao gồm … quyền tài sản theo quy định
# của Bộ luật dân sự, …") says the same as that law, not something else. Why: a dev error and
# the review of every live contradiction of vn-laws-vlc. "Luật này" is the law itself.
_BORROWED = re.compile(r"(?:theo quy định (?:của|tại)|quy định tại)[^.;]{0,60}?"
                       r"(?:\bBộ luật|\bLuật)\s+(?!này\b)\w")


def _meanings(definitions: Sequence[Definition]) -> list[Definition]:
    """The definitions that give a term a meaning, not a short name for a longer one ("Ngân
    hàng Nhà nước Việt Nam (sau đây gọi là Ngân hàng Nhà nước)"). Why: the review of detect.v21's
    live definition conflicts on vn-laws-vlc — two laws that both shorten "Ngân hàng Nhà nước
    Việt Nam", or "Nhà đầu tư PPP" shortened to the Investment Law's defined "nhà đầu tư", were
    read as one term defined twice."""
    return [d for d in definitions if d.kind == "definition"]


def _definition_conflict(a: Sequence[Definition], b: Sequence[Definition]
                         ) -> tuple[Definition, Definition] | None:
    for da in _meanings(a):
        for db in _meanings(b):
            if fold(da.term.text).strip() != fold(db.term.text).strip() or \
                    _is_authority(da.term.text):
                continue  # "Tòa án nhân dân là cơ quan xét xử …": a role, said again
            if _BORROWED.search(da.definition.text) or _BORROWED.search(db.definition.text):
                continue  # one law takes the other's meaning ("… theo quy định của Luật Đầu tư")
            wa, wb = fold(da.definition.text).split(), fold(db.definition.text).split()
            if not wa or not wb:
                continue
            matcher = difflib.SequenceMatcher(None, wa, wb, autojunk=False)
            if matcher.ratio() < DEFINITION_MAX_ALIGNED or _negated_in_one(wa, wb) or \
                    _excluded_in_one(da.definition.text, db.definition.text):
                return da, db
    return None


# "Tổ chức kinh tế bao gồm …, trừ doanh nghiệp có vốn đầu tư nước ngoài" against a definition
# of the same term with no exclusion: what one law's term leaves out the other's takes in.
# "trừ" excludes after a comma or an opening ("…, trừ doanh nghiệp …", "(trừ …)"); inside a
# compound it does not ("loại trừ", "khấu trừ", "bù trừ", "miễn trừ", "được trừ vào" — review of
# detect.v9).
_EXCLUSION = re.compile(r"(?:^|[,;(]\s*)(?:trừ|ngoại trừ)(?!\w)|(?<!\w)(?:không bao gồm|"
                        r"không kể|except|excluding)(?!\w)", re.I | re.M)


def _excluded_in_one(a: str, b: str) -> bool:
    return bool(_EXCLUSION.search(a)) != bool(_EXCLUSION.search(b))


_NEGATION = frozenset(fold("không chưa").split())


def _negated_in_one(wa: Sequence[str], wb: Sequence[str]) -> bool:
    """A word both definitions use is negated (within three words after "không/chưa") in one
    and not in the other: "… miễn phí mà không phải đăng ký" / "… sau khi đăng ký tài khoản" —
    a qualifier turned around, which word alignment alone reads as a rewording. Both saying
    "không" as often is one polarity in two word orders ("mà không bị pháp luật cấm" / "mà
    pháp luật không cấm": the Employment Law and the Labour Code define "Việc làm" alike —
    review of detect.v21's live definition conflicts)."""
    if sum(w in _NEGATION for w in wa) == sum(w in _NEGATION for w in wb):
        return False

    def polarity(words: Sequence[str]) -> dict[str, bool]:
        out: dict[str, bool] = {}
        for i, w in enumerate(words):
            if len(w) > 2 and w not in _FUNCTION_WORDS and w not in _NEGATION:
                negated = any(x in _NEGATION for x in words[max(0, i - 3):i])
                out[w] = out.get(w, False) or negated
        return out
    pa, pb = polarity(wa), polarity(wb)
    return any(pa[w] != pb[w] for w in pa.keys() & pb.keys())


_CONDITION_MARKERS = frozenset(fold("nếu trường hợp trong khi trừ thì có được").split())


def _stated_elsewhere(condition: str, other: str) -> bool:
    """The words of ``condition`` stand in the other text too: the same case said another way
    (dev pair-0162: "nếu có nội dung không phù hợp với trẻ em thì phải …" / "… có nội dung không
    phù hợp với trẻ em phải …", a condition against a relative clause of the subject)."""
    words = [w for w in re.findall(r"\w+", fold(condition)) if w not in _CONDITION_MARKERS]
    have = set(re.findall(r"\w+", fold(other)))
    return bool(words) and sum(w in have for w in words) >= 0.8 * len(words)


def _condition_conflict(a: Sequence[Norm], b: Sequence[Norm], text_a: str = "",
                        text_b: str = "") -> tuple[Norm, Norm] | None:
    for na in a:
        for nb in b:
            if na.modality == nb.modality and _action_similar(na, nb, 0.6):
                ca = [s.text for s in (*na.conditions, *na.exceptions)]
                cb = [s.text for s in (*nb.conditions, *nb.exceptions)]
                if bool(ca) == bool(cb):
                    continue
                only, other = (ca, text_b) if ca else (cb, text_a)
                if other and all(_stated_elsewhere(c, other) for c in only):
                    continue
                return na, nb
    return None


def precedence(a: Side, b: Side) -> tuple[str | None, str, bool]:
    """(prevailing side, rule applied, whether this is a version change)."""
    if a.rank is not None and b.rank is not None and a.rank != b.rank:
        side = "a" if a.rank < b.rank else "b"
        return side, "higher legal effect prevails (Law 80/2015/QH13 Art. 156(2))", False
    if a.date is not None and b.date is not None and a.date != b.date:
        side = "a" if a.date > b.date else "b"
        same_issuer = a.issuer and b.issuer and fold(a.issuer) == fold(b.issuer)
        rule = ("same issuer: the later document prevails (Art. 156(3))" if same_issuer
                else "same legal effect: the later document prevails (Art. 156(3))")
        return side, rule, False
    if a.rank is not None and a.date is not None and (a.rank, a.date) == (b.rank, b.date):
        # Codes passed together (the Criminal Code and the Criminal Procedure Code of
        # 2015-11-27): the metadata is there and Art. 156 has no rule for it.
        return None, "same legal effect, signed the same day: Art. 156 does not say which " \
            "prevails", False
    return None, "no metadata to decide precedence", False


def classify(a: Side, b: Side, cosine: float) -> Verdict:
    """The relation of ``a`` and ``b`` given their embedding cosine (see the module doc)."""
    t = THRESHOLDS.get(a.language if a.language == b.language else "vi", THRESHOLDS["vi"])
    sa, sb = shingles(_content(a.text)), shingles(_content(b.text))
    jac = _jaccard(sa, sb)
    words = _jaccard(_words(a.text), _words(b.text))
    sim = max(cosine, jac, words)
    same_matter = cosine >= t.same_matter or words >= 0.5
    # Two wordings of one provision in two versions of one law govern one regime whatever the
    # titles say: the 2015 Law on Local Government against the 2003 Law on People's Councils
    # and Committees it replaced, the 2014 Law on Vocational Education against the 2006 Law on
    # Vocational Training. One wording only: between other provisions of two versions the
    # parallel-regimes sign still keeps apart what the quantity rule would pair ("quá nửa"
    # for resolutions against "một phần ba" for extraordinary sessions: about 25 of the 28
    # version changes the lineage alone added on vn-laws-vlc were between such provisions).
    one_law = _versions(a, b) and _aligned_share(a.text, b.text) >= DIFF_MIN_RATIO
    pa, pb = ({fold(m[0]).strip(" ,") for m in _POINTER.finditer(x.text)} for x in (a, b))
    # Two versions of one law point into themselves under their own numbering ("khoản 5 Điều
    # 202 của Luật này" / "… Điều 208 …": the 2014 and 2020 Enterprise Laws, the article
    # renumbered — dev pair-4080): where such pointers point is not what the wordings say.
    pointers = bool(pa - pb) and bool(pb - pa) and \
        not (one_law and not any(_EXTERNAL.search(x) for x in pa | pb))
    wa, wb = _wording(a.text, pointers), _wording(b.text, pointers)
    # May be a repetition: the same numbers, no list grown, no other holder (see above).
    # detect.v19: nor between laws on different matters unless named alike, as for overlap
    # (detect.v16, below): the treaty-priority clause of the cinema law and of the vocational
    # training law, word for word the same, each says "this Law" of its own law — parallel
    # provisions, related (PAIRS_GUIDE). Dev: 4 related pairs read as duplicates turn right
    # (3 of batch 6), none turns wrong; held-out unchanged. detect.v20: nor between sibling
    # codes, as subsumes since v18 (the guide names civil vs criminal procedure among its
    # parallel provisions): 3 more dev pairs turn right (the cassation-protest power in the
    # civil and the administrative procedure codes), none wrong; a term both define verbatim
    # (force majeure in two administrative laws, dev) is still a duplicate.
    may_repeat = sorted(_numbers(wa)) == sorted(_numbers(wb)) and \
        not _list_extended(wa, wb) and not _subject_changed(wa, wb) and \
        (_versions(a, b) or (_one_regime(a, b) and _parallel(a, b) is None)
         or _same_rule_named(a, b, wa, wb))
    if _jaccard(shingles(wa), shingles(wb)) >= DUPLICATE_JACCARD and may_repeat and \
            _changed_holder_or_modal(a, b) is None:
        return Verdict("duplicate", jac, explanation=f"Near-verbatim repetition "
                       f"(shingle Jaccard {jac:.2f}).")
    aside = ""
    if same_matter:
        found = _contradiction(a, b, one_law or (_one_regime(a, b)
                                                 and not _substance_and_procedure(a, b)))
        regimes = _parallel(a, b) if found is not None and not one_law else None
        if found is not None and regimes is None:
            kind, evidence, text = found
            side, rule, _ = precedence(a, b)
            v = Verdict("contradiction", max(sim, 0.5), kind, side, rule, evidence,
                        f"{text} {_prevails_text(side, rule)}")
            return v
        if found is not None and regimes is not None:
            aside = (f" A {found[0]} difference was found, but the two documents govern "
                     f"parallel regimes («{regimes[0]}» / «{regimes[1]}»): each applies "
                     f"within its own scope.")
    if not aside and may_repeat and _near_verbatim(wa, wb):
        return Verdict("duplicate", max(jac, words), explanation="Near-verbatim repetition: "
                       "the same words up to their order and function words.")
    ca, cb = _containment(sa, sb), _containment(sb, sa)
    # Not between laws on different matters unless named alike (detect.v16, see the overlap
    # rule below): one law's clause inside another's is then a parallel rule with a longer
    # list (public consultation on urban plans / on construction plans). Dev: 5 related
    # pairs read as subsumes turn right, 1 subsumes turns wrong. detect.v18: nor between
    # sibling codes (_parallel: civil / administrative procedure, the National Assembly's /
    # the people's councils' organisation), as overlap already was: dev pair-5036 (batch 5);
    # on vn-laws-vlc 391 subsumes become related, all between such codes.
    if max(ca, cb) >= SUBSUMES_CONTAINMENT and min(ca, cb) < SUBSUMES_CONTAINMENT and \
            (_versions(a, b) or (_one_regime(a, b) and _parallel(a, b) is None)
             or _same_rule_named(a, b, wa, wb)):
        inner = "a" if ca > cb else "b"
        return Verdict("subsumes", max(ca, cb),
                       evidence=[{"contained": inner, "containment": round(max(ca, cb), 3)}],
                       explanation=f"The text of {inner} is contained in the other "
                                   f"({max(ca, cb):.0%} of its shingles).{aside}")
    if not aside and cosine >= t.related:
        rewritten = _rewritten(a, b)
        if rewritten is not None:
            kind, evidence, text = rewritten
            side, rule, _ = precedence(a, b)
            return Verdict("contradiction", max(sim, 0.5), kind, side, rule, evidence,
                           f"{text} {_prevails_text(side, rule)}")
    # Between versions in analyze, only each other's counterparts (see _rewritten).
    counterparts = a.counterparts is None or b.ref in a.counterparts
    inside = _aligned_inside(a.text, b.text) if same_matter and _versions(a, b) and \
        counterparts else None
    if inside is not None:
        inner, share, run = inside
        return Verdict("subsumes", share,
                       evidence=[{"contained": inner, "containment": round(share, 3)}],
                       explanation=f"The words of {inner} recur, in order, in the other "
                                   f"({share:.0%} of them), which adds a passage of {run} "
                                   f"words.{aside}")
    # The same template in two parallel regimes (the revocation of test permits for plant
    # protection drugs and for veterinary drugs; local committees' duties on domestic violence
    # and on terrorism) is two rules, each for its own matter: related, not one rule stated
    # twice. Why: 50 of the 62 labelled cross-law pairs read as overlap were related; the
    # sign kept 14 of the dev ones out and lost 3 true overlaps (eval pairs, 2026-12-06).
    # Two wordings of one provision in two versions of one law that mostly align (one_law) and
    # conflict nowhere are its rule restated, whatever the cosine: of the 17 such labelled pairs
    # at cosine 0.68–0.80, 10 were read as overlap, 5 as subsumes, 1 as related and 1 as a
    # contradiction (eval pairs: dev macro 0.590 → 0.598).
    # detect.v16: between laws whose titles share no matter, not even when the titles are not
    # siblings, unless the two wordings name the rule alike (_same_rule_named). Why (dev,
    # 2026-12-06): of the 23 such pairs read as overlap, 14 were labelled related (the sanction
    # clause of two laws, the Constitution's policy and a law's power), 6 overlap, 2 subsumes,
    # 1 a contradiction; the sign turns 13 related right and 2 overlaps wrong.
    if (cosine >= t.overlap or jac >= 0.5 or one_law) and (one_law or _parallel(a, b) is None) \
            and (_versions(a, b) or _one_regime(a, b) or _same_rule_named(a, b, wa, wb)):
        return Verdict("overlap", sim, explanation=f"Same rule in other words "
                       f"(cosine {cosine:.2f}, shingle Jaccard {jac:.2f}).{aside}")
    if cosine >= t.related or words >= 0.3 or aside:
        return Verdict("related", sim, explanation=f"Same matter, no conflict found "
                       f"(cosine {cosine:.2f}).{aside or _parallel_note(a, b, wa, wb)}")
    return Verdict("unrelated", 1.0 - sim, explanation=f"Different matters (cosine "
                   f"{cosine:.2f}).")


FEATURES = ("cosine", "jaccard", "words", "contain_min", "contain_max", "length_ratio",
            "same_numbers", "numbers_jaccard", "quantity", "deontic", "competence", "power",
            "definition", "condition", "norms_min", "norms_max", "definitions_both",
            "same_modalities", "same_rank")


def features(a: Side, b: Side, cosine: float) -> dict[str, float]:
    """The pair features a learned scorer sees: similarities, containment, number agreement
    and which contradiction rules fire (see :func:`classify`)."""
    sa, sb = shingles(_content(a.text)), shingles(_content(b.text))
    ca, cb = _containment(sa, sb), _containment(sb, sa)
    na, nb = _numbers(a.text), _numbers(b.text)
    aa, bb = a.annotations, b.annotations
    la, lb = max(1, len(a.text)), max(1, len(b.text))
    return {
        "cosine": cosine, "jaccard": _jaccard(sa, sb),
        "words": _jaccard(_words(a.text), _words(b.text)),
        "contain_min": min(ca, cb), "contain_max": max(ca, cb),
        "length_ratio": min(la, lb) / max(la, lb),
        "same_numbers": float(sorted(na) == sorted(nb)),
        "numbers_jaccard": _jaccard(set(na), set(nb)),
        "quantity": float(_quantity_conflict(a, b) is not None),
        "deontic": float(_deontic_conflict(aa.norms, bb.norms) is not None),
        "competence": float(_competence_conflict(a, b) is not None),
        "power": float(_power_conflict(a, b) is not None),
        "definition": float(_definition_conflict(aa.definitions, bb.definitions) is not None),
        "condition": float(_condition_conflict(aa.norms, bb.norms, a.text, b.text) is not None),
        "norms_min": float(min(len(aa.norms), len(bb.norms))),
        "norms_max": float(max(len(aa.norms), len(bb.norms))),
        "definitions_both": float(bool(aa.definitions) and bool(bb.definitions)),
        "same_modalities": float({n.modality for n in aa.norms} == {n.modality for n in bb.norms}),
        "same_rank": float(a.rank is not None and a.rank == b.rank),
    }


def _span(side: str, s: Any) -> dict[str, Any]:
    return {"side": side, "start": s.start, "end": s.end, "text": s.text}


def _definition_finding(f: tuple[Definition, Definition]
                        ) -> tuple[str, list[dict[str, Any]], str]:
    return ("definition", [_span("a", f[0].definition), _span("b", f[1].definition)],
            f"«{f[0].term.text}» is defined differently.")


def _contradiction(a: Side, b: Side, one_regime: bool = True
                   ) -> tuple[str, list[dict[str, Any]], str] | None:
    """The first contradiction rule that fires, as (kind, evidence, explanation). Between two
    regimes (``one_regime`` false) only a number whose clause opens with the same words or a
    difference between two wordings of one text, or a term defined twice, counts (see
    _quantity_subject)."""
    aa, bb = a.annotations, b.annotations
    q = _quantity_conflict(a, b, same_subject=not one_regime)
    if q is not None:
        return ("quantity", [_span("a", q[0].span), _span("b", q[1].span)],
                f"The same {q[0].bound or q[0].kind} differs: «{q[0].span.text}» vs "
                f"«{q[1].span.text}».")
    if not one_regime:
        # Between regimes: a term one field defines twice (the reviews' real definitions; the
        # sample's "Dữ liệu mở"), or one wording with a changed number, holder or modal word.
        # A condition one text adds is the other regime's own procedure (reviews: 0 real of 37).
        f = _definition_conflict(aa.definitions, bb.definitions)
        if f is not None:
            return _definition_finding(f)
        diff = _diff_conflict(a, b)
        if diff is None or diff[0] == "condition":
            return None
        if diff[0] == "quantity":  # one template, two procedures: the subject must agree
            at = {e["side"]: e["start"] for e in diff[1]}
            subject = _subject_before(a.text, at["a"])
            if subject is None or subject != _subject_before(b.text, at["b"]):
                return None
        return diff
    d = _deontic_conflict(aa.norms, bb.norms)
    if d is not None:
        return ("deontic", [_span("a", d[0].trigger), _span("a", d[0].action),
                            _span("b", d[1].trigger), _span("b", d[1].action)],
                f"One text {d[0].modality}s, the other {d[1].modality}s the same action "
                f"(«{d[0].trigger.text}» vs «{d[1].trigger.text}»).")
    c = _competence_conflict(a, b)
    if c is not None:
        assert c[0].actor is not None and c[1].actor is not None
        return ("competence", [_span("a", c[0].actor), _span("b", c[1].actor)],
                f"The same power or duty is given to «{c[0].actor.text}» and to "
                f"«{c[1].actor.text}».")
    w = _power_conflict(a, b)
    if w is not None:
        return ("competence",
                [{"side": "a", "start": w[0].actor_start, "end": w[0].actor_start +
                  len(w[0].actor), "text": w[0].actor, "relative": True},
                 {"side": "b", "start": w[1].actor_start, "end": w[1].actor_start +
                  len(w[1].actor), "text": w[1].actor, "relative": True}],
                f"The same power («{w[0].action[:60]}») is given to «{w[0].actor}» and to "
                f"«{w[1].actor}».")
    f = _definition_conflict(aa.definitions, bb.definitions)
    if f is not None:
        return _definition_finding(f)
    k = _condition_conflict(aa.norms, bb.norms, a.text, b.text)
    if k is not None:
        return ("condition", [_span("a", k[0].action), _span("b", k[1].action)],
                "The same norm carries a condition or exception in one text only.")
    return _diff_conflict(a, b)


# --- Differences between two wordings of one provision ---------------------------------
# Two versions of one article (an old law and the law that replaced it, a law and a decree
# restating it) are mostly the same words; what changed is where they conflict. The texts are
# aligned word by word (difflib) and each changed stretch is read: a number for another, one
# authority for another, a condition or exception added or dropped, a modal word flipped.
DIFF_MIN_RATIO = 0.6  # share of aligned words below which two texts are not one wording
DIFF_MIN_WORDS = 0.35  # word-set Jaccard below which they cannot be (checked first: cheap)
# A number after these is a reference or a year, not a quantity.
_CITE_BEFORE = frozenset(("dieu", "khoan", "diem", "chuong", "muc", "phan", "so", "article",
                          "clause", "point", "chapter", "section", "no", "nam"))
# ("chỉ" is "only", not the first syllable of "chỉ đạo" (direct), "chỉ định", "chỉ thị" …)
_CONDITION_START = re.compile(r"^(?:trừ|nếu|trường hợp|trong trường hợp|khi|không kể|nhưng|"
                              r"chỉ(?!\s+(?:đạo|định|thị|tiêu|huy|số|rõ|ra|dẫn|báo)\b)|except|"
                              r"unless|if|provided|where|when)\b", re.I)
_CLAUSE_CONDITION = re.compile(r"(?:nếu|nhưng|trường hợp|trong trường hợp|không kể|trừ trường "
                               r"hợp|except|unless|provided)\b", re.I)
_MODAL = re.compile(r"\b(?:không được|nghiêm cấm|cấm|phải|được|có quyền|có thể|shall not|"
                    r"must not|may not|shall|must|may)\b", re.I)
_NUMBER_WORD = re.compile(r"^(?:một|hai|ba|bốn|tư|năm|lăm|sáu|bảy|tám|chín|mười|mươi|trăm|"
                          r"nghìn|ngàn|triệu|tỷ)$", re.I)


@dataclass(frozen=True, slots=True)
class _Tok:
    word: str  # folded
    raw: str
    start: int
    end: int


def _tokens(text: str) -> list[_Tok]:
    return [_Tok(fold(m.group(0)).lower(), m.group(0), m.start(), m.end())
            for m in re.finditer(r"\w+(?:[.,]\d+)*", text)]


def _is_number_word(toks: Sequence[_Tok], i: int) -> bool:
    """A number word; "năm" only inside a number ("năm mươi", "hai trăm linh năm"), since
    alone it is mostly "year"."""
    w = toks[i].raw.lower()
    if w != "năm":
        return bool(_NUMBER_WORD.match(w)) and not w[0].isdigit()
    after = toks[i + 1].raw.lower() if i + 1 < len(toks) else ""
    before = toks[i - 1].raw.lower() if i else ""
    return after in ("mươi", "trăm", "nghìn", "ngàn") or before in ("mươi", "trăm", "linh", "lẻ")


# Words that join the numbers of one reference list: "các khoản 1, 2 và 4 Điều này", "từ khoản
# 1 đến khoản 3" (commas are not tokens).
_LIST_JOINS = frozenset(("va", "hoac", "den", "toi", "cac", "and", "or", "to"))
# What follows the last number of such a list ("… và 4 Điều này", "… và 3 của Luật này"); a
# number followed by anything else ("Điều 5 và 30 ngày") is a quantity again.
# "năm" names a year after it ("năm 2015") but is a unit before it ("từ 02 năm đến 07 năm"), so
# it opens and ends no reference list (review of detect.v9: "07" was read as a reference).
_LIST_CITES = _CITE_BEFORE - {"nam"}
_REF_FOLLOW = _LIST_CITES | _LIST_JOINS | frozenset(("nay", "cua", "tai", "theo", "thi", "ve",
                                                     "of", "this"))


def _opens_reference(before: Sequence[_Tok]) -> bool:
    """Whether the tokens before a changed stretch end inside a reference list ("khoản 1, 2
    và" …): walking back over numbers and list words reaches "Điều", "khoản", "số" …"""
    for t in reversed(before):
        if t.word in _LIST_CITES:
            return True
        if not (t.raw[0].isdigit() or t.word in _LIST_JOINS):
            return False
    return False


def _numbers_in(toks: Sequence[_Tok], before: Sequence[_Tok] = (),
                after: _Tok | None = None) -> list[float]:
    """The values a changed stretch states: digits, or a run of number words ("ba mươi
    lăm"); a number right after "Điều", "khoản", "số", "năm" … is a reference or a year, and
    so is every number of a list it opens ("các khoản 1, 2 và 4": the review of every live
    contradiction of vn-laws-vlc found "4" vs "3" read as a quantity)."""
    from ._annotate import _word_number

    out: list[float] = []
    run: list[str] = []
    prev = before[-1] if before else None
    in_ref = _opens_reference(before)
    for i, t in enumerate(toks):
        if _is_number_word(toks, i):
            run.append(t.raw)
            continue
        if run:
            value = _word_number(" ".join(run))
            # A lone "một" is mostly the article "a", not the count one.
            if value is not None and run != ["một"]:
                out.append(value)
            run = []
        if t.raw[0].isdigit():
            nxt = toks[i + 1] if i + 1 < len(toks) else after
            listed = in_ref and prev is not None and (
                prev.raw[0].isdigit() or prev.word in _LIST_JOINS) and (
                nxt is None or nxt.raw[0].isdigit() or nxt.word in _REF_FOLLOW)
            after_ref = listed or (prev is not None and prev.word in _CITE_BEFORE)
            if not after_ref:
                with contextlib.suppress(ValueError):
                    out.append(float(t.raw.replace(".", "").replace(",", ".")))
            in_ref = after_ref
        elif t.word not in _LIST_JOINS and t.word not in _LIST_CITES:
            in_ref = False
        prev = t
    if run:
        value = _word_number(" ".join(run))
        if value is not None and run != ["một"]:
            out.append(value)
    return out


_BANS = frozenset(("khong duoc", "nghiem cam", "cam", "shall not", "must not", "may not"))
_DUTIES = frozenset(("phai", "shall", "must"))


def _modal_class(word: str) -> str:
    w = fold(word).lower()
    return "prohibition" if w in _BANS else "obligation" if w in _DUTIES else "permission"


def _window(toks: Sequence[_Tok], i1: int, i2: int, before: int = 3,
            after: int = 2) -> tuple[int, int]:
    """Offsets of tokens ``i1:i2`` with a few neighbours (an insertion has none of its own)."""
    lo, hi = max(0, i1 - before), min(len(toks), i2 + after)
    return (toks[lo].start, toks[hi - 1].end) if hi > lo else (0, 0)


# A body named after these words scopes the object, it does not hold the power: "bỏ phiếu tín
# nhiệm đối với người giữ chức vụ do Hội đồng nhân dân / Quốc hội bầu", "đại biểu Hội đồng nhân
# dân / Quốc hội có quyền …", "báo cáo công tác trước Quốc hội / Hội đồng nhân dân": each body
# over its own (review5: the same template for another body, 6 live pairs on vn-laws-vlc).
_SCOPED = re.compile(r"(?:\bdo|\bđại biểu|\btrước)\s+$", re.I)


def _sentences(toks: Sequence[_Tok], text: str) -> list[list[_Tok]]:
    """``toks`` cut where ``text`` ends a sentence, a clause of a list or a line between them."""
    out: list[list[_Tok]] = [[]]
    for i, t in enumerate(toks):
        out[-1].append(t)
        nxt = toks[i + 1].start if i + 1 < len(toks) else len(text)
        if _SENTENCE_END.search(text, t.end, nxt):
            out.append([])
    return [x for x in out if x]


# A later version may move a sentence: the 2020 Enterprise Law puts the 2014 clause's second
# sentence (other assets only with the other members' consent) last, and the word alignment,
# which keeps order, then loses both it and what changed around it (dev pair-0029: 0.595 of the
# words align, under DIFF_MIN_RATIO). So the second's sentences are also put in the order of
# the first's sentences they match best and aligned again; the better alignment is read. Only
# texts of REORDER_MAX_SENTENCES or fewer: lists of ten items reordered so align by chance
# (vn-laws-vlc: the contents of a first and a second complaint decision, of a vote count and a
# general election report, read as conflicts).
REORDER_MAX_SENTENCES = 4


def _in_order_of(ta: Sequence[_Tok], ca: str, tb: Sequence[_Tok], cb: str) -> list[_Tok]:
    """``tb``'s sentences in the order of the ``ta`` sentences they match best (see above)."""
    from difflib import SequenceMatcher

    sa, sb = _sentences(ta, ca), _sentences(tb, cb)
    if not (2 <= len(sa) <= REORDER_MAX_SENTENCES and 2 <= len(sb) <= REORDER_MAX_SENTENCES):
        return list(tb)

    def place(sentence: list[_Tok]) -> int:
        words = [t.word for t in sentence]
        return max(range(len(sa)), key=lambda k: (SequenceMatcher(
            None, [t.word for t in sa[k]], words, autojunk=False).ratio(), -k))

    ordered = sorted(range(len(sb)), key=lambda k: (place(sb[k]), k))
    return [t for k in ordered for t in sb[k]]


# The bound a comparison word puts on the number after it: which side it limits and whether
# the number itself is in. "hơn 02 năm" (more than) leaves exactly two years out, "từ 02 năm trở
# lên" (two or more) takes them in: the same number, another rule for the boundary case — a
# quantity contradiction by the labelling convention ("ít nhất 51%" → "trên 50%"; PAIRS_GUIDE),
# while "ít nhất 65%" → "từ 65% trở lên" says the same. Why: dev pair-5022 (the 2014 and 2020
# Enterprise Law's "hoạt động kinh doanh liên tục trong hơn 02 năm" / "từ 02 năm trở lên").
_BOUND_AFTER = re.compile(r"^\s*(?:[\wÀ-ỹ%]+\s+){0,3}?trở\s+(lên|xuống)\b", re.I)
_BOUND_BEFORE = re.compile(
    r"(?<![\wÀ-ỹ])(không quá|không vượt quá|tối đa|chậm nhất là|chậm nhất|ít nhất|tối thiểu|"
    r"không dưới|không ít hơn|nhiều hơn|ít hơn|vượt quá|chưa đủ|hơn|trên|quá|dưới)\s*$", re.I)
_BOUNDS = {"không quá": ("upper", False), "không vượt quá": ("upper", False),
           "tối đa": ("upper", False), "chậm nhất là": ("upper", False),
           "chậm nhất": ("upper", False), "ít nhất": ("lower", False),
           "tối thiểu": ("lower", False), "không dưới": ("lower", False),
           "không ít hơn": ("lower", False), "nhiều hơn": ("lower", True),
           "vượt quá": ("lower", True), "hơn": ("lower", True), "trên": ("lower", True),
           "quá": ("lower", True), "ít hơn": ("upper", True), "chưa đủ": ("upper", True),
           "dưới": ("upper", True)}


def _bound_at(text: str, tok: _Tok) -> tuple[str, bool, int, int] | None:
    """(limited side, strict, start, end) of the bound on the number ``tok`` of ``text``: a
    "trở lên / trở xuống" after it (the span runs to it), else a comparison word before it (the
    span runs from it over the unit); None when neither is there."""
    late = _BOUND_AFTER.match(text[tok.end:tok.end + 30])
    if late is not None:
        return ("lower" if late.group(1).lower() == "lên" else "upper"), False, tok.start, \
            tok.end + late.end()
    early = _BOUND_BEFORE.search(text[max(0, tok.start - 24):tok.start])
    if early is None:
        return None
    side, strict = _BOUNDS[early.group(1).lower()]
    unit = re.match(r"\s+[\wÀ-ỹ%]+", text[tok.end:])
    return side, strict, tok.start - len(early.group(0)), tok.end + (unit.end() if unit else 0)


def _boundary_changed(ta: Sequence[_Tok], ca: str, i2: int, tb: Sequence[_Tok], cb: str,
                      j2: int) -> tuple[int, int, int, int] | None:
    """After a changed stretch, the same number in both wordings bounded on the same side,
    strictly in one and inclusively in the other (see _BOUNDS): the spans of each bound."""
    if i2 >= len(ta) or j2 >= len(tb):
        return None
    na, nb = ta[i2], tb[j2]
    if not na.raw[:1].isdigit() or na.raw != nb.raw:
        return None
    x, y = _bound_at(ca, na), _bound_at(cb, nb)
    if x is None or y is None or x[0] != y[0] or x[1] == y[1]:
        return None
    return x[2], x[3], y[2], y[3]


def _diff_conflict(a: Side, b: Side) -> tuple[str, list[dict[str, Any]], str] | None:
    """The first changed stretch between two wordings of one provision that changes what it
    says (see above), as (kind, evidence, explanation); None when the texts are not one
    wording or differ only in words."""
    from difflib import SequenceMatcher

    if _jaccard(_words(a.text), _words(b.text)) < DIFF_MIN_WORDS:
        return None  # not one wording (cheap test first: the alignment is quadratic)
    ca, cb = _content(a.text), _content(b.text)
    ta, tb = _tokens(ca), _tokens(cb)
    if not ta or not tb or 2 * min(len(ta), len(tb)) / (len(ta) + len(tb)) < DIFF_MIN_RATIO:
        return None  # the ratio cannot reach the bar: skip the quadratic alignment
    matcher = SequenceMatcher(None, [t.word for t in ta], [t.word for t in tb], autojunk=False)
    if matcher.quick_ratio() < DIFF_MIN_RATIO:
        return None
    moved = _in_order_of(ta, ca, tb, cb)
    if moved != tb:
        again = SequenceMatcher(None, [t.word for t in ta], [t.word for t in moved],
                                autojunk=False)
        if again.ratio() > matcher.ratio():
            tb, matcher = moved, again
    if matcher.ratio() < DIFF_MIN_RATIO:
        return None
    # Evidence offsets are relative to each provision's text, numbering included.
    back = {"a": _original(a.text), "b": _original(b.text)}
    text, raw = {"a": ca, "b": cb}, {"a": a.text, "b": b.text}
    # Two permits written from one template differ in a number but not in their own words.
    same_words = _jaccard(_words(a.text) - _PROCEDURAL, _words(b.text) - _PROCEDURAL) >= 0.5

    def ev(side: str, start: int, end: int) -> dict[str, Any]:
        start, end = back[side](start, end)
        return {"side": side, "start": start, "end": end,
                "text": raw[side][start:end], "relative": True}

    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        sa, sb = ta[i1:i2], tb[j1:j2]
        bound = _boundary_changed(ta, ca, i2, tb, cb, j2)
        if bound is not None:
            a0, a1, b0, b1 = bound
            return ("quantity", [ev("a", a0, a1), ev("b", b0, b1)],
                    f"The same number bounds the rule on the same side, but «{ca[a0:a1]}» and "
                    f"«{cb[b0:b1]}» differ on whether the number itself is in.")
        if tag == "replace" and same_words:
            va = _numbers_in(sa, ta[max(0, i1 - 8):i1], ta[i2] if i2 < len(ta) else None)
            vb = _numbers_in(sb, tb[max(0, j1 - 8):j1], tb[j2] if j2 < len(tb) else None)
            if va and vb and sorted(va) != sorted(vb):
                xa, xb = ca[sa[0].start:sa[-1].end], cb[sb[0].start:sb[-1].end]
                return ("quantity", [ev("a", sa[0].start, sa[-1].end),
                                     ev("b", sb[0].start, sb[-1].end)],
                        f"The same provision states «{xa}» in one text and «{xb}» in the other.")
        # One authority for another ("Chính phủ" → "Thủ tướng Chính phủ"), or a modal word
        # flipped ("được" → "không được"): the changed words with their neighbours.
        (a0, a1), (b0, b1) = _window(ta, i1, i2), _window(tb, j1, j2)
        wa, wb = ca[a0:a1], cb[b0:b1]
        aa = {fold(m.group(0)) for m in _AUTHORITY_RE.finditer(wa) if not _SCOPED.search(wa, 0,
                                                                                       m.start())}
        ab = {fold(m.group(0)) for m in _AUTHORITY_RE.finditer(wb) if not _SCOPED.search(wb, 0,
                                                                                       m.start())}
        if aa and ab and not any(x.startswith(y) or y.startswith(x) for x in aa for y in ab):
            return ("competence", [ev("a", a0, a1), ev("b", b0, b1)],
                    f"The same power or duty is given to «{wa}» in one text and to «{wb}» "
                    f"in the other.")
        # Compared by class: "cấm" / "nghiêm cấm" are one ban (reviews: two catch-all "other
        # prohibited acts" clauses were read as opposed).
        ma = {_modal_class(m.group(0)) for m in _MODAL.finditer(wa)}
        mb = {_modal_class(m.group(0)) for m in _MODAL.finditer(wb)}
        if ma and mb and ma != mb and "prohibition" in (ma ^ mb):
            return ("deontic", [ev("a", a0, a1), ev("b", b0, b1)],
                    f"One text says «{wa}», the other «{wb}».")
        added, side = (sb, "b") if tag == "insert" or (tag == "replace" and
                                                        len(sb) > len(sa) + 2) else \
            (sa, "a") if tag == "delete" or (tag == "replace" and len(sa) > len(sb) + 2) else \
            ([], "")
        if len(added) >= 3:
            phrase = text[side][added[0].start:added[-1].end]
            # The aligner may leave one word of the shared text in front of the added clause
            # ("… dưới 01 năm [học nhưng phải bảo đảm … 300 giờ học]", dev pair-0167); only words
            # that open a clause and end no compound count there ("khi" ends "sau khi", "chỉ"
            # ends "địa chỉ", "chứng chỉ": vn-laws-vlc read 10 such false conditions).
            first = added[0]
            if len(added) >= 4 and not _CONDITION_START.match(phrase) and \
                    _CLAUSE_CONDITION.match(text[side], added[1].start):
                first = added[1]
                phrase = text[side][first.start:added[-1].end]
            if _CONDITION_START.match(phrase):
                return ("condition", [ev(side, first.start, added[-1].end)],
                        f"Only {side} carries the condition or exception «{phrase[:120]}».")
            other = text["b" if side == "a" else "a"]
            # A case the other wording names elsewhere in its text is moved, not added
            # ("… từ trình độ đào tạo thấp lên trình độ đào tạo cao hơn …": held-out error).
            if tag in ("insert", "delete") and \
                    _listed_case(text[side], added[0].start, added[-1].end) and \
                    fold(phrase).lower() not in fold(other).lower():
                return ("condition", [ev(side, added[0].start, added[-1].end)],
                        f"Only {side} names «{phrase[:120]}» among the cases its rule applies "
                        f"to (the part before «thì»).")
    return None


# --- One provision rewritten between two versions of one law ----------------------------
# Two versions of one law's provision that share the matter but few of their words in order
# were rewritten, and a rewritten provision of a later version states another rule: the
# emulation-title criteria of 2003 and 2022, who decides forest conversion in 2004 and 2017,
# the grounds for compulsory rehabilitation in 2000 and 2021. Of the 35 labelled pairs of two
# versions (one a nearest counterpart of the other; both splits) aligned below REWRITTEN_MAX,
# 32 were read as contradictions, 3 as subsumes; of those at DIFF_MIN_RATIO or more with no
# contradiction rule firing, most were overlaps (tests/golden/pairs*.jsonl, 2026-12-06).
# Between a version's provision and any other provision of the other version this says
# nothing: analyze keeps it to counterparts (_findings: each the other's nearest in its
# version). Such a guess is weaker than a pair a reader aligned: of 30 rewritten pairs analyze
# found on vn-laws-vlc, 10 were one provision with a changed rule, all 10 aligned at 0.30 or
# more, and 13 of the 20 others below it
# (children's participation / access to information, "Rừng trồng là" / "Phát triển rừng là").
# So a guessed pair must share that much; a given pair (classify-pairs, the labelled set) not.
REWRITTEN_MAX = 0.5
REWRITTEN_GUESSED_MIN = 0.3
# Unless an authority or a modal word changed, a rewritten provision states other conditions
# only when what changed says which cases: a condition or exception word or a threshold (a
# number, "ít nhất", "tối đa" …). Why (detect.v15): on the pairs drawn at random from analyze's
# candidates (tests/golden/pairs4.jsonl) the rule was right 2 times in 10, the false ones an
# archive's violation against an owner's right, a duty restated, a list item against a whole
# list, all without such words; with them required, the 60 hand-read version changes of
# tests/golden/version_review1.jsonl go from 18 real of 46 found to 13 of 25 (on a fresh store),
# and the labelled dev pairs lose 3 contradictions for 5 false ones (contradiction P / R
# 0.795 / 0.614 → 0.843 / 0.584, F1 0.693 → 0.690, macro 0.617 → 0.619).
_CHANGED_CASE = re.compile(r"\d|(?<!\w)(?:nếu|trường hợp|trừ|chỉ|ít nhất|tối thiểu|tối đa|không "
                           r"quá)(?!\w)", re.I)


def _names_cases(text: str) -> bool:
    """``text`` holds a condition or exception word or a threshold ("05 năm", "hai năm liền")."""
    from ._annotate import _WORD_QUANTITY

    return bool(_CHANGED_CASE.search(text) or _WORD_QUANTITY.search(text))


def _rewritten(a: Side, b: Side) -> tuple[str, list[dict[str, Any]], str] | None:
    """(kind, evidence, explanation) when ``a`` and ``b`` are one provision rewritten between
    two versions of one law (see above); the evidence is what each side says between the words
    they open and close with in common, the kind what changed: an authority, a modal word, else
    the conditions."""
    from difflib import SequenceMatcher

    if not _versions(a, b) or (a.counterparts is not None and b.ref not in a.counterparts):
        return None
    ca, cb = _content(a.text), _content(b.text)
    ta, tb = _tokens(ca), _tokens(cb)
    if not ta or not tb:
        return None
    matcher = SequenceMatcher(None, [t.word for t in ta], [t.word for t in tb], autojunk=False)
    share = matcher.ratio()
    if share >= REWRITTEN_MAX or (a.counterparts is not None and share < REWRITTEN_GUESSED_MIN):
        return None
    # What each side says between the words they open and close with in common.
    changed = [op for op in matcher.get_opcodes() if op[0] != "equal"]
    i1, j1, i2, j2 = changed[0][1], changed[0][3], changed[-1][2], changed[-1][4]
    evidence = []
    for side, toks, text, lo, hi in (("a", ta, a.text, i1, i2), ("b", tb, b.text, j1, j2)):
        if hi > lo:
            start, end = _original(text)(toks[lo].start, toks[hi - 1].end)
            evidence.append({"side": side, "start": start, "end": end, "text": text[start:end],
                             "relative": True})
    auth = [{fold(m.group(0)) for m in _AUTHORITY_RE.finditer(x)} for x in (ca, cb)]
    modal = [{_modal_class(m.group(0)) for m in _MODAL.finditer(x)} for x in (ca, cb)]
    if auth[0] and auth[1] and auth[0] != auth[1]:
        kind = "competence"
    elif modal[0] != modal[1] and "prohibition" in (modal[0] ^ modal[1]):
        kind = "deontic"
    elif any(_names_cases(str(e["text"])) for e in evidence):
        kind = "condition"
    else:
        return None  # reworded, or another provision: nothing says which cases changed
    return (kind, evidence, f"One provision rewritten between two versions of one law (only "
            f"{share:.0%} of the words align): the later version states another rule "
            f"({kind}).")


# "Nếu / Khi / Trường hợp / … mà A, B hoặc C thì Y": A, B, C are the cases the rule applies
# to. An item only one wording has in that list ("… mà … bị Tòa án tước quyền bầu cử, phải chấp
# hành hình phạt tù, bị bắt tạm giam hoặc bị mất năng lực hành vi dân sự thì …") changes when
# the rule applies. Why (dev error): the 2003 and 2015 voter-list articles differ exactly so;
# any rewording before "thì" was tried and read five rewordings as conditions (2 right, 5
# wrong), so the stretch must be a whole list item after a condition word.
_SENTENCE_END = re.compile(r"[;:\n]|\.(?!\d)")  # not the dot of "1.000.000"
_THI = re.compile(r"(?<!\w)thì(?!\w)")
_CASE_OPENER = re.compile(r"(?<!\w)(?<!sau )(?<!trước )(?:nếu|khi|trường hợp|mà)(?!\w)", re.I)
_LIST_BEFORE = re.compile(r"(?:,|\bhoặc|\bvà)\s*$")


def _listed_case(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is an item of the list of cases of a "… thì …" sentence."""
    opened = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    if _THI.search(text, opened, start) or not _CASE_OPENER.search(text, opened, start) or \
            not _LIST_BEFORE.search(text, opened, start):
        return False
    close = _SENTENCE_END.search(text, end)
    return _THI.search(text, end, close.start() if close else len(text)) is not None


def _changed_holder_or_modal(a: Side, b: Side) -> str | None:
    """The kind ("competence", "deontic") when two near-verbatim texts give the power to
    another authority or flip a modal word. Why (dev error): "Trưởng đoàn … phải được Chính
    phủ ủy nhiệm" / "… phải được Thủ tướng Chính phủ ủy nhiệm" share 82 % of their shingles and
    every number, yet name different holders: not a duplicate."""
    diff = _diff_conflict(a, b)
    return diff[0] if diff is not None and diff[0] in ("competence", "deontic") else None


def _prevails_text(side: str | None, rule: str) -> str:
    if side is None and rule.startswith("same legal effect, signed the same day"):
        return "Which prevails cannot be said: same legal effect, signed the same day."
    if side is None:
        return "Which prevails cannot be said without the documents' rank and dates."
    return f"{side.upper()} prevails: {rule}."


Cosine = Callable[[Sequence[str], Sequence[str]], np.ndarray[Any, Any]]
