"""OCR-aware scoring, the Thai-safe processor and word-level rules."""

from __future__ import annotations

from pathlib import Path

from corrections import correct
from corrections.lexicon import read_user_lexicon
from corrections.matcher import best_matches, ocr_key, ocr_similarity


def test_processor_keeps_thai_letters() -> None:
    # rapidfuzz's default_process would blank the marks; ours drops marks, merges look-alikes.
    assert ocr_key("กองช่าง") == "กองขาง"
    assert ocr_key("กองซ่าง") == "กองขาง"
    assert ocr_key("ดำเนิน") == "ดาเนน"


def test_lookalike_costs_less_than_other_letters() -> None:
    assert ocr_similarity("บ้านไพ่", "บ้านไผ่") > ocr_similarity("บ้านไก่", "บ้านไผ่")
    assert ocr_similarity("หนองนาใส", "หนองน้ำใส") > 0.85
    assert ocr_similarity("abc", "abc") == 1.0


def test_best_matches_returns_choice_keys_ranked() -> None:
    got = best_matches("กองซ่าง", ["กองคลัง", "กองช่าง", "สำนักปลัด"], limit=2, score_cutoff=0.5)
    assert [m.choice for m in got] == ["กองช่าง", "กองคลัง"]
    assert got[0].score > got[1].score


def test_lost_tone_mark_and_real_word_flag() -> None:
    result = correct("ประชุมเพือพิจารณา ในการจัดซื้อจัดจ้างครัวใช้เว็บไซต์")
    assert result.text == "ประชุมเพื่อพิจารณา ในการจัดซื้อจัดจ้างครัวใช้เว็บไซต์"
    got = [(c.original, c.suggestion, c.rule, c.status) for c in result.corrections]
    assert got == [
        ("เพือ", "เพื่อ", "tone_marks", "applied"),
        ("ครัว", "ควร", "real_word", "flagged"),
    ]


def test_user_lexicon_format(tmp_path: Path) -> None:
    path = tmp_path / "u.tsv"
    path.write_text("# comment\n\nคำหนึ่ง\nคําสอง\tคำสอง\n", encoding="utf-8")
    terms = read_user_lexicon(path)
    assert [(t.term, t.canonical, t.category) for t in terms] == [
        ("คำหนึ่ง", "คำหนึ่ง", "user"),
        ("คำสอง", "คำสอง", "user"),
    ]
