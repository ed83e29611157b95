"""Train the Thai/Arabic digit classifier and write digitizer/data/digits_model.npz.

Data: strings of Thai and Arabic digits, separators and look-alike letters rendered in every
installed Thai font family except the held-out one (digit_render.HELD_OUT), 12-22 pt at
200-300 dpi, widened/narrowed and slanted, then scan-degraded; cropped and segmented with the
run-time code (digitizer.glyphs), so the model sees exactly what it will be asked about.

Learner: gradient-orientation histograms + coarse pixels + glyph geometry, classified by a
small ensemble of one-hidden-layer MLPs (scikit-learn). Chosen over a linear model and nearest
neighbours because it generalises better to an unseen font family (see bench/digits.py and the
closing report), while the shipped model stays plain float32 arrays (no pickle) and prediction
is two small matrix products per net: well under a millisecond for a page's glyphs.

Deterministic: fixed seeds, one BLAS thread, a zip written with fixed timestamps, so a rerun
produces the same bytes. Run with `nice .venv/bin/python scripts/train_digits.py` (a few
minutes on one core).
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import io  # noqa: E402
import logging  # noqa: E402
import time  # noqa: E402
import zipfile  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
from sklearn.neural_network import MLPClassifier  # noqa: E402

from digitizer import digit_render as render  # noqa: E402
from digitizer.glyphs import CLASSES, crop_features  # noqa: E402

log = logging.getLogger("train_digits")

OUT = Path(__file__).resolve().parents[1] / "digitizer" / "data" / "digits_model.npz"
SEED = 20260129
# memo fonts (TH Sarabun family and its metric twin Laksaman) are rendered more often
WEIGHTS = {"sarabun": 4, "laksaman": 3}


def training_fonts() -> list[tuple[str, list[Path]]]:
    """Every installed family except the held-out ones, repeated by its weight."""
    fonts = []
    for family in render.FAMILIES:
        if family in render.HELD_OUT:
            continue
        files = render.available(family)
        if not files:
            log.warning("font family %s not installed; skipped", family)
            continue
        fonts.extend([(family, files)] * WEIGHTS.get(family, 1))
    return fonts


def build_set(strings: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Render `strings` random strings and return the glyph features and class indices."""
    rng = np.random.default_rng(seed)
    fonts = training_fonts()
    rows: list[np.ndarray] = []
    labels: list[int] = []
    for i in range(strings):
        _, files = fonts[i % len(fonts)]
        sample, degraded = render.random_render(rng, files)
        found = render.labelled_glyphs(sample, degraded, rng)
        if not found:
            continue
        # features are computed per crop, exactly as at run time (reference height of the crop)
        feats = crop_features([g for g, _, _ in found])
        rows.append(feats)
        labels.extend(CLASSES.index(label) for _, label, _ in found)
    return np.concatenate(rows), np.asarray(labels, dtype=np.int64)


def write_npz(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """Write arrays as an .npz whose bytes depend only on the arrays (fixed zip timestamps)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(arrays):
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            data = io.BytesIO()
            np.lib.format.write_array(data, np.ascontiguousarray(arrays[name]), allow_pickle=False)
            zf.writestr(info, data.getvalue())
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buf.getvalue())


def main() -> None:
    """Render, train, report a quick check on fresh strings, write the model."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--strings", type=int, default=16000, help="training strings to render")
    parser.add_argument("--hidden", type=int, default=192)
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--nets", type=int, default=3, help="networks in the ensemble")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")

    start = time.perf_counter()
    x, y = build_set(args.strings, SEED)
    log.info("rendered %d glyphs in %.1fs; per class %s", len(y), time.perf_counter() - start,
             np.bincount(y, minlength=len(CLASSES)).tolist())
    mean = x.mean(axis=0)
    std = x.std(axis=0) + 1e-3
    xs = (x - mean) / std
    nets = []
    for seed in range(args.nets):
        clf = MLPClassifier(hidden_layer_sizes=(args.hidden,), activation="relu", alpha=1e-3,
                            batch_size=256, learning_rate_init=1e-3, max_iter=args.epochs,
                            shuffle=True, random_state=seed, tol=0.0,
                            n_iter_no_change=args.epochs)
        clf.fit(xs, y)
        if not np.array_equal(np.asarray(clf.classes_), np.arange(len(CLASSES))):
            raise SystemExit("a class is missing from the training set")
        nets.append(clf)
        log.info("net %d trained at %.1fs (loss %.4f)", seed, time.perf_counter() - start,
                 clf.loss_)

    xv, yv = build_set(1500, SEED + 1)
    xvs = (xv - mean) / std
    proba = np.mean([clf.predict_proba(xvs) for clf in nets], axis=0)
    log.info("check on fresh strings (training families): %.4f of %d glyphs",
             float((proba.argmax(axis=1) == yv).mean()), len(yv))

    write_npz(args.out, {
        "classes": np.asarray(CLASSES),
        "mean": mean.astype(np.float32),
        "std": std.astype(np.float32),
        "w1": np.stack([c.coefs_[0] for c in nets]).astype(np.float32),
        "b1": np.stack([c.intercepts_[0] for c in nets]).astype(np.float32),
        "w2": np.stack([c.coefs_[1] for c in nets]).astype(np.float32),
        "b2": np.stack([c.intercepts_[1] for c in nets]).astype(np.float32),
    })
    log.info("wrote %s (%d bytes)", args.out, args.out.stat().st_size)


if __name__ == "__main__":
    main()
