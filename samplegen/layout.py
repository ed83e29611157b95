"""Lay out a บันทึกข้อความ on A4 pages line by line, recording the exact text of every page."""

from __future__ import annotations

import logging
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from PIL import Image, ImageDraw, ImageFont

from samplegen import fonts

log = logging.getLogger(__name__)

# one character cell: a base character with its above/below marks (and a following sara am)
CLUSTER = re.compile(r".[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]*\u0e33?", re.S)
THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
Cell = dict[str, Any]


@dataclass
class Page:
    """One rendered page: the clean image and its printed lines in reading order."""

    image: Image.Image
    lines: list[str] = field(default_factory=list)
    split_row: bool = False  # a table row starts here and continues on the next page

    @property
    def text(self) -> str:
        """Return the page text, one visual line per line."""
        return "\n".join(self.lines)


class MemoLayout:
    """A cursor over A4 pages: each method prints one kind of block and records its lines."""

    def __init__(self, *, dpi: int, digits: str, seed: int,
                 family: str = fonts.DEFAULT_FAMILY) -> None:
        self.dpi = dpi
        self.family = family
        self.digits = digits
        self.rng = random.Random(seed)
        self.width = self.cm(21.0)
        self.height = self.cm(29.7)
        self.left = self.cm(3.0)
        self.right = self.width - self.cm(2.0)
        self.bottom = self.height - self.cm(2.0)
        self.text_w = self.right - self.left
        self.body = self.font(16)
        self.body_bold = self.font(16, bold=True)
        self.pitch = round(16 * dpi / 72 * 1.18)
        self.rule = max(1, round(dpi / 150))
        self.pages: list[Page] = []
        self.y: float = 0.0
        self.new_page()

    # ---- geometry helpers -------------------------------------------------------------
    def cm(self, value: float) -> int:
        """Convert centimetres to pixels at the layout dpi."""
        return round(value / 2.54 * self.dpi)

    def font(self, size_pt: float, *, bold: bool = False) -> ImageFont.FreeTypeFont:
        """Return the document's face at `size_pt` points."""
        return fonts.font(size_pt, self.dpi, bold=bold, family=self.family)

    @property
    def page(self) -> Page:
        """Return the page being drawn."""
        return self.pages[-1]

    @property
    def draw(self) -> ImageDraw.ImageDraw:
        """Return a drawing context on the current page."""
        return ImageDraw.Draw(self.page.image)

    def num(self, text: str) -> str:
        """Write digits in the document's script."""
        return text.translate(THAI_DIGITS) if self.digits == "thai" else text

    def new_page(self) -> None:
        """Start a new page; from page 2 on print the page number '- n -' at the top."""
        self.pages.append(Page(Image.new("L", (self.width, self.height), 255)))
        self.y = self.cm(1.5)
        n = len(self.pages)
        if n > 1:
            label = self.num(f"- {n} -")
            x = self.left + (self.text_w - fonts.text_width(label, self.body)) / 2
            self.text_line(label, x, self.y, self.body)
            self.y = self.cm(2.5)

    def ensure(self, height: float) -> None:
        """Move to a new page unless `height` pixels still fit above the bottom margin."""
        if self.y + height > self.bottom:
            self.new_page()

    def baseline(self, top: float, pitch: float | None = None) -> float:
        """Return the baseline of a line box starting at `top`."""
        return top + 0.74 * (pitch or self.pitch)

    def text_line(self, text: str, x: float, top: float, fnt: ImageFont.FreeTypeFont, *,
                  record: bool = True, pitch: float | None = None) -> None:
        """Draw one line of text with its box top at `top` and record it in the page text."""
        self.draw.text((x, self.baseline(top, pitch)), text, font=fnt, fill=0, anchor="ls")
        if record:
            self.page.lines.append(text)

    def justified_line(self, text: str, x: float, top: float, width: float,
                       fnt: ImageFont.FreeTypeFont) -> None:
        """Draw a line stretched to `width` the way Word's Thai distributed alignment does.

        The slack is spread over every character cell (a consonant with its marks), spaces
        getting a larger share, so Thai words stretch slightly instead of splitting apart.
        """
        toks = CLUSTER.findall(text)
        natural = fonts.text_width(text, fnt)
        shares = [3.0 if t == " " else 1.0 for t in toks[:-1]]
        unit = (width - natural) / sum(shares) if shares else 0.0
        unit = min(max(unit, 0.0), fnt.size * 0.12)  # a short line is not stretched apart
        cx = x
        for tok, share in zip(toks, [*shares, 0.0], strict=True):
            self.draw.text((cx, self.baseline(top)), tok, font=fnt, fill=0, anchor="ls")
            cx += fonts.text_width(tok, fnt) + unit * share
        self.page.lines.append(text)

    def dotted(self, x0: float, x1: float, y: float) -> None:
        """Draw a dotted leader (the template's field line) from x0 to x1 at height y."""
        step = max(3, round(self.dpi / 40))
        r = max(1, round(self.dpi / 300))
        for x in range(int(x0), int(x1), step):
            self.draw.ellipse((x - r, y - r, x + r, y + r), fill=90)

    # ---- header -------------------------------------------------------------------------
    def emblem(self, x: float, y: float, size: float) -> None:
        """Draw a Garuda-like emblem mark (a solid bird figure) in a `size` pixel box."""
        d = self.draw
        cx = x + size / 2
        s = size / 100.0

        def pts(points: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
            return [(cx + px * s, y + py * s) for px, py in points]

        d.polygon(pts([(-8, 8), (8, 8), (10, 30), (0, 36), (-10, 30)]), fill=0)
        d.ellipse((cx - 9 * s, y, cx + 9 * s, y + 16 * s), fill=0)
        d.polygon(pts([(0, 10), (14, 16), (2, 20)]), fill=0)
        for side in (-1, 1):
            wing = [(side * 10, 30), (side * 48, 8), (side * 50, 22), (side * 40, 44),
                    (side * 30, 58), (side * 14, 60)]
            d.polygon(pts(wing), fill=0)
            for k in range(4):
                d.line(pts([(side * (18 + 8 * k), 34 + 4 * k), (side * (28 + 8 * k), 14 + 6 * k)]),
                       fill=255, width=max(1, round(2 * s)))
        d.polygon(pts([(-14, 36), (14, 36), (18, 78), (0, 96), (-18, 78)]), fill=0)
        d.ellipse((cx - 7 * s, y + 46 * s, cx + 7 * s, y + 60 * s), fill=255)
        d.polygon(pts([(-30, 80), (-12, 84), (-16, 100), (-34, 96)]), fill=0)
        d.polygon(pts([(30, 80), (12, 84), (16, 100), (34, 96)]), fill=0)

    def heading(self) -> None:
        """Print the emblem and the 29 pt 'บันทึกข้อความ' heading."""
        size = self.cm(1.5)
        self.emblem(self.left, self.y, size)
        big = self.font(29, bold=True)
        title = "บันทึกข้อความ"
        pitch = round(29 * self.dpi / 72 * 1.1)
        x = self.left + (self.text_w - fonts.text_width(title, big)) / 2
        self.text_line(title, x, self.y + size - pitch * 0.85, big, pitch=pitch)
        self.y += size + self.cm(0.35)

    def field(self, label: str, value: str) -> None:
        """Print a bold 20 pt label with its 16 pt value over a dotted leader, wrapping."""
        lab = self.font(20, bold=True)
        pitch = round(20 * self.dpi / 72 * 1.05)
        gap = self.cm(0.25)
        vx = self.left + fonts.text_width(label, lab) + gap
        lines = fonts.wrap(value, self.body, self.right - vx)
        for i, text in enumerate(lines):
            base = self.baseline(self.y, pitch)
            if i == 0:
                self.draw.text((self.left, base), label, font=lab, fill=0, anchor="ls")
            self.draw.text((vx, base), text, font=self.body, fill=0, anchor="ls")
            self.dotted(vx, self.right, base + self.cm(0.12))
            self.page.lines.append(f"{label} {text}" if i == 0 else text)
            self.y += pitch

    def ref_date(self, reference: str, date_text: str) -> None:
        """Print 'ที่ <reference>' and 'วันที่ <date>' on one line."""
        lab = self.font(20, bold=True)
        pitch = round(20 * self.dpi / 72 * 1.05)
        gap = self.cm(0.25)
        base = self.baseline(self.y, pitch)
        mid = self.left + self.text_w * 0.45
        vx = self.left + fonts.text_width("ที่", lab) + gap
        self.draw.text((self.left, base), "ที่", font=lab, fill=0, anchor="ls")
        self.draw.text((vx, base), reference, font=self.body, fill=0, anchor="ls")
        self.dotted(vx, mid - gap, base + self.cm(0.12))
        dx = mid + fonts.text_width("วันที่", lab) + gap
        self.draw.text((mid, base), "วันที่", font=lab, fill=0, anchor="ls")
        self.draw.text((dx, base), date_text, font=self.body, fill=0, anchor="ls")
        self.dotted(dx, self.right, base + self.cm(0.12))
        self.page.lines.append(f"ที่ {reference} วันที่ {date_text}")
        self.y += pitch

    def salutation(self, to: str) -> None:
        """Print the 'เรียน' line in body type, then leave a small gap."""
        self.y += self.cm(0.2)
        for i, text in enumerate(fonts.wrap(f"เรียน {to}", self.body, self.text_w)):
            self.ensure(self.pitch)
            self.text_line(text, self.left + (0 if i == 0 else self.cm(1.2)), self.y, self.body)
            self.y += self.pitch
        self.y += self.cm(0.2)

    # ---- body blocks --------------------------------------------------------------------
    def paragraph(self, text: str, *, indent_cm: float = 2.5) -> None:
        """Print a justified body paragraph with a first-line indent."""
        indent = self.cm(indent_cm)
        lines = fonts.wrap(text, self.body, self.text_w, first_width=self.text_w - indent)
        for i, line in enumerate(lines):
            self.ensure(self.pitch)
            x = self.left + (indent if i == 0 else 0)
            w = self.right - x
            if i < len(lines) - 1:
                self.justified_line(line, x, self.y, w, self.body)
            else:
                self.text_line(line, x, self.y, self.body)
            self.y += self.pitch
        self.y += round(self.pitch * 0.25)

    def caption(self, text: str) -> None:
        """Print a centred bold title; '\\n' splits it deliberately."""
        self.y += round(self.pitch * 0.2)
        lines = [ln for part in text.split("\n")
                 for ln in fonts.wrap(part, self.body_bold, self.text_w)]
        self.ensure(self.pitch * (len(lines) + 7))  # keep the title with the table head
        for line in lines:
            x = self.left + (self.text_w - fonts.text_width(line, self.body_bold)) / 2
            self.text_line(line, x, self.y, self.body_bold)
            self.y += self.pitch
        self.y += round(self.pitch * 0.15)

    def scribble(self, cx: float, top: float, w: float, h: float) -> None:
        """Draw a signature scribble: a smooth random pen stroke inside a box."""
        n = self.rng.randint(6, 10)
        xs = sorted(self.rng.uniform(cx - w / 2, cx + w / 2) for _ in range(n))
        pts = [(x, self.rng.uniform(top + h * 0.15, top + h * 0.95)) for x in xs]
        curve: list[tuple[float, float]] = []
        for i in range(len(pts) - 1):
            p0 = pts[max(i - 1, 0)]
            p1, p2 = pts[i], pts[i + 1]
            p3 = pts[min(i + 2, len(pts) - 1)]
            for k in range(12):
                t = k / 12
                t2, t3 = t * t, t * t * t
                curve.append(tuple(  # type: ignore[arg-type]
                    0.5 * (2 * p1[j] + (-p0[j] + p2[j]) * t
                           + (2 * p0[j] - 5 * p1[j] + 4 * p2[j] - p3[j]) * t2
                           + (-p0[j] + 3 * p1[j] - 3 * p2[j] + p3[j]) * t3)
                    for j in (0, 1)))
        curve.append(pts[-1])
        self.draw.line(curve, fill=self.rng.randint(20, 70), width=max(2, round(self.dpi / 110)),
                       joint="curve")

    def signature(self, name: str, position: list[str]) -> None:
        """Print a signature block: scribble, '(name)' and position lines, centred right."""
        sig_h = self.cm(1.3)
        self.ensure(sig_h + self.pitch * (len(position) + 1.5))
        cx = self.left + self.text_w * 0.62
        self.y += round(self.pitch * 0.4)
        self.scribble(cx, self.y, self.cm(3.5), sig_h)
        self.y += sig_h
        for text in [f"({name})", *position]:
            self.text_line(text, cx - fonts.text_width(text, self.body) / 2, self.y, self.body)
            self.y += self.pitch

    def comment(self, heading: str, text: str) -> None:
        """Print a 'ความเห็น…' heading at the margin with its text indented below."""
        lines = fonts.wrap(text, self.body, self.text_w - self.cm(1.5))
        self.ensure(self.pitch * (len(lines) + 1) + self.cm(1.3) + self.pitch * 3)
        self.y += round(self.pitch * 0.5)
        self.text_line(heading, self.left, self.y, self.body)
        self.y += self.pitch
        for line in lines:
            self.text_line(line, self.left + self.cm(1.5), self.y, self.body)
            self.y += self.pitch
