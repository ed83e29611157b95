"""Tables without rules: column clustering of word boxes, and never a table on a plain memo."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from pathlib import Path

import cv2
import numpy as np
import pytest

from digitizer import structure, unruled
from digitizer.model import Line, Page, Word
from samplegen import Org, SampleSpec, compose, write_sample
from samplegen.render import render_pages

DPI = 300
CHAR = 22  # px per character of a synthetic word
SPACE = 30
PITCH = 90
COLS = [300, 900, 1650, 2100]  # left edges of an unruled table's columns (gutters >= 0.25 in)
ORG = Org("เทศบาลตำบล", "ท่าวังผา", "ท่าวังผา", "น่าน")


def _words(text: str, x: int, y: int) -> list[Word]:
    out: list[Word] = []
    for token in text.split(" "):
        w = len(token) * CHAR
        out.append(Word(text=token, bbox=[x, y, x + w, y + 60], confidence=90.0))
        x += w + SPACE
    return out


def _line(words: list[Word]) -> Line:
    text = " ".join(w.text for w in words)
    box = [min(w.bbox[0] for w in words), min(w.bbox[1] for w in words),
           max(w.bbox[2] for w in words), max(w.bbox[3] for w in words)]
    return Line(text_raw=text, text=text, bbox=box, confidence=90.0, words=words)


def _page(rows: list[list[tuple[int, str]]], *, split: bool = False, number: int = 1) -> Page:
    """A page of visual rows of (x, text) pieces; `split` gives each piece its own OCR line."""
    lines: list[Line] = []
    y = 400
    for row in rows:
        pieces = [_words(text, x, y) for x, text in row if text]
        if split:
            lines.extend(_line(p) for p in pieces)
        elif pieces:
            lines.append(_line([w for p in pieces for w in p]))
        y += PITCH
    text = "\n".join(line.text_raw for line in lines)
    return Page(number=number, width=2480, height=3508, dpi=DPI, text_raw=text, text=text,
                lines=lines)


def _table_rows(cells: list[list[str]]) -> list[list[tuple[int, str]]]:
    return [[(x, t) for x, t in zip(COLS, row, strict=True)] for row in cells]


PLAN = [
    ["มาตรการ", "ขั้นตอนหรือวิธีการ", "ผู้รับผิดชอบ", "การกำกับติดตาม"],
    ["1. เผยแพร่ข้อมูล", "- จัดทำประกาศ", "สำนักปลัด", "รายงานทุกไตรมาส"],
    ["ทางเว็บไซต์", "- ติดประกาศ", "กองคลัง", ""],
    ["", "ที่ทำการ", "", ""],
    ["2. สำรวจความพึงพอใจ", "- แจกแบบสอบถาม", "กองช่าง", "สรุปผลทุกปี"],
    ["3. ตรวจสอบภายใน", "- ตรวจเอกสาร", "หน่วยตรวจสอบภายใน", "รายงานผู้บริหาร"],
]


def test_unruled_measures_table_exact_header_and_rows() -> None:
    page = _page(_table_rows(PLAN))
    found = unruled.find_tables(page)
    assert len(found) == 1
    table = unruled.to_table(found[0])
    assert table.kind == "measures_plan"
    assert table.header == PLAN[0]
    assert table.rows == [
        ["1. เผยแพร่ข้อมูล\nทางเว็บไซต์", "- จัดทำประกาศ\n- ติดประกาศ\nที่ทำการ",
         "สำนักปลัด\nกองคลัง", "รายงานทุกไตรมาส"],
        ["2. สำรวจความพึงพอใจ", "- แจกแบบสอบถาม", "กองช่าง", "สรุปผลทุกปี"],
        ["3. ตรวจสอบภายใน", "- ตรวจเอกสาร", "หน่วยตรวจสอบภายใน", "รายงานผู้บริหาร"],
    ]
    assert found[0].lines == set(range(len(PLAN)))


@pytest.mark.parametrize("split", [False, True])
def test_unruled_table_gives_measures_through_structure(split: bool) -> None:
    body = [[(300, "ตามที่ได้รับแจ้งผลการประเมิน " * 3 + "นั้น")]]
    page = _page([*body, [], *_table_rows(PLAN), [], *body], split=split)
    _, tables, measures = structure.extract([page], [[]])
    assert [t.kind for t in tables] == ["measures_plan"]
    assert [(m.number, m.measure, m.steps, m.responsible, m.monitoring) for m in measures] == [
        (1, "เผยแพร่ข้อมูลทางเว็บไซต์", ["จัดทำประกาศ", "ติดประกาศที่ทำการ"],
         ["สำนักปลัด", "กองคลัง"], "รายงานทุกไตรมาส"),
        (2, "สำรวจความพึงพอใจ", ["แจกแบบสอบถาม"], ["กองช่าง"], "สรุปผลทุกปี"),
        (3, "ตรวจสอบภายใน", ["ตรวจเอกสาร"], ["หน่วยตรวจสอบภายใน"], "รายงานผู้บริหาร"),
    ]


def test_a_word_glued_across_a_gutter_does_not_end_the_table() -> None:
    rows = _table_rows(PLAN)
    glued = "แจกแบบสอบถามกองช่างและสรุปผลรวมทั้งหมด"  # OCR read two cells as one word
    rows[4] = [(300, "2. สำรวจความพึงพอใจ"), (900, f"- {glued}"), (2100, "สรุปผลทุกปี")]
    page = _page(rows)
    assert page.lines[4].words[3].bbox[2] > COLS[2]
    table = unruled.to_table(unruled.find_tables(page)[0])
    assert table.header == PLAN[0]
    assert [r[0].split("\n")[0] for r in table.rows] == [
        "1. เผยแพร่ข้อมูล", "2. สำรวจความพึงพอใจ", "3. ตรวจสอบภายใน"]
    assert table.rows[0][1] == "- จัดทำประกาศ\n- ติดประกาศ\nที่ทำการ"
    assert table.rows[1][1:] == [f"- {glued}", "", "สรุปผลทุกปี"]


def test_generic_unruled_table_of_short_labels() -> None:
    cells = [["รายการ", "จำนวน", "หน่วย", "ราคา"],
             ["ค่าอาหาร", "47", "คน", "38,950"],
             ["ค่าวิทยากร", "2", "คน", "7,200"],
             ["ค่าวัสดุ", "1", "ชุด", "4,650"]]
    table = unruled.to_table(unruled.find_tables(_page(_table_rows(cells)))[0])
    assert (table.kind, table.header, table.rows) == ("other", cells[0], cells[1:])


def test_ruled_table_page_is_not_searched() -> None:
    page = _page(_table_rows(PLAN))
    ruled = structure.PageTable(page=1, bbox=(0, 0, 10, 10), rows=[0, 5, 10], cols=[0, 5, 10],
                                cells=[])
    _, tables, _ = structure.extract([page], [[ruled]])
    assert all(t.bbox == [0, 0, 10, 10] for t in tables)


# ------------------------------------------------------------------ plain memos: no table


def _boxes_from_image(image: np.ndarray, dpi: int) -> Page:
    """OCR-like words of a clean rendered page: ink blobs joined across letter gaps."""
    ink = (image < 160).astype(np.uint8)
    joined = cv2.dilate(ink, np.ones((3, max(3, dpi // 30)), np.uint8))
    count, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    boxes = sorted(
        (int(stats[i, 1]), int(stats[i, 0]), int(stats[i, 0] + stats[i, 2]),
         int(stats[i, 1] + stats[i, 3]))
        for i in range(1, count) if stats[i, 3] >= dpi * 0.06  # Thai marks alone are no word
    )
    rows: list[list[tuple[int, int, int, int]]] = []
    for y0, x0, x1, y1 in boxes:
        cy = (y0 + y1) / 2
        if rows and abs(cy - sum((b[1] + b[3]) / 2 for b in rows[-1]) / len(rows[-1])) < dpi / 10:
            rows[-1].append((x0, y0, x1, y1))
        else:
            rows.append([(x0, y0, x1, y1)])
    lines: list[Line] = []
    rng = random.Random(3)
    for row in rows:
        words = [Word(text=rng.choice(["คำ", "ข้อความ", "ทดสอบ"]), bbox=list(b), confidence=80.0)
                 for b in sorted(row)]
        lines.append(_line(words))
    text = "\n".join(line.text_raw for line in lines)
    h, w = image.shape
    return Page(number=1, width=w, height=h, dpi=dpi, text_raw=text, text=text, lines=lines)


@pytest.mark.parametrize("seed", [7, 11, 23])
@pytest.mark.parametrize("kind", ["plain_memo", "ita_report"])
def test_rendered_memo_text_makes_no_unruled_table(seed: int, kind: str) -> None:
    spec = SampleSpec(id="t", kind=kind, org=ORG, date=dt.date(2024, 5, 2), dpi=150, seed=seed,
                      measures=3)
    pages = render_pages(compose(spec), dpi=150, seed=seed)
    seen = 0
    for number, rendered in enumerate(pages, start=1):
        image = np.asarray(rendered.image)
        if kind == "ita_report":  # only the text outside the ruled tables: blank the tables
            image = image.copy()
            image[_ruled_rows(image)] = 255
        page = _boxes_from_image(image, 150)
        seen += len(page.lines)
        found = unruled.find_tables(page)
        assert found == [], (number, [t.header for t in found])
    assert seen > 25


def _ruled_rows(image: np.ndarray) -> np.ndarray:
    """Rows of the image between the first and last long horizontal rule of each table."""
    long = ((image < 128).sum(axis=1) > image.shape[1] * 0.5)
    mask = np.zeros(image.shape[0], bool)
    ys = np.where(long)[0]
    if len(ys):
        mask[ys.min():ys.max() + 1] = True
    return mask


def test_justified_paragraphs_and_signatures_make_no_table() -> None:
    rng = random.Random(5)
    rows: list[list[tuple[int, str]]] = []
    for _ in range(25):  # justified lines: words at random widths, stretched over the line
        x, pieces = 300, []
        while x < 2100:
            token = "ก" * rng.randint(2, 9)
            pieces.append((x, token))
            x += len(token) * CHAR + rng.randint(25, 70)
        rows.append(pieces)
    rows += [[(400, "(ลงชื่อ)"), (1500, "(ลงชื่อ)")], [(450, "(นายสมชาย ใจดี)"),
             (1450, "(นางสาวสมศรี มีสุข)")], [(420, "หัวหน้าสำนักปลัด"),
             (1480, "ปลัดเทศบาล")]]
    assert unruled.find_tables(_page(rows)) == []
    _, tables, measures = structure.extract([_page(rows)], [[]])
    assert (tables, measures) == ([], [])


# ------------------------------------------------------------------ the real pipeline


@pytest.mark.tesseract
def test_unruled_sample_measures_come_out_of_the_pipeline(tmp_path: Path) -> None:
    from rapidfuzz import fuzz

    from digitizer import api, measures
    from digitizer.options import Options

    spec = SampleSpec(id="unruled", kind="plan_report", org=ORG, date=dt.date(2024, 5, 2),
                      dpi=200, seed=4, measures=3, rules=False, fmt="png", profile="light",
                      angle=0.4)
    truth = write_sample(spec, tmp_path)
    assert len(truth["pages"]) == 1 and truth["tables"][0]["rules"] is False
    doc = api.digitize_file(tmp_path / "scans" / spec.file, Options(dpi=200))
    assert [t.kind for t in doc.tables] == ["measures_plan"]
    assert measures.column_roles(doc.tables[0].header) == [
        "measure", "steps", "responsible", "monitoring"]
    assert [m.number for m in doc.measures] == [1, 2, 3]
    for got, want in zip(doc.measures, truth["measures"], strict=True):
        assert fuzz.ratio(got.measure, want["measure"]) >= 90, (got.measure, want["measure"])
        assert fuzz.ratio(" ".join(got.steps), " ".join(want["steps"])) >= 90
        assert got.responsible == want["responsible"]


@pytest.mark.tesseract
def test_plain_memo_sample_gets_no_table_from_the_pipeline(tmp_path: Path) -> None:
    from digitizer import api
    from digitizer.options import Options

    spec = dataclasses.replace(SampleSpec(id="plain", kind="plain_memo", org=ORG,
                                          date=dt.date(2024, 7, 9), digits="arabic"),
                               fmt="png", dpi=200, profile="medium", angle=-1.2, seed=3406)
    write_sample(spec, tmp_path)
    doc = api.digitize_file(tmp_path / "scans" / spec.file, Options(dpi=200))
    assert len(doc.pages[0].lines) > 20
    assert (doc.tables, doc.measures) == ([], [])
