"""Bare Tesseract on a committed sample: realistic (errors in the dev-set range), not trivial."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from rapidfuzz.distance import Levenshtein

ROOT = Path(__file__).resolve().parent.parent
WS = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")


def _squash(text: str) -> str:
    return WS.sub("", unicodedata.normalize("NFC", text))


@pytest.mark.tesseract
def test_bare_tesseract_cer_on_plain_memo_is_in_devset_range() -> None:
    if shutil.which("tesseract") is None:
        pytest.skip("tesseract not installed")
    truth = json.loads((ROOT / "samples/truth/sampleB_banfang_training.json").read_text())
    scan = ROOT / "samples/scans" / truth["file"]
    out = subprocess.run(["tesseract", str(scan), "-", "-l", "tha+eng", "--psm", "3"],
                         capture_output=True, text=True, check=True, timeout=120,
                         env={**os.environ, "OMP_THREAD_LIMIT": "1"}).stdout
    ref = _squash(truth["pages"][0]["text"])
    cer = Levenshtein.distance(_squash(out), ref) / len(ref)
    assert 0.04 < cer < 0.3, cer
    assert "ขอนแก่น" in out  # the page is readable: a real place name comes through
