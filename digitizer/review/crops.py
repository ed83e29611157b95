"""Crops of the scanned page around a correction, its box highlighted, cached as PNG on disk.

A page is decoded from the source file with the pipeline's loader (digitizer.sources.load_page),
turned and deskewed as the record says, so the record's page-pixel boxes fit; a few decoded pages
are kept in memory and every crop is written once under OUT_DIR/.review-cache. Cache file names
are built from the document digest, page and box only: no user-supplied text reaches a path.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import cv2
import numpy as np

from digitizer import imaging, sources
from digitizer.errors import DigitizerError

log = logging.getLogger(__name__)

CACHE_DIR = ".review-cache"
CropKind = Literal["context", "tight"]
_MAX_WIDTH: dict[str, int] = {"context": 960, "tight": 360}
_PAGES_KEPT = 4
_HIGHLIGHT = (0, 200, 255)  # BGR amber fill
_BORDER = (40, 40, 220)  # BGR red box


class CropError(Exception):
    """The crop cannot be made (no box, source missing or unreadable)."""


@dataclass(frozen=True)
class PageRef:
    """Where a record page comes from and how the pipeline turned it."""

    source_path: str
    format: str
    sha256: str
    page: int
    dpi: int
    width: int
    height: int
    rotation: int = 0
    skew_degrees: float = 0.0


def crop_window(
    bbox: list[int], width: int, height: int, kind: CropKind
) -> tuple[int, int, int, int]:
    """The page region shown for a word box: wide with a line above and below, or tight."""
    x0, y0, x1, y1 = bbox
    line_h = max(12, y1 - y0)
    if kind == "context":
        half_w = max((x1 - x0) * 2, width * 0.24, line_h * 6)
        mid = (x0 + x1) / 2
        left, right = mid - half_w, mid + half_w
        top, bottom = y0 - 2.6 * line_h, y1 + 2.6 * line_h
    else:
        left, right = x0 - 1.2 * line_h, x1 + 1.2 * line_h
        top, bottom = y0 - 0.6 * line_h, y1 + 0.6 * line_h
    # keep the window's size when it meets an edge, then clamp
    if left < 0:
        right, left = right - left, 0
    if right > width:
        left, right = max(0.0, left - (right - width)), width
    return (
        int(max(0, left)), int(max(0, top)), int(min(width, right)), int(min(height, bottom))
    )


def render_crop(gray: np.ndarray, bbox: list[int], kind: CropKind) -> bytes:
    """PNG bytes of the crop of a grayscale page around bbox, the box highlighted."""
    height, width = gray.shape[:2]
    left, top, right, bottom = crop_window(bbox, width, height, kind)
    if right <= left or bottom <= top:
        raise CropError("the box lies outside the page")
    region = cv2.cvtColor(gray[top:bottom, left:right], cv2.COLOR_GRAY2BGR)
    x0, y0, x1, y1 = bbox
    pad = max(2, (y1 - y0) // 8)
    box = (x0 - left - pad, y0 - top - pad, x1 - left + pad, y1 - top + pad)
    overlay = region.copy()
    cv2.rectangle(overlay, box[:2], box[2:], _HIGHLIGHT, thickness=-1)
    region = cv2.addWeighted(overlay, 0.28, region, 0.72, 0)
    scale = min(1.0, _MAX_WIDTH[kind] / region.shape[1])
    thickness = max(2, round(2 / scale))
    cv2.rectangle(region, box[:2], box[2:], _BORDER, thickness=thickness)
    if scale < 1.0:
        size = (round(region.shape[1] * scale), max(1, round(region.shape[0] * scale)))
        region = cv2.resize(region, size, interpolation=cv2.INTER_AREA)
    ok, encoded = cv2.imencode(".png", region, [cv2.IMWRITE_PNG_COMPRESSION, 3])
    if not ok:
        raise CropError("the crop could not be encoded")
    return encoded.tobytes()


def load_record_page(ref: PageRef, *, timeout: float = 120.0) -> np.ndarray:
    """The page as the pipeline OCRed it: decoded, turned, deskewed, at the record's size."""
    path = Path(ref.source_path)
    if not path.is_file():
        raise CropError(f"the scan is not available: {path.name}")
    try:
        gray, _dpi = sources.load_page(
            str(path), ref.format, ref.page, dpi=ref.dpi, max_pixels=400_000_000, timeout=timeout
        )
    except DigitizerError as exc:
        raise CropError(exc.message) from exc
    if ref.rotation:
        gray = imaging.rotate_quadrant(gray, ref.rotation)
    if abs(ref.skew_degrees) >= imaging.MIN_SKEW:
        gray = imaging.rotate_by(gray, -ref.skew_degrees)
    if ref.width and ref.height and gray.shape[:2] != (ref.height, ref.width):
        gray = cv2.resize(gray, (ref.width, ref.height), interpolation=cv2.INTER_AREA)
    return gray


class CropCache:
    """Crops on disk under OUT_DIR/.review-cache, pages decoded once and kept (a few) in memory."""

    def __init__(self, out_dir: Path) -> None:
        self.directory = Path(out_dir) / CACHE_DIR
        self._pages: OrderedDict[PageRef, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def path_for(self, ref: PageRef, bbox: list[int], kind: CropKind) -> Path:
        """The cache file of one crop (digest, page and box only)."""
        digest = "".join(ch for ch in ref.sha256[:16] if ch.isalnum()) or "nodigest"
        box = "-".join(str(int(v)) for v in bbox)
        return self.directory / f"{digest}-p{int(ref.page)}-{box}-{kind}.png"

    def _page(self, ref: PageRef) -> np.ndarray:
        with self._lock:
            if ref in self._pages:
                self._pages.move_to_end(ref)
                return self._pages[ref]
            gray = load_record_page(ref)
            self._pages[ref] = gray
            while len(self._pages) > _PAGES_KEPT:
                self._pages.popitem(last=False)
            return gray

    def crop(self, ref: PageRef, bbox: list[int] | None, kind: CropKind = "context") -> Path:
        """The PNG file of a crop, rendered on first use."""
        if bbox is None or len(bbox) != 4:
            raise CropError("this correction has no box on the page")
        target = self.path_for(ref, bbox, kind)
        if target.is_file():
            return target
        data = render_crop(self._page(ref), list(bbox), kind)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.{threading.get_ident()}.tmp")
        tmp.write_bytes(data)
        tmp.replace(target)
        return target
