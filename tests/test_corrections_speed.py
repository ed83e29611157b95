"""The fast paths give the same results as the slow ones: piecewise newmm, the second pass
read near its changes only, the skeleton pre-test of the mark edits."""

from __future__ import annotations

import pytest

from corrections import correct, load_lexicons, markrules, secondpass, segment
from corrections.proposal import Token, contiguous


def _newmm(text: str) -> list[tuple[int, int, str]]:
    """Non-blank newmm tokens of the whole text at once (the reference)."""
    from pythainlp.tokenize.newmm import segment as newmm

    lex = load_lexicons()
    out, pos = [], 0
    for piece in newmm(text, custom_dict=lex.trie):  # type: ignore[arg-type]
        if piece.strip():
            out.append((pos, pos + len(piece), piece))
        pos += len(piece)
    return out


@pytest.mark.parametrize("text", [
    "ส่วนราชการ สำนักปลัด เทศบาลตำบลศรีสงคราม อำเภอวังสะพุง จังหวัดเลย",
    "ต่าง ๆ นานา โชก ๆ หลง ๆ ลืม ๆ กัน",  # words with a space inside (newmm may cross it)
    "เคีย เคีย\nเคีย",  # a cluster rule that looks at the next character or the text end
    "  ข้อความ\n\nที่ มท ๐๘๐๘.๓/ว ๑๒๓  ลงวันที่ ๑ มกราคม ๒๕๖๘\n",
    "abc 12,345.00 บาท (หนึ่งหมื่น) ฯลฯ",
])
def test_piecewise_segmentation_is_newmm_of_the_whole_text(text: str) -> None:
    lex = load_lexicons()
    lex.memo.clear()
    got = [(t.start, t.end, t.text) for t in segment.tokens(text, lex)]
    assert got == _newmm(text)
    again = [(t.start, t.end, t.text) for t in segment.tokens(text, lex)]  # from the memo
    assert again == got


def test_a_space_a_word_may_cross_is_not_a_cut() -> None:
    lex = load_lexicons()
    text = "เรื่องต่าง ๆ  โดย"
    cuts = [(s, e) for s, e, _c in segment._pieces(text, lex)]
    assert cuts == [(0, 12), (14, 17)]  # the space before ๆ stays inside the first piece


def test_second_pass_ranges_cover_the_changed_chunk_and_one_either_side() -> None:
    line = "หนึ่ง สอง สาม สี่ ห้า หก"
    toks = [Token(s, s + len(w), w) for s, w in
            ((0, "หนึ่ง"), (6, "สอง"), (10, "สาม"), (14, "สี่"), (18, "ห้า"), (22, "หก"))]
    assert secondpass._near_changes(line, toks, [(10, 13)]) == [(1, 4)]  # สอง สาม สี่
    assert secondpass._near_changes(line, toks, [(0, 5)]) == [(0, 2)]
    assert secondpass._near_changes(line, toks, [(22, 24)]) == [(4, 6)]


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
