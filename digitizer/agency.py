"""Header values (ส่วนราชการ, เรียน) spelled from the gazetteer when the OCR read is close.

An agency line is a department, the local government, its district and its province
("สำนักปลัด องค์การบริหารส่วนตำบลX อำเภอY จังหวัดZ"). Once the organisation is resolved against
the gazetteer, the canonical spelling of that line is known; an OCR read that is close to it
(spaces lost, a mark dropped, a speck read as a digit) is replaced by it. Reads that are not
close, or organisations the gazetteer does not place, are left as read.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from digitizer.measures import snap_unit
from digitizer.model import Organisation

# the start of the local government's name inside an agency line
_ORG_START = re.compile(r"(องค์การ|เทศบาล|อบต\.|ทต\.|ทม\.)")
_SPACES = re.compile(r"\s+")
MIN_SIMILARITY = 88.0  # rapidfuzz ratio of the space-free read to the space-free canonical line


def _squash(text: str) -> str:
    return _SPACES.sub("", text)


# a place word with nothing after it: the OCR lost the rest of the agency line
_DANGLING = re.compile(r"\s*(?:อำเภอ|จังหวัด)\s*$")


def _placed_uniquely(organisation: Organisation, read: str) -> bool:
    """Whether the organisation's place is sure: the read names its district, or its
    subdistrict name is found once in the whole gazetteer."""
    if organisation.district and _squash(f"อำเภอ{organisation.district}") in _squash(read):
        return True
    try:
        from corrections.gazetteer import load_gazetteer

        found = load_gazetteer().subdistricts_by_name.get(organisation.subdistrict or "", [])
    except Exception:  # the gazetteer only completes agency lines here
        return False
    return len(found) == 1


def cut_short(read: str, organisation: Organisation) -> bool:
    """Whether the read goes on with the organisation's name past its end (``แป`` of
    ``แป-ระ``: the lookup stopped at a hyphen), so the organisation is not the one read and its
    spelling must not replace the read."""
    base = _squash((organisation.name or "").removeprefix(organisation.kind or ""))
    return bool(base) and re.search(re.escape(base) + r"-[ก-๙]", _squash(read)) is not None


def completed_agency(agency: str, organisation: Organisation) -> str:
    """An agency line cut short after its organisation or district (``… ตำบลX อำเภอ``,
    ``… ตำบลX อำเภอY จังหวัด``) completed from the gazetteer when the organisation's place is
    sure (see `_placed_uniquely`); else as read."""
    dangling = _DANGLING.search(agency)
    if dangling is None or not organisation.name:
        return agency
    head = agency[: dangling.start()]
    if not _placed_uniquely(organisation, head):
        return agency
    name = _squash(organisation.name)
    if _squash(head).endswith(name):
        return f"{head} อำเภอ{organisation.district} จังหวัด{organisation.province}"
    if _squash(head).endswith(name + _squash(f"อำเภอ{organisation.district}")):
        return f"{head} จังหวัด{organisation.province}"
    return agency


def canonical_agency(agency: str | None, organisation: Organisation) -> str | None:
    """The agency line spelled from the gazetteer when the read is close to it, else as read."""
    if not agency or not (organisation.name and organisation.district and organisation.province):
        return agency
    if cut_short(agency, organisation):
        return agency
    agency = completed_agency(agency, organisation)
    match = _ORG_START.search(agency)
    if match is None:
        return agency
    unit = agency[: match.start()].strip()
    parts = [snap_unit(unit)] if unit else []
    parts += [
        organisation.name,
        f"อำเภอ{organisation.district}",
        f"จังหวัด{organisation.province}",
    ]
    canonical = " ".join(parts)
    if canonical == agency:
        return agency
    if fuzz.ratio(_squash(agency), _squash(canonical)) >= MIN_SIMILARITY:
        return canonical
    return agency


# the head of a local government, by its kind: "นายก" + the organisation's title
_HEAD_TITLES = {
    "องค์การบริหารส่วนตำบล": "นายกองค์การบริหารส่วนตำบล",
    "องค์การบริหารส่วนจังหวัด": "นายกองค์การบริหารส่วนจังหวัด",
    "เทศบาลตำบล": "นายกเทศมนตรีตำบล",
    "เทศบาลเมือง": "นายกเทศมนตรีเมือง",
    "เทศบาลนคร": "นายกเทศมนตรีนคร",
}


def canonical_addressee(to: str | None, organisation: Organisation) -> str | None:
    """The เรียน value spelled from the gazetteer when it names the organisation's head."""
    if not to or not organisation.name or organisation.kind not in _HEAD_TITLES:
        return to
    if cut_short(to, organisation):
        return to
    place = organisation.name.removeprefix(organisation.kind or "")
    canonical = _HEAD_TITLES[organisation.kind] + place
    if canonical != to and fuzz.ratio(_squash(to), canonical) >= MIN_SIMILARITY:
        return canonical
    return to
