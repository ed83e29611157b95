"""Measures tables -> Measure records: column roles, numbers, steps, responsible units, status.

Column roles come from fuzzy-matching the header cells to the known headings of the genre
(มาตรการ, ขั้นตอนหรือวิธีการ, ผู้รับผิดชอบ, การกำกับติดตาม, สถานะการดำเนินการ and its three
states). A plan table and a status table of one memo are merged by measure number, then text.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from rapidfuzz import fuzz

from digitizer.model import Measure, MeasureStatus, TableKind
from digitizer.textblocks import THAI_DIGITS, arabic_digits, clean_edges, join_wrapped, squash

log = logging.getLogger(__name__)

ROLE_HEADINGS: dict[str, tuple[str, ...]] = {
    "measure": ("มาตรการ", "มาตรการ/แนวทาง", "ประเด็นมาตรการ"),
    "steps": ("ขั้นตอนหรือวิธีการ", "ขั้นตอน/วิธีการ", "วิธีการดำเนินการ", "ขั้นตอนการดำเนินการ"),
    "responsible": ("ผู้รับผิดชอบ", "หน่วยงานที่รับผิดชอบ", "หน่วยงานรับผิดชอบ"),
    "monitoring": ("การกำกับติดตาม", "การติดตามผล", "การกำกับติดตามผล", "การติดตามประเมินผล"),
    "status": ("สถานะการดำเนินการ", "สถานะ", "ผลการดำเนินการ"),
    "not_started": ("ยังไม่ดำเนินการ", "ยังไม่ได้ดำเนินการ"),
    "in_progress": ("อยู่ระหว่างดำเนินการ", "กำลังดำเนินการ"),
    "completed": ("ดำเนินการเสร็จเรียบร้อยแล้ว", "ดำเนินการแล้วเสร็จ", "ดำเนินการแล้ว", "เสร็จแล้ว"),
}
STATES: tuple[MeasureStatus, ...] = ("not_started", "in_progress", "completed")
ROLE_ACCEPT = 70.0
PREFIX_WEIGHT = 0.9  # a heading matched on its first part only counts a little less
UNIT_PREFIXES = ("สำนัก", "กอง", "หน่วย", "ฝ่าย", "ศูนย์", "งาน", "ส่วน")
_FALLBACK_UNITS = ("สำนักปลัด", "กองคลัง", "กองช่าง", "กองการศึกษา", "หน่วยตรวจสอบภายใน")
_NUMBER = re.compile(rf"^\s*[(\[]?\s*(?P<n>[0-9{THAI_DIGITS}]{{1,2}})\s*[.):,]\s*")
_DAMAGED_NUMBER = re.compile(
    r"^\s*[-'\"|]?\s*(?:\S{1,3}?\s*[.:]|[a-z]{1,2}\s)\s*(?=[\u0e00-\u0e7f])"  # "on." / "on "
)
_BULLET = re.compile(r"^\s*[-–—•·*]\s*")
_MARKS = re.compile(r"^[\s/\\|✓✔xX×]+$")


@dataclass
class GridRows:
    """A table as text: one list of lines per column for each row; roles per column."""

    header: list[str]
    rows: list[list[list[str]]]
    marks: list[list[bool]] = field(default_factory=list)
    ink: list[list[float]] = field(default_factory=list)


def role_of(heading: str) -> tuple[str | None, float]:
    """The best role for one header cell's text, and its score (None below ROLE_ACCEPT)."""
    text = squash(heading)
    if not text:
        return None, 0.0
    best: tuple[str | None, float] = (None, 0.0)
    for role, names in ROLE_HEADINGS.items():
        for name in names:
            score = fuzz.ratio(text, name)
            if 5 <= len(text) < len(name):  # a wrapped heading read only in its first line
                score = max(score, PREFIX_WEIGHT * fuzz.ratio(text, name[: len(text)]))
            if score > best[1]:
                best = (role, score)
    return best if best[1] >= ROLE_ACCEPT else (None, best[1])


def column_roles(header: Sequence[str]) -> list[str | None]:
    """Roles of each column, each role given once (to the best-scoring column)."""
    scored = [role_of(text) for text in header]
    roles: list[str | None] = [None] * len(header)
    order = sorted(range(len(header)), key=lambda i: -scored[i][1])
    taken: set[str] = set()
    for i in order:
        role = scored[i][0]
        if role and role not in taken:
            roles[i] = role
            taken.add(role)
    return _complete_measure(_complete_states(roles))


def _complete_measure(roles: list[str | None]) -> list[str | None]:
    """The first column is the measure column when OCR destroyed its heading and the others
    name at least two plan columns or the three states (the measure always stands first)."""
    present = set(filter(None, roles))
    if not roles or roles[0] is not None or "measure" in present:
        return roles
    plan = len(present & {"steps", "responsible", "monitoring"}) >= 2
    if plan or set(STATES) <= present:
        return ["measure", *roles[1:]]
    return roles


def _complete_states(roles: list[str | None]) -> list[str | None]:
    """Give the one state heading OCR destroyed its role from its place: the three states stand
    side by side in the fixed order not_started, in_progress, completed."""
    found = {role: i for i, role in enumerate(roles) if role in STATES}
    if len(found) != 2:
        return roles
    first = min(found[s] - STATES.index(s) for s in found)
    if any(found[s] != first + STATES.index(s) for s in found):
        return roles  # the two found states are not where a run of three would put them
    missing = next(s for s in STATES if s not in found)
    at = first + STATES.index(missing)
    if 0 <= at < len(roles) and roles[at] is None:
        roles = list(roles)
        roles[at] = missing
    return roles


def table_kind(roles: Sequence[str | None]) -> TableKind:
    """measures_status when it has status columns, measures_plan when measure + detail columns."""
    present = set(filter(None, roles))
    if len(present & set(STATES)) >= 2:
        return "measures_status"
    if "measure" in present and present & {"steps", "responsible", "monitoring"}:
        return "measures_plan"
    return "other"


@lru_cache(maxsize=1)
def known_units() -> tuple[str, ...]:
    """Department names of the corrections lexicon (category "department"), longest first,
    in lexicon order among names of one length."""
    names: list[str] = []
    try:
        text = resources.files("corrections").joinpath("data/terms.tsv").read_text("utf-8")
        for row in text.splitlines():
            parts = row.split("\t")
            if len(parts) >= 2 and parts[1].strip() == "department" and not row.startswith("#"):
                names.append(parts[0].strip())
    except (OSError, ModuleNotFoundError) as exc:
        log.warning("department lexicon unavailable (%s); using a short built-in list", exc)
    if not names:
        names = list(_FALLBACK_UNITS)
    # Longest first; names of one length keep the lexicon's order (a set's order would change
    # from run to run and with it which of two equally close names a fuzzy read snaps to).
    return tuple(sorted(dict.fromkeys(names), key=len, reverse=True))


def snap_unit(unit: str) -> str:
    """The known department name closest to an OCR-read unit, when close enough (Latin letters
    and digits, scribble debris in a department name, are left out of the comparison)."""
    key = squash(re.sub(r"[A-Za-z0-9]+", "", unit))
    for name in known_units():  # longest first: "สำนักปลัด 297 ไก" is สำนักปลัด plus debris
        tail = key[len(squash(name)) :]
        if key.startswith(squash(name)) and not re.search(r"[\u0e01-\u0e2e]{3,}", tail):
            return name
    best, score = unit, 0.0
    for name in known_units():
        s = fuzz.ratio(key, squash(name))
        if s > score:
            best, score = name, s
    return best if score >= 80 else unit


GLUED_ACCEPT = 80.0  # how close the rest of a glued "กองช่างองการศึกษา" must be to a unit


def split_glued(unit: str) -> list[str]:
    """Two department names OCR read as one ("กองคลังเกองช่าง", "สำนักปลัดก่องการศึกษา"): a known
    name, then a rest close to another known name; [unit] when it is not such a pair."""
    key = squash(re.sub(r"[A-Za-z0-9]+", "", unit))
    names = known_units()
    if any(fuzz.ratio(key, squash(name)) >= 90 for name in names):
        return [unit]
    for first in names:  # longest first
        head = squash(first)
        rest = key[len(head) :]
        if not key.startswith(head) or len(rest) < 4:
            continue
        best = max(names, key=lambda name: fuzz.ratio(rest, squash(name)))
        if fuzz.ratio(rest, squash(best)) >= GLUED_ACCEPT:
            return [first, best]
    return [unit]


def _unit_pieces(line: str) -> list[str]:
    """A line split where a second known department name starts (two units on one line)."""
    pattern = r"[\s(\[|,]+(?=(?:" + "|".join(UNIT_PREFIXES) + r"))"
    pieces = [p for p in (clean_edges(x) for x in re.split(pattern, line)) if p]
    if len(pieces) > 1 and all(snap_unit(p) in known_units() for p in pieces):
        return pieces
    return [line]


def _is_junk_unit(unit: str) -> bool:
    """A responsible 'unit' that is OCR debris: no run of three Thai letters."""
    return re.search(r"[\u0e01-\u0e2e][\u0e01-\u0e4e]{2,}", unit) is None


def split_units(lines: Sequence[str]) -> list[str]:
    """Responsible units of a cell: a line starting a unit name opens a new unit, others wrap."""
    units: list[list[str]] = []
    for raw in lines:
        for line in _unit_pieces(clean_edges(raw)):
            if not line:
                continue
            starts = line.startswith(UNIT_PREFIXES) or any(
                squash(line).startswith(squash(name)) for name in known_units()
            )
            if starts or not units:
                units.append([line])
            else:
                units[-1].append(line)
    out: list[str] = []
    for parts in units:
        for whole in _unit_pieces(join_wrapped(parts)):  # a unit name wrapped after the split
            for piece in split_glued(whole):
                unit = snap_unit(piece)
                if unit and unit not in out and not _is_junk_unit(unit):
                    out.append(unit)
    return out


def split_steps(lines: Sequence[str]) -> list[str]:
    """Steps of a cell: a "-" bullet opens a step, other lines continue the current one."""
    steps: list[list[str]] = []
    for raw in lines:
        line = clean_edges(raw) if not _BULLET.match(raw) else raw.strip()
        if not line:
            continue
        if _BULLET.match(line):
            steps.append([_BULLET.sub("", line)])
        elif steps:
            steps[-1].append(line)
        else:
            steps.append([line])
    return [text for text in (join_wrapped(parts) for parts in steps) if text]


def measure_number(lines: Sequence[str]) -> tuple[int | None, str]:
    """The leading "๑." / "1." of a measure cell as an int, and the measure text without it."""
    text = join_wrapped([clean_edges(line) for line in lines])
    match = _NUMBER.match(text)
    if match is None:
        damaged = _DAMAGED_NUMBER.match(text)  # "on." for ๓: the digit OCR could not read
        if damaged is not None:
            return None, text[damaged.end() :].strip()
        return None, text
    return int(arabic_digits(match.group("n"))), text[match.end() :].strip(" -.:")


def status_and_evidence(
    cells: Sequence[Sequence[str]], marks: Sequence[bool], ink: Sequence[float]
) -> tuple[MeasureStatus | None, str | None]:
    """The state whose cell carries the mark (most ink when several) and the note under it."""
    candidates = [i for i, marked in enumerate(marks) if marked]
    if not candidates:
        candidates = [i for i, lines in enumerate(cells) if any("/" in ln for ln in lines)]
    if not candidates:
        return None, None
    chosen = max(candidates, key=lambda i: ink[i] if i < len(ink) else 0.0)
    note_lines = [ln for ln in cells[chosen] if not _MARKS.match(ln)]
    note = join_wrapped([clean_edges(ln) for ln in note_lines])
    note = note.strip().lstrip("/").strip()
    if "(" in note or ")" in note:
        start = note.find("(") + 1
        end = note.rfind(")")
        note = note[start : end if end >= start else len(note)].strip()
    return STATES[chosen], evidence_text(note)


def evidence_text(note: str) -> str | None:
    """An evidence note without the scribble debris OCR adds: a note less than half Thai is no
    note, and a trailing word of mixed-case Latin ("Asa") or punctuation is dropped."""
    dense = re.sub(r"\s", "", note)
    thai = len(re.findall(r"[\u0e01-\u0e5b]", dense))
    if not dense or 2 * thai < len(dense) or _is_junk_unit(note):
        return None
    words = note.split()
    while len(words) > 1 and re.fullmatch(r"[A-Za-z]*[a-z][A-Za-z]*\W*|[^\w\u0e00-\u0e7f]+",
                                          words[-1]):
        words.pop()
    return " ".join(words)


def measures_from(table: GridRows, roles: Sequence[str | None]) -> list[Measure]:
    """One Measure per body row of a measures table (plan or status)."""
    col = {role: i for i, role in enumerate(roles) if role}
    out: list[Measure] = []
    for index, row in enumerate(table.rows):

        def cell(role: str, row: list[list[str]] = row) -> list[str]:
            return row[col[role]] if role in col and col[role] < len(row) else []

        number, text = measure_number(cell("measure"))
        expected = (out[-1].number or len(out)) + 1 if out else 1
        if number != expected:
            # rows run 1, 2, 3...: a number out of sequence is a misread digit
            number = expected
        measure = Measure(number=number, measure=text)
        measure.steps = split_steps(cell("steps"))
        measure.responsible = split_units(cell("responsible"))
        monitoring = join_wrapped([clean_edges(x) for x in cell("monitoring")])
        measure.monitoring = monitoring or None
        state_cols = [col.get(state) for state in STATES]
        if all(c is not None for c in state_cols):
            idx = [c for c in state_cols if c is not None]
            marks = [table.marks[index][c] if table.marks else False for c in idx]
            ink = [table.ink[index][c] if table.ink else 0.0 for c in idx]
            measure.status, measure.evidence = status_and_evidence(
                [row[c] for c in idx], marks, ink
            )
        if measure.measure or measure.steps:
            out.append(measure)
    return out


def merge_plan_status(plan: list[Measure], status: list[Measure]) -> list[Measure]:
    """One record per measure: plan rows completed with the status row of the same measure."""
    if not plan:
        return status
    used: set[int] = set()
    for measure in plan:
        match = _match(measure, status, used)
        if match is None:
            continue
        used.add(match)
        other = status[match]
        measure.status, measure.evidence = other.status, other.evidence
        if not measure.steps:
            measure.steps = other.steps
    return plan


def _match(measure: Measure, status: list[Measure], used: set[int]) -> int | None:
    """Index of the status row of `measure`: same number and similar text, else most similar."""
    best, score = None, 0.0
    for i, other in enumerate(status):
        if i in used:
            continue
        s = fuzz.ratio(squash(measure.measure), squash(other.measure))
        if other.number == measure.number:
            s += 40
        if s > score:
            best, score = i, s
    return best if score >= 60 else None
