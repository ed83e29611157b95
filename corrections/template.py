"""The memo template: its printed labels read as look-alikes, and Latin look-alikes of พ.ศ.

The first lines of a บันทึกข้อความ hold the labels บันทึกข้อความ / ส่วนราชการ / ที่ … วันที่ /
เรื่อง / เรียน, in that order, each at the start of its line. When a memo is recognised (its
heading or its ส่วนราชการ line is found by OCR key among the first lines), a line-initial run of
letters whose OCR key equals a label's key (marks lost, look-alike letters) becomes the label.
The year abbreviation พ.ศ. before a Buddhist-era year is often read as Latin letters (W.A.).
"""

from __future__ import annotations

import logging
import re

from corrections.matcher import ocr_key
from corrections.normalize import MARKS
from corrections.proposal import Proposal

log = logging.getLogger(__name__)

RULE = "memo_label"
HEADING = "บันทึกข้อความ"
UNIT = "ส่วนราชการ"
LINE_LABELS = (UNIT, "เรื่อง", "เรียน")
HEAD_LINES = 9
_WS = re.compile(r"\s+")
_AFTER_MARKS = MARKS + "\u0e30\u0e32\u0e33\u0e45"
_THAI_WORDISH = re.compile("[\u0e01-\u0e2e][\u0e30-\u0e4e]*[\u0e01-\u0e2e]")


def _squeezed_key(text: str) -> str:
    """OCR key of `text` without any whitespace."""
    return ocr_key(_WS.sub("", text))


def _heading_at(line: str) -> int | None:
    """Offset in `line` where a (damaged) บันทึกข้อความ starts that runs to the line end."""
    want = ocr_key(HEADING)
    for p, ch in enumerate(line):
        if ch in "บปษ" and _squeezed_key(line[p:]) == want:
            return p
    return None


def _heading(line: str, pos: int) -> Proposal | None:
    """The heading line: its damaged letters and the emblem junk before it."""
    p = _heading_at(line)
    if p is None:
        return None
    head, junk = line[p:], line[:p]
    if head == HEADING:
        return None  # emblem letters before a whole heading: the echo_line rule's job
    if not junk.strip():
        return Proposal(pos + p, pos + len(line), HEADING, (), 0.93, RULE, 2)
    if len(_WS.sub("", junk)) <= 4 and not _THAI_WORDISH.search(junk):
        return Proposal(pos, pos + len(line), HEADING, (), 0.93, RULE, 2)
    return None


def _label(line: str, pos: int, ends: frozenset[int] | None) -> Proposal | None:
    """A line-initial label read with lost marks or look-alike letters; glued to the next
    word, it must end where a token ends (เรืองชัย is a name, not เรื่อง + ชัย)."""
    for label in LINE_LABELS:
        want = ocr_key(label)
        for k in range(max(2, len(label) - 3), len(label) + 2):
            if k > len(line):
                break
            piece = line[:k]
            if piece == label:
                return None
            if k < len(line) and line[k] in _AFTER_MARKS:
                continue  # the piece would end inside a syllable
            if " " in piece or ocr_key(piece) != want:
                continue
            glued = k < len(line) and not line[k].isspace()
            if glued and (ends is None or pos + k not in ends):
                continue
            return Proposal(pos, pos + k, label, (), 0.93, RULE, 2)
    return None


_THAI_RUN = re.compile("[\u0e01-\u0e4e]{3,}")


def _junk_line(line: str) -> bool:
    """A short line above the heading without three Thai letters in a row (the emblem)."""
    return 0 < len(_WS.sub("", line)) <= 12 and _THAI_RUN.search(line) is None


def is_memo(lines: list[str]) -> bool:
    """True when a heading or a ส่วนราชการ line is among the first lines."""
    unit = ocr_key(UNIT)
    for line in lines[:4]:
        if _heading_at(line) is not None or ocr_key(line.lstrip()[: len(UNIT) + 1]).startswith(
                unit):
            return True
    return False


def label_proposals(norm: str, ends: frozenset[int] | None = None) -> list[Proposal]:
    """The memo template's labels on the first lines of a page, restored; `ends` are the
    token end offsets (a label glued to the next word needs one)."""
    lines = norm.split("\n")[:HEAD_LINES]
    if not is_memo(lines):
        return []
    out: list[Proposal] = []
    pos = 0
    seen_heading = False
    starts: list[int] = []
    for i, line in enumerate(lines):
        starts.append(pos)
        prop = None
        if i < 3 and not seen_heading:
            prop = _heading(line, pos)
            seen_heading = prop is not None or _heading_at(line) is not None
            if seen_heading:
                out += [Proposal(starts[j], starts[j] + len(lines[j]) + 1, "", (), 0.92,
                                 RULE, 2) for j in range(i) if _junk_line(lines[j])]
        if prop is None and i > 0:
            prop = _label(line, pos, ends)
        if prop is not None:
            out.append(prop)
        pos += len(line) + 1
    return out


YEAR_RULE = "year_abbr"
BE = "พ.ศ."
# พ.ศ. read as Latin (W.A., MW.ศ., พ.A.) or with a comma, right before a Buddhist-era year 25xx.
_YEAR = re.compile(
    "(?<![A-Za-z0-9])((?:[A-Za-z]{1,2}|พ)[.,][ ]?(?:[A-Za-z]|ศ)[.,]?)"
    "(?=[ ]?(?:25[0-9]{2}|[๒][๕][\u0e50-\u0e59]{0,2})(?![0-9\u0e50-\u0e59]{3}))"
)


def year_proposals(norm: str) -> list[Proposal]:
    """Latin look-alikes of พ.ศ. before a Buddhist-era year become พ.ศ."""
    out: list[Proposal] = []
    for m in _YEAR.finditer(norm):
        read = m.group(1)
        if read == BE or read.rstrip() == BE:
            continue
        out.append(Proposal(m.start(1), m.end(1), BE, (), 0.93, YEAR_RULE, 2))
    return out
