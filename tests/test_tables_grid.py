"""Pure grid geometry on synthetic rules: exact grids, merged cells, streaks ignored."""

from __future__ import annotations

from digitizer.grid import (
    GridCell,
    HSeg,
    VSeg,
    build_grid,
    cluster_positions,
    column_clusters,
    coverage,
    empty_columns,
    header_row_count,
)


def _full_grid(xs: list[int], ys: list[int]) -> tuple[list[HSeg], list[VSeg]]:
    hsegs = [HSeg(xs[0], xs[-1], y) for y in ys]
    vsegs = [VSeg(ys[0], ys[-1], x) for x in xs]
    return hsegs, vsegs


def test_cluster_positions_groups_close_values() -> None:
    assert cluster_positions([10, 12, 11, 50, 52, 100], 5) == [11, 51, 100]
    assert cluster_positions([], 5) == []


def test_coverage_of_union() -> None:
    assert coverage([(0, 5), (3, 8)], 0, 10) == 0.8
    assert coverage([(20, 30)], 0, 10) == 0.0
    assert coverage([(0, 10)], 5, 5) == 0.0


def test_plain_grid_is_exact() -> None:
    hsegs, vsegs = _full_grid([100, 300, 600], [50, 120, 400, 700])
    grid = build_grid(hsegs, vsegs)
    assert grid is not None
    assert grid.rows == (50, 120, 400, 700)
    assert grid.cols == (100, 300, 600)
    assert [(c.row, c.col, c.rowspan, c.colspan) for c in grid.cells] == [
        (0, 0, 1, 1), (0, 1, 1, 1), (1, 0, 1, 1), (1, 1, 1, 1), (2, 0, 1, 1), (2, 1, 1, 1)
    ]
    assert grid.cells[3].bbox == (300, 120, 600, 400)
    assert header_row_count(grid) == 1


def test_two_level_header_with_spanning_cells() -> None:
    xs, ys = [0, 200, 500, 600, 700, 800], [0, 60, 160, 500]
    hsegs = [HSeg(0, 800, 0), HSeg(500, 800, 60), HSeg(0, 800, 160), HSeg(0, 800, 500)]
    vsegs = [VSeg(0, 500, x) for x in (0, 200, 500, 800)] + [VSeg(60, 500, 600), VSeg(60, 500, 700)]
    grid = build_grid(hsegs, vsegs)
    assert grid is not None
    assert grid.cols == tuple(xs) and grid.rows == tuple(ys)
    spans = [(c.row, c.col, c.rowspan, c.colspan) for c in grid.cells]
    assert spans == [
        (0, 0, 2, 1), (0, 1, 2, 1), (0, 2, 1, 3),
        (1, 2, 1, 1), (1, 3, 1, 1), (1, 4, 1, 1),
        (2, 0, 1, 1), (2, 1, 1, 1), (2, 2, 1, 1), (2, 3, 1, 1), (2, 4, 1, 1),
    ]
    assert header_row_count(grid) == 2
    assert grid.cell_at(1, 0) == GridCell(0, 0, 2, 1, (0, 0, 200, 160))


def test_streak_touching_the_table_is_not_a_column() -> None:
    hsegs, vsegs = _full_grid([100, 400, 700], [100, 200, 600])
    streak = [VSeg(80, 150, 550), VSeg(420, 470, 552)]  # broken scanner streak
    grid = build_grid(hsegs, vsegs + streak)
    assert grid is not None
    assert grid.cols == (100, 400, 700)


def test_stroke_just_before_a_rule_does_not_take_its_place() -> None:
    # a short stroke 18 px left of a full column rule (closer than min_gap): the rule wins
    hsegs, vsegs = _full_grid([355, 770, 1395, 1660, 2245], [296, 472, 1122])
    stroke = [VSeg(950, 1112, 1377)]
    grid = build_grid(hsegs, vsegs + stroke, tolerance=12, min_gap=20)
    assert grid is not None
    assert grid.cols == (355, 770, 1395, 1660, 2245)


def test_close_rules_of_equal_length_keep_the_first() -> None:
    hsegs, vsegs = _full_grid([100, 400, 700], [100, 200, 600])
    double = [VSeg(100, 600, 410)]
    grid = build_grid(hsegs, vsegs + double, tolerance=5, min_gap=15)
    assert grid is not None
    assert grid.cols == (100, 400, 700)


def test_no_grid_without_two_rules_each_way() -> None:
    assert build_grid([HSeg(0, 100, 10)], [VSeg(0, 100, 5), VSeg(0, 100, 90)]) is None


def test_empty_columns_found() -> None:
    hsegs, vsegs = _full_grid([0, 100, 120, 300], [0, 50, 100])
    grid = build_grid(hsegs, vsegs, min_gap=10)
    assert grid is not None and grid.n_cols == 3
    assert empty_columns(grid, lambda cell: cell.col != 1) == [1]


def test_column_clusters_split_on_gutters() -> None:
    boxes = [(0, 0, 50, 10), (40, 20, 90, 30), (200, 0, 260, 10), (210, 20, 300, 30)]
    assert column_clusters(boxes, min_gutter=40) == [(0, 90), (200, 300)]


def test_header_leaders_linked_by_a_streak_are_not_table_rows() -> None:
    xs, ys = [100, 300, 600, 900], [500, 560, 700, 840]
    hsegs, vsegs = _full_grid(xs, ys)
    # dotted leaders of the memo header above the table, and a scanner streak from the page top
    # through the table that links them to it (just inside the right border)
    hsegs += [HSeg(700, 905, 200), HSeg(700, 905, 260), HSeg(250, 905, 400)]
    vsegs += [VSeg(20, 800, 880)]
    grid = build_grid(hsegs, vsegs)
    assert grid is not None
    assert grid.rows == (500, 560, 700, 840)
    assert grid.cols == (100, 300, 600, 880, 900)
    # a frame broken on one side still keeps its rows
    broken = [v for v in vsegs if v.x != 100] + [VSeg(500, 600, 100)]
    kept = build_grid(hsegs[:4], broken)
    assert kept is not None and kept.rows == (500, 560, 700, 840)
