"""pythainlp's newmm word segmentation, same cuts, faster on a `PrefixIndex` dictionary.

The algorithm is pythainlp's `pythainlp.tokenize.newmm` (Apache-2.0, PyThaiNLP project) as of
the pinned version, with its own patterns: maximal matching over Thai Character Cluster
boundaries. Two costs are removed, nothing else changes: the cluster boundaries are matched in
place (pythainlp slices the rest of the text at every cluster, quadratic in a page), and the
dictionary's prefix lookup is one dict lookup a character over the index's words and prefixes.
`tests/test_corrections_speed.py` checks the cuts against pythainlp's on varied text.
"""

from __future__ import annotations

import heapq
import re
from collections import defaultdict
from collections.abc import Iterator

from pythainlp.tokenize.newmm import _MAX_GRAPH_SIZE, _PAT_NONTHAI, _PAT_THAI_TWOCHARS
from pythainlp.tokenize.tcc_p import _PAT_TCC


def tcc_pos_array(text: str, more: bool = False) -> bytearray:
    """Flags of the valid cluster boundaries of `text` (index i is 1 when i is one); `more`:
    text follows (a cluster's `$` look-ahead never matches before a final newline)."""
    arr = bytearray(len(text) + 1)
    if not text:
        return arr
    match = _PAT_TCC.match
    p, n = 0, len(text)
    if more:
        text += "\x00"  # no cluster takes it; it only hides the end of the string
    while p < n:
        m = match(text, p)
        p = m.end() if m is not None and m.end() > p else p + 1
        arr[p] = 1
    return arr


_Table = dict[str, bool]
_TABLES: dict[int, tuple[frozenset[str], _Table, _Table]] = {}
_BLANK = frozenset(" \t\n")
_CUTS = re.compile(r"[ \t]+|\n")
_BLANK_END = re.compile(r"\x00([^\x00]*[ \t\n])(?=\x00)")  # keys ending in whitespace


def _table(words: frozenset[str], partial: frozenset[str]) -> _Table:
    """Every word (True) and proper prefix of a word (False) of the index: one lookup a step
    (built once per dictionary)."""
    return _tables(words, partial)[0]


def _tables(words: frozenset[str], partial: frozenset[str]) -> tuple[_Table, _Table]:
    """The lookup table and the blank-ending one: every key (word or prefix) that ends in a
    space, tab or newline (True) and every suffix of such a key (False), so a cut after
    whitespace is tested by walking back from it (built once per dictionary)."""
    found = _TABLES.get(id(words))
    if found is not None and found[0] is words:
        return found[1], found[2]
    table = dict.fromkeys(partial, False)
    table.update(dict.fromkeys(words, True))
    # one scan of all keys joined (a NUL inside a key only makes the test stricter)
    joined = "\x00" + "\x00".join(table) + "\x00"
    blank_keys = _BLANK_END.findall(joined)
    blank: _Table = {k[-j:]: False for k in blank_keys for j in range(2, len(k))}
    blank.update(dict.fromkeys(blank_keys, True))
    if any(f"\x00{ch}" in joined for ch in _BLANK):
        blank = {"": True}  # a key begins with whitespace: never cut
    _TABLES.clear()
    _TABLES[id(words)] = (words, table, blank)
    return table, blank


def _cuts(text: str, blank: _Table) -> list[int]:
    """Offsets where newmm starts afresh whatever comes before: the end of a run of spaces
    (or of a newline) that no dictionary key (word or word prefix) runs into. No key begins
    with whitespace, so every token and look-up before the cut ends at it, and the text after
    it is cut as if it stood alone (the cluster boundaries restart there too)."""
    out: list[int] = []
    get = blank.get
    n = len(text)
    if get(""):
        return out
    for m in _CUTS.finditer(text):
        p = m.end()
        if p >= n:
            break
        k = 2
        while k <= p:
            seen = get(text[p - k : p])
            if seen is None:
                break
            if seen:
                p = -1  # a key runs through the whitespace (รักดีหามจั่ว รักชั่วหามเสา)
                break
            k += 1
        if p > 0:
            out.append(p)
    return out


def _prefixes(table: _Table, text: str, start: int) -> list[str]:
    """Words of the index that begin at `start` in `text` (PrefixIndex.prefixes)."""
    out: list[str] = []
    get = table.get
    end = start + 1
    n = len(text)
    while end <= n:
        piece = text[start:end]
        whole = get(piece)
        if whole is None:
            break
        if whole:
            out.append(piece)
        end += 1
    return out


def _bfs_paths_graph(graph: defaultdict[int, list[int]], start: int,
                     goal: int) -> Iterator[list[int]]:
    """Breadth-first paths from start to goal (pythainlp's order)."""
    visited = {start}
    queue = [(start, [start])]
    while queue:
        vertex, path = queue.pop(0)
        for pos in graph[vertex]:
            if pos == goal:
                yield [*path, pos]
            elif pos not in visited:
                visited.add(pos)
                queue.append((pos, [*path, pos]))


def _find_skip_end(text: str, begin_pos: int, valid: bytearray, table: _Table) -> int:
    """End of an out-of-dictionary word starting at begin_pos."""
    len_text = len(text)
    m = _PAT_NONTHAI.match(text, begin_pos)
    if m:
        return m.end()
    for pos in range(begin_pos + 1, len_text):
        if valid[pos]:
            if any(valid[pos + len(w)] and not _PAT_THAI_TWOCHARS.match(w)
                   for w in _prefixes(table, text, pos)):
                return pos
            if _PAT_NONTHAI.match(text, pos):
                return pos
    return len_text


def _onecut(text: str, table: _Table, more: bool = False) -> list[str]:
    """The tokens of `text`, in order (pythainlp's _onecut, the prefix lookup inlined);
    `more`: text follows (see tcc_pos_array)."""
    graph: defaultdict[int, list[int]] = defaultdict(list)
    graph_size = 0
    valid = tcc_pos_array(text, more)
    len_text = len(text)
    pos_list = [0]
    end_pos = 0
    out: list[str] = []
    heappop, heappush, get = heapq.heappop, heapq.heappush, table.get
    while pos_list[0] < len_text:
        begin_pos = heappop(pos_list)
        end = begin_pos + 1
        while end <= len_text:  # each dictionary word at begin_pos, shortest first
            whole = get(text[begin_pos:end])
            if whole is None:
                break
            if whole and valid[end]:
                graph[begin_pos].append(end)
                graph_size += 1
                if end not in pos_list:
                    heappush(pos_list, end)
                if graph_size > _MAX_GRAPH_SIZE:
                    break
            end += 1
        if len(pos_list) == 1:
            goal = pos_list[0]
            # one word straight to the goal is the path BFS finds first
            path = [end_pos, goal] if goal in graph[end_pos] else \
                next(_bfs_paths_graph(graph, end_pos, goal))
            graph_size = 0
            graph.clear()
            for pos in path[1:]:
                out.append(text[end_pos:pos])
                end_pos = pos
        elif not pos_list:
            end_pos = _find_skip_end(text, begin_pos, valid, table)
            graph_size = 0
            graph.clear()
            out.append(text[begin_pos:end_pos])
            heappush(pos_list, end_pos)
    return out


# The cluster pattern looks at the end of the text only after ย (…ย(?=[เ-ไก-ฮ]|$)).
_LOOKAHEAD = "\u0e22(?=[\u0e40-\u0e44\u0e01-\u0e2e]|$)"
_END_AFTER_YO_ONLY = _PAT_TCC.pattern.count("$") == _PAT_TCC.pattern.count(_LOOKAHEAD)


def _remember_as_last(piece: str, tokens: tuple[str, ...], memo: dict[str, object]) -> None:
    """Memoise the cuts of `piece` less its one trailing blank as a last piece (a line the
    second pass reads again ends there): the same tokens less the blank's. The blank stops
    every cluster and non-Thai run as the end of the text does, except a cluster ending in ย
    (whose look-ahead accepts the end, not a blank), and, the piece ending at a cut, no
    dictionary key or prefix runs into it (see `_cuts`)."""
    head = piece[:-1]
    if (not _END_AFTER_YO_ONLY or not head or head[-1].isspace() or head[-1] == "\u0e22"
            or piece[-1] not in _BLANK or len(tokens) < 2 or tokens[-1] != piece[-1]):
        return
    memo.setdefault("seg$\t" + head, tokens[:-1])


def prepare(trie: object) -> None:
    """Build the lookup table of a PrefixIndex now (at lexicon load, not at the first text)."""
    words, partial = getattr(trie, "words", None), getattr(trie, "partial", None)
    if isinstance(words, frozenset) and isinstance(partial, frozenset):
        _table(words, partial)


def segment(text: str, trie: object, memo: dict[str, object] | None = None) -> list[str]:
    """newmm tokens of `text` with `trie` as the dictionary (pythainlp's cuts exactly).

    The text is cut where newmm starts afresh (see `_cuts`) and each piece segmented alone;
    with `memo`, a piece seen before (a line read again by the second pass, a phrase every
    page repeats) is looked up instead."""
    if not text:
        return []
    words, partial = getattr(trie, "words", None), getattr(trie, "partial", None)
    if not isinstance(words, frozenset) or not isinstance(partial, frozenset):
        from pythainlp.tokenize.newmm import segment as slow

        return slow(text, custom_dict=trie)  # type: ignore[arg-type]
    table, blank = _tables(words, partial)
    if memo is None:
        memo = {}
    out: list[str] = []
    start, n = 0, len(text)
    for end in (*_cuts(text, blank), n):
        piece = text[start:end]
        key = ("seg\t" if end < n else "seg$\t") + piece
        found = memo.get(key)
        if found is None:
            found = memo[key] = tuple(_onecut(piece, table, end < n))
            if end < n:
                _remember_as_last(piece, found, memo)
        out.extend(found)  # type: ignore[arg-type]
        start = end
    return out
