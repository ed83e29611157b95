"""extract(): plan table split across pages (repeated header, split row), status merge, roles."""

from __future__ import annotations

import pytest

from digitizer.measures import (
    column_roles,
    evidence_text,
    split_glued,
    split_steps,
    split_units,
    status_and_evidence,
    table_kind,
)
from digitizer.model import Page
from digitizer.structure import extract
from digitizer.tables import PageCell, PageTable

PLAN_HEADER = ["มาตรการ", "ขั้นตอนหรือวิธีการ", "ผู้รับผิดชอบ", "การกำกับติดตาม"]
COLS = [100, 400, 800, 1000, 1300]


def _table(page: int, y0: int, rows: list[list[str]], *, header_rows: int = 1,
           cols: list[int] = COLS, marks: set[tuple[int, int]] = frozenset()) -> PageTable:
    ys = [y0 + 100 * i for i in range(len(rows) + 1)]
    cells = [
        PageCell(r, c, 1, 1, (cols[c], ys[r], cols[c + 1], ys[r + 1]), text=text,
                 marked=(r, c) in marks, ink=0.01 if (r, c) in marks else 0.0)
        for r, row in enumerate(rows) for c, text in enumerate(row)
    ]
    return PageTable(page=page, bbox=(cols[0], ys[0], cols[-1], ys[-1]), rows=ys, cols=cols,
                     cells=cells, header_rows=header_rows)


def _page(number: int) -> Page:
    return Page(number=number, width=1400, height=2000, dpi=300)


def test_column_roles_tolerate_ocr_damage() -> None:
    roles = column_roles(["มาตรก าร", "ขันตอนหรือวิธีการ", "ผู้รับผิดชอบ:", "การกำกับ\nติดตาม"])
    assert roles == ["measure", "steps", "responsible", "monitoring"]
    assert table_kind(roles) == "measures_plan"
    status = column_roles(["มาตรการ", "ขั้นตอนหรือวิธีการ", "ยังไม่ดำเนินการ",
                           "อยู่ระหว่างดำเนินการ", "ดำเนินการเสร็จเรียบร้อยแล้ว"])
    assert status[2:] == ["not_started", "in_progress", "completed"]
    assert table_kind(status) == "measures_status"
    assert table_kind(column_roles(["ลำดับ", "รายการ", "จำนวนเงิน"])) == "other"


def test_split_units_and_steps() -> None:
    assert split_units(["สำนักปลัด", "กอง", "สาธารณสุข", "และ", "สิ่งแวดล้อม", "กองคลัง"]) == [
        "สำนักปลัด", "กองสาธารณสุขและสิ่งแวดล้อม", "กองคลัง"]
    assert split_steps(["- จัดทำแผน", "การตรวจ", "- สุ่มตรวจ 2", "ครั้ง"]) == [
        "จัดทำแผนการตรวจ", "สุ่มตรวจ 2 ครั้ง"]


def test_plan_split_across_pages_and_status_merge() -> None:
    page1 = _table(1, 1500, [
        PLAN_HEADER,
        ["๑. ประชุมชี้แจง\nบุคลากร", "- จัดประชุม\n- ทำรายงาน", "สำนักปลัด\nกองคลัง", "ทุกเดือน"],
        ["๒. ตรวจสอบ", "- สุ่มตรวจ", "กองช่าง", "รายงาน"],
    ])
    page2 = _table(2, 200, [
        ["มาตรการ", "ขั้นตอนหรือ\nวิธีการ", "ผู้รับผิดชอบ", "การกำกับ\nติดตาม"],
        ["เอกสาร", "ทุกไตรมาส", "กองคลัง", "ทุกไตรมาส"],
        ["๓. เผยแพร่ข้อมูล", "- ประกาศ", "หน่วยตรวจสอบภายใน", "ทุกปี"],
    ])
    s_cols = [100, 400, 700, 900, 1100, 1300]
    status = _table(3, 300, [
        ["มาตรการ", "ขั้นตอนหรือวิธีการ", "ยังไม่ดำเนินการ", "อยู่ระหว่างดำเนินการ",
         "ดำเนินการเสร็จเรียบร้อยแล้ว"],
        ["๑. ประชุมชี้แจงบุคลากร", "- จัดประชุม", "", "", "/\n(มีรายงานการประชุม)"],
        ["๒. ตรวจสอบเอกสาร", "- สุ่มตรวจ", "", "", ""],
        ["๓. เผยแพร่ข้อมูล", "- ประกาศ", "", "", ""],
    ], cols=s_cols, marks={(1, 4), (2, 3), (3, 2)})
    _memo, tables, measures = extract(
        [_page(1), _page(2), _page(3)], [[page1], [page2], [status]]
    )
    assert [t.kind for t in tables] == ["measures_plan", "measures_status"]
    assert tables[0].pages == [1, 2]
    assert len(tables[0].rows) == 3
    assert [m.number for m in measures] == [1, 2, 3]
    first, second, third = measures
    assert first.measure == "ประชุมชี้แจงบุคลากร"
    assert first.steps == ["จัดประชุม", "ทำรายงาน"]
    assert first.responsible == ["สำนักปลัด", "กองคลัง"]
    assert first.monitoring == "ทุกเดือน"
    assert (first.status, first.evidence) == ("completed", "มีรายงานการประชุม")
    assert second.measure == "ตรวจสอบเอกสาร"
    assert second.steps == ["สุ่มตรวจทุกไตรมาส"]
    assert second.responsible == ["กองช่าง", "กองคลัง"]
    assert (second.status, second.evidence) == ("in_progress", None)
    assert third.responsible == ["หน่วยตรวจสอบภายใน"]
    assert third.status == "not_started"


def test_no_tables_no_measures() -> None:
    _memo, tables, measures = extract([_page(1)], [[]])
    assert tables == [] and measures == []


def test_split_units_two_on_one_line_wrapped_and_junk() -> None:

    assert split_units(["สำนักปลัด (กองคลัง", "| 5"]) == ["สำนักปลัด", "กองคลัง"]
    assert split_units(["กองช่าง (กอง", "คลัง"]) == ["กองช่าง", "กองคลัง"]
    assert split_units(["กองคลง", "ร."]) == ["กองคลัง"]


def test_column_roles_from_first_line_of_wrapped_headings() -> None:

    assert column_roles(["มาตรการ", "ขันตอนหรือวิธีการ", "ผู้รับ", "การกำกับ 0"]) == [
        "measure", "steps", "responsible", "monitoring",
    ]


def test_state_column_whose_heading_ocr_destroyed_takes_its_place_in_the_run() -> None:
    roles = column_roles(["มาตรการ", "ขั้นตอนหรือวิธีการ", "ยิ้งไม่ท", "อยู่ระหว่างดำเนินการ",
                          "ดำเนินการเสร็จเรียบร้อยแล้ว"])
    assert roles == ["measure", "steps", "not_started", "in_progress", "completed"]
    assert column_roles(["มาตรการ", "ยังไม่ดำเนินการ", "อยู่ระหว่างดำเนินการ", "ลำดับ"]) == [
        "measure", "not_started", "in_progress", "completed"]
    # the measure heading lost: the first column still holds the measure
    assert column_roles(["ะ 0", "ขั้นตอนหรือวิธีการ", "ผู้รับผิดชอบ ve a", "การกำกับ#ิดูตาม"]) == [
        "measure", "steps", "responsible", "monitoring"]
    assert column_roles(["ลำดับ", "รายการ", "จำนวนเงิน"]) == [None, None, None]


def test_two_department_names_read_as_one_are_split() -> None:
    assert split_glued("กองช่างองการศึกษา") == ["กองช่าง", "กองการศึกษา"]
    assert split_glued("สำนักปลัดก่องการศึกษา") == ["สำนักปลัด", "กองการศึกษา"]
    assert split_glued("สำนักปลัดองค์การบริหารส่วนตำบล") == ["สำนักปลัดองค์การบริหารส่วนตำบล"]
    assert split_units(["กองคลังเกองช่าง"]) == ["กองคลัง", "กองช่าง"]
    assert split_units(["สำนักปลัด", "กองช่าง", "องการศึกษา"]) == [
        "สำนักปลัด", "กองช่าง", "กองการศึกษา"]


def test_evidence_note_without_debris() -> None:
    assert evidence_text("ดำเนินการแล้ว ๘ครั้งจาก๑๒ Asa") == "ดำเนินการแล้ว ๘ครั้งจาก๑๒"
    assert evidence_text("0 กรอรด 008846 1") is None
    assert evidence_text("ย") is None
    assert evidence_text("ผ่านการประเมิน ITA") == "ผ่านการประเมิน ITA"
    assert status_and_evidence([[], ["/", "(5)"]], [False, True], [0.0, 0.1]) == (
        "in_progress", None)


def test_unnumbered_first_row_after_a_break_is_a_row_when_the_next_skips_its_number() -> None:
    page1 = _table(1, 1500, [
        PLAN_HEADER,
        ["๑. ประชุมชี้แจง", "- จัดประชุม", "สำนักปลัด", "ทุกเดือน"],
        ["๒, ตรวจสอบ", "- สุ่มตรวจ", "กองช่าง", "รายงาน"],
    ])
    page2 = _table(2, 200, [
        ["ะ 0", "ขั้นตอนหรือวิธีการ", "ผู้รับผิดชอบ", "การกำกับติดตาม"],  # damaged repeat
        ["ป้องกันผลประโยชน์", "- จัดอบรม", "กองคลัง", "ทุกไตรมาส"],  # "๓." lost by OCR
        ["๔. เผยแพร่ข้อมูล", "- ประกาศ", "หน่วยตรวจสอบภายใน", "ทุกปี"],
    ])
    _memo, tables, measures = extract([_page(1), _page(2)], [[page1], [page2]])
    assert tables[0].pages == [1, 2] and len(tables[0].rows) == 4
    assert [(m.number, m.measure) for m in measures] == [
        (1, "ประชุมชี้แจง"), (2, "ตรวจสอบ"), (3, "ป้องกันผลประโยชน์"), (4, "เผยแพร่ข้อมูล")]
    assert measures[2].responsible == ["กองคลัง"]


def test_continuation_without_header_whose_first_row_opens_with_a_parenthesis() -> None:
    page1 = _table(1, 1500, [
        PLAN_HEADER,
        ["๑. ประชุมชี้แจง", "- จัดประชุม", "สำนักปลัด", "ทุกเดือน"],
        ["๒. ตรวจสอบ", "- สุ่มตรวจ", "กองช่าง", "รายงาน"],
    ])
    page2 = _table(2, 200, [
        ["(๓.เผยแพร่ข้อมูล", "- ประกาศ", "กองคลัง", "ทุกปี"],
        ["๔. ป้องกัน", "- อบรม", "กองช่าง", "ทุกไตรมาส"],
    ])
    _memo, _tables, measures = extract([_page(1), _page(2)], [[page1], [page2]])
    assert [(m.number, m.measure) for m in measures] == [
        (1, "ประชุมชี้แจง"), (2, "ตรวจสอบ"), (3, "เผยแพร่ข้อมูล"), (4, "ป้องกัน")]


def test_units_with_latin_debris_or_a_prefix_read_as_latin() -> None:
    assert split_units(["กอง 0 การศึกษา 1 งรลุ H"]) == ["กองการศึกษา"]
    assert split_units(["สำนักปลัด", "กองช่าง", "nas", "การศึกษา"]) == [
        "สำนักปลัด", "กองช่าง", "กองการศึกษา"]
    assert split_glued("กองช่าง สุขาภิบาล") == ["กองช่าง สุขาภิบาล"]  # no second unit in it


def test_a_lone_row_at_the_top_of_the_next_page_continues_the_table() -> None:
    page1 = _table(1, 1500, [
        PLAN_HEADER,
        ["๑. ประชุมชี้แจง", "- จัดประชุม", "สำนักปลัด", "ทุกเดือน"],
        ["๒. ตรวจสอบ", "- สุ่มตรวจ", "กองช่าง", "รายงาน"],
    ])
    piece = _table(2, 200, [["๓. เผยแพร่ข้อมูล", "- ประกาศ", "กองคลัง", "ทุกปี"]])
    _memo, tables, measures = extract([_page(1), _page(2)], [[page1], [piece]])
    assert len(tables) == 1 and tables[0].pages == [1, 2]
    assert [m.number for m in measures] == [1, 2, 3]
    assert (measures[2].measure, measures[2].responsible) == ("เผยแพร่ข้อมูล", ["กองคลัง"])


def test_a_lone_row_continuing_no_table_makes_no_table() -> None:
    piece = _table(1, 800, [["๓. เผยแพร่ข้อมูล", "- ประกาศ", "กองคลัง", "ทุกปี"]])
    _memo, tables, measures = extract([_page(1)], [[piece]])
    assert tables == [] and measures == []


def test_status_table_cells_show_the_mark_the_ink_shows() -> None:
    from digitizer.structure import status_cell_texts

    roles = ["measure", "steps", "not_started", "in_progress", "completed"]
    row = [["๑. ประชุม"], ["- จัดประชุม"], ["4"], [], ["ต", "(มีรายงาน", "การประชุม)"]]
    marks = [True, True, True, False, True]
    ink = [0.05, 0.05, 0.001, 0.0, 0.02]
    assert status_cell_texts(row, marks, ink, roles) == {
        2: "", 3: "", 4: "/\n(มีรายงานการประชุม)"}
    assert status_cell_texts(row, [False] * 5, [0.0] * 5, roles) == {}  # no mark: as read
    assert status_cell_texts(row, marks, ink, roles[:4]) == {}  # not a status table
    kept = [["๒. ตรวจ"], ["- สุ่ม"], ["ไม่มีข้อมูล"], ["/"], []]
    assert status_cell_texts(kept, [True, True, True, True, False], [0.05, 0.05, 0.01, 0.02, 0.0],
                             roles) == {3: "/", 4: ""}


def test_units_of_one_length_keep_the_lexicon_order(monkeypatch: pytest.MonkeyPatch) -> None:
    # a fuzzy read equally close to two names must snap the same way on every run
    import digitizer.measures as measures

    names = ["กองคลัง", "งานคลัง", "กองช่าง", "งานช่าง", "ฝ่ายคลัง", "กองแผน", "งานแผน", "สำนักปลัด"]

    class _Lexicon:
        def joinpath(self, _: str) -> _Lexicon:
            return self

        def read_text(self, _: str) -> str:
            return "".join(f"{name}\tdepartment\n" for name in names)

    monkeypatch.setattr(measures.resources, "files", lambda _: _Lexicon())
    measures.known_units.cache_clear()
    try:
        assert measures.known_units() == (
            "สำนักปลัด", "ฝ่ายคลัง", "กองคลัง", "งานคลัง", "กองช่าง", "งานช่าง", "กองแผน", "งานแผน"
        )
    finally:
        measures.known_units.cache_clear()


def test_unit_missing_its_first_word_snaps_to_the_first_lexicon_name() -> None:
    assert split_units(["สวัสดิการสัง", "คม", "7"]) == ["กองสวัสดิการสังคม"]
