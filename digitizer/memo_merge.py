"""The memo header from two reads (page OCR, band re-read): per field the better value.

References get their province abbreviation checked against the gazetteer (and repaired from the
organisation's province when OCR damaged it); a date neither read got whole is put together
from the parts each read got right; agency, subject and addressee take the cleaner value.
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from digitizer.memo import _D, _THAI, _iso, organisation_of, trim_tail
from digitizer.model import Memo, Organisation
from digitizer.reference import (
    NUMBER,
    abbreviations,
    known_reference,
    number_text,
    well_formed,
)

log = logging.getLogger(__name__)


def _junk(text: str | None) -> int:
    """How many characters of a value are neither Thai, digits, spaces nor common punctuation."""
    if not text:
        return 10**6
    odd = sum(1 for ch in text if not (_THAI.match(ch) or ch.isdigit() or ch in " ./-()"))
    return odd + 3 * len(_SHORT_YEAR.findall(text))


# an era abbreviation followed by fewer than four digits: a year that lost a digit in this read
_SHORT_YEAR = re.compile(r"(?:พ\.ศ\.|ค\.ศ\.)\s*[0-9๐-๙]{1,3}(?![0-9๐-๙])")


def _abbreviations() -> frozenset[str]:
    """Province abbreviations of the gazetteer (see digitizer.reference)."""
    return abbreviations()


def checked_reference(reference: str | None) -> tuple[str | None, bool]:
    """(reference with a province abbreviation repaired, whether its letters are a known one)."""
    if not reference:
        return None, False
    known = _abbreviations()
    match = re.match(r"^([ก-ฮA-Za-z]{1,4})\.?\s*(.*)$", reference)
    if not known:
        return reference, False
    if not match:
        found = known_reference(reference, known)
        return (found, True) if found is not None else (reference, False)
    letters, rest = match.groups()
    if letters in known:
        # the abbreviation read twice with debris between ("ลย ี่ลย77344/0098")
        rest = re.sub(rf"^\S*?{letters}\s*(?=[0-9๐-๙])", "", rest)
        number = NUMBER.search(rest)
        if number is not None and (rest[: number.start()].strip() or rest[number.end() :].strip()):
            # specks read as letters around the number ("สน ตเต๗๗๒๒๕/๒๗๗๓เขต"): the number only
            return f"{letters} {number_text(number)}", True
        return f"{letters} {rest}".strip(), True
    for cut in range(1, len(letters) - 1):
        if letters[cut:] in known:
            return f"{letters[cut:]} {rest}".strip(), True
    found = known_reference(reference, known)
    if found is not None:
        return found, True
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


@lru_cache(maxsize=1)
def _lexicon() -> frozenset[str]:
    """Thai words of pythainlp's offline dictionary (empty when unavailable)."""
    try:
        from pythainlp.corpus import thai_words

        return frozenset(thai_words())
    except Exception as exc:  # the lexicon only breaks ties between reads
        log.warning("Thai word list unavailable: %s", exc)
        return frozenset()


def unknown_letters(text: str | None) -> int:
    """How many Thai characters of `text` fall in words the dictionary does not know (a read
    with a stray mark, ``อบูรม``, scores worse than ``อบรม``): the tie-breaker between reads."""
    words = _lexicon()
    if not text or not words:
        return 0
    from pythainlp.tokenize import word_tokenize

    tokens = word_tokenize(text, engine="newmm", keep_whitespace=False)
    return sum(len(t) for t in tokens if _THAI.match(t) and not t[0].isdigit() and t not in words)


@lru_cache(maxsize=1)
def _word_freqs() -> dict[str, int]:
    """Word counts of the Thai National Corpus shipped with pythainlp (empty when unavailable)."""
    try:
        from pythainlp.corpus import tnc

        return dict(tnc.word_freqs())
    except Exception as exc:  # the counts only break ties between reads
        log.warning("Thai word counts unavailable: %s", exc)
        return {}


def _same_length(a: str, b: str) -> bool:
    """Whether two reads of a value are as long give or take two characters (spaces aside):
    reads that differ by a confused letter or two, not by a lost or extra word."""
    return abs(len(re.sub(r"\s+", "", a)) - len(re.sub(r"\s+", "", b))) <= 2


def rarity(text: str) -> float:
    """How unlikely the Thai words of `text` are (sum of -log relative corpus counts, add-one):
    of two reads the dictionary cannot tell apart (``โปร่งไส`` segments as ความโปร่ง + ไส, both
    words), the one reading as common words (ความ + โปร่งใส) scores lower."""
    freqs = _word_freqs()
    if not freqs:
        return 0.0
    from pythainlp.tokenize import word_tokenize

    total = sum(freqs.values()) + len(freqs)
    tokens = word_tokenize(text, engine="newmm", keep_whitespace=False)
    return sum(
        -math.log((freqs.get(t, 0) + 1) / total)
        for t in tokens
        if _THAI.match(t) and not t[0].isdigit()
    )


def _covers(longer: str, shorter: str) -> bool:
    """Whether `longer` holds all of `shorter` and clearly more (a read that lost a line):
    a third more, or a whole Thai word more (a wrapped ``จังหวัดX`` the other read lost)."""
    a, b = re.sub(r"\s+", "", longer), re.sub(r"\s+", "", shorter)
    if not b or b not in a:
        return False
    return len(a) >= 1.3 * len(b) or _WORD_MORE.search(a.replace(b, " ", 1)) is not None


_WORD_MORE = re.compile(r"[ก-ฮ][ก-๎]{5,}")  # six Thai letters and marks in a row: a word


def _locality(memo: Memo) -> str:
    """The local government's own name (subdistrict) of the memo's addressee, squashed."""
    org = organisation_of(memo.to or "")
    return re.sub(r"\s+", "", org.subdistrict or "")


def merge_headers(reread: Memo, page: Memo) -> Memo:
    """One header from the band re-read and the page OCR: per field the cleaner value."""
    memo = page.model_copy()
    ref_a, ok_a = checked_reference(reread.reference)
    ref_b, ok_b = checked_reference(page.reference)
    rank_a, rank_b = (ok_a, well_formed(ref_a)), (ok_b, well_formed(ref_b))
    memo.reference = ref_a if ref_a and (rank_a >= rank_b or not ref_b) else ref_b
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
        tie_a = (score_a, unknown_letters(a), 0.0)
        tie_b = (score_b, unknown_letters(b), 0.0)
        if name == "subject" and tie_a == tie_b and a and b and _same_length(a, b):
            tie_a, tie_b = (score_a, tie_a[1], rarity(a)), (score_b, tie_b[1], rarity(b))
        setattr(memo, name, a if a and tie_a <= tie_b else b)
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
    number = NUMBER.search(fixed)
    if number is not None:  # letters and debris before a well-formed number all replaced
        return f"{province.abbreviation} {number_text(number)}"
    return re.sub(r"^[ก-ฮA-Za-z]{1,4}\.?\s*", f"{province.abbreviation} ", fixed)


def merge_header_reads(page: Memo, reads: Sequence[Memo]) -> Memo:
    """One header from the page OCR and the band re-reads (best read first): the reads merged
    pairwise (`merge_headers`, the best read last so it wins ties), then the date every read
    gave taken by majority when most reads agree on it (one read's misread digit is outvoted)."""
    memo = page
    for read in reversed(reads):
        memo = merge_headers(read, memo)
    voted = majority_date([page, *reads])
    if voted is not None and voted[0] != memo.date:
        memo.date, memo.date_text = voted
    memo.reference = majority_number(memo.reference, [page, *reads])
    return memo


# code / running number of a reference, a speck between the slash and the number allowed
_LOOSE_NUMBER = re.compile(rf"([{_D}]{{2,7}})\s*/\s*[^\s{_D}]?\s*([{_D}]{{1,6}})(?![{_D}])")


def majority_number(reference: str | None, reads: Sequence[Memo]) -> str | None:
    """`reference` with its number (code/running number) replaced by the one more reads give
    than any other, when at least two agree (one read's dropped or misread digit is outvoted;
    a speck after the slash does not keep a read from voting)."""
    if not reference:
        return reference
    own = _LOOSE_NUMBER.search(reference)
    votes = Counter(
        found.groups() for read in reads if (found := _LOOSE_NUMBER.search(read.reference or ""))
    )
    ranked = votes.most_common(2)
    if own is None or not ranked or ranked[0][1] < 2:
        return reference
    if len(ranked) > 1 and ranked[1][1] == ranked[0][1]:
        return reference
    code, run = ranked[0][0]
    if (code, run) == own.groups():
        return reference
    return f"{reference[: own.start()]}{code}/{run}{reference[own.end() :]}"


def majority_date(reads: Sequence[Memo]) -> tuple[str, str | None] | None:
    """(iso, date_text) that more reads give than any other date, when at least two agree."""
    votes = Counter(read.date for read in reads if read.date is not None)
    ranked = votes.most_common(2)
    if not ranked or ranked[0][1] < 2 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    iso = ranked[0][0]
    text = next(read.date_text for read in reads if read.date == iso)
    return iso, text
