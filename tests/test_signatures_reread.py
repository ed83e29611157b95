"""The signature band is re-read only when the page read of it looks damaged."""

from __future__ import annotations

import pytest

from digitizer.model import Line, Page, Word
from digitizer.options import Options
from digitizer.signatures import band_top, page_read_doubtful, reread_signatures

CLOSING = "จึงเรียนมาเพื่อโปรดพิจารณา"
FIRST = "(นายสมชาย ใจดี)"
SECOND = "(นางสาวสมหญิง รักเรียน)"


def _line(text: str, y: int, x: int = 900) -> Line:
    words, cursor = [], x
    for token in text.split():
        width = 30 * len(token)
        words.append(Word(text=token, bbox=[cursor, y, cursor + width, y + 50], confidence=90.0))
        cursor += width + 20
    return Line(text_raw=text, text=text, bbox=[x, y, cursor, y + 50], confidence=90.0, words=words)


def _page(rows: list[tuple[str, int]]) -> Page:
    lines = [_line(text, y) for text, y in rows]
    text = "\n".join(t for t, _ in rows)
    return Page(number=1, width=2480, height=3508, dpi=300, text_raw=text, text=text, lines=lines)


def _memo_end(*, second_name: bool = True, first: str = FIRST) -> Page:
    rows = [
        ("ด้วยสำนักปลัดขอรายงานผลการดำเนินงานประจำปีให้ทราบ", 1500),
        (CLOSING, 2000),
        (first, 2300),
        ("หัวหน้าสำนักปลัด", 2380),
        ("ความเห็นนายกเทศมนตรี", 2550),
        ("อนุมัติ", 2630),
        ("นายกเทศมนตรีตำบลตัวอย่าง", 3030),
    ]
    if second_name:
        rows.insert(6, (SECOND, 2950))
    return _page(rows)


def test_a_whole_page_read_needs_no_band_re_read() -> None:
    page = _memo_end()
    assert band_top(page) == 2000
    assert page_read_doubtful(page, 2000) is False


def test_a_position_line_without_its_name_line_asks_for_the_band() -> None:
    # the scribble swallowed the second "(name)" line: its position line stands alone
    assert page_read_doubtful(_memo_end(second_name=False), 2000) is True


def test_debris_in_a_name_line_asks_for_the_band() -> None:
    assert page_read_doubtful(_memo_end(first="(นายสมชาย ใจดี1NOI)"), 2000) is True


def test_no_signature_parsed_asks_for_the_band() -> None:
    page = _page([("ด้วยสำนักปลัดขอรายงานผล", 1500), (CLOSING, 2000), ("ห้วหน้า", 2380)])
    assert page_read_doubtful(page, 2000) is True


def test_re_read_runs_tesseract_only_when_doubtful(monkeypatch: pytest.MonkeyPatch) -> None:
    import numpy as np

    from digitizer._exec import tesseract

    calls: list[tuple[int, ...]] = []

    def fake_run_tsv(image: np.ndarray, **_: object) -> str:
        calls.append(image.shape)
        columns = "level page_num block_num par_num line_num word_num left top width height"
        columns += " conf text"
        return "\t".join(columns.split()) + "\n"

    monkeypatch.setattr(tesseract, "run_tsv", fake_run_tsv)
    image = np.full((3508, 2480), 255, dtype=np.uint8)
    assert reread_signatures(image, _memo_end(), options=Options()) == []
    assert calls == []
    assert reread_signatures(image, _memo_end(second_name=False), options=Options()) == []
    assert calls == [(3508 - 2000, 2480)]
