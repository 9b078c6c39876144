"""Cut a document into its provision tree.

Phần / Chương / Mục / Tiểu mục / Điều / Khoản / Điểm (Part / Chapter / Section / Article /
Clause / Point), appendices, and a paragraph fallback for texts without legal structure.

The segmenter reads the normalised text one line (paragraph) at a time. A line opens a
provision when it matches that level's pattern *and* fits the numbering so far (clause 3 after
clause 2, point đ after point d), so that numbered lines in tables, quotes or wrapped text do not
become provisions. Text quoted by an amending provision ("Sửa đổi, bổ sung Điều 5 như sau:
“Điều 5. …”") stays inside the amending provision and is recorded as a :class:`Quote`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ._text import fold
from .models import Document, Level, Provision, Quote

# Nesting depth of each structural level; a new provision closes every open one at its depth
# or deeper.
_DEPTH: dict[Level, int] = {
    "part": 0,
    "chapter": 1,
    "section": 2,
    "subsection": 3,
    "article": 4,
    "clause": 5,
    "point": 6,
}
_ID_PREFIX: dict[Level, str] = {
    "part": "part",
    "chapter": "ch",
    "section": "sec",
    "subsection": "subsec",
    "article": "art",
    "clause": "cl",
    "point": "pt_",
    "appendix": "app",
    "paragraph": "para",
}

_ROMAN = re.compile(r"^[IVXLC]+$")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_ORDINALS = {
    "nhất": 1, "một": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7,
    "tám": 8, "chín": 9, "mười": 10, "first": 1, "one": 1, "second": 2, "two": 2, "third": 3,
    "three": 3, "fourth": 4, "four": 4, "fifth": 5, "five": 5, "sixth": 6, "six": 6,
    "seventh": 7, "seven": 7, "eighth": 8, "eight": 8, "ninth": 9, "nine": 9, "tenth": 10,
}  # fmt: skip

# --- patterns (applied to normalised lines; one place per level) ------------------------------
# "Phần thứ nhất", "PHẦN THỨ HAI", "Phần I", "Part 1", "PART ONE".
_PART = re.compile(
    r"^(?:PHẦN|Phần|PART|Part)\s+((?:THỨ|thứ|Thứ)\s+[^\s.:]+(?:\s+(?:MỐT|mốt|MỘT|một|HAI|hai|"
    r"BA|ba|TƯ|tư|NĂM|năm))?|[IVXLC]+|\d+|[A-Za-z]+)\s*[.:]?\s*(.*)$"
)
# "Chương I", "Chương 1:", "CHƯƠNG IV. TITLE", "Chapter II".
_CHAPTER = re.compile(r"^(?:CHƯƠNG|Chương|CHAPTER|Chapter)\s+([IVXLC]+|\d+)\s*[.:]?\s*(.*)$")
# "Mục 1", "MỤC 2. TITLE", "Section 1" (English sections in Vietnamese laws' translations).
_SECTION = re.compile(r"^(?:MỤC|Mục|SECTION|Section)\s+(\d+|[IVXLC]+)\s*[.:]?\s*(.*)$")
_SUBSECTION = re.compile(r"^(?:TIỂU MỤC|Tiểu mục|SUB-SECTION|Sub-section)\s+(\d+)\s*[.:]?\s*(.*)$")
# "Điều 5.", "Điều 5:", "Điều 5a.", "Điều 1 .", "Điều 2.Title", bare "Điều 5", "Article 5.".
_ARTICLE = re.compile(r"^(?:ĐIỀU|Điều|ARTICLE|Article)\s+(\d+[a-zđ]?)\s*([.:])?\s*(.*)$")
# "1.", "1 .", "2a.", "3)": a clause; the numbering check rejects years and table rows.
# "1 Xây dựng …" (the dot lost in the source, Luật Công nghệ thông tin 2006) counts when a
# capital follows; the numbering check keeps "2019 Luật …"-like lines out.
_CLAUSE = re.compile(r"^(\d{1,3}[a-zđ]?)(?:\s*[.)]\s*(\S.*)?|\s+(?=[A-ZĐÀ-Ỹ])(.*))$")
# "a)", "đ)", "a1)", "(a)": a point.
_POINT = re.compile(r"^\(?([a-zđ])(\d{0,2}) ?\)\s*(.*)$")  # "a )": a stray space occurs
_APPENDIX = re.compile(
    r"^(?:PHỤ LỤC|Phụ lục|PHỤ LỤC SỐ|APPENDIX|Appendix|ANNEX|Annex)\b\s*(?:số\s*)?"
    r"([IVXLC]+|\d+)?\s*[.:]?\s*(.*)$"
)

# Signature block: the adoption sentence or a signer's title line ends the last article.
_ADOPTION = re.compile(
    r"^(?:(?:Hiến pháp|Bộ luật|Luật|Nghị quyết|Pháp lệnh) này (?:đã )?được .{0,200}"
    r"thông qua|This (?:Constitution|Code|Law|Resolution|Ordinance) (?:was|has been) "
    r"(?:passed|adopted|ratified))"
)
_SIGNER = re.compile(
    r"^(?:Nơi nhận\s*:|TM\.|T\.M\.|KT\.|K\.T\.|Q\.|CHỦ TỊCH\b|PHÓ CHỦ TỊCH\b|THỦ TƯỚNG\b|"
    r"PHÓ THỦ TƯỚNG\b|BỘ TRƯỞNG\b|THỨ TRƯỞNG\b|TỔNG BÍ THƯ\b|CHÁNH ÁN\b|VIỆN TRƯỞNG\b|"
    r"PRESIDENT OF THE NATIONAL ASSEMBLY|CHAIRMAN\b|CHAIRWOMAN\b|ON BEHALF OF\b|"
    r"PRIME MINISTER\b|MINISTER\b|Recipients\s*:)"
)

_VI_LETTERS = "abcdđeghiklmnopqrstuvxy"
_EN_LETTERS = "abcdefghijklmnopqrstuvwxyz"

_OPEN_QUOTES = "“«"
_CLOSE_QUOTES = "”»"
# Why: an amendment introduces its quoted text with these words; they name what is amended.
_AMEND_INTRO = re.compile(
    r"(sửa đổi, bổ sung|sửa đổi|bổ sung|thay thế|thay đổi|amend(?:ed|s)?|replac(?:e|ed|es)|"
    r"supplement(?:ed|s)?)\s+(.*?)\s*(?:như sau|vào sau|as follows)?\s*:?\s*[“\"]?$",
    re.IGNORECASE,
)
_DOC_REF = re.compile(
    r"((?:Bộ luật|Luật|Nghị định|Nghị quyết|Pháp lệnh|Thông tư|Quyết định)\s+[^:;“”]{2,160}?"
    r"(?:số\s+[\w/.\-Đđ]+|năm\s+\d{4})|(?:Bộ luật|Luật)\s+[^:;“”,]{2,80}?(?=\s+như sau|\s*$))"
)
# Why: an unclosed quote in the source must not swallow the rest of the document. A quote
# still open after this many lines ends before the next article of the outer numbering
# (quoted amendments in vn-laws-vlc that long quote whole articles, whose numbers differ).
_LONG_QUOTE_LINES = 40


def roman_to_int(s: str) -> int:
    """Convert a Roman numeral (``IV``) to an int.

    Examples
    --------
    >>> roman_to_int("XIV"), roman_to_int("IV")
    (14, 4)
    """
    total, prev = 0, 0
    for ch in reversed(s.upper()):
        v = _ROMAN_VALUES[ch]
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total


def _ordinal(raw: str) -> str:
    """Number for the id: ``IV`` → ``4``, ``thứ hai`` → ``2``, ``5a`` stays ``5a``."""
    s = raw.strip()
    if _ROMAN.match(s):
        return str(roman_to_int(s))
    words = s.lower().split()
    if words and words[0] in ("thứ",):
        words = words[1:]
    if words:
        if words[0] == "mười" and len(words) > 1:
            tail = {"một": 1, "mốt": 1}.get(words[1], _ORDINALS.get(words[1], 0))
            return str(10 + tail)
        if words[0] in _ORDINALS:
            return str(_ORDINALS[words[0]])
    return fold(s).replace(" ", "")


@dataclass
class _Node:
    level: Level
    number: str
    heading: str
    start: int
    id: str
    parent: str | None
    end: int = -1
    quotes: list[Quote] = field(default_factory=list)
    last_child: str = ""  # number of the last clause/point opened inside it


def _is_upper(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.85


def _quote_delta(line: str) -> int:
    """Net number of quotes a line leaves open.

    Why the straight quote: sources close a curly quote with a straight one
    ("ghi “Để thi hành\"." in Luật Thi hành án dân sự 2008); when curly quotes are unbalanced
    in a line, its straight quotes count as closers.
    """
    opened = sum(line.count(c) for c in _OPEN_QUOTES)
    closed = sum(line.count(c) for c in _CLOSE_QUOTES)
    if opened > closed:
        closed += line.count('"')
    return opened - closed


def _opens_block_quote(line: str) -> bool:
    """Does the line start a quotation that runs onto the next lines?

    Only two shapes do in real amending texts: a line that starts with the quote (after a
    "… như sau:" line) and a line whose quote follows a colon ("… như sau: “Điều 5. …").
    A quote opened mid-sentence and not closed is a typo in the source, not a block.
    """
    if _quote_delta(line) <= 0:
        return False
    if line[:1] in _OPEN_QUOTES:
        return True
    first = min(i for i in (line.find(q) for q in _OPEN_QUOTES) if i >= 0)
    return line[:first].rstrip().endswith(":")


class _Builder:
    """The state machine over lines; produces the provisions of one document."""

    def __init__(self, doc: Document, header_end: int) -> None:
        self.doc = doc
        self.letters = _VI_LETTERS if doc.language == "vi" else _EN_LETTERS
        self.header_end = header_end
        self.nodes: list[_Node] = []
        self.stack: list[_Node] = []
        self.ids: set[str] = set()
        self.last_article: tuple[int, str] | None = None
        self.appendix_count = 0
        self.in_appendix = False
        self.signature_at: int | None = None

    # -- tree operations ---------------------------------------------------------------------
    def _new_id(self, parent: _Node | None, level: Level, number: str) -> str:
        base = (parent.id if parent else self.doc.doc_id) + "/" + _ID_PREFIX[level] + number
        candidate, n = base, 2
        while candidate in self.ids:  # a number repeated in the source stays addressable
            candidate, n = f"{base}~{n}", n + 1
        self.ids.add(candidate)
        return candidate

    def _close_to(self, depth: int, at: int) -> None:
        while self.stack and _DEPTH.get(self.stack[-1].level, -1) >= depth:
            self.stack.pop().end = at

    def _close_all(self, at: int) -> None:
        while self.stack:
            self.stack.pop().end = at

    def open(self, level: Level, number: str, heading: str, start: int, id_number: str) -> _Node:
        # Provisions open when a signature block began end where the block begins.
        at = self.signature_at if self.signature_at is not None else start - 1
        if level in _DEPTH:
            self._close_to(_DEPTH[level], at)
        else:
            self._close_all(at)
        parent = self.stack[-1] if self.stack else None
        node = _Node(
            level=level,
            number=number,
            heading=heading,
            start=start,
            id=self._new_id(parent, level, id_number),
            parent=parent.id if parent else None,
        )
        if parent is not None and level in ("clause", "point"):
            parent.last_child = number
        self.nodes.append(node)
        self.stack.append(node)
        return node

    def innermost(self) -> _Node | None:
        return self.stack[-1] if self.stack else None

    # -- numbering checks --------------------------------------------------------------------
    def _article_fits(self, number: str) -> bool:
        """Article numbers only go up (source gaps are allowed; quotes restart them)."""
        if self.last_article is None:
            return True
        m = re.match(r"(\d+)([a-zđ]?)", number)
        assert m is not None
        n, suffix = int(m.group(1)), m.group(2)
        last_n, last_suffix = self.last_article
        return n > last_n or (n == last_n and suffix > last_suffix)

    def _clause_fits(self, article: _Node | None, number: str) -> bool:
        if article is None:
            return False
        m = re.match(r"(\d+)([a-zđ]?)", number)
        assert m is not None
        n, suffix = int(m.group(1)), m.group(2)
        if not article.last_child or not article.last_child[0].isdigit():
            return n == 1 and not suffix
        lm = re.match(r"(\d+)([a-zđ]?)", article.last_child)
        assert lm is not None
        last = int(lm.group(1))
        if suffix:  # inserted clause "2a" right after clause 2 (or 2a → 2b)
            return n == last
        # Why +2: the crawl lost a clause line in a few laws; a bigger jump is a table row.
        return last < n <= last + 2

    def _point_fits(self, holder: _Node, letter: str, digits: str) -> bool:
        if letter not in self.letters:
            return False
        i = self.letters.index(letter)
        # Why the slack: the crawl lost point lines or merged several onto one line in a few
        # codes (Bộ luật Hình sự Art. 243, 251, 252 start at d) or jump b → đ); letters rarely
        # start lines of body text, so the risk of a false point is small.
        if not holder.last_child or holder.last_child[0].isdigit():
            return i <= 4 and not digits
        last = holder.last_child.rstrip("0123456789")
        if digits:  # inserted point "a1)" after "a)"
            return letter == last
        j = self.letters.index(last)
        return j < i <= j + 4

    # -- the main loop -------------------------------------------------------------------------
    def run(self) -> list[_Node]:
        text = self.doc.text
        lines = text.split("\n")
        offsets: list[int] = []
        pos = 0
        for line in lines:
            offsets.append(pos)
            pos += len(line) + 1
        has_articles = any(_ARTICLE.match(line) for line in lines)
        if not has_articles:
            return self._paragraphs(lines, offsets)

        first_structure = None
        i = self.header_end
        while i < len(lines):
            if self._structure_kind(lines[i]):
                first_structure = i
                break
            i += 1
        if first_structure is not None and first_structure > self.header_end:
            pre = _Node(
                level="paragraph",
                number="",
                heading="",
                start=offsets[self.header_end],
                id=f"{self.doc.doc_id}/preamble",
                parent=None,
                end=offsets[first_structure] - 1,
            )
            self.ids.add(pre.id)
            self.nodes.append(pre)
        i = first_structure if first_structure is not None else len(lines)
        quote_open: tuple[int, int] | None = None  # (start offset, start line)
        quote_depth = 0
        while i < len(lines):
            line, start = lines[i], offsets[i]
            end = start + len(line)
            if quote_open is not None:
                if self._quote_runaway(line, i - quote_open[1]):
                    # The quote was never closed in the source: end it before this line.
                    self._record_quote(quote_open[0], start - 1, lines, quote_open[1])
                    quote_open, quote_depth = None, 0
                    continue
                quote_depth += _quote_delta(line)
                if quote_depth <= 0:
                    self._record_quote(quote_open[0], end, lines, quote_open[1])
                    quote_open, quote_depth = None, 0
                i += 1
                continue
            if self.in_appendix:
                m = _APPENDIX.match(line)
                if m and self._is_appendix_line(line) and not self._bare_appendix(lines, i):
                    self._open_appendix(m, start)
                i += 1
                continue
            consumed = self._structure(lines, offsets, i)
            if consumed > 1 or (consumed and not self._opened_at(start)):
                i += consumed
                continue
            # A text line, or the first line of a provision ("3. Sửa đổi … như sau: “1. …"):
            # it may open a quote that continues on the next lines.
            if _opens_block_quote(line) and self.stack and self.signature_at is None:
                quote_open, quote_depth = (start, i), _quote_delta(line)
            elif line[:1] in _OPEN_QUOTES and self.stack and self.signature_at is None:
                self._record_quote(start, end, lines, i)  # a quote closed on its own line
            elif line.startswith('"') and line.count('"') % 2 == 1 and self.stack:
                quote_open, quote_depth = (start, i), 1  # straight quotes: closes on odd count
            i += 1
        if quote_open is not None:
            self._record_quote(quote_open[0], len(text), lines, quote_open[1])
        self._close_all(self.signature_at if self.signature_at is not None else len(text))
        return self.nodes

    def _opened_at(self, start: int) -> bool:
        return bool(self.stack) and self.stack[-1].start == start

    def _quote_runaway(self, line: str, open_for: int) -> bool:
        if open_for < _LONG_QUOTE_LINES or line[:1] in _OPEN_QUOTES:
            return False
        m = _ARTICLE.match(line)
        return bool(m and m.group(2) and self._next_expected(m.group(1)))

    def _structure_kind(self, line: str) -> bool:
        return bool(
            (_PART.match(line) and self._heading_ok(_PART.match(line)))
            or (_CHAPTER.match(line) and self._heading_ok(_CHAPTER.match(line)))
            or (_SECTION.match(line) and self._heading_ok(_SECTION.match(line)))
            or _SUBSECTION.match(line)
            or _ARTICLE.match(line)
        )

    @staticmethod
    def _heading_ok(m: re.Match[str] | None) -> bool:
        """Part/chapter/section lines: the rest must be empty or a capitalised title."""
        if m is None:
            return False
        rest = m.group(m.lastindex or 1).strip() if m.lastindex and m.lastindex > 1 else ""
        return not rest or _is_upper(rest) or rest[0].isupper()

    def _is_appendix_line(self, line: str) -> bool:
        return len(line) < 250 and (line.startswith(("PHỤ LỤC", "APPENDIX", "ANNEX")) or (
            bool(re.match(r"^(Phụ lục|Appendix|Annex)\s+([IVXLC]+|\d+)\b", line))
        ))

    def _bare_appendix(self, lines: list[str], i: int) -> bool:
        """A bare "PHỤ LỤC" cover line followed by numbered appendices is not one itself."""
        if _APPENDIX.match(lines[i]) is None or _APPENDIX.match(lines[i]).group(1):  # type: ignore[union-attr]
            return False
        for nxt in lines[i + 1 : i + 4]:
            m = _APPENDIX.match(nxt)
            if m and m.group(1):
                return True
        return False

    def _open_appendix(self, m: re.Match[str], start: int) -> None:
        self.appendix_count += 1
        number = m.group(1) or ""
        id_number = _ordinal(number) if number else str(self.appendix_count)
        self.open("appendix", number, m.group(2).strip(), start, id_number)
        self.in_appendix = True
        self.signature_at = None

    def _take_title(self, lines: list[str], i: int, rest: str) -> tuple[str, int]:
        """Heading of a part/chapter/section: on the same line, or in capitals below it."""
        if rest:
            return rest, 0
        parts: list[str] = []
        j = i + 1
        while j < len(lines) and len(parts) < 2:
            nxt = lines[j]
            if not _is_upper(nxt) or self._structure_kind(nxt) or _ARTICLE.match(nxt):
                break
            parts.append(nxt)
            j += 1
        return " ".join(parts), len(parts)

    def _structure(self, lines: list[str], offsets: list[int], i: int) -> int:
        """Open the provision that line ``i`` starts, if any; return the lines consumed."""
        line, start = lines[i], offsets[i]
        if line[:1] in _OPEN_QUOTES or line[:1] == '"':
            return 0
        seen_article = self.last_article is not None
        if seen_article and self.signature_at is None and (
            _ADOPTION.match(line)
            or (_SIGNER.match(line) and (line.startswith(("Nơi nhận", "Recipients"))
                                         or _is_upper(line[:12])))
        ):
            self.signature_at = start - 1
            return 1
        if seen_article:
            m = _APPENDIX.match(line)
            if m and self._is_appendix_line(line):
                if not self._bare_appendix(lines, i):
                    self._open_appendix(m, start)
                else:
                    self.signature_at = self.signature_at or start - 1
                return 1
        for level, pattern in (
            ("part", _PART),
            ("chapter", _CHAPTER),
            ("section", _SECTION),
            ("subsection", _SUBSECTION),
        ):
            m = pattern.match(line)
            if m and self._heading_ok(m) and (level != "section" or self.stack or seen_article):
                if self.signature_at is not None:
                    return 1  # a signer's line that looks like structure; stay in the block
                title, used = self._take_title(lines, i, m.group(2).strip())
                self.open(level, m.group(1), title, start, _ordinal(m.group(1)))  # type: ignore[arg-type]
                return 1 + used
        m = _ARTICLE.match(line)
        if m:
            number, punct, rest = m.group(1), m.group(2), m.group(3).strip()
            bare_ok = punct is not None or not rest or rest[0].isupper()
            fits = self._article_fits(number)
            if bare_ok and fits and (punct or not rest or self._next_expected(number)):
                self.signature_at = None
                heading, used = rest, 0
                if not rest and i + 1 < len(lines) and self._looks_like_heading(lines[i + 1]):
                    heading, used = lines[i + 1], 1
                self.open("article", number, heading, start, number)
                nm = re.match(r"(\d+)([a-zđ]?)", number)
                assert nm is not None
                self.last_article = (int(nm.group(1)), nm.group(2))
                return 1 + used
        if self.signature_at is not None:
            return 1
        m = _CLAUSE.match(line)
        if m:
            article = self._innermost_of("article")
            if self._clause_fits(article, m.group(1)):
                self.open("clause", m.group(1), "", start, m.group(1))
                return 1
        m = _POINT.match(line)
        if m:
            holder = self._innermost_of("clause") or self._innermost_of("article")
            letter, digits = m.group(1), m.group(2)
            # A point inside a clause belongs to it; directly under an article only if the
            # article has no clauses.
            allowed = holder is not None and (
                holder.level == "clause"
                or not holder.last_child
                or not holder.last_child[0].isdigit()
            )
            if allowed and holder is not None and self._point_fits(holder, letter, digits):
                self.open("point", letter + digits, "", start, letter + digits)
                return 1
        return 0

    def _innermost_of(self, level: Level) -> _Node | None:
        for node in reversed(self.stack):
            if node.level == level:
                return node
            if _DEPTH.get(node.level, 99) < _DEPTH[level]:
                return None
        return None

    def _next_expected(self, number: str) -> bool:
        m = re.match(r"(\d+)", number)
        assert m is not None
        expected = 1 if self.last_article is None else self.last_article[0] + 1
        return int(m.group(1)) == expected

    def _looks_like_heading(self, line: str) -> bool:
        """Old laws put "Điều 5" alone and the title (if any) on the next line."""
        return (
            len(line) <= 160
            and line[-1] not in ".;:,"
            and line[0].isupper()
            and not _CLAUSE.match(line)
            and not _POINT.match(line)
            and not self._structure_kind(line)
        )

    def _record_quote(self, start: int, end: int, lines: list[str], first_line: int) -> None:
        node = self.innermost()
        if node is None:
            return
        intro = lines[first_line - 1] if first_line > 0 else ""
        opening = lines[first_line]
        # The intro is either on the line before the quote or before the quote on its line.
        cut = min((opening.find(q) for q in _OPEN_QUOTES if q in opening), default=-1)
        if cut > 0:
            intro = opening[:cut]
        target, action = None, None
        m = _AMEND_INTRO.search(intro.rstrip())
        if m:
            action, target = m.group(1).lower(), m.group(2).strip() or None
        amended = None
        for candidate in [intro, *(self._first_line_of(n) for n in reversed(self.stack))]:
            d = _DOC_REF.search(candidate)
            if d:
                amended = d.group(1).strip()
                break
        node.quotes.append(Quote(start, end, target, amended, action))

    def _first_line_of(self, node: _Node) -> str:
        text = self.doc.text
        nl = text.find("\n", node.start)
        return text[node.start : nl if nl != -1 else len(text)]

    def _paragraphs(self, lines: list[str], offsets: list[int]) -> list[_Node]:
        """Fallback for texts without articles: one provision per paragraph. A line that does
        not end a sentence, followed by one that starts in lower case, is a hard wrap (e-mail
        and PDF copies break paragraphs at ~70 characters): the lines form one paragraph."""
        seen: set[str] = set()
        groups: list[tuple[int, int]] = []
        for i in range(self.header_end, len(lines)):
            if not lines[i].strip():
                continue
            prev = groups[-1][1] if groups else -1
            if groups and prev == i - 1 and not _SENTENCE_END.search(lines[prev]) and \
                    lines[i][:1].islower():
                groups[-1] = (groups[-1][0], i)
            else:
                groups.append((i, i))
        for n, (first, last) in enumerate(groups, start=1):
            node = _Node(
                level="paragraph",
                number=str(n),
                heading="",
                start=offsets[first],
                id=f"{self.doc.doc_id}/para{n}",
                parent=None,
                end=offsets[last] + len(lines[last]),
            )
            seen.add(node.id)
            self.nodes.append(node)
        self.ids = seen
        return self.nodes


_SENTENCE_END = re.compile(r"[.!?:;…\"”’]\s*$")


def segment(document: Document) -> tuple[Provision, ...]:
    """Build the provision tree of a document.

    Parameters
    ----------
    document : Document
        An ingested document (its ``text`` is normalised).

    Returns
    -------
    tuple of Provision
        Provisions in document order, parents before children, spans into ``document.text``.

    Examples
    --------
    >>> from lexoverlap import document_from_text
    >>> doc = document_from_text("Điều 1. Phạm vi\\n1. Luật này quy định:\\na) việc A;\\n"
    ...                          "b) việc B.\\n2. Khoản hai.", doc_id="x")
    >>> [p.id for p in segment(doc)]
    ['x/art1', 'x/art1/cl1', 'x/art1/cl1/pt_a', 'x/art1/cl1/pt_b', 'x/art1/cl2']
    """
    nodes = _Builder(document, document.header_end).run()
    text = document.text
    out = []
    for node in nodes:
        end = node.end if node.end >= node.start else len(text)
        # Spans never include the trailing newline.
        while end > node.start and text[end - 1] == "\n":
            end -= 1
        out.append(
            Provision(
                id=node.id,
                doc_id=document.doc_id,
                level=node.level,
                number=node.number,
                heading=node.heading,
                text=text[node.start : end],
                start=node.start,
                end=end,
                parent=node.parent,
                quotes=tuple(node.quotes),
            )
        )
    return tuple(out)
