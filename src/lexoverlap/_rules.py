"""Versions of the rules that made what a store keeps (annotations, findings).

A version names its rules ("annotate.v3", "detect.v8") and ends with a fingerprint of their
source, so a rule changed without the number being raised still changes the version, and the
next ``analyze`` makes again what the old code made (found on vn-laws-vlc: two sets of rules
both called annotate.v3 left a store annotated by the first).
"""

from __future__ import annotations

import hashlib
from pathlib import Path


def fingerprint(*modules: str) -> str:
    """The first 8 hex digits of the SHA-1 of these modules' source files (names beside this
    one, e.g. ``"detect.py"``); "src?" when the source is not readable (a frozen build)."""
    digest = hashlib.sha1()
    here = Path(__file__).parent
    try:
        for name in modules:
            digest.update((here / name).read_bytes())
    except OSError:
        return "src?"
    return digest.hexdigest()[:8]
