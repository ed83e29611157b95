"""Turn a sample spec into a degraded scan file and its exact truth JSON."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image

from samplegen import documents, fonts
from samplegen.content import Org, random_org, to_thai_digits
from samplegen.degrade import PROFILES, degrade
from samplegen.marks import apply_marks
from samplegen.render import render_pages
from samplegen.writers import FORMATS, write_scan

log = logging.getLogger(__name__)

TRUTH_KEYS = ("id", "file", "kind", "digits", "organisation", "memo", "paragraphs", "body",
              "tables", "measures", "signatories", "entity_strings", "render", "pages")


@dataclass(frozen=True)
class SampleSpec:
    """Everything that determines one sample: content choices and scan settings."""

    id: str
    kind: str
    org: Org
    date: dt.date
    digits: str = "thai"
    fmt: str = "png"
    dpi: int = 300
    profile: str = "medium"
    angle: float = 0.6
    seed: int = 1
    reference: str | None = None  # "agency/running" digits, Arabic
    measures: int = 5
    repeat_header: bool = True  # print the table header again on a continuation page
    font: str = fonts.DEFAULT_FAMILY  # a key of samplegen.fonts.FAMILIES
    rules: bool = True  # False: print the tables without rules (columns kept by wide gutters)
    marks: str = "/"  # status marks: "/", "check", "x", "hand" or "mixed" (cycles per row)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def file(self) -> str:
        """Return the scan's file name."""
        return self.id + FORMATS[self.fmt]


def compose(spec: SampleSpec) -> dict[str, Any]:
    """Build the memo content of `spec` as a truth dict (no pages yet)."""
    rng = random.Random(spec.seed)
    if spec.kind == "ita_report":
        doc = documents.ita_report(spec.org, rng, spec.date, n=spec.measures)
    elif spec.kind == "measures_plan":
        doc = documents.measures_plan(spec.org, rng, spec.date, n=spec.measures)
    elif spec.kind == "plain_memo":
        doc = documents.plain_memo(spec.org, rng, spec.date, **spec.extra)
    elif spec.kind in ("status_report", "plan_report"):  # tests only: never drawn at random
        doc = documents.short_report(spec.org, rng, spec.date, n=spec.measures,
                                     table=spec.kind.split("_")[0])
    else:
        raise ValueError(f"unknown kind {spec.kind!r}; choose one of {documents.KINDS}")
    for table in doc["tables"]:
        if not spec.rules:
            table["rules"] = False
        if spec.marks != "/" and table.get("kind") == "status":
            apply_marks(table, spec.marks)
    if spec.reference:
        abbr = doc["memo"]["reference"].split(" ")[0]
        doc["memo"]["reference"] = f"{abbr} {spec.reference}"
    if spec.digits == "thai":
        doc = to_thai_digits(doc, skip=frozenset({"date", "number", "columns", "kind", "type",
                                                   "index", "status"}))
    return {"id": spec.id, "file": spec.file, "digits": spec.digits, **doc}


def build(spec: SampleSpec) -> tuple[list[Image.Image], dict[str, Any]]:
    """Render and degrade `spec`; return the scan pages and the complete truth dict."""
    doc = compose(spec)
    pages = render_pages(doc, dpi=spec.dpi, seed=spec.seed, repeat_header=spec.repeat_header,
                         family=spec.font)
    scans = [degrade(p.image, profile=spec.profile,
                     angle=spec.angle if i % 2 == 0 else round(spec.angle * 0.8, 3),
                     seed=spec.seed * 100 + i)
             for i, p in enumerate(pages)]
    doc["render"] = {"fmt": spec.fmt, "dpi": spec.dpi, "font": fonts.FAMILIES[spec.font][0],
                     "profile": spec.profile, "angle": spec.angle, "seed": spec.seed,
                     "color": "gray"}
    doc["pages"] = [{"number": i, "text": p.text} for i, p in enumerate(pages, start=1)]
    truth = {k: doc[k] for k in TRUTH_KEYS}
    return scans, truth


def write_sample(spec: SampleSpec, out: Path, *, fallback: str | None = None) -> dict[str, Any]:
    """Write `out/scans/<id>.<ext>` and `out/truth/<id>.json`; return the truth.

    A memo longer than one page drawn for PNG/JPEG is written as `fallback` (e.g. "pdf") when
    given, else refused with ValueError.
    """
    scans, truth = build(spec)
    if spec.fmt in ("png", "jpg") and len(scans) > 1:
        if not fallback:
            raise ValueError(f"{spec.id}: {len(scans)} pages do not fit a single-page {spec.fmt}")
        log.info("%s: %d pages, written as %s instead of %s", spec.id, len(scans), fallback,
                 spec.fmt)
        spec = dataclasses.replace(spec, fmt=fallback)
        truth["file"] = spec.file
        truth["render"]["fmt"] = fallback
    write_scan(scans, out / "scans" / spec.file, fmt=spec.fmt, dpi=spec.dpi)
    truth_path = out / "truth" / f"{spec.id}.json"
    truth_path.parent.mkdir(parents=True, exist_ok=True)
    truth_path.write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return truth


def random_spec(seed: int, *, prefix: str = "gen") -> SampleSpec:
    """Draw a random but reproducible sample spec (organisation, kind, digits, scan quality)."""
    rng = random.Random(seed)
    org = random_org(rng)
    kind = rng.choice(documents.KINDS)
    day = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randint(0, 900))
    fmt = "jpg" if kind == "plain_memo" and rng.random() < 0.3 else rng.choice(
        ["pdf", "tiff"] if kind != "plain_memo" else ["pdf", "png", "tiff"])
    profile = rng.choice(sorted(PROFILES))
    return SampleSpec(
        id=f"{prefix}{seed:05d}_{kind}",
        kind=kind, org=org, date=day, digits=rng.choice(["thai", "thai", "arabic"]), fmt=fmt,
        dpi=rng.choice([200, 300]) if fmt != "pdf" else 300, profile=profile,
        angle=round(rng.uniform(0.5, 2.0) * rng.choice([-1, 1]), 2), seed=seed,
        measures=rng.randint(3, 8), repeat_header=rng.random() < 0.7,
        font=rng.choice(["sarabun-new", "sarabun-new", "sarabun-psk", "laksaman",
                         "sarabun-google"]))
