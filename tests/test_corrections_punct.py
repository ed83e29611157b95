"""Punctuation OCR leaves inside Thai text, บาท read as UM, term neighbours backed off."""

from __future__ import annotations

import pytest

from corrections import correct, load_lexicons
from corrections.markrules import corpus_edge


def _fixed(text: str) -> tuple[str, list[str]]:
    """Corrected text and the rules of the applied corrections (offsets checked)."""
    result = correct(text)
    for c in result.corrections:
        assert text[c.start : c.end] == c.original
    return result.text, [c.rule for c in result.corrections if c.status == "applied"]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("ปรับปรุง,ช่องทางการร้องเรียน", "ปรับปรุงช่องทางการร้องเรียน"),  # comma inside Thai
        ("ระเบียบ:และทันเวลา", "ระเบียบและทันเวลา"),  # colon touching two words
        ("ประชาชน'ห้องประชุม", "ประชาชนห้องประชุม"),  # lone quote
        ("ให้เป็นปัจจุบัน,\nอย่างน้อย", "ให้เป็นปัจจุบัน\nอย่างน้อย"),  # stuck to a line's end
        ("หลักคุณธรรม.และความโปร่งใส", "หลักคุณธรรมและความโปร่งใส"),  # dot after a word
        ("หน่วย: -\nตรวจสอบ-\nภายใน", "หน่วย\nตรวจสอบ\nภายใน"),  # runs before line ends
        ("ให้บริการ เ\nประชาชน", "ให้บริการ\nประชาชน"),  # a lone leading vowel
        ("ผู้บริหารต่อ\n(สาธารณชน\n- จัดกิจกรรม", "ผู้บริหารต่อ\nสาธารณชน\n- จัดกิจกรรม"),
    ],
)
def test_inline_punctuation_is_dropped(text: str, want: str) -> None:
    assert _fixed(text)[0] == want
    assert set(_fixed(text)[1]) == {"inline_punct"}


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("ตรวจสอบได้\n-. จัดทำสรุปผล\n- ติดประกาศ", "ตรวจสอบได้\n- จัดทำสรุปผล\n- ติดประกาศ"),
        ("ก่อสร้าง\n-,บันทึกเลขไมล์", "ก่อสร้าง\n- บันทึกเลขไมล์"),
        ("- จัดทำแผน\n:ตรวจสอบการใช้\n- ทบทวนรายการ", "- จัดทำแผน\n- ตรวจสอบการใช้\n- ทบทวนรายการ"),
    ],
)
def test_junk_bullets_become_dashes(text: str, want: str) -> None:
    assert _fixed(text) == (want, ["inline_punct"])


@pytest.mark.parametrize(
    "text",
    [
        "สำนักงานป.ป.ช.ได้ประกาศ",  # abbreviation dots
        "ปีงบประมาณ พ.ศ.๒๕๖๗",
        "รมว.กลาโหม",  # an abbreviation the lexicon does not know: consonants only
        "ระยะเวลา ๑๕ วัน\n(ตรวจสอบได้)",  # closed on the next line
        "ประจำปี\n/\n(ตรวจสอบ\nได้",  # a status column: its close is often lost
        "ความร่วมมือไทย-จีน",  # a writer's hyphen
        "โครงการ “ทางนี้มีคำตอบ” ของกรม",  # paired quotes
        "ได้แก่:\nการประชุม",  # a colon that introduces a list
        "ไทย, จีน และญี่ปุ่น",  # a spaced comma
        "ชร\nเ\na",  # a lone vowel on its own line may be a piece of a word
    ],
)
def test_real_punctuation_is_kept(text: str) -> None:
    assert _fixed(text) == (text, [])


def test_um_after_an_amount_is_baht() -> None:
    assert _fixed("ค่าวัสดุ ๑๖,๑๐๐ UM รายละเอียด") == ("ค่าวัสดุ ๑๖,๑๐๐ บาท รายละเอียด", ["baht"])
    assert _fixed("จำนวน 59,300\num ประกอบ") == ("จำนวน 59,300\nบาท ประกอบ", ["baht"])
    assert _fixed("เงิน 5,000 THB") == ("เงิน 5,000 THB", [])  # not a look-alike of บาท
    assert _fixed("ข้อ 12 UM") == ("ข้อ 12 UM", [])  # not an amount


def test_a_term_neighbour_speaks_through_its_last_word() -> None:
    lex = load_lexicons()
    assert corpus_edge(lex, "หน่วยตรวจสอบภายใน", last=True) == "ภายใน"
    assert corpus_edge(lex, "หน่วยตรวจสอบภายใน", last=False) == "หน่วย"
    assert _fixed("หน่วยตรวจสอบภายในทีครอบคลุม") == ("หน่วยตรวจสอบภายในที่ครอบคลุม",
                                                     ["lost_mark"])
