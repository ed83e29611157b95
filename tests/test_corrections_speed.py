"""The fast paths give the same results as the slow ones: the second pass read near its
changes only, the skeleton pre-test of the mark edits, the contiguity test."""

from __future__ import annotations

import pytest

from corrections import correct, load_lexicons, markrules, secondpass
from corrections.proposal import Token, contiguous


def test_second_pass_ranges_cover_the_changed_chunk_and_one_either_side() -> None:
    line = "หนึ่ง สอง สาม สี่ ห้า หก"
    toks = [Token(s, s + len(w), w) for s, w in
            ((0, "หนึ่ง"), (6, "สอง"), (10, "สาม"), (14, "สี่"), (18, "ห้า"), (22, "หก"))]
    assert secondpass._near_changes(line, toks, [(10, 13)]) == [(1, 4)]  # สอง สาม สี่
    assert secondpass._near_changes(line, toks, [(0, 5)]) == [(0, 2)]
    assert secondpass._near_changes(line, toks, [(22, 24)]) == [(4, 6)]


def test_second_pass_regions_widen_to_spaces_and_merge(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(secondpass, "REGION_CHARS", 4)
    line = "aaaa bbbb cccc dddd eeee ffff"
    assert secondpass._regions(line, [(10, 11)]) == [(5, 19)]  # bbbb cccc dddd
    assert secondpass._regions(line, [(0, 1), (27, 28)]) == [(0, 9), (20, 29)]
    assert secondpass._regions(line, [(10, 11), (16, 17)]) == [(5, 24)]  # they meet: merged


def test_second_pass_still_restores_a_mark_its_neighbour_hid() -> None:
    # ตัว|ชีวัด: the first pass fixes ชี้วัด; the line is read again near it
    result = correct("การประเมินรายตัวชีวัดและจัดทำมาตรการแก้ไข")
    assert result.text == "การประเมินรายตัวชี้วัดและจัดทำมาตรการแก้ไข"


@pytest.mark.parametrize("text", ["วัฒนธรรุม", "จ้านวน", "กำร", "ล่ายลักษณ์", "ฎิกา"])
def test_skeleton_pre_test_passes_every_text_with_a_usable_edit(text: str) -> None:
    lex = load_lexicons()
    usable = [c for c in markrules.mark_edits(text)
              if lex.frequency(c) >= markrules.RARE_MIN_FREQ or c in lex.terms]
    assert usable  # the examples have one
    assert markrules._editable(lex, text)


def test_skeleton_pre_test_rejects_text_no_edit_can_fix() -> None:
    lex = load_lexicons()
    assert not markrules._editable(lex, "กขฃคฅ")
    assert not markrules.mark_edits("กขฃคฅ") & set(lex.freq)


def test_contiguous_needs_touching_thai_tokens() -> None:
    toks = [Token(0, 3, "การ"), Token(3, 5, "ขอ"), Token(6, 8, "ab"), Token(8, 10, "กข")]
    assert contiguous(toks, 0, 2)
    assert not contiguous(toks, 1, 2)  # a space between
    assert not contiguous(toks, 2, 2)  # Latin
    assert contiguous(toks, 3, 1)
    assert not contiguous(toks, 3, 2)  # past the end
    assert contiguous(toks, 1, 0)
