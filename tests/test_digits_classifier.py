"""The shipped digit classifier on a fixed rendered set: exact expected labels."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import numpy as np
import pytest

from digitizer import digit_render as render
from digitizer.digits import DIGITS, decide, load_model, read_glyphs
from digitizer.glyphs import CLASSES, OTHER, binarize, crop_features, segment

MODEL = Path(__file__).resolve().parents[1] / "digitizer" / "data" / "digits_model.npz"


def _font(family: str, index: int = 0) -> Path:
    files = render.available(family)
    if len(files) <= index:
        pytest.skip(f"font family {family} not installed")
    return files[index]


def _labels(text: str, font: Path, px: int, *, degrade_seed: int | None = None) -> list[str]:
    sample = render.render(text, font, px)
    image = sample.image
    if degrade_seed is not None:
        image = render.degrade(image, np.random.default_rng(degrade_seed), strength=0.6)
    return [r.label for r in read_glyphs(image)]


def test_model_is_small_safe_and_matches_the_classes() -> None:
    assert MODEL.stat().st_size < 1_000_000
    with zipfile.ZipFile(MODEL) as zf:
        assert sorted(zf.namelist()) == [
            "b1.npy", "b2.npy", "classes.npy", "mean.npy", "std.npy", "w1.npy", "w2.npy"]
    model = load_model()
    assert model.classes == CLASSES
    assert model.w1.shape[1] == crop_features([]).shape[1]


@pytest.mark.parametrize(
    ("family", "index", "px"),
    [("sarabun", 0, 70), ("sarabun", 2, 50), ("laksaman", 0, 56), ("laksaman", 1, 64),
     ("garuda", 0, 48), ("norasi", 0, 60)],
)
def test_all_thai_digits_clean(family: str, index: int, px: int) -> None:
    text = "๐๑๒๓๔๕๖๗๘๙"
    assert _labels(text, _font(family, index), px) == list(text)


@pytest.mark.parametrize("family", ["sarabun", "laksaman", "loma"])
def test_arabic_digits_clean(family: str) -> None:
    text = "0123456789"
    assert _labels(text, _font(family), 60) == list(text)


@pytest.mark.parametrize(("text", "seed"), [("๒๕๖๔", 1), ("๗๔๓๐๑", 2), ("๙๘๗๖", 3), ("๔๖๗๘๙", 4)])
def test_degraded_memo_digits(text: str, seed: int) -> None:
    assert _labels(text, _font("sarabun"), 64, degrade_seed=seed) == list(text)


def test_lookalike_letters_are_not_digits() -> None:
    labels = _labels("ใตดคลย", _font("sarabun"), 70)
    assert labels == [OTHER] * 6


def test_date_with_letters_and_dots() -> None:
    labels = _labels("พ.ศ.๒๕๖๔", _font("laksaman"), 60)
    assert labels == [OTHER, OTHER, OTHER, OTHER, "๒", "๕", "๖", "๔"]


def test_segment_merges_marks_and_keeps_order() -> None:
    mask = np.zeros((30, 40), dtype=bool)
    mask[10:28, 2:10] = True  # a letter
    mask[2:6, 4:9] = True  # its mark above
    mask[10:28, 20:28] = True  # the next glyph
    glyphs = segment(mask)
    assert [g.box for g in glyphs] == [(2, 2, 10, 28), (20, 10, 28, 28)]
    assert binarize(np.full((5, 5), 200, np.uint8)).sum() == 0


def test_decide_uses_the_neighbours_script_when_unsure() -> None:
    probs = np.zeros(len(CLASSES))
    probs[CLASSES.index("0")] = 0.55
    probs[CLASSES.index("๐")] = 0.40
    probs[CLASSES.index("๘")] = 0.05
    assert decide(probs, "thai") == ("๐", pytest.approx(0.95), ("๘",))
    assert decide(probs, "arabic") == ("0", pytest.approx(0.95), ("8",))
    assert decide(probs, None)[0] == "0"
    probs[:] = 0
    probs[CLASSES.index(OTHER)] = 0.7
    probs[CLASSES.index("๔")] = 0.3
    assert decide(probs, "thai") == (OTHER, pytest.approx(0.7), ())
    assert set(DIGITS) == set(CLASSES[:20])


def test_write_npz_is_byte_reproducible(tmp_path: Path) -> None:
    from scripts.train_digits import write_npz

    arrays = {"a": np.arange(5, dtype=np.float32), "classes": np.asarray(CLASSES)}
    write_npz(tmp_path / "one.npz", arrays)
    write_npz(tmp_path / "two.npz", arrays)
    assert (tmp_path / "one.npz").read_bytes() == (tmp_path / "two.npz").read_bytes()
    with np.load(io.BytesIO((tmp_path / "one.npz").read_bytes()), allow_pickle=False) as data:
        assert tuple(data["classes"]) == CLASSES


def test_labelled_glyphs_whole_drops_a_character_split_in_two() -> None:
    # a "๖" whose faint ink broke into two wide, side-by-side pieces, then an intact "๑"
    image = np.full((60, 100), 255, dtype=np.uint8)
    image[24:38, 10:30] = 0  # piece 1 of the ๖
    image[12:22, 22:40] = 0  # piece 2 of the ๖, an upside-down L beside and above piece 1
    image[12:30, 32:40] = 0
    image[12:38, 55:75] = 0  # the ๑
    sample = render.Sample(image, "๖๑", ((10, 12, 40, 38), (55, 12, 75, 38)))
    split = render.labelled_glyphs(sample, image, np.random.default_rng(0))
    assert [label for _, label, _ in split] == ["๖", "๖", "๑"]
    whole = render.labelled_glyphs(sample, image, np.random.default_rng(0), whole=True)
    assert [(label, glyph.box[0]) for glyph, label, _ in whole] == [("๑", split[2][0].box[0])]
