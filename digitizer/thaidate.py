"""Thai dates: `๓๑ มีนาคม พ.ศ. ๒๕๖๔` and its variants to ISO Gregorian, impossible dates flagged.

Buddhist Era years are converted with -543 (a two-digit year 64 means 2564). Month names are
matched exactly, then as abbreviations (มี.ค.), then fuzzily with a Thai-safe processor (RapidFuzz's
default_process would turn Thai vowels and tone marks into spaces). A date that cannot exist or
whose month cannot be read gets iso None and flagged True: never an invented date.
"""

from __future__ import annotations

import datetime as _dt
import logging
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

log = logging.getLogger(__name__)

MONTHS = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)
ABBREVIATIONS = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)
_TO_ARABIC = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_D = "0-9๐-๙"
_DAY = re.compile(rf"(?<![{_D}])[{_D}]{{1,2}}(?![{_D}])")
_DATE = re.compile(
    rf"(?P<day>[{_D}]{{1,2}})\s*(?P<month>[^{_D}\n/()]{{1,24}}?)\s*"
    r"(?:(?P<era>(?:พ|ค)\s*\.?\s*ศ\s*\.?)\s*)?"
    rf"(?P<year>[{_D}]{{2,4}})(?![{_D}])"
)
_YEAR = re.compile(rf"(?<![{_D}/.,\-])(?P<year>[{_D}]{{4}})(?![{_D}/,\-]|\.[{_D}])")
FUZZY_ACCEPT = 70.0  # below this similarity a month name is unreadable
FUZZY_SURE = 80.0  # between ACCEPT and SURE the date is returned but flagged


@dataclass(frozen=True)
class ThaiDate:
    """A date found in text: ISO Gregorian (or None), the printed text and why it is flagged."""

    text: str
    iso: str | None
    flagged: bool = False
    reason: str | None = None
    day: int | None = None
    month: int | None = None
    year_be: int | None = None
    start: int = 0
    end: int = 0


@dataclass(frozen=True)
class YearMention:
    """A Buddhist-Era year cited in text, with its place."""

    text: str
    year_be: int
    start: int
    end: int


def to_arabic_digits(text: str) -> str:
    """Thai digits ๐-๙ replaced by 0-9; everything else unchanged."""
    return text.translate(_TO_ARABIC)


def _thai_key(text: str) -> str:
    """Thai-safe matching key: NFC, sara am repaired, dots and spaces removed, marks kept."""
    text = unicodedata.normalize("NFC", text).replace("\u0e4d\u0e32", "\u0e33")
    return re.sub(r"[\s.]+", "", text)


_FULL_KEYS = {_thai_key(m): i + 1 for i, m in enumerate(MONTHS)}
_ABBR_KEYS = {_thai_key(a): i + 1 for i, a in enumerate(ABBREVIATIONS)}


def match_month(name: str) -> tuple[int | None, float]:
    """Month number (1-12) of a printed month name and the match score (100 = exact)."""
    key = _thai_key(name)
    if not key:
        return None, 0.0
    if key in _FULL_KEYS:
        return _FULL_KEYS[key], 100.0
    if key in _ABBR_KEYS:
        return _ABBR_KEYS[key], 100.0
    if len(key) < 4:  # too short to guess from: abbreviations are matched exactly only
        return None, 0.0
    found = process.extract(key, list(_FULL_KEYS), scorer=fuzz.ratio, processor=None, limit=2)
    if not found:
        return None, 0.0
    best_key, score, _ = found[0]
    if len(found) > 1 and found[1][1] >= score - 3:  # two months equally likely
        return None, float(score)
    return (_FULL_KEYS[best_key], float(score)) if score >= FUZZY_ACCEPT else (None, float(score))


def _year_be(digits: str, era: str | None) -> tuple[int | None, str | None]:
    """Buddhist-Era year of a printed year (2 or 4 digits, BE or CE), or why it is unusable."""
    if re.search("[0-9]", digits) and re.search("[๐-๙]", digits):
        return None, f"year {digits} mixes Thai and Arabic digits: misread"
    value = int(to_arabic_digits(digits))
    christian = bool(era) and _thai_key(era or "").startswith("ค")
    if len(digits) == 2:
        return (value + 2000 + 543 if christian else value + 2500), None
    if len(digits) != 4:
        return None, f"year {digits} is not a 2- or 4-digit year"
    if christian or 1800 <= value < 2300:
        return value + 543, None
    if 2300 <= value <= 2800:
        return value, None
    return None, f"year {digits} is out of range"


def _from_match(m: re.Match[str]) -> ThaiDate:
    """Build a ThaiDate (flagged when impossible or unsure) from a regex match."""
    text, printed = m.group(0), m.group("month").strip()
    day = int(to_arabic_digits(m.group("day")))

    def make(iso: str | None, reason: str | None, month: int | None = None,
             year_be: int | None = None) -> ThaiDate:
        return ThaiDate(text=text, iso=iso, flagged=reason is not None, reason=reason, day=day,
                        month=month, year_be=year_be, start=m.start(), end=m.end())

    month, score = match_month(printed)
    if month is None:
        return make(None, f"month {printed!r} unreadable")
    year_be, why = _year_be(m.group("year"), m.group("era"))
    if year_be is None:
        return make(None, why, month)
    name = MONTHS[month - 1]
    try:
        iso = _dt.date(year_be - 543, month, day).isoformat()
    except ValueError:
        return make(None, f"day {day} does not exist in {name} {year_be}", month, year_be)
    if score < FUZZY_SURE:
        return make(iso, f"month read fuzzily ({printed!r} ~ {name}, {score:.0f})", month, year_be)
    return make(iso, None, month, year_be)


def find_thai_dates(text: str) -> list[ThaiDate]:
    """Every day-month-year date in `text`, in order (impossible ones flagged); where two
    candidates overlap (`๔๕ วันที่ ๓๑ มีนาคม ...`) the one with a readable month is kept."""
    text = unicodedata.normalize("NFC", text)
    found = []
    for day in _DAY.finditer(text):
        m = _DATE.match(text, day.start())
        if m is not None:
            found.append(_from_match(m))
    kept: list[ThaiDate] = []
    for date in found:
        if kept and date.start < kept[-1].end:
            if kept[-1].month is None and date.month is not None:
                kept[-1] = date
            continue
        kept.append(date)
    return kept


def parse_thai_date(text: str) -> ThaiDate | None:
    """The first date in `text` (e.g. the วันที่ value of a memo), or None when there is none."""
    dates = find_thai_dates(text)
    if not dates:
        return None
    readable = [d for d in dates if d.iso is not None]
    return readable[0] if readable else dates[0]


def years_in(text: str) -> list[YearMention]:
    """Standalone four-digit Buddhist-Era years (2400-2700) cited in `text`."""
    out = []
    for m in _YEAR.finditer(unicodedata.normalize("NFC", text)):
        value = int(to_arabic_digits(m.group("year")))
        if 2400 <= value <= 2700:
            out.append(YearMention(m.group("year"), value, m.start(), m.end()))
    return out


def years_far_from(text: str, memo_year: int, tolerance: int = 1, *,
                   past_tolerance: int = 20) -> list[YearMention]:
    """Years cited in `text` more than `tolerance` years after the memo's own year (BE or CE),
    or more than `past_tolerance` years before it: likely misread digits, to be flagged.

    Earlier years are common (a memo of 2564 reporting on the 2562 assessment), hence the
    separate, wider tolerance for the past.
    """
    memo_be = memo_year + 543 if memo_year < 2300 else memo_year
    return [y for y in years_in(text)
            if y.year_be - memo_be > tolerance or memo_be - y.year_be > past_tolerance]


def complete_year(partial: str, candidates: Iterable[int]) -> str | None:
    """A three-digit year that lost one digit (``๒๕๗``) completed from the Buddhist-Era years
    the document itself gives (`candidates`): the one candidate `partial` is, with one digit
    taken out, written in the digits of `partial`; None when no candidate or several fit."""
    digits = to_arabic_digits(partial)
    if len(digits) != 3 or not digits.isdigit():
        return None
    fits = {
        year
        for year in candidates
        if any(str(year)[:k] + str(year)[k + 1 :] == digits for k in range(4))
    }
    if len(fits) != 1:
        return None
    year = str(fits.pop())
    thai = any(ch in "๐๑๒๓๔๕๖๗๘๙" for ch in partial)
    return year.translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")) if thai else year


FAR_YEARS = 20  # a memo's date and its subject's fiscal year are never this far apart
_THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
# Tesseract's tha model writes only ๐ ๑ ๒ ๓ ๕: a ๔ ๖ ๗ ๘ ๙ it sees comes out as one of those
_WRITABLE, _UNWRITABLE = "01235", "46789"


def repaired_year(printed: str, candidates: Iterable[int]) -> str | None:
    """A four-digit Buddhist-Era year in Thai digits with one digit misread (``๒๕๐๗`` beside a
    subject of ๒๕๖๗), replaced by the one document year (`candidates`) it differs from in one
    digit, when it is more than FAR_YEARS from all of them and the differing glyph is one
    Tesseract writes for a digit it cannot write (๐ for ๖, not ๖ for ๐). None otherwise."""
    digits = to_arabic_digits(printed)
    pool = set(candidates)
    if len(printed) != 4 or not all(ch in _THAI_DIGITS for ch in printed) or not pool:
        return None
    if any(abs(int(digits) - year) <= FAR_YEARS for year in pool):
        return None

    def misread_as(year: int) -> bool:
        """One digit differs, a glyph Tesseract can write standing for one it cannot."""
        pairs = [(a, b) for a, b in zip(str(year), digits, strict=True) if a != b]
        return len(pairs) == 1 and pairs[0][0] in _UNWRITABLE and pairs[0][1] in _WRITABLE

    fits = {year for year in pool if misread_as(year)}
    if len(fits) != 1:
        return None
    return str(fits.pop()).translate(str.maketrans("0123456789", _THAI_DIGITS))
