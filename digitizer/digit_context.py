"""Where a number hides in OCR text without a digit: letter runs the digit reader should re-read.

Tesseract often writes a Thai digit it cannot output as Latin letters or symbols ("on." for
"๓.", "go" for "๓๐", ">" for "๖") or as a Thai look-alike letter ("-ด-" for "-๓-"). Such a
run is re-read only when its surroundings expect a number: a list item ("X." opening a line), a
page number ("-X-"), a digit beside it, a word that introduces a number (ที่, ภายใน, พ.ศ. …) or a
unit or month after it. digits.py then changes it only if every glyph reads as a sure digit.
"""

from __future__ import annotations

import logging
import re

log = logging.getLogger(__name__)

# Thai letters Tesseract writes for a digit it cannot output (ใ for ๔, ต, ฒ, ฆ for ๗ …)
LOOKALIKES = frozenset("ใตดคลยงวรอฅฒฆ")
_DIGITS = frozenset("0123456789๐๑๒๓๔๕๖๗๘๙")
_PUNCT = frozenset(".,/-():;'\"%‘’“”=+_~|*^")  # never a digit's shape
_MARKS = re.compile("[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")
_TONES = re.compile("[\u0e47-\u0e4e]")  # tone marks and the like, which Tesseract often drops
_MAX_RUN = 4  # a hidden number is at most this many characters of letters
_CONTEXT = 24  # characters of page text looked at on each side

# words (compared without tone marks, as Tesseract often drops them) that introduce a number
_INTRO = ("ที", "ภายใน", "พ.ศ.", "พ.ศ", "ค.ศ.", "ขอ", "รวม", "จำนวน", "เลขที", "ครังที", "ครั้งที",
           "ลำดับที", "วันที", "ปี", "ปีงบประมาณ", "ฉบับที", "หมู", "ละ", "ทุก", "อีก")
_MONTHS = ("มกราคม", "กุมภาพันธ", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม",
           "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม", "ม.ค.", "ก.พ.", "มี.ค.",
           "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")
_BEFORE = _INTRO + _MONTHS  # a month name is followed by its year
# words that follow a number: units, months and their abbreviations
_AFTER = ("วัน", "เดือน", "ปี", "ครัง", "ครั้ง", "คน", "ราย", "บาท", "มาตรการ", "ขอ", "แหง",
          "คะแนน", "%", "ชัวโมง", "ชั่วโมง", "นาที", "หมู", "ฉบับ", "หนวย", "ป.", "โครงการ",
          *_MONTHS)
_BEFORE_BARE = tuple(_TONES.sub("", w) for w in _BEFORE)
_AFTER_BARE = tuple(_TONES.sub("", w) for w in _AFTER)


def is_thai_letter(ch: str) -> bool:
    """A Thai consonant or vowel letter (not a digit, not a combining mark)."""
    return "\u0e01" <= ch <= "\u0e4f" and not _MARKS.match(ch)


def is_suspect(ch: str) -> bool:
    """A character that may stand for a misread digit: a Thai look-alike letter, or anything
    outside the Thai block that is not a digit, a space or ordinary punctuation."""
    if ch in LOOKALIKES:
        return True
    return not (ch in _DIGITS or ch.isspace() or ch in _PUNCT or "\u0e00" <= ch <= "\u0e7f")


def suspect_runs(text: str) -> list[tuple[int, int]]:
    """[start, end) of the short digit-free runs of suspect characters of a word.

    A run of Thai look-alike letters must stand apart (no other Thai letter touches it); a run
    holding a Latin letter or symbol may be glued to Thai letters (it is OCR junk either way).
    """
    runs: list[tuple[int, int]] = []
    k = 0
    while k < len(text):
        if not is_suspect(text[k]):
            k += 1
            continue
        end = k
        thai = text[k] in LOOKALIKES  # a run is all look-alike Thai letters or all non-Thai
        while end < len(text) and is_suspect(text[end]) and (text[end] in LOOKALIKES) == thai:
            end += 1
        run = text[k:end]
        prev = k - 1
        while prev >= 0 and _MARKS.match(text[prev]):
            prev -= 1
        touching = (prev >= 0 and is_thai_letter(text[prev])) or (
            end < len(text) and (is_thai_letter(text[end]) or _MARKS.match(text[end]) is not None))
        if end - k <= _MAX_RUN and not (thai_only(run) and touching):
            runs.append((k, end))
        k = end
    return runs


def thai_only(run: str) -> bool:
    """Whether a suspect run is made of Thai look-alike letters only."""
    return all(ch in LOOKALIKES for ch in run)


def number_context(text: str, start: int, end: int, *, digits_beside: bool = True) -> bool:
    """Whether the page text around text[start:end] expects a number there (with
    `digits_beside` False, a digit next to it is not reason enough: junk gathers next to
    junk digits, as on an emblem)."""
    before = text[max(0, start - _CONTEXT) : start]
    after = text[end : end + _CONTEXT]
    line_before = before.rsplit("\n", 1)[-1].strip()
    tight_before = re.sub(r"\s+", "", before)
    tight_after = re.sub(r"\s+", "", after)
    if digits_beside and (tight_before[-1:] in _DIGITS or tight_after[:1] in _DIGITS):
        return True
    if digits_beside and tight_after[:1] in ",." and tight_after[1:2] in _DIGITS:
        return True  # the head of a number grouped by thousands ("๒๔,๕๐๐") or with decimals
    if all(ch in _PUNCT for ch in line_before) and tight_after[:1] in (".", ")", ","):
        return True  # a list item: "๓." or "(๓)" opening a line (its dot may be read ",")
    if tight_before.endswith("-") and tight_after.startswith("-"):
        return True  # a page number: "-๓-"
    bare_before = _TONES.sub("", tight_before)
    bare_after = _TONES.sub("", tight_after)
    return bare_before.endswith(_BEFORE_BARE) or bare_after.startswith(_AFTER_BARE)
