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


_SEGMENT_TEXTS = [
    "บันทึกข้อความ\nส่วนราชการ สำนักปลัด เทศบาลตำบลศรีสงคราม อำเภอวังสะพุง จังหวัดเลย",
    "ที่ ลย ๗๔๓๐๑/๑๒๓  วันที่ 5 มกราคม 2567\nเรื่อง รายงานผลการดำเนินงาน ITA 2567",
    "ด้วยสำนักปลัดได้ดําเนินการเผยแพร่ข้อมูลข่าวสารผ่านเวปไซต์ของหน่วยงาน ให้ผู้รับบริ การ",
    "ศรี|สัง|คราม กองซ่อม บูคลากรที เลือนขัน จ้านวน วัฒนธรุม abc-12,345.6 (๑) ...",
    "เกีย\nเสีย\r\nเรียน\n\nนายกเทศมนตรี",  # a cluster before a line end (the $ lookahead)
    "", " ", "ก", "\n", "เดือนกุมภาพันธ์พ.ศ.๒๕๖๗ติดต่อ 0-4281-1234 ต่อ 12",
]


@pytest.mark.parametrize("text", _SEGMENT_TEXTS)
def test_segment_gives_pythainlp_newmm_cuts(text: str) -> None:
    from pythainlp.tokenize.newmm import segment as reference
    from pythainlp.tokenize.tcc_p import tcc_pos_array as reference_tcc

    from corrections import newmm

    trie = load_lexicons().trie
    assert newmm.segment(text, trie) == reference(text, custom_dict=trie)
    assert newmm.tcc_pos_array(text) == reference_tcc(text)


def test_segment_cuts_every_substring_as_pythainlp() -> None:
    from pythainlp.tokenize.newmm import segment as reference

    from corrections import newmm

    trie = load_lexicons().trie
    text = "".join(_SEGMENT_TEXTS)
    for start in range(0, len(text), 7):
        for size in (3, 17, 60):
            piece = text[start : start + size]
            assert newmm.segment(piece, trie) == reference(piece, custom_dict=trie), piece


def test_key_index_ranks_as_the_plain_mapping() -> None:
    from corrections.matcher import KeyIndex, best_matches, key_map

    words = ["ดำเนิน", "ดังนั้น", "กำนัน", "ร้องขอ", "กองร้อย", "คลังข้อมูล", "บุรี", "บูธ",
             "บร", "ครอบครัว", "ครอบคลุม", "คำสั่งศาล", "สงคราม", "สังคม", "ช่าง", "ซ่อม"]
    keys = key_map(words)
    index = KeyIndex(keys)
    for query in ("ดําเนิน", "กองซ่อม", "บริ", "ศรีสังคราม", "ครอบครว", "ช่าง", "xyz", "ก"):
        for cutoff, prefilter in ((0.7, 8), (0.6, 12), (0.2, 3)):
            assert best_matches(query, index, score_cutoff=cutoff, prefilter=prefilter) == \
                best_matches(query, keys, score_cutoff=cutoff, prefilter=prefilter)
    # a candidate can only be dropped when its key cannot reach the cutoff
    names, _keys = index.candidates("ดาเนน", 0.5)
    assert "ดำเนิน" in names and "ครอบคลุม" not in names


def test_batched_matches_rank_as_one_query_at_a_time() -> None:
    from corrections.matcher import KeyIndex, Match, best_matches, best_matches_many, key_map

    # many equal prefilter scores: the batch must keep the same ones (ties by position)
    words = ["กองช่าง", "กองคลัง", "กองช่วง", "กองซ่าง", "กองข่าง", "สำนักปลัด", "ช่าง", "ซ่อม",
             "สงคราม", "สังคม", "ศรีสงคราม", "ครอบครัว", "ครอบคลุม", "บร", "บุรี"]
    keys = key_map(words)
    queries = ["กองซ่อม", "ช่าง", "", "xyz", "ศรีสังคราม", "กองช่าง", "ครอบครว", "ก"]
    for choices in (keys, KeyIndex(keys)):
        for cutoff, prefilter in ((0.6, 12), (0.7, 2), (0.2, 3), (0.5, 1)):
            got = best_matches_many(queries, choices, score_cutoff=cutoff, prefilter=prefilter)
            assert got == [best_matches(q, choices, score_cutoff=cutoff, prefilter=prefilter)
                           for q in queries]
    got = best_matches_many(["กองซ่อม", "ก"], keys, limit=2, score_cutoff=0.6)
    # ซ่อม/ซ่าง: two key edits; ข่าง: a look-alike letter more (0.35)
    assert got == [[Match("กองซ่าง", 1 - 2 / 7), Match("กองข่าง", 1 - 2.35 / 7)], []]


def test_segment_cuts_only_where_no_dictionary_key_runs_through_the_space() -> None:
    from corrections import newmm

    trie = load_lexicons().trie
    _table, blank = newmm._tables(trie.words, trie.partial)  # type: ignore[attr-defined]
    # ไป… and ขึ้น ๆ ล่อง ๆ are keys with spaces: only the space before มา is a fresh start
    assert newmm._cuts("ไป ขึ้น ๆ ล่อง ๆ มา", blank) == [17]
    assert newmm._cuts("เขา รักดีหามจั่ว รักชั่วหามเสา เสมอ", blank) == [4, 31]
    assert newmm._cuts("เกีย\nเสีย เรียน", blank) == [5, 10]
    assert newmm.segment("ไป ขึ้น ๆ ล่อง ๆ มา", trie) == ["ไป", " ", "ขึ้น ๆ ล่อง ๆ", " ", "มา"]


@pytest.mark.parametrize("text", ["เขา รักดีหามจั่ว รักชั่วหามเสา เสมอ", "ไป ขึ้น ๆ ล่อง ๆ มา",
                                  "เกีย\nเกีย\nเกีย", "ab  \n \tเรียน \r\nข", "เกีย \nก"])
def test_cut_segmentation_gives_pythainlp_newmm_cuts(text: str) -> None:
    from pythainlp.tokenize.newmm import segment as reference

    from corrections import newmm

    trie = load_lexicons().trie
    want = reference(text, custom_dict=trie)
    memo: dict[str, object] = {}
    assert newmm.segment(text, trie, memo) == want
    assert any(key.startswith("seg") for key in memo)
    assert newmm.segment(text, trie, memo) == want  # the pieces from the memo: the same cuts


def test_bounded_alignment_agrees_below_the_limit_and_stops_above_it() -> None:
    from corrections import namerules

    name, text = "ศรีสงคราม", "เทศบาลศรีสังคราม อำเภอ"
    full = namerules.align(name, text)
    assert namerules.align(name, text, (), full[0] + 0.01) == full  # within: the same answer
    assert full[0] == pytest.approx(0.35)  # ง read as ัง: one cheap mark
    stopped = namerules.align("กองสาธารณสุข", text, (), 1.0)
    assert stopped[0] > 1.0 and stopped[1:] == (0, 0)
    assert namerules.align("กองสาธารณสุข", text)[0] > 1.0  # the full alignment is as far


def test_similar_scores_as_ocr_similarity() -> None:
    from corrections.matcher import ocr_similarity, similar

    choices = ["ศรีสงคราม", "ศรีสองคราม", "กองช่าง", "ศรี สงคราม"]
    found = similar("ศรีสังคราม", choices, 0.5)
    assert [m.choice for m in found] == ["ศรีสงคราม", "ศรีสองคราม", "ศรี สงคราม"]
    assert [m.score for m in found] == [ocr_similarity("ศรีสังคราม", c) for c in
                                        ("ศรีสงคราม", "ศรีสองคราม", "ศรี สงคราม")]


def test_key_index_candidates_keep_every_key_within_the_cutoff() -> None:
    from rapidfuzz.distance import Levenshtein

    from corrections.matcher import KeyIndex, ocr_key

    words = ["ดำเนินการ", "ดำเนินงาน", "การดำเนิน", "ประชุม", "ประชาชน", "เนินดิน", "กอง"]
    index = KeyIndex({w: ocr_key(w) for w in words})
    for query in ("ดาเนินการ", "ประชม", "กอง"):
        q = ocr_key(query)
        names, _keys = index.candidates(q, 0.5)
        within = [w for w in words if Levenshtein.normalized_similarity(q, ocr_key(w)) >= 0.5]
        assert set(within) <= set(names)
        assert names == [w for w in words if w in names]  # the index's order


@pytest.mark.parametrize("text", [
    "บันทึกข้อความ ส่วนราชการ กองช่าง เทศบาลตำบลศรีสงคราม\nที่ ลย 123/2566 วันที่ 5 ม.ค. 2566\n",
    "เรื่อง รายงานผล ITA 2566 ของหน่วยงาน (ครั้งที่ 2) เรียน นายกเทศมนตรี\tขอเสีย \n",
    "ภาย ในที ครอบคลุม ศรีสังคราม abc, 12.5 บาท เขียนเรีย \nจึงเรียนมาเพื่อโปรดทราบ ",
])
def test_a_piece_less_its_blank_is_memoised_as_the_same_last_piece(text: str) -> None:
    from corrections import newmm

    lex = load_lexicons()
    table, blank = newmm._tables(lex.trie.words, lex.trie.partial)
    start, remembered = 0, 0
    for end in newmm._cuts(text, blank):
        piece, start = text[start:end], end
        memo: dict[str, object] = {}
        newmm._remember_as_last(piece, tuple(newmm._onecut(piece, table, True)), memo)
        head = piece[:-1]
        if head.endswith("ย"):
            assert not memo  # the end of the text is not a blank after ย: never reused
        elif memo:
            remembered += 1
            assert memo == {"seg$\t" + head: tuple(newmm._onecut(head, table, False))}
    assert remembered >= 4
