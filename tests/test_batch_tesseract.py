"""`digitize batch` with the real pipeline and Tesseract on two small rendered pages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from typer.testing import CliRunner

from digitizer.cli import app
from digitizer.export import read_record
from digitizer.store import ReviewStore

LINES = ["บันทึกข้อความ", "เรื่อง ขออนุมัติโครงการฝึกอบรม", "เรียน นายกเทศมนตรี"]


def _page() -> Image.Image:
    from samplegen.fonts import font

    image = Image.new("L", (1700, 560), 255)
    draw = ImageDraw.Draw(image)
    fnt = font(16, 300)
    for number, line in enumerate(LINES):
        draw.text((150, 60 + number * 160), line, font=fnt, fill=0)
    return image


@pytest.mark.tesseract
@pytest.mark.timeout(300)
def test_real_batch_two_pages(tmp_path: Path) -> None:
    archive, out = tmp_path / "archive", tmp_path / "out"
    (archive / "sub").mkdir(parents=True)
    page = _page()
    page.save(archive / "memo.PNG", dpi=(300, 300))
    page.save(archive / "sub" / "copy.pdf", resolution=300)
    result = CliRunner().invoke(
        app, ["batch", str(archive), "--out", str(out), "--jobs", "2", "--dpi", "300"])
    rows = [json.loads(line) for line in (out / "manifest.jsonl").read_text().splitlines()]
    assert [(r["path"], r["status"], r["pages"]) for r in rows] == [
        ("memo.PNG", "ok", 1), ("sub/copy.pdf", "ok", 1)], result.output
    assert result.exit_code == 0
    for record_path in ("memo.json", "sub/copy.json"):
        record = read_record(out / record_path)
        assert record.pages[0].text_raw.splitlines()[0] == "บันทึกข้อความ"
    with ReviewStore(out / "review.sqlite") as store:
        assert [d.record_path for d in store.documents()] == ["memo.json", "sub/copy.json"]
    again = CliRunner().invoke(
        app, ["batch", str(archive), "--out", str(out), "--jobs", "2", "--dpi", "300"])
    assert again.exit_code == 0
    assert "2 already done" in again.stdout
