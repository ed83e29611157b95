"""Marks decided by a word's skeleton (its letters with marks stripped) and its frequency.

A reading that is rare next to a restoration hundreds of times more frequent (วันที -> วันที่),
or pieces of a compound whose skeleton belongs to one word only (ทุ|กค|รัง -> ทุกครั้ง), with one
upper or lower vowel read for another of its class (เครื่อง|ดี|ม -> เครื่องดื่ม).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from corrections.lexicon import Lexicons, bare
from corrections.normalize import MARKS
from corrections.proposal import THAI, Proposal, Token

log = logging.getLogger(__name__)

DOMINANT_MIN_FREQ = 1000  # a restoration chosen on frequency alone is at least this frequent
DOMINANT_RATIO = 300  # ...and this many times more frequent than the reading
DOMINANT_SECOND = 20  # ...and than any other restoration
DOMINANT_MAX_OWN = 30  # a reading seen more often than this is a word in its own right (ตอง)
SWAP_SUPPORT = 5  # pair count a swapped-vowel candidate needs with each neighbour
TONE_PAIR = {"\u0e48": "\u0e49", "\u0e49": "\u0e48"}
MARK_CLASSES = ("\u0e31\u0e34\u0e35\u0e36\u0e37", "\u0e38\u0e39")
_MARK_SET = frozenset(MARKS)


def restores(read: str, cand: str) -> bool:
    """True when `cand` is `read` with one or more combining marks added (nothing else)."""
    if len(cand) <= len(read):
        return False
    i = 0
    for ch in cand:
        if i < len(read) and read[i] == ch:
            i += 1
        elif ch not in _MARK_SET:
            return False
    return i == len(read)


def dominant(tokens: Sequence[Token], i: int, cands: Sequence[str], prev: str | None,
              nxt: str | None, lex: Lexicons) -> Proposal | None:
    """A rare reading whose restoration is hundreds of times more frequent and its neighbours
    never see the reading (วันที -> วันที่, สังการ -> สั่งการ): the skeleton decides."""
    tok = tokens[i]
    if len(tok.text) < 3 or stray_beside(tokens, i, lex) or _place(lex, tok.text):
        return None
    if _resegments(tokens, i, lex):
        return None
    ranked = sorted(cands, key=lambda v: -lex.frequency(v))
    best, own = ranked[0], lex.frequency(tok.text)
    top = lex.frequency(best)
    if own > DOMINANT_MAX_OWN or top < DOMINANT_MIN_FREQ or top < DOMINANT_RATIO * max(1, own):
        return None
    if len(ranked) > 1 and lex.frequency(ranked[1]) * DOMINANT_SECOND > top:
        return None
    if (prev and lex.pair(prev, tok.text)) or (nxt and lex.pair(tok.text, nxt)):
        return None
    return Proposal(tok.start, tok.end, best, tuple(ranked[1:3]), 0.92, "lost_mark", 1)


def stray_beside(tokens: Sequence[Token], i: int, lex: Lexicons) -> bool:
    """True when a rare unknown Thai fragment touches token i (part of a longer damaged word)."""
    for j in (i - 1, i + 1):
        if not 0 <= j < len(tokens) or not tokens[j].thai:
            continue
        if tokens[max(i, j)].start != tokens[min(i, j)].end:
            continue
        if not lex.is_word(tokens[j].text) and lex.frequency(tokens[j].text) < 1000:
            return True
    return False


def resubstituted(lex: Lexicons, text: str) -> list[str]:
    """Frequent words that are `text` with one mark swapped within its class and marks added
    (เครื่อง|ดี|ม -> เครื่องดื่ม: ี read for ื and ่ lost)."""
    found: list[str] = []
    for v in lex.mark_variants.get(bare(text), ()):
        if len(v) > len(text) and any(restores(e, v) for e in class_swaps(text)):
            found.append(v)
    return found


def class_swaps(text: str) -> set[str]:
    """`text` with one upper or lower vowel replaced by another of its class."""
    out: set[str] = set()
    for i, ch in enumerate(text):
        for group in MARK_CLASSES:
            if ch in group:
                out.update(text[:i] + o + text[i + 1 :] for o in group if o != ch)
    return out


def short_beside(tokens: Sequence[Token], lo: int, hi: int) -> bool:
    """True when a short Thai piece (two letters or fewer) touches tokens[lo:hi]: the window
    may be cut out of a longer word (กา|รอ|บร|ม. is การอบรม.)."""
    for j, k in ((lo - 1, lo), (hi, hi - 1)):
        if 0 <= j < len(tokens) and tokens[max(j, k)].start == tokens[min(j, k)].end:
            piece = tokens[j].text.rstrip(".")
            if piece and THAI.match(piece) and len(piece) <= 2:
                return True
    return False


def swapped_in_context(tok: Token, cands: Sequence[str], prev: str | None, nxt: str | None,
                       fragment: bool, lex: Lexicons) -> Proposal | None:
    """An unknown reading with a vowel of the wrong class: only when both known neighbours are
    often seen with one candidate and never with the others (องค์กร|ทิ|ไม่ -> ที่)."""
    if fragment or not prev or not nxt:
        return None
    scored = sorted(((min(lex.pair(prev, v), lex.pair(v, nxt)), lex.frequency(v), v)
                     for v in cands), reverse=True)
    support, _freq, best = scored[0]
    second = scored[1][0] if len(scored) > 1 else 0
    if support < SWAP_SUPPORT or support < 10 * (second + 1):
        return None
    return Proposal(tok.start, tok.end, best, tuple(v for *_x, v in scored[1:3]), 0.92,
                    "lost_mark", 1)


def tone_swaps(text: str) -> set[str]:
    """`text` with one mai ek read for mai tho or the reverse (เชื่อ|เพลิง -> เชื้อเพลิง)."""
    out: set[str] = set()
    for i, ch in enumerate(text):
        if ch in TONE_PAIR:
            out.add(text[:i] + TONE_PAIR[ch] + text[i + 1 :])
    return out


def outer_seen(tokens: Sequence[Token], lo: int, hi: int, lex: Lexicons) -> bool:
    """True when a piece of tokens[lo:hi] is seen in the corpus with its outer neighbour
    (หรือ|ไม้|ที่: ไม้ที่ is common, so ไม้ may be meant)."""
    left = lo > 0 and lex.pair(tokens[lo - 1].text, tokens[lo].text) > 0
    right = hi < len(tokens) and lex.pair(tokens[hi - 1].text, tokens[hi].text) > 0
    return left or right


def _place(lex: Lexicons, word: str) -> bool:
    """True when `word` is a place name of the gazetteer (ตำบลสวนใหญ่ is not ส่วนใหญ่)."""
    gaz = lex.gazetteer
    return (word in gaz.subdistricts_by_name or word in gaz.districts_by_name
            or word in gaz.province_by_name)


def _resegments(tokens: Sequence[Token], i: int, lex: Lexicons) -> bool:
    """True when token i with a letter or two of the touching next token is a frequent word:
    newmm may have cut a word there (เมือ|งบ|รูช is เมือง|บรูช)."""
    tok = tokens[i]
    if i + 1 >= len(tokens) or tokens[i + 1].start != tok.end:
        return False
    nxt = tokens[i + 1].text
    return any(lex.frequency(tok.text + nxt[:k]) >= 100 for k in (1, 2) if k < len(nxt))
