"""Regenerate digitizer/record.schema.json from the model after a change of model.py."""

from __future__ import annotations

from pathlib import Path

from digitizer.schema import SCHEMA_FILE, schema_text

if __name__ == "__main__":
    target = Path(__file__).resolve().parent.parent / "digitizer" / SCHEMA_FILE
    target.write_text(schema_text(), encoding="utf-8")
    print(f"wrote {target}")
