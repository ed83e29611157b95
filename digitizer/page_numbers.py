"""Page numbers: re-read the "- ๒ -" centred at the top of a memo's continuation pages.

Thai official correspondence numbers every page after the first with its number between two
dashes, centred above the text. Tesseract often drops that short isolated line or spells it as
junk ("a3", "-q-", "- lo -", "โซ"), because its Thai model cannot write ๔ ๖ ๗ ๘ ๙ and the dashes
look like noise. This module finds the pattern by geometry alone (a dash, one to three glyphs
of digit height, a dash, on one row near the top centre of the page), classifies the glyphs
with the digit model and returns one `thai_digit` Correction that replaces the OCR words of
that row (or inserts the line when Tesseract wrote nothing). The page's own index is a strong
prior: a reading that agrees with it is applied, a sure reading that disagrees is applied (a
file may start on a later page), an unsure one is only flagged.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import cv2
import numpy as np

from digitizer.glyphs import ARABIC_DIGITS, OTHER, THAI_DIGITS, binarize, crop_features, segment
from digitizer.model import Correction, Page, Word

if TYPE_CHECKING:
    from digitizer.digits import DigitModel

log = logging.getLogger(__name__)

_TOP = 0.12  # the page number lies in this top share of the page
_SIDE = 0.15  # ... within this share of the width either side of the centre
_DASH_MIN, _DASH_MAX = 0.03, 0.16  # dash length, inches
_DASH_THICK = 0.045  # a dash is at most this thick (inches)
_DASH_ASPECT = 1.6  # and at least this many times longer than thick (a speck may touch it)
_GAP_MAX = 0.25  # the digits lie at most this far (inches) from each dash
_DIGIT_MIN, _DIGIT_MAX = 0.055, 0.35  # digit glyph height, inches
_THICK_SHARE = 3.0  # a digit is at least this many times as tall as the dashes are thick
_CENTRE = 0.06  # the row's centre is within this share of the width of the page centre
_CLEAR = 0.6  # no other glyph of text size within this many inches of the dashes on the row
_SURE = 0.98  # a reading that disagrees with the page index is applied only this sure
_FLOOR = 0.3  # below this even a reading that agrees with the page index is only flagged
_RULE = "thai_digit"


@dataclass(frozen=True)
class PageNumberRead:
    """The page number row found on a page: its box (page pixels), digits and confidence."""

    box: tuple[int, int, int, int]
    digits: str
    confidence: float


_Comp = tuple[int, int, int, int, int]  # x0, y0, x1, y1, label


def _components(mask: np.ndarray, dpi: int) -> tuple[np.ndarray, list[_Comp]]:
    """Labels and the boxes of the non-speck components of a mask."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8),
                                                              connectivity=8)
    speck = max(6, round((0.012 * dpi) ** 2))
    comps = []
    for label in range(1, count):
        x, y, w, h, area = (int(v) for v in stats[label])
        if area >= speck:
            comps.append((x, y, x + w, y + h, label))
    return labels, comps


def _is_dash(comp: _Comp, dpi: int) -> bool:
    """A short thick horizontal stroke."""
    w, h = comp[2] - comp[0], comp[3] - comp[1]
    return (_DASH_MIN * dpi <= w <= _DASH_MAX * dpi and h <= _DASH_THICK * dpi
            and w >= _DASH_ASPECT * max(h, 1))


def _is_tall(comp: _Comp, dpi: int) -> bool:
    """A component of a digit's height."""
    return _DIGIT_MIN * dpi <= comp[3] - comp[1] <= _DIGIT_MAX * dpi


def _pattern(comps: Sequence[_Comp], dpi: int, centre: float,
             width: int) -> tuple[_Comp, _Comp, list[_Comp]] | None:
    """The first row (top down) of dash, digit-height glyphs, dash, alone on its row and
    centred: within _CENTRE of the page width `width` of x = `centre` (crop pixels)."""
    dashes = sorted((c for c in comps if _is_dash(c, dpi)), key=lambda c: (c[1], c[0]))
    for left in dashes:
        mid = (left[1] + left[3]) / 2
        for right in dashes:
            if right[0] <= left[2] or abs((right[1] + right[3]) / 2 - mid) > 0.02 * dpi:
                continue
            inner = [c for c in comps if c[0] >= left[2] - 1 and c[2] <= right[0] + 1
                     and c is not left and c is not right
                     and c[1] - 0.1 * dpi <= mid <= c[3] + 0.1 * dpi]
            thick = max(left[3] - left[1], right[3] - right[1])
            tall = [c for c in inner if _is_tall(c, dpi) and c[1] <= mid <= c[3]
                    and c[3] - c[1] >= _THICK_SHARE * thick]
            if not tall or len(tall) > 3:
                continue
            if (min(c[0] for c in tall) - left[2] > _GAP_MAX * dpi
                    or right[0] - max(c[2] for c in tall) > _GAP_MAX * dpi):
                continue
            if abs((left[0] + right[2]) / 2 - centre) > _CENTRE * width:
                continue
            top, bottom = min(c[1] for c in tall), max(c[3] for c in tall)
            beside = [c for c in comps if _is_tall(c, dpi) and c[1] < bottom and c[3] > top
                      and (left[0] - _CLEAR * dpi < c[2] <= left[0]
                           or right[2] <= c[0] < right[2] + _CLEAR * dpi)]
            if not beside:  # the digits and the pieces above or below them, not specks
                return left, right, [c for c in inner if any(
                    min(c[2], t[2]) - max(c[0], t[0]) > 0 for t in tall)]
    return None


def find_page_number(image: np.ndarray, dpi: int, script: str | None,
                     model: DigitModel) -> PageNumberRead | None:
    """The "- N -" row near the top centre of `image` (grayscale), its digits read by the
    digit model in `script` ('thai' or 'arabic')."""
    from digitizer.digits import decide  # digits imports this module

    height, width = image.shape[:2]
    y1 = round(_TOP * height)
    x0, x1 = round((0.5 - _SIDE) * width), round((0.5 + _SIDE) * width)
    crop = image[:y1, x0:x1]
    mask = binarize(crop)
    if not mask.any():
        return None
    labels, comps = _components(mask, dpi)
    found = _pattern(comps, dpi, width / 2 - x0, width)
    if found is None:
        return None
    left, right, inner = found
    bx0, by0 = left[2], min(c[1] for c in inner)
    bx1, by1 = right[0], max(c[3] for c in inner)
    glyph_mask = np.isin(labels[by0:by1, bx0:bx1], [c[4] for c in inner])
    glyphs = segment(glyph_mask)
    if not glyphs:
        return None
    probs = model.predict_proba(crop_features(glyphs))
    reads = [decide(p, script) for p in probs]
    if any(label == OTHER for label, _conf, _alt in reads):
        return None
    box = (x0 + left[0], min(left[1], by0), x0 + right[2], max(right[3], by1))
    return PageNumberRead(box, "".join(r[0] for r in reads), min(r[1] for r in reads))


def _value(digits: str) -> int | None:
    """The integer value of a string of Thai or Arabic digits."""
    out = 0
    for ch in digits:
        index = THAI_DIGITS.find(ch)
        if index < 0:
            index = ARABIC_DIGITS.find(ch)
        if index < 0:
            return None
        out = out * 10 + index
    return out


def _row_span(page: Page, spans: Sequence[tuple[int, int, Word]],
              box: tuple[int, int, int, int]) -> tuple[int, int] | None:
    """[start, end) in text_raw of the words lying on the page number row, (0, 0) when there
    is none and the row lies above every word, None when they are not one run of words."""
    x0, y0, x1, y1 = box
    pad = max(4, (y1 - y0) // 2)
    inside = [k for k, (_s, _e, w) in enumerate(spans)
              if x0 - pad <= (w.bbox[0] + w.bbox[2]) / 2 <= x1 + pad
              and y0 - pad <= (w.bbox[1] + w.bbox[3]) / 2 <= y1 + pad
              and w.bbox[0] >= x0 - 4 * pad and w.bbox[2] <= x1 + 4 * pad]
    if not inside:
        if all(w.bbox[1] >= y1 for _s, _e, w in spans):
            return 0, 0
        return None
    if inside != list(range(inside[0], inside[-1] + 1)):
        return None
    start, end = spans[inside[0]][0], spans[inside[-1]][1]
    if "\n" in page.text_raw[start:end]:
        return None
    return start, end


def page_number_correction(image: np.ndarray, page: Page, spans: Sequence[tuple[int, int, Word]],
                           script: str | None, model: DigitModel) -> Correction | None:
    """A thai_digit Correction writing the page number row as "- N -" where the OCR text holds
    something else there (or nothing); None when no page number row is found or the text is
    already right."""
    found = find_page_number(image, page.dpi, script, model)
    if found is None:
        return None
    where = _row_span(page, spans, found.box)
    if where is None:
        log.debug("page %d: page number %r off the OCR word order", page.number, found.digits)
        return None
    start, end = where
    text = f"- {found.digits} -" + ("\n" if start == end else "")
    original = page.text_raw[start:end]
    if "".join(original.split()) == "".join(text.split()):
        return None
    agrees = _value(found.digits) == page.number
    applied = found.confidence >= (_FLOOR if agrees else _SURE)
    digits = THAI_DIGITS if found.digits[0] in THAI_DIGITS else ARABIC_DIGITS
    expected = "".join(digits[int(d)] for d in str(page.number))
    return Correction(
        id="", page=page.number, start=start, end=end, original=original, suggestion=text,
        alternatives=[] if agrees else [f"- {expected} -"],
        confidence=round(min(max(found.confidence, 0.0), 1.0), 4), rule=_RULE,
        bbox=list(found.box), status="applied" if applied else "flagged",
    )
