"""Header fields from damaged labels and wrapped values; signatories; text helpers."""

from __future__ import annotations

from digitizer.memo import TextLine, parse_header, signatories, spaced_name
from digitizer.textblocks import join_wrapped, map_span


def _lines(texts: list[str], *, step: int = 60) -> list[TextLine]:
    return [TextLine(t, (100, 100 + i * step, 1500, 140 + i * step)) for i, t in enumerate(texts)]


def test_header_with_damaged_labels_and_wrapped_values() -> None:
    memo = parse_header(_lines([
        "บันทึกข้อความ",
        "สวนราชการ สำนักปลัด เทศบาลตำบลตัวอย่าง อำเภอเมือง",
        "จังหวัดทดสอบ",
        "ที่ ทส ๑๒๓๔/๕๖๗ วันที่ ๑๕ มกราคม ๒๕๖๘",
        "เรือง ขอความเห็นชอบโครงการ",
        "ประจำปีงบประมาณ พ.ศ. ๒๕๖๘",
        "เรียน นายกเทศมนตรีตำบลตัวอย่าง",
        "ด้วยสำนักปลัดได้จัดทำโครงการ",
    ]))
    assert memo.agency == "สำนักปลัด เทศบาลตำบลตัวอย่าง อำเภอเมือง จังหวัดทดสอบ"
    assert memo.reference == "ทส ๑๒๓๔/๕๖๗"
    assert memo.date_text == "๑๕ มกราคม ๒๕๖๘"
    assert memo.date == "2025-01-15"
    assert memo.subject == "ขอความเห็นชอบโครงการ ประจำปีงบประมาณ พ.ศ. ๒๕๖๘"
    assert memo.to == "นายกเทศมนตรีตำบลตัวอย่าง"


def test_signatories_skip_comments_and_sign_lines() -> None:
    lines = _lines([
        "จึงเรียนมาเพื่อโปรดทราบ",
        "(ลงชื่อ)",
        "(นายสมชาย ใจดี)",
        "นักจัดการงานทั่วไป",
        "ความเห็นปลัดเทศบาล",
        "เห็นควรอนุมัติ",
        "(นางสาวสมหญิง รักงาน)",
        "ปลัดเทศบาล",
        "รักษาราชการแทน",
    ], step=45)
    found = signatories([lines])
    assert [(s.name, s.position) for s in found] == [
        ("นายสมชาย ใจดี", "นักจัดการงานทั่วไป"),
        ("นางสาวสมหญิง รักงาน", "ปลัดเทศบาล รักษาราชการแทน"),
    ]


def test_spaced_name_restores_lost_space() -> None:
    assert spaced_name("นายสมชายใจดี") == "นายสมชาย ใจดี"
    assert spaced_name("นาย สมชาย ใจดี") == "นาย สมชาย ใจดี"


def test_join_wrapped_and_map_span() -> None:
    assert join_wrapped(["ตรวจ", "ความครบถ้วน", "ภายใน ๓๐", "วันหลัง", "(No", "Gift Policy)"]) == (
        "ตรวจความครบถ้วนภายใน ๓๐ วันหลัง (No Gift Policy)"
    )
    raw, fixed = "กองคลง ตรวจสอบ", "กองคลัง ตรวจสอบ"
    assert map_span(raw, fixed, 7, 14) == (8, 15)
    assert fixed[slice(*map_span(raw, fixed, 0, 6))] == "กองคลัง"
