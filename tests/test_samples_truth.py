"""The committed samples: truth files in the dev-set format that agree with their scans."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
TRUTHS = sorted((SAMPLES / "truth").glob("*.json"))
KEYS = ["id", "file", "kind", "digits", "organisation", "memo", "paragraphs", "body", "tables",
        "measures", "signatories", "entity_strings", "render", "pages"]
MONTHS = ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม",
          "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"]
ARABIC = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _page_count(scan: Path) -> int:
    if scan.suffix == ".pdf":
        return len(PdfReader(scan).pages)
    with Image.open(scan) as im:
        return int(getattr(im, "n_frames", 1))


def test_at_least_four_samples_in_every_format() -> None:
    assert len(TRUTHS) >= 4
    formats = {_load(p)["render"]["fmt"] for p in TRUTHS}
    assert formats >= {"pdf", "png", "tiff", "jpg"}
    kinds = {_load(p)["kind"] for p in TRUTHS}
    assert kinds == {"ita_report", "measures_plan", "plain_memo"}


def test_samples_are_small() -> None:
    total = sum(p.stat().st_size for p in (SAMPLES / "scans").iterdir())
    assert total < 3 * 1024 * 1024


@pytest.mark.parametrize("path", TRUTHS, ids=lambda p: p.stem)
def test_truth_keys_and_scan(path: Path) -> None:
    truth = _load(path)
    assert list(truth) == KEYS
    assert truth["id"] == path.stem
    scan = SAMPLES / "scans" / truth["file"]
    assert scan.exists() and scan.stem == path.stem
    assert _page_count(scan) == len(truth["pages"])
    assert [p["number"] for p in truth["pages"]] == list(range(1, len(truth["pages"]) + 1))
    assert set(truth["memo"]) == {"agency", "reference", "date_text", "date", "subject", "to"}
    assert set(truth["organisation"]) == {"name", "district", "province"}
    assert set(truth["render"]) == {"fmt", "dpi", "font", "profile", "angle", "seed", "color"}
    for page in truth["pages"]:
        assert "ํา" not in page["text"]  # sara am is always U+0E33
        assert page["text"] == page["text"].strip()
    for later in truth["pages"][1:]:
        assert re.fullmatch(r"- [0-9๐-๙]+ -", later["text"].split("\n")[0])


@pytest.mark.parametrize("path", TRUTHS, ids=lambda p: p.stem)
def test_memo_date_matches_date_text(path: Path) -> None:
    memo = _load(path)["memo"]
    day, month, year = memo["date_text"].translate(ARABIC).split()
    expected = dt.date(int(year) - 543, MONTHS.index(month) + 1, int(day))
    assert memo["date"] == expected.isoformat()


@pytest.mark.parametrize("path", TRUTHS, ids=lambda p: p.stem)
def test_digit_script_is_consistent(path: Path) -> None:
    truth = _load(path)
    text = "\n".join(p["text"] for p in truth["pages"])
    other = r"[0-9]" if truth["digits"] == "thai" else r"[๐-๙]"
    assert not re.search(other, text)


@pytest.mark.parametrize("path", TRUTHS, ids=lambda p: p.stem)
def test_header_and_blocks_are_printed(path: Path) -> None:
    truth = _load(path)
    lines = [ln for p in truth["pages"] for ln in p["text"].split("\n")]
    memo = truth["memo"]
    assert lines[0] == "บันทึกข้อความ"
    assert f"ที่ {memo['reference']} วันที่ {memo['date_text']}" in lines
    for sig in truth["signatories"]:
        assert f"({sig['name']})" in lines
    squashed = "".join(lines).replace(" ", "")
    for para in truth["paragraphs"]:
        assert para.replace(" ", "") in squashed


@pytest.mark.parametrize("path", TRUTHS, ids=lambda p: p.stem)
def test_measures_agree_with_tables(path: Path) -> None:
    truth = _load(path)
    measures = truth["measures"]
    assert [m["number"] for m in measures] == list(range(1, len(measures) + 1))
    if truth["kind"] == "plain_memo":
        assert measures == [] and truth["tables"] == []
        return
    plan = truth["tables"][0]
    assert plan["kind"] == "measures" and len(plan["rows"]) == len(measures)
    for row, m in zip(plan["rows"], measures, strict=True):
        assert row[0]["text"].endswith(m["measure"])
        assert row[2]["text"].split("\n") == m["responsible"]
    if truth["kind"] == "ita_report":
        status = truth["tables"][1]
        assert status["header"][0][2] == {"text": "สถานะการดำเนินการ", "colspan": 3}
        states = ["not_started", "in_progress", "completed"]
        for row, m in zip(status["rows"], measures, strict=True):
            marks = [c["text"].startswith("/") for c in row[2:]]
            assert marks.count(True) == 1 and states[marks.index(True)] == m["status"]


def test_one_sample_uses_all_ten_thai_digits_in_date_and_number() -> None:
    found = [p.stem for p in TRUTHS
             if set("๐๑๒๓๔๕๖๗๘๙") <= set(_load(p)["memo"]["date_text"]
                                              + _load(p)["memo"]["reference"])]
    assert found == ["sampleB_banfang_training"]
