"""Dotted leaders (the ........ drawn after memo header labels) found and painted white.

A leader is a run of many tiny, similar ink components on one baseline at an even pitch. Thai
marks, full stops and the dots inside letters never form such a run, so they stay untouched.
"""

from __future__ import annotations

import logging

import cv2
import numpy as np

log = logging.getLogger(__name__)

MIN_RUN = 8  # dots in a leader
PITCH_SPREAD = 0.45  # a gap may differ this much (relative) from the run's median gap
REGULAR_SHARE = 0.75  # share of gaps that must be regular


def _ink(gray: np.ndarray) -> np.ndarray:
    """Binary ink mask (255 = ink) by Otsu, a little lenient so faint dots count."""
    blur = cv2.GaussianBlur(gray, (3, 3), 0)
    threshold, _ = cv2.threshold(blur, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return np.where(gray < min(threshold + 20, 235), 255, 0).astype(np.uint8)


def _dot_size(width: int) -> int:
    """Largest dot side in pixels, from the page width (A4 or letter, any dpi)."""
    dpi = max(width / 8.27, 72.0)
    return max(3, round(dpi / 45))


def find_leader_dots(gray: np.ndarray) -> list[tuple[int, int, int, int]]:
    """Boxes (x, y, w, h) of the dots of every dotted leader on a grayscale page."""
    if gray.ndim != 2 or gray.size == 0:
        return []
    mask = _ink(gray)
    count, _, stats, centroids = cv2.connectedComponentsWithStats(mask, connectivity=8)
    size = _dot_size(gray.shape[1])
    small = [
        i
        for i in range(1, count)
        if stats[i, cv2.CC_STAT_WIDTH] <= 2 * size
        and stats[i, cv2.CC_STAT_HEIGHT] <= size
        and stats[i, cv2.CC_STAT_AREA] <= 2 * size * size
    ]
    if len(small) < MIN_RUN:
        return []
    y_tol = max(1.5, size / 2)
    max_gap = 4.0 * size + 6
    order = sorted(small, key=lambda i: (centroids[i, 0]))
    xs = np.array([centroids[i, 0] for i in order])
    ys = np.array([centroids[i, 1] for i in order])
    parent = list(range(len(order)))

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for k in range(len(order)):
        hi = int(np.searchsorted(xs, xs[k] + max_gap, side="right"))
        best, best_dx = -1, max_gap + 1
        for j in range(k + 1, hi):
            dx = xs[j] - xs[k]
            if dx >= 1 and abs(ys[j] - ys[k]) <= y_tol and dx < best_dx:
                best, best_dx = j, dx
        if best >= 0:
            parent[root(best)] = root(k)
    chains: dict[int, list[int]] = {}
    for k in range(len(order)):
        chains.setdefault(root(k), []).append(k)
    boxes: list[tuple[int, int, int, int]] = []
    for members in chains.values():
        if len(members) < MIN_RUN:
            continue
        members.sort(key=lambda k: xs[k])
        gaps = np.diff(xs[members])
        pitch = float(np.median(gaps))
        if pitch < 1:
            continue
        regular = np.abs(gaps - pitch) <= PITCH_SPREAD * pitch
        if regular.mean() < REGULAR_SHARE or float(np.std(ys[members])) > y_tol:
            continue
        for k in members:
            i = order[k]
            x, y, w, h = (int(v) for v in stats[i, :4])
            boxes.append((x, y, w, h))
    return boxes


def remove_dotted_leaders(gray: np.ndarray) -> np.ndarray:
    """A copy of the grayscale page with the dots of dotted leaders painted white."""
    out = gray.copy()
    boxes = find_leader_dots(gray)
    paper = int(np.percentile(gray, 90)) if boxes else 255
    for x, y, w, h in boxes:
        cv2.rectangle(out, (x - 1, y - 1), (x + w, y + h), paper, thickness=-1)
    log.debug("leaders: %d dot(s) removed", len(boxes))
    return out


def remove_top_leaders(gray: np.ndarray, share: float) -> np.ndarray:
    """A copy of the page with the dotted leaders of its top `share` painted white (where the
    memo header's labels and their leaders are); the rest of the page is left as it is."""
    top = int(gray.shape[0] * share)
    out = gray.copy()
    out[:top] = remove_dotted_leaders(np.ascontiguousarray(gray[:top]))
    return out
