"""Draw ruled or unruled tables: wrapped cells, spanning header cells, rows split over pages."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from samplegen import fonts
from samplegen.layout import MemoLayout
from samplegen.marks import MARK_TEXT, draw_mark

log = logging.getLogger(__name__)


@dataclass
class _Placed:
    """A header cell placed on the grid."""

    row: int
    col: int
    rowspan: int
    colspan: int
    lines: list[str]


def _cell_lines(lay: MemoLayout, cell: dict[str, Any], width: float, *, bold: bool) -> list[str]:
    """Wrap each paragraph of a cell into lines that fit `width`."""
    fnt = lay.body_bold if bold else lay.body
    return [ln for para in str(cell.get("text", "")).split("\n")
            for ln in (fonts.wrap(para, fnt, width) if para else [])]


class TableDrawer:
    """Print one truth-format table at the layout cursor, repeating the header on new pages."""

    def __init__(self, lay: MemoLayout, table: dict[str, Any], *,
                 repeat_header: bool = True) -> None:
        self.lay = lay
        self.repeat_header = repeat_header
        self.table = table
        self.ruled = bool(table.get("rules", True))  # False: an unruled table, wide gutters
        self.pad_x = lay.cm(0.19 if self.ruled else 0.4)
        self.pad_y = lay.cm(0.08 if self.ruled else 0.2)
        xs = [float(lay.left)]
        for frac in table["columns"]:
            xs.append(xs[-1] + frac * lay.text_w)
        xs[-1] = float(lay.right)
        self.xs = xs
        self.header = self._place_header()
        self.header_heights = self._header_heights()

    def _inner(self, col: int, span: int = 1) -> float:
        return self.xs[col + span] - self.xs[col] - 2 * self.pad_x

    def _place_header(self) -> list[_Placed]:
        rows = self.table["header"]
        ncol = len(self.table["columns"])
        taken = [[False] * ncol for _ in rows]
        placed: list[_Placed] = []
        for r, row in enumerate(rows):
            c = 0
            for cell in row:
                while taken[r][c]:
                    c += 1
                rs, cs = int(cell.get("rowspan", 1)), int(cell.get("colspan", 1))
                for rr in range(r, r + rs):
                    for cc in range(c, c + cs):
                        taken[rr][cc] = True
                lines = _cell_lines(self.lay, cell, self._inner(c, cs), bold=False)
                placed.append(_Placed(r, c, rs, cs, lines))
                c += cs
        return placed

    def _header_heights(self) -> list[float]:
        pitch = self.lay.pitch
        heights = [0.0] * len(self.table["header"])
        for cell in self.header:
            if cell.rowspan == 1:
                need = len(cell.lines) * pitch + 2 * self.pad_y
                heights[cell.row] = max(heights[cell.row], need)
        for cell in self.header:
            if cell.rowspan > 1:
                need = len(cell.lines) * pitch + 2 * self.pad_y
                have = sum(heights[cell.row:cell.row + cell.rowspan])
                if need > have:
                    heights[cell.row + cell.rowspan - 1] += need - have
        return heights

    def _box(self, x0: float, y0: float, x1: float, y1: float) -> None:
        if not self.ruled:
            return
        self.lay.draw.rectangle((x0, y0, x1, y1), outline=0, width=self.lay.rule)

    def draw_header(self) -> None:
        """Draw the header rows (bold, centred) at the cursor."""
        lay = self.lay
        top = lay.y
        offsets = [top + sum(self.header_heights[:i]) for i in range(len(self.header_heights) + 1)]
        for cell in self.header:
            x0, x1 = self.xs[cell.col], self.xs[cell.col + cell.colspan]
            y0, y1 = offsets[cell.row], offsets[cell.row + cell.rowspan]
            self._box(x0, y0, x1, y1)
            ty = y0 + (y1 - y0 - len(cell.lines) * lay.pitch) / 2
            for line in cell.lines:
                w = fonts.text_width(line, lay.body)
                lay.text_line(line, x0 + (x1 - x0 - w) / 2, ty, lay.body)
                ty += lay.pitch
        lay.y = offsets[-1]

    def _draw_segment(self, row: list[dict[str, Any]], parts: list[list[str]]) -> None:
        lay = self.lay
        height = max((len(p) for p in parts), default=0) * lay.pitch + 2 * self.pad_y
        for c, (cell, lines) in enumerate(zip(row, parts, strict=True)):
            x0, x1 = self.xs[c], self.xs[c + 1]
            self._box(x0, lay.y, x1, lay.y + height)
            ty = lay.y + self.pad_y
            for line in lines:
                mark = cell.get("mark")
                if mark and line == MARK_TEXT[mark]:
                    draw_mark(lay, mark, (x0 + x1) / 2, ty)
                    ty += lay.pitch
                    continue
                if cell.get("align") == "center":
                    x = x0 + (x1 - x0 - fonts.text_width(line, lay.body)) / 2
                else:
                    x = x0 + self.pad_x
                lay.text_line(line, x, ty, lay.body)
                ty += lay.pitch
        lay.y += height

    def draw(self) -> None:
        """Draw the whole table, splitting rows at page breaks."""
        lay = self.lay
        header_h = sum(self.header_heights)
        lay.ensure(header_h + 2 * lay.pitch + 2 * self.pad_y)
        self.draw_header()
        for row in self.table["rows"]:
            remaining = [_cell_lines(lay, cell, self._inner(c), bold=False)
                         for c, cell in enumerate(row)]
            while True:
                tallest = max(len(p) for p in remaining)
                need = tallest * lay.pitch + 2 * self.pad_y
                avail = lay.bottom - lay.y
                if need <= avail:
                    self._draw_segment(row, remaining)
                    break
                fit = int((avail - 2 * self.pad_y) / lay.pitch)
                if fit >= 2:
                    self._draw_segment(row, [p[:fit] for p in remaining])
                    remaining = [p[fit:] for p in remaining]
                    lay.page.split_row = True
                lay.new_page()
                if self.repeat_header:
                    self.draw_header()
        lay.y += round(lay.pitch * 0.3)
