"""Junk-line deletion (digitizer.junklines) on synthetic pages."""

from __future__ import annotations

from digitizer.junklines import judge_line, junk_lines, junk_token
from digitizer.model import Line, Page


class Lex:
    """A tiny lexicon."""

    words = frozenset({"บันทึกข้อความ", "ส่วนราชการ", "พ.ศ.", "ที่", "การ", "กับ"})

    def is_word(self, token: str) -> bool:
        """Membership."""
        return token in self.words


def page_of(*rows: tuple[str, int]) -> Page:
    """A page of lines (text, height)."""
    lines, y = [], 100
    for text, height in rows:
        lines.append(Line(text_raw=text, text=text, bbox=[300, y, 1500, y + height],
                          confidence=60.0))
        y += height + 20
    raw = "\n".join(t for t, _ in rows)
    return Page(number=1, width=2480, height=3508, dpi=300, text_raw=raw, text=raw, lines=lines)


def test_emblem_line_is_deleted_with_its_line_break() -> None:
    page = page_of(("๑7 ๕=-9 ฆ#", 40), ("บันทึกข้อความ", 90), ("ส่วนราชการ กองคลัง", 60))
    [c] = junk_lines(page, Lex())
    assert (c.start, c.end, c.original, c.suggestion, c.rule, c.status) == (
        0, 11, "๑7 ๕=-9 ฆ#\n", "", "junk_line", "applied")
    assert c.confidence == 0.99


def test_short_junk_is_only_flagged() -> None:
    page = page_of(("บันทึกข้อความ", 90), ("ฆม9", 30))
    [c] = junk_lines(page, Lex())
    assert (c.start, c.end, c.original, c.status) == (13, 17, "\nฆม9", "flagged")


def test_real_lines_are_kept() -> None:
    rows = [("(No Gift Policy)", 50), ("พ.ศ. ๒๕๖7", 50), ("- ๒ -", 50), ("95ไ40", 50),
            ("อท77516/2610", 50), ("1.", 50), ("/", 50), ("๒๕๖๗", 50), ("ITA", 50),
            ("การ", 50)]
    assert junk_lines(page_of(*rows), Lex()) == []


def test_a_line_other_rules_made_language_is_kept() -> None:
    page = page_of(("บันทึกข้อความ", 90), ("(WAL๒๕๒๒ -๒๕๓๐)", 50))
    assert len(junk_lines(page, Lex())) == 1
    assert junk_lines(page, Lex(), ["บันทึกข้อความ", "(๒๕๖๖ -๒๕๗๐)"]) == []


def test_tokens() -> None:
    assert [junk_token(t, Lex()) for t in ["ฒ27", "£8ฆม", "9๑7", "มa", "ที่1", "ม.1", "2567",
                                           "Policy", "95ไ40"]] == [
        True, True, True, True, False, False, False, False, False]
    assert judge_line("a 9๑7 a aA 9๑/ฆ a aeaii", Lex()).junk == 7
    assert judge_line("a 9๑7 a aA 9๑/ฆ a aeaii", Lex()).plausible is False


def test_junk_run_ending_a_real_line_is_cut_without_its_line_break() -> None:
    page = page_of(("ส่วนราชการ กองคลัง /7ฝงง<+ง3", 60), ("บันทึกข้อความ", 60))
    [c] = junk_lines(page, Lex())
    assert (c.start, c.end, c.original, c.status, c.confidence) == (
        18, 28, " /7ฝงง<+ง3", "applied", 0.9)


def test_specks_and_latin_debris_are_flagged_not_applied() -> None:
    page = page_of(("บันทึกข้อความ", 90), ("ย", 20), ("ve a", 40), ("ส่วนราชการ", 90),
                   ("- ๒ -", 20), ("......", 10), ("ะ", 40))
    found = [(c.original, c.status, c.confidence) for c in junk_lines(page, Lex())]
    assert found == [("ย\n", "flagged", 0.7), ("ve a\n", "flagged", 0.7), ("\nะ", "flagged", 0.7)]
