"""The real Tesseract on a few small low-resolution pages: good, English, blank, timeout."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from PIL import Image

from digitizer.errors import ExitCode
from tests.test_robust_fake_tesseract import digitize
from tests.test_robust_files import ENGLISH_LINES, THAI_LINES, save_pdf, text_page

pytestmark = pytest.mark.tesseract


def _env(**extra: str) -> dict[str, str]:
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    env.pop("TESSDATA_PREFIX", None)
    env.update(extra)
    return env


@pytest.fixture(scope="module")
def small_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Thai page, an English page and a blank page, small and low resolution."""
    archive = tmp_path_factory.mktemp("real") / "archive"
    (archive / "sub").mkdir(parents=True)
    save_pdf(archive / "thai.pdf", [text_page(THAI_LINES)])
    save_pdf(archive / "sub" / "english.PDF", [text_page(ENGLISH_LINES)])
    Image.new("L", (900, 400), 255).save(archive / "sub" / "blank.png")
    return archive


def test_real_batch_on_good_english_and_blank_pages(small_archive: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = digitize("batch", str(small_archive), "--out", str(out), "--jobs", "2", env=_env())
    assert done.returncode == ExitCode.OK, done.stderr
    thai = json.loads((out / "thai.json").read_text(encoding="utf-8"))
    english = json.loads((out / "sub" / "english.json").read_text(encoding="utf-8"))
    blank = json.loads((out / "sub" / "blank.json").read_text(encoding="utf-8"))
    assert [r["status"] for r in (thai, english, blank)] == ["ok", "ok", "ok"]
    assert thai["pages"][0]["text_raw"].splitlines()[0] == "บันทึกข้อความ"
    assert english["pages"][0]["text_raw"].splitlines()[0] == "MEMORANDUM"
    assert blank["pages"][0]["text_raw"] == ""


def test_real_page_timeout(small_archive: Path, tmp_path: Path) -> None:
    thai = small_archive / "thai.pdf"
    out = tmp_path / "out"
    done = digitize("run", str(thai), "--out", str(out), "--page-timeout", "0.01", env=_env())
    assert done.returncode == ExitCode.TIMEOUT
    # the first tesseract call of the page times out: the orientation check (OSD) or the OCR
    assert done.stderr in {
        f"digitize: {thai} page 1: tesseract{osd} timed out after 0.01 s"
        " (raise --page-timeout or check the page image)\n"
        for osd in ("", " OSD")
    }
    assert not out.exists() or list(out.iterdir()) == []
    done = digitize("batch", str(small_archive), "--out", str(out), "--page-timeout", "0.01",
                    "--jobs", "2", "--no-rotate", env=_env())
    assert done.returncode == ExitCode.PARTIAL
    rows = [json.loads(x) for x in (out / "manifest.jsonl").read_text().splitlines()]
    by_path = {row["path"]: row for row in rows}
    for rel in ("thai.pdf", "sub/english.PDF"):
        row = by_path[rel]
        assert (row["status"], row["record"], row["error"]["code"]) == ("failed", None, "timeout")
        assert row["error"]["message"] == ("tesseract timed out after 0.01 s"
                                           " (raise --page-timeout or check the page image)")
    assert not (out / "thai.json").exists()
    assert not any(p.suffix == ".tmp" for p in out.rglob("*"))


def test_real_tesseract_without_its_models(small_archive: Path, tmp_path: Path) -> None:
    empty = tmp_path / "tessdata"
    empty.mkdir()
    env = _env(TESSDATA_PREFIX=str(empty))
    thai = small_archive / "thai.pdf"
    out = tmp_path / "out"
    reason = ("tesseract language model missing: tha, eng (run: apt-get install tesseract-ocr-tha"
              f" tesseract-ocr-eng, or unset TESSDATA_PREFIX (it points at {empty}))")
    done = digitize("run", str(thai), "--out", str(out), env=env)
    assert done.returncode == ExitCode.MISSING_DEPENDENCY
    assert done.stderr == f"digitize: {thai}: {reason}\n"
    done = digitize("batch", str(small_archive), "--out", str(out), env=env)
    assert done.returncode == ExitCode.MISSING_DEPENDENCY
    assert done.stderr.splitlines()[-1] == f"digitize: {reason}"
    assert not out.exists()
