"""imaging.component_stats: the stats of cv2.connectedComponentsWithStats, faster, any count."""

from __future__ import annotations

import cv2
import numpy as np

from digitizer.imaging import component_stats


def _reference(mask: np.ndarray, connectivity: int) -> tuple[int, np.ndarray]:
    count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=connectivity)
    return count, stats


def test_same_stats_as_opencv_on_random_masks() -> None:
    rng = np.random.default_rng(7)
    for _ in range(50):
        mask = (rng.random((80, 120)) < 0.3).astype(np.uint8) * 255
        for connectivity in (4, 8):
            count, stats = component_stats(mask, connectivity=connectivity)
            want_count, want_stats = _reference(mask, connectivity)
            assert count == want_count
            assert np.array_equal(stats, want_stats)


def test_more_labels_than_16_bits_hold() -> None:
    mask = np.zeros((600, 600), dtype=np.uint8)
    mask[::2, ::2] = 255  # 90,000 single-pixel components
    count, stats = component_stats(mask)
    assert count == 90_001
    assert tuple(int(v) for v in stats[-1, :5]) == (598, 598, 1, 1, 1)
