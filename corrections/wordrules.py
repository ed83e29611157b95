"""Word-level rules: stray spaces, doubled syllables, lost tone marks, real-word errors."""

from __future__ import annotations

import itertools
import logging
from collections.abc import Sequence

from corrections.lexicon import Lexicons, bare
from corrections.markrules import corpus_edge
from corrections.markrules import restores as adds_marks
from corrections.matcher import similar
from corrections.normalize import MARKS
from corrections.proposal import Proposal, Token, contiguous, spelling_key
from corrections.skeleton import tone_swaps

log = logging.getLogger(__name__)

JOIN_KNOWN_FREQ = 100  # a word rebuilt from a known word and an unknown piece is this common


def join_space_proposals(norm: str, tokens: Sequence[Token], lex: Lexicons) -> list[Proposal]:
    """A stray space inside a word (ผู้รับบริ การ): join when the pieces make a known word."""
    out: list[Proposal] = []
    for i in range(len(tokens) - 1):
        a, b = tokens[i], tokens[i + 1]
        if norm[a.end : b.start] != " " or not (a.thai and b.thai):
            continue
        best: Proposal | None = None
        right = b.text
        if contiguous(tokens, i + 1, 2):
            right += tokens[i + 2].text
        for k in (1, 2, 3):
            if not contiguous(tokens, i - k + 1, k):
                break
            left = tokens[i - k + 1 : i + 1]
            # Known words on the left join only an unknown piece into a common word
            # (ขออนุ ญาต -> ขออนุญาต), never two words (ได้ รับ).
            known = all(lex.is_word(t.text) and len(t.text) > 1 for t in left)
            if known and (lex.is_word(b.text) or not b.thai):
                continue
            stem = "".join(t.text for t in left)
            for cut in range(len(right), 0, -1):
                joined = stem + right[:cut]
                if known and (cut < len(b.text) or lex.frequency(joined) < JOIN_KNOWN_FREQ):
                    continue
                if len(joined) >= 4 and joined in lex.words and (
                        cut == len(right) or right[cut] not in MARKS):
                    if best is None or len(joined) > len(best.suggestion):
                        best = Proposal(left[0].start, b.start + cut, joined, (), 0.95,
                                        "join_space", 2)
                    break
        if best is not None:
            out.append(best)
    return out


def doubled_proposals(norm: str, tokens: Sequence[Token], lex: Lexicons) -> list[Proposal]:
    """A syllable read twice (อย่างย่าง): drop the echo when the pair never occurs."""
    out: list[Proposal] = []
    for a, b in itertools.pairwise(tokens):
        if a.end != b.start or len(b.text) < 2 or len(b.text) > len(a.text):
            continue
        if a.text.endswith(b.text) and lex.pair(a.text, b.text) == 0 and a.thai:
            out.append(Proposal(a.start, b.end, a.text, (), 0.92, "doubled", 2))
    return out + _echo_proposals(norm, tokens, lex)


def _echo_proposals(norm: str, tokens: Sequence[Token], lex: Lexicons) -> list[Proposal]:
    """The start of a word read once more before it (ผู้ ผู้รับผิดชอบ, ดั|ดังนี้): dropped."""
    out: list[Proposal] = []
    for a, b in itertools.pairwise(tokens):
        gap = norm[a.end : b.start]
        if len(a.text) < 2 or len(b.text) <= len(a.text) or gap not in ("", "\n"):
            continue
        expected = lex.frequency(a.text) * lex.frequency(b.text) / lex.total
        if lex.is_word(a.text) and gap == "" and expected < 5 and not _cell_start_echo(
                norm, a, b, lex):
            continue  # เงินเงินสด, รอรอบ: never seen, but not expected either
        if not (b.text.startswith(a.text) and a.thai and b.thai):
            continue
        if b.text[len(a.text) :][:1] in tuple(MARKS) or lex.pair(a.text, b.text) > 0:
            continue
        if lex.frequency(b.text) >= 50 and (a.text + b.text) not in lex.words:
            out.append(Proposal(a.start, b.start, "", (), 0.92, "doubled", 2))
    return out


ECHO_MIN_FREQ = 100  # a word whose start is read twice at a chunk start is this frequent


def _cell_start_echo(norm: str, a: Token, b: Token, lex: Lexicons) -> bool:
    """The word the echo repeats is a genre term (งานผู้ผู้รับผิดชอบ), or a frequent word and
    the echo opens a chunk (a table cell, a line): a syllable read twice, though chance
    alone says nothing."""
    if b.text in lex.terms:
        return True
    if a.start > 0 and not norm[a.start - 1].isspace():
        return False
    return lex.frequency(b.text) >= ECHO_MIN_FREQ


def _support(lex: Lexicons, prev: str | None, word: str, nxt: str | None) -> int:
    """How often the corpus sees `word` next to these neighbours."""
    return (lex.pair(prev, word) if prev else 0) + (lex.pair(word, nxt) if nxt else 0)


def _neighbours(tokens: Sequence[Token], i: int, lex: Lexicons) -> tuple[str | None, str | None]:
    """Known words right before/after token i (None past a gap, digits or an unknown fragment)."""
    prev, nxt, _fragment = _sides(tokens, i, lex)
    if _fragment:
        return None, None
    return prev, nxt


def _sides(tokens: Sequence[Token], i: int, lex: Lexicons) -> tuple[str | None, str | None, bool]:
    """Adjacent known Thai words of token i, and whether an unknown Thai fragment touches it."""
    tok = tokens[i]
    sides: list[str | None] = [None, None]
    fragment = False
    for slot, j in ((0, i - 1), (1, i + 1)):
        if not 0 <= j < len(tokens):
            continue
        other = tokens[j]
        gap = tok.start - other.end if j < i else other.start - tok.end
        if gap > 1 or not other.thai:
            continue
        if lex.is_word(other.text):
            sides[slot] = other.text
        elif gap == 0:
            fragment = True
    return sides[0], sides[1], fragment


def realword_proposals(norm: str, tokens: Sequence[Token], lex: Lexicons) -> list[Proposal]:
    """A real word its neighbours never see (ครัว ใช้) replaced by a look-alike they often see."""
    out: list[Proposal] = []
    for i, tok in enumerate(tokens):
        if len(tok.text) < 3 or not lex.is_word(tok.text) or not tok.thai:
            continue
        if lex.frequency(tok.text) >= 1000:
            continue  # a common word is not replaced on bigram evidence alone
        prev, nxt = _neighbours(tokens, i, lex)
        if prev is None or nxt is None or _support(lex, prev, tok.text, nxt) > 0:
            continue
        if tok.text in lex.terms or tok.text in lex.gazetteer.subdistricts_by_name:
            continue
        if lex.mark_variants.get(bare(tok.text), (tok.text,)) != (tok.text,):
            continue  # lost/wrong marks are tone_marks' business
        key = f"realword\t{prev}\t{tok.text}\t{nxt}"
        found = lex.memo.get(key)
        if found is None:
            found = lex.memo[key] = _realword_choice(lex, prev, tok.text, nxt)
        if isinstance(found, tuple) and found:
            best, alts, conf = found
            out.append(Proposal(tok.start, tok.end, str(best), tuple(alts), float(conf),
                                "real_word", 1))
    return out


def _realword_choice(lex: Lexicons, prev: str, word: str,
                     nxt: str) -> tuple[str, tuple[str, ...], float] | tuple[()]:
    """(replacement, alternatives, confidence) for a real word its neighbours never see, or ()
    (a function of the three words only: memoised by the caller)."""
    pool = lex.neighbours(prev, nxt)
    scored = []
    near = [c for c in pool if c != word and abs(len(c) - len(word)) <= 1]
    for match in similar(word, near, 0.55):
        cand = match.choice
        left, right = lex.pair(prev, cand), lex.pair(cand, nxt)
        scored.append((min(left, right), max(left, right), match.score, cand))
    if not scored:
        return ()
    scored.sort(reverse=True)
    both, one, sim, best = scored[0]
    rare = lex.frequency(word)
    if both >= 20 and sim >= 0.7 and rare < 300 and lex.frequency(best) >= 20 * max(rare, 1):
        conf = 0.92
    elif one >= 15 and rare < 1000 and 10 * rare <= lex.frequency(best):
        conf = 0.6
    else:
        return ()
    return best, tuple(c for *_x, c in scored[1:3]), conf


def _compound(lex: Lexicons, prev: str | None, word: str, nxt: str | None,
              variants: Sequence[str]) -> str | None:
    """The variant that rejoins the previous word into a frequent word (แต่ง|ตัง -> แต่งตั้ง)."""
    if prev is None or (prev + word) in lex.words or _support(lex, prev, word, nxt) > 0:
        return None
    scored = sorted(((lex.frequency(prev + v), v) for v in variants
                     if v != word and len(v) >= len(word) and (prev + v) in lex.words),
                    reverse=True)
    if not scored or scored[0][0] < 100:
        return None
    if len(scored) > 1 and scored[1][0] * 5 > scored[0][0]:
        return None
    return scored[0][1]


TONE_SWAP_SUPPORT = 10  # pair count the swapped form needs with each neighbour


def _tone_swapped(tokens: Sequence[Token], i: int, lex: Lexicons) -> Proposal | None:
    """A known word read with the other tone mark (พร้อม|นี่|เพื่อ -> นี้): both neighbours
    often see the swapped form and never the read one."""
    tok = tokens[i]
    if not tok.thai or not lex.is_word(tok.text) or ("\u0e48" not in tok.text
                                                     and "\u0e49" not in tok.text):
        return None
    swaps = [v for v in tone_swaps(tok.text) if lex.is_word(v)]
    if not swaps:
        return None
    prev, nxt, fragment = _sides(tokens, i, lex)
    if not prev or not nxt or fragment:
        return None
    # a genre compound the corpus never saw whole speaks through its edge word
    prev = prev if lex.frequency(prev) else corpus_edge(lex, prev, True)
    nxt = nxt if lex.frequency(nxt) else corpus_edge(lex, nxt, False)
    if lex.pair(prev, tok.text) or lex.pair(tok.text, nxt):
        return None
    found = [v for v in swaps if min(lex.pair(prev, v), lex.pair(v, nxt)) >= TONE_SWAP_SUPPORT]
    if len(found) != 1:
        return None
    return Proposal(tok.start, tok.end, found[0], (), 0.92, "tone_marks", 1)


def mark_proposals(norm: str, tokens: Sequence[Token], lex: Lexicons) -> list[Proposal]:
    """Lost or wrong tone marks/vowels (ที -> ที่): pick the variant its neighbours support."""
    out: list[Proposal] = []
    for i, tok in enumerate(tokens):
        swapped = _tone_swapped(tokens, i, lex)
        if swapped is not None:
            out.append(swapped)
            continue
        key = bare(tok.text)
        variants = lex.mark_variants.get(key)
        if not variants or len(key) < 2 or not tok.thai or variants == (tok.text,):
            continue
        prev, nxt, fragment = _sides(tokens, i, lex)
        if fragment:
            continue
        compound = _compound(lex, prev, tok.text, nxt, variants)
        if compound is not None:
            out.append(Proposal(tok.start, tok.end, compound, (), 0.93, "tone_marks", 1))
            continue
        known = lex.is_word(tok.text)
        own = _support(lex, prev, tok.text, nxt)
        scored = sorted(((_support(lex, prev, v, nxt), lex.frequency(v), v)
                         for v in variants if spelling_key(v) != spelling_key(tok.text)),
                        reverse=True)
        if not scored:
            continue
        support, freq, best = scored[0]
        if known and not adds_marks(tok.text, best) and (
                lex.frequency(tok.text) >= 500 or len(tok.text) - len(best) >= 2):
            continue  # a common word is not swapped for another (ที่นี่ -> ทุน, รีบ -> รับ)
        runner_up = scored[1] if len(scored) > 1 else (0, 0, "")
        left, right = (lex.pair(prev, best) if prev else 0), (lex.pair(best, nxt) if nxt else 0)
        if prev and nxt:
            clear = min(left, right) >= 4 and freq >= lex.frequency(tok.text)
        else:
            clear = (left or right) >= 200 and freq >= 20 * lex.frequency(tok.text)
        clear = clear and own == 0 and support >= 5 * (runner_up[0] + 1)
        restores = len(best) >= len(tok.text)  # OCR loses marks far more often than it adds them
        if clear or (not known and restores and support >= 3 and support >= 3 * (runner_up[0] + 1)):
            conf = 0.93
        elif support >= 5 and support >= 5 * (own + 1):
            conf = 0.7
        elif not known and freq >= 100:
            conf = 0.65
        else:
            continue
        alts = tuple(v for _s, _f, v in scored[1:3])
        out.append(Proposal(tok.start, tok.end, best, alts, conf, "tone_marks", 1))
    return out
