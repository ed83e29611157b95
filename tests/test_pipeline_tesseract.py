"""The real pipeline with Tesseract on a page rendered here and on the project's own samples."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont
from rapidfuzz.distance import Levenshtein

from digitizer.api import digitize_file
from digitizer.options import Options

pytestmark = pytest.mark.tesseract

FONT = Path("/usr/share/fonts/truetype/tlwg/Laksaman.ttf")
SAMPLES = Path(__file__).resolve().parent.parent / "samples"
LINES = [
    "บันทึกข้อความ",
    "เรื่อง ขอความอนุเคราะห์ใช้ห้องประชุมของสำนักงาน",
    "เรียน ผู้อำนวยการกองการศึกษา",
    "ด้วยกองสาธารณสุขจะจัดการประชุมชี้แจงแนวทางการดำเนินงาน",
    "ประจำปีงบประมาณ พ.ศ. 2568 ในวันจันทร์ที่ 12 มกราคม 2568",
    "จึงเรียนมาเพื่อโปรดพิจารณาอนุเคราะห์",
]
BARE = Options(correct=False, digits=False, structure=False)
WS = re.compile(r"\s+")


def squash(text: str) -> str:
    """NFC without whitespace, as the devset README scores CER."""
    return WS.sub("", unicodedata.normalize("NFC", text))


def cer(ocr: str, truth: str) -> float:
    """Whitespace-free character error rate."""
    return Levenshtein.distance(squash(ocr), squash(truth)) / len(squash(truth))


def _render(path: Path, *, angle: float, turn: int) -> None:
    if not FONT.exists():
        pytest.skip("fonts-thai-tlwg not installed")
    font = ImageFont.truetype(str(FONT), 64)
    page = Image.new("L", (2480, 1400), 255)
    draw = ImageDraw.Draw(page)
    for number, text in enumerate(LINES):
        draw.text((250, 150 + number * 160), text, font=font, fill=20)
    page = page.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    if turn:
        page = page.rotate(turn, expand=True)  # counter-clockwise, like a page scanned sideways
    noisy = np.asarray(page, dtype=np.int16) + np.random.default_rng(3).integers(
        -25, 25, page.size[::-1]
    )
    Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8)).save(path, dpi=(300, 300))


def test_rendered_skewed_page_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "skewed.png"
    _render(path, angle=2.0, turn=0)
    document = digitize_file(path, BARE)
    page = document.pages[0]
    assert document.status == "ok"
    assert page.skew_degrees == pytest.approx(2.0, abs=0.2)
    assert cer(page.text_raw, "\n".join(LINES)) < 0.06
    assert "ำ" in page.text_raw and "\u0e4d\u0e32" not in page.text_raw
    assert page.text_raw == "\n".join(line.text_raw for line in page.lines)


def test_page_scanned_sideways_is_turned_upright(tmp_path: Path) -> None:
    path = tmp_path / "sideways.png"
    _render(path, angle=0.0, turn=90)
    document = digitize_file(path, BARE)
    page = document.pages[0]
    assert page.rotation == 90
    assert (page.width, page.height) == (2480, 1400)
    assert cer(page.text_raw, "\n".join(LINES)) < 0.06


def test_sample_memo_beats_its_threshold() -> None:
    scans = sorted((SAMPLES / "scans").glob("*.png"))
    if not scans:
        pytest.skip("samples/ not generated")
    scan = scans[0]
    truth = json.loads((SAMPLES / "truth" / f"{scan.stem}.json").read_text(encoding="utf-8"))
    document = digitize_file(scan, BARE)
    assert document.status == "ok"
    assert [p.number for p in document.pages] == [p["number"] for p in truth["pages"]]
    text = "\n".join(p.text_raw for p in document.pages)
    assert cer(text, "\n".join(p["text"] for p in truth["pages"])) < 0.15
