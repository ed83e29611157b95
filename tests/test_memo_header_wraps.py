"""Header rules of the second pass: wrapped lines by geometry, lost subject lines, split years,
month spelling, reads that lost a wrapped line, reference number votes (synthetic lines)."""

from __future__ import annotations

from digitizer.memo import TextLine, _date_of, continues, parse_header
from digitizer.memo_merge import majority_number, merge_header_reads, merge_headers
from digitizer.model import Memo
from digitizer.textblocks import clean_edges


def _at(text: str, y: int, x: int = 350, tall: int = 100) -> TextLine:
    return TextLine(text, (x, y, 2200, y + tall))


def test_continues_takes_the_line_right_below_only() -> None:
    above = _at("ส่วนราชการ สำนักปลัด", 380)
    assert continues(above, _at("จังหวัดตัวอย่าง", 480, x=800)) is True
    assert continues(above, _at("ผลการประเมิน", 1270)) is False  # a body line listed next
    assert continues(above, _at("บันทึกข้อความ", 200)) is False  # above it
    assert continues(TextLine("ก", (0, 0, 0, 0)), _at("ข", 999)) is True  # no box: not judged


def test_agency_does_not_run_into_body_lines_listed_after_it() -> None:
    lines = [
        _at("บันทึกข้อความ", 270),
        _at("เรียน นายกเทศมนตรีตำบลตัวอย่าง", 830),
        _at("ตามที่ ผลการประเมินคุณธรรม", 930),
        _at("ส่วนราชการ สำนักปลัด เทศบาลตำบลตัวอย่าง อำเภอเมือง", 375),  # out of order
        _at("สำนักปลัดได้ประชุมหารือร่วมกับทุกกอง", 1272),
    ]
    memo = parse_header(lines)
    assert memo.agency == "สำนักปลัด เทศบาลตำบลตัวอย่าง อำเภอเมือง"


def test_subject_tail_without_its_first_line_is_no_subject() -> None:
    lines = [
        _at("ส่วนราชการ สำนักปลัด เทศบาลตำบลตัวอย่าง", 250),
        _at("ที่ ชม ๑๒๓๔๕/๖๗๘๙ วันที่ ๒๓ มีนาคม ๒๕๖๖", 350),
        _at("ประจำปิ่งบประมาณ พ.ศ. ๒๕๖๖", 480, x=520),  # the เรื่อง line was lost
        _at("เรียน นายกเทศมนตรีตำบลตัวอย่าง", 560),
    ]
    memo = parse_header(lines)
    assert memo.subject is None
    assert (memo.reference, memo.date) == ("ชม ๑๒๓๔๕/๖๗๘๙", "2023-03-23")


def test_subject_year_split_by_a_space_is_joined() -> None:
    lines = [
        _at("ส่วนราชการ สำนักปลัด เทศบาลตำบลตัวอย่าง", 250),
        _at("ที่ ชม ๑๒๓๔๕/๖๗๘๙ วันที่ ๑๑ ธันวาคม ๒๕๖๖", 350),
        _at("เรื่อง ขอความเห็นชอบร่างมาตรการ", 450),
        _at("ประจำปีงบประมาณ พ.ศ. ๒๕๖ ๗", 550, x=520),
        _at("เรียน นายกเทศมนตรีตำบลตัวอย่าง", 650),
    ]
    assert parse_header(lines).subject == "ขอความเห็นชอบร่างมาตรการ ประจำปีงบประมาณ พ.ศ. ๒๕๖๗"


def test_margin_specks_before_a_wrapped_subject_line_are_dropped() -> None:
    lines = [
        _at("ส่วนราชการ สำนักปลัด เทศบาลตำบลตัวอย่าง", 250),
        _at("ที่ ชม ๑๒๓๔๕/๖๗๘๙ วันที่ ๑๗ กุมภาพันธ์ ๒๕๖๖", 350),
        _at("เรื่อง ขอความเห็นชอบร่างมาตรการ", 450, x=360),
        _at("260. 0 ประจำปีงบประมาณ พ.ศ. ๒๕๖๖", 545, x=329),  # starts left of the label
        _at("เรียน นายกเทศมนตรีตำบลตัวอย่าง", 650),
    ]
    assert parse_header(lines).subject == "ขอความเห็นชอบร่างมาตรการ ประจำปีงบประมาณ พ.ศ. ๒๕๖๖"


def test_digits_starting_a_wrapped_line_in_the_value_column_are_kept() -> None:
    lines = [
        _at("ส่วนราชการ สำนักปลัด เทศบาลตำบลตัวอย่าง", 250),
        _at("ที่ ชม ๑๒๓๔๕/๖๗๘๙ วันที่ ๑๗ กุมภาพันธ์ ๒๕๖๖", 350),
        _at("เรื่อง รายงานผลการดำเนินงานตามแผนพัฒนาท้องถิ่น (พ.ศ.", 450, x=360),
        _at("๒๕๖๖-๒๕๗๐) รอบที่ ๑", 545, x=520),
        _at("เรียน นายกเทศมนตรีตำบลตัวอย่าง", 650),
    ]
    assert parse_header(lines).subject == (
        "รายงานผลการดำเนินงานตามแผนพัฒนาท้องถิ่น (พ.ศ. ๒๕๖๖-๒๕๗๐) รอบที่ ๑"
    )


def test_damaged_month_name_is_spelled_as_the_month_it_was_read_as() -> None:
    assert _date_of("๕ จันวาคม ๒๕๖๖") == ("๕ ธันวาคม ๒๕๖๖", "2023-12-05")
    assert _date_of("๕ ธ.ค. ๒๕๖๖") == ("๕ ธ.ค. ๒๕๖๖", "2023-12-05")  # abbreviation kept
    assert _date_of("๒๓มีนาคม๒๕๖๖") == ("๒๓ มีนาคม ๒๕๖๖", "2023-03-23")


def test_a_trailing_dash_rule_is_no_text() -> None:
    assert clean_edges("แก่บุคลากร—") == "แก่บุคลากร"
    assert clean_edges("พ.ศ. ๒๕๖๕-") == "พ.ศ. ๒๕๖๕-"  # a hyphen may be a range's


def test_merge_takes_the_read_that_kept_a_wrapped_province() -> None:
    page = Memo(agency="สำนักปลัดเทศบาลตำบลคำน้ำสร้างอำเภอกุดชุม", to="นายกเทศมนตรีตำบลคำน้ำสร้าง")
    band = Memo(
        agency="สำนักปลัดเทศบาลตำบลคำน้ำสร้างอำเภอกุดชุมจังหวัยโสธร",
        to="นายกเทศมนตรีตำบลคำน้ำสร้าง",
    )
    assert merge_headers(band, page).agency == "สำนักปลัดเทศบาลตำบลคำน้ำสร้างอำเภอกุดชุมจังหวัยโสธร"


def test_reference_number_by_majority_of_reads() -> None:
    reads = [
        Memo(reference="ส ๘๕๘๑๙/ซ๒๒๕๐"),  # a speck after the slash still votes
        Memo(reference="อด ๘๕๘๑๙/๒๕๐"),  # a dropped digit
        Memo(reference="อด ๘๕๘๑๙/๒๒๕๐"),
    ]
    assert majority_number("อด ๘๕๘๑๙/๒๕๐", reads) == "อด ๘๕๘๑๙/๒๒๕๐"
    assert majority_number("อด ๘๕๘๑๙/๒๕๐", reads[1:]) == "อด ๘๕๘๑๙/๒๕๐"  # a tie: kept
    assert majority_number(None, reads) is None


def test_merge_header_reads_outvotes_one_reads_dropped_digit() -> None:
    page = Memo(reference="ส ๘๕๘๑๙/ซ๒๒๕๐")
    first = Memo(reference="อด ๘๕๘๑๙/๒๕๐")
    second = Memo(reference="อด ๘๕๘๑๙/๒๒๕๐")
    assert merge_header_reads(page, [first, second]).reference == "อด ๘๕๘๑๙/๒๒๕๐"


def test_no_gazetteer_spelling_for_a_name_the_lookup_cut_at_a_hyphen() -> None:
    from digitizer.agency import canonical_addressee, canonical_agency, cut_short
    from digitizer.model import Organisation

    cut = Organisation(name="เทศบาลตำบลแป", kind="เทศบาลตำบล", district="ท่าแพ", province="สตูล")
    read = "สำนักปลัด เทศบาลตำบลแป-ระ อำเภอท่าแพ จังหวัดสตูล"
    assert cut_short(read, cut) is True
    assert canonical_agency(read, cut) == read
    assert canonical_addressee("นายกเทศมนตรีตำบลแป-ระ", cut) == "นายกเทศมนตรีตำบลแป-ระ"
    whole = Organisation(name="เทศบาลตำบลแป-ระ", kind="เทศบาลตำบล", district="ท่าแพ",
                         province="สตูล")
    assert cut_short(read, whole) is False
    assert canonical_addressee("นายกเทศมนตรีตำบลแป-ระะ", whole) == "นายกเทศมนตรีตำบลแป-ระ"


def test_era_with_latin_letters_for_its_second_letter() -> None:
    lines = [
        _at("ส่วนราชการ สำนักปลัด เทศบาลตำบลตัวอย่าง", 250),
        _at("ที่ ชม ๑๒๓๔๕/๖๗๘๙ วันที่ ๑๑ ธันวาคม ๒๕๖๖", 350),
        _at("เรื่อง ขอความเห็นชอบร่างมาตรการ", 450),
        _at("ประจำปีงบประมาณพ.Al. ๒๕๖๗", 550, x=520),
        _at("เรียน นายกเทศมนตรีตำบลตัวอย่าง", 650),
    ]
    assert parse_header(lines).subject == "ขอความเห็นชอบร่างมาตรการ ประจำปีงบประมาณพ.ศ. ๒๕๖๗"


def test_a_speck_read_as_a_dot_inside_the_running_number() -> None:
    from digitizer.reference import known_reference

    known = frozenset({"รอ"})
    assert known_reference("7รอ88320/003.7 .วันที", known) == "รอ 88320/0037"
    assert known_reference("รอ 88320/0037. วันที่", known) == "รอ 88320/0037"  # a full stop
    assert known_reference("ชม ๐๐๒๓.๔/ว ๑๒๓", frozenset({"ชม"})) == "ชม ๐๐๒๓.๔/ว๑๒๓"


def test_era_with_its_dots_lost_or_read_as_latin_after_the_fiscal_year_phrase() -> None:
    from digitizer.memo import _era_spelled

    assert _era_spelled("ประจำปีงบประมาณ พศ. 2567") == "ประจำปีงบประมาณ พ.ศ. 2567"
    assert _era_spelled("ประจำปีงบประมาณ พ.ศ 2567") == "ประจำปีงบประมาณ พ.ศ. 2567"
    assert _era_spelled("ประจำปีงบประมาณ wie. 2567") == "ประจำปีงบประมาณ พ.ศ. 2567"
    assert _era_spelled("ประจำปีงบประมาณ 2567") == "ประจำปีงบประมาณ 2567"  # none printed: none
    assert _era_spelled("แผนพศ 2567") == "แผนพศ 2567"  # inside a word: not the era


def test_specks_read_as_letters_around_the_reference_slash() -> None:
    from digitizer.reference import known_reference

    assert known_reference("ที่สพ๗๔๓๘๖ส่ว/ตสต๓๘๗๒ วันที่", frozenset({"สพ"})) == "สพ ๗๔๓๘๖/๓๘๗๒"
    assert known_reference("ที่ ชม ๐๐๒๓.๔/ว ๑๒๓", frozenset({"ชม"})) == "ชม ๐๐๒๓.๔/ว๑๒๓"
