"""Make a clean page look like an office scan or photocopy, deterministically from a seed."""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Profile:
    """Degradation knobs for one scan quality level."""

    paper: int  # paper grey level
    ink: int  # darkest ink level
    light: float  # amplitude of uneven lighting
    blur: float  # gaussian sigma in pixels at 300 dpi
    noise: float  # sensor noise sigma
    specks: int  # dust / toner specks per page
    thicken: int  # 0, or the kernel size that spreads the ink (photocopy)
    jpeg: int  # quality of a JPEG round trip (0 = none)
    edge: bool  # copier edge shadow
    streaks: int = 0  # thin vertical lines along the scanner's travel


PROFILES = {
    "light": Profile(paper=247, ink=30, light=5, blur=0.7, noise=2.5, specks=40, thicken=0,
                     jpeg=0, edge=False, streaks=0),
    "medium": Profile(paper=236, ink=45, light=12, blur=1.0, noise=3.5, specks=160, thicken=0,
                      jpeg=0, edge=False, streaks=1),
    "photocopy": Profile(paper=230, ink=20, light=14, blur=1.1, noise=4, specks=600, thicken=2,
                         jpeg=0, edge=True, streaks=3),
}


def degrade(page: Image.Image, *, profile: str, angle: float, seed: int) -> Image.Image:
    """Return the page rotated by `angle` degrees and degraded like a `profile` scan."""
    prof = PROFILES[profile]
    rng = np.random.default_rng(seed)
    img: np.ndarray = np.asarray(page.convert("L"), dtype=np.float32)
    h, w = img.shape
    scale = w / 2480.0  # knobs are tuned at 300 dpi
    if prof.thicken:
        k = max(2, round(prof.thicken * scale + 0.5))
        img = cv2.erode(img, np.ones((k, k), np.uint8))
    # ink level: map black to `ink`, white to paper
    ink = img / 255.0
    out: np.ndarray = prof.ink + ink * (prof.paper - prof.ink)
    # uneven lighting: a smooth low-frequency field
    gy, gx = np.mgrid[0:h, 0:w].astype(np.float32)
    ax, ay, ph = rng.uniform(0.5, 1.5), rng.uniform(0.5, 1.5), rng.uniform(0, 6.28)
    field = np.sin(gx / w * np.pi * ax + ph) * np.cos(gy / h * np.pi * ay)
    out += prof.light * field * ink  # lighting touches the paper more than the ink
    # specks
    for _ in range(prof.specks):
        x, y = int(rng.integers(0, w)), int(rng.integers(0, h))
        r = max(1, int(rng.integers(1, 4) * scale + 0.5))
        cv2.circle(out, (x, y), r, float(rng.uniform(40, 150)), -1)
    if prof.edge:
        band = int(rng.integers(20, 60) * scale)
        side = int(rng.integers(0, 2))
        ramp = np.linspace(70, 0, band, dtype=np.float32)
        if side == 0:
            out[:, :band] -= ramp[None, :]
        else:
            out[:, w - band:] -= ramp[::-1][None, :]
    # skew: rotate around the centre, filling with paper
    mat = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    out = np.asarray(cv2.warpAffine(out, mat, (w, h), flags=cv2.INTER_LINEAR,
                                    borderMode=cv2.BORDER_CONSTANT,
                                    borderValue=float(prof.paper)), dtype=np.float32)
    for _ in range(prof.streaks):  # the scanner's own marks: vertical, after the skew
        x = int(rng.integers(w // 10, w - w // 10))
        width = max(1, int(rng.integers(1, 4) * scale))
        y0 = int(rng.integers(0, h // 3))
        y1 = int(rng.integers(2 * h // 3, h))
        out[y0:y1, x:x + width] -= float(rng.uniform(25, 70))
    sigma = prof.blur * scale
    if sigma > 0.2:
        out = cv2.GaussianBlur(out, (0, 0), sigma)
    # sensor noise: strong in the ink, faint on the paper (a scanner's flat white stays flat)
    inkness = np.clip((prof.paper - out) / max(1.0, prof.paper - prof.ink), 0.0, 1.0)
    sigma_map = 0.8 + (prof.noise - 0.8) * inkness
    out += rng.normal(0, 1.0, size=out.shape).astype(np.float32) * sigma_map
    result = Image.fromarray(np.clip(out, 0, 255).astype(np.uint8), "L")
    if prof.jpeg:
        buf = io.BytesIO()
        result.save(buf, "JPEG", quality=prof.jpeg)
        result = Image.open(io.BytesIO(buf.getvalue())).convert("L")
    return result


def posterize(img: Image.Image, levels: int = 16) -> Image.Image:
    """Reduce to `levels` grey levels (what office scanners store in PNG/TIFF) to save bytes."""
    step = 256 // levels
    lut = [min(255, (v // step) * step + step // 2) for v in range(256)]
    return img.point(lut)
