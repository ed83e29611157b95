"""Cell re-reads: all the sparse cells of a table in one Tesseract call, the same text as alone."""

from __future__ import annotations

import numpy as np
import pytest

from digitizer import cellread
from digitizer._exec import tesseract
from digitizer.errors import OcrFailedError
from digitizer.options import Options

OPTIONS = Options()
FIELDS = "level page_num block_num par_num line_num word_num left top width height conf text"
HEADER = FIELDS.replace(" ", "\t")


def _tsv(word: str) -> str:
    rows = [
        "1\t1\t0\t0\t0\t0\t0\t0\t200\t80\t-1\t",
        "2\t1\t1\t0\t0\t0\t20\t20\t60\t30\t-1\t",
        "3\t1\t1\t1\t0\t0\t20\t20\t60\t30\t-1\t",
        "4\t1\t1\t1\t1\t0\t20\t20\t60\t30\t-1\t",
        f"5\t1\t1\t1\t1\t1\t20\t20\t60\t30\t91.5\t{word}",
    ]
    return "\n".join([HEADER, *rows]) + "\n"


def _image() -> np.ndarray:
    image = np.full((400, 400), 255, dtype=np.uint8)
    image[50:60, 30:90] = 0
    return image


BOXES = [(10, 10, 200, 100), (200, 10, 390, 100), (10, 100, 200, 190)]


def test_sparse_cells_are_read_in_one_call(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []

    def many(images: list[np.ndarray], **_: object) -> list[str]:
        calls.append(len(images))
        return [_tsv(f"w{k}") for k in range(len(images))]

    monkeypatch.setattr(tesseract, "run_tsv_many", many)
    monkeypatch.setattr(tesseract, "run_tsv", lambda *a, **k: pytest.fail("one by one"))
    cache: cellread.ReadCache = {}
    cellread.read_cells(_image(), BOXES, OPTIONS, cache)
    assert calls == [3]
    assert [cache[box][0].text_raw for box in BOXES] == ["w0", "w1", "w2"]
    cellread.read_cells(_image(), BOXES, OPTIONS, cache)  # all cached: no second call
    assert calls == [3]


def test_failed_joint_read_falls_back_to_one_by_one(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(images: list[np.ndarray], **_: object) -> list[str]:
        raise OcrFailedError("boom")

    singles: list[tuple[int, ...]] = []

    def one(image: np.ndarray, **_: object) -> str:
        singles.append(image.shape)
        if len(singles) == 2:
            raise OcrFailedError("bad cell")
        return _tsv("x")

    monkeypatch.setattr(tesseract, "run_tsv_many", broken)
    monkeypatch.setattr(tesseract, "run_tsv", one)
    cache: cellread.ReadCache = {}
    cellread.read_cells(_image(), BOXES, OPTIONS, cache)
    assert len(singles) == 3
    assert sorted(cache) == sorted([BOXES[0], BOXES[2]])  # the failed cell keeps its page text


def test_empty_crop_is_not_read() -> None:
    assert cellread.cell_crop(_image(), (10, 10, 16, 16)) is None
    crop = cellread.cell_crop(_image(), BOXES[0])
    assert crop is not None and crop.shape == (90 - 8 + 40, 190 - 8 + 40)


@pytest.mark.tesseract
def test_joint_read_gives_each_crop_its_own_tsv() -> None:
    from PIL import Image, ImageDraw, ImageFont

    font_path = "/usr/share/fonts/truetype/tlwg/Laksaman.ttf"
    try:
        font = ImageFont.truetype(font_path, 48)
    except OSError:
        pytest.skip("fonts-thai-tlwg not installed")
    crops = []
    for text in ["ตำบลท่าตูม", "งบประมาณ 2568", ""]:
        page = Image.new("L", (600, 120), 255)
        ImageDraw.Draw(page).text((20, 30), text, font=font, fill=0)
        crops.append(np.asarray(page))
    alone = [tesseract.run_tsv(c, lang="tha+eng", psm=6, oem=1, timeout=60) for c in crops]
    joint = tesseract.run_tsv_many(crops, lang="tha+eng", psm=6, oem=1, timeout=60)
    assert joint == alone
