"""correct(text) -> corrected text + Correction records in offsets of the input."""

from __future__ import annotations

import logging
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from corrections import rules, secondpass
from corrections.context import DocContext, find_slots, infer_context
from corrections.lexicon import Lexicons, load_lexicons
from corrections.normalize import MARKS, normalize
from corrections.proposal import Proposal, Token, segment_tokens

log = logging.getLogger(__name__)

_CHUNK = re.compile(f"\\S+(?:[ \u00a0]+(?=[{MARKS}\u0e33])\\S*)*")


@dataclass(frozen=True)
class Correction:
    """One change of the input: [start, end) offsets, what was there and what is proposed."""

    start: int
    end: int
    original: str
    suggestion: str
    alternatives: list[str] = field(default_factory=list)
    confidence: float = 1.0
    rule: str = ""
    status: str = "applied"

    def to_dict(self) -> dict[str, Any]:
        """Plain dict (for JSON output)."""
        return {
            "start": self.start, "end": self.end, "original": self.original,
            "suggestion": self.suggestion, "alternatives": list(self.alternatives),
            "confidence": round(self.confidence, 3), "rule": self.rule, "status": self.status,
        }


@dataclass(frozen=True)
class Result:
    """The corrected text and every correction (applied and flagged) in input offsets."""

    text: str
    corrections: list[Correction]


@dataclass
class _Prepared:
    """A text, its normalised form and the maps from normalised offsets back to the input."""

    raw: str
    norm: str
    start_map: list[int]
    end_map: list[int]
    norm_edits: list[tuple[int, int, str]]
    tokens: list[Token]


def _prepare(text: str, lex: Lexicons) -> _Prepared:
    """Normalise chunk by chunk, keeping offset maps; segment with newmm and the lexicon."""
    from difflib import SequenceMatcher

    norm_parts: list[str] = []
    start_map: list[int] = []
    end_map: list[int] = [0]
    edits: list[tuple[int, int, str]] = []
    cursor = 0

    def copy(upto: int) -> None:
        """Copy text[cursor:upto] unchanged, with identity offsets."""
        nonlocal cursor
        start_map.extend(range(cursor, upto))
        end_map.extend(range(cursor + 1, upto + 1))
        norm_parts.append(text[cursor:upto])
        cursor = upto

    memo = lex.memo
    for m in _CHUNK.finditer(text):
        chunk = m.group()
        fixed = memo.get("norm\t" + chunk)
        if fixed is None:  # a chunk seen before (the second pass reads lines again) is known
            fixed = memo["norm\t" + chunk] = normalize(chunk)
        assert isinstance(fixed, str)
        if fixed == chunk:
            continue  # copied unchanged with the text up to the next changed chunk
        copy(m.start())
        base = m.start()
        marks = {i for i, ch in enumerate(chunk) if ch in MARKS}
        opcodes = _merged(SequenceMatcher(None, chunk, fixed, autojunk=False).get_opcodes(),
                          marks.__contains__)
        for tag, i1, i2, j1, j2 in opcodes:
            if tag == "equal":
                for k in range(i2 - i1):
                    start_map.append(base + i1 + k)
                    end_map.append(base + i1 + k + 1)
                continue
            edits.append((base + i1, base + i2, fixed[j1:j2]))
            for _ in range(j1, j2):
                start_map.append(base + i1)
                end_map.append(base + i2)
        norm_parts.append(fixed)
        cursor = m.end()
    copy(len(text))
    start_map.append(len(text))
    norm = "".join(norm_parts)
    return _Prepared(text, norm, start_map, end_map, edits, _tokens(norm, lex))


_Op = tuple[str, int, int, int, int]


def _merged(opcodes: Sequence[_Op], mark_at: Callable[[int], bool]) -> list[_Op]:
    """Merge edits separated by one unchanged mark (ํ ้ า -> ้ำ is one edit, not two)."""
    out: list[_Op] = []
    for op in opcodes:
        if (op[0] != "equal" and len(out) >= 2 and out[-1][0] == "equal"
                and out[-1][2] - out[-1][1] == 1 and out[-2][0] != "equal"
                and mark_at(out[-1][1])):
            gap = out.pop()
            prev = out.pop()
            out.append(("replace", prev[1], op[2], prev[3], op[4]))
            del gap
        else:
            out.append(op)
    return out


def _tokens(norm: str, lex: Lexicons) -> list[Token]:
    """newmm tokens of the normalised text with their offsets (whitespace tokens dropped)."""
    return segment_tokens(norm, lex.trie, lex.memo)


def _choose(props: list[Proposal]) -> list[Proposal]:
    """Keep the best non-overlapping proposals: sure ones first, then by priority, confidence."""
    chosen: list[Proposal] = []
    taken: list[tuple[int, int]] = []
    for p in sorted(props, key=lambda p: (p.confidence < 0.9, -p.priority, -p.confidence, p.start)):
        if any(p.start < e and s < p.end for s, e in taken):
            continue
        chosen.append(p)
        taken.append((p.start, p.end))
    return sorted(chosen, key=lambda p: p.start)


def _finish(prep: _Prepared, props: list[Proposal], protected: Sequence[tuple[int, int]],
            apply_threshold: float, flag_threshold: float, lex: Lexicons) -> Result:
    """Map proposals to input offsets, merge with normalisation edits, decide statuses."""
    raw = prep.raw
    out: list[Correction] = []
    for p in props:
        if p.confidence < flag_threshold:
            continue
        start, end = prep.start_map[p.start], prep.end_map[p.end]
        # A normalisation block the span cuts into is taken whole, with its normalised text.
        na = min(p.start, bisect_left(prep.start_map, start))
        nb = max(p.end, bisect_right(prep.end_map, end) - 1)
        suggestion = prep.norm[na : p.start] + p.suggestion + prep.norm[p.end : nb]
        if any(start < pe and ps < end for ps, pe in protected) or raw[start:end] == suggestion:
            continue
        if any(start < c.end and c.start < end for c in out):
            continue
        status = "applied" if p.confidence >= apply_threshold else "flagged"
        out.append(Correction(start, end, raw[start:end], suggestion, list(p.alternatives),
                              p.confidence, p.rule, status))
    applied = [c for c in out if c.status == "applied"]
    for s, e, repl in prep.norm_edits:
        if any(s < pe and ps < e for ps, pe in protected):
            continue
        if any((c.start < e and s < c.end) or c.start <= s < c.end for c in applied):
            continue
        out = [c for c in out if not (c.start < e and s < c.end)]
        out.append(Correction(s, e, raw[s:e], repl, [], 1.0, "normalize", "applied"))
    out.sort(key=lambda c: (c.start, c.end))
    text1 = _assemble(raw, out)
    out = secondpass.refine(raw, out, text1, lex, protected, apply_threshold, _prepare, Correction)
    return Result(_assemble(raw, out), out)


def _assemble(raw: str, corrections: Sequence[Correction]) -> str:
    """The input with every applied correction made."""
    pieces: list[str] = []
    cursor = 0
    for c in corrections:
        if c.status != "applied" or c.start < cursor:
            continue
        pieces.append(raw[cursor : c.start])
        pieces.append(c.suggestion)
        cursor = c.end
    pieces.append(raw[cursor:])
    return "".join(pieces)


def correct_document(
    texts: Sequence[str],
    *,
    lexicons: Lexicons | None = None,
    protected: Sequence[Sequence[tuple[int, int]]] = (),
    apply_threshold: float = 0.9,
    flag_threshold: float = 0.5,
    context: Mapping[str, Any] | None = None,
) -> list[Result]:
    """Correct the pages of one document together (shared place context and consistency)."""
    lex = lexicons if lexicons is not None else load_lexicons()
    preps = [_prepare(t, lex) for t in texts]
    slot_lists = [find_slots(p.norm) for p in preps]
    ctx = infer_context(slot_lists, lex.gazetteer)
    _apply_context_hints(ctx, context, lex)
    results: list[Result] = []
    for i, prep in enumerate(preps):
        props = rules.propose(prep.norm, prep.tokens, slot_lists[i], ctx, lex)
        prot = protected[i] if i < len(protected) else ()
        results.append(_finish(prep, _choose(props), prot, apply_threshold, flag_threshold,
                               lex))
    return results


def _apply_context_hints(ctx: DocContext, hints: Mapping[str, Any] | None, lex: Lexicons) -> None:
    """Let a caller pin the province/district/organisation (e.g. from a batch's metadata)."""
    if not hints:
        return
    gaz = lex.gazetteer
    if hints.get("province"):
        ctx.province = gaz.find_province(str(hints["province"])) or ctx.province
    if hints.get("district"):
        prov = ctx.province.name if ctx.province else None
        found = gaz.find_districts(str(hints["district"]), prov)
        ctx.district = found[0] if found else ctx.district
    if hints.get("subdistrict"):
        ctx.primary_base = str(hints["subdistrict"])


def correct(
    text: str,
    *,
    lexicons: Lexicons | None = None,
    context: Mapping[str, Any] | None = None,
    protected: Sequence[tuple[int, int]] = (),
    apply_threshold: float = 0.9,
    flag_threshold: float = 0.5,
) -> Result:
    """Correct one text; `context` may pin province/district/subdistrict; input offsets."""
    return correct_document([text], lexicons=lexicons, protected=[protected],
                            apply_threshold=apply_threshold, flag_threshold=flag_threshold,
                            context=context)[0]
