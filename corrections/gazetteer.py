"""The Thai administrative gazetteer (GeoThai data) and local-government name resolution."""

from __future__ import annotations

import functools
import logging
import re
from collections import defaultdict
from dataclasses import dataclass, field
from importlib import resources

log = logging.getLogger(__name__)

# Kinds of local government, longest prefix first; abbreviations map to the full kind.
LG_KINDS: tuple[str, ...] = (
    "องค์การบริหารส่วนตำบล",
    "องค์การบริหารส่วนจังหวัด",
    "เทศบาลนคร",
    "เทศบาลเมือง",
    "เทศบาลตำบล",
)
LG_ABBREVIATIONS: dict[str, str] = {
    "อบต.": "องค์การบริหารส่วนตำบล",
    "อบต": "องค์การบริหารส่วนตำบล",
    "อบจ.": "องค์การบริหารส่วนจังหวัด",
    "อบจ": "องค์การบริหารส่วนจังหวัด",
    "ทน.": "เทศบาลนคร",
    "ทม.": "เทศบาลเมือง",
    "ทต.": "เทศบาลตำบล",
}
# Heads of local governments: a name after them is the organisation's base name.
LG_HEADS: dict[str, str] = {
    "นายกเทศมนตรีตำบล": "เทศบาลตำบล",
    "นายกเทศมนตรีเมือง": "เทศบาลเมือง",
    "นายกเทศมนตรีนคร": "เทศบาลนคร",
    "นายกองค์การบริหารส่วนตำบล": "องค์การบริหารส่วนตำบล",
    "ปลัดองค์การบริหารส่วนตำบล": "องค์การบริหารส่วนตำบล",
}
DISTRICT_PREFIXES = ("อำเภอ", "อ.", "เขต")
PROVINCE_PREFIXES = ("จังหวัด", "จ.")


@dataclass(frozen=True)
class Province:
    """A province (changwat) with its two-letter official abbreviation."""

    code: str
    name: str
    abbreviation: str
    name_en: str


@dataclass(frozen=True)
class District:
    """A district (amphoe / khet) and the code of its province."""

    code: str
    name: str
    name_en: str
    province_code: str


@dataclass(frozen=True)
class Subdistrict:
    """A subdistrict (tambon / khwaeng) and the code of its district."""

    code: str
    name: str
    name_en: str
    district_code: str


@dataclass(frozen=True)
class LocalGovernment:
    """A generated local-government candidate: kind + base name, placed in the hierarchy."""

    name: str
    kind: str
    base: str
    subdistrict: str | None
    district: str
    province: str
    district_code: str


@dataclass
class Gazetteer:
    """Provinces, districts, subdistricts and name indexes over them."""

    provinces: dict[str, Province] = field(default_factory=dict)
    districts: dict[str, District] = field(default_factory=dict)
    subdistricts: dict[str, Subdistrict] = field(default_factory=dict)
    province_by_name: dict[str, Province] = field(default_factory=dict)
    province_by_abbreviation: dict[str, Province] = field(default_factory=dict)
    districts_by_name: dict[str, list[District]] = field(default_factory=dict)
    subdistricts_by_name: dict[str, list[Subdistrict]] = field(default_factory=dict)
    subdistricts_of: dict[str, list[Subdistrict]] = field(default_factory=dict)
    districts_of: dict[str, list[District]] = field(default_factory=dict)

    def province_of_district(self, district: District) -> Province:
        """The province a district belongs to."""
        return self.provinces[district.province_code]

    def district_of(self, subdistrict: Subdistrict) -> District:
        """The district a subdistrict belongs to."""
        return self.districts[subdistrict.district_code]

    def find_districts(self, name: str, province: str | None = None) -> list[District]:
        """Districts called `name` (with or without เขต/เมือง), optionally inside `province`."""
        name = _strip_prefix(name.strip(), DISTRICT_PREFIXES)
        found = list(self.districts_by_name.get(name, []))
        if province:
            prov = self.find_province(province)
            found = [d for d in found if prov is not None and d.province_code == prov.code]
        return found

    def find_province(self, name: str) -> Province | None:
        """The province called `name` or abbreviated `name`, or None."""
        name = _strip_prefix(name.strip(), PROVINCE_PREFIXES)
        return self.province_by_name.get(name) or self.province_by_abbreviation.get(name)

    def district_base_names(self, district: District) -> list[str]:
        """Names a local government named after this district may carry (เมืองเลย -> เลย too)."""
        names = [district.name]
        if district.name.startswith("เขต"):
            names.append(district.name[3:])
        if district.name.startswith("เมือง") and len(district.name) > 5:
            names.append(district.name[5:])
        return names

    def local_governments(self, district_code: str) -> list[LocalGovernment]:
        """Generated local-government candidates of one district (subdistrict or district name)."""
        return list(_local_governments(self, district_code))

    def all_place_names(self) -> set[str]:
        """Every province, district and subdistrict name (for the custom dictionary)."""
        names = set(self.province_by_name)
        names.update(self.districts_by_name)
        names.update(self.subdistricts_by_name)
        return names


def _strip_prefix(text: str, prefixes: tuple[str, ...]) -> str:
    """Remove one leading prefix from `prefixes` (and the space after it)."""
    for prefix in prefixes:
        if text.startswith(prefix) and len(text) > len(prefix):
            return text[len(prefix) :].strip()
    return text


def _rows(name: str) -> list[list[str]]:
    """Rows of a shipped TSV without its header."""
    text = resources.files("corrections").joinpath("data", name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines()[1:] if line]


@functools.lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """Load the shipped gazetteer once (cached): 77 provinces, 928 districts, 7,436 subdistricts."""
    gaz = Gazetteer()
    for code, name, abbr, name_en in _rows("provinces.tsv"):
        prov = Province(code, name, abbr, name_en)
        gaz.provinces[code] = prov
        gaz.province_by_name[name] = prov
        gaz.province_by_abbreviation[abbr] = prov
    gaz.province_by_name.setdefault("กรุงเทพฯ", gaz.provinces["10"])
    by_name: dict[str, list[District]] = defaultdict(list)
    districts_of: dict[str, list[District]] = defaultdict(list)
    for code, name, name_en in _rows("districts.tsv"):
        dist = District(code, name, name_en, code[:2])
        gaz.districts[code] = dist
        districts_of[dist.province_code].append(dist)
        by_name[name].append(dist)
        if name.startswith("เขต"):
            by_name[name[3:]].append(dist)
    gaz.districts_by_name = dict(by_name)
    gaz.districts_of = dict(districts_of)
    sub_by_name: dict[str, list[Subdistrict]] = defaultdict(list)
    subs_of: dict[str, list[Subdistrict]] = defaultdict(list)
    for code, name, name_en in _rows("subdistricts.tsv"):
        sub = Subdistrict(code, name, name_en, code[:4])
        gaz.subdistricts[code] = sub
        sub_by_name[name].append(sub)
        subs_of[sub.district_code].append(sub)
    gaz.subdistricts_by_name = dict(sub_by_name)
    gaz.subdistricts_of = dict(subs_of)
    log.debug("gazetteer loaded: %d subdistricts", len(gaz.subdistricts))
    return gaz


@functools.lru_cache(maxsize=4096)
def _local_governments(gaz: Gazetteer, district_code: str) -> tuple[LocalGovernment, ...]:
    """Generate the local governments a district may hold (cached per district)."""
    dist = gaz.districts[district_code]
    prov = gaz.province_of_district(dist).name
    out: list[LocalGovernment] = []
    for sub in gaz.subdistricts_of.get(district_code, []):
        for kind in ("เทศบาลตำบล", "องค์การบริหารส่วนตำบล", "เทศบาลเมือง"):
            out.append(LocalGovernment(kind + sub.name, kind, sub.name, sub.name, dist.name, prov,
                                       district_code))
    for base in gaz.district_base_names(dist):
        for kind in ("เทศบาลตำบล", "เทศบาลเมือง", "เทศบาลนคร"):
            out.append(LocalGovernment(kind + base, kind, base, None, dist.name, prov,
                                       district_code))
    return tuple(out)


# Gazetteer objects are not hashable by default (dataclass with eq); lru_cache needs identity.
Gazetteer.__hash__ = object.__hash__  # type: ignore[method-assign]

_KIND_PATTERN = "|".join(
    re.escape(k)
    for k in sorted([*LG_HEADS, *LG_KINDS, *LG_ABBREVIATIONS], key=len, reverse=True)
)
# a place name: Thai letters, with a hyphen inside a few (แป-ระ, สุไหงโก-ลก)
_NAME = r"[\u0e01-\u0e4e]+?(?:-[\u0e01-\u0e4e]+?)?"
_ORG_RE = re.compile(
    rf"(?P<kind>{_KIND_PATTERN})\s*(?P<name>{_NAME})"
    r"(?=\s|อำเภอ|อ\.|จังหวัด|จ\.|$|(?!-[\u0e01-\u0e4e])[^\u0e01-\u0e4e])"
)
_DISTRICT_RE = re.compile(
    rf"(?:อำเภอ|อ\.)\s*(?P<name>{_NAME})"
    r"(?=\s|จังหวัด|จ\.|$|(?!-[\u0e01-\u0e4e])[^\u0e01-\u0e4e])"
)
_PROVINCE_RE = re.compile(r"(?:จังหวัด|จ\.)\s*(?P<name>[\u0e01-\u0e4e]+)")


def _kind_of(label: str) -> str:
    """The full kind of a local government from a kind word, abbreviation or head title."""
    if label in LG_HEADS:
        return LG_HEADS[label]
    return LG_ABBREVIATIONS.get(label, label)


def _unplaced(gaz: Gazetteer, kind: str, base: str,
              province: Province | None) -> list[LocalGovernment]:
    """Candidates for a name given without its district: unique subdistrict or district name.

    A เทศบาลนคร/เทศบาลเมือง is usually named after its district, the others after a subdistrict.
    """
    subs = [s for s in gaz.subdistricts_by_name.get(base, [])
            if province is None or s.district_code[:2] == province.code]
    named = [d for d in gaz.districts.values() if base in gaz.district_base_names(d)
             and (province is None or d.province_code == province.code)]
    by_sub = [gaz.district_of(subs[0])] if len(subs) == 1 else []
    by_district = named if len(named) == 1 else []
    order = (by_district, by_sub) if kind in ("เทศบาลนคร", "เทศบาลเมือง") else (by_sub, by_district)
    for found in order:
        if found:
            return [lg for lg in gaz.local_governments(found[0].code) if lg.base == base]
    return []


def resolve_organisation(text: str) -> dict[str, str | None] | None:
    """Resolve "เทศบาลตำบลX อำเภอY จังหวัดZ" (or อบต.X, องค์การบริหารส่วนตำบลX) in the hierarchy.

    Returns {name, kind, subdistrict, district, province} or None when no local-government
    name is found. Unknown places keep the names read from the text with missing levels None.
    """
    match = _ORG_RE.search(text)
    if match is None:
        return None
    gaz = load_gazetteer()
    kind = _kind_of(match.group("kind"))
    base = match.group("name")
    rest = text[match.end() :]
    dmatch = _DISTRICT_RE.search(rest)
    pmatch = _PROVINCE_RE.search(rest)
    district_name = dmatch.group("name") if dmatch else None
    province = gaz.find_province(pmatch.group("name")) if pmatch else None
    result: dict[str, str | None] = {
        "name": kind + base,
        "kind": kind,
        "subdistrict": None,
        "district": district_name,
        "province": province.name if province else (pmatch.group("name") if pmatch else None),
    }
    if kind == "องค์การบริหารส่วนจังหวัด":
        prov = gaz.find_province(base)
        result["province"] = prov.name if prov else base
        result["district"] = None
        return result
    districts = gaz.find_districts(district_name, province.name if province else None) \
        if district_name else []
    candidates = [lg for d in districts for lg in gaz.local_governments(d.code) if lg.base == base]
    if not candidates and not districts:
        candidates = _unplaced(gaz, kind, base, province)
    if candidates:
        best = next((c for c in candidates if c.kind == kind), candidates[0])
        result["subdistrict"] = best.subdistrict
        result["district"] = best.district
        result["province"] = best.province
    return result
