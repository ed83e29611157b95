"""Proposals and tokens shared by the correction rules."""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass

log = logging.getLogger(__name__)

THAI = re.compile(r"^[\u0e01-\u0e2e\u0e30-\u0e45\u0e47-\u0e4e]+$")


@dataclass(frozen=True)
class Token:
    """A newmm token of the normalised text."""

    start: int
    end: int
    text: str

    @functools.cached_property
    def thai(self) -> bool:
        """True when the token is Thai letters and marks only (computed once per token)."""
        return THAI.match(self.text) is not None


def segment_tokens(text: str, trie: object, memo: dict[str, object] | None = None
                   ) -> list[Token]:
    """Non-blank newmm tokens of `text` with their offsets, `trie` as the dictionary (`memo`:
    see newmm.segment)."""
    from corrections.newmm import segment

    out: list[Token] = []
    pos = 0
    match = THAI.match
    new = object.__new__
    for piece in segment(text, trie, memo):
        if piece.strip():
            # Token(pos, pos + len(piece), piece) without the frozen dataclass's slow
            # __init__, its cached `thai` property set now
            tok = new(Token)
            tok.__dict__.update(start=pos, end=pos + len(piece), text=piece,
                                thai=match(piece) is not None)
            out.append(tok)
        pos += len(piece)
    return out


@dataclass(frozen=True)
class Proposal:
    """A replacement of norm[start:end] proposed by a rule."""

    start: int
    end: int
    suggestion: str
    alternatives: tuple[str, ...]
    confidence: float
    rule: str
    priority: int = 1


def contiguous(tokens: Sequence[Token], i: int, n: int) -> bool:
    """True when tokens[i:i+n] touch each other and are all Thai."""
    if i < 0 or i + n > len(tokens):
        return False
    if n <= 0:
        return True
    if n == 1:
        return tokens[i].thai
    first = tokens[i]
    end = first.end
    for k in range(i + 1, i + n):  # adjacency first: it is the cheaper test
        tok = tokens[k]
        if tok.start != end:
            return False
        end = tok.end
    return all(tokens[k].thai for k in range(i, i + n))


def spelling_key(word: str) -> str:
    """The word without ็ and ์, whose presence varies between correct spellings (สิทธิ์)."""
    return word.replace("\u0e47", "").replace("\u0e4c", "")
