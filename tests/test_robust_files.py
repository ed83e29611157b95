"""Bad inputs built on the fly (a nasty archive) and what `sources` says about each."""

from __future__ import annotations

import os
import stat
import struct
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont
from pypdf import PdfReader, PdfWriter

from digitizer import sources
from digitizer.errors import BadInputError, EncryptedInputError, ExitCode, TooLargeError
from digitizer.options import Options

THAI_FONT = Path("/usr/share/fonts/truetype/tlwg/Garuda.ttf")
HUGE = 30_000  # px a side: 900 million pixels, far above the 200 million default limit


# ---- builders (imported by the other test_robust_* modules) -----------------------------------


def text_page(lines: list[str], *, width: int = 900, size: int = 30) -> Image.Image:
    """A small white grayscale page with the lines drawn in a Thai font (low resolution)."""
    font = ImageFont.truetype(str(THAI_FONT), size) if THAI_FONT.exists() else None
    step = int(size * 1.8)
    image = Image.new("L", (width, 60 + step * len(lines)), 255)
    draw = ImageDraw.Draw(image)
    for number, line in enumerate(lines):
        draw.text((40, 30 + number * step), line, fill=0, font=font)
    return image


THAI_LINES = ["บันทึกข้อความ", "ส่วนราชการ สำนักงานจังหวัด", "เรื่อง ขออนุมัติจัดซื้อวัสดุ"]
ENGLISH_LINES = ["MEMORANDUM", "Subject: purchase of office supplies", "Date: 12 March 2024"]


def save_pdf(path: Path, pages: list[Image.Image], resolution: float = 100.0) -> Path:
    """A PDF of image pages (one per image)."""
    first, *rest = [page.convert("RGB") for page in pages]
    first.save(path, "PDF", resolution=resolution, save_all=True, append_images=rest)
    return path


def encrypt_pdf(
    src: Path, dst: Path, *, algorithm: str, user: str, owner: str = "owner-pw"
) -> Path:
    """A copy of src encrypted by pypdf (algorithm "RC4-128", "AES-128" or "AES-256")."""
    writer = PdfWriter(clone_from=str(src))
    writer.encrypt(user_password=user, owner_password=owner, algorithm=algorithm)
    with dst.open("wb") as handle:
        writer.write(handle)
    return dst


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def huge_png(path: Path, side: int = HUGE) -> Path:
    """A valid, all-black 1-bit PNG of side x side pixels (small on disk, huge once decoded)."""
    row = b"\x00" + b"\x00" * ((side + 7) // 8)
    packer = zlib.compressobj(9)
    body = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", body)
                     + _png_chunk(b"IEND", b""))
    return path


def huge_jpeg_header(path: Path, side: int = HUGE) -> Path:
    """A small JPEG whose frame header claims side x side pixels."""
    small = tmp_bytes_jpeg()
    marker = small.find(b"\xff\xc0")
    assert marker > 0
    patched = small[: marker + 5] + struct.pack(">HH", side, side) + small[marker + 9 :]
    path.write_bytes(patched)
    return path


def tmp_bytes_jpeg() -> bytes:
    """The bytes of a tiny baseline JPEG."""
    import io

    buffer = io.BytesIO()
    Image.new("L", (16, 16), 200).save(buffer, "JPEG")
    return buffer.getvalue()


def huge_tiff_header(path: Path, side: int = HUGE) -> Path:
    """An uncompressed 8-bit TIFF whose header claims side x side pixels (the strip is short)."""
    entries = [
        (256, 4, 1, side),  # ImageWidth, LONG
        (257, 4, 1, side),  # ImageLength
        (258, 3, 1, 8),  # BitsPerSample
        (259, 3, 1, 1),  # Compression: none
        (262, 3, 1, 1),  # Photometric: black is zero
        (273, 4, 1, 8 + 2 + 12 * 9 + 4),  # StripOffsets: right after the IFD
        (277, 3, 1, 1),  # SamplesPerPixel
        (278, 4, 1, side),  # RowsPerStrip
        (279, 4, 1, side * side),  # StripByteCounts
    ]
    ifd = struct.pack("<H", len(entries))
    for tag, kind, count, value in entries:
        packed = struct.pack("<HH", value, 0) if kind == 3 else struct.pack("<I", value)
        ifd += struct.pack("<HHI", tag, kind, count) + packed
    ifd += struct.pack("<I", 0)
    path.write_bytes(b"II*\x00" + struct.pack("<I", 8) + ifd + b"\x00" * 64)
    return path


def truncated(src: Path, dst: Path) -> Path:
    """The first half of a file."""
    data = src.read_bytes()
    dst.write_bytes(data[: len(data) // 2])
    return dst


def build_archive(root: Path) -> dict[str, Path]:
    """The nasty archive: nested folders, odd names, every kind of broken file, one good page.

    Returns the files by role.
    """
    rng = np.random.default_rng(7)
    (root / "2024" / "March").mkdir(parents=True)
    (root / "misc" / "deep" / "er").mkdir(parents=True)
    files: dict[str, Path] = {}
    good_image = text_page(THAI_LINES)
    files["good"] = save_pdf(root / "2024" / "March" / "Good Memo.PDF", [good_image])
    files["english"] = save_pdf(root / "2024" / "english.pdf", [text_page(ENGLISH_LINES)])
    blank = Image.new("L", (900, 400), 255)
    files["blank"] = root / "2024" / "blank.Png"
    blank.save(files["blank"])
    corrupt = b"%PDF-1.7\n" + rng.integers(0, 256, 4000, dtype=np.uint8).tobytes()
    files["corrupt"] = root / "misc" / "corrupt.pdf"
    files["corrupt"].write_bytes(corrupt)
    files["truncated_pdf"] = truncated(files["good"], root / "misc" / "deep" / "half.pdf")
    png = root / "misc" / "whole.png.tmpsrc"
    good_image.save(png, "PNG")
    files["truncated_png"] = truncated(png, root / "misc" / "half.png")
    jpg = root / "misc" / "whole.jpg.tmpsrc"
    good_image.save(jpg, "JPEG", quality=90)
    files["truncated_jpeg"] = truncated(jpg, root / "misc" / "deep" / "er" / "half.JPG")
    files["jpeg_as_png"] = root / "misc" / "really-a-jpeg.png"
    files["jpeg_as_png"].write_bytes(jpg.read_bytes())
    png.unlink()
    jpg.unlink()
    files["encrypted"] = encrypt_pdf(files["good"], root / "misc" / "secret.pdf",
                                     algorithm="AES-256", user="s3cret")
    files["empty"] = root / "misc" / "empty.pdf"
    files["empty"].write_bytes(b"")
    files["text_as_pdf"] = root / "misc" / "notes.pdf"
    files["text_as_pdf"].write_text("meeting notes, not a scan\n", encoding="utf-8")
    files["huge"] = huge_png(root / "misc" / "huge.png")
    (root / "misc" / "readme.txt").write_text("not a scan\n", encoding="utf-8")
    return files


# ---- what sources.describe / load_page say -------------------------------------------------------

OPTIONS = Options()


def _describe(path: Path) -> sources.SourceInfo:
    return sources.describe(path, max_pages=OPTIONS.max_pages, max_pixels=OPTIONS.max_pixels,
                            dpi=OPTIONS.dpi)


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The nasty archive, built once for this module."""
    return build_archive(tmp_path_factory.mktemp("archive"))


@pytest.mark.parametrize(
    ("role", "error", "phrase"),
    [
        ("corrupt", BadInputError, "corrupt or truncated PDF"),
        ("truncated_pdf", BadInputError, "corrupt or truncated PDF"),
        ("truncated_png", BadInputError, "corrupt or truncated image"),
        ("truncated_jpeg", BadInputError, "corrupt or truncated image"),
        ("empty", BadInputError, "the file is empty"),
        ("text_as_pdf", BadInputError, "not a PDF, PNG, JPEG or TIFF file"),
        ("encrypted", EncryptedInputError, "password-protected"),
        ("huge", TooLargeError, "(30,000 x 30,000 px)"),
    ],
)
def test_bad_files_raise_typed_errors_naming_the_file(
    archive: dict[str, Path], role: str, error: type[Exception], phrase: str
) -> None:
    with pytest.raises(error) as caught:
        _describe(archive[role])
    exc = caught.value
    line = exc.one_line()  # type: ignore[attr-defined]
    assert line.startswith(f"{archive[role]}{' page 1' if role == 'huge' else ''}: ")
    assert phrase in line
    assert "\n" not in line
    assert line.endswith(")")  # every message carries a remedy in brackets
    assert exc.exit_code == {  # type: ignore[attr-defined]
        BadInputError: ExitCode.BAD_INPUT,
        EncryptedInputError: ExitCode.ENCRYPTED,
        TooLargeError: ExitCode.TOO_LARGE,
    }[error]


@pytest.mark.parametrize("role", ["good", "english", "blank", "jpeg_as_png"])
def test_good_files_are_described(archive: dict[str, Path], role: str) -> None:
    info = _describe(archive[role])
    assert info.page_count == 1
    assert info.format == {"jpeg_as_png": "jpeg", "blank": "png"}.get(role, "pdf")
    assert len(info.sha256) == 64


def test_huge_image_rejected_from_its_header_without_decoding(tmp_path: Path) -> None:
    before = Image.MAX_IMAGE_PIXELS
    makers = ((huge_png, "h.png"), (huge_jpeg_header, "h.jpg"), (huge_tiff_header, "h.tif"))
    for make, name in makers:
        path = make(tmp_path / name)
        with pytest.raises(TooLargeError) as caught:
            _describe(path)
        assert caught.value.message == (
            "page has 900,000,000 pixels (30,000 x 30,000 px), more than the limit of 200,000,000"
        )
        assert caught.value.remedy == "lower --dpi or raise --max-pixels"
        # the page loader says the same of the page, and never decodes either
        with pytest.raises(TooLargeError) as caught:
            sources.load_page(str(path), _describe_format(path), 1, dpi=300,
                              max_pixels=OPTIONS.max_pixels, timeout=5)
        assert caught.value.page == 1
    assert before == Image.MAX_IMAGE_PIXELS  # the PIL guard is restored


def _describe_format(path: Path) -> str:
    return sources.sniff_format(path.read_bytes()[:1024]) or "?"


def test_huge_image_accepted_when_the_limit_is_raised(tmp_path: Path) -> None:
    path = huge_jpeg_header(tmp_path / "h.jpg", side=2000)
    info = sources.describe(path, max_pages=10, max_pixels=5_000_000, dpi=300)
    assert info.page_count == 1
    with pytest.raises(TooLargeError):
        sources.describe(path, max_pages=10, max_pixels=3_999_999, dpi=300)


def test_pdf_page_too_large_at_dpi(tmp_path: Path) -> None:
    pdf = save_pdf(tmp_path / "a3.pdf", [Image.new("L", (400, 300), 255)], resolution=10.0)
    # 40 x 30 inches: at 300 dpi 12000 x 9000 = 108 million pixels
    assert sources.pdf_page_pixels(str(pdf), 1, 300) == 12000 * 9000
    with pytest.raises(TooLargeError) as caught:
        sources.describe(pdf, max_pages=10, max_pixels=100_000_000, dpi=300)
    assert "page 1" in caught.value.one_line()
    assert "page has 108,000,000 pixels (12,000 x 9,000 px)" in caught.value.message
    assert sources.describe(pdf, max_pages=10, max_pixels=100_000_000, dpi=200).page_count == 1


def test_multi_page_pdf_with_one_huge_page_fails_only_that_page(tmp_path: Path) -> None:
    normal = Image.new("L", (850, 1100), 255)
    big = Image.new("L", (400, 300), 255)
    pdf = tmp_path / "mixed.pdf"
    normal.save(pdf, "PDF", resolution=100.0)
    writer = PdfWriter(clone_from=str(pdf))
    huge_page = PdfReader(str(save_pdf(tmp_path / "big.pdf", [big], resolution=10.0))).pages[0]
    writer.add_page(huge_page)
    with pdf.open("wb") as handle:
        writer.write(handle)
    info = sources.describe(pdf, max_pages=10, max_pixels=100_000_000, dpi=300)
    assert info.page_count == 2  # inspect passes: the other page is fine
    with pytest.raises(TooLargeError) as caught:
        sources.load_page(str(pdf), "pdf", 2, dpi=300, max_pixels=100_000_000, timeout=30)
    assert caught.value.page == 2


# ---- encryption ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def plain_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A one-page PDF to encrypt."""
    return save_pdf(tmp_path_factory.mktemp("enc") / "plain.pdf", [text_page(THAI_LINES)])


ALGORITHMS = ["RC4-128", "AES-128", "AES-256"]


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_user_password_pdf_is_encrypted_error(plain_pdf: Path, tmp_path: Path,
                                              algorithm: str) -> None:
    pdf = encrypt_pdf(plain_pdf, tmp_path / f"{algorithm}.pdf", algorithm=algorithm, user="pw")
    with pytest.raises(EncryptedInputError) as caught:
        _describe(pdf)
    line = caught.value.one_line()
    assert line == (f"{pdf}: the PDF is password-protected (remove the password: qpdf --decrypt"
                    " --password=PASSWORD IN.pdf OUT.pdf, then run OUT.pdf)")
    assert caught.value.exit_code == ExitCode.ENCRYPTED


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_owner_password_only_pdf_opens(plain_pdf: Path, tmp_path: Path, algorithm: str) -> None:
    pdf = encrypt_pdf(plain_pdf, tmp_path / f"{algorithm}.pdf", algorithm=algorithm, user="")
    info = _describe(pdf)
    assert (info.format, info.page_count) == ("pdf", 1)
    gray, dpi = sources.load_page(str(pdf), "pdf", 1, dpi=100, max_pixels=10**8, timeout=30)
    assert dpi == 100
    assert gray.dtype == np.uint8 and gray.ndim == 2
    assert gray.min() < 100  # the text was rendered: the PDF really was decrypted


@pytest.mark.parametrize(
    ("algorithm", "user", "phrase"),
    [
        ("AES-256", "pw", "the PDF is AES-encrypted and the cryptography package is missing"),
        ("AES-256", "", "the PDF is AES-encrypted and the cryptography package is missing"),
        ("AES-128", "pw", "the PDF is password-protected"),  # its password check is MD5/RC4
        ("AES-128", "", None),  # opens: pypdf reads only the page boxes, poppler decrypts
    ],
)
def test_aes_without_cryptography_is_a_clear_encrypted_error(
    plain_pdf: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    algorithm: str, user: str, phrase: str | None,
) -> None:
    pdf = encrypt_pdf(plain_pdf, tmp_path / "enc.pdf", algorithm=algorithm, user=user)
    # Simulate an install without the `cryptography` package: pypdf then cannot do AES.
    import pypdf._encryption as encryption
    from pypdf._crypt_providers import _fallback

    for name in ("CryptAES", "aes_cbc_decrypt", "aes_cbc_encrypt", "aes_ecb_decrypt",
                 "aes_ecb_encrypt"):
        monkeypatch.setattr(encryption, name, getattr(_fallback, name))
    sources.clear_cache()
    try:
        if phrase is None:
            assert _describe(pdf).page_count == 1
            return
        with pytest.raises(EncryptedInputError) as caught:
            _describe(pdf)
        line = caught.value.one_line()
        assert line.startswith(f"{pdf}: {phrase} (")
        assert "qpdf --decrypt" in line
        assert caught.value.exit_code == ExitCode.ENCRYPTED
    finally:
        sources.clear_cache()


def test_unreadable_file_is_bad_input(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads everything")
    path = save_pdf(tmp_path / "locked.pdf", [text_page(THAI_LINES)])
    path.chmod(0)
    try:
        with pytest.raises(BadInputError) as caught:
            _describe(path)
        assert "cannot read" in caught.value.message
    finally:
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_huge_image_is_not_decoded_at_inspect_without_a_limit(tmp_path: Path) -> None:
    import time

    path = huge_png(tmp_path / "h.png")
    started = time.perf_counter()
    info = sources.describe(path, max_pages=10)  # no max_pixels: counted, never decoded
    assert info.page_count == 1
    assert time.perf_counter() - started < 2.0  # decoding 900 million pixels takes far longer


def test_damaged_files_only_ever_raise_typed_errors(tmp_path: Path) -> None:
    """Random byte flips and cuts in PDF, PNG, JPEG and TIFF files: a record or a typed error."""
    import io

    from digitizer.errors import DigitizerError

    page = text_page(THAI_LINES[:1], width=200, size=16)
    bases: dict[str, bytes] = {"pdf": save_pdf(tmp_path / "base.pdf", [page]).read_bytes()}
    for fmt, ext in (("PNG", "png"), ("JPEG", "jpg"), ("TIFF", "tif")):
        buffer = io.BytesIO()
        page.save(buffer, fmt)
        bases[ext] = buffer.getvalue()
    rng = np.random.default_rng(11)
    outcomes: dict[str, int] = {}
    for number in range(120):
        ext = ("pdf", "png", "jpg", "tif")[number % 4]
        data = bytearray(bases[ext])
        for _ in range(int(rng.integers(1, 6))):
            data[int(rng.integers(0, len(data)))] = int(rng.integers(0, 256))
        if number % 3 == 0:
            data = data[: int(rng.integers(10, len(data)))]
        path = tmp_path / f"damaged-{number}.{ext}"
        path.write_bytes(bytes(data))
        try:
            info = sources.describe(path, max_pages=50, max_pixels=20_000_000, dpi=72)
            for n in range(1, info.page_count + 1):
                sources.load_page(str(path), info.format, n, dpi=72, max_pixels=20_000_000,
                                  timeout=10)
            outcome = "ok"
        except DigitizerError as exc:
            assert exc.path == str(path)
            assert exc.remedy
            outcome = exc.code
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    assert outcomes.get("bad_input", 0) >= 30  # most damage is caught...
    assert set(outcomes) <= {"ok", "bad_input"}  # ...and nothing else escapes
