"""Entity names wrecked by junk, found again from the document's own names (namerules)."""

from __future__ import annotations

import pytest

from corrections import correct, load_lexicons
from corrections.context import find_slots, infer_context
from corrections.core import _prepare
from corrections.namerules import align


def _applied(text: str) -> tuple[str, list[tuple[str, str, str]]]:
    """Corrected text and (original, suggestion, rule) of applied corrections (offsets checked)."""
    result = correct(text)
    for c in result.corrections:
        assert text[c.start : c.end] == c.original
    return result.text, [(c.original, c.suggestion, c.rule) for c in result.corrections
                         if c.status == "applied"]


def test_align_costs_junk_marks_and_lost_letters() -> None:
    # a digit inside (0.5) and ี read as ิ (0.35); the window stops at the name's end
    assert align("อำเภอคำชะอี", "งามอำเภอคำ2ชะอิจัง") == (pytest.approx(0.85), 3, 15)
    # ำ read as ้า: one mark for another
    assert align("สำนักปลัด", "ส้านักปลัดกอง") == (pytest.approx(0.35), 0, 10)
    # a lost first letter costs one letter
    assert align("กองการศึกษา", "องการศึกษา") == (pytest.approx(1.0), 0, 10)


def test_district_with_junk_is_the_documents_district() -> None:
    text = ("ส่วนราชการ องค์การบริหารส่วนตำบลโพนงาม อำเภอคำชะอี จังหวัดมุกดาหาร\n"
            "องค์การบริหารส่วนตำบลโพนงาม อำเภอคำ2ชะอิ จังหวัดมุกดาหาร ได้ดำเนินการ")
    fixed, applied = _applied(text)
    assert fixed == text.replace("คำ2ชะอิ", "คำชะอี")
    assert applied == [("คำ2ชะอิ", "คำชะอี", "entity_name")]


def test_department_with_junk_keeps_its_line_breaks() -> None:
    fixed, applied = _applied("ผู้รับผิดชอบ\nกอง 7ฝ\nสวัสดิการสัง\nม\nสรุปผล")
    assert fixed == "ผู้รับผิดชอบ\nกอง\nสวัสดิการสัง\nคม\nสรุปผล"
    assert [a[2] for a in applied] == ["entity_name"]


def test_department_marks_and_sara_am() -> None:
    fixed, _ = _applied("กองช่าง ก่องการศึกษา กองคลัง\nสำนักปลัด ส้านักปลัด")
    assert fixed == "กองช่าง กองการศึกษา กองคลัง\nสำนักปลัด สำนักปลัด"


def test_subdistrict_name_gives_the_district() -> None:
    # no district is read: the organisation's subdistrict (one in the country) places it
    text = ("นายกองค์การบริหารส่วนตำบลสันผีเสื้อ\n"
            "ด้วยองค์การบริหารส่วนตำบลสินผีเสื้อได้ตั้งงบประมาณ")
    lex = load_lexicons()
    ctx = infer_context([find_slots(_prepare(text, lex).norm)], lex.gazetteer)
    assert (ctx.province and ctx.province.name, ctx.district and ctx.district.name,
            ctx.primary_base, ctx.primary_kind) == (
        "เชียงใหม่", "เมืองเชียงใหม่", "สันผีเสื้อ", "องค์การบริหารส่วนตำบล")
    assert _applied(text)[0] == text.replace("สินผีเสื้อ", "สันผีเสื้อ")


def test_organisation_named_twice_without_district() -> None:
    # ท่าข้าม is a subdistrict of many districts: named twice, it is the document's own
    text = ("เทศบาลตำบลท่าข้าม\nเรียน นายกเทศมนตรีตำบลท่าข้าม\n"
            "ด้วยเทศบาลตำบลทำข้ามได้ดำเนินการ")
    assert _applied(text) == (text.replace("ทำข้าม", "ท่าข้าม"),
                              [("ทำข้าม", "ท่าข้าม", "entity_name")])


@pytest.mark.parametrize(
    "text",
    [
        "ความรู้ของการศึกษา และด้านการเงินและบัญชี",  # real words near department names
        "- ประชาสัมพันธ์ทุกช่องทาง",  # a bullet is not งาน
        ("องค์การบริหารส่วนตำบลสันผีเสื้อ อำเภอเมืองเชียงใหม่ จังหวัดเชียงใหม่\n"
         "ประสานงานกับจังหวัดเชียงราย"),  # another real province stays
        "ผู้อำนวยการกอง\nสวัสดิการ\nสังคม",  # whole, only broken by line ends
    ],
)
def test_real_text_near_names_is_left_alone(text: str) -> None:
    assert _applied(text) == (text, [])
