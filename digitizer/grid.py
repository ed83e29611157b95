"""Pure table geometry: ruling segments -> a cell grid with merged (spanning) cells.

Everything here works on plain numbers (segments and boxes in page pixels), so it is tested on
synthetic boxes; the image side (finding the segments) lives in `digitizer.tables`.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

log = logging.getLogger(__name__)

Box = tuple[int, int, int, int]


@dataclass(frozen=True)
class HSeg:
    """A horizontal rule: from x0 to x1 at height y."""

    x0: int
    x1: int
    y: int


@dataclass(frozen=True)
class VSeg:
    """A vertical rule: from y0 to y1 at abscissa x."""

    y0: int
    y1: int
    x: int


@dataclass(frozen=True)
class GridCell:
    """One cell of a grid, possibly spanning several rows and columns; bbox in page pixels."""

    row: int
    col: int
    rowspan: int
    colspan: int
    bbox: Box


@dataclass(frozen=True)
class Grid:
    """Row and column boundaries (n+1 positions each) and the merged cells covering the grid."""

    rows: tuple[int, ...]
    cols: tuple[int, ...]
    cells: tuple[GridCell, ...]

    @property
    def n_rows(self) -> int:
        """Number of grid rows (before merging)."""
        return len(self.rows) - 1

    @property
    def n_cols(self) -> int:
        """Number of grid columns (before merging)."""
        return len(self.cols) - 1

    @property
    def bbox(self) -> Box:
        """The outer box of the grid."""
        return (self.cols[0], self.rows[0], self.cols[-1], self.rows[-1])

    def cell_at(self, row: int, col: int) -> GridCell | None:
        """The (merged) cell covering grid position (row, col)."""
        for cell in self.cells:
            inside_rows = cell.row <= row < cell.row + cell.rowspan
            if inside_rows and cell.col <= col < cell.col + cell.colspan:
                return cell
        return None


def cluster_positions(values: Sequence[float], tolerance: float) -> list[int]:
    """Group close positions (within `tolerance` of the previous one) and return the group means."""
    if not values:
        return []
    ordered = sorted(values)
    groups: list[list[float]] = [[ordered[0]]]
    for value in ordered[1:]:
        if value - groups[-1][-1] <= tolerance:
            groups[-1].append(value)
        else:
            groups.append([value])
    return [round(sum(group) / len(group)) for group in groups]


def coverage(intervals: Sequence[tuple[float, float]], lo: float, hi: float) -> float:
    """Fraction of [lo, hi) covered by the union of `intervals`."""
    if hi <= lo:
        return 0.0
    clipped = sorted((max(a, lo), min(b, hi)) for a, b in intervals if b > lo and a < hi)
    covered = 0.0
    cursor = lo
    for a, b in clipped:
        if b <= cursor:
            continue
        covered += b - max(a, cursor)
        cursor = b
    return covered / (hi - lo)


class _UnionFind:
    """Disjoint sets over grid positions, used to merge cells that have no rule between them."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, item: int) -> int:
        """Root of the set holding `item`."""
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a: int, b: int) -> None:
        """Join the sets of a and b."""
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _intervals_near_h(hsegs: Sequence[HSeg], y: int, tol: float) -> list[tuple[float, float]]:
    return [(s.x0, s.x1) for s in hsegs if abs(s.y - y) <= tol]


def _intervals_near_v(vsegs: Sequence[VSeg], x: int, tol: float) -> list[tuple[float, float]]:
    return [(s.y0, s.y1) for s in vsegs if abs(s.x - x) <= tol]


def build_grid(
    hsegs: Sequence[HSeg],
    vsegs: Sequence[VSeg],
    *,
    tolerance: float = 12.0,
    min_coverage: float = 0.6,
    min_gap: int = 15,
) -> Grid | None:
    """Build the cell grid of one table from its rules; None when there is no 2x1 grid at least.

    Row boundaries are the clustered heights of horizontal rules, column boundaries the clustered
    abscissae of vertical rules. Two neighbouring grid positions belong to one merged cell when
    the rule between them covers less than `min_coverage` of their common side.
    """
    rows = _drop_close(cluster_positions([s.y for s in hsegs], tolerance), min_gap,
                       lambda y: _ruled_length(_intervals_near_h(hsegs, y, tolerance)))
    cols = _drop_close(cluster_positions([s.x for s in vsegs], tolerance), min_gap,
                       lambda x: _ruled_length(_intervals_near_v(vsegs, x, tolerance)))
    if len(rows) < 2 or len(cols) < 2:
        return None
    # A boundary is real only if its rule closes at least one whole cell side: this drops
    # scanner streaks and stray strokes that merely touch the table.
    cols = _keep_boundaries(cols, rows, lambda x: _intervals_near_v(vsegs, x, tolerance))
    rows = _keep_boundaries(rows, cols, lambda y: _intervals_near_h(hsegs, y, tolerance))
    for _ in range(2):
        rows = _trim_edges(rows, cols, lambda x: _intervals_near_v(vsegs, x, tolerance),
                           min_coverage)
        cols = _trim_edges(cols, rows, lambda y: _intervals_near_h(hsegs, y, tolerance),
                           min_coverage)
    if len(rows) < 2 or len(cols) < 2:
        return None
    n_rows, n_cols = len(rows) - 1, len(cols) - 1
    uf = _UnionFind(n_rows * n_cols)
    for r in range(n_rows):
        for c in range(n_cols):
            if c + 1 < n_cols:
                side = _intervals_near_v(vsegs, cols[c + 1], tolerance)
                if coverage(side, rows[r], rows[r + 1]) < min_coverage:
                    uf.union(r * n_cols + c, r * n_cols + c + 1)
            if r + 1 < n_rows:
                side = _intervals_near_h(hsegs, rows[r + 1], tolerance)
                if coverage(side, cols[c], cols[c + 1]) < min_coverage:
                    uf.union(r * n_cols + c, (r + 1) * n_cols + c)
    members: dict[int, list[tuple[int, int]]] = {}
    for r in range(n_rows):
        for c in range(n_cols):
            members.setdefault(uf.find(r * n_cols + c), []).append((r, c))
    cells: list[GridCell] = []
    for positions in members.values():
        r0 = min(p[0] for p in positions)
        r1 = max(p[0] for p in positions) + 1
        c0 = min(p[1] for p in positions)
        c1 = max(p[1] for p in positions) + 1
        if len(positions) != (r1 - r0) * (c1 - c0):
            log.debug("non-rectangular merged cell at (%d,%d); kept as its bounding box", r0, c0)
        cells.append(GridCell(r0, c0, r1 - r0, c1 - c0, (cols[c0], rows[r0], cols[c1], rows[r1])))
    cells.sort(key=lambda cell: (cell.row, cell.col))
    return Grid(tuple(rows), tuple(cols), tuple(_dedupe_overlaps(cells)))


def _keep_boundaries(
    positions: list[int],
    across: list[int],
    intervals_at: Callable[[int], list[tuple[float, float]]],
    *,
    full: float = 0.85,
) -> list[int]:
    """Keep the outer boundaries and every inner one whose rule covers some whole interval."""
    if len(positions) <= 2:
        return positions
    kept = [positions[0]]
    for pos in positions[1:-1]:
        spans = intervals_at(pos)
        if any(coverage(spans, a, b) >= full for a, b in itertools.pairwise(across)):
            kept.append(pos)
    kept.append(positions[-1])
    return kept


def _trim_edges(
    positions: list[int],
    across: list[int],
    intervals_at: Callable[[int], list[tuple[float, float]]],
    min_coverage: float,
) -> list[int]:
    """Drop first and last bands that neither outer border closes: rules outside the table that
    only a scanner streak or a stray stroke links to it (a header's dotted leaders)."""
    if len(across) < 2:
        return positions
    borders = (intervals_at(across[0]), intervals_at(across[-1]))

    def closed(a: int, b: int) -> bool:
        return any(coverage(side, a, b) >= min_coverage for side in borders)

    kept = list(positions)
    while len(kept) > 2 and not closed(kept[0], kept[1]):
        kept.pop(0)
    while len(kept) > 2 and not closed(kept[-2], kept[-1]):
        kept.pop()
    return kept


def _ruled_length(intervals: Sequence[tuple[float, float]]) -> float:
    """Total length the rules of one boundary draw (overlaps counted once)."""
    total, end = 0.0, float("-inf")
    for a, b in sorted(intervals):
        if b > end:
            total += b - max(a, end)
            end = b
    return total


def _drop_close(
    positions: list[int], min_gap: int, strength: Callable[[int], float] | None = None
) -> list[int]:
    """Of boundaries closer than `min_gap` (double rules, thick borders, a streak or stroke
    beside a rule) keep one: the first, or the one whose rules draw longer by `strength`."""
    kept: list[int] = []
    for pos in positions:
        if not kept or pos - kept[-1] >= min_gap:
            kept.append(pos)
        elif strength is not None and strength(pos) > strength(kept[-1]):
            kept[-1] = pos
    return kept


def _dedupe_overlaps(cells: list[GridCell]) -> list[GridCell]:
    """Keep the first cell covering each grid position (odd merges may overlap)."""
    taken: set[tuple[int, int]] = set()
    kept: list[GridCell] = []
    for cell in cells:
        spots = {
            (r, c)
            for r in range(cell.row, cell.row + cell.rowspan)
            for c in range(cell.col, cell.col + cell.colspan)
        }
        if spots & taken:
            continue
        taken |= spots
        kept.append(cell)
    return kept


def empty_columns(grid: Grid, has_content: Callable[[GridCell], bool]) -> list[int]:
    """Grid columns in which no cell confined to that column holds anything (streak columns)."""
    empty: list[int] = []
    for col in range(grid.n_cols):
        own = [cell for cell in grid.cells if cell.col == col and cell.colspan == 1]
        if not any(has_content(cell) for cell in own):
            empty.append(col)
    return empty


def weaker_side(grid: Grid, col: int, vsegs: Sequence[VSeg], tolerance: float) -> int:
    """Of the two boundaries of column `col`, the inner one its rules cover least (x position)."""
    top, bottom = grid.rows[0], grid.rows[-1]
    outer = (grid.cols[0], grid.cols[-1])
    candidates = [x for x in (grid.cols[col], grid.cols[col + 1]) if x not in outer]
    if not candidates:
        return -1
    return min(
        candidates, key=lambda x: coverage(_intervals_near_v(vsegs, x, tolerance), top, bottom)
    )


def header_row_count(grid: Grid) -> int:
    """Rows of the header: 1, or more while a first-row cell spans down (a two-level header)."""
    first = [cell for cell in grid.cells if cell.row == 0]
    if not first:
        return 0
    depth = max(cell.rowspan for cell in first)
    spanning_across = any(cell.colspan > 1 for cell in first)
    if depth > 1 and spanning_across and depth < grid.n_rows:
        return depth
    return 1


def contains_center(box: Box, word_box: Sequence[int]) -> bool:
    """Whether the centre of `word_box` falls inside `box`."""
    cx = (word_box[0] + word_box[2]) / 2
    cy = (word_box[1] + word_box[3]) / 2
    return box[0] <= cx < box[2] and box[1] <= cy < box[3]


def column_clusters(boxes: Sequence[Sequence[int]], *, min_gutter: int) -> list[tuple[int, int]]:
    """Columns of an unruled table: x-ranges split by vertical gutters >= `min_gutter` wide.

    Projects every box on the x axis and cuts where no box covers a run of `min_gutter` pixels.
    """
    spans = sorted((int(b[0]), int(b[2])) for b in boxes)
    if not spans:
        return []
    columns: list[list[int]] = [[spans[0][0], spans[0][1]]]
    for x0, x1 in spans[1:]:
        if x0 - columns[-1][1] >= min_gutter:
            columns.append([x0, x1])
        else:
            columns[-1][1] = max(columns[-1][1], x1)
    return [(a, b) for a, b in columns]
