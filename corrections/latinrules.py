"""Short Latin junk OCR reads from Thai strokes, stamps or table rules (ผิดชอบ⏎ve⏎การ, ไว้ oFดังนี้).

Only in Thai text: a Latin token of two to four letters with no Latin word next to it (not part
of an English phrase) that touches a Thai letter or stands alone on its line. A token that starts
in lowercase is junk and deleted; a capitalised one may be an acronym or a name (ITA, Zoom) and
is only flagged. A token before a full stop is left alone: it is a misread list number (lo. for
๑.) or an abbreviation (W.A. for พ.ศ.), other rules' business.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

from corrections.proposal import Proposal, Token

log = logging.getLogger(__name__)

RULE = "latin_junk"
_THAI = re.compile("[\u0e01-\u0e4e]")
_TOKEN = re.compile(r"(?<![^\s\u0e01-\u0e4e])[A-Za-z]{1,4}(?=[\s\u0e01-\u0e4e]|$)")
APPLY = 0.92
# Round Latin letters OCR reads for Thai digits (go for ๓๐, wo, od): flagged only, the digit
# reader's business and never deleted.
DIGIT_LOOKALIKES = frozenset("acdegloqwy")
FLAG = 0.6


def _line(norm: str, pos: int) -> tuple[int, int]:
    """[start, end) of the line holding offset pos."""
    lo = norm.rfind("\n", 0, pos) + 1
    hi = norm.find("\n", pos)
    return lo, (len(norm) if hi < 0 else hi)


def _thai_around(norm: str, pos: int) -> bool:
    """True when the token's line, or the lines just before and after it, hold Thai letters."""
    lo, hi = _line(norm, pos)
    before = norm[_line(norm, lo - 1)[0] : lo] if lo > 0 else ""
    after = norm[hi : _line(norm, hi + 1)[1]] if hi < len(norm) else ""
    same = _THAI.search(norm[lo:hi]) is not None
    return same or (_THAI.search(before) is not None and _THAI.search(after) is not None)


def _latin_neighbour(norm: str, lo: int, hi: int) -> bool:
    """True when the nearest non-space character before or after is a Latin letter (a phrase)."""
    left = norm[:lo].rstrip()
    right = norm[hi:].lstrip()
    return bool(left and left[-1].isascii() and left[-1].isalpha()) or bool(
        right and right[0].isascii() and right[0].isalpha())


def _isolated(norm: str, lo: int, hi: int) -> bool:
    """True when the token touches a Thai letter or stands alone on its line."""
    line_lo, line_hi = _line(norm, lo)
    alone = not norm[line_lo:lo].strip() and not norm[hi:line_hi].strip()
    touches = (lo > 0 and _THAI.match(norm[lo - 1]) is not None) or (
        hi < len(norm) and _THAI.match(norm[hi]) is not None)
    return alone or touches


def latin_junk_proposals(norm: str, tokens: Sequence[Token]) -> list[Proposal]:
    """Delete short lowercase-initial Latin junk in Thai lines; flag capitalised tokens."""
    out: list[Proposal] = []
    for m in _TOKEN.finditer(norm):
        word = m.group()
        lo, hi = m.span()
        if len(word) < 2 or _latin_neighbour(norm, lo, hi) or not _isolated(norm, lo, hi):
            continue
        if not _thai_around(norm, lo):
            continue
        digit_like = set(word.lower()) <= DIGIT_LOOKALIKES
        conf = APPLY if word[0].islower() and not digit_like else FLAG
        out.append(Proposal(lo, hi, "", (), conf, RULE, 1))
    return out


BAHT_RULE = "baht"
# บาท after an amount, read by the Latin model as UM / um / Un (บ≈U, าท≈M): the genre's only
# unit of money. An amount has a thousands comma (๑๖,๑๐๐ / 59,300).
_BAHT = re.compile("(?<=[0-9\u0e50-\u0e59],[0-9\u0e50-\u0e59]{3})(\\s*)"
                   "([UuWw][MmNnWw])(?![A-Za-z])")


def baht_proposals(norm: str) -> list[Proposal]:
    """UM / um / Wn after an amount with a thousands comma is บาท."""
    return [Proposal(m.start(2), m.end(2), "\u0e1a\u0e32\u0e17", (), APPLY, BAHT_RULE, 2)
            for m in _BAHT.finditer(norm)]
