"""argv -> Options -> api call -> exit code. No pipeline logic lives here."""

from __future__ import annotations

import logging
import sys

import typer

from digitizer.commands import batch, correct, export, review, run

app = typer.Typer(
    name="digitize",
    help="Turn scanned Thai government memos into corrected Thai text and structured JSON.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

for _module in (run, correct, batch, review, export):
    _module.register(app)


def main() -> None:
    """Console entry point: run the Typer app and exit with its code."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("digitize: interrupted\n")
        raise SystemExit(130) from None


if __name__ == "__main__":
    main()
