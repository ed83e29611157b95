"""The memo header from two reads (page OCR, band re-read): per field the better value.

References get their province abbreviation checked against the gazetteer (and repaired from the
organisation's province when OCR damaged it); a date neither read got whole is put together
from the parts each read got right; agency, subject and addressee take the cleaner value.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache

from digitizer.memo import _D, _THAI, _iso, organisation_of, trim_tail
from digitizer.model import Memo, Organisation

log = logging.getLogger(__name__)


def _junk(text: str | None) -> int:
    """How many characters of a value are neither Thai, digits, spaces nor common punctuation."""
    if not text:
        return 10**6
    odd = sum(1 for ch in text if not (_THAI.match(ch) or ch.isdigit() or ch in " ./-()"))
    return odd + 3 * len(_SHORT_YEAR.findall(text))


# an era abbreviation followed by fewer than four digits: a year that lost a digit in this read
_SHORT_YEAR = re.compile(r"(?:พ\.ศ\.|ค\.ศ\.)\s*[0-9๐-๙]{1,3}(?![0-9๐-๙])")


@lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    """Province abbreviations of the gazetteer (ลย, ลพ, …), empty when unavailable."""
    try:
        from corrections.gazetteer import load_gazetteer

        return frozenset(load_gazetteer().province_by_abbreviation)
    except Exception as exc:  # the gazetteer only validates references here
        log.warning("gazetteer unavailable for references: %s", exc)
        return frozenset()


def checked_reference(reference: str | None) -> tuple[str | None, bool]:
    """(reference with a province abbreviation repaired, whether its letters are a known one)."""
    if not reference:
        return None, False
    known = _abbreviations()
    match = re.match(r"^([ก-ฮA-Za-z]{1,4})\.?\s*(.*)$", reference)
    if not match or not known:
        return reference, False
    letters, rest = match.groups()
    if letters in known:
        # the abbreviation read twice with debris between ("ลย ี่ลย77344/0098")
        rest = re.sub(rf"^\S*?{letters}\s*(?=[0-9๐-๙])", "", rest)
        return f"{letters} {rest}".strip(), True
    for cut in range(1, len(letters) - 1):
        if letters[cut:] in known:
            return f"{letters[cut:]} {rest}".strip(), True
    return reference, False


def _date_parts(text: str | None) -> tuple[str | None, str | None, str | None]:
    """(day, month name, year) read separately from a damaged date text."""
    if not text:
        return None, None, None
    from digitizer.thaidate import MONTHS, match_month

    day = re.match(rf"^\s*([{_D}]{{1,2}})(?![{_D}])", text)
    year = re.search(rf"([{_D}]{{4}})\s*$", text)
    month = None
    for token in re.findall(r"[ก-๙]+", re.sub(rf"[{_D}]", " ", text)):
        number, _ = match_month(token)
        if number is not None:
            month = MONTHS[number - 1]
            break
    return (day.group(1) if day else None), month, (year.group(1) if year else None)


def _combined_date(a: str | None, b: str | None) -> tuple[str | None, str | None]:
    """A date put together from the parts two damaged reads of it got right, or (None, None)."""
    parts_a, parts_b = _date_parts(a), _date_parts(b)
    parts = [x or y for x, y in zip(parts_a, parts_b, strict=True)]
    if not all(parts):
        return None, None
    text = " ".join(p for p in parts if p)
    return text, _iso(text)


def _covers(longer: str, shorter: str) -> bool:
    """Whether `longer` holds all of `shorter` and clearly more (a read that lost a line)."""
    a, b = re.sub(r"\s+", "", longer), re.sub(r"\s+", "", shorter)
    return b in a and len(a) >= 1.3 * len(b)


def _locality(memo: Memo) -> str:
    """The local government's own name (subdistrict) of the memo's addressee, squashed."""
    org = organisation_of(memo.to or "")
    return re.sub(r"\s+", "", org.subdistrict or "")


def merge_headers(reread: Memo, page: Memo) -> Memo:
    """One header from the band re-read and the page OCR: per field the cleaner value."""
    memo = page.model_copy()
    ref_a, ok_a = checked_reference(reread.reference)
    ref_b, ok_b = checked_reference(page.reference)
    memo.reference = ref_a if ok_a or (not ok_b and ref_a) else ref_b
    if reread.date is not None or (page.date is None and reread.date_text):
        memo.date, memo.date_text = reread.date, reread.date_text
    if memo.date is None:
        text, iso = _combined_date(reread.date_text, page.date_text)
        if iso is not None:
            memo.date, memo.date_text = iso, text
    locality = _locality(reread) or _locality(page)
    for name in ("agency", "subject", "to"):
        a, b = trim_tail(getattr(reread, name)), trim_tail(getattr(page, name))
        score_a, score_b = _junk(a), _junk(b)
        if name == "agency" and locality:
            score_a += 0 if a and locality in re.sub(r"\s+", "", a) else 5
            score_b += 0 if b and locality in re.sub(r"\s+", "", b) else 5
        if a and b and _covers(b, a):
            score_b -= 1  # the other read lost part of the value
        elif a and b and _covers(a, b):
            score_a -= 1
        setattr(memo, name, a if a and score_a <= score_b else b)
    memo.organisation = organisation_of(" ".join(filter(None, [memo.agency, memo.to])))
    memo.reference = _province_reference(memo.reference, memo.organisation)
    return memo


def _province_reference(reference: str | None, org: Organisation) -> str | None:
    """A reference whose letters are no known abbreviation gets the organisation's province's."""
    fixed, known = checked_reference(reference)
    if known or not fixed or not org.province:
        return fixed
    try:
        from corrections.gazetteer import load_gazetteer

        province = load_gazetteer().find_province(org.province)
    except Exception:  # the gazetteer only repairs references here
        return fixed
    if province is None or not getattr(province, "abbreviation", None):
        return fixed
    return re.sub(r"^[ก-ฮA-Za-z]{1,4}\.?\s*", f"{province.abbreviation} ", fixed)
