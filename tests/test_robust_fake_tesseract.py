"""A fake `tesseract` program for hermetic CLI tests in subprocesses, and tests of the fake itself.

`install_fake_tesseract(bin_dir)` writes an executable `tesseract` that answers --version and
--list-langs and writes a canned TSV (or an OSD report) like the real one. Environment knobs:
FAKE_TESS_LANGS ("eng osd tha"), FAKE_TESS_SLOW_WIDTH (sleep 30 s on images of that width),
FAKE_TESS_CRASH_WIDTH (die with a signal-like status on images of that width).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import glyph_run, tsv_rows

# The page a fake OCR "reads": a short memo header, one Thai glyph per "word" like tesseract.
CANNED_LINES = [
    glyph_run("บันทึกข้อความ", left=100, top=100),
    glyph_run("เรื่อง ขออนุมัติ", left=100, top=180),
]

_SCRIPT = r'''#!{python}
"""Fake tesseract for tests."""
import os, sys, time
from PIL import Image

args = sys.argv[1:]
langs = os.environ.get("FAKE_TESS_LANGS", "eng osd tha").split()
if args[:1] == ["--version"]:
    print("tesseract 5.3.0")
    sys.exit(0)
if args[:1] == ["--list-langs"]:
    print(f'List of available languages in "/fake/tessdata/" ({{len(langs)}}):')
    print("\n".join(langs))
    sys.exit(0)
image, base = args[0], args[1]
if "-l" in args:
    wanted = args[args.index("-l") + 1].split("+")
    missing = [code for code in wanted if code not in langs]
    if missing:
        sys.stderr.write(f"Error opening data file {{missing[0]}}.traineddata\n")
        sys.exit(1)
width = Image.open(image).width
if str(width) == os.environ.get("FAKE_TESS_SLOW_WIDTH"):
    time.sleep(30)
if str(width) == os.environ.get("FAKE_TESS_CRASH_WIDTH"):
    sys.stderr.write("Segmentation fault\n")
    sys.exit(139)
if "--psm" in args and args[args.index("--psm") + 1] == "0":
    with open(base + ".osd", "w") as out:
        out.write("Page number: 0\nOrientation in degrees: 0\nRotate: 0\n"
                  "Orientation confidence: 9.99\nScript: Thai\nScript confidence: 9.0\n")
    sys.exit(0)
with open(base + ".tsv", "w", encoding="utf-8") as out:
    out.write({tsv!r})
'''


def install_fake_tesseract(bin_dir: Path) -> Path:
    """Write the fake `tesseract` into bin_dir (put bin_dir first on PATH) and return it."""
    bin_dir.mkdir(parents=True, exist_ok=True)
    program = bin_dir / "tesseract"
    program.write_text(_SCRIPT.format(python=sys.executable, tsv=tsv_rows(CANNED_LINES)),
                       encoding="utf-8")
    program.chmod(0o755)
    return program


def path_without(programs: set[str], bin_dir: Path) -> str:
    """A PATH of one folder linking every program of the current PATH except `programs`.

    Keeps what the pipeline needs (poppler, the real or fake tesseract) minus what a test
    wants missing.
    """
    bin_dir.mkdir(parents=True, exist_ok=True)
    for folder in os.environ.get("PATH", "").split(os.pathsep):
        if not folder or not Path(folder).is_dir():
            continue
        for entry in Path(folder).iterdir():
            target = bin_dir / entry.name
            if entry.name in programs or target.exists() or not os.access(entry, os.X_OK):
                continue
            target.symlink_to(entry)
    return str(bin_dir)


def fake_env(tmp_path: Path, **knobs: str) -> dict[str, str]:
    """The environment of a CLI subprocess that runs the fake tesseract."""
    fake_bin = tmp_path / "fakebin"
    install_fake_tesseract(fake_bin)
    env = dict(os.environ)
    env["PATH"] = f"{fake_bin}{os.pathsep}{env.get('PATH', '')}"
    env.pop("TESSDATA_PREFIX", None)
    env.update(knobs)
    return env


def digitize(
    *args: str, env: dict[str, str], timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """Run the real CLI (`python -m digitizer.cli`-like, via the installed entry point)."""
    command = [sys.executable, "-c", "from digitizer.cli import main; main()", *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=timeout,
                          check=False)


def test_fake_tesseract_answers_like_the_real_one(tmp_path: Path) -> None:
    from PIL import Image

    env = fake_env(tmp_path)
    found = shutil.which("tesseract", path=env["PATH"])
    assert found == str(tmp_path / "fakebin" / "tesseract")
    version = subprocess.run([found, "--version"], capture_output=True, text=True, check=True)
    assert version.stdout.startswith("tesseract 5.3.0")
    image = tmp_path / "page.png"
    Image.new("L", (50, 40), 255).save(image)
    subprocess.run([found, str(image), str(tmp_path / "out"), "-l", "tha+eng", "tsv"],
                   env=env, check=True)
    text = (tmp_path / "out.tsv").read_text(encoding="utf-8")
    assert text.startswith("level\t")
    assert "\tบ\n" in text
    missing = subprocess.run([found, str(image), str(tmp_path / "o2"), "-l", "tha", "tsv"],
                             env={**env, "FAKE_TESS_LANGS": "eng osd"}, capture_output=True,
                             text=True, check=False)
    assert missing.returncode == 1
