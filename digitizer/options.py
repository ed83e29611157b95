"""One frozen, validated Options object for the whole pipeline."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

# Settings that change the record: a change in any of them makes a finished record stale.
_FINGERPRINTED = (
    "dpi",
    "lang",
    "psm",
    "oem",
    "deskew",
    "detect_rotation",
    "binarize",
    "digits",
    "correct",
    "structure",
    "line_reread",
    "fast",
    "apply_threshold",
    "flag_threshold",
    "lexicons",
)


class Options(BaseModel):
    """Every knob of the pipeline, validated once and never mutated."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    dpi: int = Field(default=300, ge=72, le=1200)
    lang: str = "tha+eng"
    psm: int = Field(default=3, ge=0, le=13)
    oem: int = Field(default=1, ge=0, le=3, description="1 = LSTM engine")
    deskew: bool = True
    detect_rotation: bool = True
    binarize: bool = False
    digits: bool = True
    correct: bool = True
    structure: bool = True
    line_reread: bool = Field(default=True, description="re-read doubtful body lines alone")
    fast: bool = Field(
        default=False,
        description="one Tesseract read per page, first language only, no re-reads",
    )
    csv: bool = False
    page_timeout: float = Field(default=180.0, gt=0)
    max_pixels: int = Field(default=200_000_000, gt=0, description="per page, after rasterising")
    max_pages: int = Field(default=5000, gt=0)
    apply_threshold: float = Field(default=0.9, ge=0, le=1)
    flag_threshold: float = Field(default=0.5, ge=0, le=1)
    lexicons: tuple[Path, ...] = ()
    review_store: Path | None = Field(
        default=None,
        description="a review.sqlite whose standing rejections are not proposed again",
    )

    def fingerprint(self) -> str:
        """A short hash of the settings that shape the record, for resuming batches."""
        data = self.model_dump(include=set(_FINGERPRINTED), mode="json")
        if not self.fast:
            del data["fast"]  # records made before the switch existed stay current
        lexicon_stamps = []
        for path in self.lexicons:
            try:
                stamp = hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]
            except OSError:
                stamp = "missing"
            lexicon_stamps.append([str(path), stamp])
        data["lexicons"] = lexicon_stamps
        blob = json.dumps(data, sort_keys=True).encode()
        return hashlib.sha256(blob).hexdigest()[:16]

    @property
    def read_lang(self) -> str:
        """The languages of the page and header reads: all of `lang`, or in fast mode only
        the first."""
        return self.lang.split("+")[0] if self.fast else self.lang

    @property
    def rereads(self) -> bool:
        """Whether regions the page OCR reads poorly are read again (not in fast mode)."""
        return not self.fast
