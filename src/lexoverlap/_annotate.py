"""Annotate provisions: norms (modality, actor, action, conditions, exceptions), quantities,
defined terms (spaCy components) and citations (the citation parser, resolved in the corpus).

spaCy pipelines: ``spacy.blank("vi")`` (pyvi word segmentation) or ``spacy.blank("en")`` plus
the registered components below. Each component declares what it sets, keeps its rules in one
place, and writes plain records to a ``Doc`` extension; :func:`annotate` turns them into the
frozen records of ``models.py``. Nothing is loaded at import time.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from ._citations import RULES_VERSION as CITATION_RULES
from ._citations import CitationFinder, opener_kind
from ._resolve import CorpusIndex, resolve
from ._text import fold
from .models import (
    Annotations,
    Definition,
    Document,
    Norm,
    Provision,
    Quantity,
    Span,
)

COMPONENTS = ("lexoverlap_modality_v1", "lexoverlap_quantities_v1", "lexoverlap_definitions_v1")
RULES_VERSION = f"annotate.v1+{CITATION_RULES}"

# --- modality rules (one place) ---------------------------------------------------------------
# Token patterns over spaCy tokens (pyvi joins "trách nhiệm", "nghiêm cấm", "quy định").
_VI_TRIGGERS: dict[str, list[list[dict[str, Any]]]] = {
    "prohibition": [
        [{"LOWER": "nghiêm cấm"}],
        [{"LOWER": "nghiêm"}, {"LOWER": "cấm"}],
        [{"LOWER": "cấm"}],
        [{"LOWER": "không"}, {"LOWER": "được"}, {"LOWER": "phép", "OP": "?"}],
    ],
    "obligation": [
        [{"LOWER": "phải"}],
        [{"LOWER": "có"}, {"LOWER": {"IN": ["trách nhiệm", "nghĩa vụ"]}}],
        [{"LOWER": "có"}, {"LOWER": "trách"}, {"LOWER": "nhiệm"}],
        [{"LOWER": "có"}, {"LOWER": "nghĩa"}, {"LOWER": "vụ"}],
        [{"LOWER": "chịu"}, {"LOWER": "trách nhiệm"}],
    ],
    "permission": [
        [{"LOWER": "có"}, {"LOWER": "quyền"}],
        [{"LOWER": "được"}, {"LOWER": "phép", "OP": "?"}],
        [{"LOWER": "có thể"}],
    ],
}
# Why: pyvi sometimes glues the modal noun to the next word ("có" + "quyền hủy"); the token
# then starts with the noun. The trigger is trimmed back to the modal words afterwards.
_GLUED: dict[str, list[list[dict[str, Any]]]] = {
    "permission": [[{"LOWER": "có"}, {"LOWER": {"REGEX": r"^quyền\s"}}]],
    "obligation": [[{"LOWER": "có"}, {"LOWER": {"REGEX": r"^(trách nhiệm|nghĩa vụ)\s"}}]],
}
_TRIGGER_TEXT = re.compile(
    r"(?:nghiêm cấm|không được phép|không được|được phép|có quyền|có trách nhiệm|có nghĩa vụ|"
    r"chịu trách nhiệm|có thể|phải|cấm|được)", re.I)
_EN_TRIGGERS: dict[str, list[list[dict[str, Any]]]] = {
    "prohibition": [
        [{"LOWER": {"IN": ["shall", "must", "may"]}}, {"LOWER": "not"}],
        [{"LOWER": {"IN": ["is", "are"]}}, {"LOWER": "prohibited"}],
        [{"LOWER": {"IN": ["is", "are"]}}, {"LOWER": "not"}, {"LOWER": "permitted"}],
    ],
    "obligation": [
        [{"LOWER": {"IN": ["shall", "must"]}}],
        [{"LOWER": {"IN": ["is", "are"]}}, {"LOWER": "required"}, {"LOWER": "to"}],
        [{"LOWER": {"IN": ["has", "have"]}}, {"LOWER": "the"},
         {"LOWER": {"IN": ["obligation", "responsibility", "duty"]}}, {"LOWER": "to"}],
    ],
    "permission": [
        [{"LOWER": "may"}],
        [{"LOWER": {"IN": ["is", "are"]}}, {"LOWER": "entitled"}, {"LOWER": "to"}],
        [{"LOWER": {"IN": ["has", "have"]}}, {"LOWER": "the"}, {"LOWER": "right"},
         {"LOWER": "to"}],
    ],
}
# Why: "được" before these verbs is the passive voice ("được quy định tại", "được hiểu là"),
# not a permission; checked on real provisions of vn-laws-vlc (tests/golden/norms.jsonl).
_PASSIVE_AFTER_DUOC = frozenset(
    {
        "quy định", "hiểu", "xác định", "áp dụng", "tính", "coi", "ghi", "ban hành", "công bố",
        "sửa đổi", "bổ sung", "thay thế", "thể hiện", "nêu", "dùng", "gọi", "xác lập",
        "ấn định", "hình thành", "căn cứ", "phân công", "xếp hạng", "lập", "niêm yết",
        "trừ", "thành lập", "phát hành", "xây dựng", "chuẩn hóa", "bảo đảm", "ủy quyền", "nuôi",
        "trồng", "giao", "tổ chức",
    }
)  # fmt: skip
# Why: "được" after a thing is the passive ("Hồ sơ được gửi", "Việc chấp thuận được căn cứ");
# after a person or body it grants something ("Người lao động được hưởng", "… được bồi
# thường"). The head noun of the subject tells them apart.
_INANIMATE = frozenset(
    {
        "việc", "hồ sơ", "quyết định", "giấy", "giấy phép", "thông tin", "dữ liệu", "tài liệu",
        "văn bản", "hợp đồng", "tài sản", "đất", "nhà", "nhà ở", "công trình", "quỹ", "tiền",
        "chi phí", "mức", "thời hạn", "kết quả", "yêu cầu", "nội dung", "kế hoạch", "quy hoạch",
        "dự án", "hàng hóa", "sản phẩm", "chứng cứ", "báo cáo", "đơn", "danh mục", "thủ tục",
        "khiếu nại", "kinh phí", "ngân sách", "vốn", "thuế", "phí", "lệ phí", "bản án",
        "chứng chỉ", "biện pháp", "chính sách", "chương trình", "đề án", "số liệu", "giá",
        "phương án", "hình thức", "điều ước", "thỏa thuận", "phiếu", "sổ", "con dấu",
    }
)  # fmt: skip
# Verbs that after "được" are always the passive, even after "không" ("không được quy định").
_ONLY_PASSIVE = frozenset({"quy định", "hiểu", "áp dụng", "xác định", "coi", "tính"})
# Why: "không được trái với / vượt quá / thấp hơn …" bounds a content or a number; no actor is
# banned from acting (first syllable of the next word).
_BOUND_AFTER_KHONG_DUOC = frozenset(
    {"trái", "vượt", "thấp", "quá", "ít", "dưới", "cao", "nhiều", "lớn", "nhỏ", "kéo"}
)
# "nhận được", "có được", "biết được": "được" completes the verb before it.
_VERB_BEFORE_DUOC = frozenset(
    {"nhận", "có", "biết", "thu", "đạt", "tìm", "lấy", "giữ", "làm", "thấy", "nghe", "hiểu",
     "chọn", "mua", "bán", "kiếm", "xác định", "chứng minh"}
)
# The modal word closes a prepositional object ("với tổ chức được phép bảo quản"): it is a
# relative clause on that noun, not the sentence's norm. A comma, "thì" or a coordinating
# "và/nhưng/còn" ends the phrase.
_PREPOSITIONAL_OBJECT = re.compile(
    r"(?:\b(?:với|vào|khỏi)\s+|\b(?:danh mục|khu vực)\b)"
    r"(?![^,;:]*\b(?:thì|và|nhưng|còn)\b)[^,;:]{1,60}$",
    re.I,
)
# A modal word right after another is part of the first one's norm.
_MODAL_BEFORE = frozenset({"phải", "được", "có thể"})
_PREPOSITIONS = frozenset({"trong", "tại", "theo", "với", "cho", "từ", "vào", "bởi", "trên"})
# A modal word right after these is inside a relative clause or a noun phrase.
_RELATIVE_BEFORE = frozenset({"người", "mà", "nơi", "những người"})
# Nothing but a clause/point label before the word: the start of a sentence.
_SENTENCE_HEAD = re.compile(r"\s*(?:\d+[a-zđ]?\s*[.)]\s*|[a-zđ]\d{0,2}\)\s*)?")
_PASSIVE_BEFORE = frozenset(["đã", "sẽ", "đang", "vẫn", "chưa", "cũng"])

# --- conditions and exceptions -----------------------------------------------------------------
_EXCEPTION = re.compile(
    r"\b(?:trừ trường hợp|trừ khi|ngoại trừ|trừ|except(?: where| when| for)?|unless)\b[^;.]*",
    re.I,
)
_CONDITION = re.compile(
    r"\b(?:trong trường hợp|trường hợp|nếu|khi|if|where|in case|provided that)\b[^;.,]*?"
    r"(?=,|\s+(?:thì|then)\b|[;.]|$)",
    re.I,
)
_BOUNDARY = re.compile(r"[;.](?:\s|$)|:\s*$|\n")

# --- quantities (one place) ---------------------------------------------------------------------
_NUM = r"(\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?|\d+(?:\.\d+)?)"
_SCALE = {"nghìn": 1e3, "ngàn": 1e3, "triệu": 1e6, "tỷ": 1e9, "thousand": 1e3, "million": 1e6,
          "billion": 1e9}  # fmt: skip
_QUANTITY = re.compile(
    r"(?:(?P<cur1>VND|USD)\s*)?" + _NUM + r"\s*(?P<scale>nghìn|ngàn|triệu|tỷ|thousand|million|"
    r"billion)?\s*(?P<unit>ngày làm việc|working days?|ngày|days?|tháng|months?|năm|years?|"
    r"giờ|hours?|tuần|weeks?|phút|minutes?|đồng|VND|USD|%|phần trăm|percent|tuổi|years? old|"
    r"lần|times|người|persons?|thành viên|members?)(?![\wÀ-ỹ])",
    re.I,
)
_UNITS = {
    "ngày làm việc": ("working_day", "duration"), "working day": ("working_day", "duration"),
    "working days": ("working_day", "duration"), "ngày": ("day", "duration"),
    "day": ("day", "duration"), "days": ("day", "duration"), "tháng": ("month", "duration"),
    "month": ("month", "duration"), "months": ("month", "duration"),
    "năm": ("year", "duration"), "year": ("year", "duration"), "years": ("year", "duration"),
    "giờ": ("hour", "duration"), "hour": ("hour", "duration"), "hours": ("hour", "duration"),
    "tuần": ("week", "duration"), "week": ("week", "duration"), "weeks": ("week", "duration"),
    "phút": ("minute", "duration"), "minute": ("minute", "duration"),
    "minutes": ("minute", "duration"), "đồng": ("VND", "money"), "vnd": ("VND", "money"),
    "usd": ("USD", "money"), "%": ("percent", "percent"), "phần trăm": ("percent", "percent"),
    "percent": ("percent", "percent"), "tuổi": ("year_of_age", "age"),
    "year old": ("year_of_age", "age"), "years old": ("year_of_age", "age"),
    "lần": ("time", "count"), "times": ("time", "count"), "người": ("person", "count"),
    "person": ("person", "count"), "persons": ("person", "count"),
    "thành viên": ("member", "count"), "member": ("member", "count"),
    "members": ("member", "count"),
}  # fmt: skip
# What the quantity bounds, from the words just before it (same sentence).
_BOUNDS = (
    ("fine", re.compile(r"phạt tiền|phạt|fine[sd]?|penalt", re.I)),
    ("fee", re.compile(r"\bphí\b|lệ phí|\bfees?\b|charges?", re.I)),
    ("deadline", re.compile(r"thời hạn|trong vòng|chậm nhất|kể từ|trước ngày|within|no later "
                            r"than|deadline", re.I)),
    ("max", re.compile(r"không quá|tối đa|không vượt quá|dưới|up to|not exceed|maximum|at most",
                       re.I)),
    ("min", re.compile(r"ít nhất|tối thiểu|trở lên|từ đủ|không thấp hơn|at least|minimum", re.I)),
)
# "VND 2 billion", "USD 500": the currency before the number.
_MONEY_FIRST = re.compile(r"\b(VND|USD)\s*" + _NUM + r"(?:\s*(thousand|million|billion))?\b")
# Why: a "năm" after a date ("ngày 01 tháng 7 năm 2019") or a year number is not a duration.
_DATE_BEFORE = re.compile(r"(?:tháng|ngày)\s+\d{1,2}\s*$|/\s*$", re.I)

# --- definitions (one place) --------------------------------------------------------------------
_DEF_HEADING = re.compile(r"giải thích từ ngữ|định nghĩa|definitions?|interpretation", re.I)
_DEF_VI = re.compile(r"^(?:\d+[a-zđ]?\.\s*|[a-zđ]\)\s*)?(?P<term>[^.:;]{2,120}?)\s+(?:là|được hiểu "
                     r"là)\s+(?P<def>.+)$", re.S)
_DEF_EN = re.compile(r"^(?:\d+[a-z]?\.\s*|[a-z]\)\s*)?[“\"](?P<term>[^”\"]{2,120})[”\"]\s+"
                     r"(?:means|refers to|is|includes)\s+(?P<def>.+)$", re.S | re.I)
_INLINE_DEF = re.compile(r"\((?:sau đây gọi (?:tắt )?là|sau đây viết tắt là|hereinafter "
                         r"(?:referred to as|called))\s+[“\"]?(?P<term>[^)”\"]{2,80})[”\"]?\)",
                         re.I)

# --- actors ---------------------------------------------------------------------------------------
_ACTOR_LEAD = re.compile(r"^(?:\d+[a-zđ]?\s*[.)]\s*|[a-zđ]\d{0,2}\)\s*|điều\s+\d+[a-zđ]?\.\s*)",
                         re.I)
# A sentence that opens with a condition, a time or a basis puts its subject after the comma.
_ADVERBIAL = re.compile(
    r"\s*(?:trường hợp|trong trường hợp|khi|nếu|trong|trước|sau|căn cứ|theo|ngoài|tùy|kể từ|"
    r"đối với|if|where|when|within|before|after|in case)\b", re.I)
_TOPIC = re.compile(r"\s*(?:Đối với|đối với|Với|As for)\s+(.+?)\s+thì\b", re.S)
# Particles between the subject and the modal word are not part of the actor.
_PARTICLES = re.compile(r"(?:\s+(?:thì|chỉ|đều|mới|cũng|vẫn|chỉ được|thì chỉ))+\s*$")
_ACTOR_ABBREVIATIONS = {"ubnd": "ủy ban nhân dân", "hđnd": "hội đồng nhân dân"}


def _actor_key(actor: str) -> str:
    """Canonical actor for comparison: case and tone placement folded away, "các" dropped."""
    words = [w for w in fold(actor).replace(",", " ,").split() if w not in ("cac", "nhung")]
    key = " ".join(words).replace(" ,", ",")
    for short, full in _ACTOR_ABBREVIATIONS.items():
        key = re.sub(rf"\b{fold(short)}\b", fold(full), key)
    return key


@dataclass(frozen=True, slots=True)
class _Context:
    provision: str
    offset: int
    in_definitions: bool
    scope: str
    heading_end: int  # an article's heading line is not a norm


# --- the spaCy pipeline -----------------------------------------------------------------------
@cache
def pipeline(language: str) -> Any:
    """The spaCy pipeline for ``"vi"`` or ``"en"``: blank tokenizer + our components."""
    import spacy
    from spacy.tokens import Doc

    _register()
    for name in ("norms", "quantities", "definitions", "context"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
    nlp = spacy.blank("vi" if language == "vi" else "en")
    for component in COMPONENTS:
        nlp.add_pipe(component)
    return nlp


@cache
def _register() -> None:
    from spacy.language import Language
    from spacy.matcher import Matcher

    @Language.factory("lexoverlap_modality_v1", assigns=["doc._.norms"], requires=["token.lower"])
    def modality(nlp: Any, name: str) -> Any:
        triggers = _VI_TRIGGERS if nlp.lang == "vi" else _EN_TRIGGERS
        matcher = Matcher(nlp.vocab)
        for label, patterns in triggers.items():
            matcher.add(label, patterns + (_GLUED.get(label, []) if nlp.lang == "vi" else []))
        return lambda doc: _find_norms(doc, matcher, nlp.lang)

    @Language.factory("lexoverlap_quantities_v1", assigns=["doc._.quantities"])
    def quantities(nlp: Any, name: str) -> Any:
        return _find_quantities

    @Language.factory("lexoverlap_definitions_v1", assigns=["doc._.definitions"])
    def definitions(nlp: Any, name: str) -> Any:
        return _find_definitions


def _restricted_spans(text: str) -> list[tuple[int, int]]:
    """Conditions and exceptions: a trigger inside them is not a norm of the provision."""
    spans = [(m.start(), m.end()) for m in _EXCEPTION.finditer(text)]
    spans += [(m.start(), m.end()) for m in _CONDITION.finditer(text)]
    return spans


def _vi_trigger_ok(label: str, words: list[str], before: str, after: str, after_text: str,
                   head: str) -> bool:
    """The rules that tell a Vietnamese modal word from its look-alikes (one place)."""
    if before in _MODAL_BEFORE:
        return False  # "phải có trách nhiệm", "không phải chịu …": one norm, on the first word
    if words[:1] == ["phải"] and re.match(r"chịu trách nhiệm (?:về|trước)\b", after_text):
        return False  # "phải chịu trách nhiệm trước pháp luật": no act is required
    if words[-1:] == ["quyền"] and re.match(r"(?:,|và nghĩa vụ|hạn|lợi)", after_text):
        return False  # "có quyền, nghĩa vụ như …", "có quyền hạn": nouns, not a right to act
    if before in _RELATIVE_BEFORE:
        return False  # "người được …", "mà người chấp hành án không được làm": a relative clause
    if _PREPOSITIONAL_OBJECT.search(head):
        return False  # "hợp đồng với tổ chức được phép …", "trong Danh mục … được phép …"
    if words[0] == "được":
        if before in ("không", "quyền", "phải") or before in _PASSIVE_BEFORE:
            return False  # "có quyền được", "phải được đào tạo": one norm, on the first word
        if before in _VERB_BEFORE_DUOC:
            return False  # "nhận được", "có được": a resultative complement
        if before in _INANIMATE:
            return False  # "… tài sản được chia": a thing right before "được" is passive
        if len(words) == 1 and (after in _PASSIVE_AFTER_DUOC or not after):
            return False
        subject = _SENTENCE_HEAD.sub("", head, count=1).strip().lower()
        if subject.split(" ")[0] in _INANIMATE or " ".join(subject.split(" ")[:2]) in _INANIMATE:
            return False
        if len(words) == 1 and after_text[:1].isupper():
            return False  # "được Nhà nước giao đất": a passive with its agent
        if len(words) == 1 and after in _PREPOSITIONS:
            return False  # "sinh trưởng được trong điều kiện …": a complement, no verb follows
    if label == "prohibition" and words[0] == "không" and (
        after.split(" ")[0] in _BOUND_AFTER_KHONG_DUOC or after in _ONLY_PASSIVE
    ):
        return False  # a bound ("không được vượt quá") or a negated passive ("… quy định")
    if words == ["cấm"]:
        # "Cấm + verb" opens a ban only at the start of a sentence; elsewhere "cấm" is part of
        # a noun or a passive ("hình phạt cấm", "điều cấm", "bị cấm", "pháp luật không cấm").
        return bool(_SENTENCE_HEAD.fullmatch(head))
    if words == ["có thể"] or words == ["có", "thể"]:
        # "có thể" grants an option only to an acting subject ("đương sự có thể hỏi"), not
        # a possibility ("có thể kéo dài", "có thể bị khiếu nại").
        subject = _SENTENCE_HEAD.sub("", head, count=1).strip().lower()
        first = subject.split(" ")[0] if subject else ""
        return bool(subject) and first not in _INANIMATE and after not in ("bị", "được", "kéo dài",
                                                                              "gây", "xảy ra")
    if words == ["phải"] and before in ("không", "chưa"):
        return False
    return not (words[:2] == ["chịu", "trách nhiệm"] and after in ("về", "trước"))


def _find_norms(doc: Any, matcher: Any, lang: str) -> Any:
    text = doc.text
    ctx: _Context | None = doc._.context
    if ctx is not None and ctx.in_definitions and (_DEF_VI.match(text) or _DEF_EN.match(text)):
        doc._.norms = []  # a definition describes; its modal words bind no one
        return doc
    skip_until = ctx.heading_end if ctx is not None else 0
    restricted = _restricted_spans(text) if lang == "vi" else []
    found: list[tuple[int, int, str]] = []
    for match_id, start, end in matcher(doc):
        label = doc.vocab.strings[match_id]
        words = [t.lower_ for t in doc[start:end]]
        after = doc[end].lower_ if end < len(doc) else ""
        before = doc[start - 1].lower_ if start > 0 else ""
        char_start = doc[start].idx
        char_end = doc[end - 1].idx + len(doc[end - 1].text)
        if lang == "vi":
            exact = _TRIGGER_TEXT.match(text, char_start)
            if exact is not None and exact.end() < char_end:
                char_end = exact.end()  # "có quyền hủy" (one pyvi token) → "có quyền"
                after = text[char_end:].split(maxsplit=1)[0].lower() if text[char_end:].strip() \
                    else ""
                words = text[char_start:char_end].lower().split()
        if char_start < skip_until or any(s <= char_start < e for s, e in restricted):
            continue  # an article heading, or inside a condition or an exception
        seg_start = max((m.end() for m in _BOUNDARY.finditer(text, 0, char_start)), default=0)
        if lang == "vi" and not _vi_trigger_ok(label, words, before, after,
                                               text[char_end:].lstrip(),
                                               text[seg_start:char_start]):
            continue
        found.append((char_start, char_end, label))
    # Longest match wins where triggers overlap ("không được phép" over "được").
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    kept = []
    last_end = -1
    for start, end, label in found:
        if start < last_end:
            continue
        last_end = end
        kept.append((start, end, label))
    norms: list[dict[str, Any]] = []
    for i, (start, end, label) in enumerate(kept):
        record = _norm_record(text, start, end, label)
        if i > 0:
            prev = norms[-1]
            between = text[prev["trigger"][1] : start]
            # "A có quyền X và có nghĩa vụ Y": one subject, two norms; X ends before "và".
            if not _BOUNDARY.search(between):
                a0, a1 = prev["action"]
                cut = re.search(r"[,\s]*(?:\b(?:và|hoặc|and|or)\b)?[,\s]*$", text[a0:start])
                new_end = min(a1, a0 + (cut.start() if cut else start - a0))
                prev["action"] = (a0, max(a0, new_end))
                record["actor"] = prev["actor"]
        norms.append(record)
    doc._.norms = norms
    return doc


def _norm_record(text: str, start: int, end: int, label: str) -> dict[str, Any]:
    # Actor: from the start of the sentence segment to the trigger; a leading condition
    # ("Trường hợp …, thì" / "Khi …,") is not the actor.
    seg_start = max((m.end() for m in _BOUNDARY.finditer(text, 0, start)), default=0)
    head = text[seg_start:start]
    lead = _ACTOR_LEAD.match(head)
    actor_from = seg_start + (lead.end() if lead else 0)
    topic = _TOPIC.match(text, actor_from, start)
    if topic:  # "Đối với X thì …": X is the actor
        actor_from = topic.start(1)
        actor_to = topic.end(1)
    else:
        actor_to = start
        thi = max((m.end() for m in re.finditer(r"\b(?:thì|then),?\s+|,\s+", head)),
                  default=0)
        if thi and _ADVERBIAL.match(text, actor_from):
            actor_from = seg_start + thi  # "Trong thời hạn …, X phải": X, not the time phrase
    actor_text = _PARTICLES.sub("", text[actor_from:actor_to]).strip(" ,")
    actor = None
    if actor_text and len(actor_text) < 300 and not _ADVERBIAL.match(actor_text):
        a_start = text.index(actor_text, actor_from)
        actor = (a_start, a_start + len(actor_text))
    # Action: to the end of the segment, stopping before a condition or exception.
    boundary = _BOUNDARY.search(text, end)
    seg_end = boundary.start() if boundary else len(text)
    tail = text[end:seg_end]
    stop = re.search(r",?\s+(?:trong trường hợp|trừ trường hợp|trừ khi|nếu|except|unless|if)\b",
                     tail, re.I)
    action_end = end + (stop.start() if stop else len(tail))
    action_text = text[end:action_end].strip(" ,:")
    a0 = text.find(action_text, end) if action_text else end
    exceptions = [(m.start(), m.end()) for m in _EXCEPTION.finditer(text, seg_start, seg_end)]
    conditions = [
        (m.start(), m.end()) for m in _CONDITION.finditer(text, seg_start, seg_end)
        if not any(s <= m.start() < e for s, e in exceptions)
    ]
    return {"modality": label, "trigger": (start, end), "actor": actor,
            "action": (a0, a0 + len(action_text)), "conditions": conditions,
            "exceptions": exceptions}


def _find_quantities(doc: Any) -> Any:
    text = doc.text
    out: list[dict[str, Any]] = []
    for m in _MONEY_FIRST.finditer(text):
        value = _number(m.group(2)) * _SCALE.get((m.group(3) or "").lower(), 1.0)
        before = text[max(0, m.start() - 80) : m.start()]
        bound = next((name for name, p in _BOUNDS if p.search(before)), None)
        out.append({"span": (m.start(), m.end()), "value": value,
                    "unit": m.group(1).upper(), "kind": "money", "bound": bound})
    taken: list[tuple[int, int]] = [q["span"] for q in out]
    for m in _QUANTITY.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        raw_unit = m.group("unit").lower()
        # "ngày 01 tháng 7 năm 2025" is a date, not durations of 1 month and 7 years.
        if raw_unit in ("tháng", "năm", "year", "years") and (
            _DATE_BEFORE.search(text[: m.start()]) or len(m.group(2)) == 4
            or re.match(r"\s+\d", text[m.end() :])
        ):
            continue
        unit, kind = _UNITS.get(raw_unit, _UNITS.get(raw_unit.rstrip("s"), (raw_unit, "other")))
        if m.group("cur1"):
            unit, kind = m.group("cur1").upper(), "money"
        value = _number(m.group(2)) * _SCALE.get((m.group("scale") or "").lower(), 1.0)
        seg_start = max((b.end() for b in _BOUNDARY.finditer(text, 0, m.start())), default=0)
        before = text[max(seg_start, m.start() - 80) : m.start()]
        bound = next((name for name, p in _BOUNDS if p.search(before)), None)
        if kind == "age":
            bound = bound or "age"
        out.append({"span": (m.start(), m.end()), "value": value, "unit": unit, "kind": kind,
                    "bound": bound})
    doc._.quantities = out
    return doc


def _number(raw: str) -> float:
    """Vietnamese numerals: "500.000" → 500000, "1,5" → 1.5; "2.5" (English) → 2.5."""
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", raw):
        return float(raw.replace(".", "").replace(",", "."))
    if "," in raw:
        return float(raw.replace(",", "."))
    return float(raw)


def _find_definitions(doc: Any) -> Any:
    text = doc.text
    ctx: _Context | None = doc._.context
    out = []
    if ctx is not None and ctx.in_definitions:
        m = _DEF_VI.match(text) or _DEF_EN.match(text)
        if m:
            out.append({"term": m.span("term"), "definition": m.span("def"), "scope": ctx.scope})
    for m in _INLINE_DEF.finditer(text):
        out.append({"term": m.span("term"), "definition": (0, m.start()),
                    "scope": ctx.scope if ctx else "document"})
    doc._.definitions = out
    return doc


# --- running it over provisions -----------------------------------------------------------------
def own_spans(provisions: Iterable[Provision]) -> Iterator[tuple[Provision, int, int]]:
    """Each provision with the part of its span not covered by its children.

    A citation or a norm belongs to the innermost provision that holds it; an article's own
    text is its heading and intro, before its first clause.
    """
    items = list(provisions)
    first_child: dict[str, int] = {}
    for p in items:
        if p.parent is not None and p.parent not in first_child:
            first_child[p.parent] = p.start
    for p in items:
        end = first_child.get(p.id, p.end)
        yield p, p.start, max(p.start, end)


def _span(document_text: str, offset: int, pair: tuple[int, int]) -> Span:
    start, end = offset + pair[0], offset + pair[1]
    return Span(start, end, document_text[start:end])


def annotate(
    document: Document,
    provisions: Iterable[Provision],
    *,
    index: CorpusIndex | None = None,
    finder: CitationFinder | None = None,
) -> Iterator[Annotations]:
    """Annotate the provisions of one document.

    Parameters
    ----------
    document : Document
        The document the provisions belong to (spans point into its text).
    provisions : iterable of Provision
        Its provisions (from :func:`lexoverlap.segment`).
    index : CorpusIndex, optional
        The corpus for resolving citations; by default the document alone.
    finder : CitationFinder, optional
        A finder that knows the corpus' titles; built from ``index`` when omitted.

    Yields
    ------
    Annotations
        One per provision, in order; spans are offsets into ``document.text``.

    Examples
    --------
    >>> from lexoverlap import document_from_text, segment
    >>> doc = document_from_text("Điều 5. A\\n1. Người sử dụng lao động phải trả lương trong "
    ...                          "thời hạn 15 ngày, trừ trường hợp quy định tại khoản 2 Điều này.",
    ...                          doc_id="d")
    >>> ann = [a for a in annotate(doc, segment(doc)) if a.norms][0]
    >>> n = ann.norms[0]
    >>> n.modality, n.actor.text, n.action.text, [e.text for e in n.exceptions]
    ('obligation', 'Người sử dụng lao động', 'trả lương trong thời hạn 15 ngày', \
['trừ trường hợp quy định tại khoản 2 Điều này'])
    >>> [(q.value, q.unit, q.bound) for q in ann.quantities]
    [(15.0, 'day', 'deadline')]
    >>> [(c.raw, c.targets[0].resolved) for c in ann.citations]
    [('khoản 2 Điều này', None)]
    """
    items = list(provisions)
    text = document.text
    spans = list(own_spans(items))
    own_text = {p.id: text[s:e] for p, s, e in spans}
    index = index or CorpusIndex([(document, items)])
    finder = finder or CitationFinder(index.titles)
    nlp = pipeline(document.language)
    headings = {p.id: p.heading for p in items}
    parents = {p.id: p.parent for p in items}
    amended: dict[str, str | None] = {}  # parent id → the law its lead-in amends
    for provision, start, _end in spans:
        own = own_text[provision.id]
        article = _ancestor_heading(provision.id, headings, parents)
        ctx = _Context(
            provision=provision.id,
            offset=start,
            in_definitions=provision.level in ("clause", "point")
            and bool(_DEF_HEADING.search(article)),
            scope="chapter" if re.search(r"trong chương này|in this chapter", own, re.I)
            else "document",
            heading_end=(own.find("\n") if provision.level == "article" and "\n" in own
                         else len(own) if provision.level == "article" else 0),
        )
        doc = nlp.make_doc(own)
        doc._.context = ctx
        for _, proc in nlp.pipeline:
            doc = proc(doc)
        norms = tuple(
            Norm(
                provision=provision.id,
                modality=n["modality"],
                trigger=_span(text, start, n["trigger"]),
                actor=_span(text, start, n["actor"]) if n["actor"] else None,
                actor_key=_actor_key(own[n["actor"][0] : n["actor"][1]]) if n["actor"] else None,
                action=_span(text, start, n["action"]),
                conditions=tuple(_span(text, start, c) for c in n["conditions"]),
                exceptions=tuple(_span(text, start, e) for e in n["exceptions"]),
            )
            for n in doc._.norms
        )
        quantities = tuple(
            Quantity(provision.id, _span(text, start, q["span"]), q["value"], q["unit"],
                     q["kind"], q["bound"])
            for q in doc._.quantities
        )
        definitions = tuple(
            Definition(provision.id, _span(text, start, d["term"]),
                       _span(text, start, d["definition"]), d["scope"])
            for d in doc._.definitions
        )
        context = _amended_document(provision.parent, own_text, parents, finder, amended)
        citations = tuple(
            resolve(c, index, context=context)
            for c in finder.find(own, source=provision.id, offset=start,
                                 self_title=document.title,
                                 governed_by=opener_kind(own_text.get(provision.parent or "", "")))
        )
        yield Annotations(provision.id, norms, quantities, definitions, citations)


# "Sửa đổi, bổ sung một số điều của Luật X số N như sau:", "Bãi bỏ … của Luật X …:": the
# points below it cite that law without naming it again.
_AMENDING_INTRO = re.compile(r"(?:sửa đổi|bổ sung|bãi bỏ|thay thế)[^:]*:\s*$", re.I)


def _amended_document(
    parent: str | None,
    own_text: dict[str, str],
    parents: dict[str, str | None],
    finder: CitationFinder,
    cache: dict[str, str | None],
) -> str | None:
    """The document an amending ancestor clause introduces, up to the article (memoised)."""
    if parent is None:
        return None
    if parent not in cache:
        intro = own_text.get(parent, "")
        named = []
        if _AMENDING_INTRO.search(intro):
            named = [t.document for c in finder.find(intro, source=parent) for t in c.targets
                     if t.document not in ("", "this") and c.kind != "refers"]
        if named:
            cache[parent] = named[0]  # the amended law, not those it was amended by
        elif _is_article(parent):
            cache[parent] = None
        else:
            cache[parent] = _amended_document(parents.get(parent), own_text, parents, finder,
                                              cache)
    return cache[parent]


def _is_article(pid: str) -> bool:
    return pid.rsplit("/", 1)[-1].startswith("art")


def _ancestor_heading(pid: str, headings: dict[str, str], parents: dict[str, str | None]) -> str:
    """The heading of the article that holds ``pid`` (or its own)."""
    current: str | None = pid
    while current is not None:
        if _is_article(current):
            return headings.get(current, "")
        current = parents.get(current)
    return ""


def annotate_corpus(
    documents: Iterable[Document],
) -> Iterator[tuple[Document, tuple[Provision, ...], tuple[Annotations, ...]]]:
    """Segment and annotate documents together, so citations resolve across all of them."""
    from ._segment import segment

    segmented = [(doc, segment(doc)) for doc in documents]
    index = CorpusIndex(segmented)
    finder = CitationFinder(index.titles)
    for doc, provisions in segmented:
        yield doc, provisions, tuple(annotate(doc, provisions, index=index, finder=finder))
