"""digitizer.header_text: page-1 header lines replaced by the header band re-read."""

from __future__ import annotations

from digitizer import header_text
from digitizer.finish import apply_to_page
from digitizer.model import Correction, Line, Page
from digitizer.options import Options
from digitizer.tables import PageTable

BAND = (0, 0, 2480, 600)


def _line(text: str, top: int, bottom: int) -> Line:
    return Line(text_raw=text, text=text, bbox=[300, top, 2000, bottom], confidence=80.0)


def _page(number: int = 1) -> Page:
    lines = [
        _line("บนทกขอความ วร", 100, 180),
        _line("ส่วนราชการง ร", 200, 280),
        # pokes out below the band and reads like its เรียน line
        _line("เรียน นายกเทศมนตรีตำบลทาชาง", 500, 610),
        _line("ตามที่ ผลการประเมิน", 620, 700),
    ]
    text = "\n".join(line.text_raw for line in lines)
    return Page(number=number, width=2480, height=3508, dpi=300, text_raw=text, text=text,
                lines=lines)


def _band() -> PageTable:
    texts = [
        "บันทึกข้อความ",
        "ส่วนราชการ สำนักปลัด เทศบาลตำบลท่าช้าง",
        "เรื่อง ขอความเห็นชอบร่างมาตรการ",
        "เรียน นายกเทศมนตรีตำบลท่าช้าง",
        "กา",
    ]
    lines = [_line(t, 100 + 100 * k, 180 + 100 * k) for k, t in enumerate(texts)]
    return PageTable(1, BAND, [], [], [], header_rows=0, header_lines=lines)


def test_inside_span_takes_lines_in_band_and_a_matching_one_below() -> None:
    page = _page()
    assert header_text.inside_span(page, 0, 600) == (0, 27)
    assert header_text.inside_span(page, 0, 600, ["เรียน นายกเทศมนตรีตำบลท่าช้าง"]) == (0, 55)
    assert header_text.inside_span(page, 0, 90) is None


def test_up_to_addressee_drops_debris_below_the_to_line() -> None:
    assert header_text.up_to_addressee(["บันทึกข้อความ", "เรียน นายก", "กา"]) == [
        "บันทึกข้อความ",
        "เรียน นายก",
    ]
    assert header_text.up_to_addressee(["บันทึกข้อความ", "กา"]) == ["บันทึกข้อความ", "กา"]


def test_clearly_better_needs_gain_and_few_unknowns() -> None:
    page = header_text.Score(known=22, unknown=1, letters=23)
    assert header_text.clearly_better(header_text.Score(137, 2, 141), page)
    assert not header_text.clearly_better(header_text.Score(24, 1, 26), page)  # gain < 4
    assert not header_text.clearly_better(header_text.Score(30, 2, 32), page)  # extra unknown
    assert not header_text.clearly_better(
        header_text.Score(100, 0, 100), header_text.Score(90, 0, 130)
    )  # much shorter


def test_band_read_replaces_the_page_header_lines() -> None:
    page = _page()
    merged = [
        Correction(id="p1-001", page=1, start=0, end=10, original="บนทกขอความ",
                   suggestion="บันทึกข้อความ", confidence=0.95, rule="lost_mark",
                   status="applied"),
    ]
    apply_to_page(page, merged)
    out = header_text.with_header_reread(page, merged, [_band()], Options())
    assert [(c.id, c.rule, c.status, c.start, c.end) for c in out] == [
        ("p1-001", "header_reread", "applied", 0, 55)
    ]
    assert out[0].original == "บนทกขอความ วร\nส่วนราชการง ร\nเรียน นายกเทศมนตรีตำบลทาชาง"
    assert out[0].suggestion == (
        "บันทึกข้อความ\nส่วนราชการ สำนักปลัด เทศบาลตำบลท่าช้าง\n"
        "เรื่อง ขอความเห็นชอบร่างมาตรการ\nเรียน นายกเทศมนตรีตำบลท่าช้าง"
    )
    assert out[0].bbox == [0, 0, 2480, 600]
    apply_to_page(page, out)
    assert page.text == out[0].suggestion + "\nตามที่ ผลการประเมิน"
    assert page.text_raw.startswith("บนทกขอความ วร\n")


def test_other_pages_and_pages_without_band_are_left_alone() -> None:
    page = _page(number=2)
    assert header_text.with_header_reread(page, [], [_band()], Options()) == []
    first = _page()
    assert header_text.with_header_reread(first, [], [], Options()) == []
    assert header_text.with_header_reread(first, [], [_band()], Options(correct=False)) == []


def test_a_band_read_no_better_is_flagged_where_nothing_else_touches() -> None:
    page = _page()
    band = PageTable(1, BAND, [], [], [], header_rows=0,
                     header_lines=[_line("บนทกขอความ", 100, 180)])
    out = header_text.with_header_reread(page, [], [band], Options())
    assert [(c.rule, c.status, c.start, c.end, c.suggestion) for c in out] == [
        ("header_reread", "flagged", 0, 27, "บันทึกข้อความ")
    ]
    fix = Correction(id="p1-001", page=1, start=14, end=25, original="ส่วนราชการง",
                     suggestion="ส่วนราชการ", confidence=0.95, rule="oov", status="applied")
    assert header_text.with_header_reread(page, [fix], [band], Options()) == [fix]
