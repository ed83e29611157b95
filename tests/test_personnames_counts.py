"""Piece counts of the name lists, computed lazily per piece (no pythainlp: lists and tokenizer
replaced by small stand-ins)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from digitizer import personnames

GIVEN = frozenset({"som-chai", "som-sak", "chai"})
FAMILY = frozenset({"chai-di", "rak-som", "som-chai-di"})
CACHED = (
    personnames._lists, personnames._index, personnames._name_pieces,
    personnames.piece_count, personnames._ends_given, personnames._starts_family,
)


@pytest.fixture(autouse=True)
def small_lists(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Three given and three family names whose pieces are split at '-'."""
    for function in CACHED:
        function.cache_clear()
    monkeypatch.setattr(personnames, "_lists", lambda: (GIVEN, FAMILY))
    monkeypatch.setattr(personnames, "_pieces", lambda text: text.split("-"))
    yield
    for function in CACHED:
        function.cache_clear()


def test_inner_counts_every_place_but_the_last() -> None:
    # som-chai, som-sak, som-chai-di; not rak-som (last piece)
    assert personnames.piece_count("som", last=False) == 3
    # chai-di and som-chai-di; som-chai and chai end with it
    assert personnames.piece_count("chai", last=False) == 2


def test_final_counts_the_last_piece_only() -> None:
    assert personnames.piece_count("som", last=True) == 1
    assert personnames.piece_count("chai", last=True) == 2
    assert personnames.piece_count("di", last=True) == 2


def test_a_substring_that_is_no_piece_counts_nothing() -> None:
    assert personnames.piece_count("ai", last=True) == 0
    assert personnames.piece_count("om", last=False) == 0


def test_edges_of_given_and_family_names() -> None:
    assert personnames._ends_given("chai") == 2
    assert personnames._ends_given("sak") == 1
    assert personnames._starts_family("som") == 1
    assert personnames._starts_family("chai") == 1
    assert personnames._starts_family("di") == 0


def test_the_index_finds_each_holding_name_once() -> None:
    index = personnames._NameIndex(["aba", "ab", "cab", "b"])
    assert sorted(index.holding("ab")) == ["ab", "aba", "cab"]
    assert sorted(index.holding("\nab")) == ["ab", "aba"]  # a prefix
    assert sorted(index.holding("b\n")) == ["ab", "b", "cab"]  # a suffix
    assert index.holding("abc") == []
    assert personnames._NameIndex([]).holding("a") == []
