"""Throughput of `digitize batch` against bare Tesseract on the same page images.

    .venv/bin/python bench/throughput.py                      # 40 pages of samples/scans, 2 workers
    .venv/bin/python bench/throughput.py --speedup            # also 1 worker: the 1->2 speedup
    .venv/bin/python bench/throughput.py --pdf-pages 500      # peak memory on a 500-page PDF

(a) bare `tesseract IMG - -l tha+eng` per page, N at a time (a pool of N subprocesses), and
(b) `digitize batch` on the same PNG pages with --jobs N, in each mode (--modes: the default
pipeline with every re-read, and `--fast`, one read per page); prints pages/min of each, their
ratio, the batch's peak memory (RSS summed over its process tree, sampled every 0.1 s) and, with
--speedup, the 1 -> 2 worker speedup. Targets: ratio >= 0.90, speedup >= 1.8x, < 1.5 GB.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import psutil
from PIL import Image, ImageSequence

ROOT = Path(__file__).resolve().parent.parent
DIGITIZE = Path(sys.executable).with_name("digitize")
ENV = dict(os.environ, OMP_THREAD_LIMIT="1")
T = TypeVar("T")
MODE_ARGS = {"default": [], "fast": ["--fast"]}  # `digitize batch` arguments of each mode


@dataclass
class Timing:
    """One timed run."""

    label: str
    pages: int
    seconds: float
    cpu_seconds: float = 0.0
    peak_bytes: int = 0
    parent_peak_bytes: int = 0

    @property
    def per_minute(self) -> float:
        """Pages per minute."""
        return self.pages / self.seconds * 60 if self.seconds else 0.0

    @property
    def cpu_per_page(self) -> float:
        """CPU seconds (user + system, whole process tree) per page."""
        return self.cpu_seconds / self.pages if self.pages else 0.0


def _become_subreaper() -> bool:
    """Linux: adopt orphaned descendants (the forkserver and its workers outlive `digitize`'s
    wait), so their CPU time is counted when this process reaps them."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return bool(libc.prctl(36, 1, 0, 0, 0) == 0)  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        return False


def _reap_orphans(timeout: float = 30.0) -> None:
    """Wait for adopted descendants to exit (they do once the batch parent is gone)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            time.sleep(0.05)


def _children_cpu() -> float:
    """CPU seconds used so far by waited-for child processes (and theirs)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def page_images(inputs: Path, folder: Path, pages: int | None, dpi: int) -> list[Path]:
    """Every page of the scans in `inputs` as a PNG (PDFs rasterised at dpi), cycled to `pages`."""
    folder.mkdir(parents=True, exist_ok=True)
    made: list[Path] = []
    for scan in sorted(p for p in inputs.iterdir() if p.is_file()):
        suffix = scan.suffix.lower()
        if suffix == ".pdf":
            prefix = folder / scan.stem
            subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(scan), str(prefix)],
                           check=True)
            made.extend(sorted(folder.glob(f"{scan.stem}-*.png")))
        elif suffix in (".png", ".jpg", ".jpeg", ".tif", ".tiff"):
            with Image.open(scan) as image:
                for number, frame in enumerate(ImageSequence.Iterator(image), 1):
                    target = folder / f"{scan.stem}-{number}.png"
                    frame.convert("L").save(target, dpi=(dpi, dpi))
                    made.append(target)
    if not made:
        raise SystemExit(f"no scans in {inputs}")
    if pages is not None:
        base = list(made)
        while len(made) < pages:
            source = base[len(made) % len(base)]
            copy = folder / f"copy{len(made):04d}-{source.name}"
            shutil.copyfile(source, copy)
            made.append(copy)
        for extra in made[pages:]:
            extra.unlink()
        made = made[:pages]
    return made


def bare_tesseract(images: list[Path], jobs: int) -> Timing:
    """(a) one `tesseract IMG - -l tha+eng` per page, `jobs` at a time."""
    def one(image: Path) -> None:
        subprocess.run(["tesseract", str(image), "-", "-l", "tha+eng"], env=ENV, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    cpu = _children_cpu()
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(one, images))
    return Timing(f"bare tesseract, {jobs} at a time", len(images),
                  time.perf_counter() - started, _children_cpu() - cpu)


def _tree_rss(process: psutil.Process) -> int:
    total = 0
    try:
        members = [process, *process.children(recursive=True)]
    except psutil.Error:
        return 0
    for member in members:
        with contextlib.suppress(psutil.Error):
            total += member.memory_info().rss
    return total


def digitize_batch(folder: Path, out: Path, jobs: int, pages: int, extra: list[str]) -> Timing:
    """(b) `digitize batch folder --out out --jobs N --force -q`, with its peak tree memory."""
    command = [str(DIGITIZE), "batch", str(folder), "--out", str(out), "--jobs", str(jobs),
               "--force", "-q", *extra]
    return measure(command, " ".join(["digitize batch --jobs", str(jobs), *extra]), pages)


def measure(command: list[str], label: str, pages: int) -> Timing:
    """Run a command; its wall time, CPU time and peak memory (RSS summed over its tree)."""
    peak = 0
    cpu = _children_cpu()
    started = time.perf_counter()
    process = subprocess.Popen(command, env=ENV)
    watched = psutil.Process(process.pid)
    stop = threading.Event()

    parent_peak = 0

    def sample() -> None:
        nonlocal peak, parent_peak
        while not stop.is_set():
            peak = max(peak, _tree_rss(watched))
            with contextlib.suppress(psutil.Error):
                parent_peak = max(parent_peak, watched.memory_info().rss)
            stop.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    code = process.wait()
    seconds = time.perf_counter() - started
    stop.set()
    sampler.join()
    _reap_orphans()
    if code not in (0, 1):
        raise SystemExit(f"{command[0]} failed with exit code {code}")
    return Timing(label, pages, seconds, _children_cpu() - cpu, peak, parent_peak)


def replay(image: Path, pages: int, jobs: int, work: Path) -> Timing:
    """A `pages`-page document through the real pool and finish_document, one real page result
    replayed for every page (bench/replay_memory.py): the memory figure without hours of OCR."""
    script = Path(__file__).with_name("replay_memory.py")
    result = work / "replay" / "page.pkl"
    result.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, str(script), "prepare", str(image), str(result)], env=ENV,
                   check=True)
    archive = work / "replay" / "archive"
    archive.mkdir()
    (archive / "huge.pdf").write_text(f"REPLAY pages={pages} result={result}\n")
    command = [sys.executable, str(script), "run", str(archive), str(work / "replay" / "out"),
               "--jobs", str(jobs)]
    return measure(command, f"replayed {pages}-page PDF, {jobs} jobs", pages)


def big_pdf(image: Path, pages: int, target: Path) -> Path:
    """One page image repeated into a `pages`-page PDF (JPEG-compressed, ~300 dpi)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with Image.open(image) as opened:
        page = opened.convert("L")
        page.load()
    page.save(target, save_all=True, append_images=[page] * (pages - 1), resolution=300.0,
              quality=60)
    return target


def stage_profile(image: Path) -> None:
    """Where one page's time goes: each pipeline stage timed in this process (CPU-bound)."""
    os.environ["OMP_THREAD_LIMIT"] = "1"
    from digitizer import api, digits, imaging, sources, tables
    from digitizer.options import Options

    options = Options()
    stages: list[tuple[str, float]] = []

    def timed(name: str, call: Callable[[], T]) -> T:
        started = time.process_time() + _children_cpu()
        value = call()
        stages.append((name, time.process_time() + _children_cpu() - started))
        return value

    source = timed("inspect", lambda: api.inspect_source(image, options))
    gray, dpi = timed("load", lambda: sources.load_page(
        str(image), source.format, 1, dpi=options.dpi, max_pixels=options.max_pixels,
        timeout=options.page_timeout))
    timed("orientation (OSD)", lambda: imaging.detect_orientation(
        gray, dpi=dpi, timeout=options.page_timeout))
    gray, _ = timed("deskew", lambda: imaging.deskew(gray))
    page = timed("tesseract OCR + lines", lambda: api.ocr_page(gray, 1, dpi, options))
    timed("thai digits", lambda: digits.reread_page(gray, page))
    timed("tables", lambda: tables.detect_page_tables(gray, page, options=options))
    result = api.PageResult(number=1, page=page, error=None)
    timed("finish (corrections, structure)", lambda: api.finish_document(source, [result],
                                                                         options))
    total = sum(seconds for _, seconds in stages)
    print(f"stage profile of {image.name} (CPU seconds, this process + tesseract):")
    for name, seconds in stages:
        print(f"  {name:34} {seconds:6.2f}  {seconds / total:6.1%}")
    print(f"  {'total':34} {total:6.2f}", flush=True)


def show(timing: Timing) -> None:
    """One result line."""
    memory = ""
    if timing.peak_bytes:
        memory = (f", peak memory {timing.peak_bytes / 2**20:,.0f} MiB"
                  f" (parent {timing.parent_peak_bytes / 2**20:,.0f} MiB)")
    print(f"{timing.label:32} {timing.pages:4d} pages in {timing.seconds:7.1f}s = "
          f"{timing.per_minute:6.1f} pages/min, {timing.cpu_per_page:5.2f} CPU s/page{memory}",
          flush=True)


def main() -> None:
    """Parse arguments, run the measurements, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", type=Path, default=ROOT / "samples" / "scans")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--pages", type=int, default=40,
                        help="use this many page images, cycling the inputs (default 40: a "
                        "steady state, where the batch's start-up, ~3 CPU s, is not most of "
                        "the run; 0: each input page once)")
    parser.add_argument("--dpi", type=int, default=300)
    parser.add_argument("--speedup", action="store_true", help="also run with 1 worker")
    parser.add_argument("--pdf-pages", type=int, default=0,
                        help="also batch one PDF of this many pages (memory figure)")
    parser.add_argument("--replay-pages", type=int, default=0,
                        help="memory of an N-page document, one real page result replayed")
    parser.add_argument("--batch-args", default="", help="extra `digitize batch` arguments")
    parser.add_argument("--modes", default="default,fast",
                        help="pipeline modes to time, comma-separated: default (every re-read) "
                        "and fast (`--fast`: one read per page)")
    parser.add_argument("--profile", action="store_true",
                        help="also time each pipeline stage on the first page")
    parser.add_argument("--no-throughput", action="store_true",
                        help="skip (a)/(b), e.g. to measure only --pdf-pages/--replay-pages")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args()
    extra = args.batch_args.split()

    if not _become_subreaper():
        print("note: CPU figures of the batch may miss its worker processes", flush=True)
    work = Path(tempfile.mkdtemp(prefix="digitizer-bench-"))
    try:
        images = page_images(args.inputs, work / "pages", args.pages or None, args.dpi)
        print(f"{len(images)} page images from {args.inputs}; {os.cpu_count()} CPUs", flush=True)
        if args.profile:
            stage_profile(images[0])
        modes = [mode for mode in args.modes.split(",") if mode]
        results: dict[tuple[int, str], tuple[Timing, Timing]] = {}
        rounds = [1, args.jobs] if args.speedup and args.jobs != 1 else [args.jobs]
        for jobs in [] if args.no_throughput else rounds:
            bare = bare_tesseract(images, jobs)
            show(bare)
            for mode in modes:
                out = work / f"out{jobs}-{mode}"
                batch = digitize_batch(work / "pages", out, jobs, len(images),
                                       extra + MODE_ARGS[mode])
                show(batch)
                print(f"  batch / bare throughput ({mode}): "
                      f"{batch.per_minute / bare.per_minute:.2f} wall, "
                      f"{bare.cpu_per_page / batch.cpu_per_page:.2f} by CPU time (target >= 0.90)",
                      flush=True)
                results[jobs, mode] = (bare, batch)
        for mode in modes:
            if (1, mode) in results and (args.jobs, mode) in results and args.jobs != 1:
                bare_up = results[args.jobs, mode][0].per_minute / results[1, mode][0].per_minute
                batch_up = results[args.jobs, mode][1].per_minute / results[1, mode][1].per_minute
                print(f"speedup 1 -> {args.jobs} workers ({mode}): batch {batch_up:.2f}x "
                      f"(target >= 1.8x), bare tesseract {bare_up:.2f}x", flush=True)
        if args.pdf_pages:
            pdf = big_pdf(images[0], args.pdf_pages, work / "big" / "big.pdf")
            print(f"{pdf.name}: {args.pdf_pages} pages, {pdf.stat().st_size / 2**20:.1f} MiB",
                  flush=True)
            timing = digitize_batch(pdf.parent, work / "outbig", args.jobs, args.pdf_pages, extra)
            show(timing)
            print(f"  peak memory {timing.peak_bytes / 2**30:.2f} GiB (target < 1.5 GB)")
        if args.replay_pages:
            timing = replay(images[0], args.replay_pages, args.jobs, work)
            show(timing)
            print(f"  peak memory {timing.peak_bytes / 2**30:.2f} GiB (target < 1.5 GB)")
    finally:
        if args.keep:
            print(f"work folder kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
