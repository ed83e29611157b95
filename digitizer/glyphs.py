"""Glyph geometry for the digit recogniser: binarise a word crop, split it into glyphs, featurise.

The same functions run at training time (scripts/train_digits.py) and at run time
(digitizer/digits.py), so what the model learnt is exactly what it is asked about.
"""

from __future__ import annotations

import itertools
import logging
import statistics
from dataclasses import dataclass

import cv2
import numpy as np

log = logging.getLogger(__name__)

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
ARABIC_DIGITS = "0123456789"
OTHER = "other"
CLASSES: tuple[str, ...] = (*THAI_DIGITS, *ARABIC_DIGITS, OTHER)

_NORM = 24  # side of the normalised glyph image
_FIT = 20  # the glyph's longer side is scaled to this many pixels inside it
_CELLS = 4  # gradient histogram cells per side
_BINS = 8  # signed orientation bins
_MERGE_OVERLAP = 0.4  # horizontal overlap (of the narrower) that merges stacked components
_NESTED = 0.85  # horizontal overlap that merges components whatever their heights
_GAP_SHARE = 0.75  # a glyph beside a word box lies this much in the gap (not in a neighbour)
_GAP_ASPECT = 0.2  # a glyph beside a word box is at least this wide for its height
_GAP_HEIGHT = 0.3  # ... and at least this share of the box height tall
_GAP_GLYPH = 0.6  # ... or of the typical height of the glyphs in the box
_CLIP_ABOVE = 0.7  # ink kept above the text band, in band heights (tails of ๕ ๖ ๙, marks)
_CLIP_BELOW = 0.06  # ink kept below it (digits sit on the baseline; commas lose their tail)
_SPLIT_WIDTH = 1.6  # a glyph this many typical heights wide is cut into touching glyphs

_Comp = tuple[int, int, int, int, list[int]]


@dataclass(frozen=True)
class Glyph:
    """One glyph of a crop: its box in crop pixels [x0,y0,x1,y1) and its ink mask (box-sized)."""

    box: tuple[int, int, int, int]
    mask: np.ndarray


def binarize(crop: np.ndarray) -> np.ndarray:
    """Ink mask (True = ink) of a grayscale crop by Otsu's threshold; empty if the crop is flat."""
    if crop.ndim == 3:
        crop = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY)
    crop = np.ascontiguousarray(crop, dtype=np.uint8)
    if crop.size == 0 or int(crop.max()) - int(crop.min()) < 40:
        return np.zeros(crop.shape[:2], dtype=bool)
    _, binary = cv2.threshold(crop, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return binary > 0


def remove_rules(mask: np.ndarray, horizontal: int, vertical: int) -> np.ndarray:
    """The ink mask without straight runs at least `horizontal` pixels wide or `vertical` tall
    (table rules, underlines, cell borders that a padded word crop picked up)."""
    ink = mask.astype(np.uint8)
    lines = np.zeros(ink.shape, dtype=bool)
    for size in ((max(horizontal, 2), 1), (1, max(vertical, 2))):
        if size[0] <= ink.shape[1] and size[1] <= ink.shape[0]:
            kernel = cv2.getStructuringElement(cv2.MORPH_RECT, size)
            lines |= np.asarray(cv2.morphologyEx(ink, cv2.MORPH_OPEN, kernel)) > 0
    return (ink > 0) & ~lines


def _merge(comps: list[_Comp]) -> list[_Comp]:
    """Merge, left to right, components stacked over one another (a mark and its letter) or
    nested horizontally (pieces of one broken stroke); side-by-side glyphs stay apart."""
    merged: list[_Comp] = []
    for comp in sorted(comps, key=lambda c: (c[0], c[2])):
        if merged:
            last = merged[-1]
            overlap = min(last[2], comp[2]) - max(last[0], comp[0])
            narrower = min(last[2] - last[0], comp[2] - comp[0])
            v_overlap = min(last[3], comp[3]) - max(last[1], comp[1])
            lower = min(last[3] - last[1], comp[3] - comp[1])
            stacked = overlap > _MERGE_OVERLAP * narrower and v_overlap < 0.3 * lower
            if stacked or overlap >= _NESTED * narrower:
                merged[-1] = (min(last[0], comp[0]), min(last[1], comp[1]),
                              max(last[2], comp[2]), max(last[3], comp[3]), last[4] + comp[4])
                continue
        merged.append(comp)
    return merged


def _split_wide(glyph: Glyph, ref_height: float) -> list[Glyph]:
    """Cut a glyph much wider than the crop's glyphs are tall (touching digits) at the columns
    of least ink near its even divisions."""
    x0, y0, x1, _ = glyph.box
    width = x1 - x0
    parts = round(width / max(ref_height, 1.0))
    if width < _SPLIT_WIDTH * ref_height or parts < 2:
        return [glyph]
    profile = glyph.mask.sum(axis=0)
    cuts = [0]
    for j in range(1, parts):
        centre, reach = width * j // parts, max(1, width // (4 * parts))
        lo, hi = max(centre - reach, cuts[-1] + 1), min(centre + reach, width - 1)
        cuts.append(lo + int(np.argmin(profile[lo:hi])) if hi > lo else centre)
    cuts.append(width)
    out = []
    for a, b in itertools.pairwise(cuts):
        piece = glyph.mask[:, a:b]
        rows = np.nonzero(piece.any(axis=1))[0]
        if len(rows) == 0:
            continue
        top, bottom = int(rows[0]), int(rows[-1]) + 1
        out.append(Glyph((x0 + a, y0 + top, x0 + b, y0 + bottom), piece[top:bottom]))
    return out


def _inside(comp: _Comp, keep: tuple[int, int, int, int],
            reach: tuple[int, int] | None = None, least: float | None = None) -> bool:
    """Whether a component belongs to the word box `keep`: its centre is within its rows and
    it overlaps it horizontally by a third of its width (OCR boxes often clip a glyph) or its
    lies nearly all in the columns `reach` (the box and the uncovered gaps beside it) and is
    at least `least` pixels tall (by default a share of the box height)."""
    x0, y0, x1, y1 = comp[:4]
    if not keep[1] <= (y0 + y1) / 2 < keep[3]:
        return False
    overlap = min(x1, keep[2]) - max(x0, keep[0])
    if overlap >= 0.3 * (x1 - x0):
        return True
    # in the gaps only glyph-like ink: not the thin rest of a rule, not a dot
    if least is None:
        least = _GAP_HEIGHT * (keep[3] - keep[1])
    return (reach is not None
            and min(x1, reach[1]) - max(x0, reach[0]) >= _GAP_SHARE * (x1 - x0)
            and x1 - x0 >= _GAP_ASPECT * (y1 - y0) and y1 - y0 >= least)


def _band(comps: list[_Comp]) -> tuple[float, float]:
    """Top and bottom of the text band: median edges of the big components (the lower median
    of the bottoms: digits sit on the baseline, and of two glyphs the one reaching lower is the
    one touched by ink of the line below)."""
    tallest = max(c[3] - c[1] for c in comps)
    # a flat mark of the line above or below is no glyph of the band, however wide
    tall = [c for c in comps if c[3] - c[1] >= 0.5 * tallest]
    size = max((c[3] - c[1]) * (c[2] - c[0]) for c in tall)
    big = [c for c in tall if (c[3] - c[1]) * (c[2] - c[0]) >= 0.3 * size]
    return (float(statistics.median(c[1] for c in big)),
            float(statistics.median_low(c[3] for c in big)))


def _in_band(comps: list[_Comp], band: tuple[float, float]) -> list[_Comp]:
    """Drop components whose centre lies off the text band (marks of the lines above and
    below that entered the crop)."""
    top, bottom = band
    reach = 0.35 * (bottom - top)
    return [c for c in comps if top - reach <= (c[1] + c[3]) / 2 <= bottom + reach]


def _clip(glyph: Glyph, band: tuple[float, float]) -> Glyph | None:
    """Cut off ink far above or below the band (a neighbouring line's mark touching a digit)."""
    top, bottom = band
    height = bottom - top
    lo = max(int(np.floor(top - _CLIP_ABOVE * height)), glyph.box[1])
    hi = min(int(np.ceil(bottom + _CLIP_BELOW * height)), glyph.box[3])
    if lo <= glyph.box[1] and hi >= glyph.box[3]:
        return glyph
    mask = glyph.mask[lo - glyph.box[1] : hi - glyph.box[1]]
    rows = np.nonzero(mask.any(axis=1))[0]
    cols = np.nonzero(mask.any(axis=0))[0]
    if len(rows) == 0:
        return None
    x0, y0 = glyph.box[0] + int(cols[0]), lo + int(rows[0])
    mask = mask[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]
    return Glyph((x0, y0, x0 + mask.shape[1], y0 + mask.shape[0]), mask)


def segment(mask: np.ndarray, *, keep: tuple[int, int, int, int] | None = None,
            reach: tuple[int, int] | None = None) -> list[Glyph]:
    """Split an ink mask into glyphs, left to right: connected components, specks dropped,
    marks and broken strokes merged (_merge), touching glyphs cut apart (_split_wide).

    `keep`, the word box in mask pixels, drops the ink of neighbouring words and lines that
    entered a padded crop (_inside, _in_band); `reach`, columns in mask pixels, also keeps the
    glyph-like components lying in it (glyphs in the gaps beside an OCR box that clipped them).
    """
    count, labels, stats, _ = cv2.connectedComponentsWithStats(
        mask.astype(np.uint8), connectivity=8
    )
    tallest = int(stats[1:, cv2.CC_STAT_HEIGHT].max()) if count > 1 else 0
    speck = max(6, int((0.1 * tallest) ** 2))
    found = [(x, y, x + w, y + h, [label]) for label, (x, y, w, h, area)
             in enumerate(stats[1:count].astype(int).tolist(), 1) if area >= speck]
    comps: list[_Comp] = [c for c in found if keep is None or _inside(c, keep)]
    if keep is not None and reach is not None:
        # in the gaps, glyph-sized ink: not much shorter than the box's own glyphs (a Thai
        # word box holds marks above and below, which a short digit such as ๐ is not near)
        heights = [c[3] - c[1] for c in comps]
        least = _GAP_HEIGHT * (keep[3] - keep[1])
        if heights:
            big = [h for h in heights if h >= 0.5 * max(heights)]
            least = min(least, _GAP_GLYPH * float(statistics.median(big)))
        comps += [c for c in found if c not in comps and _inside(c, keep, reach, least)]
        comps.sort(key=lambda c: c[4][0])
    if not comps:
        return []
    band = _band(comps)
    glyphs = []
    for x0, y0, x1, y1, ids in _merge(_in_band(comps, band)):
        clipped = _clip(Glyph((x0, y0, x1, y1), np.isin(labels[y0:y1, x0:x1], ids)), band)
        if clipped is not None:
            glyphs.append(clipped)
    ref_height, _ = reference_box(glyphs)
    return [piece for glyph in glyphs for piece in _split_wide(glyph, ref_height)]


def reference_box(glyphs: list[Glyph]) -> tuple[float, float]:
    """The crop's typical glyph height and top (medians over the glyphs at least half as tall
    as the tallest), used to give each glyph a size and position relative to its neighbours."""
    if not glyphs:
        return 1.0, 0.0
    tallest = max(g.box[3] - g.box[1] for g in glyphs)
    big = [g for g in glyphs if g.box[3] - g.box[1] >= 0.5 * tallest]
    height = statistics.median(g.box[3] - g.box[1] for g in big)
    return float(max(height, 1.0)), float(statistics.median(g.box[1] for g in big))


def _normalise(mask: np.ndarray) -> np.ndarray:
    """The glyph mask scaled (aspect kept) into a centred _NORM x _NORM float image."""
    h, w = mask.shape
    scale = _FIT / max(h, w)
    nh, nw = max(1, round(h * scale)), max(1, round(w * scale))
    small = cv2.resize(mask.astype(np.float32), (nw, nh), interpolation=cv2.INTER_AREA)
    out = np.zeros((_NORM, _NORM), dtype=np.float32)
    y0, x0 = (_NORM - nh) // 2, (_NORM - nw) // 2
    out[y0 : y0 + nh, x0 : x0 + nw] = small
    return out


def _orientation_histogram(img: np.ndarray) -> np.ndarray:
    """Magnitude-weighted signed gradient orientation histograms on a grid of cells."""
    gx = cv2.Sobel(img, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(img, cv2.CV_32F, 0, 1, ksize=3)
    mag = np.sqrt(gx * gx + gy * gy)
    ang = np.arctan2(gy, gx)  # -pi..pi
    pos = (ang + np.pi) / (2 * np.pi) * _BINS
    lo = np.floor(pos).astype(np.int64) % _BINS
    frac = (pos - np.floor(pos)).astype(np.float32)
    cell = _NORM // _CELLS
    rows = np.arange(_NORM) // cell
    base = ((rows[:, None] * _CELLS + rows[None, :]) * _BINS).astype(np.int64)
    size = _CELLS * _CELLS * _BINS
    hist = np.bincount((base + lo).ravel(), (mag * (1 - frac)).ravel(), minlength=size)
    hist += np.bincount((base + (lo + 1) % _BINS).ravel(), (mag * frac).ravel(), minlength=size)
    return (hist / (np.linalg.norm(hist) + 1e-6)).astype(np.float32)


def features(glyph: Glyph, ref_height: float, ref_top: float) -> np.ndarray:
    """The feature vector of one glyph: gradient histograms, coarse pixels and its geometry."""
    img = _normalise(glyph.mask)
    hog = _orientation_histogram(cv2.GaussianBlur(img, (3, 3), 0.8))
    coarse = cv2.resize(img, (8, 8), interpolation=cv2.INTER_AREA).reshape(-1)
    x0, y0, x1, y1 = glyph.box
    h, w = y1 - y0, x1 - x0
    geometry = np.array(
        [
            min(h / ref_height, 3.0),
            min(w / ref_height, 3.0),
            float(np.clip((y0 - ref_top) / ref_height, -2.0, 2.0)),
            float(np.clip((y1 - ref_top) / ref_height, -1.0, 3.0)),
            min(w / max(h, 1), 4.0),
            float(glyph.mask.mean()),
        ],
        dtype=np.float32,
    )
    return np.concatenate([hog, coarse, geometry]).astype(np.float32)


def crop_features(glyphs: list[Glyph]) -> np.ndarray:
    """Feature matrix (one row per glyph) of all glyphs of one crop."""
    if not glyphs:
        return np.zeros((0, feature_size()), dtype=np.float32)
    ref_height, ref_top = reference_box(glyphs)
    return np.stack([features(g, ref_height, ref_top) for g in glyphs])


def feature_size() -> int:
    """Length of a glyph's feature vector."""
    return _CELLS * _CELLS * _BINS + 64 + 6
