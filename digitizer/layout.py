"""Pure geometry: Tesseract TSV glyphs -> words -> lines in reading order, Thai normalised."""

from __future__ import annotations

import logging
import re
import statistics
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pythainlp.util import normalize as thai_normalize

from digitizer.model import Line, Page, Word

log = logging.getLogger(__name__)

# A space is put between two glyphs when their gap is wider than this many glyph heights ...
SPACE_GAP = 0.55
# ... and wider than the line's usual inter-glyph gap plus this many glyph heights.
SPACE_OVER_TYPICAL = 0.35
# Between two non-Thai words (Latin, Arabic digits) a gap wider than this is a space.
LATIN_GAP = 0.15
_NIKHAHIT_AA = re.compile("\u0e4d\u0e32|\u0e32\u0e4d")
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
# Thai characters that never begin a word: marks above/below and the following vowels.
_NO_SPACE_BEFORE = frozenset("\u0e30\u0e32\u0e33\u0e45") | frozenset(
    chr(c) for c in range(0x0E31, 0x0E4F) if unicodedata.category(chr(c)) == "Mn"
)
# A word below this confidence with no Thai letter and no digit is noise (emblem, specks, rules).
JUNK_CONFIDENCE = 50.0
_RULE_CHARS = frozenset("|¦")
_DROP_RULES = str.maketrans("", "", "|¦")
# Leading vowels never end a word.
_NO_SPACE_AFTER = frozenset("\u0e40\u0e41\u0e42\u0e43\u0e44")


@dataclass(frozen=True)
class Glyph:
    """One TSV word row: Tesseract's unit, often a single Thai character."""

    text: str
    left: int
    top: int
    width: int
    height: int
    conf: float
    key: tuple[int, int, int]  # (block, paragraph, line)

    @property
    def right(self) -> int:
        """x of the right edge."""
        return self.left + self.width

    @property
    def bottom(self) -> int:
        """y of the bottom edge."""
        return self.top + self.height


def normalize_text(text: str) -> str:
    """Unicode NFC, ํา -> ำ, no zero-width characters, doubled marks removed (pythainlp)."""
    text = unicodedata.normalize("NFC", text)
    text = _ZERO_WIDTH.sub("", text)
    text = _NIKHAHIT_AA.sub("\u0e33", text)
    text = thai_normalize(text)
    return unicodedata.normalize("NFC", text).strip()


def parse_tsv(tsv: str) -> list[Glyph]:
    """The recognised word rows (level 5, non-empty) of Tesseract TSV output, in its order."""
    glyphs: list[Glyph] = []
    for number, row in enumerate(tsv.splitlines()):
        fields = row.split("\t")
        if number == 0 or len(fields) < 12 or fields[0] != "5":
            continue
        text = fields[11].strip()
        if not text:
            continue
        try:
            block, par, line = int(fields[2]), int(fields[3]), int(fields[4])
            left, top, width, height = (int(v) for v in fields[6:10])
            conf = float(fields[10])
        except ValueError:
            log.debug("skipping malformed TSV row %d", number)
            continue
        glyphs.append(Glyph(text, left, top, width, height, max(0.0, conf), (block, par, line)))
    return glyphs


def _glyph_height(glyphs: Sequence[Glyph]) -> float:
    """The typical height of the line's glyphs (a robust stand-in for its body size)."""
    heights = [g.height for g in glyphs if g.height > 2]
    return float(statistics.median(heights)) if heights else 1.0


def _is_thai(text: str) -> bool:
    return any("\u0e00" <= char <= "\u0e7f" for char in text)


def _space_between(left: Glyph, right: Glyph, gap: float, threshold: float, height: float) -> bool:
    if not _is_thai(left.text) and not _is_thai(right.text):
        # Tesseract segments Latin text into real words: trust any visible gap
        return gap > LATIN_GAP * height
    if gap <= threshold:
        return False
    return not (right.text[0] in _NO_SPACE_BEFORE or left.text[-1] in _NO_SPACE_AFTER)


def split_words(glyphs: Sequence[Glyph], cells: Sequence[Sequence[int]] = ()) -> list[list[Glyph]]:
    """Group one line's glyphs into words: a gap clearly wider than the usual one is a space.

    Glyphs in different table cells never share a word.
    """
    if not glyphs:
        return []
    height = _glyph_height(glyphs)
    gaps: list[float] = []
    reach = glyphs[0].right
    for glyph in glyphs[1:]:
        gaps.append(float(glyph.left - reach))
        reach = max(reach, glyph.right)
    positive = [g for g in gaps if g > 0]
    typical = statistics.median(positive) if len(positive) >= 3 else 0.0
    threshold = max(SPACE_GAP * height, typical + SPACE_OVER_TYPICAL * height)
    where = [_cell_index(g.left + g.width / 2, g.top + g.height / 2, cells) for g in glyphs]
    words: list[list[Glyph]] = [[glyphs[0]]]
    for index, (glyph, gap) in enumerate(zip(glyphs[1:], gaps, strict=True), start=1):
        crossing = where[index] != where[index - 1] and _is_base(glyph.text)
        if crossing or _space_between(words[-1][-1], glyph, gap, threshold, height):
            words.append([glyph])
        else:
            words[-1].append(glyph)
    return words


def union_box(boxes: Iterable[Sequence[int]]) -> list[int]:
    """The smallest box [x0, y0, x1, y1] holding every box given (at least one)."""
    x0s, y0s, x1s, y1s = zip(*boxes, strict=True)
    return [min(x0s), min(y0s), max(x1s), max(y1s)]


def is_noise(text: str, confidence: float) -> bool:
    """A table rule read as "|", or an unsure word of only Latin letters and punctuation."""
    if all(char in _RULE_CHARS for char in text):
        return True
    if confidence >= JUNK_CONFIDENCE or "/" in text:
        return False
    return not any(char.isdigit() or _is_thai(char) for char in text)


def _make_word(glyphs: Sequence[Glyph]) -> Word | None:
    text = normalize_text("".join(g.text for g in glyphs).translate(_DROP_RULES))
    if not text:
        return None
    bbox = union_box((g.left, g.top, g.right, g.bottom) for g in glyphs)
    confidence = sum(g.conf for g in glyphs) / len(glyphs)
    if is_noise(text, confidence):
        return None
    return Word(text=text, bbox=bbox, confidence=round(min(confidence, 100.0), 2))


def make_line(words: Sequence[Word]) -> Line:
    """A line from its words: text joined by single spaces, box and mean confidence."""
    text = " ".join(w.text for w in words)
    bbox = union_box(w.bbox for w in words)
    confidence = sum(w.confidence for w in words) / len(words)
    return Line(
        text_raw=text, text=text, bbox=bbox, confidence=round(confidence, 2), words=list(words)
    )


def _is_base(text: str) -> bool:
    """False for a glyph that only carries marks or following vowels (it belongs to the left)."""
    return bool(text) and text[0] not in _NO_SPACE_BEFORE


def _cell_index(x: float, y: float, cells: Sequence[Sequence[int]]) -> int | None:
    for index, (x0, y0, x1, y1) in enumerate(cells):
        if x0 <= x < x1 and y0 <= y < y1:
            return index
    return None


def lines_from_glyphs(glyphs: Sequence[Glyph], cells: Sequence[Sequence[int]] = ()) -> list[Line]:
    """Rebuild Tesseract's lines (grouped by block, paragraph, line) in Tesseract's order."""
    grouped: dict[tuple[int, int, int], list[Glyph]] = {}
    for glyph in glyphs:
        grouped.setdefault(glyph.key, []).append(glyph)
    lines: list[Line] = []
    for members in grouped.values():
        words = [w for w in (_make_word(group) for group in split_words(members, cells)) if w]
        if words:
            lines.append(make_line(words))
    return lines


def lines_from_tsv(tsv: str, *, cells: Sequence[Sequence[int]] = ()) -> list[Line]:
    """Lines in Tesseract's reading order from its TSV: Thai words rebuilt, text normalised.

    With table cell boxes, no word runs across two cells (see order_by_tables).
    """
    return lines_from_glyphs(parse_tsv(tsv), cells)


def _cell_of(word: Word, cells: Sequence[Sequence[int]]) -> int | None:
    return _cell_index((word.bbox[0] + word.bbox[2]) / 2, (word.bbox[1] + word.bbox[3]) / 2, cells)


def order_by_tables(lines: Sequence[Line], tables: Sequence[Sequence[Sequence[int]]]) -> list[Line]:
    """Read ruled tables cell by cell: row by row, left to right, each cell's lines top-down.

    Lines outside tables keep their order; a line crossing cells is split per cell; each table
    is read in full where its first line came.
    """
    if not tables:
        return list(lines)
    flat = [(t, c, cell) for t, cells in enumerate(tables) for c, cell in enumerate(cells)]
    boxes = [cell for _, _, cell in flat]
    fragments: dict[int, list[Line]] = {}
    out: list[Line | int] = []
    emitted: set[int] = set()
    for line in lines:
        free: list[Word] = []
        groups: dict[int, list[Word]] = {}
        for word in line.words:
            where = _cell_of(word, boxes)
            if where is None:
                free.append(word)
            else:
                groups.setdefault(where, []).append(word)
        if free:
            out.append(make_line(free) if groups else line)
        for where, words in groups.items():
            fragments.setdefault(where, []).append(make_line(words))
            table = flat[where][0]
            if table not in emitted:
                emitted.add(table)
                out.append(table)
    ordered: list[Line] = []
    for item in out:
        if isinstance(item, Line):
            ordered.append(item)
            continue
        for where, (table, _, _) in enumerate(flat):
            if table == item:
                ordered.extend(
                    sorted(fragments.get(where, []), key=lambda ln: (ln.bbox[1], ln.bbox[0]))
                )
    return ordered


def page_text(lines: Sequence[Line]) -> str:
    """A page's text_raw: its lines' text_raw joined by newlines."""
    return "\n".join(line.text_raw for line in lines)


def word_spans(page: Page) -> list[tuple[int, int, Word]]:
    """Each word of a page with its [start, end) offsets in page.text_raw."""
    spans: list[tuple[int, int, Word]] = []
    offset = 0
    for line in page.lines:
        cursor = 0
        for word in line.words:
            found = line.text_raw.find(word.text, cursor)
            if found < 0:
                continue
            spans.append((offset + found, offset + found + len(word.text), word))
            cursor = found + len(word.text)
        offset += len(line.text_raw) + 1
    return spans


def line_offsets(lines: Sequence[Line]) -> list[tuple[int, int]]:
    """Each line's [start, end) offsets in the page text built by page_text."""
    spans: list[tuple[int, int]] = []
    offset = 0
    for line in lines:
        spans.append((offset, offset + len(line.text_raw)))
        offset += len(line.text_raw) + 1
    return spans
