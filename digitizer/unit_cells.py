"""Department names of the responsible column written as the units they are (rule ``unit_name``).

The ผู้รับผิดชอบ column of a measures table holds only department names (สำนักปลัด, กองคลัง,
กองสวัสดิการสังคม…), one per line or wrapped over two, in a narrow cell that Tesseract reads
poorly: "การสวัสดิการสังคม" for กองสวัสดิการสังคม (a phrase of its own, so the lexical
corrections rightly leave it), "สาธารณสุขและกาสิ่งแวดล้อม", debris at the cell edges. The
structure already resolves these cells to known units (`digitizer.measures.split_units`); this
module writes the same units into the page text, line by line, when every unit of the cell is a
known department name and the cell's read is close to them (nothing else in the cell is lost).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rapidfuzz import fuzz

from digitizer import measures as M
from digitizer.model import Correction, Page
from digitizer.table_headings import cell_reads, correction, known_heading, split_heading
from digitizer.textblocks import squash

RULE = "unit_name"
READ_MATCH = 75.0  # fuzz.ratio of the cell's read and its units, both without whitespace
RESPONSIBLE = frozenset(M.ROLE_HEADINGS["responsible"])


def responsible_column(table: Any) -> int | None:
    """The column whose header cell reads as a responsible heading (ผู้รับผิดชอบ…), or None."""
    depth = max(1, table.header_rows)
    for cell in table.cells:
        if cell.row < depth and known_heading(cell.text) in RESPONSIBLE:
            return int(cell.col)
    return None


def unit_pieces(units: Sequence[str], reads: Sequence[str]) -> list[str]:
    """The units laid over the cell's visual lines: one per line when they are as many, else
    the units joined and cut where each line's read ends (a name wrapped over two lines)."""
    if len(units) == len(reads):
        return list(units)
    return [piece.strip() for piece in split_heading(" ".join(units), reads)]


def unit_corrections(page: Page, tables: Sequence[Any]) -> list[Correction]:
    """The ``unit_name`` corrections of a page's responsible cells (offsets in text_raw)."""
    known = set(M.known_units())
    out: list[Correction] = []
    for table in tables:
        if not getattr(table, "cells", None):
            continue
        column = responsible_column(table)
        if column is None:
            continue
        for cell in table.cells:
            if cell.col != column or cell.row < max(1, table.header_rows) or not cell.spans:
                continue
            reads = cell_reads(page, cell)
            if not reads:
                continue
            texts = [text for _, _, text in reads]
            units = M.split_units(texts)
            if not units or any(unit not in known for unit in units):
                continue
            read, want = squash("".join(texts)), squash("".join(units))
            if read == want or fuzz.ratio(read, want) < READ_MATCH:
                continue
            for (start, end, text), piece in zip(reads, unit_pieces(units, texts), strict=True):
                if squash(text) == squash(piece):
                    continue
                if not piece and end < len(page.text_raw) and page.text_raw[end] == "\n":
                    end += 1  # a debris line deleted with its line break: no blank line left
                out.append(correction(page, start, end, piece, cell.bbox, rule=RULE))
    return out
