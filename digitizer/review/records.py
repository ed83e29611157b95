"""The records of an output folder and their review store: find, open, apply decisions.

The store (OUT_DIR/review.sqlite) is built from the records (OUT_DIR/**/*.json) when missing.
Applying the store's decisions to a record sets each correction's status (and edit) and rebuilds
every page's text and its lines' texts from text_raw with model.apply_corrections.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path

from pydantic import ValidationError

from digitizer.errors import BadInputError
from digitizer.export import read_record
from digitizer.model import Correction, Document, Page, apply_corrections
from digitizer.store import ReviewStore

log = logging.getLogger(__name__)

STORE_NAME = "review.sqlite"
_SKIP_DIRS = {".review-cache"}
MIN_PROPAGATED = 3  # shorter OCR forms are not replaced in memo/table texts (too ambiguous)


def find_records(out_dir: Path) -> list[Path]:
    """Every record JSON under out_dir (files that parse as a Document), sorted."""
    found: list[Path] = []
    for path in sorted(Path(out_dir).rglob("*.json")):
        parts = path.relative_to(out_dir).parts
        if any(part in _SKIP_DIRS or part.startswith(".") for part in parts):
            continue
        try:
            head = path.read_text(encoding="utf-8")[:4096]
        except OSError:
            continue
        if '"schema_version"' not in head:
            continue
        try:
            read_record(path)
        except (ValidationError, ValueError, OSError) as exc:
            log.warning("skipping %s: not a record (%s)", path, exc)
            continue
        found.append(path)
    return found


def open_store(out_dir: Path) -> ReviewStore:
    """Open OUT_DIR/review.sqlite, adding the records there that it does not hold (or all)."""
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        raise BadInputError("not a folder of records", path=str(out_dir),
                            remedy="give the --out folder of `digitize run` or `digitize batch`")
    store = ReviewStore(out_dir / STORE_NAME)
    known = {resolve(out_dir, d.record_path).resolve() for d in store.documents()}
    added = 0
    for record in find_records(out_dir):
        if record.resolve() in known:
            continue
        document = read_record(record)
        store.upsert_document(
            document, record_path=record.relative_to(out_dir).as_posix(),
            source_path=document.source.path,
        )
        added += 1
    if added:
        log.info("added %d records of %s to its review store", added, out_dir)
    return store


def resolve(out_dir: Path, stored: str) -> Path:
    """A path as stored: absolute, or relative to out_dir (records) or the working folder."""
    path = Path(stored)
    if path.is_absolute():
        return path
    candidates = (Path(out_dir) / path, path, Path(out_dir) / path.name)
    return next((c for c in candidates if c.exists()), candidates[0])


def reviewed_corrections(store: ReviewStore, document_id: int) -> dict[str, tuple[str, str | None]]:
    """The store's status and edit of every correction of one document, by correction id."""
    return {c.id: (c.status, c.edit) for c in store.corrections(document_id)}


def _rebuild_page(page: Page, corrections: list[Correction]) -> Page:
    """Page and line texts regenerated from text_raw plus the corrections that replace text."""
    text = apply_corrections(page.text_raw, corrections)
    lines = []
    cursor = 0
    for line in page.lines:
        start, end = cursor, cursor + len(line.text_raw)
        inside = [c.model_copy(update={"start": c.start - start, "end": c.end - start})
                  for c in corrections if start <= c.start and c.end <= end]
        lines.append(line.model_copy(update={"text": apply_corrections(line.text_raw, inside)}))
        cursor = end + 1
    if cursor - 1 != len(page.text_raw) and page.lines:
        # lines do not tile text_raw: fall back to cutting the new page text at its newlines
        parts = text.split("\n")
        if len(parts) == len(page.lines):
            lines = [
                line.model_copy(update={"text": part})
                for line, part in zip(page.lines, parts, strict=True)
            ]
        else:
            log.warning("page %d: lines do not match text_raw; line texts kept", page.number)
            lines = list(page.lines)
    return page.model_copy(update={"text": text, "lines": lines})


def _propagate(document: Document, changes: list[tuple[str, str]]) -> Document:
    """Put reviewed words into the memo, tables and measures, which hold the OCR'd words.

    Only a flagged word the reviewer changed is replaced (its OCR form is not a real word, so
    replacing it elsewhere is safe); the memo's ISO date is re-read when its date text changes.
    """
    if not changes:
        return document

    def fix(text: str | None) -> str | None:
        if text is None:
            return None
        for before, after in changes:
            text = text.replace(before, after)
        return text

    memo = document.memo
    fields = {name: fix(getattr(memo, name)) for name in
              ("agency", "reference", "date_text", "subject", "to")}
    if fields["date_text"] != memo.date_text and fields["date_text"]:
        from digitizer.thaidate import parse_thai_date

        parsed = parse_thai_date(fields["date_text"] or "")
        if parsed is not None and parsed.iso is not None:
            fields["date"] = parsed.iso
    fields["signatories"] = [  # type: ignore[assignment]
        s.model_copy(update={"name": fix(s.name), "position": fix(s.position)})
        for s in memo.signatories
    ]
    tables = [
        t.model_copy(update={"header": [fix(c) for c in t.header],
                             "rows": [[fix(c) for c in row] for row in t.rows]})
        for t in document.tables
    ]
    measures = [
        m.model_copy(update={
            "measure": fix(m.measure), "steps": [fix(x) for x in m.steps],
            "responsible": [fix(x) for x in m.responsible], "monitoring": fix(m.monitoring),
            "evidence": fix(m.evidence),
        })
        for m in document.measures
    ]
    return document.model_copy(update={
        "memo": memo.model_copy(update=fields), "tables": tables, "measures": measures,
    })


def apply_review(document: Document, decided: dict[str, tuple[str, str | None]]) -> Document:
    """The record with each correction's reviewed status/edit and its texts regenerated."""
    corrections = []
    changes: list[tuple[str, str]] = []
    for correction in document.corrections:
        status, edit = decided.get(correction.id, (correction.status, correction.edit))
        reviewed = correction.model_copy(update={
            "status": status, "edit": edit if status == "edited" else None,
        })
        corrections.append(reviewed)
        after = reviewed.replacement()
        if correction.status == "flagged" and after is not None and after != correction.original \
                and len(correction.original.strip()) >= MIN_PROPAGATED:
            changes.append((correction.original, after))
    by_page: dict[int, list[Correction]] = {}
    for correction in corrections:
        by_page.setdefault(correction.page, []).append(correction)
    pages = [_rebuild_page(page, by_page.get(page.number, [])) for page in document.pages]
    updated = _propagate(document, sorted(set(changes), key=lambda c: -len(c[0])))
    updated = updated.model_copy(update={"corrections": corrections, "pages": pages})
    # a deep round trip re-validates every field (statuses, edits) through the model
    return Document.model_validate_json(json.dumps(updated.model_dump(mode="json")))


def reviewed_documents(out_dir: Path, store: ReviewStore) -> Iterator[tuple[Path, Document]]:
    """(record path, record with decisions applied) for every document of the store."""
    for stored in store.documents():
        path = resolve(out_dir, stored.record_path)
        if not path.is_file():
            log.warning("record missing, skipped: %s", stored.record_path)
            continue
        yield path, apply_review(read_record(path), reviewed_corrections(store, stored.id))
