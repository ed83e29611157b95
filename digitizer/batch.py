"""Batch an archive: pages spread over workers, resumable, failures isolated, parent-only writes.

The parent finds the scans, skips those already finished, inspects the rest, feeds their pages
lazily (a bounded window in flight) to a local process pool or a Dask cluster, and finishes each
document as soon as its last page is back: record (atomic), CSV, review store, manifest line.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from digitizer.discover import ArchiveFile, discover
from digitizer.errors import DigitizerError, MissingDependencyError
from digitizer.executors import (
    RECYCLE_AFTER,
    DaskExecutor,
    LocalExecutor,
    PageExecutor,
    WorkerCrashed,
)
from digitizer.export import atomic_write_text, write_record
from digitizer.manifest import ManifestEntry, ManifestWriter
from digitizer.model import Document, ErrorEntry, Source
from digitizer.options import Options
from digitizer.progress import BatchObserver, SilentObserver
from digitizer.resume import finished_record, sweep_stale_temps
from digitizer.store import ReviewStore

log = logging.getLogger(__name__)

STORE_NAME = "review.sqlite"
HANG_GRACE_SECONDS = 60.0  # a page running this much past 2x --page-timeout is killed


@dataclass(frozen=True)
class Pipeline:
    """The pipeline steps a batch calls (injectable for tests); the real ones are digitizer.api."""

    inspect: Callable[[str, Options], Source]
    tasks: Callable[[str, Options, Source], list[Any]]
    page: Callable[[Any], Any]  # picklable (module level): runs in workers
    finish: Callable[[Source, list[Any], Options], Document]
    failed_page: Callable[[Any, ErrorEntry], Any]  # a page result for a page that never came back
    preflight: Callable[[Options, str | None], None] | None = None  # raises MissingDependencyError


def default_pipeline() -> Pipeline:
    """The real pipeline of digitizer.api."""
    from digitizer import api

    def failed_page(task: Any, error: ErrorEntry) -> Any:
        return api.PageResult(number=task.page_number, page=None, error=error)

    return Pipeline(
        inspect=api.inspect_source,
        tasks=lambda path, options, source: api.page_tasks(path, options, source),
        page=api.process_page,
        finish=api.finish_document,
        failed_page=failed_page,
        preflight=api.check_dependencies,
    )


@dataclass(frozen=True)
class BatchConfig:
    """How to run a batch (the Options say how to digitise each page)."""

    jobs: int = 1
    force: bool = False
    scheduler: str | None = None  # tcp://HOST:8786 -> Dask
    ship_files: bool = True  # Dask: send file bytes to workers (no shared disk needed)
    hang_grace: float = HANG_GRACE_SECONDS
    recycle_after: int = RECYCLE_AFTER  # pages per local worker before a fresh pool


@dataclass
class BatchSummary:
    """Counts of one batch run; `entries` in archive order."""

    entries: list[ManifestEntry] = field(default_factory=list)
    seconds: float = 0.0
    pages_processed: int = 0

    def count(self, status: str) -> int:
        """How many files ended with this status (resumed ones included)."""
        return sum(1 for e in self.entries if e.status == status)

    @property
    def resumed(self) -> int:
        """Files kept from an earlier run."""
        return sum(1 for e in self.entries if e.resumed)

    @property
    def ok(self) -> bool:
        """No file failed or came out partial."""
        return self.count("failed") == 0 and self.count("partial") == 0

    def pages_per_minute(self) -> float:
        """Throughput of this run's processed pages."""
        return self.pages_processed / (self.seconds / 60) if self.seconds > 0 else 0.0


@dataclass
class _Doc:
    """A document in progress: its pages come back in any order."""

    item: ArchiveFile
    source: Source
    tasks: list[Any]
    results: dict[int, Any] = field(default_factory=dict)
    seconds: float = 0.0


def entry_for(item: ArchiveFile, document: Document, *, resumed: bool = False) -> ManifestEntry:
    """The manifest line of a written record."""
    page_errors = [e.model_dump(mode="json") for e in document.errors]
    failed_pages = {e.page for e in document.errors if e.page is not None}
    first = document.errors[0] if document.errors else None
    return ManifestEntry(
        path=item.rel,
        status=document.status,
        record=item.record_rel,
        sha256=document.source.sha256,
        format=document.source.format,
        pages=document.source.page_count,
        pages_failed=len(failed_pages),
        seconds=round(document.processing.seconds, 3),
        corrections_applied=sum(1 for c in document.corrections if c.status == "applied"),
        corrections_flagged=sum(1 for c in document.corrections if c.status == "flagged"),
        error=None if first is None else {"code": first.code, "message": first.message},
        page_errors=page_errors,
        resumed=resumed,
    )


def failed_entry(item: ArchiveFile, code: str, message: str, **extra: Any) -> ManifestEntry:
    """The manifest line of a file that gave no record."""
    return ManifestEntry(path=item.rel, status="failed", error={"code": code, "message": message},
                         **extra)


class BatchRun:
    """One run of a batch over an archive; `run()` returns the summary."""

    def __init__(
        self,
        archive: Path,
        out: Path,
        options: Options,
        config: BatchConfig,
        *,
        pipeline: Pipeline | None = None,
        observer: BatchObserver | None = None,
        executor: PageExecutor | None = None,
    ) -> None:
        self.archive = Path(archive)
        self.out = Path(out)
        self.options = options
        self.config = config
        self.pipeline = pipeline or default_pipeline()
        self.observer = observer or SilentObserver()
        self._executor = executor
        self.summary = BatchSummary()
        self._entries: dict[str, ManifestEntry] = {}

    # ---- the run ---------------------------------------------------------------------------

    def run(self) -> BatchSummary:
        """Process the archive; raises only for errors that stop everything (missing tesseract)."""
        started = time.monotonic()
        if not self.archive.is_dir():
            raise DigitizerError(f"not a folder: {self.archive}", path=str(self.archive),
                                 remedy="give the folder that holds the scans")
        found = discover(self.archive, exclude=self.out)
        if found.scans and self.config.scheduler is None and self.pipeline.preflight is not None:
            # before anything is written: a missing tesseract/poppler leaves no output at all
            needs_pdf = any(item.path.suffix.lower() == ".pdf" for item in found.scans)
            self.pipeline.preflight(self.options, "pdf" if needs_pdf else None)
        sweep_stale_temps(self.out)
        self.manifest = ManifestWriter(self.out)
        self.store = ReviewStore(self.out / STORE_NAME)
        order = [rel for rel, _ in found.skipped] + [item.rel for item in found.scans]
        try:
            early = [ManifestEntry(path=rel, status="skipped",
                                   error={"code": "not_a_scan", "message": reason})
                     for rel, reason in found.skipped]
            self.observer.checking(len(found.scans))
            todo = self._plan(found.scans, early)
            if todo and self.config.scheduler is None and self.pipeline.preflight is not None:
                for fmt in sorted({doc.source.format for doc in todo}):
                    self.pipeline.preflight(self.options, fmt)
            unusable = sum(1 for e in early if e.status == "failed")
            self.observer.started(len(todo) + unusable, sum(len(doc.tasks) for doc in todo))
            for entry in early:
                self._done(entry)
            if todo:
                self._process(todo)
            self.summary.seconds = time.monotonic() - started
            self.manifest.compact(sorted(order))
        finally:
            self.observer.finished()
            self.manifest.close()
            self.store.close()
        self.summary.entries = [self._entries[rel] for rel in sorted(order) if rel in self._entries]
        return self.summary

    def _plan(self, scans: list[ArchiveFile], early: list[ManifestEntry]) -> list[_Doc]:
        """Keep finished records, note unusable files in `early`, list the documents to do."""
        todo: list[_Doc] = []
        for item in scans:
            record = self.out / item.record_rel
            if not self.config.force:
                try:
                    document = finished_record(record, item.path, self.options)
                except OSError as exc:
                    early.append(failed_entry(item, "bad_input", f"cannot read the file: {exc}"))
                    continue
                if document is not None:
                    self._ensure_stored(item, document)
                    early.append(entry_for(item, document, resumed=True))
                    continue
            try:
                source = self.pipeline.inspect(str(item.path), self.options)
                tasks = self.pipeline.tasks(str(item.path), self.options, source)
            except DigitizerError as exc:
                early.append(failed_entry(item, exc.code, exc.reason()))
                continue
            except Exception as exc:  # a bug on one odd file must not stop the archive
                log.debug("inspecting %s failed", item.path, exc_info=True)
                early.append(failed_entry(item, "internal_error", f"{type(exc).__name__}: {exc}"))
                continue
            todo.append(_Doc(item=item, source=source, tasks=tasks))
        return todo

    def _make_executor(self) -> PageExecutor:
        if self._executor is not None:
            return self._executor
        if self.config.scheduler:
            return DaskExecutor(self.config.scheduler, ship_files=self.config.ship_files)
        return LocalExecutor(self.config.jobs, recycle_after=self.config.recycle_after)

    def _process(self, todo: list[_Doc]) -> None:
        """Feed pages lazily, collect them, finish documents as they complete."""
        executor = self._make_executor()
        feed: Iterator[tuple[_Doc, Any]] = ((doc, task) for doc in todo for task in doc.tasks)
        for doc in todo:  # zero-page documents never get a page back: finish them now
            if not doc.tasks:
                self._finish(doc)
        inflight: dict[Any, tuple[_Doc, Any, float, bool]] = {}
        suspects: deque[tuple[_Doc, Any]] = deque()
        overdue: set[Any] = set()
        clean_exit = False
        try:
            while True:
                isolating = bool(suspects) or any(iso for *_, iso in inflight.values())
                limit = 1 if isolating else executor.capacity
                while len(inflight) < limit:
                    if suspects:
                        doc, task = suspects.popleft()
                        alone = True
                    else:
                        nxt = next(feed, None)
                        if nxt is None:
                            break
                        doc, task = nxt
                        alone = False
                    inflight[executor.submit(self.pipeline.page, task)] = (
                        doc, task, time.monotonic(), alone)
                    if alone:
                        break
                if not inflight:
                    break
                for future in executor.wait(inflight, timeout=1.0):
                    doc, task, _, alone = inflight.pop(future)
                    self._collect(executor, future, doc, task, alone, future in overdue,
                                  suspects)
                    overdue.discard(future)
                self._watchdog(executor, inflight, overdue)
            clean_exit = True
        finally:
            if self._executor is None:
                executor.close(cancel=not clean_exit)

    def _collect(self, executor: PageExecutor, future: Any, doc: _Doc, task: Any, alone: bool,
                 was_overdue: bool, suspects: deque[tuple[_Doc, Any]]) -> None:
        """Take one page back: a result, or a crash to retry alone (once) before failing it."""
        number = task.page_number
        try:
            outcome = executor.outcome(future)
        except WorkerCrashed as exc:
            if not alone:
                suspects.append((doc, task))
                return
            if was_overdue:
                error = ErrorEntry(page=number, code="timeout",
                                   message=f"page still running after {self._deadline(True):.0f}s"
                                   " and was stopped")
            else:
                error = ErrorEntry(page=number, code="worker_crashed",
                                   message=f"the worker died on this page ({exc})")
            log.warning("%s page %d: %s", doc.item.rel, number, error.message)
            result = self.pipeline.failed_page(task, error)
        else:
            if outcome.code == MissingDependencyError.code:
                raise MissingDependencyError(outcome.message or "missing dependency",
                                             path=doc.item.rel, page=number, remedy="")
            if outcome.code is not None:
                error = ErrorEntry(page=number, code=outcome.code, message=outcome.message or "")
                result = self.pipeline.failed_page(task, error)
            else:
                result = outcome.result
                page_error = getattr(result, "error", None)
                if page_error is not None and page_error.code == MissingDependencyError.code:
                    raise MissingDependencyError(page_error.message, path=doc.item.rel,
                                                 page=number, remedy="")
            doc.seconds += outcome.seconds
        doc.results[number] = result
        self.summary.pages_processed += 1
        self.observer.pages_done(1)
        if len(doc.results) == len(doc.tasks):
            executor.release(str(doc.item.path))
            self._finish(doc)

    def _deadline(self, alone: bool) -> float:
        factor = 1.0 if alone else 2.0
        return factor * self.options.page_timeout + self.config.hang_grace

    def _watchdog(self, executor: PageExecutor, inflight: dict[Any, tuple[_Doc, Any, float, bool]],
                  overdue: set[Any]) -> None:
        """Kill the workers when a page runs far beyond --page-timeout (tesseract's own limit)."""
        now = time.monotonic()
        late = [f for f, (_, _, t0, alone) in inflight.items()
                if f not in overdue and not f.done() and now - t0 > self._deadline(alone)]
        if late:
            log.warning("%d page(s) hung past the page timeout: stopping the workers", len(late))
            overdue.update(late)
            executor.kill_workers()

    # ---- writing ---------------------------------------------------------------------------

    def _finish(self, doc: _Doc) -> None:
        """Assemble, validate and write one document; record it in the store and manifest."""
        item = doc.item
        results = [doc.results[task.page_number] for task in doc.tasks]
        meta: dict[str, Any] = {"sha256": doc.source.sha256, "format": doc.source.format,
                                "pages": doc.source.page_count}
        started = time.perf_counter()
        try:
            document = self.pipeline.finish(doc.source, results, self.options)
            results.clear()  # the page results are in the document now: free them early
            doc.results.clear()
            document.processing.seconds = round(doc.seconds + time.perf_counter() - started, 3)
            if document.status == "failed":  # like `digitize run`: no record, the reason is kept
                entry = entry_for(item, document)
                entry.record = None
                self._done(entry)
                return
            write_record(document, self.out / item.record_rel)
            if self.options.csv:
                self._write_csv(item, document)
        except DigitizerError as exc:
            self._done(failed_entry(item, exc.code, exc.reason(), **meta))
            return
        except Exception as exc:
            log.debug("finishing %s failed", item.path, exc_info=True)
            self._done(failed_entry(item, "internal_error", f"{type(exc).__name__}: {exc}", **meta))
            return
        self._store(item, document)
        self._done(entry_for(item, document))

    def _write_csv(self, item: ArchiveFile, document: Document) -> None:
        from digitizer.tables import table_csv

        stem = item.record_rel.removesuffix(".json")
        for number, table in enumerate(document.tables, 1):
            atomic_write_text(self.out / f"{stem}.table-{number}.csv", table_csv(table))

    def _store(self, item: ArchiveFile, document: Document) -> None:
        try:
            self.store.upsert_document(document, record_path=item.record_rel,
                                       source_path=str(item.path))
        except Exception as exc:  # the record is written; the store can be rebuilt by a rerun
            log.error("review store: cannot add %s: %s", item.rel, exc)

    def _ensure_stored(self, item: ArchiveFile, document: Document) -> None:
        stored = self.store.find_document(item.record_rel)
        if stored is None or stored.sha256 != document.source.sha256:
            self._store(item, document)

    def _done(self, entry: ManifestEntry) -> None:
        self._entries[entry.path] = entry
        self.manifest.append(entry)
        self.observer.file_done(entry)


def run_batch(
    archive: Path,
    out: Path,
    options: Options,
    config: BatchConfig | None = None,
    *,
    pipeline: Pipeline | None = None,
    observer: BatchObserver | None = None,
) -> BatchSummary:
    """Digitise every scan below `archive` into `out`; see BatchRun."""
    if options.review_store is None:  # a reviewer's standing rejections are not proposed again
        options = options.model_copy(update={"review_store": Path(out) / STORE_NAME})
    run = BatchRun(archive, out, options, config or BatchConfig(), pipeline=pipeline,
                   observer=observer)
    return run.run()
