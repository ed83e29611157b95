"""Benchmark of the Thai digit recogniser: per-glyph accuracy and the time it adds per page.

    OMP_THREAD_LIMIT=1 .venv/bin/python bench/digits.py [--strings 400] [--devset DIR]

1. Rendered and degraded strings NOT used in training (another seed, so other strings, sizes and
   damage): accuracy per digit glyph per font family (TH Sarabun family, Laksaman, the held-out
   family never seen in training, the other training families), per class, and how often a
   non-digit glyph (look-alike letters, punctuation) is wrongly read as a digit.
2. The devset scans (if present): the digits of each page's OCR text before and after the
   re-reading, aligned with the truth digits (edit distance over the page's digit stream), and
   the seconds the recogniser adds per page next to Tesseract's.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from digitizer import digit_render as render
from digitizer.digits import decide, load_model
from digitizer.glyphs import OTHER, THAI_DIGITS, crop_features

BENCH_SEED = 99_001  # training uses 20260129 and 20260130
DIGIT_RE = re.compile(r"[0-9๐-๙]")
NUMBER_RE = re.compile(r"[0-9๐-๙](?:[0-9๐-๙,./]*[0-9๐-๙])?")


def rendered(strings: int) -> None:
    """Print per-family, per-class accuracy on fresh rendered strings."""
    model = load_model()
    groups = {"TH Sarabun family": ["sarabun"], "Laksaman": ["laksaman"]}
    groups.update({f"held out: {f}": [f] for f in render.HELD_OUT})
    groups["other training families"] = [
        f for f in render.FAMILIES if f not in ("sarabun", "laksaman", *render.HELD_OUT)]
    per_class: dict[str, dict[str, list[int]]] = {}
    print("== rendered + degraded strings not used in training ==")
    print(f"{'fonts':28} {'digit glyphs':>12} {'accuracy':>9} {'non-digits':>10} "
          f"{'read as digit':>13}")
    for name, families in groups.items():
        rng = np.random.default_rng(BENCH_SEED + len(name))
        counts = per_class.setdefault(name, defaultdict(lambda: [0, 0]))
        ok = total = other_total = other_wrong = 0
        for i in range(strings):
            files = render.available(families[i % len(families)])
            sample, degraded = render.random_render(rng, files)
            found = render.labelled_glyphs(sample, degraded, rng, whole=True)
            if not found:
                continue
            probs = model.predict_proba(crop_features([g for g, _, _ in found]))
            for (_, label, _), p in zip(found, probs, strict=True):
                guess = decide(p, None)[0]
                if label == OTHER:
                    other_total += 1
                    other_wrong += guess != OTHER
                    continue
                total += 1
                ok += guess == label
                counts[label][0] += guess == label
                counts[label][1] += 1
        print(f"{name:28} {total:12d} {ok / max(total, 1):9.4f} {other_total:10d} "
              f"{other_wrong / max(other_total, 1):13.4f}")
    print("\nper Thai digit class (accuracy, glyphs):")
    print(f"{'fonts':28} " + " ".join(f"{d:>6}" for d in THAI_DIGITS))
    for name, counts in per_class.items():
        cells = [f"{counts[d][0] / max(counts[d][1], 1):6.3f}" for d in THAI_DIGITS]
        print(f"{name:28} " + " ".join(cells))
    print("\nper Arabic digit class over all fonts:")
    for d in "0123456789":
        ok = sum(c[d][0] for c in per_class.values())
        n = sum(c[d][1] for c in per_class.values())
        print(f"  {d}: {ok / max(n, 1):.4f} ({n})", end="")
    print()


def _levenshtein(a: str, b: str) -> int:
    """Edit distance (rapidfuzz)."""
    from rapidfuzz.distance import Levenshtein

    return int(Levenshtein.distance(a, b))


def _numbers_found(text: str, truth: str) -> int:
    """How many of the truth's numbers (digit runs with , . /) occur as numbers in `text`."""
    return sum((Counter(NUMBER_RE.findall(text)) & Counter(NUMBER_RE.findall(truth))).values())


def devset(root: Path) -> None:
    """Print digit accuracy before/after re-reading on the devset and the time it adds."""
    from digitizer import api, sources
    from digitizer.digits import reread_page
    from digitizer.model import apply_corrections
    from digitizer.options import Options

    options = Options()
    print(f"\n== devset digits ({root}) ==")
    print(f"{'page':34} {'truth':>6} {'raw err':>8} {'reread err':>10} {'flagged':>8} "
          f"{'ocr s':>6} {'digits ms':>9}")
    totals = np.zeros(3)
    numbers = np.zeros(3)
    ocr_time = digit_time = 0.0
    pages = 0
    for truth_path in sorted((root / "truth").glob("*.json")):
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        scan = root / "scans" / truth["file"]
        fmt = sources.describe(scan, max_pages=100).format
        for entry in truth["pages"]:
            gray, dpi = sources.load_page(str(scan), fmt, entry["number"], dpi=options.dpi,
                                          max_pixels=options.max_pixels, timeout=120)
            gray, _, _ = api.preprocess(gray, dpi, options)
            started = time.perf_counter()
            page = api.ocr_page(gray, entry["number"], dpi, options)
            ocr = time.perf_counter() - started
            started = time.perf_counter()
            corrections = reread_page(gray, page)
            spent = time.perf_counter() - started
            fixed = apply_corrections(page.text_raw, corrections)
            want = "".join(DIGIT_RE.findall(entry["text"]))
            raw = _levenshtein("".join(DIGIT_RE.findall(page.text_raw)), want)
            new = _levenshtein("".join(DIGIT_RE.findall(fixed)), want)
            flagged = sum(c.status == "flagged" for c in corrections)
            totals += (len(want), raw, new)
            numbers += (len(NUMBER_RE.findall(entry["text"])),
                        _numbers_found(page.text_raw, entry["text"]),
                        _numbers_found(fixed, entry["text"]))
            ocr_time += ocr
            digit_time += spent
            pages += 1
            print(f"{truth['id'] + ' p' + str(entry['number']):34} {len(want):6d} {raw:8d} "
                  f"{new:10d} {flagged:8d} {ocr:6.2f} {spent * 1000:9.1f}")
    if pages:
        print(f"{'all pages':34} {int(totals[0]):6d} {int(totals[1]):8d} {int(totals[2]):10d}")
        print(f"digit accuracy (1 - edit distance / truth digits): raw Tesseract "
              f"{1 - totals[1] / totals[0]:.4f}, after re-reading {1 - totals[2] / totals[0]:.4f}")
        print(f"numbers printed on the pages read exactly: raw Tesseract {int(numbers[1])}/"
              f"{int(numbers[0])}, after re-reading {int(numbers[2])}/{int(numbers[0])} (the rest "
              "are missing from Tesseract's text altogether or run into letters)")
        print(f"time per page: tesseract {ocr_time / pages:.2f} s, digit re-reading "
              f"{digit_time / pages * 1000:.1f} ms ({digit_time / ocr_time * 100:.2f}% of OCR)")


def main() -> None:
    """Run the rendered benchmark and, when the devset is present, the devset benchmark."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--strings", type=int, default=400, help="rendered strings per group")
    parser.add_argument("--devset", type=Path, default=Path("../shared/devset"))
    parser.add_argument("--no-devset", action="store_true")
    args = parser.parse_args()
    rendered(args.strings)
    if not args.no_devset and (args.devset / "truth").is_dir():
        devset(args.devset)


if __name__ == "__main__":
    main()
