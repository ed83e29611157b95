"""What every sub-command shares: the stderr report line and the -v/-q logging levels."""

from __future__ import annotations

import logging
import sys


def report(line: str) -> None:
    """One line on stderr, prefixed with the program name."""
    sys.stderr.write(f"digitize: {line}\n")
    sys.stderr.flush()


def configure_logging(verbose: int, quiet: bool) -> None:
    """-v: progress (INFO), -vv: DEBUG, -q: only errors."""
    level = logging.WARNING
    if quiet:
        level = logging.ERROR
    elif verbose >= 2:
        level = logging.DEBUG
    elif verbose == 1:
        level = logging.INFO
    logging.getLogger().setLevel(level)
    logging.getLogger("digitizer").setLevel(level)
    # pypdf warns about every repaired PDF; the one-line error or the manifest says what matters
    logging.getLogger("pypdf").setLevel(logging.DEBUG if verbose >= 2 else logging.ERROR)
