"""What the sub-commands share: the report line, logging levels and the pipeline options."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import ValidationError

from digitizer.errors import ExitCode
from digitizer.options import Options


def report(line: str) -> None:
    """One line on stderr, prefixed with the program name."""
    sys.stderr.write(f"digitize: {line}\n")
    sys.stderr.flush()


def configure_logging(verbose: int, quiet: bool) -> None:
    """-v: progress (INFO), -vv: DEBUG, -q: only errors."""
    level = logging.WARNING
    if quiet:
        level = logging.ERROR
    elif verbose >= 2:
        level = logging.DEBUG
    elif verbose == 1:
        level = logging.INFO
    logging.getLogger().setLevel(level)
    logging.getLogger("digitizer").setLevel(level)
    # pypdf warns about every repaired PDF; the one-line error or the manifest says what matters
    logging.getLogger("pypdf").setLevel(logging.DEBUG if verbose >= 2 else logging.ERROR)


# The pipeline options that `run` and `batch` share, declared once.
Dpi = Annotated[int, typer.Option(help="Resolution for rasterising PDFs.")]
Psm = Annotated[int, typer.Option(help="Tesseract page segmentation mode.")]
Lang = Annotated[str, typer.Option(help="Tesseract languages.")]
Binarize = Annotated[bool, typer.Option(help="Binarise pages before OCR.")]
Deskew = Annotated[bool, typer.Option(help="Level skewed pages (up to 10°).")]
Rotate = Annotated[bool, typer.Option(help="Detect and undo 90/180/270° turns.")]
PageTimeout = Annotated[float, typer.Option(help="Seconds allowed per page.")]
MaxPixels = Annotated[int, typer.Option(help="Largest page in pixels.")]
Lexicon = Annotated[list[Path] | None, typer.Option(help="Extra lexicon file (repeatable).")]
Csv = Annotated[bool, typer.Option("--csv", help="Also write each table as CSV.")]
Correct = Annotated[bool, typer.Option(help="Apply text corrections.")]
Digits = Annotated[bool, typer.Option(help="Re-read Thai digits.")]
Structure = Annotated[bool, typer.Option(help="Extract memo fields and tables.")]
Fast = Annotated[bool, typer.Option(
    "--fast", help="Read each page once, first --lang language only, no re-reads: near bare "
    "Tesseract's speed, more errors (README: Measured).",
)]
Verbose = Annotated[int, typer.Option("--verbose", "-v", count=True, help="-v more, -vv debug.")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="Only errors.")]


def build_options(*, rotate: bool, lexicon: list[Path] | None, **settings: Any) -> Options:
    """Options from the command line; a bad value is reported and exits with the usage code."""
    try:
        return Options(detect_rotation=rotate, lexicons=tuple(lexicon or ()), **settings)
    except ValidationError as exc:
        first = exc.errors()[0]
        report(f"bad option {'.'.join(map(str, first['loc']))}: {first['msg']}")
        raise typer.Exit(int(ExitCode.USAGE)) from None
