"""OpenCV preprocessing of one page: rotation undone, deskewed, optionally binarised."""

from __future__ import annotations

import logging

import cv2
import numpy as np

from digitizer._exec import tesseract

log = logging.getLogger(__name__)

# One OpenCV thread: pages run in parallel as processes (digitize batch), and OpenCV's own worker
# threads only add CPU time per page (about a quarter more on the rule morphology); results are
# the same either way.
cv2.setNumThreads(1)

MAX_SKEW = 10.0  # degrees corrected at most, either way
MIN_SKEW = 0.1  # below this a page is left alone (rotating blurs a little)
OSD_MIN_CONFIDENCE = 2.0  # Tesseract OSD orientation confidence needed to turn a page
_SKEW_WIDTH = 1200  # the page is measured at about this width


def ink_mask(gray: np.ndarray) -> np.ndarray:
    """Dark pixels (text, rules) as 255 on 0, by Otsu's threshold."""
    _, mask = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return mask


STREAK_MIN = 6  # grey levels a column must be darker than the page to count as a streak
STREAK_MAX = 110  # darker than this is a ruled line or a copier edge: left alone


def remove_streaks(gray: np.ndarray) -> np.ndarray:
    """Lighten faint full-height scanner streaks: columns whose median is darker than the page.

    Text covers well under half of any column, so a column's median is the paper unless a streak
    runs down most of the page; Tesseract otherwise takes a streak for a column separator.
    """
    median = column_medians(gray).astype(np.float32)
    paper = float(np.percentile(median, 75))
    delta = paper - median
    delta[(delta < STREAK_MIN) | (delta > STREAK_MAX)] = 0
    if not delta.any():
        return gray
    # gray + delta truncated to uint8 is gray + floor(delta), saturating at 255: in 8 bits
    lift = np.floor(delta).astype(np.uint8)[np.newaxis, :]
    return np.minimum(gray, 255 - lift) + lift


def column_medians(gray: np.ndarray) -> np.ndarray:
    """np.median(gray, axis=0) of a 2-D image, the same float64 values, faster: each column is
    partitioned as a contiguous row of the transposed image."""
    if gray.ndim != 2 or gray.shape[0] == 0:
        return np.median(gray, axis=0)
    columns = np.ascontiguousarray(gray.T)
    n = gray.shape[0]
    if n % 2:
        return np.partition(columns, n // 2, axis=1)[:, n // 2].astype(np.float64)
    middle = np.partition(columns, (n // 2 - 1, n // 2), axis=1)
    return (middle[:, n // 2 - 1].astype(np.float64) + middle[:, n // 2]) / 2


def binarize(gray: np.ndarray) -> np.ndarray:
    """Black text on white by Otsu's threshold after a light blur (for uneven, noisy scans)."""
    blurred = cv2.GaussianBlur(gray, (3, 3), 0)
    _, out = cv2.threshold(blurred, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    return out


def rotate_quadrant(gray: np.ndarray, clockwise: int) -> np.ndarray:
    """Turn an image clockwise by 0, 90, 180 or 270 degrees."""
    codes = {
        90: cv2.ROTATE_90_CLOCKWISE,
        180: cv2.ROTATE_180,
        270: cv2.ROTATE_90_COUNTERCLOCKWISE,
    }
    clockwise %= 360
    if clockwise == 0:
        return gray
    if clockwise not in codes:
        raise ValueError(f"rotation must be a multiple of 90, not {clockwise}")
    return cv2.rotate(gray, codes[clockwise])


def detect_orientation(gray: np.ndarray, *, dpi: int, timeout: float) -> int:
    """Clockwise degrees (0/90/180/270) that put the page upright, by Tesseract OSD."""
    small = _scaled(gray, 1800)
    scaled_dpi = max(70, round(dpi * small.shape[1] / gray.shape[1]))
    rotate, confidence = tesseract.run_osd(small, timeout=timeout, dpi=scaled_dpi)
    if rotate and confidence >= OSD_MIN_CONFIDENCE:
        log.info("page turned by %d degrees (OSD confidence %.1f)", rotate, confidence)
        return rotate
    return 0


def _scaled(gray: np.ndarray, width: int) -> np.ndarray:
    if gray.shape[1] <= width:
        return gray
    scale = width / gray.shape[1]
    size = (width, max(1, round(gray.shape[0] * scale)))
    return cv2.resize(gray, size, interpolation=cv2.INTER_AREA)


_Points = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]


def _profile_score(points: _Points, shape: tuple[int, ...], angle: float) -> float:
    """Sharpness of the row profile of the ink turned by angle (ccw degrees about the centre, as
    cv2.getRotationMatrix2D): high when the lines are level.

    The ink pixels' coordinates are projected instead of turning the image (the same rows as a
    nearest-neighbour warpAffine, ink turned out of the frame dropped), several times faster.
    The points (_ink_points) come farthest from the frame's edges first: those that no turn by
    angle can move out of the frame are projected onto rows only, without the frame test. The
    profile sums whole-number weights, exact in any order, so the score is the same.
    """
    ys, xs, weights, border = points
    height, width = shape[:2]
    theta = np.deg2rad(angle)
    cos, sin = float(np.cos(theta)), float(np.sin(theta))
    # a turn by theta moves a point at most 2 r sin(|theta| / 2) (r: its distance to the centre)
    reach = 2.0 * float(np.hypot(width, height)) / 2 * abs(float(np.sin(theta / 2))) + 2.0
    safe = int(np.searchsorted(-border, -reach, side="left"))  # border > reach, sorted descending
    dx, dy = xs - width / 2, ys - height / 2
    rows = np.rint(cos * dy[:safe] - sin * dx[:safe] + height / 2).astype(np.int64)
    profile = np.bincount(rows, weights=weights[:safe], minlength=height)
    if safe < len(ys):
        dx, dy = dx[safe:], dy[safe:]
        rows = np.rint(cos * dy - sin * dx + height / 2).astype(np.int64)
        cols = np.rint(cos * dx + sin * dy + width / 2).astype(np.int64)
        inside = (rows >= 0) & (rows < height) & (cols >= 0) & (cols < width)
        profile += np.bincount(rows[inside], weights=weights[safe:][inside], minlength=height)
    return float(np.square(np.diff(profile)).sum())


def _ink_points(mask: np.ndarray) -> _Points:
    """(ys, xs, values, distance to the frame's nearest edge) of the ink pixels of a mask, as
    floats, farthest from the edges first."""
    ys, xs = np.nonzero(mask)
    height, width = mask.shape[:2]
    border = np.minimum(np.minimum(ys, height - 1 - ys), np.minimum(xs, width - 1 - xs))
    # 16 bits (a lower bound: clipped) so that numpy sorts by radix, in linear time
    border = -np.minimum(border, 2**15 - 1).astype(np.int16)
    order = np.argsort(border, kind="stable")
    border = -border
    ys, xs = ys[order], xs[order]
    return (ys.astype(np.float64), xs.astype(np.float64), mask[ys, xs].astype(np.float64),
            border[order].astype(np.float64))


def estimate_skew(gray: np.ndarray, *, max_angle: float = MAX_SKEW) -> float:
    """The counter-clockwise tilt of the text lines in degrees, by projection-profile search."""
    small = _scaled(gray, _SKEW_WIDTH)
    mask = ink_mask(small)
    if not mask.any():
        return 0.0
    # the coarse search runs at half that width (4x fewer pixels to project per angle)
    half = (max(1, small.shape[1] // 2), max(1, small.shape[0] // 2))
    coarse_mask = cv2.resize(mask, half, interpolation=cv2.INTER_AREA)

    def search(on: np.ndarray, centre: float, span: float, step: float) -> float:
        points = _ink_points(on)
        angles = np.arange(centre - span, centre + span + step / 2, step)
        scores = [_profile_score(points, on.shape, float(a)) for a in angles]
        return float(angles[int(np.argmax(scores))])

    coarse = search(coarse_mask, 0.0, max_angle, 0.5)
    fine = search(mask, coarse, 0.5, 0.05)
    # rotating the image by +fine levels it, so the lines were tilted by -fine
    return round(-fine, 2)


def percentile_u8(gray: np.ndarray, q: float) -> float:
    """np.percentile(gray, q) of an 8-bit image, from its histogram when that is exact.

    Linear interpolation between the two ranks around q only matters when they differ; then
    (rarely, at a histogram step) numpy is asked. A histogram is several times cheaper than the
    partial sort of a whole page.
    """
    if gray.dtype != np.uint8 or gray.ndim != 2 or not 0 < gray.size < 2**24:  # float32 counts
        return float(np.percentile(gray, q))
    counts = cv2.calcHist([np.ascontiguousarray(gray)], [0], None, [256], [0, 256]).reshape(-1)
    cumulative = np.cumsum(counts)
    rank = (gray.size - 1) * q / 100.0
    # the ranks around q, widened a hair so numpy's own rounding of q cannot fall outside them
    first = max(0.0, np.floor(rank - 1e-6))
    last = min(gray.size - 1.0, np.ceil(rank + 1e-6))
    low = int(np.searchsorted(cumulative, first, side="right"))
    high = int(np.searchsorted(cumulative, last, side="right"))
    if low != high:
        return float(np.percentile(gray, q))
    return float(low)


def rotate_by(gray: np.ndarray, degrees: float) -> np.ndarray:
    """Rotate counter-clockwise by degrees about the centre, same size, background-filled."""
    height, width = gray.shape
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), degrees, 1.0)
    background = int(percentile_u8(gray, 90))
    return cv2.warpAffine(
        gray,
        matrix,
        (width, height),
        flags=cv2.INTER_CUBIC,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=background,
    )


def deskew(gray: np.ndarray, *, max_angle: float = MAX_SKEW) -> tuple[np.ndarray, float]:
    """Level the text lines; returns the image and the skew found (degrees, ccw positive)."""
    skew = estimate_skew(gray, max_angle=max_angle)
    if abs(skew) < MIN_SKEW or abs(skew) > max_angle:
        return gray, skew if abs(skew) <= max_angle else 0.0
    return rotate_by(gray, -skew), skew


Box = tuple[int, int, int, int]


def component_stats(mask: np.ndarray, *, connectivity: int = 8) -> tuple[int, np.ndarray]:
    """(count, stats) of cv2.connectedComponentsWithStats, labelled in 16 bits when they fit.

    The same result, about twice as fast on a full page (half the label image to write).
    """
    try:
        count, _, stats, _ = cv2.connectedComponentsWithStats(
            mask, connectivity=connectivity, ltype=cv2.CV_16U
        )
    except cv2.error:  # 65535 labels or more
        count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=connectivity)
    return int(count), stats


def _row_order(cells: list[Box], tolerance: int) -> list[Box]:
    """Cells row by row (tops within tolerance share a row), left to right within a row."""
    ordered: list[Box] = []
    rows: list[list[Box]] = []
    for cell in sorted(cells, key=lambda c: c[1]):
        if rows and cell[1] - rows[-1][0][1] <= tolerance:
            rows[-1].append(cell)
        else:
            rows.append([cell])
    for row in rows:
        ordered.extend(sorted(row, key=lambda c: c[0]))
    return ordered


def find_table_cells(gray: np.ndarray, *, dpi: int) -> list[list[Box]]:
    """Ruled tables on a page: for each table, its cell boxes in reading order (row-major)."""
    ink = ink_mask(gray)
    width = ink.shape[1]
    horizontal = cv2.morphologyEx(
        ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (max(20, dpi // 3), 1))
    )
    vertical = cv2.morphologyEx(
        ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(20, dpi // 4)))
    )
    rules = cv2.dilate(cv2.bitwise_or(horizontal, vertical), np.ones((5, 5), np.uint8))
    count, stats = component_stats(rules)
    tables: list[list[Box]] = []
    for index in range(1, count):
        x, y, w, h = (int(v) for v in stats[index, :4])
        if w < width * 0.3 or h < dpi * 0.4:
            continue
        crop = rules[y : y + h, x : x + w]
        if not vertical[y : y + h, x : x + w].any() or not horizontal[y : y + h, x : x + w].any():
            continue
        inside, cell_stats = component_stats(255 - crop, connectivity=4)
        cells: list[Box] = []
        for k in range(1, inside):
            cx, cy, cw, ch = (int(v) for v in cell_stats[k, :4])
            touches = cx == 0 or cy == 0 or cx + cw >= w or cy + ch >= h
            if touches or cw < dpi * 0.1 or ch < dpi * 0.06:
                continue
            cells.append((x + cx, y + cy, x + cx + cw, y + cy + ch))
        if len(cells) >= 2:
            tables.append(_row_order(cells, tolerance=max(4, dpi // 20)))
    tables.sort(key=lambda cells: min(c[1] for c in cells))
    return tables
