"""digitizer.header_fields: page-1 header lines written from the voted header fields."""

from __future__ import annotations

from digitizer import header_fields
from digitizer.finish import apply_to_page
from digitizer.model import Line, Memo, Page
from digitizer.options import Options
from digitizer.tables import PageTable

BAND = (0, 0, 2480, 600)
MEMO = Memo(
    agency="สำนักปลัด เทศบาลตำบลท่าช้าง อำเภอเมือง จังหวัดจันทบุรี",
    reference="จบ ๕๒๐๐๑/๑๒๓",
    date_text="๕ มีนาคม ๒๕๖๗",
    subject="ขอความเห็นชอบร่างมาตรการส่งเสริมคุณธรรม",
    to="นายกเทศมนตรีตำบลท่าช้าง",
)
EXPECTED = [
    "บันทึกข้อความ",
    "ส่วนราชการ สำนักปลัด เทศบาลตำบลท่าช้าง อำเภอเมือง จังหวัดจันทบุรี",
    "ที่ จบ ๕๒๐๐๑/๑๒๓ วันที่ ๕ มีนาคม ๒๕๖๗",
    "เรื่อง ขอความเห็นชอบร่างมาตรการส่งเสริมคุณธรรม",
    "เรียน นายกเทศมนตรีตำบลท่าช้าง",
]


def _page(texts: list[str], body_top: int = 620) -> Page:
    lines = [
        Line(text_raw=t, text=t, bbox=[300, 100 + 90 * k, 2000, 170 + 90 * k], confidence=80.0)
        for k, t in enumerate(texts)
    ]
    lines.append(
        Line(text_raw="ตามที่ ผลการประเมิน", text="ตามที่ ผลการประเมิน",
             bbox=[300, body_top, 2000, body_top + 70], confidence=90.0)
    )
    text = "\n".join(line.text_raw for line in lines)
    return Page(number=1, width=2480, height=3508, dpi=300, text_raw=text, text=text, lines=lines)


def _band() -> PageTable:
    """A header band record whose own read holds nothing better than the page read."""
    read = Line(text_raw="กา", text="กา", bbox=[300, 100, 400, 170], confidence=30.0)
    return PageTable(1, BAND, [], [], [], header_rows=0, header_lines=[read])


def test_composed_lines_need_every_field() -> None:
    assert header_fields.composed_lines(MEMO, with_title=True) == EXPECTED
    assert header_fields.composed_lines(MEMO, with_title=False) == EXPECTED[1:]
    assert header_fields.composed_lines(MEMO.model_copy(update={"subject": None}), True) is None
    assert header_fields.composed_lines(MEMO.model_copy(update={"to": " "}), True) is None


def test_explained_lines() -> None:
    header = header_fields.squeeze("".join(EXPECTED))
    assert header_fields.explained("ส่วนราชการ สำนักปลัด เทศบาลตำบลทาชาง", header)
    assert header_fields.explained("ต '", header)  # debris
    assert header_fields.explained("a", header)
    assert not header_fields.explained("ด่วนที่สุด ภายในวันนี้", header)


def test_garbled_header_lines_are_rewritten_from_the_fields() -> None:
    page = _page(["บนทกขอความ", "ส่วนราชการ สำนักปลัด เทศบาลตำบลทาชาง", "ต '", "a",
                  "เรียน นายกเทศมนตรีตำบลท่าช้าง"])
    found = header_fields.fields_correction(page, [_band()], MEMO)
    assert found is not None
    assert (found.rule, found.status, found.start) == ("header_fields", "applied", 0)
    assert found.original == page.text_raw[: page.text_raw.index("\nตามที่")]
    assert found.suggestion == "\n".join(EXPECTED)
    assert found.bbox == [300, 100, 2000, 530]
    apply_to_page(page, [found])
    assert page.text == "\n".join([*EXPECTED, "ตามที่ ผลการประเมิน"])
    assert page.text_raw.startswith("บนทกขอความ\n")  # the raw OCR is kept


def test_no_title_line_is_added_when_the_page_shows_none() -> None:
    page = _page(["ส่วนราชการ สำนักปลัด เทศบาลตำบลทาชาง", "เรียน นายกเทศมนตรีตำบลท่าช้าง"])
    found = header_fields.fields_correction(page, [_band()], MEMO)
    assert found is not None
    assert found.suggestion == "\n".join(EXPECTED[1:])


def test_a_line_the_fields_do_not_explain_keeps_the_page_lines() -> None:
    page = _page(["บันทึกข้อความ", "ด่วนที่สุด ภายในวันนี้", "ส่วนราชการ สำนักปลัด",
                  "เรียน นายกเทศมนตรีตำบลท่าช้าง"])
    assert header_fields.fields_correction(page, [_band()], MEMO) is None
    # the header band re-read is the fallback: its poor read here is only flagged
    out = header_fields.with_header_lines(page, [], [_band()], MEMO, Options())
    assert [(c.rule, c.status, c.suggestion) for c in out] == [("header_reread", "flagged", "กา")]


def test_nothing_is_proposed_without_fields_band_page_one_or_corrections() -> None:
    texts = ["บนทกขอความ", "ส่วนราชการ สำนักปลัด", "เรียน นายกเทศมนตรีตำบลท่าช้าง"]
    page = _page(texts)
    assert header_fields.fields_correction(page, [], MEMO) is None
    assert header_fields.fields_correction(page, [_band()], None) is None
    assert header_fields.fields_correction(page, [_band()], Memo(agency="x")) is None
    second = page.model_copy(update={"number": 2})
    assert header_fields.fields_correction(second, [_band()], MEMO) is None
    assert header_fields.with_header_lines(page, [], [_band()], MEMO, Options(correct=False)) == []
    out = header_fields.with_header_lines(page, [], [_band()], MEMO, Options())
    assert [(c.id, c.rule) for c in out] == [("p1-001", "header_fields")]


def test_a_page_that_already_reads_as_the_fields_is_left_alone() -> None:
    page = _page(EXPECTED)
    assert header_fields.fields_correction(page, [_band()], MEMO) is None
