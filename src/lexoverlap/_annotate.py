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

from . import _veto
from ._citations import RULES_VERSION as CITATION_RULES
from ._citations import CitationFinder, opener_kind
from ._resolve import CorpusIndex, resolve
from ._rules import fingerprint
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
# v3: dev8/dev9 rules (actions across commas, …); the fingerprint covers every rule module;
# v4: the learned veto (``_veto``) over Vietnamese triggers, with its model's version.
_RULE_SOURCES = fingerprint("_annotate.py", "_citations.py", "_resolve.py", "_text.py", "_veto.py")
RULES_VERSION = f"annotate.v4+{CITATION_RULES}+{_veto.version()}+{_RULE_SOURCES}"

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
    # (session 9) "Cấm nhập khẩu" is one pyvi token, so "Cấm nhập khẩu hàng hóa …" opened no
    # ban; the sentence-head rule for "cấm" then applies as to "Cấm xuất khẩu …".
    "prohibition": [[{"LOWER": {"REGEX": r"^cấm\s"}}]],
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
_ITEM_LABEL = re.compile(r"\s*(?:(?:\d+[a-zđ]?\s*[.)]|[a-zđ]\d{0,2}\))\s*)?")
# A noun right after the verb: its object (not "theo …", "tại …", a comma).
_ACTIVE_OBJECT = re.compile(r"\s+(?!(?:theo|tại|trong|bởi|và|hoặc|khi|để|do|cho|từ|ở|với|"
                            r"đúng|lại|mới)\b)[^\W\d_]", re.I)
_PASSIVE_AFTER_DUOC = frozenset(
    {
        "quy định", "hiểu", "xác định", "áp dụng", "tính", "coi", "ghi", "ban hành", "công bố",
        "sửa đổi", "bổ sung", "thay thế", "thể hiện", "nêu", "dùng", "gọi", "xác lập",
        "ấn định", "hình thành", "căn cứ", "phân công", "xếp hạng", "lập", "niêm yết",
        "trừ", "thành lập", "phát hành", "xây dựng", "chuẩn hóa", "bảo đảm", "ủy quyền", "nuôi",
        "trồng", "giao", "tổ chức",
        # Why: verbs whose passive only takes a thing ("Hồ sơ được thẩm định", "Biên bản được
        # lưu trữ", "Vụ việc được giải quyết"), never a right of a person.
        "tiến hành", "phê duyệt", "thông qua", "lưu trữ", "thẩm định", "cập nhật", "phê chuẩn",
        "niêm phong", "đăng tải", "giải quyết", "xử lý", "lưu giữ", "bảo quản",
        # Why (dev5 errors): designated, classified, inspected: done to the subject.
        "chỉ định", "phân loại", "kiểm tra",
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
        # Why (dev errors): "Quyền … được tôn trọng", "Tính mạng … được pháp luật bảo hộ",
        # "Kỳ họp … được triệu tập", "Nước thải … được sử dụng", "Mẫu bệnh phẩm …".
        "quyền", "tính mạng", "kỳ họp", "nước thải", "chất thải", "mẫu",
    }
)  # fmt: skip
# Why: more heads of things that recur as subjects of passive "được" in laws ("Điều kiện …
# được", "Biên bản … được", "Vụ án … được"); none of them can hold a right. Only checked as the
# first word of a subject: right before "được" they also end names of bodies ("cơ sở kinh doanh
# thuốc", "công ty cổ phần").
_INANIMATE_HEADS = _INANIMATE | frozenset(
    {
        "điều kiện", "tiêu chuẩn", "quy chuẩn", "nguyên tắc", "trình tự", "danh sách",
        "biên bản", "bản sao", "vụ án", "vụ việc", "tranh chấp", "phiên tòa", "phiên họp",
        "cuộc họp", "thời gian", "thời điểm", "địa điểm", "số tiền", "tiền lương", "khoản",
        "chế độ", "hệ thống", "tang vật", "vật chứng", "thiết bị", "vật liệu", "hóa chất",
        "thuốc", "điều lệ", "quy chế", "tiêu chí", "định mức", "chỉ tiêu", "diện tích",
        "tài nguyên", "khoáng sản", "di sản", "di tích", "hiện vật", "chứng từ", "hóa đơn",
        "cổ phiếu", "trái phiếu", "tài khoản", "lợi nhuận", "án phí",
        "kiến nghị", "ý kiến", "lệnh", "nhãn", "hoạt động", "công tác", "nhiệm vụ",
        "báo in", "tác phẩm", "ấn phẩm", "xuất bản phẩm", "phần vốn góp", "mâu thuẫn", "séc",
        "hối phiếu", "ngôn ngữ",
        # (dev19: "Đồ vật và phương tiện vận tải được vận chuyển theo hợp đồng …")
        "đồ vật", "vật phẩm", "hành lý",
        # Why (dev5 errors): "di vật, cổ vật … được mua bán", "Đê được phân loại", "Trụ sở tiếp
        # công dân … được đặt tại", "Lịch tiếp công dân … được thông báo".
        "di vật", "cổ vật", "bảo vật", "đê", "trụ sở", "lịch",
        # Why (dev12): awards are conferred ("“Giải thưởng Nhà nước” được xét tặng", "Danh hiệu
        # … được xét tặng"); "Vấn đề được thảo luận và biểu quyết".
        "giải thưởng", "danh hiệu", "huân chương", "huy chương", "bằng khen", "giấy khen",
        "kỷ niệm chương", "vấn đề",
    }
)  # fmt: skip
# Why: a subject whose first word is in _INANIMATE can still be an agent: "Đơn vị …" (not
# "đơn" = application), "Nhà đầu tư", "Nhà nước", "Nhà thầu" (not "nhà" = house).
_AGENT_PREFIXES = ("đơn vị", "nhà đầu tư", "nhà nước", "nhà thầu", "nhà cung cấp", "nhà sản xuất",
                   "nhà xuất bản", "nhà khoa học", "nhà trường", "nhà báo", "nhà nhập khẩu",
                   "quỹ tín dụng", "cục trưởng", "cục thuế", "cơ quan thuế")
# Words that make a subject a person or a body (anywhere in it: "Người nộp thuế sản xuất …",
# "khen thưởng tổ chức …" after a comma). Permission "được" needs one (see _vi_trigger_ok).
_AGENT_WORD = re.compile(
    r"(?<![\wÀ-ỹ])(?:người|tổ chức|cá nhân|cơ quan|công dân|nhà đầu tư|nhà thầu|nhà nước|"
    r"hộ gia đình|gia đình|doanh nghiệp|công ty|chủ|bên|cán bộ|công chức|viên chức|quân nhân|"
    r"sĩ quan|chiến sĩ|binh sĩ|lao động|học sinh|sinh viên|học viên|trẻ em|thành viên|cổ đông|"
    r"đại biểu|cử tri|thương nhân|đơn vị|ủy ban|hội đồng|bộ|chính phủ|thủ tướng|quốc hội|"
    r"tòa án|viện kiểm sát|cục|sở|chi nhánh|văn phòng|hợp tác xã|ngân hàng|tổ chức tín dụng|"
    r"đương sự|bị can|bị cáo|luật sư|thẩm phán|kiểm sát viên|điều tra viên|chấp hành viên|"
    r"thanh tra|trưởng|giám đốc|chủ tịch|cha|mẹ|vợ|chồng|con|phụ nữ|thanh niên|đồng bào|"
    r"cộng đồng|tập thể|cảnh sát|công an|bộ đội|dân quân|phương tiện|xe|tàu|ai|mọi|nhân viên|"
    r"thương binh|bệnh binh|cựu chiến binh|nạn nhân|bệnh nhân|người bệnh|tác giả|viên|sĩ|"
    r"công nhân|thân nhân|nhân dân|nông dân|ngư dân|phạm nhân|trại viên|"
    # (dev18: "Mặt trận Tổ quốc Việt Nam được quản lý và sử dụng tài sản …")
    r"mặt trận|công đoàn|đoàn thanh niên|tự vệ|"
    r"đại lý)"  # (dev22: "Đại lý bảo hiểm chỉ được cung cấp …")
    r"(?![\wÀ-ỹ])", re.I)
_RIGHTS_ITEM = re.compile(r"\s*(?:\d+[a-zđ]?\s*(?:[.)]|-(?=\s))\s*|[a-zđ]\d{0,2}\)\s*)?"
                          r"(?:được|có quyền)\b", re.I)
# Heads of subjects that name an acting body or person even when the name ends in a thing
# word ("Cơ quan quản lý dữ liệu", "Tổ chức tín dụng", "Người quản lý tài sản").
_AGENT_HEADS = (*_AGENT_PREFIXES, "cơ quan", "tổ chức", "cá nhân", "người", "ủy ban", "hội đồng",
                "doanh nghiệp", "công ty", "bộ trưởng", "chủ tịch", "chủ sở hữu", "tòa án",
                "viện kiểm sát", "ban quản lý", "thủ trưởng",
                "đối tượng")  # (dev21) "Đối tượng báo cáo không được tiết lộ …": a reporting entity
# Verbs that after "được" are always the passive, even after "không" ("không được quy định").
_ONLY_PASSIVE = frozenset({"quy định", "hiểu", "áp dụng", "xác định", "coi", "tính"})
# Why: "không được trái với / vượt quá / thấp hơn …" bounds a content or a number; no actor is
# banned from acting (first syllable of the next word).
_BOUND_AFTER_KHONG_DUOC = frozenset(
    {"trái", "vượt", "thấp", "quá", "ít", "dưới", "cao", "nhiều", "lớn", "nhỏ", "kéo",
     # (dev13: "bắt đầu sớm hơn nhưng không được trước năm giờ sáng")
     "trước", "sớm", "muộn"}
)
# "nhận được", "có được", "biết được": "được" completes the verb before it.
# "không khắc phục được": a negated verb of one or two words right before "được" (not "không
# chuyên trách", an adjective; not "không ai", no one).
_NEGATED_VERB = re.compile(r"\bkhông\s+(?!chuyên trách\b|quốc tịch\b|ai\b|một ai\b)(?:thể\s+)?"
                           r"\S+(?:\s+\S+)?\s*$", re.I)
_VERB_BEFORE_DUOC = frozenset(
    {"nhận", "có", "biết", "thu", "đạt", "tìm", "lấy", "giữ", "làm", "thấy", "nghe", "hiểu",
     "chọn", "mua", "bán", "kiếm", "xác định", "chứng minh", "lập"}
)
# Why (dev4 error, "hội chứng … mắc phải"): after these verbs "phải" is a resultative
# complement ("mắc phải" = acquired, "gặp phải" = run into), not "must".
_VERB_BEFORE_PHAI = frozenset({"mắc", "gặp", "vấp", "nhầm"})
# Why (dev13): "thuốc phải kiểm soát đặc biệt", "đối tượng phải kiểm soát", "dược liệu … đặc hữu
# phải kiểm soát": a category of things under control, not a duty (every "phải kiểm soát" of
# vn-laws-vlc has no object of its own).
_CONTROLLED = re.compile(r"kiểm soát(?:\s+đặc biệt)?\s*(?:[,.;]|(?:và|hoặc|khi|mà|có)\b|$)|"
                         r"kiểm soát giết mổ\b", re.I)
_AMOUNT_BEFORE_PHAI = re.compile(r"\b(?:số|khoản)\s+(?:tiền\s+)?(?:thuế|tiền|phí|nợ|lệ phí)"
                                 r"(?:\s+[^\s,;:]+){0,6}\s*$", re.I)


# Why (dev22: "kể từ ngày phải nộp phí", dev2: "lãi suất và thời hạn phải trả nợ"): the day or
# term a payment is due, a noun, after a preposition or a list; "trong thời hạn 30 (mười) ngày
# phải nộp", "hằng ngày phải nộp" still bind.
_DUE_BEFORE_PHAI = re.compile(r"\b(?:kể từ|từ|đến|trước|sau|của|và|hoặc|kết thúc|hết)\s+"
                              r"(?:ngày|thời hạn|thời điểm|kỳ hạn)\s*$", re.I)


# Why (dev24): "giao dịch có giá trị lớn phải báo cáo", "mức giá trị phải báo cáo": the
# anti-money-laundering and anti-terrorism laws' name for a class of transactions (all 5 such
# phrases of vn-laws-vlc), no duty of the sentence's subject.
_REPORTABLE_VALUE = re.compile(r"\bgiá trị(?:\s+lớn)?\s*$", re.I)


# Why (dev26): "bất kỳ tổn thất hay thiệt hại phải chịu hoặc các chi phí phải trả do chậm trễ",
# "k) Lệ phí phải nộp.", "lãi phải trả cho người thứ ba": a charge named by who bears it, when
# the verb takes no object of its own; "Tổ chức thu lệ phí phải nộp đầy đủ … số tiền lệ phí",
# "người gây thiệt hại phải chịu trách nhiệm" have one and bind.
_CHARGE_BEFORE_PHAI = re.compile(r"\b(?:chi phí|lệ phí|phí|lãi|thiệt hại|tổn thất|khoản)\s*$", re.I)
_NO_OBJECT_AFTER = re.compile(r"(?:nộp|trả|chịu)\s*(?:[,.;]|$|(?:hoặc|và|do|theo|đối với|cho|"
                              r"trong|khác)\b)", re.I)


def _amount_payable(modal: str, head: str, after_text: str) -> bool:
    """"phải" in "số thuế phải nộp", "số tiền phải trả", "ngày phải nộp": an amount payable or
    the day it is due, a noun; and "giá trị lớn phải báo cáo", a reportable value."""
    if modal.lower() != "phải":
        return False
    if re.match(r"báo cáo\b", after_text, re.I) and _REPORTABLE_VALUE.search(head):
        return True
    if _CHARGE_BEFORE_PHAI.search(head) and _NO_OBJECT_AFTER.match(after_text):
        return True
    return bool(re.match(r"(?:nộp|trả|chi trả|thanh toán|hoàn trả)\b", after_text, re.I)) and \
        bool(_AMOUNT_BEFORE_PHAI.search(head) or _DUE_BEFORE_PHAI.search(head))


# The modal word closes a prepositional object ("với tổ chức được phép bảo quản"): it is a
# relative clause on that noun, not the sentence's norm. A comma, "thì" or a coordinating
# "và/nhưng/còn" ends the phrase.
# What only an act can do: "Hoạt động giao thông thủy không được gây ô nhiễm …", "Việc thực
# hiện quyền … không được xâm phạm …", "Mọi thỏa thuận … không được làm ảnh hưởng …" ban the
# activity though its subject is a thing (convention 28; every such case in the labelled sets,
# 22 of them, is a ban — dev17).
_ACTIVE_HARM = re.compile(r"(?:xâm phạm|gây|làm ảnh hưởng|cản trở|kèm theo|làm phương hại|"
                          r"lợi dụng)\b", re.I)
_NAMED_AFTER = re.compile(r"[^.;:\n(]*?(?<!sau đây )\bgọi là\b", re.I)
_SPECIFIES_WHO = re.compile(r"\bquy định\s+(?:các|những)\s+[^;:.]{0,60}$", re.I)
# "buộc X phải …" (compel X to …): the compelled act is what "buộc" describes, often a banned
# act in a list; "bị buộc phải khắc phục" (no one between) still binds the subject (dev3).
# (dev26) The one compelled may be named at length: "không được buộc tàu thuyền nước ngoài đang
# đi trong lãnh hải phải dừng lại", "Trục xuất là buộc người nước ngoài bị kết án phải rời khỏi
# …" (16 more on vn-laws-vlc at 6–10 words, all such), but that far not through "thì" / "mà" (a
# new clause: "… bị xử lý kỷ luật buộc thôi việc thì đơn vị … phải bố trí") nor after "bắt"
# ("vùng hoa tiêu hàng hải bắt buộc của Việt Nam phải sử dụng …": compulsory, an adjective).
_BUOC = (r"(?:\bbuộc\s+(?:[^\s,;:]+\s+){1,5}|(?<!bắt )\bbuộc\s+"
         r"(?:(?!(?:thì|mà)\b)[^\s,;:]+\s+){6,10})")
_COMPELLED = re.compile(_BUOC + "$", re.I)
_COMPELLED_OR = re.compile(_BUOC + r"phải\s+[^,;:]*\bhoặc\s+$", re.I)
_PREPOSITIONAL_OBJECT = re.compile(
    # (not "khu vực ngoài nhà nước / tư nhân / công": a sector, part of a subject — dev15)
    r"(?:\b(?:với|vào|khỏi)\s+|\b(?:danh mục|khu vực(?!\s+(?:(?:ngoài\s+)?nhà nước|tư nhân|"
    r"công)\b))\b)"
    r"(?![^,;:]*\b(?:thì|và|nhưng|còn)\b)[^,;:]{1,60}$",
    re.I,
)
# Why (dev21): "Không thuộc trường hợp bị cấm xuất cảnh, không được xuất cảnh, bị tạm hoãn xuất
# cảnh": after an item in "bị …" a "không được" / "phải" is one more status of a list (both
# such modals in the labelled sets are).
# (dev25) "Viên chức bị xử lý kỷ luật, bị tạm đình chỉ công tác hoặc phải bồi thường … nếu thấy
# không thỏa đáng thì có quyền khiếu nại": the last status joined by "hoặc" (3 on vn-laws-vlc).
_STATUS_LIST = re.compile(r"\bbị\s+[^,;:.]{1,40}(?:,|\shoặc)\s*$", re.I)
# Why (dev25): "quyết định kéo dài thời hạn buộc phải rời khỏi lãnh thổ", "d) Thời hạn cuối cùng
# phải gửi phiếu lấy ý kiến", "kể từ thời điểm phải thực hiện hợp đồng": a time noun right
# before "phải" names the time by what is due then (10 such "phải" on vn-laws-vlc, none a duty;
# the one labelled, "thời hạn phải trả nợ", is not a norm). Not after "có" ("Hợp đồng … có thời
# hạn phải được thể hiện bằng văn bản": fixed-term, an adjective) nor "trước" ("Tòa án đã ra
# quyết định chấm dứt trước thời hạn phải gửi …": the court's duty).
_TIME_DUE = re.compile(r"(?<!\bcó )(?<!\btrước )\bthời (?:hạn|gian|điểm)(?:\s+cuối cùng)?"
                       r"(?:\s+buộc)?\s*$", re.I)
# Why: "vi phạm đến mức phải truy cứu trách nhiệm hình sự", "bị xử phạt … ở mức độ phải đình chỉ
# hoạt động", "chưa đến mức phải nộp thuế": a degree ("so serious that …"), not a duty (the two
# labelled are not norms; 12 on vn-laws-vlc, none a duty).
_DEGREE = re.compile(r"\b(?:đến|tới|ở|quá)\s+mức(?:\s+độ)?\s*$", re.I)
# Why (dev25): "mã chất thải nguy hại và khối lượng được phép xử lý", "trong phạm vi diện tích,
# độ sâu được phép khai thác": a quantity that is permitted, a noun phrase (8 on vn-laws-vlc).
_QUANTITY_PERMITTED = re.compile(r"\b(?:khối lượng|số lượng|độ sâu|giới hạn|diện tích|hạn mức)"
                                 r"(?:\s+[^\s,;:.]+){0,2}\s*$", re.I)
# Why (dev21): "Sở Tư pháp nơi trẻ em được giới thiệu làm con nuôi thường trú": "nơi" + a
# subject opens a relative clause on the place ("nơi cư trú", "nơi gần nhất và phải …" are
# nouns; none of the 5 such modals in the labelled sets is a norm).
_WHERE_CLAUSE = re.compile(r"\bnơi\s+(?!(?:cư trú|thường trú|tạm trú|gần nhất|đang|có)\b)"
                           r"(?:[^\s,;:.]+\s+){1,3}$", re.I)
# Why (dev20): "người đại diện của những người cùng có quyền sử dụng thửa đất": a modal after
# "của" + a class of persons qualifies the possessor, a noun phrase (none of the 13 such
# modals in the labelled sets is a norm).
_POSSESSOR = re.compile(r"\bcủa\s+(?:những\s+|các\s+)?(?:người|tổ chức|cá nhân|cơ quan)"
                        r"(?:\s+cùng)?\s*$", re.I)
# Why (dev20): "a) Đã được tặng … và sau đó được tặng …": a "được" joined to an earlier "đã
# được" (has been) states what already happened, as that one does — a criterion, no grant.
_AFTER_PERFECT = re.compile(r"\bđã\s+được\b[^;:.]*\b(?:và|hoặc)\s+(?:sau đó\s+)?$", re.I)
# Why: a clause that opens with "Đối với X" and goes on without a comma ("Đối với người dưới
# mười tám tuổi phải có …") names its actor X as a topic; it is not a prepositional object.
_TOPIC_HEAD = re.compile(r"\s*(?:\d+[a-zđ]?\s*(?:[.)]|-(?=\s))\s*|[a-zđ]\d{0,2}\)\s*)?"
                         r"đối với\b[^,;:]*$", re.I)
# A modal word right after another is part of the first one's norm.
_MODAL_BEFORE = frozenset({"phải", "được", "có thể"})
_PREPOSITIONS = frozenset({"trong", "tại", "theo", "với", "cho", "từ", "vào", "bởi", "trên"})
# A modal word right after these is inside a relative clause or a noun phrase. Why "việc" and
# "đối tượng" (dev errors): "ngoài việc phải tuân thủ …" is a nominalised act, "đối tượng phải
# kiểm soát" / "đối tượng được miễn" name a category; neither binds anyone.
# "thuộc diện phải tiêu hủy" / "thuộc diện được miễn" name a category the same way (dev scan).
_RELATIVE_BEFORE = frozenset({"người", "mà", "nơi", "những người", "việc", "đối tượng", "diện"})
# Why (dev scan): "cuộc bầu cử mà mình chịu trách nhiệm tổ chức", "khoản tiền mà người được
# thi hành án phải nộp": a relative clause opened by "mà" with a short subject before the modal
# word. A "thì" in between closes a condition instead ("… mà không có lý do thì phải …").
# Up to ten words (dev7: "tài liệu mà theo quy định của pháp luật người được đề nghị đặc xá
# phải được cấp"); twelve also caught "… mà Việt Nam là thành viên phải …", a main clause.
# "mà theo quy định của pháp luật" opens the clause without counting (dev: "tài sản mà theo quy
# định của pháp luật kết quả đấu giá tài sản phải được … phê duyệt").
_RELATIVE_MA = re.compile(r"\bmà(?:\s+theo quy định(?:\s+của pháp luật)?)?"
                          r"(?:\s+(?!thì\b)[^\s,;:]+){1,10}\s*$", re.I)
# … whose subject may list classes of persons (dev22: "Các yêu cầu khác mà cá nhân, tổ chức kinh
# tế phải đáp ứng"): a comma between two classes right after "mà" joins them. After anything
# else a comma ends the clause ("vấn đề mà báo chí nêu hoặc tiếp nhận, cơ quan báo chí phải
# thông báo"; "hồ sơ mà Bộ trả lại cho tổ chức, cơ quan tiếp nhận phải thông báo").
_CLASSES = r"(?:cá nhân|tổ chức|cơ quan|hộ gia đình|doanh nghiệp)"
_CLASS_LIST_COMMA = re.compile(rf"(\bmà\s+{_CLASSES}),\s+(?={_CLASSES}\b)", re.I)
# … but "Mọi người có quyền …" is "everyone", the subject of the sentence.
_QUANTIFIER_BEFORE_NGUOI = frozenset({"mọi"})
# Why: "được" completing "tạo điều kiện cho X được …", "bảo đảm cho X được …", "để (X) được …"
# is the goal of another act (a policy or a purpose), not a right granted by this provision.
_GOAL_BEFORE_DUOC = re.compile(
    r"\b(?:tạo điều kiện(?:\s+thuận lợi)?\s+cho|(?:góp phần\s+)?(?:bảo đảm|đảm bảo)(?:\s+cho)?|"
    r"để(?:\s+cho)?)"
    r"(?:\s+[^\s,;:]+){0,4}\s*$", re.I)
# (Also an article heading that names the measures it lists, dev13: "Điều 68. Các biện pháp
# khẩn cấp tạm thời / … 3. Cấm hoặc buộc thực hiện hành vi nhất định.")
# (Also a power's content, convention 26 / dev21: "Trưởng Ban chỉ đạo có quyền: … đ) Cấm người,
# phương tiện không có nhiệm vụ vào ổ dịch".)
_MEASURES_LEAD_IN = re.compile(r"\b(?:biện pháp|hình thức|hình phạt)\b[^:]*:\s*$|"
                               r"\bcó quyền(?:\s+sau(?:\s+đây)?)?\s*:\s*$|"
                               r"^\s*Điều\s+\d+\w*\.?\s*Các\s+(?:biện pháp|hình thức|"
                               r"hình phạt)\b[^:]*$", re.I)
_MEASURE_ITEM = re.compile(r"\s*(?:\d+[a-zđ]?\s*[.)]|[a-zđ]\d{0,2}\))?\s*(?:nghiêm\s+)?cấm\b", re.I)
# Why (dev12, convention 20): "Điều 103. Tiêu chuẩn và điều kiện đối với Kiểm soát viên / 1. Được
# đào tạo …", "… phải có đủ các điều kiện sau đây: a) Được thành lập …": under a list of
# criteria an item opening with "Được" states what the candidate has had done (trained,
# licensed, approved), not a right. All 54 such items of vn-laws-vlc are criteria; lead-ins
# that mention conditions in passing ("có đủ các điều kiện … thì được hưởng … như sau:") or
# rights ("Quyền của cán bộ … được bảo đảm các điều kiện …") are not criteria lists.
# (dev20: "Cái giống … phải đáp ứng các yêu cầu sau đây: … b) Được sản xuất từ cơ sở …".)
_CRITERIA_LEAD_IN = re.compile(
    r"(?:tiêu chuẩn|điều kiện|(?:các|những|đủ)\s+yêu cầu)(?:\s+[^\s:,;]+){0,2}?\s+sau"
    r"(?:\s+đây)?\s*:\s*$|"
    r"^\s*(?:Điều\s+\d+\w*\.?|\d+\.)?\s*(?:Tiêu chuẩn|Điều kiện)\b", re.I)
_CRITERION_ITEM = re.compile(r"\s*(?:\d+[a-zđ]?\s*[.)]|[a-zđ]\d{0,2}\))?\s*Được\b")
_WHAT_ONE_MAY_NOT = re.compile(r"\bnhững việc\b[^;:.]*$", re.I)
# Why (dev errors): "thông báo cho tổ chức, cá nhân có trách nhiệm xử lý", "yêu cầu cơ quan, tổ
# chức … có trách nhiệm thực hiện": the body is the object of another verb and "có trách
# nhiệm" qualifies it (the one responsible); this provision binds it to nothing.
# (dev14: "theo đề nghị của cơ quan … có trách nhiệm bảo vệ"; dev20: "… do cơ quan có trách
# nhiệm công khai thông tin xác định", "giúp đỡ các cơ quan có trách nhiệm phát hiện …": the
# agent of a passive, the one helped.)
_RESPONSIBLE_OBJECT = re.compile(
    r"\b(?:(?:thông báo|báo|gửi|giao|chuyển|phản ánh)\s+(?:cho|với|đến)|yêu cầu|đề nghị|"
    r"(?:đề nghị|yêu cầu) của)\s+"
    r"(?:các\s+|những\s+)?(?:cơ quan|tổ chức|cá nhân|"
    r"người|đơn vị|bộ phận)\b[^;:.]*$"
    r"|\b(?:do|giúp đỡ)\s+(?:các\s+)?(?:cơ quan|tổ chức|cá nhân|người|đơn vị)\b[^,;:.]{0,40}$",
    re.I)
# Why: "chịu trách nhiệm trước Chính phủ thực hiện quản lý nhà nước …" binds the body to an act
# (convention 2: "chịu trách nhiệm" + verb); "chịu trách nhiệm trước X về …" does not.
_ACCOUNTABLE_FOR_ACT = re.compile(
    r"trước\s+(?:Chính phủ|Quốc hội|Thủ tướng Chính phủ|Bộ trưởng[^,;.]{0,40}?|"
    r"Ủy ban nhân dân[^,;.]{0,30}?|Hội đồng nhân dân[^,;.]{0,30}?)\s+"
    r"(?:thực hiện|quản lý|tổ chức|chỉ đạo|hướng dẫn|chủ trì|bảo đảm)\b")
# Nothing but a clause/point label before the word: the start of a sentence. Why (dev4): laws
# of the 1980s number their clauses "1- …", "2- Cấm …"; "N-" followed by a space is a label too
# (in this and the other label patterns of this module).
_SENTENCE_HEAD = re.compile(r"\s*(?:\d+[a-zđ]?\s*(?:[.)]|-(?=\s))\s*|[a-zđ]\d{0,2}\)\s*)?")
_PASSIVE_BEFORE = frozenset(["đã", "sẽ", "đang", "vẫn", "chưa", "cũng"])
# Why (dev12): "kể từ ngày được cấp Giấy chứng nhận", "có 03 lần được tặng Cờ thi đua": the
# date or the count of something received; in vn-laws-vlc "ngày được" / "lần được" never grant.
_COUNTED_BEFORE_DUOC = frozenset(["ngày", "lần"])

# --- conditions and exceptions -----------------------------------------------------------------
_EXCEPTION = re.compile(
    r"\b(?:trừ trường hợp|trừ khi|ngoại trừ|trừ|except(?: where| when| for)?|unless)\b[^;.]*",
    re.I,
)
# Why (dev errors): "Trừ những trường hợp định ở điều 10, nhân viên … phải …" and "các cuộc hội
# họp công cộng, trừ các cuộc hội họp nói trong điều 2, phải được …": an exception that opens
# the sentence, or is set off by commas before the modal word, ends at that comma.
_EXCEPTION_END = re.compile(
    r"(?:(?<=^)|(?<=[.;:\n]\s)|(?<=[.;:\n]))\s*(?:\d+[a-zđ]?\s*(?:[.)]|-(?=\s))\s*|[a-zđ]\d{0,2}\)\s*)?"
    r"(?:trừ|ngoại trừ)\b[^,;.]*(?=,)"
    r"|(?<=, )(?:trừ|ngoại trừ)\b[^,;.]*(?=,\s*(?:phải|không được|có trách nhiệm|có nghĩa vụ|"
    r"có quyền|được|nghiêm cấm)\b)",
    re.I,
)
_CONDITION = re.compile(
    r"\b(?:trong trường hợp|trường hợp|nếu|khi|if|where|in case|provided that)\b[^;.,]*?"
    r"(?=,|\s+(?:thì|then)\b|[;.]|$)",
    re.I,
)
# Why: "trường hợp không chấp thuận phải nêu rõ lý do", "khi vượt phải phát âm hiệu": with no
# comma, a condition that opens a clause ends before the "phải" of the main clause (at least one
# word of condition first, so "trường hợp phải xử lý …" stays a condition). After "đối với",
# "các", "những" the keyword is a noun ("đối với trường hợp sinh con phải phẫu thuật").
_CONDITION_BEFORE_PHAI = re.compile(
    r"(?<!với )(?<!các )(?<!những )"
    r"\b(?:trong trường hợp|trường hợp|nếu|khi)(?:\s+(?!thì\b)[^\s;.,]+)+?(?=\s+phải\b)",
    re.I,
)
# Why: "Trường hợp ốm đau, tai nạn phải nghỉ việc do … thì không được hưởng": a sentence that
# opens with a condition or a topic keeps it up to "thì", commas included; a modal word in it
# is part of the condition ("Đối với hàng hóa … nhưng được thay đổi … thì …").
_LEADING_CONDITION = re.compile(
    r"(?:^|(?<=[.;:\n]))\s*(?:\d+[a-zđ]?\s*(?:[.)]|-(?=\s))\s*|[a-zđ]\d{0,2}\)\s*)?"
    r"(?:trong trường hợp|trường hợp|nếu|khi|đối với)\b[^;.:\n]*?\bthì\b",
    re.I,
)
# A line break ends a sentence unless the line was wrapped inside one: a break between a
# word and a lower-case word ("… thực hiện hoạt⏎động tố tụng", 342 provisions of vn-laws-vlc).
# (Callers search up to one character past a position, so the look-ahead sees the next line.)
_LOWER = "a-zàáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ"
_BOUNDARY = re.compile(rf"[;.](?:\s|$)|:\s*$|(?<![{_LOWER}\d])\n|\n(?![{_LOWER}])")

# --- quantities (one place) ---------------------------------------------------------------------
_NUM = r"(\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?|\d+(?:\.\d+)?)"
_SCALE = {"nghìn": 1e3, "ngàn": 1e3, "triệu": 1e6, "tỷ": 1e9, "thousand": 1e3, "million": 1e6,
          "billion": 1e9}  # fmt: skip
_QUANTITY = re.compile(
    r"(?:(?P<cur1>VND|USD)\s*)?" + _NUM + r"[^\S\n]*(?P<scale>nghìn|ngàn|triệu|tỷ|thousand|"
    r"million|billion)?[^\S\n]*(?P<unit>ngày làm việc|working days?|ngày|days?|tháng|months?|"
    r"năm|years?|giờ|hours?|tuần|weeks?|phút|minutes?|đồng|VND|USD|%|phần trăm|percent|tuổi|"
    r"years? old|lần|times|người|persons?|thành viên|members?|đại biểu|delegates?)(?![\wÀ-ỹ])",
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
    "members": ("member", "count"), "đại biểu": ("delegate", "count"),
    "delegate": ("delegate", "count"), "delegates": ("delegate", "count"),
}  # fmt: skip
# Why (dev pairs): a number right after these is the provision's own label or a reference
# ("Điều 8 Thành viên …" in laws of the 1990s is an article heading, not 8 members).
_REFERENCE_BEFORE = re.compile(r"(?:Điều|khoản|điểm|Chương|Mục|Article|Clause)\s*$", re.I)
# Shares written as fractions ("ít nhất 1/4 số vốn điều lệ", "hai phần ba tổng số thành
# viên"): percentages. Not "15/2020/NĐ-CP" or a date (a "/" or a digit on either side).
_FRACTION = re.compile(r"(?<![\d/])(?P<n>[1-9])\s*/\s*(?P<d>[2-9]|10)(?![\d/])")
_FRACTION_WORDS = re.compile(r"(?<![\wÀ-ỹ])(?P<n>một|hai|ba|bốn)\s+phần\s+(?P<d>hai|ba|tư|bốn|năm)"
                             r"(?![\wÀ-ỹ])", re.I)
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

# Numbers written in words, as older laws do ("ba mươi lăm ngày", "hai năm một lần"). Only
# before units of time, age and percent: "một người" is "a person", not a count of one.
_DIGIT_WORDS = {"không": 0, "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5,
                "lăm": 5, "nhăm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9}  # fmt: skip
_WORD_QUANTITY = re.compile(
    r"(?<![\wÀ-ỹ])(?P<words>(?:(?:một|hai|ba|bốn|tư|năm|lăm|nhăm|sáu|bảy|tám|chín|mười|mươi|mốt"
    r"|trăm|linh|lẻ|nghìn|ngàn)\s+)+)(?P<unit>ngày làm việc|ngày|tháng|năm|giờ|tuần|phút|tuổi"
    r"|phần trăm|thành viên|đại biểu)(?![\wÀ-ỹ])",
    re.I,
)


def _word_number(words: str) -> float | None:
    """"ba mươi lăm" → 35, "mười lăm" → 15, "hai trăm linh năm" → 205; None if not a number.

    >>> [_word_number(w) for w in ("ba mươi lăm", "mười lăm", "hai", "hai trăm linh năm")]
    [35.0, 15.0, 2.0, 205.0]
    """
    total, current, seen = 0, 0, False
    for w in words.lower().split():
        if w in _DIGIT_WORDS:
            current += _DIGIT_WORDS[w]
        elif w == "mười":
            current += 10
        elif w == "mươi":
            current = current * 10
        elif w == "trăm":
            total, current = total + current * 100, 0
        elif w in ("nghìn", "ngàn"):
            total, current = (total + current) * 1000, 0
        elif w not in ("linh", "lẻ"):
            return None
        seen = True
    return float(total + current) if seen else None


# --- definitions (one place) --------------------------------------------------------------------
_DEF_HEADING = re.compile(r"giải thích từ ngữ|định nghĩa|definitions?|interpretation", re.I)
# "X bao gồm …" in such an article defines X by what it covers ("Tổ chức kinh tế bao gồm doanh
# nghiệp, hợp tác xã …, trừ doanh nghiệp có vốn đầu tư nước ngoài"). Why (dev error): the Land
# Law's term, narrower than the Investment Law's, was read as no definition at all.
_DEF_VI = re.compile(r"^(?:\d+[a-zđ]?\.\s*|[a-zđ]\)\s*)?(?P<term>[^.:;]{2,120}?)\s+(?:là|được hiểu "
                     r"là|bao gồm)\s+(?P<def>.+)$", re.S)
_DEF_EN = re.compile(r"^(?:\d+[a-z]?\.\s*|[a-z]\)\s*)?[“\"](?P<term>[^”\"]{2,120})[”\"]\s+"
                     r"(?:means|refers to|is|includes)\s+(?P<def>.+)$", re.S | re.I)
# A definition outside a "Giải thích từ ngữ" article, or in a text given without its article
# ("18. Người quản lý doanh nghiệp là …", "Điều 1. Trẻ em\nTrẻ em là người dưới 16 tuổi."):
# the same "X là …" form, held to a stricter shape (see _standalone_definition) because
# "Thời hiệu khởi kiện … là hai năm" has it too. Why: classify-pairs and the pair evaluation
# annotate provisions without their article, and found no definition at all (dev: 12 of 12
# definition conflicts missed).
_DEF_STANDALONE = re.compile(r"\s*(?:\d+[a-zđ]?\.\s*|[a-zđ]\)\s*)?(?P<term>[^.:;,()\n]{2,80}?)"
                             r"(?:\s+(?:quy định\s+)?(?:trong|tại)\s+(?:Luật|Bộ luật|Pháp lệnh|"
                             r"Nghị định|Nghị quyết)\s+này)?\s+(?:là|được hiểu là)\s+(?P<def>.+)$",
                             re.S)
# Words a term does not hold (then "là" closes a rule or a topic, not a term: "Đối với chủ sở
# hữu là tổ chức nước ngoài thì …") and words a definition does not start with (then it
# states a quantity: "… là 03 năm", "… là đủ 15 tuổi").
_NOT_IN_TERM = frozenset(("phải", "được", "không", "nếu", "khi", "thì", "trường", "kể", "mà",
                          "này", "đối", "với", "đã", "đang", "sẽ", "đều", "cũng", "vẫn"))
# Outside a definitions article, "X là lực lượng / cơ quan / người đứng đầu …" places a body or
# a post in the State ("Bộ đội Biên phòng là lực lượng vũ trang nhân dân …", "Tổng Kiểm toán
# nhà nước là người đứng đầu Kiểm toán nhà nước"): a status that two laws describe each in
# their own words, not a term's meaning. Why: the review of detect.v21's live definition
# conflicts on vn-laws-vlc (6 such pairs, all false; the 8 real ones are terms, not bodies).
_POSITION = re.compile(r"(?:lực lượng|cơ quan|người đứng đầu|người đại diện|đơn vị thuộc|"
                       r"thành phần của|bộ phận|quốc sách)\b", re.I)
_QUANTITY_SUBJECT = re.compile(r"(?:thời hạn|thời hiệu|thời gian|mức|tỷ lệ|số lượng|số|tuổi|"
                               r"độ tuổi|nhiệm kỳ|hạn mức|giá trị|tổng số)\b", re.I)
_NOT_DEFINITION_START = re.compile(r"(?:\d|(?:không|đủ|từ|trên|dưới|ít nhất|tối đa|tối thiểu|"
                                   r"một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười|bao nhiêu|do|"
                                   r"của|để|vì|khi|nếu|trường hợp)\b)", re.I)
# "(sau đây gọi chung là cấp xã)" names a list at once ("xã, phường, thị trấn"): 255 such in
# vn-laws-vlc, which until session 11 were not read as short names at all.
_INLINE_DEF = re.compile(r"\((?:sau đây gọi (?P<together>chung )?(?:tắt )?là|sau đây viết tắt là|"
                         r"hereinafter (?:collectively )?(?:referred to as|called))\s+[“\"]?"
                         r"(?P<term>[^)”\"]{2,80})[”\"]?\)", re.I)

# --- actors ---------------------------------------------------------------------------------------
_ACTOR_LEAD = re.compile(r"^(?:\d+[a-zđ]?\s*(?:[.)]|-(?=\s))\s*|[a-zđ]\d{0,2}\)\s*|"
                         r"điều\s+\d+[a-zđ]?\.\s*)", re.I)
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
    lead_in: str = ""  # the parent's own text: the lead-in of the list this item is in
    # Whether "X là …" outside a definitions article may define X (_standalone_definition).
    # The Constitution defines no terms: "Người Việt Nam định cư ở nước ngoài là bộ phận không
    # tách rời của cộng đồng dân tộc Việt Nam" declares a status (review of detect.v21's live
    # definition conflicts on vn-laws-vlc: 4 law/Constitution pairs, all false).
    standalone: bool = True


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
    if language == "vi":
        _veto.pyvi()  # spaCy's Vietnamese tokenizer is pyvi's: its model file is removed at exit
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
    spans = list(_exceptions(text, 0, len(text)))
    spans += list(_conditions(text, 0, len(text)))
    spans += [(m.start(), m.end()) for m in _LEADING_CONDITION.finditer(text)]
    return spans


def _exceptions(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Exception spans in ``text[start:end]``, cut at the comma that closes a leading one."""
    for m in _EXCEPTION.finditer(text, start, end):
        short = _EXCEPTION_END.search(text, max(start, m.start() - 12), m.end())
        if short and short.start() <= m.start() < short.end():
            yield (m.start(), short.end())
        else:
            yield (m.start(), m.end())


def _conditions(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Condition spans in ``text[start:end]``, cut before the main clause's "phải"."""
    for m in _CONDITION.finditer(text, start, end):
        short = _CONDITION_BEFORE_PHAI.match(text, m.start(), m.end())
        yield (m.start(), short.end() if short else m.end())


def _clause_subject(head: str) -> str:
    """The subject of the clause that ``head`` (the text before a modal word) ends in."""
    subject = _SENTENCE_HEAD.sub("", head, count=1).strip().lower()
    # Why: "Việc xét miễn … được tiến hành thường xuyên nhưng mỗi người … chỉ được xét miễn":
    # a contrasting "nhưng"/"còn" clause has its own subject; "Trong trường hợp khẩn cấp, công
    # an có thể …": after a leading condition or setting the subject follows its comma.
    # ("các tài liệu còn lại": "còn lại" is "remaining", no clause, dev11.)
    subject = re.split(r",?\s+(?:nhưng|còn(?!\s+lại\b))\s+", subject)[-1]
    if _ADVERBIAL.match(subject):
        subject = re.split(r"\bthì\s+" if re.search(r"\bthì\s", subject) else r",\s+",
                           subject)[-1]
    return subject.strip()


def _agent_subject_only(head: str) -> bool:
    """Everything before the modal word is one noun phrase headed by a body or person
    ("Cơ quan quản lý dữ liệu"), with no verb, modal or comma inside — so a thing word at its
    end names the body, it is not the subject of a relative clause ("Tòa án phải cho đương sự
    biết những tài liệu, chứng cứ không được …" keeps the thing reading)."""
    subject = _clause_subject(head).lower()
    return subject.startswith(_AGENT_HEADS) and not re.search(
        r",|\b(?:phải|được|có trách nhiệm|có quyền|không|cho|biết|và|hoặc)\b", subject)


def _subject_is_thing(head: str) -> bool:
    """The clause's subject starts with a thing ("Hồ sơ …", "Việc …"), not an agent."""
    subject = _clause_subject(head)
    if subject.startswith(_AGENT_PREFIXES):
        return False
    # "Mâu thuẫn, tranh chấp …" (dev7); a quoted name ("“Giải thưởng Nhà nước” …", dev12) and
    # a plural ("các tài liệu còn lại …", dev11) are read by their head word.
    first = [w.strip(",;“”\"") for w in re.sub(r"^(?:các|những)\s+", "", subject).split(" ")]
    return first[0] in _INANIMATE_HEADS or " ".join(first[:2]) in _INANIMATE_HEADS


# Why (dev4 error): "Thông tin … phải ghi trên bìa một của sách và không được ghi thêm thông
# tin khác": a "không được" coordinated with a "phải" of the same thing subject is the second
# half of that norm (a duty and a ban on the same act); the thing-subject reading ("Tài sản …
# không được xử lý", a negated passive) does not apply once a duty was stated.
_COORDINATED_DUTY = re.compile(r"\bphải\b[^;:.]*\s(?:và|nhưng)\s*$", re.I)
# Why (dev4 error): "Đối tượng thanh tra, … có trách nhiệm thi hành kết luận thanh tra … mà
# không thực hiện hoặc thực hiện không đầy đủ … thì … bị xử phạt": a modal word followed in its
# sentence by "mà không/chưa … thì" names who failed a duty (the subject of a condition); the
# sentence's norm comes after "thì".
_DUTY_OF_DEFAULTER = re.compile(r"[^;.:]*?\bmà\s+(?:không|chưa)\b[^;.:]*\bthì\b", re.I)
_PERSON_SUBJECT = re.compile(r"(?:người|công dân|nhà đầu tư)\b[^,]*$", re.I)


def _person_subject(head: str) -> bool:
    """The clause's subject is a short noun phrase (six words at most) naming a person."""
    subject = _clause_subject(head)
    return bool(_PERSON_SUBJECT.match(subject)) and len(subject.split()) <= 6
# The modal words that head a sentence's main predicate (as written, lower case).
_MAIN_MODAL = re.compile(r"(?<![\wÀ-ỹ])(?:phải|có trách nhiệm|có nghĩa vụ|có quyền|không được|"
                         r"chịu trách nhiệm)(?![\wÀ-ỹ])", re.I)
# Before the main modal word these make it coordinated with "được" or part of a condition.
_JOINED_OR_CONDITION = re.compile(
    r"\b(?:thì|và|hoặc|nhưng|đồng thời|để|mà|nếu|khi|còn|người|không)\s*$|\bthì\b", re.I)
# Verbs whose object can hold a clause with its own modal word ("yêu cầu X phải …"); unlike
# _CLAUSE_TAKING, "khi" here is a time phrase inside the relative clause ("trước khi …").
_CLAUSE_VERB = re.compile(r"\b(?:yêu cầu|buộc|đề nghị|bảo đảm|đảm bảo|quy định|cho phép|"
                          r"hướng dẫn|chỉ đạo|thông báo|biết)\b\s+\S", re.I)
_NEW_SUBJECT = re.compile(r"(?:mọi|các|những)\b", re.I)


def _relative_in_subject(head: str, after_text: str) -> bool:
    """A "được" right after a short subject whose sentence goes on to a main modal word:
    "được" opens a reduced relative clause on the subject, it is not the norm.

    Why (dev4 errors): "Tổ chức, cá nhân được phép sản xuất, nhập khẩu, sử dụng hóa chất … phải
    quản lý …", "Tổ chức được cấp chứng nhận … trước khi thực hiện việc bổ nhiệm, bầu cử, suy cử
    chức việc có trách nhiệm gửi …": the commas there separate the verbs or nouns of a list
    inside the relative clause. A comma followed by a new subject ("A được X, các cơ quan phải
    Y", "A được X, người sử dụng lao động phải Y") or a joining word ("và phải", "thì phải")
    makes two norms instead; :func:`_modifies_next_subject` covers the case with no comma.
    """
    subject = _clause_subject(head)
    if not subject or len(subject.split()) > 8 or not subject.startswith(_AGENT_HEADS):
        return False
    rest = re.split(r"[;:\n]|\.(?:\s|$)", after_text, maxsplit=1)[0]
    # (dev20: "cơ quan thuế được quyền ấn định số thuế phải nộp": an amount payable is no
    # main modal)
    main = next((m for m in _MAIN_MODAL.finditer(rest)
                 if not _amount_payable(m[0], rest[:m.start()], rest[m.end():].lstrip())), None)
    if main is None:
        return False
    between = rest[: main.start()]
    if _JOINED_OR_CONDITION.search(between) or _CLAUSE_VERB.search(between):
        return False
    last = between.rsplit(",", 1)[-1].strip().lower() if "," in between else ""
    return not (last.startswith(_AGENT_HEADS) or _NEW_SUBJECT.match(last))


# Why (dev8, dev9 errors): "Hợp tác xã … được áp dụng thuế suất 20%", "Cục trưởng Cục thuế …
# được áp dụng các hình thức xử lý hành chính": "áp dụng" with a measure as its object is the
# holder's entitlement, not the passive "được áp dụng đối với / theo …" of a rule.
_APPLY_A_MEASURE = re.compile(r"áp dụng\s+(?:các\s+|những\s+)?(?:biện pháp|hình thức|thuế suất|"
                              r"chế độ|mức|phương pháp|chính sách|ưu đãi)\b", re.I)
# Why (dev8 errors): "có quyền, trách nhiệm cử cán bộ …", "có quyền, nghĩa vụ nộp đơn …": the
# pair governs a verb, one norm on "có quyền" (convention 1). Nouns after the pair are words
# like these ("có quyền, nghĩa vụ liên quan / sau đây / ngang nhau / như chủ sở hữu / theo quy
# định …", counted over vn-laws-vlc).
# (dev25) Also joined by "và": "Công dân có quyền và trách nhiệm học tập, nghiên cứu …", "có
# quyền và nghĩa vụ tham gia …" (convention 22), but not "có quyền và nghĩa vụ chung quy định
# tại …", "… của công dân", "… công dân theo …" (nouns; the labelled ones are not norms).
_RIGHT_AND_DUTY_TO_ACT = re.compile(
    r"(?:,|\s*\bvà\b)\s*(?:nghĩa vụ|trách nhiệm)\s+(?!(?:liên quan|sau đây|ngang nhau|quy định|của|"
    r"như|theo|đối với|dân sự|tố tụng|và|về|tài sản|khác|tương ứng|hợp pháp|trong|tại|chung|"
    r"công dân|được|không)\b)[\wÀ-ỹ]", re.I)
# Why (dev25): "Điều tra viên được tiến hành các hoạt động kiểm tra, xác minh", "Chỉ cơ sở y tế …
# mới được tiến hành lấy mô": "tiến hành" (a passive after "được", see _PASSIVE_AFTER_DUOC)
# with an activity as its object is the act granted; the four labelled such phrases are norms,
# the fifteen labelled without an object ("được tiến hành theo / khi / tại …") are not.
_CONDUCT_ACTIVITY = re.compile(r"tiến hành\s+(?:các\s+|những\s+)?(?:hoạt động|tố tụng|lấy|"
                               r"xét nghiệm)\b", re.I)


# "hàng không" is one noun, aviation ("An ninh hàng không được trang bị súng", "Cảng vụ hàng
# không được …"), unless "hàng" is the goods or the customer of the word before it ("khách hàng
# không được vượt quá", "việc bốc hàng không được thực hiện"). Why (dev24): "An ninh hàng không
# được trang bị" was read as a ban ("không được") instead of a grant; on vn-laws-vlc 21 of the 25
# "hàng không được" are the aviation noun. The rules and the veto see it joined ("hàng_không",
# the same length, so offsets hold).
_AVIATION = re.compile(r"(?<![\wÀ-ỹ])(?<!khách )(?<!gửi )(?<!bốc )(?<!dỡ )(?<!nhận )(?<!bán )"
                       r"(?<!mua )(?<!giao )(?<!xếp )(?<!chủ )hàng\s+không(?![\wÀ-ỹ])", re.I)


def _join_compounds(text: str) -> str:
    return _AVIATION.sub(lambda m: re.sub(r"\s", "_", m[0]), text)


def _vi_trigger_ok(label: str, words: list[str], before: str, after: str, after_text: str,
                   head: str) -> bool:
    """The rules that tell a Vietnamese modal word from its look-alikes (one place)."""
    if words == ["được"] and head.endswith("_không "):
        before = "hàng_không"  # "An ninh hàng không được …": the noun, not a negated "được"
    if before in _MODAL_BEFORE:
        return False  # "phải có trách nhiệm", "không phải chịu …": one norm, on the first word
    if words[:1] == ["chịu"] and re.search(r"\bphải\s+liên đới\s*$", head, re.I):
        return False  # (dev27) "phải liên đới chịu trách nhiệm …": likewise, one norm on "phải"
    if words == ["được"] and _COPULA_COMPLEMENT.search(head):
        return False  # "… là em ruột của trẻ em được nhận …": inside what the subject *is*
    if _DUTY_OF_DEFAULTER.match(after_text):
        return False  # "X có trách nhiệm thi hành … mà không thực hiện … thì bị xử lý"
    if words[0] == "được" and _HAVE_CLAUSE.match(head):
        return False  # "Có chỉ định của cơ sở y tế được ghép …": inside the object of "Có"
    accountable = re.match(r"(?:liên đới\s+)?chịu trách nhiệm (?=(?:về|trước|đối với)\b)",
                           after_text) if words[:1] == ["phải"] else None
    if accountable and not _ACCOUNTABLE_FOR_ACT.match(after_text[accountable.end():]):
        # "phải chịu trách nhiệm trước pháp luật", (dev9) "… đối với các quyết định của mình",
        # (dev27) "phải liên đới chịu trách nhiệm về tính trung thực … của biên bản": no act is
        # required
        return False
    if words[-1:] == ["quyền"] and re.match(
            r"(?:,|(?:và|hoặc) (?:nghĩa vụ|trách nhiệm|lợi ích)\b|hạn|lợi)", after_text) and \
            not _RIGHT_AND_DUTY_TO_ACT.match(after_text):
        # "có quyền, nghĩa vụ như …", "có quyền hạn", (dev4) "có quyền và trách nhiệm khác":
        # nouns coordinated with "quyền", not a right to act.
        return False
    responsible = _RESPONSIBLE_OBJECT.search(head) if words == ["có", "trách nhiệm"] else None
    if responsible and not (responsible.start() < head.rfind(",")
                            and head.rsplit(",", 1)[1].strip()[:1].isupper()):
        # (dev22) "… theo văn bản đề nghị của tổ chức X, Ngân hàng Nhà nước Việt Nam có trách
        # nhiệm xử lý": a name after the comma is the main clause's subject, not a listed object.
        return False
    if words[:1] == ["có"] and re.match(r"(?:được )?(?:quy định tại|theo quy định)\b", after_text):
        # Why (dev error): "có nghĩa vụ quy định tại Điều 74": the duties listed elsewhere, a
        # noun; the norm is in the provision cited, not here.
        return False
    if words[:1] == ["phải"] and re.search(r"\bkhông (?:bắt buộc|nhất thiết|cần)\s*$", head, re.I):
        # "không bắt buộc phải tuân thủ", (dev18) "không nhất thiết phải thuộc cùng một nhóm
        # tội": a negated obligation
        return False
    if before in _RELATIVE_BEFORE and not (
        before == "người" and set(head.lower().split()[-2:-1]) & _QUANTIFIER_BEFORE_NGUOI
    ):
        return False  # "người được …", "mà người chấp hành án không được làm": a relative clause
    if _RELATIVE_MA.search(_CLASS_LIST_COMMA.sub(r"\1 ", head)) and before != "vẫn":
        # "… mà mình chịu trách nhiệm tổ chức": a relative clause; but (dev20) "Hộ được giao
        # quyền sử dụng đất … mà không sử dụng vẫn phải nộp thuế": "vẫn" (still) opens the
        # main predicate after the relative clause.
        return False
    if _POSSESSOR.search(head) or _WHERE_CLAUSE.search(head):
        return False
    if words[:2] in (["không", "được"], ["phải"]) and _STATUS_LIST.search(head):
        return False
    if words[:1] == ["phải"] and (_TIME_DUE.search(head) or _DEGREE.search(head)):
        return False
    if words[0] == "được" and _QUANTITY_PERMITTED.search(head):
        return False
    if words[0] == "được" and _AFTER_PERFECT.search(head):
        return False
    prepositional = _PREPOSITIONAL_OBJECT.search(head)
    if prepositional and re.search(r"\bphụ thuộc\s*$", head[:prepositional.start()], re.I):
        prepositional = None  # (dev20) "Cá nhân không phụ thuộc vào nơi cư trú có quyền …"
    if prepositional and not _TOPIC_HEAD.match(head) and not (
        # Why (dev18): "Người làm việc … tiếp xúc với tác nhân gây bệnh … phải chấp hành …",
        # "thành viên muốn rút vốn khỏi công ty phải thông báo …": after a verb's object a
        # "phải" is the subject's duty; 12 of the 15 such "phải" in the labelled sets are.
        words[:1] == ["phải"] and before != "không"
        and re.match(r"(?:với|vào|khỏi)\b", prepositional[0], re.I)
        # Not "đối với thuốc thú y phải kê đơn" (a class of drugs), nor inside the act of an
        # earlier modal ("có trách nhiệm phối hợp với Ủy ban … nơi có dự án phải thẩm định").
        and not re.search(r"\bđối\s*$", head[:prepositional.start()], re.I)
        and not _MAIN_MODAL.search(head[:prepositional.start()])
    ):
        return False  # "hợp đồng với tổ chức được phép …", "trong Danh mục … được phép …"
    if words[0] == "được" and _relative_in_subject(head, after_text):
        return False  # "Tổ chức, cá nhân được phép sản xuất, … phải quản lý …"
    if words[0] == "được":
        if before in ("không", "quyền", "phải") or before in _PASSIVE_BEFORE:
            return False  # "có quyền được", "phải được đào tạo": one norm, on the first word
        if before in _VERB_BEFORE_DUOC and not re.search(r"\bbị\s+(?:tạm\s+)?\S+\s*$", head,
                                                         re.I):
            # "nhận được", "có được": a resultative complement; but (dev21) "Người bị tạm giữ
            # được gặp thân nhân": after "bị" the verb is a participle of the subject.
            return False
        if _NEGATED_VERB.search(head) and not re.search(r"\bkhông\s+(?:được|phải)\s*$", head,
                                                        re.I):
            # "không khắc phục được tỷ lệ …" (dev18), "không thỏa thuận được": "được" after a
            # negated verb is "able to" (21 of the 23 such phrases in the labelled sets; the
            # two others are "không chuyên trách", an adjective).
            return False
        if before in _COUNTED_BEFORE_DUOC:
            return False
        if before in _INANIMATE and not head.lower().rstrip().endswith(_AGENT_PREFIXES) and \
                not _agent_subject_only(head):
            return False  # "… tài sản được chia": a thing right before "được" is passive
        if len(words) == 1 and not after:
            return False
        if len(words) == 1 and re.match(r"lấy ý kiến\b", after_text, re.I):
            return False  # "Cơ quan, tổ chức được lấy ý kiến": consulted, a passive (dev8)
        if len(words) == 1 and re.match(r"(?:phân|chia)\s+thành\b|phân chia\b", after_text, re.I):
            return False  # "Cảng hàng không được phân thành các loại": classified, a passive
        if len(words) == 1 and after in _PASSIVE_AFTER_DUOC and \
                not _APPLY_A_MEASURE.match(after_text) and \
                not _CONDUCT_ACTIVITY.match(after_text) and not (
                    _ITEM_LABEL.fullmatch(head) and before not in (";", ",")
                    and _ACTIVE_OBJECT.match(after_text, len(after))):
            # Also when "Được" opens a list item: "a) Được thành lập, hoạt động theo …" (dev5)
            # is a condition, though "a) Được bảo đảm trang thiết bị …" is a right (missed).
            # Not when the verb takes an object (dev19: "1. Được trồng xen cây nông nghiệp …",
            # "b) Được thành lập nhóm nghiên cứu …"): then the item grants the act.
            return False
        if len(words) == 1 and after in _NO_VERB_AFTER_DUOC and not _SENTENCE_HEAD.fullmatch(head):
            # "thông tin thu thập được về …", "không cung cấp được các thông tin", "tịch thu
            # được do …": no verb follows, so "được" completes the verb before it (got, able).
            return False
        if len(words) == 1 and re.match(r"thực hiện\s+(?:theo|tại|trong|bởi|đúng|như)\b|"
                                        r"thực hiện\s*[;.,]", after_text):
            return False  # "được thực hiện theo …" (the guide's passive), not "được thực hiện X"
        if _subject_is_thing(head):
            return False
        subject = _clause_subject(head)
        holder = re.split(r"\s(?:của|thuộc|trong|tại|do|cho|về)\s", subject, maxsplit=1)[0]
        if len(words) == 1 and len(subject.split()) > 2 and not _AGENT_WORD.search(holder) \
                and not _RIGHTS_ITEM.match(head) and not re.search(r"\bthì\s*$", head):
            # (Not in a list item of rights opened by "Được …", nor after "… thì": the holder
            # is the list's or the sentence's, not the words before.)
            # "Phí, lệ phí thu ở nước ngoài được thu …": a subject that names no person or body
            # cannot hold a right; "được" is the passive (dev5, dev6 errors: things outside any
            # list — fees, revenue, medals, relics). Only the head of the subject counts:
            # "Nguồn thu của tổ chức …" is revenue, "Bản thành tích của cá nhân" a document.
            return False
        if _GOAL_BEFORE_DUOC.search(head):
            return False  # "tạo điều kiện cho thanh niên được vay vốn", "để được phép …"
        if len(words) == 1 and re.match(r"pháp luật\s+quy định\b", after_text):
            return False  # (dev14) "… bảo vệ trẻ em được pháp luật quy định": laid down by law
        if len(words) == 1 and _AGENT_AFTER_DUOC.match(after_text):
            return False  # "được cơ quan … phê duyệt", "được người lao động ủy quyền"
        if len(words) == 1 and after_text[:1].isupper() and not _person_subject(head):
            # "được Nhà nước giao đất": passive + a named agent. Why (dev errors): with a short
            # subject naming a person it is a benefit passive, a permission by convention 12
            # ("Người thọ 100 tuổi được Chủ tịch nước chúc thọ", "… thì nhà đầu tư được Nhà
            # nước miễn tiền thuê đất").
            return False
        if len(words) == 1 and after in _PREPOSITIONS and not _SENTENCE_HEAD.fullmatch(head):
            # "sinh trưởng được trong điều kiện …": a complement, no verb follows. Not when
            # "Được" opens the clause (dev4: "3. Được cho thuê lại …"): there is no verb for it
            # to complete, so the next word is a verb ("cho thuê", "cho vay").
            return False
    if label == "prohibition" and words[0] == "không" and (
        after.split(" ")[0] in _BOUND_AFTER_KHONG_DUOC or after in _ONLY_PASSIVE
    ):
        return False  # a bound ("không được vượt quá") or a negated passive ("… quy định")
    if label == "prohibition" and words[0] == "không" and re.match(
            r"(?:sự\s+)?(?:đồng ý|chấp thuận|cho phép)\b|(?:người|chủ|cơ quan|tổ chức|cá nhân|"
            r"ủy ban|cấp)\b[^;.:]{0,60}?\b(?:đồng ý|chấp thuận|cho phép)\b", after_text, re.I):
        # Why (dev13): "… và không được người cho thuê … đồng ý cho giữ đăng ký", "không được sự
        # đồng ý của …": consent not given, a negated passive with its agent; no one is banned
        # (all 29 such phrases of vn-laws-vlc).
        return False
    if label == "prohibition" and words[0] == "không" and before in _INANIMATE and \
            before != "việc" and not _agent_subject_only(head) and \
            not _clause_subject(head).startswith("việc ") and \
            not _ACTIVE_HARM.match(after_text) and \
            not re.search(r"\b(?:ủy|trao|giao)\s+quyền\s*$", head, re.I):
        # ("Người được ủy quyền không được ủy quyền lại": "ủy quyền" is the verb, dev13.)
        # (Not when the subject is headed by a body: "Cơ quan quản lý dữ liệu không được …"
        # ends its name with a thing word but bans the body's act.)
        # Why (dev errors): "biết những tài liệu, chứng cứ không được công khai", "… theo bản
        # án, quyết định không được chuyển giao": a thing right before "không được" is a negated
        # passive describing it; no actor is banned. ("Việc X không được gây …" bans the act.)
        return False
    if label == "prohibition" and words[0] == "không" and (
            after in _DENIED_BENEFIT or re.match(r"ghi tên vào danh sách\b|(?:xét|xem xét)\s+"
                                                 r"(?:giảm|miễn|cấp)\b", after_text)
            or _DENIED_POST.match(after_text)):
        # "thì không được hưởng chế độ", (dev10) "… thì không được ghi tên vào danh sách cử
        # tri", (dev13) "… thì không được xem xét giảm thời hạn": an entitlement denied
        # (convention 6)
        return False
    if label == "prohibition" and words[0] == "không" and \
            re.match(r"làm\s*(?:[.;]|$)", after_text) and _WHAT_ONE_MAY_NOT.search(head):
        # "… và những việc mà pháp luật quy định cán bộ, công chức không được làm" (dev, dev10):
        # the bans are named elsewhere; this clause only refers to them.
        return False
    if label == "prohibition" and words[0] == "không" and _subject_is_thing(head) and \
            not _clause_subject(head).startswith("việc") and not _COORDINATED_DUTY.search(head) \
            and not _ACTIVE_HARM.match(after_text):
        # Why (dev scan): "Mâu thuẫn, tranh chấp … không được hòa giải", "Tài sản đó … không
        # được xử lý": a thing as subject makes "không được" a negated passive; no actor's act
        # is banned (convention 6). "Việc X không được gây …" bans the act X and stays.
        return False
    pair = _PASSIVE_PAIR.search(head) if label == "prohibition" and words[0] == "không" else None
    if pair and re.match(rf"(?:phép\s+)?{re.escape(pair['verb'])}\b", after_text, re.I):
        return False
    if words[-1].endswith("cấm") and before == "bị":
        return False  # "các hành vi bị (nghiêm) cấm": a passive naming acts (dev7)
    if label == "prohibition" and words[0] == "không" and len(words) == 2 and \
            (after_text[:1].isupper() or _AGENT_AFTER_DUOC.match(after_text)):
        return False  # "nhưng không được Giám thị … đề nghị": a negated passive with its agent
    if words == ["cấm"]:
        # "Cấm + verb" opens a ban only at the start of a sentence; elsewhere "cấm" is part of
        # a noun or a passive ("hình phạt cấm", "điều cấm", "bị cấm", "pháp luật không cấm").
        return bool(_SENTENCE_HEAD.fullmatch(head)) and not _BAN_DEFINED.match(after_text)
    if words == ["có thể"] or words == ["có", "thể"]:
        # "có thể" grants an option only to an acting subject ("đương sự có thể hỏi"), not
        # a possibility ("có thể kéo dài", "có thể bị khiếu nại").
        subject = _clause_subject(head)
        first = subject.split(" ")[0] if subject else ""
        # Why (dev errors): a subject opening with a preposition is a place or a setting ("trong
        # một hợp đồng có thể áp dụng …"); "có thể xảy ra" (pyvi splits "xảy" "ra"). A thing is
        # told by the subject's head, agent names first (dev4: "Đơn vị … có thể ký" is a body,
        # not "đơn" = an application).
        return (bool(subject) and not _subject_is_thing(head) and first not in _PREPOSITIONS
                and after not in ("bị", "được", "kéo dài", "gây", "xảy ra", "xảy", "dẫn đến",
                                  "dẫn tới", "ảnh hưởng")
                and not re.match(r"dẫn (?:đến|tới)\b", after_text)  # (dev16) a consequence
                # (dev22) "thì có thể hàng đã được gửi", "mặc dù có thể đã từ chối": a clause
                # in the past or under way (its subject one word at most) says what may have
                # happened, not an option; "có thể hỏi người đã cung cấp …" is one.
                and not re.match(r"(?:[^\s,;.]+\s+)?(?:đã|đang)\b", after_text))
    if words == ["phải"] and before in ("không", "chưa"):
        return False
    if words == ["phải"] and (re.search(r"\bcó quy định\s*$", head, re.I) or (
            re.search(r"\bcần thiết\s*$", head, re.I) and re.match(r"[^;.:\n]*,", after_text))):
        # Why (dev8 errors): "Điều ước quốc tế có quy định phải phê chuẩn", "Trường hợp cần
        # thiết phải điều chỉnh …, Chính phủ trình …": what a text or a need requires, the
        # complement of a noun or a condition before the main clause; this provision binds no
        # one by it ("…; trường hợp cần thiết phải có lực lượng bảo vệ." does: dev9).
        return False
    if words == ["phải"] and before in _VERB_BEFORE_PHAI:
        return False  # "mắc phải", "gặp phải": "phải" completes the verb (acquired, met)
    if words == ["phải"] and after == "biết" and re.search(r"\bbiết\s+hoặc\s*$", head, re.I):
        # "kể từ ngày người có quyền yêu cầu biết hoặc phải biết …": "knew or ought to have
        # known", the start of a limitation period, binds no one (found through a pair whose
        # actor was the whole limitation sentence; in 9 laws of vn-laws-vlc).
        return False
    if words == ["phải"] and before == "do":
        return False  # (dev13) "do phải bảo đảm …", "do phải phẫu thuật": a reason, "because"
    if words == ["phải"] and re.search(r"\b(?:người|mà)\s+(?:đang|đã|còn|vẫn)\s*$", head, re.I):
        return False  # (dev13) "người đang phải thực hiện …": a relative clause on "người"
    if words == ["phải"] and _CONTROLLED.match(after_text):
        return False
    if words[:2] == ["có", "quyền"] and re.search(r"\b(?:cổ phần|cổ phiếu)\s*$", head, re.I):
        return False  # (dev17) "cổ phần có quyền biểu quyết": voting shares, a noun
    if words[:2] in (["có", "nghĩa vụ"], ["có", "trách nhiệm"]) and before == "không":
        return False  # (dev17) "không có nghĩa vụ thanh toán": an exemption, no duty
    if label == "prohibition" and re.match(
            r"(?:hoàn lại|hoàn trả)\b|(?!cho phép|đồng ý|chấp thuận)[^,;:.]{1,40}\b"
            r"(?:cho phép|đồng ý|chấp thuận)\s*(?:[,;.]|$)", after_text,
            re.I):
        # (dev17) "không được hoàn lại lệ phí" (a refund denied), "không được nước tiếp nhận
        # lao động cho phép" (permission not given): negated passives, no act banned.
        return False
    if _NAMED_AFTER.match(after_text):
        # (dev16) "Thời gian tàu biển phải lưu lại cảng … gọi là thời gian lưu tàu": the modal
        # word is inside what the sentence names, a definition, not a rule.
        return False
    if _SPECIFIES_WHO.search(head):
        # (dev16) "Chính phủ … quy định các Bộ, cơ quan ngang Bộ chịu trách nhiệm quản lý …":
        # who is responsible is what the Government will specify; this text binds no ministry.
        return False
    if words == ["phải"] and _COMPELLED.search(head):
        return False  # (dev15) "buộc người lao động phải làm việc": the act compelled, described
    if label == "prohibition" and _COMPELLED_OR.search(head):
        return False  # "… buộc người lao động phải làm việc hoặc không được rời khỏi …"
    if words == ["có", "trách nhiệm"] and re.match(r"công dân\b", after_text):
        return False  # (dev15) "có trách nhiệm công dân": civic responsibility, a noun
    if _amount_payable(" ".join(words), head, after_text):
        return False  # "số thuế phải nộp", "số tiền phải trả": an amount payable, a noun (dev5)
    if words[:2] == ["chịu", "trách nhiệm"] and after == "trước":
        return bool(_ACCOUNTABLE_FOR_ACT.match(after_text))
    # Why (dev error): "chịu trách nhiệm và báo cáo công tác trước Quốc hội": accountability
    # coordinated with reporting, no act required by "chịu trách nhiệm" itself.
    # Why (dev5 errors): "Bộ Xây dựng chịu trách nhiệm đối với công trình …" assigns a field of
    # responsibility; no act follows.
    return not (words[:2] == ["chịu", "trách nhiệm"] and after.split(" ")[0] in ("về", "và", "đối"))


def _find_norms(doc: Any, matcher: Any, lang: str) -> Any:
    text = doc.text
    ctx: _Context | None = doc._.context
    if ctx is not None and ctx.in_definitions and _definition_match(text, ctx) is not None:
        doc._.norms = []  # a definition describes; its modal words bind no one
        return doc
    skip_until = ctx.heading_end if ctx is not None else 0
    if ctx is not None and _MEASURES_LEAD_IN.search(ctx.lead_in.rstrip().rsplit("\n", 1)[-1]):
        # "Các biện pháp … bao gồm: b) Cấm biểu tình …", "Các biện pháp khẩn cấp tạm thời bao
        # gồm: … Cấm chuyển dịch quyền về tài sản": the item names a measure that may be
        # ordered, not a ban this provision makes (convention 26; dev8; 35 of the 109 list
        # items of vn-laws-vlc that open with "Cấm" are under such a lead-in).
        head = _MEASURE_ITEM.match(text)
        if head is not None:
            skip_until = max(skip_until, head.end())
    lead = ctx.lead_in.rstrip().rsplit("\n", 1)[-1] if ctx is not None else ""
    if _CRITERIA_LEAD_IN.search(lead) and not re.search(r"\bquyền\b", lead, re.I):
        item = _CRITERION_ITEM.match(text)
        if item is not None:
            skip_until = max(skip_until, item.end())
    restricted = _restricted_spans(text) if lang == "vi" else []
    joined = _join_compounds(text) if lang == "vi" else text
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
        if lang == "vi" and joined[char_start - 1: char_start] == "_":
            continue  # "không được" whose "không" ends the noun "hàng không"
        if lang == "vi" and words == ["được"] and _NO_ONE.search(text, 0, char_start):
            label = "prohibition"  # "Không ai được xâm phạm …": a ban on everyone
        seg_start = max((m.end() for m in _BOUNDARY.finditer(text, 0, char_start + 1)), default=0)
        if lang == "vi" and not _vi_trigger_ok(label, words, before, after,
                                               text[char_end:].lstrip(),
                                               joined[seg_start:char_start]):
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
    if lang == "vi":
        kept = [k for i, k in enumerate(kept)
                if i + 1 == len(kept) or not _modifies_next_subject(text, k, kept[i + 1])]
        kept = [k for i, k in enumerate(kept)
                if i == 0 or not _inside_previous_action(text, kept[i - 1], k)]
        kept = [k for k in kept if _veto.keep(joined, k[0], k[1])]
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


# Why (dev scan): "… được cơ quan nhà nước có thẩm quyền phê duyệt", "được người lao động ủy
# quyền": the agent of a passive follows "được"; like "được Nhà nước giao", no right is granted.
_AGENT_AFTER_DUOC = re.compile(
    r"(?:cơ quan|cấp có thẩm quyền|người có thẩm quyền|người đứng đầu)\b|"
    r"người\b[^,;.]{0,40}?\b(?:ủy quyền|ủy nhiệm|cử|chỉ định)\b|"
    # Being trusted is a quality one has, not a benefit one is granted (dev9, dev18: "được
    # Nhân dân tín nhiệm", "được quần chúng tín nhiệm" in lists of criteria).
    r"(?:\S+\s+){0,5}tín nhiệm\b", re.I)
# A modal "được" is followed by a verb; after it these open a noun or a prepositional phrase
# (dev5 errors: "thu thập được về …", "không cung cấp được các thông tin").
_NO_VERB_AFTER_DUOC = frozenset({"về", "các", "những", "do", "một", "mọi", "nhiều"})
# Why (dev scan): "không được hưởng / bồi thường / hoàn trả": a benefit denied (convention 6).
_DENIED_BENEFIT = frozenset({"hưởng", "bồi thường", "hoàn trả", "bồi hoàn"})
# Why (dev26): "Viên chức quản lý đã bị kỷ luật cách chức do tham nhũng … thì không được bổ
# nhiệm vào vị trí quản lý", "Chủ đầu tư có dự án bị thu hồi không được giao làm chủ đầu tư …",
# "Cá nhân không được cấp Chứng chỉ hành nghề thú y trong trường hợp …": a post or a licence
# denied to the subject, a negated passive (conventions 6 and 30), not a ban on an act. On
# vn-laws-vlc all such phrases are (an office that may not appoint would take a person as
# object: "không được bổ nhiệm người thân"; one that may not license, "cấp phép cho").
_DENIED_POST = re.compile(r"bổ nhiệm(?:\s+(?:vào|làm|lại)\b|\s*,)|giao làm\b|"
                          r"cấp\s+(?:giấy|chứng chỉ|thẻ)\b", re.I)
# Why (dev26): "việc phân loại thông tin được cung cấp và không được cung cấp", "việc được thực
# hiện hoặc không được thực hiện các hoạt động": a pair of passives or options naming a class,
# no ban (the 3 such phrases on vn-laws-vlc).
_PASSIVE_PAIR = re.compile(r"\bđược(?:\s+phép)?\s+(?P<verb>[^\s,;:]+)(?:\s+[^\s,;:]+)?\s+"
                           r"(?:và|hoặc)\s*$", re.I)
# Why (dev26): "Cấm xuất khẩu là biện pháp do cơ quan nhà nước có thẩm quyền quyết định …": a
# measure named and defined, not a ban ("Cấm cư trú là buộc người bị kết án …").
_BAN_DEFINED = re.compile(r"[^,;.:]{1,60}?\s+là\s+(?:biện pháp|việc|hình thức|hình phạt|buộc)\b",
                          re.I)
# "Không ai được …" (no one may …): the negation is on the subject, the ban on everyone.
_NO_ONE = re.compile(r"\bkhông\s+(?:một\s+)?ai\s*$", re.I)
# Why (dev4): "Có con nuôi là anh, chị, em ruột của trẻ em được nhận làm con nuôi": a bare
# "được" inside the complement of the copula "là" (no comma, ";" or "thì" in between) is a
# relative clause in a description of what something is; it grants nothing. Only for "được":
# "phải" / "có trách nhiệm" after "X là đối tượng thanh tra" are the sentence's predicate
# (the "là" phrase describes the subject), and a comma ends the complement.
_COPULA_COMPLEMENT = re.compile(r"\blà\s+(?![^,;:]*\bthì\b)[^,;:]*$", re.I)
# Why (dev, dev4): a clause with no subject that opens with the verb "Có" (a condition in a
# list: "1. Có chỉ định ghép của cơ sở y tế được ghép mô …", "c) Có con nuôi là anh, chị, em
# ruột của trẻ em được nhận …") has a noun phrase, or a list of them, as its object; a "được"
# in it is a relative clause on a noun, not a right. Not after "Có quyền/trách nhiệm/…",
# whose clause is itself a norm ("a) Có quyền yêu cầu …, được bồi thường …").
_HAVE_CLAUSE = re.compile(r"\s*(?:\d+[a-zđ]?\s*(?:[.)]|-(?=\s))\s*|[a-zđ]\d{0,2}\)\s*)?"
                          r"có\s+(?!quyền|trách nhiệm|nghĩa vụ|thể)(?![^;:]*\bthì\s*$)[^;:]+$",
                          re.I)  # (not "có thành tích xuất sắc … thì được thăng …", dev18)
# The modal words that can head a sentence's predicate after a long subject.
_MAIN_PREDICATE = frozenset({"phải", "có quyền", "có trách nhiệm", "có nghĩa vụ", "không được",
                             "không được phép", "chịu trách nhiệm"})
# Before the second modal word these make it coordinated with, or part of, the first norm.
_JOINED_BEFORE = re.compile(r"(?:[,(]|\b(?:và|hoặc|nhưng|đồng thời|rồi|mà|để|cho|còn))\s*$", re.I)
# Verbs whose object can hold a clause with its own modal word ("yêu cầu X phải …").
# The verb must have an object before the second modal word: "cơ quan được yêu cầu phải cung
# cấp" is the passive "được yêu cầu" in the subject, not "yêu cầu X phải".
_CLAUSE_TAKING = re.compile(r"\b(?:yêu cầu|buộc|đề nghị|bảo đảm|đảm bảo|(?<!theo )quy định|"
                            r"cho phép|hướng dẫn|chỉ đạo|thông báo|biết|nếu|khi|trường hợp)\b"
                            r"\s+\S", re.I)
_NEW_CONDITION = re.compile(r"\b(?:nếu|khi|trường hợp)\b", re.I)


def _modifies_next_subject(text: str, first: tuple[int, int, str],
                           second: tuple[int, int, str]) -> bool:
    """Whether the first modal word sits inside the subject of the second one's sentence.

    Why (dev errors): "cơ quan, tổ chức, cá nhân có trách nhiệm thực hiện biện pháp bảo vệ phải
    tổ chức …", "Cá nhân được tặng danh hiệu … có quyền lưu giữ …", "Thiết bị thuộc Danh mục
    … phải dán nhãn năng lượng phải được dán nhãn": the first modal word is a relative clause
    on the subject; the sentence's norm is the second one. "X được cấp … thì được tiếp tục …":
    the first is in the condition closed by "thì". Not when the second is coordinated ("… và có
    nghĩa vụ …") or inside the first one's object ("yêu cầu X phải …").
    """
    between = text[first[1] : second[0]]
    if _BOUNDARY.search(between):
        return False
    t1, t2 = text[first[0] : first[1]].lower(), text[second[0] : second[1]].lower()
    if re.search(r"\bthì\s*$", between, re.I):
        return not _NEW_CONDITION.search(between)  # "A phải X, nếu Y thì phải Z": two norms
    if t2 not in _MAIN_PREDICATE or (t1 == "phải" and t2 != "phải") or "," in between:
        return False  # "A phải X, B phải Y": a comma opens a new clause with its own subject
    return not (_JOINED_BEFORE.search(between) or _CLAUSE_TAKING.search(between))


def _inside_previous_action(text: str, first: tuple[int, int, str],
                            second: tuple[int, int, str]) -> bool:
    """Whether a bare "được" is part of the action of the obligation or ban before it.

    Why (dev4 error): "Không ai được cản trở con nuôi được biết về nguồn gốc …", "… có trách
    nhiệm giúp người dân được tiếp cận …": with a verb and its object in between and nothing
    that starts a new predicate (comma, "và", "thì", a boundary), the second "được" is what the
    first act concerns (convention 1: a trigger inside another norm's action is not a norm).
    After a permission "được" the second one may be the real norm ("Tổ chức được cấp phép được
    thu …" keeps it: the first one is then a relative clause on the subject), so only after a
    duty, a ban or "có quyền".
    Why (dev8, dev9 errors): a comma inside the object list does not start a new predicate
    ("phải hạch toán riêng thu nhập từ hoạt động sản xuất, kinh doanh được ưu đãi thuế", "có
    trách nhiệm rà soát tài liệu, vật chứa bí mật nhà nước được đề nghị tiêu hủy"); one does
    when a person or a body follows it ("…, người sử dụng lao động được …"). A duty inside a
    right works the same way ("có quyền yêu cầu cơ quan … có trách nhiệm thực hiện ngay …").
    """
    word = text[second[0]:second[1]].lower()
    if not (word == "được" or (word == "có trách nhiệm" and first[2] == "permission")):
        return False
    if first[2] == "permission" and not text[first[0]:first[1]].lower().startswith("có quyền"):
        return False
    between = text[first[1]:second[0]]
    if _BOUNDARY.search(between) or re.search(r"[;:(]|\b(?:thì|và|hoặc|nhưng|còn|đồng thời)\b",
                                              between, re.I):
        return False
    last = between.rsplit(",", 1)
    if len(last) == 2 and (not last[1].strip() or _AGENT_WORD.match(last[1].strip())):
        return False  # "…, được …" or "…, người … được …": a predicate of its own
    return len(between.split()) >= 2


def _norm_record(text: str, start: int, end: int, label: str) -> dict[str, Any]:
    # "không có quyền biểu quyết": a right denied is a prohibition, and "không" is part of the
    # trigger, not the end of the actor (found reviewing vn-laws-vlc's top contradictions).
    # (Not "Giám đốc Cảng vụ hàng không có quyền …": the noun, see _AVIATION.)
    denied = re.search(r"(?<![\wÀ-ỹ])không\s+$", _join_compounds(text[max(0, start - 24):start]),
                       re.I)
    if label == "permission" and denied and text[start:end].lower().startswith("có quyền"):
        label = "prohibition"
        start -= len(denied.group(0))
    # Actor: from the start of the sentence segment to the trigger; a leading condition
    # ("Trường hợp …, thì" / "Khi …,") is not the actor.
    seg_start = max((m.end() for m in _BOUNDARY.finditer(text, 0, start + 1)), default=0)
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
    exceptions = list(_exceptions(text, seg_start, seg_end))
    conditions = [
        (c0, c1) for c0, c1 in _conditions(text, seg_start, seg_end)
        if not any(s <= c0 < e for s, e in exceptions)
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
        if any(s <= m.start() < e for s, e in taken) or \
                _REFERENCE_BEFORE.search(text, max(0, m.start() - 12), m.start()):
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
        seg_start = max((b.end() for b in _BOUNDARY.finditer(text, 0, m.start() + 1)), default=0)
        before = text[max(seg_start, m.start() - 80) : m.start()]
        bound = next((name for name, p in _BOUNDS if p.search(before)), None)
        if kind == "age":
            bound = bound or "age"
        out.append({"span": (m.start(), m.end()), "value": value, "unit": unit, "kind": kind,
                    "bound": bound})
    taken = [q["span"] for q in out]
    for m in _WORD_QUANTITY.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        worded = _word_number(m.group("words"))
        if worded is None or worded == 0:
            continue
        unit, kind = _UNITS[m.group("unit").lower()]
        if kind == "count" and worded == 1:
            continue  # "một thành viên": a member, not a count of one
        seg_start = max((b.end() for b in _BOUNDARY.finditer(text, 0, m.start() + 1)), default=0)
        before = text[max(seg_start, m.start() - 80) : m.start()]
        bound = next((name for name, p in _BOUNDS if p.search(before)), None)
        if kind == "age":
            bound = bound or "age"
        out.append({"span": (m.start(), m.end()), "value": worded, "unit": unit, "kind": kind,
                    "bound": bound})
    taken = [q["span"] for q in out]
    for m in (*_FRACTION.finditer(text), *_FRACTION_WORDS.finditer(text)):
        if any(s <= m.start() < e for s, e in taken):
            continue
        n, d = (_DIGIT_WORDS.get(g.lower()) if not g.isdigit() else int(g)
                for g in (m.group("n"), m.group("d")))
        if not n or not d or n >= d:
            continue
        seg_start = max((b.end() for b in _BOUNDARY.finditer(text, 0, m.start() + 1)), default=0)
        before = text[max(seg_start, m.start() - 80) : m.start()]
        bound = next((name for name, p in _BOUNDS if p.search(before)), None)
        out.append({"span": (m.start(), m.end()), "value": round(100.0 * n / d, 2),
                    "unit": "percent", "kind": "percent", "bound": bound})
    out.sort(key=lambda q: q["span"])
    doc._.quantities = out
    return doc


def _number(raw: str) -> float:
    """Vietnamese numerals: "500.000" → 500000, "1,5" → 1.5; "2.5" (English) → 2.5."""
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", raw):
        return float(raw.replace(".", "").replace(",", "."))
    if "," in raw:
        return float(raw.replace(",", "."))
    return float(raw)


def _standalone_definition(text: str, ctx: _Context) -> re.Match[str] | None:
    """A definition by its shape alone (``_DEF_STANDALONE``), for provisions outside a
    definitions article: a short term with no clause words, defined by a noun phrase."""
    at = ctx.heading_end
    m = _DEF_STANDALONE.match(text, at) or _DEF_EN.match(text[at:])
    if m is None:
        return None
    if m.re is _DEF_EN:
        return _DEF_EN.match(text, at)
    term, definition = m.group("term").strip(), m.group("def")
    words = term.lower().split()
    if not term[:1].isupper() or len(words) > 8 or _NOT_IN_TERM & set(words) or \
            _QUANTITY_SUBJECT.match(term) or _NOT_DEFINITION_START.match(definition) or \
            _POSITION.match(definition) or any(c.isdigit() for c in term) or \
            len(definition.split()) < 3:
        return None
    return m


def _definition_match(text: str, ctx: _Context | None) -> re.Match[str] | None:
    """The term and definition of a provision that is a definition, or None."""
    if ctx is None:
        return None
    if ctx.in_definitions:
        return _DEF_VI.match(text) or _DEF_EN.match(text)
    return _standalone_definition(text, ctx) if ctx.standalone else None


# Where the full name a short name stands for begins: after a clause break, a list's lead, or
# the words that attach it to what comes before ("theo quy định của Ngân hàng Nhà nước Việt Nam
# (sau đây gọi là Ngân hàng Nhà nước)").
_NAME_START = re.compile(r"(?:^\s*(?:\d+[a-zđ]?\.|[a-zđ]\))?|[.;:,\n]|\b(?:của|cho|với|và|"
                         r"hoặc|là|tại|theo|giữa|về)\b)\s*", re.I)
# … and of a list named at once ("Ủy ban nhân dân xã, phường, thị trấn (sau đây gọi chung là
# cấp xã)"): commas and "và / hoặc" are inside it.
_LIST_START = re.compile(r"(?:^\s*(?:\d+[a-zđ]?\.|[a-zđ]\))?|[.;:\n]|\b(?:của|cho|với|là|tại|"
                         r"theo|giữa|về)\b)\s*", re.I)


def _find_definitions(doc: Any) -> Any:
    text = doc.text
    ctx: _Context | None = doc._.context
    out = []
    # A naming parenthesis inside a defined term ("18. Nhà đầu tư PPP (sau đây gọi là nhà đầu
    # tư) là một pháp nhân …") is masked, so that its "là" is not read as the definition's: the
    # term is "Nhà đầu tư PPP", defined as "một pháp nhân …". Why (review of detect.v21's live
    # definition conflicts on vn-laws-vlc): the term was "Nhà đầu tư PPP (sau đây gọi" and its
    # "definition" "nhà đầu tư) là …".
    masked = _INLINE_DEF.sub(lambda m: " " * len(m.group()), text)
    m = _definition_match(masked, ctx)
    if m is not None and ctx is not None:
        start, end = m.span("term")
        out.append({"term": (start, start + len(text[start:end].rstrip())),
                    "definition": m.span("def"), "scope": ctx.scope, "kind": "definition"})
    for m in _INLINE_DEF.finditer(text):
        head = text[max(0, m.start() - 120) : m.start()]
        starts = _LIST_START if m.group("together") else _NAME_START
        begin = m.start() - len(head) + max((x.end() for x in starts.finditer(head)), default=0)
        out.append({"term": m.span("term"),
                    "definition": (begin, begin + len(text[begin : m.start()].rstrip())),
                    "scope": ctx.scope if ctx else "document", "kind": "short name"})
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
    has_children = {p.parent for p in items if p.parent is not None}
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
            heading_end=_heading_end(own, provision.level, provision.id in has_children),
            lead_in=own_text.get(provision.parent or "", ""),
            standalone=document.doc_type != "Hiến pháp",
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
                       _span(text, start, d["definition"]), d["scope"], d["kind"])
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


_ARTICLE_LABEL = re.compile(r"\s*(?:Điều|Article)\s+\d+[a-zđ]?\s*[.:]?\s*", re.I)
# A sentence, not a title: long and closed by ".", ":" or ";".
_BODY_ON_HEADING_LINE = re.compile(r"(?:\S+\s+){7,}\S*[.:;]\s*$")


def _heading_end(own: str, level: str, has_children: bool) -> int:
    """Where a provision's heading ends (its modal words are not norms); 0 for none.

    Why (dev errors, laws of the 1950s): "Điều 5. Người phạm pháp bị bắt phải được giải lên …"
    has no title: the whole article is one line after "Điều N.". A line of eight or more words
    closed by ".", ":" or ";" in an article with no body below and no clauses is the article's
    text; only the "Điều N." label is the heading. Titles with a full stop ("Điều 4. Trách nhiệm
    của …") always have a body on the next lines, so they are not affected.
    """
    if level in ("part", "chapter", "section", "subsection"):
        # Why (dev scan): their own text is only their title ("Mục 1. CẤM XUẤT KHẨU, …",
        # "… KHÔNG ĐƯỢC THỰC HIỆN CÔNG VIỆC NHẤT ĐỊNH"); a title binds no one.
        return len(own)
    if level != "article":
        return 0
    if "\n" in own.rstrip():
        return own.find("\n")
    label = _ARTICLE_LABEL.match(own)
    if label and not has_children and _BODY_ON_HEADING_LINE.match(own, label.end()):
        return label.end()
    return len(own)


# "Sửa đổi, bổ sung một số điều của Luật X số N như sau:", "Bãi bỏ … của Luật X …:": the
# points below it cite that law without naming it again. So do the clauses of an article
# headed "Điều 1. Sửa đổi, bổ sung một số điều của Luật X" — the first article of every
# amending law, with no colon. Why: the clauses of the sample's amending law 25/2025/QH15
# ("2. Sửa đổi, bổ sung khoản 3 Điều 9 như sau:") resolved to nothing, and only the clauses an
# amendment names stop applying (_findings.changes).
_AMENDING_INTRO = re.compile(r"(?:sửa đổi|bổ sung|bãi bỏ|thay thế)[^:]*:\s*$"
                             r"|^\s*Điều\s+\d+[a-zđ]?\.?\s*(?:sửa đổi|bổ sung|bãi bỏ|thay thế)"
                             r"[^:\n]*$", re.I)


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
