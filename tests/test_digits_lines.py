"""Digit repairs around lines: list numbers with no OCR word, dotted lines read as digits,
decimal points read as marks, digits touched by ink of the next line, years after months."""

from __future__ import annotations

import numpy as np
import pytest

from digitizer import digit_render as render
from digitizer.digit_context import number_context
from digitizer.digits import RULE, GlyphRead, _bridge_points, reread_page
from digitizer.glyphs import OTHER, segment
from digitizer.model import Line, Page, Word, apply_corrections

WIDTH, HEIGHT, PX = 1200, 600, 64


def _font() -> object:
    files = render.available("sarabun")
    if not files:
        pytest.skip("TH Sarabun fonts not installed")
    return files[0]


def _stamp(canvas: np.ndarray, text: str, x: int, top: int) -> list[int]:
    """Draw `text` with its left edge at x; the page box of its ink."""
    sample = render.render(text, _font(), PX)  # type: ignore[arg-type]
    h, w = sample.image.shape
    canvas[top : top + h, x : x + w] = np.minimum(canvas[top : top + h, x : x + w], sample.image)
    boxes = [(b[0] + x, b[1] + top, b[2] + x, b[3] + top) for b in sample.boxes if b is not None]
    return [min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes)]


def _page(lines: list[list[Word]]) -> Page:
    made = [Line(text_raw=" ".join(w.text for w in ws), text=" ".join(w.text for w in ws),
                 bbox=ws[0].bbox, confidence=90, words=ws) for ws in lines]
    text = "\n".join(line.text_raw for line in made)
    return Page(number=1, width=WIDTH, height=HEIGHT, dpi=300, text_raw=text, text=text,
                lines=made)


def _blank() -> np.ndarray:
    return np.full((HEIGHT, WIDTH), 255, dtype=np.uint8)


def _list_item(prefix: str) -> tuple[np.ndarray, Word]:
    """A line "<prefix> ยกระดับ" of which OCR found only the word."""
    canvas = _blank()
    end = _stamp(canvas, prefix, 150, 200)[2]
    box = _stamp(canvas, "ยกระดับ", end - 25, 200)
    return canvas, Word(text="ยกระดับ", bbox=box, confidence=92)


def test_list_number_with_no_ocr_word_is_inserted() -> None:
    image, word = _list_item("๖.")
    page = _page([[word]])
    corrections = [c for c in reread_page(image, page) if c.start == c.end]
    assert [(c.start, c.original, c.suggestion, c.status, c.rule) for c in corrections] == [
        (0, "", "๖. ", "applied", RULE)]
    assert apply_corrections(page.text_raw, corrections) == "๖. ยกระดับ"


def test_ink_before_a_line_that_is_no_list_number_inserts_nothing() -> None:
    for prefix in ("-", "๖", "ก."):
        image, word = _list_item(prefix)
        assert reread_page(image, _page([[word]])) == [], prefix


def test_list_number_is_looked_for_only_before_the_first_word_of_a_line() -> None:
    image, word = _list_item("๖.")
    first = Word(text="ที่", bbox=[20, 200, 60, 260], confidence=90)
    page = _page([[first, word]])
    assert [c for c in reread_page(image, page) if c.start == c.end] == []


def _dotted(canvas: np.ndarray, x0: int, x1: int, y: int) -> list[int]:
    """A dotted guide line of 4-pixel dots from x0 to x1 on row y; its box."""
    for x in range(x0, x1, 12):
        canvas[y : y + 4, x : x + 4] = 0
    return [x0, y - 12, x1, y + 16]


def test_a_dotted_line_read_as_digits_is_deleted() -> None:
    canvas = _blank()
    box = _dotted(canvas, 200, 700, 300)
    word = Word(text="๑๑๑๐๐๑๑๑๐๐๐๑", bbox=box, confidence=80)
    page = _page([[word]])
    corrections = reread_page(canvas, page)
    assert [(c.start, c.end, c.suggestion, c.status) for c in corrections] == [
        (0, len(word.text), "", "applied")]


def test_real_digits_on_a_dotted_line_are_kept() -> None:
    canvas = _blank()
    _dotted(canvas, 200, 700, 262)
    box = _stamp(canvas, "๒๕๖๗", 300, 200)
    word = Word(text="๒๕๖๗", bbox=[200, box[1], 700, box[3]], confidence=90)
    assert reread_page(canvas, _page([[word]])) == []


def _read(label: str, box: tuple[int, int, int, int]) -> GlyphRead:
    return GlyphRead(box, label, 1.0, ())


def _score(after: str, tail: str = "") -> list[GlyphRead]:
    """Reads of "๕๘" + a dot + `after` digits (+ `tail` letters), digits 40 pixels tall."""
    reads = [_read("๕", (0, 10, 40, 50)), _read("๘", (45, 10, 85, 50)),
             _read(OTHER, (90, 40, 100, 50))]
    x = 105
    for ch in after + tail:
        reads.append(_read(ch if ch in "๐๑๒๓๔๕๖๗๘๙" else OTHER, (x, 10, x + 40, 50)))
        x += 45
    return reads


def test_a_dot_between_digits_ending_a_number_is_a_decimal_point() -> None:
    flags, points = _bridge_points(_score("๓๗", tail="ค"))
    assert points == {2}
    assert flags == [True, True, True, True, True, False]


def test_a_dot_before_three_digits_or_before_more_digits_is_no_point() -> None:
    assert _bridge_points(_score("๗๐๐"))[1] == set()
    assert _bridge_points(_score("๗", tail="ค๐"))[1] == set()


def test_ink_of_the_line_below_touching_a_digit_is_cut_at_the_baseline() -> None:
    mask = np.zeros((80, 120), dtype=bool)
    mask[10:40, 10:40] = True  # a digit
    mask[10:52, 60:90] = True  # a digit whose foot touches a mark of the next line
    glyphs = segment(mask)
    assert [g.box for g in glyphs] == [(10, 10, 40, 40), (60, 10, 90, 42)]


def test_a_year_is_expected_after_a_month_name_and_a_head_before_a_thousands_group() -> None:
    text = "วันที่ ๒๖ เมษายน Wedd แล้ว"
    start = text.index("Wedd")
    assert number_context(text, start, start + 4)
    text = "ค่าอาหาร be,๕๐๐ บาท"
    assert number_context(text, text.index("be"), text.index("be") + 2)
    text = "ค่าอาหาร be ทั้งหมด"
    assert not number_context(text, text.index("be"), text.index("be") + 2)


def test_a_short_digit_in_the_gap_beside_a_tall_word_box_is_kept() -> None:
    mask = np.zeros((120, 200), dtype=bool)
    mask[50:90, 10:40] = True  # a tall digit (๒) in the box
    mask[60:90, 50:80] = True  # a short one (๐) in the box
    mask[60:90, 100:130] = True  # a short one in the gap right of the box
    glyphs = segment(mask, keep=(5, 0, 85, 120), reach=(0, 160))
    assert [g.box[0] for g in glyphs] == [10, 50, 100]


def test_a_digit_clipped_by_the_crop_edge_is_not_deleted() -> None:
    from digitizer.digits import _clipped_beside

    reads = [_read(OTHER, (0, 10, 20, 48)), _read("๐", (30, 18, 70, 48))]
    assert _clipped_beside(reads, 1, 2, 100)
    reads[0] = _read(OTHER, (4, 10, 24, 48))
    assert not _clipped_beside(reads, 1, 2, 100)
