"""Normalisation steps: exact outputs and idempotence (hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from corrections.normalize import (
    double_sara_e,
    doubled_marks,
    normalize,
    remove_zero_width,
    sara_am,
    space_before_mark,
    vowel_tone_order,
)

THAI_TEXT = st.text(
    alphabet=st.sampled_from(
        [*list("กขคงจชซดตถทนบปผพมยรลวสหอฮะาำิีึืุูเแโใไ่้๊๋็์ํ "), "\u200b", "\n", "1", "๑"]
    ),
    max_size=60,
)


def test_sara_am_from_nikhahit_and_aa() -> None:
    assert sara_am("ดํา") == "ดำ"
    assert sara_am("น\u0e49\u0e4d\u0e32") == "น\u0e49\u0e33"  # น ้ ํ า -> น้ำ
    assert sara_am("น\u0e4d\u0e49\u0e32") == "น\u0e49\u0e33"  # น ํ ้ า -> น้ำ


def test_vowel_before_tone() -> None:
    assert vowel_tone_order("ก\u0e48\u0e35") == "ก\u0e35\u0e48"  # ก ่ ี -> กี่


def test_doubled_marks_and_sara_e() -> None:
    assert doubled_marks("ที\u0e35") == "ที"
    assert double_sara_e("เเละ") == "และ"


def test_stray_space_before_mark_and_zero_width() -> None:
    assert space_before_mark("ที ่") == "ที่"
    assert space_before_mark("ที่ นี่") == "ที่ นี่"
    assert remove_zero_width("ก\u200bข") == "กข"


def test_normalize_chain() -> None:
    assert normalize("กํา หนด เเละ ที ่") == "กำ หนด และ ที่"


@settings(max_examples=300, deadline=None)
@given(THAI_TEXT)
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


def test_mark_standing_on_a_symbol_is_dropped() -> None:
    from corrections.normalize import mark_after_symbol

    assert mark_after_symbol("พ.ุศ. ๒๕๖๘") == "พ.ศ. ๒๕๖๘"
    assert mark_after_symbol("(ITA)่ ที่") == "(ITA) ที่"
    assert mark_after_symbol("๒๕๖๘้") == "๒๕๖๘"
    assert mark_after_symbol("ที่ นี่ ก็ดี พ.ศ.") == "ที่ นี่ ก็ดี พ.ศ."  # marks on letters stay
    assert normalize("พ.ุศ.") == "พ.ศ."
