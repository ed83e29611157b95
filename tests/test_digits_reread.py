"""reread_page on a rendered page whose OCR text has Tesseract's typical digit errors."""

from __future__ import annotations

import numpy as np
import pytest

from digitizer import digit_render as render
from digitizer.digits import RULE, reread_page
from digitizer.model import Line, Page, Word, apply_corrections

# (what is printed, what Tesseract read): it has no ๔ ๖ ๗ ๘ ๙ and misreads them
WORDS = [
    ("ลย", "ลย"),
    ("๗๔๓๐๑/๒๕๖๔", "๓๕๓๐๑/๒๕๐๕"),
    ("บาท", "บาท"),
    ("๔๘,๙๕๐", "๕๕,๕๕๐"),
    ("๒๕๖๔", "๒๕ใ๕"),
    ("๒๕๖๗", "๒๕๒๐๓"),
    ("๑๒๓", "๑๒๓"),
]


def _page(px: int = 64, seed: int | None = None) -> tuple[np.ndarray, Page]:
    files = render.available("sarabun")
    if not files:
        pytest.skip("TH Sarabun fonts not installed")
    canvas = np.full((px * 4, px * 40), 255, dtype=np.uint8)
    words, x = [], px
    for printed, read in WORDS:
        sample = render.render(printed, files[0], px)
        boxes = [b for b in sample.boxes if b is not None]
        x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
        x1, y1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
        h, w = sample.image.shape
        top = px // 2
        canvas[top : top + h, x : x + w] = np.minimum(canvas[top : top + h, x : x + w],
                                                      sample.image)
        words.append(Word(text=read, bbox=[x + x0, top + y0, x + x1, top + y1], confidence=80))
        x += x1 + px // 2
    if seed is not None:
        canvas = render.degrade(canvas, np.random.default_rng(seed), strength=0.4)
    text = " ".join(w.text for w in words)
    line = Line(text_raw=text, text=text, bbox=[0, 0, canvas.shape[1], canvas.shape[0]],
                confidence=80, words=words)
    page = Page(number=2, width=canvas.shape[1], height=canvas.shape[0], dpi=300,
                text_raw=text, text=text, lines=[line])
    return canvas, page


def test_wrong_digits_are_corrected_with_offsets_and_boxes() -> None:
    image, page = _page()
    corrections = reread_page(image, page)
    got = [(c.start, c.end, c.original, c.suggestion, c.status) for c in corrections]
    assert got == [
        (3, 4, "๓", "๗", "applied"),
        (4, 5, "๕", "๔", "applied"),
        (11, 12, "๐", "๖", "applied"),
        (12, 13, "๕", "๔", "applied"),
        (18, 19, "๕", "๔", "applied"),
        (19, 20, "๕", "๘", "applied"),
        (21, 22, "๕", "๙", "applied"),
        (27, 28, "ใ", "๖", "applied"),
        (28, 29, "๕", "๔", "applied"),
        (30, 35, "๒๕๒๐๓", "๒๕๖๗", "applied"),
    ]
    for c in corrections:
        assert c.rule == RULE and c.page == 2 and c.id == ""
        assert c.bbox is not None and c.bbox[2] > c.bbox[0] and c.bbox[3] > c.bbox[1]
        assert 0.9 <= c.confidence <= 1.0
        assert page.text_raw[c.start : c.end] == c.original
    fixed = apply_corrections(page.text_raw, corrections)
    assert fixed == " ".join(printed for printed, _ in WORDS)


def test_single_digit_box_lies_on_the_glyph() -> None:
    image, page = _page()
    first = reread_page(image, page)[0]
    word_box = page.lines[0].words[1].bbox
    assert first.bbox is not None
    quarter = word_box[0] + (word_box[2] - word_box[0]) // 4
    assert word_box[0] - 2 <= first.bbox[0] < first.bbox[2] <= quarter


def test_degraded_page_gives_the_printed_digits() -> None:
    image, page = _page(px=56, seed=7)
    fixed = apply_corrections(page.text_raw, reread_page(image, page))
    assert fixed == " ".join(printed for printed, _ in WORDS)


def test_low_confidence_is_flagged_not_applied() -> None:
    image, page = _page()
    corrections = reread_page(image, page, flag_below=1.01)
    assert corrections and {c.status for c in corrections} == {"flagged"}
    assert apply_corrections(page.text_raw, corrections) == page.text_raw


def test_page_without_digits_or_words_gives_nothing() -> None:
    image = np.full((100, 100), 255, dtype=np.uint8)
    word = Word(text="บาท", bbox=[10, 10, 60, 50], confidence=90)
    line = Line(text_raw="บาท", text="บาท", bbox=[10, 10, 60, 50], confidence=90, words=[word])
    page = Page(number=1, width=100, height=100, dpi=300, text_raw="บาท", text="บาท", lines=[line])
    assert reread_page(image, page) == []
    blank = Word(text="๒๕๖๔", bbox=[10, 10, 60, 50], confidence=90)
    line = Line(text_raw="๒๕๖๔", text="๒๕๖๔", bbox=[10, 10, 60, 50], confidence=90, words=[blank])
    page = Page(number=1, width=100, height=100, dpi=300, text_raw="๒๕๖๔", text="๒๕๖๔",
                lines=[line])
    assert reread_page(image, page) == []


def _line_page(items: list[tuple[str, str, float, int]], px: int = 64) -> tuple[np.ndarray, Page]:
    """A one-line page of (printed, read, OCR confidence, pixels the OCR box lost on the left)."""
    files = render.available("sarabun")
    if not files:
        pytest.skip("TH Sarabun fonts not installed")
    canvas = np.full((px * 4, px * 30), 255, dtype=np.uint8)
    words, x = [], px
    for printed, read, confidence, clip in items:
        sample = render.render(printed, files[0], px)
        boxes = [b for b in sample.boxes if b is not None]
        x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
        x1, y1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
        h, w = sample.image.shape
        top = px // 2
        canvas[top : top + h, x : x + w] = np.minimum(canvas[top : top + h, x : x + w],
                                                      sample.image)
        words.append(Word(text=read, bbox=[x + x0 + clip, top + y0, x + x1, top + y1],
                          confidence=confidence))
        x += x1 + px
    text = " ".join(w.text for w in words)
    line = Line(text_raw=text, text=text, bbox=[0, 0, canvas.shape[1], canvas.shape[0]],
                confidence=80, words=words)
    return canvas, Page(number=1, width=canvas.shape[1], height=canvas.shape[0], dpi=300,
                        text_raw=text, text=text, lines=[line])


def test_digit_left_out_of_the_ocr_box_is_read() -> None:
    # Tesseract's box starts at the second digit, its text has four (the first one wrong)
    image, page = _line_page([("พ.ศ.", "พ.ศ.", 90, 0), ("๒๕๖๗", "๒๕๐๕", 80, 25)])
    fixed = apply_corrections(page.text_raw, reread_page(image, page))
    assert fixed == "พ.ศ. ๒๕๖๗"


def test_unsure_word_of_thai_digits_is_still_corrected() -> None:
    image, page = _line_page([("๘", "๕", 40, 0), ("เมษายน", "เมษายน", 90, 0)])
    corrections = reread_page(image, page)
    assert [(c.original, c.suggestion, c.status) for c in corrections] == [("๕", "๘", "applied")]


def test_latin_junk_word_reading_as_sure_thai_digits_is_corrected() -> None:
    # no number context at all: the word itself must read as sure Thai digits
    image, page = _line_page([("๒๕๖๖", "Wedd", 75, 0), ("โดย", "โดย", 90, 0),
                              ("Policy", "Policy", 90, 0)])
    corrections = reread_page(image, page)
    assert [(c.original, c.suggestion, c.status) for c in corrections] == [
        ("Wedd", "๒๕๖๖", "applied")]
