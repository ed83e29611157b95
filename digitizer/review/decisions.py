"""Review decisions over the SQLite store: queue, append-only audit trail, undo, groups.

Every decision is one row of the ``decisions`` table (never updated, never deleted) written in the
same ``BEGIN IMMEDIATE`` transaction as the correction's new status in the store, so two reviewers
deciding at once are serialised by SQLite and both decisions are kept. Undo is a new decision that
restores the state before the decision it undoes.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from dataclasses import asdict
from pathlib import Path
from typing import Any

from digitizer.review.items import (
    Action,
    Decision,
    ItemKey,
    QueueStatus,
    ReviewError,
    Sort,
    decision_of,
    item_json,
    now_iso,
    text_at,
)
from digitizer.store import ReviewStore

log = logging.getLogger(__name__)

_DECISIONS_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS decisions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        correction_id TEXT NOT NULL,
        doc_id INTEGER NOT NULL,
        action TEXT NOT NULL,
        before_status TEXT NOT NULL,
        after_status TEXT NOT NULL,
        before_text TEXT NOT NULL,
        after_text TEXT NOT NULL,
        before_edit TEXT,
        after_edit TEXT,
        original TEXT NOT NULL,
        suggestion TEXT NOT NULL,
        context_before TEXT NOT NULL DEFAULT '',
        context_after TEXT NOT NULL DEFAULT '',
        reviewer TEXT NOT NULL,
        at TEXT NOT NULL,
        undoes INTEGER
    )""",
    "CREATE INDEX IF NOT EXISTS decisions_item ON decisions(doc_id, correction_id)",
)
# The corrections a reviewer is asked about: flagged by the pipeline, or decided already.
_IN_QUEUE = (
    "(c.pipeline_status = 'flagged' OR EXISTS (SELECT 1 FROM decisions x"
    " WHERE x.doc_id = c.document_id AND x.correction_id = c.id))"
)
_STATUS_OF: dict[str, str] = {
    "pending": "c.status = 'flagged'",
    "accepted": "c.status = 'accepted'",
    "rejected": "c.status = 'rejected'",
    "edited": "c.status = 'edited'",
    "decided": "c.status IN ('accepted', 'rejected', 'edited')",
    "all": "1 = 1",
}


def ensure_schema(store: ReviewStore) -> None:
    """Create the decisions table next to the store's tables (idempotent)."""
    with store.transaction() as conn:
        for statement in _DECISIONS_SCHEMA:
            conn.execute(statement)


class Decisions:
    """Queue, item details and decisions of one review store."""

    def __init__(self, store: ReviewStore) -> None:
        self.store = store
        ensure_schema(store)

    def _query(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> list[sqlite3.Row]:
        with self.store._lock:
            return self.store.connection.execute(sql, params).fetchall()

    # ---- reading ---------------------------------------------------------------------------

    def queue(
        self,
        *,
        document_id: int | None = None,
        rule: str | None = None,
        min_confidence: float | None = None,
        max_confidence: float | None = None,
        status: QueueStatus = "all",
        sort: Sort = "confidence",
        original: str | None = None,
        suggestion: str | None = None,
    ) -> list[dict[str, Any]]:
        """Queue entries (flagged or decided corrections) filtered and sorted."""
        where = [_IN_QUEUE, _STATUS_OF[status]]
        params: list[Any] = []
        for clause, value in (
            ("c.document_id = ?", document_id),
            ("c.rule = ?", rule),
            ("c.confidence >= ?", min_confidence),
            ("c.confidence <= ?", max_confidence),
            ("c.original = ?", original),
            ("c.suggestion = ?", suggestion),
        ):
            if value is not None:
                where.append(clause)
                params.append(value)
        order = "c.confidence, d.record_path, c.page, c.start" if sort == "confidence" else (
            "d.record_path, c.page, c.start"
        )
        rows = self._query(
            "SELECT c.*, d.record_path FROM corrections c JOIN documents d ON d.id = c.document_id"
            f" WHERE {' AND '.join(where)} ORDER BY {order}",
            params,
        )
        return [item_json(row) for row in rows]

    def counts(self) -> dict[str, int]:
        """How many queue entries are pending, accepted, rejected and edited."""
        rows = self._query(
            f"SELECT c.status AS status, COUNT(*) AS n FROM corrections c WHERE {_IN_QUEUE}"
            " GROUP BY c.status"
        )
        by_status = {row["status"]: int(row["n"]) for row in rows}
        counts = {
            "pending": by_status.get("flagged", 0),
            "accepted": by_status.get("accepted", 0),
            "rejected": by_status.get("rejected", 0),
            "edited": by_status.get("edited", 0),
        }
        counts["total"] = sum(by_status.values())
        return counts

    def rules(self) -> list[str]:
        """The rules that occur in the queue, for the filter menu."""
        rows = self._query(
            f"SELECT DISTINCT c.rule FROM corrections c WHERE {_IN_QUEUE} ORDER BY 1"
        )
        return [row[0] for row in rows]

    def documents(self) -> list[dict[str, Any]]:
        """The documents of the store (id and name), for the filter menu."""
        rows = self._query("SELECT id, record_path FROM documents ORDER BY record_path")
        return [{"id": int(row["id"]), "name": Path(row["record_path"]).stem} for row in rows]

    def row(self, key: ItemKey) -> sqlite3.Row:
        """The store row of one correction joined with its document (raises ReviewError)."""
        rows = self._query(
            "SELECT c.*, d.record_path, d.source_path, d.sha256, d.format FROM corrections c"
            " JOIN documents d ON d.id = c.document_id WHERE c.document_id = ? AND c.id = ?",
            (key.document_id, key.correction_id),
        )
        if not rows:
            raise ReviewError(f"no correction {key}")
        return rows[0]

    def item(self, key: ItemKey) -> dict[str, Any]:
        """Everything the item page shows: texts, lines around, alternatives, recent history."""
        row = self.row(key)
        data = item_json(row)
        data["alternatives"] = json.loads(row["alternatives_json"])
        data["bbox"] = None if row["bbox_json"] is None else json.loads(row["bbox_json"])
        data["context_before"] = row["context_before"]
        data["context_after"] = row["context_after"]
        data["text"] = text_at(row["status"], row["original"], row["suggestion"], row["edit"])
        data["line_before"], data["line_after"] = self._lines_around(row)
        data["history"] = [asdict(d) for d in self.history(key, limit=5)]
        return data

    def _lines_around(self, row: sqlite3.Row) -> tuple[str, str]:
        pages = self._query(
            "SELECT text_raw FROM pages WHERE document_id = ? AND number = ?",
            (row["document_id"], row["page"]),
        )
        if not pages:
            return "", ""
        text = pages[0]["text_raw"]
        start = max(0, min(int(row["start"]), len(text)))
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", start)
        before = ""
        if line_start > 0:
            prev_start = text.rfind("\n", 0, line_start - 1) + 1
            before = text[prev_start : line_start - 1]
        after = ""
        if line_end >= 0:
            next_end = text.find("\n", line_end + 1)
            after = text[line_end + 1 : next_end if next_end >= 0 else len(text)]
        return before, after

    def history(self, key: ItemKey | None = None, *, limit: int = 200) -> list[Decision]:
        """The audit trail, newest first, of one item or of the whole store."""
        if key is None:
            rows = self._query("SELECT * FROM decisions ORDER BY id DESC LIMIT ?", (limit,))
        else:
            rows = self._query(
                "SELECT * FROM decisions WHERE doc_id = ? AND correction_id = ?"
                " ORDER BY id DESC LIMIT ?",
                (key.document_id, key.correction_id, limit),
            )
        return [decision_of(row) for row in rows]

    def groups(self, *, min_size: int = 2) -> list[dict[str, Any]]:
        """Repeated original -> suggestion pairs with pending members, biggest first."""
        rows = self._query(
            "SELECT c.original, c.suggestion, COUNT(*) AS n,"
            " SUM(c.status = 'flagged') AS pending, COUNT(DISTINCT c.document_id) AS documents,"
            " MIN(c.confidence) AS confidence FROM corrections c"
            f" WHERE {_IN_QUEUE} GROUP BY c.original, c.suggestion"
            " HAVING n >= ? AND pending > 0 ORDER BY n DESC, c.original",
            (min_size,),
        )
        return [
            {
                "original": row["original"],
                "suggestion": row["suggestion"],
                "count": int(row["n"]),
                "pending": int(row["pending"]),
                "documents": int(row["documents"]),
                "confidence": round(float(row["confidence"]), 3),
            }
            for row in rows
        ]

    # ---- writing ---------------------------------------------------------------------------

    def decide(
        self,
        key: ItemKey,
        action: Action,
        *,
        reviewer: str,
        text: str | None = None,
        alternative: int | None = None,
    ) -> Decision:
        """Record one decision (accept, reject, edit with text, pick alternative N, 1-based)."""
        if action == "undo":
            return self.undo(key, reviewer=reviewer)
        with self.store.transaction() as conn:
            return self._decide_in(conn, key, action, reviewer, text, alternative)

    def _decide_in(
        self,
        conn: sqlite3.Connection,
        key: ItemKey,
        action: str,
        reviewer: str,
        text: str | None,
        alternative: int | None,
    ) -> Decision:
        row = conn.execute(
            "SELECT * FROM corrections WHERE document_id = ? AND id = ?",
            (key.document_id, key.correction_id),
        ).fetchone()
        if row is None:
            raise ReviewError(f"no correction {key}")
        edit: str | None = None
        if action == "accept":
            status = "accepted"
        elif action == "reject":
            status = "rejected"
        elif action == "alternative":
            alternatives = json.loads(row["alternatives_json"])
            if alternative is None or not 1 <= alternative <= len(alternatives):
                raise ReviewError(f"{key} has no alternative {alternative}")
            status, edit = "edited", alternatives[alternative - 1]
        elif action == "edit":
            if text is None or not text.strip():
                raise ReviewError("an edit needs a non-empty text")
            status, edit = "edited", text.strip()
            if edit == row["suggestion"]:
                status, edit = "accepted", None
        else:
            raise ReviewError(f"unknown action {action!r}")
        return self._write(conn, row, action, status, edit, reviewer, undoes=None)

    def _write(
        self,
        conn: sqlite3.Connection,
        row: sqlite3.Row,
        action: str,
        status: str,
        edit: str | None,
        reviewer: str,
        *,
        undoes: int | None,
    ) -> Decision:
        conn.execute(
            "UPDATE corrections SET status = ?, edit = ? WHERE document_id = ? AND id = ?",
            (status, edit, row["document_id"], row["id"]),
        )
        values = {
            "correction_id": row["id"],
            "doc_id": row["document_id"],
            "action": action,
            "before_status": row["status"],
            "after_status": status,
            "before_text": text_at(row["status"], row["original"], row["suggestion"], row["edit"]),
            "after_text": text_at(status, row["original"], row["suggestion"], edit),
            "before_edit": row["edit"],
            "after_edit": edit,
            "original": row["original"],
            "suggestion": row["suggestion"],
            "context_before": row["context_before"],
            "context_after": row["context_after"],
            "reviewer": reviewer or "anonymous",
            "at": now_iso(),
            "undoes": undoes,
        }
        cursor = conn.execute(
            f"INSERT INTO decisions ({', '.join(values)}) VALUES ({', '.join('?' * len(values))})",
            tuple(values.values()),
        )
        decision_id = int(cursor.lastrowid or 0)
        stored = conn.execute("SELECT * FROM decisions WHERE id = ?", (decision_id,)).fetchone()
        log.info("decision %s on %s: %s -> %s", action, row["id"], row["status"], status)
        return decision_of(stored)

    def undo(self, key: ItemKey | None = None, *, reviewer: str) -> Decision:
        """Undo the latest standing decision (of one item, or of this reviewer) by a new one."""
        with self.store.transaction() as conn:
            target = self._standing(conn, key, reviewer)
            if target is None:
                raise ReviewError("nothing to undo")
            row = conn.execute(
                "SELECT * FROM corrections WHERE document_id = ? AND id = ?",
                (target["doc_id"], target["correction_id"]),
            ).fetchone()
            if row is None:
                raise ReviewError("the decided correction is no longer in the store")
            return self._write(
                conn, row, "undo", target["before_status"], target["before_edit"], reviewer,
                undoes=int(target["id"]),
            )

    @staticmethod
    def _standing(
        conn: sqlite3.Connection, key: ItemKey | None, reviewer: str
    ) -> sqlite3.Row | None:
        """The newest decision not yet undone (undo decisions themselves are not undone)."""
        if key is None:
            rows = conn.execute(
                "SELECT * FROM decisions WHERE reviewer = ? ORDER BY id DESC", (reviewer,)
            ).fetchall()
        else:
            rows = conn.execute(
                "SELECT * FROM decisions WHERE doc_id = ? AND correction_id = ? ORDER BY id DESC",
                (key.document_id, key.correction_id),
            ).fetchall()
        undone = {
            int(r[0])
            for r in conn.execute("SELECT undoes FROM decisions WHERE undoes IS NOT NULL")
        }
        for row in rows:
            if row["action"] != "undo" and int(row["id"]) not in undone:
                return row
        return None

    def decide_group(
        self, original: str, suggestion: str, action: Action, *, reviewer: str
    ) -> list[Decision]:
        """Accept or reject every pending correction original -> suggestion in one transaction."""
        if action not in ("accept", "reject"):
            raise ReviewError("a group can only be accepted or rejected")
        with self.store.transaction() as conn:
            rows = conn.execute(
                "SELECT * FROM corrections WHERE original = ? AND suggestion = ?"
                " AND status = 'flagged' ORDER BY document_id, page, start",
                (original, suggestion),
            ).fetchall()
            return [
                self._decide_in(
                    conn, ItemKey(int(r["document_id"]), r["id"]), action, reviewer, None, None
                )
                for r in rows
            ]


__all__ = ["Action", "Decision", "Decisions", "ItemKey", "ReviewError", "ensure_schema", "text_at"]
