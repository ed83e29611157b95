"""A fake, fast, deterministic pipeline for batch tests (no tests here: helpers only).

A fake scan is a file with a scan extension whose text is `FAKE key=value ...`:
pages=N, sleep=SECONDS per page, crash=P,Q (the worker process dies on those pages),
hang=P (the page never ends), fail=P (the page returns an error), encrypted=1.
Page functions are module level so spawned workers and Dask workers can unpickle them.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from digitizer import __version__
from digitizer.api import PageResult, PageTask
from digitizer.batch import BatchConfig, Pipeline, run_batch
from digitizer.errors import BadInputError, EncryptedInputError
from digitizer.model import Correction, Document, ErrorEntry, Line, Page, Processing, Source
from digitizer.options import Options

FORMATS = {".pdf": "pdf", ".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg", ".tif": "tiff",
           ".tiff": "tiff"}


def spec(text: str) -> dict[str, str]:
    """The key=value words of a fake scan."""
    return dict(word.split("=", 1) for word in text.split()[1:] if "=" in word)


def _pages(value: str | None) -> set[int]:
    return {int(v) for v in value.split(",")} if value else set()


def fake_inspect(path: str, options: Options) -> Source:
    """Like api.inspect_source: typed errors for empty, non-scan and encrypted files."""
    import hashlib

    data = Path(path).read_bytes()
    if not data:
        raise BadInputError("the file is empty", path=path)
    if not data.startswith(b"FAKE"):
        raise BadInputError("not a PDF, PNG, JPEG or TIFF file", path=path)
    fields = spec(data.decode())
    if fields.get("encrypted"):
        raise EncryptedInputError("the PDF is password-protected", path=path)
    return Source(path=path, sha256=hashlib.sha256(data).hexdigest(),
                  format=FORMATS[Path(path).suffix.lower()],  # type: ignore[arg-type]
                  page_count=int(fields.get("pages", "1")), size_bytes=len(data))


def fake_tasks(path: str, options: Options, source: Source) -> list[PageTask]:
    """One task per page."""
    return [PageTask(path=path, page_number=n, options=options, source_format=source.format)
            for n in range(1, source.page_count + 1)]


def fake_page(task: PageTask) -> PageResult:
    """A deterministic page; sleeps, crashes, hangs or fails as the file says."""
    fields = spec(Path(task.path).read_text())
    number = task.page_number
    time.sleep(float(fields.get("sleep", "0")))
    if number in _pages(fields.get("crash")):
        os._exit(3)
    if number in _pages(fields.get("hang")):
        time.sleep(3600)
    if number in _pages(fields.get("fail")):
        return PageResult(number=number, page=None,
                          error=ErrorEntry(page=number, code="ocr_failed", message="fake failure"))
    name = Path(task.path).name
    lines = [f"หน้า {number} ของ {name}", f"เทศบาน ตำบล {number}"]
    text = "\n".join(lines)
    page = Page(number=number, width=100, height=100, dpi=300, text_raw=text, text=text,
                lines=[Line(text_raw=t, text=t, bbox=[0, 10 * i, 90, 10 * i + 9], confidence=90)
                       for i, t in enumerate(lines)])
    return PageResult(number=number, page=page, error=None, seconds=0.01)


def fake_finish(source: Source, results: list[PageResult], options: Options) -> Document:
    """A deterministic document: one applied correction per good page."""
    pages = [r.page for r in results if r.page is not None]
    errors = [r.error for r in results if r.error is not None]
    corrections = []
    for page in pages:
        start = page.text_raw.index("เทศบาน")
        corrections.append(Correction(
            id=f"c{len(corrections) + 1}", page=page.number, start=start, end=start + 6,
            original="เทศบาน", suggestion="เทศบาล", confidence=0.95, rule="lexicon",
            status="applied"))
    status = "ok" if not errors else ("partial" if pages else "failed")
    return Document(source=source, status=status, errors=errors, pages=pages,
                    corrections=corrections,
                    processing=Processing(digitizer_version=__version__,
                                          options_fingerprint=options.fingerprint()))


def failed_page(task: PageTask, error: ErrorEntry) -> PageResult:
    """The result of a page that never came back."""
    return PageResult(number=task.page_number, page=None, error=error)


FAKE_PIPELINE = Pipeline(inspect=fake_inspect, tasks=fake_tasks, page=fake_page,
                         finish=fake_finish, failed_page=failed_page)


def write_fake(path: Path, **fields: object) -> Path:
    """Create a fake scan."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("FAKE " + " ".join(f"{k}={v}" for k, v in fields.items()) + "\n")
    return path


def main() -> None:
    """Run a fake batch (used by the kill test as a subprocess)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("archive", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    try:
        summary = run_batch(args.archive, args.out, Options(), BatchConfig(jobs=args.jobs),
                            pipeline=FAKE_PIPELINE)
    except KeyboardInterrupt:
        raise SystemExit(130) from None
    raise SystemExit(0 if summary.ok else 1)


if __name__ == "__main__":
    main()
