"""Punctuation OCR leaves inside Thai text, where Thai writing has none (ปรับปรุง,⏎ / ต่อ(สาธารณะ).

Thai separates words and clauses with spaces: a comma, semicolon, colon, bracket, quote or
stray dot between two Thai letters, or stuck to the last Thai word of a line, is a speck or a
table rule read as a character. Real uses are kept: abbreviations (พ.ศ., ป.ป.ช., อบต.), quotes
and brackets closed later (“ทางนี้มีคำตอบ”, (ตรวจสอบได้)), numbers (๑,๐๐๐), bullets (- จัดทำ).
A bullet read with junk (-. / -, / (- / : in a list of - bullets) becomes a plain dash.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

from corrections.lexicon import Lexicons
from corrections.proposal import Proposal, Token

log = logging.getLogger(__name__)

RULE = "inline_punct"
CONF = 0.92
_TH = "\u0e01-\u0e4e"
_JUNK = ",;!|\\\\_~*\\[\\]`"
_QUOTES = "'\u2018\u2019\u201c\u201d"
# Junk between two Thai letters, touching both (with spaces it may be a writer's: ไทย, จีน).
_MID = re.compile(f"(?<=[{_TH}])([{_JUNK}{_QUOTES}]+|:)(?=[{_TH}])")
# Junk stuck to the last Thai letter of a line.
# (Not ! : or a closing quote, which a writer may end a line with: ได้แก่:⏎, …ต่อไป”⏎.)
_END = re.compile(f"(?<=[{_TH}])([{_JUNK.replace('!', '')}'\u2018\u201c]+)(?=[ \t]*(?:\n|$))")
# A run of dashes, colons, brackets… between a Thai word and the line's end (ตรวจสอบ-⏎,
# หน่วย: -⏎, กองคลัง (⏎): table rules and specks, never a writer's line ending.
_END_RUN = re.compile(f"(?<=[{_TH}])([ \t]*[-:;,(|_~*\\[`'](?:[ \t]*[-:;,(|_~*\\[`'])*)"
                      "(?=[ \t]*(?:\n|$))")
# A leading vowel (เ แ โ ใ ไ) alone after a Thai word, the next line going on in Thai
# (ตรวจสอบ เ⏎ภายใน): it must precede a consonant, so it is a speck. Alone on its line or
# before Latin text it may be what is left of a word, and is kept.
_LONE_VOWEL = re.compile("(?<=[\u0e01-\u0e4e])[ \t]+[\u0e40-\u0e44](?:[ \t]*\\()?[ \t]*"
                         "(?=\n[ \t]*[\u0e01-\u0e2e\u0e40-\u0e44])")
# A dot between Thai letters: real only in abbreviations. (At a line's end it may be the dot
# of a list number whose digit was lost: left alone.)
_DOT = re.compile(f"(?<=[{_TH}])\\.(?=[{_TH}])")
# A bullet dash read with extra junk at a line's start: -. / -, / (- / -(
_BULLET = re.compile(f"(?m)^[ \t]*([.,:;'(]*-[.,:;'(]+|[.,:;'(]+-)[ \t]*(?=[{_TH}])")
# A colon at a line's start in a list whose other items start with a dash.
_COLON_BULLET = re.compile(f"(?m)^[ \t]*:[ \t]*(?=[{_TH}])")
_DASH_ITEM = re.compile("(?m)^[ \t]*-[ \t]*[\u0e01-\u0e4e]")
# An opening bracket before a Thai word that nothing closes.
_OPEN = re.compile(f"\\((?=[{_TH}])")
_CLOSE_WINDOW = 300
# Where a bracket can no longer be closed: the next list item or paragraph.
_ITEM_START = re.compile("\n[ \t]*(?:-|[0-9\u0e50-\u0e59]+\\.|\n)")
_CONSONANTS = re.compile("[\u0e01-\u0e2e]+")


def _line_of(norm: str, pos: int) -> str:
    """The line holding offset pos."""
    lo = norm.rfind("\n", 0, pos) + 1
    hi = norm.find("\n", pos)
    return norm[lo : len(norm) if hi < 0 else hi]


def _paired_quote(norm: str, pos: int, group: str) -> bool:
    """True when a quote in `group` has a partner quote on the same line."""
    if not any(ch in _QUOTES for ch in group):
        return False
    line = _line_of(norm, pos)
    return sum(line.count(q) for q in _QUOTES) >= 2


def _run_before(norm: str, pos: int) -> str:
    """The whitespace-free run of text that ends at pos."""
    lo = pos
    while lo > 0 and not norm[lo - 1].isspace():
        lo -= 1
    return norm[lo:pos]


def _abbreviation_dot(norm: str, pos: int, word_at_end: dict[int, str], lex: Lexicons) -> bool:
    """True unless the dot at pos follows a known word of 3+ letters (not พ.ศ., รมว., ป.ป.ช.)."""
    run = _run_before(norm, pos)
    if "." in run[-5:] or re.match(f"\\.[{_TH}]{{1,3}}\\.", norm[pos:]):
        return True  # inside or before an abbreviation (ป.ป.ช., สำนักงานป.ป.ช.)
    word = word_at_end.get(pos, "")
    if len(word) < 3 or not lex.is_word(word) or _CONSONANTS.fullmatch(word):
        return True
    return word + "." in lex.terms


def _unclosed(norm: str, pos: int) -> bool:
    """True when nothing closes the bracket at pos before the next opening one (or soon)."""
    before = norm[:pos].rstrip()
    if before.endswith("/"):
        return False  # a table's status column: / (ตรวจสอบได้ …), its close often lost
    window = norm[pos + 1 : pos + 1 + _CLOSE_WINDOW]
    item = _ITEM_START.search(window)
    if item is not None:
        window = window[: item.start()]
    close = window.find(")")
    reopen = window.find("(")
    return close < 0 or (0 <= reopen < close)


def inline_punct_proposals(norm: str, tokens: Sequence[Token], lex: Lexicons) -> list[Proposal]:
    """Drop punctuation inside Thai text or stuck to a line's end; tidy junk bullets."""
    out: list[Proposal] = []
    for m in _MID.finditer(norm):
        if not _paired_quote(norm, m.start(), m.group(1)):
            out.append(Proposal(m.start(), m.end(), "", (), CONF, RULE, 2))
    for m in _END.finditer(norm):
        if not _paired_quote(norm, m.start(), m.group(1)):
            out.append(Proposal(m.start(), m.end(), "", (), CONF, RULE, 2))
    for m in _END_RUN.finditer(norm):
        run = m.group(1)
        if run.strip() == ":" and not run[0].isspace():
            continue  # ได้แก่:⏎ introduces a list
        if any(ch in _QUOTES for ch in run) and _paired_quote(norm, m.start(), run):
            continue
        if len(_run_before(norm, m.start())) < 2:
            continue  # after a lone letter (= ล -): too little text to judge
        out.append(Proposal(m.start(), m.end(), "", (), CONF, RULE, 2))
    for m in _LONE_VOWEL.finditer(norm):
        out.append(Proposal(m.start(), m.end(), "", (), CONF, RULE, 2))
    word_at_end = {t.end: t.text for t in tokens}
    for m in _DOT.finditer(norm):
        if not _abbreviation_dot(norm, m.start(), word_at_end, lex):
            out.append(Proposal(m.start(), m.end(), "", (), CONF, RULE, 2))
    for m in _BULLET.finditer(norm):
        out.append(Proposal(m.start(1), m.end(), "- ", (), CONF, RULE, 2))
    if len(_DASH_ITEM.findall(norm)) >= 2:
        for m in _COLON_BULLET.finditer(norm):
            out.append(Proposal(m.start(), m.end(), "- ", (), CONF, RULE, 2))
    for m in _OPEN.finditer(norm):
        if _unclosed(norm, m.start()):
            out.append(Proposal(m.start(), m.end(), "", (), CONF, RULE, 2))
    return out
