"""Thai dates to ISO Gregorian: variants, OCR damage, impossible dates, far years."""

from __future__ import annotations

import pytest

from digitizer.thaidate import (
    find_thai_dates,
    match_month,
    parse_thai_date,
    to_arabic_digits,
    years_far_from,
    years_in,
)


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("๓๑ มีนาคม พ.ศ. ๒๕๖๔", "2021-03-31"),
        ("๓๑ มี.ค. ๖๔", "2021-03-31"),
        ("31 มีนาคม 2564", "2021-03-31"),
        ("๓๑ มีนาคม ๒๕๖๔", "2021-03-31"),
        ("๓๑ มีนาคม พ.ศ.๒๕๖๔", "2021-03-31"),
        ("วันที่ ๓ เมษายน ๒๕๖๗", "2024-04-03"),
        ("๑ ม.ค. ๒๕๖๕", "2022-01-01"),
        ("๒๘ พฤษภาคม ๒๕๖๗", "2024-05-28"),
        ("๑๕ ธันวาคม ค.ศ. 2020", "2020-12-15"),
        ("29 กุมภาพันธ์ 2563", "2020-02-29"),
        ("๙ มีค ๖๔", "2021-03-09"),
        ("๓๑ มี นาคม ๒๕๖๔", "2021-03-31"),
        ("๒ ตุลาคม พ. ศ. ๒๕๖๓", "2020-10-02"),
    ],
)
def test_variants_parse(text: str, iso: str) -> None:
    date = parse_thai_date(text)
    assert date is not None
    assert (date.iso, date.flagged, date.reason) == (iso, False, None)


def test_fields_and_span() -> None:
    date = parse_thai_date("ที่ ลย ๑๒๓/๔๕ วันที่ ๓๑ มีนาคม พ.ศ. ๒๕๖๔ เรื่อง")
    assert date is not None
    assert (date.day, date.month, date.year_be, date.text) == (31, 3, 2564, "๓๑ มีนาคม พ.ศ. ๒๕๖๔")
    assert (date.start, date.end) == (21, 40)


def test_ocr_damaged_month_is_matched_fuzzily() -> None:
    date = parse_thai_date("๓๑ มีนาคน ๒๕๖๔")  # ม read as น
    assert date is not None and date.iso == "2021-03-31" and not date.flagged
    date = parse_thai_date("๓ เมษาขน ๒๕๖๗")
    assert date is not None and date.iso == "2024-04-03"
    date = parse_thai_date("๑๒ กรกฎาคม ๒๕๖๔".replace("ฎ", "ฏ"))
    assert date is not None and date.iso == "2021-07-12"
    # sara am as Tesseract writes it
    assert match_month("มิถุนายน") == (6, 100.0)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("๓๒ มีนาคม ๒๕๖๔", "day 32 does not exist in มีนาคม 2564"),
        ("๓๐ กุมภาพันธ์ ๒๕๖๔", "day 30 does not exist in กุมภาพันธ์ 2564"),
        ("29 กุมภาพันธ์ 2564", "day 29 does not exist in กุมภาพันธ์ 2564"),
        ("๓๑ ขขขขข ๒๕๖๔", "month 'ขขขขข' unreadable"),
        ("๓๑ กก ๒๕๖๔", "month 'กก' unreadable"),
        ("๓๑ มีนาคม ๙๙๙๙", "year ๙๙๙๙ is out of range"),
    ],
)
def test_impossible_dates_are_flagged_not_invented(text: str, reason: str) -> None:
    date = parse_thai_date(text)
    assert date is not None
    assert (date.iso, date.flagged, date.reason) == (None, True, reason)


def test_no_date() -> None:
    assert parse_thai_date("เรื่อง รายงานผลการดำเนินงาน") is None
    assert parse_thai_date("") is None


def test_first_readable_date_wins_and_all_are_found() -> None:
    text = "๓๒ มีนาคม ๒๕๖๔ และ ๑ เมษายน ๒๕๖๔"
    assert [d.iso for d in find_thai_dates(text)] == [None, "2021-04-01"]
    date = parse_thai_date(text)
    assert date is not None and date.iso == "2021-04-01"


def test_to_arabic_digits() -> None:
    assert to_arabic_digits("ลย ๐๑๒๓๔/๕๖๗๘๙ 10") == "ลย 01234/56789 10"


def test_years_far_from_the_memo_year() -> None:
    text = "ผลการประเมินปี พ.ศ. ๒๕๖๒ และแผนปี ๒๕๖๕ ต่อด้วย ๒๕๖๗ เลขที่ ๑๒/๒๕๖๙ ๒๕๑๐"
    assert [y.year_be for y in years_in(text)] == [2562, 2565, 2567, 2510]
    far = years_far_from(text, 2564)
    assert [(y.text, y.year_be) for y in far] == [("๒๕๖๗", 2567), ("๒๕๑๐", 2510)]
    assert [y.year_be for y in years_far_from(text, 2021, tolerance=3)] == [2510]
    assert text[far[0].start : far[0].end] == "๒๕๖๗"
