"""A second look at the lines a correction changed: marks decided once the neighbours are fixed.

The rules see the text as OCR read it, so a word whose neighbour is itself damaged is left alone
(บูคลากร|ที: the fragment beside ที่ hides it) or loses to an overlapping repair (ตัง|งบประมาณรายจ).
After the first pass, each changed line is read again with the mark rules only; a change found
there is mapped back to input offsets (merged with the first-pass change it overlaps).
"""

from __future__ import annotations

import dataclasses
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


CONTEXT_TOKENS = 12  # tokens of context the mark rules are given each side of a change
REACH_TOKENS = 4  # a second-pass change starts or ends this close (in tokens) to a first one
REGION_CHARS = 150  # characters of a changed line segmented again either side of a change


def _near_changes(line: str, tokens: Sequence[Token], changes: Sequence[tuple[int, int]]
                  ) -> list[tuple[int, int]]:
    """Merged token ranges [a, b) a change may have affected: the whitespace-delimited chunk of
    each changed span (newmm re-cuts all of it) and one chunk either side."""
    ranges: list[tuple[int, int]] = []
    for s, e in changes:
        lo, hi = _chunk_start(line, s), _chunk_end(line, e)
        lo = _chunk_start(line, _skip_space(line, lo, -1))
        hi = _chunk_end(line, _skip_space(line, hi, 1))
        hit = [k for k, t in enumerate(tokens) if t.start <= hi and lo <= t.end]
        if not hit:
            continue
        a, b = hit[0], hit[-1] + 1
        if ranges and a <= ranges[-1][1] + 2 * CONTEXT_TOKENS:
            ranges[-1] = (ranges[-1][0], max(ranges[-1][1], b))
        else:
            ranges.append((a, b))
    return ranges


def _chunk_start(line: str, x: int) -> int:
    """Start of the whitespace-delimited chunk holding (or ending at) offset x."""
    while x > 0 and not line[x - 1].isspace():
        x -= 1
    return x


def _chunk_end(line: str, x: int) -> int:
    """End of the whitespace-delimited chunk holding (or starting at) offset x."""
    while x < len(line) and not line[x].isspace():
        x += 1
    return x


def _skip_space(line: str, x: int, step: int) -> int:
    """Offset past the whitespace before (step -1) or after (step 1) offset x."""
    if step < 0:
        while x > 0 and line[x - 1].isspace():
            x -= 1
        return x
    while x < len(line) and line[x].isspace():
        x += 1
    return x


def _regions(line: str, changes: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Stretches of the line to read again: REGION_CHARS either side of each change, widened
    to the nearest space (far more tokens than the rules look at), merged when they meet."""
    out: list[tuple[int, int]] = []
    for s, e in sorted(changes):
        a, b = s - REGION_CHARS, e + REGION_CHARS
        a = 0 if a <= 0 else line.rfind(" ", 0, a) + 1
        if b >= len(line):
            b = len(line)
        else:
            b = line.find(" ", b)
            b = len(line) if b < 0 else b
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _line_proposals(line: str, lex: Lexicons, prepare: Callable[[str, Lexicons], Any],
                    changes: Sequence[tuple[int, int]]) -> list[Proposal]:
    """Mark-rule proposals of one line of the corrected text near its changes (offsets in the
    line). Far from a change the tokens and their neighbours are those the first pass saw, so
    only a stretch around each change is segmented again, and only the tokens near the
    change are read by the rules."""
    lost: list[Proposal] = []
    extra: list[Proposal] = []
    for r_lo, r_hi in _regions(line, changes):
        text = line[r_lo:r_hi]
        prep = prepare(text, lex)
        if prep.norm != text:
            continue  # the corrected text is normalised; anything else is left alone
        tokens: list[Token] = prep.tokens
        inside = [(s - r_lo, e - r_lo) for s, e in changes if r_lo <= s and e <= r_hi]
        for a, b in _near_changes(text, tokens, sorted(inside)):
            lo, hi = max(0, a - CONTEXT_TOKENS), min(len(tokens), b + CONTEXT_TOKENS)
            window = tokens[lo:hi]
            keep_lo = tokens[max(0, a - REACH_TOKENS)].start
            keep_hi = tokens[min(len(tokens), b + REACH_TOKENS) - 1].end
            for found, props in ((markrules.lost_mark_proposals(text, window, lex), lost),
                                 (markrules.extra_mark_proposals(text, window, lex), extra)):
                props.extend(_shifted(p, r_lo) for p in found
                             if p.start < keep_hi and keep_lo < p.end
                             and _shifted(p, r_lo) not in props)
    keep_out = rules.keep_out_spans(line, lex)
    # lost-mark proposals first, then extra-mark ones, each in text order (a later one wins)
    return [p for p in lost + extra if not any(p.start < e and s < p.end for s, e in keep_out)]


def _shifted(p: Proposal, by: int) -> Proposal:
    """The proposal with its offsets moved by `by`."""
    return dataclasses.replace(p, start=p.start + by, end=p.end + by) if by else p


def refine(raw: str, corrections: list[Any], text1: str, lex: Lexicons,
           protected: Sequence[tuple[int, int]], apply_threshold: float,
           prepare: Callable[[str, Lexicons], Any], make: Callable[..., Any]) -> list[Any]:
    """Corrections after a second look at the changed lines (input offsets, sorted)."""
    applied = sorted((c for c in corrections if c.status == "applied"), key=lambda c: c.start)
    if not applied:
        return corrections
    spans = _replacement_spans(applied)
    lines: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for s1, e1, _after, _c in spans:
        lo = text1.rfind("\n", 0, s1) + 1
        hi = text1.find("\n", e1)
        lines.setdefault((lo, len(text1) if hi < 0 else hi), []).append((s1 - lo, e1 - lo))
    out = list(corrections)
    for (lo, hi), changes in sorted(lines.items()):
        for p in _line_proposals(text1[lo:hi], lex, prepare, changes):
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
