"""Memory of a batch on a huge document without hours of OCR: one real page result replayed.

    .venv/bin/python bench/replay_memory.py prepare PAGE.png RESULT.pkl
    .venv/bin/python bench/replay_memory.py run ARCHIVE OUT --jobs 2

`prepare` runs the real page pipeline once (OCR, digits, tables) and pickles its PageResult.
`run` batches ARCHIVE, whose files are text stubs `REPLAY pages=N result=RESULT.pkl`: every
page task goes through the real worker pool and returns that real result (renumbered), and
the parent assembles the document with the real `finish_document` (corrections, structure),
so everything the parent holds for a 500-page PDF is there; only Tesseract's time is skipped.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import pickle
import sys
from functools import cache
from pathlib import Path
from typing import Any

from digitizer import api
from digitizer.batch import BatchConfig, Pipeline, run_batch
from digitizer.model import ErrorEntry, Source
from digitizer.options import Options


def _fields(path: str) -> dict[str, str]:
    words = Path(path).read_text().split()
    return dict(word.split("=", 1) for word in words[1:] if "=" in word)


def replay_inspect(path: str, options: Options) -> Source:
    """A Source for the stub: its page count is the replay length."""
    data = Path(path).read_bytes()
    return Source(path=path, sha256=hashlib.sha256(data).hexdigest(), format="pdf",
                  page_count=int(_fields(path)["pages"]), size_bytes=len(data))


def replay_tasks(path: str, options: Options, source: Source) -> list[api.PageTask]:
    """One task per page, as the real pipeline makes them."""
    return api.page_tasks(path, options, source)


@cache
def _result(pickle_path: str) -> api.PageResult:
    with open(pickle_path, "rb") as handle:
        result: api.PageResult = pickle.load(handle)
    return result


def replay_page(task: api.PageTask) -> api.PageResult:
    """The prepared real page result, renumbered as this task's page."""
    result = _result(_fields(task.path)["result"])
    page = result.page.model_copy(deep=True, update={"number": task.page_number}) \
        if result.page is not None else None
    digits = [c.model_copy(update={"page": task.page_number}) for c in result.digit_corrections]
    tables = [dataclasses.replace(t, page=task.page_number) for t in result.tables]
    return dataclasses.replace(result, number=task.page_number, page=page,
                               digit_corrections=digits, tables=tables)


def _failed(task: Any, error: ErrorEntry) -> api.PageResult:
    return api.PageResult(number=task.page_number, page=None, error=error)


REPLAY = Pipeline(inspect=replay_inspect, tasks=replay_tasks, page=replay_page,
                  finish=api.finish_document, failed_page=_failed)


def prepare(image: Path, target: Path) -> None:
    """Run the real page pipeline on one image and pickle its result."""
    options = Options()
    source = api.inspect_source(image, options)
    result = api.process_page(api.page_tasks(image, options, source)[0])
    target.write_bytes(pickle.dumps(result))
    print(f"prepared {target}: {len(pickle.dumps(result)) / 1024:.0f} KiB pickled, "
          f"{len(result.page.lines) if result.page else 0} lines, {len(result.tables)} tables")


def main() -> None:
    """prepare | run."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    prep = sub.add_parser("prepare")
    prep.add_argument("image", type=Path)
    prep.add_argument("result", type=Path)
    run = sub.add_parser("run")
    run.add_argument("archive", type=Path)
    run.add_argument("out", type=Path)
    run.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    if args.command == "prepare":
        prepare(args.image, args.result)
        return
    summary = run_batch(args.archive, args.out, Options(), BatchConfig(jobs=args.jobs, force=True),
                        pipeline=REPLAY)
    print(f"{summary.pages_processed} pages replayed; statuses "
          f"{[e.status for e in summary.entries]}", file=sys.stderr)


if __name__ == "__main__":
    main()
