"""Text normalisation shared by every stage.

One canonical form makes spans, ids and comparisons stable whatever the source encoding:
Unicode NFC; one Vietnamese tone-mark convention; look-alike characters mapped to the letters
they impersonate; invisible characters removed; one paragraph per line.
"""

from __future__ import annotations

import re
import unicodedata

# Tone marks as combining characters (NFD): grave, acute, hook above, tilde, dot below.
_TONES = frozenset("\u0300\u0301\u0309\u0303\u0323")

# Why: "hoà"/"hòa", "thuỷ"/"thủy", "khoẻ"/"khỏe" are the same word written in the new and the
# traditional convention. Only open syllables ending in these vowel pairs are ambiguous; we use
# the traditional placement (tone on the first vowel), which the enacted texts overwhelmingly use
# ("CỘNG HÒA", "thủy lợi").
_AMBIGUOUS_PAIRS = ("oa", "oe", "uy")

# Why: scanned or hand-typed texts use look-alikes that break every pattern: U+00D0 "Ð"
# (Icelandic eth) typed for "Đ" (7 files of vn-laws-vlc), and eth "ð" for "đ".
_LOOKALIKES = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111"})

# Why: Cyrillic letters that look like Latin ones slip into copied texts ("Điеu" with a
# Cyrillic "е"); they are mapped only inside words that also contain Latin letters.
_CYRILLIC_TO_LATIN = str.maketrans(
    {
        "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i",
        "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P",
        "С": "C", "Т": "T", "У": "Y", "Х": "X", "І": "I",
    }
)  # fmt: skip
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_MIXED_WORD = re.compile(r"\w*[\u0400-\u04ff]\w*")
_LATIN = re.compile(r"[A-Za-zÀ-ỹ]")

# Full-width ASCII (U+FF01..U+FF5E) → ASCII; full-width space → space.
_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}

# Why: these are invisible and split words: soft hyphen, zero-width space/joiners, BOM,
# word joiner.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
# Why: every kind of non-breaking or typographic space becomes a plain space.
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\t\v\f"), " ")  # noqa: E501

# Only words that end in a toned oa/oe/uy pair can need a change; matching them first keeps
# normalisation fast (the whole of vn-laws-vlc holds ~4M words).
_AMBIGUOUS_WORD = re.compile(
    r"\b\w*(?:[òóỏõọ]a|o[àáảãạ]|[òóỏõọ]e|o[èéẻẽẹ]|[ùúủũụ]y|u[ỳýỷỹỵ])\b", re.IGNORECASE
)
_MULTISPACE = re.compile(r" {2,}")
_SPECIAL = re.compile(
    "[" + re.escape("".join(chr(c) for c in (*_INVISIBLE, *_SPACES, *_FULLWIDTH))) + "\u00d0\u00f0]"
)
_SPECIAL_MAP = {**_INVISIBLE, **_SPACES, **_FULLWIDTH, **_LOOKALIKES}


def _place_tone(word: str) -> str:
    """Move the tone mark of an open ``oa``/``oe``/``uy`` syllable onto the first vowel."""
    decomposed = unicodedata.normalize("NFD", word)
    tones = [c for c in decomposed if c in _TONES]
    if len(tones) != 1:
        return word
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    lower = base.lower()
    if len(lower) < 2 or lower[-2:] not in _AMBIGUOUS_PAIRS:
        return word
    if lower[-2:] == "uy" and lower.startswith("qu"):
        return word  # "quý": the u belongs to "qu", the tone stays on y
    if len(lower) >= 3 and unicodedata.normalize("NFD", lower[-3])[0] in "aeiouy":
        return word  # a longer vowel cluster ("khuya", "ngoáy"): not the ambiguous case
    i = len(base) - 2
    marked = unicodedata.normalize("NFC", unicodedata.normalize("NFD", base[i]) + tones[0])
    return base[:i] + marked + base[i + 1 :]


def normalize_tones(text: str) -> str:
    """Put Vietnamese tone marks in one place so that spelling variants compare equal.

    Parameters
    ----------
    text : str
        NFC text.

    Returns
    -------
    str
        The text with the traditional placement for open ``oa``/``oe``/``uy`` syllables.

    Examples
    --------
    >>> normalize_tones("hoà bình, thuỷ lợi, khoẻ")
    'hòa bình, thủy lợi, khỏe'
    >>> normalize_tones("hoàn thành, quý, khuya")
    'hoàn thành, quý, khuya'
    """
    return _AMBIGUOUS_WORD.sub(lambda m: _place_tone(m.group(0)), text)


def _fix_cyrillic(text: str) -> str:
    if not _CYRILLIC.search(text):
        return text

    def fix(m: re.Match[str]) -> str:
        word = m.group(0)
        return word.translate(_CYRILLIC_TO_LATIN) if _LATIN.search(word) else word

    return _MIXED_WORD.sub(fix, text)


def normalize_line(line: str) -> str:
    """Normalise one line: NFC, look-alikes, invisible characters, spaces, tone marks.

    Examples
    --------
    >>> normalize_line("\\u00d0iều\\u00a05 .  Phạm vi")
    'Điều 5 . Phạm vi'
    """
    # Invisible characters go first: a soft hyphen between a letter and its combining mark
    # would otherwise keep the pair from composing.
    if _SPECIAL.search(line):
        line = line.translate(_SPECIAL_MAP)
    line = unicodedata.normalize("NFC", line)
    line = _fix_cyrillic(line)
    # NFC again: a stray second tone mark left decomposed by the move must compose now, so
    # that normalisation is idempotent.
    line = unicodedata.normalize("NFC", normalize_tones(line))
    return _MULTISPACE.sub(" ", line).strip()


def normalize_text(text: str) -> str:
    """Normalise a whole text to the canonical form: one non-empty paragraph per line.

    Parameters
    ----------
    text : str
        Decoded text with any line endings.

    Returns
    -------
    str
        NFC text with ``\\n`` line ends, blank lines dropped, each line normalised by
        :func:`normalize_line`.

    Examples
    --------
    >>> normalize_text("Điều 1.\\r\\n\\r\\n  Luật này quy định  \\n")
    'Điều 1.\\nLuật này quy định'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    text = text.replace("\u2029", "\n").replace("\x85", "\n")
    lines = (normalize_line(raw) for raw in text.split("\n"))
    return "\n".join(line for line in lines if line)


def fold(text: str) -> str:
    """Fold case and diacritics for matching (``Điều`` → ``dieu``); ``đ`` folds to ``d``.

    Examples
    --------
    >>> fold("Ủy ban nhân dân ĐIỀU")
    'uy ban nhan dan dieu'
    """
    text = text.replace("đ", "d").replace("Đ", "D")
    stripped = "".join(
        c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn"
    )
    return stripped.lower()
