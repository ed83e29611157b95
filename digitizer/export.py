"""Writers of records and tables: atomic (temp file then rename), UTF-8, schema-validated."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from digitizer.errors import OutputError
from digitizer.model import Document
from digitizer.schema import validate_record


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
