"""The SQLite review store: schema, upsert, reviewer decisions kept, filters, context."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from digitizer.model import Correction, Document, Line, Page, Source
from digitizer.store import SCHEMA_VERSION, ReviewStore, line_context


def _document(sha: str = "a" * 64, suggestion: str = "เทศบาล") -> Document:
    lines = ["บันทึกข้อความ", "เทศบาน ตำบล", "ที่ ลย ๐๐๑"]
    text_raw = "\n".join(lines)
    page = Page(
        number=1, width=100, height=200, dpi=300, text_raw=text_raw, text=text_raw,
        lines=[Line(text_raw=t, text=t, bbox=[0, 0, 10, 10], confidence=90) for t in lines],
    )
    start = text_raw.index("เทศบาน")
    corrections = [
        Correction(id="c1", page=1, start=start, end=start + 6, original="เทศบาน",
                   suggestion=suggestion, alternatives=["เทศกาล"], confidence=0.95,
                   rule="lexicon", bbox=[1, 2, 3, 4], status="applied"),
        Correction(id="c2", page=1, start=len(text_raw) - 3, end=len(text_raw), original="๐๐๑",
                   suggestion="๐๐๗", confidence=0.6, rule="thai_digit", status="flagged"),
    ]
    return Document(
        source=Source(path="in/a.pdf", sha256=sha, format="pdf", page_count=1),
        pages=[page], corrections=corrections,
    )


def test_schema_version_and_wal(tmp_path: Path) -> None:
    store = ReviewStore(tmp_path / "review.sqlite")
    store.close()
    conn = sqlite3.connect(tmp_path / "review.sqlite")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"documents", "pages", "corrections"} <= tables


def test_upsert_and_read_back(tmp_path: Path) -> None:
    with ReviewStore(tmp_path / "review.sqlite") as store:
        doc_id = store.upsert_document(
            _document(), record_path="out/a.json", source_path="in/a.pdf"
        )
        (doc,) = store.documents()
        assert (doc.id, doc.record_path, doc.source_path, doc.page_count) == (
            doc_id, "out/a.json", "in/a.pdf", 1)
        assert store.record_file(doc) == tmp_path / "out" / "a.json"
        assert store.document(doc_id) == doc and store.find_document("x.json") is None
        (page,) = store.pages(doc_id)
        assert page.text_raw.startswith("บันทึกข้อความ\n")
        rows = store.corrections(doc_id)
        assert [r.id for r in rows] == ["c1", "c2"]
        c1 = rows[0]
        assert (c1.context_before, c1.context_after) == ("", " ตำบล")
        assert c1.alternatives == ["เทศกาล"] and c1.bbox == [1, 2, 3, 4]
        assert rows[1].context_before == "ที่ ลย " and rows[1].bbox is None
        assert c1.to_correction() == _document().corrections[0]
        assert [r.id for r in store.corrections(status="flagged")] == ["c2"]
        assert [r.id for r in store.corrections(rule="lexicon", page=1)] == ["c1"]
        assert store.corrections(status=["applied", "flagged"], limit=1, offset=1)[0].id == "c2"
        assert store.counts() == {"applied": 1, "flagged": 1}


def test_reupsert_keeps_review_decisions_for_same_content(tmp_path: Path) -> None:
    with ReviewStore(tmp_path / "review.sqlite") as store:
        doc_id = store.upsert_document(_document(), record_path="a.json", source_path="a.pdf")
        store.set_correction_status(doc_id, "c2", "edited", edit="๐๐๘")
        store.set_correction_status(doc_id, "c1", "rejected")
        again = store.upsert_document(_document(), record_path="a.json", source_path="a.pdf")
        assert again == doc_id and len(store.documents()) == 1
        statuses = {r.id: (r.status, r.edit, r.pipeline_status) for r in store.corrections()}
        assert statuses == {"c1": ("rejected", None, "applied"), "c2": ("edited", "๐๐๘", "flagged")}
        # a different proposal at the same place is a new question for the reviewer
        store.upsert_document(_document(suggestion="เทศบาลฯ"), record_path="a.json",
                              source_path="a.pdf")
        assert {r.id: r.status for r in store.corrections()} == {"c1": "applied", "c2": "edited"}
        # new file content: every decision is dropped
        store.upsert_document(_document(sha="b" * 64), record_path="a.json", source_path="a.pdf")
        assert {r.id: r.status for r in store.corrections()} == {"c1": "applied", "c2": "flagged"}


def test_unknown_correction_and_delete(tmp_path: Path) -> None:
    with ReviewStore(tmp_path / "review.sqlite") as store:
        doc_id = store.upsert_document(_document(), record_path="a.json", source_path="a.pdf")
        with pytest.raises(KeyError):
            store.set_correction_status(doc_id, "nope", "accepted")
        store.delete_document("a.json")
        assert store.documents() == [] and store.corrections() == []


def test_failed_write_rolls_back(tmp_path: Path) -> None:
    with ReviewStore(tmp_path / "review.sqlite") as store:
        store.upsert_document(_document(), record_path="a.json", source_path="a.pdf")
        with pytest.raises(RuntimeError), store.transaction() as conn:
            conn.execute("DELETE FROM corrections")
            raise RuntimeError("boom")
        assert len(store.corrections()) == 2


def test_line_context_edges() -> None:
    page = Page(number=1, width=1, height=1, dpi=300, text_raw="ab\ncdef\ng")
    assert line_context(page, 4, 5) == ("c", "ef")
    assert line_context(page, 9, 10) == ("g", "")  # clipped to the end
    assert line_context(None, 0, 1) == ("", "")
