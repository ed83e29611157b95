"""List numbers with no OCR word: the "๖." that opens a line (often in a table cell) and that
Tesseract dropped, leaving the ink left of the line's first word uncovered.

For every word that opens a line of the OCR text, the ink between it and the nearest word box
to its left on the same row (or a few box heights, whichever is nearer) is cut into glyphs. When
that ink is exactly one or two sure digits followed by a dot on the baseline, "N. " is inserted
before the word. Nothing else is inserted: any other ink there (a bullet, a check box, a rule's
rest, a letter) leaves the text as read.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from digitizer.glyphs import (
    OTHER,
    THAI_DIGITS,
    Glyph,
    binarize,
    crop_features,
    remove_rules,
    segment,
)
from digitizer.model import Correction, Page, Word

if TYPE_CHECKING:
    from digitizer.digits import DigitModel, GlyphRead

RULE = "thai_digit"
_REACH = 2.5  # ink this many word-box heights left of a line's first word is looked at
_ROOM = 0.5  # ... when at least this much room (in box heights) is free there
_SURE = 0.98  # every digit of an inserted list number is read at least this surely
_FLAG = 0.9  # a list number read at least this surely (but not _SURE) is flagged
_MAX_DIGITS = 2  # a list number has at most this many digits
_DOT = 0.45  # a dot is at most this share of the digits' height, wide and tall
_BASE = 0.25  # its bottom lies within this share of the digits' height from their baseline
_GAP = 1.2  # the number ends within this many box heights of the word
_LOW, _HIGH = 0.25, 0.8  # a digit's height, in shares of the word box height (marks included)
_THIN = 0.12  # ink narrower than this share of its height is a rule's rest, not a glyph
_CONTRAST = 60  # the darkest ink is at least this much darker than the paper


def _opens_line(text: str, start: int) -> bool:
    """Whether the word at text[start:] is the first of its line."""
    return start == 0 or text[start - 1] == "\n"


def _left_room(words: Sequence[Word], word: Word) -> int:
    """Page x of the nearest right edge of a word box left of `word` on its row (or -1)."""
    x0, y0, _x1, y1 = word.bbox
    edge = -1
    for other in words:
        _a0, b0, a1, b1 = other.bbox
        if other is word or min(y1, b1) - max(y0, b0) < 0.3 * min(y1 - y0, b1 - b0):
            continue
        if a1 <= x0 + 2 and a1 > edge:
            edge = a1
    return edge


def _is_dot(glyph: Glyph, height: float, baseline: float) -> bool:
    """A full stop: small in both directions and sitting on the digits' baseline."""
    x0, y0, x1, y1 = glyph.box
    return (x1 - x0 <= _DOT * height and y1 - y0 <= _DOT * height
            and abs(y1 - baseline) <= _BASE * height)


def _number(glyphs: list[Glyph], reads: list[GlyphRead],
            heights_ok: tuple[float, float]) -> tuple[str, float] | None:
    """(digits, confidence) when the glyphs are one or two digits (as tall as `heights_ok`
    allows) and a trailing dot."""
    if not 2 <= len(glyphs) <= _MAX_DIGITS + 1:
        return None
    head, dot = reads[:-1], glyphs[-1]
    if any(r.label == OTHER or (r.label not in THAI_DIGITS and r.label not in "0123456789")
           for r in head):
        return None
    heights = [g.box[3] - g.box[1] for g in glyphs[:-1]]
    if min(heights) < heights_ok[0] or max(heights) > heights_ok[1]:
        return None
    height = float(max(heights))
    baseline = float(max(g.box[3] for g in glyphs[:-1]))
    if not _is_dot(dot, height, baseline) or dot.box[0] < glyphs[-2].box[2] - 1:
        return None
    return "".join(r.label for r in head), min(r.confidence for r in head)


def list_number_insertions(image: np.ndarray, page: Page, spans: Sequence[tuple[int, int, Word]],
                           script: str | None, model: DigitModel) -> list[Correction]:
    """thai_digit Corrections inserting "N. " before the line-opening words whose left side
    holds a list number no OCR word covers."""
    from digitizer.digits import GlyphRead, decide

    words = [w for _s, _e, w in spans]
    height_px, width_px = image.shape[:2]
    min_height = max(6.0, 0.055 * page.dpi)
    jobs: list[tuple[int, int, tuple[int, int], list[Glyph]]] = []
    for start, _end, word in spans:
        if not _opens_line(page.text_raw, start) or not word.text[:1].isalpha():
            continue
        x0, y0, _x1, y1 = word.bbox
        box_h = y1 - y0
        if box_h < min_height:
            continue
        left = max(_left_room(words, word) + 2, x0 - round(_REACH * box_h), 0)
        if x0 - left < _ROOM * box_h:
            continue
        pad = max(3, box_h // 4)
        cy0, cy1 = max(y0 - pad, 0), min(y1 + pad, height_px)
        crop = image[cy0:cy1, left : min(x0, width_px)]
        if int(crop.min()) > float(np.median(crop)) - _CONTRAST:
            continue  # blank paper: binarising would make ink of its grain
        mask = remove_rules(binarize(crop), max(12, round(1.5 * box_h)),
                            min(cy1 - cy0 - 1, max(12, round(0.9 * box_h))))
        glyphs = segment(mask, keep=(0, y0 - cy0, x0 - left, y1 - cy0))
        # the thin rest of a cell's rule is no glyph
        glyphs = [g for g in glyphs if g.box[2] - g.box[0] > max(2, _THIN * (g.box[3] - g.box[1]))]
        if glyphs and glyphs[-1].box[2] >= crop.shape[1] - 2:
            glyphs = glyphs[:-1]  # the word's own first glyph, clipped by its OCR box
        if not glyphs or glyphs[-1].box[2] < (x0 - left) - _GAP * box_h:
            continue
        jobs.append((start, box_h, (left, cy0), glyphs))
    if not jobs:
        return []
    probs = model.predict_proba(np.concatenate([crop_features(g) for *_x, g in jobs]))
    out: list[Correction] = []
    row = 0
    for start, box_h, (dx, dy), glyphs in jobs:
        reads = [GlyphRead(g.box, *decide(probs[row + k], script)) for k, g in enumerate(glyphs)]
        row += len(glyphs)
        found = _number(glyphs, reads, (max(min_height, _LOW * box_h), _HIGH * box_h))
        if found is None or found[1] < _FLAG:
            continue
        digits, confidence = found
        boxes = [g.box for g in glyphs]
        bbox = [min(b[0] for b in boxes) + dx, min(b[1] for b in boxes) + dy,
                max(b[2] for b in boxes) + dx, max(b[3] for b in boxes) + dy]
        out.append(Correction(
            id="", page=page.number, start=start, end=start, original="", suggestion=f"{digits}. ",
            confidence=round(min(max(confidence, 0.0), 1.0), 4), rule=RULE, bbox=bbox,
            status="applied" if confidence >= _SURE else "flagged"))
    return out
