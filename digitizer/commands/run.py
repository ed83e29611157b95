"""The `digitize run` command (being written)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add this command to the CLI app."""
    del app
