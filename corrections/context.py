"""Administrative context: place-name slots, the document's province/district/organisation."""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from corrections.gazetteer import (
    LG_ABBREVIATIONS,
    LG_HEADS,
    LG_KINDS,
    District,
    Gazetteer,
    Province,
)
from corrections.matcher import best_matches, ocr_similarity
from corrections.normalize import MARKS

log = logging.getLogger(__name__)

_MARKERS: dict[str, str] = {k: "lg" for k in (*LG_KINDS, *LG_ABBREVIATIONS, *LG_HEADS)}
_MARKERS.update({"อำเภอ": "district", "จังหวัด": "province", "ตำบล": "subdistrict"})
_MARKER_RE = re.compile("|".join(re.escape(m) for m in sorted(_MARKERS, key=len, reverse=True)))
_THAI_RUN = re.compile(r"[\u0e01-\u0e3a\u0e40-\u0e4e]+")
_NO_END = set(MARKS) | {"\u0e33", "\u0e32", "\u0e30", "\u0e45"}  # a name never stops before these
EXACT, STRONG = 1.0, 0.85


@dataclass(frozen=True)
class Slot:
    """A place-name position after a marker word (จังหวัด, อำเภอ, ตำบล, เทศบาลตำบล, อบต. ...)."""

    kind: str
    marker: str
    marker_start: int
    start: int
    run: str

    @property
    def lg_kind(self) -> str | None:
        """The local-government kind a marker implies (None for plain place markers)."""
        if self.kind != "lg":
            return None
        return LG_HEADS.get(self.marker) or LG_ABBREVIATIONS.get(self.marker) or self.marker


@dataclass(frozen=True)
class SlotMatch:
    """The best gazetteer name for a slot: how much of the run it covers, and its score."""

    slot: Slot
    name: str
    length: int
    score: float
    second: float
    alternatives: tuple[str, ...]

    @property
    def original(self) -> str:
        """The run text the name replaces."""
        return self.slot.run[: self.length]

    @property
    def end(self) -> int:
        """End offset of the replaced text."""
        return self.slot.start + self.length


@dataclass
class DocContext:
    """What the whole document says about where it comes from."""

    province: Province | None = None
    district: District | None = None
    primary_base: str | None = None
    primary_kind: str | None = None


def find_slots(text: str) -> list[Slot]:
    """Every marker followed by a Thai run (the name), the run cut at the next marker."""
    slots: list[Slot] = []
    markers = list(_MARKER_RE.finditer(text))
    for i, m in enumerate(markers):
        pos = m.end()
        if pos < len(text) and text[pos] == " " and m.group() in LG_ABBREVIATIONS:
            pos += 1
        run_match = _THAI_RUN.match(text, pos)
        if run_match is None:
            continue
        end = run_match.end()
        if i + 1 < len(markers) and markers[i + 1].start() < end:
            end = markers[i + 1].start()
        if end > pos:
            slots.append(Slot(_MARKERS[m.group()], m.group(), m.start(), pos, text[pos:end]))
    return slots


def _cuts(run: str, name: str, allowed: frozenset[int] | None = None) -> list[int]:
    """Run lengths worth comparing with `name` (never cutting before a combining mark)."""
    lo, hi = max(1, len(name) - 3), min(len(run), len(name) + 3)
    return [k for k in range(lo, hi + 1) if k == len(run)
            or (run[k] not in _NO_END and (allowed is None or k in allowed))]


def match_slot(slot: Slot, names: Sequence[str],
               ends: frozenset[int] | None = None) -> SlotMatch | None:
    """Best name of `names` for the start of the slot's run (exact prefix wins).

    `ends` (token end offsets), when given, keeps fuzzy matches from ending inside a word.
    """
    if not names:
        return None
    run = slot.run
    exact = [n for n in names
             if run.startswith(n) and (len(n) == len(run) or run[len(n)] not in _NO_END)]
    if exact:
        best_name = max(exact, key=len)
        return SlotMatch(slot, best_name, len(best_name), EXACT, 0.0, ())
    if len(names) > 80:
        names = [m.choice for m in best_matches(run[:20], names, limit=8, score_cutoff=0.4)]
        names += [m.choice for n in range(4, min(len(run), 14))
                  for m in best_matches(run[:n], names or [], limit=2, score_cutoff=0.6)]
    allowed = None if ends is None else frozenset(e - slot.start for e in ends)
    scored: dict[str, tuple[float, int]] = {}
    for name in set(names):
        best = max(((ocr_similarity(run[:k], name), k) for k in _cuts(run, name, allowed)),
                   default=None)
        if best is not None:
            scored[name] = best
    if not scored:
        return None
    ranking = sorted(scored.items(), key=lambda kv: (-kv[1][0], -len(kv[0]), kv[0]))
    name, (score, length) = ranking[0]
    second = ranking[1][1][0] if len(ranking) > 1 else 0.0
    alts = tuple(n for n, (sc, _k) in ranking[1:4] if sc >= 0.5)
    return SlotMatch(slot, name, length, score, second, alts)


def local_names(gaz: Gazetteer, district: District) -> list[str]:
    """Base names a local government of this district can have (its subdistricts, itself)."""
    names = [s.name for s in gaz.subdistricts_of.get(district.code, [])]
    return names + gaz.district_base_names(district)


def province_names(gaz: Gazetteer) -> list[str]:
    """All province names."""
    return list(gaz.province_by_name)


def district_names(gaz: Gazetteer, province: Province | None) -> list[str]:
    """District names of a province (with and without the เขต prefix), or of the country."""
    if province is None:
        return list(gaz.districts_by_name)
    out: list[str] = []
    for d in gaz.districts_of.get(province.code, []):
        out += gaz.district_base_names(d)[:2]
    return out


def infer_context(slot_lists: Sequence[Sequence[Slot]], gaz: Gazetteer) -> DocContext:
    """The province, district and primary local government most mentioned across all pages."""
    ctx = DocContext()
    slots = [s for lst in slot_lists for s in lst]
    provs: Counter[str] = Counter()
    for s in slots:
        if s.kind == "province":
            m = match_slot(s, province_names(gaz))
            if m is not None and m.score >= STRONG:
                provs[m.name] += 1
    if provs:
        ctx.province = gaz.province_by_name[provs.most_common(1)[0][0]]
    dists: Counter[str] = Counter()
    for s in slots:
        if s.kind == "district":
            m = match_slot(s, district_names(gaz, ctx.province))
            if m is not None and m.score >= STRONG:
                dists[m.name] += 1
    if dists:
        found = gaz.find_districts(dists.most_common(1)[0][0],
                                   ctx.province.name if ctx.province else None)
        ctx.district = found[0] if found else None
        if ctx.district is not None and ctx.province is None:
            ctx.province = gaz.province_of_district(ctx.district)
    if ctx.district is None:
        ctx.district = _district_from_subdistricts(slots, gaz, ctx.province)
        if ctx.district is not None and ctx.province is None:
            ctx.province = gaz.province_of_district(ctx.district)
    if ctx.district is not None:
        bases: Counter[str] = Counter()
        for s in slots:
            if s.kind == "lg":
                m = match_slot(s, local_names(gaz, ctx.district))
                if m is not None and m.score >= STRONG:
                    bases[m.name] += 1
        if bases:
            ctx.primary_base = bases.most_common(1)[0][0]
    if ctx.primary_base is None:
        ctx.primary_base = _repeated_base(slots, gaz)
    if ctx.primary_base is not None:
        kinds = Counter(s.lg_kind for s in slots
                        if s.kind == "lg" and s.run.startswith(ctx.primary_base))
        ctx.primary_kind = kinds.most_common(1)[0][0] if kinds else None
    log.debug("document context: %s", ctx)
    return ctx


def _subdistrict_prefix(run: str, gaz: Gazetteer) -> str | None:
    """The longest subdistrict name the run starts with (not cut before a mark), or None.
    (Names of two letters, สิ, are too often the start of another word to vote.)"""
    for k in range(len(run), 2, -1):
        if k < len(run) and run[k] in _NO_END:
            continue
        if run[:k] in gaz.subdistricts_by_name:
            return run[:k]
    return None


def _district_from_subdistricts(slots: Sequence[Slot], gaz: Gazetteer,
                                province: Province | None) -> District | None:
    """The district the document's organisation and subdistrict names point to, when no
    district name was read: each name read exactly votes for the districts that have it.

    The winner needs two votes, or one from a name found in one district only (of the
    province, or of the country) with no vote for any other district.
    """
    votes: Counter[str] = Counter()
    sole: set[str] = set()
    for s in slots:
        if s.kind not in ("lg", "subdistrict"):
            continue
        name = _subdistrict_prefix(s.run, gaz)
        if name is None:
            continue
        codes = {sd.district_code for sd in gaz.subdistricts_by_name[name]
                 if province is None or gaz.districts[sd.district_code].province_code
                 == province.code}
        if not codes or len(codes) > 3:
            continue
        votes.update(codes)
        if len(codes) == 1:
            sole |= codes
    if not votes:
        return None
    ranked = votes.most_common(2)
    code, count = ranked[0]
    if len(ranked) > 1 and ranked[1][1] == count:
        return None
    if count >= 2 or (code in sole and len(votes) == 1):
        return gaz.districts[code]
    return None


def _repeated_base(slots: Sequence[Slot], gaz: Gazetteer) -> str | None:
    """An organisation name read exactly at least twice (a place name of the country), when
    no district scopes it: the document's own organisation (เทศบาลตำบลท่าข้าม ×2)."""
    names: Counter[str] = Counter()
    for s in slots:
        if s.kind == "lg":
            name = _subdistrict_prefix(s.run, gaz)
            if name is not None:
                names[name] += 1
    ranked = names.most_common(2)
    if not ranked or ranked[0][1] < 2 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    return ranked[0][0]


def explicit_district(slot: Slot, slots: Sequence[Slot], gaz: Gazetteer,
                      ctx: DocContext) -> District | None:
    """The district named right after this slot's name (…X อำเภอY), if any."""
    for other in slots:
        if other.kind == "district" and 0 < other.marker_start - slot.start <= len(slot.run) + 2:
            m = match_slot(other, district_names(gaz, ctx.province))
            if m is not None and m.score >= STRONG:
                found = gaz.find_districts(m.name, ctx.province.name if ctx.province else None)
                return found[0] if found else None
    return None
