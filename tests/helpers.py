"""Helpers shared by test modules."""

from __future__ import annotations

import unicodedata


def cp1258_bytes(text: str) -> bytes:
    """Encode Vietnamese in Windows-1258 as Word wrote it: base letters + combining tones."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        nfd = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in nfd if c in "\u0300\u0301\u0303\u0309\u0323")
        base = unicodedata.normalize("NFC", "".join(c for c in nfd if c not in tones))
        out += base.encode("cp1258") + tones.encode("cp1258")
    return bytes(out)
