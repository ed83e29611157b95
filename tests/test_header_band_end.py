"""The end of the memo header band when OCR damaged the เรียน label (synthetic lines)."""

from __future__ import annotations

from digitizer.header import MAX_HEADER_SHARE, band_end, header_bottom
from digitizer.model import Line, Page, Word

PITCH = 100  # line pitch of the synthetic pages
TALL = 80  # line height


def _line(text: str, y: int, x: int = 350, tall: int = TALL) -> Line:
    words, cursor = [], x
    for token in text.split():
        width = 30 * len(token)
        words.append(Word(text=token, bbox=[cursor, y, cursor + width, y + tall], confidence=90.0))
        cursor += width + 20
    return Line(text_raw=text, text=text, bbox=[x, y, cursor, y + tall], confidence=90.0,
                words=words)


def _page(texts: list[str], top: int = 200, height: int = 3508) -> Page:
    lines = [_line(t, top + PITCH * i) for i, t in enumerate(texts)]
    text = "\n".join(texts)
    return Page(number=1, width=2480, height=height, dpi=300, text_raw=text, text=text,
                lines=lines)


def _end_of(index: int, top: int = 200) -> int:
    """header_bottom of a band that ends with line `index` of a synthetic page."""
    return top + PITCH * index + TALL + TALL // 4


def test_a_readable_to_label_still_ends_the_band() -> None:
    page = _page([
        "บันทึกข้อความ",
        "ส่วนราชการ สำนักปลัด เทศบาลตำบลตัวอย่าง",
        "ที่ ชม ๑๒๓๔๕/๖๗๘ วันที่ ๙ ตุลาคม ๒๕๖๕",
        "เรื่อง ขอความเห็นชอบ",
        "เรียน นายกเทศมนตรีตำบลตัวอย่าง",
        "ตามที่ เทศบาลได้รับแจ้ง",
    ])
    assert header_bottom(page) == _end_of(4)


def test_a_latin_read_label_ends_the_band_at_the_addressee_line() -> None:
    page = _page([
        "บันทึกข้อความ",
        "ส่วนราชการ สำนักปลัด เทศบาลตำบลตัวอย่าง",
        "ประจำปีงบประมาณ พ.ศ. ๒๕๖๖",
        "Seu นายกเทศมนตรีตำบลตัวอย่าง",
        "ตามที่ เทศบาลได้รับแจ้งผลการประเมิน",
        "ดำเนินงานของหน่วยงานภาครัฐ",
    ])
    assert header_bottom(page) == _end_of(3)


def test_an_addressee_glued_to_label_debris_ends_the_band() -> None:
    page = _page([
        "บันทึกข้อความ",
        "ส่วนราชการ สำนักปลัด องค์การบริหารส่วนตำบลตัวอย่าง",
        "ที่ ชม ๑๒๓๔๕/๖๗๘ วันที่ ๙ ตุลาคม ๒๕๖๕",
        "เรื่อง ขออนุมัติโครงการ",
        "Guuนายกองค์การบริหารส่วนตำบลตัวอย่าง",
        "ด้วยองค์การบริหารส่วนตำบลตัวอย่างได้ตั้งงบประมาณ",
    ])
    assert header_bottom(page) == _end_of(4)


def test_the_first_body_line_ends_the_band_above_it() -> None:
    page = _page([
        "บันทึกข้อความ",
        "ส่วนราชการ กองคลัง เทศบาลตำบลตัวอย่าง",
        "ที่ ชม ๑๒๓๔๕/๖๗๘ วันที่ ๙ ตุลาคม ๒๕๖๕",
        "เรื่อง รายงานผลการดำเนินงาน",
        "Seu คณะกรรมการตรวจรับพัสดุ",  # neither the label nor a known title: not recognised
        ". ตามที เทศบาลได้รับแจ้ง",  # the opener with its tone mark lost
        "ผลการประเมิน",
    ])
    assert header_bottom(page) == _end_of(4)


def test_a_speck_above_the_body_line_is_not_the_band_end() -> None:
    texts = ["บันทึกข้อความ", "ส่วนราชการ กองคลัง เทศบาลตำบลตัวอย่าง", "xx คณะกรรมการ"]
    head = [_line(t, 200 + PITCH * i) for i, t in enumerate(texts)]
    head.append(_line("ะ", 200 + PITCH * 3 - 20, x=900, tall=20))  # a mark read as a line
    head.append(_line("อ้างถึง หนังสือจังหวัด", 200 + PITCH * 3))
    assert band_end(head) is head[2]


def test_without_addressee_or_body_line_the_band_ends_after_the_last_label_line() -> None:
    page = _page([
        "บันทึกข้อความ",
        "ส่วนราชการ กองคลัง เทศบาลตำบลตัวอย่าง",
        "ที่ ชม ๑๒๓๔๕/๖๗๘ วันที่ ๙ ตุลาคม ๒๕๖๕",
        "เรื่อง รายงานผลการจัดซื้อจัดจ้าง",
        "ประจำปีงบประมาณ พ.ศ. ๒๕๖๖",
        "Seu คณะกรรมการตรวจรับพัสดุ",
        "รายละเอียดปรากฏตามเอกสารแนบ",
    ])
    assert header_bottom(page) == _end_of(4)


def test_no_header_shape_gives_no_band() -> None:
    page = _page(["ข้อความทั่วไป", "อีกบรรทัดหนึ่ง", "บรรทัดที่สาม"])
    assert header_bottom(page) is None


def test_lines_below_the_header_share_are_never_the_band_end() -> None:
    height = 3508
    top = int(height * MAX_HEADER_SHARE) - 2 * PITCH + 50  # the addressee line starts below it
    page = _page([
        "ส่วนราชการ กองคลัง เทศบาลตำบลตัวอย่าง",
        "บรรทัดที่สอง",
        "Seu นายกเทศมนตรีตำบลตัวอย่าง",
        "ตามที่ เทศบาลได้รับแจ้ง",
    ], top=top, height=height)
    assert header_bottom(page) is None


def test_a_band_end_is_capped_at_the_header_share() -> None:
    height = 2000
    limit = int(height * MAX_HEADER_SHARE)  # 900
    top = limit - 3 * PITCH - 10  # the addressee line starts just above the cap, ends below it
    page = _page([
        "ส่วนราชการ กองคลัง เทศบาลตำบลตัวอย่าง",
        "ที่ ชม ๑๒๓๔๕/๖๗๘ วันที่ ๙ ตุลาคม ๒๕๖๕",
        "เรื่อง ขอความเห็นชอบ",
        "Seu นายกเทศมนตรีตำบลตัวอย่าง",
    ], top=top, height=height)
    assert header_bottom(page) == limit


def test_a_page_without_memo_title_or_agency_label_gets_no_fallback_band() -> None:
    page = _page([
        "รายงานการประชุม",
        "ครั้งที่ ๑/๒๕๖๖",
        "ด้วยที่ประชุมได้พิจารณา",
        "ผลการดำเนินงาน",
    ])
    assert header_bottom(page) is None
    with_title = _page(["บนทกขอความ", "ครั้งที่ ๑/๒๕๖๖", "ด้วยที่ประชุมได้พิจารณา"])
    assert header_bottom(with_title) == _end_of(1)
