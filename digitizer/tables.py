"""Tables from the page image: ruled grids by line morphology, cell text, check marks, CSV.

`detect_page_tables` runs in the worker (process_page) on the preprocessed page image, before
corrections. Each cell keeps, besides its raw text, the spans of the page's OCR lines it took its
words from, so `digitizer.structure` can later read the *corrected* line text restricted to the
cell (the best text we have: corrections work on whole lines with context). Cells the page OCR left
empty or sparse are re-read from a crop with `--psm 6`, since Tesseract drops text inside tables.
"""

from __future__ import annotations

import csv
import io
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import cv2
import numpy as np
from rapidfuzz import fuzz

from digitizer.cellread import Box, ReadCache, read_cells
from digitizer.checkmarks import cell_ink
from digitizer.grid import (
    Grid,
    HSeg,
    VSeg,
    build_grid,
    contains_center,
    empty_columns,
    header_row_count,
    weaker_side,
)
from digitizer.imaging import component_stats
from digitizer.model import Correction, Line, Page, Table
from digitizer.options import Options

log = logging.getLogger(__name__)

REOCR_BELOW = 0.75  # re-read a cell when less of its ink than this lies in page OCR words
STREAK_COLUMN = 0.45  # inches: an empty column narrower than this is a streak, not a column
MIN_TEXT_INK = 0.002  # a cell with less ink than this holds no real text (streak debris)
LOST_LINE_GAIN = 4  # letters a re-read for a lost line must add to replace the page OCR's
_WORD_CHAR = re.compile(r"[\u0e01-\u0e2e\u0e30-\u0e33\u0e40-\u0e45\u0e50-\u0e59A-Za-z0-9]")
Span = tuple[int, int, int]  # (line index in page.lines, start, end) in that line's text_raw


@dataclass
class PageCell:
    """One (possibly merged) cell of a detected table, with its text and ink evidence."""

    row: int
    col: int
    rowspan: int
    colspan: int
    bbox: tuple[int, int, int, int]
    text: str = ""
    spans: list[list[Span]] = field(default_factory=list)  # per visual line of the cell
    reocr: bool = False
    ink: float = 0.0
    marked: bool = False
    confidence: float = 0.0


@dataclass
class PageTable:
    """A table found on one page image: grid boundaries, cells and the header row count."""

    page: int
    bbox: tuple[int, int, int, int]
    rows: list[int]
    cols: list[int]
    cells: list[PageCell]
    header_rows: int = 1
    ruled: bool = True
    header_lines: list[Line] = field(default_factory=list)  # set on a header-band record only
    signature_lines: list[Line] = field(default_factory=list)  # set on a signature-band record

    @property
    def is_header_band(self) -> bool:
        """Whether this record carries the re-read memo header lines instead of a table."""
        return bool(self.header_lines) and not self.cells

    @property
    def is_text_band(self) -> bool:
        """Whether this record carries re-read text lines (header or signatures), not a table."""
        return not self.cells and bool(self.header_lines or self.signature_lines)

    @property
    def n_rows(self) -> int:
        """Number of grid rows."""
        return max(len(self.rows) - 1, 0)

    @property
    def n_cols(self) -> int:
        """Number of grid columns."""
        return max(len(self.cols) - 1, 0)

    def cell(self, row: int, col: int) -> PageCell | None:
        """The cell covering grid position (row, col)."""
        for cell in self.cells:
            inside_rows = cell.row <= row < cell.row + cell.rowspan
            if inside_rows and cell.col <= col < cell.col + cell.colspan:
                return cell
        return None


# ----------------------------------------------------------------------------- rules


def binarize(image: np.ndarray) -> np.ndarray:
    """Ink as 255 on 0, by adaptive threshold (uneven lighting of scans)."""
    gray = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    gray = gray.astype(np.uint8)
    return cv2.adaptiveThreshold(
        gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 15
    )


def find_rules(ink: np.ndarray, *, dpi: int) -> tuple[list[HSeg], list[VSeg], np.ndarray]:
    """Horizontal and vertical rules of the page (long thin runs kept by morphological opening).

    Returns the segments and the mask of rule pixels (to take the rules out of the cells' ink).
    """
    h_len = max(20, int(dpi * 0.4))
    v_len = max(15, int(dpi * 0.22))
    h_kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (h_len, 1))
    v_kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (1, v_len))
    horiz = cv2.morphologyEx(ink, cv2.MORPH_OPEN, h_kernel)
    horiz = cv2.dilate(horiz, cv2.getStructuringElement(cv2.MORPH_RECT, (9, 1)))
    vert = cv2.morphologyEx(ink, cv2.MORPH_OPEN, v_kernel)
    vert = cv2.dilate(vert, cv2.getStructuringElement(cv2.MORPH_RECT, (1, 9)))
    hsegs = [HSeg(x, x + w, y + h // 2) for x, y, w, h in _components(horiz) if w >= h_len]
    vsegs = [VSeg(y, y + h, x + w // 2) for x, y, w, h in _components(vert) if h >= v_len]
    both = cv2.bitwise_or(horiz, vert)
    rules = cv2.dilate(both, cv2.getStructuringElement(cv2.MORPH_RECT, (5, 5)))
    return hsegs, vsegs, rules


def _components(mask: np.ndarray) -> list[tuple[int, int, int, int]]:
    count, stats = component_stats(mask)
    return [tuple(int(v) for v in stats[i, :4]) for i in range(1, count)]  # type: ignore[misc]


def table_regions(
    hsegs: Sequence[HSeg], vsegs: Sequence[VSeg], *, dpi: int
) -> list[tuple[list[HSeg], list[VSeg]]]:
    """Group rules into tables: rules that touch (within a small margin) belong to one table."""
    margin = max(6, dpi // 30)
    items: list[tuple[str, int, tuple[int, int, int, int]]] = []
    for i, h in enumerate(hsegs):
        items.append(("h", i, (h.x0 - margin, h.y - margin, h.x1 + margin, h.y + margin)))
    for i, v in enumerate(vsegs):
        items.append(("v", i, (v.x - margin, v.y0 - margin, v.x + margin, v.y1 + margin)))
    parent = list(range(len(items)))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            if items[i][0] == items[j][0]:
                continue
            a, b = items[i][2], items[j][2]
            if a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]:
                parent[find(i)] = find(j)
    groups: dict[int, tuple[list[HSeg], list[VSeg]]] = {}
    for idx, (kind, i, _) in enumerate(items):
        group = groups.setdefault(find(idx), ([], []))
        if kind == "h":
            group[0].append(hsegs[i])
        else:
            group[1].append(vsegs[i])
    return [g for g in groups.values() if len(g[0]) >= 2 and len(g[1]) >= 2]


# ----------------------------------------------------------------------------- text


def _word_offsets(line: Line) -> list[tuple[int, int]]:
    """[start, end) of each word of the line in line.text_raw (words appear in order)."""
    offsets: list[tuple[int, int]] = []
    cursor = 0
    for word in line.words:
        at = line.text_raw.find(word.text, cursor)
        if at < 0:
            at = cursor
            end = min(len(line.text_raw), cursor + len(word.text))
        else:
            end = at + len(word.text)
        offsets.append((at, end))
        cursor = end
    return offsets


def _fill_from_page(cell: PageCell, page: Page) -> list[list[int]]:
    """Give the cell the page OCR words whose centre lies inside it; returns their boxes."""
    boxes: list[list[int]] = []
    confs: list[float] = []
    visual: list[tuple[int, list[Span]]] = []
    for index, line in enumerate(page.lines):
        if not line.words:
            continue
        offsets = _word_offsets(line)
        picked = [
            (offsets[k], word)
            for k, word in enumerate(line.words)
            if contains_center(cell.bbox, word.bbox)
        ]
        if not picked:
            continue
        start, end = picked[0][0][0], picked[-1][0][1]
        visual.append((min(w.bbox[1] for _, w in picked), [(index, start, end)]))
        for _, word in picked:
            boxes.append(list(word.bbox))
            confs.append(word.confidence)
    visual.sort(key=lambda item: item[0])
    cell.spans = [spans for _, spans in visual]
    cell.text = "\n".join(
        page.lines[i].text_raw[s:e].strip() for spans in cell.spans for i, s, e in spans
    )
    cell.confidence = sum(confs) / len(confs) if confs else 0.0
    return boxes


def _box(bbox: Sequence[int]) -> Box:
    return (int(bbox[0]), int(bbox[1]), int(bbox[2]), int(bbox[3]))


def _letters(text: str) -> int:
    """Letters and digits of a text (Thai, Latin, both digit sets), marks and debris left out."""
    return len(_WORD_CHAR.findall(text))


def _reocr(
    cell: PageCell,
    image: np.ndarray,
    options: Options,
    *,
    prefer: bool = False,
    cache: ReadCache | None = None,
    batch: Sequence[Box] = (),
    gain: int = 1,
) -> None:
    """Re-read one cell from its crop with a block page-segmentation mode.

    The new text replaces the page OCR's when it is longer (with `gain` > 1: when it has that
    many more letters and digits, as a cell re-read for a lost line must bring back a line's
    worth, not debris), or whenever `prefer` is set (the page OCR glued words of neighbouring
    cells). `cache` keeps the reads of one page's cells (the grid is rebuilt when a streak is
    dropped; the cells it did not touch are not re-read); the cells of `batch` still unread are
    read in the same Tesseract call (digitizer.cellread).
    """
    cache = {} if cache is None else cache
    key = _box(cell.bbox)
    read_cells(image, [key, *batch], options, cache)
    lines = cache.get(key)
    if lines is None:
        return
    text = "\n".join(line.text_raw.strip() for line in lines if line.text_raw.strip())
    if gain > 1:
        longer = _letters(text) >= _letters(cell.text) + gain
    else:
        longer = len(text.replace("\n", "")) > len(cell.text.replace("\n", ""))
    if text and (longer or prefer):
        cell.text = text
        cell.spans = []
        cell.reocr = True
        confs = [line.confidence for line in lines]
        cell.confidence = sum(confs) / len(confs) if confs else 0.0


# ----------------------------------------------------------------------------- detection


def detect_page_tables(
    image: np.ndarray, page: Page, *, options: Options,
    digit_fixes: Sequence[Correction] | None = None,
) -> list[PageTable]:
    """Find the ruled tables of one page image and read each cell (see module docstring);
    `digit_fixes`, the page's Thai-digit corrections when known, spare the header re-read
    reading the page top's digits again."""
    ink = binarize(image)
    dpi = page.dpi or options.dpi
    hsegs, vsegs, rules = find_rules(ink, dpi=dpi)
    ink = cv2.bitwise_and(ink, cv2.bitwise_not(rules))
    tables: list[PageTable] = []
    reads: ReadCache = {}
    for group_h, group_v in table_regions(hsegs, vsegs, dpi=dpi):
        tolerance = max(6, dpi / 25)
        grid = build_grid(group_h, group_v, tolerance=tolerance, min_gap=max(10, dpi // 15))
        if grid is None or not _plausible(grid, dpi):
            continue
        table = _read_table(grid, image, ink, page, options, dpi, reads)
        # A column with nothing in it is a scanner streak taken for a rule: drop that rule.
        for _ in range(3):
            filled = {
                (c.row, c.col)
                for c in table.cells
                if c.marked or (c.ink >= MIN_TEXT_INK and _has_words(c.text))
            }
            empty = [
                c
                for c in empty_columns(grid, lambda g, filled=filled: (g.row, g.col) in filled)  # type: ignore[misc]
                if grid.cols[c + 1] - grid.cols[c] < STREAK_COLUMN * dpi
            ]
            if not empty or grid.n_cols <= 2:
                break
            x = weaker_side(grid, empty[0], group_v, tolerance)
            group_v = [v for v in group_v if abs(v.x - x) > tolerance]
            rebuilt = build_grid(group_h, group_v, tolerance=tolerance, min_gap=max(10, dpi // 15))
            if rebuilt is None or not _plausible(rebuilt, dpi):
                break
            grid = rebuilt
            table = _read_table(grid, image, ink, page, options, dpi, reads)
        tables.append(table)
    tables.sort(key=lambda t: t.bbox[1])
    log.debug("page %d: %d ruled table(s)", page.number, len(tables))
    if page.number == 1:
        tables.extend(_header_bands(image, page, options, digit_fixes))
    if not options.rereads:
        return tables
    signature_band = _signature_band(image, page, options)
    if signature_band is not None:
        tables.append(signature_band)
    return tables


def _signature_band(image: np.ndarray, page: Page, options: Options) -> PageTable | None:
    """The signature band of a page re-read, as a cell-less PageTable record (or None)."""
    from digitizer.signatures import reread_signatures

    try:
        lines = reread_signatures(image, page, options=options)
    except Exception as exc:  # the page OCR still gives the signatures
        log.warning("signature re-read failed on page %d: %s", page.number, exc)
        return None
    if not lines:
        return None
    box = (0, min(int(line.bbox[1]) for line in lines), int(page.width), int(page.height))
    return PageTable(page.number, box, [], [], [], header_rows=0, signature_lines=lines)


def _header_bands(
    image: np.ndarray, page: Page, options: Options,
    digit_fixes: Sequence[Correction] | None = None,
) -> list[PageTable]:
    """The memo header of page 1 re-read, one cell-less PageTable record per read, best first."""
    from digitizer.header import reread_headers

    try:
        reads = reread_headers(image, page, options=options, digit_fixes=digit_fixes)
    except Exception as exc:  # the page OCR still gives the header
        log.warning("header re-read failed on page %d: %s", page.number, exc)
        return []
    out: list[PageTable] = []
    for lines in reads:
        if lines:
            box = (0, 0, int(page.width), max(int(line.bbox[3]) for line in lines))
            out.append(PageTable(page.number, box, [], [], [], header_rows=0, header_lines=lines))
    return out


def _has_words(text: str) -> bool:
    """Whether a cell text holds two letters or digits side by side (not just rule debris)."""
    bare = re.sub(r"[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]", "", text)  # Thai marks
    return re.search(r"[^\W_]{2,}", bare) is not None


ROW_PIECE_COLS = 3  # a one-row grid is a table's row only with this many columns


def _plausible(grid: Grid, dpi: int) -> bool:
    """A real table, not a mere frame or underline: 2 rows and 2 columns at least, or one row of
    ROW_PIECE_COLS columns or more (a row of a table that runs on from the previous page, header
    not repeated; structure joins it to its table or drops it)."""
    x0, y0, x1, y1 = grid.bbox
    if grid.n_cols < 2 or grid.n_rows < 1:
        return False
    if grid.n_rows == 1 and grid.n_cols < ROW_PIECE_COLS:
        return False
    return (x1 - x0) >= dpi and (y1 - y0) >= dpi // 3


def _read_table(
    grid: Grid,
    image: np.ndarray,
    ink: np.ndarray,
    page: Page,
    options: Options,
    dpi: int,
    reads: ReadCache | None = None,
) -> PageTable:
    """Cells of one grid: page words, re-OCR where sparse (not in fast mode), ink for check
    marks."""
    cells: list[PageCell] = []
    sparse: list[tuple[PageCell, bool, bool]] = []  # cells to re-read: spilled, lost line only
    for g in grid.cells:
        cell = PageCell(g.row, g.col, g.rowspan, g.colspan, g.bbox)
        boxes = _fill_from_page(cell, page)
        stats = cell_ink(ink, g.bbox, dpi=dpi, word_boxes=boxes)
        cell.ink = stats.ratio
        cell.marked = stats.marked
        if not stats.marked and stats.ratio < MIN_TEXT_INK:
            # no glyph-sized ink: what OCR would "read" here is speckle or streak noise
            if _has_words(cell.text):
                log.debug("cell (%d,%d): %r dropped, no ink", cell.row, cell.col, cell.text)
                cell.text = ""
            cells.append(cell)
            continue
        spill = any(_spills(box, g.bbox, dpi) for box in boxes)
        sparse_read = not cell.text.strip() or stats.covered < REOCR_BELOW or spill
        if stats.pixels > 0 and (sparse_read or stats.lost_line):
            sparse.append((cell, spill, not sparse_read))
        cells.append(cell)
    header_rows = header_row_count(grid)
    if options.rereads:
        _reread_cells(cells, sparse, header_rows, image, options, {} if reads is None else reads)
    return PageTable(
        page=page.number,
        bbox=grid.bbox,
        rows=list(grid.rows),
        cols=list(grid.cols),
        cells=cells,
        header_rows=header_rows,
    )


def _reread_cells(
    cells: list[PageCell],
    sparse: list[tuple[PageCell, bool, bool]],
    header_rows: int,
    image: np.ndarray,
    options: Options,
    reads: ReadCache,
) -> None:
    """Read again, in one Tesseract call, the sparse cells (spilled or with a lost line) and the
    body cells read with low confidence; then the Thai-only re-read of Latin junk."""
    chosen = {id(cell) for cell, _, _ in sparse}
    doubtful = [
        c for c in cells
        if c.row >= header_rows and id(c) not in chosen and c.spans
        and c.confidence < LOW_CONFIDENCE and _letters(c.text)
    ]
    batch: list[Box] = [_box(cell.bbox) for cell, _, _ in sparse]  # all read in one call
    batch += [_box(cell.bbox) for cell in doubtful]
    for cell, spill, lost in sparse:
        try:
            _reocr(cell, image, options, prefer=spill, cache=reads, batch=batch,
                   gain=LOST_LINE_GAIN if lost else 1)
        except Exception as exc:  # a cell re-read must never sink the page
            log.warning("re-OCR of cell (%d,%d) failed: %s", cell.row, cell.col, exc)
    for cell in doubtful:
        try:
            _reread_doubtful(cell, image, options, reads, batch)
        except Exception as exc:  # a cell re-read must never sink the page
            log.warning("re-OCR of cell (%d,%d) failed: %s", cell.row, cell.col, exc)
    try:
        _reread_latin_junk([c for c in cells if c.row >= header_rows], image, options)
    except Exception as exc:  # a cell re-read must never sink the page
        log.warning("Thai-only re-OCR of cells failed: %s", exc)


_LATIN = re.compile(r"[A-Za-z]")
_LATIN_WORD = re.compile(r"[A-Za-z]+")
# A Latin word of 3-5 letters standing among Thai (not next to another Latin word: "No Gift
# Policy" is English): Thai strokes read as Latin. Shorter runs are mostly Thai digits ("go" for
# ๙๐, another reader's business), longer ones real words.
# An acronym in brackets after its Thai name ("(ITA)") is not junk either.
_LATIN_JUNK = re.compile(r"(?<![A-Za-z][\s().,:;'\"-])(?<![A-Za-z])(?<!\()[A-Za-z]{3,5}"
                         r"(?![A-Za-z])(?![\s().,:;'\"-][A-Za-z])")
# A lone pair of capitals among Thai ("๘ AN จาก" for "๘ ครั้ง จาก") is junk as well: Thai
# digits read as Latin come out in lowercase ("go" for ๙๐).
# The pair must stand as a word of its own ("!แBA" inside a line of scribble debris is no
# misread word: read again, such debris only turns into Thai debris).
_CAPITAL_PAIR = re.compile(r"(?<![A-Za-z]\s)(?<![^\s\d])[A-Z]{2}(?!\S)(?!\s[A-Za-z])")
# A run of Latin words holding a lowercase word of one or two letters that is no English word
# ("ay lo ASN" for "ละ ๒ ครั้ง") is junk too, when the run has a longer word.
_LATIN_RUN = re.compile(r"[A-Za-z]+(?:[\s.,:;'\"-]+[A-Za-z]+)+")
_ENGLISH_SHORT = frozenset(
    ("a", "an", "as", "at", "be", "by", "do", "e", "if", "in", "is", "it", "no", "of", "on", "or",
     "so", "to", "up", "us", "we")
)
_THAI_LETTER = re.compile(r"[\u0e01-\u0e2e]")
THAI_TABLE = 0.8  # share of a table's letters that are Thai for its Latin reads to be junk
THAI_KEPT = 0.9  # a Thai-only read must keep this share of the cell's Thai letters


def has_latin_junk(text: str) -> bool:
    """Whether a text of a Thai table holds Latin junk: a lone Latin word of 3-5 letters or of
    two capitals, or a run of Latin words with a stray short lowercase one and a longer one."""
    if _LATIN_JUNK.search(text) or _CAPITAL_PAIR.search(text):
        return True
    for run in _LATIN_RUN.finditer(text):
        words = _LATIN_WORD.findall(run.group())
        stray = any(len(w) <= 2 and w.islower() and w not in _ENGLISH_SHORT for w in words)
        if stray and any(len(w) >= 3 for w in words):
            return True
    return False


def latin_junk_cells(cells: Sequence[PageCell]) -> list[PageCell]:
    """The cells of a Thai table whose text holds a lone Latin word of 3-5 letters: in a table
    whose letters are nearly all Thai, those are Thai words the tha+eng OCR read as Latin
    ("ปี ay ๒ ASN" for "ปีละ ๒ ครั้ง"); an English phrase ("No Gift Policy") is not junk."""
    text = "".join(cell.text for cell in cells)
    thai, latin = len(_THAI_LETTER.findall(text)), len(_LATIN.findall(text))
    if thai == 0 or thai < THAI_TABLE * (thai + latin):
        return []
    return [cell for cell in cells if has_latin_junk(cell.text)]


def better_thai_read(old: str, new: str) -> bool:
    """Whether a Thai-only read `new` of a cell beats `old`: fewer Latin letters, as many Thai
    letters (THAI_KEPT: no line lost)."""
    if not new.strip():
        return False
    old_latin, new_latin = len(_LATIN.findall(old)), len(_LATIN.findall(new))
    old_thai, new_thai = len(_THAI_LETTER.findall(old)), len(_THAI_LETTER.findall(new))
    return new_latin < old_latin and new_thai >= THAI_KEPT * old_thai


def merged_read(old: str, new: str) -> str:
    """The Thai-only read `new` where `old` has Latin junk: line by line when both have the same
    lines (the old read's clean lines keep their marks), else `new` whole."""
    old_lines, new_lines = old.split("\n"), new.split("\n")
    if len(old_lines) != len(new_lines):
        return new
    return "\n".join(
        n if has_latin_junk(o) else o for o, n in zip(old_lines, new_lines, strict=True)
    )


def _reread_latin_junk(cells: Sequence[PageCell], image: np.ndarray, options: Options) -> None:
    """Re-read with the Thai model alone the body cells of a Thai table holding Latin junk, in
    one Tesseract call, and keep each read that beats the cell's text (better_thai_read)."""
    junk = latin_junk_cells(cells)
    if not junk or "tha" not in options.lang.split("+"):
        return
    cache: ReadCache = {}
    read_cells(image, [_box(cell.bbox) for cell in junk], options, cache, lang="tha")
    for cell in junk:
        lines = cache.get(_box(cell.bbox))
        if not lines:
            continue
        text = "\n".join(line.text_raw.strip() for line in lines if line.text_raw.strip())
        text = merged_read(cell.text, text)
        if better_thai_read(cell.text, text):
            cell.text = text
            cell.spans = []
            cell.reocr = True
            confs = [line.confidence for line in lines]
            cell.confidence = sum(confs) / len(confs) if confs else 0.0


LOW_CONFIDENCE = 82.0  # a body cell the page OCR read below this mean confidence is re-read...
CONFIDENCE_GAIN = 2.0  # ...and the re-read taken when it is this much surer and loses nothing
ADDED_LETTERS = 1.1  # a re-read of a doubtful cell may hold this many times its letters (+2)
MARKS_KEPT = 0.85  # and must keep this share of its Thai vowel and tone marks
_THAI_MARK = re.compile(r"[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")
LINE_KEPT = 60.0  # partial similarity an old line of text needs in the re-read to count as kept
_LEADING_NUMBER = re.compile(r"^\s*[(\[]?\s*[0-9\u0e50-\u0e59]{1,2}\s*[.):,]")


def surer_read(old: str, old_confidence: float, new: str, new_confidence: float) -> bool:
    """Whether the crop re-read `new` of a cell the page OCR read with little confidence beats
    `old`: CONFIDENCE_GAIN surer, not longer (ADDED_LETTERS), its Thai marks kept (MARKS_KEPT),
    every line of `old` with three Thai letters or more still in it (no line lost) and a
    leading measure number ("๓.") still read as one."""
    if not new.strip() or new_confidence < old_confidence + CONFIDENCE_GAIN:
        return False
    if _letters(new) > ADDED_LETTERS * _letters(old) + 2:
        return False  # a misread is mended, not text added (debris of a mark read as lines)
    if len(_THAI_MARK.findall(new)) < MARKS_KEPT * len(_THAI_MARK.findall(old)):
        return False  # the crop read drops vowel and tone marks
    if _LEADING_NUMBER.match(old) and not _LEADING_NUMBER.match(new):
        return False
    new_lines = [line for line in new.split("\n") if line.strip()]
    for line in old.split("\n"):
        if len(_THAI_LETTER.findall(line)) < 3:
            continue
        if not any(fuzz.partial_ratio(line.strip(), n) >= LINE_KEPT for n in new_lines):
            return False
    return True


def _reread_doubtful(
    cell: PageCell, image: np.ndarray, options: Options, cache: ReadCache, batch: Sequence[Box]
) -> None:
    """Re-read a cell the page OCR read with little confidence (with the page's other cell
    re-reads, one Tesseract call) and keep the read when surer_read says it is better."""
    key = _box(cell.bbox)
    read_cells(image, [key, *batch], options, cache)
    lines = cache.get(key)
    if not lines:
        return
    text = "\n".join(line.text_raw.strip() for line in lines if line.text_raw.strip())
    confidence = sum(line.confidence for line in lines) / len(lines)
    if surer_read(cell.text, cell.confidence, text, confidence):
        log.debug("cell (%d,%d): %r re-read as %r", cell.row, cell.col, cell.text, text)
        cell.text = text
        cell.spans = []
        cell.reocr = True
        cell.confidence = confidence


def _spills(word_box: Sequence[int], cell_box: Sequence[int], dpi: int) -> bool:
    """Whether an OCR word runs well across the cell's side (it glued text of two cells)."""
    slack = dpi // 10
    return word_box[0] < cell_box[0] - slack or word_box[2] > cell_box[2] + slack


# ----------------------------------------------------------------------------- output


def table_csv(table: Table) -> str:
    """The table as CSV: the header row then the body rows (RFC 4180, \\r\\n line ends)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if table.header:
        writer.writerow(table.header)
    for row in table.rows:
        writer.writerow(row)
    return buffer.getvalue()
