"""Check-mark variants ("/", "✓", "X", a hand-drawn stroke) decide measures[].status from ink."""

from __future__ import annotations

import datetime as dt
import os

import numpy as np
import pytest

from digitizer import structure, tables
from digitizer.model import Page
from digitizer.options import Options
from samplegen import Org, SampleSpec, build, compose, fonts
from samplegen.marks import MARK_TEXT, has_glyph, variant_of

ORG = Org("เทศบาลตำบล", "ท่าวังผา", "ท่าวังผา", "น่าน")
STATES = ["completed", "in_progress", "not_started", "completed"]


def _spec(marks: str, *, dpi: int = 150, seed: int = 5, profile: str = "light") -> SampleSpec:
    return SampleSpec(id="marks", kind="status_report", org=ORG, date=dt.date(2024, 5, 2),
                      dpi=dpi, seed=seed, measures=4, marks=marks, fmt="png", profile=profile,
                      angle=0.4)


def test_mark_variants_land_in_truth_and_page_text() -> None:
    doc = compose(_spec("mixed"))
    assert [m["status"] for m in doc["measures"]] == STATES
    marks = [(r, cell["mark"], cell["text"]) for r, row in enumerate(doc["tables"][0]["rows"])
             for cell in row[2:] if "mark" in cell]
    assert marks == [(0, "check", "✓"), (1, "x", "X"), (2, "hand", "/"), (3, "/", "/")]
    assert [variant_of("x", r) for r in range(3)] == ["x", "x", "x"]
    _, truth = build(_spec("mixed", dpi=100))
    text = truth["pages"][0]["text"].split("\n")
    assert [t for t in text if t in MARK_TEXT.values()] == ["✓", "X", "/", "/"]


def test_default_marks_leave_the_spec_output_unchanged() -> None:
    plain = compose(_spec("/"))
    assert all("mark" not in cell for row in plain["tables"][0]["rows"] for cell in row)


def test_check_glyph_fallback_is_drawn() -> None:
    fnt = fonts.font(16, 150)
    assert has_glyph(fnt, "X")
    assert not has_glyph(fnt, "\uffff")


def _read(image: np.ndarray, dpi: int) -> tuple[Page, list[tables.PageTable]]:
    """OCR a page image and detect its tables, as the pipeline worker does."""
    from digitizer._exec import tesseract
    from digitizer.layout import lines_from_tsv

    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    options = Options(dpi=dpi)
    tsv = tesseract.run_tsv(image, lang=options.lang, psm=options.psm, oem=options.oem,
                            timeout=120.0, dpi=dpi)
    lines = lines_from_tsv(tsv)
    text = "\n".join(line.text_raw for line in lines)
    h, w = image.shape
    page = Page(number=2, width=w, height=h, dpi=dpi, text_raw=text, text=text, lines=lines)
    return page, tables.detect_page_tables(image, page, options=options)


@pytest.mark.tesseract
@pytest.mark.parametrize("profile", ["light", "photocopy"])
def test_status_from_each_mark_variant(profile: str) -> None:
    scans, truth = build(_spec("mixed", profile=profile))
    image = np.asarray(scans[0].convert("L"))
    page, found = _read(image, 150)
    _, records, measures = structure.extract([page], [found])
    assert [t.kind for t in records] == ["measures_status"]
    assert [m.number for m in measures] == [1, 2, 3, 4]
    assert [m.status for m in measures] == [m["status"] for m in truth["measures"]] == STATES


def _marked_states(marks: str, *, dpi: int, seed: int, profile: str) -> tuple[list, list]:
    """Marked (body row, state column) cells found from ink alone, and the truth's."""
    scans, truth = build(_spec(marks, dpi=dpi, seed=seed, profile=profile))
    image = np.asarray(scans[0].convert("L"))
    h, w = image.shape
    found = [t for t in tables.detect_page_tables(image, Page(number=2, width=w, height=h,
                                                              dpi=dpi), options=Options(dpi=dpi))
             if t.cells]
    assert len(found) == 1
    table = found[0]
    first = table.n_cols - 3
    got = sorted((c.row - table.header_rows, c.col - first) for c in table.cells
                 if c.marked and c.col >= first and c.row >= table.header_rows)
    states = ["not_started", "in_progress", "completed"]
    want = sorted((i, states.index(m["status"])) for i, m in enumerate(truth["measures"]))
    return got, want


@pytest.fixture
def _no_reocr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tables, "_reocr", lambda *a, **k: None)


@pytest.mark.usefixtures("_no_reocr")
@pytest.mark.parametrize("marks", ["/", "check", "x", "hand"])
@pytest.mark.parametrize(("dpi", "seed"), [(100, 1), (150, 3)])
def test_each_variant_is_marked_from_ink_alone(marks: str, dpi: int, seed: int) -> None:
    got, want = _marked_states(marks, dpi=dpi, seed=seed, profile="light")
    assert got == want


@pytest.mark.usefixtures("_no_reocr")
def test_scanner_streak_does_not_pull_header_leaders_into_the_table() -> None:
    got, want = _marked_states("hand", dpi=150, seed=2, profile="medium")
    assert got == want
