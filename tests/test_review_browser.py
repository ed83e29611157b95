"""The review app in headless Debian chromium (Playwright): keyboard review, export, screenshot."""

from __future__ import annotations

import os
import shutil
import statistics
from pathlib import Path

import pytest

from bench.review import CHROMIUM, launch, press_and_wait, review_by_keyboard
from digitizer.commands.export import ExportFormat, export_folder
from digitizer.export import read_record
from digitizer.review.demo import build_demo
from digitizer.review.server import BackgroundServer, ReviewConfig

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium is not installed"),
]
SCREENSHOT = Path(__file__).resolve().parent.parent / "docs" / "review.png"
THAI_EDIT = "ศรีสงครามใหม่"


@pytest.fixture()
def playwright():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        yield pw


def _current(page) -> tuple[str, str]:
    data = page.evaluate(
        "() => [document.getElementById('view-item').dataset.key,"
        " document.getElementById('i-original').textContent]"
    )
    return data[0], data[1]


def test_keyboard_review_group_accept_and_export(playwright, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_demo(out, documents=3, per_document=8, hostile=True)
    lexicon = tmp_path / "mine.tsv"
    config = ReviewConfig(out_dir=out, reviewer="tester", lexicon_out=lexicon)
    with BackgroundServer(config) as server:
        browser = launch(playwright)
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        review_by_keyboard(page, server.url, [])
        accepted_key, _ = _current(page)
        press_and_wait(page, "a")
        rejected_key, _ = _current(page)
        press_and_wait(page, "r")
        edited_key, edited_original = _current(page)
        page.keyboard.press("e")
        page.wait_for_selector("#edit-text", state="visible")
        page.fill("#edit-text", "")
        page.keyboard.insert_text(THAI_EDIT)  # what an IME delivers
        press_and_wait(page, "Enter")
        assert page.inner_text("#n-edited") == "1"
        # undo the edit (back to that item, pending) and redo it
        press_and_wait(page, "u")
        assert _current(page)[0] == edited_key
        assert page.inner_text("#n-edited") == "0"
        page.keyboard.press("e")
        page.wait_for_selector("#edit-text", state="visible")
        page.fill("#edit-text", THAI_EDIT)
        press_and_wait(page, "Enter")
        assert page.inner_text("#n-accepted") == "1"
        assert page.inner_text("#n-rejected") == "1"
        assert page.inner_text("#n-edited") == "1"
        # OCR text with markup is shown as text and never runs
        assert page.evaluate("() => window.__xss === undefined")
        # the screenshot for the README: a pending Thai-digit re-read (the tha model's blind spot)
        for _ in range(40):
            if page.inner_text("#i-rule") == "thai_digit" and page.evaluate(
                "() => document.getElementById('view-item').dataset.status") == "flagged" \
                    and not page.inner_text("#i-doc").startswith("memo01"):
                break
            press_and_wait(page, "ArrowRight")
        page.wait_for_function("() => document.getElementById('i-crop').complete")
        SCREENSHOT.parent.mkdir(exist_ok=True)
        page.screenshot(path=str(tmp_path / "review.png"))
        # group review: accept every pending copy of the biggest group at once
        page.click("a[data-view=groups]")
        page.wait_for_selector("body[data-ready=groups]")
        group = page.evaluate("() => document.getElementById('view-groups').dataset.group")
        original, suggestion = group.split("\u2192")
        strip = page.locator("#g-strip figure").count()
        assert strip >= 2
        press_and_wait(page, "a")
        assert page.evaluate("() => window.__xss === undefined")
        assert not errors
        browser.close()
    if os.environ.get("DIGITIZER_UPDATE_DOCS"):  # refresh the README's screenshot on request
        shutil.copyfile(tmp_path / "review.png", SCREENSHOT)
    assert (tmp_path / "review.png").stat().st_size > 10_000
    assert lexicon.read_text(encoding="utf-8").endswith(f"\t{THAI_EDIT}\n")

    export_folder(out, ExportFormat.json, None)
    records = {path.stem: read_record(path) for path in sorted(out.glob("memo*.json"))}
    by_key = {}
    for number, name in enumerate(sorted(records), start=1):
        for correction in records[name].corrections:
            by_key[f"{number}:{correction.id}"] = correction
    assert by_key[accepted_key].status == "accepted"
    assert by_key[rejected_key].status == "rejected"
    edited = by_key[edited_key]
    assert (edited.status, edited.edit, edited.original) == ("edited", THAI_EDIT, edited_original)
    record = records[f"memo{int(edited_key.split(':')[0]):02d}"]
    page_text = record.pages[0].text
    assert THAI_EDIT in page_text
    group_members = [c for c in by_key.values()
                     if (c.original, c.suggestion) == (original, suggestion)
                     and c.status != "applied"]  # applied ones were never in the queue
    assert len(group_members) == strip
    assert {c.status for c in group_members} <= {"accepted", "rejected", "edited"}
    assert sum(c.status == "accepted" for c in group_members) >= strip - 3


def test_fifty_items_by_keyboard_alone(playwright, tmp_path: Path) -> None:
    build_demo(tmp_path, documents=5, per_document=10)
    with BackgroundServer(ReviewConfig(out_dir=tmp_path, reviewer="kb")) as server:
        browser = launch(playwright)
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        keys = ["a" if i % 3 else "r" for i in range(50)]
        times = review_by_keyboard(page, server.url, keys)
        assert page.inner_text("#n-pending") == "0"
        assert page.inner_text("#n-accepted") == "33"
        assert page.inner_text("#n-rejected") == "17"
        browser.close()
    # a reported figure, not an assertion: the machine is shared (see bench/review.py)
    print(f"\nreview step (in page): median {statistics.median(times['page']):.1f} ms,"
          f" max {max(times['page']):.1f} ms; driver median"
          f" {statistics.median(times['driver']):.1f} ms")
