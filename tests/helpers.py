"""Helpers shared by test modules."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

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


def planted_pairs(store: Path, sample: Path) -> list[tuple[str, str, str, str | None]]:
    """(a, b, relation, kind) of every planted relation of the sample corpus
    (``sample/planted.jsonl``), as provision ids in a store built from it."""
    from lexoverlap.store import Store

    with Store(store, readonly=True) as s:
        by_file = {Path(src).resolve(): d for d, src in
                   s.db.execute("SELECT doc_id, source FROM documents")}
        ids = [r[0] for r in s.db.execute("SELECT id FROM provisions")]

    def pid(ref: dict[str, str | None]) -> str:
        doc = by_file[(sample / str(ref["file"])).resolve()]
        if ref.get("paragraph"):
            return f"{doc}/para{ref['paragraph']}"
        tail = f"/art{ref['article']}" + (f"/cl{ref['clause']}" if ref["clause"] else "") \
            + (f"/pt_{ref['point']}" if ref["point"] else "")
        found = [i for i in ids if i.startswith(doc + "/") and i.endswith(tail)]
        assert len(found) == 1, (ref, found)
        return found[0]

    rows = [json.loads(x) for x in (sample / "planted.jsonl").read_text("utf-8").splitlines()]
    return [(pid(r["a"]), pid(r["b"]), r["relation"], r["kind"]) for r in rows]
