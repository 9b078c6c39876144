"""Shared test fixtures: where the real corpora are, and offline settings."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# No network at test time: any model hub access must fail fast instead of hanging.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
# Detection in tests is the rules alone: the learned scorer needs ../shared to train, and test
# results must not depend on whether it is present (tests/test_classify.py trains it apart).
os.environ["LEXOVERLAP_DETECTOR"] = "rules"

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpora" / "sample"
SHARED = (ROOT.parent / "shared").resolve()
CORPORA = SHARED / "corpora"
VLC = CORPORA / "vn-laws-vlc"
GOLDEN = Path(__file__).resolve().parent / "golden"


def need_shared() -> None:
    """Skip the calling test when ../shared/corpora is not beside the checkout."""
    if not VLC.is_dir():
        pytest.skip(f"real corpora not found at {CORPORA} (../shared is absent on this machine)")


@pytest.fixture
def shared_corpora() -> Path:
    """Path of ../shared/corpora; skips the test with the reason when it is absent."""
    need_shared()
    return CORPORA


@pytest.fixture(scope="session", autouse=True)
def encoder_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private encoder cache for the test session, with the default Vietnamese encoder
    trained on the sample corpus (seconds), so no test trains on vn-laws-vlc by accident
    and no test depends on what a developer has cached in ~/.cache/lexoverlap."""
    home = tmp_path_factory.mktemp("lexoverlap-home")
    os.environ["LEXOVERLAP_HOME"] = str(home)
    return home


@pytest.fixture(scope="session")
def sample_encoder(encoder_home: Path) -> Path:
    """Train (once) and cache the default encoder on the sample corpus."""
    from lexoverlap import embed, train
    from lexoverlap.pipeline import train_corpus

    path = train.default_path()
    if not (path / "encoder.json").exists():
        encoder = train.build(train_corpus([SAMPLE]), train.DEFAULT_KIND)
        assert isinstance(encoder, embed.HybridEncoder)
        embed.save(encoder, path)
    return path


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory: pytest.TempPathFactory, sample_encoder: Path) -> Path:
    """The sample corpus analysed once per session (read-only for the tests that use it)."""
    from lexoverlap.pipeline import analyze

    path = tmp_path_factory.mktemp("sample-store") / "lexoverlap.db"
    analyze([SAMPLE], path)
    return path
