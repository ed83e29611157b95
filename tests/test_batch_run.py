"""Batch runs on a local process pool with the fake pipeline: records, manifest, store, resume,
--force, isolated failures, worker crashes and hung pages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_batch_fakes import FAKE_PIPELINE, write_fake

from digitizer.batch import BatchConfig, BatchRun, run_batch
from digitizer.executors import LocalExecutor
from digitizer.export import read_record
from digitizer.manifest import read_manifest
from digitizer.options import Options
from digitizer.store import ReviewStore


def _archive(root: Path) -> Path:
    archive = root / "archive"
    write_fake(archive / "a.pdf", pages=3)
    write_fake(archive / "sub" / "B.PNG", pages=1)
    write_fake(archive / "sub" / "deep" / "c.TIFF", pages=2, fail=2)
    write_fake(archive / "locked.pdf", encrypted=1)
    (archive / "empty.pdf").write_bytes(b"")
    (archive / "text.pdf").write_text("just some text, renamed\n")
    (archive / "notes.txt").write_text("not a scan")
    return archive


def _manifest(out: Path) -> dict[str, dict[str, object]]:
    lines = (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines]
    assert len(rows) == len({r["path"] for r in rows}), "one line per file after a run"
    return {r["path"]: r for r in rows}


def test_batch_writes_records_manifest_and_store(tmp_path: Path) -> None:
    archive, out = _archive(tmp_path), tmp_path / "out"
    summary = run_batch(archive, out, Options(), BatchConfig(jobs=2), pipeline=FAKE_PIPELINE)
    assert not summary.ok
    assert (summary.count("ok"), summary.count("partial"), summary.count("failed"),
            summary.count("skipped"), summary.pages_processed) == (2, 1, 3, 1, 6)
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.json")) == [
        "a.json", "sub/B.json", "sub/deep/c.json"]
    record = read_record(out / "a.json")
    assert [p.number for p in record.pages] == [1, 2, 3]
    assert record.pages[1].text_raw == "หน้า 2 ของ a.pdf\nเทศบาน ตำบล 2"
    assert record.processing.options_fingerprint == Options().fingerprint()
    assert record.processing.mode == "default"

    rows = _manifest(out)
    assert list(rows) == sorted(rows)
    assert rows["a.pdf"] == {
        "path": "a.pdf", "status": "ok", "record": "a.json",
        "sha256": record.source.sha256, "format": "pdf", "pages": 3, "pages_failed": 0,
        "seconds": record.processing.seconds, "corrections_applied": 3,
        "corrections_flagged": 0, "error": None, "page_errors": [], "resumed": False}
    partial = rows["sub/deep/c.TIFF"]
    assert (partial["status"], partial["pages_failed"], partial["error"]) == (
        "partial", 1, {"code": "ocr_failed", "message": "fake failure"})
    assert rows["empty.pdf"]["error"] == {"code": "bad_input", "message": "the file is empty"
                                          " (check the file opens in an image or PDF viewer,"
                                          " or re-scan it)"}
    assert rows["text.pdf"]["error"]["code"] == "bad_input"  # type: ignore[index]
    assert rows["locked.pdf"]["error"]["code"] == "encrypted"  # type: ignore[index]
    assert rows["notes.txt"]["status"] == "skipped"
    assert all(rows[p]["record"] is None for p in ("empty.pdf", "text.pdf", "locked.pdf"))

    with ReviewStore(out / "review.sqlite") as store:
        docs = store.documents()
        assert [d.record_path for d in docs] == ["a.json", "sub/B.json", "sub/deep/c.json"]
        assert [d.status for d in docs] == ["ok", "ok", "partial"]
        assert len(store.corrections()) == 3 + 1 + 1
        assert store.corrections(docs[0].id)[1].context_after == " ตำบล 2"


def test_second_run_resumes_and_force_redoes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive, out = _archive(tmp_path), tmp_path / "out"
    run_batch(archive, out, Options(), BatchConfig(jobs=2), pipeline=FAKE_PIPELINE)
    before = {p: p.read_bytes() for p in out.rglob("*.json")}
    again = run_batch(archive, out, Options(), BatchConfig(jobs=2), pipeline=FAKE_PIPELINE)
    assert again.pages_processed == 0
    assert sorted(e.path for e in again.entries if e.resumed) == [
        "a.pdf", "sub/B.PNG", "sub/deep/c.TIFF"]
    assert {p: p.read_bytes() for p in out.rglob("*.json")} == before
    assert all(r["resumed"] for r in _manifest(out).values() if r["record"])

    # a changed file and changed settings make records stale
    write_fake(archive / "sub" / "B.PNG", pages=2)
    changed = run_batch(archive, out, Options(), BatchConfig(jobs=1), pipeline=FAKE_PIPELINE)
    assert changed.pages_processed == 2
    other = run_batch(archive, out, Options(dpi=200), BatchConfig(jobs=1), pipeline=FAKE_PIPELINE)
    assert other.pages_processed == 3 + 2 + 2
    forced = run_batch(archive, out, Options(dpi=200), BatchConfig(jobs=1, force=True),
                       pipeline=FAKE_PIPELINE)
    assert forced.pages_processed == 7 and forced.resumed == 0
    upgraded = run_batch(archive, out, Options(dpi=200), BatchConfig(jobs=1),
                         pipeline=FAKE_PIPELINE)
    assert upgraded.pages_processed == 0  # same version: resumed
    monkeypatch.setattr("digitizer.resume.__version__", "99.0.0")
    newer = run_batch(archive, out, Options(dpi=200), BatchConfig(jobs=1), pipeline=FAKE_PIPELINE)
    assert newer.pages_processed == 7  # records of another digitizer version are redone
    with ReviewStore(out / "review.sqlite") as store:
        assert len(store.documents()) == 3


def test_resume_refills_a_lost_review_store(tmp_path: Path) -> None:
    archive, out = _archive(tmp_path), tmp_path / "out"
    run_batch(archive, out, Options(), BatchConfig(jobs=1), pipeline=FAKE_PIPELINE)
    (out / "review.sqlite").unlink()
    for extra in out.glob("review.sqlite-*"):
        extra.unlink()
    run_batch(archive, out, Options(), BatchConfig(jobs=1), pipeline=FAKE_PIPELINE)
    with ReviewStore(out / "review.sqlite") as store:
        assert len(store.documents()) == 3


def test_a_worker_crash_fails_only_its_page(tmp_path: Path) -> None:
    archive, out = tmp_path / "archive", tmp_path / "out"
    write_fake(archive / "crashy.pdf", pages=3, crash=2)
    write_fake(archive / "fine1.png", pages=2)
    write_fake(archive / "fine2.png", pages=2)
    summary = run_batch(archive, out, Options(), BatchConfig(jobs=2), pipeline=FAKE_PIPELINE)
    rows = _manifest(out)
    assert rows["fine1.png"]["status"] == rows["fine2.png"]["status"] == "ok"
    crashy = rows["crashy.pdf"]
    assert (crashy["status"], crashy["pages_failed"]) == ("partial", 1)
    assert crashy["error"]["code"] == "worker_crashed"  # type: ignore[index]
    assert crashy["page_errors"][0]["page"] == 2  # type: ignore[index]
    assert [p.number for p in read_record(out / "crashy.json").pages] == [1, 3]
    assert summary.pages_processed == 7


@pytest.mark.timeout(120)
def test_a_hung_page_is_stopped_and_recorded(tmp_path: Path) -> None:
    archive, out = tmp_path / "archive", tmp_path / "out"
    write_fake(archive / "hangs.pdf", pages=2, hang=1)
    write_fake(archive / "fine.png", pages=1)
    options = Options(page_timeout=1)
    run_batch(archive, out, options, BatchConfig(jobs=2, hang_grace=2), pipeline=FAKE_PIPELINE)
    rows = _manifest(out)
    assert rows["fine.png"]["status"] == "ok"
    assert rows["hangs.pdf"]["status"] == "partial"
    assert rows["hangs.pdf"]["error"]["code"] == "timeout"  # type: ignore[index]


def test_interrupted_run_keeps_durable_lines(tmp_path: Path) -> None:
    archive, out = _archive(tmp_path), tmp_path / "out"
    run_batch(archive, out, Options(), BatchConfig(jobs=1), pipeline=FAKE_PIPELINE)
    # simulate lines appended by a killed run: readers take the last line per file
    with open(out / "manifest.jsonl", "a", encoding="utf-8") as handle:
        handle.write(json.dumps({"path": "a.pdf", "status": "failed"}) + "\n")
    assert {e.path: e.status for e in read_manifest(out / "manifest.jsonl")}["a.pdf"] == "failed"
    run_batch(archive, out, Options(), BatchConfig(jobs=1), pipeline=FAKE_PIPELINE)
    assert _manifest(out)["a.pdf"]["status"] == "ok"


def test_not_a_folder(tmp_path: Path) -> None:
    from digitizer.errors import DigitizerError

    with pytest.raises(DigitizerError):
        run_batch(tmp_path / "nope", tmp_path / "out", Options(), pipeline=FAKE_PIPELINE)


def test_workers_are_recycled_without_hanging(tmp_path: Path) -> None:
    archive, out = tmp_path / "archive", tmp_path / "out"
    write_fake(archive / "long.pdf", pages=9)
    write_fake(archive / "short.png", pages=2)
    executor = LocalExecutor(2, recycle_after=2)
    run = BatchRun(archive, out, Options(), BatchConfig(jobs=2), pipeline=FAKE_PIPELINE,
                   executor=executor)
    try:
        summary = run.run()
    finally:
        executor.close()
    assert summary.ok and summary.pages_processed == 11
    assert executor.pools_started == 3  # 11 pages, a fresh pool every 2 x 2 pages
    assert [p.number for p in read_record(out / "long.json").pages] == list(range(1, 10))
