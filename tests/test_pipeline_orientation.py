"""Orientation: OSD only when the page OCR does not look upright; turned pages still read right."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from rapidfuzz.distance import Levenshtein

from digitizer import api
from digitizer._exec import tesseract
from digitizer.api import digitize_file, looks_upright
from digitizer.model import Line, Page, Word
from digitizer.options import Options

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
BARE = Options(correct=False, digits=False, structure=False)


def _page(boxes: list[list[int]], confidence: float) -> Page:
    words = [Word(text="คำ", bbox=box, confidence=confidence) for box in boxes]
    line = Line(text_raw=" ".join(w.text for w in words), text="", bbox=[0, 0, 1, 1],
                confidence=confidence, words=words)
    return Page(number=1, width=2480, height=3508, dpi=300, mean_confidence=confidence,
                text_raw=line.text_raw, text=line.text_raw, lines=[line])


def test_confident_horizontal_words_look_upright() -> None:
    wide = [[100 * k, 100, 100 * k + 90, 140] for k in range(10)]
    assert looks_upright(_page(wide, 91.0)) is True
    assert looks_upright(_page(wide, 65.0)) is False  # an upside-down read: low confidence
    assert looks_upright(_page(wide[:3], 91.0)) is False  # too few words to judge


def test_vertical_words_do_not_look_upright() -> None:
    tall = [[100, 100 * k, 140, 100 * k + 90] for k in range(10)]  # a page on its side
    assert looks_upright(_page(tall, 90.0)) is False


def test_osd_runs_only_when_the_read_does_not_look_upright(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    monkeypatch.setattr(api, "ocr_page", lambda image, number, dpi, options: _page(
        [[100 * k, 100, 100 * k + 90, 140] for k in range(10)], confidence))
    monkeypatch.setattr(tesseract, "run_osd", lambda image, **_: calls.append(1) or (180, 9.0))
    gray = np.full((300, 200), 255, dtype=np.uint8)
    gray[100:110, 20:180] = 0
    confidence = 92.0
    options = Options(correct=False, digits=False, structure=False, deskew=False)
    _, _, rotation, _ = api.read_page(gray, 1, 300, options)
    assert (rotation, calls) == (0, [])
    confidence = 60.0
    image, _, rotation, _ = api.read_page(gray, 1, 300, options)
    assert (rotation, calls) == (180, [1])
    assert image[300 - 110 : 300 - 100, 20:180].max() < 128  # the image was turned over


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", text))


@pytest.mark.tesseract
@pytest.mark.parametrize("turn", [180, 270])
def test_turned_sample_page_is_read_upright(tmp_path: Path, turn: int) -> None:
    scans = sorted((SAMPLES / "scans").glob("*.png"))
    if not scans:
        pytest.skip("samples/ not generated")
    scan = scans[0]
    truth = json.loads((SAMPLES / "truth" / f"{scan.stem}.json").read_text(encoding="utf-8"))
    path = tmp_path / f"turned{turn}.png"
    with Image.open(scan) as image:
        image.convert("L").rotate(turn, expand=True).save(path, dpi=(300, 300))  # ccw
    document = digitize_file(path, BARE)
    page = document.pages[0]
    assert page.rotation == turn  # clockwise degrees that undid the ccw turn
    want = _squash(truth["pages"][0]["text"])
    assert Levenshtein.distance(_squash(page.text_raw), want) / len(want) < 0.15
