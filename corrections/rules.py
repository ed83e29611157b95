"""Correction rules over normalised text, each proposing replacements with a confidence."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator, Sequence

from corrections import (
    contextrules,
    header,
    latinrules,
    linerules,
    markrules,
    namerules,
    punctrules,
    strayrules,
    template,
    wordrules,
)
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
from corrections.lexicon import Lexicons, Term, bare
from corrections.markrules import restores
from corrections.matcher import KeyIndex, Match, best_matches, best_matches_many, ocr_key
from corrections.normalize import MARKS
from corrections.proposal import Proposal, Token, contiguous, spelling_key

log = logging.getLogger(__name__)

UNIT_HEADS = frozenset({"กอง", "สำนัก", "งาน", "ฝ่าย"})
UNIT_CATEGORIES = frozenset({"department"})


_TITLE_RE = re.compile(r"(?:นางสาว|นาง|นาย|น\.ส\.|ว่าที่ร้อยตรี(?:หญิง)?|ดร\.)(?=[\u0e01-\u0e2e])")
# A document number's agency abbreviation (ที่ ลย ๗๔๓๐๑/…, ตง 52101/…): never a word.
# (One digit is not a number's start: กอง 7ฝ สวัสดิการ is a name with junk.)
_REFERENCE = re.compile(r"(?<![\u0e01-\u0e4e])[\u0e01-\u0e2e]{2,3}\.?(?=\s*[0-9\u0e50-\u0e59]{2})")
_NAME_RUN = re.compile(r"[^\s()]+(?: [^\s()]+)?")

MEMO_LIMIT = 50000  # entries of the lexicons' memo of matches before it is emptied


def _name_spans(norm: str, lex: Lexicons) -> list[tuple[int, int]]:
    """Person names (นาย/นาง/นางสาว… + given name + family name): never corrected."""
    spans: list[tuple[int, int]] = []
    for m in _TITLE_RE.finditer(norm):
        longer = [w for w in lex.trie.prefixes(norm, m.start())  # type: ignore[attr-defined]
                  if len(w) > len(m.group())]
        if longer:
            continue  # นายกเทศมนตรี, นายอำเภอ, นายช่าง…: a position, not a name
        run = _NAME_RUN.match(norm, m.end())
        if run is not None:
            spans.append((m.start(), run.end()))
    return spans


def _real_prefix(run: str, lex: Lexicons) -> bool:
    """True when the run starts with a real place name of anywhere in the country."""
    gaz = lex.gazetteer
    for k in range(2, len(run) + 1):
        if k < len(run) and run[k] in MARKS + "\u0e33\u0e32\u0e30":
            continue
        piece = run[:k]
        if (piece in gaz.subdistricts_by_name or piece in gaz.districts_by_name
                or piece in gaz.province_by_name):
            return True
    return False


def _continues(norm: str, end: int, rest: str) -> bool:
    """True when the name's missing end follows after a line break or space (เคียน⏎ซา)."""
    if not rest or not norm or end >= len(norm) or not norm[end].isspace():
        return False
    return norm[end:].lstrip().startswith(rest[: max(1, min(len(rest), 3))])


_PLACE_INDEX: dict[int, dict[str, list[str]]] = {}


def _place_index(lex: Lexicons) -> dict[str, list[str]]:
    """Every place name of the country by its bare form (marks removed), built once."""
    gaz = lex.gazetteer
    index = _PLACE_INDEX.get(id(gaz))
    if index is None:
        index = {}
        for name in {*gaz.subdistricts_by_name, *gaz.districts_by_name, *gaz.province_by_name}:
            index.setdefault(bare(name), []).append(name)
        _PLACE_INDEX.clear()
        _PLACE_INDEX[id(gaz)] = index
    return index


def _restored_place(slot: Slot, lex: Lexicons, ends: frozenset[int]) -> Proposal | None:
    """The slot's name read without some of its marks (ท่ามะเดือ -> ท่ามะเดื่อ), found in the
    whole country when the document's district is unknown: one name only, marks added only."""
    run, index = slot.run, _place_index(lex)
    for k in range(len(run), 2, -1):
        if k < len(run) and (run[k] in MARKS or run[k] in "\u0e33\u0e32\u0e30"):
            continue
        if ends and k < len(run) and slot.start + k not in ends:
            continue
        piece = run[:k]
        names = {n for n in index.get(bare(piece), ()) if restores(piece, n)}
        if names:
            if len(names) == 1:
                return Proposal(slot.start, slot.start + k, names.pop(), (), 0.92, "gazetteer", 3)
            return None
        if piece in index.get(bare(piece), ()):
            return None  # a real name already
    return None


_JUNK_NEXT = re.compile(r"\s*[^\u0e01-\u0e4e\s]")  # a glyph that is no Thai letter
_JUNK_GAP = re.compile(r"\s*[^\u0e00-\u0e7f\s]{0,3}\s*")


def _cut_district(slot: Slot, ctx: DocContext, names: Sequence[str],
                  norm: str) -> Proposal | None:
    """A district name cut short at a line end, its rest lost to junk (อำเภอคลอง⏎VAN: junk,
    not Thai text, follows), when
    the document's own organisation and subdistricts place it in one district (the hierarchy
    picks คลองขลุง over คลองลาน): the district the run begins. When the rest follows on the
    next line the name is whole: the run itself comes back (nothing to change)."""
    if ctx.district is None:
        return None
    run, name = slot.run, ctx.district.name
    end = slot.start + len(run)
    if len(run) < 3 or run == name or not name.startswith(run) or run in names:
        return None
    if end < len(norm) and not norm[end].isspace():
        return None  # the run goes on: a word, not a cut name
    rest = name[len(run) :]
    after = _JUNK_GAP.match(norm, end)
    if _continues(norm, end, rest) or (after is not None and norm.startswith(
            rest[: max(1, min(len(rest), 3))], after.end())):
        # the rest follows on the next line (maybe past a junk glyph: วังสาม⏎4 หมอ): the
        # name is whole, nothing to add here
        return Proposal(slot.start, end, run, (), 0.92, "gazetteer", 3)
    if not _JUNK_NEXT.match(norm, end):
        return None  # Thai text or nothing follows (อำเภอเมือง จังหวัดระยอง): the short form
    return Proposal(slot.start, end, name, (), 0.92, "gazetteer", 3)


def slot_proposals(slots: Sequence[Slot], ctx: DocContext, lex: Lexicons,
                   ends: frozenset[int] = frozenset(), norm: str = "") -> list[Proposal]:
    """Place names after จังหวัด/อำเภอ/ตำบล/เทศบาล…/อบต., scoped by the hierarchy."""
    gaz = lex.gazetteer
    out: list[Proposal] = []
    for slot in slots:
        contradiction = False
        if slot.kind == "province":
            names = province_names(gaz)
        elif slot.kind == "district":
            names = district_names(gaz, ctx.province)
            cut = _cut_district(slot, ctx, names, norm)
            if cut is not None:
                if cut.suggestion != slot.run:
                    out.append(cut)
                continue
        else:
            scope = explicit_district(slot, slots, gaz, ctx)
            contradiction = scope is not None
            scope = scope or ctx.district
            if scope is None:
                restored = _restored_place(slot, lex, ends)
                if restored is not None:
                    out.append(restored)
                continue
            names = local_names(gaz, scope)
        m = match_slot(slot, names, ends or None)
        if m is None or m.score < 0.7:
            restored = _restored_place(slot, lex, ends)
            if restored is not None:
                out.append(restored)
                continue
        if m is None or m.score == EXACT or m.original == m.name:
            continue
        original = m.original
        if m.name.startswith(original) and _continues(norm, m.end, m.name[len(original):]):
            continue  # the name is whole, only broken by a line end
        if ends and m.end not in ends and m.length != len(slot.run):
            continue  # the name would end inside a word (จังหวัดลงพื้นที่)
        contradiction = contradiction and original not in names
        if not contradiction and _real_prefix(slot.run, lex):
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


def _keeps_known_ends(window: Sequence[Token], suggestion: str, lex: Lexicons) -> bool:
    """True when the known words before/after the unknown part survive in the suggestion."""
    unknown = [k for k, t in enumerate(window) if not lex.is_word(t.text)]
    if not unknown:
        return True
    head = "".join(t.text for t in window[: unknown[0]])
    tail = "".join(t.text for t in window[unknown[-1] + 1 :])
    return suggestion.startswith(head) and suggestion.endswith(tail)


def _spills(norm: str, end: int, canonical: str, text: str) -> bool:
    """True when the text right after the window is the end of the term (it would be doubled)."""
    for k in range(min(4, len(canonical) - 1), 1, -1):
        tail = norm[end : end + k]
        if len(tail) == k and not tail.isspace() and canonical.endswith(tail) \
                and not text.endswith(tail) and ocr_key(tail) == ocr_key(canonical[-k:]):
            return True
    return False


def _memoised_matches(lex: Lexicons, key: str, find: Callable[[], list[Match]]) -> list[Match]:
    """The matches memoised under `key` in the lexicons' memo, found by `find` the first time
    (the memo is emptied when it grows past MEMO_LIMIT entries)."""
    cached = lex.memo.get(key)
    if cached is not None:
        return list(cached)  # type: ignore[call-overload]
    if len(lex.memo) > MEMO_LIMIT:
        lex.memo.clear()
    found = find()
    lex.memo[key] = tuple(found)
    return found


def _term_matches(text: str, lex: Lexicons) -> list[Match]:
    """Genre terms close to `text`, memoised (a damaged term recurs across pages)."""
    return _memoised_matches(
        lex, "term\t" + text,
        lambda: best_matches(text, lex.term_keys, limit=3, score_cutoff=0.6),
    )


def _prefetch(texts: Sequence[str], prefix: str, lex: Lexicons,
              match: Callable[[list[str]], list[list[Match]]]) -> None:
    """Memoise the matches of every text not yet known, found together in one batch (the
    memo's entries are those the one-text functions would have made)."""
    memo = lex.memo
    todo = list(dict.fromkeys(t for t in texts if prefix + t not in memo))
    if not todo:
        return
    if len(memo) + len(todo) > MEMO_LIMIT:
        return  # the one-text functions clear the memo and go on alone
    for text, found in zip(todo, match(todo), strict=True):
        memo[prefix + text] = tuple(found)


def _term_windows(norm: str, tokens: Sequence[Token], lex: Lexicons
                  ) -> Iterator[tuple[int, int, int, int, str, Term | None, bool]]:
    """Windows of 1-4 contiguous Thai tokens: (i, n, start, end, text, exact term, unit);
    a window with no exact term is only given when it is worth a fuzzy look-up."""
    thai = [t.thai for t in tokens]
    known = [lex.is_word(t.text) for t in tokens]
    for i, tok in enumerate(tokens):
        if not thai[i]:
            continue
        oov = False
        for n in (1, 2, 3, 4):
            j = i + n - 1
            if n > 1 and (j >= len(tokens) or tokens[j - 1].end != tokens[j].start
                          or not thai[j]):
                break
            oov = oov or not known[j]
            start, end = tok.start, tokens[j].end
            text = norm[start:end]
            term = lex.terms.get(text)
            if term is not None:
                yield i, n, start, end, text, term, False
                continue
            unit = n >= 2 and tok.text in UNIT_HEADS and tok.text != "งาน"  # งาน: too common
            if len(text) < 4 or not (oov or (unit and text not in lex.words)):
                continue
            if unit and not oov and lex.pair(tok.text, tokens[i + 1].text) > 2:
                continue
            yield i, n, start, end, text, None, unit


def term_proposals(norm: str, tokens: Sequence[Token], lex: Lexicons) -> list[Proposal]:
    """Damaged genre terms (departments, positions, memo/ITA words) and known variants."""
    out: list[Proposal] = []
    windows = list(_term_windows(norm, tokens, lex))
    _prefetch([w[4] for w in windows if w[5] is None], "term\t", lex,
              lambda todo: best_matches_many(todo, lex.term_keys, limit=3, score_cutoff=0.6))
    for i, n, start, end, text, term, unit in windows:
        if term is not None:
            if term.canonical != text:
                out.append(Proposal(start, end, term.canonical, (), 0.97, "lexicon", 2))
            continue
        matches = _term_matches(text, lex)
        if not matches or matches[0].choice in text:
            continue
        target = lex.terms[matches[0].choice]
        if unit and target.category not in UNIT_CATEGORIES:
            unit = False
        conf = _term_confidence(matches, unit, _unit_context(tokens, i, n, lex))
        if not unit and not _keeps_known_ends(tokens[i : i + n], target.canonical, lex):
            conf = min(conf, 0.6)
        if conf and _spills(norm, end, target.canonical, text):
            continue  # the term goes on past the window (…ทัว|ไป): a longer window decides
        if conf:
            alts = tuple(lex.terms[m.choice].canonical for m in matches[1:])
            out.append(Proposal(start, end, target.canonical, alts, conf, "lexicon", 2))
    return out


def _band(lex: Lexicons, size: int) -> KeyIndex:
    """Frequent general words whose key length is size-1..size+1 (merged and indexed once)."""
    band = lex.bands.get(size)
    if not isinstance(band, KeyIndex):
        merged: dict[str, str] = {}
        for length in (size - 1, size, size + 1):
            merged.update(lex.general_by_len.get(length, {}))
        band = KeyIndex(merged)
        lex.bands[size] = band
    return band


def prepare(lex: Lexicons) -> None:
    """Index every length band of general words and the country's place names now (at
    lexicon load, not at first use)."""
    for size in range(1, max(lex.general_by_len, default=0) + 2):
        _band(lex, size)
    _place_index(lex)


def _general_matches(text: str, lex: Lexicons) -> list[Match]:
    """Frequent general words close to `text` (length band around its key length), memoised."""
    def find() -> list[Match]:
        found = best_matches(text, _band(lex, len(ocr_key(text))), limit=3, score_cutoff=0.7,
                             prefilter=8)
        found.sort(key=lambda m: (-m.score, -lex.frequency(m.choice), m.choice))
        return found

    return _memoised_matches(lex, "general\t" + text, find)


def _oov_windows(norm: str, tokens: Sequence[Token], lex: Lexicons
                 ) -> Iterator[tuple[int, int, int, int, str]]:
    """Windows of 1-2 tokens around each out-of-lexicon Thai token: (lo, hi, start, end,
    text)."""
    for i, tok in enumerate(tokens):
        if lex.is_word(tok.text) or not tok.thai:
            continue
        for lo, hi in ((i, i + 1), (i - 1, i + 1), (i, i + 2)):
            if lo < 0 or not contiguous(tokens, lo, hi - lo):
                continue
            start, end = tokens[lo].start, tokens[hi - 1].end
            text = norm[start:end]
            if len(text) >= 3:
                yield lo, hi, start, end, text


def oov_proposals(norm: str, tokens: Sequence[Token], lex: Lexicons) -> list[Proposal]:
    """Out-of-lexicon fragments: the closest frequent word over windows of 1–3 tokens."""
    out: list[Proposal] = []
    for lo, hi, start, end, text in _oov_windows(norm, tokens, lex):
        matches = _general_matches(text, lex)
        if not matches or matches[0].choice == text:
            continue
        top = matches[0]
        margin = top.score - (matches[1].score if len(matches) > 1 else 0.0)
        if (top.score >= 0.88 and margin >= 0.1 and lex.frequency(top.choice) >= 200
                and len(text) >= 4 and top.choice not in text
                and spelling_key(top.choice) != spelling_key(text)
                and _keeps_known_ends(tokens[lo:hi], top.choice, lex)):
            conf = 0.9
        else:
            conf = 0.6
        alts = tuple(m.choice for m in matches[1:3])
        out.append(Proposal(start, end, top.choice, alts, conf + 0.01 * (hi - lo), "oov", 1))
    return out


def keep_out_spans(norm: str, lex: Lexicons) -> list[tuple[int, int]]:
    """Spans no rule may change: person names after a title, document-number abbreviations."""
    return _name_spans(norm, lex) + [m.span() for m in _REFERENCE.finditer(norm)]


def propose(norm: str, tokens: Sequence[Token], slots: Sequence[Slot], ctx: DocContext,
            lex: Lexicons) -> list[Proposal]:
    """All rules' proposals for one text, minus any touching a person name or a doc number."""
    props = slot_proposals(slots, ctx, lex, frozenset(t.end for t in tokens), norm)
    props += term_proposals(norm, tokens, lex)
    props += namerules.entity_proposals(norm, tokens, ctx, lex)
    props += wordrules.join_space_proposals(norm, tokens, lex)
    props += wordrules.doubled_proposals(norm, tokens, lex)
    props += oov_proposals(norm, tokens, lex)
    props += wordrules.mark_proposals(norm, tokens, lex)
    props += markrules.lost_mark_proposals(norm, tokens, lex)
    props += markrules.extra_mark_proposals(norm, tokens, lex)
    props += linerules.stray_e_proposals(norm, tokens, lex)
    props += strayrules.stray_letter_proposals(norm, tokens, lex)
    props += linerules.stray_punct_proposals(norm, tokens, lex)
    props += latinrules.latin_junk_proposals(norm, tokens)
    props += latinrules.baht_proposals(norm)
    props += punctrules.inline_punct_proposals(norm, tokens, lex)
    props += wordrules.realword_proposals(norm, tokens, lex)
    props += contextrules.context_proposals(norm, tokens, lex)
    props += header.header_proposals(norm, ctx)
    props += header.leader_proposals(norm)
    props += header.echo_line_proposals(norm)
    props += template.label_proposals(norm, frozenset(t.end for t in tokens))
    props += template.year_proposals(norm)
    # The rest of a chunk whose stray เ is dropped was segmented with the เ: its proposals go.
    stray = [(p.end, linerules.chunk_end(norm, p.start)) for p in props
             if p.rule == linerules.RULE]
    props = [p for p in props if not any(s <= p.start < e for s, e in stray)]
    keep_out = keep_out_spans(norm, lex)
    return [p for p in props if p.rule in (header.RULE, template.RULE)
            or not any(p.start < e and s < p.end for s, e in keep_out)]
