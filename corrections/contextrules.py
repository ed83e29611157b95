"""Real-word errors decided by both neighbours (จึงความมี -> จึงควรมี): a bigram noisy channel.

A known word is replaced by a look-alike word when, given the words on both sides, the
look-alike is overwhelmingly more probable: P(w | prev) * P(next | w), estimated from the corpus
word-pair counts as (c(prev, w) + 0.5) * (c(w, next) + 0.5) / c(w), must beat the read word's
score by more than the odds against an OCR confusion.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from corrections.lexicon import Lexicons
from corrections.matcher import ocr_similarity
from corrections.proposal import THAI, Proposal, Token

log = logging.getLogger(__name__)

RULE = "context"
MIN_EXPECTED = 10.0  # the read word must be expected this often with each neighbour…
MAX_RATIO = 0.05  # …and be seen at most this share of that (absence is evidence)
MIN_PAIR = 10  # the look-alike's corpus count with each neighbour
MIN_SIMILARITY = 0.5


def _ratio(lex: Lexicons, a: str, b: str) -> tuple[float, float]:
    """(observed, expected-by-chance) corpus count of the pair a b."""
    expected = lex.frequency(a) * lex.frequency(b) / lex.total
    return lex.pair(a, b), expected


def _known(tokens: Sequence[Token], j: int, gap_to: int, lex: Lexicons) -> str | None:
    """tokens[j] when it is a known Thai word touching token gap_to (no space between)."""
    if not 0 <= j < len(tokens):
        return None
    a, b = sorted((j, gap_to))
    if tokens[b].start != tokens[a].end:
        return None
    text = tokens[j].text
    return text if THAI.match(text) and lex.is_word(text) and len(text) > 1 else None


def _unlikely(lex: Lexicons, prev: str, word: str, nxt: str) -> bool:
    """True when both neighbours should often be seen with `word` and almost never are."""
    for a, b in ((prev, word), (word, nxt)):
        seen, expected = _ratio(lex, a, b)
        if expected < MIN_EXPECTED or (seen + 0.5) > MAX_RATIO * expected:
            return False
    return True


def _fits(lex: Lexicons, prev: str, cand: str, nxt: str) -> int:
    """The look-alike's weaker pair count when both neighbours favour it (else 0)."""
    counts = []
    for a, b in ((prev, cand), (cand, nxt)):
        seen, expected = _ratio(lex, a, b)
        if seen < MIN_PAIR or seen < expected:
            return 0
        counts.append(int(seen))
    return min(counts)


def context_proposals(norm: str, tokens: Sequence[Token], lex: Lexicons) -> list[Proposal]:
    """Known words both neighbours reject, replaced by the look-alike both neighbours favour."""
    out: list[Proposal] = []
    for i, tok in enumerate(tokens):
        word = tok.text
        if len(word) < 3 or not THAI.match(word) or not lex.is_word(word):
            continue
        prev, nxt = _known(tokens, i - 1, i, lex), _known(tokens, i + 1, i, lex)
        if prev is None or nxt is None or word in lex.terms or word in (prev, nxt):
            continue
        if not _unlikely(lex, prev, word, nxt):
            continue
        scored = sorted(((_fits(lex, prev, c, nxt), c) for c in lex.neighbours(prev, nxt)
                         if c != word and abs(len(c) - len(word)) <= 1
                         and ocr_similarity(word, c) >= MIN_SIMILARITY), reverse=True)
        scored = [sc for sc in scored if sc[0] > 0]
        if not scored or (len(scored) > 1 and scored[1][0] * 3 > scored[0][0]):
            continue
        out.append(Proposal(tok.start, tok.end, scored[0][1], (), 0.92, RULE, 1))
    return out
