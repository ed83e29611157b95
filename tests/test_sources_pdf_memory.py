"""A PDF is parsed from its open file, never loaded whole into memory (huge scans)."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

from digitizer import sources


def test_the_pdf_reader_reads_from_the_file_not_a_copy_in_memory(tmp_path: Path) -> None:
    pdf = tmp_path / "two.pdf"
    page = Image.new("L", (200, 300), 255)
    page.save(pdf, save_all=True, append_images=[page], resolution=100.0)
    sources.clear_cache()
    reader = sources._pdf_reader(pdf)
    assert isinstance(reader.stream, io.BufferedReader)  # not a BytesIO of the whole file
    assert not isinstance(reader.stream, io.BytesIO)
    assert sources._pdf_page_count(pdf) == 2
    sources.clear_cache()
