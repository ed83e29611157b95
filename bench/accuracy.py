"""Character error rate of the pipeline against truth: bench/accuracy.py DIR [--no-baseline].

DIR holds scans/ and truth/<stem>.json (the devset layout). For each document it prints the
whitespace-free CER of text_raw (OCR as read) and text (after corrections), the bare
`tesseract IMG - -l tha+eng --psm 3` baseline on the same page images, and the median and p95
over pages.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path
from typing import Any

from PIL import Image
from rapidfuzz.distance import Levenshtein

from digitizer import sources
from digitizer.api import digitize_file
from digitizer.export import write_record
from digitizer.options import Options

log = logging.getLogger(__name__)

WHITESPACE = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")
SCAN_SUFFIXES = {".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff"}


def squash(text: str) -> str:
    """NFC with every kind of whitespace removed (spacing is not scored)."""
    return WHITESPACE.sub("", unicodedata.normalize("NFC", text))


def page_errors(ocr: dict[int, str], truth: dict[str, Any]) -> list[tuple[int, int, int]]:
    """(page, edit distance, truth length) of each truth page; a missing page costs it all."""
    rows = []
    for page in truth["pages"]:
        ref = squash(page["text"])
        rows.append(
            (
                page["number"],
                Levenshtein.distance(squash(ocr.get(page["number"], "")), ref),
                len(ref),
            )
        )
    return rows


def cer(rows: list[tuple[int, int, int]]) -> float:
    """Summed distance over summed truth length."""
    total = sum(r[2] for r in rows)
    return sum(r[1] for r in rows) / total if total else 0.0


def baseline_pages(scan: Path, page_count: int, fmt: str) -> dict[int, str]:
    """Bare tesseract (psm 3, tha+eng, no preprocessing) on each page image."""
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    texts: dict[int, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for number in range(1, page_count + 1):
            gray, dpi = sources.load_page(
                str(scan), fmt, number, dpi=300, max_pixels=10**9, timeout=300
            )
            image = Path(tmp) / f"p{number}.png"
            # the page as stored, with its resolution (without it tesseract assumes 70 dpi)
            Image.fromarray(gray).save(image, dpi=(dpi, dpi))
            run = subprocess.run(
                ["tesseract", str(image), "-", "-l", "tha+eng", "--psm", "3"],
                capture_output=True,
                env=env,
                check=False,
            )
            texts[number] = run.stdout.decode("utf-8", "replace")
    return texts


def _pct(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def main(argv: list[str] | None = None) -> int:
    """Run the pipeline over DIR/scans and print CER figures against DIR/truth."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--no-baseline", action="store_true", help="skip bare tesseract")
    parser.add_argument("--no-correct", action="store_true", help="skip text corrections")
    parser.add_argument("--binarize", action="store_true")
    parser.add_argument("--no-deskew", action="store_true")
    parser.add_argument("--psm", type=int, default=3)
    parser.add_argument("--save", type=Path, help="also write each record to this folder")
    parser.add_argument("--fast", action="store_true", help="the pipeline in fast mode")
    args = parser.parse_args(argv)
    options = Options(
        fast=args.fast,
        psm=args.psm,
        correct=not args.no_correct,
        binarize=args.binarize,
        deskew=not args.no_deskew,
    )
    scans = sorted(
        p for p in (args.folder / "scans").iterdir() if p.suffix.lower() in SCAN_SUFFIXES
    )
    all_raw: list[tuple[int, int, int]] = []
    all_text: list[tuple[int, int, int]] = []
    all_base: list[tuple[int, int, int]] = []
    header = f"{'document':<34} {'pages':>5} {'raw':>7} {'text':>7} {'bare':>7} {'sec':>6}"
    print(header)
    for scan in scans:
        truth_path = args.folder / "truth" / f"{scan.stem}.json"
        if not truth_path.exists():
            continue
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        started = time.perf_counter()
        document = digitize_file(scan, options)
        seconds = time.perf_counter() - started
        if args.save:
            write_record(document, args.save / f"{scan.stem}.json")
        raw = page_errors({p.number: p.text_raw for p in document.pages}, truth)
        text = page_errors({p.number: p.text for p in document.pages}, truth)
        all_raw += raw
        all_text += text
        bare = "-"
        if not args.no_baseline:
            base = page_errors(
                baseline_pages(scan, document.source.page_count, document.source.format), truth
            )
            all_base += base
            bare = f"{cer(base):.3f}"
        print(
            f"{scan.stem:<34} {len(truth['pages']):>5} {cer(raw):>7.3f} {cer(text):>7.3f}"
            f" {bare:>7} {seconds:>6.1f}"
        )
        per_page = ", ".join(f"{d / n:.3f}" for _, d, n in raw if n)
        print(f"{'':<34} raw per page: {per_page}")
    print(
        f"{'all pages':<34} {len(all_raw):>5} {cer(all_raw):>7.3f} {cer(all_text):>7.3f}"
        f" {(f'{cer(all_base):.3f}' if all_base else '-'):>7}"
    )
    for name, rows in (("raw", all_raw), ("text", all_text), ("bare", all_base)):
        values = [d / n for _, d, n in rows if n]
        if values:
            print(
                f"{name:<5} page CER median {statistics.median(values):.3f}"
                f"  p95 {_pct(values, 0.95):.3f}"
            )
    return 0


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING)
    sys.exit(main())
