"""The `digitize run` and `digitize schema` commands, and the app's --version option."""

from __future__ import annotations

import logging
import sys
from importlib import resources
from pathlib import Path
from typing import Annotated

import typer

from digitizer import __version__
from digitizer.commands import _common as opt
from digitizer.commands._common import build_options, configure_logging, report
from digitizer.errors import DigitizerError, ExitCode
from digitizer.export import atomic_write_text, write_record
from digitizer.model import Document
from digitizer.options import Options
from digitizer.schema import SCHEMA_FILE

log = logging.getLogger(__name__)


def output_name(path: Path, taken: set[str]) -> str:
    """OUT/<stem>.json, or <stem>.<ext>.json when two inputs share a stem."""
    name = f"{path.stem}.json"
    if name in taken:
        name = f"{path.stem}.{path.suffix.lstrip('.').lower() or 'file'}.json"
    taken.add(name)
    return name


def write_tables_csv(document: Document, target: Path) -> None:
    """Each table of a record as <stem>.table-<n>.csv beside the record."""
    try:
        from digitizer.tables import table_csv
    except ImportError as exc:
        log.warning("CSV export skipped: %s", exc)
        return
    stem = target.name.removesuffix(".json")
    for number, table in enumerate(document.tables, start=1):
        atomic_write_text(target.with_name(f"{stem}.table-{number}.csv"), table_csv(table))


def run_one(path: Path, out: Path, name: str, options: Options) -> ExitCode:
    """Digitise one input, write its record and report failures; returns its exit code."""
    from digitizer.api import digitize_file, error_exit_code

    try:
        document = digitize_file(path, options)
    except DigitizerError as exc:
        report(exc.one_line())
        return exc.exit_code
    if document.status == "failed":
        for error in document.errors:
            report(_error_line(path, error.page, error.message))
        codes = [error_exit_code(e.code) for e in document.errors if e.page is not None]
        return codes[0] if codes else ExitCode.OCR_FAILED
    target = out / name
    try:
        write_record(document, target)
        if options.csv:
            write_tables_csv(document, target)
    except DigitizerError as exc:
        report(exc.one_line())
        return exc.exit_code
    log.info("wrote %s (%s, %d pages)", target, document.status, len(document.pages))
    if document.status == "partial":
        for error in document.errors:
            report(_error_line(path, error.page, error.message))
        return ExitCode.PARTIAL
    return ExitCode.OK


def _error_line(path: Path, page: int | None, message: str) -> str:
    where = str(path) + (f" page {page}" if page is not None else "")
    return f"{where}: {message}"


def overall_code(codes: list[ExitCode]) -> ExitCode:
    """One input: its code. Several: 0 if all ok, the shared code if all failed alike, else 1."""
    if len(codes) == 1:
        return codes[0]
    if all(code == ExitCode.OK for code in codes):
        return ExitCode.OK
    if len(set(codes)) == 1:
        return codes[0]
    return ExitCode.PARTIAL


def _version_callback(value: bool) -> None:
    if value:
        sys.stdout.write(f"digitize {__version__}\n")
        raise typer.Exit(0)


def register(app: typer.Typer) -> None:
    """Add `run`, `schema` and the --version option to the CLI app."""

    @app.callback()
    def main(
        version: Annotated[
            bool,
            typer.Option(
                "--version", callback=_version_callback, is_eager=True, help="Print the version."
            ),
        ] = False,
    ) -> None:
        """Turn scanned Thai government memos into corrected Thai text and structured JSON."""

    @app.command("run")
    def run(
        inputs: Annotated[list[Path], typer.Argument(help="PDF, PNG, JPEG or TIFF files.")],
        out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the JSON records.")],
        dpi: opt.Dpi = 300,
        psm: opt.Psm = 3,
        lang: opt.Lang = "tha+eng",
        binarize: opt.Binarize = False,
        deskew: opt.Deskew = True,
        rotate: opt.Rotate = True,
        page_timeout: opt.PageTimeout = 180.0,
        max_pixels: opt.MaxPixels = 200_000_000,
        lexicon: opt.Lexicon = None,
        csv: opt.Csv = False,
        correct: opt.Correct = True,
        digits: opt.Digits = True,
        structure: opt.Structure = True,
        fast: opt.Fast = False,
        verbose: opt.Verbose = 0,
        quiet: opt.Quiet = False,
    ) -> None:
        """Digitise each INPUT into OUT/<stem>.json (validated, written atomically)."""
        configure_logging(verbose, quiet)
        options = build_options(
            dpi=dpi, psm=psm, lang=lang, binarize=binarize, deskew=deskew, rotate=rotate,
            page_timeout=page_timeout, max_pixels=max_pixels, lexicon=lexicon, csv=csv,
            correct=correct, digits=digits, structure=structure, fast=fast,
        )
        taken: set[str] = set()
        try:
            codes = [run_one(path, out, output_name(path, taken), options) for path in inputs]
        except KeyboardInterrupt:
            report("interrupted: the records written so far are complete; nothing half-written")
            raise typer.Exit(int(ExitCode.INTERRUPTED)) from None
        raise typer.Exit(int(overall_code(codes)))

    @app.command("schema")
    def schema() -> None:
        """Print the JSON Schema of the record."""
        text = resources.files("digitizer").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
        sys.stdout.write(text)
