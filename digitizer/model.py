"""The record: one tree of plain pydantic objects, the single schema of JSON, store and review."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION: Literal["1"] = "1"

BBox = Annotated[list[int], Field(min_length=4, max_length=4, description="[x0,y0,x1,y1] px")]
DocumentStatus = Literal["ok", "partial", "failed"]
CorrectionStatus = Literal["applied", "flagged", "accepted", "rejected", "edited"]
SourceFormat = Literal["pdf", "png", "jpeg", "tiff"]
TableKind = Literal["measures_plan", "measures_status", "other"]
MeasureStatus = Literal["not_started", "in_progress", "completed"]
OrganisationKind = Literal[
    "เทศบาลนคร", "เทศบาลเมือง", "เทศบาลตำบล", "องค์การบริหารส่วนตำบล", "องค์การบริหารส่วนจังหวัด", "other"
]


class _Record(BaseModel):
    """Base of every record object: unknown keys are an error, values are validated."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class Source(_Record):
    """The input file the record was made from."""

    path: str
    sha256: str
    format: SourceFormat
    page_count: int = Field(ge=0)
    size_bytes: int = Field(default=0, ge=0)


class ErrorEntry(_Record):
    """A failure tied to the document (page is None) or to one page (1-based)."""

    page: int | None = None
    code: str
    message: str


class Word(_Record):
    """A rebuilt OCR word (Tesseract's per-character boxes merged) with its box and confidence."""

    text: str
    bbox: BBox
    confidence: float = Field(ge=0, le=100)


class Line(_Record):
    """One visual line: raw OCR text, corrected text, box, mean confidence and its words."""

    text_raw: str
    text: str
    bbox: BBox
    confidence: float = Field(ge=0, le=100)
    words: list[Word] = Field(default_factory=list)


class Page(_Record):
    """One page: geometry, preprocessing facts and its text before and after correction."""

    number: int = Field(ge=1)
    width: int = Field(ge=0)
    height: int = Field(ge=0)
    dpi: int = Field(ge=1)
    skew_degrees: float = 0.0
    rotation: Literal[0, 90, 180, 270] = 0
    mean_confidence: float = Field(default=0.0, ge=0, le=100)
    text_raw: str = ""
    text: str = ""
    lines: list[Line] = Field(default_factory=list)


class Signatory(_Record):
    """A signature block: the name in brackets (with title) and its position lines joined."""

    name: str
    position: str = ""


class Organisation(_Record):
    """The local government that wrote the memo, resolved against the gazetteer."""

    name: str | None = None
    kind: OrganisationKind | None = None
    subdistrict: str | None = None
    district: str | None = None
    province: str | None = None


class Memo(_Record):
    """The memo header and who signed it."""

    agency: str | None = None
    reference: str | None = None
    date: str | None = Field(default=None, description="ISO yyyy-mm-dd, Gregorian")
    date_text: str | None = None
    subject: str | None = None
    to: str | None = None
    signatories: list[Signatory] = Field(default_factory=list)
    organisation: Organisation = Field(default_factory=Organisation)


class Table(_Record):
    """A table found on the page image, as a grid of cell texts (rows after the header)."""

    page: int = Field(ge=1)
    pages: list[int] = Field(default_factory=list, description="every page the table spans")
    bbox: BBox
    kind: TableKind = "other"
    header: list[str] = Field(default_factory=list)
    rows: list[list[str]] = Field(default_factory=list)


class Measure(_Record):
    """One measure of a measures table, merged with its row of the status table."""

    number: int | None = None
    measure: str = ""
    steps: list[str] = Field(default_factory=list)
    responsible: list[str] = Field(default_factory=list)
    monitoring: str | None = None
    status: MeasureStatus | None = None
    evidence: str | None = None


class Correction(_Record):
    """A proposed change of a page's text_raw: applied when sure, flagged for a person if not."""

    id: str
    page: int = Field(ge=1)
    start: int = Field(ge=0, description="offset in the page's text_raw")
    end: int = Field(ge=0, description="end offset (exclusive) in the page's text_raw")
    original: str
    suggestion: str
    alternatives: list[str] = Field(default_factory=list)
    confidence: float = Field(ge=0, le=1)
    rule: str
    bbox: BBox | None = None
    status: CorrectionStatus
    edit: str | None = Field(default=None, description="the reviewer's text when status is edited")

    def replacement(self) -> str | None:
        """The text this correction puts in place of `original`, or None when it changes nothing."""
        if self.status in ("applied", "accepted"):
            return self.suggestion
        if self.status == "edited":
            return self.edit if self.edit is not None else self.suggestion
        return None


class Processing(_Record):
    """How the record was made: tool version, settings fingerprint, mode and timing."""

    digitizer_version: str = ""
    options_fingerprint: str = ""
    mode: Literal["default", "fast"] = "default"  # fast: one read per page (`--fast`)
    seconds: float = 0.0


class Document(_Record):
    """The record of one input file: DESIGN.md §3."""

    schema_version: Literal["1"] = SCHEMA_VERSION
    source: Source
    status: DocumentStatus = "ok"
    errors: list[ErrorEntry] = Field(default_factory=list)
    pages: list[Page] = Field(default_factory=list)
    memo: Memo = Field(default_factory=Memo)
    tables: list[Table] = Field(default_factory=list)
    measures: list[Measure] = Field(default_factory=list)
    corrections: list[Correction] = Field(default_factory=list)
    processing: Processing = Field(default_factory=Processing)


def apply_corrections(text_raw: str, corrections: list[Correction]) -> str:
    """Rebuild a page's text from its raw text and the corrections that replace something.

    Corrections must not overlap; those that replace nothing (flagged, rejected) are skipped.
    """
    pieces: list[str] = []
    cursor = 0
    for correction in sorted(corrections, key=lambda c: (c.start, c.end)):
        replacement = correction.replacement()
        if replacement is None:
            continue
        if correction.start < cursor:
            raise ValueError(f"correction {correction.id} overlaps an earlier one")
        pieces.append(text_raw[cursor : correction.start])
        pieces.append(replacement)
        cursor = correction.end
    pieces.append(text_raw[cursor:])
    return "".join(pieces)
