"""Lost marks: restore tone marks / upper and lower vowels OCR dropped (ที -> ที่, บัน|ทก -> บันทึก).

OCR loses a combining mark far more often than it invents one, so the candidates of a word are
the frequent words that contain it plus one or more marks (its "restorations"). A candidate is
applied only when the corpus statistics make it dominate: the read word is out of the lexicon,
or it is a rare word its neighbours are never seen with while they often see the candidate.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Sequence

from corrections import skeleton
from corrections.lexicon import Lexicons, bare
from corrections.normalize import MARKS
from corrections.proposal import THAI, Proposal, Token, contiguous
from corrections.skeleton import MARK_CLASSES as _MARK_CLASSES
from corrections.skeleton import restores

log = logging.getLogger(__name__)

RULE = "lost_mark"
KNOWN_RATIO = 20  # a known word is replaced only by a variant this many times more frequent
MIN_SUPPORT = 3  # corpus pair count a candidate needs with a neighbour
COMPOUND_MIN_FREQ = 100  # a word rebuilt from several fragments must be this frequent
RESPLIT_MIN_FREQ = 100  # both words of a re-cut pair are at least this frequent
RARE_MIN_FREQ = 20  # ...or this, when one unknown fragment of 2+ pieces carries the bad mark
SOLE_MIN_FREQ = 50  # ...or this frequent when it is the only word of that skeleton
BOTH_SIDES_MIN = 10  # pair count a restoration needs on both sides to beat a real word
LOSS = 0.02  # rough chance that OCR drops a mark of a word
_MARK_SET = frozenset(MARKS)




def restorations(lex: Lexicons, text: str) -> list[str]:
    """Frequent words that are `text` with marks added (memoised per text)."""
    key = "restore\t" + text
    found = lex.memo.get(key)
    if found is None:
        found = lex.memo[key] = tuple(
            v for v in lex.mark_variants.get(bare(text), ()) if restores(text, v))
    return list(found)  # type: ignore[call-overload]


def _known_side(tokens: Sequence[Token], j: int, lex: Lexicons, left: bool = True) -> str | None:
    """The known Thai word next to a window (at most one space/newline away), else None.

    A genre term the corpus never saw whole (หน่วยตรวจสอบภายใน) speaks through its word
    that touches the window (ภายใน), so the pair statistics can judge the window.
    """
    if not 0 <= j < len(tokens):
        return None
    text = tokens[j].text
    if not lex.is_word(text) or not THAI.match(text):
        return None
    return corpus_edge(lex, text, left) if lex.frequency(text) == 0 else text


def corpus_edge(lex: Lexicons, word: str, last: bool) -> str:
    """The last (or first) word of an unseen compound, when the corpus knows it; else `word`."""
    key = f"edge\t{last}\t{word}"
    found = lex.memo.get(key)
    if isinstance(found, str):
        return found
    pieces = ([word[k:] for k in range(1, len(word) - 1)] if last
              else [word[:k] for k in range(len(word) - 1, 1, -1)])  # longest first
    edge = next((p for p in pieces if lex.frequency(p) > 0 and lex.is_word(p)
                 and p[0] not in _MARK_SET), word)
    lex.memo[key] = edge
    return edge


def _touching(tokens: Sequence[Token], a: int, b: int) -> bool:
    """True when tokens a and b are at most one whitespace character apart."""
    return 0 <= a < len(tokens) and 0 <= b < len(tokens) and tokens[b].start - tokens[a].end <= 1


def _context(tokens: Sequence[Token], lo: int, hi: int,
             lex: Lexicons) -> tuple[str | None, str | None, bool]:
    """Known neighbours of tokens[lo:hi] and whether an unknown Thai fragment touches it."""
    prev = nxt = None
    fragment = False
    if _touching(tokens, lo - 1, lo) and tokens[lo - 1].thai:
        prev = _known_side(tokens, lo - 1, lex)
        fragment = fragment or (prev is None and tokens[lo].start == tokens[lo - 1].end)
    if _touching(tokens, hi - 1, hi) and tokens[hi].thai:
        nxt = _known_side(tokens, hi, lex, left=False)
        fragment = fragment or (nxt is None and tokens[hi].start == tokens[hi - 1].end)
    return prev, nxt, fragment


def _support(lex: Lexicons, prev: str | None, word: str, nxt: str | None) -> tuple[int, int]:
    """Corpus pair counts of `word` with its left and right neighbours."""
    return (lex.pair(prev, word) if prev else 0), (lex.pair(word, nxt) if nxt else 0)


def _associated(lex: Lexicons, prev: str | None, word: str, nxt: str | None,
                left: int, right: int) -> bool:
    """True when a neighbour is seen with `word` far more than chance (สิ้น|ปีงบประมาณ)."""
    for other, seen in ((prev, left), (nxt, right)):
        if other and seen >= 20:
            chance = lex.frequency(other) * lex.frequency(word) / lex.total
            if seen >= 20 * max(chance, 0.5):
                return True
    return False


def _absence_speaks(lex: Lexicons, prev: str | None, word: str, best: str, nxt: str | None,
                    left: int, right: int) -> bool:
    """True when a neighbour that should often be seen with `word` never is, sees `best`, and
    the other neighbour does not contradict `best` (ทุกครั้ง|ที|มี: ที|มี expected, unseen)."""
    sides = ((prev, left), (nxt, right))
    for k, (other, seen) in enumerate(sides):
        if not other or seen < MIN_SUPPORT:
            continue
        if lex.frequency(other) * lex.frequency(word) / lex.total < 5:
            continue  # the word's absence next to it says nothing
        other2, seen2 = sides[1 - k]
        # …unless the other neighbour rejects the candidate
        return not (other2 and seen2 == 0
                    and lex.frequency(other2) * lex.frequency(best) / lex.total >= 50)
    return False


def _both_sides_prefer(lex: Lexicons, prev: str | None, word: str, best: str,
                       nxt: str | None) -> bool:
    """True when a real word is never seen with one neighbour though chance expects it, and its
    restoration is well seen with both, at least as often (ที่|ยืน|ต่อ -> ที่|ยื่น|ต่อ)."""
    if not prev or not nxt or len(word) < 2 or lex.frequency(best) * 2 < lex.frequency(word):
        return False
    own_l, own_r = _support(lex, prev, word, nxt)
    left, right = _support(lex, prev, best, nxt)
    if min(left, right) < BOTH_SIDES_MIN or left < own_l or right < own_r:
        return False
    for other, seen in ((prev, own_l), (nxt, own_r)):
        if seen == 0 and lex.frequency(other) * lex.frequency(word) / lex.total >= 3:
            return True
    return False


def _abbreviation(norm: str, tok: Token) -> bool:
    """True when the token's chunk holds a full stop (กต., ปกท.ทส.): an abbreviation."""
    lo = max(norm.rfind(" ", 0, tok.start), norm.rfind("\n", 0, tok.start)) + 1
    ends = [e for e in (norm.find(" ", tok.end), norm.find("\n", tok.end)) if e >= 0]
    return "." in norm[lo : min(ends, default=len(norm))]


def _single(norm: str, tokens: Sequence[Token], i: int, lex: Lexicons) -> Proposal | None:
    """One token that lost marks."""
    tok = tokens[i]
    cands = restorations(lex, tok.text)
    swapped = not cands and not lex.is_word(tok.text)
    if swapped:  # ทิ -> ที่: one vowel read for another of its class, a tone mark lost
        cands = skeleton.resubstituted(lex, tok.text)
    if not cands or _abbreviation(norm, tok):
        return None
    prev, nxt, fragment = _context(tokens, i, i + 1, lex)
    if swapped:
        return skeleton.swapped_in_context(tok, cands, prev, nxt, fragment, lex)
    dominant = skeleton.dominant(tokens, i, cands, prev, nxt, lex)
    if dominant is not None:
        return dominant
    if fragment:
        return None
    scored = sorted(((sum(_support(lex, prev, v, nxt)), lex.frequency(v), v) for v in cands),
                    reverse=True)
    support, freq, best = scored[0]
    second = scored[1] if len(scored) > 1 else (0, 0, "")
    alts = tuple(v for _s, _f, v in scored[1:3])
    left, right = _support(lex, prev, best, nxt)
    if prev and nxt:
        fits = min(left, right) > 0 and max(left, right) >= MIN_SUPPORT
    elif len(tok.text) == 1:
        fits = False  # a lone letter next to digits or punctuation is a fragment
    else:
        fits = (left or right) >= 20
    clear = fits and support >= 5 * (second[0] + 1)
    if lex.is_word(tok.text) or len(tok.text) == 1:
        own = sum(_support(lex, prev, tok.text, nxt))
        if clear and own == 0 and freq >= KNOWN_RATIO * max(1, lex.frequency(tok.text)):
            return Proposal(tok.start, tok.end, best, alts, 0.93, RULE, 1)
        if (own == 0 and len(tok.text) > 1
                and freq >= KNOWN_RATIO * max(1, lex.frequency(tok.text))
                and support >= 5 * (second[0] + 1)
                and _absence_speaks(lex, prev, tok.text, best, nxt, left, right)):
            return Proposal(tok.start, tok.end, best, alts, 0.92, RULE, 1)
        if own == 0 and len(tok.text) > 1 and _associated(lex, prev, best, nxt, left, right) \
                and freq >= lex.frequency(tok.text) and support >= 5 * (second[0] + 1):
            return Proposal(tok.start, tok.end, best, alts, 0.92, RULE, 1)
        if _both_sides_prefer(lex, prev, tok.text, best, nxt) and support >= 5 * (second[0] + 1):
            return Proposal(tok.start, tok.end, best, alts, 0.92, RULE, 1)
        return None
    if clear:
        return Proposal(tok.start, tok.end, best, alts, 0.93, RULE, 1)
    if (support == 0 and (prev is None or nxt is None) and len(tok.text) >= 3
            and freq >= 200 and freq >= 10 * second[1]):
        return Proposal(tok.start, tok.end, best, alts, 0.92, RULE, 1)
    return None








def _compound(tokens: Sequence[Token], lo: int, hi: int, lex: Lexicons) -> Proposal | None:
    """Several fragments that are one frequent word with its marks restored (บัน|ทก)."""
    window = tokens[lo:hi]
    text = "".join(t.text for t in window)
    if len(text) < 4 or lex.is_word(text):
        return None
    seen = any(lex.pair(a.text, b.text) > 0 for a, b in itertools.pairwise(window))
    pool = restorations(lex, text)
    if not pool and not seen and not skeleton.short_beside(tokens, lo, hi):
        pool = skeleton.resubstituted(lex, text)
    if not pool:
        return None
    sole = (len(lex.mark_variants.get(bare(text), ())) == 1
            and (len(window) == 3 or not all(lex.is_word(t.text) for t in window))
            and not skeleton.short_beside(tokens, lo, hi))
    floor = SOLE_MIN_FREQ if sole else COMPOUND_MIN_FREQ
    cands = [v for v in pool if (v in lex.terms and len(window) == 3)
             or (not seen and lex.frequency(v) >= floor)]
    if not cands:
        return None
    cands.sort(key=lambda v: -lex.frequency(v))
    if len(cands) > 1 and lex.frequency(cands[1]) * 5 > lex.frequency(cands[0]):
        return None
    best = cands[0]
    # Noisy channel: the pieces side by side (never seen together) must be less likely than
    # the whole word having lost a mark.
    expected = 1.0
    for t in window:
        expected *= lex.frequency(t.text)
    expected /= lex.total ** (len(window) - 1)
    if best not in lex.terms and LOSS * lex.frequency(best) < 2 * expected:
        return None
    return Proposal(window[0].start, window[-1].end, best, tuple(cands[1:3]), 0.93, RULE, 1)


def _restored_pair(tokens: Sequence[Token], i: int, lex: Lexicons) -> Proposal | None:
    """Two real words side by side that both lost a mark and together are one dictionary
    word (เลือน|ขัน -> เลื่อนขั้น): the corpus never sees the pair, nor either word with its
    outer neighbour, and one restoration of each makes the compound."""
    if i + 2 > len(tokens):
        return None
    ta, tb = tokens[i], tokens[i + 1]
    if ta.end != tb.start or not (ta.thai and tb.thai):  # contiguous(tokens, i, 2)
        return None
    a, b = ta.text, tb.text
    words = lex.words
    if len(a) < 2 or len(b) < 2 or a not in words or b not in words \
            or lex.bigrams.get(f"{a}\t{b}", 0) > 0 or a + b in words:  # lex.pair(a, b)
        return None
    if _touching(tokens, i - 1, i) and lex.pair(tokens[i - 1].text, a) > 0:
        return None
    if _touching(tokens, i + 1, i + 2) and lex.pair(b, tokens[i + 2].text) > 0:
        return None
    key = f"pair\t{a}\t{b}"
    word = lex.memo.get(key)
    if not isinstance(word, str):
        found = {x + y for x in restorations(lex, a) for y in restorations(lex, b)
                 if x != a and y != b and x + y in lex.words}
        word = lex.memo[key] = found.pop() if len(found) == 1 else ""
    if not word:
        return None
    return Proposal(tokens[i].start, tokens[i + 1].end, word, (), 0.92, RULE, 2)


def _resplit(tokens: Sequence[Token], i: int, lex: Lexicons) -> Proposal | None:
    """A word whose lost mark made newmm cut it wrongly (ภาย|ในที|ครอบคลุม): the two pieces
    re-cut as a common word and a word with its mark restored (ภายใน|ที่), which the
    corpus sees with each other and with the next word, while it never sees the pieces."""
    if i == 0 or not contiguous(tokens, i - 1, 2):
        return None
    a, b = tokens[i - 1].text, tokens[i].text
    if (lex.is_word(b) and lex.frequency(b) > 0) or lex.pair(a, b) > 0:
        return None
    nxt = tokens[i + 1].text if _touching(tokens, i, i + 1) and \
        tokens[i + 1].thai else None
    key = f"resplit\t{a}\t{b}\t{nxt}" if nxt is not None else f"resplit\t{a}\t{b}"
    best = lex.memo.get(key)
    if not isinstance(best, str):
        text = a + b
        found: set[str] = set()
        for k in range(len(a) + 1, len(text)):
            head, tail = text[:k], text[k:]
            if tail[0] in _MARK_SET or lex.frequency(head) < RESPLIT_MIN_FREQ:
                continue
            for word in restorations(lex, tail):
                if word != tail and lex.frequency(word) >= RESPLIT_MIN_FREQ \
                        and lex.pair(head, word) >= MIN_SUPPORT \
                        and (nxt is None or lex.pair(word, nxt) >= MIN_SUPPORT):
                    found.add(head + word)
        best = lex.memo[key] = found.pop() if len(found) == 1 else ""
    if not best:
        return None
    return Proposal(tokens[i - 1].start, tokens[i].end, best, (), 0.92, RULE, 2)


def lost_mark_proposals(norm: str, tokens: Sequence[Token], lex: Lexicons) -> list[Proposal]:
    """Words (or runs of 2–3 fragments) that read as a frequent word once marks are restored."""
    out: list[Proposal] = []
    keys = [bare(t.text) for t in tokens]
    variants = lex.mark_variants
    # Cheap necessary conditions of each test, per token, so most tokens (known frequent
    # words beside known words) skip the calls: `_restored_pair` needs two touching Thai
    # known words of 2+ letters, `_resplit` a touching Thai piece before an unknown or unseen
    # word, `_single` on a known word restorations of it.
    words, freq = lex.words, lex.freq
    known = [t.text in words for t in tokens]
    glued = [a.end == b.start and b.thai for a, b in itertools.pairwise(tokens)]
    glued.append(False)
    for i, tok in enumerate(tokens):
        if not tok.thai:
            continue
        for n in (3, 2) if glued[i] else ():  # a run of 2-3 needs touching Thai tokens
            if "".join(keys[i : i + n]) in variants and contiguous(tokens, i, n):
                found = _compound(tokens, i, i + n, lex)
                if found is not None:
                    out.append(found)
                    break
        pair = None
        if glued[i] and known[i] and known[i + 1] and len(tok.text) >= 2 \
                and len(tokens[i + 1].text) >= 2:
            pair = _restored_pair(tokens, i, lex)
        if pair is None and i > 0 and glued[i - 1] and tokens[i - 1].thai \
                and not (known[i] and freq.get(tok.text, 0) > 0):
            pair = _resplit(tokens, i, lex)
        if pair is not None:
            out.append(pair)
            continue
        if keys[i] not in variants:
            continue
        if known[i] and not restorations(lex, tok.text):
            continue  # no restoration, and a known word: nothing to swap either
        single = _single(norm, tokens, i, lex)
        if single is not None:
            out.append(single)
    return out


EXTRA_RULE = "extra_mark"


def mark_edits(text: str) -> set[str]:
    """`text` with one mark deleted or replaced by one of its class (ู -> ุ), ้า <-> ำ <-> า."""
    out: set[str] = set()
    for i, ch in enumerate(text):
        if ch not in _MARK_SET or ch == "\u0e4c":  # ์ is part of names (สรณ์): kept
            continue
        out.add(text[:i] + text[i + 1 :])
        for group in _MARK_CLASSES:
            if ch in group:
                out.update(text[:i] + other + text[i + 1 :] for other in group if other != ch)
    out |= _sara_am_edits(text)
    out.discard(text)
    return out


def _sara_am_edits(text: str) -> set[str]:
    """Sara am misread: ้า for ำ (จ้านวน) or ำ for า (กำร)."""
    out: set[str] = set()
    for a, b in (("\u0e49\u0e32", "\u0e33"), ("\u0e33", "\u0e32")):
        start = text.find(a)
        while start >= 0:
            out.add(text[:start] + b + text[start + len(a) :])
            start = text.find(a, start + 1)
    return out


def _editable(lex: Lexicons, text: str) -> bool:
    """True when a mark edit of `text` may be a usable word: its skeleton is that of a word at
    least RARE_MIN_FREQ frequent or of a genre term, or a sara am edit gives such a skeleton
    (a cheap necessary test before building the edits)."""
    if bare(text) in lex.bare_freq:
        return True
    return ("\u0e33" in text or "\u0e49\u0e32" in text) and any(
        bare(e) in lex.bare_freq for e in _sara_am_edits(text))


def _good(lex: Lexicons, word: str) -> bool:
    """A frequent word or a genre term."""
    return lex.frequency(word) >= COMPOUND_MIN_FREQ or word in lex.terms


def _fragment_beside(tokens: Sequence[Token], lo: int, hi: int, lex: Lexicons) -> bool:
    """True when an unknown Thai fragment touches tokens[lo:hi] on either side."""
    for j, k in ((lo - 1, lo), (hi, hi - 1)):
        if (0 <= j < len(tokens) and tokens[j].thai
                and not lex.is_word(tokens[j].text)
                and tokens[max(j, k)].start == tokens[min(j, k)].end):
            return True
    return False


def _edited_pair(norm: str, tokens: Sequence[Token], i: int, lex: Lexicons) -> Proposal | None:
    """Two known words never seen together that are one frequent word with a mark fixed
    (จ้า|นวน -> จำนวน): the same noisy-channel test as lost marks across fragments."""
    if i + 1 >= len(tokens) or tokens[i].end != tokens[i + 1].start:
        return None
    triple = _edited_triple(tokens, i, lex)
    a, b = tokens[i], tokens[i + 1]
    if triple is not None or not (a.thai and b.thai):  # contiguous(tokens, i, 2)
        return triple
    text = a.text + b.text
    words = lex.words
    if b.text not in words or text in words or lex.bigrams.get(f"{a.text}\t{b.text}", 0) > 0 \
            or not _editable(lex, text):
        return None
    edits = _sara_am_edits(text)
    if not skeleton.outer_seen(tokens, i, i + 2, lex):
        edits |= skeleton.tone_swaps(text)
    cands = sorted((c for c in edits if len(c) >= 4 and _good(lex, c)),
                   key=lambda c: -lex.frequency(c))
    if not cands or (len(cands) > 1 and lex.frequency(cands[1]) * 5 > lex.frequency(cands[0])):
        return None
    expected = lex.frequency(a.text) * lex.frequency(b.text) / lex.total
    if LOSS * lex.frequency(cands[0]) < 2 * max(expected, 1.0):
        return None
    return Proposal(a.start, b.end, cands[0], tuple(cands[1:3]), 0.92, EXTRA_RULE, 1)


def _edited_triple(tokens: Sequence[Token], i: int, lex: Lexicons) -> Proposal | None:
    """Three known pieces never seen together that are one word with one mark fixed
    (วัฒน|ธร|รุม -> วัฒนธรรม): a word broken in three by a stray mark."""
    if i + 3 > len(tokens):
        return None
    window = tokens[i : i + 3]
    a, b, c = window
    words = lex.words
    if a.text not in words or b.text not in words or c.text not in words:
        return None
    if a.end != b.start or b.end != c.start or not (a.thai and b.thai and c.thai):
        return None  # contiguous(tokens, i, 3)
    text = a.text + b.text + c.text
    if not _editable(lex, text):
        return None
    seen = max(lex.pair(a.text, b.text) for a, b in itertools.pairwise(window))
    cands = sorted((c for c in mark_edits(text) if len(c) >= 5 and _good(lex, c)),
                   key=lambda c: -lex.frequency(c))
    if not cands or (len(cands) > 1 and lex.frequency(cands[1]) * 5 > lex.frequency(cands[0])):
        return None
    if seen > 0 and seen * 2 > LOSS * lex.frequency(cands[0]):
        return None  # the pieces are seen together more than the word loses a mark
    return Proposal(window[0].start, window[-1].end, cands[0], tuple(cands[1:3]), 0.92,
                    EXTRA_RULE, 1)


def _windows_around(i: int) -> list[tuple[int, int]]:
    """Token windows [lo, hi) holding token i, longest first (at most 4 tokens)."""
    spans = [(lo, hi) for lo in range(i - 2, i + 1) for hi in range(i + 1, i + 4) if hi - lo <= 4]
    return sorted(spans, key=lambda w: (w[0] - w[1], w[0]))


def _edited_window(norm: str, tokens: Sequence[Token], windows: Sequence[tuple[int, int]],
                   lex: Lexicons) -> Proposal | None:
    """The first window (in order) that one mark edit turns into a frequent word, if any."""
    for lo, hi in windows:
        if lo < 0 or hi > len(tokens) or not contiguous(tokens, lo, hi - lo):
            continue
        text = norm[tokens[lo].start : tokens[hi - 1].end]
        if _fragment_beside(tokens, lo, hi, lex):
            return None  # part of an unknown name or transliteration (นิวทริชั่น)
        if not _editable(lex, text):
            continue
        unknown = sum(not lex.is_word(t.text) for t in tokens[lo:hi])
        cands = sorted((c for c in mark_edits(text)
                        if len(c) >= (5 if hi - lo == 1 else 4) and (
                            _good(lex, c) or (unknown == 1 and hi - lo > 1
                                              and lex.frequency(c) >= RARE_MIN_FREQ))),
                       key=lambda c: -lex.frequency(c))
        if not cands:
            continue
        if len(cands) > 1 and lex.frequency(cands[1]) * 5 > lex.frequency(cands[0]):
            return None
        return Proposal(tokens[lo].start, tokens[hi - 1].end, cands[0], tuple(cands[1:3]),
                        0.94, EXTRA_RULE, 2)
    return None


def extra_mark_proposals(norm: str, tokens: Sequence[Token], lex: Lexicons) -> list[Proposal]:
    """An unknown fragment that becomes a frequent word with one mark removed or swapped."""
    out: list[Proposal] = []
    words = lex.words
    last = len(tokens) - 1
    for i, tok in enumerate(tokens):
        if not tok.thai:
            continue
        if tok.text in words:
            # both the pair and the triple test need a known word touching it on the right
            if i == last or tokens[i + 1].start != tok.end or tokens[i + 1].text not in words:
                continue
            joined = _edited_pair(norm, tokens, i, lex)
            if joined is not None:
                out.append(joined)
            continue
        if not any(ch in _MARK_SET or ch == "\u0e33" for ch in tok.text) and not (
                i + 1 < len(tokens) and any(ch in _MARK_SET for ch in tokens[i + 1].text)) and not (
                i > 0 and any(ch in _MARK_SET for ch in tokens[i - 1].text)):
            continue
        # the windows around it; failing those, four pieces ending with it (บุ|คลา|กุ|ร)
        found = _edited_window(norm, tokens, _windows_around(i), lex) \
            or _edited_window(norm, tokens, [(i - 3, i + 1)], lex)
        if found is not None:
            out.append(found)
    return out
