"""A stray letter at a table cell's edge (cell borders and specks read as ย, จ, ะ, า).

OCR of a table often adds one letter where a cell border sits: alone on its line between two
cells (มาตรการ⏎ย⏎ขั้นตอน), or stuck to the end or start of a cell (เหตุผลประกอบา⏎สำนักปลัด).
newmm leaves it as a one-letter non-word. A letter stuck to a cell is dropped when the cell's
edge is whole common words without it; a lone letter is only flagged (it is as often what is
left of a lost word: ผู้รับผิด⏎ห⏎การกำกับ). A letter inside running text is never touched.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from corrections.lexicon import Lexicons
from corrections.proposal import Proposal, Token, segment_tokens

log = logging.getLogger(__name__)

RULE = "stray_letter"
MIN_LEN = 3  # each word left after the deletion has 3+ letters (คุ|น: a short damaged word)...
MIN_FREQ = 20  # ...and is this frequent (or a genre term)...
LONG_WORD = 4  # ...or at least this long
EDGE_LEN = 4  # the words either side of the letter are this long...
EDGE_FREQ = 100  # ...and this frequent (or genre terms)
WORD_LETTER_FREQ = 5000  # a letter seen this often alone is a word (ณ 7,870; junk ย 1,056)
LONE_CONF = 0.7  # a lone letter is as often what is left of a lost word: flagged, not applied
_DELETABLE = frozenset(chr(c) for c in range(0x0E01, 0x0E2F)) | {"\u0e30", "\u0e32"}


def _good_word(word: str, lex: Lexicons) -> bool:
    """A word that may stand after the deletion: known, 3+ letters, common or long or a term."""
    return len(word) >= MIN_LEN and lex.is_word(word) and (
        lex.frequency(word) >= MIN_FREQ or len(word) >= LONG_WORD or word in lex.terms)


def _edge_word(word: str, lex: Lexicons) -> bool:
    """A word the letter may sit beside: long and common, or a genre term."""
    return word in lex.terms or (len(word) >= EDGE_LEN and lex.frequency(word) >= EDGE_FREQ)


def _stray(tok: Token, lex: Lexicons) -> bool:
    """A one-letter token that is no word (ย, จ, ะ, า; not ณ, which the corpus sees thousands
    of times on its own)."""
    return (len(tok.text) == 1 and tok.text in _DELETABLE and not lex.is_word(tok.text)
            and lex.frequency(tok.text) < WORD_LETTER_FREQ)


def _blank(norm: str, at: int) -> bool:
    """True at the text's ends or on whitespace."""
    return at < 0 or at >= len(norm) or norm[at].isspace()


def _line_edge(norm: str, at: int) -> bool:
    """True at the text's ends or on a line break (a cell edge in OCR of a table)."""
    return at < 0 or at >= len(norm) or norm[at] == "\n"


def _lone(norm: str, tokens: Sequence[Token], j: int, lex: Lexicons) -> Proposal | None:
    """A letter alone between whitespace, with Thai cells before and after it."""
    tok = tokens[j]
    if not (_blank(norm, tok.start - 1) and _blank(norm, tok.end)) or j == 0 \
            or j + 1 >= len(tokens):
        return None
    if not (_line_edge(norm, tok.start - 1) or _line_edge(norm, tok.end)):
        return None  # between spaces: a word of running text (ณ, ฯ)
    before, after = tokens[j - 1], tokens[j + 1]
    if not (_edge_word(before.text, lex) and _edge_word(after.text, lex)):
        return None
    if lex.pair(before.text, tok.text) or lex.pair(tok.text, after.text):
        return None  # the corpus sees the letter there
    end = tok.end
    if norm[tok.start - 1 : tok.start] == "\n" and norm[end : end + 1] == "\n":
        end += 1  # the letter's own line goes with it
    return Proposal(tok.start, end, "", (), LONE_CONF, RULE, 1)


def _glued(norm: str, run: Sequence[Token], lex: Lexicons, last: bool,
           beyond: Token | None) -> Proposal | None:
    """A letter stuck to the end (or start) of a cell, which newmm reads as a short piece
    (ประ|กอ|บา): without it the cell's edge is whole common words (เหตุผล|ประกอบ)."""
    tok = run[-1] if last else run[0]
    if len(tok.text) > 2 or not _line_edge(norm, tok.end if last else tok.start - 1):
        return None
    at = tok.end - 1 if last else tok.start
    if norm[at] not in _DELETABLE or (len(tok.text) == 1 and not _stray(tok, lex)):
        return None
    # a word broken by the line end (ทุ⏎กเดือน) is not a stray letter: the cell across the
    # break must open (or close) with a whole word the letter does not complete
    if beyond is None or not _good_word(beyond.text, lex):
        return None
    if lex.is_word(norm[at] + beyond.text if last else beyond.text + norm[at]):
        return None
    window = run[-4:] if last else run[:4]
    a, b = window[0].start, window[-1].end
    text = norm[a:at] + norm[at + 1 : b]
    new = segment_tokens(text, lex.trie, lex.memo)
    if not new or len(new) >= len(window) or not all(_good_word(t.text, lex) for t in new):
        return None
    if not _edge_word((new[-1] if last else new[0]).text, lex):
        return None
    return Proposal(at, at + 1, "", (), 0.92, RULE, 1)


def stray_letter_proposals(norm: str, tokens: Sequence[Token], lex: Lexicons) -> list[Proposal]:
    """Drop a one-letter non-word at a table cell's edge (alone on its line, or stuck to the
    end or start of a cell) when the cells around it are whole common words."""
    out: list[Proposal] = []
    lo = 0
    while lo < len(tokens):
        hi = lo + 1
        while hi < len(tokens) and tokens[hi].start == tokens[hi - 1].end \
                and tokens[hi].thai and tokens[lo].thai:
            hi += 1
        if tokens[lo].thai:
            if hi - lo == 1 and _stray(tokens[lo], lex):
                found = _lone(norm, tokens, lo, lex)
                if found is not None:
                    out.append(found)
            elif hi - lo > 1:
                for last in (True, False):
                    k = hi if last else lo - 1
                    beyond = tokens[k] if 0 <= k < len(tokens) and tokens[k].thai else None
                    found = _glued(norm, tokens[lo:hi], lex, last, beyond)
                    if found is not None:
                        out.append(found)
        lo = hi
    return out
