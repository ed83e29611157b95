"""Page-1 text of the memo header from the header band re-read (rule ``header_reread``).

The page OCR often garbles or loses the memo header lines (ส่วนราชการ/ที่/วันที่/เรื่อง/เรียน)
that the header band re-read (`digitizer.header`) reads well. This module proposes one
correction per page 1 that replaces the page lines lying inside the band (top to bottom) by
the band read's lines, run through the same lexical corrections the page text gets. It is
applied when the band read is clearly better by the lexicon (more letters in known words,
no more unknown tokens, not much shorter), else flagged. Offsets are in text_raw, the box is
the band's; text_raw itself is never changed.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz

from digitizer import layout
from digitizer.correction_lexicons import correction_lexicons
from digitizer.model import Correction, Line, Page
from digitizer.options import Options

log = logging.getLogger(__name__)

RULE = "header_reread"
MIN_GAIN = 4  # letters in known words the band read must add over the page read
LETTERS_PER_UNKNOWN = 20
MIN_LENGTH_SHARE = 0.85  # the band read keeps at least this share of the page read's letters
APPLIED_CONFIDENCE = 0.9
FLAGGED_CONFIDENCE = 0.5
MATCH_RATIO = 75.0  # fuzz.ratio of a page line and a band line that read the same line
MIN_MATCH_LETTERS = 4
LABEL_ACCEPT = 80.0  # label_score of a line that opens with เรียน (as digitizer.header)
_THAI_LETTER = re.compile(r"[\u0e01-\u0e2e]")
_THAI = re.compile(r"^[\u0e01-\u0e3a\u0e40-\u0e4e]+$")


@dataclass(frozen=True)
class Score:
    """How a text reads against the lexicon: letters in known words, unknown Thai tokens and
    Thai consonants/vowel letters in all."""

    known: int
    unknown: int
    letters: int


def band_lines(tables: Sequence[Any]) -> tuple[tuple[int, int, int, int], list[Line]] | None:
    """The box and lines of the first header-band record among a page's tables, or None."""
    for table in tables:
        if getattr(table, "is_header_band", False):
            return tuple(table.bbox), list(table.header_lines)
    return None


def inside_span(
    page: Page, top: int, bottom: int, band_texts: Sequence[str] = ()
) -> tuple[int, int] | None:
    """[start, end) in text_raw of the leading run of page lines whose box lies inside the
    vertical extent [top, bottom], or None when no line does. The run goes on over lines that
    start inside the band and read like one of `band_texts` (a line whose box pokes out below
    the band, such as the เรียน line read a little taller), so no header line is kept twice."""
    offsets = layout.line_offsets(page.lines)
    run: list[int] = []
    for index, line in enumerate(page.lines):
        inside = line.bbox[1] >= top and line.bbox[3] <= bottom
        if not inside and run and top <= line.bbox[1] < bottom:
            inside = same_as_band(line.text or line.text_raw, band_texts)
        if inside and (not run or run[-1] == index - 1):
            run.append(index)
        elif run:
            break
    if not run:
        return None
    return offsets[run[0]][0], offsets[run[-1]][1]


def up_to_addressee(texts: list[str]) -> list[str]:
    """The band's lines up to its last เรียน line (what follows is debris of the body's first
    line caught at the band's edge); all of them when none reads as เรียน."""
    from digitizer.header import TO_LABEL
    from digitizer.textblocks import label_score

    last = max(
        (k for k, text in enumerate(texts) if label_score(text, TO_LABEL)[0] >= LABEL_ACCEPT),
        default=len(texts) - 1,
    )
    return texts[: last + 1]


def same_as_band(text: str, band_texts: Sequence[str]) -> bool:
    """Whether a page line reads like one of the band's lines (fuzzy, spaces ignored)."""
    squeezed = "".join(text.split())
    if len(squeezed) < MIN_MATCH_LETTERS:
        return False
    return any(
        fuzz.ratio(squeezed, "".join(band.split())) >= MATCH_RATIO for band in band_texts
    )


def score(text: str, lexicons: Any) -> Score:
    """The lexicon score of a text (newmm tokens with the lexicon terms as dictionary)."""
    from corrections.proposal import segment_tokens

    known = unknown = 0
    for token in segment_tokens(text, lexicons.trie):
        if not _THAI.match(token.text):
            continue
        if len(token.text) > 1 and lexicons.is_word(token.text):
            known += len(_THAI_LETTER.findall(token.text))
        else:
            unknown += 1
    return Score(known, unknown, len(_THAI_LETTER.findall(text)))


def clearly_better(band: Score, page: Score) -> bool:
    """Whether the band read beats the page read: more known letters by MIN_GAIN, no more
    unknown tokens than the page read's plus one per LETTERS_PER_UNKNOWN letters it adds in
    known words (a header line the page read lost comes with its own leftovers), and not much
    shorter in letters."""
    return (
        band.known >= page.known + MIN_GAIN
        and band.unknown <= page.unknown + (band.known - page.known) // LETTERS_PER_UNKNOWN
        and band.letters >= MIN_LENGTH_SHARE * page.letters
    )


def header_correction(
    page: Page, tables: Sequence[Any], lexicons: Any, page_text: str, options: Options
) -> Correction | None:
    """The ``header_reread`` correction of page 1 from its header band, or None.

    `page_text` is the page's text_raw with the page's own corrections applied (to score the
    page read as it would otherwise stand)."""
    import corrections

    found = band_lines(tables)
    if page.number != 1 or found is None:
        return None
    box, lines = found
    texts = up_to_addressee([line.text or line.text_raw for line in lines])
    span = inside_span(page, box[1], box[3], texts)
    if span is None:
        return None
    start, end = span
    raw = "\n".join(texts)
    if not raw.strip():
        return None
    suggestion = corrections.correct(
        raw,
        lexicons=lexicons,
        apply_threshold=options.apply_threshold,
        flag_threshold=options.flag_threshold,
    ).text
    original = page.text_raw[start:end]
    if suggestion == original:
        return None
    current = corrected_span(page, page_text, start, end)
    better = clearly_better(score(suggestion, lexicons), score(current, lexicons))
    return Correction(
        id="",
        page=page.number,
        start=start,
        end=end,
        original=original,
        suggestion=suggestion,
        confidence=APPLIED_CONFIDENCE if better else FLAGGED_CONFIDENCE,
        rule=RULE,
        bbox=list(box),
        status="applied" if better else "flagged",
    )


def corrected_span(page: Page, page_text: str, start: int, end: int) -> str:
    """The lines [start, end) of text_raw as they read in the corrected `page_text` (same line
    count: corrections keep line breaks; falls back to the raw span when they do not)."""
    raw_lines = page.text_raw.split("\n")
    fixed_lines = page_text.split("\n")
    if len(raw_lines) != len(fixed_lines):
        return page.text_raw[start:end]
    first = page.text_raw.count("\n", 0, start)
    last = page.text_raw.count("\n", 0, end)
    return "\n".join(fixed_lines[first : last + 1])


def with_header_reread(
    page: Page, merged: list[Correction], tables: Sequence[Any], options: Options
) -> list[Correction]:
    """The page's corrections with its ``header_reread`` correction merged in (call after
    page.text holds the page's own corrections): an applied one wins over the fixes inside its
    span, a flagged one only stands where nothing else touches. Other pages come back as is."""
    if page.number != 1 or band_lines(tables) is None:
        return merged
    lexicons = correction_lexicons(options, "header re-read text")
    if lexicons is None:
        return merged
    found = header_correction(page, tables, lexicons, page.text, options)
    if found is None:
        return merged
    from digitizer.finish import merge_corrections

    if found.status == "applied":
        return merge_corrections(page.number, [[found], merged])
    return merge_corrections(page.number, [merged, [found]])
