"""Render a memo spec to page images and its exact page texts."""

from __future__ import annotations

import logging
from typing import Any

from samplegen.fonts import DEFAULT_FAMILY
from samplegen.layout import MemoLayout, Page
from samplegen.tables import TableDrawer

log = logging.getLogger(__name__)


def render_pages(doc: dict[str, Any], *, dpi: int, seed: int, repeat_header: bool = True,
                 family: str = DEFAULT_FAMILY) -> list[Page]:
    """Lay out the memo `doc` (truth format, without pages) on clean A4 pages."""
    lay = MemoLayout(dpi=dpi, digits=doc["digits"], seed=seed, family=family)
    memo = doc["memo"]
    lay.heading()
    lay.field("ส่วนราชการ", memo["agency"])
    lay.ref_date(memo["reference"], memo["date_text"])
    lay.field("เรื่อง", memo["subject"])
    lay.salutation(memo["to"])
    for block in doc["body"]:
        kind = block["type"]
        if kind == "paragraph":
            lay.paragraph(block["text"])
        elif kind == "caption":
            lay.caption(block["text"])
        elif kind == "table":
            TableDrawer(lay, doc["tables"][block["index"]], repeat_header=repeat_header).draw()
        elif kind == "signature":
            lay.signature(block["name"], block["position"])
        elif kind == "comment":
            lay.comment(block["heading"], block["text"])
        else:
            raise ValueError(f"unknown body block type {kind!r}")
    return lay.pages
