"""Input files: format by magic bytes, sha256, page count, and one page decoded at a time."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from digitizer._exec import poppler
from digitizer.errors import BadInputError, EncryptedInputError, TooLargeError

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


def describe(path: Path, *, max_pages: int) -> SourceInfo:
    """Identify a file and count its pages; raise a typed error for anything unreadable."""
    path = Path(path)
    where = str(path)
    if not path.exists():
        raise BadInputError("no such file", path=where, remedy="check the path")
    if path.is_dir():
        raise BadInputError("is a folder, not a file", path=where, remedy="give the files inside")
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(1024)
    except OSError as exc:
        raise BadInputError(f"cannot read: {exc.strerror or exc}", path=where) from exc
    if size == 0:
        raise BadInputError("the file is empty", path=where)
    kind = sniff_format(head)
    if kind is None:
        raise BadInputError(
            "not a PDF, PNG, JPEG or TIFF file",
            path=where,
            remedy="give a scanned PDF, PNG, JPEG or TIFF",
        )
    pages = _pdf_page_count(path) if kind == "pdf" else _image_page_count(path)
    if pages == 0:
        raise BadInputError("the document has no pages", path=where)
    if pages > max_pages:
        raise BadInputError(
            f"{pages} pages is more than the limit of {max_pages}",
            path=where,
            remedy="split the file or raise the page limit",
        )
    return SourceInfo(where, kind, sha256_file(path), size, pages)


def _pdf_reader(path: Path) -> PdfReader:
    stat = path.stat()
    return _cached_reader(str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=4)
def _cached_reader(where: str, mtime_ns: int, size: int) -> PdfReader:
    """One parsed PDF per file version, reused for every page of it in this process."""
    del mtime_ns, size  # part of the cache key only
    path = Path(where)
    try:
        reader = PdfReader(str(path), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise EncryptedInputError("the PDF is password-protected", path=where)
        return reader
    except EncryptedInputError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, NotImplementedError) as exc:
        raise BadInputError(f"corrupt or truncated PDF: {exc}", path=where) from exc


def _pdf_page_count(path: Path) -> int:
    reader = _pdf_reader(path)
    try:
        return len(reader.pages)
    except (PdfReadError, ValueError, KeyError, TypeError, RecursionError) as exc:
        raise BadInputError(f"corrupt or truncated PDF: {exc}", path=str(path)) from exc


def _image_page_count(path: Path) -> int:
    """Open the image (first frame fully decoded, to catch truncation) and count its frames."""
    where = str(path)
    try:
        with Image.open(path) as image:
            frames = int(getattr(image, "n_frames", 1))
            if image.width * image.height <= (Image.MAX_IMAGE_PIXELS or 1 << 62):
                image.load()
            return frames
    except Image.DecompressionBombError:
        return 1  # decoded page by page, where the pixel limit is checked
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        raise BadInputError(f"corrupt or truncated image: {exc}", path=where) from exc


def pdf_page_pixels(path: str, page: int, dpi: int) -> int:
    """How many pixels one PDF page will have once rasterised at dpi (from its media box)."""
    reader = _pdf_reader(Path(path))
    box = reader.pages[page - 1].mediabox
    scale = dpi / _PDF_POINTS_PER_INCH
    return int(abs(float(box.width)) * scale) * int(abs(float(box.height)) * scale)


def _check_pixels(pixels: int, max_pixels: int, path: str, page: int) -> None:
    if pixels > max_pixels:
        raise TooLargeError(
            f"page has {pixels:,} pixels, more than the limit of {max_pixels:,}",
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
    """Decode one page (1-based) as a grayscale uint8 array, with its resolution in dpi."""
    if fmt == "pdf":
        _check_pixels(pdf_page_pixels(path, page, dpi), max_pixels, path, page)
        image = poppler.rasterise_page(path, page, dpi=dpi, timeout=timeout)
        return _to_gray(image), dpi
    Image.MAX_IMAGE_PIXELS = max(Image.MAX_IMAGE_PIXELS or 0, max_pixels)
    try:
        with Image.open(path) as image:
            if page > 1:
                image.seek(page - 1)
            _check_pixels(image.width * image.height, max_pixels, path, page)
            image_dpi = _image_dpi(image, dpi)
            image.load()
            upright = ImageOps.exif_transpose(image)
            return _to_gray(upright if upright is not None else image), image_dpi
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        raise BadInputError(f"cannot decode the image: {exc}", path=path, page=page) from exc
