"""Mark restoration/removal, stray OCR marks at line ends, real words decided by context."""

from __future__ import annotations

import pytest

from corrections import correct
from corrections.markrules import mark_edits, restores


def _changes(text: str) -> list[tuple[str, str, str, str]]:
    """(original, suggestion, rule, status) of every correction; offsets checked on the way."""
    result = correct(text)
    for c in result.corrections:
        assert text[c.start : c.end] == c.original
    return [(c.original, c.suggestion, c.rule, c.status) for c in result.corrections]


def test_restores_only_adds_marks() -> None:
    assert restores("ที", "ที่")
    assert restores("บันทก", "บันทึก")
    assert not restores("ที่", "ที่")
    assert not restores("สิน", "ส่ง")  # drops ิ: not a restoration
    assert not restores("ขัน", "ขั้นตอน")  # adds letters


def test_mark_edits_deletes_or_swaps_one_mark_of_a_class() -> None:
    assert mark_edits("พัสดู") == {"พสดู", "พัสด", "พิสดู", "พีสดู", "พึสดู", "พืสดู", "พัสดุ"}
    assert mark_edits("กรม") == set()
    assert mark_edits("ทำ") == {"ทา"}  # sara am read for sara aa
    assert "สรณ" not in mark_edits("สรณ์")  # ์ is never dropped (names)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("ครั้งทีมีการประชุม", "ครั้งที่มีการประชุม"),  # the most frequent word, lost its tone mark
        ("บุคลากรทีปฏิบัติงาน", "บุคลากรที่ปฏิบัติงาน"),
        ("ประชุมเมือวันที่", "ประชุมเมื่อวันที่"),
        ("และสิงปลูกสร้าง", "และสิ่งปลูกสร้าง"),
        ("บันทกข้อความ", "บันทึกข้อความ"),  # two fragments are one word with its mark back
        ("ประเมินความเสียงของการทุจริต", "ประเมินความเสี่ยงของการทุจริต"),
        ("ภายหลังสินปีงบประมาณ", "ภายหลังสิ้นปีงบประมาณ"),  # context: สิ้น|ปีงบประมาณ
        ("บันทึกขอความ", "บันทึกข้อความ"),  # a genre term across three tokens
    ],
)
def test_lost_marks_are_restored(text: str, want: str) -> None:
    assert correct(text).text == want


def test_lost_mark_record() -> None:
    assert _changes("ครั้งทีมีการประชุม") == [("ที", "ที่", "lost_mark", "applied")]


def test_lost_mark_leaves_abbreviations_and_fragments() -> None:
    for text in ("ยืนยัน กต. เดินหน้า", "ศูนย์ ปกท.ทส. นำ", "รายงานผล\nการอบรม.\nและจำนวน"):
        assert [c for c in correct(text).corrections if c.rule == "lost_mark"] == []


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("จัดูทำสรุปผล", "จัดทำสรุปผล"),  # a lower vowel OCR added
        ("อยู่างน้อยปีละครั้ง", "อย่างน้อยปีละครั้ง"),
        ("คืนพัสดูพร้อมบันทึก", "คืนพัสดุพร้อมบันทึก"),  # ู read for ุ
    ],
)
def test_extra_marks_are_removed(text: str, want: str) -> None:
    assert correct(text).text == want


def test_extra_mark_leaves_names_alone() -> None:
    assert correct("นิวทริชั่น จำกัด").text == "นิวทริชั่น จำกัด"


def test_stray_e_at_line_start_is_dropped() -> None:
    text = "ข้อ ๒\nเจัดกิจกรรมยกย่อง\nเรายงานผล\nเว็บไซต์\nเจ้าหน้าที่"
    assert correct(text).text == "ข้อ ๒\nจัดกิจกรรมยกย่อง\nรายงานผล\nเว็บไซต์\nเจ้าหน้าที่"
    assert [c[2] for c in _changes(text)] == ["stray_e", "stray_e"]


def test_stray_e_keeps_a_word_that_lost_its_mark() -> None:
    # เพิม is เพิ่ม with a lost tone mark, not a stray เ before พิม
    assert correct("๕.\nเพิมประสิทธิภาพ").text == "๕.\nเพิ่มประสิทธิภาพ"


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("ประจำปี ,\nของหน่วยงาน", "ประจำปี\nของหน่วยงาน"),
        ("ให้บริการ\n'จำหน่ายพัสดุ", "ให้บริการ\nจำหน่ายพัสดุ"),
        ("ตรวจสอบได้\n.\nรายงานผล", "ตรวจสอบได้\n\nรายงานผล"),
        ("ตรวจสอบได้\n=ประชาสัมพันธ์", "ตรวจสอบได้\n- ประชาสัมพันธ์"),  # a bullet read as =
    ],
)
def test_stray_punctuation_at_line_edges(text: str, want: str) -> None:
    assert correct(text).text == want


@pytest.mark.parametrize(
    "text",
    [
        'โครงการ "ทางนี้มีคำตอบ" ของกรม',
        '"ทิพานัน" เผยรัฐบาล',
        "ดำเนินการแล้ว...\nต่อไป",
        "ระยะเวลา ๑๕ วัน\n(ตรวจสอบได้)",
        "ปีงบประมาณ พ.ศ. ๒๕๖๗",
        "#กระทรวงดิจิทัล",
        "ต่อไป\n.....\nกระทรวงมหาดไทย",
    ],
)
def test_real_punctuation_is_kept(text: str) -> None:
    assert correct(text).text == text


def test_context_real_word() -> None:
    # จึง|ความ and ความ|มี are far rarer than chance; จึง|ควร and ควร|มี far commoner.
    assert _changes("หน่วยงานจึงความมีมาตรการ") == [("ความ", "ควร", "context", "applied")]


def test_context_keeps_reduplication_and_common_phrases() -> None:
    for text in ("ในที่ที่ลูกหนี้อาศัย", "การให้ความรู้แก่ประชาชน", "เป็นเครื่องมือที่สำคัญ"):
        assert correct(text).text == text


def test_term_window_does_not_double_its_tail() -> None:
    text = "นักจัดการงานทัวไปชำนาญการ"
    assert correct(text).text == "นักจัดการงานทั่วไปชำนาญการ"


def test_place_name_broken_by_a_line_end_is_not_doubled() -> None:
    text = "ตำบลนาตอก อำเภอเคียน\nซา จังหวัดสุราษฎร์ธานี"
    assert correct(text).text == text


CLEAN_MEMO = """บันทึกข้อความ
ส่วนราชการ สำนักปลัด องค์การบริหารส่วนตำบลเขาหลวง อำเภอวังสะพุง จังหวัดเลย
เรื่อง รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส
เรียน นายกองค์การบริหารส่วนตำบลเขาหลวง
ตามที่สำนักปลัดได้จัดทำมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน
เพื่อเปิดเผยข้อมูลการจัดซื้อจัดจ้างผ่านเว็บไซต์ของหน่วยงานทุกเดือน
- จัดทำสรุปผลการจัดซื้อจัดจ้างประจำเดือน
- ประชาสัมพันธ์ช่องทางการร้องเรียนเรื่องการทุจริตให้ประชาชนทราบ
บัดนี้ การดำเนินการดังกล่าวเสร็จเรียบร้อยแล้ว จึงเรียนมาเพื่อโปรดทราบ"""


def test_clean_memo_is_left_unchanged() -> None:
    result = correct(CLEAN_MEMO)
    assert result.text == CLEAN_MEMO
    assert [c for c in result.corrections if c.status == "applied"] == []


def test_sara_am_misread_across_two_words() -> None:
    assert _changes("สรุปจ้านวนคำขอ") == [("จ้านวน", "จำนวน", "extra_mark", "applied")]


def test_echo_of_a_word_start_across_a_line_end() -> None:
    assert correct("ขั้นตอน\nผู้รับ\nผู้รับผิดชอบ").text == "ขั้นตอน\nผู้รับผิดชอบ"
    assert correct("รอรอบจ่ายเงิน ได้ ได้แก่").text == "รอรอบจ่ายเงิน ได้ ได้แก่"


HEADER = "ส่วนราชการ สำนักปลัด เทศบาลตำบลปากปวน อำเภอวังสะพุง จังหวัดเลย\n{}\nเรื่อง ขออนุมัติ"


@pytest.mark.parametrize(
    ("line", "want"),
    [
        ("iลย81300/0646 FUN 24มกราคม2568", "ที่ ลย81300/0646 วันที่ 24มกราคม2568"),
        ("ทลย ๗๔๓๐๑/๑๒๓ วนท ๒ มีนาคม ๒๕๖๗", "ที่ ลย ๗๔๓๐๑/๑๒๓ วันที่ ๒ มีนาคม ๒๕๖๗"),
        ("ที่ ลย ๗๔๓๐๑/๑๒๓ วันที่ ๒ มีนาคม ๒๕๖๗", "ที่ ลย ๗๔๓๐๑/๑๒๓ วันที่ ๒ มีนาคม ๒๕๖๗"),
    ],
)
def test_memo_header_labels(line: str, want: str) -> None:
    assert correct(HEADER.format(line)).text == HEADER.format(want)


def test_memo_header_latin_label_is_applied_but_a_misread_digit_only_flagged() -> None:
    result = correct(HEADER.format("i UU ๓๓๕๒๓/๒๒๑๓ วันที่ ๒๒ ตุลาคม ๒๕๖๗"))
    got = [(c.original, c.suggestion, c.status) for c in result.corrections
           if c.rule == "memo_header"]
    assert got == [("i UU ", "ที่ ลย ", "applied")]
    result = correct(HEADER.format("UN ฒฒ๕๕๒/๓๐๒๐๕ วันที่ ๒๒ ตุลาคม ๒๕๖๗"))
    got = [(c.original, c.suggestion, c.status) for c in result.corrections
           if c.rule == "memo_header"]
    assert got == [("UN ฒฒ", "ที่ ลย ", "flagged")]


def test_lost_mark_when_a_neighbour_never_sees_the_word() -> None:
    # ที|มี is expected often and never seen; ที่|มี is common: restored with one side only
    assert correct("ทุกครั้งทีมีการจัดเก็บ").text == "ทุกครั้งที่มีการจัดเก็บ"


def test_leader_dots_around_header_place_names() -> None:
    text = ("ส่วนราชการ สำนักปลัด องค์การบริหารส่วนตำบลมะรือโบออกอำเภอ\n"
            "a เจาะไอร้อง 4:จังหวัดนราธิวาส\nเรื่อง ขออนุมัติ")
    want = ("ส่วนราชการ สำนักปลัด องค์การบริหารส่วนตำบลมะรือโบออกอำเภอ\n"
            "เจาะไอร้อง จังหวัดนราธิวาส\nเรื่อง ขออนุมัติ")
    assert correct(text).text == want
    assert {c.rule for c in correct(text).corrections} == {"leader_junk"}


def test_place_name_that_lost_marks_without_a_known_district() -> None:
    # no อำเภอ the gazetteer can read: the whole country's names, marks added only, one answer
    text = "ส่วนราชการ สำนักปลัด องค์การบริหารส่วนตำบลท่ามะเดือ อำเภอ"
    assert _changes(text) == [("ท่ามะเดือ", "ท่ามะเดื่อ", "gazetteer", "applied")]


def test_heading_read_twice_and_emblem_letters() -> None:
    text = "Keบันทึกข้อความ\nบนทกขอความ\nส่วนราชการ สำนักปลัด"
    assert correct(text).text == "บันทึกข้อความ\nส่วนราชการ สำนักปลัด"
    assert {c.rule for c in correct(text).corrections} == {"echo_line"}
    clean = "บันทึกข้อความ\nส่วนราชการ สำนักปลัด"
    assert correct(clean).text == clean


def test_extra_mark_beats_a_shorter_term_window() -> None:
    assert correct("จึงเรียนุมาเพื่อโปรดทราบ").text == "จึงเรียนมาเพื่อโปรดทราบ"
