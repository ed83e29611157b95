"""digitizer.unit_cells: department names of the responsible column written as known units."""

from __future__ import annotations

from digitizer import unit_cells
from digitizer.finish import apply_to_page
from digitizer.model import Line, Page
from digitizer.tables import PageCell, PageTable

Box = tuple[int, int, int, int]


def _page(texts: list[tuple[str, list[int]]]) -> Page:
    lines = [Line(text_raw=t, text=t, bbox=box, confidence=70.0) for t, box in texts]
    text = "\n".join(t for t, _ in texts)
    return Page(number=1, width=2480, height=3508, dpi=300, text_raw=text, text=text, lines=lines)


def _cell(row: int, col: int, box: Box, text: str, spans: list[list[tuple[int, int, int]]]
          ) -> PageCell:
    return PageCell(row=row, col=col, rowspan=1, colspan=1, bbox=box, text=text, spans=spans)


def _table(cells: list[PageCell]) -> PageTable:
    return PageTable(1, (250, 1000, 1350, 1600), [1000, 1100, 1600], [250, 650, 1350], cells)


def test_units_of_a_responsible_cell_replace_their_misreads() -> None:
    page = _page([
        ("ผู้รับผิดชอบ", [700, 1010, 1000, 1050]),
        ("การสวัสดิการสังคม", [700, 1110, 1100, 1150]),
        ("กองคลัง'", [700, 1160, 900, 1200]),
    ])
    cells = [
        _cell(0, 0, (250, 1000, 650, 1100), "มาตรการ", []),
        _cell(0, 1, (650, 1000, 1350, 1100), "ผู้รับผิดชอบ", [[(0, 0, 12)]]),
        _cell(1, 1, (650, 1100, 1350, 1600), "การสวัสดิการสังคม\nกองคลัง'",
              [[(1, 0, 17)], [(2, 0, 8)]]),
    ]
    found = unit_cells.unit_corrections(page, [_table(cells)])
    assert [(c.start, c.end, c.suggestion, c.rule) for c in found] == [
        (13, 30, "กองสวัสดิการสังคม", "unit_name"),
        (31, 39, "กองคลัง", "unit_name"),
    ]
    apply_to_page(page, found)
    assert page.text == "ผู้รับผิดชอบ\nกองสวัสดิการสังคม\nกองคลัง"


def test_a_name_wrapped_over_two_lines_is_cut_where_the_read_breaks() -> None:
    assert unit_cells.unit_pieces(
        ["กองสาธารณสุขและสิ่งแวดล้อม"], ["กองสาธารณสุขและ", "กาสิ่งแวดล้อม"]
    ) == ["กองสาธารณสุขและ", "สิ่งแวดล้อม"]
    assert unit_cells.unit_pieces(["สำนักปลัด", "กองช่าง"], ["สำนักปลัด", "อังช่าง"]) == [
        "สำนักปลัด", "กองช่าง"
    ]


def test_cells_that_are_not_known_units_or_not_responsible_are_left() -> None:
    page = _page([
        ("ผู้รับผิดชอบ", [700, 1010, 1000, 1050]),
        ("คณะทำงานจัดทำแผน", [700, 1110, 1100, 1150]),
        ("ขั้นตอนหรือวิธีการ", [300, 1010, 600, 1050]),
        ("การสวัสดิการสังคม", [300, 1110, 600, 1150]),
    ])
    cells = [
        _cell(0, 0, (250, 1000, 650, 1100), "ขั้นตอนหรือวิธีการ", [[(2, 0, 18)]]),
        _cell(0, 1, (650, 1000, 1350, 1100), "ผู้รับผิดชอบ", [[(0, 0, 12)]]),
        _cell(1, 1, (650, 1100, 1350, 1600), "คณะทำงานจัดทำแผน", [[(1, 0, 16)]]),
        _cell(1, 0, (250, 1100, 650, 1600), "การสวัสดิการสังคม", [[(3, 0, 17)]]),
    ]
    assert unit_cells.unit_corrections(page, [_table(cells)]) == []
    assert unit_cells.responsible_column(_table(cells)) == 1
    assert unit_cells.responsible_column(_table(cells[:1])) is None
