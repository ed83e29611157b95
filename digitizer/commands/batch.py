"""The `digitize batch` command: argv -> Options + BatchConfig -> run_batch -> exit code."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from digitizer.commands import _common as opt
from digitizer.commands._common import build_options, configure_logging, report
from digitizer.errors import DigitizerError, ExitCode

if TYPE_CHECKING:
    from digitizer.batch import BatchSummary

log = logging.getLogger(__name__)


def summary_lines(summary: BatchSummary) -> list[str]:
    """The end-of-batch summary: counts, throughput and every file that needs a look."""
    processed = [e for e in summary.entries if e.status != "skipped" and not e.resumed]
    lines = [
        f"{len(summary.entries)} file(s): {summary.count('ok')} ok, {summary.count('partial')}"
        f" partial, {summary.count('failed')} failed, {summary.count('skipped')} skipped"
        f" (not scans); {summary.resumed} already done",
        f"{summary.pages_processed} page(s) processed in {summary.seconds:.1f}s"
        f" ({summary.pages_per_minute():.1f} pages/min) over {len(processed)} file(s);"
        f" corrections: {sum(e.corrections_applied for e in processed)} applied,"
        f" {sum(e.corrections_flagged for e in processed)} flagged for review",
    ]
    for entry in summary.entries:
        if entry.status in ("failed", "partial") and entry.error:
            lines.append(f"  {entry.status}: {entry.path}: {entry.error['code']}:"
                         f" {entry.error['message']}")
    for entry in summary.entries:
        if entry.status == "skipped":
            lines.append(f"  skipped: {entry.path}")
    return lines


def register(app: typer.Typer) -> None:
    """Add `batch` to the CLI app."""

    @app.command("batch")
    def batch(
        archive: Annotated[Path, typer.Argument(help="Folder of scans (searched recursively).")],
        out: Annotated[Path, typer.Option("--out", "-o", help="Folder for records (mirrors "
                                          "the archive), manifest.jsonl and review.sqlite.")],
        jobs: Annotated[int | None, typer.Option("--jobs", "-j", help="Worker processes "
                                                 "(default: the CPU count).")] = None,
        force: Annotated[bool, typer.Option("--force", help="Redo files already done.")] = False,
        scheduler: Annotated[str | None, typer.Option(
            help="Dask scheduler address, e.g. tcp://HOST:8786, to run pages on a cluster."
        )] = None,
        shared_fs: Annotated[bool, typer.Option(
            "--shared-fs", help="Dask workers read the archive at the same path (no shipping)."
        )] = False,
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
        """Digitise every PDF/PNG/JPEG/TIFF below ARCHIVE into OUT/<relative path>.json.

        Resumable (finished files are skipped unless --force); failures are recorded in
        OUT/manifest.jsonl and the batch goes on. Exit code 0 when every file is ok, 1 when
        some failed or came out partial.
        """
        from digitizer.batch import BatchConfig, run_batch
        from digitizer.progress import make_observer

        configure_logging(verbose, quiet)
        options = build_options(
            dpi=dpi, psm=psm, lang=lang, binarize=binarize, deskew=deskew, rotate=rotate,
            page_timeout=page_timeout, max_pixels=max_pixels, lexicon=lexicon, csv=csv,
            correct=correct, digits=digits, structure=structure, fast=fast,
        )
        if jobs is not None and jobs < 1:
            report("bad option jobs: must be at least 1")
            raise typer.Exit(int(ExitCode.USAGE))
        if not archive.is_dir():
            report(f"{archive}: not a folder (give the folder that holds the scans)")
            raise typer.Exit(int(ExitCode.USAGE))
        config = BatchConfig(jobs=jobs or os.cpu_count() or 1, force=force, scheduler=scheduler,
                             ship_files=not shared_fs)
        observer = make_observer(quiet=quiet, verbose=verbose > 0)
        if fast and not quiet:
            report("fast mode: each page read once, no re-reads (records differ from the "
                   "default mode's)")
        try:
            summary = run_batch(archive, out, options, config, observer=observer)
        except DigitizerError as exc:
            report(exc.one_line())
            raise typer.Exit(int(exc.exit_code)) from None
        except KeyboardInterrupt:
            report("interrupted: finished files are kept; run the same command to go on")
            raise typer.Exit(int(ExitCode.INTERRUPTED)) from None
        if not quiet:
            for line in summary_lines(summary):
                sys.stdout.write(line + "\n")
        raise typer.Exit(int(ExitCode.OK if summary.ok else ExitCode.PARTIAL))
