"""Tables without rules: a best-effort column clustering of OCR word boxes.

A table is a block of at least three consecutive visual rows whose words fall into at least three
columns separated by vertical gutters that stay empty over the whole block, under a header row
that matches known measure headings or at least looks like short labels. Plain memo text
(justified paragraphs, the memo header, signature blocks) crosses any gutter within a few rows,
so it never makes a table. Used by `digitizer.structure` only on pages without a ruled table.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from digitizer import measures as M
from digitizer.model import Line, Page, Table
from digitizer.textblocks import THAI_DIGITS, join_wrapped, label_score, map_span, squash

log = logging.getLogger(__name__)

GUTTER = 0.2  # inches: the narrowest empty vertical band between two columns
ROW_GAP = 1.6  # a vertical gap above this many median row heights ends the block
MIN_COLUMNS = 3
MIN_ROWS = 3  # header included
LABEL_CHARS = 30  # a header label longer than this (no spaces) is a sentence, not a label
MEMO_LABELS = ("ส่วนราชการ", "ที่", "วันที่", "เรื่อง", "เรียน", "ลงชื่อ", "ความเห็น")
_JUNK = re.compile(r"^[|!:;'\"`~_=.,‘’“”()\[\]{}]*$")
_NUMBERED = re.compile(rf"^\s*[-'\"|]?\s*[0-9{THAI_DIGITS}]{{1,2}}\s*[.):]")


@dataclass
class _Word:
    """A word box with the corrected text it stands for, and the page line it came from."""

    x0: int
    y0: int
    x1: int
    y1: int
    text: str
    line: int


@dataclass
class _Row:
    """A visual row: the words of every page line at this height."""

    words: list[_Word]
    lines: set[int] = field(default_factory=set)

    @property
    def top(self) -> int:
        return min(w.y0 for w in self.words)

    @property
    def bottom(self) -> int:
        return max(w.y1 for w in self.words)


@dataclass
class UnruledTable:
    """An unruled table of one page: header texts and body rows of per-column cell lines."""

    page: int
    bbox: tuple[int, int, int, int]
    columns: list[tuple[int, int]]
    header: list[str]
    header_rows: list[list[list[str]]]
    rows: list[list[list[str]]]
    lines: set[int] = field(default_factory=set)  # indices of the page lines it took


def _word_texts(line: Line) -> list[str]:
    """The corrected text of each word of a line (raw word text where it cannot be mapped)."""
    out: list[str] = []
    cursor = 0
    for word in line.words:
        at = line.text_raw.find(word.text, cursor)
        if at < 0:
            out.append(word.text)
            continue
        end = at + len(word.text)
        cursor = end
        if line.text and line.text != line.text_raw:
            a, b = map_span(line.text_raw, line.text, at, end)
            out.append(line.text[a:b].strip() or word.text)
        else:
            out.append(word.text)
    return out


def _rows(page: Page) -> list[_Row]:
    """Words of the page grouped into visual rows (page lines overlapping in height merge)."""
    rows: list[_Row] = []
    order = sorted(range(len(page.lines)), key=lambda i: page.lines[i].bbox[1])
    for index in order:
        line = page.lines[index]
        words = [
            _Word(int(w.bbox[0]), int(w.bbox[1]), int(w.bbox[2]), int(w.bbox[3]), t, index)
            for w, t in zip(line.words, _word_texts(line), strict=True)
            if t.strip() and not _JUNK.match(t.strip())
        ]
        if not words:
            continue
        y0, y1 = min(w.y0 for w in words), max(w.y1 for w in words)
        for row in rows[-3:]:
            overlap = min(y1, row.bottom) - max(y0, row.top)
            if overlap > 0.5 * min(y1 - y0, row.bottom - row.top):
                row.words.extend(words)
                row.lines.add(index)
                break
        else:
            rows.append(_Row(words, {index}))
    for row in rows:
        row.words.sort(key=lambda w: w.x0)
    return rows


def _gaps(row: _Row, min_width: int) -> list[tuple[int, int]]:
    """Empty x-ranges at least `min_width` wide between the word boxes of a row."""
    out: list[tuple[int, int]] = []
    right = row.words[0].x1
    for word in row.words[1:]:
        if word.x0 - right >= min_width:
            out.append((right, word.x0))
        right = max(right, word.x1)
    return out


def _narrow(gutter: tuple[int, int], row: _Row) -> tuple[int, int]:
    """The widest part of `gutter` that no word of `row` covers."""
    pieces = [gutter]
    for w in row.words:
        nxt: list[tuple[int, int]] = []
        for a, b in pieces:
            if w.x1 <= a or w.x0 >= b:
                nxt.append((a, b))
                continue
            if w.x0 > a:
                nxt.append((a, w.x0))
            if w.x1 < b:
                nxt.append((w.x1, b))
        pieces = nxt
    return max(pieces, key=lambda p: p[1] - p[0], default=(0, 0))


def _cells(row: _Row, gutters: Sequence[tuple[int, int]]) -> list[list[_Word]]:
    """The words of a row split into the columns the gutters separate."""
    cells: list[list[_Word]] = [[] for _ in range(len(gutters) + 1)]
    for w in row.words:
        centre = (w.x0 + w.x1) / 2
        cells[sum(centre >= (a + b) / 2 for a, b in gutters)].append(w)
    return cells


def _text(words: Sequence[_Word]) -> str:
    return " ".join(w.text for w in words).strip()


def _is_numbered(text: str) -> bool:
    return bool(_NUMBERED.match(text))


def _block(
    rows: list[_Row], start: int, min_gutter: int, pitch: float
) -> tuple[int, list[tuple[int, int]]]:
    """Rows [start, end) sharing the header row's gutters, and those gutters narrowed."""
    gutters = _gaps(rows[start], min_gutter)
    if len(gutters) < MIN_COLUMNS - 1:
        return start + 1, []
    end = start + 1
    while end < len(rows):
        row = rows[end]
        if row.top - rows[end - 1].bottom > ROW_GAP * pitch:
            break
        narrowed = [_narrow(g, row) for g in gutters]
        if any(b - a < min_gutter for a, b in narrowed):
            break
        gutters = narrowed
        end += 1
    return end, gutters


def _labels_ok(header: Sequence[str]) -> bool:
    """Whether header cells read as column labels: known headings, or short non-memo labels."""
    if sum(r is not None for r in M.column_roles(header)) >= 2:
        return True
    filled = [h for h in header if h.strip()]
    if len(filled) < len(header) - 1:
        return False
    for text in filled:
        if len(squash(text)) > LABEL_CHARS or text.rstrip().endswith((".", ",")):
            return False
        if any(label_score(text, lab)[0] >= 80 for lab in MEMO_LABELS):
            return False
    return True


def _accept(block: list[_Row], gutters: list[tuple[int, int]]) -> UnruledTable | None:
    """The table a block of rows makes, or None when it does not look like one."""
    texts = [[_text(cell) for cell in _cells(row, gutters)] for row in block]
    numbered = [i for i, row in enumerate(texts) if i > 0 and _is_numbered(row[0])]
    depth = numbered[0] if len(numbered) >= 2 else 1
    header = [join_wrapped([texts[r][c] for r in range(depth)]) for c in range(len(gutters) + 1)]
    body = texts[depth:]
    spread = sum(sum(bool(t) for t in row) >= 2 for row in body)
    if len(block) < MIN_ROWS or len(body) < 2 or spread < 2 or not _labels_ok(header):
        return None
    roles = M.column_roles(header)
    if sum(r is not None for r in roles) < 2:  # a generic table: most rows fill most columns
        full = sum(sum(bool(t) for t in row) >= MIN_COLUMNS for row in body)
        if full < max(2, len(body) // 2):
            return None
    logical: list[list[list[str]]] = []
    last_bottom = block[depth - 1].bottom
    heights = sorted(r.bottom - r.top for r in block)
    pitch = heights[len(heights) // 2]
    for row, cells in zip(block[depth:], body, strict=True):
        if numbered:
            starts = _is_numbered(cells[0]) or not logical
        else:
            starts = not logical or row.top - last_bottom > 0.45 * pitch
        if starts:
            logical.append([[t] if t else [] for t in cells])
        else:
            for c, t in enumerate(cells):
                if t:
                    logical[-1][c].append(t)
        last_bottom = row.bottom
    words = [w for row in block for w in row.words]
    bbox = (
        min(w.x0 for w in words),
        min(w.y0 for w in words),
        max(w.x1 for w in words),
        max(w.y1 for w in words),
    )
    edges = [bbox[0], *((a + b) // 2 for a, b in gutters), bbox[2]]
    return UnruledTable(
        page=0,
        bbox=bbox,
        columns=list(pairwise(edges)),
        header=header,
        header_rows=[[[t] if t else [] for t in row] for row in texts[:depth]],
        rows=logical,
        lines=set().union(*(row.lines for row in block)),
    )


def find_tables(page: Page) -> list[UnruledTable]:
    """The unruled tables of a page, top to bottom (usually none)."""
    rows = _rows(page)
    if len(rows) < MIN_ROWS:
        return []
    min_gutter = max(6, round(GUTTER * page.dpi))
    heights = sorted(r.bottom - r.top for r in rows)
    pitch = float(heights[len(heights) // 2])
    found: list[UnruledTable] = []
    start = 0
    while start <= len(rows) - MIN_ROWS:
        end, gutters = _block(rows, start, min_gutter, pitch)
        table = _accept(rows[start:end], gutters) if gutters else None
        if table is None:
            start += 1
            continue
        table.page = page.number
        found.append(table)
        start = end
    log.debug("page %d: %d unruled table(s)", page.number, len(found))
    return found


def to_table(table: UnruledTable) -> Table:
    """The record of an unruled table: kind from the header roles, one text per cell."""
    kind = M.table_kind(M.column_roles(table.header))
    return Table(
        page=table.page,
        pages=[table.page],
        bbox=list(table.bbox),
        kind=kind,
        header=table.header,
        rows=[["\n".join(cell) for cell in row] for row in table.rows],
    )
