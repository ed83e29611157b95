"""OCR-aware fuzzy matching of Thai with RapidFuzz (Thai-safe processor, explicit scorer)."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

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


def ocr_key(text: str) -> str:
    """Thai-safe processor: drop tone marks and upper/lower vowels, merge look-alike letters."""
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


def best_matches(
    query: str,
    choices: Mapping[str, str] | Sequence[str],
    *,
    limit: int = 3,
    score_cutoff: float = 0.5,
    prefilter: int = 12,
) -> list[Match]:
    """Rank `choices` (a mapping choice -> key, or plain strings) by OCR-aware similarity.

    RapidFuzz prefilters on the processed keys with normalised Levenshtein; the survivors are
    rescored with `ocr_similarity` on the real strings.
    """
    if isinstance(choices, Mapping):
        keys: Mapping[str, str] = choices
    else:
        keys = {c: ocr_key(c) for c in choices}
    qkey = ocr_key(query)
    if not qkey or not keys:
        return []
    rough = process.extract(
        qkey, keys, scorer=Levenshtein.normalized_similarity, processor=None,
        limit=prefilter, score_cutoff=max(0.0, score_cutoff - 0.2),
    )
    scored = [Match(choice, ocr_similarity(query, choice)) for _key, _s, choice in rough]
    scored = [m for m in scored if m.score >= score_cutoff]
    scored.sort(key=lambda m: (-m.score, m.choice))
    return scored[:limit]


def key_map(choices: Iterable[str]) -> dict[str, str]:
    """Precompute the processed key of every choice (for repeated `best_matches` calls)."""
    return {c: ocr_key(c) for c in choices}
