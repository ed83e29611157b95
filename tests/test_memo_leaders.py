"""Dotted leaders removed from rendered Thai header lines without touching marks or full stops."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from digitizer.leaders import find_leader_dots, remove_dotted_leaders

FONTS = Path(".venv/lib/python3.11/site-packages/odoo/addons/l10n_th_fonts/static/fonts")
FONT = FONTS / "THSarabunNew.ttf"


def _render(text: str, *, leader: bool, size: int = 67) -> np.ndarray:
    """One 300-dpi header line (16 pt ≈ 67 px) with an optional dotted leader under it."""
    img = Image.new("L", (2400, 220), 235)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(str(FONT), size)
    draw.text((100, 40), text, font=font, fill=30)
    if leader:
        for x in range(600, 2300, 8):  # 2-px dots every 8 px on the baseline
            draw.rectangle((x, 150, x + 2, 152), fill=60)
    return np.asarray(img, dtype=np.uint8)


@pytest.mark.skipif(not FONT.exists(), reason="TH Sarabun New not installed")
def test_leader_dots_removed_text_kept() -> None:
    text = "ที่ ฐานข้อมูล ญาติ ๑๒/๓๔. ผู้ใหญ่ ปี่ ก็ดี."
    plain = _render(text, leader=False)
    dotted = _render(text, leader=True)
    boxes = find_leader_dots(dotted)
    assert len(boxes) == len(range(600, 2300, 8))
    assert all(148 <= y <= 153 for _, y, _, _ in boxes)
    cleaned = remove_dotted_leaders(dotted)
    ink_plain = plain < 128
    ink_clean = cleaned < 128
    assert int(np.count_nonzero(ink_plain != ink_clean)) == 0


@pytest.mark.skipif(not FONT.exists(), reason="TH Sarabun New not installed")
def test_text_without_leaders_untouched() -> None:
    for text in ("ฐ ญ ฎ ฏ ... ๑. ๒. ๓.", "สำนักปลัด เทศบาลตำบล น้ำ ปั่น ชื่อ ชี้ ๆ ฯ"):
        image = _render(text, leader=False)
        assert find_leader_dots(image) == []
        assert np.array_equal(remove_dotted_leaders(image), image)


def test_noise_specks_are_not_a_leader() -> None:
    rng = np.random.default_rng(3)
    image = np.full((1000, 2400), 235, np.uint8)
    for _ in range(400):
        x, y = int(rng.integers(0, 2398)), int(rng.integers(0, 998))
        image[y : y + 2, x : x + 2] = 40
    assert find_leader_dots(image) == []
