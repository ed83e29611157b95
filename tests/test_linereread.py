"""digitizer.linereread: doubtful body lines re-read alone (rule line_reread)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from digitizer import linereread
from digitizer.api import PageResult
from digitizer.finish import assemble_document
from digitizer.model import Correction, Line, Page, Source, Word
from digitizer.options import Options
from digitizer.tables import PageTable

GOOD = "องค์การบริหารส่วนตำบลคำโคกสูง โดยขอใช้งบประมาณ จำนวน"
GARBLED = ". ถำนักลัดจึงด้ โดยกำหนัดจัดอบรม"
READ = "1. สำนักปลัดจึงได้จัดทำโครงการดังกล่าวโดยกำหนดจัดอบรม"
FIXED = "สำนักปลัดจึงได้จัดทำโครงการดังกล่าวโดยกำหนดจัดอบรม"


def _line(text: str, top: int, bottom: int, confidence: float = 94.0, x1: int = 2240) -> Line:
    words = [Word(text=w, bbox=[360, top, x1, bottom], confidence=confidence)
             for w in text.split()]
    return Line(text_raw=text, text=text, bbox=[360, top, x1, bottom], confidence=confidence,
                words=words)


def _page(lines: list[Line]) -> Page:
    text = "\n".join(line.text_raw for line in lines)
    return Page(number=1, width=2480, height=3508, dpi=300, text_raw=text, text=text,
                lines=lines)


def _body() -> Page:
    return _page([
        _line("ด้วยองค์การบริหารส่วนตำบลคำโคกสูงได้ตั้งงบประมาณรายจ่ายประจำปี", 900, 1000),
        _line("สุขภาพผู้สูงอายุในตำบลตามแผนพัฒนาท้องถิ่นของตำบลคำโคกสูง", 1020, 1120),
        _line(GARBLED, 1130, 1330, confidence=84.0),  # two lines tall, half its letters lost
        _line(GOOD, 1340, 1440),
        _line("ค่าตอบแทนวิทยากรและค่าวัสดุอุปกรณ์รายละเอียดตามโครงการ", 1460, 1560),
    ])


def test_doubtful_lines_picks_the_tall_sparse_line() -> None:
    page = _body()
    found = linereread.doubtful_lines(page, [])
    assert [(d.index, d.start, d.end) for d in found] == [(2, 120, 152)]


def test_doubtful_lines_skip_tables_header_and_signature_bands() -> None:
    page = _body()
    header = PageTable(1, (0, 0, 2480, 1335), [], [], [], header_rows=0,
                       header_lines=[_line("บันทึกข้อความ", 100, 180)])
    assert linereread.doubtful_lines(page, [header]) == []
    # the signature band only counts from its closing sentence down
    lines = [*page.lines, _line("จึงเรียนมาเพื่อโปรดพิจารณา", 1600, 1700)]
    signed = _page([lines[k] for k in (0, 1, 5, 2, 3, 4)])
    band = PageTable(1, (0, 1100, 2480, 3508), [], [], [], header_rows=0,
                     signature_lines=[_line("(นายสมชาย ใจดี)", 1800, 1900)])
    assert linereread.signature_top(signed) == 1600
    assert linereread.excluded_boxes(signed, [band]) == [(0, 1600, 2480, 3508)]
    assert [d.index for d in linereread.doubtful_lines(signed, [band])] == [3]


def test_transfer_digits_puts_the_page_runs_in_the_reread() -> None:
    line = "เมื่อวันที่ ๑๙ มิถุนายน ๒๕๖๗ จำนวน ๔๕,๗๐๐ บาท"
    reread = "เมื่อวันที่๑๓มิถุนายน ๒๕๒๗ จำนวน ๕๕,๓๐๐ บาท"
    assert linereread.transfer_digits(reread, line) == (
        "เมื่อวันที่๑๙มิถุนายน ๒๕๖๗ จำนวน ๔๕,๗๐๐ บาท"
    )
    assert linereread.transfer_digits("วันที่ ๑ มิถุนายน ๒๕๒๗", "วันที่ ๑๙ มิถุนายน ๒๕๖๗") is None
    assert linereread.transfer_digits("วันที่ มิถุนายน ๒๕๒๗", "วันที่ ๑๙ มิถุนายน ๒๕๖๗") is None
    assert linereread.transfer_digits("ไม่มีตัวเลข", "ไม่มีเลย") == "ไม่มีตัวเลข"


def test_line_with_digits_applies_the_fixes_inside_the_line_only() -> None:
    text = "วันที่ ๑๓\nพ.ศ. ๒๕๒๗"
    fixes = [
        Correction(id="", page=1, start=7, end=9, original="๑๓", suggestion="๑๙",
                   confidence=0.95, rule="thai_digit", status="applied"),
        Correction(id="", page=1, start=10, end=10, original="", suggestion="- ๒ -\n",
                   confidence=0.95, rule="page_number", status="applied"),
        Correction(id="", page=1, start=15, end=19, original="๒๕๒๗", suggestion="๒๕๖๗",
                   confidence=0.95, rule="thai_digit", status="applied"),
    ]
    assert linereread.line_with_digits(text, 0, 9, fixes) == "วันที่ ๑๙"
    assert linereread.line_with_digits(text, 10, 19, fixes) == "พ.ศ. ๒๕๖๗"
    assert linereread.line_with_digits(text, 0, 8, fixes) is None  # a fix crosses the end


def test_with_page_edges_drops_crop_debris() -> None:
    assert linereread.with_page_edges(READ, GARBLED) == ". " + FIXED
    assert linereread.with_page_edges("๒ , . ใบรับ .", "ใบรับ") == "ใบรับ"


def test_pick_line_takes_the_line_that_reads_as_the_target() -> None:
    neighbour = "(พ.ศ. ๒๕๖๖ - ๒๕๗๐)"
    read = ["(พ.ศ. ๒๕๒๒๐ - ๒๕๓๐)", READ, "= 2 0 ! 2ิ6จ!า๑เศ บม-- ๕ๆ"]
    assert linereread.pick_line(GARBLED, read, [neighbour]) == READ
    assert linereread.pick_line(GARBLED, ["(พ.ศ. ๒๕๒๒๐ - ๒๕๓๐)"], [neighbour]) is None


def test_better_needs_more_known_letters_or_fewer_unknowns() -> None:
    score = linereread.header_text.Score
    assert linereread.better(score(34, 0, 34), score(19, 2, 23))  # clearly better
    assert linereread.better(score(33, 0, 33), score(33, 1, 33))  # a lost mark back
    assert not linereread.better(score(33, 0, 33), score(33, 0, 33))  # the same
    assert not linereread.better(score(28, 0, 28), score(33, 0, 33))  # lost words
    assert not linereread.better(score(33, 0, 40), score(33, 1, 33))  # much longer


def test_a_candidate_is_applied_only_when_clearly_better() -> None:
    page = _body()
    lexicons = linereread.correction_lexicons(Options(), "test")
    doubt = linereread.Doubt(2, 120, 152, 1.0)
    found = linereread.candidate(page, doubt, READ)
    assert found is not None
    assert (found.start, found.end, found.original, found.suggestion, found.status) == (
        120, 152, GARBLED, ". " + FIXED, "flagged"
    )
    kept = linereread.decide(page, found, [], lexicons, Options(), linereread.line_density(page))
    assert kept is not None
    assert (kept.suggestion, kept.rule, kept.status) == (FIXED, "line_reread", "applied")
    # a re-read no better than the page line is not used
    same = linereread.candidate(page, doubt, GARBLED)
    assert same is not None
    assert linereread.decide(page, same, [], lexicons, Options()) is None
    # nor one whose digit runs do not match the page line's
    assert linereread.candidate(page, doubt, "สำนักปลัด ๑๒ จึงได้จัดทำโครงการ") is None


def test_reread_lines_reads_all_crops_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    page = _body()
    calls: list[int] = []

    def fake(image: Any, boxes: Any, options: Any, dpi: int) -> list[list[str]]:
        calls.append(len(boxes))
        return [[READ] for _ in boxes]

    monkeypatch.setattr(linereread, "read_crops", fake)
    image = np.full((3508, 2480), 255, dtype=np.uint8)
    out = linereread.reread_lines(image, page, [], Options())
    assert calls == [1]
    assert [(c.start, c.end, c.suggestion, c.status) for c in out] == [
        (120, 152, ". " + FIXED, "flagged")
    ]
    assert linereread.reread_lines(image, page, [], Options(correct=False)) == []
    applied = linereread.applied_rereads(page, out, [], Options())
    assert [(c.start, c.end, c.suggestion, c.status) for c in applied] == [
        (120, 152, FIXED, "applied")
    ]


def test_an_applied_reread_wins_over_the_fixes_inside_its_line() -> None:
    raw = "ถำนักลัดจึงด้ ๑๓ คน"
    page = _page([_line(GOOD, 900, 1000), _line(raw, 1020, 1120)])
    start = len(GOOD) + 1
    at = start + raw.index("๑๓")
    digit = Correction(id="", page=1, start=at, end=at + 2, original="๑๓",
                       suggestion="๓๐", confidence=0.95, rule="thai_digit", status="applied")
    reread = Correction(id="", page=1, start=start, end=start + len(raw), original=raw,
                        suggestion="สำนักปลัดจึงได้จัดทำโครงการ ๑๓ คน", confidence=0.9,
                        rule="line_reread", bbox=[360, 1020, 2240, 1120], status="flagged")
    result = PageResult(number=1, page=page, error=None, digit_corrections=[digit],
                        line_corrections=[reread])
    source = Source(path="x.png", sha256="0" * 64, format="png", page_count=1)
    document = assemble_document(source, [result], Options(structure=False))
    # the re-read wins, with the digit reader's ๓๐ in place of Tesseract's ๑๓
    assert document.pages[0].text == GOOD + "\nสำนักปลัดจึงได้จัดทำโครงการ ๓๐ คน"
    assert [(c.rule, c.start, c.status) for c in document.corrections] == [
        ("line_reread", start, "applied")
    ]
    assert document.pages[0].lines[1].text == "สำนักปลัดจึงได้จัดทำโครงการ ๓๐ คน"


@pytest.mark.tesseract
def test_a_rendered_line_is_read_alone() -> None:
    from PIL import Image, ImageDraw, ImageFont

    font_path = Path("/usr/share/fonts/truetype/tlwg/Laksaman.ttf")
    if not font_path.exists():
        pytest.skip("no Thai font")
    image = Image.new("L", (2000, 160), 255)
    ImageDraw.Draw(image).text((60, 30), FIXED, font=ImageFont.truetype(str(font_path), 64),
                               fill=0)
    reads = linereread.read_crops(np.asarray(image), [(0, 0, 2000, 160)], Options(), 300)
    assert len(reads) == 1
    assert linereread.similarity(" ".join(reads[0]), FIXED) >= 90


def test_ink_no_line_covers_right_of_a_line_means_lost_words() -> None:
    page = _page([
        _line("ดำเนินงานของหน่วยงานภาครัฐ (ITA)", 1000, 1100, x1=1300),
        _line("องค์การบริหารส่วนตำบลคำโคกสูงได้ตั้งงบประมาณรายจ่ายประจำปีงบประมาณ", 1120,
              1220),
        _line("สุขภาพผู้สูงอายุในตำบลตามแผนพัฒนาท้องถิ่นของตำบลคำโคกสูงประจำปี", 1240, 1340),
    ])
    image = np.full((3508, 2480), 255, dtype=np.uint8)
    image[1030:1070, 1400:2200:3] = 0  # strokes of words right of the first line
    ink, cover = image < linereread.INK_LEVEL, linereread.covered(page, image.shape)
    right = linereread.body_right(page)
    assert right == 2240
    first, second = page.lines[0], page.lines[1]
    assert linereread.lost_words_right(ink, cover, first, 100.0, right)
    assert not linereread.lost_words_right(ink, cover, second, 100.0, right)
    found = linereread.doubtful_lines(page, [], image=image)
    assert [(d.index, d.right) for d in found] == [(0, 2240)]
    assert linereread.doubtful_lines(page, []) == []  # without the image: no such signal
    # the re-read keeps its own end, where the lost words are
    doubt = found[0]
    kept = linereread.candidate(page, doubt, "ดำเนินงานของหน่วยงานภาครัฐ (ITA) ขององค์การ")
    assert kept is not None
    assert kept.suggestion == "ดำเนินงานของหน่วยงานภาครัฐ (ITA) ขององค์การ"
    assert kept.bbox == [360, 1000, 2240, 1100]
