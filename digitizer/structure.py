"""Structure of a memo: header, signatories, tables joined across pages, measures records.

`extract` runs after corrections. A cell's text is the *corrected* text of the page lines it
took its words from, restricted to the cell: the raw offsets the worker recorded are mapped onto
the corrected line (corrections see whole lines with context, so they are better than anything
a cell alone could give). Cells re-read by a crop OCR carry raw text, which gets the same
correction library applied on its own.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from digitizer import measures as M
from digitizer import unruled
from digitizer.agency import canonical_addressee, canonical_agency
from digitizer.memo import TextLine, parse_header, signatories, text_lines
from digitizer.memo_merge import checked_reference, merge_header_reads
from digitizer.model import Line, Measure, Memo, Page, Table, TableKind
from digitizer.signatures import merge_blocks
from digitizer.tables import PageCell, PageTable
from digitizer.textblocks import THAI_DIGITS, clean_edges, join_wrapped, map_span, squash

log = logging.getLogger(__name__)

HEADER_REPEAT = 70.0  # mean similarity of a continuation's first row to the header
COLUMN_SLACK = 0.06  # relative column-width difference still "the same table"


@dataclass
class _Part:
    """A page table read into text: header rows and body rows of per-column cell lines."""

    page: int
    bbox: tuple[int, int, int, int]
    widths: list[float]
    header: list[str]
    header_rows: list[list[list[str]]]
    rows: list[list[list[str]]]
    marks: list[list[bool]] = field(default_factory=list)
    ink: list[list[float]] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)


def _corrected(line: Line, start: int, end: int) -> str:
    """The corrected text of [start, end) of a line's raw text."""
    if line.text == line.text_raw or not line.text:
        return line.text_raw[start:end]
    a, b = map_span(line.text_raw, line.text, start, end)
    return line.text[a:b]


def _correct_raw(text: str) -> str:
    """Correct a re-OCRed cell text with the corrections library (unchanged if unavailable)."""
    try:
        import corrections

        return str(corrections.correct(text).text)
    except Exception:  # corrections is optional here: the raw text is still useful
        return text


def _corrected_lines(lines: Sequence[Line]) -> list[TextLine]:
    """Re-read lines (raw OCR, digits fixed) as TextLines corrected by the corrections library."""
    return [TextLine(_correct_raw(t.text), t.bbox) for t in text_lines(lines)]


def cell_lines(cell: PageCell, page: Page | None) -> list[str]:
    """The visual lines of a cell, corrected where the page lines were corrected."""
    if cell.spans and page is not None:
        lines: list[str] = []
        for spans in cell.spans:
            parts = [
                _corrected(page.lines[i], s, e) for i, s, e in spans if i < len(page.lines)
            ]
            text = clean_edges(" ".join(p.strip() for p in parts))
            if text:
                lines.append(text)
        return lines
    text = _correct_raw(cell.text) if cell.reocr else cell.text
    return [t for t in (clean_edges(x) for x in text.split("\n")) if t]


def _read_part(table: PageTable, page: Page | None) -> _Part:
    """Text grid of one page table: anchor cells hold lines, covered positions are empty."""
    n_rows, n_cols = table.n_rows, table.n_cols
    grid: list[list[list[str]]] = [[[] for _ in range(n_cols)] for _ in range(n_rows)]
    marks = [[False] * n_cols for _ in range(n_rows)]
    ink = [[0.0] * n_cols for _ in range(n_rows)]
    for cell in table.cells:
        if cell.row < n_rows and cell.col < n_cols:
            grid[cell.row][cell.col] = cell_lines(cell, page)
            marks[cell.row][cell.col] = cell.marked
            ink[cell.row][cell.col] = cell.ink
    depth = max(1, min(table.header_rows, n_rows))
    header: list[str] = []
    for c in range(n_cols):
        text = ""
        for r in range(depth - 1, -1, -1):  # the deepest header cell covering the column
            covering = table.cell(r, c)
            if covering is not None and covering.row < n_rows:
                text = join_wrapped(grid[covering.row][covering.col])
                if text:
                    break
        header.append(text)
    width = float(table.cols[-1] - table.cols[0]) or 1.0
    widths = [(b - a) / width for a, b in zip(table.cols, table.cols[1:], strict=False)]
    return _Part(
        page=table.page,
        bbox=table.bbox,
        widths=widths,
        header=header,
        header_rows=grid[:depth],
        rows=grid[depth:],
        marks=marks[depth:],
        ink=ink[depth:],
        pages=[table.page],
    )


def _same_columns(a: _Part, b: _Part) -> bool:
    return len(a.widths) == len(b.widths) and all(
        abs(x - y) <= COLUMN_SLACK for x, y in zip(a.widths, b.widths, strict=True)
    )


def _heading_likeness(a: str, b: str) -> float:
    """How alike two header cells read: 100 when both name the same known heading."""
    role = M.role_of(a)[0]
    if role is not None and role == M.role_of(b)[0]:
        return 100.0
    return fuzz.ratio(squash(a), squash(b))


def _repeats_header(header: Sequence[str], row_texts: Sequence[str]) -> bool:
    pairs = [(h, t) for h, t in zip(header, row_texts, strict=False) if h or t]
    if not pairs:
        return False
    score = sum(_heading_likeness(h, t) for h, t in pairs) / len(pairs)
    return score >= HEADER_REPEAT


def _better_header(header: list[str], repeated: Sequence[str]) -> None:
    """Take each heading the repeated header on the next page read closer to a known one."""
    for c, text in enumerate(repeated[: len(header)]):
        if M.role_of(text)[1] > M.role_of(header[c])[1]:
            header[c] = text


def _starts_numbered(lines: Sequence[str]) -> bool:
    text = "".join(lines).lstrip(" |.'\"([")
    return bool(text) and (text[0].isdigit() or text[0] in THAI_DIGITS)


def _row_number(row: Sequence[Sequence[str]]) -> int | None:
    """The measure number a row's first cell starts with ("๓." -> 3), None when unnumbered."""
    return M.measure_number(row[0])[0] if row else None


def _skips_one(before: Sequence[Sequence[Sequence[str]]], after: Sequence[Sequence[Sequence[str]]]
               ) -> bool:
    """Whether the unnumbered first row of a continuation is a whole row whose number OCR lost:
    the row after it carries the last number before the break plus two."""
    last = next(
        (n + k for k, n in enumerate(map(_row_number, reversed(before))) if n is not None), None
    )
    following = _row_number(after[1]) if len(after) > 1 else None
    return last is not None and following == last + 2


def _continue(prev: _Part, part: _Part) -> None:
    """Append `part` (the next page's piece) to `prev`: drop a repeated header, join a split row."""
    rows, marks, ink = part.header_rows + part.rows, part.marks, part.ink
    marks = [[False] * len(part.widths)] * len(part.header_rows) + marks
    ink = [[0.0] * len(part.widths)] * len(part.header_rows) + ink
    if rows and _repeats_header(prev.header, part.header):
        _better_header(prev.header, part.header)
        skip = len(part.header_rows)
        rows, marks, ink = rows[skip:], marks[skip:], ink[skip:]
    numbered = sum(_starts_numbered(r[0]) for r in prev.rows if r) >= max(1, len(prev.rows) // 2)
    if (
        rows
        and prev.rows
        and numbered
        and not _starts_numbered(rows[0][0])
        and not _skips_one(prev.rows, rows)
    ):
        head, hmarks, hink = rows[0], marks[0], ink[0]
        last = len(prev.rows) - 1
        for c, lines in enumerate(head):
            prev.rows[last][c] = prev.rows[last][c] + lines
            prev.marks[last][c] = prev.marks[last][c] or hmarks[c]
            prev.ink[last][c] = max(prev.ink[last][c], hink[c])
        rows, marks, ink = rows[1:], marks[1:], ink[1:]
    prev.rows.extend(rows)
    prev.marks.extend(marks)
    prev.ink.extend(ink)
    prev.pages.append(part.page)


def _text_between(pages: dict[int, Page], prev: _Part, part: _Part) -> bool:
    """Whether body text stands between the end of `prev` and the start of `part`."""
    for number, lower, upper in ((prev.page, prev.bbox[3], 10**9), (part.page, -1, part.bbox[1])):
        page = pages.get(number)
        if page is None:
            continue
        for line in page.lines:
            inside = lower < line.bbox[1] and line.bbox[3] < upper
            if inside and len(squash(line.text or line.text_raw)) >= 12:
                return True
    return False


def join_parts(parts: list[_Part], pages: dict[int, Page]) -> list[_Part]:
    """Join each table that continues on the next page (same columns, nothing in between)."""
    joined: list[_Part] = []
    for part in parts:
        prev = joined[-1] if joined else None
        if (
            prev is not None
            and part.page == prev.pages[-1] + 1
            and _same_columns(prev, part)
            and not _text_between(pages, prev, part)
        ):
            _continue(prev, part)
        else:
            joined.append(part)
    return joined


def _cell_text(lines: list[str], role: str | None) -> str:
    """One cell as text: units and steps one per line, other cells unwrapped."""
    if role == "responsible":
        return "\n".join(M.split_units(lines))
    if role == "steps":
        return "\n".join(f"- {s}" for s in M.split_steps(lines))
    paragraphs: list[list[str]] = []
    for line in lines:
        if not paragraphs or line.startswith(("-", "/", "(")):
            paragraphs.append([line])
        else:
            paragraphs[-1].append(line)
    return "\n".join(join_wrapped(p) for p in paragraphs)


def status_cell_texts(
    row: Sequence[Sequence[str]],
    marks: Sequence[bool],
    ink: Sequence[float],
    roles: Sequence[str | None],
) -> dict[int, str]:
    """Texts of a status row's state cells as the ink reads them: "/" (and the evidence note
    in brackets) in the marked state, nothing in the others where OCR read a mark or a speck
    as a stray letter ("4", "ต"); {} when the table has no three states or the row no mark."""
    cols = [roles.index(state) if state in roles else None for state in M.STATES]
    if any(c is None or c >= len(row) for c in cols):
        return {}
    idx = [c for c in cols if c is not None]
    status, evidence = M.status_and_evidence(
        [row[c] for c in idx],
        [marks[c] if c < len(marks) else False for c in idx],
        [ink[c] if c < len(ink) else 0.0 for c in idx],
    )
    if status is None:
        return {}
    texts: dict[int, str] = {}
    for state, c in zip(M.STATES, idx, strict=True):
        if state == status:
            texts[c] = "/" + (f"\n({evidence})" if evidence else "")
        elif not _WORDS.search("".join(row[c])):
            texts[c] = ""
    return texts


_WORDS = re.compile(r"[^\W\d_]{2,}")  # two letters side by side: a word, not a stray mark


def _table_record(part: _Part, roles: list[str | None], kind: TableKind) -> Table:
    rows = [[_cell_text(cell, roles[c]) for c, cell in enumerate(row)] for row in part.rows]
    if kind == "measures_status":
        for r, row in enumerate(part.rows):
            marks = part.marks[r] if r < len(part.marks) else []
            ink = part.ink[r] if r < len(part.ink) else []
            for c, text in status_cell_texts(row, marks, ink, roles).items():
                rows[r][c] = text
    return Table(
        page=part.page,
        pages=part.pages,
        bbox=list(part.bbox),
        kind=kind,
        header=part.header,
        rows=[r for r in rows if any(x.strip() for x in r)],
    )


def _outside_tables(
    page: Page, tables: Sequence[PageTable], taken: Sequence[unruled.UnruledTable] = ()
) -> list[TextLine]:
    """Text lines of a page that do not lie in one of its tables (ruled or not)."""
    keep: list[Line] = []
    used = set().union(*(t.lines for t in taken)) if taken else set()
    for index, line in enumerate(page.lines):
        cy = (line.bbox[1] + line.bbox[3]) / 2
        if index not in used and not any(t.bbox[1] <= cy <= t.bbox[3] for t in tables):
            keep.append(line)
    return text_lines(keep)


def _find_unruled(page: Page) -> list[unruled.UnruledTable]:
    """The unruled tables of a page; a failure of this best-effort search only costs them."""
    try:
        return unruled.find_tables(page)
    except Exception:  # never lose the memo over a table without rules
        log.exception("unruled table search failed on page %d", page.number)
        return []


def _unruled_part(table: unruled.UnruledTable) -> _Part:
    """An unruled table as a part: no ink evidence, marks come from the text ("/")."""
    width = float(table.columns[-1][1] - table.columns[0][0]) or 1.0
    n = len(table.columns)
    return _Part(
        page=table.page,
        bbox=table.bbox,
        widths=[(b - a) / width for a, b in table.columns],
        header=table.header,
        header_rows=table.header_rows,
        rows=table.rows,
        marks=[[False] * n for _ in table.rows],
        ink=[[0.0] * n for _ in table.rows],
        pages=[table.page],
    )


def extract(
    pages: list[Page], page_tables: list[list[PageTable]]
) -> tuple[Memo, list[Table], list[Measure]]:
    """Header, tables (joined across pages) and measures of one document's pages."""
    by_number = {page.number: page for page in pages}
    tables_of: dict[int, list[PageTable]] = {}
    bands: list[list[Line]] = []
    signature_bands: dict[int, list[Line]] = {}
    for group in page_tables:
        for table in group:
            if table.is_text_band:
                if table.header_lines:
                    bands.append(table.header_lines)
                signature_bands.setdefault(table.page, []).extend(table.signature_lines)
            else:
                tables_of.setdefault(table.page, []).append(table)
    # pages without a ruled table get a best-effort search for a table without rules
    loose = {p.number: _find_unruled(p) for p in pages if p.number not in tables_of}
    plain = [
        _outside_tables(p, tables_of.get(p.number, []), loose.get(p.number, ())) for p in pages
    ]
    memo = parse_header(plain[0]) if plain else Memo()
    memo = merge_header_reads(memo, [parse_header(_corrected_lines(band)) for band in bands])
    memo.reference = checked_reference(memo.reference)[0]
    memo.agency = canonical_agency(memo.agency, memo.organisation)
    memo.to = canonical_addressee(memo.to, memo.organisation)
    memo.signatories = []
    for page, lines in zip(pages, plain, strict=True):
        reread = signature_bands.get(page.number)
        if reread:
            tolerance = max(20, page.dpi // 5)
            blocks = merge_blocks(lines, _corrected_lines(reread), tolerance=tolerance)
        else:
            blocks = signatories([lines])
        memo.signatories.extend(blocks)
    parts = [
        _read_part(table, by_number.get(table.page))
        for number in sorted(tables_of)
        for table in sorted(tables_of[number], key=lambda t: t.bbox[1])
    ]
    parts += [_unruled_part(t) for number in sorted(loose) for t in loose[number]]
    parts.sort(key=lambda p: (p.page, p.bbox[1]))
    records: list[Table] = []
    plan: list[Measure] = []
    status: list[Measure] = []
    for part in join_parts(parts, by_number):
        if not part.rows:
            continue  # a head alone or a one-row grid that continued no table: no table
        roles = M.column_roles(part.header)
        kind = M.table_kind(roles)
        records.append(_table_record(part, roles, kind))
        if kind == "other":
            continue
        grid = M.GridRows(part.header, part.rows, part.marks, part.ink)
        found = M.measures_from(grid, roles)
        (status if kind == "measures_status" else plan).extend(found)
    measures = M.merge_plan_status(plan, status)
    log.debug("structure: %d table(s), %d measure(s)", len(records), len(measures))
    return memo, records, measures
