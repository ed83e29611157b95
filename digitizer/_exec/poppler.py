"""Poppler, the only importer of pdf2image: rasterise a PDF one page at a time."""

from __future__ import annotations

import logging
import shutil

import pdf2image
from pdf2image import exceptions as pdf_errors
from PIL import Image

from digitizer.errors import BadInputError, MissingDependencyError, PageTimeoutError

log = logging.getLogger(__name__)

INSTALL_REMEDY = "run: apt-get install poppler-utils"


def probe() -> None:
    """Raise MissingDependencyError when poppler's pdfinfo/pdftoppm are not on the PATH."""
    for program in ("pdfinfo", "pdftoppm"):
        if shutil.which(program) is None:
            raise MissingDependencyError(
                f"{program} (poppler) is not installed", remedy=INSTALL_REMEDY
            )


def rasterise_page(path: str, page: int, *, dpi: int, timeout: float) -> Image.Image:
    """Render one page (1-based) of a PDF as a grayscale image at dpi."""
    try:
        images = pdf2image.convert_from_path(
            path,
            dpi=dpi,
            first_page=page,
            last_page=page,
            grayscale=True,
            timeout=max(1, int(timeout)),
        )
    except (pdf_errors.PopplerNotInstalledError, FileNotFoundError) as exc:
        raise MissingDependencyError(
            "poppler (pdfinfo, pdftoppm) is not installed",
            path=path,
            page=page,
            remedy=INSTALL_REMEDY,
        ) from exc
    except pdf_errors.PDFPopplerTimeoutError as exc:
        raise PageTimeoutError(
            f"rasterising took longer than {timeout:g} s", path=path, page=page
        ) from exc
    except (pdf_errors.PDFPageCountError, pdf_errors.PDFSyntaxError) as exc:
        raise BadInputError(f"poppler cannot read the PDF: {exc}", path=path, page=page) from exc
    except (OSError, ValueError, SyntaxError) as exc:  # poppler's output unreadable by PIL
        raise BadInputError(
            f"poppler could not render the page: {exc}", path=path, page=page
        ) from exc
    if not images:
        raise BadInputError("poppler rendered no image for this page", path=path, page=page)
    return images[0]
