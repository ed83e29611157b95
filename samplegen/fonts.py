"""Fonts and Thai line breaking for the synthetic memo renderer."""

from __future__ import annotations

import logging
import sysconfig
from functools import cache
from pathlib import Path

from PIL import ImageFont, features
from pythainlp.tokenize import subword_tokenize, word_tokenize

log = logging.getLogger(__name__)

_SITE = Path(sysconfig.get_paths()["purelib"])
_ODOO = _SITE / "odoo/addons/l10n_th_fonts/static/fonts"
_GOOGLE = _SITE / "fontpkg_sarabun/files"
_TLWG = Path("/usr/share/fonts/truetype/tlwg")

# family -> (display name, regular file, bold file). TH Sarabun New ships without a bold face
# here: Google Sarabun Bold (the same design, drawn larger on its em) stands in, matched in size.
FAMILIES: dict[str, tuple[str, Path, Path]] = {
    "sarabun-new": ("TH Sarabun New", _ODOO / "THSarabunNew.ttf", _GOOGLE / "Sarabun-Bold.ttf"),
    "sarabun-psk": ("TH SarabunPSK", _ODOO / "THSarabun.ttf", _GOOGLE / "Sarabun-Bold.ttf"),
    "sarabun-google": ("Sarabun", _GOOGLE / "Sarabun-Regular.ttf", _GOOGLE / "Sarabun-Bold.ttf"),
    "laksaman": ("Laksaman", _TLWG / "Laksaman.ttf", _TLWG / "Laksaman-Bold.ttf"),
}
DEFAULT_FAMILY = "sarabun-new"
FONT_NAME = FAMILIES[DEFAULT_FAMILY][0]
# TH Sarabun New draws small glyphs on a large em; memos printed from the Word template look
# about this much larger at a nominal 16 pt (measured against scans of the genre). Every other
# face is scaled to the same height of Thai consonants.
SIZE_SCALE = 1.45
_PROBE = "กขคงบนมอ"


def font_paths(family: str = DEFAULT_FAMILY) -> tuple[Path, Path]:
    """Return the (regular, bold) font files of `family`, raising when they are not installed."""
    if family not in FAMILIES:
        raise ValueError(f"unknown font family {family!r}; choose one of {sorted(FAMILIES)}")
    _, regular, bold = FAMILIES[family]
    for path in (regular, bold):
        if not path.exists():
            raise FileNotFoundError(
                f"{path} missing: scripts/setup.sh --dev installs the fonts "
                "(odoo-addon-l10n-th-fonts, fontpkg-sarabun, fonts-thai-tlwg)")
    return regular, bold


@cache
def _height(path: Path) -> float:
    """Ink height of Thai consonants at 100 px: what 'the same size' means across faces."""
    box = ImageFont.truetype(str(path), 100).getbbox(_PROBE)
    return float(box[3] - box[1])


@cache
def font(size_pt: float, dpi: int, *, bold: bool = False,
         family: str = DEFAULT_FAMILY) -> ImageFont.FreeTypeFont:
    """Return a RAQM-shaped font of `size_pt` points at `dpi`, sized like TH Sarabun New."""
    if not features.check("raqm"):
        raise RuntimeError("Pillow has no RAQM layout (Thai marks would be misplaced): "
                           "apt-get install libfribidi0 libharfbuzz0b")
    regular, bold_path = font_paths(family)
    path = bold_path if bold else regular
    reference = FAMILIES[DEFAULT_FAMILY][1]
    px = size_pt * dpi / 72.0 * SIZE_SCALE * _height(reference) / _height(path)
    return ImageFont.truetype(str(path), round(px), layout_engine=ImageFont.Layout.RAQM)


def text_width(text: str, fnt: ImageFont.FreeTypeFont) -> float:
    """Return the advance width of `text` in pixels (shaped)."""
    return float(fnt.getlength(text)) if text else 0.0


@cache
def _tokens(text: str) -> tuple[str, ...]:
    toks = word_tokenize(text, engine="newmm", keep_whitespace=True)
    if "".join(toks) != text:  # never lose a character
        toks = list(text)
    # no line may start with a closing bracket or end with an opening one
    glued: list[str] = []
    for tok in toks:
        if glued and (tok[0] in ")],;:" or glued[-1][-1] in "([") and not tok.isspace():
            glued[-1] += tok
        else:
            glued.append(tok)
    return tuple(glued)


def _fit(text: str, fnt: ImageFont.FreeTypeFont) -> float:
    """Width that must fit the line: closing punctuation may hang past the margin."""
    return text_width(text.strip().rstrip(")],;:"), fnt)


def _split_long(token: str, fnt: ImageFont.FreeTypeFont, width: float) -> list[str]:
    """Split a token wider than `width` at syllable (else character-cluster) boundaries."""
    parts: list[str] = []
    cur = ""
    pieces = subword_tokenize(token, engine="dict")  # syllables, as Word breaks long words
    if "".join(pieces) != token or any(_fit(p, fnt) > width for p in pieces):
        pieces = subword_tokenize(token, engine="tcc")
    for cluster in pieces:
        if cur and _fit(cur + cluster, fnt) > width:
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
        if _fit(cand, fnt) <= limit or not cur.strip():
            if not cur.strip() and _fit(tok, fnt) > limit:
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
        if _fit(cur, fnt) > limit:
            pieces = _split_long(cur, fnt, limit)
            lines.extend(pieces[:-1])
            cur = pieces[-1]
    if cur.strip():
        lines.append(cur.strip())
    return lines
