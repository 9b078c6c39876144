"""Build the Vietnamese encoders from a corpus: ``lexoverlap train-encoder``.

No Vietnamese sentence-transformers checkpoint can be installed here, so the encoders are
trained on the corpus itself, reproducibly (fixed seeds, the corpus fingerprint in the
name) and cached under :func:`lexoverlap.embed.cache_home`:

- the TF-IDF/SVD lexical channel is fitted on the comparison units;
- the StaticEmbedding is trained with MultipleNegativesRankingLoss on pairs the corpus gives
  for free: an article's heading and its body; a provision and the provision it cites; two
  articles in different documents that carry the same distinctive heading.

Documents named in ``exclude`` (the evaluation laws) give no training pairs.
"""

from __future__ import annotations

import os
import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from . import embed
from ._text import fold
from ._units import Unit, encoder_text, units
from .models import Annotations, Document, Provision

DEFAULT_KIND = "hybrid"
HYBRID_WEIGHT = 0.3  # the TF-IDF share of the hybrid cosine (best MRR in eval retrieval)


@dataclass(frozen=True, slots=True)
class TrainingCorpus:
    """Segmented (and optionally annotated) documents to train on."""

    documents: Sequence[Document]
    provisions: Sequence[Sequence[Provision]]
    annotations: Sequence[Sequence[Annotations]] = ()


def training_pairs(corpus: TrainingCorpus, exclude: frozenset[str] = frozenset(),
                   limit: int = 60_000, seed: int = 0) -> list[tuple[str, str]]:
    """(anchor, positive) texts for contrastive training; see the module doc."""
    pairs: list[tuple[str, str]] = []
    by_heading: dict[str, list[tuple[str, str]]] = defaultdict(list)
    texts: dict[str, str] = {}
    for doc, provisions in zip(corpus.documents, corpus.provisions, strict=True):
        if doc.doc_id in exclude:
            continue
        for unit in units(provisions):
            if unit.boilerplate:
                continue
            texts[unit.id] = encoder_text(unit)
        for p in provisions:
            if p.level != "article" or not p.heading:
                continue
            body = p.text.partition("\n")[2].strip()
            if len(body) < 40:
                continue
            pairs.append((p.heading, body[:2000]))
            by_heading[fold(p.heading).strip(" .")].append((doc.doc_id, body[:2000]))
    # The same distinctive heading in exactly two documents: usually the same matter.
    for items in by_heading.values():
        if len(items) == 2 and items[0][0] != items[1][0]:
            pairs.append((items[0][1], items[1][1]))
    for anns in corpus.annotations:
        for ann in anns:
            if ann.provision.split("/", 1)[0] in exclude or ann.provision not in texts:
                continue
            for citation in ann.citations:
                for target in citation.targets:
                    if target.resolved in texts and target.resolved != ann.provision:
                        pairs.append((texts[ann.provision], texts[target.resolved]))
    rng = random.Random(seed)
    rng.shuffle(pairs)
    return pairs[:limit]


def fit_tfidf(corpus: TrainingCorpus, dim: int = 256) -> embed.TfidfEncoder:
    """The lexical channel, fitted on all comparison units of the corpus."""
    texts = [encoder_text(u) for ps in corpus.provisions for u in units(ps)]
    return embed.TfidfEncoder.fit(texts, dim=dim)


def fit_static(corpus: TrainingCorpus, exclude: frozenset[str] = frozenset(),
               dim: int = 256, epochs: int = 1, seed: int = 0
               ) -> embed.SentenceTransformerEncoder:
    """A StaticEmbedding trained on :func:`training_pairs` (CPU, offline, about a minute)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    import tempfile

    import torch
    from datasets import Dataset
    from sentence_transformers import (
        SentenceTransformer,
        SentenceTransformerTrainer,
        SentenceTransformerTrainingArguments,
    )
    from sentence_transformers.sentence_transformer.losses import MultipleNegativesRankingLoss
    from sentence_transformers.sentence_transformer.modules import StaticEmbedding
    from sentence_transformers.sentence_transformer.training_args import BatchSamplers
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, trainers

    torch.manual_seed(seed)
    random.seed(seed)
    texts = [encoder_text(u) for ps in corpus.provisions for u in units(ps)]
    tok = Tokenizer(models.WordPiece(unk_token="[UNK]"))
    tok.normalizer = normalizers.Sequence([normalizers.NFC(), normalizers.Lowercase()])
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    tok.train_from_iterator(texts, trainers.WordPieceTrainer(
        vocab_size=30_000, min_frequency=2, special_tokens=["[UNK]", "[PAD]"]))
    tok.enable_padding(pad_id=tok.token_to_id("[PAD]"), pad_token="[PAD]")
    tok.enable_truncation(max_length=512)
    model = SentenceTransformer(modules=[StaticEmbedding(tok, embedding_dim=dim)], device="cpu")
    pairs = training_pairs(corpus, exclude, seed=seed)
    data = Dataset.from_dict({"anchor": [a for a, _ in pairs],
                              "positive": [b for _, b in pairs]})
    with tempfile.TemporaryDirectory() as out:
        args = SentenceTransformerTrainingArguments(
            output_dir=out, num_train_epochs=epochs, per_device_train_batch_size=256,
            learning_rate=0.2, batch_sampler=BatchSamplers.NO_DUPLICATES,
            save_strategy="no", report_to="none", use_cpu=True, seed=seed,
            logging_strategy="no", disable_tqdm=True)
        SentenceTransformerTrainer(model=model, args=args, train_dataset=data,
                                   loss=MultipleNegativesRankingLoss(model)).train()
    name = f"static{dim}-v1-{embed._digest(texts)}-{len(pairs)}p"
    return embed.SentenceTransformerEncoder(name, dim, model)


def build(corpus: TrainingCorpus, kind: str = DEFAULT_KIND,
          exclude: frozenset[str] = frozenset()) -> embed.Encoder:
    """Train the encoder of ``kind`` (``tfidf``, ``static`` or ``hybrid``)."""
    if kind == "tfidf":
        return fit_tfidf(corpus)
    if kind == "static":
        return fit_static(corpus, exclude)
    if kind == "hybrid":
        return embed.HybridEncoder.of(fit_tfidf(corpus), fit_static(corpus, exclude),
                                      HYBRID_WEIGHT)
    raise ValueError(f"unknown encoder kind {kind!r} (tfidf, static, hybrid)")


def default_path(kind: str = DEFAULT_KIND, language: str = "vi") -> Path:
    """Cache folder of the default encoder for a language."""
    return embed.cache_home() / "encoders" / f"{language}-{kind}"


def corpus_units(corpus: TrainingCorpus) -> list[Unit]:
    """All comparison units of a training corpus."""
    return [u for ps in corpus.provisions for u in units(ps)]
