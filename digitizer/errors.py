"""Exit codes and typed errors: every failure carries its exit code and a remedy for the user."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Stable process exit codes, documented in the README."""

    OK = 0
    PARTIAL = 1  # written, but some pages (run) or some files (batch) failed
    USAGE = 2  # bad command line or options
    MISSING_DEPENDENCY = 3  # tesseract, its tha model or poppler not installed
    BAD_INPUT = 4  # corrupt, truncated, empty, unsupported or not a document
    ENCRYPTED = 5  # password-protected PDF
    TOO_LARGE = 6  # image or page beyond the pixel limit
    TIMEOUT = 7  # a page took longer than --page-timeout
    OCR_FAILED = 8  # tesseract crashed or returned garbage
    OUTPUT_ERROR = 9  # the output could not be written
    INVALID_RECORD = 10  # the record failed schema validation (a bug: please report)
    INTERRUPTED = 130  # Ctrl-C


class DigitizerError(Exception):
    """Base of all expected failures: a message, an exit code, a remedy and where it happened."""

    exit_code: ExitCode = ExitCode.BAD_INPUT
    code: str = "error"
    default_remedy: str = ""

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        page: int | None = None,
        remedy: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.page = page
        self.remedy = remedy if remedy is not None else self.default_remedy

    def reason(self) -> str:
        """The message with its remedy, without the file (for records and manifest lines)."""
        text = self.message + (f" ({self.remedy})" if self.remedy else "")
        return " ".join(text.split())

    def one_line(self) -> str:
        """The user-facing one-line message: file, page, reason and remedy."""
        where = self.path or ""
        if self.page is not None:
            where = f"{where} page {self.page}".lstrip()
        return f"{where}: {self.reason()}" if where else self.reason()


class MissingDependencyError(DigitizerError):
    """An external program or its language data is not installed."""

    exit_code = ExitCode.MISSING_DEPENDENCY
    code = "missing_dependency"
    default_remedy = "run: apt-get install tesseract-ocr tesseract-ocr-tha poppler-utils"


class BadInputError(DigitizerError):
    """The file is corrupt, truncated, empty, of an unsupported type or not a document."""

    exit_code = ExitCode.BAD_INPUT
    code = "bad_input"
    default_remedy = "check the file opens in an image or PDF viewer, or re-scan it"


class EncryptedInputError(DigitizerError):
    """The PDF is password-protected."""

    exit_code = ExitCode.ENCRYPTED
    code = "encrypted"
    default_remedy = (
        "remove the password: qpdf --decrypt --password=PASSWORD IN.pdf OUT.pdf, then run OUT.pdf"
    )


class TooLargeError(DigitizerError):
    """The image or page has more pixels than the configured limit."""

    exit_code = ExitCode.TOO_LARGE
    code = "too_large"
    default_remedy = "lower --dpi or raise --max-pixels"


class PageTimeoutError(DigitizerError):
    """OCR of one page took longer than the page timeout."""

    exit_code = ExitCode.TIMEOUT
    code = "timeout"
    default_remedy = "raise --page-timeout or check the page image"


class OcrFailedError(DigitizerError):
    """Tesseract crashed or produced unreadable output."""

    exit_code = ExitCode.OCR_FAILED
    code = "ocr_failed"
    default_remedy = "check the tesseract installation (tesseract --version)"


class OutputError(DigitizerError):
    """The output could not be written."""

    exit_code = ExitCode.OUTPUT_ERROR
    code = "output_error"
    default_remedy = "check the output folder exists and is writable"


class InvalidRecordError(DigitizerError):
    """A record failed schema validation before being written."""

    exit_code = ExitCode.INVALID_RECORD
    code = "invalid_record"
    default_remedy = "this is a bug: please report it with the input file"
