"""newmm segmentation with the lexicon, cut at whitespace no word crosses, memoised per piece.

pythainlp's newmm over a whole page costs a quadratic cluster scan (it re-slices the rest of
the text at every cluster) and the second pass segments changed lines again. A whitespace run
that no lexicon word can span is a point where newmm's lattice always collapses, so the text
is segmented piece by piece with the same result. Each piece is segmented together with the
whitespace and the character after it, so newmm's cluster rules (which look one character
ahead, or at the end of the text) see exactly what they see in the whole text.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

from corrections.lexicon import Lexicons
from corrections.proposal import Token

log = logging.getLogger(__name__)

_WS_RUN = re.compile(r"[ \t\n]+")
MEMO_PREFIX = "seg\t"


def _safe(text: str, run: re.Match[str], lex: Lexicons) -> bool:
    """True when no lexicon word can span this whitespace run (words hold single spaces only:
    a lone space is unsafe when the text after it begins a word's part after a space)."""
    ws = run.group()
    if ws != " ":
        return True
    tails = getattr(lex.trie, "space_tails", None)
    if tails is None:
        return False
    after = run.end()
    if after >= len(text):
        return True
    return not any(text.startswith(t, after) for t in tails.get(text[after], ()))


def _pieces(text: str, lex: Lexicons) -> Iterator[tuple[int, int, int]]:
    """(start, end, context end) of the pieces between safe whitespace runs."""
    start = 0
    for run in _WS_RUN.finditer(text):
        if run.start() == start or not _safe(text, run, lex):
            continue
        yield start, run.start(), min(len(text), run.end() + 1)
        start = run.end()
    if start < len(text):
        yield start, len(text), len(text)


def _newmm(text: str, keep: int, lex: Lexicons) -> list[tuple[int, int]]:
    """Non-blank newmm tokens (start, end) of text[:keep], segmenting the whole text."""
    from pythainlp.tokenize.newmm import segment

    out: list[tuple[int, int]] = []
    pos = 0
    for word in segment(text, custom_dict=lex.trie):  # type: ignore[arg-type]
        if pos >= keep:
            break
        end = pos + len(word)
        if word.strip():
            out.append((pos, min(end, keep)))
        pos = end
    return out


def _key(text: str, start: int, end: int, context_end: int) -> str:
    """Memo key of a piece: its text with the whitespace and character after it."""
    return f"{MEMO_PREFIX}{text[start:context_end]}\t{end - start}"


def tokens(text: str, lex: Lexicons) -> list[Token]:
    """newmm tokens of `text` with the lexicon as dictionary, in offsets of `text` (whitespace
    tokens dropped); the same tokens as segmenting the whole text at once.

    Pieces seen before come from the memo; each stretch of consecutive new pieces is
    segmented in one newmm call (fewer calls than piece by piece) and split up for the memo.
    """
    memo = lex.memo
    spans: list[tuple[int, int]] = []
    pending: list[tuple[int, int, int]] = []  # new pieces waiting to be segmented together

    def flush() -> None:
        """Segment the pending pieces at once; memoise each piece's tokens."""
        if not pending:
            return
        base, last_end, last_ctx = pending[0][0], pending[-1][1], pending[-1][2]
        found = _newmm(text[base:last_ctx], last_end - base, lex)
        k = 0
        for start, end, context_end in pending:
            mine: list[tuple[int, int]] = []
            while k < len(found) and base + found[k][0] < end:
                mine.append((base + found[k][0] - start, base + found[k][1] - start))
                k += 1
            memo[_key(text, start, end, context_end)] = tuple(mine)
            spans.extend((start + a, start + b) for a, b in mine)
        pending.clear()

    for start, end, context_end in _pieces(text, lex):
        cached = memo.get(_key(text, start, end, context_end))
        if cached is None:
            pending.append((start, end, context_end))
            continue
        flush()
        spans.extend((start + a, start + b) for a, b in cached)  # type: ignore[attr-defined]
    flush()
    return [Token(a, b, text[a:b]) for a, b in spans]
