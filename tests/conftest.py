"""Shared fixtures: small images written on the fly and a canned-TSV builder."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

TSV_HEADER = (
    "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
)


def tsv_rows(
    lines: Sequence[Sequence[tuple[str, int, int, int, int, float]]], *, block: int = 1
) -> str:
    """Tesseract-like TSV: one line per entry, glyphs as (text, left, top, width, height, conf)."""
    rows = [TSV_HEADER, "1\t1\t0\t0\t0\t0\t0\t0\t1000\t1000\t-1\t"]
    for line_num, glyphs in enumerate(lines, start=1):
        rows.append(f"4\t1\t{block}\t1\t{line_num}\t0\t0\t0\t10\t10\t-1\t")
        for word_num, (text, left, top, width, height, conf) in enumerate(glyphs, start=1):
            rows.append(
                f"5\t1\t{block}\t1\t{line_num}\t{word_num}\t{left}\t{top}\t{width}\t{height}\t{conf}\t{text}"
            )
    return "\n".join(rows) + "\n"


def glyph_run(
    text: str, *, left: int, top: int, step: int = 30, width: int = 26, height: int = 40
) -> list[tuple[str, int, int, int, int, float]]:
    """One glyph per character, evenly spaced (marks share their base's column)."""
    out = []
    x = left
    for char in text:
        out.append((char, x, top, width, height, 95.0))
        x += step
    return out


@pytest.fixture
def page_png(tmp_path: Path) -> Path:
    """A small white page with a few black bars standing in for text lines."""
    image = np.full((400, 300), 255, dtype=np.uint8)
    for y in range(60, 340, 40):
        image[y : y + 12, 30:270] = 0
    path = tmp_path / "memo.png"
    Image.fromarray(image).save(path, dpi=(300, 300))
    return path
