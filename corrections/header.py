"""The memo header line `ที่ <ตัวย่อจังหวัด> <เลข>/<เลข>  วันที่ <วัน> <เดือน> <ปี>`: labels read as junk.

The bold labels ที่ and วันที่ of the template are often read as Latin letters (FUN, iUU…). On
the line that carries the document number, junk before the number becomes ที่ + the province
abbreviation the document's context gives, and junk between the number and the day becomes
วันที่.
"""

from __future__ import annotations

import itertools
import logging
import re

from corrections.context import DocContext
from corrections.matcher import ocr_key, ocr_similarity
from corrections.proposal import Proposal

log = logging.getLogger(__name__)

RULE = "memo_header"
_DIGIT = "0-9\u0e50-\u0e59"
_NUMBER = re.compile(f"[{_DIGIT}]{{3,6}}(?:\\.[{_DIGIT}]+)?/[{_DIGIT}]{{1,5}}")
_DAY = re.compile(f"[{_DIGIT}]{{1,2}}[ \\t]*(?=[\u0e01-\u0e4e])")
_LATIN = re.compile("[A-Za-z]")
_WS = re.compile(r"\s+")
AT, DATE = "ที่", "วันที่"


def _junk(text: str, label: str) -> bool:
    """True when `text` (no spaces) is a misreading of `label`: Latin letters or a look-alike."""
    if not text or label in text:
        return False
    if _LATIN.search(text):
        return len(text) <= len(label) + 3
    return ocr_similarity(text, label) >= 0.6 and not re.search(f"[{_DIGIT}]", text)


_LATIN_JUNK = re.compile("[A-Za-z,.'\"`:;]")


def _only_label_junk(squeezed: str, abbr: str) -> bool:
    """True when the text before the number is Latin junk (the bold ที่ misread), maybe after
    a ท and before a look-alike of the abbreviation, and nothing else (no digit misread)."""
    rest = squeezed[1:] if squeezed.startswith("ท") else squeezed
    rest = _LATIN_JUNK.sub("", rest)
    return rest == "" or ocr_key(rest) == ocr_key(abbr)


def header_proposals(norm: str, ctx: DocContext) -> list[Proposal]:
    """Fix the ที่/วันที่ labels on the first lines that carry a document number."""
    out: list[Proposal] = []
    abbr = ctx.province.abbreviation if ctx.province is not None else None
    pos = 0
    for line in norm.split("\n")[:12]:
        number = _NUMBER.search(line)
        if number is None:
            pos += len(line) + 1
            continue
        pre = line[: number.start()]
        squeezed = _WS.sub("", pre)
        if len(squeezed) > 8:
            break  # a number inside a sentence, not the header's ที่ line
        if abbr and squeezed != AT + abbr and squeezed.endswith(abbr):
            if _junk(squeezed[: -len(abbr)], AT):
                cut = pre.rindex(abbr[0])
                out.append(Proposal(pos, pos + cut, AT + " ", (), 0.91, RULE, 2))
        elif abbr and len(squeezed) <= 5 and _LATIN.search(squeezed):
            conf = 0.91 if _only_label_junk(squeezed, abbr) else 0.6
            out.append(Proposal(pos, pos + number.start(), f"{AT} {abbr} ", (), conf, RULE, 2))
        day = _DAY.search(line, number.end())
        if day is not None:
            mid = line[number.end() : day.start()]
            if _junk(_WS.sub("", mid), DATE):
                out.append(Proposal(pos + number.end(), pos + day.start(), f" {DATE} ", (),
                                    0.91, RULE, 2))
        break
    return out


LEADER_RULE = "leader_junk"
_MARKER = "(?:จังหวัด|อำเภอ|ตำบล|เทศบาล|องค์การบริหารส่วนตำบล)"
# Dotted leaders of the template's ส่วนราชการ line, read as a short Latin/digit token: at the
# start of a continuation line (อำเภอ⏎a เจาะไอร้อง), glued before a marker (บ้านโคก 4จังหวัด),
# or glued after the last Thai word of the line (น่านad).
_LEADER_PATTERNS = (
    re.compile(f"{_MARKER}\\n([ \\t]*[A-Za-z0-9:;.,'\"]{{1,3}}[ \\t]+)(?=[\u0e01-\u0e4e])"),
    re.compile(f"[ \\t]([A-Za-z0-9:;.,'\"]{{1,3}})(?={_MARKER})"),
    re.compile("[\u0e01-\u0e4e]([A-Za-z]{1,3}[ \\t]*)(?=\\n)"),
)
_HEADER_LINES = 8


def leader_proposals(norm: str) -> list[Proposal]:
    """Drop leader-dot junk around the place names of the memo's first lines."""
    cut = 0
    for _ in range(_HEADER_LINES):
        nxt = norm.find("\n", cut)
        if nxt < 0:
            cut = len(norm)
            break
        cut = nxt + 1
    head = norm[:cut]
    out: list[Proposal] = []
    for pattern in _LEADER_PATTERNS:
        for m in pattern.finditer(head):
            out.append(Proposal(m.start(1), m.end(1), "", (), 0.91, LEADER_RULE, 2))
    return out


ECHO_RULE = "echo_line"
HEADING = "บันทึกข้อความ"
_THAI_WORDISH = re.compile("[\u0e01-\u0e2e][\u0e30-\u0e4e]*[\u0e01-\u0e2e]")


def echo_line_proposals(norm: str) -> list[Proposal]:
    """The heading read twice (บันทึกข้อความ⏎บนทกขอความ): a damaged copy of the line above is
    dropped when both have the same letters once marks and look-alikes are set aside."""
    lines = norm.split("\n")[:3]
    out: list[Proposal] = []
    pos = 0
    for above, line in itertools.pairwise(lines):
        start = pos + len(above) + 1
        pos = start
        a, b = _WS.sub("", above), _WS.sub("", line)
        if len(ocr_key(b)) >= 4 and a != b and ocr_key(a).endswith(ocr_key(b)):
            out.append(Proposal(start - 1, start + len(line), "", (), 0.92, ECHO_RULE, 2))
    first = lines[0] if lines else ""
    at = first.find(HEADING)
    if at > 0 and len(_WS.sub("", first[:at])) <= 4 and not _THAI_WORDISH.search(first[:at]):
        out.append(Proposal(0, at, "", (), 0.92, ECHO_RULE, 2))  # the emblem read as letters
    return out
