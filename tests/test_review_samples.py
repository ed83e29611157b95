"""End to end on a real sample: OCR it, review its flagged corrections in chromium, export."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.review import CHROMIUM, launch, press_and_wait, review_by_keyboard
from digitizer.commands.export import ExportFormat, export_folder
from digitizer.export import read_record, write_record
from digitizer.options import Options
from digitizer.review.server import BackgroundServer, ReviewConfig

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "scans"

pytestmark = [
    pytest.mark.tesseract,
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium is not installed"),
]


def _sample() -> Path:
    images = sorted(SAMPLES.glob("*.png")) + sorted(SAMPLES.glob("*.pdf"))
    if not images:
        pytest.skip("no samples/scans yet (scripts/make_samples.py)")
    return images[0]


def test_review_a_sample_by_keyboard(tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    from digitizer.api import digitize_file

    sample = _sample()
    # every proposal below certainty is flagged, so the sample gives the queue items
    document = digitize_file(sample, Options(apply_threshold=1.0, flag_threshold=0.0))
    out = tmp_path / "out"
    write_record(document, out / f"{sample.stem}.json")
    with BackgroundServer(ReviewConfig(out_dir=out, reviewer="e2e")) as server:
        queue = server.app.state.service.decisions.queue()
        if len(queue) < 3:
            pytest.skip(f"only {len(queue)} flagged corrections in {sample.name}")
        with sync_api.sync_playwright() as pw:
            browser = launch(pw)
            page = browser.new_page(viewport={"width": 1366, "height": 768})
            review_by_keyboard(page, server.url, [])
            keys = []
            for key in ("a", "r", "e"):
                keys.append(page.evaluate(
                    "() => document.getElementById('view-item').dataset.key"))
                if key == "e":
                    page.keyboard.press("e")
                    page.wait_for_selector("#edit-text", state="visible")
                    page.fill("#edit-text", "แก้ไขแล้ว")
                    press_and_wait(page, "Enter")
                else:
                    press_and_wait(page, key)
            assert page.evaluate("() => document.getElementById('i-crop').naturalWidth") > 0
            browser.close()
    export_folder(out, ExportFormat.json, None)
    record = read_record(out / f"{sample.stem}.json")
    status = {f"1:{c.id}": (c.status, c.edit) for c in record.corrections}
    assert [status[k] for k in keys] == [
        ("accepted", None), ("rejected", None), ("edited", "แก้ไขแล้ว")
    ]
    edited = next(c for c in record.corrections if f"1:{c.id}" == keys[2])
    assert "แก้ไขแล้ว" in record.pages[edited.page - 1].text
