"""Preprocessing and table reading order on synthetic images (no Tesseract)."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from digitizer import imaging, layout
from tests.conftest import glyph_run, tsv_rows


def _text_page(angle: float) -> np.ndarray:
    """White page with rows of dark 'words', rotated counter-clockwise by angle degrees."""
    page = np.full((1400, 1000), 255, dtype=np.uint8)
    rng = np.random.default_rng(7)
    for y in range(150, 1250, 45):
        x = 100
        while x < 880:
            w = int(rng.integers(30, 110))
            page[y : y + 22, x : x + w] = 20
            x += w + int(rng.integers(15, 30))
    return imaging.rotate_by(page, angle)


@pytest.mark.parametrize("angle", [3.0, -2.5, 0.6])
def test_skew_is_measured_and_undone(angle: float) -> None:
    page = _text_page(angle)
    assert imaging.estimate_skew(page) == pytest.approx(angle, abs=0.15)
    level, skew = imaging.deskew(page)
    assert skew == pytest.approx(angle, abs=0.15)
    assert abs(imaging.estimate_skew(level)) <= 0.15


def test_straight_and_blank_pages_are_left_alone() -> None:
    page = _text_page(0.0)
    level, skew = imaging.deskew(page)
    assert abs(skew) < imaging.MIN_SKEW and level is page
    blank = np.full((300, 200), 255, dtype=np.uint8)
    assert imaging.deskew(blank)[1] == 0.0


def test_quarter_turns_round_trip() -> None:
    page = np.arange(12, dtype=np.uint8).reshape(3, 4)
    assert imaging.rotate_quadrant(page, 90).shape == (4, 3)
    assert np.array_equal(imaging.rotate_quadrant(imaging.rotate_quadrant(page, 90), 270), page)
    assert np.array_equal(imaging.rotate_quadrant(page, 180), page[::-1, ::-1])
    with pytest.raises(ValueError):
        imaging.rotate_quadrant(page, 45)


def test_binarize_gives_two_levels() -> None:
    values = np.unique(imaging.binarize(_text_page(0.0)))
    assert set(values.tolist()) <= {0, 255}


def _ruled_table() -> np.ndarray:
    """A 2x2 ruled table (x 100..900, y 200..600) on a 300 dpi page, and a text bar above."""
    page = np.full((1000, 1000), 255, dtype=np.uint8)
    for y in (200, 400, 600):
        cv2.line(page, (100, y), (900, y), 0, 3)
    for x in (100, 500, 900):
        cv2.line(page, (x, 200), (x, 600), 0, 3)
    return page


def test_ruled_table_cells_are_found_in_reading_order() -> None:
    tables = imaging.find_table_cells(_ruled_table(), dpi=300)
    assert len(tables) == 1
    centres = [((c[0] + c[2]) // 200, (c[1] + c[3]) // 200) for c in tables[0]]
    assert centres == [(3, 3), (7, 3), (3, 5), (7, 5)]


def test_lines_are_read_cell_by_cell() -> None:
    tables = imaging.find_table_cells(_ruled_table(), dpi=300)
    # Tesseract reads across the row: "หนึ่ง" + "สอง" on one line, then the next lines
    row1 = glyph_run("หนึ่ง", left=120, top=220) + glyph_run("สอง", left=520, top=220)
    row1b = glyph_run("ต่อ", left=120, top=280) + glyph_run("ท้าย", left=520, top=280)
    row2 = glyph_run("สาม", left=120, top=420) + glyph_run("สี่", left=520, top=420)
    title = glyph_run("หัว", left=120, top=100)
    lines = layout.lines_from_tsv(tsv_rows([title, row1, row1b, row2]))
    assert [ln.text_raw for ln in lines] == ["หัว", "หนึ่ง สอง", "ต่อ ท้าย", "สาม สี่"]
    ordered = layout.order_by_tables(lines, tables)
    assert [ln.text_raw for ln in ordered] == ["หัว", "หนึ่ง", "ต่อ", "สอง", "ท้าย", "สาม", "สี่"]


def test_no_table_keeps_tesseract_order() -> None:
    lines = layout.lines_from_tsv(
        tsv_rows([glyph_run("ข", left=0, top=500), glyph_run("ก", left=0, top=0)])
    )
    assert [ln.text_raw for ln in layout.order_by_tables(lines, [])] == ["ข", "ก"]
    assert imaging.find_table_cells(np.full((500, 500), 255, dtype=np.uint8), dpi=300) == []


def test_faint_streaks_are_lightened_but_rules_and_text_kept() -> None:
    page = np.full((600, 400), 240, dtype=np.uint8)
    page[100:130, 50:350] = 30  # a line of text
    page[:, 200:202] = 180  # a faint scanner streak down the whole page
    page[:, 300:303] = 20  # a black rule down the whole page
    clean = imaging.remove_streaks(page)
    assert clean[300, 200] == 240 and clean[300, 201] == 240
    assert clean[300, 301] == 20
    assert clean[115, 100] == 30
    untouched = np.full((50, 50), 240, dtype=np.uint8)
    assert imaging.remove_streaks(untouched) is untouched


def test_a_word_running_across_a_rule_is_split_between_the_cells() -> None:
    tables = imaging.find_table_cells(_ruled_table(), dpi=300)
    cells = [cell for table in tables for cell in table]
    # "กขค" ends just left of the rule at x=500, "งจ" starts right after it, no visible gap
    run = glyph_run("กขคงจ", left=410, top=220)
    lines = layout.lines_from_tsv(tsv_rows([run]), cells=cells)
    assert [w.text for w in lines[0].words] == ["กขค", "งจ"]
    ordered = layout.order_by_tables(lines, tables)
    assert [ln.text_raw for ln in ordered] == ["กขค", "งจ"]
