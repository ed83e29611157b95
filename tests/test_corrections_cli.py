"""`digitize correct FILE.txt [--json] [--lexicon FILE]`."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from digitizer.cli import app

TEXT = "รายงานของเทศบาลตำบลหินตัง อำเภอบ้านไพ่ จังหวัดขอนแก่น\nสำนักปลัด กองคลัง กองซ่าง\n"
FIXED = "รายงานของเทศบาลตำบลหินตั้ง อำเภอบ้านไผ่ จังหวัดขอนแก่น\nสำนักปลัด กองคลัง กองช่าง\n"


def test_correct_prints_corrected_text(tmp_path: Path) -> None:
    src = tmp_path / "memo.txt"
    src.write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(app, ["correct", str(src)])
    assert result.exit_code == 0, result.output
    assert result.stdout == FIXED


def test_correct_json_lists_corrections(tmp_path: Path) -> None:
    src = tmp_path / "memo.txt"
    src.write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(app, ["correct", str(src), "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["text"] == FIXED
    got = [(c["original"], c["suggestion"], c["status"]) for c in payload["corrections"]]
    assert got == [
        ("หินตัง", "หินตั้ง", "applied"),
        ("บ้านไพ่", "บ้านไผ่", "applied"),
        ("กองซ่าง", "กองช่าง", "applied"),
    ]
    for c in payload["corrections"]:
        assert TEXT[c["start"] : c["end"]] == c["original"]


def test_correct_with_user_lexicon(tmp_path: Path) -> None:
    src = tmp_path / "memo.txt"
    src.write_text("ประสานกองการประปาภูมิภาด", encoding="utf-8")
    lex = tmp_path / "units.tsv"
    lex.write_text("กองการประปาภูมิภาค\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["correct", str(src), "--lexicon", str(lex)])
    assert result.exit_code == 0, result.output
    assert result.stdout == "ประสานกองการประปาภูมิภาค"


def test_correct_missing_file_and_lexicon(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["correct", str(tmp_path / "none.txt")])
    assert result.exit_code == 4
    src = tmp_path / "memo.txt"
    src.write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(app, ["correct", str(src), "--lexicon", str(tmp_path / "x.tsv")])
    assert result.exit_code == 2


def test_correct_rejects_non_utf8(tmp_path: Path) -> None:
    src = tmp_path / "memo.txt"
    src.write_bytes("กองช่าง".encode("cp874"))
    result = CliRunner().invoke(app, ["correct", str(src)])
    assert result.exit_code == 4
