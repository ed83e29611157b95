"""Writers of records and tables: atomic (temp file then rename), UTF-8, schema-validated."""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from digitizer.errors import OutputError
from digitizer.model import Document
from digitizer.schema import validate_record


def _current_umask() -> int:
    """The process umask, read from /proc where possible (setting it to read it is not atomic)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def atomic_write_text(path: Path, text: str) -> None:
    """Write text to path so that readers see either the old file or the whole new one."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror or exc}", path=str(path)) from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, 0o666 & ~_current_umask())  # mkstemp makes 0600; match open()'s mode
        os.replace(tmp_name, path)
    except BaseException as exc:
        Path(tmp_name).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write: {exc.strerror or exc}", path=str(path)) from exc
        raise


def record_dict(document: Document) -> dict[str, Any]:
    """The JSON-ready dict of a record."""
    return document.model_dump(mode="json")


def record_json(document: Document) -> str:
    """The record as validated JSON text, Thai as characters (no \\u escapes)."""
    data = record_dict(document)
    validate_record(data, path=document.source.path)
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def write_record(document: Document, path: Path) -> Path:
    """Validate a record against the shipped schema and write it atomically as UTF-8 JSON."""
    atomic_write_text(Path(path), record_json(document))
    return Path(path)


def read_record(path: Path) -> Document:
    """Load a record written by write_record."""
    return Document.model_validate_json(Path(path).read_text(encoding="utf-8"))


# ---- many records: JSON Lines and CSV tables (used by `digitize export`) ----------------------

CSV_KINDS: tuple[str, ...] = ("measures_plan", "measures_status", "other")


def record_jsonl_line(document: Document) -> str:
    """One record as one validated JSON line (compact, Thai as characters, newline ended)."""
    data = record_dict(document)
    validate_record(data, path=document.source.path)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def write_jsonl(documents: Iterable[Document], path: Path) -> Path:
    """Write records as JSON Lines, one validated record a line, atomically."""
    atomic_write_text(Path(path), "".join(record_jsonl_line(d) for d in documents))
    return Path(path)


def _csv_text(rows: Iterable[Sequence[object]]) -> str:
    """RFC 4180 CSV (\\r\\n line ends) with a UTF-8 BOM so spreadsheet programs read the Thai."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return "\ufeff" + buffer.getvalue()


def table_kind_rows(named: Iterable[tuple[str, Document]]) -> dict[str, list[list[str]]]:
    """CSV rows per table kind: document, page, table, row ("header" or 1..n), then the cells."""
    by_kind: dict[str, list[list[str]]] = {kind: [] for kind in CSV_KINDS}
    for name, document in named:
        for number, table in enumerate(document.tables, start=1):
            rows = by_kind.setdefault(table.kind, [])
            lead = [name, str(table.page), str(number)]
            if table.header:
                rows.append([*lead, "header", *table.header])
            for index, row in enumerate(table.rows, start=1):
                rows.append([*lead, str(index), *row])
    return by_kind


def write_tables_csv(named: Iterable[tuple[str, Document]], directory: Path) -> list[Path]:
    """Write one CSV per table kind (<kind>.csv) and measures.csv into directory, atomically."""
    named = list(named)
    directory = Path(directory)
    written: list[Path] = []
    for kind, rows in table_kind_rows(named).items():
        width = max((len(r) for r in rows), default=4) - 4
        head = ["document", "page", "table", "row", *(f"c{i}" for i in range(1, width + 1))]
        path = directory / f"{kind}.csv"
        atomic_write_text(path, _csv_text([head, *rows]))
        written.append(path)
    measures = [
        [name, m.number, m.measure, " | ".join(m.steps), " | ".join(m.responsible),
         m.monitoring, m.status, m.evidence]
        for name, document in named for m in document.measures
    ]
    head = ["document", "number", "measure", "steps", "responsible", "monitoring", "status",
            "evidence"]
    path = directory / "measures.csv"
    atomic_write_text(path, _csv_text([head, *measures]))
    written.append(path)
    return written
