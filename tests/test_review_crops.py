"""Crops of the scan: windows, highlight, PDF / multi-page TIFF sources, turned pages, cache."""

from __future__ import annotations

import hashlib
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from digitizer.review.crops import CropCache, CropError, PageRef, crop_window, load_record_page


def _page(tmp_path: Path) -> np.ndarray:
    """A white 600x400 page with one black block (the "word") at x 300..360, y 100..130."""
    gray = np.full((400, 600), 255, np.uint8)
    gray[100:130, 300:360] = 0
    return gray


def _ref(path: Path, fmt: str, page: int = 1, **kw: object) -> PageRef:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    values: dict[str, object] = {"dpi": 72, "width": 600, "height": 400, **kw}
    return PageRef(str(path), fmt, digest, page, **values)  # type: ignore[arg-type]


def test_crop_window_context_and_tight() -> None:
    assert crop_window([300, 100, 360, 130], 600, 400, "tight") == (264, 82, 396, 148)
    left, top, right, bottom = crop_window([300, 100, 360, 130], 600, 400, "context")
    assert (top, bottom) == (22, 208)
    assert left <= 300 and right >= 360 and right - left >= 2 * 0.24 * 600 - 1
    # at the page edge the window keeps its width and stays inside
    assert crop_window([0, 0, 20, 10], 600, 400, "context")[0] == 0


def test_png_crop_is_highlighted_and_cached(tmp_path: Path) -> None:
    scan = tmp_path / "scan.png"
    Image.fromarray(_page(tmp_path)).save(scan)
    cache = CropCache(tmp_path / "out")
    path = cache.crop(_ref(scan, "png"), [300, 100, 360, 130], "tight")
    assert path.parent == tmp_path / "out" / ".review-cache"
    image = cv2.imread(str(path))
    assert image.shape[:2] == (66, 132)
    border = image[2, 2]  # outside the word: white page
    assert tuple(int(v) for v in border) == (255, 255, 255)
    frame = image[20, 300 - 264 - 3]  # the left side of the red box (word x0 - window - pad)
    assert frame[2] > 150 and frame[0] < 100
    stamp = path.stat().st_mtime_ns
    assert cache.crop(_ref(scan, "png"), [300, 100, 360, 130], "tight").stat().st_mtime_ns == stamp


def test_pdf_and_multipage_tiff_pages(tmp_path: Path) -> None:
    gray = _page(tmp_path)
    pdf = tmp_path / "scan.pdf"
    Image.fromarray(gray).save(pdf, resolution=72)
    page = load_record_page(_ref(pdf, "pdf"))
    assert page.shape == (400, 600)
    assert page[115, 330] < 60 and page[300, 100] > 200
    tiff = tmp_path / "scan.tiff"
    blank = Image.new("L", (600, 400), 255)
    blank.save(tiff, save_all=True, append_images=[Image.fromarray(gray)])
    second = load_record_page(_ref(tiff, "tiff", page=2))
    assert second[115, 330] == 0
    assert load_record_page(_ref(tiff, "tiff", page=1))[115, 330] == 255


def test_turned_page_is_turned_like_the_pipeline(tmp_path: Path) -> None:
    upright = _page(tmp_path)
    scan = tmp_path / "sideways.png"
    Image.fromarray(np.rot90(upright)).save(scan)  # counter-clockwise on the scanner
    page = load_record_page(_ref(scan, "png", rotation=90))
    assert page.shape == (400, 600)
    assert page[115, 330] == 0


def test_missing_scan_and_missing_box(tmp_path: Path) -> None:
    ref = PageRef(str(tmp_path / "gone.png"), "png", "00", 1, 72, 600, 400)
    with pytest.raises(CropError):
        CropCache(tmp_path).crop(ref, [1, 2, 3, 4])
    with pytest.raises(CropError):
        CropCache(tmp_path).crop(ref, None)
