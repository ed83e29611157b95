"""`digitize run` end to end with a fake Tesseract: records, exit codes, messages, no partials."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytesseract
import pytest
from PIL import Image
from typer.testing import CliRunner

from digitizer._exec import tesseract
from digitizer.cli import app
from digitizer.errors import ExitCode, OcrFailedError
from digitizer.schema import generate_schema, shipped_schema
from tests.conftest import glyph_run, tsv_rows

FLAGS = ["--no-correct", "--no-digits", "--no-structure"]
CANNED = tsv_rows([glyph_run("สวัสดี", left=30, top=60)])


@pytest.fixture
def fake_ocr(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Tesseract replaced by canned TSV; returns the list of OCR call counts."""
    calls: list[int] = []
    info = tesseract.TesseractInfo(version="5.3.0", languages=("eng", "osd", "tha"))
    monkeypatch.setattr(tesseract, "probe", lambda: info)
    monkeypatch.setattr(tesseract, "run_osd", lambda image, **_: (0, 0.0))

    def run_tsv(image: np.ndarray, **_: object) -> str:
        calls.append(image.size)
        return CANNED

    monkeypatch.setattr(tesseract, "run_tsv", run_tsv)
    return calls


def invoke(*args: str) -> tuple[int, str, str]:
    """Run the CLI; returns (exit code, stdout, stderr)."""
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def listing(folder: Path) -> list[str]:
    """Every file in a folder, hidden temp files included."""
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_run_writes_a_valid_utf8_record(
    fake_ocr: list[int], page_png: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    code, _, err = invoke("run", str(page_png), "--out", str(out), *FLAGS)
    assert (code, err) == (0, "")
    text = (out / "memo.json").read_text(encoding="utf-8")
    assert "สวัสดี" in text and "\\u0e" not in text
    record = json.loads(text)
    assert record["status"] == "ok"
    assert record["source"]["format"] == "png" and record["source"]["page_count"] == 1
    page = record["pages"][0]
    assert (page["number"], page["width"], page["height"], page["dpi"]) == (1, 300, 400, 300)
    assert page["text_raw"] == page["text"] == "สวัสดี"
    assert page["lines"][0]["text_raw"] == "สวัสดี"
    assert record["processing"]["options_fingerprint"]
    assert listing(out) == ["memo.json"]


def _fail_pytesseract(monkeypatch: pytest.MonkeyPatch, exc: Exception) -> None:
    info = tesseract.TesseractInfo(version="5.3.0", languages=("eng", "osd", "tha"))
    monkeypatch.setattr(tesseract, "probe", lambda: info)
    monkeypatch.setattr(tesseract, "run_osd", lambda image, **_: (0, 0.0))

    def boom(*_: object, **__: object) -> str:
        raise exc

    monkeypatch.setattr(pytesseract, "image_to_data", boom)


@pytest.mark.parametrize(
    ("exc", "code", "reason"),
    [
        (pytesseract.TesseractError(-11, "segfault"), ExitCode.OCR_FAILED, "tesseract failed"),
        (RuntimeError("Tesseract process timeout"), ExitCode.TIMEOUT, "timed out after 9 s"),
    ],
)
def test_ocr_crash_and_timeout_name_the_page_and_write_nothing(
    monkeypatch: pytest.MonkeyPatch,
    page_png: Path,
    tmp_path: Path,
    exc: Exception,
    code: ExitCode,
    reason: str,
) -> None:
    _fail_pytesseract(monkeypatch, exc)
    out = tmp_path / "out"
    got, _, err = invoke("run", str(page_png), "--out", str(out), "--page-timeout", "9", *FLAGS)
    assert got == code
    assert err.startswith(f"digitize: {page_png} page 1: ") and reason in err
    assert err.count("\n") == 1
    assert listing(out) == []


def test_missing_tesseract_binary(
    monkeypatch: pytest.MonkeyPatch, page_png: Path, tmp_path: Path
) -> None:
    def missing() -> str:
        raise pytesseract.TesseractNotFoundError()

    monkeypatch.setattr(pytesseract, "get_tesseract_version", missing)
    tesseract.probe.cache_clear()
    try:
        code, _, err = invoke("run", str(page_png), "--out", str(tmp_path / "o"), *FLAGS)
    finally:
        tesseract.probe.cache_clear()
    assert code == ExitCode.MISSING_DEPENDENCY
    assert err == (
        f"digitize: {page_png}: tesseract is not installed "
        "(run: apt-get install tesseract-ocr tesseract-ocr-tha)\n"
    )
    assert listing(tmp_path / "o") == []


def test_missing_thai_model(
    monkeypatch: pytest.MonkeyPatch, page_png: Path, tmp_path: Path
) -> None:
    monkeypatch.setattr(pytesseract, "get_tesseract_version", lambda: "5.3.0")
    monkeypatch.setattr(pytesseract, "get_languages", lambda config="": ["eng", "osd"])
    tesseract.probe.cache_clear()
    try:
        code, _, err = invoke("run", str(page_png), "--out", str(tmp_path / "o"), *FLAGS)
    finally:
        tesseract.probe.cache_clear()
    assert code == ExitCode.MISSING_DEPENDENCY
    assert "tesseract language model missing: tha" in err
    assert "apt-get install tesseract-ocr-tha" in err


def _encrypted_pdf(path: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt("secret")
    with path.open("wb") as handle:
        writer.write(handle)


@pytest.mark.parametrize(
    ("name", "content", "code", "reason"),
    [
        ("empty.pdf", b"", ExitCode.BAD_INPUT, "the file is empty"),
        ("notes.pdf", b"just some text\n", ExitCode.BAD_INPUT, "not a PDF, PNG, JPEG or TIFF"),
        ("broken.pdf", b"%PDF-1.4\n%garbage\x00\x01 no objects", ExitCode.BAD_INPUT, "PDF"),
        ("cut.png", None, ExitCode.BAD_INPUT, "corrupt or truncated image"),
        ("locked.pdf", None, ExitCode.ENCRYPTED, "password-protected"),
    ],
)
def test_unusable_inputs_get_their_code_and_no_output(
    fake_ocr: list[int],
    page_png: Path,
    tmp_path: Path,
    name: str,
    content: bytes | None,
    code: ExitCode,
    reason: str,
) -> None:
    path = tmp_path / name
    if name == "cut.png":
        data = page_png.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    elif name == "locked.pdf":
        _encrypted_pdf(path)
    else:
        assert content is not None
        path.write_bytes(content)
    out = tmp_path / "out"
    got, _, err = invoke("run", str(path), "--out", str(out), *FLAGS)
    assert got == code, err
    assert err.startswith(f"digitize: {path}: ") and reason in err
    assert listing(out) == []
    assert fake_ocr == []


def test_image_over_the_pixel_limit(fake_ocr: list[int], page_png: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, _, err = invoke("run", str(page_png), "--out", str(out), "--max-pixels", "1000", *FLAGS)
    assert code == ExitCode.TOO_LARGE
    assert err.startswith(f"digitize: {page_png} page 1: page has 120,000 pixels")
    assert "(lower --dpi or raise --max-pixels)" in err
    assert listing(out) == []


def test_one_bad_page_gives_a_partial_record(
    monkeypatch: pytest.MonkeyPatch, fake_ocr: list[int], tmp_path: Path
) -> None:
    frames = [Image.fromarray(np.full((200, 150), 255, dtype=np.uint8)) for _ in range(3)]
    path = tmp_path / "three.tiff"
    frames[0].save(path, save_all=True, append_images=frames[1:])
    calls = {"n": 0}

    def flaky(image: np.ndarray, **_: object) -> str:
        calls["n"] += 1
        if calls["n"] == 2:
            raise OcrFailedError("tesseract failed (status -6): abort")
        return CANNED

    monkeypatch.setattr(tesseract, "run_tsv", flaky)
    out = tmp_path / "out"
    code, _, err = invoke("run", str(path), "--out", str(out), *FLAGS)
    assert code == ExitCode.PARTIAL
    assert err.startswith(f"digitize: {path} page 2: tesseract failed (status -6): abort")
    record = json.loads((out / "three.json").read_text(encoding="utf-8"))
    assert record["status"] == "partial"
    assert [p["number"] for p in record["pages"]] == [1, 3]
    assert record["errors"][0]["page"] == 2 and record["errors"][0]["code"] == "ocr_failed"


def test_several_inputs_continue_and_exit_partial(
    fake_ocr: list[int], page_png: Path, tmp_path: Path
) -> None:
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    out = tmp_path / "out"
    code, _, err = invoke("run", str(empty), str(page_png), "--out", str(out), *FLAGS)
    assert code == ExitCode.PARTIAL
    remedy = "check the file opens in an image or PDF viewer, or re-scan it"
    assert err == f"digitize: {empty}: the file is empty ({remedy})\n"
    assert listing(out) == ["memo.json"]


def test_pdf_pages_are_rasterised_one_at_a_time(fake_ocr: list[int], tmp_path: Path) -> None:
    pages = [Image.fromarray(np.full((300, 200), 255, dtype=np.uint8)) for _ in range(2)]
    path = tmp_path / "two.pdf"
    pages[0].save(path, save_all=True, append_images=pages[1:], resolution=100)
    out = tmp_path / "out"
    code, _, err = invoke("run", str(path), "--out", str(out), "--dpi", "150", *FLAGS)
    assert (code, err) == (0, "")
    record = json.loads((out / "two.json").read_text(encoding="utf-8"))
    assert [(p["number"], p["width"], p["height"], p["dpi"]) for p in record["pages"]] == [
        (1, 300, 450, 150),
        (2, 300, 450, 150),
    ]
    assert fake_ocr == [300 * 450, 300 * 450]


def test_shipped_schema_matches_the_model_and_is_printed() -> None:
    assert shipped_schema() == generate_schema()
    code, out, _ = invoke("schema")
    assert code == 0
    assert json.loads(out) == shipped_schema()


def test_version_option() -> None:
    code, out, _ = invoke("--version")
    assert (code, out) == (0, "digitize 0.4.0\n")


def test_bad_option_is_a_usage_error(page_png: Path, tmp_path: Path) -> None:
    code, _, err = invoke("run", str(page_png), "--out", str(tmp_path), "--dpi", "10")
    assert code == ExitCode.USAGE
    assert err.startswith("digitize: bad option dpi:")


def _blank_pdf(path: Path) -> None:
    Image.fromarray(np.full((100, 80), 255, dtype=np.uint8)).save(path, resolution=50)


def test_missing_poppler(
    monkeypatch: pytest.MonkeyPatch, fake_ocr: list[int], tmp_path: Path
) -> None:
    from digitizer._exec import poppler

    path = tmp_path / "scan.pdf"
    _blank_pdf(path)
    monkeypatch.setattr(poppler.shutil, "which", lambda name: None)
    code, _, err = invoke("run", str(path), "--out", str(tmp_path / "o"), *FLAGS)
    assert code == ExitCode.MISSING_DEPENDENCY
    assert err == (
        f"digitize: {path}: pdfinfo (poppler) is not installed "
        "(run: apt-get install poppler-utils)\n"
    )


def test_poppler_failures_are_mapped_by_class(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import pdf2image
    from pdf2image import exceptions as pdf_errors

    from digitizer._exec import poppler
    from digitizer.errors import BadInputError, PageTimeoutError

    def fail_with(exc: Exception):  # type: ignore[no-untyped-def]
        def convert(*_: object, **__: object) -> list[object]:
            raise exc

        return convert

    monkeypatch.setattr(pdf2image, "convert_from_path", fail_with(pdf_errors.PDFSyntaxError("x")))
    with pytest.raises(BadInputError) as bad:
        poppler.rasterise_page("a.pdf", 3, dpi=300, timeout=5)
    assert bad.value.page == 3
    monkeypatch.setattr(
        pdf2image, "convert_from_path", fail_with(pdf_errors.PDFPopplerTimeoutError("slow"))
    )
    with pytest.raises(PageTimeoutError):
        poppler.rasterise_page("a.pdf", 1, dpi=300, timeout=5)


def test_truncated_pdf_and_owner_password_pdf(fake_ocr: list[int], tmp_path: Path) -> None:
    from pypdf import PdfWriter

    whole = tmp_path / "whole.pdf"
    pages = [Image.fromarray(np.full((300, 200), v, dtype=np.uint8)) for v in (255, 200)]
    pages[0].save(whole, save_all=True, append_images=pages[1:], resolution=100)
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    owner = tmp_path / "owner.pdf"
    writer = PdfWriter()
    writer.append(str(whole))
    writer.encrypt(user_password="", owner_password="owner")
    with owner.open("wb") as handle:
        writer.write(handle)
    out = tmp_path / "out"
    code, _, err = invoke("run", str(cut), str(owner), "--out", str(out), *FLAGS)
    assert code == ExitCode.PARTIAL
    assert err.startswith(f"digitize: {cut}: corrupt or truncated PDF")
    assert err.count("\n") == 1
    assert listing(out) == ["owner.json"]
    record = json.loads((out / "owner.json").read_text(encoding="utf-8"))
    assert record["status"] == "ok" and len(record["pages"]) == 2
