"""Find the scans below an archive folder and name their records: pure path logic, no OCR."""

from __future__ import annotations

import logging
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

log = logging.getLogger(__name__)

# Extensions (lower case) of the files a batch digitises; everything else is listed as skipped.
SCAN_EXTENSIONS: frozenset[str] = frozenset({".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff"})
# Files that are never worth a manifest line (desktop litter, our own outputs).
_IGNORED_NAMES: frozenset[str] = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})


@dataclass(frozen=True)
class ArchiveFile:
    """One file found below the archive: its path and the record path that mirrors it."""

    path: Path
    rel: str  # POSIX path relative to the archive folder
    record_rel: str  # POSIX path of the record relative to the output folder


@dataclass(frozen=True)
class Discovery:
    """What a batch will process (scans) and what it will not (skipped, with the reason)."""

    scans: list[ArchiveFile] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (rel path, reason)


def is_scan(path: Path | str) -> bool:
    """Whether the file's extension (any case) is one the pipeline reads."""
    return Path(path).suffix.lower() in SCAN_EXTENSIONS


def _walk(root: Path, exclude: Path | None) -> list[Path]:
    """Every regular file below root, sorted, not descending into hidden folders or `exclude`."""
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        here = Path(dirpath)
        kept = []
        for name in sorted(dirnames):
            child = here / name
            if name.startswith("."):
                continue
            if exclude is not None and child.resolve() == exclude:
                log.debug("not descending into the output folder %s", child)
                continue
            kept.append(name)
        dirnames[:] = kept
        for name in sorted(filenames):
            if name.startswith(".") or name in _IGNORED_NAMES:
                continue
            path = here / name
            if path.is_file():
                found.append(path)
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def record_names(rels: list[str]) -> dict[str, str]:
    """Record path for each scan: `a/b.pdf` -> `a/b.json`; `a/b.pdf.json` when stems collide."""
    stems = Counter(str(PurePosixPath(rel).with_suffix("")).casefold() for rel in rels)
    names: dict[str, str] = {}
    for rel in rels:
        stem = str(PurePosixPath(rel).with_suffix(""))
        names[rel] = f"{rel}.json" if stems[stem.casefold()] > 1 else f"{stem}.json"
    return names


def discover(archive: Path, *, exclude: Path | None = None) -> Discovery:
    """Walk the archive (nested folders, extensions case-insensitive) and sort files into scans
    to process and others to skip; `exclude` (the output folder) is never entered."""
    root = Path(archive)
    excluded = Path(exclude).resolve() if exclude is not None else None
    scans: list[str] = []
    skipped: list[tuple[str, str]] = []
    paths: dict[str, Path] = {}
    for path in _walk(root, excluded):
        rel = path.relative_to(root).as_posix()
        if is_scan(path):
            scans.append(rel)
            paths[rel] = path
        else:
            suffix = path.suffix.lower() or "no extension"
            skipped.append((rel, f"not a scan ({suffix}); reads PDF, PNG, JPEG and TIFF"))
    names = record_names(scans)
    files = [ArchiveFile(path=paths[rel], rel=rel, record_rel=names[rel]) for rel in scans]
    log.debug("found %d scans and %d other files below %s", len(files), len(skipped), root)
    return Discovery(scans=files, skipped=skipped)
