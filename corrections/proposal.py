"""Proposals and tokens shared by the correction rules."""

from __future__ import annotations

import itertools
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
    if n == 1:
        return THAI.match(tokens[i].text) is not None
    window = tokens[i : i + n]
    if not all(THAI.match(t.text) for t in window):
        return False
    return all(a.end == b.start for a, b in itertools.pairwise(window))


def spelling_key(word: str) -> str:
    """The word without ็ and ์, whose presence varies between correct spellings (สิทธิ์)."""
    return word.replace("\u0e47", "").replace("\u0e4c", "")
