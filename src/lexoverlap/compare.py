"""Compare two documents directly: align their provisions and classify each aligned pair.

For two versions or two translations of one text (``lexoverlap compare A B``): the units of
both are embedded with the language's encoder, each unit is matched with its nearest unit of
the other document (both ways), and every match above :data:`MIN_ALIGN` is classified by the
detector. Repetitions inside one document are found the same way (pairs of its own units).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ._units import Unit, encoder_text, units
from .classify import annotate_text
from .detect import Side, Verdict, classify
from .embed import Encoder
from .models import Document

MIN_ALIGN = 0.5  # below this cosine a best match is no counterpart at all
Judge = Callable[[Side, Side, float], Verdict]


@dataclass(frozen=True, slots=True)
class Aligned:
    """One aligned pair (``b`` is None for a unit of ``a`` with no counterpart, ``a`` is ""
    for a unit of ``b`` with none)."""

    a: str
    b: str | None
    cosine: float
    verdict: Verdict | None


def _side(unit: Unit, doc: Document) -> Side:
    return Side(unit.text, annotate_text(unit.text), unit.id, doc.doc_type, doc.issuer,
                doc.signed, int(doc.rank) if doc.rank is not None else None, doc.language,
                doc.title)


def align(doc_a: Document, doc_b: Document, encoder: Encoder, judge: Judge = classify
          ) -> list[Aligned]:
    """Each unit's best counterpart in the other document, both ways (so a paragraph split in
    two in one version pairs with both halves), every pair above :data:`MIN_ALIGN` classified;
    units with no counterpart are listed with ``b=None`` (or ``a`` empty for ``doc_b``'s)."""
    from ._segment import segment

    ua, ub = list(units(segment(doc_a))), list(units(segment(doc_b)))
    if not ua or not ub:
        return [Aligned(u.id, None, 0.0, None) for u in ua]
    va = encoder.encode([encoder_text(u) for u in ua])
    vb = encoder.encode([encoder_text(u) for u in ub])
    sim = va @ vb.T
    matches = {(i, int(sim[i].argmax())) for i in range(len(ua))}
    matches |= {(int(sim[:, j].argmax()), j) for j in range(len(ub))}
    out: list[Aligned] = []
    paired_a, paired_b = set(), set()
    for i, j in sorted(matches):
        cos = float(sim[i, j])
        if cos < MIN_ALIGN:
            continue
        paired_a.add(i)
        paired_b.add(j)
        out.append(Aligned(ua[i].id, ub[j].id, cos,
                           judge(_side(ua[i], doc_a), _side(ub[j], doc_b), cos)))
    out += [Aligned(u.id, None, 0.0, None) for i, u in enumerate(ua) if i not in paired_a]
    out += [Aligned("", u.id, 0.0, None) for j, u in enumerate(ub) if j not in paired_b]
    return out


def repeated(doc: Document, encoder: Encoder, judge: Judge = classify,
             min_cosine: float = 0.9) -> list[tuple[str, str, Verdict]]:
    """Pairs of one document's units that repeat each other (duplicate or overlap)."""
    from ._segment import segment

    us = list(units(segment(doc)))
    if len(us) < 2:
        return []
    v = encoder.encode([encoder_text(u) for u in us])
    sim: Any = v @ v.T
    out: list[tuple[str, str, Verdict]] = []
    for i in range(len(us)):
        for j in range(i + 1, len(us)):
            if sim[i, j] >= min_cosine:
                verdict = judge(_side(us[i], doc), _side(us[j], doc), float(sim[i, j]))
                if verdict.label in ("duplicate", "overlap"):
                    out.append((us[i].id, us[j].id, verdict))
    return out
