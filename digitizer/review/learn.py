"""Learning from review: edits into the user lexicon TSV; rejections remembered for next runs."""

from __future__ import annotations

import fcntl
import logging
import sqlite3
from pathlib import Path

log = logging.getLogger(__name__)


def _clean(text: str) -> str:
    return " ".join(text.replace("\t", " ").split())


def lexicon_entries(path: Path) -> set[tuple[str, str]]:
    """The (term, canonical) pairs already in a lexicon TSV (comments and blanks skipped)."""
    if not path.exists():
        return set()
    entries: set[tuple[str, str]] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        term, _sep, canonical = line.partition("\t")
        entries.add((term.strip(), canonical.strip()))
    return entries


def append_lexicon(path: Path | str, term: str, canonical: str) -> bool:
    """Append term -> canonical to the user lexicon unless present; True when a line was added."""
    path = Path(path)
    term, canonical = _clean(term), _clean(canonical)
    if not term or not canonical or term == canonical:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            if (term, canonical) in lexicon_entries(path):
                return False
            handle.seek(0)
            existing = handle.read()  # "a+" writes at the end whatever the read position
            if existing and not existing.endswith("\n"):
                handle.write("\n")
            handle.write(f"{term}\t{canonical}\n")
            handle.flush()
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
    log.info("learned %s -> %s into %s", term, canonical, path)
    return True


def rejected_pairs(store_path: Path | str) -> set[tuple[str, str]]:
    """(original, suggestion) pairs whose latest decision is a rejection: do not suggest again."""
    return {(o, s) for o, s, _before, _after in rejected_contexts(store_path)}


def rejected_contexts(store_path: Path | str) -> set[tuple[str, str, str, str]]:
    """(original, suggestion, text before, text after on the line) of every standing rejection."""
    path = Path(store_path)
    if not path.exists():
        return set()
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30.0)
    try:
        has_table = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'decisions'"
        ).fetchone()
        if not has_table:
            return set()
        rows = conn.execute(
            "SELECT d.original, d.suggestion, d.context_before, d.context_after, d.after_status"
            " FROM decisions d JOIN (SELECT doc_id, correction_id, MAX(id) AS last FROM decisions"
            " GROUP BY doc_id, correction_id) l ON l.last = d.id"
        ).fetchall()
    finally:
        conn.close()
    return {(o, s, b, a) for o, s, b, a, status in rows if status == "rejected"}


class RejectionMemory:
    """Standing rejections of a store, to stop the next run proposing them again.

    A proposal is suppressed when its (original, suggestion) was rejected with the same text
    around it on the line (the last/first `window` characters), or anywhere when the reviewer
    rejected it `anywhere_after` times or more.
    """

    def __init__(
        self, contexts: set[tuple[str, str, str, str]], *, window: int = 12, anywhere_after: int = 3
    ) -> None:
        self.window = window
        self._contexts: dict[tuple[str, str], set[tuple[str, str]]] = {}
        for o, s, b, a in contexts:
            self._contexts.setdefault((o, s), set()).add((b[-window:], a[:window]))
        self._anywhere = {
            pair for pair, seen in self._contexts.items() if len(seen) >= anywhere_after
        }

    @classmethod
    def load(cls, store_path: Path | str) -> RejectionMemory:
        """The memory of OUT_DIR/review.sqlite (empty when there is no store yet)."""
        return cls(rejected_contexts(store_path))

    def __len__(self) -> int:
        return sum(len(seen) for seen in self._contexts.values())

    def rejects(self, original: str, suggestion: str, before: str = "", after: str = "") -> bool:
        """True when this proposal, in this context, was rejected by a reviewer."""
        pair = (original, suggestion)
        if pair in self._anywhere:
            return True
        return any(
            before.endswith(tail) and after.startswith(head)
            for tail, head in self._contexts.get(pair, ())
        )
