"""The corrections package's lexicons for the pipeline's stages, loaded one way for all."""

from __future__ import annotations

import logging
from typing import Any

from digitizer.options import Options

log = logging.getLogger(__name__)


def correction_lexicons(options: Options, stage: str) -> Any | None:
    """The lexicons (with the user's TSVs) the corrections package loads for these options, or
    None when correction is off or the package is missing (`stage` names who goes without)."""
    if not options.correct:
        return None
    try:
        import corrections
    except ImportError as exc:
        log.warning("%s skipped: %s", stage, exc)
        return None
    return corrections.load_lexicons(options.lexicons)
