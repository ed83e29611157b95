"""A reviewer's rejection reaches the next run: the same proposal in the same context is dropped."""

from __future__ import annotations

from pathlib import Path

from digitizer.export import read_record
from digitizer.finish import drop_rejected
from digitizer.review.decisions import Decisions, ItemKey
from digitizer.review.demo import build_demo
from digitizer.review.records import STORE_NAME, open_store


def test_rejected_proposal_is_not_proposed_again(tmp_path: Path) -> None:
    build_demo(tmp_path, documents=1, per_document=4)
    store = open_store(tmp_path)
    decisions = Decisions(store)
    first, second = (ItemKey.parse(i["key"]) for i in decisions.queue(sort="document")[:2])
    rejected = decisions.decide(first, "reject", reviewer="alice")
    decisions.decide(second, "accept", reviewer="alice")
    store.close()

    record = read_record(next(tmp_path.glob("*.json")))
    page = record.pages[0]
    proposals = [c for c in record.corrections if c.page == page.number]
    kept = drop_rejected([page], [proposals], tmp_path / STORE_NAME)[0]

    dropped = [c for c in proposals if c not in kept]
    assert [(c.original, c.suggestion) for c in dropped] == [
        (rejected.original, rejected.suggestion)
    ]
    assert len(kept) == len(proposals) - 1


def test_no_store_keeps_every_proposal(tmp_path: Path) -> None:
    build_demo(tmp_path, documents=1, per_document=3)
    record = read_record(next(tmp_path.glob("*.json")))
    proposals = list(record.corrections)
    assert drop_rejected(record.pages[:1], [proposals], None) == [proposals]
    assert drop_rejected(record.pages[:1], [proposals], tmp_path / "absent.sqlite") == [proposals]
