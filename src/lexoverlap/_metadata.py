"""Read a document's metadata from its own text: issuer, type, number, place, dates, title, rank.

Every rule is a pattern over the header block (the lines before the preamble), the preamble, or
the effect clause. What no rule finds stays ``None`` and is listed as missing: nothing is
guessed. Values derived from another field (the issuer from a number suffix such as ``NĐ-CP``)
are marked ``"derived"`` in the provenance.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from ._text import fold
from .models import Rank

HEADER_LINES = 14  # the header block of every real layout fits in the first 14 lines

# --- language -------------------------------------------------------------------------------
_VI_LETTERS = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.I)


def detect_language(text: str) -> str:
    """``"vi"`` when Vietnamese-only letters are frequent, else ``"en"``.

    Why: a vi/en choice is all the pipeline needs; Vietnamese-only letters make up ~10% of the
    letters of Vietnamese text and ~0% of English, so a 2% cut is far from both.

    Examples
    --------
    >>> detect_language("Điều 1. Phạm vi điều chỉnh"), detect_language("Article 1. Scope")
    ('vi', 'en')
    """
    sample = text[:20000]
    letters = sum(c.isalpha() for c in sample) or 1
    return "vi" if len(_VI_LETTERS.findall(sample)) / letters > 0.02 else "en"


# --- issuers --------------------------------------------------------------------------------
# Issuer kinds decide the rank together with the document type.
_ISSUERS: tuple[tuple[re.Pattern[str], str | None, str], ...] = tuple(
    (re.compile(p, re.I), name, kind)
    for p, name, kind in (
        (r"^ỦY BAN THƯỜNG VỤ QUỐC HỘI", "Ủy ban Thường vụ Quốc hội", "nasc"),
        (r"^(THE )?STANDING COMMITTEE OF THE NATIONAL ASSEMBLY", "Ủy ban Thường vụ Quốc hội", "nasc"),  # noqa: E501
        (r"^QUỐC HỘI", "Quốc hội", "na"),
        (r"^(THE )?NATIONAL ASSEMBLY", "Quốc hội", "na"),
        (r"^HỘI ĐỒNG NHÀ NƯỚC", "Hội đồng Nhà nước", "nasc"),
        (r"^CHỦ TỊCH NƯỚC|^(THE )?PRESIDENT\b", "Chủ tịch nước", "president"),
        (r"^THỦ TƯỚNG CHÍNH PHỦ|^(THE )?PRIME MINISTER", "Thủ tướng Chính phủ", "pm"),
        (r"^CHÍNH PHỦ|^(THE )?GOVERNMENT", "Chính phủ", "government"),
        (r"^(HỘI ĐỒNG THẨM PHÁN )?TÒA ÁN NHÂN DÂN TỐI CAO|^(THE )?SUPREME PEOPLE'?S COURT", "Tòa án nhân dân tối cao", "supreme"),  # noqa: E501
        (r"^VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO", "Viện kiểm sát nhân dân tối cao", "supreme"),
        (r"^KIỂM TOÁN NHÀ NƯỚC", "Kiểm toán nhà nước", "supreme"),
        (r"^(BAN CHẤP HÀNH TRUNG ƯƠNG|BỘ CHÍNH TRỊ|BAN BÍ THƯ|ĐẢNG CỘNG SẢN)", "Đảng Cộng sản Việt Nam", "party"),  # noqa: E501
        (r"^(THE )?(POLITBURO|CENTRAL COMMITTEE|COMMUNIST PARTY)", "Đảng Cộng sản Việt Nam", "party"),  # noqa: E501
        (r"^HỘI ĐỒNG NHÂN DÂN (TỈNH|THÀNH PHỐ)", None, "provincial_council"),
        (r"^ỦY BAN NHÂN DÂN (TỈNH|THÀNH PHỐ)", None, "provincial_committee"),
        (r"^(HỘI ĐỒNG|ỦY BAN) NHÂN DÂN (HUYỆN|QUẬN|THỊ XÃ|XÃ|PHƯỜNG|THỊ TRẤN)", None, "local"),
        (r"^(PEOPLE'?S COMMITTEE|PEOPLE'?S COUNCIL) OF .*(PROVINCE|CITY)", None, "provincial_committee"),  # noqa: E501
        (r"^(BỘ|NGÂN HÀNG NHÀ NƯỚC|THANH TRA CHÍNH PHỦ|ỦY BAN DÂN TỘC)\b", None, "ministry"),
        (r"^(THE )?(MINISTRY|STATE BANK)\b", None, "ministry"),
    )
)

# Why: when the header has no issuer line, the number's suffix names the issuer by rule
# (Decree No. 01/2014/NĐ-HĐTP of Resolution pattern is handled by the type instead).
_SUFFIX_ISSUER: tuple[tuple[re.Pattern[str], str, str], ...] = tuple(
    (re.compile(p), name, kind)
    for p, name, kind in (
        (r"/QH\d+$", "Quốc hội", "na"),
        (r"UBTVQH\d*$", "Ủy ban Thường vụ Quốc hội", "nasc"),
        (r"(NĐ|ND)-CP$|NQ-CP$", "Chính phủ", "government"),
        (r"(QĐ|QD)-TTg$", "Thủ tướng Chính phủ", "pm"),
        (r"/TW$|-NQ/TW$", "Đảng Cộng sản Việt Nam", "party"),
        (r"/L-?CTN$|/CTN$", "Chủ tịch nước", "president"),
    )
)

# --- document types -------------------------------------------------------------------------
# Canonical type names; the order matters (longer names first).
_TYPES_VI = (
    "Thông tư liên tịch", "Nghị quyết liên tịch", "Hiến pháp", "Bộ luật", "Luật mẫu", "Luật",
    "Pháp lệnh", "Nghị quyết", "Nghị định", "Quyết định", "Thông tư", "Chỉ thị", "Sắc lệnh",
    "Lệnh",
)  # fmt: skip
_TYPES_EN = {
    "constitution": "Constitution", "code": "Code", "law": "Law", "act": "Law",
    "ordinance": "Ordinance", "resolution": "Resolution", "decree": "Decree",
    "decision": "Decision", "circular": "Circular", "joint circular": "Joint circular",
    "directive": "Directive", "order": "Order", "regulation": "Regulation",
}  # fmt: skip
_TYPE_LINE_VI = re.compile(
    r"^(" + "|".join(t.upper() for t in _TYPES_VI) + r")(?:\s+SỐ\b.*|\s*)$"
)
_TYPE_PREFIX_VI = re.compile(r"^(" + "|".join(t.upper() for t in _TYPES_VI) + r")\s+\S")
_TYPE_LINE_EN = re.compile(
    r"^(?:THE\s+)?(CONSTITUTION|CODE|LAW|ACT|ORDINANCE|RESOLUTION|DECREE|DECISION|"
    r"JOINT CIRCULAR|CIRCULAR|DIRECTIVE|ORDER|REGULATION)\b(.*)$"
)
_TYPE_SUFFIX_EN = re.compile(r"\b(CODE|LAW|ACT|DECREE|CIRCULAR|RESOLUTION|REGULATION)$")

# --- numbers, dates -------------------------------------------------------------------------
# 45/2019/QH14, 15/2020/NĐ-CP, 01/2021/TT-BTC, 17/2025/QĐ-UBND, 57-NQ/TW, 18-L/CTN,
# 21-LCT/HĐNN8, 03/2016/TTLT-BTP-BCA, 51/2001/QH10; "QH 13" (space) occurs in 6 files.
_NUMBER = r"(\d{1,4}[a-z]?(?:/\d{4})?/[A-ZĐ][A-ZĐa-z0-9]*(?:[-./][A-ZĐ0-9][A-ZĐa-z0-9]*)*(?:\s\d{1,2}\b)?|\d{1,4}-[A-ZĐ]+(?:[-./][A-ZĐ0-9.]+)+)"  # noqa: E501
# The number line starts the line ("Số: …", "Luật số: …", "Law No. …"); the number may be on
# the next line ("Số:\n64/2006/QH11"). Numbers cited in the preamble never start a line.
_NUMBER_LINE = re.compile(
    r"^(?:(?:Bộ luật|Luật|Nghị quyết|Pháp lệnh|Nghị định|Quyết định|Thông tư|Law|Code|Decree|"
    r"Resolution|Circular|Decision|Regulation|Ordinance|Order|Act)\s+)?"
    r"(?:Số|SỐ|số|No\.?|Number)\s*[:.]?\s*" + _NUMBER,
    re.M,
)
_VI_DATE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.I)
_NUM_DATE = re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b")
_PLACE_DATE = re.compile(
    r"^([^,\d]{2,40}),\s*ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.I
)
# "Luật này đã được Quốc hội … thông qua", "luật … đã được Quốc hội biểu quyết": names the
# issuer and the type when a text has lost its header block.
_PASSED_BY = re.compile(
    r"(?:^|\b)(Bộ luật|Luật|Pháp lệnh|Nghị quyết|luật)(?: này)?[^.\n]{0,80}?(?:đã )?được "
    r"(Quốc hội|Ủy ban thường vụ Quốc hội)[^.\n]{0,200}?(?:thông qua|biểu quyết)",
    re.M,
)
_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"]  # noqa: E501
    )
}
_EN_DATE = (
    r"(?:(january|february|march|april|may|june|july|august|september|october|november|"
    r"december)\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})|(\d{1,2})(?:st|nd|rd|th)?\s+"
    r"(january|february|march|april|may|june|july|august|september|october|november|"
    r"december),?\s+(\d{4}))"
)
_EN_PLACE_DATE = re.compile(r"^([A-Za-z][A-Za-z .]{1,30}),\s*" + _EN_DATE + r"\s*$", re.I)
_ADOPTED_VI = re.compile(r"thông qua ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")
_ADOPTED_EN = re.compile(r"(?:passed|adopted|ratified)\b[^.]{0,120}?\bon\s+" + _EN_DATE, re.I)

# The document's own effect clause: "Luật này có hiệu lực thi hành từ ngày 01 tháng 01 năm
# 2019", "... có hiệu lực kể từ ngày ký", "This Law takes effect on January 01, 2019".
_SELF = r"(?:Hiến pháp|Bộ luật|Luật|Pháp lệnh|Nghị quyết|Nghị định|Quyết định|Thông tư|Chỉ thị)"
_EFFECT_VI = re.compile(
    _SELF + r" này có hiệu lực(?: thi hành)?(?: (?:kể )?từ| kể từ)?\s+(ngày ký|ngày công bố|"
    r"ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}|ngày\s+\d{1,2}[/.-]\d{1,2}[/.-]\d{4})",
    re.I,
)
_EFFECT_EN = re.compile(
    r"This (?:Constitution|Code|Law|Act|Ordinance|Resolution|Decree|Decision|Circular|"
    r"Regulation)\s+"
    r"(?:shall\s+)?(?:takes?|comes?|enters?|goes?)\s+(?:effect|into force|into effect)\s+"
    r"(?:on|from|as of)\s+(?:the date of (signing|its signature)|" + _EN_DATE + ")",
    re.I,
)

_DECOR = re.compile(r"[-–—_*=~]{3,}")
_REPUBLIC = re.compile(r"CỘNG HÒA XÃ HỘI CHỦ NGHĨA|SOCIALIST REPUBLIC OF VIET ?NAM", re.I)
_TITLE_VI = re.compile(r"ban hành\s+(" + _SELF + r"\s.{3,200}?)\s*\.?$", re.M)
_TITLE_EN = re.compile(r"promulgates?\s+(?:the\s+|an?\s+)?(.{3,200}?)\s*\.?$", re.M | re.I)


@dataclass
class Metadata:
    """Fields read from a text, each with where it came from (mutable while being built)."""

    title: str | None = None
    doc_type: str | None = None
    number: str | None = None
    issuer: str | None = None
    issuer_kind: str | None = None
    place: str | None = None
    signed: date | None = None
    effective: date | None = None
    expiry: date | None = None
    header_end: int = 0  # index of the first line after the header block
    provenance: dict[str, str] = field(default_factory=dict)

    def set(self, name: str, value: object, how: str = "text") -> None:
        """Set ``name`` when a value was found, recording its provenance."""
        if value is None or getattr(self, name) is not None:
            return
        setattr(self, name, value)
        self.provenance[name] = how


def _safe_date(y: str | int, m: str | int, d: str | int) -> date | None:
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        return None


def _en_date(groups: tuple[str | None, ...]) -> date | None:
    month1, day1, year1, day2, month2, year2 = groups
    if month1 and day1 and year1:
        return _safe_date(year1, _MONTHS[month1.lower()], day1)
    if month2 and day2 and year2:
        return _safe_date(year2, _MONTHS[month2.lower()], day2)
    return None


def clean_number(raw: str) -> str:
    """Canonical document number: no spaces, ``Đ`` kept, trailing dots dropped.

    Examples
    --------
    >>> clean_number("29/2013/QH 13")
    '29/2013/QH13'
    """
    return re.sub(r"\s+", "", raw).rstrip(".,;")


def _issuer_from_line(line: str) -> tuple[str, str] | None:
    for pattern, canonical, kind in _ISSUERS:
        if pattern.match(line):
            if canonical is None:
                # Proper names cannot be re-cased from capitals without guessing: keep as written.
                return " ".join(line.split()), kind
            return canonical, kind
    return None


def _is_upper(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.9


def read_metadata(text: str, language: str) -> Metadata:
    """Read the metadata of a normalised document text.

    Parameters
    ----------
    text : str
        The normalised text (see :func:`lexoverlap._text.normalize_text`).
    language : str
        ``"vi"`` or ``"en"``.

    Returns
    -------
    Metadata
        The fields found, with ``header_end`` set to the first line after the header block.

    Examples
    --------
    >>> md = read_metadata("QUỐC HỘI -------\\nLuật số: 45/2019/QH14\\n"
    ...                    "Hà Nội, ngày 20 tháng 11 năm 2019\\nBỘ LUẬT\\nLAO ĐỘNG\\n"
    ...                    "Căn cứ Hiến pháp;", "vi")
    >>> md.number, md.doc_type, md.issuer, md.signed.isoformat(), md.header_end
    ('45/2019/QH14', 'Bộ luật', 'Quốc hội', '2019-11-20', 5)
    """
    md = Metadata()
    lines = text.split("\n")
    head = lines[:HEADER_LINES]
    title_lines: list[str] = []
    type_index: int | None = None

    # Issuer: the lines before the "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" line, decoration removed.
    issuer_parts: list[str] = []
    for line in head:
        bare = _DECOR.sub(" ", line).strip()
        republic = _REPUBLIC.search(bare)
        if republic:
            before = bare[: republic.start()].strip()
            if before:
                issuer_parts.append(before)
            break
        if bare and _is_upper(bare):
            issuer_parts.append(bare)
        elif bare:
            break
    if issuer_parts:
        found = _issuer_from_line(" ".join(issuer_parts))
        if found:
            md.set("issuer", found[0])
            md.issuer_kind = found[1]

    number = _NUMBER_LINE.search("\n".join(head))
    type_hint = None
    if number:
        md.set("number", clean_number(number.group(1)))
        # "Luật số: …" / "Bộ luật số: …" name the type too (used when no type line says it).
        word = re.match(r"^(Bộ luật|Luật|Nghị quyết|Pháp lệnh)\s+số", number.group(0), re.I)
        type_hint = word.group(1).capitalize() if word else None
    for i, line in enumerate(head):
        if _STRUCTURE.match(line):
            break  # the body has begun: a chapter title is not the document's type line
        if md.signed is None:
            pd = _PLACE_DATE.match(line)
            if pd:
                md.set("place", pd.group(1).strip())
                md.set("signed", _safe_date(pd.group(4), pd.group(3), pd.group(2)))
            en = _EN_PLACE_DATE.match(line)
            if en and language == "en":
                md.set("place", en.group(1).strip())
                md.set("signed", _en_date(en.groups()[1:]))
        if type_index is None and _match_type(line, language, md):
            type_index = i
            title_lines.append(line)
            md.header_end = i + 1
            if not _type_rest(line, language):
                # The title proper follows in capitals on the next line(s).
                for j in range(i + 1, min(i + 4, len(lines))):
                    if not _is_upper(lines[j]) or _is_structure(lines[j]):
                        break
                    title_lines.append(lines[j])
                    md.header_end = j + 1

    # A law promulgated by a presidential order ("SẮC LỆNH" / "LUẬT SỐ 102-SL/L-004 …", 1957)
    # is a law: the order only promulgates it.
    if md.doc_type == "Sắc lệnh" and any(t.startswith("LUẬT SỐ") for t in head):
        md.doc_type = "Luật"
    md.set("doc_type", type_hint)
    passed = _PASSED_BY.search("\n".join(lines[:30] + lines[-12:]))
    if passed:
        md.set("doc_type", passed.group(1).capitalize())
        by_na = passed.group(2) == "Quốc hội"
        md.set("issuer", "Quốc hội" if by_na else "Ủy ban Thường vụ Quốc hội")
        md.issuer_kind = md.issuer_kind or ("na" if passed.group(2) == "Quốc hội" else "nasc")

    # Old laws carry number and date in the title line: "LUẬT SỐ 18-L/CTN NGÀY 06/07/1993 …".
    if title_lines and md.signed is None:
        joined = " ".join(title_lines)
        m = _NUM_DATE.search(joined) or None
        if m:
            md.set("signed", _safe_date(m.group(3), m.group(2), m.group(1)))
        else:
            v = _VI_DATE.search(joined)
            if v:
                md.set("signed", _safe_date(v.group(3), v.group(2), v.group(1)))
    if title_lines and md.number is None:
        m2 = re.search(r"\bSỐ\s*:?\s*" + _NUMBER, " ".join(title_lines))
        if m2:
            md.set("number", clean_number(m2.group(1)))

    # Title: the preamble's "… ban hành Luật X." gives it in sentence case.
    body_head = "\n".join(lines[md.header_end : md.header_end + 40])
    title_match = (_TITLE_VI if language == "vi" else _TITLE_EN).search(body_head)
    if title_match:
        md.set("title", title_match.group(1).strip().rstrip(".;,:"))
    elif title_lines:
        composed = _compose_title(title_lines, md.doc_type, language)
        if fold(composed) != fold(md.doc_type or ""):  # "Luật" alone names nothing
            md.set("title", composed)

    # Signing date fallback for laws: the adoption sentence at the end.
    tail = "\n".join(lines[-12:])
    if md.signed is None:
        adopted = _ADOPTED_VI.search(tail) if language == "vi" else _ADOPTED_EN.search(tail)
        if adopted:
            if language == "vi":
                md.set("signed", _safe_date(adopted.group(3), adopted.group(2), adopted.group(1)))
            else:
                md.set("signed", _en_date(adopted.groups()))

    _read_effective(text, language, md)

    if md.number and md.issuer is None:
        for suffix, issuer, kind in _SUFFIX_ISSUER:
            if suffix.search(md.number):
                md.set("issuer", issuer, "derived")
                md.issuer_kind = kind
                break
    if md.issuer_kind is None and md.issuer:
        found = _issuer_from_line(md.issuer.upper())
        md.issuer_kind = found[1] if found else None
    return md


def _match_type(line: str, language: str, md: Metadata) -> bool:
    bare = _DECOR.sub(" ", line).strip()
    if language == "vi":
        m = _TYPE_LINE_VI.match(bare) or _TYPE_PREFIX_VI.match(bare)
        if m and _is_upper(bare):
            name = next(t for t in _TYPES_VI if t.upper() == m.group(1))
            md.set("doc_type", name)
            return True
        return False
    m = _TYPE_LINE_EN.match(bare)
    if m and _is_upper(bare):
        md.set("doc_type", _TYPES_EN[m.group(1).lower()])
        return True
    s = _TYPE_SUFFIX_EN.search(bare)
    if s and _is_upper(bare) and not _REPUBLIC.search(bare) and _issuer_from_line(bare) is None:
        md.set("doc_type", _TYPES_EN[s.group(1).lower()])
        return True
    return False


def _type_rest(line: str, language: str) -> str:
    bare = _DECOR.sub(" ", line).strip()
    m = (_TYPE_LINE_VI if language == "vi" else _TYPE_LINE_EN).match(bare)
    if m is None:
        return bare
    return bare[m.end(1) :].strip()


_TITLE_NOISE = re.compile(
    r"\bSỐ\s*:?\s*\S+|\bNGÀY\s+\d{1,2}([/.-]\d{1,2}[/.-]\d{4}|\s+THÁNG\s+\d+\s+NĂM\s+\d{4})|"
    r"\bCỦA QUỐC HỘI( NƯỚC CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM)?|\bCHỦ TỊCH NƯỚC.*$|^SẮC LỆNH\s+"
)


def _compose_title(title_lines: list[str], doc_type: str | None, language: str) -> str:
    # Old headers pack number, date and issuer into the title line ("LUẬT SỐ 18-L/CTN NGÀY
    # 06/07/1993 CỦA QUỐC HỘI VỀ DẦU KHÍ"): keep only the name of the law.
    joined = " ".join(_DECOR.sub(" ", t).strip() for t in title_lines)
    joined = " ".join(_TITLE_NOISE.sub(" ", joined).split())
    if language == "en":
        return joined.title()
    upper_type = (doc_type or "").upper()
    rest = joined[len(upper_type) :].strip() if joined.startswith(upper_type) else joined
    rest = rest.lower()
    return f"{doc_type} {rest}".strip() if doc_type else rest.capitalize()


_STRUCTURE = re.compile(r"^(Chương|CHƯƠNG|Điều|ĐIỀU|Phần|PHẦN|Mục|MỤC|Chapter|CHAPTER|Article)\b")


def _is_structure(line: str) -> bool:
    # The motto line starts with the republic's name; an old title line only mentions it
    # ("CỦA QUỐC HỘI NƯỚC CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM SỐ 24/2000/QH10 … VỀ …").
    return bool(_STRUCTURE.match(line)) or bool(_REPUBLIC.match(line.strip()))


def _read_effective(text: str, language: str, md: Metadata) -> None:
    # Only lines that speak of effect can hold the effect clause; scanning them alone is ~50x
    # faster than running the patterns over the whole text.
    key = "hiệu lực" if language == "vi" else "effect"
    text = "\n".join(line for line in text.split("\n") if key in line or "force" in line)
    if language == "vi":
        for m in _EFFECT_VI.finditer(text):
            when = m.group(1)
            if when == "ngày ký":
                md.set("effective", md.signed, "derived")
            elif when == "ngày công bố":
                continue
            else:
                v = _VI_DATE.search(when)
                n = _NUM_DATE.search(when)
                if v:
                    md.set("effective", _safe_date(v.group(3), v.group(2), v.group(1)))
                elif n:
                    md.set("effective", _safe_date(n.group(3), n.group(2), n.group(1)))
            if md.effective is not None:
                return
        return
    for e in _EFFECT_EN.finditer(text):
        if e.group(1):
            md.set("effective", md.signed, "derived")
        else:
            md.set("effective", _en_date(e.groups()[1:]))
        if md.effective is not None:
            return


# --- rank -----------------------------------------------------------------------------------
_RANK_BY_TYPE: dict[str, Rank] = {
    "hien phap": Rank.CONSTITUTION, "constitution": Rank.CONSTITUTION,
    "bo luat": Rank.LAW, "luat": Rank.LAW, "code": Rank.LAW, "law": Rank.LAW,
    "phap lenh": Rank.NA_STANDING_COMMITTEE, "ordinance": Rank.NA_STANDING_COMMITTEE,
    "lenh": Rank.PRESIDENT, "sac lenh": Rank.PRESIDENT, "order": Rank.PRESIDENT,
    "nghi dinh": Rank.GOVERNMENT, "decree": Rank.GOVERNMENT,
    "thong tu": Rank.MINISTERIAL, "circular": Rank.MINISTERIAL,
    "thong tu lien tich": Rank.MINISTERIAL, "joint circular": Rank.MINISTERIAL,
    "nghi quyet lien tich": Rank.GOVERNMENT,
}  # fmt: skip
# Resolutions and decisions take their rank from the issuer.
_RANK_BY_ISSUER: dict[str, Rank] = {
    "na": Rank.LAW,
    "nasc": Rank.NA_STANDING_COMMITTEE,
    "president": Rank.PRESIDENT,
    "government": Rank.GOVERNMENT,
    "pm": Rank.PRIME_MINISTER,
    "supreme": Rank.SUPREME_BODIES,
    "ministry": Rank.MINISTERIAL,
    "provincial_council": Rank.PROVINCIAL_COUNCIL,
    "provincial_committee": Rank.PROVINCIAL_COMMITTEE,
    "local": Rank.LOCAL,
}
# Why: these are not legal normative documents under Law 80/2015/QH13 (Party resolutions,
# directives, model laws); they are kept and flagged, outside the hierarchy.
_MODEL_LAW_TYPES = {"luat mau", "model law"}
_NON_NORMATIVE_TYPES = {"chi thi", "directive"} | _MODEL_LAW_TYPES


def is_model_law(doc_type: str | None) -> bool:
    """A model law ("Luật mẫu", UNCITRAL's): a template for legislators that binds no one.

    >>> is_model_law("Luật  mẫu"), is_model_law("Luật")
    (True, False)
    """
    return " ".join(fold(doc_type or "").split()) in _MODEL_LAW_TYPES


def rank_of(doc_type: str | None, issuer_kind: str | None) -> tuple[Rank | None, bool]:
    """The legal-effect rank and whether the document is normative at all.

    Examples
    --------
    >>> rank_of("Nghị định", "government")
    (<Rank.GOVERNMENT: 5>, True)
    >>> rank_of("Nghị quyết", "party")
    (None, False)
    >>> rank_of("Thông tư", "supreme")
    (<Rank.SUPREME_BODIES: 7>, True)
    """
    if issuer_kind == "party":
        return None, False
    key = fold(doc_type or "")
    if key in _NON_NORMATIVE_TYPES:
        return None, False
    if key in ("thong tu", "circular") and issuer_kind == "supreme":
        return Rank.SUPREME_BODIES, True
    if key in _RANK_BY_TYPE:
        return _RANK_BY_TYPE[key], True
    if issuer_kind in _RANK_BY_ISSUER and key:
        return _RANK_BY_ISSUER[issuer_kind], True
    return None, bool(key)
