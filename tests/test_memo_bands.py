"""Re-read bands: header lines carried by a PageTable, signature merge, day placeholders."""

from __future__ import annotations

import pickle

from digitizer.header import PLACEHOLDER, _day_placeholders, header_bottom
from digitizer.memo import TextLine
from digitizer.model import Line, Page, Word
from digitizer.signatures import band_top, merge_blocks
from digitizer.structure import extract
from digitizer.tables import PageTable


def _line(text: str, y: int, x: int = 300) -> Line:
    words, cursor = [], x
    for token in text.split():
        width = 30 * len(token)
        words.append(Word(text=token, bbox=[cursor, y, cursor + width, y + 50], confidence=90.0))
        cursor += width + 20
    return Line(text_raw=text, text=text, bbox=[x, y, cursor, y + 50], confidence=90.0, words=words)


def _page(texts: list[str], number: int = 1) -> Page:
    lines = [_line(t, 200 + 80 * i) for i, t in enumerate(texts)]
    text = "\n".join(t for t in texts)
    return Page(number=number, width=2480, height=3508, dpi=300, text_raw=text, text=text,
                lines=lines)


def test_header_band_lines_replace_a_garbled_page_header() -> None:
    page = _page([
        "บนทกขอความ",
        "สวนราชการ สำนักปลัด เทศบาลตำบลตัวอย่าง",
        "i จังหวัด",
        "“ae ขอ",
        "เรียน นายกเทศมนตรีตำบลตัวอย่าง",
        "ด้วยสำนักปลัดขอรายงานผลการดำเนินงานประจำปีให้ทราบ",
    ])
    band = [
        _line("บันทึกข้อความ", 200),
        _line("ส่วนราชการ สำนักปลัด เทศบาลตำบลตัวอย่าง", 280),
        _line("ที่ ชม 12345/678 วันที่ 9 ตุลาคม 2565", 360),
        _line("เรื่อง ขอความเห็นชอบ", 440),
        _line("เรียน นายกเทศมนตรีตำบลตัวอย่าง", 520),
    ]
    record = PageTable(1, (0, 0, 2480, 570), [], [], [], header_rows=0, header_lines=band)
    assert record.is_text_band and record.n_rows == 0
    record = pickle.loads(pickle.dumps(record))
    memo, tables, measures = extract([page], [[record]])
    assert (memo.reference, memo.date) == ("ชม 12345/678", "2022-10-09")
    assert memo.subject == "ขอความเห็นชอบ"
    assert tables == [] and measures == []
    assert header_bottom(page) == 200 + 80 * 4 + 50 + 12


def test_signature_band_adds_a_name_the_page_missed_and_keeps_the_cleaner() -> None:
    def lines(pairs: list[tuple[str, int]]) -> list[TextLine]:
        return [TextLine(t, (1000, y, 1800, y + 60)) for t, y in pairs]

    page_lines = lines([
        ("(นายสมชาย1NOI)", 2300), ("ปลัดเทศบาล", 2370),
        ("ความเห็นนายกเทศมนตรี", 2500), ("นายกเทศมนตรีตำบลตัวอย่าง", 2770),
    ])
    band_lines = lines([
        ("(นายสมชาย ใจดี)", 2305), ("ปลัดเทศบาล", 2372),
        ("(นายสมหมาย รักดี)", 2700), ("นายกเทศมนตรีตำบลตัวอย่าง", 2770),
    ])
    found = merge_blocks(page_lines, band_lines, tolerance=60)
    assert [(s.name, s.position) for s in found] == [
        ("นายสมชาย ใจดี", "ปลัดเทศบาล"),
        ("นายสมหมาย รักดี", "นายกเทศมนตรีตำบลตัวอย่าง"),
    ]


def test_band_top_is_the_closing_sentence() -> None:
    page = _page(["ข้อความ"] * 12 + ["จึงเรียนมาเพื่อโปรดทราบ", "(นายสมชาย ใจดี)"])
    assert band_top(page) == 200 + 80 * 12


def test_a_year_in_brackets_does_not_open_the_signature_band() -> None:
    page = _page(["ข้อความ"] * 10 + ["(พ.ศ. ๒๕๖๖ - ๒๕๗๐)"] + ["ข้อความ"] * 3
                 + ["(พ.ต.อ. สมชาย ใจดี)"])
    assert band_top(page) == 200 + 80 * 14


def test_day_read_as_latin_gets_a_placeholder_before_a_month() -> None:
    lines = [_line("ที่ ชม 12345/678 วันที่ on เมษายน ๒๕๖๗", 300), _line("เรื่อง on ขอ", 380)]
    fixed, marks = _day_placeholders(lines)
    assert fixed[0].text_raw == f"ที่ ชม 12345/678 วันที่ {PLACEHOLDER} เมษายน ๒๕๖๗"
    assert [w.text for w in fixed[0].words][4] == PLACEHOLDER
    assert fixed[1].text_raw == "เรื่อง on ขอ"
    start = len("ที่ ชม 12345/678 วันที่ ")
    assert marks == [(start, start + 1, "on")]
