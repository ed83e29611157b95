"""Document assembly against the contract of the digits and corrections stages (faked here)."""

from __future__ import annotations

import sys
import types
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

import digitizer
from digitizer import api
from digitizer._exec import tesseract
from digitizer.model import Correction, Page
from digitizer.options import Options
from tests.conftest import glyph_run, tsv_rows

TSV = tsv_rows(
    [
        glyph_run("ปี", left=30, top=60) + glyph_run("๒๕๒๓", left=130, top=60),
        glyph_run("เรือง", left=30, top=160) + glyph_run("ขอ", left=250, top=160),
    ]
)


@pytest.fixture
def staged(monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    """Fake OCR, digit re-reading and text correction; records what the fakes were given."""
    seen: dict[str, object] = {}
    info = tesseract.TesseractInfo(version="5.3.0", languages=("eng", "osd", "tha"))
    monkeypatch.setattr(tesseract, "probe", lambda: info)
    monkeypatch.setattr(tesseract, "run_osd", lambda image, **_: (0, 0.0))
    monkeypatch.setattr(tesseract, "run_tsv", lambda image, **_: TSV)

    def reread_page(image: np.ndarray, page: Page, *, flag_below: float = 0.9) -> list[Correction]:
        seen["digit_image"] = image.shape
        start = page.text_raw.index("๒๕๒๓")
        return [
            Correction(
                id="",
                page=page.number,
                start=start,
                end=start + 4,
                original="๒๕๒๓",
                suggestion="๒๕๖๗",
                confidence=0.97,
                rule="thai_digit",
                bbox=[130, 60, 250, 100],
                status="applied",
            )
        ]

    def correct_document(texts, *, lexicons=None, protected=(), **kwargs):  # type: ignore[no-untyped-def]
        seen["texts"] = list(texts)
        seen["protected"] = [list(p) for p in protected]
        seen["thresholds"] = kwargs
        text = texts[0]
        at = text.index("เรือง")
        fixes = [
            SimpleNamespace(
                start=at,
                end=at + 5,
                original="เรือง",
                suggestion="เรื่อง",
                alternatives=["เรียง"],
                confidence=0.95,
                rule="lexicon",
                status="applied",
            ),
            SimpleNamespace(
                start=at + 6,
                end=at + 8,
                original="ขอ",
                suggestion="ข้อ",
                alternatives=[],
                confidence=0.6,
                rule="lexicon",
                status="flagged",
            ),
            SimpleNamespace(  # overlaps the digit correction: dropped
                start=4,
                end=6,
                original="๒๕",
                suggestion="25",
                alternatives=[],
                confidence=0.99,
                rule="bad",
                status="applied",
            ),
        ]
        return [SimpleNamespace(text="", corrections=fixes)]

    digits = types.ModuleType("digitizer.digits")
    digits.reread_page = reread_page  # type: ignore[attr-defined]
    fake_corrections = types.ModuleType("corrections")
    fake_corrections.load_lexicons = lambda paths=(): "LEX"  # type: ignore[attr-defined]
    fake_corrections.correct_document = correct_document  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "digitizer.digits", digits)
    monkeypatch.setattr(digitizer, "digits", digits, raising=False)
    monkeypatch.setitem(sys.modules, "corrections", fake_corrections)
    return seen


def test_stages_are_called_by_contract_and_merged(
    staged: dict[str, object], page_png: Path
) -> None:
    document = api.digitize_file(page_png, Options(structure=False, apply_threshold=0.8))
    page = document.pages[0]
    assert page.text_raw == "ปี ๒๕๒๓\nเรือง ขอ"
    assert staged["texts"] == ["ปี ๒๕๒๓\nเรือง ขอ"]
    assert staged["protected"] == [[(3, 7)]]
    assert staged["thresholds"] == {"apply_threshold": 0.8, "flag_threshold": 0.5}
    assert staged["digit_image"] == (400, 300)
    assert [(c.id, c.rule, c.status) for c in document.corrections] == [
        ("p1-001", "thai_digit", "applied"),
        ("p1-002", "lexicon", "applied"),
        ("p1-003", "lexicon", "flagged"),
    ]
    assert document.corrections[1].bbox == [30, 160, 30 + 4 * 30 + 26, 200]
    assert page.text == "ปี ๒๕๖๗\nเรื่อง ขอ"
    assert [line.text for line in page.lines] == ["ปี ๒๕๖๗", "เรื่อง ขอ"]
    assert document.status == "ok"


def test_a_crashing_stage_keeps_the_ocr_text(
    staged: dict[str, object], page_png: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: object, **__: object) -> list[object]:
        raise KeyError("lexicon")

    monkeypatch.setattr(sys.modules["corrections"], "correct_document", broken)
    document = api.digitize_file(page_png, Options(structure=False))
    assert document.status == "partial"
    assert document.errors[0].code == "stage_failed"
    assert document.pages[0].text == "ปี ๒๕๖๗\nเรือง ขอ"


def _digit(text: str, glyph: str, suggestion: str) -> Correction:
    start = text.index(glyph)
    return Correction(
        id="", page=1, start=start, end=start + len(glyph), original=glyph,
        suggestion=suggestion, confidence=0.95, rule="thai_digit", status="applied",
    )


def test_a_digit_inside_a_thai_word_yields_to_the_word_fix() -> None:
    from digitizer.finish import (
        digit_yields_to,
        inside_thai_word,
        merge_corrections,
        yielding_digits,
    )

    text = "อำเภอวังสาม4หมอ ข้อ 2 ให้ ที่ ลย ๐๗๕๑/3 ลงวันที่ 5 มีนาคม"
    junk, item, number, day = (
        _digit(text, "4", "๕"), _digit(text, " 2 ", " ๒ "), _digit(text, "3", "๓"),
        _digit(text, "5", "๕"),
    )
    item = item.model_copy(update={"start": item.start + 1, "end": item.end - 1,
                                   "original": "2", "suggestion": "๒"})
    assert [inside_thai_word(text, c) for c in (junk, item, number, day)] == [
        True, False, False, False,
    ]
    page = Page(number=1, width=10, height=10, dpi=300, text_raw=text, text=text)
    soft = yielding_digits([page], [[junk, item, number, day]])
    assert soft == [[junk, item, day]]  # Thai letters on both sides, spaces aside
    at = text.index("วังสาม4หมอ")
    name_fix = Correction(
        id="", page=1, start=at, end=at + len("วังสาม4หมอ"), original="วังสาม4หมอ",
        suggestion="วังสามหมอ", confidence=0.99, rule="entity_name", status="applied",
    )
    at = text.index("ข้อ 2 ให้")
    word_fix = Correction(
        id="", page=1, start=at, end=at + len("ข้อ 2 ให้"), original="ข้อ 2 ให้",
        suggestion="ข้อ ให้", confidence=0.9, rule="stray_letter", status="applied",
    )
    assert digit_yields_to(text, junk, name_fix)
    assert not digit_yields_to(text, item, word_fix)  # a number amid words: only names win
    words = [name_fix, word_fix]
    winners = [w for w in words if any(digit_yields_to(text, d, w) for d in soft[0])]
    merged = merge_corrections(1, [[number], winners, soft[0], words])
    assert [(c.original, c.suggestion) for c in merged] == [
        ("วังสาม4หมอ", "วังสามหมอ"), ("2", "๒"), ("3", "๓"), ("5", "๕"),
    ]


def test_a_digit_amid_a_broken_name_yields_to_the_name_fix() -> None:
    from digitizer.finish import amid_thai, digit_yields_to

    text = "อำเภอวังสาม\n4 หมอ จังหวัดอุดรธานี"
    junk = _digit(text, "4", "๕")
    assert amid_thai(text, junk)
    at = text.index("วังสาม")
    name_fix = Correction(
        id="", page=1, start=at, end=text.index("หมอ") + 3, original="วังสาม\n4 หมอ",
        suggestion="วังสาม\nหมอ", confidence=0.95, rule="entity_name", status="applied",
    )
    assert digit_yields_to(text, junk, name_fix)
    partial = name_fix.model_copy(update={"start": junk.start, "rule": "lost_mark"})
    assert not digit_yields_to(text, junk, partial)


def test_an_inserted_line_is_not_glued_to_the_line_it_precedes() -> None:
    from digitizer.finish import apply_to_page
    from digitizer.model import Line

    page = Page(
        number=2, width=100, height=100, dpi=300, text_raw="มาตรการ\nข้อ",
        lines=[
            Line(text_raw="มาตรการ", text="มาตรการ", bbox=[0, 20, 50, 30], confidence=90.0),
            Line(text_raw="ข้อ", text="ข้อ", bbox=[0, 40, 50, 50], confidence=90.0),
        ],
    )
    insert = Correction(
        id="", page=2, start=0, end=0, original="", suggestion="- ๒ -\n",
        confidence=0.99, rule="thai_digit", status="applied",
    )
    apply_to_page(page, [insert])
    assert page.text == "- ๒ -\nมาตรการ\nข้อ"
    assert [line.text for line in page.lines] == ["มาตรการ", "ข้อ"]


def test_a_correction_over_line_breaks_becomes_one_per_changed_line() -> None:
    from digitizer.finish import per_line

    original = "หน่วย .\nตรวจสอบ เ(\nภายใน"
    alternative = "หน่วยงาน\nตรวจสอบ\nภายนอก"
    assert per_line(10, original, "หน่วย\nตรวจสอบ\nภายใน", [alternative]) == [
        (10, "หน่วย .", "หน่วย", ["หน่วยงาน"]),
        (18, "ตรวจสอบ เ(", "ตรวจสอบ", []),
    ]
    assert per_line(0, "กอง\nช่อม", "กองช่าง", []) == [(0, "กอง\nช่อม", "กองช่าง", [])]
    assert per_line(3, "กองซ่อม", "กองช่าง", ["กองคลัง"]) == [(3, "กองซ่อม", "กองช่าง", ["กองคลัง"])]


def test_a_correction_over_whole_lines_gives_each_line_its_piece() -> None:
    from digitizer.finish import apply_to_page
    from digitizer.model import Line

    raw = "บนทก\nวรส่วน\nท ลย\nเรียน นายก"
    page = Page(
        number=1, width=100, height=100, dpi=300, text_raw=raw,
        lines=[
            Line(text_raw=t, text=t, bbox=[0, 10 * k, 50, 10 * k + 8], confidence=50.0)
            for k, t in enumerate(raw.split("\n"))
        ],
    )
    band = "บันทึกข้อความ\nส่วนราชการ สำนักปลัด\nที่ ลย ๐๗๕๑/๑\nวันที่ ๑ มีนาคม ๒๕๖๗"
    reread = Correction(
        id="", page=1, start=0, end=raw.index("\nเรียน"), original=raw[: raw.index("\nเรียน")],
        suggestion=band, confidence=0.9, rule="header_reread", status="applied",
    )
    apply_to_page(page, [reread])
    assert page.text == band + "\nเรียน นายก"
    assert [line.text for line in page.lines] == [
        "บันทึกข้อความ", "ส่วนราชการ สำนักปลัด", "ที่ ลย ๐๗๕๑/๑ วันที่ ๑ มีนาคม ๒๕๖๗", "เรียน นายก",
    ]
