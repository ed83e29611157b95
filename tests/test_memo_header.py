"""Header fields from damaged labels and wrapped values; signatories; text helpers."""

from __future__ import annotations

from digitizer.memo import TextLine, parse_header, signatories, spaced_name
from digitizer.memo_merge import checked_reference, merge_headers
from digitizer.model import Memo
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


def test_header_when_ocr_garbles_the_reference_and_subject_labels() -> None:
    memo = parse_header(_lines([
        "บนทกขอความ",
        "สวนราชการ กองคลัง องค์การบริหารส่วนตำบลตัวอย่าง อำเภอเมือง",
        "จังหวัดทดสอบ",
        "ii ชม ๕๑๒๓๔/๐๑๑๑ วันที ๒ มีนาคม๒๕๖๖",
        "“ae ขอรายงานผลการดำเนินงาน",
        ". ประจำปีงบประมาณ พ.ศ. ๒๕๖๖",
        "เรียน นายกองค์การบริหารส่วนตำบลตัวอย่าง",
    ]))
    assert memo.agency == "กองคลัง องค์การบริหารส่วนตำบลตัวอย่าง อำเภอเมือง จังหวัดทดสอบ"
    assert memo.reference == "ชม ๕๑๒๓๔/๐๑๑๑"
    assert memo.date_text == "๒ มีนาคม ๒๕๖๖"
    assert memo.date == "2023-03-02"
    assert memo.subject == "ขอรายงานผลการดำเนินงาน ประจำปีงบประมาณ พ.ศ. ๒๕๖๖"
    assert memo.to == "นายกองค์การบริหารส่วนตำบลตัวอย่าง"


def test_header_with_date_on_its_own_line() -> None:
    memo = parse_header(_lines([
        "ส่วนราชการ สำนักปลัด เทศบาลตำบลตัวอย่าง",
        "iชม 12345/678",
        "วันที่ 9 ตุลาคม 2565",
        "เรื่อง ขอความเห็นชอบ",
        "เรียน นายกเทศมนตรี",
    ]))
    assert (memo.reference, memo.date) == ("ชม 12345/678", "2022-10-09")
    assert memo.date_text == "9 ตุลาคม 2565"
    assert memo.agency == "สำนักปลัด เทศบาลตำบลตัวอย่าง"
    assert memo.subject == "ขอความเห็นชอบ"


def test_merge_headers_prefers_valid_reference_and_parsed_date() -> None:
    page = Memo(reference="ชม 12345/978", date=None, date_text="on มีนาคม 2566",
                subject="ขอความ เห็นชอบ", agency="สำนักปลัด")
    reread = Memo(reference="ชชม 12345/678", date="2023-03-03", date_text="3 มีนาคม 2566",
                  subject="ขอความ\" เห็นชอบ", agency=None)
    memo = merge_headers(reread, page)
    assert memo.reference == "ชม 12345/678"
    assert (memo.date, memo.date_text) == ("2023-03-03", "3 มีนาคม 2566")
    assert memo.subject == "ขอความ เห็นชอบ"
    assert memo.agency == "สำนักปลัด"
    assert checked_reference("ขข 1/2") == ("ขข 1/2", False)


def test_merge_headers_combines_date_parts_and_repairs_reference_letters() -> None:
    page = Memo(reference="ฒญ 123/45", date_text="on มีนาคม ๒๕๖๖", to="นายกเทศมนตรีตำบลท่าวังผา")
    reread = Memo(reference="ฒญ 123/45", date_text="๓มีนาคมกรย", to="นายกเทศมนตรีตำบลท่าวังผา")
    memo = merge_headers(reread, page)
    assert (memo.date, memo.date_text) == ("2023-03-03", "๓ มีนาคม ๒๕๖๖")
    assert memo.organisation.province == "น่าน"
    assert memo.reference == "นน 123/45"


def test_header_addressee_line_without_its_label_ends_the_subject() -> None:
    memo = parse_header(_lines([
        "ส่วนราชการ สำนักปลัด เทศบาลตำบลตัวอย่าง",
        "ที่ ชม 12345/678 วันที่ 9 ตุลาคม 2565",
        "เรอง ขอความเห็นชอบโครงการ",
        "า ประจำปีงบประมาณ พ.ศ. 2566",
        "Seu นายกเทศมนตรีตำบลตัวอย่าง",
        "ตามที่ เทศบาลตำบลตัวอย่างได้จัดทำโครงการ",
    ]))
    assert memo.subject == "ขอความเห็นชอบโครงการ ประจำปีงบประมาณ พ.ศ. 2566"
    assert memo.to == "นายกเทศมนตรีตำบลตัวอย่าง"


def test_spaced_name_cuts_after_a_damaged_given_name_keeping_its_letters() -> None:
    assert spaced_name("นายณ์ฐวุฒิมีสุข") == "นายณ์ฐวุฒิ มีสุข"  # a name is never silently changed
    assert spaced_name("นายชาตรี") == "นายชาตรี"


def test_date_whose_label_was_lost_is_found_on_a_header_line() -> None:
    memo = parse_header(_lines([
        "บันทึกข้อความ",
        "ส่วนราชการ สำนักปลัด เทศบาลตำบลตัวอย่าง อำเภอเมือง จังหวัดทดสอบ",
        "ที่ทสainood/ocdlod",
        "WN ๒๔พฤษภาคม๒๕๖๗",
        "เรื่อง ขอความเห็นชอบโครงการ",
        "เรียน นายกเทศมนตรีตำบลตัวอย่าง",
        "ด้วยสำนักปลัดได้จัดทำโครงการ เมื่อวันที่ ๑ มกราคม ๒๕๖๗",
    ]))
    assert memo.date_text == "๒๔ พฤษภาคม ๒๕๖๗"
    assert memo.date == "2024-05-24"
    assert memo.subject == "ขอความเห็นชอบโครงการ"


def test_subject_debris_at_a_wrap_and_a_letter_glued_to_the_year_are_dropped() -> None:
    memo = parse_header(_lines([
        "บันทึกข้อความ",
        "ส่วนราชการ สำนักปลัด เทศบาลตำบลตัวอย่าง อำเภอเมือง จังหวัดทดสอบ",
        "ที่ ทส ๑๒๓๔/๕๖๗ วันที่ ๑๕ มกราคม ๒๕๖๘",
        "เรื่อง รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและ.",
        "ความโปร่งใส ประจำปีงบประมาณ พ.ศ. ๒๕๖๘ซ",
        "เรียน นายกเทศมนตรีตำบลตัวอย่าง",
    ]))
    assert memo.subject == (
        "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. ๒๕๖๘"
    )


def test_a_read_whose_year_lost_a_digit_loses_to_the_complete_one() -> None:
    short = Memo(subject="ขอความเห็นชอบโครงการ ประจำปีงบประมาณ พ.ศ. ๒๕")
    whole = Memo(subject="ขอความเห็นชอบโครงการ ประจำปีงบประมาณ พ.ศ. ๒๕๖๘")
    assert merge_headers(short, whole).subject == whole.subject
    assert merge_headers(whole, short).subject == whole.subject


def test_a_speck_at_a_wrap_is_dropped_but_a_number_after_its_word_is_kept() -> None:
    def subject(first: str) -> str | None:
        return parse_header(_lines([
            "บันทึกข้อความ",
            "ส่วนราชการ สำนักปลัด เทศบาลตำบลตัวอย่าง อำเภอเมือง จังหวัดทดสอบ",
            "ที่ ทส ๑๒๓๔/๕๖๗ วันที่ ๑๕ มกราคม ๒๕๖๘",
            f"เรื่อง {first}",
            "ประจำปีงบประมาณ พ.ศ. 2568",
            "เรียน นายกเทศมนตรีตำบลตัวอย่าง",
        ])).subject

    assert subject("ขอความเห็นชอบมาตรการส่งเสริมความโปร่งใส 7") == (
        "ขอความเห็นชอบมาตรการส่งเสริมความโปร่งใส ประจำปีงบประมาณ พ.ศ. 2568"
    )
    assert subject("ขออนุมัติโครงการอบรมครั้งที่ 2") == (
        "ขออนุมัติโครงการอบรมครั้งที่ 2 ประจำปีงบประมาณ พ.ศ. 2568"
    )


def test_reference_with_its_abbreviation_read_twice_is_cleaned() -> None:
    assert checked_reference("ลย ี่ลย77344/0098") == ("ลย 77344/0098", True)
    assert checked_reference("ลย ๗๔๓๐๑/๐๒๘๗") == ("ลย ๗๔๓๐๑/๐๒๘๗", True)
