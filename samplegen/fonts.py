"""Fonts and Thai line breaking for the synthetic memo renderer."""

from __future__ import annotations

import logging
import sysconfig
from functools import cache
from pathlib import Path

from PIL import ImageFont
from pythainlp.tokenize import subword_tokenize, word_tokenize

log = logging.getLogger(__name__)

_SITE = Path(sysconfig.get_paths()["purelib"])
REGULAR = _SITE / "odoo/addons/l10n_th_fonts/static/fonts/THSarabunNew.ttf"
# TH Sarabun New ships without a bold face here: Google Sarabun Bold (the same design, drawn
# larger on its em) is scaled down to TH Sarabun's x-height.
BOLD = _SITE / "fontpkg_sarabun/files/Sarabun-Bold.ttf"
BOLD_SCALE = 0.67
FONT_NAME = "TH Sarabun New"
# TH Sarabun New draws small glyphs on a large em; memos printed from the Word template look
# about this much larger at a nominal 16 pt (measured against scans of the genre).
SIZE_SCALE = 1.45


def font_paths() -> tuple[Path, Path]:
    """Return the (regular, bold) font files, raising when they are not installed."""
    for path in (REGULAR, BOLD):
        if not path.exists():
            raise FileNotFoundError(
                f"{path} missing: pip install odoo-addon-l10n-th-fonts fontpkg-sarabun"
            )
    return REGULAR, BOLD


@cache
def font(size_pt: float, dpi: int, *, bold: bool = False) -> ImageFont.FreeTypeFont:
    """Return a RAQM-shaped font of `size_pt` points at `dpi` (bold = scaled Google Sarabun)."""
    regular, bold_path = font_paths()
    px = size_pt * dpi / 72.0 * SIZE_SCALE
    path = bold_path if bold else regular
    if bold:
        px *= BOLD_SCALE
    return ImageFont.truetype(str(path), round(px), layout_engine=ImageFont.Layout.RAQM)


def text_width(text: str, fnt: ImageFont.FreeTypeFont) -> float:
    """Return the advance width of `text` in pixels (shaped)."""
    return float(fnt.getlength(text)) if text else 0.0


@cache
def _tokens(text: str) -> tuple[str, ...]:
    toks = word_tokenize(text, engine="newmm", keep_whitespace=True)
    if "".join(toks) != text:  # never lose a character
        toks = list(text)
    return tuple(toks)


def _split_long(token: str, fnt: ImageFont.FreeTypeFont, width: float) -> list[str]:
    """Split a token wider than `width` at syllable (else character-cluster) boundaries."""
    parts: list[str] = []
    cur = ""
    pieces = subword_tokenize(token, engine="dict")  # syllables, as Word breaks long words
    if "".join(pieces) != token or any(text_width(p, fnt) > width for p in pieces):
        pieces = subword_tokenize(token, engine="tcc")
    for cluster in pieces:
        if cur and text_width(cur + cluster, fnt) > width:
            parts.append(cur)
            cur = cluster
        else:
            cur += cluster
    if cur:
        parts.append(cur)
    return parts


def wrap(text: str, fnt: ImageFont.FreeTypeFont, width: float,
         first_width: float | None = None) -> list[str]:
    """Break `text` into lines no wider than `width` (the first line `first_width`) at words."""
    lines: list[str] = []
    cur = ""
    limit = first_width if first_width is not None else width
    for tok in _tokens(text):
        cand = cur + tok
        if text_width(cand.strip(), fnt) <= limit or not cur.strip():
            if not cur.strip() and text_width(tok.strip(), fnt) > limit:
                pieces = _split_long(tok, fnt, limit)
                lines.extend(pieces[:-1])
                cur = pieces[-1] if pieces else ""
                limit = width
                continue
            cur = cand
            continue
        lines.append(cur.strip())
        limit = width
        cur = tok.lstrip()
        if text_width(cur, fnt) > limit:
            pieces = _split_long(cur, fnt, limit)
            lines.extend(pieces[:-1])
            cur = pieces[-1]
    if cur.strip():
        lines.append(cur.strip())
    return lines
