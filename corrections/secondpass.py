"""A second look at the lines a correction changed: marks decided once the neighbours are fixed.

The rules see the text as OCR read it, so a word whose neighbour is itself damaged is left alone
(บูคลากร|ที: the fragment beside ที่ hides it) or loses to an overlapping repair (ตัง|งบประมาณรายจ).
After the first pass, each changed line is read again with the mark rules only; a change found
there is mapped back to input offsets (merged with the first-pass change it overlaps).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from corrections import markrules, rules
from corrections.lexicon import Lexicons
from corrections.proposal import Proposal, Token

log = logging.getLogger(__name__)

_Spans = list[tuple[int, int, int, Any]]  # text1 start, text1 end, delta after, correction


def _replacement_spans(applied: Sequence[Any]) -> _Spans:
    """Where each applied correction's suggestion sits in the corrected text."""
    spans: _Spans = []
    delta = 0
    for c in applied:
        s1 = c.start + delta
        e1 = s1 + len(c.suggestion)
        delta += len(c.suggestion) - (c.end - c.start)
        spans.append((s1, e1, delta, c))
    return spans


def _to_input(spans: _Spans, x: int, *, end: bool) -> int:
    """Input offset of corrected-text offset x (x outside or on the edge of a replacement)."""
    delta = 0
    for s1, e1, after, c in spans:
        if end and x == e1 and s1 < e1:
            return int(c.end)
        if not end and x == s1 and s1 < e1:
            return int(c.start)
        if e1 <= x:
            delta = after
        else:
            break
    return x - delta


def _line_proposals(line: str, lex: Lexicons,
                    prepare: Callable[[str, Lexicons], Any]) -> list[Proposal]:
    """Mark-rule proposals of one line of the corrected text (offsets in the line)."""
    prep = prepare(line, lex)
    if prep.norm != line:
        return []  # the corrected text is normalised; anything else is left alone
    tokens: list[Token] = prep.tokens
    props = (markrules.lost_mark_proposals(prep.norm, tokens, lex)
             + markrules.extra_mark_proposals(prep.norm, tokens, lex))
    keep_out = rules.keep_out_spans(prep.norm, lex)
    return [p for p in props if not any(p.start < e and s < p.end for s, e in keep_out)]


def refine(raw: str, corrections: list[Any], text1: str, lex: Lexicons,
           protected: Sequence[tuple[int, int]], apply_threshold: float,
           prepare: Callable[[str, Lexicons], Any], make: Callable[..., Any]) -> list[Any]:
    """Corrections after a second look at the changed lines (input offsets, sorted)."""
    applied = sorted((c for c in corrections if c.status == "applied"), key=lambda c: c.start)
    if not applied:
        return corrections
    spans = _replacement_spans(applied)
    lines: set[tuple[int, int]] = set()
    for s1, e1, _after, _c in spans:
        lo = text1.rfind("\n", 0, s1) + 1
        hi = text1.find("\n", e1)
        lines.add((lo, len(text1) if hi < 0 else hi))
    out = list(corrections)
    for lo, hi in sorted(lines):
        for p in _line_proposals(text1[lo:hi], lex, prepare):
            if p.confidence < apply_threshold:
                continue
            merged = _merge(raw, text1, spans, lo + p.start, lo + p.end, p, out, make)
            if merged is None:
                continue
            if any(merged.start < pe and ps < merged.end for ps, pe in protected):
                continue
            if raw[merged.start : merged.end] == merged.suggestion:
                continue
            out = [c for c in out if not (c.start < merged.end and merged.start < c.end)
                   and not (c.start == c.end and merged.start <= c.start < merged.end)]
            out.append(merged)
    out.sort(key=lambda c: (c.start, c.end))
    return out


def _merge(raw: str, text1: str, spans: _Spans, s: int, e: int, p: Proposal,
           current: Sequence[Any], make: Callable[..., Any]) -> Any | None:
    """The second-pass change as one input correction, widened over first-pass changes it
    overlaps; None when it would cut into a correction the second pass cannot see whole."""
    lo, hi = s, e
    for s1, e1, _after, c in spans:
        if (s1 < hi and lo < e1) or (s1 == e1 and lo <= s1 < hi):
            if c not in current:
                return None
            lo, hi = min(lo, s1), max(hi, e1)
    start, end = _to_input(spans, lo, end=False), _to_input(spans, hi, end=True)
    if not 0 <= start <= end <= len(raw):
        return None
    suggestion = text1[lo:s] + p.suggestion + text1[e:hi]
    return make(start, end, raw[start:end], suggestion, list(p.alternatives), p.confidence,
                p.rule, "applied")
