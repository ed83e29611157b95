"""Tesseract, the only importer of pytesseract: probe apart from run, failures mapped by class."""

from __future__ import annotations

import logging
import os
import re
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pytesseract
from PIL import Image

from digitizer.errors import MissingDependencyError, OcrFailedError, PageTimeoutError

log = logging.getLogger(__name__)

INSTALL_REMEDY = "run: apt-get install tesseract-ocr tesseract-ocr-tha"
_ROTATE = re.compile(r"Rotate:\s*(\d+)")
_ORIENT_CONF = re.compile(r"Orientation confidence:\s*([0-9.]+)")


@dataclass(frozen=True)
class TesseractInfo:
    """What the installed Tesseract offers: its version and language models."""

    version: str
    languages: tuple[str, ...]


def _thread_env() -> None:
    """Tesseract runs one thread per process: parallelism comes from our processes."""
    os.environ["OMP_THREAD_LIMIT"] = "1"


@lru_cache(maxsize=1)
def probe() -> TesseractInfo:
    """Check that the tesseract binary runs and report its version and installed languages."""
    try:
        version = str(pytesseract.get_tesseract_version())
        languages = tuple(sorted(pytesseract.get_languages(config="")))
    except pytesseract.TesseractNotFoundError as exc:
        raise MissingDependencyError("tesseract is not installed", remedy=INSTALL_REMEDY) from exc
    except (pytesseract.TesseractError, OSError) as exc:
        raise MissingDependencyError(
            f"tesseract does not run: {exc}", remedy=INSTALL_REMEDY
        ) from exc
    return TesseractInfo(version=version, languages=languages)


def require_languages(lang: str) -> TesseractInfo:
    """Raise MissingDependencyError unless every model of a "tha+eng" language string is there."""
    info = probe()
    missing = [code for code in lang.split("+") if code and code not in info.languages]
    if missing:
        packages = " ".join(f"tesseract-ocr-{code}" for code in missing)
        remedy = f"run: apt-get install {packages}"
        prefix = os.environ.get("TESSDATA_PREFIX")
        if prefix:
            remedy += f", or unset TESSDATA_PREFIX (it points at {prefix})"
        raise MissingDependencyError(
            f"tesseract language model missing: {', '.join(missing)}", remedy=remedy
        )
    return info


def _config(psm: int, oem: int, dpi: int) -> str:
    # Tesseract reads an array saved without a resolution as 70 dpi, which wrecks its layout
    # analysis on 300 dpi scans: always say the resolution.
    return f"--psm {psm} --oem {oem} --dpi {dpi}"


def _uncompressed(image: np.ndarray) -> Image.Image:
    """The array as a PIL image tagged BMP: pytesseract then hands Tesseract an uncompressed
    file (a PNG costs ~0.1 s CPU per page to encode and again to decode; same pixels, same OCR)."""
    picture = Image.fromarray(image)
    picture.format = "BMP"
    return picture


def run_tsv(
    image: np.ndarray, *, lang: str, psm: int, oem: int, timeout: float, dpi: int = 300
) -> str:
    """OCR one image in one tesseract call and return its TSV (words with boxes and confidences)."""
    _thread_env()
    try:
        tsv: str = pytesseract.image_to_data(
            _uncompressed(image), lang=lang, config=_config(psm, oem, dpi), timeout=timeout
        )
    except pytesseract.TesseractNotFoundError as exc:
        raise MissingDependencyError("tesseract is not installed", remedy=INSTALL_REMEDY) from exc
    except pytesseract.TesseractError as exc:
        raise OcrFailedError(f"tesseract failed (status {exc.status}): {exc.message}") from exc
    except RuntimeError as exc:  # pytesseract raises RuntimeError only for its timeout
        raise PageTimeoutError(f"tesseract timed out after {timeout:g} s") from exc
    if not tsv.startswith("level"):
        raise OcrFailedError("tesseract returned no TSV output")
    return tsv


def run_osd(image: np.ndarray, *, timeout: float, dpi: int = 300) -> tuple[int, float]:
    """Orientation of a page by Tesseract OSD: (clockwise degrees to undo it, confidence).

    A page OSD cannot judge (blank, too few characters) reports (0, 0.0).
    """
    _thread_env()
    try:
        text = pytesseract.image_to_osd(
            _uncompressed(image), config=f"--dpi {dpi}", timeout=timeout
        )
    except pytesseract.TesseractNotFoundError as exc:
        raise MissingDependencyError("tesseract is not installed", remedy=INSTALL_REMEDY) from exc
    except pytesseract.TesseractError as exc:
        log.debug("OSD could not judge the page: %s", exc.message)
        return 0, 0.0
    except RuntimeError as exc:
        raise PageTimeoutError(f"tesseract OSD timed out after {timeout:g} s") from exc
    rotate = _ROTATE.search(text)
    conf = _ORIENT_CONF.search(text)
    if rotate is None:
        return 0, 0.0
    return int(rotate.group(1)) % 360, float(conf.group(1)) if conf else 0.0


def run_tsv_many(
    images: Sequence[np.ndarray], *, lang: str, psm: int, oem: int, timeout: float, dpi: int = 300
) -> list[str]:
    """OCR several images in one tesseract call (the models load once); one TSV per image, the
    same as run_tsv gives for it alone (Tesseract reads a list file's images one by one)."""
    if not images:
        return []
    _thread_env()
    with tempfile.TemporaryDirectory(prefix="digitizer-tess-") as folder:
        names = []
        for k, image in enumerate(images):
            name = os.path.join(folder, f"{k}.bmp")
            _uncompressed(image).save(name, format="BMP")
            names.append(name)
        listing = os.path.join(folder, "images.txt")
        with open(listing, "w", encoding="utf-8") as handle:
            handle.write("\n".join(names) + "\n")
        command = [pytesseract.pytesseract.tesseract_cmd, listing, "stdout", "-l", lang,
                   *_config(psm, oem, dpi).split(), "tsv"]
        try:
            done = subprocess.run(command, capture_output=True, timeout=timeout, check=False)
        except FileNotFoundError as exc:
            raise MissingDependencyError(
                "tesseract is not installed", remedy=INSTALL_REMEDY
            ) from exc
        except subprocess.TimeoutExpired as exc:
            raise PageTimeoutError(f"tesseract timed out after {timeout:g} s") from exc
    output = done.stdout.decode("utf-8", errors="replace")
    if done.returncode != 0 or not output.startswith("level"):
        message = done.stderr.decode("utf-8", errors="replace").strip()[-300:]
        raise OcrFailedError(f"tesseract failed (status {done.returncode}): {message}")
    head, *rows = output.splitlines()
    per_image: list[list[str]] = [[] for _ in images]
    for row in rows:
        fields = row.split("\t")
        if len(fields) < 2 or not fields[1].isdigit() or not 1 <= int(fields[1]) <= len(images):
            continue
        fields[1] = "1"  # as if each image had been OCRed alone
        per_image[int(row.split("\t")[1]) - 1].append("\t".join(fields))
    return ["\n".join([head, *lines]) + "\n" for lines in per_image]
