"""OUT/manifest.jsonl: one JSON line per archive file, appended durably, compacted at the end.

During a run every finished file appends one line (flushed and fsynced), so a killed batch
keeps what it finished. At the end of a run the file is rewritten atomically with exactly one
line per file in archive order. Readers that meet duplicates (a killed run) take the last line.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from digitizer.errors import OutputError
from digitizer.export import atomic_write_text

log = logging.getLogger(__name__)

MANIFEST_NAME = "manifest.jsonl"
EntryStatus = Literal["ok", "partial", "failed", "skipped"]


@dataclass
class ManifestEntry:
    """What happened to one file of the archive."""

    path: str  # relative to the archive folder
    status: EntryStatus
    record: str | None = None  # relative to the output folder; None when none was written
    sha256: str | None = None
    format: str | None = None
    pages: int = 0
    pages_failed: int = 0
    seconds: float = 0.0
    corrections_applied: int = 0
    corrections_flagged: int = 0
    error: dict[str, Any] | None = None  # {"code", "message"} of the file, or the first page's
    page_errors: list[dict[str, Any]] = field(default_factory=list)
    resumed: bool = False  # True when a finished record was kept instead of redone

    def to_json(self) -> str:
        """One manifest line (no newline), Thai as characters."""
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=False)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ManifestEntry:
        """Rebuild an entry from a parsed line, ignoring keys this version does not know."""
        known = {name: data[name] for name in cls.__dataclass_fields__ if name in data}
        return cls(**known)


class ManifestWriter:
    """Appends entries to the manifest durably; `compact` rewrites it one line per file."""

    def __init__(self, out_dir: Path) -> None:
        self.path = Path(out_dir) / MANIFEST_NAME
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._handle = open(self.path, "a", encoding="utf-8", newline="\n")  # noqa: SIM115
        except OSError as exc:
            raise OutputError(f"cannot open the manifest: {exc}", path=str(self.path)) from exc
        self.entries: dict[str, ManifestEntry] = {}

    def append(self, entry: ManifestEntry) -> None:
        """Add one line and make it durable before returning."""
        self.entries[entry.path] = entry
        try:
            self._handle.write(entry.to_json() + "\n")
            self._handle.flush()
            os.fsync(self._handle.fileno())
        except OSError as exc:
            raise OutputError(f"cannot write the manifest: {exc}", path=str(self.path)) from exc

    def compact(self, order: Iterable[str]) -> None:
        """Rewrite the manifest atomically: this run's entries, one per file, in `order`."""
        self._handle.close()
        lines = [self.entries[p].to_json() for p in order if p in self.entries]
        atomic_write_text(self.path, "".join(line + "\n" for line in lines))
        self._handle = open(self.path, "a", encoding="utf-8", newline="\n")  # noqa: SIM115

    def close(self) -> None:
        """Close the file."""
        self._handle.close()


def read_manifest(path: Path) -> list[ManifestEntry]:
    """The entries of a manifest, the last line winning per file; a torn last line is ignored."""
    entries: dict[str, ManifestEntry] = {}
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            entry = ManifestEntry.from_dict(json.loads(line))
        except (ValueError, TypeError) as exc:
            log.warning("%s line %d unreadable, ignored: %s", path, number, exc)
            continue
        entries.pop(entry.path, None)
        entries[entry.path] = entry
    return list(entries.values())
