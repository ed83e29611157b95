"""Short Latin junk inside Thai text: deleted when sure, flagged when it may be meant."""

from __future__ import annotations

import pytest

from corrections import correct


def _latin(text: str) -> list[tuple[str, str, str]]:
    """(original, suggestion, status) of every latin_junk correction; offsets checked."""
    result = correct(text)
    for c in result.corrections:
        assert text[c.start : c.end] == c.original
    return [(c.original, c.suggestion, c.status) for c in result.corrections
            if c.rule == "latin_junk"]


def test_junk_alone_on_a_line_is_deleted() -> None:
    text = "ผู้รับผิดชอบ\nve\nการกำกับติดตาม"
    assert _latin(text) == [("ve", "", "applied")]
    assert correct(text).text == "ผู้รับผิดชอบ\n\nการกำกับติดตาม"


def test_junk_touching_thai_is_deleted() -> None:
    text = "การกำกับติดตามไว้ oFดังนี้"
    assert _latin(text) == [("oF", "", "applied")]
    assert correct(text).text == "การกำกับติดตามไว้ ดังนี้"


def test_capitalised_or_digit_like_tokens_are_only_flagged() -> None:
    assert _latin("ผู้รับผิดชอบ\nVOU\nการกำกับติดตาม") == [("VOU", "", "flagged")]
    text = "ส่งคืนพัสดุภายใน\ngoวันหลัง"  # go is a misread ๓๐: the digit reader's business
    assert _latin(text) == [("go", "", "flagged")]
    assert correct(text).text == text


@pytest.mark.parametrize(
    "text",
    [
        "ใช้แนวคิด new normal ในการทำงาน",  # an English phrase
        "ประชุมผ่านระบบ Zoom Meeting ทุกเดือน",
        "การประเมิน ITA ประจำปี",  # an acronym between spaces
        "๑. จัดทำแผน\n๒. ส่งเสริม",
        "lo. ควบคุมการใช้รถ",  # a misread list number before a full stop
    ],
)
def test_latin_words_in_thai_text_are_left(text: str) -> None:
    assert _latin(text) == []
    assert correct(text).text == text
