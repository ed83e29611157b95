"""Memo content: organisations, header fields, paragraphs, tables and measures as truth dicts."""

from __future__ import annotations

import datetime as dt
import logging
import random
from dataclasses import dataclass
from typing import Any

from samplegen import pools

log = logging.getLogger(__name__)

THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
STATUS_COLUMNS = ["ยังไม่ดำเนินการ", "อยู่ระหว่างดำเนินการ", "ดำเนินการเสร็จเรียบร้อยแล้ว"]
STATUSES = ["not_started", "in_progress", "completed"]
EXCLUDED = {"ปากปวน", "เขาหลวง", "บ้านโฮ่ง", "ศรีสงคราม", "วังสะพุง"}


@dataclass(frozen=True)
class Org:
    """A real local government: kind + subdistrict name, its district and province."""

    kind: str  # "เทศบาลตำบล" | "องค์การบริหารส่วนตำบล"
    tambon: str
    district: str
    province: str

    @property
    def name(self) -> str:
        """Return the organisation's full name."""
        return self.kind + self.tambon

    @property
    def mayor(self) -> str:
        """Return the title of the organisation's head."""
        head = "นายกเทศมนตรีตำบล" if self.kind == "เทศบาลตำบล" else "นายกองค์การบริหารส่วนตำบล"
        return head + self.tambon

    @property
    def clerk(self) -> str:
        """Return the title of the permanent secretary (ปลัด)."""
        return ("ปลัดเทศบาลตำบล" if self.kind == "เทศบาลตำบล"
                else "ปลัดองค์การบริหารส่วนตำบล") + self.tambon

    @property
    def short(self) -> str:
        """Return how the body text names the organisation itself."""
        return "เทศบาล" if self.kind == "เทศบาลตำบล" else "องค์การบริหารส่วนตำบล"


def random_org(rng: random.Random) -> Org:
    """Pick a real subdistrict from geothai (build-time dependency) as a local government."""
    import geothai

    provinces = [p for p in geothai.provinces() if p.name_th in pools.PROVINCE_ABBR]
    while True:
        prov = rng.choice(provinces)
        dist = rng.choice(geothai.districts(prov.code))
        subs = geothai.subdistricts(dist.code)
        if not subs:
            continue
        sub = rng.choice(subs)
        if {sub.name_th, dist.name_th} & EXCLUDED or sub.name_th.startswith("เมือง"):
            continue
        kind = rng.choice(["เทศบาลตำบล", "องค์การบริหารส่วนตำบล"])
        return Org(kind, sub.name_th, dist.name_th, prov.name_th)


def person(rng: random.Random) -> str:
    """Invent a person's name with its title."""
    if rng.random() < 0.5:
        title, given = "นาย", rng.choice(pools.MALE)
    else:
        title, given = rng.choice(["นาง", "นางสาว"]), rng.choice(pools.FEMALE)
    return f"{title}{given} {rng.choice(pools.SURNAMES)}"


def thai_date(day: dt.date) -> str:
    """Format a date the memo way: '3 เมษายน 2567' (Arabic digits, Buddhist year)."""
    return f"{day.day} {pools.MONTHS[day.month - 1]} {day.year + 543}"


def reference(org: Org, rng: random.Random, number: str | None = None) -> str:
    """Make a document number: province abbreviation, agency code / running number."""
    code = number or f"{rng.randint(73, 89)}{rng.randint(0, 999):03d}/{rng.randint(1, 3999):04d}"
    return f"{pools.PROVINCE_ABBR[org.province]} {code}"


def plan_table(measures: list[dict[str, Any]]) -> dict[str, Any]:
    """Build the measures plan table (มาตรการ / ขั้นตอน / ผู้รับผิดชอบ / การกำกับติดตาม)."""
    header = [[{"text": t} for t in
               ["มาตรการ", "ขั้นตอนหรือวิธีการ", "ผู้รับผิดชอบ", "การกำกับติดตาม"]]]
    rows = [[{"text": f"{m['number']}. {m['measure']}"},
             {"text": "\n".join(f"- {s}" for s in m["steps"])},
             {"text": "\n".join(m["responsible"])},
             {"text": m["monitoring"]}] for m in measures]
    return {"kind": "measures", "columns": [0.24, 0.36, 0.19, 0.21], "header": header,
            "rows": rows}


def status_table(measures: list[dict[str, Any]]) -> dict[str, Any]:
    """Build the status table: สถานะการดำเนินการ spans three mark columns."""
    header = [[{"text": "มาตรการ", "rowspan": 2}, {"text": "ขั้นตอนหรือวิธีการ", "rowspan": 2},
               {"text": "สถานะการดำเนินการ", "colspan": 3}],
              [{"text": t} for t in STATUS_COLUMNS]]
    rows = []
    for m in measures:
        marks = []
        for status in STATUSES:
            text = ""
            if m["status"] == status:
                text = "/" + (f"\n({m['evidence']})" if m["evidence"] else "")
            marks.append({"text": text, "align": "center"})
        rows.append([{"text": f"{m['number']}. {m['measure']}"},
                     {"text": "\n".join(f"- {s}" for s in m["steps"])}, *marks])
    return {"kind": "status", "columns": [0.22, 0.33, 0.14, 0.15, 0.16], "header": header,
            "rows": rows}


def pick_measures(rng: random.Random, n: int, *, with_status: bool) -> list[dict[str, Any]]:
    """Choose `n` measures from the pool, with a status and evidence when asked."""
    chosen = rng.sample(pools.MEASURES, n)
    out = []
    for i, (measure, steps, responsible, monitoring) in enumerate(chosen, start=1):
        status = rng.choice(STATUSES) if with_status else None
        evidence = (rng.choice(pools.EVIDENCE)
                    if status in ("in_progress", "completed") and rng.random() < 0.8 else None)
        out.append({"number": i, "measure": measure, "steps": list(steps),
                    "responsible": list(responsible), "monitoring": monitoring,
                    "status": status, "evidence": evidence})
    return out


def to_thai_digits(value: Any, *, skip: frozenset[str] = frozenset()) -> Any:
    """Recursively rewrite Arabic digits in strings as Thai digits (keys in `skip` untouched)."""
    if isinstance(value, str):
        return value.translate(THAI)
    if isinstance(value, list):
        return [to_thai_digits(v, skip=skip) for v in value]
    if isinstance(value, dict):
        return {k: (v if k in skip else to_thai_digits(v, skip=skip)) for k, v in value.items()}
    return value


def entity_strings(org: Org) -> list[str]:
    """List the place and department names worth checking in the OCR."""
    return [f"ตำบล{org.tambon}", f"อำเภอ{org.district}", f"จังหวัด{org.province}",
            *pools.DEPARTMENTS]
