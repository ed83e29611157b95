"""Column headings of measures tables written as the genre writes them (rule ``table_heading``).

The header row of a measures table (มาตรการ | ขั้นตอนหรือวิธีการ | ผู้รับผิดชอบ | การกำกับติดตาม)
and of the status table (ผลการดำเนินการ / ดำเนินการแล้ว / อยู่ระหว่างดำเนินการ /
ยังไม่ดำเนินการ) is set in narrow, wrapped cells that Tesseract often garbles (การกำกับ|ดดตามุ,
a speck read ะ 20 under มาตรการ). `digitizer.measures.ROLE_HEADINGS` knows every heading of the
genre, so a header cell that reads close to one of them is rewritten as that heading, split
over the cell's visual lines where the read broke it. Only header rows where at least
MIN_HEADINGS cells read as known headings are touched (a real header row, not a data row), and
only cells read from the page lines (a re-read cell has no span in the page text).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from digitizer import layout
from digitizer.measures import ROLE_HEADINGS
from digitizer.model import Correction, Line, Page
from digitizer.textblocks import map_span, squash

RULE = "table_heading"
CONFIDENCE = 0.9
HEADING_ACCEPT = 75.0  # fuzz.ratio of a header cell's text and a known heading
MIN_HEADINGS = 2  # header cells of a row that must read as known headings
DEBRIS_LETTERS = 3
_THAI_LETTER = re.compile(r"[\u0e01-\u0e2e]")
_MARK = re.compile(r"[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")
HEADINGS = tuple(name for names in ROLE_HEADINGS.values() for name in names)


def known_heading(text: str) -> str | None:
    """The known heading a header cell's text reads as (whitespace ignored), or None."""
    squashed = squash(text)
    if not squashed:
        return None
    best = max(HEADINGS, key=lambda name: fuzz.ratio(squashed, name))
    return best if fuzz.ratio(squashed, best) >= HEADING_ACCEPT else None


def split_heading(heading: str, reads: Sequence[str]) -> list[str]:
    """The heading cut into one piece per visual line where the lines' reads, aligned with it
    (Levenshtein, whitespace ignored), end: a debris line aligned with nothing gets nothing, a
    line that lost letters gets them back in place. A cut never leaves a mark (tone mark,
    upper or lower vowel) at the start of a piece."""
    squashed = [squash(read) for read in reads]
    joined = "".join(squashed)
    to_heading = [0] * (len(joined) + 1)
    for op in Levenshtein.opcodes(joined, heading):
        for k in range(op.src_start, op.src_end):
            offset = k - op.src_start if op.tag != "delete" else 0
            to_heading[k] = min(op.dest_start + offset, op.dest_end)
    to_heading[len(joined)] = len(heading)
    cuts: list[int] = []
    end = 0
    for read in squashed[:-1]:
        end += len(read)
        cut = max(to_heading[end], cuts[-1] if cuts else 0)
        while 0 < cut < len(heading) and _MARK.match(heading[cut]):
            cut += 1
        cuts.append(cut)
    bounds = [0, *cuts, len(heading)]
    return [heading[bounds[k] : bounds[k + 1]] for k in range(len(reads))]


def _corrected(line: Line, start: int, end: int) -> str:
    """The corrected text of [start, end) of a line's raw text."""
    if line.text == line.text_raw or not line.text:
        return line.text_raw[start:end]
    a, b = map_span(line.text_raw, line.text, start, end)
    return line.text[a:b]


def cell_reads(page: Page, cell: Any) -> list[tuple[int, int, str]] | None:
    """(start, end in text_raw, corrected text) of each visual line of a cell, or None when a
    visual line is not one span of one page line."""
    offsets = layout.line_offsets(page.lines)
    reads = []
    for spans in cell.spans:
        if len(spans) != 1 or spans[0][0] >= len(page.lines):
            return None
        index, start, end = spans[0]
        base = offsets[index][0]
        reads.append((base + start, base + end, _corrected(page.lines[index], start, end)))
    return reads or None


def _lines_inside(page: Page, box: Sequence[int]) -> list[tuple[int, int, str]] | None:
    """(start, end in text_raw, corrected text) of the page lines whose box centre lies in
    `box`, when they follow one another in the text; [] when none does, None when they are
    scattered."""
    offsets = layout.line_offsets(page.lines)
    inside = [
        k
        for k, line in enumerate(page.lines)
        if box[0] <= (line.bbox[0] + line.bbox[2]) / 2 <= box[2]
        and box[1] <= (line.bbox[1] + line.bbox[3]) / 2 <= box[3]
    ]
    if inside and inside != list(range(inside[0], inside[-1] + 1)):
        return None
    return [(*offsets[k], page.lines[k].text or page.lines[k].text_raw) for k in inside]


def heading_corrections(page: Page, tables: Sequence[Any]) -> list[Correction]:
    """The ``table_heading`` corrections of a page's table header rows (offsets in text_raw)."""
    out: list[Correction] = []
    for table in tables:
        if not getattr(table, "cells", None):
            continue
        header = sorted(
            (c for c in table.cells if c.row < max(1, table.header_rows)),
            key=lambda c: (c.row, c.col),
        )
        found = []
        for cell in header:
            # a re-read cell (no spans) keeps the page lines inside it, or none at all
            reads = cell_reads(page, cell) if cell.spans else _lines_inside(page, cell.bbox)
            read = " ".join(text for _, _, text in reads) if reads else cell.text
            heading = known_heading(read)
            if heading is None and cell.reocr:  # the cell's own re-read, kept as the surer one
                heading = known_heading(cell.text)
            found.append((reads, heading, squash(read)))
        if sum(heading is not None for _, heading, _ in found) < MIN_HEADINGS:
            continue
        for k, ((reads, heading, _), cell) in enumerate(zip(found, header, strict=True)):
            if heading is None or reads is None:
                continue
            if not reads:  # the page text has no line of this cell: put it before the next
                at = next((later[0][0] for later, _, _ in found[k + 1 :] if later), None)
                if at is not None:
                    out.append(correction(page, at, at, heading + "\n", cell.bbox))
                continue
            if squash(" ".join(text for _, _, text in reads)) == heading:
                continue
            pieces = split_heading(heading, [text for _, _, text in reads])
            for (start, end, text), piece in zip(reads, pieces, strict=True):
                if squash(text) == piece:
                    continue
                if not piece and end < len(page.text_raw) and page.text_raw[end] == "\n":
                    end += 1  # a debris line deleted with its line break: no blank line left
                out.append(correction(page, start, end, piece, cell.bbox))
    return out


def correction(
    page: Page, start: int, end: int, text: str, box: Sequence[int], rule: str = RULE
) -> Correction:
    """An applied correction of [start, end) of text_raw (rule ``table_heading`` unless
    told)."""
    return Correction(
        id="",
        page=page.number,
        start=start,
        end=end,
        original=page.text_raw[start:end],
        suggestion=text,
        confidence=CONFIDENCE,
        rule=rule,
        bbox=list(box),
        status="applied",
    )
