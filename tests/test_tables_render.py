"""Ruled tables drawn with OpenCV: exact grid, merged header, check mark from ink, CSV."""

from __future__ import annotations

import pickle

import cv2
import numpy as np
import pytest

from digitizer import tables
from digitizer.model import Page, Table
from digitizer.options import Options

XS = [300, 800, 1400, 1700, 2000, 2300]
YS = [400, 520, 700, 1300, 1900]


def _status_table_image(mark_at: tuple[int, int]) -> np.ndarray:
    img = np.full((3000, 2500), 235, np.uint8)
    black = 20
    for y in (YS[0], YS[2], YS[3], YS[4]):
        cv2.line(img, (XS[0], y), (XS[-1], y), black, 4)
    cv2.line(img, (XS[2], YS[1]), (XS[-1], YS[1]), black, 4)  # under the spanning heading
    for x in (XS[0], XS[1], XS[2], XS[-1]):
        cv2.line(img, (x, YS[0]), (x, YS[-1]), black, 4)
    for x in (XS[3], XS[4]):
        cv2.line(img, (x, YS[1]), (x, YS[-1]), black, 4)
    row, col = mark_at
    cx, cy = (XS[col] + XS[col + 1]) // 2, (YS[row] + YS[row + 1]) // 2
    cv2.line(img, (cx - 15, cy + 30), (cx + 15, cy - 30), black, 5)  # a "/" mark
    rng = np.random.default_rng(7)
    for _ in range(60):  # dust specks
        x, y = int(rng.integers(0, 2500)), int(rng.integers(0, 3000))
        cv2.circle(img, (x, y), 2, 60, -1)
    return img


def _page() -> Page:
    return Page(number=3, width=2500, height=3000, dpi=300)


@pytest.fixture(autouse=True)
def _no_reocr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tables, "_reocr", lambda *a, **k: None)


def test_status_table_grid_and_mark() -> None:
    found = tables.detect_page_tables(_status_table_image((3, 3)), _page(), options=Options())
    assert len(found) == 1
    table = found[0]
    assert table.page == 3
    assert all(abs(a - b) <= 3 for a, b in zip(table.rows, YS, strict=True))
    assert all(abs(a - b) <= 3 for a, b in zip(table.cols, XS, strict=True))
    spans = [(c.row, c.col, c.rowspan, c.colspan) for c in table.cells]
    assert spans[:6] == [(0, 0, 2, 1), (0, 1, 2, 1), (0, 2, 1, 3), (1, 2, 1, 1), (1, 3, 1, 1),
                         (1, 4, 1, 1)]
    assert table.header_rows == 2
    marked = [(c.row, c.col) for c in table.cells if c.marked]
    assert marked == [(3, 3)]
    assert pickle.loads(pickle.dumps(table)) == table  # crosses the worker boundary


def test_page_without_rules_has_no_table() -> None:
    img = np.full((1500, 1200), 240, np.uint8)
    for y in range(100, 1400, 60):  # lines of "text": short dark blobs
        for x in range(100, 1100, 90):
            cv2.rectangle(img, (x, y), (x + 60, y + 30), 30, -1)
    assert tables.detect_page_tables(img, Page(number=1, width=1200, height=1500, dpi=300),
                                     options=Options()) == []


def test_table_csv_quotes_and_lines() -> None:
    table = Table(page=1, bbox=[0, 0, 1, 1], header=["มาตรการ", "ผู้รับผิดชอบ"],
                  rows=[["๑. ทดสอบ, หนึ่ง", "สำนักปลัด\nกองคลัง"]])
    assert tables.table_csv(table) == (
        'มาตรการ,ผู้รับผิดชอบ\r\n"๑. ทดสอบ, หนึ่ง","สำนักปลัด\nกองคลัง"\r\n'
    )


def test_words_read_in_a_cell_without_ink_are_dropped() -> None:
    """Tesseract "reads" photocopy speckle in an empty cell: a cell with no glyph-sized ink
    keeps no text, while a cell with real ink keeps its words."""
    from digitizer.model import Line, Word

    def line(text: str, box: list[int]) -> Line:
        return Line(text_raw=text, text=text, bbox=box, confidence=40.0,
                    words=[Word(text=text, bbox=box, confidence=40.0)])

    image = _status_table_image((3, 3))
    speck_cell = [XS[1] + 40, YS[2] + 40, XS[1] + 400, YS[2] + 100]  # row 2, col 1: only dust
    mark_cell = [XS[3] + 100, YS[3] + 230, XS[3] + 200, YS[3] + 370]  # row 3, col 3: the "/"
    lines = [line("โอระตะรงะ", speck_cell), line("/", mark_cell)]
    page = _page().model_copy(update={"lines": lines, "text_raw": "โอระตะรงะ\n/"})
    table = tables.detect_page_tables(image, page, options=Options())[0]
    texts = {(c.row, c.col): c.text for c in table.cells}
    assert texts[(2, 1)] == ""
    assert texts[(3, 3)] == "/"


def test_a_cell_without_ink_is_not_re_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """Re-OCR of a cell that holds only dust makes text up: such cells are not re-read."""
    seen: list[tuple[int, int]] = []
    monkeypatch.setattr(tables, "_reocr", lambda cell, *a, **k: seen.append((cell.row, cell.col)))
    image = _status_table_image((3, 3))
    for dx in (60, 200):  # two toner flecks bigger than dust in row 2, column 1
        x, y = XS[1] + dx, YS[2] + 80
        cv2.rectangle(image, (x, y), (x + 12, y + 4), 20, -1)
    found = tables.detect_page_tables(image, _page(), options=Options())
    assert len(found) == 1
    assert seen == [(3, 3)]  # only the cell with the "/" mark has ink to read


def _one_row_image(xs: list[int], ys: tuple[int, int]) -> np.ndarray:
    img = np.full((3000, 2500), 235, np.uint8)
    for y in ys:
        cv2.line(img, (xs[0], y), (xs[-1], y), 20, 4)
    for x in xs:
        cv2.line(img, (x, ys[0]), (x, ys[1]), 20, 4)
    for x0 in xs[:-1]:  # a few glyph-sized blobs per cell
        for k in range(3):
            cv2.rectangle(img, (x0 + 40 + 60 * k, ys[0] + 60), (x0 + 80 + 60 * k, ys[0] + 110),
                          30, -1)
    return img


def test_a_lone_row_continuing_a_table_is_a_one_row_grid() -> None:
    xs = [300, 800, 1400, 1700, 2000]
    found = tables.detect_page_tables(_one_row_image(xs, (300, 900)), _page(), options=Options())
    assert len(found) == 1
    table = found[0]
    assert all(abs(a - b) <= 3 for a, b in zip(table.rows, [300, 900], strict=True))
    assert all(abs(a - b) <= 3 for a, b in zip(table.cols, xs, strict=True))
    assert [(c.row, c.col, c.rowspan, c.colspan) for c in table.cells] == [
        (0, 0, 1, 1), (0, 1, 1, 1), (0, 2, 1, 1), (0, 3, 1, 1)]
    assert table.header_rows == 1


def test_a_framed_box_of_two_columns_is_no_table() -> None:
    found = tables.detect_page_tables(_one_row_image([300, 1200, 2000], (300, 900)), _page(),
                                      options=Options())
    assert found == []
