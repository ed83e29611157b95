"""The `digitize export` command: records rewritten with the review decisions applied."""

from __future__ import annotations

import logging
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from digitizer.errors import DigitizerError, ExitCode
from digitizer.export import write_jsonl, write_record, write_tables_csv
from digitizer.review.records import open_store, reviewed_documents

log = logging.getLogger(__name__)


class ExportFormat(StrEnum):
    """What `digitize export` writes."""

    json = "json"
    jsonl = "jsonl"
    csv = "csv"


def export_folder(out_dir: Path, fmt: ExportFormat, to: Path | None) -> list[Path]:
    """Apply the store's decisions to every record of out_dir and write them; returns the files."""
    store = open_store(out_dir)
    try:
        documents = list(reviewed_documents(out_dir, store))
    finally:
        store.close()
    if fmt is ExportFormat.json:
        return [
            write_record(document, (to / path.name) if to is not None else path)
            for path, document in documents
        ]
    if fmt is ExportFormat.jsonl:
        target = to if to is not None else out_dir / "records.jsonl"
        return [write_jsonl((document for _path, document in documents), target)]
    target_dir = to if to is not None else out_dir / "csv"
    return write_tables_csv(((path.stem, d) for path, d in documents), target_dir)


def export(
    out_dir: Annotated[Path, typer.Argument(help="The --out folder holding the records.")],
    fmt: Annotated[ExportFormat, typer.Option(
        "--format", help="json: the per-document records (in place, or into --to DIR);"
        " jsonl: one OUT_DIR/records.jsonl (or --to FILE); csv: one file per table kind"
        " in OUT_DIR/csv (or --to DIR).")] = ExportFormat.json,
    to: Annotated[Path | None, typer.Option(help="Where to write instead (see --format).")] = None,
) -> None:
    """Write the records with the review decisions applied (accepted/rejected/edited)."""
    try:
        written = export_folder(out_dir, fmt, to)
    except DigitizerError as exc:
        typer.echo(f"digitize export: {exc.one_line()}", err=True)
        raise typer.Exit(int(exc.exit_code)) from exc
    for path in written:
        typer.echo(str(path))
    typer.echo(f"exported {len(written)} file(s) as {fmt.value}", err=True)
    raise typer.Exit(int(ExitCode.OK))


def register(app: typer.Typer) -> None:
    """Add this command to the CLI app."""
    app.command("export")(export)
