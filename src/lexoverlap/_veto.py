"""A learned veto over the Vietnamese modal-word rules (``_annotate``).

The rules tell a modal word from its look-alikes ("được" the passive, "không được" a bound,
"phải" inside a noun phrase); every batch of laws they had not seen brought look-alikes no
rule named. A logistic regression over the words and pyvi part-of-speech tags around each
modal word, fitted on the hand-labelled dev laws (``tests/golden/norms*.jsonl``; held-out laws
never), gives the probability that the word is a norm's trigger; a trigger the rules keep is
dropped when that probability is below the threshold. The threshold was chosen by 5-fold
cross-validation over dev laws as the highest precision that costs at most 0.02 recall; then
the held-out laws were scored once (README, "Measured"). The model is data beside this module
(``data/norm_veto.json``), written by ``python bench/norm_veto.py --export``; without the file
the rules run alone.
"""

from __future__ import annotations

import json
import math
import re
from functools import cache
from pathlib import Path
from typing import Any

MODEL = Path(__file__).parent / "data" / "norm_veto.json"
WORD = re.compile(r"[\wÀ-ỹ]+|[^\s\w]")
_CLAUSE_BREAK = re.compile(r"[;:.\n]\s")


@cache
def pyvi() -> tuple[Any, Any]:
    """pyvi's tokenizer and tagger, with their model files already removed.

    Why: pyvi keeps its two CRF models (sklearn-crfsuite) in class attributes; unpickling each
    writes it to a fresh ``/tmp/model*.crfsuite`` that is deleted only when the model is
    garbage-collected, which class attributes never are: every process that segmented
    Vietnamese left 0.6–4 MB behind (85 files in /tmp after one day of tests and evals).
    crfsuite reads the whole file when its tagger opens, so the tagger is opened here and the
    file removed at once — a worker killed later (Dask, a notebook kernel) leaves nothing; an
    exit handler, tried first, still let those leak."""
    from pyvi import ViPosTagger, ViTokenizer

    for model in (ViTokenizer.ViTokenizer.model, ViPosTagger.ViPosTagger.model):
        resource = getattr(model, "modelfile", None)
        if resource is not None:
            model.tagger_  # noqa: B018 (opening the tagger reads the file into memory)
            resource.cleanup()
    return ViTokenizer, ViPosTagger


def features(text: str, start: int, end: int) -> dict[str, float]:
    """The context of the modal word ``text[start:end]``: the word itself, up to four words on
    each side, the words of its clause so far, and three pyvi tags on each side."""
    ViTokenizer, ViPosTagger = pyvi()

    before, after = WORD.findall(text[:start].lower()), WORD.findall(text[end:].lower())
    f: dict[str, float] = {"trigger=" + text[start:end].lower(): 1}
    for i in range(1, 5):
        if len(before) >= i:
            f[f"b{i}={before[-i]}"] = 1
        if len(after) >= i:
            f[f"a{i}={after[i - 1]}"] = 1
    clause = _CLAUSE_BREAK.split(text[:start])[-1].lower()
    for w in set(WORD.findall(clause)):
        f["clause=" + w] = 1
    tags_before = ViPosTagger.postagging(ViTokenizer.tokenize(clause))[1] if clause.strip() \
        else []
    rest = text[end:end + 80].lower()
    tags_after = ViPosTagger.postagging(ViTokenizer.tokenize(rest))[1] if rest.strip() else []
    for i in range(1, 4):
        if len(tags_before) >= i:
            f[f"bp{i}={tags_before[-i]}"] = 1
        if len(tags_after) >= i:
            f[f"ap{i}={tags_after[i - 1]}"] = 1
    return f


@cache
def _model() -> dict[str, Any] | None:
    try:
        return dict(json.loads(MODEL.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return None


def version() -> str:
    """What the annotation rule version records: the model's own version, or "none"."""
    model = _model()
    return str(model["version"]) if model else "none"


def probability(text: str, start: int, end: int) -> float | None:
    """P(the modal word at ``start:end`` is a norm's trigger); None without a model."""
    model = _model()
    if model is None:
        return None
    weights: dict[str, float] = model["weights"]
    z = float(model["intercept"]) + sum(weights.get(k, 0.0) * v
                                        for k, v in features(text, start, end).items())
    return 1.0 / (1.0 + math.exp(-z))


# Off only to measure the rules alone (bench/norm_veto.py).
enabled = True


def keep(text: str, start: int, end: int) -> bool:
    """Whether a trigger the rules found stays (always, without a model)."""
    model = _model()
    if not enabled or model is None:
        return True
    p = probability(text, start, end)
    return p is None or p > float(model["threshold"])
