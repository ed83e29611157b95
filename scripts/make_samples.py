#!/usr/bin/env python3
"""Regenerate samples/ (fixed memos) or, with --count N --out DIR, N random held-out-like memos."""

from __future__ import annotations

import argparse
import dataclasses
import logging
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from samplegen import random_spec, write_sample  # noqa: E402
from samplegen.fixed import SAMPLES  # noqa: E402

log = logging.getLogger("make_samples")


def main(argv: list[str] | None = None) -> int:
    """Parse arguments and write the scans and truth files."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", type=Path, default=ROOT / "samples",
                    help="output folder (scans/ and truth/ are created inside)")
    ap.add_argument("--count", type=int, default=0,
                    help="generate N random memos instead of the fixed samples")
    ap.add_argument("--seed", type=int, default=1000,
                    help="first seed of the random memos (memo i uses seed+i)")
    ap.add_argument("--dpi", type=int, default=0,
                    help="override the scan resolution of every memo (e.g. 100 for quick tests)")
    ap.add_argument("--only", default="", help="comma-separated ids of fixed samples to rebuild")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if args.count:
        specs = [random_spec(args.seed + i) for i in range(args.count)]
    else:
        wanted = {s for s in args.only.split(",") if s}
        specs = [s for s in SAMPLES if not wanted or s.id in wanted]
    if args.dpi:
        specs = [dataclasses.replace(s, dpi=args.dpi) for s in specs]
    for spec in specs:
        t0 = time.perf_counter()
        try:
            truth = write_sample(spec, args.out, fallback="pdf" if args.count else None)
        except ValueError as exc:  # e.g. a random memo too long for a one-page format
            log.warning("skipped %s: %s", spec.id, exc)
            continue
        size = (args.out / "scans" / truth["file"]).stat().st_size
        print(f"{truth['file']:45s} {len(truth['pages'])} page(s) {size / 1024:7.0f} KB "
              f"{spec.profile:9s} {time.perf_counter() - t0:5.1f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
