"""Page-level digit repairs: page numbers, specks read as digits, digits lost between boxes,
sure reads where a number is expected."""

from __future__ import annotations

import numpy as np
import pytest

from digitizer import digit_render as render
from digitizer.digits import RULE, load_model, reread_page
from digitizer.model import Line, Page, Word, apply_corrections
from digitizer.page_numbers import find_page_number

WIDTH, HEIGHT, PX = 1200, 1700, 64


def _font() -> object:
    files = render.available("sarabun")
    if not files:
        pytest.skip("TH Sarabun fonts not installed")
    return files[0]


def _stamp(canvas: np.ndarray, text: str, x: int, top: int) -> list[tuple[int, int, int, int]]:
    """Draw `text` with its left edge at x; the page boxes of its characters."""
    sample = render.render(text, _font(), PX)  # type: ignore[arg-type]
    h, w = sample.image.shape
    canvas[top : top + h, x : x + w] = np.minimum(canvas[top : top + h, x : x + w], sample.image)
    return [(b[0] + x, b[1] + top, b[2] + x, b[3] + top) for b in sample.boxes if b is not None]


def _union(boxes: list[tuple[int, int, int, int]]) -> list[int]:
    return [min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes)]


def _page(words: list[Word], number: int = 3) -> Page:
    lines = [Line(text_raw=w.text, text=w.text, bbox=w.bbox, confidence=w.confidence, words=[w])
             for w in words]
    text = "\n".join(w.text for w in words)
    return Page(number=number, width=WIDTH, height=HEIGHT, dpi=300, text_raw=text, text=text,
                lines=lines)


def _numbered(centre: int = WIDTH // 2) -> tuple[np.ndarray, list[int], Word]:
    """A page with "- ๓ -" centred at x = `centre` near the top and one body word below."""
    canvas = np.full((HEIGHT, WIDTH), 255, dtype=np.uint8)
    boxes = _stamp(canvas, "- ๓ -", centre - 70, 40)
    body = _stamp(canvas, "มาตรการ", 150, 400)
    return canvas, _union(boxes), Word(text="มาตรการ", bbox=_union(body), confidence=90)


def test_page_number_is_found_and_read() -> None:
    image, box, _body = _numbered()
    found = find_page_number(image, 300, "thai", load_model())
    assert found is not None
    assert found.digits == "๓" and found.confidence >= 0.9
    assert abs(found.box[0] - box[0]) <= 2 and abs(found.box[2] - box[2]) <= 2


def test_page_number_read_as_junk_is_replaced() -> None:
    image, box, body = _numbered()
    page = _page([Word(text="โซ", bbox=box, confidence=40), body])
    corrections = reread_page(image, page)
    assert [(c.start, c.end, c.original, c.suggestion, c.status, c.rule) for c in corrections] == [
        (0, 2, "โซ", "- ๓ -", "applied", RULE)]
    assert apply_corrections(page.text_raw, corrections) == "- ๓ -\nมาตรการ"


def test_page_number_without_ocr_word_is_inserted() -> None:
    image, _box, body = _numbered()
    page = _page([body])
    corrections = reread_page(image, page)
    assert [(c.start, c.end, c.original, c.suggestion, c.status) for c in corrections] == [
        (0, 0, "", "- ๓ -\n", "applied")]
    assert apply_corrections(page.text_raw, corrections) == "- ๓ -\nมาตรการ"


def test_page_number_disagreeing_with_the_page_index_keeps_the_index_as_alternative() -> None:
    image, _box, body = _numbered()
    page = _page([body], number=5)
    (correction,) = reread_page(image, page)
    assert (correction.suggestion, correction.status, correction.alternatives) == (
        "- ๓ -\n", "applied", ["- ๕ -"])


def test_dashed_digit_off_centre_is_not_a_page_number() -> None:
    image, _box, body = _numbered(centre=250)
    assert find_page_number(image, 300, "thai", load_model()) is None
    assert reread_page(image, _page([body])) == []


def test_speck_read_as_a_digit_is_deleted_but_a_real_digit_is_kept() -> None:
    canvas = np.full((600, 1200), 255, dtype=np.uint8)
    left = _stamp(canvas, "ผิดชอบ", 100, 100)
    right = _stamp(canvas, "การ", 500, 100)
    canvas[180:183, 420:423] = 0  # a speck between the words, read as "0"
    speck = Word(text="0", bbox=[420, 180, 423, 183], confidence=60)
    digit = _stamp(canvas, "๐", 800, 100)
    real = Word(text="0", bbox=[digit[0][0], digit[0][1] + 12, digit[0][2], digit[0][1] + 15],
                confidence=60)  # an OCR box clipped to a sliver of a real digit
    words = [Word(text="ผิดชอบ", bbox=_union(left), confidence=90), speck,
             Word(text="การ", bbox=_union(right), confidence=90), real]
    text = " ".join(w.text for w in words)
    line = Line(text_raw=text, text=text, bbox=[0, 0, 1200, 600], confidence=80, words=words)
    page = Page(number=1, width=1200, height=600, dpi=300, text_raw=text, text=text, lines=[line])
    deletions = [c for c in reread_page(canvas, page) if c.suggestion == ""]
    assert [(c.start, c.end, c.original, c.status) for c in deletions] == [(7, 8, "0", "applied")]
    assert deletions[0].bbox == [420, 180, 423, 183]


def test_digit_lost_between_two_boxes_of_one_number_is_read_once() -> None:
    canvas = np.full((400, 1200), 255, dtype=np.uint8)
    before = _stamp(canvas, "พ.ศ.", 60, 100)
    boxes = _stamp(canvas, "๒๕๖๗", 400, 100)
    # Tesseract boxed "๒๕" and "๗" and wrote nothing for the ๖ between them
    words = [Word(text="พ.ศ.", bbox=_union(before), confidence=90),
             Word(text="๒๕", bbox=_union(boxes[:2]), confidence=90),
             Word(text="๗", bbox=_union(boxes[3:]), confidence=90)]
    text = " ".join(w.text for w in words)
    line = Line(text_raw=text, text=text, bbox=[0, 0, 1200, 400], confidence=90, words=words)
    page = Page(number=1, width=1200, height=400, dpi=300, text_raw=text, text=text, lines=[line])
    corrections = reread_page(canvas, page)
    assert [(c.original, c.suggestion, c.status) for c in corrections] == [
        ("๒๕", "๒๕๖", "applied")]
    assert apply_corrections(page.text_raw, corrections) == "พ.ศ. ๒๕๖ ๗"


@pytest.mark.parametrize(("after", "status"), [(".", "applied"), ("", "flagged")])
def test_sure_read_of_an_unsure_word_is_applied_only_where_a_number_is_expected(
        after: str, status: str) -> None:
    canvas = np.full((400, 1200), 255, dtype=np.uint8)
    item = _stamp(canvas, "๗" + after, 100, 100)
    rest = _stamp(canvas, "เพิ่ม", 400, 100)
    words = [Word(text="al" + after, bbox=_union(item), confidence=40),
             Word(text="เพิ่ม", bbox=_union(rest), confidence=90)]
    text = " ".join(w.text for w in words)
    line = Line(text_raw=text, text=text, bbox=[0, 0, 1200, 400], confidence=60, words=words)
    page = Page(number=1, width=1200, height=400, dpi=300, text_raw=text, text=text, lines=[line])
    corrections = reread_page(canvas, page)
    assert [(c.original, c.suggestion, c.status) for c in corrections] == [("al", "๗", status)]


def test_latin_junk_list_number_with_a_glyph_per_letter_is_paired_with_its_digit() -> None:
    # "๓.." printed, "on." read: as many glyphs as letters, but "on" is one ๓ and "." a dot
    canvas = np.full((400, 1200), 255, dtype=np.uint8)
    item = _stamp(canvas, "๓..", 100, 100)
    rest = _stamp(canvas, "เพิ่ม", 400, 100)
    words = [Word(text="on.", bbox=_union(item), confidence=80),
             Word(text="เพิ่ม", bbox=_union(rest), confidence=90)]
    text = "ข้อมูล\n" + " ".join(w.text for w in words)
    line = Line(text_raw=text, text=text, bbox=[0, 0, 1200, 400], confidence=80, words=words)
    page = Page(number=1, width=1200, height=400, dpi=300, text_raw=text, text=text,
                lines=[Line(text_raw="ข้อมูล", text="ข้อมูล", bbox=[0, 0, 10, 10], confidence=90,
                            words=[Word(text="ข้อมูล", bbox=[0, 0, 10, 10], confidence=90)]),
                       line.model_copy(update={"text_raw": text[7:], "text": text[7:]})])
    corrections = reread_page(canvas, page)
    assert [(c.start, c.end, c.original, c.suggestion, c.status) for c in corrections] == [
        (7, 9, "on", "๓", "applied")]


def test_dust_between_digits_does_not_split_the_number() -> None:
    canvas = np.full((400, 1200), 255, dtype=np.uint8)
    first = _stamp(canvas, "๒๕", 300, 100)
    boxes = first + _stamp(canvas, "๖๗", first[-1][2] - 10, 100)  # a little wider apart
    gap = (boxes[1][2] + boxes[2][0]) // 2
    bottom = max(b[3] for b in boxes)
    canvas[bottom - 5 : bottom, gap - 2 : gap + 3] = 0  # a dot of dust in the gap
    word = Word(text="๒๕๒๓", bbox=_union(boxes), confidence=90)
    line = Line(text_raw="๒๕๒๓", text="๒๕๒๓", bbox=word.bbox, confidence=90, words=[word])
    page = Page(number=1, width=1200, height=400, dpi=300, text_raw="๒๕๒๓", text="๒๕๒๓",
                lines=[line])
    corrections = reread_page(canvas, page)
    assert [(c.start, c.end, c.original, c.suggestion, c.status) for c in corrections] == [
        (0, 4, "๒๕๒๓", "๒๕๖๗", "applied")]
