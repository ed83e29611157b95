"""Lost or swapped marks decided by the word's skeleton (marks stripped) and its frequency."""

from __future__ import annotations

import pytest

from corrections import correct, load_lexicons
from corrections.skeleton import class_swaps, resubstituted


def _changes(text: str) -> list[tuple[str, str, str, str]]:
    """(original, suggestion, rule, status) of every correction; offsets checked on the way."""
    result = correct(text)
    for c in result.corrections:
        assert text[c.start : c.end] == c.original
    return [(c.original, c.suggestion, c.rule, c.status) for c in result.corrections]


@pytest.mark.parametrize(
    ("text", "change"),
    [
        # a rare known reading whose restoration is hundreds of times more frequent
        ("ณ วันที ๒๘ ตุลาคม ๒๕๖๗", ("วันที", "วันที่")),
        ("ณวันที๒๘ตุลาคม", ("วันที", "วันที่")),
        ("การพิจารณาสังการ", ("สังการ", "สั่งการ")),
        ("ซึงคณะทำงาน", ("ซึง", "ซึ่ง")),
        # a compound split into known pieces never seen together, the only word of its skeleton
        ("ทุกครัง-จำหน่าย", ("ทุกครัง", "ทุกครั้ง")),
        # one upper vowel read for another and a tone mark lost (ดีม for ดื่ม)
        ("เครื่องดีม 300 บาท", ("เครื่องดีม", "เครื่องดื่ม")),
        ("ได้ตังงบประมาณ", ("ตังงบประมาณ", "ตั้งงบประมาณ")),
        ("หลังสินปีงบประมาณ", ("สิน", "สิ้น")),
        # an unknown reading with a vowel of the wrong class, both neighbours agree
        ("วัฒนธรรม\nองค์กรทิไม่ทนต่อการทุจริต", ("ทิ", "ที่")),
    ],
)
def test_skeleton_restores_marks(text: str, change: tuple[str, str]) -> None:
    assert _changes(text) == [(change[0], change[1], "lost_mark", "applied")]
    assert correct(text).text == text.replace(change[0], change[1], 1)


@pytest.mark.parametrize(
    "text",
    [
        "รายงานผล\nการอบรม.\nและจำนวน",  # กา|รอ|บร|ม.: a window cut out of a longer word
        "ณ วันที่ ๒๘ ตุลาคม ๒๕๖๗",
        "ทุกครั้งที่มีการประชุม",
        "เครื่องดื่มและอาหาร",
        "ทีมงานของเทศบาล",
        "ตั้งงบประมาณไว้",
        "บ้านถ้ำผาตอง\nนอกจากนี้",  # ตอง is a word in its own right (place names)
        "ที่สูงปางตองตามพระราชดำริ",  # two known words: a rare compound is not enough
        "ป่าหวงห้าม หรือไม้ที่ปลูกขึ้น",  # ไม้|ที่ is common: ไม้ is meant, not ไม่
        "อำเภอเมือง ตำบลสวนใหญ่ อำเภอเมือง",  # a subdistrict, not ส่วนใหญ่
        "ในปี 2023 ที่เมืองบรูช ประเทศ",  # เมือ|งบ|รูช: newmm cut เมือง, not a lost mark
        "ได้รับจากบริษัทวิสดอมไวด์ จำกัด",  # a transliteration, not วัสดุ
        "ผู้ว่าราชการ นายสมชาย พูลสุขสันติ์ ผู้ว่าราชการ",  # a name: never changed
    ],
)
def test_skeleton_leaves_correct_text(text: str) -> None:
    result = correct(text)
    assert [c for c in result.corrections if c.status == "applied"] == []
    assert result.text == text


def test_class_swaps_and_resubstitution() -> None:
    assert class_swaps("ดีม") == {"ดัม", "ดิม", "ดึม", "ดืม"}
    assert class_swaps("กรม") == set()
    assert resubstituted(load_lexicons(), "เครื่องดีม") == ["เครื่องดื่ม"]
    assert resubstituted(load_lexicons(), "เครื่องดื่ม") == []


def test_tone_mark_swapped_across_two_known_words() -> None:
    # เชื่อ|เพลิง are never seen together; เชื้อเพลิง is a frequent word one tone mark away
    text = "การเบิกน้ำมันเชื่อเพลิงอย่างน้อย"
    assert _changes(text) == [("เชื่อเพลิง", "เชื้อเพลิง", "extra_mark", "applied")]
    assert correct(text).text == "การเบิกน้ำมันเชื้อเพลิงอย่างน้อย"


def test_second_pass_sees_a_word_once_its_neighbour_is_fixed() -> None:
    # บูคลากร (extra ู) hides ที from the lost-mark rule; the changed line is read again
    text = "ยกย่อง\nบูคลากรทีปฏิบัติงาน\nด้วยความซื่อสัตย์"
    assert _changes(text) == [
        ("บูคลากร", "บุคลากร", "extra_mark", "applied"),
        ("ที", "ที่", "lost_mark", "applied"),
    ]
    assert correct(text).text == "ยกย่อง\nบุคลากรที่ปฏิบัติงาน\nด้วยความซื่อสัตย์"
