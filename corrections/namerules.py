"""Entity names wrecked by junk inside them, kept consistent with the document's own names.

A name the document establishes (its province, district and organisation's subdistrict, from
the administrative context) or a genre department name (กองสวัสดิการสังคม) is found again
where OCR broke it: junk digits or letters inside (อำเภอคำ2ชะอิ, กอง7ฝสวัสดิการสังม), a lost
or extra letter or mark (องการศึกษา, ส้านักปลัด, ตุ้าบลุโพนงาม). The text is searched without
whitespace (a name broken by a line end is one name) with an OCR-aware alignment: marks,
look-alike letters and ำ read as ้า cost little, junk between Thai letters costs half a letter.
A window is replaced by the name only when it is close, is not itself another real name, and
(unless the difference is only marks or look-alikes) is not a run of known words.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Sequence

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from corrections.context import DocContext
from corrections.lexicon import Lexicons
from corrections.matcher import LOOKALIKE_GROUPS, ocr_key
from corrections.normalize import MARKS
from corrections.proposal import Proposal, Token

log = logging.getLogger(__name__)

RULE = "entity_name"
CONF = 0.93
MIN_DEPARTMENT = 9  # shorter department names (กองคลัง, กองช่าง) are too close to phrases
MAX_COST = 3.5  # however long the name
CHEAP = 0.35  # a mark, a look-alike letter
JUNK = 0.5  # a digit, Latin letter or punctuation inside the name
LETTER = 1.0
CUT = 1.0  # starting or ending the window inside a token
WORDS_ONLY_MAX = 0.75  # a run of known words may differ only this much (marks, look-alikes)
COMMON = 100  # corpus frequency of a short word that is surely meant where it is read
_SEED = 4
_MARK_SET = frozenset(MARKS + "\u0e4d")
_GROUP = {ch: g[0] for g in LOOKALIKE_GROUPS for ch in g}
_THAI_LETTER = re.compile("[\u0e01-\u0e4e]")
_NON_THAI = re.compile("[^\u0e01-\u0e4e]+")
QUICK_MIN = 80  # rapidfuzz partial_ratio of the keys below which no alignment is tried
_MARKER = re.compile("ตำบล|อำเภอ|จังหวัด|เทศบาล|องค์การบริหารส่วน")
# ป.ย.ป., อ.ก.พ.: a chunk of one or two letters before a dot (ตรวจสอบ.ภายใน is a speck)
_ABBREVIATION = re.compile("(?<![\u0e01-\u0e4e])[\u0e01-\u0e2e]{1,2}\\.[\u0e01-\u0e2e]")
_NO_BREAK_BEFORE = _MARK_SET | {"\u0e33", "\u0e32", "\u0e30"}
_LEADING = frozenset("\u0e40\u0e41\u0e42\u0e43\u0e44")
_COMMON_HEAD = "งาน"  # งาน X: too close to ด้าน X, - X, a plain phrase


def _tolerance(length: int) -> float:
    """The alignment cost a name of this length may carry and still be recognised."""
    return min(MAX_COST, 0.16 * length)


def targets(ctx: DocContext, lex: Lexicons) -> list[tuple[str, str]]:
    """(name, marker) pairs to look for: the document's places and the genre's departments."""
    out: list[tuple[str, str]] = []
    if ctx.province is not None:
        out.append(("จังหวัด" + ctx.province.name, "จังหวัด"))
    if ctx.district is not None:
        out.append(("อำเภอ" + ctx.district.name, "อำเภอ"))
    if ctx.primary_base:
        out.append(("ตำบล" + ctx.primary_base, "ตำบล"))
        if ctx.primary_kind:  # the organisation's full name: more letters, more tolerance
            out.append((ctx.primary_kind + ctx.primary_base, ctx.primary_kind))
    for term in lex.terms.values():
        if term.category == "department" and len(term.term) >= MIN_DEPARTMENT \
                and term.canonical == term.term and " " not in term.term \
                and not term.term.startswith(_COMMON_HEAD):
            out.append((term.term, ""))
    return out


def _expand(text: str) -> tuple[str, list[int]]:
    """ำ as its two parts (ํ + า), so ้า and ุ้า read for ำ align cheaply; index of each char."""
    chars: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        if ch == "\u0e33":
            chars += ["\u0e4d", "\u0e32"]
            index += [i, i]
        else:
            chars.append(ch)
            index.append(i)
    return "".join(chars), index


class _SubRow(dict[str, float]):
    """Costs of reading one target letter as each letter (filled on first use)."""

    def __init__(self, target: str) -> None:
        """An empty row for `target`."""
        super().__init__()
        self.target = target

    def __missing__(self, read: str) -> float:
        """Compute and keep the cost of reading the target as `read`."""
        cost = self[read] = _sub_cost(self.target, read)
        return cost


_SUB_ROWS: dict[str, _SubRow] = {}


def _sub_row(a: str) -> _SubRow:
    """The substitution costs of target letter a, as a mapping from what was read."""
    row = _SUB_ROWS.get(a)
    if row is None:
        row = _SUB_ROWS[a] = _SubRow(a)
    return row


def _sub(a: str, b: str) -> float:
    """Cost of reading target letter a as b (a Latin letter or digit: the eng model's guess)."""
    return _sub_row(a)[b]


def _sub_cost(a: str, b: str) -> float:
    """Cost of reading target letter a as b, computed."""
    if a == b:
        return 0.0
    if not _THAI_LETTER.match(b):
        return JUNK
    if (a in _MARK_SET and b in _MARK_SET) or _GROUP.get(a, a) == _GROUP.get(b, b):
        return CHEAP
    return LETTER


def _ins(ch: str) -> float:
    """Cost of an extra character in the text."""
    if ch in _MARK_SET:
        return CHEAP
    return LETTER if _THAI_LETTER.match(ch) else JUNK


def _del(ch: str) -> float:
    """Cost of a target character the text lost."""
    return CHEAP if ch in _MARK_SET else LETTER


def align(target: str, text: str, cut: Sequence[float] = (),
          limit: float = math.inf) -> tuple[float, int, int]:
    """Best (cost, start, end) of `target` against a substring text[start:end].

    Semi-global alignment: the substring is free to start and end anywhere, at `cut[k]` extra
    cost when position k (a start or end) falls inside a token. Every cost is non-negative,
    so a row's least cost never falls in later rows: once it is above `limit` the alignment
    stops with (that cost, 0, 0), a cost above `limit` like the full result's.
    """
    t, _ti = _expand(target)
    s, si = _expand(text)
    at = [*si, len(text)]
    pen = [10 * LETTER if 0 < k < len(s) and (si[k] == si[k - 1] or s[k] in _MARK_SET)
           else (cut[at[k]] if at[k] < len(cut) else 0.0) for k in range(len(s) + 1)]
    starts = [p if k < len(s) and _THAI_LETTER.match(s[k]) else 10 * LETTER
              for k, p in enumerate(pen)]  # a name starts and ends with a Thai letter
    ends = [p if k and _THAI_LETTER.match(s[k - 1]) else 10 * LETTER for k, p in enumerate(pen)]
    ins = [_ins(b) for b in s]
    cost_row = starts[:]
    from_row = list(range(len(s) + 1))
    for a in t:
        dele = _del(a)
        subs = list(map(_sub_row(a).__getitem__, s))
        cur_cost = [cost_row[0] + dele]
        cur_from = [from_row[0]]
        for j in range(1, len(s) + 1):
            best, origin = cost_row[j - 1] + subs[j - 1], from_row[j - 1]
            up = cost_row[j] + dele
            if up < best:
                best, origin = up, from_row[j]
            left = cur_cost[j - 1] + ins[j - 1]
            if left < best:
                best, origin = left, cur_from[j - 1]
            cur_cost.append(best)
            cur_from.append(origin)
        cost_row, from_row = cur_cost, cur_from
        if limit < math.inf:
            floor = min(cost_row)
            if floor > limit:
                return floor, 0, 0
    cost, end = min((cost_row[j] + ends[j], j) for j in range(len(s) + 1))
    start = from_row[end]
    return cost, at[start], (si[end - 1] + 1) if end else 0


def _key(text: str) -> str:
    """Thai letters only, marks dropped and look-alikes merged: for a quick first comparison."""
    return ocr_key(_NON_THAI.sub("", text))


_INK = re.compile(r"\S+")  # \s is exactly str.isspace


def _squash(norm: str) -> tuple[str, list[int]]:
    """The text without whitespace, and the offset in norm of each kept character."""
    keep: list[int] = []
    runs: list[str] = []
    for m in _INK.finditer(norm):
        keep.extend(range(m.start(), m.end()))
        runs.append(m.group())
    return "".join(runs), keep


def _cut_starts(tokens: Sequence[Token], norm: str) -> set[int]:
    """Offsets where a window may start or end for free: token edges and marker words."""
    starts = {t.start for t in tokens} | {t.end for t in tokens}
    starts |= {m.start() for m in _MARKER.finditer(norm)}  # นายกเทศมนตรี|ตำบล: one token
    return starts


def _cut_costs(flat_pos: Sequence[int], lo: int, hi: int, starts: set[int],
               norm: str) -> list[float]:
    """Per flat position lo..hi: the cost of a window starting/ending there (inside a token)."""
    out = []
    for k in range(lo, min(hi, len(flat_pos))):
        pos = flat_pos[k]
        gap = k > 0 and flat_pos[k - 1] != pos - 1  # whitespace before
        stray = k > 0 and norm[flat_pos[k - 1]] in _LEADING  # เกอง: a speck read as เ
        out.append(0.0 if gap or stray or pos in starts else CUT)
    if hi > len(flat_pos):
        out.append(0.0)  # the end of the text
    return out


def _seeds(name: str) -> list[str]:
    """Pieces of the name, one of which a damaged mention still holds whole."""
    step = max(1, (len(name) - _SEED) // 4)
    return list(dict.fromkeys(name[k : k + _SEED] for k in range(0, len(name) - _SEED + 1, step)))


def _regions(flat: str, name: str) -> list[int]:
    """Starts of the stretches of text where a damaged mention of `name` may be: two or more
    of its pieces found close together, with no exact mention there."""
    exact: list[int] = []  # non-overlapping, left to right (re.finditer's matches)
    at = flat.find(name)
    while at >= 0 and name:
        exact.append(at)
        at = flat.find(name, at + len(name))
    hits: list[tuple[int, str]] = []
    for seed in _seeds(name):
        at = flat.find(seed)
        while at >= 0:
            hits.append((max(0, at - name.find(seed) - 4), seed))
            at = flat.find(seed, at + 1)
    hits.sort()
    out: list[int] = []
    k = 0
    while k < len(hits):
        lo, group = hits[k][0], {hits[k][1]}
        k += 1
        while k < len(hits) and hits[k][0] - lo <= 8:
            group.add(hits[k][1])
            k += 1
        if len(group) >= 2 and not any(lo - 4 <= e <= lo + 12 for e in exact):
            out.append(lo)
    return out


def _other_name(window: str, name: str, marker: str, lex: Lexicons) -> bool:
    """True when the window is another real name (a place of the country, a department)."""
    term = lex.terms.get(window)
    if term is not None and term.category == "department" and window != name:
        return True
    if not marker or not window.startswith(marker):
        return False
    rest = window[len(marker) :]
    gaz = lex.gazetteer
    for k in range(max(3, len(name) - len(marker) - 2), len(rest) + 1):
        piece = rest[:k]
        if piece != name[len(marker) :] and (piece in gaz.subdistricts_by_name
                                             or piece in gaz.districts_by_name
                                             or piece in gaz.province_by_name) \
                and (k == len(rest) or rest[k] not in _MARK_SET | {"\u0e32", "\u0e33"}):
            return True
    return False


def _known_words(norm: str, lo: int, hi: int, tokens: Sequence[Token], lex: Lexicons) -> bool:
    """True when every Thai token the span touches (even in part) is a common word: real text
    (สำนักข่าว, นักวิชาการส่งเสริมการเกษตร), not a damaged name, whatever junk lies between.

    A short rare word (อง, seen 77 times) is as likely a fragment: กองช่าง อง|การศึกษา; a
    longer one is a real word, often a compound the corpus counts apart (สำนักข่าว)."""
    inside = [t for t in tokens if t.start < hi and lo < t.end and t.thai]
    return bool(inside) and all(
        lex.is_word(t.text) and (len(t.text) >= 4 or lex.frequency(t.text) >= COMMON)
        for t in inside)


def entity_proposals(norm: str, tokens: Sequence[Token], ctx: DocContext,
                     lex: Lexicons) -> list[Proposal]:
    """Replace damaged mentions of the document's place names and of department names."""
    flat, pos = _squash(norm)
    if not flat:
        return []
    starts: set[int] | None = None  # built when a first stretch is worth aligning
    out: list[Proposal] = []
    seen: set[tuple[int, int]] = set()
    for name, marker in targets(ctx, lex):
        name_key = _key(name)
        for lo in _regions(flat, name):
            hi = min(len(flat), lo + len(name) + 10)
            if fuzz.partial_ratio(name_key, _key(flat[lo:hi])) < QUICK_MIN:
                continue  # far even ignoring marks and junk: not worth the alignment
            if starts is None:
                starts = _cut_starts(tokens, norm)
            cost, a, b = align(name, flat[lo:hi], _cut_costs(pos, lo, hi + 1, starts, norm),
                               _tolerance(len(name)))
            a, b = a + lo, b + lo
            window = flat[a:b]
            if b <= a or window == name or cost > _tolerance(len(name)) or (a, b) in seen:
                continue
            start, end = pos[a], pos[b - 1] + 1
            if _other_name(window, name, marker, lex) \
                    or _ABBREVIATION.search(norm, max(0, start - 1), end + 2):
                continue  # another real name, or an abbreviation (สำนักงาน ป.ย.ป.)
            if cost > WORDS_ONLY_MAX and _known_words(norm, start, end, tokens, lex):
                continue
            seen.add((a, b))
            lo_n, hi_n, repl = _narrow(norm, start, end, _spaced(norm[start:end], name),
                                       marker)
            # Only junk between the letters: the punctuation/Latin rules say it better.
            junk_only = _NON_THAI.sub("", window) == name
            out.append(Proposal(lo_n, hi_n, repl, (), CONF, RULE, 1 if junk_only else 3))
    return out


def _spaced(window: str, name: str) -> str:
    """The name with the window's line breaks and spaces kept where they fall in it (a name
    broken by a line end stays broken); several at one place become one, a line end first."""
    flat = "".join(window.split())
    gaps: dict[int, str] = {}
    k = 0
    for m in re.finditer(r"\s+|\S+", window):
        if m.group()[0].isspace():
            gaps[k] = m.group()
        else:
            k += len(m.group())
    if not gaps:
        return name
    where: dict[int, str] = {}
    for p, gap in gaps.items():
        q = _map_position(flat, name, p)
        if not 0 < q < len(name) or name[q] in _NO_BREAK_BEFORE:
            continue
        if q not in where or ("\n" in gap and "\n" not in where[q]):
            where[q] = "\n" if "\n" in gap else gap
    return "".join(where.get(q, "") + ch for q, ch in enumerate(name))


def _map_position(src: str, dest: str, p: int) -> int:
    """Where position p of src falls in dest, by their edit alignment."""
    for op in Levenshtein.opcodes(src, dest):
        if op.src_start <= p < op.src_end or (p == op.src_end == len(src)):
            if op.tag == "equal":
                return op.dest_start + p - op.src_start
            return op.dest_start
        if op.src_start == op.src_end == p:
            return op.dest_start
    return len(dest)


def _narrow(norm: str, start: int, end: int, spaced: str, marker: str) -> tuple[int, int, str]:
    """The span without the marker word when it was read right (อำเภอ|คำ2ชะอิ -> คำชะอี),
    and its replacement: a correction shows the name it changed."""
    window = norm[start:end]
    if marker and window.startswith(marker) and spaced.startswith(marker):
        return start + len(marker), end, spaced[len(marker) :]
    return start, end, spaced
