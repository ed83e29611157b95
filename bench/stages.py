"""Where a page's CPU time goes: bench/stages.py SCAN... (each stage of process_page timed).

Runs the real pipeline (api.process_page on every page, then api.finish_document) in this
process with OMP_THREAD_LIMIT=1 and times each stage by wrapping it: CPU seconds of this process
plus its finished Tesseract children, per page and as a share of the total. Unlike
`bench/throughput.py --profile`, it times what the pipeline actually runs (e.g. Tesseract OSD
only when the page OCR does not look upright). The last rows are what `digitize batch` also pays
in its parent process per file: inspecting it, and validating the record against the schema.
"""

from __future__ import annotations

import argparse
import collections
import logging
import os
import resource
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ["OMP_THREAD_LIMIT"] = "1"

from digitizer import (
    api,
    digits,
    export,
    finish,
    imaging,
    linereread,
    signatures,
    sources,
    structure,
    tables,
)
from digitizer.options import Options

STAGES = [
    (imaging, "remove_streaks", "streaks"),
    (imaging, "detect_orientation", "orientation (OSD)"),
    (imaging, "deskew", "deskew"),
    (api, "ocr_page", "page OCR + lines"),
    (digits, "reread_page", "thai digits (page + header)"),
    (tables, "detect_page_tables", "tables total"),
    (tables, "_header_bands", "  header band re-reads"),
    (tables, "_signature_band", "  signature band re-read"),
    (tables, "_reocr", "  cell re-OCRs"),
    (signatures, "page_read_doubtful", "  signature band check"),
    (linereread, "reread_lines", "doubtful line re-reads"),
]
# what the batch parent does per file besides finish_document (it runs these too)
PARENT = [
    (sources, "describe", "inspect (format, pages, sha256)"),
    (finish, "text_corrections", "  corrections"),
    (structure, "extract", "  structure (memo, tables)"),
    (export, "validate_record", "record schema validation"),
]


def cpu() -> float:
    """CPU seconds of this process and its waited-for children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def timed(totals: collections.Counter[str], label: str, call: Callable[..., Any]) -> Callable:
    """The call, adding its CPU time to totals[label]."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = cpu()
        try:
            return call(*args, **kwargs)
        finally:
            totals[label] += cpu() - started

    return wrapper


def main() -> None:
    """Time every stage over the given scans and print CPU seconds per page."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("scans", type=Path, nargs="+")
    parser.add_argument("--fast", action="store_true", help="the pipeline in fast mode")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    totals: collections.Counter[str] = collections.Counter()
    for module, name, label in STAGES + PARENT:
        setattr(module, name, timed(totals, label, getattr(module, name)))
    options = Options(fast=args.fast)
    pages = 0
    total = 0.0
    for scan in args.scans:
        started = cpu()
        source = api.inspect_source(scan, options)
        results = [api.process_page(task) for task in api.page_tasks(scan, options, source)]
        middle = cpu()
        document = api.finish_document(source, results, options)
        totals["finish (corrections, structure)"] += cpu() - middle
        export.record_json(document)
        total += cpu() - started
        pages += len(results)
    print(f"{pages} pages, {total / max(pages, 1):.2f} CPU s/page (this process + tesseract)")
    labels = [label for *_, label in STAGES] + ["finish (corrections, structure)"]
    labels += [label for *_, label in PARENT]
    for label in labels:
        print(f"  {label:34} {totals[label] / max(pages, 1):5.2f}  {totals[label] / total:6.1%}")


if __name__ == "__main__":
    main()
