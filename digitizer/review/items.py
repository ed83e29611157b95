"""The names of review: item keys, decisions of the audit trail, queue entries as JSON."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

Action = Literal["accept", "reject", "edit", "alternative", "undo"]
QueueStatus = Literal["pending", "accepted", "rejected", "edited", "decided", "all"]
Sort = Literal["confidence", "document"]


class ReviewError(ValueError):
    """A decision that cannot be made (unknown item, bad alternative, nothing to undo)."""


@dataclass(frozen=True)
class ItemKey:
    """Names one correction across the store: the document's id and the correction's id."""

    document_id: int
    correction_id: str

    def __str__(self) -> str:
        return f"{self.document_id}:{self.correction_id}"

    @classmethod
    def parse(cls, text: str) -> ItemKey:
        """Parse "DOC:ID" (raises ReviewError when malformed)."""
        doc, sep, cid = text.partition(":")
        if not sep or not doc.isdigit() or not cid:
            raise ReviewError(f"not an item key (DOC:ID): {text!r}")
        return cls(int(doc), cid)


@dataclass(frozen=True)
class Decision:
    """One row of the audit trail."""

    id: int
    key: str
    action: str
    before_status: str
    after_status: str
    before_text: str
    after_text: str
    reviewer: str
    at: str
    undoes: int | None
    original: str
    suggestion: str


def now_iso() -> str:
    """The current UTC time as ISO 8601 with seconds."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def text_at(status: str, original: str, suggestion: str, edit: str | None) -> str:
    """What the page text holds at a correction's place for a given status."""
    if status in ("applied", "accepted"):
        return suggestion
    if status == "edited":
        return edit if edit is not None else suggestion
    return original


def decision_of(row: sqlite3.Row) -> Decision:
    """The audit-trail entry of a decisions row."""
    return Decision(
        id=int(row["id"]),
        key=f"{row['doc_id']}:{row['correction_id']}",
        action=row["action"],
        before_status=row["before_status"],
        after_status=row["after_status"],
        before_text=row["before_text"],
        after_text=row["after_text"],
        reviewer=row["reviewer"],
        at=row["at"],
        undoes=row["undoes"],
        original=row["original"],
        suggestion=row["suggestion"],
    )


def item_json(row: sqlite3.Row) -> dict[str, Any]:
    """The small JSON of one queue entry."""
    return {
        "key": f"{row['document_id']}:{row['id']}",
        "doc": int(row["document_id"]),
        "document": Path(row["record_path"]).stem,
        "page": int(row["page"]),
        "original": row["original"],
        "suggestion": row["suggestion"],
        "confidence": round(float(row["confidence"]), 3),
        "rule": row["rule"],
        "status": row["status"],
        "edit": row["edit"],
    }
