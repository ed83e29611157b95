"""Person names of signature blocks repaired from the Thai name lists shipped with pythainlp.

A scribbled signature over a "(name)" line costs OCR the small marks of the name: a tone mark or
thanthakhat (สุขเจริญยิง for สุขเจริญยิ่ง, ศักดิชัย for ศักดิ์ชัย), a stray lower vowel or comma in
front of the family name. A person's name silently changed is worse than one left as read, so a
name is repaired only on strong evidence: a listed name (given or family, about 22,000 in
pythainlp) is never changed; an unlisted one gets back a lost ่ ้ ์ when exactly one listed name is
it with the mark, or (family names, piece by piece) when the name lists use the marked piece ten
times more often than the piece as read. Upper vowels read for their neighbour (ิ/ี) are never
changed: both spellings occur in real names.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_right
from collections.abc import Iterable
from functools import lru_cache
from itertools import pairwise

log = logging.getLogger(__name__)

INSERTED = ("\u0e48", "\u0e49", "\u0e4c")  # ่ ้ ์: the marks a scribble erases
_MARK = re.compile(r"[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")
_CARRIER = re.compile(r"[\u0e01-\u0e2e\u0e31\u0e34-\u0e37]")  # what a tone mark can sit on
_VOWEL_ABOVE = re.compile(r"[\u0e31\u0e34-\u0e3a\u0e47]")  # a tone mark goes after these
_IMPOSSIBLE = re.compile(r"^[\u0e01-\u0e2e]\u0e4c|\u0e4c[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")
_NOT_NAME = re.compile(r"[^\u0e01-\u0e4e\s.]")
PIECE_RATIO = 10.0  # the marked piece must be this many times more frequent in names...
PIECE_MIN = 3  # ...and seen at least this often at the piece's place in them
CUT_MIN, CUT_LEAD = 25, 3.0  # evidence a piece boundary needs to split a glued name
GIVEN_SIMILAR = 0.93  # OCR-aware similarity a glued given name needs to a listed one...
GIVEN_LEAD = 0.03  # ...ahead of the next listed one, to place the cut after it


@lru_cache(maxsize=1)
def _lists() -> tuple[frozenset[str], frozenset[str]]:
    """Given names and family names of pythainlp's corpora (empty when unavailable)."""
    try:
        from pythainlp.corpus import thai_family_names, thai_female_names, thai_male_names

        given = frozenset(thai_female_names()) | frozenset(thai_male_names())
        return given, frozenset(thai_family_names())
    except Exception as exc:  # the lists only improve names
        log.warning("Thai name lists unavailable: %s", exc)
        return frozenset(), frozenset()


def _pieces(text: str) -> list[str]:
    """Word pieces of a name (pythainlp newmm), [text] when the tokenizer is unavailable."""
    try:
        from pythainlp.tokenize import word_tokenize

        return [t for t in word_tokenize(text, engine="newmm") if t]
    except Exception:  # tokenizer missing: no piece repair
        return [text]


class _NameIndex:
    """Names joined into one text, to find the names holding a substring at C speed."""

    def __init__(self, names: Iterable[str]) -> None:
        self.names = tuple(sorted(names))
        self.text = "\n" + "\n".join(self.names) + "\n"
        self.starts: list[int] = []
        at = 1
        for name in self.names:
            self.starts.append(at)
            at += len(name) + 1

    def holding(self, needle: str) -> list[str]:
        """The names that hold `needle` (which may start or end with a newline: a prefix or
        suffix), each once."""
        found: list[str] = []
        lead = 1 if needle.startswith("\n") else 0
        at = self.text.find(needle)
        while at >= 0 and self.names:
            k = max(0, bisect_right(self.starts, at + lead) - 1)
            found.append(self.names[k])
            if k + 1 >= len(self.starts):
                break
            at = self.text.find(needle, max(at + 1, self.starts[k + 1] - 1))
        return found


@lru_cache(maxsize=3)
def _index(which: str) -> _NameIndex:
    """The index of the given names, the family names or all of them ('given', 'family', 'all')."""
    given, family = _lists()
    return _NameIndex({"given": given, "family": family}.get(which, given | family))


@lru_cache(maxsize=65536)
def _name_pieces(name: str) -> tuple[str, ...]:
    """Word pieces of a listed name (tokenized once per process)."""
    return tuple(_pieces(name))


@lru_cache(maxsize=4096)
def piece_count(piece: str, *, last: bool) -> int:
    """How often `piece` is a word piece at the end (last) or inside (not last) of the listed
    names (compounds drop a final mark inside a name: รัตนโชค but ...รัตน์). Only the names
    holding `piece` as a substring are tokenized: a piece is always one, so the count is the
    one of tokenizing every name, at a small part of its cost."""
    count = 0
    for name in _index("all").holding(piece):
        pieces = _name_pieces(name)
        count += pieces[-1:] == (piece,) if last else pieces[:-1].count(piece)
    return count


@lru_cache(maxsize=1)
def _word_frequency() -> dict[str, int]:
    """General Thai word frequencies of the corrections lexicon (empty when unavailable)."""
    try:
        from corrections.lexicon import load_lexicons

        return load_lexicons().freq
    except Exception as exc:  # the corrections library is optional here
        log.warning("word frequencies unavailable: %s", exc)
        return {}


def mark_variants(piece: str) -> set[str]:
    """`piece` with one ่ ้ ์ added after a letter or upper vowel (a scribble erases marks; it
    does not add one, nor turn one upper vowel into another, so those are never undone: ิ/ี
    both occur in real names)."""
    out: set[str] = set()
    for i, ch in enumerate(piece):
        after = piece[i + 1] if i + 1 < len(piece) else ""
        if _CARRIER.match(ch) and not (after and (after in INSERTED or _VOWEL_ABOVE.match(after))):
            for mark in INSERTED:
                out.add(piece[: i + 1] + mark + piece[i + 1 :])
    out.discard(piece)
    return out


@lru_cache(maxsize=2)
def _unmarked(family: bool) -> dict[str, frozenset[str]]:
    """Each listed name with one ่ ้ ์ taken out -> the listed names it comes from."""
    found: dict[str, set[str]] = {}
    for name in _lists()[1 if family else 0]:
        for i, ch in enumerate(name):
            if ch in INSERTED:
                found.setdefault(name[:i] + name[i + 1 :], set()).add(name)
    return {k: frozenset(v) for k, v in found.items()}


def _listed_marked(name: str, *, family: bool) -> str | None:
    """The one listed name that is `name` with a ่ ้ ์ put back, None when none or several."""
    found = _unmarked(family).get(name, frozenset())
    return next(iter(found)) if len(found) == 1 else None


def _strongly_better(piece: str, variant: str, *, last: bool) -> bool:
    """Whether the name lists strongly prefer `variant` at the piece's place: seen PIECE_MIN
    times there and PIECE_RATIO times more often than `piece` anywhere in a name, and no rarer
    as a word (จันทร/จันทร์ both occur in names: no change)."""
    own = piece_count(piece, last=False) + piece_count(piece, last=True)
    found = piece_count(variant, last=last)
    freq = _word_frequency()
    return (
        found >= PIECE_MIN
        and found >= PIECE_RATIO * max(own, 0.5)
        and freq.get(variant, 0) >= freq.get(piece, 0)
    )


def repair_piece(piece: str, *, last: bool) -> str:
    """The piece with a lost ่ ้ ์ restored when the name lists strongly prefer that, else the
    piece."""
    for variant in sorted(mark_variants(piece)):
        if _strongly_better(piece, variant, last=last):
            return variant
    return piece


def repair_family(family: str) -> str:
    """A family name with a lost ่ ้ ์ restored: never when the name is listed; the one listed
    name a mark away, else piece by piece on strong name-list evidence."""
    if not family or family in _lists()[1] or family in _lists()[0]:
        return family
    if (listed := _listed_marked(family, family=True)) is not None:
        return listed
    pieces = _pieces(family)
    return "".join(repair_piece(p, last=i == len(pieces) - 1) for i, p in enumerate(pieces))


def impossible_spelling(text: str) -> bool:
    """Whether no Thai word is spelt so: a thanthakhat on the first letter (ณ์ฐวุฒิ, an OCR
    misread of ณัฐวุฒิ) or followed by another mark."""
    return _IMPOSSIBLE.search(text) is not None


def repair_given(given: str) -> str:
    """A given name with a lost ่ ้ ์ restored when exactly one listed given name is it with
    the mark, or a misspelling no Thai word has snapped to the one listed name an OCR confusion
    away; a listed or other name is kept (a real name off the list stays as read)."""
    if not given or given in _lists()[0] or given in _lists()[1] or len(given) < 3:
        return given
    if impossible_spelling(given):
        return closest_given(given) or given
    return _listed_marked(given, family=False) or given


def closest_given(text: str) -> str | None:
    """The listed given name one OCR confusion away from `text` (OCR-aware similarity
    GIVEN_SIMILAR, GIVEN_LEAD ahead of the next), None when none or ambiguous. Only tells where
    a glued given name ends: its letters are never replaced by the listed ones."""
    names = _lists()[0]
    if len(text) < 3:
        return None
    try:
        from rapidfuzz import fuzz, process

        from corrections.matcher import ocr_similarity
    except ImportError:
        return None
    near = process.extract(text, names, scorer=fuzz.ratio, processor=None, limit=8,
                           score_cutoff=70)
    scored = sorted(((ocr_similarity(text, n[0]), n[0]) for n in near), reverse=True)
    if not scored or scored[0][0] < GIVEN_SIMILAR:
        return None
    if len(scored) > 1 and scored[1][0] > scored[0][0] - GIVEN_LEAD:
        return None
    return scored[0][1]


@lru_cache(maxsize=4096)
def _ends_given(piece: str) -> int:
    """How many listed given names end with the word piece `piece`."""
    names = _index("given").holding(piece + "\n")
    return sum(1 for name in names if _name_pieces(name)[-1:] == (piece,))


@lru_cache(maxsize=4096)
def _starts_family(piece: str) -> int:
    """How many listed family names start with the word piece `piece`."""
    names = _index("family").holding("\n" + piece)
    return sum(1 for name in names if _name_pieces(name)[:1] == (piece,))


def likely_cut(text: str) -> int | None:
    """Where a glued "given family" name most likely splits, between two of its word pieces:
    the boundary whose left piece most often ends a given name and right piece most often
    starts a family name, CUT_LEAD times likelier than the next boundary; None else. Only
    places the space: no letter changes."""
    pieces = _pieces(text)
    scored: list[tuple[int, int]] = []
    at = 0
    for left, right in pairwise(pieces):
        at += len(left)
        if at >= 3 and len(text) - at >= 3:
            scored.append((_ends_given(left) * _starts_family(right), at))
    scored.sort(reverse=True)
    if not scored or scored[0][0] < CUT_MIN:
        return None
    if len(scored) > 1 and scored[0][0] < CUT_LEAD * scored[1][0]:
        return None
    return scored[0][1]


def tidy(name: str) -> str:
    """A read name without debris: characters no Thai name has, marks opening a word."""
    text = _NOT_NAME.sub(" ", name)
    words = [_strip_leading_marks(w) for w in text.split()]
    return " ".join(w for w in words if w)


def _strip_leading_marks(word: str) -> str:
    i = 0
    while i < len(word) and _MARK.match(word[i]):
        i += 1
    return word[i:]


def repair_name(title: str, given: str, family: str) -> tuple[str, str]:
    """Given and family name of a signatory with OCR mark damage repaired."""
    return repair_given(given), repair_family(_strip_leading_marks(family.lstrip(". ")))
