"""The pipeline: a file -> page tasks -> one picklable result per page -> the document record."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from digitizer import __version__, imaging, layout, sources
from digitizer._exec import poppler, tesseract
from digitizer.errors import DigitizerError, ExitCode, OcrFailedError, TooLargeError
from digitizer.finish import assemble_document
from digitizer.header import MAX_HEADER_SHARE
from digitizer.leaders import remove_top_leaders
from digitizer.model import Correction, Document, ErrorEntry, Page, Source
from digitizer.options import Options

log = logging.getLogger(__name__)

__all__ = [
    "PageResult",
    "PageTask",
    "digitize_file",
    "error_exit_code",
    "finish_document",
    "inspect_source",
    "page_tasks",
    "process_page",
]


@dataclass(frozen=True)
class PageTask:
    """One page of one file to process: small and picklable, for worker processes."""

    path: str
    page_number: int
    options: Options
    source_format: str


@dataclass
class PageResult:
    """What processing one page gave: the page or the error, and its stage outputs."""

    number: int
    page: Page | None
    error: ErrorEntry | None
    digit_corrections: list[Correction] = field(default_factory=list)
    tables: list[Any] = field(default_factory=list)  # digitizer.tables.PageTable
    line_corrections: list[Correction] = field(default_factory=list)  # digitizer.linereread
    seconds: float = 0.0
    notes: list[ErrorEntry] = field(default_factory=list)  # a later stage failed; page kept


def _error_classes() -> dict[str, ExitCode]:
    found: dict[str, ExitCode] = {}
    pending: list[type[DigitizerError]] = [DigitizerError]
    while pending:
        cls = pending.pop()
        found.setdefault(cls.code, cls.exit_code)
        pending.extend(cls.__subclasses__())
    return found


def error_exit_code(code: str) -> ExitCode:
    """The exit code of an error entry's code (an unknown code counts as an OCR failure)."""
    return _error_classes().get(code, ExitCode.OCR_FAILED)


def error_entry(exc: DigitizerError, page: int | None) -> ErrorEntry:
    """A record error entry from a typed error: its code and its reason with the remedy."""
    message = exc.message + (f" ({exc.remedy})" if exc.remedy else "")
    return ErrorEntry(page=page, code=exc.code, message=message.replace("\n", " "))


def inspect_source(path: str | Path, options: Options) -> Source:
    """Identify an input file (format, sha256, pages); raise a typed error if it is unusable."""
    info = sources.describe(
        Path(path), max_pages=options.max_pages, max_pixels=options.max_pixels, dpi=options.dpi
    )
    return Source(
        path=info.path,
        sha256=info.sha256,
        format=info.format,  # type: ignore[arg-type]
        page_count=info.page_count,
        size_bytes=info.size_bytes,
    )


def page_tasks(path: str | Path, options: Options, source: Source | None = None) -> list[PageTask]:
    """The page tasks of one file, in page order."""
    source = source or inspect_source(path, options)
    return [
        PageTask(path=str(path), page_number=n, options=options, source_format=source.format)
        for n in range(1, source.page_count + 1)
    ]


def check_dependencies(options: Options, source_format: str | None = None) -> None:
    """Raise MissingDependencyError unless tesseract, its models and (for PDF) poppler run."""
    tesseract.require_languages(options.lang)
    if source_format == "pdf":
        poppler.probe()


def preprocess(gray: np.ndarray, dpi: int, options: Options) -> tuple[np.ndarray, int, float]:
    """Streaks lightened, rotation undone (by Tesseract OSD), deskewed, optionally binarised.

    Returns (image, rotation, skew_degrees). process_page runs OSD only when the page OCR of the
    page as it is does not look upright (see looks_upright); this is the always-OSD variant.
    """
    gray = imaging.remove_streaks(gray)
    rotation = 0
    if options.detect_rotation:
        rotation = imaging.detect_orientation(gray, dpi=dpi, timeout=options.page_timeout)
    image, skew = _straighten(gray, rotation, options)
    return image, rotation, skew


def _straighten(gray: np.ndarray, rotation: int, options: Options) -> tuple[np.ndarray, float]:
    """Turn by rotation, deskew and optionally binarise a streak-free page image."""
    gray = imaging.rotate_quadrant(gray, rotation)
    skew = 0.0
    if options.deskew:
        gray, skew = imaging.deskew(gray)
    if options.binarize:
        gray = imaging.binarize(gray)
    return gray, skew


UPRIGHT_CONFIDENCE = 80.0  # mean word confidence of a page read the right way up (measured:
# upright scans 88-93; the same pages upside down 60-66, on their side (270) ~60)
UPRIGHT_MIN_WORDS = 8
UPRIGHT_WIDE_SHARE = 0.5  # share of the word-box area in boxes wider than tall (0.0 when
# Tesseract reads a page on its side as vertical text, at high confidence)


def looks_upright(page: Page) -> bool:
    """Whether a page's OCR shows it the right way up: confident reading of horizontal words.

    When it does, Tesseract OSD (which would almost always agree) is skipped.
    """
    words = [w for line in page.lines for w in line.words if w.text.strip()]
    if len(words) < UPRIGHT_MIN_WORDS or page.mean_confidence < UPRIGHT_CONFIDENCE:
        return False
    areas = [((w.bbox[2] - w.bbox[0]) * (w.bbox[3] - w.bbox[1]), w) for w in words]
    total = sum(area for area, _ in areas)
    wide = sum(area for area, w in areas if w.bbox[2] - w.bbox[0] > w.bbox[3] - w.bbox[1])
    return total > 0 and wide >= UPRIGHT_WIDE_SHARE * total


def read_page(
    gray: np.ndarray, number: int, dpi: int, options: Options
) -> tuple[np.ndarray, Page, int, float]:
    """Preprocess and OCR one page; returns (OCRed image, page, rotation, skew).

    The page is read as it is first; only when that read does not look upright does Tesseract
    OSD judge its orientation, and a turned page is read again.
    """
    gray = imaging.remove_streaks(gray)
    image, skew = _straighten(gray, 0, options)
    page = ocr_page(image, number, dpi, options)
    rotation = 0
    if options.detect_rotation and not looks_upright(page):
        rotation = imaging.detect_orientation(gray, dpi=dpi, timeout=options.page_timeout)
        if rotation:
            image, skew = _straighten(gray, rotation, options)
            page = ocr_page(image, number, dpi, options)
    return image, page, rotation, skew


def ocr_page(gray: np.ndarray, number: int, dpi: int, options: Options) -> Page:
    """OCR a preprocessed page image into a Page with rebuilt lines.

    In fast mode the page is read once with the first language only, page 1's header leaders
    painted white first: that read stands in for the header band re-read.
    """
    tsv = tesseract.run_tsv(
        remove_top_leaders(gray, MAX_HEADER_SHARE) if options.fast and number == 1 else gray,
        lang=options.read_lang,
        psm=options.psm,
        oem=options.oem,
        timeout=options.page_timeout,
        dpi=dpi,
    )
    tables = imaging.find_table_cells(gray, dpi=dpi)
    cells = [cell for table in tables for cell in table]
    lines = layout.order_by_tables(layout.lines_from_tsv(tsv, cells=cells), tables)
    words = [w for line in lines for w in line.words]
    mean = sum(w.confidence for w in words) / len(words) if words else 0.0
    text = layout.page_text(lines)
    return Page(
        number=number,
        width=int(gray.shape[1]),
        height=int(gray.shape[0]),
        dpi=dpi,
        mean_confidence=round(mean, 2),
        text_raw=text,
        text=text,
        lines=lines,
    )


def _later_stages(result: PageResult, gray: np.ndarray, page: Page, options: Options) -> None:
    """Digit re-reading, table detection and the re-reading of doubtful lines, when enabled
    and their modules are present."""
    if options.digits:
        try:
            from digitizer import digits
        except ImportError as exc:
            log.warning("digit re-reading skipped: %s", exc)
        else:
            try:
                result.digit_corrections = list(digits.reread_page(gray, page))
            except DigitizerError:
                raise
            except Exception as exc:
                log.exception("digit re-reading failed on page %d", page.number)
                result.notes.append(_stage_note(page.number, "digits", exc))
    if options.structure:
        try:
            from digitizer import tables
        except ImportError as exc:
            log.warning("table detection skipped: %s", exc)
        else:
            try:
                result.tables = list(tables.detect_page_tables(
                    gray, page, options=options, digit_fixes=result.digit_corrections
                ))
            except DigitizerError:
                raise
            except Exception as exc:
                log.exception("table detection failed on page %d", page.number)
                result.notes.append(_stage_note(page.number, "tables", exc))
    if options.correct and options.line_reread and options.rereads:
        try:
            from digitizer import linereread
        except ImportError as exc:
            log.warning("line re-reading skipped: %s", exc)
        else:
            try:
                result.line_corrections = linereread.reread_lines(
                    gray, page, result.tables, options
                )
            except Exception as exc:  # an improvement of the text: keep the page without it
                log.exception("line re-reading failed on page %d", page.number)
                result.notes.append(_stage_note(page.number, "line re-read", exc))


def _stage_note(page: int | None, stage: str, exc: Exception) -> ErrorEntry:
    return ErrorEntry(page=page, code="stage_failed", message=f"{stage} failed: {exc!r}")


def process_page(task: PageTask) -> PageResult:
    """Rasterise, preprocess and OCR one page; a page-level failure is returned, not raised."""
    started = time.perf_counter()
    options = task.options
    number = task.page_number
    result = PageResult(number=number, page=None, error=None)
    try:
        gray, dpi = sources.load_page(
            task.path,
            task.source_format,
            number,
            dpi=options.dpi,
            max_pixels=options.max_pixels,
            timeout=options.page_timeout,
        )
        if gray.size > options.max_pixels:
            raise TooLargeError(
                f"page has {gray.size:,} pixels, more than the limit of {options.max_pixels:,}"
            )
        gray, page, rotation, skew = read_page(gray, number, dpi, options)
        page.rotation = rotation  # type: ignore[assignment]
        page.skew_degrees = skew
        result.page = page
        _later_stages(result, gray, page, options)
    except DigitizerError as exc:
        result.page = None
        result.error = error_entry(exc, number)
        log.info("%s page %d failed: %s", task.path, number, exc.message)
    except MemoryError:
        result.page = None
        result.error = error_entry(TooLargeError("out of memory decoding the page"), number)
    except Exception as exc:  # a bug or an unexpected library failure: keep the other pages
        log.exception("%s page %d failed unexpectedly", task.path, number)
        result.page = None
        result.error = error_entry(OcrFailedError(f"unexpected failure: {exc!r}"), number)
    result.seconds = round(time.perf_counter() - started, 3)
    return result


def finish_document(source: Source, results: list[PageResult], options: Options) -> Document:
    """Corrections, page texts, structure, status and validation: the record of one file."""
    document = assemble_document(source, results, options)
    document.processing.digitizer_version = __version__
    document.processing.options_fingerprint = options.fingerprint()
    document.processing.mode = "fast" if options.fast else "default"
    return document


def digitize_file(path: str | Path, options: Options) -> Document:
    """The whole pipeline for one file, pages one after the other; raises document-level errors."""
    started = time.perf_counter()
    try:
        source = inspect_source(path, options)
        check_dependencies(options, source.format)
    except DigitizerError as exc:
        exc.path = exc.path or str(path)
        raise
    results = [process_page(task) for task in page_tasks(path, options, source)]
    document = finish_document(source, results, options)
    document.processing.seconds = round(time.perf_counter() - started, 3)
    return document
