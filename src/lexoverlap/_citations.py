"""Find references to provisions and documents in a provision's text, and type them.

Vietnamese: "khoản 2 Điều này", "Điều 5 của Luật này", "quy định tại điểm a khoản 1 Điều 12",
"các Điều 5, 6 và 7", "khoản 1 đến khoản 3", "Nghị định số 15/2020/NĐ-CP", "Bộ luật Dân sự";
English: "Article 5 of this Law", "Clause 2 of this Article", "Decree No. 15/2020/ND-CP".

The finder is a small hand-written parser over a token scan (the legal grammar is the
project's own value): a citation is a run of *designators* (level word + numbers), chained to
higher levels ("điểm a khoản 1 Điều 12") or listed ("Điều 5 và Điều 7"), optionally followed by
"này" or a document designation. Span conventions are those of tests/golden/ANNOTATION_GUIDE.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ._text import fold
from .models import Citation, CitationTarget

RULES_VERSION = "citations.v1"

# Level words and the id pattern of each level. Order matters for chaining: a designator may be
# followed (without a connector) only by one of a higher level ("điểm a khoản 1 Điều 12").
_RANK = {"point": 0, "clause": 1, "article": 2, "section": 3, "chapter": 4, "part": 5,
         "appendix": 6}  # fmt: skip
_LEVEL_WORDS = {
    "điểm": "point", "khoản": "clause", "điều": "article", "mục": "section",
    "chương": "chapter", "phần": "part", "phụ lục": "appendix",
    "point": "point", "points": "point", "clause": "clause", "clauses": "clause",
    "article": "article", "articles": "article", "section": "section", "chapter": "chapter",
    "part": "part", "appendix": "appendix",
}  # fmt: skip
_ID = {
    "point": r"[a-zđ]\d{0,2}(?![\w/])",
    "clause": r"\d{1,3}[a-zđ]?(?![\w/.]\d)",
    "article": r"\d{1,3}[a-zđ]?(?![\w/.]\d)",
    "section": r"(?:\d{1,2}|[IVXLC]+)(?![\w/])",
    "chapter": r"(?:[IVXLC]+|\d{1,2})(?![\w/])",
    "part": r"(?:thứ\s+\w+|[IVXLC]+|\d{1,2})(?![\w/])",
    "appendix": r"(?:[IVXLC]+|\d{1,2})(?![\w/])",
}
_LEVEL_RE = re.compile(
    r"\b(điểm|Điểm|khoản|Khoản|Điều|điều|Mục|mục|Chương|chương|Phần|phần|Phụ lục|phụ lục|"
    r"[Pp]oints?|[Cc]lauses?|[Aa]rticles?|[Ss]ection|[Cc]hapter|[Pp]art|[Aa]ppendix)\s+"
)
# Connectors inside a list or range; "đến"/"to" make a range.
_SEP = re.compile(
    r"\s*(?:,\s*(?:và\s+|hoặc\s+)?|\s+(?:và|hoặc|đến|tới|and|or|to)\s+)(?:các\s+)?"
)
_RANGE_WORDS = ("đến", "tới", "to")

_DOC_TYPES_VI = (
    "Hiến pháp", "Bộ luật", "Luật", "Pháp lệnh", "Nghị định", "Nghị quyết liên tịch",
    "Nghị quyết", "Thông tư liên tịch", "Thông tư", "Quyết định", "Lệnh", "Chỉ thị",
)  # fmt: skip
_DOC_TYPES_EN = ("Constitution", "Code", "Law", "Ordinance", "Decree", "Resolution",
                 "Circular", "Decision")  # fmt: skip
_NUMBER = r"\d{1,4}[a-z]?(?:/\d{4})?/[A-ZĐ][A-ZĐa-z0-9]*(?:[-.][A-ZĐ0-9][A-ZĐa-z0-9]*)*|\d{1,4}-[A-ZĐ]+(?:[-/.][A-ZĐ0-9]+)+"  # noqa: E501
# "(của) Luật này", "(của) Bộ luật này", "of this Law".
_SELF_DOC = re.compile(
    r"\s+(?:của\s+|tại\s+)?(?:" + "|".join(_DOC_TYPES_VI) + r")\s+này\b"
    r"|\s+of\s+this\s+(?:" + "|".join(_DOC_TYPES_EN) + r")\b"
)
_DOC_START = re.compile(
    r"\b(" + "|".join(_DOC_TYPES_VI) + r")(?=[\s,.;:)]|$)"
    r"|\b(" + "|".join(_DOC_TYPES_EN) + r")(?=\s+No\.?\s*\d)"
)
# English titles: "the Civil Code", "the Law on Enterprises", "the Law on Promulgation of Legal
# Documents" (capitalised words, with of/and/on between them).
_EN_TITLE = re.compile(
    r"\bthe\s+((?:Law|Ordinance|Resolution|Decree)\s+on\s+(?:the\s+)?[A-Z][\w-]*"
    r"(?:\s+(?:of|and|on|for|in)?\s*[A-Z][\w-]*)*|(?:[A-Z][\w-]*\s+){1,4}(?:Code|Law))\b"
)
_NOT_IN_TITLE = r"(?!(?:được|theo|tại|là|thì|có|này|khi|nếu|phải|không|đã|sẽ|số)\b)"
_TITLE_TO_NUMBER = re.compile(
    r"\s+(?:sửa đổi, bổ sung [^;:.]{0,160}?|" + _NOT_IN_TITLE + r"[^\s;:.,]+(?:\s+"
    + _NOT_IN_TITLE + r"[^\s;:.]+){0,16}?)\s+số\s+(" + _NUMBER + r")"
)
_NUMBER_AFTER = re.compile(r"\s*(?:số|số hiệu|No\.?)\s*:?\s*(" + _NUMBER + r")")
# Why: a title runs over the words after the type word until a word that cannot be part of a
# law's name; known titles (from the corpus) are matched first, this is the fallback.
_TITLE_STOP = frozenset(
    {
        "số", "năm", "ngày", "và", "hoặc", "thì", "được", "đã", "để", "theo", "tại", "có", "là",
        "của", "này", "khác", "trong", "đối", "khi", "nếu", "mà", "do", "cho", "với", "sau",
        "trước", "phải", "không", "các", "những", "nay", "như", "trừ", "gồm", "nhằm", "vẫn",
        "cũng", "lại", "đó", "ấy", "hiện",
    }
)  # fmt: skip
_AMENDING_TITLE = re.compile(
    r" sửa đổi, bổ sung (?:một số điều )?của (?=(?:Bộ luật|Luật|Pháp lệnh)\b)"
)
_TITLE_TAIL = re.compile(r" \((?:sửa đổi|[A-Z][A-Z/]+)\)")
# Words that cannot open a title ("Nghị định quy định chi tiết …" is a generic decree).
# "Luật thuế chuyển quyền sử dụng đất ban hành ngày 22 tháng 6 năm 1994": the date of issue
# follows the title (the title "Luật ban hành văn bản …" has no date after "ban hành").
_ISSUED_ON = re.compile(r"ban hành\s+(?:ngày|năm)\b", re.I)
_NOT_TITLE_START = frozenset({"quy", "hướng", "liên", "chuyên", "mới", "cũ", "hiện", "chung"})
_WORD = re.compile(r"[\wÀ-ỹ]+(?:-[\wÀ-ỹ]+)?")

# Kinds: the verb before the citation in the same sentence segment decides.
_KIND_BEFORE = (
    ("repeals", re.compile(r"\b(?:bãi bỏ|repeal(?:s|ed)?|annul(?:s|led)?)\b[^;:.]*$", re.I)),
    ("replaces", re.compile(r"\b(?:thay thế|replac(?:e|es|ed))\b[^;:.]*$", re.I)),
    ("amends", re.compile(r"\b(?:sửa đổi|bổ sung|amend(?:s|ed)?|supplement(?:s|ed)?)\b[^;:.]*$",
                          re.I)),
    ("implements", re.compile(r"\b(?:quy định chi tiết|hướng dẫn|detail(?:s|ed)?|guid(?:e|es|ing)"
                              r")\b[^;:.]*$", re.I)),
)
_EXPIRES = re.compile(r"\b(?:hết hiệu lực|cease(?:s|d)? to be effective|(?:is|are) "
                      r"(?:repealed|annulled))", re.I)
_LABEL = re.compile(r"^\s*(?:\d+[a-zđ]?\s*[.)]\s*|[a-zđ]\d{0,2}\)\s*)")
_OPENER = re.compile(r"(Bãi bỏ|Hủy bỏ|Sửa đổi, bổ sung|Sửa đổi|Bổ sung|Thay thế|Repeal|Amend|"
                     r"Replace)\b", re.I)
def opener_kind(intro: str) -> str | None:
    """The kind a lead-in such as "Bãi bỏ các điều sau đây:" gives to the items below it."""
    # The last line that has words: a lead-in's own text ends with its line break (found
    # reviewing vn-laws-vlc: "2. Bãi bỏ các văn bản, quy định sau đây:\n" gave its points no
    # kind, so a law repealed in a list was only referred to).
    body = _LABEL.sub("", intro.rstrip().rsplit("\n", 1)[-1], count=1)
    if not intro.rstrip().endswith(":"):
        return None
    opener = _OPENER.match(body)
    if opener:
        return _OPENER_KIND[opener.group(1).lower()]
    if _EXPIRES.search(body):
        return "repeals"  # "Các văn bản sau đây hết hiệu lực …:"
    return None


_OPENER_KIND = {"bãi bỏ": "repeals", "hủy bỏ": "repeals", "sửa đổi, bổ sung": "amends",
                "sửa đổi": "amends", "bổ sung": "amends", "thay thế": "replaces",
                "repeal": "repeals", "amend": "amends", "replace": "replaces"}  # fmt: skip
# Once these appear, later citations in the sentence are asides, not what the verb governs.
_ASIDE = re.compile(r"\b(?:trừ|theo|except|pursuant to|in accordance with)\b", re.I)
_REFERS_LEAD_IN = re.compile(
    r"(?:\b(?:theo|tại|của|với|trừ|except|under|in accordance with|pursuant to)|"
    r"đã được sửa đổi, bổ sung(?: một số điều)?(?: theo)?)\s+(?:các\s+|the\s+)?$",
    re.I,
)
_CHAIN = (r"đã được sửa đổi,? bổ sung(?: một số điều)? theo (?:(?:Luật|Nghị quyết|Pháp lệnh|"
          r"Bộ luật) số [^\s,]+(?:,\s*|\s+và\s+)")
_AMENDED_CHAIN = re.compile(_CHAIN + r"?)+(?=\S)")  # a chain of amending laws, closed
_IN_CHAIN = re.compile(_CHAIN + r")*$")  # … which a law cited by number alone continues
_BARE_NUMBER = re.compile(r"(?:Luật|Nghị quyết|Pháp lệnh|Bộ luật) số\b")
_PROVISIONS_OF = re.compile(r"(?:Các|Những|Mọi)\s+quy định\b", re.I)
_DETAILS = re.compile(r"\b(?:quy định chi tiết|hướng dẫn)\b", re.I)
# Another citation earlier in the sentence: this one is not the sentence's subject.
_CITATION_BEFORE = re.compile(r"\b(?:Điều|khoản|điểm|Luật|Bộ luật|Nghị định|Pháp lệnh)\s+\S")
# A provision's own designator ("Điều 5. …", "Chương II", a quoted new "“Điều 58. …") names the
# provision itself: it is not a reference.
_OWN_HEADING = re.compile(
    r"(?:^|(?<=[“\"]))(?:ĐIỀU|Điều|CHƯƠNG|Chương|MỤC|Mục|PHẦN|Phần|PHỤ LỤC|Phụ lục|Article|"
    r"ARTICLE|Chapter|CHAPTER|Section|Part|PART|Appendix|APPENDIX)\s+[^\s.:]+\s*(?:[.:]|$)",
    re.M,
)


# "Quốc hội ban hành Luật X." at the end of a preamble: the enacting formula.
_ENACTING = re.compile(r"ban hành\s+$|promulgates?\s+(?:the\s+)?$")
_SELF_AT = re.compile(r"(?:" + "|".join(_DOC_TYPES_VI) + r")\s+này\b")
# The document's own title as the subject of its own rule ("Bộ luật hình sự được áp dụng …").
_SUBJECT_VERB = re.compile(r"\s+(?:được|quy định|có|áp dụng|điều chỉnh)\b")
# "… của / tại / theo / với / thi hành Luật này": the document is cited, not the subject.
_SELF_REF_BEFORE = re.compile(r"\b(?:của|tại|theo|với|hành|vào|trong)[ \t]+$")


def _is_basis(text: str, start: int) -> bool:
    """A reference on a "Căn cứ …" line (the preamble's legal basis)."""
    line_start = text.rfind("\n", 0, start) + 1
    segment = text[line_start:start]
    # Capitalised: a lower-case "căn cứ vào" inside a body sentence means "on the basis of".
    return bool(re.search(r"(?:^|;\s*)(?:Căn cứ|CĂN CỨ|Pursuant to)\b[^;]*$", segment))


@dataclass(frozen=True, slots=True)
class _Group:
    level: str
    ids: tuple[str, ...]  # "this" for "Điều này"


def _expand(level: str, first: str, last: str) -> list[str]:
    """A range "khoản 1 đến khoản 3" → 1, 2, 3 (numbers only; letters for points)."""
    # Ranges of up to ten are written out; a longer one keeps its two ends (the labelled set's
    # convention, tests/golden/ANNOTATION_GUIDE.md).
    if first.isdigit() and last.isdigit() and 0 < int(last) - int(first) < 10:
        return [str(n) for n in range(int(first), int(last) + 1)]
    letters = "abcdđeghiklmnopqrstuvxy"
    if level == "point" and first in letters and last in letters:
        i, j = letters.index(first), letters.index(last)
        if 0 < j - i < 10:
            return list(letters[i : j + 1])
    return [first, last]


class CitationFinder:
    """Finds citations in text; knows the titles of the documents of a corpus.

    Parameters
    ----------
    known_titles : iterable of str
        Titles of documents ("Luật Đầu tư", "Bộ luật Dân sự"); a reference matching one of them
        ends exactly there, others end by rule.

    Examples
    --------
    >>> finder = CitationFinder(["Bộ luật Dân sự"])
    >>> [(c.raw, c.kind) for c in finder.find("Theo quy định tại khoản 2 Điều 5 của Luật này "
    ...                                       "và Bộ luật Dân sự.", source="x/art1")]
    [('khoản 2 Điều 5 của Luật này', 'refers'), ('Bộ luật Dân sự', 'refers')]
    """

    def __init__(self, known_titles: Iterable[str] = ()) -> None:
        titles = {fold(t).strip() for t in known_titles if t and len(t) > 5}
        self._titles = sorted(titles, key=len, reverse=True)

    # -- designators -----------------------------------------------------------------------
    def _group(self, text: str, pos: int) -> tuple[_Group, int] | None:
        m = _LEVEL_RE.match(text, pos)
        if m is None:
            return None
        level = _LEVEL_WORDS[m.group(1).lower()]
        at = m.end()
        this = re.match(r"(?:này|this)\b", text[at:])
        if this:
            return _Group(level, ("this",)), at + this.end()
        id_re = re.compile(_ID[level])
        first = id_re.match(text, at)
        if first is None:
            return None
        ids = [first.group(0)]
        at = first.end()
        while True:
            sep = _SEP.match(text, at)
            if sep is None:
                break
            nxt = sep.end()
            again = _LEVEL_RE.match(text, nxt)
            if again is not None and _LEVEL_WORDS[again.group(1).lower()] == level:
                nxt = again.end()
            elif again is not None:
                break
            more = id_re.match(text, nxt)
            if more is None:
                break
            if any(w in sep.group(0) for w in _RANGE_WORDS):
                ids[-1:] = _expand(level, ids[-1], more.group(0))
            else:
                ids.append(more.group(0))
            at = more.end()
        return _Group(level, tuple(ids)), at

    def _chains(self, text: str, pos: int) -> tuple[list[list[_Group]], int] | None:
        """Chains of designators from ``pos``: [[điểm a, khoản 1, Điều 12], [Điều 7]]."""
        first = self._group(text, pos)
        if first is None:
            return None
        chains = [[first[0]]]
        at = first[1]
        while True:
            gap = re.match(r"\s+(?:của\s+|of\s+)?", text[at:])
            step = at + (gap.end() if gap else 0)
            nxt = self._group(text, step) if gap else None
            if nxt and _RANK[nxt[0].level] > _RANK[chains[-1][-1].level]:
                group = nxt[0]
                # "khoản 2 Điều 37, Điều 44 và Điều 46": only Điều 37 holds khoản 2.
                chains[-1].append(_Group(group.level, group.ids[:1]))
                for extra in group.ids[1:]:
                    chains.append([_Group(group.level, (extra,))])
                at = nxt[1]
                continue
            sep = _SEP.match(text, at)
            if chains[-1][-1].ids == ("this",):
                break  # "Điều này và các Điều 39, 40 của Luật này": two citations
            if sep and not any(w in sep.group(0) for w in _RANGE_WORDS):
                sib = self._group(text, sep.end())
                if sib is not None:
                    chains.append([sib[0]])
                    at = sib[1]
                    continue
            break
        return chains, at

    # -- documents -------------------------------------------------------------------------
    def _document(self, text: str, pos: int) -> tuple[str, int] | None:
        """A document designation starting at ``pos``: its key (number or title) and end."""
        m = _DOC_START.match(text, pos)
        if m is None:
            return None
        doc_type = m.group(1) or m.group(2)
        at = m.end()
        number = _NUMBER_AFTER.match(text, at)
        if number:
            return number.group(1), number.end()
        if doc_type in ("Hiến pháp", "Constitution"):
            # "Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam" (the year after it is not
            # part of the span, by the annotation guide).
            name = re.match(r"\s+(?:nước\s+)?Cộng hòa xã hội chủ nghĩa Việt Nam|\s+of the "
                            r"Socialist Republic of Vietnam", text[at:], re.I)
            end = at + (name.end() if name else 0)
            return text[pos:end].strip(), end
        folded = fold(text[pos : pos + 160])
        for title in self._titles:
            if folded.startswith(title) and (
                len(folded) == len(title) or not folded[len(title)].isalnum()
            ):
                end = pos + len(title)
                if text.startswith(" Việt Nam", end):
                    end += len(" Việt Nam")
                number = _NUMBER_AFTER.match(text, end)
                if number:
                    return number.group(1), number.end()
                return text[pos:end], end
        # A title confirmed by its number a few words on: "Luật giao thông đường thủy nội địa
        # số 23/2004/QH11", "Luật sửa đổi, bổ sung một số điều của Luật X số 08/2003/QH11".
        ahead = _TITLE_TO_NUMBER.match(text, at)
        if ahead and not re.match(r"\s+này\b", text[at:]):
            return ahead.group(1), ahead.end()
        amending = _AMENDING_TITLE.match(text, at)
        if amending:  # "Luật sửa đổi, bổ sung một số điều của Luật X": one title
            inner = self._document(text, amending.end())
            if inner is not None:
                return text[pos : inner[1]], inner[1]
        words = list(_WORD.finditer(text, at))
        if not words or words[0].start() != at + 1 or text[at] != " " or doc_type[0].islower():
            return None
        first = words[0].group(0)
        if first.lower() in _TITLE_STOP or first.lower() in _NOT_TITLE_START:
            return None  # "Luật này", "Nghị định quy định …", "Luật khác": not a title
        if first[0].islower() and doc_type not in ("Luật", "Bộ luật", "Pháp lệnh"):
            return None  # "Quyết định phát sóng": a decision, not a named document
        end = words[0].end()
        for w in words[1:13]:
            between = text[end : w.start()]
            # "Pháp lệnh phòng, chống lụt, bão": a comma inside a title is followed by a
            # lower-case word; "Luật A, Luật B" starts a new name.
            joined = not between.strip() or (between.strip() == "," and w.group(0)[0].islower())
            if not joined or w.group(0).lower() in _TITLE_STOP or \
                    _ISSUED_ON.match(text, w.start()):
                break
            end = w.end()
        tail = _TITLE_TAIL.match(text, end)
        if tail:
            end = tail.end()  # "(sửa đổi)", "(HIV/AIDS)"
        number = _NUMBER_AFTER.match(text, end)
        if number:
            return number.group(1), number.end()
        return text[pos:end], end

    def _suffix(self, text: str, at: int) -> tuple[str | None, int]:
        """What document the designators belong to: "this", a number/title, or None."""
        own = _SELF_DOC.match(text, at)
        if own:
            return "this", own.end()
        link = re.match(r"\s+(?:của\s+|tại\s+|theo\s+|of\s+)?", text[at:])
        if link:
            doc = self._document(text, at + link.end())
            if doc:
                return doc
            title = _EN_TITLE.match(text, at + link.end())
            if title:
                return title.group(1), title.end(1)
        return None, at

    # -- the scan ---------------------------------------------------------------------------
    def find(
        self,
        text: str,
        *,
        source: str,
        offset: int = 0,
        self_title: str | None = None,
        governed_by: str | None = None,
    ) -> list[Citation]:
        """All citations in ``text`` (a provision), spans shifted by ``offset``.

        ``self_title`` is the citing document's own title: "Bộ luật hình sự được áp dụng …"
        inside the Criminal Code names the code itself and is not a citation. ``governed_by``
        is the kind the parent's lead-in gives ("Bãi bỏ các quy định sau đây:" → repeals).
        """
        own_title = fold(self_title) if self_title else None
        out: list[Citation] = []
        pos = 0
        own = {m.start() for m in _OWN_HEADING.finditer(text)}
        while pos < len(text):
            level = _LEVEL_RE.search(text, pos)
            doc = _DOC_START.search(text, pos)
            en_title = _EN_TITLE.search(text, pos)
            starts = [m.start() for m in (level, doc) if m is not None]
            if en_title is not None:
                starts.append(en_title.start(1))
            if not starts:
                break
            start = min(starts)
            found = None
            if start in own:
                pos = _OWN_HEADING.match(text, start).end()  # type: ignore[union-attr]
                continue
            if level is not None and level.start() == start:
                chains = self._chains(text, start)
                if chains is not None:
                    document, end = self._suffix(text, chains[1])
                    # "" = not said: the citing document, or the one the context names
                    # ("Sửa đổi, bổ sung một số điều của Luật X như sau: a) … khoản 2 Điều 5").
                    found = (self._targets(chains[0], document or ""), end)
            if found is None and doc is not None and doc.start() == start:
                if _ENACTING.search(text, 0, start):
                    pos = start + 1  # "Quốc hội ban hành Luật X": the document names itself
                    continue
                this_doc = _SELF_AT.match(text, start)
                if this_doc is not None:
                    if _SELF_REF_BEFORE.search(text[:start]):
                        # "theo quy định của Luật này": a reference to this document;
                        # "Luật này quy định …", "kể từ ngày Luật này có hiệu lực" are not.
                        found = ([CitationTarget(document="this")], this_doc.end())
                else:
                    parsed = self._document(text, start)
                    names_itself = (
                        parsed is not None and fold(parsed[0]) == own_title
                        and _SUBJECT_VERB.match(text, parsed[1]) is not None
                    )
                    if parsed is not None and not names_itself:
                        found = ([CitationTarget(document=parsed[0])], parsed[1])
            if found is None and en_title is not None and en_title.start(1) == start:
                found = ([CitationTarget(document=en_title.group(1))], en_title.end(1))
            if found is None:
                pos = start + 1
                continue
            targets, end = found
            out.append(
                Citation(
                    source=source,
                    start=offset + start,
                    end=offset + end,
                    raw=text[start:end],
                    kind=self._kind(text, start, end, _is_basis(text, start), governed_by),
                    targets=tuple(targets),
                )
            )
            pos = end
        return out

    @staticmethod
    def _targets(chains: list[list[_Group]], document: str) -> list[CitationTarget]:
        targets: list[CitationTarget] = []
        # A chain without its higher levels borrows them from the next chain that has them
        # ("khoản 1 và khoản 2 Điều 5" is parsed as one group; "Điều 5 khoản 1, Điều 6").
        for chain in chains:
            levels: dict[str, tuple[str, ...]] = {g.level: g.ids for g in chain}
            combos: list[dict[str, str]] = [{}]
            for level, ids in levels.items():
                combos = [{**c, level: i} for c in combos for i in ids]
            for combo in combos:
                targets.append(CitationTarget(document=document, **combo))
        return targets

    @staticmethod
    def _kind(text: str, start: int, end: int, is_basis: bool,
              governed_by: str | None = None) -> str:
        """The verb that governs the citation decides its kind (rules in order)."""
        if is_basis:
            return "basis"
        # A sentence starts after ". " or after a line that ends a sentence; "3. Bãi bỏ\n…"
        # (a verb alone on its line) runs on.
        line_breaks = [m.end() for m in re.finditer(r"[.;:]\s*\n", text[:start])]
        sentence_start = max(max(line_breaks, default=0),
                             max((m.end() for m in re.finditer(r"\.\s", text[:start])),
                                 default=0))
        sentence = text[sentence_start:start]
        body = _LABEL.sub("", sentence, count=1)
        # 1. An imperative at the start of the sentence ("Bãi bỏ …", "Sửa đổi, bổ sung …")
        #    governs every citation until an exception or a "theo" phrase.
        opener = _OPENER.match(body)
        if opener and not _ASIDE.search(body):
            return _OPENER_KIND[opener.group(1).lower()]
        rest = text[end:]
        stop = re.search(r"[.;]\s|\n|$", rest)
        expires = bool(stop and _EXPIRES.search(rest[: stop.start()]))
        # 2. "Các quy định về … của/tại X … hết hiệu lực": X's provisions are repealed.
        if expires and _PROVISIONS_OF.match(body) and not _ASIDE.search(body):
            return "repeals"
        # 3. A citation introduced by "theo / tại / của / trừ …" only refers, except what a
        #    "quy định chi tiết / hướng dẫn … tại / của" sentence details.
        if _REFERS_LEAD_IN.search(sentence):
            segment = sentence[sentence.rfind(";") + 1 :]
            if re.search(r"\b(?:tại|của)\s+(?:các\s+)?$", segment) and _DETAILS.search(segment):
                return "implements"
            return "refers"
        # 2b. The parent's lead-in governs a list item that has no verb of its own.
        if governed_by and not _ASIDE.search(body) and not any(
            p.search(body) for _, p in _KIND_BEFORE
        ):
            return governed_by
        # 4. The subject of "… hết hiệu lực" later in the same sentence is repealed. An
        #    amendment chain closed before this citation ("Luật A đã được sửa đổi, bổ sung một
        #    số điều theo Luật số X và Luật số Y, Luật B …") is no aside for the laws after it.
        listed = _AMENDED_CHAIN.sub(" ", body)
        in_chain = bool(_IN_CHAIN.search(body)) and bool(_BARE_NUMBER.match(text, start))
        if expires and not in_chain and (
            not _CITATION_BEFORE.search(body)
            or (not _ASIDE.search(listed) and re.search(r"(?:,|\bvà)\s*$", body))
        ):
            return "repeals"  # the subject (or a listed subject) of "… hết hiệu lực"
        segment = text[max(text.rfind(";", 0, start) + 1, sentence_start) : start]
        for kind, pattern in _KIND_BEFORE:
            verb = pattern.search(segment)
            if verb:
                # "… đã được sửa đổi, bổ sung theo Luật số A, Luật số B": the list after
                # "theo" is referred to, not amended.
                if _ASIDE.search(segment, verb.start()):
                    return "refers"
                return kind
        return "refers"
