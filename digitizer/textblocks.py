"""Small text helpers for structure: unwrap visual lines, fuzzy labels, raw -> corrected offsets."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence

from rapidfuzz import fuzz

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_TO_ARABIC = str.maketrans(THAI_DIGITS, "0123456789")
_WS = re.compile(r"\s+")
# junk at a line's ends; a trailing em dash is a rule or leader the line ran into
_JUNK_EDGE = re.compile(r"^[\s|!:;'\"“”‘’`~_=.,\[\]{}]+|[\s|!:;'\"“”‘’`~_=,\[\]{}—]+$")
_JUNK_TOKEN = re.compile(
    r"^(?:[|!:;'\"“”‘’`~_=.,\[\]{}©®\-–—*#+<>\u0e48-\u0e4c]+"
    r"|[\u0e30-\u0e3a\u0e40-\u0e45\u0e47-\u0e4e])$"  # or one lone Thai vowel or mark
)
_BREAK_WORDS = ("จังหวัด", "อำเภอ", "พ.ศ.", "ประจำปี", "รอบ", "ตำบล")


def squash(text: str) -> str:
    """Remove all whitespace (Thai spacing is ambiguous) and NFC-normalise."""
    return _WS.sub("", unicodedata.normalize("NFC", text))


def clean_edges(text: str) -> str:
    """Strip OCR junk: bars, quotes and stray punctuation at the ends and as lone tokens."""
    tokens = text.split()
    bullet = tokens[:1] if tokens and tokens[0] in ("-", "–", "•") else []
    text = " ".join(bullet + [t for t in tokens[len(bullet) :] if not _JUNK_TOKEN.match(t)])
    return _JUNK_EDGE.sub("", text).strip()


def arabic_digits(text: str) -> str:
    """Thai digits to Arabic digits."""
    return text.translate(_TO_ARABIC)


def _ascii_or_digit(char: str) -> bool:
    return (char.isascii() and char.isalnum()) or char in THAI_DIGITS or char in ".)"


def join_wrapped(lines: Sequence[str]) -> str:
    """Join lines wrapped inside one paragraph: nothing between Thai words, a space around
    Latin words, digits, abbreviations and place words (the break stands for a space there)."""
    out = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if not out:
            out = line
            continue
        space = (
            _ascii_or_digit(out[-1])
            or (line[0].isascii() and line[0].isalnum())
            or line[0] in THAI_DIGITS
            or line[0] == "("
            or line.startswith(_BREAK_WORDS)
        )
        out += (" " if space else "") + line
    return out


def label_score(text: str, label: str) -> tuple[float, int]:
    """How well `text` starts with `label` (0..100), and where the label ends in `text`.

    Tries prefixes a little shorter and longer than the label (OCR drops or adds marks).
    """
    best, cut = 0.0, 0
    text = text.lstrip(" |.:'\"")
    offset = len(raw_prefix_junk(text))
    n = len(label)
    for k in range(max(1, n - 2), n + 3):
        if k > len(text):
            break
        score = fuzz.ratio(text[:k], label)
        if score > best:
            best, cut = score, k
    return best, cut + offset


def raw_prefix_junk(text: str) -> str:
    """The junk characters a line starts with."""
    match = re.match(r"^[\s|.:'\"]*", text)
    return match.group(0) if match else ""


def map_span(raw: str, corrected: str, start: int, end: int) -> tuple[int, int]:
    """Map [start, end) in `raw` to the matching span of `corrected` (an edited copy of it)."""
    if raw == corrected:
        return start, end
    matcher = difflib.SequenceMatcher(None, raw, corrected, autojunk=False)
    blocks = matcher.get_opcodes()

    def convert(pos: int, is_end: bool) -> int:
        for tag, i1, i2, j1, j2 in blocks:
            if i1 <= pos < i2 or (is_end and i1 < pos <= i2):
                if tag == "equal":
                    return j1 + (pos - i1)
                return j2 if is_end else j1
            if pos == i1 == i2:  # insertion point
                return j1 if not is_end else j2
        return len(corrected)

    new_start = convert(start, False)
    new_end = convert(end, True) if end > start else new_start
    return new_start, max(new_start, new_end)


# "." or ":" left by OCR at the end of a wrapped line after a Thai word (not an abbreviation
# such as พ.ศ. or ต.ค., whose last word holds a dot or is one letter)
_WRAP_DEBRIS = re.compile(r"(?<![.\s])(?<!^[ก-ฮ])((?:^|\s)[ก-๛]{2,}[ก-๛]*)\s*[.:]+\s*$")
# a lone character at the end of a wrapped line after a Thai word: a speck, unless the word
# introduces a number ("ครั้งที่ 2", "หมู่ 3")
_WRAP_SPECK = re.compile(r"(?<=[ก-๛])\s+[0-9A-Za-z๐-๙]$")
_NUMBER_WORDS = ("ที่", "ข้อ", "หมู่", "ปี", "ละ", "ชั้น", "รุ่น", "ฉบับ", "ครั้ง", "จำนวน", "ภาค")
_CONJUNCTIONS = ("และ", "หรือ")  # end like a number word ("ละ") but never introduce a number


def wrap_debris_free(line: str) -> str:
    """A wrapped line of a header value without the OCR debris at its end."""
    line = _WRAP_DEBRIS.sub(r"\1", line)
    speck = _WRAP_SPECK.search(line)
    before = line[: speck.start()] if speck else ""
    if speck and (not before.endswith(_NUMBER_WORDS) or before.endswith(_CONJUNCTIONS)):
        line = line[: speck.start()]
    return line


PHRASE_ACCEPT = 88.0  # rapidfuzz ratio of a damaged set phrase to the phrase
PHRASE_NEAR = 75.0  # fixed-width alignment score worth widening to the damaged stretch


def snap_phrases(text: str, phrases: Sequence[str]) -> str:
    """`text` with damaged copies of set phrases (``ประจำปิ้งบประมาณ`` for ``ประจำปีงบประมาณ``)
    spelled right: a space-free stretch of about the phrase's length that is close to it."""
    for phrase in phrases:
        if phrase in text:
            continue
        found = fuzz.partial_ratio_alignment(phrase, text)
        if found is None or found.score < PHRASE_NEAR:
            continue
        start, end = found.dest_start, found.dest_end
        # widen to the whole damaged stretch: marks and letters OCR added around the match
        while start > 0 and not text[start - 1].isspace() and end - start < len(phrase) + 2:
            candidate = text[start - 1 : end]
            if fuzz.ratio(candidate, phrase) < fuzz.ratio(text[start:end], phrase):
                break
            start -= 1
        while end < len(text) and not text[end].isspace() and end - start < len(phrase) + 2:
            candidate = text[start : end + 1]
            if fuzz.ratio(candidate, phrase) < fuzz.ratio(text[start:end], phrase):
                break
            end += 1
        window = text[start:end]
        if " " in window or abs(len(window) - len(phrase)) > 2:
            continue
        if fuzz.ratio(window, phrase) >= PHRASE_ACCEPT:
            text = text[:start] + phrase + text[end:]
    return text
