"""Check marks of status cells: printed "/", "✓" and "X", or a hand-drawn wavy pen stroke."""

from __future__ import annotations

import logging
import math
from itertools import pairwise
from typing import Any

import cv2
import numpy as np
from PIL import Image, ImageFont

from samplegen import fonts
from samplegen.layout import MemoLayout

log = logging.getLogger(__name__)

VARIANTS = ("/", "check", "x", "hand")
MARK_TEXT = {"/": "/", "check": "✓", "x": "X", "hand": "/"}  # what the page text records


def has_glyph(fnt: ImageFont.FreeTypeFont, char: str) -> bool:
    """Whether the font draws `char` itself (not its missing-glyph box)."""
    missing = fnt.getmask("\uffff")
    mask = fnt.getmask(char)
    return mask.getbbox() is not None and (
        mask.size != missing.size or bytes(mask) != bytes(missing)
    )


def variant_of(marks: str, row: int) -> str:
    """The mark variant of body row `row` for a spec's `marks` option ("mixed" cycles)."""
    if marks == "mixed":
        return ("check", "x", "hand", "/")[row % 4]
    if marks not in VARIANTS:
        raise ValueError(f"unknown mark variant {marks!r}; choose one of {VARIANTS} or 'mixed'")
    return marks


def apply_marks(table: dict[str, Any], marks: str) -> None:
    """Give the marked cells of a status table their variant (text and a "mark" key)."""
    for r, row in enumerate(table["rows"]):
        variant = variant_of(marks, r)
        for cell in row[2:]:
            lines = str(cell.get("text", "")).split("\n")
            if lines[0] == "/":
                lines[0] = MARK_TEXT[variant]
                cell["text"] = "\n".join(lines)
                cell["mark"] = variant


def _hand_stroke(lay: MemoLayout, cx: float, top: float) -> None:
    """A slightly wavy pen line (a slash or a tick) of random thickness, drawn with OpenCV."""
    rng = lay.rng
    size = lay.pitch * 0.9
    x0, y0 = int(cx - size), int(top - size * 0.2)
    w, h = int(2 * size), int(size * 1.4)
    crop = np.array(lay.page.image.crop((x0, y0, x0 + w, y0 + h)))
    if rng.random() < 0.5:  # a tick: short down-stroke then a long up-stroke
        anchors = [(0.3, 0.55), (0.45, 0.85), (0.8, 0.1)]
    else:  # a slash
        anchors = [(0.35, 0.9), (0.7, 0.1)]
    pts: list[tuple[float, float]] = []
    for (ax, ay), (bx, by) in pairwise(anchors):
        phase = rng.uniform(0, math.tau)
        for k in range(16):
            t = k / 15
            wobble = 0.035 * math.sin(t * math.tau * 1.5 + phase)
            pts.append(((ax + (bx - ax) * t + wobble) * w, (ay + (by - ay) * t) * h))
    thickness = rng.randint(max(1, lay.dpi // 150), max(2, lay.dpi // 45))
    poly = np.array([[round(x), round(y)] for x, y in pts], np.int32).reshape(-1, 1, 2)
    cv2.polylines(crop, [poly], False, rng.randint(15, 70), thickness, cv2.LINE_AA)
    lay.page.image.paste(Image.fromarray(crop), (x0, y0))


def draw_mark(lay: MemoLayout, variant: str, cx: float, top: float) -> None:
    """Print or draw one mark centred on `cx` in the text line starting at `top`; record it."""
    text = MARK_TEXT[variant]
    if variant == "hand":
        _hand_stroke(lay, cx, top)
        lay.page.lines.append(text)
    elif variant == "check" and not has_glyph(lay.body, text):
        s = lay.pitch * 0.7
        mid = top + lay.pitch * 0.45
        width = max(2, round(lay.dpi / 90))
        lay.draw.line([(cx - 0.35 * s, mid), (cx - 0.1 * s, mid + 0.3 * s),
                       (cx + 0.4 * s, mid - 0.45 * s)], fill=0, width=width, joint="curve")
        lay.page.lines.append(text)
    else:
        lay.text_line(text, cx - fonts.text_width(text, lay.body) / 2, top, lay.body)
