"""A text line of a cell that the page OCR dropped is seen in the ink outside the word boxes."""

from __future__ import annotations

import numpy as np

from digitizer.checkmarks import cell_ink, lost_line

DPI = 300


def _cell_with_lines(n: int) -> tuple[np.ndarray, list[tuple[int, int, int, int]]]:
    """A 255-is-ink page with a cell (100..700, 100..500) holding n text-like lines (rows of
    letter blobs 30 px tall), and the box of each line."""
    ink = np.zeros((600, 800), dtype=np.uint8)
    boxes = []
    for k in range(n):
        top = 130 + 70 * k
        for x in range(130, 530, 24):  # letters 16 px wide, 8 px apart
            ink[top : top + 30, x : x + 16] = 255
        boxes.append((125, top - 5, 535, top + 35))
    return ink, boxes


def test_a_dropped_line_is_lost_ink() -> None:
    ink, boxes = _cell_with_lines(4)
    stats = cell_ink(ink, (100, 100, 700, 500), dpi=DPI, word_boxes=[boxes[0], *boxes[2:]])
    assert stats.lost_line is True
    assert round(stats.covered, 2) == 0.75


def test_all_lines_read_or_a_mark_beside_them_is_no_lost_line() -> None:
    ink, boxes = _cell_with_lines(4)
    assert cell_ink(ink, (100, 100, 700, 500), dpi=DPI, word_boxes=boxes).lost_line is False
    ink[140:175, 600:612] = 255  # a short stroke (a mark or bracket) outside the words
    assert cell_ink(ink, (100, 100, 700, 500), dpi=DPI, word_boxes=boxes).lost_line is False
    assert cell_ink(ink, (100, 100, 700, 500), dpi=DPI).lost_line is False  # no OCR: not asked


def test_lost_line_needs_height_width_and_density() -> None:
    band = np.zeros((100, 400), dtype=bool)
    band[10:20, 0:300] = True  # 10 rows: thinner than a line (a rule remnant)
    assert lost_line(band, dpi=DPI) is False
    band[40:70, 0:300:40] = True  # a line tall and wide but nearly empty (specks)
    assert lost_line(band, dpi=DPI) is False
    band[40:70, 0:150] = True  # letters across half an inch
    assert lost_line(band, dpi=DPI) is True
