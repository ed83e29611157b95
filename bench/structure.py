"""Structure benchmark: header fields, measures, statuses, tables against truth JSON.

Usage: python bench/structure.py DIR [--dpi N]   (DIR holds scans/ and truth/, devset format)
Runs digitizer.api.digitize_file on every DIR/scans/* with a truth file and prints the figures.
"""

from __future__ import annotations

import argparse
import json
import logging
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


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print one line per figure."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("dir", type=Path)
    args = parser.parse_args(argv)
    from digitizer.api import digitize_file
    from digitizer.options import Options

    options = Options()
    totals: dict[str, list[float]] = {}
    started = time.time()
    scans = sorted(p for p in (args.dir / "scans").iterdir() if p.is_file())
    for scan in scans:
        truth_path = args.dir / "truth" / f"{scan.stem}.json"
        if not truth_path.exists():
            continue
        truth = json.loads(truth_path.read_text("utf-8"))
        doc = digitize_file(scan, options).model_dump(mode="json")
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
