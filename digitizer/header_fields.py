"""Page-1 header lines written from the memo's header fields (rule ``header_fields``).

The header fields (ส่วนราชการ, ที่, วันที่, เรื่อง, เรียน) are voted over every read of the header
band and checked against the gazetteer and the calendar (`digitizer.memo`), so they are surer
than any single read of the header lines, which Tesseract often garbles, scrambles or loses
(a date line or a subject line missing from the page text while the record's fields hold them).
Once the structure is known, this module proposes one correction of page 1 that replaces the
page lines inside the header band by the header as the memo writes it, one line per field:

    บันทึกข้อความ
    ส่วนราชการ <agency>
    ที่ <reference> วันที่ <date_text>
    เรื่อง <subject>
    เรียน <to>

It is applied only when every field is known and every page line it replaces reads as a part
of that header (or is debris with hardly a Thai letter): a line of other text inside the band
(a stamp such as ด่วนที่สุด, a line a field left out) means the fields do not tell the whole
header, and the band re-read (`digitizer.header_text`) is used instead. text_raw is never
changed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from rapidfuzz import fuzz

from digitizer import header_text, layout
from digitizer.model import Correction, Memo, Page
from digitizer.options import Options

RULE = "header_fields"
CONFIDENCE = 0.92
TITLE = "บันทึกข้อความ"
TITLE_MATCH = 60.0  # fuzz.ratio of a page line and the title for the page to show the title
LINE_MATCH = 75.0  # fuzz.partial_ratio of a page line within the composed header
DEBRIS_LETTERS = 3  # a line with fewer Thai letters than this is debris (emblem, specks)
DEBRIS_SHARE = 0.25  # ... or with a smaller share of Thai letters (a stream of junk digits)
_THAI_LETTER = re.compile(r"[\u0e01-\u0e2e]")
_NOT_THAI = re.compile(r"[^\u0e01-\u0e5b]")


def composed_lines(memo: Memo, with_title: bool) -> list[str] | None:
    """The header lines the memo's fields make, or None unless every field is known."""
    fields = (memo.agency, memo.reference, memo.date_text, memo.subject, memo.to)
    if not all(field and field.strip() for field in fields):
        return None
    lines = [TITLE] if with_title else []
    lines += [
        f"ส่วนราชการ {memo.agency}",
        f"ที่ {memo.reference} วันที่ {memo.date_text}",
        f"เรื่อง {memo.subject}",
        f"เรียน {memo.to}",
    ]
    return lines


def squeeze(text: str) -> str:
    """The text without any whitespace."""
    return "".join(text.split())


def thai_only(text: str) -> str:
    """The Thai characters of a text (letters, marks, Thai digits), in order."""
    return _NOT_THAI.sub("", text)


def explained(line: str, header: str) -> bool:
    """Whether a page line reads as a part of the composed header (their Thai characters
    compared), or is debris: fewer than DEBRIS_LETTERS Thai letters, or Thai letters under
    DEBRIS_SHARE of its characters (Latin junk or junk digits where a line was lost)."""
    squeezed = squeeze(line)
    letters = len(_THAI_LETTER.findall(squeezed))
    if letters < DEBRIS_LETTERS or letters < DEBRIS_SHARE * len(squeezed):
        return True
    return fuzz.partial_ratio(thai_only(squeezed), thai_only(header)) >= LINE_MATCH


def shows_title(lines: Sequence[str]) -> bool:
    """Whether one of the lines reads as the memo title บันทึกข้อความ."""
    return any(fuzz.ratio(squeeze(line), TITLE) >= TITLE_MATCH for line in lines)


def fields_correction(page: Page, tables: Sequence[Any], memo: Memo | None) -> Correction | None:
    """The ``header_fields`` correction of page 1 (offsets in text_raw), or None when the fields
    are incomplete, the page has no header band, or a line inside the band is not explained by
    the fields. `page.text` must hold the page's corrections so far."""
    found = header_text.band_lines(tables)
    if page.number != 1 or memo is None or found is None:
        return None
    box, _ = found
    full = composed_lines(memo, with_title=True)
    if full is None:
        return None
    span = header_text.inside_span(page, box[1], box[3], full)
    if span is None:
        return None
    start, end = span
    current = header_text.corrected_span(page, page.text, start, end).split("\n")
    lines = composed_lines(memo, with_title=shows_title(current))
    assert lines is not None
    header = squeeze("".join(lines))
    if not all(explained(line, header) for line in current):
        return None
    suggestion = "\n".join(lines)
    if squeeze("".join(current)) == header:
        return None  # the page text already reads as the fields say
    original = page.text_raw[start:end]
    if suggestion == original:
        return None
    return Correction(
        id="",
        page=page.number,
        start=start,
        end=end,
        original=original,
        suggestion=suggestion,
        confidence=CONFIDENCE,
        rule=RULE,
        bbox=_lines_box(page, start, end) or list(box),
        status="applied",
    )


def with_header_lines(
    page: Page,
    merged: list[Correction],
    tables: Sequence[Any],
    memo: Memo | None,
    options: Options,
) -> list[Correction]:
    """The page's corrections with page 1's header lines mended: from the header fields when
    they explain the whole header (an applied ``header_fields`` correction wins over every fix
    inside its span), else from the header band re-read (`digitizer.header_text`)."""
    found = fields_correction(page, tables, memo) if options.correct else None
    if found is None:
        return header_text.with_header_reread(page, merged, tables, options)
    from digitizer.finish import merge_corrections

    return merge_corrections(page.number, [[found], merged])


def _lines_box(page: Page, start: int, end: int) -> list[int] | None:
    """The union box of the page lines within [start, end) of text_raw."""
    boxes = [
        line.bbox
        for line, (first, last) in zip(page.lines, layout.line_offsets(page.lines), strict=True)
        if first >= start and last <= end
    ]
    return layout.union_box(boxes) if boxes else None
