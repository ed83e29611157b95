"""Input files: format by magic bytes, sha256, page count, and one page decoded at a time."""

from __future__ import annotations

import hashlib
import logging
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps
from pypdf import PasswordType, PdfReader
from pypdf.errors import DependencyError

from digitizer._exec import poppler
from digitizer.errors import (
    BadInputError,
    DigitizerError,
    EncryptedInputError,
    TooLargeError,
)

log = logging.getLogger(__name__)

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"II+\x00", "tiff"),
    (b"MM\x00+", "tiff"),
)
_PDF_POINTS_PER_INCH = 72.0
# Images up to this size are decoded once at inspect time to catch truncation (A4 at 600 dpi is
# 35 million pixels); larger ones only when their page is loaded.
_DECODE_CHECK_PIXELS = 60_000_000


@dataclass(frozen=True)
class SourceInfo:
    """What a file is: its format, digest, size, page count and (images) resolution."""

    path: str
    format: str
    sha256: str
    size_bytes: int
    page_count: int


def sniff_format(head: bytes) -> str | None:
    """The format named by a file's first bytes ("pdf", "png", "jpeg", "tiff"), or None."""
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    # A PDF may carry junk before its header (allowed within the first 1024 bytes).
    if b"%PDF-" in head[:1024]:
        return "pdf"
    return None


def sha256_file(path: Path) -> str:
    """The hex sha256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def describe(
    path: Path, *, max_pages: int, max_pixels: int | None = None, dpi: int = 300
) -> SourceInfo:
    """Identify a file and count its pages; raise a typed error for anything unreadable.

    With max_pixels, a single-page document whose page is too large (read from the image
    header or the PDF page box at dpi, nothing decoded) raises TooLargeError here; in a
    multi-page document each page is checked when it is loaded, so the others are kept.
    """
    path = Path(path)
    where = str(path)
    if not path.exists():
        raise BadInputError("no such file", path=where, remedy="check the path")
    if path.is_dir():
        raise BadInputError(
            "is a folder, not a file",
            path=where,
            remedy="for a folder: digitize batch FOLDER --out OUT",
        )
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(1024)
    except OSError as exc:
        raise BadInputError(
            f"cannot read the file: {exc.strerror or exc}",
            path=where,
            remedy="check the file's permissions",
        ) from exc
    if size == 0:
        raise BadInputError("the file is empty", path=where)
    kind = sniff_format(head)
    if kind is None:
        raise BadInputError(
            f"not a PDF, PNG, JPEG or TIFF file{_looks_like(head)}",
            path=where,
            remedy="give a scanned PDF, PNG, JPEG or TIFF",
        )
    if kind == "pdf":
        pages = _pdf_page_count(path)
        if max_pixels is not None and pages == 1:
            _check_pixels(pdf_page_size(where, 1, dpi), max_pixels, where, 1)
    else:
        pages = _image_page_count(path, max_pixels)
    if pages == 0:
        raise BadInputError("the document has no pages", path=where)
    if pages > max_pages:
        raise BadInputError(
            f"{pages} pages is more than the limit of {max_pages}",
            path=where,
            remedy="split the file or raise the page limit",
        )
    return SourceInfo(where, kind, sha256_file(path), size, pages)


def _looks_like(head: bytes) -> str:
    """A hint of what a file that is not a scan seems to be."""
    if head.startswith(b"PK\x03\x04"):
        return "; it looks like a ZIP archive or an Office document"
    if head.lstrip().lower().startswith((b"<!doctype html", b"<html")):
        return "; it looks like a web page"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return ""
    return "; it looks like a text file"


def clear_cache() -> None:
    """Forget the parsed PDFs (tests; a file changed in place is re-read anyway)."""
    _cached_reader.cache_clear()


def _pdf_reader(path: Path) -> PdfReader:
    stat = path.stat()
    return _cached_reader(str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=4)
def _cached_reader(where: str, mtime_ns: int, size: int) -> PdfReader:
    """One parsed PDF per file version, reused for every page of it in this process.

    An encrypted PDF opens only with the empty user password (the usual owner-password-only
    "protected" PDF); one with a user password, or AES without a crypto backend, is refused.
    """
    del mtime_ns, size  # part of the cache key only
    # an open file, not the path: given a path, pypdf reads the whole file into memory (a
    # 500-page scan is hundreds of MB, held by the parent and by every worker)
    handle = open(where, "rb")  # noqa: SIM115 - the reader reads from it while cached
    try:
        reader = PdfReader(handle, strict=False)  # tries the empty password when encrypted
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise EncryptedInputError("the PDF is password-protected", path=where)
        return reader
    except DigitizerError:
        handle.close()
        raise
    except DependencyError as exc:
        handle.close()
        raise _no_aes(where) from exc
    except Exception as exc:  # pypdf raises many kinds on garbage: all mean "corrupt"
        handle.close()
        log.debug("pypdf cannot read %s", where, exc_info=True)
        raise _corrupt_pdf(where, exc) from exc


def _no_aes(where: str) -> EncryptedInputError:
    return EncryptedInputError(
        "the PDF is AES-encrypted and the cryptography package is missing",
        path=where,
        remedy="pip install cryptography, or decrypt it first: qpdf --decrypt IN.pdf OUT.pdf",
    )


def _reason(exc: BaseException) -> str:
    """A library exception as a short reason."""
    return str(exc).strip().rstrip(".") or type(exc).__name__


def _corrupt_pdf(where: str, exc: BaseException, page: int | None = None) -> BadInputError:
    return BadInputError(f"corrupt or truncated PDF: {_reason(exc)}", path=where, page=page)


def _pdf_page_count(path: Path) -> int:
    reader = _pdf_reader(path)
    try:
        return len(reader.pages)
    except DependencyError as exc:
        raise _no_aes(str(path)) from exc
    except Exception as exc:
        log.debug("pypdf cannot count the pages of %s", path, exc_info=True)
        raise _corrupt_pdf(str(path), exc) from exc


@contextmanager
def _no_pil_pixel_guard() -> Iterator[None]:
    """Open images without PIL's decompression-bomb error (we check the size ourselves) and
    without its warnings about odd metadata (the one-line error says what matters)."""
    saved = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        Image.MAX_IMAGE_PIXELS = saved


def _image_page_count(path: Path, max_pixels: int | None) -> int:
    """Read the header (size checked), check frame 1 for truncation (PNG: chunk CRCs; others
    decoded), count frames."""
    where = str(path)
    try:
        with _no_pil_pixel_guard(), Image.open(path) as image:
            frames = int(getattr(image, "n_frames", 1))
            if max_pixels is not None and frames == 1:
                _check_pixels(image.size, max_pixels, where, 1)
            pixels = image.width * image.height
            if image.format == "PNG" and frames == 1:
                image.verify()  # every chunk's CRC, without inflating the pixels
            elif pixels <= min(max_pixels or _DECODE_CHECK_PIXELS, _DECODE_CHECK_PIXELS):
                image.load()  # bigger ones are checked when their page is loaded
            return frames
    except (DigitizerError, MemoryError):
        raise
    except Exception as exc:  # PIL raises many kinds on damaged files: all mean "corrupt"
        raise BadInputError(f"corrupt or truncated image: {_reason(exc)}", path=where) from exc


def pdf_page_size(path: str, page: int, dpi: int) -> tuple[int, int]:
    """The (width, height) in pixels of one PDF page rasterised at dpi (from its crop box)."""
    try:
        box = _pdf_reader(Path(path)).pages[page - 1].cropbox
        scale = dpi / _PDF_POINTS_PER_INCH
        return int(abs(float(box.width)) * scale), int(abs(float(box.height)) * scale)
    except DigitizerError:
        raise
    except DependencyError as exc:
        raise _no_aes(path) from exc
    except Exception as exc:
        raise _corrupt_pdf(path, exc, page) from exc


def pdf_page_pixels(path: str, page: int, dpi: int) -> int:
    """How many pixels one PDF page will have once rasterised at dpi."""
    width, height = pdf_page_size(path, page, dpi)
    return width * height


def _check_pixels(size: tuple[int, int], max_pixels: int, path: str, page: int) -> None:
    width, height = size
    if width * height > max_pixels:
        raise TooLargeError(
            f"page has {width * height:,} pixels ({width:,} x {height:,} px), more than the"
            f" limit of {max_pixels:,}",
            path=path,
            page=page,
        )


def _to_gray(image: Image.Image) -> np.ndarray:
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(white, rgba)
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        array = np.asarray(image, dtype=np.float64)
        top = float(array.max()) or 1.0
        return np.clip(array * 255.0 / top, 0, 255).astype(np.uint8)
    return np.asarray(image.convert("L"), dtype=np.uint8).copy()


def _image_dpi(image: Image.Image, default: int) -> int:
    dpi = image.info.get("dpi")
    try:
        value = round(float(dpi[0])) if dpi else 0
    except (TypeError, ValueError, IndexError):
        value = 0
    return value if 72 <= value <= 2400 else default


def load_page(
    path: str, fmt: str, page: int, *, dpi: int, max_pixels: int, timeout: float
) -> tuple[np.ndarray, int]:
    """Decode one page (1-based) as a grayscale uint8 array, with its resolution in dpi.

    The size is checked from the header (images) or the page box (PDFs) before any decoding.
    """
    if fmt == "pdf":
        _check_pixels(pdf_page_size(path, page, dpi), max_pixels, path, page)
        image = poppler.rasterise_page(path, page, dpi=dpi, timeout=timeout)
        return _to_gray(image), dpi
    try:
        with _no_pil_pixel_guard(), Image.open(path) as image:
            if page > 1:
                image.seek(page - 1)
            _check_pixels(image.size, max_pixels, path, page)
            image_dpi = _image_dpi(image, dpi)
            image.load()
            upright = ImageOps.exif_transpose(image)
            return _to_gray(upright if upright is not None else image), image_dpi
    except (DigitizerError, MemoryError):
        raise
    except Exception as exc:  # PIL raises many kinds on damaged files: all mean "corrupt"
        raise BadInputError(
            f"cannot decode the image: {_reason(exc)}", path=path, page=page
        ) from exc
