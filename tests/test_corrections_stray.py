"""Table-layout junk and short real-word errors: stray letters at cell edges, a syllable read
twice before a genre term, a tone mark swapped on a common word, a district cut at a line end."""

from __future__ import annotations

from corrections import correct


def _changes(text: str) -> tuple[str, list[tuple[str, str, str, str]]]:
    """Corrected text and (original, suggestion, rule, status) of every correction."""
    result = correct(text)
    for c in result.corrections:
        assert text[c.start : c.end] == c.original
    return result.text, [(c.original, c.suggestion, c.rule, c.status) for c in result.corrections]


def test_letter_stuck_to_the_end_of_a_cell_is_dropped() -> None:
    assert _changes("และ\nเหตุผลประกอบา\nสำนักปลัด") == (
        "และ\nเหตุผลประกอบ\nสำนักปลัด", [("า", "", "stray_letter", "applied")])


def test_letter_alone_between_cells_is_only_flagged() -> None:
    text = "มาตรการ\nย\nขั้นตอนหรือวิธีการ"
    assert _changes(text) == (text, [("ย\n", "", "stray_letter", "flagged")])


def test_word_broken_by_a_line_end_keeps_its_letter() -> None:
    text, changes = _changes("เมษายน\nทุ\nกเดือน")
    assert "ทุ\nกเดือน" in text
    assert not [c for c in changes if c[2] == "stray_letter"]


def test_a_letter_that_is_a_word_in_running_text_stays() -> None:
    for text in ("ข้อมูล\nณ\nวันที่", "ศึกษาดูงาน\nณ ชุมชน", "ข้อ ก ข้อ ข"):
        assert _changes(text) == (text, [])


def test_syllable_read_twice_before_a_genre_term_is_dropped() -> None:
    assert _changes("การดำเนินงานผู้ผู้รับผิดชอบและ") == (
        "การดำเนินงานผู้รับผิดชอบและ", [("ผู้", "", "doubled", "applied")])


def test_common_word_with_the_other_tone_mark_is_swapped_when_both_neighbours_say_so() -> None:
    assert _changes("รายละเอียดตามเอกสารที่แนบมาพร้อมนี่\nเพื่อโปรดพิจารณา") == (
        "รายละเอียดตามเอกสารที่แนบมาพร้อมนี้\nเพื่อโปรดพิจารณา",
        [("นี่", "นี้", "tone_marks", "applied")])


def test_real_tone_mark_word_stays() -> None:
    assert _changes("ที่นี่มีอะไร") == ("ที่นี่มีอะไร", [])


_HEAD = "ส่วนราชการ สำนักปลัด องค์การบริหารส่วนตำบลวังแขม อำเภอคลอง\n"
_TAIL = " จังหวัดกำแพงเพชร\nเรียน นายกองค์การบริหารส่วนตำบลวังแขม"


def test_district_cut_at_a_line_end_is_completed_by_the_hierarchy() -> None:
    # วังแขม lies in คลองขลุง (not คลองลาน, the other คลอง… of the province)
    text, changes = _changes(_HEAD + "VAN" + _TAIL)
    assert text == _HEAD.replace("คลอง\n", "คลองขลุง\n") + "VAN" + _TAIL
    assert changes == [("คลอง", "คลองขลุง", "gazetteer", "applied")]


def test_district_whose_rest_follows_on_the_next_line_is_left_alone() -> None:
    text = _HEAD + "ขลุง" + _TAIL
    assert _changes(text) == (text, [])


def test_short_form_of_a_district_before_the_province_is_left_alone() -> None:
    text = "ตั้งอยู่ที่ตำบลเนินพระ อำเภอเมือง จังหวัดระยอง\nเทศบาลตำบลเนินพระ อำเภอเมืองระยอง"
    assert [c for c in _changes(text)[1] if c[3] == "applied"] == []
