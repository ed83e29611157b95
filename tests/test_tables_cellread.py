"""Cell re-reads: all the sparse cells of a table in one Tesseract call, the same text as alone."""

from __future__ import annotations

import numpy as np
import pytest

from digitizer import cellread, tables
from digitizer._exec import tesseract
from digitizer.errors import OcrFailedError
from digitizer.options import Options

OPTIONS = Options()
FIELDS = "level page_num block_num par_num line_num word_num left top width height conf text"
HEADER = FIELDS.replace(" ", "\t")


def _tsv(word: str) -> str:
    rows = [
        "1\t1\t0\t0\t0\t0\t0\t0\t200\t80\t-1\t",
        "2\t1\t1\t0\t0\t0\t20\t20\t60\t30\t-1\t",
        "3\t1\t1\t1\t0\t0\t20\t20\t60\t30\t-1\t",
        "4\t1\t1\t1\t1\t0\t20\t20\t60\t30\t-1\t",
        f"5\t1\t1\t1\t1\t1\t20\t20\t60\t30\t91.5\t{word}",
    ]
    return "\n".join([HEADER, *rows]) + "\n"


def _image() -> np.ndarray:
    image = np.full((400, 400), 255, dtype=np.uint8)
    image[50:60, 30:90] = 0
    return image


BOXES = [(10, 10, 200, 100), (200, 10, 390, 100), (10, 100, 200, 190)]


def test_sparse_cells_are_read_in_one_call(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []

    def many(images: list[np.ndarray], **_: object) -> list[str]:
        calls.append(len(images))
        return [_tsv(f"w{k}") for k in range(len(images))]

    monkeypatch.setattr(tesseract, "run_tsv_many", many)
    monkeypatch.setattr(tesseract, "run_tsv", lambda *a, **k: pytest.fail("one by one"))
    cache: cellread.ReadCache = {}
    cellread.read_cells(_image(), BOXES, OPTIONS, cache)
    assert calls == [3]
    assert [cache[box][0].text_raw for box in BOXES] == ["w0", "w1", "w2"]
    cellread.read_cells(_image(), BOXES, OPTIONS, cache)  # all cached: no second call
    assert calls == [3]


def test_failed_joint_read_falls_back_to_one_by_one(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(images: list[np.ndarray], **_: object) -> list[str]:
        raise OcrFailedError("boom")

    singles: list[tuple[int, ...]] = []

    def one(image: np.ndarray, **_: object) -> str:
        singles.append(image.shape)
        if len(singles) == 2:
            raise OcrFailedError("bad cell")
        return _tsv("x")

    monkeypatch.setattr(tesseract, "run_tsv_many", broken)
    monkeypatch.setattr(tesseract, "run_tsv", one)
    cache: cellread.ReadCache = {}
    cellread.read_cells(_image(), BOXES, OPTIONS, cache)
    assert len(singles) == 3
    assert sorted(cache) == sorted([BOXES[0], BOXES[2]])  # the failed cell keeps its page text


def test_empty_crop_is_not_read() -> None:
    assert cellread.cell_crop(_image(), (10, 10, 16, 16)) is None
    crop = cellread.cell_crop(_image(), BOXES[0])
    assert crop is not None and crop.shape == (90 - 8 + 40, 190 - 8 + 40)


@pytest.mark.tesseract
def test_joint_read_gives_each_crop_its_own_tsv() -> None:
    from PIL import Image, ImageDraw, ImageFont

    font_path = "/usr/share/fonts/truetype/tlwg/Laksaman.ttf"
    try:
        font = ImageFont.truetype(font_path, 48)
    except OSError:
        pytest.skip("fonts-thai-tlwg not installed")
    crops = []
    for text in ["ตำบลท่าตูม", "งบประมาณ 2568", ""]:
        page = Image.new("L", (600, 120), 255)
        ImageDraw.Draw(page).text((20, 30), text, font=font, fill=0)
        crops.append(np.asarray(page))
    alone = [tesseract.run_tsv(c, lang="tha+eng", psm=6, oem=1, timeout=60) for c in crops]
    joint = tesseract.run_tsv_many(crops, lang="tha+eng", psm=6, oem=1, timeout=60)
    assert joint == alone


def _cell(text: str, box: tuple[int, int, int, int] = BOXES[0]) -> tables.PageCell:
    cell = tables.PageCell(0, 0, 1, 1, box)
    cell.text = text
    return cell


def test_latin_junk_cells_of_a_thai_table_only() -> None:
    thai = _cell("ประเมินผลการจัดกิจกรรมปีละ ๒ ครั้ง\nรายงานผลต่อนายก")
    junk = _cell("ประเมินผล\nการ\nจัดกิจกรรมปี\nay ๒ ASN", BOXES[1])
    digit = _cell("ภายใน go วันหลังสิ้นปีงบประมาณ", BOXES[2])  # a digit misread: too short
    assert tables.latin_junk_cells([thai, junk, digit]) == [junk]
    english = [_cell("Integrity and Transparency Assessment"), _cell("ITA report", BOXES[1])]
    assert tables.latin_junk_cells(english) == []  # not a Thai table: Latin is real text


def test_thai_only_read_replaces_latin_junk_when_no_line_is_lost(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    junk = _cell("ประเมินผล\nการ\nจัดกิจกรรมปี\nay ๒ ASN", BOXES[1])
    kept = _cell("รายงานผลการตรวจสอบภายใน Ago วันหลังสิ้นปีงบประมาณ", BOXES[2])
    reads = {BOXES[1]: "ประเมินผลการจัดกิจกรรมปีละ ๒ ครั้ง", BOXES[2]: "รายงานผล"}
    langs: list[str] = []

    def many(images: list[np.ndarray], **kw: object) -> list[str]:
        langs.append(str(kw["lang"]))
        return [_tsv(reads[box]) for box in (BOXES[1], BOXES[2])]

    monkeypatch.setattr(tesseract, "run_tsv_many", many)
    filler = [_cell("ผู้รับผิดชอบกองคลังและสำนักปลัดเทศบาลตำบล")]
    tables._reread_latin_junk([*filler, junk, kept], _image(), OPTIONS)
    assert langs == ["tha"]
    assert (junk.text, junk.reocr) == ("ประเมินผลการจัดกิจกรรมปีละ ๒ ครั้ง", True)
    assert (kept.text, kept.reocr) == ("รายงานผลการตรวจสอบภายใน Ago วันหลังสิ้นปีงบประมาณ", False)


def test_thai_only_read_merged_line_by_line_when_lines_match() -> None:
    old = "ประเมินผล\nการ\nจัดกิจกรรมปี\nay ๒ ASN"
    assert tables.merged_read(old, "ประเมินผล\nการ\nจัดกิจกรรมปิ\nละ ๒ ครั้ง") == (
        "ประเมินผล\nการ\nจัดกิจกรรมปี\nละ ๒ ครั้ง")  # the clean lines keep the page read
    assert tables.merged_read(old, "ประเมินผลการ\nจัดกิจกรรมปีละ ๒ ครั้ง") == (
        "ประเมินผลการ\nจัดกิจกรรมปีละ ๒ ครั้ง")


def test_english_words_and_acronyms_are_not_latin_junk() -> None:
    cells = [_cell("ผู้รับผิดชอบกองคลังและสำนักปลัดเทศบาลตำบลและกองช่างทุกกอง", BOXES[0]),
             _cell("รณรงค์นโยบายงดให้และงดรับของขวัญ\n(No Gift Policy)", BOXES[1]),
             _cell("การประเมินคุณธรรม (ITA) ประจำปี\n- TANS\nศูนย์ข้อมูล", BOXES[2])]
    assert tables.latin_junk_cells(cells) == [cells[2]]  # for TANS, not for ITA


def test_reread_for_a_lost_line_must_bring_back_a_line_of_letters() -> None:
    from digitizer.layout import lines_from_tsv

    page = "สุ่มตรวจบันทึก\nเดือนละ 1 ครั้ง"
    debris = _cell(page, BOXES[0])
    cache: cellread.ReadCache = {BOXES[0]: lines_from_tsv(_tsv("สุ่มตรวจบันทึก,va,เดือนละ1ครั้ง.."))}
    tables._reocr(debris, _image(), OPTIONS, cache=cache, gain=tables.LOST_LINE_GAIN)
    assert (debris.text, debris.reocr) == (page, False)  # two letters of debris: kept
    found = _cell(page, BOXES[0])
    cache = {BOXES[0]: lines_from_tsv(_tsv("สุ่มตรวจบันทึกการให้บริการเดือนละ1ครั้ง"))}
    tables._reocr(found, _image(), OPTIONS, cache=cache, gain=tables.LOST_LINE_GAIN)
    assert (found.text, found.reocr) == ("สุ่มตรวจบันทึกการให้บริการเดือนละ1ครั้ง", True)


def test_a_run_of_latin_words_with_a_stray_short_one_is_junk() -> None:
    assert tables.has_latin_junk("ประเมินผลการจัดกิจกรรมปี ay lo ASN")
    assert not tables.has_latin_junk("รณรงค์นโยบาย (No Gift Policy)")
    assert not tables.has_latin_junk("ระบบ e-Service ของหน่วยงาน")
    assert not tables.has_latin_junk("ภายใน go lo วัน")  # digit misreads only: too short
    assert not tables.has_latin_junk("เอกสาร Code of Conduct")
    cells = [_cell("ผู้รับผิดชอบกองคลังและสำนักปลัดเทศบาลตำบลและกองช่างทุกกอง", BOXES[0]),
             _cell("ประเมินผลการจัดกิจกรรมปี ay lo ASN", BOXES[1])]
    assert tables.latin_junk_cells(cells) == [cells[1]]
    assert tables.merged_read("ประเมินผล\nปี ay lo ASN", "ประเมินผล\nปีละ ๒ ครั้ง") == (
        "ประเมินผล\nปีละ ๒ ครั้ง")


def test_a_lone_pair_of_capitals_among_thai_is_junk() -> None:
    assert tables.has_latin_junk("ดำเนินการแล้ว 8 AN จาก 12 ครั้ง")
    assert not tables.has_latin_junk("ระบบสารสนเทศ (IT) ของหน่วยงาน")
    assert not tables.has_latin_junk("ภายใน go วัน")


def test_a_surer_crop_read_of_a_doubtful_cell_mends_it_without_losing_anything() -> None:
    old = "ตรวจสอบ\nทะเบียนคุม\nใบเสุรีจรูปเงิน\nทุกสิ้นเดือน\nก."
    new = "ตรวจสอบ\nทะเบียนคุม\nใบเสร็จรับเงิน\nทุกสิ้นเดือน"
    assert tables.surer_read(old, 78.0, new, 94.0)
    assert not tables.surer_read(old, 93.0, new, 94.0)  # not surer enough
    lost = "ตรวจสอบ\nทะเบียนคุม\nใบเสร็จรับเงิน"
    assert not tables.surer_read(old, 78.0, lost, 94.0)  # a line of the old read is gone
    assert not tables.surer_read("๓. ควบคุมการ\nเบิกจ่ายเงิน", 77.0, "๓ ควบคุมการ\nเบิกจ่ายเงิน",
                                 88.0)  # the number lost its dot
    assert tables.surer_read("on. ยกระดับการ\nให้บริการ", 80.0, "๓.ยกระดับการ\nให้บริการ", 94.0)
    assert not tables.surer_read("๕", 60.0, "เสง\nจาน6\nน 11ฝพฒ\n89จ", 70.0)  # debris added
    assert not tables.surer_read("/\n(อยู่\nระหว่าง\nจัดทำ\nคู่มือ)", 75.0,
                                 "/ ๑\n(อยู่\nระหว่าง\nจัดทำ\nia\nคูมอ) .", 85.0)  # marks lost


def test_doubtful_cell_takes_the_surer_read_from_the_shared_batch() -> None:
    from digitizer.layout import lines_from_tsv

    doubtful = _cell("บปงบประมาณ", BOXES[0])
    doubtful.confidence = 70.0
    sure = _cell("บปงบประมาณ", BOXES[1])
    sure.confidence = 90.0
    cache: cellread.ReadCache = {box: lines_from_tsv(_tsv("ปีงบประมาณ")) for box in BOXES[:2]}
    for cell in (doubtful, sure):
        tables._reread_doubtful(cell, _image(), OPTIONS, cache, BOXES[:2])
    assert (doubtful.text, doubtful.reocr, doubtful.confidence) == ("ปีงบประมาณ", True, 91.5)
    assert (sure.text, sure.reocr) == ("บปงบประมาณ", False)


def test_capitals_inside_a_line_of_scribble_debris_are_no_misread_word() -> None:
    assert not tables.has_latin_junk("ควบคมการ\na !แBA ม\nเบิกจ่ายเงินให้")
    assert tables.has_latin_junk("ดำเนินการแล้ว\n8 AN จาก 12")
    assert not tables.has_latin_junk("ประชุม AB CD ทุกเดือน")  # capitals next to capitals
