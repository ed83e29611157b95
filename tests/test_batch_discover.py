"""Discovery of an archive, record naming, manifest reading/writing, stale temp sweeping."""

from __future__ import annotations

from pathlib import Path

from digitizer.discover import discover, is_scan, record_names
from digitizer.manifest import ManifestEntry, ManifestWriter, read_manifest
from digitizer.resume import sweep_stale_temps


def _touch(root: Path, rel: str, data: bytes = b"x") -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def test_discover_nested_case_insensitive_and_skipped(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    for rel in ["b/memo.PDF", "a.png", "b/c/scan.JpEg", "b/c/x.TIF", "d.tiff", "e.jpg",
                "notes.txt", "b/data.docx", "README", ".hidden.pdf", ".git/obj.pdf",
                "Thumbs.db", "out/old.json", "out/prev.pdf"]:
        _touch(archive, rel)
    found = discover(archive, exclude=archive / "out")
    assert [f.rel for f in found.scans] == [
        "a.png", "b/c/scan.JpEg", "b/c/x.TIF", "b/memo.PDF", "d.tiff", "e.jpg"]
    assert [f.record_rel for f in found.scans] == [
        "a.json", "b/c/scan.json", "b/c/x.json", "b/memo.json", "d.json", "e.json"]
    assert found.scans[0].path == archive / "a.png"
    assert [rel for rel, _ in found.skipped] == ["README", "b/data.docx", "notes.txt"]
    assert dict(found.skipped)["notes.txt"].startswith("not a scan (.txt)")
    assert dict(found.skipped)["README"].startswith("not a scan (no extension)")


def test_record_names_disambiguate_shared_stems() -> None:
    names = record_names(["a/x.pdf", "a/X.png", "a/y.pdf", "b/x.tiff"])
    assert names == {"a/x.pdf": "a/x.pdf.json", "a/X.png": "a/X.png.json",
                     "a/y.pdf": "a/y.json", "b/x.tiff": "b/x.json"}


def test_is_scan() -> None:
    assert is_scan("A.PDF") and is_scan("b.Tiff") and not is_scan("c.pdf.txt")


def test_manifest_append_compact_and_read(tmp_path: Path) -> None:
    writer = ManifestWriter(tmp_path)
    writer.append(ManifestEntry(path="b.pdf", status="failed",
                                error={"code": "bad_input", "message": "ไฟล์เสีย"}))
    writer.append(ManifestEntry(path="a.pdf", status="ok", record="a.json", pages=2))
    writer.append(ManifestEntry(path="b.pdf", status="ok", record="b.json", pages=1))
    lines = (tmp_path / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3 and "ไฟล์เสีย" in lines[0]  # Thai as characters
    assert [(e.path, e.status) for e in read_manifest(tmp_path / "manifest.jsonl")] == [
        ("a.pdf", "ok"), ("b.pdf", "ok")]
    writer.compact(["a.pdf", "b.pdf"])
    writer.close()
    lines = (tmp_path / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 and lines[0].startswith('{"path": "a.pdf", "status": "ok"')


def test_read_manifest_ignores_a_torn_line(tmp_path: Path) -> None:
    path = tmp_path / "manifest.jsonl"
    good = ManifestEntry(path="a.pdf", status="ok").to_json()
    path.write_text(good + "\n" + good[:20], encoding="utf-8")
    assert [e.path for e in read_manifest(path)] == ["a.pdf"]
    assert read_manifest(tmp_path / "missing.jsonl") == []


def test_sweep_stale_temps(tmp_path: Path) -> None:
    _touch(tmp_path, "sub/.memo.json.abc123.tmp")
    _touch(tmp_path, ".manifest.jsonl.x9.tmp")
    _touch(tmp_path, "sub/memo.json")
    _touch(tmp_path, "keep.tmp")
    assert sweep_stale_temps(tmp_path) == 2
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == ["keep.tmp", "memo.json"]
