"""The faster preprocessing gives what the plain versions gave (synthetic pages, no Tesseract)."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from digitizer import imaging


def _text_page(angle: float, seed: int = 3) -> np.ndarray:
    """A white page of dark word blocks on rows, turned counter-clockwise by angle degrees."""
    page = np.full((1754, 1240), 250, dtype=np.uint8)
    rng = np.random.default_rng(seed)
    for y in range(120, 1650, 52):
        x = 90
        while x < 1120:
            w = int(rng.integers(25, 120))
            page[y : y + 24, x : x + w] = 25
            x += w + int(rng.integers(12, 30))
    return imaging.rotate_by(page, angle)


def _warped_score(mask: np.ndarray, angle: float) -> float:
    """The row-profile sharpness of the mask turned by warpAffine (the former way)."""
    height, width = mask.shape
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    turned = cv2.warpAffine(mask, matrix, (width, height), flags=cv2.INTER_NEAREST)
    rows = turned.sum(axis=1, dtype=np.float64)
    return float(np.square(np.diff(rows)).sum())


@pytest.mark.parametrize("angle", [2.35, -1.4, 0.45, -6.0])
def test_projected_profile_peaks_where_the_warped_one_does(angle: float) -> None:
    mask = imaging.ink_mask(_text_page(angle))
    points = imaging._ink_points(mask)
    angles = np.arange(-angle - 1.0, -angle + 1.0 + 0.025, 0.05)
    projected = [imaging._profile_score(points, mask.shape, float(a)) for a in angles]
    warped = [_warped_score(mask, float(a)) for a in angles]
    assert abs(angles[int(np.argmax(projected))] - angles[int(np.argmax(warped))]) <= 0.051
    assert float(angles[int(np.argmax(projected))]) == pytest.approx(-angle, abs=0.11)


def test_streaks_are_lifted_exactly_as_in_floating_point() -> None:
    page = np.full((300, 200), 238, dtype=np.uint8)
    page[:, 50] = 229  # streak 9 levels darker than the paper
    page[:, 120] = 200  # streak 38 levels darker
    page[10:14, 120] = 250  # brighter than paper inside the streak: saturates at 255
    page[40:60, 20:180] = 30  # text, across both streaks
    got = imaging.remove_streaks(page)
    median = np.median(page, axis=0).astype(np.float32)
    delta = float(np.percentile(median, 75)) - median
    delta[(delta < imaging.STREAK_MIN) | (delta > imaging.STREAK_MAX)] = 0
    want = np.clip(page.astype(np.float32) + delta[np.newaxis, :], 0, 255).astype(np.uint8)
    assert got.dtype == np.uint8
    assert np.array_equal(got, want)
    assert (got[100, 50], got[100, 120], got[12, 120]) == (238, 238, 255)
    assert (got[50, 100], got[50, 50], got[50, 120]) == (30, 39, 68)


def _plain_score(mask: np.ndarray, angle: float) -> float:
    """The row-profile sharpness with every ink point projected and frame-tested."""
    ys, xs = np.nonzero(mask)
    weights = mask[ys, xs].astype(np.float64)
    height, width = mask.shape
    theta = np.deg2rad(angle)
    cos, sin = float(np.cos(theta)), float(np.sin(theta))
    dx, dy = xs - width / 2, ys - height / 2
    rows = np.rint(cos * dy - sin * dx + height / 2).astype(np.int64)
    cols = np.rint(cos * dx + sin * dy + width / 2).astype(np.int64)
    inside = (rows >= 0) & (rows < height) & (cols >= 0) & (cols < width)
    profile = np.bincount(rows[inside], weights=weights[inside], minlength=height)
    return float(np.square(np.diff(profile)).sum())


def test_profile_score_skipping_the_frame_test_is_exact() -> None:
    page = _text_page(3.0)
    page[:, :30] = 20  # ink along the edges, which a turn moves out of the frame
    page[-25:, :] = 90
    mask = imaging.ink_mask(page)
    coarse = cv2.resize(mask, (620, 877), interpolation=cv2.INTER_AREA)  # weights 0..255
    for on in (mask, coarse):
        points = imaging._ink_points(on)
        for angle in (-10.5, -3.05, -0.05, 0.0, 0.45, 7.25):
            assert imaging._profile_score(points, on.shape, angle) == _plain_score(on, angle)


def test_percentile_from_the_histogram_is_numpys() -> None:
    rng = np.random.default_rng(5)
    for _ in range(300):
        shape = (int(rng.integers(1, 80)), int(rng.integers(1, 9)))
        image = rng.integers(0, int(rng.integers(1, 256)), size=shape).astype(np.uint8)
        for q in (0, 10, 50, 75, 90, 100):
            assert int(imaging.percentile_u8(image, q)) == int(np.percentile(image, q))
    steps = np.array([[10, 10, 10, 200]], dtype=np.uint8)  # interpolated across a step
    assert imaging.percentile_u8(steps, 90) == pytest.approx(143.0)


def test_column_medians_are_numpys() -> None:
    rng = np.random.default_rng(6)
    for rows in (1, 2, 7, 8):
        image = rng.integers(0, 256, size=(rows, 5)).astype(np.uint8)
        got = imaging.column_medians(image)
        assert got.dtype == np.float64
        assert np.array_equal(got, np.median(image, axis=0))
    assert imaging.column_medians(np.array([[1, 9], [4, 0]], dtype=np.uint8)).tolist() == [2.5, 4.5]
