"""Review decisions over the store: queue, audit trail, undo, groups, learning, concurrency."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from digitizer.review.decisions import Decisions, ItemKey, ReviewError
from digitizer.review.demo import build_demo
from digitizer.review.learn import append_lexicon, lexicon_entries, rejected_pairs
from digitizer.review.records import STORE_NAME, open_store
from digitizer.store import ReviewStore


@pytest.fixture()
def out_dir(tmp_path: Path) -> Path:
    build_demo(tmp_path, documents=2, per_document=6)
    return tmp_path


@pytest.fixture()
def decisions(out_dir: Path):
    store = open_store(out_dir)
    yield Decisions(store)
    store.close()


def test_queue_holds_only_flagged_sorted_by_confidence(decisions: Decisions) -> None:
    items = decisions.queue()
    assert len(items) == 12
    confidences = [item["confidence"] for item in items]
    assert confidences == sorted(confidences)
    assert {item["status"] for item in items} == {"flagged"}
    assert decisions.counts() == {
        "pending": 12, "accepted": 0, "rejected": 0, "edited": 0, "total": 12
    }


def test_queue_filters_and_document_order(decisions: Decisions) -> None:
    by_doc = decisions.queue(sort="document")
    assert [i["document"] for i in by_doc] == ["memo01"] * 6 + ["memo02"] * 6
    only = decisions.queue(document_id=by_doc[0]["doc"])
    assert {i["document"] for i in only} == {"memo01"}
    assert all(i["rule"] == "gazetteer" for i in decisions.queue(rule="gazetteer"))
    low = decisions.queue(max_confidence=0.5)
    assert low and all(i["confidence"] <= 0.5 for i in low)
    assert decisions.queue(status="accepted") == []


def test_decisions_change_status_and_keep_an_audit_trail(decisions: Decisions) -> None:
    first, second, third = (ItemKey.parse(i["key"]) for i in decisions.queue(sort="document")[:3])
    accepted = decisions.decide(first, "accept", reviewer="alice")
    assert (accepted.before_status, accepted.after_status) == ("flagged", "accepted")
    assert accepted.before_text == accepted.original
    assert accepted.after_text == accepted.suggestion
    rejected = decisions.decide(second, "reject", reviewer="bob")
    assert rejected.after_text == rejected.original
    edited = decisions.decide(third, "edit", reviewer="alice", text=" ดำเนินงาน ")
    assert (edited.after_status, edited.after_text) == ("edited", "ดำเนินงาน")
    assert decisions.counts()["pending"] == 9
    assert decisions.counts()["edited"] == 1
    trail = decisions.history()
    assert [d.reviewer for d in trail] == ["alice", "bob", "alice"]
    assert [d.action for d in trail] == ["edit", "reject", "accept"]
    item = decisions.item(third)
    assert item["status"] == "edited" and item["text"] == "ดำเนินงาน"


def test_edit_equal_to_suggestion_is_an_accept(decisions: Decisions) -> None:
    item = decisions.queue()[0]
    d = decisions.decide(ItemKey.parse(item["key"]), "edit", reviewer="x", text=item["suggestion"])
    assert d.after_status == "accepted"


def test_alternative_picks_by_number(decisions: Decisions) -> None:
    item = next(i for i in decisions.queue() if i["original"] == "ศรีสงครม")
    key = ItemKey.parse(item["key"])
    assert decisions.item(key)["alternatives"] == ["ศรีสงครา"]
    d = decisions.decide(key, "alternative", reviewer="x", alternative=1)
    assert (d.after_status, d.after_text) == ("edited", "ศรีสงครา")
    with pytest.raises(ReviewError):
        decisions.decide(key, "alternative", reviewer="x", alternative=2)


def test_undo_is_a_new_decision_restoring_the_state(decisions: Decisions) -> None:
    key = ItemKey.parse(decisions.queue()[0]["key"])
    decisions.decide(key, "accept", reviewer="alice")
    decisions.decide(key, "edit", reviewer="alice", text="แก้ไข")
    undo = decisions.undo(key, reviewer="alice")
    assert (undo.before_status, undo.after_status, undo.after_text) == (
        "edited", "accepted", decisions.item(key)["suggestion"]
    )
    undo2 = decisions.undo(key, reviewer="alice")
    assert undo2.after_status == "flagged"
    with pytest.raises(ReviewError):
        decisions.undo(key, reviewer="alice")
    assert [d.action for d in decisions.history(key)] == ["undo", "undo", "edit", "accept"]
    assert decisions.item(key)["status"] == "flagged"


def test_undo_without_key_takes_this_reviewers_latest(decisions: Decisions) -> None:
    a, b = (ItemKey.parse(i["key"]) for i in decisions.queue()[:2])
    decisions.decide(a, "accept", reviewer="alice")
    decisions.decide(b, "reject", reviewer="bob")
    undone = decisions.undo(reviewer="alice")
    assert undone.key == str(a)
    assert decisions.item(b)["status"] == "rejected"


def test_groups_and_group_decision(decisions: Decisions) -> None:
    groups = decisions.groups()
    assert groups, "the demo repeats pairs across documents"
    top = groups[0]
    assert top["count"] >= 2 and top["documents"] == 2
    done = decisions.decide_group(top["original"], top["suggestion"], "accept", reviewer="g")
    assert len(done) == top["pending"]
    members = decisions.queue(original=top["original"], suggestion=top["suggestion"])
    assert {m["status"] for m in members} == {"accepted"}
    assert (top["original"], top["suggestion"]) not in {
        (g["original"], g["suggestion"]) for g in decisions.groups()
    }
    with pytest.raises(ReviewError):
        decisions.decide_group("a", "b", "edit", reviewer="g")  # type: ignore[arg-type]


def test_rejected_pairs_follow_the_latest_decision(out_dir: Path, decisions: Decisions) -> None:
    item = decisions.queue()[0]
    key = ItemKey.parse(item["key"])
    decisions.decide(key, "reject", reviewer="r")
    assert rejected_pairs(out_dir / STORE_NAME) == {(item["original"], item["suggestion"])}
    decisions.undo(key, reviewer="r")
    assert rejected_pairs(out_dir / STORE_NAME) == set()
    assert rejected_pairs(out_dir / "missing.sqlite") == set()


def test_two_reviewers_at_once_lose_no_decision(out_dir: Path) -> None:
    stores = [ReviewStore(out_dir / STORE_NAME) for _ in range(2)]
    reviewers = [Decisions(s) for s in stores]
    keys = [ItemKey.parse(i["key"]) for i in reviewers[0].queue()]
    errors: list[BaseException] = []

    def work(index: int) -> None:
        try:
            for key in keys[index::2]:
                reviewers[index].decide(key, "accept", reviewer=f"r{index}")
                reviewers[index].decide(keys[0], "reject", reviewer=f"r{index}")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(reviewers[0].history()) == 2 * len(keys)
    assert reviewers[1].counts()["pending"] == 0
    for store in stores:
        store.close()


def test_unknown_item_and_bad_key() -> None:
    with pytest.raises(ReviewError):
        ItemKey.parse("../etc")
    assert str(ItemKey.parse("3:c1:x")) == "3:c1:x"


def test_lexicon_append_is_readable_by_corrections(tmp_path: Path) -> None:
    from corrections.lexicon import read_user_lexicon

    path = tmp_path / "mine.tsv"
    path.write_text("# my words\nคำหนึ่ง", encoding="utf-8")
    assert append_lexicon(path, "ศรีสงครม", "ศรีสงคราม")
    assert not append_lexicon(path, "ศรีสงครม", "ศรีสงคราม")
    assert not append_lexicon(path, "same", "same")
    assert path.read_text(encoding="utf-8") == "# my words\nคำหนึ่ง\nศรีสงครม\tศรีสงคราม\n"
    assert ("ศรีสงครม", "ศรีสงคราม") in lexicon_entries(path)
    terms = {t.term: t.canonical for t in read_user_lexicon(path)}
    assert terms["ศรีสงครม"] == "ศรีสงคราม"


def test_rejection_memory_matches_pair_and_context(out_dir: Path, decisions: Decisions) -> None:
    from digitizer.review.learn import RejectionMemory

    item = decisions.queue()[0]
    detail = decisions.item(ItemKey.parse(item["key"]))
    decisions.decide(ItemKey.parse(item["key"]), "reject", reviewer="r")
    memory = RejectionMemory.load(out_dir / STORE_NAME)
    assert len(memory) == 1
    pair = (item["original"], item["suggestion"])
    assert memory.rejects(*pair, "x" * 30 + detail["context_before"], detail["context_after"])
    assert not memory.rejects(*pair, "another line ", " elsewhere")
    assert not memory.rejects(item["original"], "other", detail["context_before"],
                              detail["context_after"])
    everywhere = RejectionMemory({("ab", "cd", str(i), "") for i in range(3)})
    assert everywhere.rejects("ab", "cd", "unseen", "context")
