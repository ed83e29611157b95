"""Word-level repairs: split words rejoined, marks restored across two words, misread vowels."""

from __future__ import annotations

import pytest

from corrections import correct


def _applied(text: str) -> tuple[str, list[tuple[str, str, str]]]:
    """Corrected text and (original, suggestion, rule) of applied corrections (offsets checked)."""
    result = correct(text)
    for c in result.corrections:
        assert text[c.start : c.end] == c.original
    return result.text, [(c.original, c.suggestion, c.rule) for c in result.corrections
                         if c.status == "applied"]


def test_split_word_is_joined_before_its_piece_is_read_alone() -> None:
    # อนุ is a word, ญาต is not: the space splits อนุญาต (never ญาต -> ญาติ)
    assert _applied("การ\nขออนุ ญาตและรายการ") == (
        "การ\nขออนุญาตและรายการ", [("ขออนุ ญาต", "ขออนุญาต", "join_space")])


def test_two_known_words_are_not_joined() -> None:
    assert _applied("ได้ รับ การ") == ("ได้ รับ การ", [])


def test_two_words_that_both_lost_a_mark_form_a_compound() -> None:
    assert _applied("การเลือนขันเงินเดือน") == (
        "การเลื่อนขั้นเงินเดือน", [("เลือนขัน", "เลื่อนขั้น", "lost_mark")])


@pytest.mark.parametrize(
    ("text", "want", "original"),
    [
        ("ตรวจสอบฎิกาและเอกสาร", "ตรวจสอบฎีกาและเอกสาร", "ฎิกา"),  # ิ read for ี
        ("เป็นล่ายลักษณ์อักษร", "เป็นลายลักษณ์อักษร", "ล่ายลักษณ์อักษร"),  # an extra tone
        ("เสริมสร้างวัฒนธรรุมองค์กร", "เสริมสร้างวัฒนธรรมองค์กร", "วัฒนธรรุม"),  # stray ุ
    ],
)
def test_misread_vowel_inside_a_known_word(text: str, want: str, original: str) -> None:
    fixed, applied = _applied(text)
    assert fixed == want
    assert [(a[0], a[2]) for a in applied] == [(original, "extra_mark")]


def test_abbreviation_is_not_a_damaged_department() -> None:
    text = "คณะกรรมการปรองดอง (สำนักงาน ป.ย.ป.) สมาคม"
    assert _applied(text) == (text, [])


def test_word_cut_wrongly_because_of_a_lost_mark_is_recut() -> None:
    # newmm reads ภาย|ในที; re-cut as ภายใน|ที่, both seen with their neighbours
    assert _applied("แผนการตรวจสอบ\nภายในที\nครอบคลุม\nกิจกรรม") == (
        "แผนการตรวจสอบ\nภายในที่\nครอบคลุม\nกิจกรรม",
        [("ภายในที", "ภายในที่", "lost_mark")])


def test_stray_vowel_in_a_word_of_four_pieces() -> None:
    assert _applied("บุคลากุรที่ปฏิบัติงาน") == (
        "บุคลากรที่ปฏิบัติงาน", [("บุคลากุร", "บุคลากร", "extra_mark")])
