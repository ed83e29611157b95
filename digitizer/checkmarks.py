"""Ink inside a table cell: is there a mark ("/", "✓", "X") or text, ignoring rules and dust.

OCR drops the thin strokes of hand or printed check marks, so status cells are judged from the
binarised image: the cell's interior (rules trimmed off) keeps only connected components big
enough to be a glyph; a cell is marked when one of them is at least a glyph tall.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class InkStats:
    """What the binarised interior of a cell holds after dust removal."""

    ratio: float  # kept ink pixels / interior pixels
    pixels: int  # kept ink pixels
    marked: bool  # at least one glyph-sized component
    covered: float  # share of the kept ink inside the given word boxes (1.0 when no ink)
    lost_line: bool = False  # a text line's worth of ink lies in no word box (OCR dropped it)


def cell_ink(
    ink: np.ndarray,
    bbox: Sequence[int],
    *,
    dpi: int,
    word_boxes: Sequence[Sequence[int]] = (),
) -> InkStats:
    """Measure the ink in a cell's interior (255 = ink); `word_boxes` are page-pixel OCR boxes."""
    x0, y0, x1, y1 = (int(v) for v in bbox)
    margin = max(4, dpi // 25)
    ix0, iy0 = x0 + margin, y0 + margin
    ix1, iy1 = x1 - margin, y1 - margin
    if ix1 <= ix0 or iy1 <= iy0:
        return InkStats(0.0, 0, False, 1.0)
    interior = ink[iy0:iy1, ix0:ix1]
    count, labels, stats, _ = cv2.connectedComponentsWithStats(interior, connectivity=8)
    min_area = max(6, int((dpi / 300) ** 2 * 30))
    min_glyph = max(4, int(dpi * 0.03))
    mark_height = max(8, int(dpi * 0.1))
    mark_area = max(20, int((dpi / 300) ** 2 * 120))
    keep = np.zeros(count, dtype=bool)
    marked = False
    for i in range(1, count):
        w, h, area = int(stats[i, 2]), int(stats[i, 3]), int(stats[i, 4])
        if area < min_area or max(w, h) < min_glyph:
            continue
        if w > 0.95 * interior.shape[1] or h > 0.95 * interior.shape[0]:
            continue  # a leftover rule, not a glyph
        if w <= max(3, int(dpi * 0.015)) and h > 5 * w:
            continue  # a thin vertical piece: scanner streak or broken rule
        keep[i] = True
        if h >= mark_height and area >= mark_area:
            marked = True
    kept = keep[labels]
    pixels = int(kept.sum())
    ratio = pixels / float(interior.size)
    if pixels == 0:
        return InkStats(0.0, 0, False, 1.0)
    inside = np.zeros_like(kept)
    for box in word_boxes:
        bx0, by0 = max(int(box[0]) - ix0, 0), max(int(box[1]) - iy0, 0)
        bx1, by1 = min(int(box[2]) - ix0, kept.shape[1]), min(int(box[3]) - iy0, kept.shape[0])
        if bx1 > bx0 and by1 > by0:
            inside[by0:by1, bx0:bx1] = True
    covered = float((kept & inside).sum()) / pixels
    lost = bool(word_boxes) and lost_line(kept & ~inside, dpi=dpi)
    return InkStats(ratio, pixels, marked, covered, lost)


LOST_LINE_HEIGHT = 0.07  # inches: a band of uncovered ink this tall is a text line...
LOST_LINE_WIDTH = 0.3  # ...when its ink spans this wide (inches) and...
LOST_LINE_FILL = 0.06  # ...fills this share of the band's box (not a stray speck or stroke)


def lost_line(uncovered: np.ndarray, *, dpi: int) -> bool:
    """Whether the cell ink outside every OCR word box holds a whole text line: a run of rows
    with such ink at least a line tall, whose ink spans a few words' width and is dense enough
    to be letters (a dropped line, not a mark or the tail of a read word)."""
    rows = np.flatnonzero(uncovered.any(axis=1))
    if rows.size == 0:
        return False
    runs = np.split(rows, np.flatnonzero(np.diff(rows) > 2) + 1)
    for run in runs:
        top, bottom = int(run[0]), int(run[-1]) + 1
        if bottom - top < LOST_LINE_HEIGHT * dpi:
            continue
        band = uncovered[top:bottom]
        cols = np.flatnonzero(band.any(axis=0))
        width = int(cols[-1] - cols[0] + 1)
        if width >= LOST_LINE_WIDTH * dpi and band.sum() >= LOST_LINE_FILL * width * (bottom - top):
            return True
    return False
