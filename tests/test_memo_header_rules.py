"""Header rules for damaged reads: references, years that lost a digit, subject ends, votes."""

from __future__ import annotations

from digitizer.agency import canonical_agency, completed_agency
from digitizer.memo import TextLine, parse_header
from digitizer.memo_merge import majority_date, merge_header_reads, merge_headers
from digitizer.model import Memo, Organisation
from digitizer.reference import known_reference, well_formed
from digitizer.textblocks import snap_phrases, wrap_debris_free
from digitizer.thaidate import complete_year

KNOWN = frozenset({"ปจ", "สพ", "ชม"})


def _lines(texts: list[str]) -> list[TextLine]:
    return [TextLine(t, (100, 100 + i * 60, 1500, 140 + i * 60)) for i, t in enumerate(texts)]


def test_reference_abbreviation_found_among_label_debris_and_specks() -> None:
    assert known_reference("ทปจ ส๘๖๗๔๓/๒๕๔๐ ฏ7 FUN", KNOWN) == "ปจ ๘๖๗๔๓/๒๕๔๐"
    assert known_reference("ที่สพส๘๓๒๕๗/เ๓๖๐๘ วันที่", KNOWN) == "สพ ๘๓๒๕๗/๓๖๐๘"
    assert known_reference("ที่ ชม ๐๐๒๓.๔/ว ๑๒๓", KNOWN) == "ชม ๐๐๒๓.๔/ว๑๒๓"
    assert known_reference("iปจsoaldéa/wogco", KNOWN) is None  # digits read as Latin letters
    assert known_reference("ทขข ๑๒๓๔๕/๖๗๘", KNOWN) is None  # no known abbreviation


def test_well_formed_reference() -> None:
    assert well_formed("ปจ ๘๖๗๔๓/๒๕๔๐") is True
    assert well_formed("ชม 0023.4/ว123") is True
    assert well_formed("iปจsoaldéa/wogco") is False
    assert well_formed(None) is False


def test_merge_prefers_a_well_formed_reference_with_a_known_abbreviation() -> None:
    reread = Memo(reference="iปจsoaldéa/wogco")
    page = Memo(reference="ปจ ๘๖๗๔๓/๒๕๔๐")
    assert merge_headers(reread, page).reference == "ปจ ๘๖๗๔๓/๒๕๔๐"
    assert merge_headers(page, reread).reference == "ปจ ๘๖๗๔๓/๒๕๔๐"


def test_complete_year_takes_the_one_document_year_that_fits() -> None:
    assert complete_year("๒๕๗", {2567, 2566}) == "๒๕๖๗"
    assert complete_year("๕๖๖", {2566, 2567}) == "๒๕๖๖"
    assert complete_year("257", {2567}) == "2567"
    assert complete_year("๒๕๖", {2566, 2567}) is None  # both fit: no guess
    assert complete_year("๒๕๐", {2567}) is None  # none fits
    assert complete_year("๒๕๖๗", {2567}) is None  # not a short year


_HEAD = [
    "บันทึกข้อความ",
    "ส่วนราชการ สำนักปลัด เทศบาลตำบลตัวอย่าง อำเภอเมือง จังหวัดทดสอบ",
]


def test_date_year_that_lost_a_digit_is_completed_from_the_subject_year() -> None:
    memo = parse_header(_lines([
        *_HEAD,
        "ที่ ทส ๑๒๓๔/๕๖๗ วันที่ ๒๒ กรกฎาคม ๒๕ ๗",
        "เรื่อง รายงานผลการดำเนินงาน ประจำปีงบประมาณ พ.ศ. ๒๕๖๗",
        "เรียน นายกเทศมนตรีตำบลตัวอย่าง",
    ]))
    assert (memo.date_text, memo.date) == ("๒๒ กรกฎาคม ๒๕๖๗", "2024-07-22")


def test_date_year_stays_unread_when_two_document_years_fit() -> None:
    memo = parse_header(_lines([
        *_HEAD,
        "ที่ ทส ๑๒๓๔/๕๖๗ วันที่ ๒๒ กรกฎาคม ๒๕๖",
        "เรื่อง รายงานผลการดำเนินงาน ประจำปีงบประมาณ พ.ศ. ๒๕๖๖",
        "เรียน นายกเทศมนตรีตำบลตัวอย่าง",
    ]))
    assert (memo.date_text, memo.date) == ("๒๒ กรกฎาคม ๒๕๖", None)


def test_subject_year_that_lost_a_digit_is_completed_from_the_date() -> None:
    memo = parse_header(_lines([
        *_HEAD,
        "ที่ ทส ๑๒๓๔/๕๖๗ วันที่ ๘ พฤษภาคม ๒๕๖๖",
        "เรื่อง ขอความเห็นชอบร่างมาตรการ",
        "ประจำปีงบประมาณพ.ศ. ๕๖๖",
        "เรียน นายกเทศมนตรีตำบลตัวอย่าง",
    ]))
    assert memo.date == "2023-05-08"
    assert memo.subject == "ขอความเห็นชอบร่างมาตรการ ประจำปีงบประมาณพ.ศ. ๒๕๖๖"


def test_subject_ends_at_an_unlabelled_addressee_and_before_year_debris() -> None:
    memo = parse_header(_lines([
        *_HEAD,
        "ที่ ทส ๑๒๓๔/๕๖๗ วันที่ ๑๐ ธันวาคม ๒๕๖๗",
        "เรอง รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและ 1",
        "ความโปร่งใส ประจำปิ้งบประมาณ พ.ศ.๒๕๖๘ .ูร11 ณ7+7ร",
        "นายกเทศมนตรีตำบลตัวอย่าง:",
        "ตามที่ สำนักงาน ป.ป.ช. ได้ประกาศผล",
    ]))
    assert memo.subject == (
        "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ.๒๕๖๘"
    )
    assert memo.to == "นายกเทศมนตรีตำบลตัวอย่าง"


def test_wrap_debris_after_a_conjunction_is_dropped_but_numbers_stay() -> None:
    assert wrap_debris_free("ส่งเสริมคุณธรรมและ 1") == "ส่งเสริมคุณธรรมและ"
    assert wrap_debris_free("การประชุมครั้งที่ 2") == "การประชุมครั้งที่ 2"


def test_snap_phrases_repairs_a_damaged_set_phrase_only() -> None:
    phrases = ("ประจำปีงบประมาณ",)
    assert snap_phrases("ในชุมชนประจำปิ้งบประมาณพ.ศ. ๒๕๖๘", phrases) == (
        "ในชุมชนประจำปีงบประมาณพ.ศ. ๒๕๖๘"
    )
    assert snap_phrases("โครงการ ประจาปีงบประมาณ พ.ศ.", phrases) == "โครงการ ประจำปีงบประมาณ พ.ศ."
    assert snap_phrases("รายงานประจำปีการศึกษา", phrases) == "รายงานประจำปีการศึกษา"


def test_majority_date_outvotes_one_misread_digit() -> None:
    page = Memo(date="2023-04-08", date_text="๘ เมษายน ๒๕๖๖")
    psm6 = Memo(date="2023-04-08", date_text="๘ เมษายน ๒๕๖๖")
    best = Memo(date="2023-04-05", date_text="๕ เมษายน ๒๕๖๖")
    assert majority_date([page, best, psm6]) == ("2023-04-08", "๘ เมษายน ๒๕๖๖")
    assert majority_date([page, best]) is None  # a tie: no majority
    memo = merge_header_reads(page, [best, psm6])
    assert (memo.date, memo.date_text) == ("2023-04-08", "๘ เมษายน ๒๕๖๖")
    assert merge_header_reads(page, [best]).date == "2023-04-05"  # two reads: the band wins


def test_agency_cut_after_its_organisation_is_completed_from_the_gazetteer() -> None:
    unique = Organisation(
        name="องค์การบริหารส่วนตำบลหนองเขียด", kind="องค์การบริหารส่วนตำบล",
        subdistrict="หนองเขียด", district="ชุมแพ", province="ขอนแก่น",
    )
    read = "สำนักปลัดองค์การบริหารส่วนตำบลหนองเขียดอำเภอ"
    assert completed_agency(read, unique) == (
        "สำนักปลัดองค์การบริหารส่วนตำบลหนองเขียด อำเภอชุมแพ จังหวัดขอนแก่น"
    )
    assert canonical_agency(read, unique) == (
        "สำนักปลัด องค์การบริหารส่วนตำบลหนองเขียด อำเภอชุมแพ จังหวัดขอนแก่น"
    )
    # a name found in many subdistricts is not completed, nor is a line without a cut
    common = unique.model_copy(update={
        "name": "องค์การบริหารส่วนตำบลหนองบัว", "subdistrict": "หนองบัว",
    })
    assert completed_agency("สำนักปลัดองค์การบริหารส่วนตำบลหนองบัว อำเภอ", common) == (
        "สำนักปลัดองค์การบริหารส่วนตำบลหนองบัว อำเภอ"
    )
    assert completed_agency("สำนักปลัดองค์การบริหารส่วนตำบลหนองเขียด", unique) == (
        "สำนักปลัดองค์การบริหารส่วนตำบลหนองเขียด"
    )


def test_reference_speck_letter_before_the_number_is_not_part_of_the_abbreviation() -> None:
    known = frozenset({"ชม", "มส"})
    assert known_reference("ที่ ชม ส๕๑๒๓๔/๐๑๑๑", known) == "ชม ๕๑๒๓๔/๐๑๑๑"
    assert known_reference("ที่ มส ๕๑๒๓๔/๐๑๑๑", known) == "มส ๕๑๒๓๔/๐๑๑๑"


def test_repaired_year_replaces_one_misread_digit_far_from_the_document_years() -> None:
    from digitizer.thaidate import repaired_year

    assert repaired_year("๒๕๐๗", {2567, 2566}) == "๒๕๖๗"
    assert repaired_year("2507", {2567}) is None  # Arabic digits: Tesseract writes them all
    assert repaired_year("๒๕๖๗", {2507}) is None  # a ๖ is no misread ๐: the other year is off
    assert repaired_year("๒๕๖๖", {2567, 2566}) is None  # near the document's years: kept
    assert repaired_year("๒๕๐๕", {2567, 2568}) is None  # two digits off: no guess
    assert repaired_year("๒๕๐๗", {2567, 2577}) is None  # two years fit: no guess


def test_date_year_misread_far_from_the_subject_year_is_repaired() -> None:
    memo = parse_header(_lines([
        *_HEAD,
        "ที่ ทส ๑๒๓๔/๕๖๗ วันที่ ๑๙ กรกฎาคม ๒๕๐๗",
        "เรื่อง รายงานผลการดำเนินงาน ประจำปีงบประมาณ พ.ศ. ๒๕๖๗",
        "เรียน นายกเทศมนตรีตำบลตัวอย่าง",
    ]))
    assert (memo.date_text, memo.date) == ("๑๙ กรกฎาคม ๒๕๖๗", "2024-07-19")
    memo = parse_header(_lines([
        *_HEAD,
        "ที่ ทส ๑๒๓๔/๕๖๗ วันที่ ๑๙ กรกฎาคม ๒๕๖๗",
        "เรื่อง รายงานผลการดำเนินงาน ประจำปีงบประมาณ พ.ศ. ๒๕๐๗",
        "เรียน นายกเทศมนตรีตำบลตัวอย่าง",
    ]))
    assert memo.subject == "รายงานผลการดำเนินงาน ประจำปีงบประมาณ พ.ศ. ๒๕๖๗"
    assert (memo.date_text, memo.date) == ("๑๙ กรกฎาคม ๒๕๖๗", "2024-07-19")


def test_header_whose_addressee_label_and_middle_lines_were_lost() -> None:
    memo = parse_header(_lines([
        "บันทึกข้อความ",
        "ส่วนราชการ สำนักปลัด เทศบาลตำบลตัวอย่าง อำเภอเมืองจังหวัด",
        "ประจำปีงบประมาณพ.ศ.๒๕๖๖",  # the subject's second line; its first line was lost
        "Seuนายกเทศมนตรีตำบลตัวอย่าง",
        "ตามที่ ผลการประเมินคุณธรรม",
        "ที่ต้องปรับปรุงหลายตัวชี้วัด นั้น",
    ]))
    assert memo.agency == "สำนักปลัด เทศบาลตำบลตัวอย่าง อำเภอเมืองจังหวัด"
    assert memo.to == "นายกเทศมนตรีตำบลตัวอย่าง"
    assert (memo.reference, memo.date, memo.subject) == (None, None, None)


def test_body_line_starting_with_thi_is_no_reference() -> None:
    memo = parse_header(_lines([
        "บันทึกข้อความ",
        "ส่วนราชการ สำนักปลัด เทศบาลตำบลตัวอย่าง",
        "ที่ต้องปรับปรุงหลายตัวชี้วัด นั้น",
        "สำนักปลัดได้ประชุมหารือร่วมกับทุกกอง",
    ]))
    assert (memo.reference, memo.subject) == (None, None)


def test_agency_cut_after_its_district_is_completed_when_the_district_was_read() -> None:
    org = Organisation(
        name="เทศบาลตำบลหนองเขียด", kind="เทศบาลตำบล",
        subdistrict="หนองเขียด", district="ชุมแพ", province="ขอนแก่น",
    )
    assert completed_agency("สำนักปลัด เทศบาลตำบลหนองเขียดอำเภอชุมแพจังหวัด", org) == (
        "สำนักปลัด เทศบาลตำบลหนองเขียดอำเภอชุมแพ จังหวัดขอนแก่น"
    )


def test_reference_letters_and_debris_replaced_by_the_province_abbreviation() -> None:
    from digitizer.memo_merge import _province_reference

    org = Organisation(province="ขอนแก่น")
    assert _province_reference("ih UN ๆ๗๔๕๖๔/๑๐๙๘", org) == "ขก ๗๔๕๖๔/๑๐๙๘"
    assert _province_reference("ฒญ 123/45", org) == "ขก 123/45"


def test_year_mixing_thai_and_arabic_digits_is_flagged_not_converted() -> None:
    from digitizer.thaidate import parse_thai_date

    parsed = parse_thai_date("๑๗ พฤศจิกายน ๒๕๐7")
    assert parsed is not None
    assert (parsed.iso, parsed.flagged) == (None, True)


def test_damaged_local_government_name_snapped_within_its_district() -> None:
    from digitizer.memo import organisation_of

    org = organisation_of("สำนักปลัด เทศบาลตำบลหนองเขียค อำเภอชุมแพ จังหวัดขอนแก่น")
    assert (org.name, org.subdistrict, org.district, org.province) == (
        "เทศบาลตำบลหนองเขียด", "หนองเขียด", "ชุมแพ", "ขอนแก่น",
    )


def test_reads_with_equal_debris_are_told_apart_by_the_dictionary() -> None:
    from digitizer.memo_merge import unknown_letters

    good = "ขออนุมัติโครงการอบรมเชิงปฏิบัติการ"
    damaged = "ขออนุมัติโครงการอบูรมเชิงปฏิบัติการ"
    assert unknown_letters(good) == 0
    assert unknown_letters(damaged) > 0
    assert merge_headers(Memo(subject=damaged), Memo(subject=good)).subject == good
    assert merge_headers(Memo(subject=good), Memo(subject=damaged)).subject == good


def test_reference_specks_around_a_known_abbreviations_number_are_dropped() -> None:
    from digitizer.memo_merge import checked_reference

    assert checked_reference("สพ ตเต๑๒๓๔๕./ไ๖๗๘๙เขต") == ("สพ ๑๒๓๔๕/๖๗๘๙", True)
    assert checked_reference("สพ ตเตี๑๒๓๔๕/๖๗๘๙") == ("สพ ๑๒๓๔๕/๖๗๘๙", True)
    assert checked_reference("สพ ๑๒๓๔๕/๖๗๘๙") == ("สพ ๑๒๓๔๕/๖๗๘๙", True)
    assert known_reference("ที่ ปจ ๘๖๗๔๓./๒๕๔๐", KNOWN) == "ปจ ๘๖๗๔๓/๒๕๔๐"  # a speck read as "."


def test_reads_the_dictionary_cannot_tell_apart_are_told_apart_by_word_counts() -> None:
    from digitizer.memo_merge import rarity

    good = "ประกาศนโยบายความโปร่งใส ประจำปีงบประมาณ พ.ศ. ๒๕๖๘"
    confused = "ประกาศนโยบายความโปร่งไส ประจำปีงบประมาณ พ.ศ. ๒๕๖๘"  # ไ for ใ: ความโปร่ง + ไส
    assert rarity(good) < rarity(confused)
    assert merge_headers(Memo(subject=confused), Memo(subject=good)).subject == good
    assert merge_headers(Memo(subject=good), Memo(subject=confused)).subject == good


def test_a_shorter_read_does_not_win_by_word_counts() -> None:
    full = "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรม ประจำปีงบประมาณ พ.ศ. ๒๕๖๘"
    fragment = "เรตามมาตรการส่งเสริมคุณธรรมแล"
    assert merge_headers(Memo(subject=full), Memo(subject=fragment)).subject == full


def test_a_speck_after_a_values_end_is_trimmed_but_not_an_abbreviations_stop() -> None:
    from digitizer.memo import trim_tail

    assert trim_tail("ขอความเห็นชอบ ประจำปีงบประมาณ พ.ศ. 2567.") == (
        "ขอความเห็นชอบ ประจำปีงบประมาณ พ.ศ. 2567"
    )
    assert trim_tail("นายกเทศมนตรีตำบลปากปวน'") == "นายกเทศมนตรีตำบลปากปวน"
    assert trim_tail("ประจำปีงบประมาณ พ.ศ.") == "ประจำปีงบประมาณ พ.ศ."
    assert trim_tail("ครั้งที่ 2") == "ครั้งที่ 2"
