"""Thai digit re-recognition: re-read every digit glyph Tesseract saw and correct what it got wrong.

Tesseract's `tha` model cannot output ๔ ๖ ๗ ๘ ๙ (DESIGN.md §4). For each word that holds a
digit, the word box is cropped from the OCRed image, split into glyphs (glyphs.segment) and each
glyph is classified by a small MLP shipped as plain arrays in digitizer/data/digits_model.npz
(trained by scripts/train_digits.py; prediction is two matrix products in numpy). Every changed
digit becomes a `thai_digit` Correction, flagged for review when the classifier is unsure.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import cv2
import numpy as np

from digitizer.digit_context import LOOKALIKES, is_suspect, number_context, suspect_runs, thai_only
from digitizer.glyphs import (
    ARABIC_DIGITS,
    CLASSES,
    OTHER,
    THAI_DIGITS,
    Glyph,
    binarize,
    crop_features,
    remove_rules,
    segment,
)
from digitizer.layout import word_spans
from digitizer.list_numbers import list_number_insertions
from digitizer.model import Correction, Page, Word
from digitizer.page_numbers import page_number_correction

log = logging.getLogger(__name__)

RULE = "thai_digit"
DIGITS = THAI_DIGITS + ARABIC_DIGITS
__all__ = ["LOOKALIKES", "RULE", "DigitModel", "GlyphRead", "decide", "load_model", "read_glyphs",
           "reread_page"]
_COMBINING = frozenset(chr(c) for c in [0x0E31, *range(0x0E34, 0x0E3B), *range(0x0E47, 0x0E4F)])
_PAD = 3  # minimum margin (pixels) added around a word box before cropping
_PAD_SHARE = 0.4  # the margin as a share of the word box height
# a digit span of a word: digits, possibly with up to two misread letters between them
_DIGIT_SPAN = re.compile(r"[0-9๐-๙](?:[^0-9๐-๙\s/,.:()\-]{0,2}[0-9๐-๙])*")
_SCRIPT_DOUBT = 0.02  # share of the other script that lets the neighbours decide the script
_MIN_HEIGHT_INCH = 0.055  # a digit glyph is at least this tall (dotted leaders, specks and
# the marks above a line, which Tesseract may read as a digit, are not)
_RULE_SHARE = 1.5  # straight ink runs this many word-box heights long are rules, not glyphs
_LOW_OCR_CONFIDENCE = 60.0  # below this Tesseract word confidence a change is only flagged
_SURE_SWAP = 0.98  # a Thai digit read this surely is changed whatever Tesseract's confidence
_SURE_IN_CONTEXT = 0.99  # ... and so is a read this sure where a number is expected
_SURE = 0.9  # a run of Thai letters becomes digits only when every glyph is this sure
_RUN_FLOOR = 0.5  # below this a run of Latin junk read as digits is not even flagged
_REACH = 1.5  # a word's glyphs may lie this many box heights out of its box (in a gap)
_MARK_SHARE = 0.6  # a glyph this much shorter than the word's digits is a mark, not a digit
_BLIND_MAX = 6  # a whole word of Latin junk this long may be re-read without number context
_SEPARATED = re.compile(r"[0-9๐-๙][.,]")  # a number whose separator Tesseract saw
_SPECK_WORD = re.compile(r"[0-9๐-๙]{1,2}")  # a word that may be a speck read as digits
_DUST_SHARE = 0.4  # a glyph this small (of a digit's least height) between digits is dust
_DOT_SHARE = 0.6  # ink this small (of a digit's least height) both ways is a dot
_DOTTED_MIN = 4  # a dotted line read as text yields at least this many characters and dots
_POINT_SHARE = 0.35  # a decimal point is at most this share of the digits' height
_SPECK_SHARE = 1.0  # ink below this share of a digit's least height is a speck or a mark


def _matmul(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a @ b in float32 by OpenCV's single-threaded GEMM."""
    a = np.ascontiguousarray(a, np.float32)
    out = cv2.gemm(a, np.ascontiguousarray(b), 1.0, None, 0.0)  # type: ignore[call-overload]
    return np.asarray(out)


@dataclass(frozen=True)
class DigitModel:
    """The shipped classifier: feature standardisation and an ensemble of one-hidden-layer ReLU
    networks (arrays stacked on a first axis) whose probabilities are averaged."""

    classes: tuple[str, ...]
    mean: np.ndarray
    std: np.ndarray
    w1: np.ndarray  # (nets, features, hidden)
    b1: np.ndarray  # (nets, hidden)
    w2: np.ndarray  # (nets, hidden, classes)
    b2: np.ndarray  # (nets, classes)

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        """Class probabilities (rows sum to 1) for a feature matrix."""
        if len(x) == 0:
            return np.zeros((0, len(self.classes)), dtype=np.float32)
        # cv2.gemm, not numpy's BLAS: a multi-threaded BLAS spins up threads for these tiny
        # products and was measured 100x slower on a busy machine
        scaled = np.ascontiguousarray((x - self.mean) / self.std, dtype=np.float32)
        total = np.zeros((len(x), len(self.classes)), dtype=np.float32)
        for w1, b1, w2, b2 in zip(self.w1, self.b1, self.w2, self.b2, strict=True):
            hidden = np.maximum(_matmul(scaled, w1) + b1, 0.0)
            logits = _matmul(hidden, w2) + b2
            logits -= logits.max(axis=1, keepdims=True)
            exp = np.exp(logits)
            total += exp / exp.sum(axis=1, keepdims=True)
        return total / len(self.w1)


@lru_cache(maxsize=4)
def load_model(path: Path | None = None) -> DigitModel:
    """Load (once per process) the digit model from package data or from `path`."""
    source = path or resources.files("digitizer") / "data" / "digits_model.npz"
    with source.open("rb") as handle, np.load(handle, allow_pickle=False) as data:
        classes = tuple(str(c) for c in data["classes"])
        if classes != CLASSES:
            raise ValueError(f"digit model classes {classes} do not match {CLASSES}")
        nets = [np.asarray(data[k]) for k in ("w1", "b1", "w2", "b2")]
        if nets[0].ndim == 2:  # a single network
            nets = [a[np.newaxis] for a in nets]
        return DigitModel(classes, np.asarray(data["mean"]), np.asarray(data["std"]), *nets)


@dataclass(frozen=True)
class GlyphRead:
    """One classified glyph: its box (in the given image's pixels), best digit and odds."""

    box: tuple[int, int, int, int]
    label: str  # a digit or OTHER
    confidence: float
    alternatives: tuple[str, ...]


def _script_of(text: str) -> str | None:
    """'thai' or 'arabic': the digit script most used in `text`, None without digits."""
    thai = sum(ch in THAI_DIGITS for ch in text)
    arabic = sum(ch in ARABIC_DIGITS for ch in text)
    if thai == arabic == 0:
        return None
    return "thai" if thai >= arabic else "arabic"


def decide(probs: np.ndarray, script: str | None) -> tuple[str, float, tuple[str, ...]]:
    """Best label, its probability and the next best digits; when the classifier hesitates
    between the Thai and Arabic form of one value, the neighbours' script decides."""
    thai, arabic, other = probs[:10], probs[10:20], float(probs[20])
    value_prob = thai + arabic
    order = np.argsort(-value_prob, kind="stable")
    best = int(order[0])
    if other > value_prob[best]:
        return OTHER, other, ()
    pair = float(value_prob[best])
    doubt = min(thai[best], arabic[best]) / max(pair, 1e-9) >= _SCRIPT_DOUBT
    use_thai = (script == "thai") if (doubt and script) else bool(thai[best] >= arabic[best])
    digits = THAI_DIGITS if use_thai else ARABIC_DIGITS
    alternatives = tuple(digits[int(i)] for i in order[1:3] if value_prob[int(i)] > 0.01)
    confidence = pair if doubt else float(max(thai[best], arabic[best]))
    return digits[best], confidence, alternatives


def read_glyphs(crop: np.ndarray, *, script: str | None = None,
                keep: tuple[int, int, int, int] | None = None,
                model: DigitModel | None = None) -> list[GlyphRead]:
    """Segment a grayscale word crop into glyphs and classify each one (left to right)."""
    glyphs = segment(binarize(crop), keep=keep)
    probs = (model or load_model()).predict_proba(crop_features(glyphs))
    return [GlyphRead(g.box, *decide(p, script)) for g, p in zip(glyphs, probs, strict=True)]


def _base_indices(text: str) -> list[int]:
    """Indices of the characters that occupy a glyph of their own (no marks, no spaces)."""
    return [i for i, ch in enumerate(text) if ch not in _COMBINING and not ch.isspace()]


def _digitish(text: str, bases: list[int]) -> list[bool]:
    """Per base character: a digit, or a look-alike letter sandwiched between digits."""
    chars = [text[i] for i in bases]
    out = [ch in DIGITS for ch in chars]
    for k, ch in enumerate(chars):
        if ch in LOOKALIKES and 0 < k < len(chars) - 1 and out[k - 1] and chars[k + 1] in DIGITS:
            out[k] = True
    return out


def _in_runs(index: int, runs: Sequence[tuple[int, int]]) -> bool:
    """Whether a character index lies in one of the [start, end) runs."""
    return any(a <= index < b for a, b in runs)


def _aligned(text: str, bases: list[int], reads: list[GlyphRead],
             runs: Sequence[tuple[int, int]] = ()) -> bool:
    """Whether glyph k plausibly is character k: no confident letter read where the text has a
    digit, no confident digit read where it has a letter that never looks like one (outside
    the suspect runs that may hide a number)."""
    for index, read in zip(bases, reads, strict=True):
        ch = text[index]
        is_digit = read.label != OTHER
        if ch in DIGITS and not is_digit and read.confidence >= 0.9:
            return False
        if (ch not in DIGITS and ch not in LOOKALIKES and not _in_runs(index, runs)
                and is_digit and read.confidence >= 0.9):
            return False
    return True


def _runs(flags: Sequence[bool]) -> list[tuple[int, int]]:
    """[start, end) of the maximal runs of True."""
    runs, start = [], None
    for k, flag in enumerate([*flags, False]):
        if flag and start is None:
            start = k
        elif not flag and start is not None:
            runs.append((start, k))
            start = None
    return runs


def _union(boxes: Sequence[tuple[int, int, int, int]], dx: int, dy: int) -> list[int]:
    """The page-pixel box around glyph boxes given in crop pixels offset by (dx, dy)."""
    return [min(b[0] for b in boxes) + dx, min(b[1] for b in boxes) + dy,
            max(b[2] for b in boxes) + dx, max(b[3] for b in boxes) + dy]


@dataclass
class _WordJob:
    """A candidate word while its glyphs wait for the page's single classifier call."""

    start: int
    word: Word
    offset: tuple[int, int]
    glyphs: list[Glyph]
    feats: np.ndarray
    runs: list[tuple[int, int]]  # digit-free letter runs (word offsets) where a number may hide
    blind: list[tuple[int, int]]  # of those, the runs whose context does not expect a number
    width: int = 0  # of the crop, in pixels


def _neighbour_limits(words: Sequence[Word], candidate: Sequence[bool]) -> list[tuple[int, int]]:
    """Per word, how far left and right (page x) its glyphs may lie out of its box: to the
    nearest word box on the same line; the gap between two words that are both re-read
    belongs to the left one (a glyph there, a digit Tesseract dropped between two pieces of
    one number, must be read once, not twice)."""
    limits = []
    for word in words:
        x0, y0, x1, y1 = word.bbox
        left, right = (-(10**9), -(10**9)), (10**9, 10**9)  # (edge, box's other edge)
        for other, again in zip(words, candidate, strict=True):
            a0, b0, a1, b1 = other.bbox
            if other is word or min(y1, b1) - max(y0, b0) < 0.5 * min(y1 - y0, b1 - b0):
                continue
            if (a0 + a1) / 2 < x0 and a1 <= x1 and a1 > left[0]:
                left = (min(a1, x0), x0 if again else min(a1, x0))
            elif (a0 + a1) / 2 > x1 and a0 >= x0 and a0 < right[0]:
                right = (max(a0, x1), max(a0, x1))
        limits.append((left[1], right[1]))
    return limits


def _prepare(image: np.ndarray, start: int, word: Word, runs: list[tuple[int, int]],
             limits: tuple[int, int] = (-(10**9), 10**9),
             blind: Sequence[tuple[int, int]] = ()) -> _WordJob | None:
    """Crop (with a margin: OCR boxes clip glyphs) and segment one candidate word; None when
    nothing usable is in its box.

    The word's glyphs may reach out of its OCR box into the uncovered gap before the
    neighbouring word boxes (`limits`, page x): Tesseract often boxes a number without its
    first or last digit though its text holds it, or drops a digit between two boxes.
    """
    x0, y0, x1, y1 = word.bbox
    if x1 - x0 < 2 or y1 - y0 < 2:
        return None
    height, width = image.shape[:2]
    pad = max(_PAD, round(_PAD_SHARE * (y1 - y0)))
    reach = round(_REACH * (y1 - y0))
    kx0 = max(min(x0, limits[0]), x0 - reach, 0)
    kx1 = min(max(x1, limits[1]), x1 + reach, width)
    cx0, cy0 = max(min(x0, kx0) - pad, 0), max(y0 - pad, 0)
    cx1, cy1 = min(max(x1, kx1) + pad, width), min(y1 + pad, height)
    keep = (x0 - cx0, y0 - cy0, x1 - cx0, y1 - cy0)
    # a rule is longer than any stroke of a glyph in the box: it crosses the whole crop
    box_h = y1 - y0
    mask = remove_rules(binarize(image[cy0:cy1, cx0:cx1]),
                        min(cx1 - cx0 - 1, max(12, round(_RULE_SHARE * box_h))),
                        min(cy1 - cy0 - 1, max(12, round(_RULE_SHARE * box_h))))
    glyphs = segment(mask, keep=keep, reach=(kx0 - cx0, kx1 - cx0))
    if not glyphs:
        return None
    return _WordJob(start, word, (cx0, cy0), glyphs, crop_features(glyphs), runs, list(blind),
                    cx1 - cx0)


def _correction(page: Page, start: int, end: int, original: str, read: GlyphRead,
                bbox: list[int], flag_below: float, ocr_confidence: float) -> Correction:
    """A thai_digit Correction, applied when the classifier is sure enough, else flagged.

    A word Tesseract was unsure of is only flagged, unless the change swaps Thai digits for
    as many sure Thai digits (Tesseract is unsure of exactly the digits it cannot spell) or
    the read is near certain where the text expects a number."""
    swap = (len(original) == len(read.label) and read.confidence >= _SURE_SWAP
            and all(ch in THAI_DIGITS for ch in original + read.label))
    # or a near-certain read where the text expects a number (a list item, a day)
    swap = swap or (read.confidence >= _SURE_IN_CONTEXT
                    and number_context(page.text_raw, start, end))
    return Correction(
        id="", page=page.number, start=start, end=end, original=original,
        suggestion=read.label, alternatives=list(read.alternatives),
        confidence=round(min(max(read.confidence, 0.0), 1.0), 4), rule=RULE, bbox=bbox,
        status="applied"
        if read.confidence >= flag_below and (ocr_confidence >= _LOW_OCR_CONFIDENCE or swap)
        else "flagged",
    )


def _word_corrections(page: Page, job: _WordJob, reads: list[GlyphRead],
                      flag_below: float) -> list[Correction]:
    """Map a word's classified glyphs onto its characters and emit one Correction per change."""
    text = job.word.text
    dx, dy = job.offset
    bases = _base_indices(text)
    digitish = _digitish(text, bases)
    out: list[Correction] = []
    if len(reads) == len(bases) and _aligned(text, bases, reads, job.runs):
        broken = [(a, b) for a, b in job.runs if not thai_only(text[a:b]) and any(
            r.label == OTHER for i, r in zip(bases, reads, strict=True) if a <= i < b)]
        if broken and all(number_context(page.text_raw, job.start + a, job.start + b,
                                         digits_beside=False) for a, b in broken):
            # Latin junk is not one letter per glyph ("on." for "๓."): pair runs instead
            paired = _paired(page, job, reads, flag_below)
            if paired is not None:
                return paired
        for a, b in job.runs:
            run = [r for i, r in zip(bases, reads, strict=True) if a <= i < b]
            out.extend(_run_correction(page, job, a, b, run, flag_below))
        for k, (index, read) in enumerate(zip(bases, reads, strict=True)):
            ch = text[index]
            if read.label == OTHER or read.label == ch or _in_runs(index, job.runs):
                continue
            if not digitish[k]:
                # a letter next to digits becomes a digit only when the classifier is sure
                beside = (k > 0 and digitish[k - 1]) or (k + 1 < len(bases) and digitish[k + 1])
                if not (ch in LOOKALIKES and beside and read.confidence >= flag_below):
                    continue
            bbox = _union([read.box], dx, dy)
            out.append(_correction(page, job.start + index, job.start + index + 1, ch, read,
                                   bbox, flag_below, job.word.confidence))
        return out
    paired = _paired(page, job, reads, flag_below)
    if paired is None:
        log.debug("digits: %r has %d glyphs for %d characters; left as read",
                  text, len(reads), len(bases))
        return []
    return paired


def _paired(page: Page, job: _WordJob, reads: list[GlyphRead],
            flag_below: float) -> list[Correction] | None:
    """Corrections pairing the word's digit spans (and Latin suspect runs) with its runs of
    digit glyphs, in order, replacing the spans that differ; None when the counts differ.
    Look-alike Thai letters are only changed glyph for glyph, never merged away."""
    text = job.word.text
    dx, dy = job.offset
    out: list[Correction] = []
    spans = _spans(text, [(a, b) for a, b in job.runs if not thai_only(text[a:b])])
    glyph_runs = _runs([r.label != OTHER for r in reads])
    if spans and len(spans) != len(glyph_runs):
        # dust between two digits is no character: let it not split a number in two
        glyph_runs = _runs(_bridge_specks(reads, max(6.0, _MIN_HEIGHT_INCH * page.dpi)))
    points: set[int] = set()
    if spans and len(spans) != len(glyph_runs) and not _SEPARATED.search(text):
        # a decimal point Tesseract read as a mark ("๕๕์๓๑" for "๕๘.๓๗") splits no number
        flags, points = _bridge_points(reads)
        glyph_runs = _runs(flags)
    if not spans or len(spans) != len(glyph_runs):
        return None
    for (first, last), (gs, ge) in zip(spans, glyph_runs, strict=True):
        original = text[first:last]
        run = [r for r in reads[gs:ge] if r.label != OTHER]
        suggestion = "".join("." if k in points else r.label
                             for k, r in enumerate(reads[gs:ge], gs)
                             if k in points or r.label != OTHER)
        if suggestion == original:
            continue
        if (len(suggestion) < len(original) and all(ch in DIGITS for ch in original)
                and _clipped_beside(reads, gs, ge, job.width)):
            continue  # a digit the crop clipped is no digit less: keep the number as read
        if not any(ch in DIGITS for ch in original):
            out.extend(_run_correction(page, job, first, last, run, flag_below))
            continue
        merged = GlyphRead((0, 0, 0, 0), suggestion, min(r.confidence for r in run), ())
        out.append(_correction(page, job.start + first, job.start + last, original, merged,
                               _union([r.box for r in run], dx, dy), flag_below,
                               job.word.confidence))
    out.sort(key=lambda c: c.start)
    return out


def _clipped_beside(reads: Sequence[GlyphRead], start: int, end: int, width: int) -> bool:
    """Whether the glyph next to the digit run reads[start:end] is read as no digit, is nearly
    as tall as the digits and is cut by the crop's edge (a digit clipped by a neighbour's box)."""
    heights = [r.box[3] - r.box[1] for r in reads[start:end] if r.label != OTHER]
    if not heights:
        return False
    least = _MARK_SHARE * min(heights)
    return any(0 <= k < len(reads) and reads[k].label == OTHER
               and reads[k].box[3] - reads[k].box[1] >= least
               and (reads[k].box[0] <= 0 or reads[k].box[2] >= width) for k in (start - 1, end))


def _bridge_points(reads: Sequence[GlyphRead]) -> tuple[list[bool], set[int]]:
    """Per glyph, a digit or a decimal point, and the indices of the points: a dot-sized
    "other" glyph on the baseline between two digits, followed by the last one or two digits
    of the word (three after it may be a thousands group, whose comma lost its tail)."""
    flags = [r.label != OTHER for r in reads]
    heights = [r.box[3] - r.box[1] for r in reads if r.label != OTHER]
    points: set[int] = set()
    if not heights:
        return flags, points
    size = float(np.median(heights))
    for k in range(1, len(reads) - 1):
        x0, y0, x1, y1 = reads[k].box
        if (reads[k].label != OTHER or not (flags[k - 1] and reads[k + 1].label != OTHER)
                or max(x1 - x0, y1 - y0) > _POINT_SHARE * size
                or abs(y1 - reads[k - 1].box[3]) > _POINT_SHARE * size):
            continue
        after = next((j for j in range(k + 1, len(reads)) if reads[j].label == OTHER),
                     len(reads)) - (k + 1)
        rest = reads[k + 1 + after :]
        if after in (1, 2) and not any(r.label != OTHER for r in rest):
            flags[k] = True
            points.add(k)
    return flags, points


def _bridge_specks(reads: Sequence[GlyphRead], floor: float) -> list[bool]:
    """Per glyph, a digit, or a speck (an "other" glyph far smaller than any digit, `floor`
    being a digit's least height) whose nearest glyphs that are not specks are digits on
    both sides."""
    small = _DUST_SHARE * floor
    speck = [r.label == OTHER and r.box[2] - r.box[0] <= small and r.box[3] - r.box[1] <= small
             for r in reads]
    solid = [(k, r.label != OTHER) for k, r in enumerate(reads) if not speck[k]]
    out = [r.label != OTHER for r in reads]
    for k in range(len(reads)):
        if speck[k]:
            left = [d for j, d in solid if j < k]
            right = [d for j, d in solid if j > k]
            out[k] = bool(left and right and left[-1] and right[0])
    return out


def _run_correction(page: Page, job: _WordJob, first: int, last: int, run: list[GlyphRead],
                    flag_below: float) -> list[Correction]:
    """One correction turning a digit-free letter run (word offsets) into the digits its
    glyphs read as: none unless every glyph reads as a digit; a run of Thai letters only when
    every glyph is sure, a run of Latin junk flagged when unsure."""
    if not run or any(r.label == OTHER for r in run):
        return []
    confidence = min(r.confidence for r in run)
    original = job.word.text[first:last]
    if (first, last) in job.blind and (
            confidence < _SURE or any(r.label not in THAI_DIGITS for r in run)):
        return []
    if confidence < (_SURE if thai_only(original) else _RUN_FLOOR):
        return []
    merged = GlyphRead((0, 0, 0, 0), "".join(r.label for r in run), confidence, ())
    dx, dy = job.offset
    return [_correction(page, job.start + first, job.start + last, original, merged,
                        _union([r.box for r in run], dx, dy), flag_below, job.word.confidence)]


def _spans(text: str, runs: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The word's digit spans and suspect letter runs, in order, touching ones joined."""
    out: list[tuple[int, int]] = []
    for a, b in sorted([m.span() for m in _DIGIT_SPAN.finditer(text)] + list(runs)):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _hidden_runs(text_raw: str, start: int,
                 word: Word) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The suspect letter runs of a word (word offsets) where a number may hide, and those of
    them taken without number context: a whole word of Latin junk (Tesseract's reading of a
    Thai number it cannot spell), which must then read as sure Thai digits (_run_correction)."""
    if not any(is_suspect(ch) for ch in word.text):
        return [], []
    runs, blind = [], []
    for a, b in suspect_runs(word.text):
        if number_context(text_raw, start + a, start + b):
            runs.append((a, b))
        elif (a, b) == (0, len(word.text)) and 2 <= b <= _BLIND_MAX and not thai_only(word.text):
            runs.append((a, b))
            blind.append((a, b))
    return runs, blind


def _drop_marks(reads: list[GlyphRead]) -> list[GlyphRead]:
    """Reads with a digit label on a glyph much shorter than the word's sure digits (a tone
    mark or vowel above the line, a speck) made "not a digit"."""
    heights = [r.box[3] - r.box[1] for r in reads if r.label != OTHER and r.confidence >= _SURE]
    if not heights:
        return reads
    floor = _MARK_SHARE * float(np.median(heights))
    return [GlyphRead(r.box, OTHER, 1.0, ()) if r.label != OTHER and r.box[3] - r.box[1] < floor
            else r for r in reads]


def reread_page(image: np.ndarray, page: Page, *, flag_below: float = 0.9,
                model: DigitModel | None = None) -> list[Correction]:
    """Re-read the digits of every word of `page` on `image` (the grayscale image that was
    OCRed) and return a thai_digit Correction for each digit (or digit run) that differs."""
    if image.ndim == 3:
        image = image.mean(axis=2).astype(np.uint8)
    jobs: list[_WordJob] = []
    spans = word_spans(page)
    hidden = [_hidden_runs(page.text_raw, start, word) for start, _end, word in spans]
    candidate = [bool(runs) or any(ch in DIGITS for ch in word.text)
                 for (_s, _e, word), (runs, _b) in zip(spans, hidden, strict=True)]
    limits = _neighbour_limits([word for _s, _e, word in spans], candidate)
    for (start, _end, word), (runs, blind), again, reach in zip(spans, hidden, candidate, limits,
                                                               strict=True):
        if again:
            job = _prepare(image, start, word, runs, reach, blind)
            if job is not None:
                jobs.append(job)
    clf = model or load_model()
    page_script = _script_of(page.text_raw)
    corrections = _word_rereads(page, jobs, clf, page_script, flag_below) if jobs else []
    specks = _speck_words(image, page, spans) + _dotted_words(image, page, spans)
    corrections = [c for c in corrections
                   if not any(c.start < k.end and k.start < c.end for k in specks)] + specks
    numbered = page_number_correction(image, page, spans, page_script, clf)
    if numbered is not None:
        corrections = [c for c in corrections
                       if not (c.start < numbered.end and numbered.start < c.end)]
        corrections.append(numbered)
    taken = {c.start for c in corrections if c.start == c.end}
    corrections.extend(c for c in list_number_insertions(image, page, spans, page_script, clf)
                       if c.start not in taken)
    corrections.sort(key=lambda c: (c.start, c.end))
    log.debug("digits: page %d, %d words re-read, %d corrections",
              page.number, len(jobs), len(corrections))
    return corrections


def _speck_words(image: np.ndarray, page: Page,
                 spans: Sequence[tuple[int, int, Word]]) -> list[Correction]:
    """Deletions of the words Tesseract read as one or two digits on ink no taller than a
    speck (dust, a dot of a dotted leader, a comma): no digit is that small, so the word is
    noise whatever its context."""
    floor = max(6.0, _MIN_HEIGHT_INCH * page.dpi)
    out = []
    for start, end, word in spans:
        if not _SPECK_WORD.fullmatch(word.text):
            continue
        x0, y0, x1, y1 = word.bbox
        if y1 - y0 >= _SPECK_SHARE * floor:
            continue
        margin = round(floor)
        cx0, cy0 = max(x0 - 2, 0), max(y0 - margin, 0)
        mask = binarize(image[cy0 : y1 + margin, cx0 : x1 + 2])
        count, _labels, stats, _ = cv2.connectedComponentsWithStats(
            mask.astype(np.uint8), connectivity=8)
        box = (x0 - cx0, y0 - cy0, x1 - cx0, y1 - cy0)
        tallest = max((int(h) for x, y, w, h, _a in stats[1:count]
                       if x < box[2] and x + w > box[0] and y < box[3] and y + h > box[1]),
                      default=0)
        if tallest >= _SPECK_SHARE * floor:
            continue
        out.append(Correction(
            id="", page=page.number, start=start, end=end, original=word.text, suggestion="",
            confidence=round(1.0 - tallest / floor, 4), rule=RULE, bbox=list(word.bbox),
            status="applied"))
    return out


def _dotted_words(image: np.ndarray, page: Page,
                  spans: Sequence[tuple[int, int, Word]]) -> list[Correction]:
    """Deletions of the words Tesseract read off a dotted line (a form's guide line, a dotted
    leader) as a string of ๐ ๑ and junk: their box holds a row of dots and next to no ink of
    glyph size. Dots are never digits, whatever they were read as."""
    floor = max(6.0, _MIN_HEIGHT_INCH * page.dpi)
    dot = _DOT_SHARE * floor
    out = []
    for start, end, word in spans:
        text = "".join(word.text.split())
        if len(text) < _DOTTED_MIN or not any(ch in DIGITS for ch in text):
            continue
        x0, y0, x1, y1 = word.bbox
        if x1 - x0 < 3 * (y1 - y0):
            continue
        mask = binarize(image[y0:y1, x0:x1])
        count, _labels, stats, centroids = cv2.connectedComponentsWithStats(
            mask.astype(np.uint8), connectivity=8)
        dots = glyphs = 0
        for (_x, _y, w, h, _a), (_cx, cy) in zip(stats[1:count], centroids[1:count], strict=True):
            if not 0 <= cy < y1 - y0:
                continue
            if w <= dot and h <= dot:
                dots += 1
            elif h >= 0.5 * floor:
                glyphs += 1
        if dots < max(_DOTTED_MIN, len(text) // 2) or glyphs > max(1, dots // 20):
            continue
        out.append(Correction(
            id="", page=page.number, start=start, end=end, original=word.text, suggestion="",
            confidence=round(dots / (dots + glyphs), 4), rule=RULE, bbox=list(word.bbox),
            status="applied"))
    return out


def _word_rereads(page: Page, jobs: Sequence[_WordJob], clf: DigitModel, page_script: str | None,
                  flag_below: float) -> list[Correction]:
    """The corrections of the candidate words, their glyphs classified in one call."""
    probs = clf.predict_proba(np.concatenate([j.feats for j in jobs]))
    corrections: list[Correction] = []
    min_height = max(6.0, _MIN_HEIGHT_INCH * page.dpi)
    row = 0
    for job in jobs:
        script = _script_of(job.word.text) or page_script
        reads = _drop_marks([GlyphRead(g.box, *decide(probs[row + k], script))
                             if g.box[3] - g.box[1] >= min_height
                             else GlyphRead(g.box, OTHER, 1.0, ())
                             for k, g in enumerate(job.glyphs)])
        row += len(job.glyphs)
        corrections.extend(_word_corrections(page, job, reads, flag_below))
    return corrections
