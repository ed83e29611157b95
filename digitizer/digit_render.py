"""Rendered, scan-degraded digit strings with per-glyph labels: training, benchmark and tests.

Nothing here runs in the pipeline; it makes the synthetic glyphs the digit model learns from
(scripts/train_digits.py) and is measured on (bench/digits.py). Fonts are the Thai fonts the
project installs: Debian fonts-thai-tlwg, the TH fonts of odoo-addon-l10n-th-fonts and Google
Sarabun of fontpkg-sarabun.
"""

from __future__ import annotations

import logging
import sysconfig
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from digitizer.glyphs import ARABIC_DIGITS, OTHER, THAI_DIGITS, Glyph, binarize, segment

log = logging.getLogger(__name__)

_TLWG = Path("/usr/share/fonts/truetype/tlwg")
_SITE = Path(sysconfig.get_paths()["purelib"])
_ODOO = _SITE / "odoo/addons/l10n_th_fonts/static/fonts"
_GOOGLE = _SITE / "fontpkg_sarabun/files"

# family -> font files (upright styles only; synthetic bold is added when rendering)
FAMILIES: dict[str, tuple[Path, ...]] = {
    "sarabun": (
        _ODOO / "THSarabunNew.ttf",
        _ODOO / "THSarabun.ttf",
        _GOOGLE / "Sarabun-Regular.ttf",
        _GOOGLE / "Sarabun-Medium.ttf",
        _GOOGLE / "Sarabun-Bold.ttf",
        _GOOGLE / "Sarabun-Light.ttf",
    ),
    "laksaman": (_TLWG / "Laksaman.ttf", _TLWG / "Laksaman-Bold.ttf"),
    "garuda": (_TLWG / "Garuda.ttf", _TLWG / "Garuda-Bold.ttf"),
    "loma": (_TLWG / "Loma.ttf", _TLWG / "Loma-Bold.ttf"),
    "sawasdee": (_TLWG / "Sawasdee.ttf", _TLWG / "Sawasdee-Bold.ttf"),
    "umpush": (_TLWG / "Umpush.ttf", _TLWG / "Umpush-Bold.ttf", _TLWG / "Umpush-Light.ttf"),
    "waree": (_TLWG / "Waree.ttf", _TLWG / "Waree-Bold.ttf"),
    "purisa": (_TLWG / "Purisa.ttf", _TLWG / "Purisa-Bold.ttf"),
    "tlwgtypist": (_TLWG / "TlwgTypist.ttf", _TLWG / "TlwgTypist-Bold.ttf"),
    "tlwgtypo": (_TLWG / "TlwgTypo.ttf", _TLWG / "TlwgTypo-Bold.ttf"),
    "tlwgmono": (_TLWG / "TlwgMono.ttf", _TLWG / "TlwgMono-Bold.ttf"),
    "th_niramit": (_ODOO / "THNiramitAS.ttf",),
    "th_krub": (_ODOO / "THKrub.ttf",),
    "th_koho": (_ODOO / "THKoHo.ttf",),
    "th_kodchasal": (_ODOO / "THKodchasal.ttf",),
    "th_fahkwang": (_ODOO / "THFahkwang.ttf",),
    "th_baijam": (_ODOO / "THBaijam.ttf",),
    "th_chakrapetch": (_ODOO / "THChakraPetch.ttf",),
    "th_srisakdi": (_ODOO / "THSrisakdi.ttf",),
    "th_k2d": (_ODOO / "THK2DJuly8.ttf",),
    "angsana": (_ODOO / "AngsanaNew.ttf",),
    "kinnari": (_TLWG / "Kinnari.ttf", _TLWG / "Kinnari-Bold.ttf"),
    "norasi": (_TLWG / "Norasi.ttf", _TLWG / "Norasi-Bold.ttf"),
}
HELD_OUT = ("norasi",)  # never seen in training: the generalisation figure

# Glyphs of the "not a digit" class: look-alike letters first, then the rest of the spacing
# Thai letters and punctuation that sit next to digits in memos.
LOOKALIKES = "ใตดคลยงวรอฅฆซจถภผฝ"
OTHER_CHARS = LOOKALIKES + "กขฉชญฎฏฐฑฒณทธนบปพฟมศษสหฬฮะาเแโไๆ" + "./-,:()"
SEPARATORS = "/,.-"


@dataclass(frozen=True)
class Sample:
    """A rendered and degraded string: grayscale image, its text and each character's ink box."""

    image: np.ndarray
    text: str
    boxes: tuple[tuple[int, int, int, int] | None, ...]


@lru_cache(maxsize=256)
def _font(path: str, size: int) -> ImageFont.FreeTypeFont:
    """A cached FreeType font at a pixel size, with the basic (deterministic) layout engine."""
    return ImageFont.truetype(path, size, layout_engine=ImageFont.Layout.BASIC)


def available(family: str) -> list[Path]:
    """The font files of a family that exist on this machine."""
    return [p for p in FAMILIES[family] if p.exists()]


def render(text: str, font_path: Path, px: int, *, stroke: int = 0) -> Sample:
    """Render spacing characters one by one on a white canvas, keeping each one's ink box."""
    font = _font(str(font_path), px)
    pad = px // 2
    advances = [font.getlength(ch) for ch in text]
    width = int(sum(advances) + 2 * pad + 2 * stroke + px // 4)
    height = int(px * 1.6 + 2 * pad)
    canvas = np.full((height, width), 255, dtype=np.uint8)
    boxes: list[tuple[int, int, int, int] | None] = []
    x = float(pad)
    for ch, adv in zip(text, advances, strict=True):
        layer = Image.new("L", (width, height), 255)
        ImageDraw.Draw(layer).text(
            (x, pad), ch, font=font, fill=0, stroke_width=stroke, stroke_fill=0
        )
        arr = np.asarray(layer)
        ys, xs = np.nonzero(arr < 128)
        found = len(xs) > 0
        boxes.append(
            (int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1) if found else None
        )
        canvas = np.minimum(canvas, arr)
        x += adv
    return Sample(canvas, text, tuple(boxes))


def degrade(image: np.ndarray, rng: np.random.Generator, *, strength: float = 1.0) -> np.ndarray:
    """Scan-like damage: rotation, blur, erosion/dilation, contrast, noise, threshold, JPEG."""
    img: np.ndarray = image.astype(np.float32)
    h, w = img.shape
    angle = rng.uniform(-1.5, 1.5) * strength
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    img = cv2.warpAffine(img, matrix, (w, h), borderValue=255.0, flags=cv2.INTER_LINEAR)
    if rng.random() < 0.35 * strength:  # resolution loss
        factor = rng.uniform(0.55, 0.9)
        small = cv2.resize(img, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
        img = cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR)
    morph = rng.random()
    if morph < 0.2 * strength:
        img = cv2.dilate(img, np.ones((2, 2), np.uint8))  # thinner ink (white grows)
    elif morph < 0.45 * strength:
        img = cv2.erode(img, np.ones((2, 2), np.uint8))  # thicker ink
    sigma = rng.uniform(0.0, 1.3) * strength
    if sigma > 0.2:
        img = cv2.GaussianBlur(img, (0, 0), sigma)
    ink, paper = rng.uniform(0, 90 * strength), rng.uniform(255 - 80 * strength, 255)
    img = paper - (255.0 - img) / 255.0 * (paper - ink)
    img += rng.normal(0.0, rng.uniform(0, 18) * strength, img.shape)
    specks = int(rng.integers(0, 1 + int(6 * strength)))
    for _ in range(specks):
        cy, cx = int(rng.integers(0, h)), int(rng.integers(0, w))
        img[max(cy - 1, 0) : cy + 1, max(cx - 1, 0) : cx + 1] = ink
    img = np.clip(img, 0, 255).astype(np.uint8)
    if rng.random() < 0.2 * strength:
        _, img = cv2.threshold(img, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    if rng.random() < 0.5 * strength:
        quality = int(rng.integers(30, 90))
        ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, quality])
        decoded = cv2.imdecode(buf, cv2.IMREAD_GRAYSCALE) if ok else None
        if decoded is not None:
            img = decoded
    return img


def label_of(ch: str) -> str:
    """The classifier label of a rendered character."""
    return ch if ch in THAI_DIGITS or ch in ARABIC_DIGITS else OTHER


def labelled_glyphs(sample: Sample, degraded: np.ndarray, rng: np.random.Generator, *,
                    whole: bool = False) -> list[tuple[Glyph, str, tuple[int, int, int, int]]]:
    """Crop the ink like a word box, segment it as at run time, and label each glyph with the
    character whose ink box it overlaps; ambiguous glyphs (touching, split) are dropped.

    `whole` also drops the glyphs of a character that segmentation split into several wide
    pieces (each labelled with the whole character otherwise): the benchmark measures the
    classifier on glyphs that are one character each. Training keeps the default.

    Returns (glyph, label, crop box in image pixels) with glyph boxes relative to the crop.
    """
    boxes = [b for b in sample.boxes if b is not None]
    if not boxes:
        return []
    margin = [int(v) for v in rng.integers(0, 4, size=4)]
    x0 = max(min(b[0] for b in boxes) - margin[0], 0)
    y0 = max(min(b[1] for b in boxes) - margin[1], 0)
    x1 = min(max(b[2] for b in boxes) + margin[2], degraded.shape[1])
    y1 = min(max(b[3] for b in boxes) + margin[3], degraded.shape[0])
    crop = degraded[y0:y1, x0:x1]
    glyphs = segment(binarize(crop))
    found: list[tuple[Glyph, str, tuple[int, int, int, int]]] = []
    for glyph in glyphs:
        gx0, gx1 = glyph.box[0] + x0, glyph.box[2] + x0
        hits = []
        for ch, box in zip(sample.text, sample.boxes, strict=True):
            if box is None:
                continue
            overlap = min(gx1, box[2]) - max(gx0, box[0])
            if overlap > 0.3 * min(gx1 - gx0, box[2] - box[0]):
                hits.append((ch, box))
        if len(hits) != 1:
            continue
        ch, box = hits[0]
        if (gx1 - gx0) < 0.6 * (box[2] - box[0]):  # a broken piece of the character
            continue
        found.append((glyph, label_of(ch), box))
    pieces = Counter(box for _, _, box in found)
    return [(glyph, label, (x0, y0, x1, y1)) for glyph, label, box in found
            if not (whole and pieces[box] > 1)]


def random_string(rng: np.random.Generator) -> str:
    """A memo-like string: Thai or Arabic digit runs, separators, letters and look-alikes."""
    kind = rng.random()
    digits = THAI_DIGITS if rng.random() < 0.7 else ARABIC_DIGITS
    def run(n: int) -> str:
        return "".join(rng.choice(list(digits), size=n))
    if kind < 0.45:
        text = run(int(rng.integers(1, 9)))
        if rng.random() < 0.4:
            text += str(rng.choice(list(SEPARATORS))) + run(int(rng.integers(1, 5)))
    elif kind < 0.75:
        prefix = "".join(rng.choice(list(OTHER_CHARS[:-7]), size=int(rng.integers(1, 4))))
        text = prefix + run(int(rng.integers(1, 7)))
        if rng.random() < 0.5:
            text += str(rng.choice(list(SEPARATORS))) + run(int(rng.integers(1, 5)))
    elif kind < 0.9:
        text = run(int(rng.integers(1, 4)))
        text += "".join(rng.choice(list(LOOKALIKES), size=int(rng.integers(1, 3))))
        text += run(int(rng.integers(1, 4)))
    else:
        text = "".join(rng.choice(list(OTHER_CHARS), size=int(rng.integers(2, 7))))
    return text


def random_render(rng: np.random.Generator, fonts: list[Path], *, text: str | None = None,
                  strength: float = 1.0) -> tuple[Sample, np.ndarray]:
    """Render a (random) string in a random font of `fonts` at 12-22 pt, 200-300 dpi, degraded."""
    font = fonts[int(rng.integers(0, len(fonts)))]
    pt = rng.uniform(12, 22)
    dpi = rng.uniform(200, 300)
    px = max(12, round(pt * dpi / 72))
    stroke = 1 if (rng.random() < 0.25 and "Bold" not in font.name and px >= 50) else 0
    sample = render(text if text is not None else random_string(rng), font, px, stroke=stroke)
    sample = warp(sample, rng, strength=strength)
    return sample, degrade(sample.image, rng, strength=strength)


def warp(sample: Sample, rng: np.random.Generator, *, strength: float = 1.0) -> Sample:
    """Widen or narrow and slant the string a little (other font designs), boxes following."""
    sx = 1.0 + rng.uniform(-0.15, 0.15) * strength
    shear = rng.uniform(-0.15, 0.15) * strength
    h, w = sample.image.shape
    cy = h / 2
    matrix = np.array([[sx, -shear, shear * cy], [0.0, 1.0, 0.0]], dtype=np.float64)
    width = int(np.ceil(w * max(sx, 1.0) + abs(shear) * h))
    if shear < 0:
        matrix[0, 2] += abs(shear) * h / 2
    image = cv2.warpAffine(sample.image, matrix, (width, h), flags=cv2.INTER_LINEAR,
                           borderValue=255)
    boxes: list[tuple[int, int, int, int] | None] = []
    for box in sample.boxes:
        if box is None:
            boxes.append(None)
            continue
        corners = np.array([[box[0], box[1], 1], [box[2], box[1], 1],
                            [box[0], box[3], 1], [box[2], box[3], 1]], dtype=np.float64)
        xs = corners @ matrix[0]
        boxes.append((int(np.floor(xs.min())), box[1], int(np.ceil(xs.max())), box[3]))
    return Sample(image, sample.text, tuple(boxes))
