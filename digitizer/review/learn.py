"""Learning from review: append accepted edits to the user's lexicon TSV (term<TAB>canonical)."""

from __future__ import annotations

import fcntl
import logging
from pathlib import Path

log = logging.getLogger(__name__)


def _clean(text: str) -> str:
    return " ".join(text.replace("\t", " ").split())


def lexicon_entries(path: Path) -> set[tuple[str, str]]:
    """The (term, canonical) pairs already in a lexicon TSV (comments and blanks skipped)."""
    if not path.exists():
        return set()
    entries: set[tuple[str, str]] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        term, _sep, canonical = line.partition("\t")
        entries.add((term.strip(), canonical.strip()))
    return entries


def append_lexicon(path: Path | str, term: str, canonical: str) -> bool:
    """Append term -> canonical to the user lexicon unless present; True when a line was added."""
    path = Path(path)
    term, canonical = _clean(term), _clean(canonical)
    if not term or not canonical or term == canonical:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            if (term, canonical) in lexicon_entries(path):
                return False
            handle.seek(0)
            existing = handle.read()  # "a+" writes at the end whatever the read position
            if existing and not existing.endswith("\n"):
                handle.write("\n")
            handle.write(f"{term}\t{canonical}\n")
            handle.flush()
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
    log.info("learned %s -> %s into %s", term, canonical, path)
    return True
