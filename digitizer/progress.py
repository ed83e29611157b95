"""What the user sees while a batch runs: a rich progress bar on a terminal, log lines otherwise."""

from __future__ import annotations

import logging
import sys
import time
from typing import IO, Protocol

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from digitizer.manifest import ManifestEntry

log = logging.getLogger(__name__)


class BatchObserver(Protocol):
    """Receives the batch's events (all calls come from the parent process)."""

    def checking(self, files: int) -> None:
        """Files were found; they are being hashed and inspected (resume, page counts)."""

    def started(self, files: int, pages: int) -> None:
        """The work is known: files to process and their pages (resumed ones excluded)."""

    def pages_done(self, count: int) -> None:
        """Pages came back from workers."""

    def file_done(self, entry: ManifestEntry) -> None:
        """A file is finished (written, failed, resumed or skipped)."""

    def finished(self) -> None:
        """The batch is over (normally or not)."""


class SilentObserver:
    """--quiet: nothing but the final exit code and errors logged elsewhere."""

    def checking(self, files: int) -> None:
        """Ignore."""

    def started(self, files: int, pages: int) -> None:
        """Ignore."""

    def pages_done(self, count: int) -> None:
        """Ignore."""

    def file_done(self, entry: ManifestEntry) -> None:
        """Ignore."""

    def finished(self) -> None:
        """Ignore."""


def describe_entry(entry: ManifestEntry) -> str:
    """One human line about a finished file."""
    if entry.status == "skipped":
        reason = entry.error["message"] if entry.error else "skipped"
        return f"skipped {entry.path}: {reason}"
    if entry.resumed:
        return f"done already {entry.path} ({entry.status}, record kept)"
    if entry.status == "failed" and not entry.pages:
        error = entry.error or {"code": "error", "message": "failed"}
        return f"failed  {entry.path}: {error['code']}: {error['message']}"
    text = f"{entry.status:7} {entry.path}: {entry.pages} page(s) in {entry.seconds:.1f}s"
    if entry.status != "failed":
        text += f", {entry.corrections_applied} corrections applied, "
        text += f"{entry.corrections_flagged} flagged"
    if entry.error:
        text += f" — {entry.error['code']}: {entry.error['message']}"
    failed_pages = sorted({e["page"] for e in entry.page_errors or [] if e.get("page")})
    if failed_pages:
        text += f" (failed page{'s' if len(failed_pages) > 1 else ''}: "
        text += ", ".join(str(p) for p in failed_pages) + ")"
    return text


class LogObserver:
    """Not a terminal: one plain line per file on the given stream, with running totals."""

    def __init__(self, stream: IO[str] | None = None, *, verbose: bool = False) -> None:
        self.stream = stream or sys.stderr
        self.verbose = verbose
        self.files = 0
        self.done = 0
        self.failed = 0
        self.pages = 0
        self.total_pages = 0
        self.start = time.monotonic()

    def checking(self, files: int) -> None:
        """Say that files are being checked (this can take a while on a big archive)."""
        self._write(f"digitize batch: checking {files} scan(s) (hash, pages, earlier runs)")

    def started(self, files: int, pages: int) -> None:
        """Say what is to be done."""
        self.files, self.total_pages = files, pages
        self.start = time.monotonic()
        self._write(f"digitize batch: {files} file(s), {pages} page(s) to process")

    def pages_done(self, count: int) -> None:
        """Count pages."""
        self.pages += count

    def file_done(self, entry: ManifestEntry) -> None:
        """One line per file (files kept from an earlier run only when verbose)."""
        if entry.resumed and not self.verbose:
            return
        if entry.status == "failed":
            self.failed += 1
        if entry.status != "skipped" and not entry.resumed:
            self.done += 1
        minutes = max(time.monotonic() - self.start, 1e-6) / 60
        self._write(
            f"[{self.done}/{self.files} files, {self.pages}/{self.total_pages} pages,"
            f" {self.pages / minutes:.1f} pages/min, {self.failed} failed] {describe_entry(entry)}"
        )

    def finished(self) -> None:
        """Nothing more."""

    def _write(self, text: str) -> None:
        self.stream.write(text + "\n")
        self.stream.flush()


class _RateColumn(ProgressColumn):
    """Items per minute since the bar started (frozen once the bar is complete)."""

    def render(self, task: Task) -> Text:
        """Render the rate."""
        unit = task.description
        elapsed = task.finished_time if task.finished and task.finished_time else task.elapsed
        if not elapsed or elapsed <= 0:
            return Text(f"- {unit}/min", style="progress.data.speed")
        return Text(f"{task.completed / elapsed * 60:.1f} {unit}/min", style="progress.data.speed")


class RichObserver:
    """A terminal: live bars for files and pages with pages/min, ETA and failures so far."""

    def __init__(self, console: Console | None = None, *, verbose: bool = False) -> None:
        self.console = console or Console(stderr=True)
        self.verbose = verbose
        self.failed = 0
        self.progress = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            _RateColumn(),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            TextColumn("{task.fields[failures]}"),
            console=self.console,
            transient=False,
        )
        self.files_task = self.progress.add_task("files", total=None, failures="", start=False)
        self.pages_task = self.progress.add_task("pages", total=None, failures="", start=False)

    def checking(self, files: int) -> None:
        """Say that files are being checked."""
        self.console.print(f"checking {files} scan(s)…")

    def started(self, files: int, pages: int) -> None:
        """Show the bars."""
        self.progress.update(self.files_task, total=files)
        self.progress.update(self.pages_task, total=pages)
        self.progress.start_task(self.files_task)
        self.progress.start_task(self.pages_task)
        self.progress.start()

    def pages_done(self, count: int) -> None:
        """Advance the page bar."""
        self.progress.advance(self.pages_task, count)

    def file_done(self, entry: ManifestEntry) -> None:
        """Advance the file bar; print failures (and every file when verbose) above the bars."""
        if entry.status == "failed":
            self.failed += 1
            self.progress.update(self.files_task, failures=f"[red]{self.failed} failed")
        if entry.status != "skipped" and not entry.resumed:
            self.progress.advance(self.files_task, 1)
        if self.verbose or entry.status in ("failed", "partial"):
            style = {"failed": "red", "partial": "yellow"}.get(entry.status, "")
            self.progress.console.print(Text(describe_entry(entry), style=style))

    def finished(self) -> None:
        """Stop the live display."""
        self.progress.stop()


def make_observer(*, quiet: bool, verbose: bool, stream: IO[str] | None = None) -> BatchObserver:
    """Rich bars when the stream is a terminal, log lines when not, nothing when quiet."""
    stream = stream or sys.stderr
    if quiet:
        return SilentObserver()
    if stream.isatty():
        return RichObserver(Console(file=stream), verbose=verbose)
    return LogObserver(stream, verbose=verbose)
