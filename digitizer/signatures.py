"""Signature blocks re-read: the band below the closing sentence OCRed again, merged by position.

Signature scribbles drawn over or just above a "(name)" line make the page OCR drop or garble
the line. In the worker, `reread_signatures` OCRs the band from the closing "จึงเรียน…" (or the
first "(name)" / ความเห็น line) to the page bottom with --psm 6, unless the page read of the
band already looks whole (`page_read_doubtful`: every "(" line parsed as a clean name, every text
line under the first name a name's position or a comment); `merge_blocks` then keeps, for each
signature block, the cleaner of the two reads and adds blocks only the band read found.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

import numpy as np

from digitizer.memo import TextLine, signature_blocks, text_lines
from digitizer.model import Line, Page, Signatory
from digitizer.options import Options
from digitizer.textblocks import label_score

log = logging.getLogger(__name__)

BAND_PSM = 6
CLOSING = "จึงเรียน"
COMMENT = "ความเห็น"
# a rank such as (พ.ต.อ. …) or (ร.ต. …) opens a name too, but not a year: (พ.ศ. ๒๕๖๖ - ๒๕๗๐)
_NAME_START = re.compile(r"^[\s|.'\"]*[(\[{]\s*(?:นาย|นาง|ว่าที่|ดร|จ่า|สิบ|พ\.(?!\s*ศ\.)|ร\.)")
_NOT_NAME = re.compile(r"[^\u0e01-\u0e4e\s.]")
_CLOSED = re.compile(r"[)\]}]\s*$")  # a name line ends with its closing bracket
_OPENS = re.compile(r"^[\s|.'\"]*[(\[{]")  # a line starting like a "(name)" line
_THAI_WORD = re.compile(r"[ก-ฮ][\u0e30-\u0e4e]*[ก-ฮ][\u0e30-\u0e4e]*[ก-ฮ]")  # not scribble debris
FOLLOW_GAP = 1.2  # line heights: a position line sits this close under its name line


def band_top(page: Page) -> int | None:
    """Top y of the signature band of a page (closing sentence, comment or name line), or None."""
    for line in page.lines:
        if line.bbox[1] < page.height * 0.25:
            continue
        text = (line.text or line.text_raw).strip()
        closing, _ = label_score(text, CLOSING)
        comment, _ = label_score(text, COMMENT)
        if closing >= 80.0 or comment >= 80.0 or _NAME_START.match(text):
            return int(line.bbox[1])
    return None


def page_read_doubtful(page: Page, top: int) -> bool:
    """Whether the page OCR of the signature band (from y `top`) may have lost or garbled a
    signature: no "(title name)" line, one with debris or unclosed, a "(" line that is not
    one, or a text line under the first name that is neither a name, a comment label nor right
    under one of those (a position line whose name line the scribble swallowed).

    Cheap on purpose (no name parsing): it runs on every page with a signature band.
    """
    below = [line for line in text_lines(page.lines) if line.bbox[1] >= top]
    names = [line for line in below if _NAME_START.match(line.text)]
    if not names or any(_debris(line.text) or not _CLOSED.search(line.text) for line in names):
        return True
    if sum(1 for line in below if _OPENS.match(line.text)) != len(names):
        return True
    tops = {line.bbox[1] for line in names}
    height = max(1, min(line.bbox[3] - line.bbox[1] for line in names))
    anchor: int | None = None  # bottom of the last name, comment or position line
    for line in below:
        if line.bbox[1] < min(tops):
            continue
        if line.bbox[1] in tops or label_score(line.text, COMMENT)[0] >= 80.0:
            anchor = line.bbox[3]
        elif not _THAI_WORD.search(line.text):
            continue  # scribble debris
        elif anchor is not None and line.bbox[1] - anchor <= FOLLOW_GAP * height:
            anchor = line.bbox[3]
        else:
            return True
    return False


def reread_signatures(image: np.ndarray, page: Page, *, options: Options) -> list[Line]:
    """OCR the signature band of a page again (page coordinates; empty when there is none or
    the page read of it looks whole)."""
    top = band_top(page)
    if top is None or not page_read_doubtful(page, top):
        return []
    from digitizer._exec.tesseract import run_tsv
    from digitizer.layout import lines_from_tsv

    crop = np.ascontiguousarray(image[top:])
    tsv = run_tsv(
        crop, lang=options.lang, psm=BAND_PSM, oem=options.oem, timeout=options.page_timeout,
        dpi=page.dpi,
    )
    out: list[Line] = []
    for line in lines_from_tsv(tsv):
        if not line.text_raw.strip():
            continue
        words = [
            w.model_copy(update={"bbox": [w.bbox[0], w.bbox[1] + top, w.bbox[2], w.bbox[3] + top]})
            for w in line.words
        ]
        box = [line.bbox[0], line.bbox[1] + top, line.bbox[2], line.bbox[3] + top]
        out.append(line.model_copy(update={"bbox": box, "words": words}))
    return out


def _debris(line: str) -> int:
    """Characters of a "(name)" line that no Thai name has (Latin, digits, stray marks)."""
    return len(_NOT_NAME.findall(line.strip().strip("()[]{}")))


def merge_blocks(
    page_lines: Sequence[TextLine], band_lines: Sequence[TextLine], *, tolerance: int
) -> list[Signatory]:
    """One page's signatories from the page read and the band re-read, in reading order."""
    ours = signature_blocks(page_lines)
    theirs = signature_blocks(band_lines)
    merged: list[tuple[int, Signatory]] = []
    used: set[int] = set()
    for y, mine, my_line in ours:
        match = next(
            (k for k, item in enumerate(theirs) if k not in used and abs(item[0] - y) <= tolerance),
            None,
        )
        if match is not None:
            used.add(match)
            _, other, other_line = theirs[match]
            better = other if _debris(other_line) < _debris(my_line) else mine
            position = mine.position or other.position
            merged.append((y, Signatory(name=better.name, position=position)))
        else:
            merged.append((y, mine))
    merged.extend((item[0], item[1]) for k, item in enumerate(theirs) if k not in used)
    merged.sort(key=lambda item: item[0])
    return [s for _, s in merged]
