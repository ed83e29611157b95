"""The memo header (ส่วนราชการ, ที่, วันที่, เรื่อง, เรียน), its organisation and signatories.

Labels are found by fuzzy matching at line starts (OCR damages them) and in their fixed order
in the government template; a value continues on the following lines until the next label.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from digitizer import personnames
from digitizer.model import Line, Memo, Organisation, Signatory
from digitizer.reference import known_reference
from digitizer.textblocks import (
    clean_edges,
    join_wrapped,
    label_score,
    snap_phrases,
    wrap_debris_free,
)

log = logging.getLogger(__name__)

AGENCY, REFERENCE, SUBJECT, TO = "ส่วนราชการ", "ที่", "เรื่อง", "เรียน"
DATE_LABEL = "วันที่"
LABEL_ACCEPT = 70.0
HEADER_SPAN = 16  # the header sits in the first lines of page 1
TITLES = ("นางสาว", "นาง", "นาย", "ว่าที่", "ดร.", "จ่า", "สิบ", "พ.จ.", "ร.ต.", "ร.อ.", "พันตำรวจ")
_ORG_KINDS = {
    "เทศบาลนคร",
    "เทศบาลเมือง",
    "เทศบาลตำบล",
    "องค์การบริหารส่วนตำบล",
    "องค์การบริหารส่วนจังหวัด",
}
_NAME_LINE = re.compile(r"^[\s|.'\"]*[\(\[{]\s*(?P<name>[^()\[\]{}]+?)\s*[\)\]}]?[\s|.'\"]*$")
_SIGN_WORD = "ลงชื่อ"
GIVEN_MIN, GIVEN_ACCEPT, GIVEN_MARGIN = 5, 85.0, 3.0  # fuzzy given-name snapping
_COMMENT = "ความเห็น"


@dataclass(frozen=True)
class TextLine:
    """A corrected line of text with its box, the unit header and signature parsing work on."""

    text: str
    bbox: tuple[int, int, int, int]


def text_lines(lines: Sequence[Line]) -> list[TextLine]:
    """The page's lines as TextLine (corrected text, stripped of edge junk), empty ones dropped."""
    out: list[TextLine] = []
    for line in lines:
        text = clean_edges(line.text or line.text_raw)
        if text:
            out.append(TextLine(text, (line.bbox[0], line.bbox[1], line.bbox[2], line.bbox[3])))
    return out


def _find_label(lines: Sequence[TextLine], label: str, start: int, stop: int) -> tuple[int, int]:
    """First line in [start, stop) starting with `label` (fuzzy): (index, label end) or (-1, 0)."""
    for index in range(start, min(stop, len(lines))):
        score, cut = label_score(lines[index].text, label)
        if score >= LABEL_ACCEPT:
            return index, cut
    return -1, 0


def _value(first: str, cut: int) -> str:
    """The value after a label on its line, without leaders and separators."""
    return clean_edges(first[cut:].lstrip(" .:…-"))


_D = "0-9๐-๙"
REFERENCE_RE = re.compile(
    rf"(?<![ก-๙])(?P<ref>[ก-ฮ]{{1,3}}\.?\s*[{_D}][{_D}.]*\s*/\s*(?:[ก-ฮ]\.?\s*)?[{_D}]+)"
)
_LATIN_REFERENCE_RE = re.compile(  # the letters read as Latin (``UN ๗๘๔๐๑/๓๕๖๒``)
    rf"(?<![A-Za-z])(?P<ref>[A-Za-z]{{2}}\.?\s*[{_D}][{_D}.]*\s*/\s*(?:[ก-ฮ]\.?\s*)?[{_D}]+)"
)
# a letter glued to the Buddhist year that ends a value: "พ.ศ. ๒๕๖๗ซ"
_YEAR_TAIL = re.compile(r"((?:พ\.ศ\.|ค\.ศ\.)\s*[0-9๐-๙]{4})[ก-ฮA-Za-z]$")
# พ.ศ. read as W.A., or its ศ. as Latin letters (พ.Al.)
_ERA_AS_LATIN = re.compile(rf"(?:\bW\.?\s?A|พ\.\s?[A-Za-z]{{1,2}})\.?(?=\s*[{_D}])")
_DATE_PROBES = ("วันที่", "วันที", "วนที่", "วันทึ่", "วันท", "วนที", "วนท")
_NOT_AGENCY = re.compile(r"ประจำปี|พ\.ศ\.|ค\.ศ\.")
_PROVINCE_END = re.compile(r"^(.*?จังหวัด\s?[ก-๙]+)\s.*$")  # an agency ends with its province
_THAI = re.compile(r"[ก-๙]")


def _date_label_at(text: str) -> tuple[int, int]:
    """Where a (damaged) วันที่ label starts and ends in `text`, or (-1, -1)."""
    for probe in _DATE_PROBES:
        at = text.find(probe)
        if at >= 0:
            end = at + len(probe)
            while end < len(text) and text[end] in "่้ี ":
                end += 1
            return at, end
    return -1, -1


def _spaced_date(text: str) -> str:
    """A printed date with single spaces between day, month and year."""
    text = re.sub(rf"([{_D}])\s*([ก-ฮเแโใไ])", r"\1 \2", text)
    text = re.sub(rf"([ก-์.])\s*([{_D}])", r"\1 \2", text)
    return re.sub(r"\s+", " ", text).strip()


def _date_of(text: str) -> tuple[str | None, str | None]:
    """(date_text, iso) of the first Thai date in `text`; date_text alone when unparsable."""
    try:
        from digitizer.thaidate import find_thai_dates
    except ImportError:  # pragma: no cover - the digits engineer's module
        return (clean_edges(text) or None), None
    text = re.sub(rf"(?<=[{_D}])\s+(?=[{_D}])", "", text)  # "๒๕๖ ๗": a gap inside a number
    dates = find_thai_dates(text)
    good = [d for d in dates if d.iso is not None] or dates
    if good:
        return _month_spelled(_spaced_date(good[0].text), good[0].month), good[0].iso
    value = clean_edges(text)
    return (value or None), None


def _month_spelled(text: str, month: int | None) -> str:
    """A date text whose damaged full month name (``จันวาคม``) is spelled as the month it was
    read as (the printed name is one of twelve); abbreviations and exact names are kept."""
    if month is None:
        return text
    from digitizer.thaidate import MONTHS, match_month

    words = text.split(" ")
    for k, word in enumerate(words):
        if re.fullmatch("[ก-ฮะ-ฺเ-๎]{4,}", word) and match_month(word)[0] == month:
            words[k] = MONTHS[month - 1]
            break
    return " ".join(words)


def _reference_of(text: str) -> str | None:
    """The reference number in a ที่ value, spaced like ``ลย ๗๔๓๐๔/๐๒๘๗``."""
    found = known_reference(text)  # the gazetteer's abbreviation before a well-formed number
    if found is not None:
        return found
    match = REFERENCE_RE.search(text) or _LATIN_REFERENCE_RE.search(text)
    if match is None:
        value = clean_edges(text.lstrip(" .:"))
        return value or None
    ref = re.sub(r"\s+", "", match.group("ref"))
    return re.sub(rf"^([ก-ฮ]{{1,3}}\.?)(?=[{_D}])", r"\1 ", ref)


def _header_date(
    head: list[TextLine], i_agency: int, i_subject: int, stop: int, fallback: str | None
) -> tuple[str | None, str | None]:
    """(date_text, iso) of the first complete date between the agency and subject lines."""
    end = i_subject if i_subject > i_agency else stop
    for line in head[max(i_agency + 1, 0) : end]:
        text, iso = _date_of(line.text)
        if iso is not None:
            return text, iso
    return fallback, None


def _date_split(text: str) -> tuple[str, str | None]:
    """Split a "ที่ … วันที่ …" value into (reference, date text)."""
    at, end = _date_label_at(text)
    if at < 0:
        return clean_edges(text), None
    return clean_edges(text[:at]), clean_edges(text[end:]) or None


def is_reference_line(text: str) -> bool:
    """A ที่ line, however damaged its label: a reference number or a วันที่ with a date."""
    if REFERENCE_RE.search(text):
        return True
    at, _ = _date_label_at(text)
    return at >= 0 and at <= len(text) // 2 + 8


def _strip_label(text: str, label: str) -> str:
    """The value of a line whose label OCR damaged: drop leading non-Thai junk and the label."""
    score, cut = label_score(text, label)
    if score >= 50.0:
        return _value(text, cut)
    tokens = text.split()
    while tokens and not _THAI.search(tokens[0]):
        tokens.pop(0)
    value = " ".join(tokens)
    return clean_edges(re.sub(r"^[A-Za-z]+(?=[ก-ฮเแโใไ])", "", value))  # Latin glued: label debris


_ADDRESSEES = ("นายก", "ปลัด", "ผู้อำนวยการ", "หัวหน้า", "ประธาน", "ผู้ว่าราชการ", "นายอำเภอ")


def _addressee_line(head: Sequence[TextLine], start: int) -> int:
    """The เรียน line when OCR lost its label: junk, then an addressee title (นายก…)."""
    for index in range(start, len(head)):
        text = head[index].text
        tokens = text.split()
        if len(tokens) == 1 and _bare_addressee(text):
            return index
        if len(tokens) < 2 or (_THAI.match(tokens[0]) and label_score(text, TO)[0] < 50.0):
            continue
        if _strip_label(text, TO).startswith(_ADDRESSEES):
            return index
    return -1


def addressee_line(lines: Sequence[TextLine], start: int) -> int:
    """Index of the เรียน line whose label OCR lost or damaged, judged by the addressee's shape
    (junk or a damaged label, then a title such as นายก…), from `start` on; -1 when none."""
    return _addressee_line(lines, start)


_HEAD_OF = ("องค์การบริหารส่วน", "เทศมนตรี")


def _bare_addressee(text: str) -> bool:
    """A one-word line naming the head of a local government (the เรียน line with its label
    lost entirely): ``นายกองค์การบริหารส่วนตำบลX``, ``นายกเทศมนตรีตำบลX``."""
    word = re.sub(r"^[^ก-๙]+", "", clean_edges(text))  # Latin debris of the lost label
    return any(word.startswith(head + kind) for head in ("นายก", "ปลัด") for kind in _HEAD_OF)


def continues(above: TextLine, line: TextLine) -> bool:
    """Whether `line` can carry on the value of the line `above`: it starts lower, at most one
    line height below it (a page read lists lines out of order at times; boxes without height
    are not judged)."""
    tall = above.bbox[3] - above.bbox[1]
    if tall <= 0:
        return True
    return above.bbox[1] < line.bbox[1] <= above.bbox[3] + tall


def _wrapped(head: Sequence[TextLine], first: int, stop: int) -> list[TextLine]:
    """The lines after head[first] (up to `stop`) that carry on its value, each right below
    the one before."""
    out: list[TextLine] = []
    above = head[first]
    for line in head[first + 1 : stop]:
        if not continues(above, line):
            break
        out.append(line)
        above = line
    return out


MARGIN_DEBRIS = 2  # at most this many non-Thai specks read in the margin before a wrapped line


def _margin_debris_free(line: TextLine, first: TextLine) -> str:
    """The text of a wrapped value line without the specks read before it in the margin: a
    line starting left of its label line (wrapped values start at or right of the label) loses
    up to MARGIN_DEBRIS leading short tokens without Thai letters (``260. 0 ประจำปี…``)."""
    text = clean_edges(line.text)
    tall = first.bbox[3] - first.bbox[1]
    if tall <= 0 or line.bbox[0] >= first.bbox[0]:
        return text
    tokens = text.split()
    cut = 0
    while cut < min(MARGIN_DEBRIS, len(tokens) - 1) and len(tokens[cut]) <= 4:
        if _THAI.search(tokens[cut]):
            break
        cut += 1
    return " ".join(tokens[cut:])


# words a wrapped subject's second line starts with, never its first (ประจำปีงบประมาณ …)
_TAIL_OPENERS = re.compile(r"^ประจำป[ิีึื]")  # the vowel often misread
# an era year OCR split with a space (``พ.ศ. ๒๕๖ ๗``)
_SPLIT_YEAR = re.compile(rf"((?:พ\.ศ\.|ค\.ศ\.)\s*)([{_D}]{{1,3}})\s+([{_D}]{{1,3}})(?![{_D}])")


# the era before a year with its dots lost (พศ.), or read as a short Latin word after the fiscal
# year phrase (ประจำปีงบประมาณ wie. 2567)
_ERA_UNDOTTED = re.compile(rf"(?<![ก-๙])พ\.?ศ\.?(?=\s*[{_D}]{{4}}(?![{_D}]))")
_ERA_AFTER_PHRASE = re.compile(rf"(ประจำปีงบประมาณ\s*)[A-Za-z]{{1,3}}\.\s*(?=[{_D}]{{4}}(?![{_D}]))")


def _era_spelled(text: str) -> str:
    """`text` with the Buddhist era abbreviation before a year spelled ``พ.ศ.``."""
    text = _ERA_AFTER_PHRASE.sub(r"\1พ.ศ. ", text)
    return _ERA_UNDOTTED.sub("พ.ศ.", text)


def _split_years_joined(text: str) -> str:
    """`text` with era years OCR split by a space joined again when they make four digits."""

    def join(match: re.Match[str]) -> str:
        digits = match.group(2) + match.group(3)
        return match.group(1) + digits if len(digits) == 4 else match.group(0)

    return _SPLIT_YEAR.sub(join, text)


def parse_header(lines: Sequence[TextLine]) -> Memo:
    """Header fields of page 1 from its lines (see module docstring)."""
    memo = Memo()
    head = list(lines[:HEADER_SPAN])
    n = len(head)
    i_agency, c_agency = _find_label(head, AGENCY, 0, n)
    i_to, c_to = _find_label(head, TO, max(i_agency + 1, 0), n)
    if i_to < 0:
        i_to, c_to = _addressee_line(head, max(i_agency + 1, 1)), -1
    stop_to = i_to if i_to >= 0 else n
    i_ref = next(
        (i for i in range(max(i_agency + 1, 0), stop_to) if is_reference_line(head[i].text)), -1
    )
    if i_ref < 0:
        i_ref, _ = _find_label(head, REFERENCE, max(i_agency + 1, 0), stop_to)
        if i_ref >= 0 and not re.search(rf"[{_D}/]", head[i_ref].text):
            i_ref = -1  # a body line starting with ที่ (ที่ต้อง…): a reference holds a number
    i_subject, c_subject = _find_label(head, SUBJECT, max(i_ref + 1, i_agency + 1, 0), stop_to)
    if i_agency >= 0:
        stop = min(i for i in (i_ref, i_subject, i_to, i_agency + 3) if i > i_agency)
        more, above = [], head[i_agency]
        for line in head[i_agency + 1 : stop]:
            if _NOT_AGENCY.search(line.text) or not continues(above, line):
                break  # a subject line whose label was lost: an agency holds no year
            more.append(clean_edges(line.text))
            above = line
        parts = [_value(head[i_agency].text, c_agency), *more]
        memo.agency = trim_tail(_PROVINCE_END.sub(r"\1", join_wrapped(parts))) or None
    date_line = -1
    if i_ref >= 0:
        text = head[i_ref].text
        at, end = _date_label_at(text)
        ref_part = text[:at] if at >= 0 else text
        memo.reference = _reference_of(ref_part)
        date_source = text[end:] if at >= 0 else ""
        nxt = i_ref + 1
        if not date_source and nxt < stop_to and nxt != i_subject:
            at2, end2 = _date_label_at(head[nxt].text)
            if at2 >= 0 and at2 <= 3:
                date_source, date_line = head[nxt].text[end2:], nxt
        if date_source:
            memo.date_text, memo.date = _date_of(date_source)
    if memo.date is None:  # the วันที่ label was lost: a whole date on a header line still counts
        memo.date_text, memo.date = _header_date(head, i_agency, i_subject, stop_to, memo.date_text)
    if i_subject < 0 and i_ref >= 0:
        first = max(i_ref, date_line) + 1
        if first < stop_to:
            i_subject, c_subject = first, -1
    if i_subject >= 0:
        stop = stop_to if stop_to > i_subject else min(i_subject + 3, n)
        stop = min(stop, i_subject + 3)
        more = [_margin_debris_free(t, head[i_subject]) for t in _wrapped(head, i_subject, stop)]
        first_text = head[i_subject].text
        if c_subject >= 0:
            value = _value(first_text, c_subject)
        else:
            value = _strip_label(first_text, SUBJECT)
            if _TAIL_OPENERS.match(value):
                value, more = "", []  # the subject's first line is lost: its tail is no subject
        parts = [wrap_debris_free(part) for part in [value, *more][:-1]]
        subject = _ERA_AS_LATIN.sub("พ.ศ.", join_wrapped([*parts, ([value, *more])[-1]]))
        subject = _split_years_joined(_era_spelled(subject))
        subject = _YEAR_TAIL.sub(r"\1", subject)
        memo.subject = trim_tail(_year_debris_free(snap_phrases(subject, _PHRASES))) or None
    _complete_years(memo, head[: i_to + 1] if i_to >= 0 else head)  # the header's own years
    if i_to >= 0:
        to_text = head[i_to].text
        value = _value(to_text, c_to) if c_to >= 0 else _strip_label(to_text, TO)
        memo.to = trim_tail(value) or None
    memo.organisation = organisation_of(" ".join(filter(None, [memo.agency, memo.to])))
    return memo


_PHRASES = ("ประจำปีงบประมาณ",)  # set phrases of memo subjects, snapped when OCR damages them
_ERA = r"(?:พ\.ศ\.|ค\.ศ\.)"
# a value ending in an era year followed by debris ("พ.ศ.๒๕๖๘ .ูร11 ณ7+7ร")
_ERA_YEAR_THEN = re.compile(rf"^(.*{_ERA}\s*[{_D}]{{4}})(\s.*)$")
_THAI_WORD = re.compile(r"[ก-๎]{4,}")  # four Thai letters/marks in a row: words, not specks
_ERA_YEAR = re.compile(rf"{_ERA}\s*([{_D}]{{4}})(?![{_D}])")
_ERA_YEAR_OF = re.compile(rf"({_ERA}\s*)([{_D}]{{3,4}})(?![{_D}])")
_DATE_YEAR = re.compile(rf"^(.*[^{_D}\s]\s*)([{_D}]{{3,4}})$")


def _year_debris_free(value: str) -> str:
    """A value that ends with an era year without the specks OCR read after it."""
    match = _ERA_YEAR_THEN.match(value)
    if match and not _THAI_WORD.search(match.group(2)):
        return match.group(1)
    return value


def _complete_years(memo: Memo, head: Sequence[TextLine]) -> None:
    """Years this read got wrong, put right from the years the header gives when exactly one
    fits: a year that lost a digit (``๒๕ ๗``) or one digit misread far from the memo's era
    (``๒๕๐๗``). The date's from the other era years of the header (a subject's fiscal year is
    the date's year or the next), the subject's from the date's year (the same or the next)."""
    from digitizer.thaidate import complete_year, repaired_year, to_arabic_digits

    if memo.date_text:
        own = memo.date[:4] if memo.date else None
        found = {int(to_arabic_digits(y)) for t in head for y in _ERA_YEAR.findall(t.text)}
        found = {y for y in found if 2400 <= y <= 2700 and str(y - 543) != own}
        years = found | {y - 1 for y in found}  # a fiscal year starts in the October before
        printed = _DATE_YEAR.match(memo.date_text)
        year = None
        if printed and memo.date is None:
            year = complete_year(printed.group(2), years)
        elif printed:
            year = repaired_year(printed.group(2), years)
        if printed and year:
            text, iso = _date_of(printed.group(1) + year)
            if iso is not None:
                memo.date_text, memo.date = text, iso
    if memo.date is not None and memo.subject:
        date_year = int(memo.date[:4]) + 543
        subject = memo.subject

        def repair(match: re.Match[str]) -> str:
            printed = match.group(2)
            fix = complete_year if len(printed) == 3 else repaired_year
            year = fix(printed, {date_year, date_year + 1})
            return match.group(1) + year if year else match.group(0)

        memo.subject = _ERA_YEAR_OF.sub(repair, subject)


_DIGITS = "0123456789๐๑๒๓๔๕๖๗๘๙"
_TAIL_JUNK = re.compile(r"^(?:[A-Za-z.,'\"`~:;|/\\-]{1,3}|[ก-ฮ]|[0-9๐-๙]{1,2})$")


# a speck read as punctuation after a value's last number or word ("พ.ศ. 2567.", "… 2567,"),
# not the full stop of an abbreviation (พ.ศ.)
_END_SPECK = re.compile(r"(?<=[0-9๐-๙])[.,:;]+$|[,;:'\"‘’|]+$")


def trim_tail(value: str | None) -> str | None:
    """A header value without OCR debris tokens at its end (``… ก 00``, ``… ๒๕๖๗ 0``)."""
    if not value:
        return value
    tokens = value.split()
    while len(tokens) > 1 and _TAIL_JUNK.match(tokens[-1]):
        last = tokens[-1]
        before = tokens[-2]
        if last[0] in _DIGITS and not (re.search(r"[0-9๐-๙]$", before) or _TAIL_JUNK.match(before)):
            break  # "ครั้งที่ 2": a number after a word belongs to the value
        tokens.pop()
    return _END_SPECK.sub("", " ".join(tokens))


def _iso(date_text: str) -> str | None:
    """ISO date of a printed Thai date, via digitizer.thaidate."""
    try:
        from digitizer.thaidate import parse_thai_date
    except ImportError:  # pragma: no cover - the digits engineer's module
        return None
    parsed = parse_thai_date(date_text)
    return parsed.iso if parsed is not None else None


def organisation_of(text: str) -> Organisation:
    """The local government named in `text`, resolved in the gazetteer of the corrections lib."""
    if not text:
        return Organisation()
    try:
        from corrections.gazetteer import resolve_organisation

        found = resolve_organisation(text)
        if found and found.get("district") and not found.get("subdistrict"):
            snapped = _snapped_base(text, found)
            found = resolve_organisation(snapped) if snapped != text else found
    except Exception as exc:  # the gazetteer is optional for structure
        log.warning("organisation lookup failed: %s", exc)
        return Organisation()
    if not found:
        return Organisation()
    kind = found.get("kind")
    return Organisation(
        name=found.get("name"),
        kind=kind if kind in _ORG_KINDS else ("other" if kind else None),  # type: ignore[arg-type]
        subdistrict=found.get("subdistrict"),
        district=found.get("district"),
        province=found.get("province"),
    )


BASE_ACCEPT, BASE_MARGIN = 85.0, 5.0  # fuzzy local-government name within its district


def _snapped_base(text: str, found: dict[str, str | None]) -> str:
    """`text` with a damaged local-government name (``ถ้ากระต่ายทอง``) replaced by the one
    name of its district in the gazetteer it is clearly closest to; `text` when none is."""
    from rapidfuzz import fuzz, process

    from corrections.gazetteer import load_gazetteer

    kind, name = found.get("kind") or "", found.get("name") or ""
    base = name.removeprefix(kind)
    if len(base) < 3 or base not in text:
        return text
    gaz = load_gazetteer()
    names = {
        lg.base
        for district in gaz.find_districts(found.get("district") or "", found.get("province"))
        for lg in gaz.local_governments(district.code)
    }
    best = process.extract(base, names, scorer=fuzz.ratio, processor=None, limit=2)
    if not best or best[0][1] < BASE_ACCEPT or best[0][0] == base:
        return text
    if len(best) > 1 and best[1][1] > best[0][1] - BASE_MARGIN:
        return text
    return text.replace(base, best[0][0])


_TITLED = re.compile(
    r"[(\[{]\s*(?:" + "|".join(re.escape(t) for t in TITLES) + r")[^()\[\]{}]*[)\]}]"
)
DEBRIS_MAX = 8  # non-space characters of scribble debris around a "(title name)"


def _scribble_trimmed(text: str) -> str:
    """The "(title name)" of a line with scribble debris beside it ("2 (นาย…) ไป"): the debris
    is short and holds no Thai word (no run of three letters); the line itself otherwise."""
    match = _TITLED.search(text)
    if match is None:
        return text
    outside = (text[: match.start()] + " " + text[match.end() :]).strip()
    if not outside or _SIGN_WORD in outside or len(outside.replace(" ", "")) > DEBRIS_MAX:
        return text
    if re.search(r"[\u0e01-\u0e2e][\u0e01-\u0e4e]{2,}", outside):
        return text
    return match.group(0)


def _name_of(text: str) -> str | None:
    """The person's name of a "(name)" signature line, or None when the line is not one."""
    text = _scribble_trimmed(text)
    match = _NAME_LINE.match(text)
    if not match or not (text.lstrip(" |.'\"").startswith(("(", "[", "{")) or text.endswith(")")):
        return None
    name = match.group("name").replace(_SIGN_WORD, "").strip(" .")
    name = re.sub(r"[A-Za-z0-9]+\W*$", "", name).strip(" .")  # scribble read as Latin debris
    if not name or any(ch.isdigit() for ch in name) or len(name) < 4:
        return None
    name = personnames.tidy(name)
    has_title = name.startswith(TITLES)
    if not has_title and len(name.split()) != 2:
        return None
    return repaired_name(spaced_name(re.sub(r"\s+", " ", name)))


def repaired_name(name: str) -> str:
    """A spaced "title given family" name with its OCR mark damage repaired from the name lists."""
    parts = name.split(" ")
    if len(parts) != 2:
        return name
    title = next((t for t in TITLES if parts[0].startswith(t)), "")
    given, family = personnames.repair_name(title, parts[0][len(title) :], parts[1])
    return f"{title}{given} {family}"


@lru_cache(maxsize=1)
def _first_names() -> frozenset[str]:
    """Thai given names shipped with pythainlp (offline corpora)."""
    try:
        from pythainlp.corpus import thai_female_names, thai_male_names

        return frozenset(thai_female_names()) | frozenset(thai_male_names())
    except Exception as exc:  # the name lists only improve spacing
        log.warning("Thai name lists unavailable: %s", exc)
        return frozenset()


def spaced_name(name: str) -> str:
    """Put back the space between given name and family name when the OCR lost it."""
    if " " in name:
        return name
    title = next((t for t in TITLES if name.startswith(t)), "")
    rest = name[len(title) :]
    names = _first_names()
    if rest in names:
        return name
    for cut in range(len(rest) - 2, 1, -1):
        if rest[:cut] in names and _cuttable(rest, cut):
            return f"{title}{rest[:cut]} {rest[cut:]}"
    return _fuzzy_given_name(title, rest, names)


def _cuttable(text: str, cut: int) -> bool:
    """Whether a word boundary may fall before text[cut]: not before a combining mark or vowel,
    not after a leading vowel (เ แ โ ใ ไ)."""
    return not (re.match(r"[\u0e31\u0e34-\u0e3a\u0e45\u0e47-\u0e4e]", text[cut])
                or re.match(r"[\u0e40-\u0e44]", text[cut - 1]))


def _fuzzy_given_name(title: str, rest: str, names: frozenset[str]) -> str:
    """Title + given name + family name, cut where the start of `rest` matches a known given
    name closely and unambiguously; the letters stay as read (an unlisted real name must not be
    turned into a listed one)."""
    from rapidfuzz import fuzz, process

    best: tuple[float, int, str] | None = None
    for cut in range(GIVEN_MIN, len(rest) - 1):
        if not _cuttable(rest, cut):
            continue
        found = process.extract(
            rest[:cut], names, scorer=fuzz.ratio, processor=None, limit=2, score_cutoff=75
        )
        if not found or found[0][1] < GIVEN_ACCEPT:
            continue
        if len(found) > 1 and found[1][1] > found[0][1] - GIVEN_MARGIN:
            continue
        if best is None or found[0][1] > best[0]:
            best = (found[0][1], cut, found[0][0])
    if best is None:
        return _repaired_cut(title, rest, names)
    return f"{title}{rest[: best[1]]} {rest[best[1]:]}"


def _repaired_cut(title: str, rest: str, names: frozenset[str]) -> str:
    """Title + given name + family name where exactly one cut of `rest` ends a given name one
    OCR confusion away from a listed one (ธิตารัตน์ ~ ธิดารัตน์: the cut goes after it, the
    letters stay as read); `rest` unspaced else."""
    found = {
        cut
        for cut in range(GIVEN_MIN, len(rest) - 2)
        if _cuttable(rest, cut) and personnames.closest_given(rest[:cut]) is not None
    }
    if len(found) != 1:
        cut = personnames.likely_cut(rest)
        return f"{title}{rest[:cut]} {rest[cut:]}" if cut else f"{title}{rest}"
    cut = found.pop()
    return f"{title}{rest[:cut]} {rest[cut:]}"


def signature_blocks(lines: Sequence[TextLine]) -> list[tuple[int, Signatory, str]]:
    """Each signature block of one page's lines: (top y of its name line, Signatory, the name
    line as read)."""
    found: list[tuple[int, Signatory, str]] = []
    for index, line in enumerate(lines):
        name = _name_of(line.text)
        if name is None:
            continue
        position: list[str] = []
        height = max(line.bbox[3] - line.bbox[1], 1)
        previous = line
        for follower in lines[index + 1 : index + 4]:
            gap = follower.bbox[1] - previous.bbox[3]
            text = follower.text
            if gap > 1.2 * height or text.startswith((_COMMENT, _SIGN_WORD)):
                break
            if _name_of(text) is not None:
                break
            if not re.search(r"[ก-ฮ][\u0e30-\u0e4e]*[ก-ฮ][\u0e30-\u0e4e]*[ก-ฮ]", text):
                continue  # scribble debris ("aA๐ 1"), not a position line
            position.append(text)
            previous = follower
        signatory = Signatory(name=name, position=" ".join(position))
        found.append((line.bbox[1], signatory, line.text))
    return found


def signatories(pages_lines: Sequence[Sequence[TextLine]]) -> list[Signatory]:
    """Each signature block's "(name)" line and the position lines right under it, in order."""
    return [s for lines in pages_lines for _, s, _ in signature_blocks(lines)]
