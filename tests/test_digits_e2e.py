"""End to end on the sample memo whose date and reference number use all ten Thai digits."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from digitizer.model import Document
from digitizer.thaidate import parse_thai_date

ROOT = Path(__file__).resolve().parents[1] / "samples"
STEM = "sampleB_banfang_training"
NUMBER = re.compile(r"[๐-๙0-9][๐-๙0-9,/]*[๐-๙0-9]|[๐-๙0-9]")

pytestmark = pytest.mark.tesseract


@pytest.fixture(scope="module")
def document() -> Document:
    scan = next(iter(sorted((ROOT / "scans").glob(f"{STEM}.*"))), None)
    if scan is None or shutil.which("tesseract") is None:
        pytest.skip("sample scan or tesseract missing")
    from digitizer.api import digitize_file
    from digitizer.options import Options

    return digitize_file(scan, Options())


def _truth() -> dict[str, Any]:
    return json.loads((ROOT / "truth" / f"{STEM}.json").read_text(encoding="utf-8"))


def test_sample_uses_all_ten_digits_in_date_and_reference() -> None:
    memo = _truth()["memo"]
    assert set("๐๑๒๓๔๕๖๗๘๙") <= set(memo["reference"] + memo["date_text"])


def test_every_printed_number_is_read_right(document: Document) -> None:
    text = "\n".join(page.text for page in document.pages)
    truth = "\n".join(page["text"] for page in _truth()["pages"])
    wanted = NUMBER.findall(truth)
    got = NUMBER.findall(text)
    missing = [n for n in wanted if n not in got]
    assert missing == []
    changed = [c for c in document.corrections if c.rule == "thai_digit"]
    assert changed, "Tesseract cannot output ๔๖๗๘๙: the recogniser must have changed digits"
    assert all(c.bbox is not None and 0 <= c.confidence <= 1 for c in changed)


def test_date_and_reference_come_out_exactly(document: Document) -> None:
    memo = _truth()["memo"]
    number = memo["reference"].split()[-1]  # the digits; the province letters are not ours
    text = "\n".join(page.text for page in document.pages)
    header = next(line for line in text.splitlines() if number in line)
    date = parse_thai_date(header)
    assert date is not None and (date.iso, date.flagged) == (memo["date"], False)
    if document.memo.date is not None:  # once the structure stage fills the header
        assert document.memo.date == memo["date"]
        assert document.memo.reference is not None
        assert document.memo.reference.endswith(number)
