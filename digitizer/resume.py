"""Resuming a batch: is a record finished for this file and these settings; tidy a killed run."""

from __future__ import annotations

import hashlib
import logging
import os
import re
from pathlib import Path

from digitizer import __version__
from digitizer.export import read_record
from digitizer.model import Document
from digitizer.options import Options

log = logging.getLogger(__name__)

# Temp files of atomic writes (export.atomic_write_text) left behind by a killed batch.
_STALE_TEMP = re.compile(r"^\..+\.(json|jsonl|csv)\.[^.]+\.tmp$")


def sha256_of(path: Path) -> str:
    """The hex sha256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def finished_record(record: Path, source: Path, options: Options) -> Document | None:
    """The record if it is finished for this very file, these settings and this version of
    digitizer, else None."""
    if not record.is_file():
        return None
    try:
        document = read_record(record)
    except (OSError, ValueError) as exc:
        log.info("record %s unreadable, redoing it: %s", record, exc)
        return None
    if document.status not in ("ok", "partial"):
        return None
    if document.processing.options_fingerprint != options.fingerprint():
        return None
    if document.processing.digitizer_version != __version__:
        return None  # another version of the tool reads differently: redo it
    if document.source.sha256 != sha256_of(source):
        return None
    return document


def sweep_stale_temps(out: Path) -> int:
    """Delete temp files of atomic writes interrupted by a kill; returns how many."""
    removed = 0
    if not out.is_dir():
        return 0
    for dirpath, _, filenames in os.walk(out):
        for name in filenames:
            if _STALE_TEMP.match(name):
                Path(dirpath, name).unlink(missing_ok=True)
                removed += 1
    if removed:
        log.info("removed %d temp file(s) left by an interrupted run", removed)
    return removed
