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

from digitizer.model import Line, Memo, Organisation, Signatory
from digitizer.textblocks import clean_edges, join_wrapped, label_score

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


def _date_split(text: str) -> tuple[str, str | None]:
    """Split a "ที่ … วันที่ …" value into (reference, date text)."""
    at = text.find(DATE_LABEL)
    if at < 0:
        for probe in ("วันท", "วนที่", "วันที", "วัน"):
            at = text.find(probe)
            if at >= 0:
                rest = text[at + len(probe) :].lstrip("่ี ")
                return clean_edges(text[:at]), clean_edges(rest) or None
        return clean_edges(text), None
    return clean_edges(text[:at]), clean_edges(text[at + len(DATE_LABEL) :]) or None


def parse_header(lines: Sequence[TextLine]) -> Memo:
    """Header fields of page 1 from its lines (see module docstring)."""
    memo = Memo()
    head = list(lines[:HEADER_SPAN])
    i_agency, c_agency = _find_label(head, AGENCY, 0, len(head))
    i_ref, c_ref = _find_label(head, REFERENCE, max(i_agency + 1, 0), len(head))
    i_subject, c_subject = _find_label(head, SUBJECT, max(i_ref + 1, i_agency + 1, 0), len(head))
    after_subject = max(i_subject + 1, i_ref + 1, 0)
    i_to, c_to = _find_label(head, TO, after_subject, len(head))
    if i_agency >= 0:
        stop = next(i for i in (i_ref, i_subject, i_to, i_agency + 3) if i > i_agency)
        stop = min(stop, i_agency + 3)
        more = [t.text for t in head[i_agency + 1 : stop]]
        parts = [_value(head[i_agency].text, c_agency), *more]
        memo.agency = join_wrapped(parts) or None
    if i_ref >= 0:
        reference, date_text = _date_split(_value(head[i_ref].text, c_ref))
        memo.reference = reference or None
        if date_text:
            memo.date_text = date_text
            memo.date = _iso(date_text)
    if i_subject >= 0:
        stop = i_to if i_to > i_subject else min(i_subject + 3, len(head))
        more = [t.text for t in head[i_subject + 1 : stop]]
        parts = [_value(head[i_subject].text, c_subject), *more]
        memo.subject = join_wrapped(parts) or None
    if i_to >= 0:
        memo.to = _value(head[i_to].text, c_to) or None
    memo.organisation = organisation_of(" ".join(filter(None, [memo.agency, memo.to])))
    return memo


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


def _name_of(text: str) -> str | None:
    """The person's name of a "(name)" signature line, or None when the line is not one."""
    match = _NAME_LINE.match(text)
    if not match or not (text.lstrip(" |.'\"").startswith(("(", "[", "{")) or text.endswith(")")):
        return None
    name = match.group("name").replace(_SIGN_WORD, "").strip(" .")
    if not name or any(ch.isdigit() for ch in name) or len(name) < 4:
        return None
    has_title = name.startswith(TITLES)
    if not has_title and len(name.split()) != 2:
        return None
    return spaced_name(re.sub(r"\s+", " ", name))


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
    for cut in range(len(rest) - 2, 1, -1):
        if rest[:cut] in names:
            return f"{title}{rest[:cut]} {rest[cut:]}"
    return name


def signatories(pages_lines: Sequence[Sequence[TextLine]]) -> list[Signatory]:
    """Each signature block's "(name)" line and the position lines right under it, in order."""
    found: list[Signatory] = []
    for lines in pages_lines:
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
                position.append(text)
                previous = follower
            found.append(Signatory(name=name, position=" ".join(position)))
    return found
