"""The header band re-read: the read with leaders kept only when the leader-free read and the
page OCR disagree (OCR and the digit reader replaced by stand-ins: no Tesseract)."""

from __future__ import annotations

import numpy as np
import pytest

from digitizer import header
from digitizer.model import Correction, Line, Page, Word
from digitizer.options import Options

HEADER = [
    "บันทึกข้อความ",
    "ส่วนราชการ สำนักปลัด เทศบาลตำบลตัวอย่าง อำเภอเมือง จังหวัดทดสอบ",
    "ที่ ทส ๑๒๓๔/๕๖๗ วันที่ ๑๕ มกราคม ๒๕๖๘",
    "เรื่อง ขอความเห็นชอบโครงการอบรมเชิงปฏิบัติการ",
    "เรียน นายกเทศมนตรีตำบลตัวอย่าง",
]
BODY = "ด้วยสำนักปลัดได้จัดทำโครงการ"


def _lines(texts: list[str], confidence: float = 90.0) -> list[Line]:
    out = []
    for i, text in enumerate(texts):
        box = (100, 100 + i * 60, 1500, 140 + i * 60)
        word = Word(text=text, bbox=box, confidence=confidence)
        out.append(Line(text_raw=text, text=text, bbox=box, confidence=confidence, words=[word]))
    return out


def _page(texts: list[str]) -> Page:
    lines = _lines([*texts, BODY])
    return Page(number=1, width=2000, height=2800, dpi=300, lines=lines)


class FakeOcr:
    """Band reads by variant: 'cleaned' (leaders painted white) or 'kept'."""

    def __init__(self, cleaned: list[Line], kept: list[Line]) -> None:
        self.reads = {"cleaned": cleaned, "kept": kept}
        self.calls: list[tuple[str, int]] = []

    def __call__(self, image: np.ndarray, page: Page, options: Options, psm: int) -> list[Line]:
        variant = "cleaned" if image[0, 0] == 1 else "kept"
        self.calls.append((variant, psm))
        return self.reads[variant]


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> None:
    """No digit reader; leader removal marks the image (pixel 0,0 set to 1)."""

    def painted(crop: np.ndarray) -> np.ndarray:
        out = crop.copy()
        out[0, 0] = 1
        return out

    monkeypatch.setattr(header, "_with_digits", lambda image, page, lines: lines)
    monkeypatch.setattr(header, "remove_dotted_leaders", painted)


def _run(monkeypatch: pytest.MonkeyPatch, page: Page, ocr: FakeOcr) -> list[list[Line]]:
    monkeypatch.setattr(header, "_ocr_lines", ocr)
    image = np.zeros((page.height, page.width), dtype=np.uint8)
    return header.reread_headers(image, page, options=Options())


@pytest.mark.usefixtures("fake")
def test_agreeing_reads_skip_the_read_with_leaders(monkeypatch: pytest.MonkeyPatch) -> None:
    ocr = FakeOcr(_lines(HEADER, 80.0), _lines(HEADER, 95.0))
    reads = _run(monkeypatch, _page(HEADER), ocr)
    assert ocr.calls == [("cleaned", header.HEADER_PSM)]
    assert [line.text for line in reads[0]] == HEADER
    assert len(reads) == 1


@pytest.mark.usefixtures("fake")
def test_a_different_date_reads_with_leaders_and_the_surer_wins(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    other = [*HEADER[:2], "ที่ ทส ๑๒๓๔/๕๖๗ วันที่ ๑๘ มกราคม ๒๕๖๘", *HEADER[3:]]
    kept = _lines(other, 95.0)
    ocr = FakeOcr(_lines(HEADER, 80.0), kept)
    page = _page([*HEADER[:2], "ที่ ทส ๑๒๓๔/๕๖๗ วันที่ ๑๙ มกราคม ๒๕๖๘", *HEADER[3:]])
    reads = _run(monkeypatch, page, ocr)
    assert ocr.calls == [("cleaned", header.HEADER_PSM), ("kept", header.HEADER_PSM)]
    assert reads[0][2].text == "ที่ ทส ๑๒๓๔/๕๖๗ วันที่ ๑๘ มกราคม ๒๕๖๘"


@pytest.mark.usefixtures("fake")
def test_an_incomplete_read_never_agrees(monkeypatch: pytest.MonkeyPatch) -> None:
    partial = [HEADER[0], HEADER[1], HEADER[3], HEADER[4]]  # the ที่/วันที่ line lost
    ocr = FakeOcr(_lines(partial, 90.0), _lines(partial, 70.0))
    reads = _run(monkeypatch, _page(partial), ocr)
    assert ocr.calls == [
        ("cleaned", header.HEADER_PSM), ("kept", header.HEADER_PSM),
        ("cleaned", header.FALLBACK_PSM),
    ]
    assert len(reads) == 2


def test_subjects_must_nearly_match(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(header, "_with_digits", lambda image, page, lines: lines)
    image = np.zeros((2800, 2000), dtype=np.uint8)
    read = _lines(HEADER)
    near = [*HEADER[:3], "เรื่อง ขอความเห็นชอบโครงการอบรมเชิงปฎิบัติการ", HEADER[4]]
    far = [*HEADER[:3], "เรื่อง ขออนุมัติจัดซื้อวัสดุ", HEADER[4]]
    assert header.agrees_with_page(image, _page(near), 2000, read)
    assert not header.agrees_with_page(image, _page(far), 2000, read)


def test_a_page_without_header_labels_is_not_reread(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    monkeypatch.setattr(header, "_ocr_lines", lambda *args: calls.append(1) or [])
    page = _page(["ผลการดำเนินงาน", "เรียบร้อย", "ข้อมูล ณ วันที่ ๓๑ มีนาคม ๒๕๖๗"])
    assert not header.shows_header(page)
    image = np.zeros((page.height, page.width), dtype=np.uint8)
    assert header.reread_headers(image, page, options=Options()) == []
    assert calls == []


def test_any_one_sure_label_shows_a_header() -> None:
    assert header.shows_header(_page(["บนทึกขอความ"]))  # the title, damaged
    assert header.shows_header(_page(["เรียน นายกเทศมนตรีตำบลตัวอย่าง"]))
    assert not header.shows_header(_page(["เรียบร้อย"]))


def _fix(start: int, end: int, original: str, suggestion: str, status: str) -> Correction:
    return Correction(
        id=f"d{start}", page=1, start=start, end=end, original=original, suggestion=suggestion,
        confidence=0.9, rule="thai_digit", status=status,
    )


def test_page_fixes_go_into_their_lines() -> None:
    lines = _lines(["ที่ ทส ๑๒๓๔", "วันที่ ๑๕ มกราคม"])
    fixes = [
        _fix(7, 8, "๑", "๗", "applied"),  # line 1: "ที่ ทส " is 7 characters
        _fix(21, 22, "๕", "๘", "flagged"),  # not sure: left as read
        _fix(19, 20, "๑", "๒", "applied"),  # line 2 starts at 12 (after the newline)
    ]
    fixed = header.with_page_fixes(lines, fixes)
    assert [line.text for line in fixed] == ["ที่ ทส ๗๒๓๔", "วันที่ ๒๕ มกราคม"]
    assert [line.text_raw for line in fixed] == ["ที่ ทส ๑๒๓๔", "วันที่ ๑๕ มกราคม"]


def test_agreement_uses_the_page_fixes_when_given(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_reread(*args: object) -> list[Line]:
        raise AssertionError("the digits were known")

    monkeypatch.setattr(header, "_with_digits", no_reread)
    image = np.zeros((2800, 2000), dtype=np.uint8)
    damaged = [*HEADER[:2], "ที่ ทส ๑๒๓๔/๕๖๗ วันที่ ๑๙ มกราคม ๒๕๖๘", *HEADER[3:]]
    page = _page(damaged)
    text = "\n".join(line.text_raw for line in page.lines)
    at = text.find("๑๙")
    fix = _fix(at + 1, at + 2, "๙", "๕", "applied")
    assert header.agrees_with_page(image, page, 2000, _lines(HEADER), [fix])
    assert not header.agrees_with_page(image, page, 2000, _lines(HEADER), [])
