"""A synthetic review folder: rendered Thai pages, records with flagged corrections, the store.

Used by the review tests, the review benchmark and the screenshot, so the app can be exercised
without running OCR. The texts are made up for the demo (not taken from any real memo).
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from digitizer.export import write_record
from digitizer.model import Correction, Document, Line, Page, Source, apply_corrections
from digitizer.review.records import STORE_NAME
from digitizer.store import ReviewStore

_FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/tlwg/Garuda.ttf",
    "/usr/share/fonts/truetype/tlwg/Loma.ttf",
    "/usr/share/fonts/truetype/tlwg/Norasi.ttf",
)
_WIDTH, _HEIGHT, _DPI = 1240, 1754, 150
_LEFT, _TOP, _LEADING, _SIZE = 110, 150, 54, 28


@dataclass(frozen=True)
class Slip:
    """A word the demo OCR misreads: truth, what OCR read, the alternatives offered, the rule."""

    truth: str
    read: str
    alternatives: tuple[str, ...] = ()
    rule: str = "lexicon"


SLIPS: tuple[Slip, ...] = (
    Slip("ศรีสงคราม", "ศรีสงครม", ("ศรีสงคราม", "ศรีสงครา"), "gazetteer"),
    Slip("งบประมาณ", "งบประมาน", ("งบประมาณ",)),
    Slip("ดำเนินการ", "ดำเนินกร", ("ดำเนินการ", "ดำเนินงาน")),
    Slip("คณะกรรมการ", "คณะกรรมกร", ("คณะกรรมการ",)),
    Slip("ประชาสัมพันธ์", "ประชาสัมพันธ", ("ประชาสัมพันธ์",)),
    Slip("๒๕๖๘", "๒๕๐๘", ("๒๕๖๘", "๒๕๘๘"), "thai_digit"),
    Slip("ผู้อำนวยการ", "ผู้อำนายการ", ("ผู้อำนวยการ",)),
    Slip("จังหวัด", "จังหวด", ("จังหวัด",)),
)

LINES: tuple[str, ...] = (
    "บันทึกข้อความ",
    "ส่วนราชการ สำนักปลัด องค์การบริหารส่วนตำบลนาดี อำเภอศรีสงคราม จังหวัดนครพนม",
    "เรื่อง ขออนุมัติดำเนินการโครงการอบรมอาสาสมัคร ประจำปีงบประมาณ พ.ศ. ๒๕๖๘",
    "เรียน นายกองค์การบริหารส่วนตำบลนาดี",
    "ด้วยงานป้องกันและบรรเทาสาธารณภัยได้ตั้งงบประมาณไว้สำหรับดำเนินการฝึกอบรม",
    "โดยมีคณะกรรมการกำกับดูแลโครงการ และจะประชาสัมพันธ์ให้ประชาชนทราบทั่วกัน",
    "ทั้งนี้ได้ประสานผู้อำนวยการโรงเรียนในเขตอำเภอศรีสงครามเพื่อใช้สถานที่แล้ว",
    "จึงเรียนมาเพื่อโปรดพิจารณาอนุมัติ และลงนามในคำสั่งแต่งตั้งคณะกรรมการที่แนบมา",
    "ให้รายงานผลการดำเนินการต่อจังหวัดภายในสิ้นปีงบประมาณ พ.ศ. ๒๕๖๘",
    "เพื่อประชาสัมพันธ์กิจกรรมของหน่วยงานในพื้นที่ตำบลและจังหวัดใกล้เคียง",
)


def _font() -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for candidate in _FONT_CANDIDATES:
        if Path(candidate).is_file():
            return ImageFont.truetype(candidate, _SIZE)
    return ImageFont.load_default(size=_SIZE)


def _document(
    stem: str, scans_dir: Path, lines: list[str], rng: random.Random, extra: list[Slip]
) -> Document:
    """Render lines as the scan, read them through the slips, and make the record."""
    font = _font()
    image = Image.new("L", (_WIDTH, _HEIGHT), 255)
    draw = ImageDraw.Draw(image)
    raw_lines: list[str] = []
    record_lines: list[Line] = []
    corrections: list[Correction] = []
    offset = 0
    slips = (*SLIPS, *extra)
    for number, truth in enumerate(lines):
        y = _TOP + number * _LEADING
        draw.text((_LEFT, y), truth, font=font, fill=20)
        _l, top, _r, bottom = (int(v) for v in draw.textbbox((_LEFT, y), truth, font=font))
        raw, cursor = "", 0
        for slip in sorted(slips, key=lambda s: truth.find(s.truth)):
            at = truth.find(slip.truth, cursor)
            if at < 0:
                continue
            x0 = _LEFT + round(font.getlength(truth[:at]))
            x1 = x0 + round(font.getlength(slip.truth))
            raw += truth[cursor:at]
            start = offset + len(raw)
            raw += slip.read
            cursor = at + len(slip.truth)
            corrections.append(Correction(
                id=f"c{len(corrections) + 1}", page=1, start=start, end=start + len(slip.read),
                original=slip.read, suggestion=slip.truth, alternatives=list(slip.alternatives[1:]),
                confidence=round(rng.uniform(0.3, 0.88), 3), rule=slip.rule,
                bbox=[x0, top, x1, bottom], status="flagged",
            ))
        raw += truth[cursor:]
        raw_lines.append(raw)
        record_lines.append(Line(text_raw=raw, text=raw, bbox=[_LEFT, top, _LEFT + round(
            font.getlength(truth)), bottom], confidence=round(rng.uniform(70, 95), 1)))
        offset += len(raw) + 1
    scans_dir.mkdir(parents=True, exist_ok=True)
    scan = scans_dir / f"{stem}.png"
    image.save(scan, dpi=(_DPI, _DPI))
    data = scan.read_bytes()
    text_raw = "\n".join(raw_lines)
    page = Page(number=1, width=_WIDTH, height=_HEIGHT, dpi=_DPI, mean_confidence=85.0,
                text_raw=text_raw, text=apply_corrections(text_raw, corrections),
                lines=record_lines)
    return Document(
        source=Source(path=str(scan), sha256=hashlib.sha256(data).hexdigest(), format="png",
                      page_count=1, size_bytes=len(data)),
        pages=[page], corrections=corrections,
    )


def build_demo(
    out_dir: Path,
    *,
    documents: int = 2,
    per_document: int | None = None,
    hostile: bool = False,
    seed: int = 7,
) -> list[Path]:
    """Write demo scans, records and OUT_DIR/review.sqlite; returns the record paths.

    per_document caps the flagged corrections per document; hostile adds OCR text carrying
    markup (<script>) to the first document, to test escaping.
    """
    out_dir = Path(out_dir)
    rng = random.Random(seed)
    extra = [Slip("ตำบลนาดี", "<script>window.__xss=1</script>", ("<b>x</b>",))] if hostile else []
    store = ReviewStore(out_dir / STORE_NAME)
    records: list[Path] = []
    try:
        for index in range(documents):
            lines = list(LINES[:3]) + rng.sample(LINES[3:], len(LINES) - 3)
            lines += rng.sample(LINES[3:], len(LINES) - 3)
            slips = extra if index == 0 else []  # markup only in the first document
            document = _document(f"memo{index + 1:02d}", out_dir / "_scans", lines, rng, slips)
            if per_document is not None:
                document = _capped(document, per_document)
            path = write_record(document, out_dir / f"memo{index + 1:02d}.json")
            store.upsert_document(document, record_path=path.name,
                                  source_path=document.source.path)
            records.append(path)
    finally:
        store.close()
    return records


def _capped(document: Document, limit: int) -> Document:
    """Keep the first `limit` corrections flagged; the rest become applied (out of the queue)."""
    corrections = [
        c if index < limit else c.model_copy(update={"status": "applied", "confidence": 0.95})
        for index, c in enumerate(document.corrections)
    ]
    pages = [
        p.model_copy(update={"text": apply_corrections(p.text_raw, corrections)})
        for p in document.pages
    ]
    return document.model_copy(update={"corrections": corrections, "pages": pages})
