"""`digitize batch` from the command line: usage errors, exit codes, summary, progress lines."""

from __future__ import annotations

import io
import json
from pathlib import Path

from typer.testing import CliRunner

from digitizer.cli import app
from digitizer.manifest import ManifestEntry
from digitizer.progress import LogObserver, SilentObserver, describe_entry, make_observer

runner = CliRunner()


def test_usage_errors(tmp_path: Path) -> None:
    result = runner.invoke(app, ["batch", str(tmp_path / "missing"), "--out", str(tmp_path)])
    assert result.exit_code == 2
    result = runner.invoke(app, ["batch", str(tmp_path), "--out", str(tmp_path / "o"), "-j", "0"])
    assert result.exit_code == 2
    result = runner.invoke(app, ["batch", str(tmp_path), "--out", str(tmp_path / "o"),
                                 "--dpi", "5"])
    assert result.exit_code == 2


def test_bad_files_are_recorded_and_the_exit_code_says_so(tmp_path: Path) -> None:
    archive, out = tmp_path / "archive", tmp_path / "out"
    archive.mkdir()
    (archive / "zero.pdf").write_bytes(b"")
    (archive / "renamed.pdf").write_text("a text file with a .pdf name\n")
    (archive / "corrupt.PDF").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog")
    (archive / "list.csv").write_text("a,b\n")
    result = runner.invoke(app, ["batch", str(archive), "--out", str(out), "-j", "1"])
    assert result.exit_code == 1, result.output
    rows = [json.loads(line) for line in (out / "manifest.jsonl").read_text().splitlines()]
    assert [(r["path"], r["status"]) for r in rows] == [
        ("corrupt.PDF", "failed"), ("list.csv", "skipped"), ("renamed.pdf", "failed"),
        ("zero.pdf", "failed")]
    assert all(r["error"]["code"] in ("bad_input", "not_a_scan") for r in rows)
    assert all(r["error"]["message"] for r in rows)
    assert "4 file(s): 0 ok, 0 partial, 3 failed, 1 skipped" in result.stdout
    assert "failed: zero.pdf: bad_input: " in result.stdout
    assert (out / "review.sqlite").is_file()
    assert not list(out.rglob("*.json"))


def test_only_skipped_files_is_success(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "notes.txt").write_text("x")
    result = runner.invoke(app, ["batch", str(archive), "--out", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 0
    assert result.stdout == ""


def test_observers() -> None:
    assert isinstance(make_observer(quiet=True, verbose=False), SilentObserver)
    stream = io.StringIO()
    observer = make_observer(quiet=False, verbose=False, stream=stream)
    assert isinstance(observer, LogObserver)
    observer.checking(3)
    observer.started(2, 5)
    observer.pages_done(3)
    observer.file_done(ManifestEntry(path="a.pdf", status="ok", pages=3, seconds=1.5,
                                     corrections_applied=2, corrections_flagged=1))
    observer.file_done(ManifestEntry(path="b.pdf", status="failed",
                                     error={"code": "encrypted", "message": "locked"}))
    lines = stream.getvalue().splitlines()
    assert lines[0] == "digitize batch: checking 3 scan(s) (hash, pages, earlier runs)"
    assert lines[1] == "digitize batch: 2 file(s), 5 page(s) to process"
    assert lines[2].startswith("[1/2 files, 3/5 pages, ")
    assert lines[2].endswith("ok      a.pdf: 3 page(s) in 1.5s, 2 corrections applied, 1 flagged")
    assert lines[3].endswith("1 failed] failed  b.pdf: encrypted: locked")
    resumed = ManifestEntry(path="c.pdf", status="ok", resumed=True)
    observer.file_done(resumed)
    assert len(stream.getvalue().splitlines()) == 4  # not listed unless verbose
    assert describe_entry(resumed) == "done already c.pdf (ok, record kept)"
    partial = ManifestEntry(path="d.pdf", status="partial", pages=3, pages_failed=1, seconds=2.0,
                            error={"code": "timeout", "message": "timed out"},
                            page_errors=[{"page": 2, "code": "timeout", "message": "timed out"}])
    assert describe_entry(partial) == (
        "partial d.pdf: 3 page(s) in 2.0s, 0 corrections applied, 0 flagged"
        " — timeout: timed out (failed page: 2)"
    )


def test_rich_progress_runs(tmp_path: Path) -> None:
    from rich.console import Console

    from digitizer.progress import RichObserver

    stream = io.StringIO()
    observer = RichObserver(Console(file=stream, force_terminal=True, width=120), verbose=True)
    observer.checking(1)
    observer.started(1, 2)
    observer.pages_done(2)
    observer.file_done(ManifestEntry(path="x.pdf", status="partial", pages=2,
                                     error={"code": "timeout", "message": "slow"}))
    observer.finished()
    text = stream.getvalue()
    assert "pages/min" in text and "x.pdf" in text and "1 failed" not in text
