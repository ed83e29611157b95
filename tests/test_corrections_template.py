"""The memo template's labels (บันทึกข้อความ / ส่วนราชการ / ที่ / เรื่อง / เรียน) and พ.ศ."""

from __future__ import annotations

import pytest

from corrections import correct
from corrections.template import is_memo, label_proposals, year_proposals

HEAD = (
    "{first}\n"
    "ส่วนราชการ สำนักปลัด องค์การบริหารส่วนตำบลขามเฒ่าพัฒนา\n"
    "อำเภอกันทรวิชัย จังหวัดมหาสารคาม\n"
    "{at}81300/0646 วันที่ 24 มกราคม 2568\n"
    "{subject} ขออนุมัติโครงการฝึกอบรม\n"
    "ประจำปีงบประมาณ {be} 2568\n"
    "เรียน นายกองค์การบริหารส่วนตำบลขามเฒ่าพัฒนา\n"
)
CLEAN = HEAD.format(first="บันทึกข้อความ", at="ที่ มค ", subject="เรื่อง", be="พ.ศ.")


def _rules(text: str) -> list[tuple[str, str, str, str]]:
    """(original, suggestion, rule, status) of the template rules' corrections."""
    result = correct(text)
    for c in result.corrections:
        assert text[c.start : c.end] == c.original
    return [(c.original, c.suggestion, c.rule, c.status) for c in result.corrections
            if c.rule in ("memo_label", "year_abbr", "memo_header")]


def test_clean_memo_head_is_unchanged() -> None:
    assert correct(CLEAN).text == CLEAN
    assert label_proposals(CLEAN) == []
    assert year_proposals(CLEAN) == []


def test_damaged_labels_restored() -> None:
    text = HEAD.format(first="ง บนทกขอความ", at="ที่ มค ", subject="เรือง", be="พ.ศ.")
    assert _rules(text) == [
        ("ง บนทกขอความ", "บันทึกข้อความ", "memo_label", "applied"),
        ("เรือง", "เรื่อง", "memo_label", "applied"),
    ]
    assert correct(text).text == CLEAN


def test_label_glued_to_subject_and_emblem_line_dropped() -> None:
    text = "๓๓% =๑ ฆม\n" + HEAD.format(first="บนทกขอ ความ", at="ที่ มค ",
                                       subject="เรอง", be="พ.ศ.")
    assert correct(text).text == CLEAN


def test_latin_at_label_becomes_at_and_province_abbreviation() -> None:
    text = HEAD.format(first="บันทึกข้อความ", at="UA ", subject="เรื่อง", be="พ.ศ.")
    assert _rules(text) == [("UA ", "ที่ มค ", "memo_header", "applied")]
    assert correct(text).text == CLEAN


@pytest.mark.parametrize("read", ["W.A.", "MW.ศ.", "พ.ศ,", "W.ศ."])
def test_latin_look_alike_of_be_year(read: str) -> None:
    text = HEAD.format(first="บันทึกข้อความ", at="ที่ มค ", subject="เรื่อง", be=read)
    assert _rules(text) == [(read, "พ.ศ.", "year_abbr", "applied")]


def test_year_rule_needs_a_buddhist_era_year() -> None:
    assert year_proposals("see U.S. 1990 and W.A. 2012") == []
    assert year_proposals("ปี W.A. ๒๕๖๘") != []


def test_labels_need_a_memo() -> None:
    text = "เรือง ขออนุมัติ\nเรยน นายก\n"
    assert not is_memo(text.split("\n"))
    assert label_proposals(text) == []
    body = "บันทึกข้อความ\n" + "เรืองชัย ใจดี\n" * 3
    assert label_proposals(body, frozenset({22})) == []  # เรืองชัย is one token
    assert correct(body).text == body
    assert [(p.start, p.suggestion) for p in label_proposals(body, frozenset({19}))] == [
        (14, "เรื่อง")]
