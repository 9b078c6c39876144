"""``lexoverlap classify-pairs IN.jsonl --out OUT.jsonl``: the pair classification contract.

Input line: ``{"id": str, "a": {"text": str, "ref"?, "doc_type"?, "issuer"?, "date"?}, "b": …}``
(``a``/``b`` may be bare strings). Output: one line per input line, same order, with
``label``, ``score``, ``conflict_kind`` (contradictions), ``prevails``, ``explanation`` and the
evidence spans — offsets into each text as the pipeline normalises it (NFC, one tone-mark
convention, one paragraph per line: see :func:`lexoverlap._text.normalize_text`), so that a
text typed in decomposed Unicode or with the old tone placement reads as any other. A bad
line gets ``"label": "error"`` and a message naming the line; the run
goes on. The texts need not be in any store.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from ._annotate import annotate
from ._ingest import document_from_text
from ._metadata import detect_language, rank_of
from ._segment import segment
from ._text import normalize_text
from .detect import Side, Verdict, classify
from .embed import Encoder
from .models import Annotations

_ISSUER_KIND = {"quốc hội": "national_assembly", "chính phủ": "government",
                "thủ tướng chính phủ": "prime_minister"}


class PairError(ValueError):
    """A malformed input line."""


@dataclass(frozen=True, slots=True)
class PairInput:
    id: str
    a: Side
    b: Side
    language: str


def annotate_text(text: str) -> Annotations:
    """All annotations of a provision text (norms, quantities, definitions, citations)."""
    doc = document_from_text(text, doc_id="x")
    return Annotations.combine("x", annotate(doc, segment(doc)))


def _rank(doc_type: str | None, issuer: str | None) -> int | None:
    if not doc_type:
        return None
    kind = _ISSUER_KIND.get((issuer or "").strip().lower())
    rank, _ = rank_of(doc_type, kind)
    return int(rank) if rank is not None else None


def side(value: Any, name: str) -> Side:
    """A :class:`Side` from an input field (a string or an object with ``text``)."""
    if isinstance(value, str):
        value = {"text": value}
    if not isinstance(value, dict):
        raise PairError(f"'{name}' must be a string or an object with 'text'")
    text = value.get("text")
    if not isinstance(text, str) or not text.strip():
        raise PairError(f"'{name}.text' must be a non-empty string")
    when = value.get("date")
    parsed: date | None = None
    if when is not None:
        try:
            parsed = date.fromisoformat(str(when))
        except ValueError:
            raise PairError(f"'{name}.date' is not YYYY-MM-DD: {when!r}") from None
    for key in ("ref", "doc_type", "issuer", "title"):
        if value.get(key) is not None and not isinstance(value[key], str):
            raise PairError(f"'{name}.{key}' must be a string")
    # The annotations are made on the normalised text; rules read the same text (an NFD
    # "phải" would match no pattern and shift every span).
    text = normalize_text(text)
    return Side(text, annotate_text(text), value.get("ref"), value.get("doc_type"),
                value.get("issuer"), parsed, _rank(value.get("doc_type"), value.get("issuer")),
                detect_language(text), value.get("title"))


def parse_line(line: str, number: int) -> PairInput:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise PairError(f"line {number}: not JSON ({exc.msg})") from None
    if not isinstance(record, dict):
        raise PairError(f"line {number}: expected an object")
    pid = record.get("id")
    if not isinstance(pid, str | int):
        raise PairError(f"line {number}: missing 'id'")
    if "a" not in record or "b" not in record:
        raise PairError(f"line {number}: needs 'a' and 'b'")
    try:
        a, b = side(record["a"], "a"), side(record["b"], "b")
    except PairError as exc:
        raise PairError(f"line {number}: {exc}") from None
    la, lb = detect_language(a.text), detect_language(b.text)
    return PairInput(str(pid), a, b, la if la == lb else "mixed")


def _line_id(line: str, number: int) -> str:
    try:
        record = json.loads(line)
        if isinstance(record, dict) and isinstance(record.get("id"), str | int):
            return str(record["id"])
    except json.JSONDecodeError:
        pass
    return f"line-{number}"


def cosines(pairs: Sequence[PairInput], encoder_for: Any) -> list[float]:
    """Embedding cosine of each pair, batched per language (mixed pairs get 0)."""
    out = [0.0] * len(pairs)
    by_lang: dict[str, list[int]] = {}
    for i, p in enumerate(pairs):
        by_lang.setdefault(p.language, []).append(i)
    for lang, idx in by_lang.items():
        if lang == "mixed":
            continue
        enc: Encoder = encoder_for(lang)
        va = enc.encode([pairs[i].a.text for i in idx])
        vb = enc.encode([pairs[i].b.text for i in idx])
        for j, i in enumerate(idx):
            out[i] = float(np.clip(va[j] @ vb[j], -1.0, 1.0))
    return out


Batch = Callable[[Sequence[tuple[Side, Side, float]]], list[Verdict]]


def classify_lines(lines: Iterable[str], encoder_for: Any, batch: int = 256,
                   judge_for: Callable[[str], Batch] | None = None
                   ) -> Iterator[dict[str, Any]]:
    """One output record per input line, in order (see the module doc). ``judge_for(lang)``
    gives the batch classifier of a language (the rules when None)."""
    buffer: list[tuple[str, PairInput | str]] = []

    def flush() -> Iterator[dict[str, Any]]:
        good = [p for _, p in buffer if isinstance(p, PairInput)]
        scores = cosines(good, encoder_for)
        verdicts: dict[int, Verdict] = {}
        by_language: dict[str, list[int]] = {}
        for i, pair in enumerate(good):
            by_language.setdefault(pair.language, []).append(i)
        for language, idx in by_language.items():
            judge = judge_for(language) if judge_for is not None else None
            items = [(good[i].a, good[i].b, scores[i]) for i in idx]
            found = judge(items) if judge is not None else [classify(*x) for x in items]
            verdicts.update(zip(idx, found, strict=True))
        n = 0
        for pid, item in buffer:
            if isinstance(item, PairInput):
                yield verdicts[n].to_record(item.id)
                n += 1
            else:
                yield {"id": pid, "label": "error", "score": 0.0, "explanation": item}
        buffer.clear()

    for number, line in enumerate(lines, 1):
        if not line.strip():
            buffer.append((f"line-{number}", f"line {number}: empty line"))
        else:
            try:
                buffer.append(("", parse_line(line, number)))
            except PairError as exc:
                buffer.append((_line_id(line, number), str(exc)))
        if len(buffer) >= batch:
            yield from flush()
    yield from flush()
