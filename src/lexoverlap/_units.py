"""The provisions that get compared: clauses, and articles that have no clauses.

A conflict lives in one rule, and in Vietnamese laws one rule is one clause (khoản) or a
clause-less article (điều). Points (điểm) stay inside their clause's text; chapters and
parts are containers. Documents without legal structure fall back to paragraphs. The
preamble (basis and enacting formula) and appendices are never compared.

Boilerplate that every law repeats (entry into force, transition, implementation, the
enacting formula) is recognised by rule, not left to chance in the similarity scores.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from ._text import fold
from .models import Provision

# Article headings of clauses that implement the law rather than regulate anything: entry
# into force, implementation, transition, repeal of the old law. Every law has them and
# they are near-identical across laws, so as "duplicates" they would drown the findings.
_BOILERPLATE_HEADING = re.compile(
    r"^(?:hieu luc(?: thi hanh)?|dieu khoan thi hanh|quy dinh chi tiet(?: va huong dan)?"
    r"(?: thi hanh)?|huong dan thi hanh|to chuc thuc hien|trach nhiem thi hanh|thi hanh"
    r"|quy dinh chuyen tiep|dieu khoan chuyen tiep|hieu luc va huong dan thi hanh"
    r"|hieu luc thi hanh va quy dinh chuyen tiep|entry into force|effect|implementation"
    r"|implementation provisions|effective date|transitional provisions?)\b"
)
# Sentences of the same kind when the heading is missing ("Luật này có hiệu lực từ ngày …").
_BOILERPLATE_TEXT = re.compile(
    r"^(?:(?:bo )?luat|phap lenh|nghi dinh|nghi quyet|thong tu|quyet dinh|this (?:law|decree))"
    r"(?: nay)? (?:co hieu luc|takes? effect|shall take effect|comes? into force)"
)


@dataclass(frozen=True, slots=True)
class Unit:
    """A provision to compare, with the text the encoders see and its article heading."""

    provision: Provision
    heading: str
    text: str
    boilerplate: bool

    @property
    def id(self) -> str:
        return self.provision.id


def _body(p: Provision) -> str:
    """The provision's text without its own heading line (``Điều 5. Title``)."""
    if p.level == "article":
        first, _, rest = p.text.partition("\n")
        return rest.strip() or first
    return p.text


def units(provisions: Sequence[Provision]) -> Iterator[Unit]:
    """The comparison units of one document, in document order.

    Examples
    --------
    >>> from lexoverlap import document_from_text, segment
    >>> doc = document_from_text(
    ...     "Điều 1. Phạm vi\\nLuật này quy định A.\\nĐiều 2. Thời hạn\\n1. Mười ngày.\\n"
    ...     "2. Hai mươi ngày.\\nĐiều 3. Hiệu lực thi hành\\nLuật này có hiệu lực từ nay.",
    ...     doc_id="d")
    >>> [(u.id, u.boilerplate) for u in units(segment(doc))]
    [('d/art1', False), ('d/art2/cl1', False), ('d/art2/cl2', False), ('d/art3', True)]
    """
    by_id = {p.id: p for p in provisions}
    has_clause = {p.parent for p in provisions if p.level == "clause"}
    for p in provisions:
        if p.level == "clause":
            article = _article_of(p, by_id)
        elif p.level == "article" and p.id not in has_clause:
            article = p
        elif p.level == "paragraph" and not p.id.endswith("/preamble"):
            article = None
        else:
            continue
        heading = article.heading if article is not None else ""
        text = _body(p).strip()
        if not text:
            continue
        yield Unit(p, heading, text, is_boilerplate(heading, text))


def _article_of(p: Provision, by_id: dict[str, Provision]) -> Provision | None:
    parent = by_id.get(p.parent or "")
    while parent is not None and parent.level != "article":
        parent = by_id.get(parent.parent or "")
    return parent


# A clause that only delegates ("Chính phủ quy định chi tiết Điều này.", "Bộ trưởng Bộ Tài
# chính hướng dẫn khoản 2 Điều này."): thousands of laws repeat it word for word, and as
# "duplicates" they buried every real finding of vn-laws-vlc (60,807 of 61,000).
_REF = r"(?:(?:cac )?(?:dieu|khoan|diem|chuong|muc) (?:\d+\w*|nay|[ivxlc]+\b)|(?:bo )?luat nay)"
_DELEGATION = re.compile(
    r"^[^.;:]{2,90}? (?:quy dinh chi tiet|huong dan(?: thi hanh)?)(?: va huong dan(?: thi hanh)?)?"
    r"(?: (?:viec thi hanh |thi hanh )?" + _REF + r"[^.;:]{0,80})?\.?$"
    r"|^[^.;:]{2,90}? (?:shall )?(?:detail|guide|prescribe)s?[^.;:]{0,60}"
    r"\b(?:this (?:article|clause|law|point))\.?$")


# Two more clauses every law repeats word for word, which compare as duplicates of one another
# and regulate nothing of their own: the catch-all item closing a list of duties ("Thực hiện
# nhiệm vụ, quyền hạn khác theo quy định của pháp luật") and the standard liability clause
# ("Người nào vi phạm … thì tùy theo tính chất, mức độ vi phạm mà bị xử lý kỷ luật, xử phạt
# vi phạm hành chính hoặc bị truy cứu trách nhiệm hình sự; nếu gây thiệt hại thì phải bồi
# thường …"). Why: on vn-laws-vlc (detect.v14) they made 495 and 422 of the 11,107 duplicate,
# overlap and subsumes findings, and the random pair sample (tests/golden/pairs4.jsonl) read
# them as related.
_CATCH_ALL = re.compile(
    r"^(?:thuc hien |co )?(?:cac |nhung )?(?:nhiem vu|quyen han|quyen|nghia vu)"
    r"(?:(?:,| va) (?:nhiem vu|quyen han|quyen|nghia vu|quyen loi|trach nhiem))*"
    r" khac(?: [^.;:]{0,90})?[.;]?$")
_LIABILITY = re.compile(
    r"^[^.;:]{0,200}tuy (?:theo )?tinh chat,? muc do(?: vi pham)? ma bi (?:xu ly|xu phat|truy cuu)"
    r"[^.;:]{0,160}(?:; neu gay thiet hai thi phai boi thuong[^.;:]{0,80})?[.;]?$")


def is_boilerplate(heading: str, text: str) -> bool:
    """Entry-into-force, implementation and transition clauses, and clauses that only
    delegate detailing to another body (see the module doc).

    >>> is_boilerplate("Thời hạn", "3. Chính phủ quy định chi tiết Điều này.")
    True
    >>> is_boilerplate("Thời hạn", "3. Chính phủ quy định thời hạn nộp hồ sơ là 30 ngày.")
    False
    >>> is_boilerplate("", "9. Thực hiện nhiệm vụ, quyền hạn khác theo quy định của pháp luật.")
    True
    """
    body = re.sub(r"^\s*(?:\d+[a-z]?\.|[a-zđ]\))\s*", "", text.strip())
    folded = fold(body).strip()
    return bool(_BOILERPLATE_HEADING.match(fold(heading).strip())
                or _BOILERPLATE_TEXT.match(folded)
                or (len(folded) <= 160 and _DELEGATION.match(folded))
                or _CATCH_ALL.match(folded.lower()) or _LIABILITY.match(folded.lower()))


def encoder_text(unit: Unit) -> str:
    """What an encoder sees: the article heading (the matter) and the provision's text."""
    return f"{unit.heading}\n{unit.text}" if unit.heading else unit.text


def related_ids(a: str, b: str) -> bool:
    """True when one id is the other or its ancestor (same provision subtree).

    >>> related_ids("d/art2", "d/art2/cl1"), related_ids("d/art2", "d/art21")
    (True, False)
    """
    return a == b or a.startswith(b + "/") or b.startswith(a + "/")


def all_units(corpus: Iterable[Sequence[Provision]]) -> list[Unit]:
    """Units of several documents."""
    return [u for provisions in corpus for u in units(provisions)]
