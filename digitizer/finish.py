"""Document assembly: page results -> corrections, corrected texts, structure and status."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from digitizer import (
    header_fields,
    junklines,
    layout,
    linereread,
    table_headings,
    unit_cells,
)
from digitizer.correction_lexicons import correction_lexicons
from digitizer.model import (
    Correction,
    Document,
    ErrorEntry,
    Page,
    Source,
    apply_corrections,
)
from digitizer.options import Options

if TYPE_CHECKING:
    from digitizer.api import PageResult

log = logging.getLogger(__name__)


def _bbox_of(spans: Sequence[tuple[int, int, Any]], start: int, end: int) -> list[int] | None:
    """The union box of the words overlapping [start, end) of a page's text_raw."""
    boxes = [w.bbox for s, e, w in spans if s < max(end, start + 1) and e > start]
    return layout.union_box(boxes) if boxes else None


def text_corrections(
    pages: Sequence[Page], protected: Sequence[Sequence[tuple[int, int]]], options: Options
) -> list[list[Correction]]:
    """Lexical corrections of every page from the corrections package (none if it is absent)."""
    empty: list[list[Correction]] = [[] for _ in pages]
    lexicons = correction_lexicons(options, "text correction") if pages else None
    if lexicons is None:
        return empty
    import corrections

    package: Any = corrections  # its Correction type is its own: fields are copied below
    results = package.correct_document(
        [page.text_raw for page in pages],
        lexicons=lexicons,
        protected=protected,
        apply_threshold=options.apply_threshold,
        flag_threshold=options.flag_threshold,
    )
    out: list[list[Correction]] = []
    for page, result in zip(pages, results, strict=True):
        spans = layout.word_spans(page)
        out.append(
            [
                Correction(
                    id="",
                    page=page.number,
                    start=start,
                    end=start + len(original),
                    original=original,
                    suggestion=suggestion,
                    alternatives=alternatives,
                    confidence=max(0.0, min(1.0, float(c.confidence))),
                    rule=c.rule,
                    bbox=_bbox_of(spans, start, start + len(original)),
                    status=c.status,
                )
                for c in result.corrections
                for start, original, suggestion, alternatives in per_line(
                    c.start, c.original, c.suggestion, list(c.alternatives)
                )
            ]
        )
    return out


def per_line(
    start: int, original: str, suggestion: str, alternatives: list[str]
) -> list[tuple[int, str, str, list[str]]]:
    """A correction that spans line breaks and keeps them (a name wrapped over table-cell lines)
    as one correction per changed line: (start, original, suggestion, alternatives), so every
    line's corrected text stays its own. Anything else comes back whole."""
    lines = original.split("\n")
    fixed = suggestion.split("\n")
    if len(lines) == 1 or len(fixed) != len(lines):
        return [(start, original, suggestion, alternatives)]
    others = [a.split("\n") for a in alternatives]
    out: list[tuple[int, str, str, list[str]]] = []
    for k, (piece, replacement) in enumerate(zip(lines, fixed, strict=True)):
        if piece != replacement:
            same_shape = [a[k] for a in others if len(a) == len(lines)]
            alts = list(dict.fromkeys(a for a in same_shape if a not in (piece, replacement)))
            out.append((start, piece, replacement, alts))
        start += len(piece) + 1
    return out


def drop_rejected(
    pages: Sequence[Page], groups: list[list[Correction]], store_path: Path | None
) -> list[list[Correction]]:
    """Leave out proposals a reviewer rejected in the same context (review store's memory)."""
    if store_path is None or not Path(store_path).exists():
        return groups
    from digitizer.review.learn import RejectionMemory
    from digitizer.store import line_context

    memory = RejectionMemory.load(store_path)
    if not len(memory):
        return groups
    kept: list[list[Correction]] = []
    for page, group in zip(pages, groups, strict=True):
        kept.append(
            [
                c
                for c in group
                if not memory.rejects(c.original, c.suggestion, *line_context(page, c.start, c.end))
            ]
        )
    return kept


_THAI_LETTER = re.compile(r"[\u0e01-\u0e3a\u0e40-\u0e4e]")
NAME_RULES = frozenset({"entity_name", "gazetteer"})  # fixes that spell a known name whole


def inside_thai_word(text: str, correction: Correction) -> bool:
    """Whether a one-glyph digit correction sits between two Thai letters with no space (a junk
    digit inside a damaged word such as a place name, not a number: ``วังสาม4หมอ``)."""
    start, end = correction.start, correction.end
    if end - start != 1 or start == 0 or end >= len(text):
        return False
    return bool(_THAI_LETTER.match(text[start - 1]) and _THAI_LETTER.match(text[end]))


def amid_thai(text: str, correction: Correction) -> bool:
    """Whether a one-glyph digit correction has Thai letters on both sides, spaces and line
    breaks aside (``อำเภอวังสาม\n4 หมอ``): it may be junk inside a name broken by the OCR."""
    start, end = correction.start, correction.end
    if end - start != 1:
        return False
    before, after = text[:start].rstrip(), text[end:].lstrip()
    if not before or not after:
        return False
    return bool(_THAI_LETTER.match(before[-1]) and _THAI_LETTER.match(after[0]))


def yielding_digits(
    pages: Sequence[Page], digit_groups: Sequence[Sequence[Correction]]
) -> list[list[Correction]]:
    """Per page, the digit corrections that a lexical correction may override (see
    `digit_yields_to`); the others are protected from the text corrections."""
    return [
        [c for c in group if amid_thai(page.text_raw, c)]
        for page, group in zip(pages, digit_groups, strict=True)
    ]


def digit_yields_to(text: str, digit: Correction, word: Correction) -> bool:
    """Whether a lexical correction overriding a one-glyph digit read wins: any fix of the word
    the digit sits inside, or a known name's fix that covers the digit whole."""
    if not (word.start < digit.end and digit.start < word.end):
        return False
    if inside_thai_word(text, digit):
        return True
    return word.rule in NAME_RULES and word.start <= digit.start and digit.end <= word.end


def merge_corrections(page: int, groups: Sequence[Sequence[Correction]]) -> list[Correction]:
    """One page's corrections sorted by offset, overlaps dropped (earlier groups win), ids set."""
    kept: list[Correction] = []
    for group in groups:
        for correction in group:
            if any(correction.start < k.end and k.start < correction.end for k in kept):
                log.debug("dropping overlapping correction %r", correction.original)
                continue
            kept.append(correction)
    kept.sort(key=lambda c: (c.start, c.end))
    return [
        c.model_copy(update={"id": f"p{page}-{n:03d}", "page": page})
        for n, c in enumerate(kept, start=1)
    ]


def _mapper(corrections: Sequence[Correction]) -> Callable[[int], int]:
    """A function mapping offsets of text_raw to offsets of the corrected text."""
    replaced = [
        (c.start, c.end, len(r))
        for c in sorted(corrections, key=lambda c: (c.start, c.end))
        if (r := c.replacement()) is not None
    ]

    def map_offset(pos: int) -> int:
        shift = 0
        for start, end, length in replaced:
            if end <= pos and not (start == end == pos):
                shift += length - (end - start)
            elif start < pos < end:
                return start + shift + length
        return pos + shift

    return map_offset


def apply_to_page(page: Page, corrections: Sequence[Correction]) -> None:
    """Set page.text and every line's text from the page's corrections."""
    page.text = apply_corrections(page.text_raw, list(corrections))
    map_offset = _mapper(corrections)
    # an inserted line (e.g. a page number Tesseract missed: "- ๒ -\n" at a line start) is a line
    # of the page text, not part of the line it precedes
    new_lines = {
        c.start: len(r)
        for c in corrections
        if c.start == c.end and (r := c.replacement()) is not None and r.endswith("\n")
    }
    offsets = layout.line_offsets(page.lines)
    texts = [
        page.text[map_offset(start) + new_lines.get(start, 0) : map_offset(end)]
        for start, end in offsets
    ]
    _spread_whole_lines(texts, offsets, corrections)
    page.lines = [
        line.model_copy(update={"text": text}) for line, text in zip(page.lines, texts, strict=True)
    ]


def _spread_whole_lines(
    texts: list[str], offsets: Sequence[tuple[int, int]], corrections: Sequence[Correction]
) -> None:
    """Give each line its own piece of a correction that replaces several whole lines (a header
    band read in place of the page read's lines): one piece per line in order, the surplus joined
    to the last line, so no line's text holds a line break."""
    starts = {start: k for k, (start, _) in enumerate(offsets)}
    ends = {end: k for k, (_, end) in enumerate(offsets)}
    for c in corrections:
        replacement = c.replacement()
        first, last = starts.get(c.start), ends.get(c.end)
        if replacement is None or first is None or last is None or last <= first:
            continue
        pieces = replacement.split("\n")
        count = last - first + 1
        if len(pieces) > count:
            pieces = [*pieces[: count - 1], " ".join(pieces[count - 1 :])]
        pieces += [""] * (count - len(pieces))
        texts[first : last + 1] = pieces


def _structure(pages: list[Page], page_tables: list[list[Any]], document: Document) -> None:
    try:
        from digitizer import structure  # type: ignore[attr-defined,unused-ignore]
    except ImportError as exc:
        log.warning("structure extraction skipped: %s", exc)
        return
    memo, tables, measures = structure.extract(pages, page_tables)
    document.memo = memo
    document.tables = list(tables)
    document.measures = list(measures)


def _applied_rereads(result: PageResult, options: Options) -> list[Correction]:
    """The page's line re-reads that beat its page read (digitizer.linereread); none when that
    step fails (an improvement of the text, never a reason to lose the record)."""
    if result.page is None or not result.line_corrections:
        return []
    try:
        return linereread.applied_rereads(
            result.page, result.line_corrections, result.digit_corrections, options
        )
    except Exception:
        log.exception("line re-read decision failed on page %d", result.number)
        return []


def _table_text(page: Page, tables: Sequence[Any]) -> list[Correction]:
    """The table-heading and department-name corrections of a page (digitizer.table_headings,
    digitizer.unit_cells); none when they fail (the text as it stands is kept)."""
    try:
        found = table_headings.heading_corrections(page, tables)
        return found + unit_cells.unit_corrections(page, tables)
    except Exception:
        log.exception("table text failed on page %d", page.number)
        return []


def assemble_document(source: Source, results: Sequence[PageResult], options: Options) -> Document:
    """The record of one file from its page results (status ok, partial or failed)."""
    ordered = sorted(results, key=lambda r: r.number)
    done = [r for r in ordered if r.page is not None and r.error is None]
    pages = [r.page for r in done if r.page is not None]
    errors: list[ErrorEntry] = [r.error for r in ordered if r.error is not None]
    errors += [note for r in ordered for note in r.notes]
    digit_groups = [list(r.digit_corrections) for r in done]
    line_groups = [_applied_rereads(r, options) for r in done]
    yielding = yielding_digits(pages, digit_groups)
    protected = [
        [(c.start, c.end) for c in group if c not in soft]
        for group, soft in zip(digit_groups, yielding, strict=True)
    ]
    try:
        lexical = text_corrections(pages, protected, options)
    except Exception as exc:  # another engineer's stage: keep the OCR text
        log.exception("text correction failed")
        errors.append(ErrorEntry(code="stage_failed", message=f"correction failed: {exc!r}"))
        lexical = [[] for _ in pages]
    lexical = drop_rejected(pages, lexical, options.review_store)
    merged_pages: list[list[Correction]] = []
    junk_words = junklines.load_words(options) if pages else None
    page_tables = [list(r.tables) for r in done]
    for page, digits, words, soft, reread, tables in zip(
        pages, digit_groups, lexical, yielding, line_groups, page_tables, strict=True
    ):
        # an applied line re-read (digitizer.linereread: its digits and lexical fixes are in
        # it) wins over every fix inside its line; a lexical fix of a word wins over a digit
        # read inside that word, and a name's fix over a digit amid its pieces; other digits win
        firm = [c for c in digits if c not in soft]
        winners = [w for w in words if any(digit_yields_to(page.text_raw, d, w) for d in soft)]
        merged = merge_corrections(page.number, [reread, firm, winners, soft, words])
        apply_to_page(page, merged)
        if junk_words is not None:  # junk lines (emblem, scribbles): digitizer.junklines
            merged = junklines.with_junk_lines(page, merged, junk_words)
            apply_to_page(page, merged)
        if options.correct:  # measures-table headings and department names as they are
            headings = _table_text(page, tables)
            if headings:
                merged = merge_corrections(page.number, [headings, merged])
                apply_to_page(page, merged)
        merged_pages.append(merged)
    document = Document(source=source, pages=pages, corrections=[])
    if pages and options.structure:
        try:
            _structure(pages, page_tables, document)
        except Exception as exc:
            log.exception("structure extraction failed")
            errors.append(ErrorEntry(code="stage_failed", message=f"structure failed: {exc!r}"))
    # page 1's header lines from the header fields or the header band re-read
    # (digitizer.header_fields), after the structure: the page read keeps its own vote on them
    for k, (page, tables) in enumerate(zip(pages, page_tables, strict=True)):
        try:
            with_header = header_fields.with_header_lines(
                page, merged_pages[k], tables, document.memo, options
            )
        except Exception:  # an improvement of the text, never a reason to lose the record
            log.exception("header re-read text failed on page %d", page.number)
            continue
        if with_header is not merged_pages[k]:
            merged_pages[k] = with_header
            apply_to_page(page, with_header)
    document.corrections = [c for group in merged_pages for c in group]
    document.errors = errors
    if not pages:
        document.status = "failed"
    elif errors:
        document.status = "partial"
    else:
        document.status = "ok"
    document.processing.seconds = round(sum(r.seconds for r in ordered), 3)
    return document
