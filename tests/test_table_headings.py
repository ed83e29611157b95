"""digitizer.table_headings: measures-table headings written as the genre writes them."""

from __future__ import annotations

import pytest

from digitizer import table_headings
from digitizer.finish import apply_to_page
from digitizer.model import Line, Page
from digitizer.tables import PageCell, PageTable


def _page(texts: list[tuple[str, list[int]]]) -> Page:
    lines = [Line(text_raw=t, text=t, bbox=box, confidence=70.0) for t, box in texts]
    text = "\n".join(t for t, _ in texts)
    return Page(number=1, width=2480, height=3508, dpi=300, text_raw=text, text=text, lines=lines)


Spans = list[list[tuple[int, int, int]]]
Box = tuple[int, int, int, int]


def _cell(col: int, box: Box, text: str, spans: Spans, row: int = 0) -> PageCell:
    return PageCell(row=row, col=col, rowspan=1, colspan=1, bbox=box, text=text, spans=spans)


def test_known_heading_and_its_split_over_visual_lines() -> None:
    assert table_headings.known_heading("การกำกับ ดิดูตาม") == "การกำกับติดตาม"
    assert table_headings.known_heading("ขันตอนหรือวิธีการ") == "ขั้นตอนหรือวิธีการ"
    assert table_headings.known_heading("สำนักปลัด") is None
    assert table_headings.known_heading("") is None
    assert table_headings.split_heading("การกำกับติดตาม", ["การกำกับ", "ดิดูตาม"]) == [
        "การกำกับ", "ติดตาม"
    ]
    assert table_headings.split_heading("มาตรการ", ["มาตรการ", "ะ 4 ๑9"]) == ["มาตรการ", ""]
    assert table_headings.split_heading("ผู้รับผิดชอบ", ["ผู้รับผิดซอบ"]) == ["ผู้รับผิดชอบ"]
    # a debris line gets nothing, a short wrapped line keeps its word, a cut never leaves a
    # mark at the start of a piece
    assert table_headings.split_heading("มาตรการ", ["ต", "มาตรการ"]) == ["", "มาตรการ"]
    assert table_headings.split_heading("ดำเนินการเสร็จเรียบร้อยแล้ว", ["ดำเนิน", "การเสร็จ",
                                        "เรียบร้อย", "( แล้ว"]) == [
        "ดำเนิน", "การเสร็จ", "เรียบร้อย", "แล้ว"
    ]
    assert table_headings.split_heading("อยู่ระหว่างดำเนินการ", ["อยู่", "วะหว่าง", "ดำเนิน",
                                        "การ"]) == ["อยู่", "ระหว่าง", "ดำเนิน", "การ"]
    assert table_headings.split_heading("ยังไม่ดำเนินการ", ["ยังไม", "ดำเนินการ"]) == [
        "ยังไม่", "ดำเนินการ"
    ]


def _measures_table() -> tuple[Page, PageTable]:
    page = _page([
        ("ะ 4 ๑9", [700, 1010, 800, 1050]),            # 0: debris in column 1
        ("ขันตอนหรือวิธีการ", [700, 1060, 1300, 1100]),  # 1
        ("ผู้รับผิดชอบ", [1400, 1010, 1700, 1050]),      # 2
        ("การกำกับ", [1800, 1010, 2100, 1050]),          # 3
        ("ดิดูตาม", [1800, 1060, 2100, 1100]),           # 4
        ("1. ลดขั้นตอน", [300, 1200, 600, 1250]),        # 5: a data row
    ])
    cells = [
        # column 0 was re-read (no spans) and its heading is not in the page text
        PageCell(row=0, col=0, rowspan=1, colspan=1, bbox=(250, 1000, 650, 1150),
                 text="มาตรการ 1:", reocr=True),
        _cell(1, (650, 1000, 1350, 1150), "ะ 4 ๑9\nขันตอนหรือวิธีการ",
              [[(0, 0, 6)], [(1, 0, 17)]]),
        _cell(2, (1350, 1000, 1750, 1150), "ผู้รับผิดชอบ", [[(2, 0, 12)]]),
        _cell(3, (1750, 1000, 2200, 1150), "การกำกับ\nดิดูตาม", [[(3, 0, 8)], [(4, 0, 7)]]),
        _cell(0, (250, 1150, 650, 1300), "1. ลดขั้นตอน", [[(5, 0, 12)]], row=1),
    ]
    table = PageTable(1, (250, 1000, 2200, 1300), [1000, 1150, 1300], [250, 650, 1350, 1750, 2200],
                      cells, header_rows=1)
    return page, table


def test_header_cells_are_rewritten_and_a_missing_heading_is_put_back() -> None:
    page, table = _measures_table()
    found = table_headings.heading_corrections(page, [table])
    assert [(c.start, c.end, c.original, c.suggestion) for c in found] == [
        (0, 0, "", "มาตรการ\n"),
        (0, 7, "ะ 4 ๑9\n", ""),
        (7, 24, "ขันตอนหรือวิธีการ", "ขั้นตอนหรือวิธีการ"),
        (47, 54, "ดิดูตาม", "ติดตาม"),
    ]
    assert {c.rule for c in found} == {"table_heading"}
    apply_to_page(page, found)
    assert page.text == "มาตรการ\nขั้นตอนหรือวิธีการ\nผู้รับผิดชอบ\nการกำกับ\nติดตาม\n1. ลดขั้นตอน"


def test_a_row_with_fewer_than_two_known_headings_is_left_alone() -> None:
    page = _page([("สำนักปลัด", [300, 1010, 600, 1050]), ("การกำกับ", [700, 1010, 900, 1050])])
    cells = [
        _cell(0, (250, 1000, 650, 1100), "สำนักปลัด", [[(0, 0, 9)]]),
        _cell(1, (650, 1000, 1000, 1100), "การกำกับ", [[(1, 0, 8)]]),
    ]
    table = PageTable(1, (250, 1000, 1000, 1100), [1000, 1100], [250, 650, 1000], cells)
    assert table_headings.heading_corrections(page, [table]) == []
    band = PageTable(1, (0, 0, 2480, 600), [], [], [], header_rows=0)
    assert table_headings.heading_corrections(page, [band]) == []


def test_a_re_read_status_heading_names_the_garbled_page_lines_inside_its_cell() -> None:
    page = _page([
        ("ยังไม่", [300, 1010, 500, 1050]),
        ("ก", [300, 1060, 340, 1100]),
        ("อยู่ระหว่างดำเนินการ", [700, 1010, 1000, 1050]),
    ])
    cells = [
        PageCell(row=0, col=0, rowspan=1, colspan=1, bbox=(250, 1000, 650, 1150),
                 text="ยังไม่\nดำเนิน\nการ", reocr=True),
        _cell(1, (650, 1000, 1050, 1150), "อยู่ระหว่างดำเนินการ", [[(2, 0, 20)]]),
    ]
    table = PageTable(1, (250, 1000, 1050, 1150), [1000, 1150], [250, 650, 1050], cells)
    found = table_headings.heading_corrections(page, [table])
    assert [(c.start, c.end, c.suggestion) for c in found] == [
        (0, 6, "ยังไม่ดำเนิน"), (7, 8, "การ")
    ]


def test_a_failing_table_text_step_keeps_the_page_text(monkeypatch: pytest.MonkeyPatch) -> None:
    from digitizer.api import PageResult
    from digitizer.finish import assemble_document
    from digitizer.model import Source
    from digitizer.options import Options

    page, table = _measures_table()

    def broken(*_: object) -> list[object]:
        raise RuntimeError("boom")

    monkeypatch.setattr(table_headings, "heading_corrections", broken)
    result = PageResult(number=1, page=page, error=None, tables=[table])
    source = Source(path="x.png", sha256="0" * 64, format="png", page_count=1)
    document = assemble_document(source, [result], Options(structure=False))
    assert document.status == "ok"
    assert document.pages[0].text.startswith("ะ 4 ๑9\nขั้นตอนหรือวิธีการ")
