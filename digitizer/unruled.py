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

GUTTER = 0.15  # inches: the narrowest empty vertical band between two columns
ROW_GAP = 1.6  # a vertical gap above this many median row heights ends the block
ROW_BREAK = 1.3  # a line distance this much above the median one separates two table rows
MIN_COLUMNS = 3
MIN_ROWS = 3  # header included
LABEL_CHARS = 30  # a header label longer than this (no spaces) is a sentence, not a label
MEMO_LABELS = ("ส่วนราชการ", "ที่", "วันที่", "เรื่อง", "เรียน", "ลงชื่อ", "ความเห็น")
_JUNK = re.compile(r"^[|!:;'\"`~_=.,‘’“”()\[\]{}]*$")
_DEBRIS = re.compile(r"^(?:[\W\dA-Za-z_]{1,4}|[\u0e30-\u0e3a\u0e47-\u0e4e\W]{1,3})$")
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
    span: tuple[int, int] = (-1, -1)  # [start, end) in the line's corrected text, if known
    source: str = ""  # the line's corrected text


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


def _word_texts(line: Line) -> list[tuple[str, tuple[int, int]]]:
    """The corrected text of each word of a line and its span there ((-1, -1) if unmapped)."""
    out: list[tuple[str, tuple[int, int]]] = []
    text = line.text or line.text_raw
    cursor = 0
    for word in line.words:
        at = line.text_raw.find(word.text, cursor)
        if at < 0:
            out.append((word.text, (-1, -1)))
            continue
        end = at + len(word.text)
        cursor = end
        a, b = map_span(line.text_raw, text, at, end)
        out.append((text[a:b].strip() or word.text, (a, b)))
    return out


def _box(bbox: Sequence[int]) -> tuple[int, int, int, int]:
    return int(bbox[0]), int(bbox[1]), int(bbox[2]), int(bbox[3])


def _rows(page: Page) -> list[_Row]:
    """Words of the page grouped into visual rows (page lines overlapping in height merge)."""
    rows: list[_Row] = []
    order = sorted(range(len(page.lines)), key=lambda i: page.lines[i].bbox[1])
    for index in order:
        line = page.lines[index]
        source = line.text or line.text_raw
        words = [
            _Word(*_box(w.bbox), t, index, span, source)
            for w, (t, span) in zip(line.words, _word_texts(line), strict=True)
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
        spans = any(w.x0 <= 2 * a - b and w.x1 >= 2 * b - a for a, b in gutters)
        at = w.x0 + 1 if spans else (w.x0 + w.x1) / 2  # a glued word goes where it starts
        cells[sum(at >= (a + b) / 2 for a, b in gutters)].append(w)
    return cells


def _text(words: Sequence[_Word]) -> str:
    """A cell's text on one row: the corrected line text between its words where the words
    come from one line in order (keeps the printed spacing), else the words joined by spaces."""
    pieces: list[str] = []
    k = 0
    while k < len(words):
        j = k
        while (
            j + 1 < len(words)
            and words[j + 1].line == words[k].line
            and words[j + 1].span[0] >= words[j].span[1] >= 0
        ):
            j += 1
        first, last = words[k], words[j]
        if first.span[0] >= 0 and j > k:
            pieces.append(first.source[first.span[0] : last.span[1]].strip())
        else:
            pieces.extend(w.text for w in words[k : j + 1])
        k = j + 1
    return " ".join(p for p in pieces if p).strip()


def _is_numbered(text: str) -> bool:
    return bool(_NUMBERED.match(text))


def _block(
    rows: list[_Row], start: int, min_gutter: int, pitch: float
) -> tuple[int, list[tuple[int, int]]]:
    """Rows [start, end) sharing the header row's gutters, and those gutters narrowed."""
    gutters = _gaps(rows[start], min_gutter)
    if len(gutters) < MIN_COLUMNS - 1:
        return start + 1, []
    intrusions = [0] * len(gutters)
    end = start + 1
    while end < len(rows):
        row = rows[end]
        if row.top - rows[end - 1].bottom > ROW_GAP * pitch or _signature(row):
            break
        allowed = 1 + (end - start) // 6  # OCR box errors: a few per gutter, not every row
        glued = _glued(row, gutters)
        if glued is not None:  # OCR joined the texts of two columns into one word
            spanned = [k for k, (a, b) in enumerate(gutters) if glued.x0 <= a and glued.x1 >= b]
            if any(intrusions[k] >= allowed for k in spanned):
                break
            for k in spanned:
                intrusions[k] += 1
            row = _Row([w for w in row.words if w is not glued], row.lines)
        kept: list[tuple[int, int]] = []
        for k, gutter in enumerate(gutters):
            if glued is not None and glued.x0 <= gutter[0] and glued.x1 >= gutter[1]:
                kept.append(gutter)
                continue
            narrowed = _narrow(gutter, row)
            if narrowed[1] - narrowed[0] >= min_gutter:
                kept.append(narrowed)
            elif _intrudes(gutter, row, min_gutter // 4) and intrusions[k] < allowed:
                intrusions[k] += 1  # an OCR box a little too wide: the gutter stays
                kept.append(gutter)
            else:
                break
        if len(kept) < len(gutters):
            break
        gutters = kept
        end += 1
    return end, gutters


def _signature(row: _Row) -> bool:
    """Whether a row is a signature block's "(name)" or "(ลงชื่อ)" line: the table is over."""
    text = " ".join(w.text for w in row.words).strip()
    return (text.startswith("(") and text.endswith(")")) or "ลงชื่อ" in text


def _glued(row: _Row, gutters: Sequence[tuple[int, int]]) -> _Word | None:
    """The one word of a row that spans a gutter (two cells' texts read as one word), or
    None; the row's other words must still keep to the gutters."""
    spanning = [w for w in row.words if any(w.x0 <= a and w.x1 >= b for a, b in gutters)]
    if len(spanning) != 1 or len(row.words) < 2:
        return None
    return spanning[0]


def _intrudes(gutter: tuple[int, int], row: _Row, min_width: int) -> bool:
    """Whether the row's words only poke into the gutter from its sides (none spans it, each
    lies mostly outside, a gap stays): OCR boxes that run long, not text across the columns."""
    a, b = gutter
    inside = [w for w in row.words if w.x1 > a and w.x0 < b]
    left, right = _narrow(gutter, row)
    if not 1 <= len(inside) <= 2 or right - left < min_width:
        return False
    for w in inside:
        overlap = min(w.x1, b) - max(w.x0, a)
        if (w.x0 <= a and w.x1 >= b) or overlap >= 0.5 * (w.x1 - w.x0):
            return False
    return True


def _core(row: _Row) -> float:
    """The middle of a row's typical word box (robust to marks above and below a line)."""
    tops = sorted(w.y0 for w in row.words)
    bottoms = sorted(w.y1 for w in row.words)
    return (tops[len(tops) // 2] + bottoms[len(bottoms) // 2]) / 2


def _breaks(rows: Sequence[_Row]) -> list[bool]:
    """For each row after the first: whether a wider line distance than within a cell precedes
    it (rows of an unruled table are set apart by a little extra space)."""
    centres = [_core(r) for r in rows]
    steps = [b - a for a, b in pairwise(centres)]
    if not steps:
        return []
    base = sorted(steps)[len(steps) // 2]
    return [d > ROW_BREAK * base for d in steps]


def _label(lines: Sequence[str]) -> str:
    """A header cell's text without the OCR debris of Thai marks (short Latin/digit tokens);
    the part of it that best matches a known heading when one does (OCR repeats pieces)."""
    tokens = [t for line in lines for t in line.split()]
    thai = [t for t in tokens if not _DEBRIS.match(t)]
    full = join_wrapped([" ".join(thai)] if thai else lines)
    candidates = [full, *lines, *thai]
    scored = [(M.role_of(c)[1], len(c), c) for c in candidates if c.strip()]
    best = max(scored, default=(0.0, 0, full))
    return best[2] if best[0] >= M.ROLE_ACCEPT and best[2] != full else full


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
    header = [_label([texts[r][c] for r in range(depth)]) for c in range(len(gutters) + 1)]
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
    breaks = _breaks(block[depth - 1 :])
    for k, cells in enumerate(body):
        if not logical:
            starts = True
        elif numbered:  # a number opens a row; so does a wider gap (the number misread)
            starts = _is_numbered(cells[0]) or (breaks[k] and bool(cells[0]))
        else:  # evenly spaced rows are one line each; extra space marks rows otherwise
            starts = breaks[k] or not any(breaks)
        if starts:
            logical.append([[t] if t else [] for t in cells])
        else:
            for c, t in enumerate(cells):
                if t:
                    logical[-1][c].append(t)
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
