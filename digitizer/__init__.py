"""digitizer: scanned Thai government memos to corrected Thai text and structured JSON."""

from __future__ import annotations

__version__ = "0.4.0"
