"""Resolve citation targets to provision or document ids of a corpus.

"this" targets resolve inside the citing document, relative to the citing provision
("khoản 2 Điều này" → clause 2 of the citing article); numbers resolve by the documents'
numbers; titles by the documents' titles, choosing the version in force when the citing
document was signed.
"""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from ._segment import roman_to_int
from ._text import fold
from .models import Citation, CitationTarget, Document, Provision

_SEGMENT = re.compile(r"^(part|ch|sec|subsec|art|cl|pt_|app)(.+)$")
_PATH_LEVELS = {"part": "part", "ch": "chapter", "sec": "section", "art": "article",
                "cl": "clause", "pt_": "point", "app": "appendix"}  # fmt: skip


def _path_of(provision_id: str) -> dict[str, str]:
    """``45-2019-QH14/ch3/art35/cl1/pt_a`` → {chapter: 3, article: 35, clause: 1, point: a}."""
    out: dict[str, str] = {}
    for segment in provision_id.split("/")[1:]:
        m = _SEGMENT.match(segment.split("~")[0])
        if m and m.group(1) in _PATH_LEVELS:
            out[_PATH_LEVELS[m.group(1)]] = m.group(2)
    return out


def _key(path: dict[str, str]) -> tuple[tuple[str, str], ...]:
    """Canonical lookup key. Articles and chapters are numbered through the whole document
    (chapters run on across parts), so the levels above them do not take part; sections are
    numbered within their chapter."""
    if path.get("article"):
        levels: tuple[str, ...] = ("article", "clause", "point")
    elif path.get("section"):
        levels = ("chapter", "section")
    elif path.get("chapter"):
        levels = ("chapter",)
    elif path.get("part"):
        levels = ("part",)
    else:
        levels = ("appendix",)
    return tuple((lv, _norm_number(path[lv])) for lv in levels if path.get(lv))


def _title_keys(title: str) -> list[str]:
    """Lookup keys of a title: folded, and without "về" after the type word
    ("Luật về dầu khí" = "Luật Dầu khí")."""
    key = " ".join(fold(title).split())
    short = re.sub(r"^(luat|bo luat|phap lenh) ve ", r"\1 ", key)
    return [key, short] if short != key else [key]


def _norm_number(value: str) -> str:
    value = value.strip()
    if re.fullmatch(r"[IVXLC]+", value):
        return str(roman_to_int(value))
    return value.lower()


def _key_number(number: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", fold(number).upper())


# A title names the version in force when the citing document was signed; with none, a
# version signed at most this many days later (laws passed at one session of the National
# Assembly cite each other whichever was signed first: dev citations, one such), never one
# signed years later. Why: the 2003 State Enterprise Law's "Luật Doanh nghiệp nhà nước"
# (its own 1995 predecessor, not in the corpus) resolved to the 2014 Enterprise Law, and read
# as a replacement of it made every pair of the two laws a version change (the labelled pairs'
# time judgement, session 10). 0 days loses that one dev citation; 366 keeps every labelled
# resolution.
LATER_VERSION_DAYS = 366


class CorpusIndex:
    """Lookup tables over a corpus: documents by number and title, provisions by path.

    Examples
    --------
    >>> from lexoverlap import document_from_text, segment
    >>> doc = document_from_text("Điều 5. A\\n1. B\\n2. C", doc_id="d")
    >>> index = CorpusIndex([(doc, segment(doc))])
    >>> index.provision("d", {"article": "5", "clause": "2"})
    'd/art5/cl2'
    """

    def __init__(self, corpus: Iterable[tuple[Document, Iterable[Provision]]]) -> None:
        # A number names one document and its translations: all are kept, and a citation
        # resolves to the one in its own language (else the first id) — not to whichever the
        # corpus listed first, which made a resumed run differ from a clean one.
        self.by_number: dict[str, list[str]] = defaultdict(list)
        self.language: dict[str, str] = {}
        self.by_title: dict[str, list[tuple[date | None, str]]] = defaultdict(list)
        self.signed: dict[str, date | None] = {}
        self.paths: dict[str, dict[tuple[tuple[str, str], ...], str]] = {}
        self.titles: list[str] = []
        self.constitutions: list[tuple[date, str]] = []
        for doc, provisions in corpus:
            self.signed[doc.doc_id] = doc.signed
            self.language[doc.doc_id] = doc.language
            if doc.doc_type in ("Hiến pháp", "Constitution") and doc.signed is not None:
                self.constitutions.append((doc.signed, doc.doc_id))
            if doc.number:
                self.by_number[_key_number(doc.number)].append(doc.doc_id)
            if doc.title:
                for key in _title_keys(doc.title):
                    self.by_title[key].append((doc.signed, doc.doc_id))
                self.titles.append(doc.title)
            table: dict[tuple[tuple[str, str], ...], str] = {}
            for p in provisions:
                path_key = _key(_path_of(p.id))
                if path_key:  # a preamble has no path
                    table.setdefault(path_key, p.id)
            self.paths[doc.doc_id] = table

    def document(self, key: str, citing: str) -> str | None:
        """The doc id a target's ``document`` names (a number or a title)."""
        if fold(key).startswith("hien phap"):
            # The Constitution in force when the citing document was signed (or the year named).
            year = re.search(r"\b(1946|1959|1980|1992|2013)\b", key)
            when = self.signed.get(citing)
            charters = sorted(self.constitutions)
            if year:
                return next((i for d, i in charters if d.year == int(year.group(1))), None)
            if when is None:
                return charters[-1][1] if charters else None
            earlier = [i for d, i in charters if d <= when]
            return earlier[-1] if earlier else None
        numbered = self.by_number.get(_key_number(key))
        if numbered and re.search(r"\d", key):
            own = [d for d in numbered if self.language.get(d) == self.language.get(citing)]
            return min(own or numbered)
        versions = next((self.by_title[k] for k in _title_keys(key) if k in self.by_title), None)
        if not versions:
            return None
        when = self.signed.get(citing)
        dated = sorted((d, i) for d, i in versions if d is not None)
        if when is not None and dated:
            before = [i for d, i in dated if d <= when]
            if before:
                return before[-1]
            first, doc_id = dated[0]
            return doc_id if (first - when).days <= LATER_VERSION_DAYS else None
        return (dated[-1][1] if dated else versions[0][1])

    def provision(self, doc_id: str, path: dict[str, str]) -> str | None:
        """The provision id at ``path`` in ``doc_id``, or None."""
        key = _key(path)
        return self.paths.get(doc_id, {}).get(key) if key else None


def resolve(citation: Citation, index: CorpusIndex, *, context: str | None = None) -> Citation:
    """Fill ``resolved`` on each target of ``citation`` (source = citing provision id).

    ``context`` names the document that unqualified references point to when it is not the
    citing one (the law an amending clause introduces); by default the citing document.
    """
    citing_doc = citation.source.split("/", 1)[0]
    here = _path_of(citation.source)
    targets = []
    for target in citation.targets:
        if target.document == "":
            target = dataclasses.replace(target, document=context or "this")
        path = {
            lv: getattr(target, lv)
            for lv in ("part", "chapter", "section", "article", "clause", "point", "appendix")
            if getattr(target, lv) is not None
        }
        if target.document == "this":
            doc_id: str | None = citing_doc
            # "Điều này", "khoản này"; "khoản 2" alone = clause 2 of this article.
            for level in ("article", "clause", "point"):
                if path.get(level) == "this":
                    path[level] = here.get(level, "")
            if "article" not in path and ("clause" in path or "point" in path):
                path["article"] = here.get("article", "")
            if "point" in path and "clause" not in path and "clause" in here:
                path["clause"] = here["clause"]
            if "section" in path and "chapter" not in path and "chapter" in here:
                path["chapter"] = here["chapter"]
            for level in ("section", "chapter", "part"):
                if path.get(level) == "this":
                    path[level] = here.get(level, "")
        else:
            doc_id = index.document(target.document, citing_doc)
        resolved = None
        if doc_id is not None:
            resolved = index.provision(doc_id, path) if path else doc_id
        # "Điều này" is written out: the target names the real article (clause, point).
        filled = {
            lv: path[lv]
            for lv in ("article", "clause", "point", "chapter", "section", "part")
            if getattr(target, lv) == "this" and path.get(lv)
        }
        targets.append(dataclasses.replace(target, resolved=resolved, **filled))
    return dataclasses.replace(citation, targets=tuple(targets))


def is_resolvable(target: CitationTarget, index: CorpusIndex, citing_doc: str) -> bool:
    """Whether the target's document is in the corpus (the denominator of resolution)."""
    return target.document == "this" or index.document(target.document, citing_doc) is not None
