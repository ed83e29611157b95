"""Line-level rules: a stray เ OCR adds at the start of a (table cell) line (เจัดทำ -> จัดทำ)."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

from corrections.lexicon import Lexicons
from corrections.markrules import restorations
from corrections.newmm import segment
from corrections.proposal import Proposal, Token

log = logging.getLogger(__name__)

RULE = "stray_e"
_LINE_E = re.compile(r"(?m)^[ \t]*(\u0e40)(?=[\u0e01-\u0e2e])")
_CHUNK_END = re.compile(r"\s")


def _unknown_chars(text: str, lex: Lexicons) -> tuple[int, str]:
    """Characters of `text` in tokens newmm cannot find in the lexicon, and the first token."""
    pieces = [p for p in segment(text, lex.trie, lex.memo) if p.strip()]
    return sum(len(p) for p in pieces if not lex.is_word(p)), (pieces[0] if pieces else "")


def stray_e_proposals(norm: str, tokens: Sequence[Token], lex: Lexicons) -> list[Proposal]:
    """A line that starts with เ which only makes sense without it: the เ is dropped."""
    out: list[Proposal] = []
    for m in _LINE_E.finditer(norm):
        pos = m.start(1)
        end = chunk_end(norm, pos)
        chunk = norm[pos:end]
        if len(chunk) < 4 or lex.is_word(chunk):
            continue
        with_e, first_e = _unknown_chars(chunk, lex)
        if with_e == 0 or (len(first_e) >= 3 and not lex.is_word(first_e) and any(
                lex.frequency(v) >= 100 for v in restorations(lex, first_e))):
            continue  # เพิม is เพิ่ม with a lost mark, not a stray เ
        without, first = _unknown_chars(chunk[1:], lex)
        if (without < with_e and len(first) >= 3 and lex.is_word(first)
                and lex.frequency(first) >= 50):
            out.append(Proposal(pos, pos + 1, "", (), 0.93, RULE, 2))
    return out


def chunk_end(norm: str, start: int) -> int:
    """End of the whitespace-free chunk that begins at `start`."""
    found = _CHUNK_END.search(norm, start)
    return found.start() if found else len(norm)


PUNCT_RULE = "stray_punct"
_P = "[,.'\"`:;_=#|~^]"
# A lone punctuation token OCR leaves at the end of a Thai line (ประจำปี ,⏎ / เป็น .⏎).
_LINE_END = re.compile(f"(?<=[\u0e01-\u0e4e])[ \t]+{_P}{{1,3}}[ \t]*(?=\n|$)")
# …or at the start of a line, stuck to a Thai word ('จำหน่าย): no closing mark on the line.
_LINE_START = re.compile(f"(?m)^({_P}{{1,3}})[ \t]*(?=[\u0e01-\u0e2e\u0e40-\u0e44])")
# …or alone on its line.
_LINE_ALONE = re.compile(f"(?m)^[ \t]*{_P}{{1,3}}[ \t]*$")


def stray_punct_proposals(norm: str, tokens: Sequence[Token], lex: Lexicons) -> list[Proposal]:
    """Drop punctuation OCR left at a line's end or start, or alone on a line (no Thai use)."""
    out: list[Proposal] = []
    for m in _LINE_END.finditer(norm):
        out.append(Proposal(m.start(), m.end(), "", (), 0.92, PUNCT_RULE, 2))
    for m in _LINE_START.finditer(norm):
        eol = norm.find("\n", m.end())
        line_rest = norm[m.end() : eol if eol >= 0 else len(norm)]
        if any(ch in line_rest for ch in m.group(1)) or m.group(1)[0] in ':"#':
            continue  # an opening quote closed later on the line
        dash = m.group(1) in ("=", "~")  # a bullet dash read as = or ~
        out.append(Proposal(m.start(), m.end(), "- " if dash else "", (), 0.92, PUNCT_RULE, 2))
    for m in _LINE_ALONE.finditer(norm):
        if m.end() > m.start() and "..." not in m.group():
            out.append(Proposal(m.start(), m.end(), "", (), 0.92, PUNCT_RULE, 2))
    return out
