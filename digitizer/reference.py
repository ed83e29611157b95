"""Memo reference numbers (ที่ ปจ ๘๖๗๔๓/๒๕๔๐): province abbreviation + agency code / running number.

The letters of a reference are the province abbreviation of the gazetteer (ลย, ปจ, …). OCR glues
the damaged ที่ label and specks to them ("ทปจ ส๘๖๗๔๓/๒๕๔๐"), so the abbreviation is looked for
among the last Thai consonants before the number rather than taken as read. A reference is
well-formed when its number is digits, a slash and digits (a read whose digits came out as Latin
letters is not).
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache

log = logging.getLogger(__name__)

_D = "0-9๐-๙"
# agency code (dotted sub-codes allowed) / running number (a ว circular prefix allowed)
_SPECK_LETTERS = "ก-ฮ\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"  # consonants and marks: specks read as text
NUMBER = re.compile(
    rf"(?P<code>[{_D}]{{2,7}}(?:\.[{_D}]+)*)"
    rf"(?:[{_SPECK_LETTERS}]{{1,3}}|[.,])?\s*/\s*"  # specks read as letters or dots before /
    # after the slash: a speck read as a leading vowel or a comma, or as letters (not ว: the
    # circular-letter prefix of the running number)
    rf"(?:[เแโใไ'`,.]\s*|(?!ว)[{_SPECK_LETTERS}]{{1,3}}\s*)?"
    rf"(?P<run>(?:ว\.?\s*)?[{_D}]{{1,6}}(?:\.[{_D}]{{1,2}})?)(?![{_D}])"  # a speck read as "."
)
_WELL_FORMED = re.compile(
    rf"^[ก-ฮ]{{2}}\.?\s[{_D}]{{2,7}}(?:\.[{_D}]+)*/(?:ว\.?)?[{_D}]{{1,6}}$"
)
HEAD_REACH = 8  # the abbreviation sits within this many characters before the number
JUNK_LETTERS = 1  # consonants (specks) allowed between the abbreviation and the number


@lru_cache(maxsize=1)
def abbreviations() -> frozenset[str]:
    """Province abbreviations of the gazetteer (ลย, ลพ, …), empty when unavailable."""
    try:
        from corrections.gazetteer import load_gazetteer

        return frozenset(load_gazetteer().province_by_abbreviation)
    except Exception as exc:  # the gazetteer only validates references here
        log.warning("gazetteer unavailable for references: %s", exc)
        return frozenset()


def number_text(match: re.Match[str]) -> str:
    """The number part without spaces and specks: ``๘๖๗๔๓ / ๒๕๔๐`` -> ``๘๖๗๔๓/๒๕๔๐``."""
    run = re.sub(rf"(?<=[{_D}])\.(?=[{_D}])", "", match.group("run"))  # a running number has no dot
    return re.sub(r"\s+", "", f"{match.group('code')}/{run}")


def known_reference(text: str, known: frozenset[str] | None = None) -> str | None:
    """``XX code/number`` when `text` holds a well-formed number and the Thai consonants of the
    word before it (a lone speck letter skipped) end with a known province abbreviation, at
    most one speck consonant glued after it; None otherwise."""
    known = abbreviations() if known is None else known
    number = NUMBER.search(text)
    if number is None or not known:
        return None
    head = text[max(0, number.start() - HEAD_REACH) : number.start()]
    tokens = [re.sub(r"[^ก-ฮ]", "", token) for token in head.split()]
    tokens = [token for token in tokens if token]
    if tokens and len(tokens[-1]) == 1:  # a lone speck letter before the number
        tokens.pop()
    consonants = tokens[-1] if tokens else ""
    for junk in range(JUNK_LETTERS + 1):
        letters = consonants[: len(consonants) - junk] if junk else consonants
        if len(letters) >= 2 and letters[-2:] in known:
            return f"{letters[-2:]} {number_text(number)}"
    return None


def well_formed(reference: str | None) -> bool:
    """Whether `reference` reads ``XX code/number`` (two Thai letters, digits / digits)."""
    return bool(reference) and _WELL_FORMED.match(reference or "") is not None
