"""Fast mode (`--fast`): one Tesseract read per page, first language only, no re-reads."""

from __future__ import annotations

import json
import shutil
import stat
from pathlib import Path

import numpy as np
import pytesseract
import pytest
from typer.testing import CliRunner

from digitizer.cli import app
from digitizer.leaders import remove_top_leaders
from digitizer.options import Options

ROOT = Path(__file__).resolve().parent.parent


def test_fast_mode_changes_the_fingerprint_but_not_the_default_one() -> None:
    # records made before the switch existed (fast absent) must stay current on resume
    assert Options().fingerprint() == "2181a447d3faa744"
    assert Options(fast=True).fingerprint() not in (Options().fingerprint(), "")
    assert Options(fast=True).fingerprint() == Options(fast=True).fingerprint()


def test_fast_mode_reads_with_the_first_language_only() -> None:
    assert (Options().read_lang, Options().rereads) == ("tha+eng", True)
    assert (Options(fast=True).read_lang, Options(fast=True).rereads) == ("tha", False)
    assert Options(fast=True, lang="eng+tha").read_lang == "eng"


def _dots(image: np.ndarray, y: int) -> None:
    """A dotted leader: 3-px dots every 9 px on row y."""
    for x in range(400, 1600, 9):
        image[y : y + 3, x : x + 3] = 20


def test_top_leaders_removed_lower_ones_kept() -> None:
    page = np.full((1000, 2000), 240, dtype=np.uint8)
    _dots(page, 100)
    _dots(page, 800)
    page[300:360, 100:160] = 20  # a solid blot (a letter's stem) in the top band stays
    cleaned = remove_top_leaders(page, 0.45)
    assert int(np.count_nonzero(cleaned[90:110] < 128)) == 0
    assert np.array_equal(cleaned[450:], page[450:])
    assert np.array_equal(cleaned[300:360, 100:160], page[300:360, 100:160])
    assert int(np.count_nonzero(page[90:110] < 128)) > 0  # the input is not touched


@pytest.fixture
def logged_tesseract(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The real tesseract behind a wrapper that logs each call's arguments, one line each."""
    real = shutil.which("tesseract")
    if real is None:
        pytest.skip("tesseract not installed")
    log = tmp_path / "calls.log"
    wrapper = tmp_path / "tesseract"
    wrapper.write_text(f'#!/bin/sh\necho "$*" >> {log}\nexec {real} "$@"\n')
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", str(wrapper))
    return log


@pytest.mark.tesseract
def test_fast_run_reads_a_page_once_and_still_finds_the_header(
    tmp_path: Path, logged_tesseract: Path
) -> None:
    truth = json.loads((ROOT / "samples/truth/sampleD_thatum_training.json").read_text())
    scan = ROOT / "samples/scans" / truth["file"]
    result = CliRunner().invoke(app, ["run", str(scan), "--out", str(tmp_path / "out"), "--fast",
                                      "-q"])
    assert result.exit_code == 0, result.stderr
    calls = [line for line in logged_tesseract.read_text().splitlines() if "--psm" in line]
    assert len(calls) == 1, calls  # the page OCR alone: no header, cell or line re-read
    assert " -l tha " in f" {calls[0]} " and "tha+eng" not in calls[0]
    record = json.loads((tmp_path / "out" / f"{scan.stem}.json").read_text())
    assert record["processing"]["options_fingerprint"] == Options(fast=True).fingerprint()
    assert record["processing"]["mode"] == "fast"
    for field in ("agency", "reference", "date"):
        assert record["memo"][field] == truth["memo"][field], field
    assert "พ.ศ." in record["memo"]["subject"]


@pytest.mark.tesseract
def test_fast_batch_says_so_and_a_default_run_redoes_its_records(tmp_path: Path) -> None:
    if shutil.which("tesseract") is None:
        pytest.skip("tesseract not installed")
    archive = tmp_path / "archive"
    archive.mkdir()
    shutil.copy(ROOT / "samples/scans/sampleD_thatum_training.jpg", archive / "memo.jpg")
    out = tmp_path / "out"
    runner = CliRunner()
    first = runner.invoke(app, ["batch", str(archive), "--out", str(out), "--jobs", "1", "--fast"])
    assert first.exit_code == 0, first.stderr
    assert "fast mode" in first.stderr
    assert json.loads((out / "memo.json").read_text())["processing"]["mode"] == "fast"
    again = runner.invoke(app, ["batch", str(archive), "--out", str(out), "--jobs", "1", "--fast"])
    assert "0 file(s), 0 page(s) to process" in again.stderr  # same settings: kept
    default = runner.invoke(app, ["batch", str(archive), "--out", str(out), "--jobs", "1"])
    assert default.exit_code == 0, default.stderr
    assert "1 file(s), 1 page(s) to process" in default.stderr  # other settings: redone
    assert "fast mode" not in default.stderr
    assert json.loads((out / "memo.json").read_text())["processing"]["mode"] == "default"
