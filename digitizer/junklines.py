"""Junk lines: text Tesseract reads in non-text ink (emblem, signature scribbles, specks).

The Garuda emblem above บันทึกข้อความ, a signature's strokes or a mark above a table header
come out as a "line" of mixed Latin, Thai and digits (``๑7 ๕-9 ฆ#``, ``a 9๑7 a aA 9๑/ฆ``). The
truth has no such text. A line is proposed for deletion (rule ``junk_line``, suggestion "") only
from the page's own evidence: no token of it is language (no lexicon word of 3+ Thai letters, no
known abbreviation, no English-looking word, no clean number, date, code or list number) and
some tokens are junk only OCR makes (Latin glued to Thai, Thai and Arabic digits in one token,
symbols such as £ « # \\, rare consonants glued to digits). Precision first: a line with any
plausible token is kept whole.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import median
from typing import Protocol

from digitizer import layout
from digitizer.correction_lexicons import correction_lexicons
from digitizer.model import Correction, Line, Page
from digitizer.options import Options

RULE = "junk_line"
APPLY_SHARE = 0.5  # share of the line's characters in junk tokens to delete it outright...
APPLY_CHARS = 5  # ...with at least this many junk characters
FLAG_CHARS = 2  # fewer junk characters than this: leave the line alone
MAX_DIGITS = 3  # a token with more digits is a number with a misread glyph (95ไ40), not junk
MIN_CHARS = 3  # a line shorter than this is left to the stray-letter rules
SPECK_CHARS = 4  # a speck line holds at most this many characters...
SPECK_HEIGHT = 0.3  # ...and is lower than this share of the page's text-line height

_THAI_LETTER = re.compile(r"[\u0e01-\u0e2e\u0e30-\u0e3a\u0e40-\u0e45\u0e47-\u0e4e]")
_THAI_CONS = re.compile(r"[\u0e01-\u0e2e]")
_THAI_RUN = re.compile(r"[\u0e01-\u0e3a\u0e40-\u0e4e]+")
_THAI_DIGIT = re.compile(r"[\u0e50-\u0e59]")
_ARABIC_DIGIT = re.compile(r"[0-9]")
_LATIN = re.compile(r"[A-Za-z]")
_SYMBOL = re.compile(r"[£«»#\\|~^¢©®{}_=¥€§°¬¦™@$%&*+<>]")
_RARE = re.compile(r"[ฃฅฆฌฎฏฐฑฒฬ]")
_ENGLISH = re.compile(r"^[(\[\"']*(?:[A-Z][a-z]{2,}|[a-z]{4,}|[A-Z]{3,6})[)\]\"'.,:;]*$")
_VOWELS3 = re.compile(r"[aeiouAEIOU]{3}")
_NUMBER = re.compile(
    r"^[(\[]?(?:[0-9]{2,}|[0-9][.)]|[\u0e50-\u0e59]{2,}|[\u0e50-\u0e59][.)]"
    r"|[0-9]+(?:[.,/:-][0-9]+)+|[\u0e50-\u0e59]+(?:[.,/:-][\u0e50-\u0e59]+)+)[).,:]?$"
)
_CODE = re.compile(r"^[\u0e01-\u0e2e.]{2,}[0-9\u0e50-\u0e59./-]+$")  # อท77516/2610, ลย.0023/1
_LATIN_BIT = re.compile(r"^[A-Za-z&'‘]{1,3}[.,]?$")
_NON_INITIAL = set("ะาำัิีึืุู็่้๊๋์ๆฯ")
_PUNCT = ".,:;()[]\"'“”‘’-–—/"


class Words(Protocol):
    """What the rule needs of the lexicons: membership of a word."""

    def is_word(self, token: str) -> bool:
        """True when `token` is a known word."""


@dataclass(frozen=True)
class Verdict:
    """A line's judgement: junk characters, all characters, and whether any token is language."""

    junk: int
    chars: int
    plausible: bool


def has_real_word(text: str, lex: Words, min_letters: int = 3) -> bool:
    """Whether a run of Thai in `text` holds a lexicon word of `min_letters`+ Thai letters."""
    for run in _THAI_RUN.findall(text):
        for i in range(len(run)):
            for j in range(i + min_letters, min(len(run), i + 24) + 1):
                piece = run[i:j]
                if len(_THAI_LETTER.findall(piece)) >= min_letters and lex.is_word(piece):
                    return True
    return False


def plausible_token(token: str, lex: Words) -> bool:
    """A token that may be language: a known word or abbreviation, an English-looking word, a
    clean number, date, code or list number (one digit system), or Thai holding a real word."""
    bare = token.strip(_PUNCT)
    if not bare:
        return token in {"/", "-", "(", ")", "."}  # a check mark, a dash: keep
    if lex.is_word(bare) or lex.is_word(token):
        return True
    if english(token) or _NUMBER.match(token) or _CODE.match(bare):
        return True
    return has_real_word(bare, lex)


def english(token: str) -> bool:
    """A token shaped like an English word or acronym (not a run of vowels such as aeaii)."""
    return bool(_ENGLISH.match(token)) and not _VOWELS3.search(token)


def junk_token(token: str, lex: Words) -> bool:
    """A token only OCR of non-text ink makes: Latin glued to Thai, Thai and Arabic digits in
    one token, a junk symbol, or a rare consonant glued to digits or Latin."""
    thai = bool(_THAI_LETTER.search(token) or _THAI_DIGIT.search(token))
    latin = bool(_LATIN.search(token))
    if latin and thai:
        return True
    digits = len(_ARABIC_DIGIT.findall(token)) + len(_THAI_DIGIT.findall(token))
    if _THAI_DIGIT.search(token) and _ARABIC_DIGIT.search(token) and digits <= MAX_DIGITS:
        return True  # ๑7, 9๑7 (not ๒๕๖7: a year with one digit misread)
    if _SYMBOL.search(token) and not english(token):
        return True
    digit = bool(_ARABIC_DIGIT.search(token) or _THAI_DIGIT.search(token))
    if _RARE.search(token) and (digit or latin):
        return True
    letters = "".join(_THAI_RUN.findall(token))
    return bool(
        letters and _ARABIC_DIGIT.search(token) and digits <= MAX_DIGITS
        and not _CODE.match(token.strip(_PUNCT))
        and not lex.is_word(letters) and not has_real_word(letters, lex, 2)
    )


def judge_line(text: str, lex: Words) -> Verdict:
    """How much of a line is junk tokens, and whether any token of it is plausible language."""
    tokens = text.split()
    chars = sum(len(t) for t in tokens)
    if has_real_word(text, lex):
        return Verdict(0, chars, True)
    strong = [t for t in tokens if junk_token(t, lex)]
    plausible = any(plausible_token(t, lex) for t in tokens if t not in strong)
    return Verdict(sum(len(t) for t in strong), chars, plausible)


def _span(text: str, start: int, end: int) -> tuple[int, int]:
    """The line's span with one adjacent line break, so deleting it leaves no blank line."""
    if end < len(text) and text[end] == "\n":
        return start, end + 1
    if start > 0 and text[start - 1] == "\n":
        return start - 1, end
    return start, end


def junk_lines(
    page: Page, lex: Words, corrected: Sequence[str] | None = None
) -> list[Correction]:
    """Corrections deleting the page's junk lines: applied when the line is mostly junk tokens
    (and none is language), flagged when junk is a smaller share of it. `corrected` holds each
    line's text after the other corrections: a line they made language (a page number read
    ``-%-`` and fixed to ``- 2 -``) is kept."""
    fixed = list(corrected) if corrected is not None else [ln.text_raw for ln in page.lines]
    heights = [ln.bbox[3] - ln.bbox[1] for ln in page.lines if has_real_word(ln.text_raw, lex)]
    body = median(heights) if heights else 0.0
    out: list[Correction] = []
    offsets = layout.line_offsets(page.lines)
    for line, (start, end), after in zip(page.lines, offsets, fixed, strict=True):
        judged, whole = _whole_line(line, after, lex, body), True
        if judged is None:
            cut = tail_run(line.text_raw, after, lex)
            if cut is None:
                continue
            judged, whole = (0.9, True), False
            start += cut
        confidence, sure = judged
        s, e = _span(page.text_raw, start, end) if whole else (start, end)
        out.append(
            Correction(
                id="",
                page=page.number,
                start=s,
                end=e,
                original=page.text_raw[s:e],
                suggestion="",
                confidence=confidence,
                rule=RULE,
                bbox=list(line.bbox),
                status="applied" if sure else "flagged",
            )
        )
    return out


def _whole_line(line: Line, after: str, lex: Words, body: float) -> tuple[float, bool] | None:
    """(confidence, sure) when the whole line is junk, else None: junk tokens and no language,
    or a speck far shorter than a text line, or Latin fragments on a Thai page."""
    raw = line.text_raw
    height = line.bbox[3] - line.bbox[1]
    if after != raw and judge_line(after, lex).plausible:
        return None
    if body and (speck(raw, height, body, lex) or latin_debris(raw)):
        return 0.7, False  # most are junk, some stand for text the OCR missed: flag them
    verdict = judge_line(raw, lex)
    if verdict.plausible or verdict.junk < FLAG_CHARS or verdict.chars < MIN_CHARS:
        return None
    share = verdict.junk / verdict.chars
    sure = share >= APPLY_SHARE and verdict.junk >= APPLY_CHARS
    confidence = round(min(0.99, 0.5 + 0.45 * share + (0.04 if sure else 0.0)), 4)
    if body and height > 2.5 * body:
        sure = False  # taller than three text lines: a block OCR merged, look at it
    return confidence, sure


def speck(text: str, height: float, body: float, lex: Words) -> bool:
    """A few characters read in a speck: far shorter than the page's text lines (or starting
    with a mark no Thai word starts with), holding no word; a dotted leader line is kept."""
    bare = "".join(text.split())
    if not bare or len(bare) > SPECK_CHARS or has_real_word(text, lex, 2):
        return False
    if not bare.strip(".…_") or any(plausible_token(t, lex) for t in text.split()):
        return False
    if height < SPECK_HEIGHT * body:
        return True
    return bare[0] in _NON_INITIAL and not lex.is_word(bare)


def latin_debris(text: str) -> bool:
    """A line of short Latin fragments only (``ve a``, ``a aA``): scribble read as letters on a
    Thai page; an English word or an acronym of 3+ capitals is kept."""
    tokens = text.split()
    return len(tokens) > 1 and all(_LATIN_BIT.match(t) for t in tokens) and any(
        t.islower() for t in tokens) and not any(english(t) for t in tokens)


def tail_run(raw: str, after: str, lex: Words) -> int | None:
    """Offset in `raw` where a junk run ending the line starts (``… พ.ศ. ๒๕๖๗ /7ฝงง<+ง3``,
    ``ยะลา vd``), or None: trailing tokens that are junk or Latin fragments (punctuation may sit
    between), after a part of the line holding a real word; the run must survive the other
    corrections unchanged."""
    tokens = list(re.finditer(r"\S+", raw))
    k = len(tokens)
    while k > 0 and (
        _tail_junk(tokens[k - 1].group(), lex) or not tokens[k - 1].group().strip(_PUNCT + "!")
    ):
        k -= 1
    while k < len(tokens) and not tokens[k].group().strip(_PUNCT + "!"):
        k += 1  # a leading dash or dot of the run is the line's own
    if k == 0 or k == len(tokens):
        return None
    run = raw[tokens[k - 1].end():]
    bare = [t.group() for t in tokens[k:]]
    if sum(len(t) for t in bare) < APPLY_CHARS - 2 or not has_real_word(
            raw[: tokens[k].start()], lex):
        return None
    return tokens[k - 1].end() if after.endswith(run.rstrip()) else None


def _tail_junk(token: str, lex: Words) -> bool:
    """A junk token that may end a real line: junk, holding no real word or English."""
    return junk_token(token, lex) and not has_real_word(token, lex) and not any(
        english(w) for w in re.findall(r"[A-Za-z]+", token))


def load_words(options: Options) -> Words | None:
    """The lexicons the rule judges words with (None when correction is off or unavailable)."""
    try:
        lex = correction_lexicons(options, "junk-line check")
    except Exception:  # another package's failure: keep every line
        return None
    return lex if callable(getattr(lex, "is_word", None)) else None


def with_junk_lines(page: Page, merged: list[Correction], lex: Words) -> list[Correction]:
    """The page's corrections with its junk-line deletions merged in (call after the page's
    lines hold their corrected text): a sure deletion wins over the fixes inside its line, a
    flagged one only takes a line nothing else touches."""
    junk = junk_lines(page, lex, [ln.text for ln in page.lines])
    if not junk:
        return merged
    from digitizer.finish import merge_corrections

    sure = [c for c in junk if c.status == "applied"]
    unsure = [c for c in junk if c.status != "applied"]
    return merge_corrections(page.number, [sure, merged, unsure])
