"""Line rebuild from canned Tesseract TSV: Thai words joined, spaces kept, text normalised."""

from __future__ import annotations

from digitizer import layout
from digitizer.finish import apply_to_page, merge_corrections
from digitizer.model import Correction, Page
from tests.conftest import glyph_run, tsv_rows


def _line(*runs: list[tuple[str, int, int, int, int, float]]) -> list:
    return [g for run in runs for g in run]


def test_thai_glyphs_join_into_words_and_a_wide_gap_is_one_space() -> None:
    first = glyph_run("ส่วนราชการ", left=100, top=50)
    second = glyph_run("สำนักปลัด", left=first[-1][1] + 26 + 40, top=50)
    lines = layout.lines_from_tsv(tsv_rows([_line(first, second)]))
    assert [line.text_raw for line in lines] == ["ส่วนราชการ สำนักปลัด"]
    assert [w.text for w in lines[0].words] == ["ส่วนราชการ", "สำนักปลัด"]
    assert lines[0].words[0].bbox == [100, 50, 100 + 9 * 30 + 26, 90]


def test_nikhahit_plus_aa_becomes_sara_am_and_marks_never_start_a_word() -> None:
    glyphs = [
        ("ส", 100, 50, 26, 40, 90.0),
        ("ํ", 200, 30, 10, 10, 90.0),  # far away, but a mark cannot begin a word
        ("า", 212, 50, 20, 40, 90.0),
        ("น", 236, 50, 26, 40, 90.0),
    ]
    lines = layout.lines_from_tsv(tsv_rows([glyphs]))
    assert lines[0].text_raw == "สำน"


def test_leading_vowel_is_never_followed_by_a_space() -> None:
    glyphs = [("เ", 100, 50, 20, 40, 90.0), ("ร", 200, 50, 26, 40, 90.0)]
    assert layout.lines_from_tsv(tsv_rows([glyphs]))[0].text_raw == "เร"


def test_normalize_text_fixes_order_doubles_and_zero_width() -> None:
    assert layout.normalize_text("ส\u0e4d\u0e32นัก") == "สำนัก"
    assert layout.normalize_text("ก\u0e48\u0e48า") == "ก่า"
    assert layout.normalize_text("เเปลก") == "แปลก"
    assert layout.normalize_text("ไทย\u200b") == "ไทย"


def test_latin_words_keep_their_spaces_and_confidence_is_the_mean() -> None:
    glyphs = [("ITA", 100, 50, 90, 40, 80.0), ("report", 230, 50, 160, 40, 90.0)]
    line = layout.lines_from_tsv(tsv_rows([glyphs]))[0]
    assert line.text_raw == "ITA report"
    assert line.confidence == 85.0


def test_lines_keep_tesseract_reading_order() -> None:
    low = glyph_run("ล่าง", left=100, top=500)
    right = glyph_run("ขวา", left=1200, top=100)
    tsv = tsv_rows([low, right])
    assert [line.text_raw for line in layout.lines_from_tsv(tsv)] == ["ล่าง", "ขวา"]


def test_malformed_and_empty_rows_are_skipped() -> None:
    tsv = (
        tsv_rows([glyph_run("กข", left=10, top=10)])
        + "5\t1\tx\n5\t1\t1\t1\t9\t1\t1\t1\t1\t1\t90\t \n"
    )
    assert [line.text_raw for line in layout.lines_from_tsv(tsv)] == ["กข"]
    assert layout.lines_from_tsv("") == []


def _page(texts: list[list[str]]) -> Page:
    lines = []
    for row, words in enumerate(texts):
        run = []
        x = 0
        for word in words:
            run.append(glyph_run(word, left=x, top=100 * row + 10))
            x += 30 * len(word) + 100
        lines.extend(layout.lines_from_tsv(tsv_rows([_line(*run)])))
    text = layout.page_text(lines)
    return Page(number=1, width=2000, height=1000, dpi=300, text_raw=text, text=text, lines=lines)


def test_word_spans_are_offsets_in_page_text() -> None:
    page = _page([["ที่", "ลย"], ["เรื่อง", "ขอ"]])
    assert page.text_raw == "ที่ ลย\nเรื่อง ขอ"
    spans = layout.word_spans(page)
    assert [(s, e) for s, e, _ in spans] == [(0, 3), (4, 6), (7, 13), (14, 16)]
    assert all(page.text_raw[s:e] == w.text for s, e, w in spans)


def _correction(start: int, end: int, original: str, suggestion: str, status: str) -> Correction:
    return Correction(
        id="",
        page=1,
        start=start,
        end=end,
        original=original,
        suggestion=suggestion,
        confidence=0.95,
        rule="test",
        status=status,  # type: ignore[arg-type]
    )


def test_corrections_update_page_and_line_texts_consistently() -> None:
    page = _page([["ที่", "ลย"], ["เรือง", "ขอ"], ["จบ"]])
    assert page.text_raw == "ที่ ลย\nเรือง ขอ\nจบ"
    fix = _correction(7, 12, "เรือง", "เรื่อง", "applied")
    flagged = _correction(13, 15, "ขอ", "ข้อ", "flagged")
    merged = merge_corrections(1, [[fix], [flagged, _correction(8, 9, "ร", "ล", "applied")]])
    assert [(c.id, c.start) for c in merged] == [("p1-001", 7), ("p1-002", 13)]
    apply_to_page(page, merged)
    assert page.text == "ที่ ลย\nเรื่อง ขอ\nจบ"
    assert [line.text for line in page.lines] == ["ที่ ลย", "เรื่อง ขอ", "จบ"]
    assert [line.text_raw for line in page.lines] == ["ที่ ลย", "เรือง ขอ", "จบ"]


def test_a_correction_across_a_line_break_goes_to_the_first_line() -> None:
    page = _page([["ผู้รับบริ"], ["การ", "ดี"]])
    join = _correction(0, 13, "ผู้รับบริ\nการ", "ผู้รับบริการ", "applied")
    apply_to_page(page, merge_corrections(1, [[join]]))
    assert page.text == "ผู้รับบริการ ดี"
    assert [line.text for line in page.lines] == ["ผู้รับบริการ", " ดี"]


def test_rules_read_as_pipes_and_unsure_latin_specks_are_dropped() -> None:
    glyphs = [
        ("|", 10, 50, 4, 40, 90.0),
        ("ก", 40, 50, 26, 40, 90.0),
        ("ข", 70, 50, 26, 40, 90.0),
        ("ow", 300, 50, 40, 40, 30.0),  # unsure Latin: noise
        ("2567", 400, 50, 90, 40, 30.0),  # unsure digits are kept
        ("/", 600, 50, 20, 40, 20.0),  # a check mark is kept
        ("ITA", 700, 50, 90, 40, 91.0),  # sure Latin is kept
    ]
    line = layout.lines_from_tsv(tsv_rows([glyphs]))[0]
    assert line.text_raw == "กข 2567 / ITA"
    assert layout.is_noise("||", 99.0) and not layout.is_noise("ก", 10.0)
