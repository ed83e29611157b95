"""Where pages run: a local process pool or a Dask cluster, behind one small interface.

The unit of work is `run_page(page_fn, task)`: it runs in a worker, never raises, and returns a
PageOutcome (the page function's result, or the error that stopped it). Only the parent writes.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import multiprocessing
import os
import signal
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from digitizer.errors import DigitizerError, ExitCode

log = logging.getLogger(__name__)

PageFn = Callable[[Any], Any]
RECYCLE_AFTER = 200  # pages per worker before the pool is replaced (bounds native leaks)
RECYCLE_WAIT = 300.0  # seconds the old pool may take to finish its pages before the new starts


CONNECT_TIMEOUT = 15  # seconds to reach a Dask scheduler
PARENT_POLL_SECONDS = 1.0  # how often a local worker checks that the batch parent lives


class SchedulerError(DigitizerError):
    """The Dask scheduler given with --scheduler cannot be reached."""

    exit_code = ExitCode.MISSING_DEPENDENCY
    code = "scheduler_unreachable"
    default_remedy = "start it (dask scheduler) and workers (dask worker tcp://HOST:8786)"


class WorkerCrashed(Exception):
    """A worker process died (segfault, OOM kill) or was killed because a page hung."""


@dataclass(frozen=True)
class PageOutcome:
    """What came back from a worker: the page function's result, or why it failed."""

    result: Any = None
    code: str | None = None
    message: str | None = None
    seconds: float = 0.0


# what a worker imports for a page, imported once in the forkserver (a missing optional module
# is skipped there): each worker started from it saves ~0.15 s of CPU on its first page
WORKER_PRELOAD = (
    "digitizer.api", "digitizer.tables", "digitizer.header", "digitizer.signatures",
    "digitizer.digits", "digitizer.cellread", "digitizer.memo", "digitizer.reference",
    "digitizer.linereread", "corrections.gazetteer",
)


def _context() -> multiprocessing.context.BaseContext:
    """Forkserver where available: workers fork from a clean server that imported the pipeline
    once (cheap to start, no inherited threads or locks); spawn elsewhere."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(list(WORKER_PRELOAD))
    return context



def set_worker_environment() -> None:
    """Worker set-up: one OpenMP thread per tesseract (parallelism is by process)."""
    os.environ["OMP_THREAD_LIMIT"] = "1"


def _watch_parent(parent: int, every: float) -> None:
    """Exit this worker soon after the batch parent is gone (killed with SIGKILL, say)."""
    while True:
        time.sleep(every)
        try:
            os.kill(parent, 0)
        except ProcessLookupError:
            os._exit(70)
        except PermissionError:  # the pid now belongs to another user's process
            os._exit(70)


def _init_local_worker(parent: int) -> None:
    """Local pool workers: single-threaded OCR; Ctrl-C is the parent's business only; exit
    when the parent dies (an orphan worker would wait on its queue forever)."""
    set_worker_environment()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_watch_parent, args=(parent, PARENT_POLL_SECONDS), daemon=True,
                     name="digitizer-parent-watch").start()


def run_page(page_fn: PageFn, task: Any) -> PageOutcome:
    """Run one page in a worker; every exception becomes an outcome with a code and message."""
    set_worker_environment()
    started = time.perf_counter()
    try:
        result = page_fn(task)
    except DigitizerError as exc:
        return PageOutcome(code=exc.code, message=exc.reason(),
                           seconds=time.perf_counter() - started)
    except Exception as exc:  # a bug in the page function must not stop the batch
        log.exception("page %s of %s failed", getattr(task, "page_number", "?"),
                      getattr(task, "path", "?"))
        return PageOutcome(code="internal_error", message=f"{type(exc).__name__}: {exc}",
                           seconds=time.perf_counter() - started)
    return PageOutcome(result=result, seconds=time.perf_counter() - started)


def _cached_copy(data: bytes, name: str) -> str:
    """Write shipped file bytes once per worker host; returns the local path."""
    target = Path(tempfile.gettempdir()) / "digitizer-dask" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists() or target.stat().st_size != len(data):
        tmp = target.parent / f".{target.name}.{os.getpid()}.tmp"
        tmp.write_bytes(data)
        os.replace(tmp, target)
    return str(target)


def run_shipped_page(page_fn: PageFn, task: Any, data: bytes, name: str) -> PageOutcome:
    """Run one page on a remote worker from file bytes shipped by the parent."""
    try:
        local = _cached_copy(data, name)
    except OSError as exc:
        return PageOutcome(code="output_error", message=f"worker cannot cache the file: {exc}")
    return run_page(page_fn, dataclasses.replace(task, path=local))


class PageExecutor(Protocol):
    """Runs pages somewhere; the batch keeps at most `capacity` of them in flight."""

    capacity: int

    def submit(self, page_fn: PageFn, task: Any) -> Any:
        """Start one page; returns a future."""

    def wait(self, futures: Iterable[Any], timeout: float) -> set[Any]:
        """The futures among `futures` that finished within `timeout` seconds."""

    def outcome(self, future: Any) -> PageOutcome:
        """The outcome of a finished future; raises WorkerCrashed when its worker died."""

    def kill_workers(self) -> None:
        """Stop every running page now (a page hangs); their futures raise WorkerCrashed."""

    def release(self, path: str) -> None:
        """The parent is done with a file: drop anything cached for it."""

    def close(self, *, cancel: bool = False) -> None:
        """Shut down (cancelling and killing running work when `cancel`)."""


class LocalExecutor:
    """A pool of worker processes on this machine (spawn start method: no inherited state).

    Workers are recycled by starting a fresh pool every `recycle_after` pages per worker (the
    old pool first finishes what it holds and exits, so the batch never holds two pools'
    workers at once): this bounds leaks in native libraries without `max_tasks_per_child`,
    which deadlocks with queued work on Python 3.11 (cpython#115634).
    """

    def __init__(self, jobs: int, *, recycle_after: int = RECYCLE_AFTER) -> None:
        self.jobs = max(1, jobs)
        self.capacity = self.jobs * 2
        self.recycle_after = max(1, recycle_after) * self.jobs
        self.pools_started = 0
        self._pool = self._new_pool()
        self._submitted = 0
        self._pool_of: dict[Future[PageOutcome], ProcessPoolExecutor] = {}

    def _new_pool(self) -> ProcessPoolExecutor:
        self.pools_started += 1
        self._submitted = 0
        return ProcessPoolExecutor(
            max_workers=self.jobs,
            mp_context=_context(),
            initializer=_init_local_worker,
            initargs=(os.getpid(),),
        )

    def submit(self, page_fn: PageFn, task: Any) -> Future[PageOutcome]:
        """Start one page in the pool (a fresh pool after a crash or every recycle_after pages)."""
        if self._submitted >= self.recycle_after:
            # the old pool finishes its queued pages (their results stay in their futures) and
            # exits before the new one starts: never twice the workers in memory at once
            log.debug("recycling the worker processes")
            old = self._pool
            running = [f for f, pool in self._pool_of.items() if pool is old and not f.done()]
            wait(running, timeout=RECYCLE_WAIT)  # bounded: a hung page is the batch's to judge
            old.shutdown(wait=False)
            self._pool = self._new_pool()
        try:
            future = self._pool.submit(run_page, page_fn, task)
        except BrokenProcessPool:
            self.restart()
            future = self._pool.submit(run_page, page_fn, task)
        self._submitted += 1
        self._pool_of[future] = self._pool
        return future

    def wait(self, futures: Iterable[Any], timeout: float) -> set[Any]:
        """The futures that finished within timeout."""
        done, _ = wait(list(futures), timeout=timeout, return_when=FIRST_COMPLETED)
        return set(done)

    def outcome(self, future: Any) -> PageOutcome:
        """The worker's outcome, or WorkerCrashed if the pool broke under it."""
        pool = self._pool_of.pop(future, None)
        try:
            result: PageOutcome = future.result()
        except BrokenProcessPool as exc:
            if pool is self._pool:  # the current pool broke: later pages need a new one
                self.restart()
            raise WorkerCrashed("a worker process died") from exc
        return result

    def restart(self) -> None:
        """Replace a broken pool with a fresh one."""
        log.warning("a worker process died: restarting the pool")
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = self._new_pool()

    def kill_workers(self) -> None:
        """Terminate every worker process (their pools break; `restart` makes a new one)."""
        processes = getattr(self._pool, "_processes", None) or {}  # no public handle exists
        for process in list(processes.values()):
            process.terminate()

    def release(self, path: str) -> None:
        """Nothing is cached locally."""

    def close(self, *, cancel: bool = False) -> None:
        """Shut the pools down; with cancel, drop queued pages and kill running ones."""
        if cancel:
            self.kill_workers()
        self._pool_of.clear()
        self._pool.shutdown(wait=not cancel, cancel_futures=cancel)


class DaskExecutor:
    """Pages on a dask.distributed cluster; files are shipped so workers need no shared disk."""

    def __init__(self, scheduler: str, *, ship_files: bool = True) -> None:
        from distributed import Client  # imported here: only Dask users pay for it

        try:
            self._client = Client(scheduler, set_as_default=False, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError, ValueError) as exc:
            raise SchedulerError(f"cannot reach the Dask scheduler {scheduler}: {exc}",
                                 path=scheduler) from exc
        threads = sum(self._client.nthreads().values())
        if not threads:
            log.warning("no Dask worker is connected yet: pages wait until workers join")
        self.capacity = max(2, 2 * threads)
        self.ship_files = ship_files
        self._shipped: dict[str, Any] = {}
        log.info("Dask cluster %s: %d worker threads", scheduler, threads)

    def submit(self, page_fn: PageFn, task: Any) -> Any:
        """Start one page on the cluster."""
        if not self.ship_files:
            return self._client.submit(run_page, page_fn, task, pure=False)
        shipped = self._shipped.get(task.path)
        if shipped is None:
            data = Path(task.path).read_bytes()
            digest = hashlib.sha256(data).hexdigest()[:24]
            name = f"{digest}/{Path(task.path).name}"  # same file name as on the parent
            shipped = (self._client.scatter(data, hash=False), name)
            self._shipped[task.path] = shipped
        return self._client.submit(run_shipped_page, page_fn, task, shipped[0], shipped[1],
                                   pure=False)

    def wait(self, futures: Iterable[Any], timeout: float) -> set[Any]:
        """The futures that finished within timeout (polled: the in-flight set is small)."""
        pending = list(futures)
        deadline = time.monotonic() + timeout
        while True:
            done = {f for f in pending if f.done()}
            if done or time.monotonic() >= deadline:
                return done
            time.sleep(0.02)

    def outcome(self, future: Any) -> PageOutcome:
        """The worker's outcome; a task that killed its workers raises WorkerCrashed."""
        try:
            result: PageOutcome = future.result()
        except Exception as exc:  # KilledWorker, CommClosedError, CancelledError...
            raise WorkerCrashed(f"{type(exc).__name__}: {exc}") from exc
        return result

    def kill_workers(self) -> None:
        """Not done on a shared cluster: the scheduler retries and reports KilledWorker."""

    def release(self, path: str) -> None:
        """Forget the shipped bytes of a finished file so the cluster can free them."""
        self._shipped.pop(path, None)

    def close(self, *, cancel: bool = False) -> None:
        """Disconnect from the cluster (the cluster itself keeps running)."""
        self._shipped.clear()
        self._client.close()
