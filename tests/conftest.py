"""Shared test fixtures: where the real corpora are, and offline settings."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# No network at test time: any model hub access must fail fast instead of hanging.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

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
