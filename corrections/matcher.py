"""OCR-aware fuzzy matching of Thai with RapidFuzz (Thai-safe processor, explicit scorer)."""

from __future__ import annotations

import functools
import logging
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA, Levenshtein

from corrections.normalize import MARKS

log = logging.getLogger(__name__)

# Letters Tesseract's Thai model confuses with each other; each group maps to its first letter.
LOOKALIKE_GROUPS: tuple[str, ...] = (
    "ดต", "คศ", "บปษ", "ขชซ", "ถภฤ", "ผพฟฝ", "สล", "ฎฏฐ", "รธ", "ทฑ", "อฮ", "ใไ", "ยฆ",
)
LOOKALIKE_COST = 0.35
_KEY_TABLE: dict[int, str | None] = {ord(m): None for m in MARKS}
for _group in LOOKALIKE_GROUPS:
    for _ch in _group[1:]:
        _KEY_TABLE[ord(_ch)] = _group[0]
_KEY_TABLE[ord("\u0e33")] = "\u0e32"  # ำ -> า
_KEY_TABLE[ord(" ")] = None
_KEY_TABLE[ord(".")] = None


@functools.lru_cache(maxsize=1 << 16)
def ocr_key(text: str) -> str:
    """Thai-safe processor: drop tone marks and upper/lower vowels, merge look-alike letters
    (memoised: the same windows are keyed again and again)."""
    return text.translate(_KEY_TABLE)


def ocr_distance(a: str, b: str) -> float:
    """OSA edit distance where look-alike letters and lost/added marks cost LOOKALIKE_COST."""
    dk = OSA.distance(ocr_key(a), ocr_key(b))
    dr = OSA.distance(a.replace(" ", ""), b.replace(" ", ""))
    return dk + LOOKALIKE_COST * max(0, dr - dk)


def ocr_similarity(a: str, b: str) -> float:
    """1 - ocr_distance / longer length, in [0, 1]."""
    longest = max(len(a), len(b), 1)
    return max(0.0, 1.0 - ocr_distance(a, b) / longest)


@dataclass(frozen=True)
class Match:
    """A scored candidate: the lexicon key it came from and its OCR-aware similarity."""

    choice: str
    score: float


class KeyIndex:
    """Choices with their processed keys, indexed so a query skips the keys that cannot reach
    a similarity cutoff (a large, reused choice set: a length band of general words).

    The pruning is exact: Levenshtein distance is at least the length difference and at least
    the number of distinct characters of one key absent from the other; a character signature
    (one bit per frequent character, one shared bit for the rest) gives a lower bound of the
    latter. A key whose bound already puts it below the cutoff is never scored, the others are
    scored as before, in the same order (so ties break the same way).
    """

    def __init__(self, keys: Mapping[str, str]) -> None:
        """Index `keys` (choice -> processed key); the mapping's order is kept."""
        self.keys: dict[str, str] = dict(keys)
        self.choices = list(self.keys)
        self._choice_arr = np.array(self.choices, dtype=object)
        self._key_arr = np.array(list(self.keys.values()), dtype=object)
        counts = Counter(ch for key in self.keys.values() for ch in key)
        self._bit = {ch: i for i, (ch, _n) in enumerate(counts.most_common(63))}
        self.lengths = np.array([len(k) for k in self.keys.values()], dtype=np.int64)
        self.masks = np.array([self._mask(k) for k in self.keys.values()], dtype=np.uint64)
        self._not_masks = ~self.masks
        self._limits: dict[tuple[int, float], _Slice] = {}

    def __len__(self) -> int:
        """Number of choices."""
        return len(self.choices)

    def _mask(self, text: str) -> int:
        """Character signature of a key: the bits of its distinct characters."""
        mask = 0
        for ch in set(text):
            mask |= 1 << self._bit.get(ch, 63)
        return mask

    def candidates(self, qkey: str, cutoff: float) -> tuple[list[str], list[str]]:
        """The choices whose key may have normalised Levenshtein similarity >= cutoff with
        `qkey`, and their keys, in the index's order."""
        if cutoff <= 0:
            return self.choices, list(self.keys.values())
        q = np.uint64(self._mask(qkey))
        masks, not_masks, limit, choice_arr, key_arr = self._limit(len(qkey), cutoff)
        keep = np.flatnonzero(np.maximum(np.bitwise_count(masks & ~q),
                                         np.bitwise_count(not_masks & q)) <= limit)
        return choice_arr[keep].tolist(), key_arr[keep].tolist()

    def _limit(self, n: int, cutoff: float) -> _Slice:
        """The choices a query key of length n may reach at the cutoff by length alone (their
        masks, complements, choices and keys, in the index's order) and, per choice, the
        largest whole distance the query may be from it (kept per n, cutoff)."""
        found = self._limits.get((n, cutoff))
        if found is None:
            limit = (1.0 - cutoff + 1e-9) * np.maximum(self.lengths, n)
            fits = np.flatnonzero(np.abs(self.lengths - n) <= limit)
            # a distance is a whole number: d <= limit exactly when d <= floor(limit)
            found = self._limits[(n, cutoff)] = (
                self.masks[fits], self._not_masks[fits],
                np.floor(limit[fits]).astype(np.uint8), self._choice_arr[fits],
                self._key_arr[fits])
        return found


_Slice = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]


def similar(query: str, choices: Iterable[str], cutoff: float) -> list[Match]:
    """The choices whose `ocr_similarity` to `query` is at least `cutoff`, with it, in order
    (the same arithmetic, the query's keys computed once)."""
    q_key, q_raw = ocr_key(query), query.replace(" ", "")
    n = len(query)
    out: list[Match] = []
    for choice in choices:
        dk = OSA.distance(q_key, ocr_key(choice))
        dr = OSA.distance(q_raw, choice.replace(" ", ""))
        dist = dk + LOOKALIKE_COST * max(0, dr - dk)
        score = max(0.0, 1.0 - dist / max(n, len(choice), 1))
        if score >= cutoff:
            out.append(Match(choice, score))
    return out


def best_matches(
    query: str,
    choices: Mapping[str, str] | Sequence[str] | KeyIndex,
    *,
    limit: int = 3,
    score_cutoff: float = 0.5,
    prefilter: int = 12,
) -> list[Match]:
    """Rank `choices` (a mapping choice -> key, or plain strings) by OCR-aware similarity.

    RapidFuzz prefilters on the processed keys with normalised Levenshtein; the survivors are
    rescored with `ocr_similarity` on the real strings. A `KeyIndex` gives the same result as
    its mapping, faster (keys that cannot pass the prefilter's cutoff are skipped).
    """
    if isinstance(choices, KeyIndex):
        keys: Mapping[str, str] = choices.keys
    elif isinstance(choices, Mapping):
        keys = choices
    else:
        keys = {c: ocr_key(c) for c in choices}
    qkey = ocr_key(query)
    if not qkey or not keys:
        return []
    rough_cutoff = max(0.0, score_cutoff - 0.2)
    if isinstance(choices, KeyIndex):
        # ties of the prefilter break by position, and the candidates keep the index's order
        names, name_keys = choices.candidates(qkey, rough_cutoff)
        found = process.extract(
            qkey, name_keys, scorer=Levenshtein.normalized_similarity, processor=None,
            limit=prefilter, score_cutoff=rough_cutoff,
        )
        picked = [names[k] for _key, _s, k in found]
    else:
        rough = process.extract(
            qkey, keys, scorer=Levenshtein.normalized_similarity, processor=None,
            limit=prefilter, score_cutoff=rough_cutoff,
        )
        picked = [choice for _key, _s, choice in rough]
    scored = similar(query, picked, score_cutoff)
    scored.sort(key=lambda m: (-m.score, m.choice))
    return scored[:limit]


def best_matches_many(
    queries: Sequence[str],
    choices: Mapping[str, str] | KeyIndex,
    *,
    limit: int = 3,
    score_cutoff: float = 0.5,
    prefilter: int = 12,
) -> list[list[Match]]:
    """`best_matches` of each query against the same choices, in one RapidFuzz `cdist`.

    The result is exactly `[best_matches(q, choices, ...) for q in queries]`: the prefilter
    scores are the same scorer's, the top `prefilter` are taken in score order with ties by
    position (as `process.extract` breaks them), then rescored as in `best_matches`. Scoring
    many queries at once spares converting every choice once per query, most of a call's cost.
    """
    keys: Mapping[str, str] = choices.keys if isinstance(choices, KeyIndex) else choices
    out: list[list[Match]] = [[] for _ in queries]
    qkeys = [ocr_key(q) for q in queries]
    todo = [k for k, qk in enumerate(qkeys) if qk]
    if not todo or not keys:
        return out
    names = list(keys)
    rough_cutoff = max(0.0, score_cutoff - 0.2)
    scores = process.cdist([qkeys[k] for k in todo], list(keys.values()),
                           scorer=Levenshtein.normalized_similarity, processor=None,
                           score_cutoff=rough_cutoff, dtype=np.float64, workers=1)
    for row, k in zip(scores, todo, strict=True):
        found = np.flatnonzero(row >= rough_cutoff) if rough_cutoff > 0 else np.arange(len(row))
        if len(found) > prefilter:
            found = found[np.argsort(-row[found], kind="stable")[:prefilter]]
        query = queries[k]
        scored = similar(query, [names[j] for j in found.tolist()], score_cutoff)
        scored.sort(key=lambda m: (-m.score, m.choice))
        out[k] = scored[:limit]
    return out


def key_map(choices: Iterable[str]) -> dict[str, str]:
    """Precompute the processed key of every choice (for repeated `best_matches` calls)."""
    return {c: ocr_key(c) for c in choices}
