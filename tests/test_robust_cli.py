"""`digitize run` and `digitize batch` on a nasty archive, in subprocesses, with a fake tesseract.

Every bad file must give one stderr line naming the file (and page) with a remedy, its exit code
or manifest code, and no record or temp file.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from typer.testing import CliRunner

from digitizer._exec import tesseract
from digitizer.cli import app
from digitizer.errors import ExitCode
from tests.test_robust_fake_tesseract import digitize, fake_env, path_without
from tests.test_robust_files import build_archive

FAST = ("--no-rotate", "--no-deskew", "--no-digits", "--no-structure", "--no-correct")
BAD_INPUT_REMEDY = "(check the file opens in an image or PDF viewer, or re-scan it)"
ENCRYPTED_REMEDY = "(remove the password: qpdf --decrypt --password=PASSWORD IN.pdf OUT.pdf, then run OUT.pdf)"  # noqa: E501
TOO_LARGE_REMEDY = "(lower --dpi or raise --max-pixels)"
TIMEOUT_REMEDY = "(raise --page-timeout or check the page image)"

# role -> (exit code of `run`, manifest error code, what the one-line message says)
BAD: dict[str, tuple[ExitCode, str, str]] = {
    "corrupt": (ExitCode.BAD_INPUT, "bad_input", "corrupt or truncated PDF: "),
    "truncated_pdf": (ExitCode.BAD_INPUT, "bad_input", "corrupt or truncated PDF: "),
    "truncated_png": (ExitCode.BAD_INPUT, "bad_input", "corrupt or truncated image: "),
    "truncated_jpeg": (ExitCode.BAD_INPUT, "bad_input", "corrupt or truncated image: "),
    "empty": (ExitCode.BAD_INPUT, "bad_input", "the file is empty"),
    "text_as_pdf": (ExitCode.BAD_INPUT, "bad_input",
                    "not a PDF, PNG, JPEG or TIFF file; it looks like a text file"),
    "encrypted": (ExitCode.ENCRYPTED, "encrypted", "the PDF is password-protected"),
    "huge": (ExitCode.TOO_LARGE, "too_large", "900,000,000 pixels (30,000 x 30,000 px)"),
}
REMEDY = {"bad_input": BAD_INPUT_REMEDY, "encrypted": ENCRYPTED_REMEDY,
          "too_large": TOO_LARGE_REMEDY}


def remedy(role: str) -> str:
    """The remedy a bad file's message ends with."""
    if role == "text_as_pdf":
        return "(give a scanned PDF, PNG, JPEG or TIFF)"
    return REMEDY[BAD[role][1]]
GOOD = ("good", "english", "blank", "jpeg_as_png")


def tree(folder: Path) -> list[str]:
    """Every file below folder, relative, sorted ([] when the folder does not exist)."""
    if not folder.exists():
        return []
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


@pytest.fixture(scope="module")
def nasty(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Path], dict[str, str]]:
    """(archive folder, files by role, fake-tesseract environment), built once."""
    base = tmp_path_factory.mktemp("nasty")
    files = build_archive(base / "archive")
    return base / "archive", files, fake_env(base)


def _line_for(stderr: str, path: Path) -> str:
    lines = [line for line in stderr.splitlines() if line.startswith(f"digitize: {path}")]
    assert len(lines) == 1, stderr
    return lines[0]


def test_run_on_every_file_of_the_archive(
    nasty: tuple[Path, dict[str, Path], dict[str, str]], tmp_path: Path
) -> None:
    _, files, env = nasty
    out = tmp_path / "out"
    inputs = [str(files[role]) for role in (*GOOD, *BAD)]
    done = digitize("run", *inputs, "--out", str(out), *FAST, env=env)
    assert done.returncode == ExitCode.PARTIAL  # several inputs, some failed
    assert tree(out) == ["Good Memo.json", "blank.json", "english.json", "really-a-jpeg.json"]
    assert len(done.stderr.splitlines()) == len(BAD), done.stderr
    for role, (*_, phrase) in BAD.items():
        line = _line_for(done.stderr, files[role])
        where = f"digitize: {files[role]}"
        # too large: found at inspect time (whole file) or when page 1 is loaded
        pages = (": ", " page 1: ") if role == "huge" else (": ",)
        assert any(line.startswith(where + page) for page in pages), line
        assert phrase in line
        assert line.endswith(remedy(role)), line
    record = json.loads((out / "really-a-jpeg.json").read_text(encoding="utf-8"))
    assert record["source"]["format"] == "jpeg"
    assert record["status"] == "ok"
    assert record["pages"][0]["text_raw"].startswith("บันทึกข้อความ")
    blank = json.loads((out / "blank.json").read_text(encoding="utf-8"))
    assert blank["status"] == "ok"


@pytest.mark.parametrize("role", sorted(BAD))
def test_run_exit_code_of_one_bad_file(
    nasty: tuple[Path, dict[str, Path], dict[str, str]], tmp_path: Path, role: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, files, _ = nasty
    info = tesseract.TesseractInfo(version="5.3.0", languages=("eng", "osd", "tha"))
    monkeypatch.setattr(tesseract, "probe", lambda: info)

    def no_ocr(*_: object, **__: object) -> str:
        raise AssertionError("a bad file must never reach the OCR")

    monkeypatch.setattr(tesseract, "run_tsv", no_ocr)
    monkeypatch.setattr(tesseract, "run_osd", no_ocr)
    out = tmp_path / "out"
    done = CliRunner().invoke(app, ["run", str(files[role]), "--out", str(out), *FAST])
    assert done.exit_code == BAD[role][0], done.output
    assert done.stderr.count("\n") == 1
    assert done.stderr.startswith(f"digitize: {files[role]}")
    assert done.stderr.rstrip("\n").endswith(remedy(role))
    assert tree(out) == []


def test_batch_on_the_nasty_archive(
    nasty: tuple[Path, dict[str, Path], dict[str, str]], tmp_path: Path
) -> None:
    archive, files, env = nasty
    out = tmp_path / "out"
    done = digitize("batch", str(archive), "--out", str(out), "--jobs", "2", *FAST, env=env)
    assert done.returncode == ExitCode.PARTIAL, done.stderr
    rows = {}
    for line in (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        rows[row["path"]] = row
    rel = {role: path.relative_to(archive).as_posix() for role, path in files.items()}
    assert sorted(rows) == sorted([*rel.values(), "misc/readme.txt"])
    assert rows["misc/readme.txt"]["status"] == "skipped"
    for role in GOOD:
        row = rows[rel[role]]
        assert (row["status"], row["error"], row["pages"]) == ("ok", None, 1), row
        assert (out / row["record"]).is_file()
    for role, (_, code, phrase) in BAD.items():
        row = rows[rel[role]]
        assert row["status"] == "failed"
        assert row["record"] is None
        assert row["error"]["code"] == code, row
        assert phrase in row["error"]["message"]
        assert row["error"]["message"].endswith(remedy(role)), row
        # one plain progress line (stderr is not a terminal) names the file and the reason
        lines = [x for x in done.stderr.splitlines() if f" {rel[role]}: " in x]
        assert len(lines) == 1 and phrase in lines[0] and remedy(role) in lines[0], lines
    expected = sorted(["manifest.jsonl", "review.sqlite", "2024/March/Good Memo.json",
                       "2024/english.json", "2024/blank.json", "misc/really-a-jpeg.json"])
    assert [p for p in tree(out) if not p.startswith("review.sqlite-")] == expected
    assert "8 failed" in done.stdout


# ---- missing programs and models ------------------------------------------------------------


def _no_tesseract_env(tmp_path: Path) -> dict[str, str]:
    env = fake_env(tmp_path)
    env["PATH"] = path_without({"tesseract"}, tmp_path / "bin-no-tesseract")
    return env


def _no_poppler_env(tmp_path: Path) -> dict[str, str]:
    env = fake_env(tmp_path)
    env["PATH"] = path_without({"pdftoppm", "pdfinfo"}, tmp_path / "bin-no-poppler")
    return env


MISSING = {
    "tesseract": (_no_tesseract_env, "tesseract is not installed"
                  " (run: apt-get install tesseract-ocr tesseract-ocr-tha)"),
    "tha": (lambda tmp: fake_env(tmp, FAKE_TESS_LANGS="eng osd"),
            "tesseract language model missing: tha (run: apt-get install tesseract-ocr-tha)"),
    "poppler": (_no_poppler_env, "pdfinfo (poppler) is not installed"
                " (run: apt-get install poppler-utils)"),
}


@pytest.mark.parametrize("missing", sorted(MISSING))
def test_missing_dependency_run_and_batch(
    nasty: tuple[Path, dict[str, Path], dict[str, str]], tmp_path: Path, missing: str
) -> None:
    _, files, _ = nasty
    make_env, reason = MISSING[missing]
    env = make_env(tmp_path)
    good = files["good"]
    out = tmp_path / "out"
    done = digitize("run", str(good), "--out", str(out), *FAST, env=env)
    assert done.returncode == ExitCode.MISSING_DEPENDENCY, done.stderr
    assert done.stderr == f"digitize: {good}: {reason}\n"
    assert tree(out) == []
    archive = tmp_path / "small-archive"
    (archive / "a").mkdir(parents=True)
    (archive / "a" / "memo.pdf").write_bytes(good.read_bytes())
    done = digitize("batch", str(archive), "--out", str(out), *FAST, env=env)
    assert done.returncode == ExitCode.MISSING_DEPENDENCY, done.stderr
    assert done.stderr.splitlines()[-1] == f"digitize: {reason}"
    assert tree(out) == []  # nothing at all: no manifest, no store


# ---- page timeouts: the page fails, the others are kept ----------------------------------------


def _two_page_tiff(path: Path) -> Path:
    """Page 1 is 600 px wide, page 2 701 px (the fake tesseract is told to hang on 701)."""
    pages = [Image.fromarray(np.full((500, width), 255, dtype=np.uint8)) for width in (600, 701)]
    pages[0].save(path, save_all=True, append_images=pages[1:], dpi=(300, 300))
    return path


def test_page_timeout_run_single_page_and_partial(tmp_path: Path) -> None:
    env = fake_env(tmp_path, FAKE_TESS_SLOW_WIDTH="701")
    tiff = _two_page_tiff(tmp_path / "two.tiff")
    single = tmp_path / "slow.png"
    Image.fromarray(np.full((300, 701), 255, dtype=np.uint8)).save(single)
    out = tmp_path / "out"
    done = digitize("run", str(single), "--out", str(out), "--page-timeout", "1.5", *FAST,
                    env=env)
    assert done.returncode == ExitCode.TIMEOUT
    assert done.stderr == (f"digitize: {single} page 1: tesseract timed out after 1.5 s"
                           f" {TIMEOUT_REMEDY}\n")
    assert tree(out) == []
    done = digitize("run", str(tiff), "--out", str(out), "--page-timeout", "1.5", *FAST, env=env)
    assert done.returncode == ExitCode.PARTIAL
    assert done.stderr == (f"digitize: {tiff} page 2: tesseract timed out after 1.5 s"
                           f" {TIMEOUT_REMEDY}\n")
    assert tree(out) == ["two.json"]
    record = json.loads((out / "two.json").read_text(encoding="utf-8"))
    assert record["status"] == "partial"
    assert [p["number"] for p in record["pages"]] == [1]
    assert [(e["page"], e["code"]) for e in record["errors"]] == [(2, "timeout")]


def test_page_timeout_batch_records_timeout(tmp_path: Path) -> None:
    env = fake_env(tmp_path, FAKE_TESS_SLOW_WIDTH="701")
    archive = tmp_path / "archive"
    archive.mkdir()
    _two_page_tiff(archive / "two.TIF")
    out = tmp_path / "out"
    done = digitize("batch", str(archive), "--out", str(out), "--page-timeout", "1.5",
                    "--jobs", "2", *FAST, env=env)
    assert done.returncode == ExitCode.PARTIAL, done.stderr
    (row,) = [json.loads(x) for x in (out / "manifest.jsonl").read_text().splitlines()]
    assert (row["status"], row["pages"], row["pages_failed"]) == ("partial", 2, 1)
    assert row["error"]["code"] == "timeout"
    assert row["page_errors"] == [{"page": 2, "code": "timeout", "message":
                                   f"tesseract timed out after 1.5 s {TIMEOUT_REMEDY}"}]
    assert (out / "two.json").is_file()


def test_run_interrupted_leaves_nothing_half_written(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys
    import time

    import psutil

    env = fake_env(tmp_path, FAKE_TESS_SLOW_WIDTH="701")
    slow = tmp_path / "slow.png"
    Image.fromarray(np.full((300, 701), 255, dtype=np.uint8)).save(slow)
    out = tmp_path / "out"
    command = [sys.executable, "-c", "from digitizer.cli import main; main()", "run", str(slow),
               "--out", str(out), *FAST]
    proc = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # wait until the (fake) tesseract OCRs the page
        try:
            if any("--psm" in c.cmdline() for c in psutil.Process(proc.pid).children()):
                break
        except psutil.Error:  # a short-lived child (tesseract --version) came and went
            pass
        time.sleep(0.1)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == ExitCode.INTERRUPTED, err
    assert err.splitlines()[-1] == ("digitize: interrupted: the records written so far are"
                                    " complete; nothing half-written")
    assert tree(out) == []
