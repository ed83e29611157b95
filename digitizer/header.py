"""Re-read of the memo header band (บันทึกข้อความ … เรียน), with and without dotted leaders.

The page OCR garbles the 20 pt bold labels and the values written over dotted leaders. This
module crops the band above the first body paragraph and OCRs it again with --psm 4 with the
dotted leaders painted white; unless that read agrees with the page OCR, once more as it is,
keeping the read with the higher mean word confidence (each variant wins on some scans,
measured on devset header bands). It re-reads
the Thai digits with `digitizer.digits` and returns the lines (page coordinates; `text` carries
the digit corrections) for the memo fields. `digitizer.tables.detect_page_tables` hands them on
inside a `PageTable` whose `header_lines` is set (no cells), so they travel with the page
results to `structure.extract`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

import numpy as np
from rapidfuzz import fuzz

from digitizer.leaders import remove_dotted_leaders
from digitizer.model import Correction, Line, Memo, Page
from digitizer.options import Options
from digitizer.textblocks import clean_edges, label_score

log = logging.getLogger(__name__)

HEADER_PSM = 4  # one column of variable-size text: best on the header band
FALLBACK_PSM = 6  # a uniform block: finds lines --psm 4 sometimes drops
TO_LABEL = "เรียน"
TITLE = "บันทึกข้อความ"  # the memo's title, above its labels
MAX_HEADER_SHARE = 0.45  # the header never reaches below this share of the page height
FIRST_LINES = 16
PLACEHOLDER = "๐"  # stands for an unreadable day number until the digit reader reads it
PLACEHOLDER_SURE = 0.9  # classifier confidence needed to take a placeholder's reading
_LATIN_DAY = re.compile(r"^[.,'`]*[A-Za-z]{1,3}[.,]*$")


def header_bottom(page: Page) -> int | None:
    """The y just below the เรียน line of page 1 (the end of the header band), or None.

    When OCR damaged the เรียน label, the band ends at the line the fallbacks of `band_end`
    find instead; never below MAX_HEADER_SHARE of the page height.
    """
    limit = page.height * MAX_HEADER_SHARE
    head: list[Line] = []
    for line in page.lines[:FIRST_LINES]:
        if line.bbox[1] > limit:
            break
        score, _ = label_score(line.text or line.text_raw, TO_LABEL)
        if score >= 80.0:
            return _below(line, page.height)
        head.append(line)
    head.sort(key=lambda line: line.bbox[1])
    found = band_end(head)
    return None if found is None else min(_below(found, page.height), int(limit))


def _below(line: Line, height: int) -> int:
    """The y a little below a line (its lower marks), the end of a band that holds it."""
    tall = line.bbox[3] - line.bbox[1]
    return int(min(height, line.bbox[3] + max(4, tall // 4)))


BODY_OPENERS = ("ตามที่", "ด้วย", "อ้างถึง", "ตามหนังสือ", "เนื่องจาก", "ตามคำสั่ง", "ตามประกาศ")
OPENER_ACCEPT = 80.0  # label_score a body opener needs (OCR drops a tone mark: ตามที)


def band_end(head: list[Line]) -> Line | None:
    """The last line of the header band when no line carries a readable เรียน label (lines of
    the page top, top to bottom), by the first rule that finds it: the addressee line by its
    shape (a title such as นายก… after label debris); the line above the first body paragraph
    (ตามที่/ด้วย/อ้างถึง…); the line after the last ที่/วันที่/เรื่อง line. None when none does."""
    from digitizer.memo import AGENCY, TextLine, addressee_line

    texts = [line.text or line.text_raw for line in head]
    agency = next((i for i, t in enumerate(texts) if label_score(t, AGENCY)[0] >= 80.0), -1)
    if agency < 0 and not any(fuzz.partial_ratio(TITLE, t) >= 80.0 for t in texts):
        return None  # no memo header here: nothing to re-read
    agency = max(agency, 0)
    rows = [TextLine(clean_edges(t), _box(line)) for t, line in zip(texts, head, strict=True)]
    found = addressee_line(rows, agency + 1)
    if found >= 0:
        return head[found]
    for index in range(agency + 1, len(head)):
        if _opens_body(texts[index]):
            return _line_above(head, index)
    last = _last_label_line(texts, agency + 1)
    if last < 0:
        return None
    return head[min(last + 1, len(head) - 1)]


def _box(line: Line) -> tuple[int, int, int, int]:
    """A line's box as a tuple of ints."""
    x0, y0, x1, y1 = line.bbox
    return int(x0), int(y0), int(x1), int(y1)


def _line_above(head: list[Line], index: int) -> Line:
    """The text line right above head[index]: the lowest earlier line at least half as tall
    (specks of debris are not lines)."""
    tall = head[index].bbox[3] - head[index].bbox[1]
    above = [line for line in head[:index] if 2 * (line.bbox[3] - line.bbox[1]) >= tall]
    return max(above, key=lambda line: line.bbox[1]) if above else head[index - 1]


def _opens_body(text: str) -> bool:
    """Whether a line starts the memo body (its first words are a set opener, fuzzily)."""
    bare = re.sub(r"^[^ก-๙]+", "", text)  # debris before the indented first word
    return any(label_score(bare, opener)[0] >= OPENER_ACCEPT for opener in BODY_OPENERS)


def _last_label_line(texts: list[str], start: int) -> int:
    """Index of the last ที่/วันที่ or เรื่อง line from `start` on (labels fuzzy), or -1."""
    from digitizer.memo import SUBJECT, is_reference_line

    last = -1
    for index in range(start, len(texts)):
        if label_score(texts[index], SUBJECT)[0] >= 80.0 or is_reference_line(texts[index]):
            last = index
    return last


def _day_placeholders(lines: list[Line]) -> tuple[list[Line], list[tuple[int, int, str]]]:
    """Lines where a Latin-looking word right before a month name (a Thai day number OCR read
    as ``on``) is replaced by the placeholder ``๐``, so the digit reader reads it from the image;
    with the offsets of the placeholders in the joined text and the words they stand for."""
    from digitizer.thaidate import match_month

    out: list[Line] = []
    marks: list[tuple[int, int, str]] = []
    offset = 0
    for line in lines:
        text, words, cursor = line.text_raw, list(line.words), 0
        for k, word in enumerate(words):
            at = text.find(word.text, cursor)
            if at < 0:
                break
            cursor = at + len(word.text)
            month = re.match(r"[ก-๙]+", words[k + 1].text) if k + 1 < len(words) else None
            if not _LATIN_DAY.match(word.text) or month is None:
                continue
            if match_month(month.group(0))[0] is None:
                continue
            text = text[:at] + PLACEHOLDER + text[cursor:]
            words[k] = word.model_copy(update={"text": PLACEHOLDER})
            marks.append((offset + at, offset + at + 1, word.text))
            cursor = at + 1
        out.append(line.model_copy(update={"text_raw": text, "text": text, "words": words}))
        offset += len(text) + 1
    return out, marks


def _with_digits(image: np.ndarray, page: Page, lines: list[Line]) -> list[Line]:
    """Lines whose `text` carries the applied Thai-digit corrections of digitizer.digits."""
    lines, marks = _day_placeholders(lines)
    text = "\n".join(line.text_raw for line in lines)
    band = page.model_copy(update={"lines": lines, "text_raw": text, "text": text})
    try:
        from digitizer import digits

        fixes = [
            c
            for c in digits.reread_page(image, band)
            if c.status == "applied"
            or (c.confidence >= PLACEHOLDER_SURE and any(a <= c.start < b for a, b, _ in marks))
        ]
    except Exception as exc:  # digits are an improvement, not a requirement
        log.warning("header digit re-read failed: %s", exc)
        return lines
    edits = [(c.start, c.end, c.suggestion) for c in fixes]
    edits += [m for m in marks if not any(m[0] <= c.start < m[1] for c in fixes)]  # unread: undo
    out: list[Line] = []
    offset = 0
    for line in lines:
        end = offset + len(line.text_raw)
        fixed = line.text_raw
        for start, stop, replacement in sorted(edits, reverse=True):
            if offset <= start and stop <= end:
                fixed = fixed[: start - offset] + replacement + fixed[stop - offset :]
        out.append(line.model_copy(update={"text": fixed}))
        offset = end + 1
    return out


def reread_header(image: np.ndarray, page: Page, *, options: Options) -> list[Line]:
    """OCR the header band of page 1 again (leaders removed or not, the surer read; empty
    when the band is not found)."""
    reads = reread_headers(image, page, options=options)
    return reads[0] if reads else []


def reread_headers(
    image: np.ndarray, page: Page, *, options: Options,
    digit_fixes: Sequence[Correction] | None = None,
) -> list[list[Line]]:
    """The header band's reads, best first: the --psm 4 read, plus a --psm 6 read of the
    leader-free band when the first leaves the reference, date or subject unread.
    `digit_fixes` (the page's Thai-digit corrections, when known) serve the comparison with
    the page OCR. Fast mode reads the band only when the page OCR's header is incomplete."""
    if page.number != 1 or not shows_header(page):
        return []
    bottom = header_bottom(page)
    if bottom is None or bottom <= 0:
        return []
    if options.fast:
        return _fast_reads(image, page, bottom, options, digit_fixes)
    crop = np.ascontiguousarray(image[:bottom])
    cleaned = remove_dotted_leaders(crop)
    best = _with_digits(image, page, _ocr_lines(cleaned, page, options, HEADER_PSM))
    if not np.array_equal(cleaned, crop) and not agrees_with_page(
        image, page, bottom, best, digit_fixes
    ):
        # leaders removed or not: the read Tesseract is surer of wins
        kept = _with_digits(image, page, _ocr_lines(crop, page, options, HEADER_PSM))
        if mean_confidence(kept) > mean_confidence(best):
            best = kept
    return _with_fallback(image, page, cleaned, options, best)


def _fast_reads(
    image: np.ndarray, page: Page, bottom: int, options: Options,
    digit_fixes: Sequence[Correction] | None,
) -> list[list[Line]]:
    """Fast mode: the band read (leaders removed, --psm 4, and --psm 6 as well when that read
    is incomplete) only when the page OCR's own header lacks its agency, reference, date or
    subject; else no read."""
    own = _page_header(image, page, bottom, digit_fixes)
    if None not in (own.agency, own.reference, own.date, own.subject):
        return []
    cleaned = remove_dotted_leaders(np.ascontiguousarray(image[:bottom]))
    best = _with_digits(image, page, _ocr_lines(cleaned, page, options, HEADER_PSM))
    return _with_fallback(image, page, cleaned, options, best)


def _with_fallback(
    image: np.ndarray, page: Page, cleaned: np.ndarray, options: Options, best: list[Line]
) -> list[list[Line]]:
    """The reads `[best]`, plus a --psm 6 read of the leader-free band when `best` leaves the
    reference, date or subject unread."""
    reads = [best]
    if incomplete(best):
        reads.append(_with_digits(image, page, _ocr_lines(cleaned, page, options, FALLBACK_PSM)))
    return reads


def _page_header(
    image: np.ndarray, page: Page, bottom: int, digit_fixes: Sequence[Correction] | None
) -> Memo:
    """The header fields the page OCR gives above `bottom`, its Thai digits re-read (or
    `digit_fixes` applied when given)."""
    from digitizer.memo import parse_header, text_lines

    if digit_fixes is None:
        top = [line for line in page.lines if line.bbox[3] <= bottom and line.text_raw.strip()]
        return parse_header(text_lines(_with_digits(image, page, top)))
    fixed = with_page_fixes(page.lines, digit_fixes)
    return parse_header(text_lines([line for line in fixed if line.bbox[3] <= bottom]))


MEMO_TITLE = "บันทึกข้อความ"
SURE_LABEL = 80.0  # label_score of the title, agency or subject label that shows a memo header
SURE_TO_LABEL = 95.0  # เรียน must read whole: เรียบร้อย (done), common in tables, scores 89


def shows_header(page: Page) -> bool:
    """Whether the page OCR shows a memo header at the page top: the memo title, the agency or
    subject label, or a whole เรียน label. A page scanned alone that continues a memo (an image
    per page) shows none and is not re-read. On the devset, samples and generated memos every
    first page shows one and no later page does."""
    from digitizer.memo import AGENCY, SUBJECT

    limit = page.height * MAX_HEADER_SHARE
    for line in page.lines[:FIRST_LINES]:
        if line.bbox[1] > limit:
            break
        text = line.text or line.text_raw
        labels = (MEMO_TITLE, AGENCY, SUBJECT)
        if any(label_score(text, label)[0] >= SURE_LABEL for label in labels):
            return True
        if label_score(text, TO_LABEL)[0] >= SURE_TO_LABEL:
            return True
    return False


SUBJECT_AGREEMENT = 90.0  # rapidfuzz ratio of two space-free subject reads that agree


def agrees_with_page(
    image: np.ndarray, page: Page, bottom: int, read: list[Line],
    digit_fixes: Sequence[Correction] | None = None,
) -> bool:
    """Whether a complete band read gives the same header as the page OCR of the band (its
    Thai digits re-read, or `digit_fixes` applied when given): reference and date equal,
    subjects nearly equal. Two independent reads that agree leave nothing for the read with
    leaders kept to decide, so it is skipped (measured on the devset, samples and generated
    memos: no header field changes)."""
    from rapidfuzz import fuzz

    from digitizer.memo import parse_header, text_lines

    band = parse_header(text_lines(read))
    if band.reference is None or band.date is None or band.subject is None:
        return False
    own = _page_header(image, page, bottom, digit_fixes)
    if own.reference != band.reference or own.date != band.date or own.subject is None:
        return False
    squash = re.compile(r"\s+")
    ratio = fuzz.ratio(squash.sub("", own.subject), squash.sub("", band.subject))
    return bool(ratio >= SUBJECT_AGREEMENT)


def with_page_fixes(lines: list[Line], fixes: Sequence[Correction]) -> list[Line]:
    """The page's lines with the applied corrections (offsets in the page's text_raw, its
    lines joined by newlines) put into their `text`."""
    applied = sorted(
        ((c.start, c.end, c.suggestion) for c in fixes if c.status == "applied"), reverse=True
    )
    out: list[Line] = []
    offset = 0
    for line in lines:
        end = offset + len(line.text_raw)
        text = line.text_raw
        for start, stop, suggestion in applied:
            if offset <= start and stop <= end:
                text = text[: start - offset] + suggestion + text[stop - offset :]
        out.append(line.model_copy(update={"text": text}))
        offset = end + 1
    return out


def incomplete(lines: list[Line]) -> bool:
    """Whether a header read lacks its reference, date or subject."""
    from digitizer.memo import parse_header, text_lines

    memo = parse_header(text_lines(lines))
    return memo.reference is None or memo.date is None or memo.subject is None


def _ocr_lines(image: np.ndarray, page: Page, options: Options, psm: int) -> list[Line]:
    """Non-empty OCR lines of an image crop (crop coordinates = page coordinates here)."""
    from digitizer._exec.tesseract import run_tsv
    from digitizer.layout import lines_from_tsv

    tsv = run_tsv(
        image, lang=options.read_lang, psm=psm, oem=options.oem, timeout=options.page_timeout,
        dpi=page.dpi,
    )
    return [line for line in lines_from_tsv(tsv) if line.text_raw.strip()]


def mean_confidence(lines: list[Line]) -> float:
    """Mean word confidence of OCR lines (0 when there are no words)."""
    words = [word.confidence for line in lines for word in line.words]
    return sum(words) / len(words) if words else 0.0
