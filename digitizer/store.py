"""SQLite review store: documents, pages and every correction, the base of the review app.

One file (``review.sqlite``), WAL mode, every write in one transaction, schema versioned with
``PRAGMA user_version``. Only the batch parent (and the review app) write it.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from digitizer.errors import OutputError
from digitizer.model import Correction, CorrectionStatus, Document, Page

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
CONTEXT_CHARS = 80
# Statuses only a reviewer sets; the pipeline writes "applied" or "flagged".
REVIEW_STATUSES: frozenset[str] = frozenset({"accepted", "rejected", "edited"})

_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY,
    record_path TEXT NOT NULL UNIQUE,
    source_path TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    format TEXT NOT NULL,
    page_count INTEGER NOT NULL,
    status TEXT NOT NULL,
    options_fingerprint TEXT NOT NULL DEFAULT '',
    digitizer_version TEXT NOT NULL DEFAULT '',
    errors_json TEXT NOT NULL DEFAULT '[]',
    memo_json TEXT NOT NULL DEFAULT '{}',
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS pages (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    dpi INTEGER NOT NULL,
    mean_confidence REAL NOT NULL,
    text_raw TEXT NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (document_id, number)
);
CREATE TABLE IF NOT EXISTS corrections (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    page INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    original TEXT NOT NULL,
    suggestion TEXT NOT NULL,
    alternatives_json TEXT NOT NULL DEFAULT '[]',
    confidence REAL NOT NULL,
    rule TEXT NOT NULL,
    bbox_json TEXT,
    status TEXT NOT NULL,
    edit TEXT,
    pipeline_status TEXT NOT NULL,
    context_before TEXT NOT NULL DEFAULT '',
    context_after TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (document_id, id)
);
CREATE INDEX IF NOT EXISTS corrections_status ON corrections(status);
CREATE INDEX IF NOT EXISTS corrections_rule ON corrections(rule);
"""


@dataclass(frozen=True)
class StoredDocument:
    """One row of the documents table."""

    id: int
    record_path: str
    source_path: str
    sha256: str
    format: str
    page_count: int
    status: str
    options_fingerprint: str
    digitizer_version: str
    errors: list[dict[str, Any]]
    memo: dict[str, Any]
    updated_at: str


@dataclass(frozen=True)
class StoredPage:
    """One row of the pages table."""

    document_id: int
    number: int
    width: int
    height: int
    dpi: int
    mean_confidence: float
    text_raw: str
    text: str


@dataclass(frozen=True)
class StoredCorrection:
    """One row of the corrections table, with the rest of its line around it for review."""

    document_id: int
    id: str
    page: int
    start: int
    end: int
    original: str
    suggestion: str
    alternatives: list[str]
    confidence: float
    rule: str
    bbox: list[int] | None
    status: str
    edit: str | None
    pipeline_status: str
    context_before: str
    context_after: str

    def to_correction(self) -> Correction:
        """The model object of this row (as the record holds it)."""
        return Correction(
            id=self.id,
            page=self.page,
            start=self.start,
            end=self.end,
            original=self.original,
            suggestion=self.suggestion,
            alternatives=list(self.alternatives),
            confidence=self.confidence,
            rule=self.rule,
            bbox=self.bbox,
            status=self.status,  # type: ignore[arg-type]
            edit=self.edit,
        )


def line_context(page: Page | None, start: int, end: int) -> tuple[str, str]:
    """The text of the line around [start, end) of page.text_raw: (before, after), capped."""
    if page is None:
        return "", ""
    text = page.text_raw
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    if line_end < 0:
        line_end = len(text)
    before = text[line_start:start][-CONTEXT_CHARS:]
    after = text[end:line_end][:CONTEXT_CHARS]
    return before, after


def _identity(c: sqlite3.Row | Correction) -> tuple[Any, ...]:
    """What makes two corrections 'the same proposal' across runs of the same file."""
    if isinstance(c, sqlite3.Row):
        return (c["page"], c["start"], c["end"], c["original"], c["suggestion"], c["rule"])
    return (c.page, c.start, c.end, c.original, c.suggestion, c.rule)


class ReviewStore:
    """The SQLite review store over one file; safe to share between threads of one process."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._conn = sqlite3.connect(
                str(self.path), timeout=30.0, isolation_level=None, check_same_thread=False
            )
        except (OSError, sqlite3.Error) as exc:
            raise OutputError(f"cannot open the review store: {exc}", path=str(path)) from exc
        self._conn.row_factory = sqlite3.Row
        self._lock = threading.RLock()
        self._migrate()

    # ---- connection plumbing -------------------------------------------------------------

    @property
    def connection(self) -> sqlite3.Connection:
        """The raw connection, for modules that add their own tables (review decisions, audit)."""
        return self._conn

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (BEGIN IMMEDIATE … COMMIT, rolled back on any error)."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def _migrate(self) -> None:
        with self._lock:
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=NORMAL")
            self._conn.execute("PRAGMA foreign_keys=ON")
            version = self._conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise OutputError(
                    f"review store schema {version} is newer than this program's"
                    f" ({SCHEMA_VERSION})",
                    path=str(self.path),
                    remedy="upgrade digitizer or use another --out folder",
                )
            if version < SCHEMA_VERSION:
                with self.transaction() as conn:
                    for statement in _SCHEMA.split(";"):
                        if statement.strip():
                            conn.execute(statement)
                    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    def close(self) -> None:
        """Close the connection (checkpointing the WAL)."""
        with self._lock:
            self._conn.close()

    def __enter__(self) -> ReviewStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- writing ---------------------------------------------------------------------------

    def upsert_document(self, document: Document, *, record_path: str, source_path: str) -> int:
        """Insert or replace a document with its pages and corrections; returns its id.

        Review decisions (accepted/rejected/edited) survive when the same file (same sha256)
        is stored again and the same correction is proposed again.
        """
        now = datetime.now(UTC).isoformat(timespec="seconds")
        pages = {page.number: page for page in document.pages}
        with self.transaction() as conn:
            old = conn.execute(
                "SELECT id, sha256 FROM documents WHERE record_path = ?", (record_path,)
            ).fetchone()
            decisions: dict[tuple[Any, ...], tuple[str, str | None]] = {}
            if old is not None and old["sha256"] == document.source.sha256:
                for row in conn.execute(
                    "SELECT * FROM corrections WHERE document_id = ? AND status IN (?, ?, ?)",
                    (old["id"], *sorted(REVIEW_STATUSES)),
                ):
                    decisions[_identity(row)] = (row["status"], row["edit"])
            values = (
                source_path,
                document.source.sha256,
                document.source.format,
                document.source.page_count,
                document.status,
                document.processing.options_fingerprint,
                document.processing.digitizer_version,
                json.dumps(
                    [e.model_dump(mode="json") for e in document.errors], ensure_ascii=False
                ),
                json.dumps(document.memo.model_dump(mode="json"), ensure_ascii=False),
                now,
            )
            if old is None:
                cursor = conn.execute(
                    "INSERT INTO documents (source_path, sha256, format, page_count, status,"
                    " options_fingerprint, digitizer_version, errors_json, memo_json, updated_at,"
                    " record_path) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    (*values, record_path),
                )
                doc_id = int(cursor.lastrowid or 0)
            else:
                doc_id = int(old["id"])
                conn.execute(
                    "UPDATE documents SET source_path=?, sha256=?, format=?, page_count=?,"
                    " status=?, options_fingerprint=?, digitizer_version=?, errors_json=?,"
                    " memo_json=?, updated_at=? WHERE id=?",
                    (*values, doc_id),
                )
                conn.execute("DELETE FROM pages WHERE document_id = ?", (doc_id,))
                conn.execute("DELETE FROM corrections WHERE document_id = ?", (doc_id,))
            conn.executemany(
                "INSERT INTO pages VALUES (?,?,?,?,?,?,?,?)",
                [
                    (doc_id, p.number, p.width, p.height, p.dpi, p.mean_confidence, p.text_raw,
                     p.text)
                    for p in document.pages
                ],
            )
            rows = []
            for c in document.corrections:
                status, edit = decisions.get(_identity(c), (c.status, c.edit))
                before, after = line_context(pages.get(c.page), c.start, c.end)
                rows.append((
                    doc_id, c.id, c.page, c.start, c.end, c.original, c.suggestion,
                    json.dumps(c.alternatives, ensure_ascii=False), c.confidence, c.rule,
                    None if c.bbox is None else json.dumps(c.bbox), status, edit, c.status,
                    before, after,
                ))
            conn.executemany(
                'INSERT INTO corrections (document_id, id, page, start, "end", original,'
                " suggestion, alternatives_json, confidence, rule, bbox_json, status, edit,"
                " pipeline_status, context_before, context_after)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                rows,
            )
        log.debug("stored %s: %d pages, %d corrections", record_path, len(pages), len(rows))
        return doc_id

    def set_correction_status(
        self, document_id: int, correction_id: str, status: CorrectionStatus,
        *, edit: str | None = None,
    ) -> None:
        """Record a reviewer's decision on one correction (raises KeyError when unknown)."""
        with self.transaction() as conn:
            cursor = conn.execute(
                "UPDATE corrections SET status = ?, edit = ? WHERE document_id = ? AND id = ?",
                (status, edit, document_id, correction_id),
            )
            if cursor.rowcount == 0:
                raise KeyError(f"no correction {correction_id} in document {document_id}")

    def delete_document(self, record_path: str) -> None:
        """Remove a document with its pages and corrections."""
        with self.transaction() as conn:
            conn.execute("DELETE FROM documents WHERE record_path = ?", (record_path,))

    # ---- reading ---------------------------------------------------------------------------

    def documents(self) -> list[StoredDocument]:
        """Every stored document, ordered by record path."""
        with self._lock:
            rows = self._conn.execute("SELECT * FROM documents ORDER BY record_path").fetchall()
        return [_document(row) for row in rows]

    def document(self, document_id: int) -> StoredDocument | None:
        """One document by id, or None."""
        with self._lock:
            row = self._conn.execute(
                "SELECT * FROM documents WHERE id = ?", (document_id,)
            ).fetchone()
        return None if row is None else _document(row)

    def find_document(self, record_path: str) -> StoredDocument | None:
        """One document by the path of its record, or None."""
        with self._lock:
            row = self._conn.execute(
                "SELECT * FROM documents WHERE record_path = ?", (record_path,)
            ).fetchone()
        return None if row is None else _document(row)

    def pages(self, document_id: int) -> list[StoredPage]:
        """The pages of one document in page order."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT * FROM pages WHERE document_id = ? ORDER BY number", (document_id,)
            ).fetchall()
        return [StoredPage(**dict(row)) for row in rows]

    def corrections(
        self,
        document_id: int | None = None,
        *,
        status: str | Sequence[str] | None = None,
        page: int | None = None,
        rule: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[StoredCorrection]:
        """Corrections filtered by document, status(es), page and rule, in reading order."""
        where: list[str] = []
        params: list[Any] = []
        if document_id is not None:
            where.append("document_id = ?")
            params.append(document_id)
        if status is not None:
            statuses = [status] if isinstance(status, str) else list(status)
            where.append(f"status IN ({','.join('?' * len(statuses))})")
            params.extend(statuses)
        if page is not None:
            where.append("page = ?")
            params.append(page)
        if rule is not None:
            where.append("rule = ?")
            params.append(rule)
        sql = "SELECT * FROM corrections"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += ' ORDER BY document_id, page, start, "end", id'
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params.extend([limit, offset])
        with self._lock:
            rows = self._conn.execute(sql, params).fetchall()
        return [_correction(row) for row in rows]

    def record_file(self, document: StoredDocument) -> Path:
        """The record file of a document (record paths are relative to the store's folder)."""
        path = Path(document.record_path)
        return path if path.is_absolute() else self.path.parent / path

    def counts(self) -> dict[str, int]:
        """How many corrections there are per status (for summaries)."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT status, COUNT(*) AS n FROM corrections GROUP BY status"
            ).fetchall()
        return {row["status"]: int(row["n"]) for row in rows}


def _document(row: sqlite3.Row) -> StoredDocument:
    data = dict(row)
    data["errors"] = json.loads(data.pop("errors_json"))
    data["memo"] = json.loads(data.pop("memo_json"))
    return StoredDocument(**data)


def _correction(row: sqlite3.Row) -> StoredCorrection:
    data = dict(row)
    data["alternatives"] = json.loads(data.pop("alternatives_json"))
    bbox = data.pop("bbox_json")
    data["bbox"] = None if bbox is None else json.loads(bbox)
    return StoredCorrection(**data)
