"""Thai OCR correction against a dictionary of known terms (never imports digitizer)."""

from __future__ import annotations

from corrections.core import Correction, Result, correct, correct_document
from corrections.lexicon import Lexicons, load_lexicons

__all__ = ["Correction", "Lexicons", "Result", "correct", "correct_document", "load_lexicons"]
