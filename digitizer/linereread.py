"""Doubtful body lines of a page read again, line by line (rule ``line_reread``).

The page OCR (psm 3) sometimes garbles or drops most of a plain body line that a crop of that
line, read alone, reads well: its layout analysis mixed the line up with its neighbours (a box
much taller than a line), or read it at low confidence. In the page worker, this module picks
at most a few doubtful body lines of a page by cheap signals that need no lexicon (low word
confidences, a box much taller than the page's median line, fewer glyphs than its width holds),
reads all their crops in one tesseract call (psm 6: pieces of the lines above and below come
out as lines of their own; the crop's line that reads most like the page line, and not like a
neighbour, stands for it) and returns one candidate correction per line (status flagged) that
replaces the line's span of text_raw by the re-read (its edges, before the first and after the
last Thai letter, kept from the page line). Where the corrections lexicons are loaded anyway
(`digitizer.finish`, in the batch parent: the workers stay small), `applied_rereads` runs the
candidate and the page line through the same lexical corrections as the page text and keeps,
applied, only re-reads that are better by the lexicon (`better`) and no longer than the line's
box can hold.

Lines inside ruled tables, the page-1 header band and the signature band are left alone: they
have re-reads of their own. Tesseract's Thai model cannot write ๔ ๖ ๗ ๘ ๙, so the page's digit
corrections (`digitizer.digits`) are carried into a re-read: the page line's digit runs
replace the re-read's when they correspond one to one (same number, same lengths); otherwise
the re-read is not used.
"""

from __future__ import annotations

import logging
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from rapidfuzz import fuzz

from digitizer import header_text, layout
from digitizer.correction_lexicons import correction_lexicons
from digitizer.model import Correction, Line, Page, apply_corrections
from digitizer.options import Options

log = logging.getLogger(__name__)

RULE = "line_reread"
CONFIDENCE = 0.9
MAX_LINES = 4  # re-read at most this many lines per page
CROP_PSM = 6  # a block: the crop's pieces of other lines come out as lines of their own
MIN_SIMILAR = 45.0  # fuzz.ratio of a crop's line and the page line it stands for
MIN_LETTERS = 8  # a line with fewer Thai letters is not worth a re-read
LOW_WORD = 60.0  # a word read under this confidence is doubtful
LOW_SHARE = 0.25  # ... and a line with this share of its letters in such words
LOW_MEAN = 75.0  # a line whose mean word confidence is under this is doubtful
TALL = 1.7  # a line box this many median line heights tall is doubtful
PAD = 0.0  # vertical padding of a crop, in median line heights
SIDE_PAD = 0.6  # horizontal padding, in median line heights
SAME_LETTERS = 0.1  # "about as many letters": within this share of the page read's
MAX_GROWTH = 1.25  # a re-read may hold at most this many times the glyphs the line can
LABEL_ACCEPT = 80.0  # label_score of a closing sentence or comment label (as signatures)
SPARSE = 0.7  # a line with fewer letters per pixel than this share of the page's is doubtful
LOST_COLUMNS = 1.5  # inked columns (in line heights) right of a line that no line box covers
LOST_INK = 0.02  # ... holding at least this share of ink: words the page read lost
LOST_SCORE = 1.5  # the doubt of a line with lost words
INK_LEVEL = 128  # a pixel darker than this is ink
_THAI_LETTER = re.compile(r"[\u0e01-\u0e2e]")
_MARK = re.compile(r"[\s\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")  # spaces, marks above/below
_THAI_BODY = re.compile(r"[\u0e01-\u0e3a\u0e40-\u0e4e]")  # letters, vowels, marks; no digits
_NAME_LINE = re.compile(r"^[\s|.'\"]*[(\[{]\s*(?:นาย|นาง|ว่าที่)")
_DIGIT_RUN = re.compile(r"[0-9\u0e50-\u0e59]+")


@dataclass(frozen=True)
class Doubt:
    """A doubtful line of a page: its index, [start, end) in text_raw and its doubt score."""

    index: int
    start: int
    end: int
    score: float
    right: int | None = None  # the crop reaches this x: ink of lost words right of the line


def median_height(lines: Sequence[Line]) -> float:
    """The page's median line-box height (0.0 without lines)."""
    heights = [line.bbox[3] - line.bbox[1] for line in lines if line.text_raw.strip()]
    return float(statistics.median(heights)) if heights else 0.0


def signature_top(page: Page) -> int | None:
    """Top y of the page's signature band: its first line below the top quarter that reads as
    the closing sentence, a comment label or a "(title name)" line; None without one. (The
    signature band record may start higher: a "(พ.ศ. …)" line opens like a name line.)"""
    from digitizer.signatures import CLOSING, COMMENT
    from digitizer.textblocks import label_score

    for line in page.lines:
        if line.bbox[1] < page.height * 0.25:
            continue
        text = line.text_raw.strip()
        if (
            _NAME_LINE.match(text)
            or label_score(text, CLOSING)[0] >= LABEL_ACCEPT
            or label_score(text, COMMENT)[0] >= LABEL_ACCEPT
        ):
            return int(line.bbox[1])
    return None


def excluded_boxes(page: Page, tables: Sequence[Any]) -> list[tuple[int, int, int, int]]:
    """The regions whose lines have re-reads of their own: ruled tables, the header band and
    the signature band (boxes in page pixels)."""
    boxes: list[tuple[int, int, int, int]] = []
    signatures = False
    for table in tables:
        if table.cells or getattr(table, "is_header_band", False):
            boxes.append(tuple(int(v) for v in table.bbox))  # type: ignore[arg-type]
        elif getattr(table, "signature_lines", None):
            signatures = True
    top = signature_top(page)
    if signatures and top is not None:
        boxes.append((0, top, int(page.width), int(page.height)))
    return boxes


def _inside(line: Line, boxes: Sequence[tuple[int, int, int, int]]) -> bool:
    """Whether a line's centre lies inside one of the boxes."""
    x = (line.bbox[0] + line.bbox[2]) / 2
    y = (line.bbox[1] + line.bbox[3]) / 2
    return any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)


def low_share(line: Line) -> float:
    """The share of a line's Thai letters in words read under LOW_WORD confidence."""
    total = low = 0
    for word in line.words:
        letters = len(_THAI_LETTER.findall(word.text))
        total += letters
        if word.confidence < LOW_WORD:
            low += letters
    return low / total if total else 0.0


def body_right(page: Page) -> int:
    """The right edge of the page's body text: the 90th percentile of its text lines' right
    edges (0 without any)."""
    rights = sorted(
        line.bbox[2] for line in page.lines if letters(line.text_raw) >= MIN_LETTERS
    )
    return int(rights[int(0.9 * (len(rights) - 1))]) if rights else 0


def covered(page: Page, shape: tuple[int, ...]) -> np.ndarray:
    """A mask of the page's pixels inside one of its lines' boxes."""
    mask = np.zeros(shape[:2], dtype=bool)
    for line in page.lines:
        x0, y0, x1, y1 = (max(0, int(v)) for v in line.bbox)
        mask[y0:y1, x0:x1] = True
    return mask


def lost_words_right(
    ink: np.ndarray, cover: np.ndarray, line: Line, height: float, right: int
) -> bool:
    """Whether ink no line box covers lies right of a line, up to the body's right edge, over
    more than LOST_COLUMNS line heights of columns: words of the line the page read lost."""
    x0 = int(line.bbox[2] + height / 2)
    y0, y1 = int(line.bbox[1] + height / 4), int(line.bbox[3] - height / 4)
    if right - x0 < LOST_COLUMNS * height or y1 <= y0:
        return False
    region = ink[y0:y1, x0:right] & ~cover[y0:y1, x0:right]
    if region.size == 0 or region.mean() < LOST_INK / 2:
        return False
    return bool(region.any(axis=0).sum() >= LOST_COLUMNS * height and region.mean() >= LOST_INK)


def doubtful_lines(
    page: Page,
    tables: Sequence[Any],
    *,
    limit: int = MAX_LINES,
    image: np.ndarray | None = None,
) -> list[Doubt]:
    """The page's most doubtful body lines (at most `limit`), in page order. With the page
    `image`, a line whose right part the page read lost (uncovered ink up to the body's right
    edge) is doubtful too, and its crop reaches that edge."""
    height = median_height(page.lines)
    if height <= 0:
        return []
    boxes = excluded_boxes(page, tables)
    density = line_density(page)
    right = body_right(page)
    ink = cover = None
    if image is not None and right > 0:
        ink, cover = image < INK_LEVEL, covered(page, image.shape)
    found: list[Doubt] = []
    for index, (line, (start, end)) in enumerate(
        zip(page.lines, layout.line_offsets(page.lines), strict=True)
    ):
        if len(_THAI_LETTER.findall(line.text_raw)) < MIN_LETTERS or _inside(line, boxes):
            continue
        score = 0.0
        tall = (line.bbox[3] - line.bbox[1]) / height
        if tall >= TALL:
            score += 1.0 + (tall - TALL)
        share = low_share(line)
        if share >= LOW_SHARE:
            score += share
        width = line.bbox[2] - line.bbox[0]
        if density > 0 and width > 0:
            sparse = glyphs(line.text_raw) / width / density
            if sparse < SPARSE:
                score += 2 * (SPARSE - sparse) + 0.2
        if line.confidence < LOW_MEAN:
            score += (LOW_MEAN - line.confidence) / LOW_MEAN
        reach = None
        if ink is not None and cover is not None and lost_words_right(
            ink, cover, line, height, right
        ):
            score += LOST_SCORE
            reach = right
        if score > 0:
            found.append(Doubt(index, start, end, round(score, 3), reach))
    found.sort(key=lambda d: -d.score)
    return sorted(found[:limit], key=lambda d: d.index)


def crop_box(
    line: Line, height: float, width: int, page_height: int, reach: int | None = None
) -> tuple[int, int, int, int]:
    """A line's box padded by PAD (vertically) and SIDE_PAD (horizontally) line heights,
    reaching right to `reach` when given (the words the page read lost)."""
    pad, side = int(PAD * height), int(SIDE_PAD * height)
    return (
        max(0, line.bbox[0] - side),
        max(0, line.bbox[1] - pad),
        min(width, max(line.bbox[2], reach or 0) + side),
        min(page_height, line.bbox[3] + pad),
    )


def read_crops(
    image: np.ndarray, boxes: Sequence[tuple[int, int, int, int]], options: Options, dpi: int
) -> list[list[str]]:
    """The lines read in each crop, all crops read in one tesseract call (psm 6: a crop may
    hold pieces of the lines above and below, which psm 7 would mix into the line)."""
    from digitizer._exec.tesseract import run_tsv_many

    crops = [np.ascontiguousarray(image[y0:y1, x0:x1]) for x0, y0, x1, y1 in boxes]
    tsvs = run_tsv_many(
        crops, lang=options.lang, psm=CROP_PSM, oem=options.oem,
        timeout=options.page_timeout, dpi=dpi,
    )
    return [
        [t for line in layout.lines_from_tsv(tsv) if (t := line.text_raw.strip())]
        for tsv in tsvs
    ]


def similarity(a: str, b: str) -> float:
    """fuzz.ratio of two texts with their whitespace removed."""
    return float(fuzz.ratio("".join(a.split()), "".join(b.split())))


def neighbours(page: Page, index: int, box: tuple[int, int, int, int]) -> list[str]:
    """The texts of the page's other lines that reach into a crop box vertically."""
    return [
        line.text_raw
        for k, line in enumerate(page.lines)
        if k != index and line.bbox[1] < box[3] and box[1] < line.bbox[3]
        and line.bbox[0] < box[2] and box[0] < line.bbox[2]
    ]


def pick_line(target: str, read: Sequence[str], others: Sequence[str]) -> str | None:
    """The crop's line that reads as the page line `target` (most alike, at least MIN_SIMILAR,
    and more alike to it than to any neighbouring page line), or None."""
    best: str | None = None
    best_score = MIN_SIMILAR
    for text in read:
        mine = similarity(text, target)
        if mine < best_score or any(similarity(text, other) >= mine for other in others):
            continue
        best, best_score = text, mine
    return best


def with_page_edges(reread: str, line: str, tail: bool = True) -> str:
    """The re-read between its first and last Thai letter, with the page line's own text
    before its first and after its last Thai letter (a crop's edges catch specks and pieces of
    neighbouring words, read as stray digits and marks). With `tail` False the re-read keeps
    its own end (it reads words the page line lost there)."""
    theirs = [m.start() for m in _THAI_BODY.finditer(reread)]
    ours = [m.start() for m in _THAI_BODY.finditer(line)]
    if not theirs or not ours:
        return reread
    end = line[ours[-1] + 1 :] if tail else reread[theirs[-1] + 1 :].rstrip()
    return line[: ours[0]] + reread[theirs[0] : theirs[-1] + 1] + end


def digit_runs(text: str) -> list[tuple[int, int]]:
    """[start, end) of each run of digits (Thai or Arabic) in a text."""
    return [m.span() for m in _DIGIT_RUN.finditer(text)]


def transfer_digits(reread: str, line: str) -> str | None:
    """The re-read with the page line's digit runs in place of its own, or None unless the
    runs correspond one to one (same number of runs, each of the same length)."""
    theirs, ours = digit_runs(reread), digit_runs(line)
    if len(theirs) != len(ours):
        return None
    if any(b - a != d - c for (a, b), (c, d) in zip(theirs, ours, strict=True)):
        return None
    pieces: list[str] = []
    cursor = 0
    for (a, b), (c, d) in zip(theirs, ours, strict=True):
        pieces += [reread[cursor:a], line[c:d]]
        cursor = b
    pieces.append(reread[cursor:])
    return "".join(pieces)


def line_with_digits(
    text_raw: str, start: int, end: int, digit_fixes: Sequence[Correction]
) -> str | None:
    """The line [start, end) of text_raw with the page's digit corrections applied, or None
    when one of them crosses the line's ends. An insertion at the line's ends (a page number
    the page read missed, a line of its own) is not part of the line."""
    inside: list[Correction] = []
    for fix in digit_fixes:
        touches = fix.start < end and start < fix.end
        if fix.start == fix.end:
            touches = start < fix.start < end
        if not touches:
            continue
        if fix.start < start or fix.end > end:
            return None
        inside.append(
            fix.model_copy(update={"start": fix.start - start, "end": fix.end - start})
        )
    return apply_corrections(text_raw[start:end], inside)


def _corrected(text: str, lexicons: Any, options: Options) -> str:
    """A text through the lexical corrections, its digit runs protected."""
    import corrections

    return str(
        corrections.correct(
            text,
            lexicons=lexicons,
            protected=digit_runs(text),
            apply_threshold=options.apply_threshold,
            flag_threshold=options.flag_threshold,
        ).text
    )


def letters(text: str) -> int:
    """The number of Thai consonant/vowel letters of a text."""
    return len(_THAI_LETTER.findall(text))


def glyphs(text: str) -> int:
    """The number of characters of a text that take room on the line (not spaces or marks)."""
    return len(_MARK.sub("", text))


def line_density(page: Page) -> float:
    """The page's median glyphs per pixel of line width (0.0 when unknown)."""
    rates = [
        glyphs(line.text_raw) / (line.bbox[2] - line.bbox[0])
        for line in page.lines
        if letters(line.text_raw) >= MIN_LETTERS and line.bbox[2] > line.bbox[0]
    ]
    return float(statistics.median(rates)) if rates else 0.0


def better(reread: header_text.Score, page: header_text.Score) -> bool:
    """Whether a line's re-read beats its page read by the lexicon: clearly better as the
    header band read must be (`header_text.clearly_better`), or as many letters in known words
    with fewer unknown tokens and about as many letters (marks the page read lost)."""
    if header_text.clearly_better(reread, page):
        return True
    return (
        reread.known >= page.known
        and reread.unknown < page.unknown
        and abs(reread.letters - page.letters) <= SAME_LETTERS * max(page.letters, 1)
    )


def candidate(page: Page, doubt: Doubt, reread: str) -> Correction | None:
    """A doubtful line's re-read as a candidate ``line_reread`` correction (status flagged,
    suggestion the raw re-read with the page line's edges and digit runs), or None when the
    digit runs do not correspond. `decide` later applies it or drops it."""
    current = page.text_raw[doubt.start : doubt.end]
    if not reread.strip():
        return None
    suggestion = with_page_edges(reread, current, tail=doubt.right is None)
    if transfer_digits(suggestion, current) is None:
        return None
    box = list(page.lines[doubt.index].bbox)
    if doubt.right is not None:  # the line's room reaches over the words it lost
        box[2] = max(box[2], doubt.right)
    return Correction(
        id="",
        page=page.number,
        start=doubt.start,
        end=doubt.end,
        original=current,
        suggestion=suggestion,
        confidence=CONFIDENCE,
        rule=RULE,
        bbox=box,
        status="flagged",
    )


def decide(
    page: Page,
    found: Correction,
    digit_fixes: Sequence[Correction],
    lexicons: Any,
    options: Options,
    density: float = 0.0,
) -> Correction | None:
    """The applied ``line_reread`` correction from a candidate, or None unless the re-read
    (the page's digit fixes carried over, lexically corrected) is better than the page line
    (likewise) by the lexicon and no longer than the line's box can hold."""
    current = line_with_digits(page.text_raw, found.start, found.end, digit_fixes)
    reread = found.suggestion or ""
    if current is None:
        return None
    carried = transfer_digits(reread, current)
    if carried is None:
        return None
    suggestion = _corrected(carried, lexicons, options).replace("\n", " ").strip()
    mine = _corrected(current, lexicons, options)
    room = density * (found.bbox[2] - found.bbox[0]) * MAX_GROWTH if found.bbox else 0.0
    if glyphs(suggestion) > max(room, glyphs(mine) * MAX_GROWTH):
        return None
    if not better(header_text.score(suggestion, lexicons), header_text.score(mine, lexicons)):
        return None
    if suggestion == found.original:
        return None
    return found.model_copy(update={"suggestion": suggestion, "status": "applied"})


def reread_lines(
    image: np.ndarray, page: Page, tables: Sequence[Any], options: Options
) -> list[Correction]:
    """The page's candidate ``line_reread`` corrections (offsets in text_raw, status flagged),
    one tesseract call for all its doubtful lines; none when correction is off. This runs in
    the page worker and needs no lexicon: `applied_rereads` decides in the parent."""
    if not options.correct or not page.lines:
        return []
    doubts = doubtful_lines(page, tables, image=image)
    if not doubts:
        return []
    height = median_height(page.lines)
    boxes = [
        crop_box(page.lines[d.index], height, int(image.shape[1]), int(image.shape[0]), d.right)
        for d in doubts
    ]
    reads = read_crops(image, boxes, options, page.dpi or options.dpi)
    out: list[Correction] = []
    for doubt, box, read in zip(doubts, boxes, reads, strict=True):
        target = page.lines[doubt.index].text_raw
        text = pick_line(target, read, neighbours(page, doubt.index, box))
        found = candidate(page, doubt, text) if text is not None else None
        if found is not None:
            out.append(found)
    return out


def applied_rereads(
    page: Page, candidates: Sequence[Correction], digit_fixes: Sequence[Correction],
    options: Options,
) -> list[Correction]:
    """The candidates of a page that are better than its page read, applied (run where the
    corrections lexicons are loaded: the batch parent, which corrects the page text anyway)."""
    if not candidates:
        return []
    lexicons = correction_lexicons(options, "line re-read")
    if lexicons is None:
        return []
    applied = [d for d in digit_fixes if d.status == "applied"]
    density = line_density(page)
    out = []
    for found in candidates:
        kept = decide(page, found, applied, lexicons, options, density)
        if kept is not None:
            out.append(kept)
    return out
