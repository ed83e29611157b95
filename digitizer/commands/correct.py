"""The `digitize correct` command: correct a Thai text file with the corrections library."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Annotated

import typer

from digitizer.errors import ExitCode

log = logging.getLogger(__name__)


def _fail(message: str, code: ExitCode) -> typer.Exit:
    """Report one line on stderr and return the Exit to raise."""
    sys.stderr.write(f"digitize: {message}\n")
    return typer.Exit(int(code))


def _read_input(path: Path) -> str:
    """The text of FILE (or stdin for '-'), as UTF-8."""
    if str(path) == "-":
        return sys.stdin.read()
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise _fail(f"{path}: no such file", ExitCode.BAD_INPUT) from None
    except UnicodeDecodeError:
        raise _fail(f"{path}: not UTF-8 text (save it as UTF-8)", ExitCode.BAD_INPUT) from None
    except OSError as exc:
        raise _fail(f"{path}: {exc.strerror}", ExitCode.BAD_INPUT) from None


def correct_command(
    file: Annotated[Path, typer.Argument(help="UTF-8 text file to correct ('-' for stdin)")],
    as_json: Annotated[
        bool, typer.Option("--json", help="print the corrections as JSON instead of the text")
    ] = False,
    lexicon: Annotated[
        list[Path] | None,
        typer.Option("--lexicon", help="user lexicon TSV: term[<TAB>canonical]; repeatable"),
    ] = None,
) -> None:
    """Correct OCR errors in a Thai text: print the corrected text (or --json the corrections)."""
    from corrections import correct, load_lexicons

    user = list(lexicon or [])
    for path in user:
        if not path.is_file():
            raise _fail(f"{path}: lexicon file not found", ExitCode.USAGE)
    text = _read_input(file)
    try:
        lex = load_lexicons(user)
    except (OSError, UnicodeDecodeError) as exc:
        raise _fail(f"cannot read lexicon: {exc}", ExitCode.USAGE) from None
    result = correct(text, lexicons=lex)
    if as_json:
        payload = {
            "text": result.text,
            "corrections": [c.to_dict() for c in result.corrections],
        }
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        typer.echo(result.text, nl=False)


def register(app: typer.Typer) -> None:
    """Add this command to the CLI app."""
    app.command("correct")(correct_command)
