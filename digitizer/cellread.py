"""Table cells re-read from their crops, many cells in one Tesseract call (models load once).

`digitizer.tables` re-reads cells the page OCR left empty or sparse with --psm 6. Starting
Tesseract with the tha+eng models costs ~0.07 s CPU per call, so the crops of all the cells of a
table that need it are OCRed together (`tesseract.run_tsv_many`, byte-identical TSV per crop).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import cv2
import numpy as np

from digitizer.model import Line
from digitizer.options import Options

log = logging.getLogger(__name__)

Box = tuple[int, int, int, int]
ReadCache = dict[Box, list[Line]]  # cell box -> the OCR lines of its crop
PAD = 4  # pixels trimmed off each side of a cell (its rules)
BORDER = 20  # white margin added around the crop
CELL_PSM = 6


def cell_crop(image: np.ndarray, box: Sequence[int]) -> np.ndarray | None:
    """The inside of a cell with a white margin, ready for Tesseract (None when empty)."""
    x0, y0, x1, y1 = (int(v) for v in box)
    crop = image[y0 + PAD : y1 - PAD, x0 + PAD : x1 - PAD]
    if crop.size == 0:
        return None
    return cv2.copyMakeBorder(crop, BORDER, BORDER, BORDER, BORDER, cv2.BORDER_CONSTANT, value=255)


def read_cells(
    image: np.ndarray,
    boxes: Sequence[Box],
    options: Options,
    cache: ReadCache,
    *,
    lang: str | None = None,
) -> None:
    """OCR the crops of the cells not yet in the cache, in one call, into the cache.

    `lang` overrides the options' models (a cache holds the reads of one language setting).

    If the joint call fails the cells are read one by one; a cell whose read fails is left out
    of the cache (it keeps its page OCR text: a cell re-read must never sink the page).
    """
    from digitizer._exec import tesseract  # the only door to Tesseract
    from digitizer.errors import PageTimeoutError
    from digitizer.layout import lines_from_tsv

    todo: list[tuple[Box, np.ndarray]] = []
    for box in dict.fromkeys(boxes):
        crop = None if box in cache else cell_crop(image, box)
        if crop is not None:
            todo.append((box, crop))
    if not todo:
        return
    timeout = min(options.page_timeout, 60.0)
    lang = lang or options.lang
    if len(todo) > 1:
        try:
            tsvs = tesseract.run_tsv_many(
                [crop for _, crop in todo], lang=lang, psm=CELL_PSM, oem=options.oem,
                timeout=min(options.page_timeout, timeout * len(todo)),
            )
        except PageTimeoutError as exc:
            log.warning("re-OCR of %d cells timed out: %s", len(todo), exc)
            return
        except Exception as exc:  # read them one by one instead
            log.warning("joint re-OCR of %d cells failed: %s", len(todo), exc)
        else:
            for (box, _), tsv in zip(todo, tsvs, strict=True):
                cache[box] = lines_from_tsv(tsv)
            return
    for box, crop in todo:
        try:
            tsv = tesseract.run_tsv(
                crop, lang=lang, psm=CELL_PSM, oem=options.oem, timeout=timeout
            )
        except Exception as exc:
            log.warning("re-OCR of cell %s failed: %s", box, exc)
            continue
        cache[box] = lines_from_tsv(tsv)
