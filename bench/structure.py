"""Structure benchmark: header fields, measures, statuses, tables against truth JSON.

Usage: python bench/structure.py DIR [--dump OUT] [--cache CACHE]
DIR holds scans/ and truth/ (devset format; samples/ works too). Runs digitizer.api.digitize_file
on every DIR/scans/* with a truth file and prints the figures. With --cache, the inputs of
structure.extract (corrected pages, page tables) are pickled on the first run and reused on later
runs, so structure code can be iterated on without re-OCR.
"""

from __future__ import annotations

import argparse
import json
import logging
import pickle
import re
import sys
import time
import unicodedata
from pathlib import Path

from rapidfuzz import fuzz

log = logging.getLogger(__name__)

HEADER_FIELDS = ("agency", "reference", "date", "date_text", "subject", "to")
_WS = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")


def squash(text: str | None) -> str:
    """NFC, no whitespace: spacing in Thai is ambiguous and not scored."""
    return _WS.sub("", unicodedata.normalize("NFC", text or ""))


def _truth_cells(table: dict) -> list[list[str]]:
    """Body rows of a truth table as cell texts (colspans expanded)."""
    rows = []
    for row in table.get("rows", []):
        cells: list[str] = []
        for cell in row:
            cells.append(cell.get("text", ""))
            cells.extend([""] * (int(cell.get("colspan", 1)) - 1))
        rows.append(cells)
    return rows


def score_document(doc: dict, truth: dict, totals: dict[str, list[float]]) -> None:
    """Add one document's figures to `totals` (lists of per-item scores)."""
    memo = doc.get("memo", {})
    for name in HEADER_FIELDS:
        want = truth["memo"].get(name)
        same = squash(memo.get(name)) == squash(want)
        totals.setdefault(f"header.{name}", []).append(float(same))
    org_want = truth.get("organisation", {}).get("name")
    org_got = (memo.get("organisation") or {}).get("name")
    totals.setdefault("organisation", []).append(float(squash(org_got) == squash(org_want)))
    sig_want = [squash(s["name"]) for s in truth.get("signatories", [])]
    sig_got = [squash(s["name"]) for s in memo.get("signatories", [])]
    totals.setdefault("signatory names", []).append(float(sig_want == sig_got))
    got = {m.get("number"): m for m in doc.get("measures", [])}
    for want in truth.get("measures", []):
        found = got.get(want["number"])
        totals.setdefault("measures found", []).append(float(found is not None))
        if found is None:
            continue
        totals.setdefault("measure ratio>=90", []).append(
            float(fuzz.ratio(squash(found["measure"]), squash(want["measure"])) >= 90)
        )
        totals.setdefault("steps ratio>=90", []).append(
            float(
                fuzz.ratio(squash(" ".join(found["steps"])), squash(" ".join(want["steps"]))) >= 90
            )
        )
        totals.setdefault("monitoring ratio>=90", []).append(
            float(fuzz.ratio(squash(found.get("monitoring")), squash(want.get("monitoring"))) >= 90)
        )
        totals.setdefault("responsible exact", []).append(
            float(
                {squash(x) for x in found["responsible"]}
                == {squash(x) for x in want["responsible"]}
            )
        )
        totals.setdefault("status", []).append(float(found.get("status") == want.get("status")))
        if want.get("evidence") or found.get("evidence"):
            totals.setdefault("evidence ratio>=90", []).append(
                float(fuzz.ratio(squash(found.get("evidence")), squash(want.get("evidence"))) >= 90)
            )
    extra = len(doc.get("measures", [])) - len(truth.get("measures", []))
    totals.setdefault("extra measures", []).append(float(max(extra, 0)))
    totals.setdefault("table count exact", []).append(
        float(len(doc.get("tables", [])) == len(truth.get("tables", [])))
    )
    for t_want, t_got in zip(truth.get("tables", []), doc.get("tables", []), strict=False):
        want_rows = _truth_cells(t_want)
        for r, row in enumerate(want_rows):
            for c, text in enumerate(row):
                got_text = t_got["rows"][r][c] if r < len(t_got["rows"]) and c < len(
                    t_got["rows"][r]
                ) else ""
                totals.setdefault("table cells ratio>=90", []).append(
                    float(fuzz.ratio(squash(got_text), squash(text)) >= 90)
                )


def _record(scan: Path, options: object, cache: Path | None) -> dict:
    """The record of one scan as JSON data; structure re-run from cached inputs when present."""
    from digitizer import structure
    from digitizer.api import digitize_file

    stored = cache / f"{scan.name}.pkl" if cache else None
    if stored is not None and stored.exists():
        document, pages, page_tables = pickle.loads(stored.read_bytes())
        memo, tables, measures = structure.extract(pages, page_tables)
        document.memo, document.tables, document.measures = memo, list(tables), list(measures)
        return dict(document.model_dump(mode="json"))
    seen: list[tuple[object, object]] = []
    original = structure.extract

    def spy(pages: list, page_tables: list) -> tuple:
        seen.append((pickle.dumps(pages), pickle.dumps(page_tables)))
        return original(pages, page_tables)

    structure.extract = spy
    try:
        document = digitize_file(scan, options)  # type: ignore[arg-type]
    finally:
        structure.extract = original
    if stored is not None and seen:
        stored.parent.mkdir(parents=True, exist_ok=True)
        pages, page_tables = (pickle.loads(x) for x in seen[0])  # type: ignore[arg-type]
        stored.write_bytes(pickle.dumps((document, pages, page_tables)))
    return dict(document.model_dump(mode="json"))


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print one line per figure."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("dir", type=Path)
    parser.add_argument("--dump", type=Path, help="also write each record here")
    parser.add_argument("--cache", type=Path, help="pickle/reuse structure inputs here")
    parser.add_argument("--fast", action="store_true", help="the pipeline in fast mode")
    args = parser.parse_args(argv)
    from digitizer.options import Options

    options = Options(fast=args.fast)
    totals: dict[str, list[float]] = {}
    started = time.time()
    scans = sorted(p for p in (args.dir / "scans").iterdir() if p.is_file())
    for scan in scans:
        truth_path = args.dir / "truth" / f"{scan.stem}.json"
        if not truth_path.exists():
            continue
        truth = json.loads(truth_path.read_text("utf-8"))
        doc = _record(scan, options, args.cache)
        if args.dump:
            args.dump.mkdir(parents=True, exist_ok=True)
            dumped = json.dumps(doc, ensure_ascii=False)
            (args.dump / f"{scan.stem}.json").write_text(dumped, "utf-8")
        per: dict[str, list[float]] = {}
        score_document(doc, truth, per)
        for key, values in per.items():
            totals.setdefault(key, []).extend(values)
        brief = {k: round(sum(v) / len(v), 2) for k, v in per.items() if v}
        print(f"{scan.name}: {json.dumps(brief, ensure_ascii=False)}")
    print(f"--- {len(scans)} scans, {time.time() - started:.0f} s")
    for key, values in totals.items():
        if key == "extra measures":
            print(f"{key:28s} {int(sum(values))}")
        elif values:
            print(f"{key:28s} {sum(values) / len(values):6.1%}  (n={len(values)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
