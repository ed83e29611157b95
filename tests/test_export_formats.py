"""`digitize export`: decisions applied to the records, json / jsonl / csv, exact texts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from digitizer.cli import app
from digitizer.commands.export import ExportFormat, export_folder
from digitizer.export import read_record, write_record
from digitizer.model import (
    Correction,
    Document,
    Line,
    Measure,
    Memo,
    Page,
    Source,
    Table,
    apply_corrections,
)
from digitizer.review.decisions import Decisions, ItemKey
from digitizer.review.records import STORE_NAME, apply_review, open_store

LINES = ["ส่วนราชการ อำเภอศรีสองคราม", "เรื่อง งบประมาน ๒๕๐๘", "จบ"]
RAW = "\n".join(LINES)


def _correction(cid: str, original: str, suggestion: str, status: str, **kw: object) -> Correction:
    start = RAW.index(original)
    return Correction(id=cid, page=1, start=start, end=start + len(original), original=original,
                      suggestion=suggestion, confidence=0.5, rule="lexicon", bbox=[1, 2, 3, 4],
                      status=status, **kw)  # type: ignore[arg-type]


def _document() -> Document:
    corrections = [
        _correction("c1", "ศรีสองคราม", "ศรีสงคราม", "flagged"),
        _correction("c2", "งบประมาน", "งบประมาณ", "applied"),
        _correction("c3", "๒๕๐๘", "๒๕๖๘", "flagged", alternatives=["๒๕๘๘"]),
        _correction("c4", "จบ", "จบแล้ว", "flagged"),
    ]
    lines = [Line(text_raw=t, text=t, bbox=[0, i * 10, 100, i * 10 + 9], confidence=80.0)
             for i, t in enumerate(LINES)]
    page = Page(number=1, width=200, height=300, dpi=300, text_raw=RAW,
                text=apply_corrections(RAW, corrections), lines=lines)
    return Document(
        source=Source(path="scan.png", sha256="ab" * 32, format="png", page_count=1),
        pages=[page], corrections=corrections,
        tables=[Table(page=1, bbox=[0, 0, 10, 10], kind="measures_plan",
                      header=["ที่", "มาตรการ"], rows=[["1", "เปิดเผยข้อมูล, ทันที"]])],
        measures=[Measure(number=1, measure="เปิดเผยข้อมูล", steps=["ก", "ข"],
                          responsible=["สำนักปลัด"], status="completed")],
        memo=Memo(subject="ประชุม อำเภอศรีสองคราม", date_text="๑ มกราคม ๒๕๐๘", date="1965-01-01",
                  to="จบ"),
    )


@pytest.fixture()
def out_dir(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    write_record(_document(), out / "rec.json")
    return out


def _decide(out_dir: Path) -> None:
    store = open_store(out_dir)  # built from the records: no review.sqlite yet
    try:
        decisions = Decisions(store)
        doc = store.documents()[0].id
        decisions.decide(ItemKey(doc, "c1"), "accept", reviewer="t")
        decisions.decide(ItemKey(doc, "c3"), "edit", reviewer="t", text="๒๕๗๘")
        decisions.decide(ItemKey(doc, "c4"), "reject", reviewer="t")
    finally:
        store.close()


EXPECTED_TEXT = "ส่วนราชการ อำเภอศรีสงคราม\nเรื่อง งบประมาณ ๒๕๗๘\nจบ"


def test_store_is_built_from_records(out_dir: Path) -> None:
    assert not (out_dir / STORE_NAME).exists()
    store = open_store(out_dir)
    try:
        assert [Path(d.record_path).name for d in store.documents()] == ["rec.json"]
        assert len(store.corrections()) == 4
    finally:
        store.close()


def test_json_export_in_place(out_dir: Path) -> None:
    _decide(out_dir)
    written = export_folder(out_dir, ExportFormat.json, None)
    assert written == [out_dir / "rec.json"]
    record = read_record(out_dir / "rec.json")
    assert [(c.id, c.status, c.edit) for c in record.corrections] == [
        ("c1", "accepted", None), ("c2", "applied", None), ("c3", "edited", "๒๕๗๘"),
        ("c4", "rejected", None),
    ]
    assert record.pages[0].text == EXPECTED_TEXT
    assert record.pages[0].text_raw == RAW
    assert [line.text for line in record.pages[0].lines] == EXPECTED_TEXT.split("\n")
    # reviewed words reach the memo; its ISO date is re-read; 2-letter words are left alone
    assert record.memo.subject == "ประชุม อำเภอศรีสงคราม"
    assert (record.memo.date_text, record.memo.date) == ("๑ มกราคม ๒๕๗๘", "2035-01-01")
    assert record.memo.to == "จบ"
    first = (out_dir / "rec.json").read_text(encoding="utf-8")
    export_folder(out_dir, ExportFormat.json, None)
    assert (out_dir / "rec.json").read_text(encoding="utf-8") == first  # idempotent


def test_json_export_to_another_folder_leaves_records(out_dir: Path, tmp_path: Path) -> None:
    _decide(out_dir)
    before = (out_dir / "rec.json").read_text(encoding="utf-8")
    export_folder(out_dir, ExportFormat.json, tmp_path / "final")
    assert (out_dir / "rec.json").read_text(encoding="utf-8") == before
    assert read_record(tmp_path / "final" / "rec.json").pages[0].text == EXPECTED_TEXT


def test_jsonl_export(out_dir: Path) -> None:
    _decide(out_dir)
    [path] = export_folder(out_dir, ExportFormat.jsonl, None)
    assert path == out_dir / "records.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1
    data = json.loads(lines[0])
    assert data["pages"][0]["text"] == EXPECTED_TEXT
    assert "\\u0e" not in lines[0]


def test_csv_export_one_file_per_kind(out_dir: Path, tmp_path: Path) -> None:
    written = export_folder(out_dir, ExportFormat.csv, tmp_path / "csv")
    assert sorted(p.name for p in written) == [
        "measures.csv", "measures_plan.csv", "measures_status.csv", "other.csv"
    ]
    plan = (tmp_path / "csv" / "measures_plan.csv").read_bytes().decode("utf-8")
    assert plan == (
        "\ufeffdocument,page,table,row,c1,c2\r\n"
        "rec,1,1,header,ที่,มาตรการ\r\n"
        'rec,1,1,1,1,"เปิดเผยข้อมูล, ทันที"\r\n'
    )
    assert (tmp_path / "csv" / "other.csv").read_bytes().decode("utf-8") == (
        "\ufeffdocument,page,table,row\r\n"
    )
    measures = (tmp_path / "csv" / "measures.csv").read_text(encoding="utf-8")
    assert measures.splitlines()[1] == "rec,1,เปิดเผยข้อมูล,ก | ข,สำนักปลัด,,completed,"


def test_apply_review_undecided_keeps_pipeline_text() -> None:
    document = _document()
    reviewed = apply_review(document, {})
    assert reviewed.pages[0].text == "ส่วนราชการ อำเภอศรีสองคราม\nเรื่อง งบประมาณ ๒๕๐๘\nจบ"


def test_export_cli(out_dir: Path) -> None:
    _decide(out_dir)
    result = CliRunner().invoke(app, ["export", str(out_dir), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    assert str(out_dir / "records.jsonl") in result.output
    missing = CliRunner().invoke(app, ["export", str(out_dir / "nope")])
    assert missing.exit_code == 4


def test_records_missing_from_an_existing_store_are_added(out_dir: Path) -> None:
    open_store(out_dir).close()
    second = _document().model_copy(update={"source": Source(
        path="other.png", sha256="cd" * 32, format="png", page_count=1)})
    write_record(second, out_dir / "sub" / "other.json")
    store = open_store(out_dir)
    try:
        assert [d.record_path for d in store.documents()] == ["rec.json", "sub/other.json"]
    finally:
        store.close()
    store = open_store(out_dir)  # nothing added twice
    try:
        assert len(store.documents()) == 2
    finally:
        store.close()


def test_records_are_written_with_the_usual_file_mode(tmp_path: Path) -> None:
    """Atomic writes must not leave records readable by their owner only (mkstemp's 0600)."""
    import os

    from digitizer.export import atomic_write_text

    old = os.umask(0o022)
    try:
        atomic_write_text(tmp_path / "r.json", "{}")
    finally:
        os.umask(old)
    assert (tmp_path / "r.json").stat().st_mode & 0o777 == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["r.json"]
