"""Correction rules over normalised text, each proposing replacements with a confidence."""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass

from corrections.context import (
    EXACT,
    DocContext,
    Slot,
    district_names,
    explicit_district,
    local_names,
    match_slot,
    province_names,
)
from corrections.lexicon import Lexicons, bare
from corrections.matcher import Match, best_matches, ocr_key, ocr_similarity

log = logging.getLogger(__name__)

THAI = re.compile(r"^[\u0e01-\u0e2e\u0e30-\u0e45\u0e47-\u0e4e]+$")
TITLES = frozenset({"นาย", "นาง", "นางสาว", "น.ส.", "ว่าที่ร้อยตรี", "ดร."})
UNIT_HEADS = frozenset({"กอง", "สำนัก", "งาน", "ฝ่าย"})
UNIT_CATEGORIES = frozenset({"department"})


@dataclass(frozen=True)
class Token:
    """A newmm token of the normalised text."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Proposal:
    """A replacement of norm[start:end] proposed by a rule."""

    start: int
    end: int
    suggestion: str
    alternatives: tuple[str, ...]
    confidence: float
    rule: str
    priority: int = 1


def _name_spans(norm: str, tokens: Sequence[Token]) -> list[tuple[int, int]]:
    """Person names (after นาย/นาง/นางสาว… up to the next space): never corrected."""
    spans: list[tuple[int, int]] = []
    for tok in tokens:
        if tok.text in TITLES:
            end = tok.end
            for _ in range(2):  # given name, then family name
                space = end
                while space < len(norm) and norm[space] == " ":
                    space += 1
                if space - end > 1:
                    break
                stop = space
                while stop < len(norm) and not norm[stop].isspace() and norm[stop] not in ")":
                    stop += 1
                if stop == space:
                    break
                end = stop
            spans.append((tok.start, end))
    return spans


def slot_proposals(slots: Sequence[Slot], ctx: DocContext, lex: Lexicons) -> list[Proposal]:
    """Place names after จังหวัด/อำเภอ/ตำบล/เทศบาล…/อบต., scoped by the hierarchy."""
    gaz = lex.gazetteer
    out: list[Proposal] = []
    for slot in slots:
        contradiction = False
        if slot.kind == "province":
            names = province_names(gaz)
        elif slot.kind == "district":
            names = district_names(gaz, ctx.province)
        else:
            scope = explicit_district(slot, slots, gaz, ctx)
            contradiction = scope is not None
            scope = scope or ctx.district
            if scope is None:
                continue
            names = local_names(gaz, scope)
        m = match_slot(slot, names)
        if m is None or m.score == EXACT or m.original == m.name:
            continue
        original = m.original
        real = (original in gaz.subdistricts_by_name or original in gaz.districts_by_name
                or original in gaz.province_by_name)
        contradiction = contradiction and original not in names
        if real and not contradiction:
            continue
        margin = m.score - m.second
        if m.score >= 0.85 and margin >= 0.08:
            conf = 0.97
        elif m.score >= 0.7 and margin >= 0.12:
            conf = 0.92
        elif (ctx.primary_base == m.name and m.score >= 0.45 and margin >= 0.1
              and (contradiction or not lex.is_word(original))):
            conf = 0.91
        elif m.score >= 0.5:
            conf = 0.6
        else:
            continue
        out.append(Proposal(slot.start, m.end, m.name, m.alternatives, conf, "gazetteer", 3))
    return out


def _contiguous(tokens: Sequence[Token], i: int, n: int) -> bool:
    """True when tokens[i:i+n] touch each other and are all Thai."""
    if i < 0 or i + n > len(tokens):
        return False
    if n == 1:
        return THAI.match(tokens[i].text) is not None
    window = tokens[i : i + n]
    if not all(THAI.match(t.text) for t in window):
        return False
    return all(a.end == b.start for a, b in itertools.pairwise(window))


def _unit_context(tokens: Sequence[Token], i: int, n: int, lex: Lexicons) -> bool:
    """True when a neighbouring token is a known department (a list of units)."""
    for j in (*range(max(0, i - 3), i), *range(i + n, min(len(tokens), i + n + 3))):
        term = lex.terms.get(tokens[j].text)
        if term is not None and term.category in UNIT_CATEGORIES:
            return True
    return False


def _term_confidence(matches: list[Match], unit: bool, unit_ctx: bool) -> float:
    """Calibrated confidence of the best lexicon term for a damaged window."""
    top = matches[0]
    margin = top.score - (matches[1].score if len(matches) > 1 else 0.0)
    if top.score >= 0.9 and margin >= 0.05:
        return 0.95
    if top.score >= 0.8 and margin >= 0.1:
        return 0.91
    if unit and unit_ctx and top.score >= 0.6 and margin >= 0.1:
        return 0.91
    return 0.6 if top.score >= 0.6 else 0.0


def term_proposals(norm: str, tokens: Sequence[Token], lex: Lexicons) -> list[Proposal]:
    """Damaged genre terms (departments, positions, memo/ITA words) and known variants."""
    out: list[Proposal] = []
    for i, tok in enumerate(tokens):
        if not THAI.match(tok.text):
            continue
        for n in (1, 2, 3, 4):
            if n > 1 and (i + n > len(tokens) or tokens[i + n - 2].end != tokens[i + n - 1].start
                          or not THAI.match(tokens[i + n - 1].text)):
                break
            start, end = tok.start, tokens[i + n - 1].end
            text = norm[start:end]
            term = lex.terms.get(text)
            if term is not None:
                if term.canonical != text:
                    out.append(Proposal(start, end, term.canonical, (), 0.97, "lexicon", 2))
                continue
            unit = tok.text in UNIT_HEADS and n >= 2
            oov = any(not lex.is_word(t.text) for t in tokens[i : i + n])
            if len(text) < 4 or not (oov or (unit and text not in lex.words)):
                continue
            if unit and not oov and lex.pair(tok.text, tokens[i + 1].text) > 2:
                continue
            matches = best_matches(text, lex.term_keys, limit=3, score_cutoff=0.6)
            if not matches or matches[0].choice in text:
                continue
            target = lex.terms[matches[0].choice]
            if unit and target.category not in UNIT_CATEGORIES:
                unit = False
            conf = _term_confidence(matches, unit, _unit_context(tokens, i, n, lex))
            if conf:
                alts = tuple(lex.terms[m.choice].canonical for m in matches[1:])
                out.append(Proposal(start, end, target.canonical, alts, conf, "lexicon", 2))
    return out


def join_space_proposals(norm: str, tokens: Sequence[Token], lex: Lexicons) -> list[Proposal]:
    """A stray space inside a word (ผู้รับบริ การ): join when the pieces make a known word."""
    out: list[Proposal] = []
    for i in range(len(tokens) - 1):
        a, b = tokens[i], tokens[i + 1]
        if norm[a.end : b.start] != " " or not (THAI.match(a.text) and THAI.match(b.text)):
            continue
        best: Proposal | None = None
        for k in (1, 2, 3):
            if not _contiguous(tokens, i - k + 1, k):
                break
            for m in (1, 2):
                if not _contiguous(tokens, i + 1, m):
                    break
                pieces = [*tokens[i - k + 1 : i + 1], *tokens[i + 1 : i + 1 + m]]
                joined = "".join(t.text for t in pieces)
                if len(joined) < 4 or joined not in lex.words:
                    continue
                if all(lex.is_word(t.text) and len(t.text) > 1 for t in pieces):
                    continue
                if best is None or len(joined) > len(best.suggestion):
                    best = Proposal(pieces[0].start, pieces[-1].end, joined, (), 0.95,
                                    "join_space", 2)
        if best is not None:
            out.append(best)
    return out


def doubled_proposals(norm: str, tokens: Sequence[Token], lex: Lexicons) -> list[Proposal]:
    """A syllable read twice (อย่างย่าง): drop the echo when the pair never occurs."""
    out: list[Proposal] = []
    for a, b in itertools.pairwise(tokens):
        if a.end != b.start or len(b.text) < 2 or len(b.text) >= len(a.text):
            continue
        if a.text.endswith(b.text) and lex.pair(a.text, b.text) == 0 and THAI.match(a.text):
            out.append(Proposal(a.start, b.end, a.text, (), 0.92, "doubled", 2))
    return out


_BAND_CACHE: dict[tuple[int, int], dict[str, str]] = {}


def _band(lex: Lexicons, size: int) -> dict[str, str]:
    """Frequent general words whose key length is size-1..size+1 (merged once, cached)."""
    cache_key = (id(lex), size)
    band = _BAND_CACHE.get(cache_key)
    if band is None:
        band = {}
        for length in (size - 1, size, size + 1):
            band.update(lex.general_by_len.get(length, {}))
        _BAND_CACHE[cache_key] = band
    return band


def _general_matches(text: str, lex: Lexicons) -> list[Match]:
    """Frequent general words close to `text` (length band around its key length)."""
    found = best_matches(text, _band(lex, len(ocr_key(text))), limit=3, score_cutoff=0.7,
                         prefilter=8)
    found.sort(key=lambda m: (-m.score, -lex.frequency(m.choice), m.choice))
    return found


def oov_proposals(norm: str, tokens: Sequence[Token], lex: Lexicons) -> list[Proposal]:
    """Out-of-lexicon fragments: the closest frequent word over windows of 1–3 tokens."""
    out: list[Proposal] = []
    for i, tok in enumerate(tokens):
        if lex.is_word(tok.text) or not THAI.match(tok.text):
            continue
        for lo, hi in ((i, i + 1), (i - 1, i + 1), (i, i + 2)):
            if lo < 0 or not _contiguous(tokens, lo, hi - lo):
                continue
            start, end = tokens[lo].start, tokens[hi - 1].end
            text = norm[start:end]
            if len(text) < 3:
                continue
            matches = _general_matches(text, lex)
            if not matches or matches[0].choice == text:
                continue
            top = matches[0]
            margin = top.score - (matches[1].score if len(matches) > 1 else 0.0)
            if top.score >= 0.88 and margin >= 0.1 and lex.frequency(top.choice) >= 200:
                conf = 0.9
            else:
                conf = 0.6
            alts = tuple(m.choice for m in matches[1:3])
            out.append(Proposal(start, end, top.choice, alts, conf + 0.01 * (hi - lo), "oov", 1))
    return out


def _support(lex: Lexicons, prev: str | None, word: str, nxt: str | None) -> int:
    """How often the corpus sees `word` next to these neighbours."""
    return (lex.pair(prev, word) if prev else 0) + (lex.pair(word, nxt) if nxt else 0)


def _neighbours(tokens: Sequence[Token], i: int, lex: Lexicons) -> tuple[str | None, str | None]:
    """Known words right before/after token i (None past a space gap or an unknown fragment)."""
    tok = tokens[i]
    prev = nxt = None
    if i > 0 and tokens[i - 1].end >= tok.start - 1:
        prev = tokens[i - 1].text
    if i + 1 < len(tokens) and tokens[i + 1].start <= tok.end + 1:
        nxt = tokens[i + 1].text
    for side in (prev, nxt):
        if side is not None and not lex.is_word(side):
            return None, None
    return prev, nxt


def realword_proposals(norm: str, tokens: Sequence[Token], lex: Lexicons) -> list[Proposal]:
    """A real word its neighbours never see (ครัว ใช้) replaced by a look-alike they often see."""
    out: list[Proposal] = []
    for i, tok in enumerate(tokens):
        if len(tok.text) < 3 or not lex.is_word(tok.text) or not THAI.match(tok.text):
            continue
        prev, nxt = _neighbours(tokens, i, lex)
        if prev is None or nxt is None or _support(lex, prev, tok.text, nxt) > 0:
            continue
        if tok.text in lex.terms or tok.text in lex.gazetteer.subdistricts_by_name:
            continue
        pool = set(lex.after.get(prev, ())) | set(lex.before.get(nxt, ()))
        scored = []
        for cand in pool:
            if cand == tok.text or abs(len(cand) - len(tok.text)) > 1:
                continue
            sim = ocr_similarity(tok.text, cand)
            if sim >= 0.55:
                left, right = lex.pair(prev, cand), lex.pair(cand, nxt)
                scored.append((min(left, right), max(left, right), sim, cand))
        if not scored:
            continue
        scored.sort(reverse=True)
        both, one, sim, best = scored[0]
        if both >= 3 and sim >= 0.65 and lex.frequency(tok.text) < lex.frequency(best):
            conf = 0.92
        elif one >= 10:
            conf = 0.6
        else:
            continue
        alts = tuple(c for *_x, c in scored[1:3])
        out.append(Proposal(tok.start, tok.end, best, alts, conf, "real_word", 1))
    return out


def mark_proposals(norm: str, tokens: Sequence[Token], lex: Lexicons) -> list[Proposal]:
    """Lost or wrong tone marks/vowels (ที -> ที่): pick the variant its neighbours support."""
    out: list[Proposal] = []
    for i, tok in enumerate(tokens):
        variants = lex.mark_variants.get(bare(tok.text))
        if not variants or not THAI.match(tok.text):
            continue
        prev, nxt = _neighbours(tokens, i, lex)
        if prev is None and nxt is None:
            continue
        own = _support(lex, prev, tok.text, nxt)
        scored = sorted(((_support(lex, prev, v, nxt), lex.frequency(v), v)
                         for v in variants if v != tok.text), reverse=True)
        if not scored:
            continue
        support, _freq, best = scored[0]
        if support >= 20 and support >= 20 * (own + 1) and (
                len(scored) == 1 or support >= 5 * (scored[1][0] + 1)):
            conf = 0.93
        elif support >= 5 and support >= 5 * (own + 1):
            conf = 0.7
        else:
            continue
        alts = tuple(v for _s, _f, v in scored[1:3])
        out.append(Proposal(tok.start, tok.end, best, alts, conf, "tone_marks", 1))
    return out


def propose(norm: str, tokens: Sequence[Token], slots: Sequence[Slot], ctx: DocContext,
            lex: Lexicons) -> list[Proposal]:
    """All rules' proposals for one normalised text, minus anything touching a person name."""
    props = slot_proposals(slots, ctx, lex)
    props += term_proposals(norm, tokens, lex)
    props += join_space_proposals(norm, tokens, lex)
    props += doubled_proposals(norm, tokens, lex)
    props += oov_proposals(norm, tokens, lex)
    props += mark_proposals(norm, tokens, lex)
    props += realword_proposals(norm, tokens, lex)
    names = _name_spans(norm, tokens)
    return [p for p in props if not any(p.start < e and s < p.end for s, e in names)]
