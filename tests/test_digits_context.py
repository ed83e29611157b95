"""Numbers Tesseract wrote without a digit (Latin junk, look-alike Thai letters) and table rules
across a digit: the general rules of digit_context and glyphs.remove_rules, exact outputs."""

from __future__ import annotations

import numpy as np
import pytest

from digitizer import digit_render as render
from digitizer.digit_context import is_suspect, number_context, suspect_runs
from digitizer.digits import reread_page
from digitizer.glyphs import remove_rules
from digitizer.model import Line, Page, Word, apply_corrections


def test_suspect_runs_split_scripts_and_keep_thai_letters_apart() -> None:
    assert suspect_runs("on.") == [(0, 2)]
    assert suspect_runs("ภายในgo") == [(5, 7)]
    assert suspect_runs("goวันหลัง") == [(0, 2)]  # the Thai ว after Latin junk is not taken
    assert suspect_runs("-ด-") == [(1, 2)]
    assert suspect_runs("แล้วด") == []  # a look-alike letter touching Thai letters is a letter
    assert suspect_runs("©.") == [(0, 1)]
    assert suspect_runs("a = 1") == [(0, 1)]
    assert suspect_runs("Wedelxyz.") == []  # longer than a hidden number
    assert [is_suspect(c) for c in "o๓.ตก="] == [True, False, False, True, False, False]


@pytest.mark.parametrize(("text", "start", "end", "expected"), [
    ("ข้อมูล\non. เปิดเผย", 7, 9, True),  # list item opening a line
    ("ข้อมูล\n‘©. ควบคุม", 8, 9, True),  # list item after a stray quote
    ("ไป on. เปิดเผย", 3, 5, False),  # "X." inside a line is not a list item
    ("เดือน\nal, เพิ่ม", 6, 8, True),  # a list item whose dot was read as a comma
    ("ไป al, เพิ่ม", 3, 5, False),
    ("มาตรการ\n-ด-\nเมื่อ", 9, 10, True),  # page number
    ("ภายในgo วันหลัง", 5, 7, True),  # number word before, unit after
    ("ภายในgo", 5, 7, True),
    ("แจ้ง go ต่อ", 5, 7, False),
    ("ปีพ.ศ. ab", 7, 9, True),
    ("รวม zz มาตรการ", 4, 6, True),
    ("ครบ xy ตุลาคม", 4, 6, True),  # a month after it
    ("ITA", 0, 3, False),
])
def test_number_context(text: str, start: int, end: int, expected: bool) -> None:
    assert number_context(text, start, end) is expected


def test_remove_rules_drops_long_lines_and_keeps_glyph_strokes() -> None:
    mask = np.zeros((40, 60), dtype=bool)
    mask[2:4, :] = True  # a table rule across the crop
    mask[:, 55:57] = True  # a cell border down it
    mask[10:30, 20:23] = True  # a glyph stem
    mask[10:12, 20:35] = True  # a glyph bar
    out = remove_rules(mask, 30, 30)
    assert not out[2:4, :55].any() and not out[:, 55:57].any()
    assert out[10:30, 20:23].all() and out[10:12, 20:35].all()
    assert int(out.sum()) == 20 * 3 + 2 * 12


# (printed, what Tesseract read) per line
LINES = [
    [("๓.", "on."), ("เปิดเผย", "เปิดเผย")],
    [("ภายใน๓๐", "ภายในgo"), ("วัน", "วัน")],
    [("-๗-", "-ด-")],
    [("ค.", "ค."), ("ITA", "ITA")],
]


def _page(lines: list[list[tuple[str, str]]], *, rule_over: int | None = None
          ) -> tuple[np.ndarray, Page]:
    files = render.available("sarabun")
    if not files:
        pytest.skip("TH Sarabun fonts not installed")
    px = 56
    canvas = np.full((px * 2 * (len(lines) + 1), px * 16), 255, dtype=np.uint8)
    page_lines = []
    for row, words_spec in enumerate(lines):
        top, x, words = px // 2 + row * 2 * px, px, []
        for printed, read in words_spec:
            sample = render.render(printed, files[0], px)
            boxes = [b for b in sample.boxes if b is not None]
            x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
            x1, y1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
            h, w = sample.image.shape
            canvas[top : top + h, x : x + w] = np.minimum(canvas[top : top + h, x : x + w],
                                                          sample.image)
            words.append(Word(text=read, bbox=[x + x0, top + y0, x + x1, top + y1],
                              confidence=85))
            if rule_over == row:  # a table rule just above the word, across the whole cell
                canvas[top + y0 - 6 : top + y0 - 3, :] = 0
            x += x1 + px // 2
        text = " ".join(w.text for w in words)
        page_lines.append(Line(text_raw=text, text=text, bbox=[0, 0, 10, 10], confidence=85,
                               words=words))
    raw = "\n".join(line.text_raw for line in page_lines)
    page = Page(number=1, width=canvas.shape[1], height=canvas.shape[0], dpi=300,
                text_raw=raw, text=raw, lines=page_lines)
    return canvas, page


def test_hidden_numbers_are_read_and_letters_left_alone() -> None:
    image, page = _page(LINES)
    corrections = reread_page(image, page)
    got = [(c.start, c.end, c.original, c.suggestion, c.status) for c in corrections]
    assert got == [
        (0, 2, "on", "๓", "applied"),
        (17, 19, "go", "๓๐", "applied"),
        (25, 26, "ด", "๗", "applied"),
    ]
    assert apply_corrections(page.text_raw, corrections) == "๓. เปิดเผย\nภายใน๓๐ วัน\n-๗-\nค. ITA"


def test_a_rule_touching_the_crop_does_not_swallow_the_digit() -> None:
    image, page = _page([[("๔.", "๕."), ("ส่งเสริม", "ส่งเสริม")]], rule_over=0)
    corrections = reread_page(image, page)
    assert [(c.start, c.end, c.original, c.suggestion) for c in corrections] == [
        (0, 1, "๕", "๔")]


def test_glyphs_smaller_than_a_printed_digit_are_never_digits() -> None:
    # marks above a line (ั ้) that Tesseract read as one digit: too small to be a digit
    files = render.available("sarabun")
    if not files:
        pytest.skip("TH Sarabun fonts not installed")
    sample = render.render("๕๐", files[0], 26)
    boxes = [b for b in sample.boxes if b is not None]
    assert max(b[3] - b[1] for b in boxes) < 0.055 * 300
    canvas = np.full((120, 200), 255, dtype=np.uint8)
    h, w = sample.image.shape
    canvas[40 : 40 + h, 40 : 40 + w] = sample.image
    x0, y0 = min(b[0] for b in boxes) + 40, min(b[1] for b in boxes) + 40
    x1, y1 = max(b[2] for b in boxes) + 40, max(b[3] for b in boxes) + 40
    word = Word(text="๑", bbox=[x0, y0, x1, y1], confidence=80)
    line = Line(text_raw="๑", text="๑", bbox=[x0, y0, x1, y1], confidence=80, words=[word])
    page = Page(number=1, width=200, height=120, dpi=300, text_raw="๑", text="๑", lines=[line])
    # never read as digits: the word of nothing but such ink is noise and is taken out
    assert [(c.start, c.end, c.original, c.suggestion, c.status)
            for c in reread_page(image=canvas, page=page)] == [(0, 1, "๑", "", "applied")]
