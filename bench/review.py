"""Review app speed: N flagged items reviewed by keyboard alone in headless Debian chromium.

The app is started as a user starts it (`digitize review OUT_DIR`, its own process). Prints the
time of each step (key press -> next item drawn), measured inside the page (performance.now())
and from the driver (includes the DevTools round trip).

    .venv/bin/python bench/review.py [--items 50]
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


def launch(playwright: Any) -> Any:
    """Debian's chromium, headless, through Playwright (no browser download)."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def steps_done(page: Any) -> int:
    """How many steps the page has finished drawing."""
    return int(page.evaluate("window.reviewTimings.length"))


def press_and_wait(page: Any, key: str) -> float:
    """Press a key and wait until the page has drawn the result; returns driver-side ms."""
    before = steps_done(page)
    start = time.perf_counter()
    page.keyboard.press(key)
    page.wait_for_function("n => window.reviewTimings.length > n", arg=before, polling="raf")
    return (time.perf_counter() - start) * 1000


def review_by_keyboard(page: Any, url: str, keys: list[str]) -> dict[str, list[float]]:
    """Open the app, start the queue with Enter, press keys one step at a time."""
    page.goto(url)
    page.wait_for_selector("body[data-ready=queue]")
    page.keyboard.press("Enter")
    page.wait_for_selector("body[data-ready=item]")
    page.wait_for_function("() => document.getElementById('view-item').dataset.key")
    driver = [press_and_wait(page, key) for key in keys]
    in_page = [float(v) for v in page.evaluate("window.reviewTimings")][-len(keys):]
    return {"driver": driver, "page": in_page}


def summary(name: str, values: list[float]) -> str:
    """One line: median, 95th percentile and max in ms."""
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return (f"{name:>7}: n={len(values)} median={statistics.median(values):.1f} ms"
            f" p95={p95:.1f} ms max={ordered[-1]:.1f} ms")


@contextmanager
def cli_server(out: Path) -> Iterator[str]:
    """`digitize review OUT` in its own process, as a user starts it; yields its URL."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "digitizer.cli", "review", str(out), "--reviewer", "bench"],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        match = re.search(r"http://\S+/", line)
        if not match:
            raise RuntimeError(f"no URL from digitize review: {line!r}")
        yield match.group(0)
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def main() -> int:
    """Build a demo folder, serve it, review it by keyboard and print the step times."""
    from playwright.sync_api import sync_playwright

    from digitizer.review.demo import build_demo

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=50)
    args = parser.parse_args()
    documents = max(1, (args.items + 9) // 10)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        build_demo(out, documents=documents, per_document=args.items // documents)
        keys = ["a", "r", "ArrowRight", "ArrowLeft", "s"]
        sequence = [keys[i % 2] for i in range(args.items)]
        with cli_server(out) as url, sync_playwright() as playwright:
            browser = launch(playwright)
            page = browser.new_page(viewport={"width": 1366, "height": 768})
            page.goto(url)  # the app answers once its crops are pre-rendered
            times = review_by_keyboard(page, url, sequence)
            pending = page.inner_text("#n-pending")
            browser.close()
    print(f"{args.items} items reviewed by keyboard (a/r alternately); pending left: {pending}")
    print(summary("in-page", times["page"]))
    print(summary("driver", times["driver"]))
    print("steps over 100 ms (in-page):", sum(1 for t in times["page"] if t > 100))
    return 0


if __name__ == "__main__":
    sys.exit(main())
