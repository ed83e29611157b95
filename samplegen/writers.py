"""Write page images as PDF (image-only, one JPEG per page), PNG, JPEG or multi-page TIFF."""

from __future__ import annotations

import io
import logging
from pathlib import Path

from PIL import Image

from samplegen.degrade import posterize

log = logging.getLogger(__name__)

FORMATS = {"pdf": ".pdf", "png": ".png", "jpg": ".jpg", "tiff": ".tiff"}


def _jpeg(img: Image.Image, dpi: int, quality: int) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality, dpi=(dpi, dpi), optimize=True)
    return buf.getvalue()


def pdf_bytes(pages: list[Image.Image], dpi: int, quality: int = 40) -> bytes:
    """Build a minimal, byte-reproducible image-only PDF with one DCT image per page."""
    objs: list[bytes] = []
    n = len(pages)
    kids = " ".join(f"{3 + 3 * i} 0 R" for i in range(n))
    objs.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objs.append(f"<< /Type /Pages /Kids [{kids}] /Count {n} >>".encode())
    for i, img in enumerate(pages):
        w, h = img.size
        pw, ph = w * 72 / dpi, h * 72 / dpi
        page_id, img_id, content_id = 3 + 3 * i, 4 + 3 * i, 5 + 3 * i
        objs.append((f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {pw:.2f} {ph:.2f}] "
                     f"/Resources << /XObject << /Im0 {img_id} 0 R >> >> "
                     f"/Contents {content_id} 0 R >>").encode())
        data = _jpeg(img, dpi, quality)
        objs.append((f"<< /Type /XObject /Subtype /Image /Width {w} /Height {h} "
                     f"/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode "
                     f"/Length {len(data)} >>\nstream\n").encode() + data + b"\nendstream")
        stream = f"q {pw:.2f} 0 0 {ph:.2f} 0 0 cm /Im0 Do Q".encode()
        objs.append(f"<< /Length {len(stream)} >>\nstream\n".encode() + stream
                    + b"\nendstream")
        assert page_id + 2 == content_id
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for num, body in enumerate(objs, start=1):
        offsets.append(len(out))
        out += f"{num} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += (f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
            .encode())
    return bytes(out)


def write_scan(pages: list[Image.Image], path: Path, *, fmt: str, dpi: int,
               quality: int = 45, levels: int = 16) -> None:
    """Save degraded pages at `path` in `fmt` (png/jpg hold exactly one page)."""
    if fmt in ("png", "jpg") and len(pages) != 1:
        raise ValueError(f"{fmt} holds one page, got {len(pages)}")
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "pdf":
        path.write_bytes(pdf_bytes(pages, dpi, quality))
    elif fmt == "png":
        posterize(pages[0], levels).save(path, "PNG", dpi=(dpi, dpi), optimize=True)
    elif fmt == "jpg":
        path.write_bytes(_jpeg(pages[0], dpi, quality))
    elif fmt == "tiff":
        frames = [posterize(p, levels) for p in pages]
        frames[0].save(path, "TIFF", save_all=True, append_images=frames[1:],
                       compression="tiff_lzw", dpi=(dpi, dpi))
    else:
        raise ValueError(f"unknown format {fmt!r}; choose one of {sorted(FORMATS)}")
