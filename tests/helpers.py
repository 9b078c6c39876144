"""Helpers shared by test modules."""

from __future__ import annotations

import unicodedata

# Header block of a (fictional) law in the real layout: issuer, motto, number, date, type, title.
LAW_HEADER = [
    "QUỐC HỘI -------",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc ---------------",
    "Luật số: 12/2024/QH15",
    "Hà Nội, ngày 20 tháng 6 năm 2024",
    "LUẬT",
    "DỮ LIỆU SỐ CÔNG",
]
# Its preamble: the legal basis and the enacting formula.
LAW_PREAMBLE = [
    "Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;",
    "Quốc hội ban hành Luật Dữ liệu số công.",
]


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
