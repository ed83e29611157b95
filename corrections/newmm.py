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
from collections import defaultdict
from collections.abc import Iterator

from pythainlp.tokenize.newmm import _MAX_GRAPH_SIZE, _PAT_NONTHAI, _PAT_THAI_TWOCHARS
from pythainlp.tokenize.tcc_p import _PAT_TCC


def tcc_pos_array(text: str) -> bytearray:
    """Flags of the valid cluster boundaries of `text` (index i is 1 when i is one)."""
    arr = bytearray(len(text) + 1)
    if not text:
        return arr
    match = _PAT_TCC.match
    p, n = 0, len(text)
    while p < n:
        m = match(text, p)
        p = m.end() if m is not None and m.end() > p else p + 1
        arr[p] = 1
    return arr


_Table = dict[str, bool]
_TABLES: dict[int, tuple[frozenset[str], _Table]] = {}


def _table(words: frozenset[str], partial: frozenset[str]) -> _Table:
    """Every word (True) and proper prefix of a word (False) of the index: one lookup a step
    (built once per dictionary)."""
    found = _TABLES.get(id(words))
    if found is not None and found[0] is words:
        return found[1]
    table = dict.fromkeys(partial, False)
    table.update(dict.fromkeys(words, True))
    _TABLES.clear()
    _TABLES[id(words)] = (words, table)
    return table


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


def _onecut(text: str, table: _Table) -> list[str]:
    """The tokens of `text`, in order (pythainlp's _onecut, the prefix lookup inlined)."""
    graph: defaultdict[int, list[int]] = defaultdict(list)
    graph_size = 0
    valid = tcc_pos_array(text)
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


def prepare(trie: object) -> None:
    """Build the lookup table of a PrefixIndex now (at lexicon load, not at the first text)."""
    words, partial = getattr(trie, "words", None), getattr(trie, "partial", None)
    if isinstance(words, frozenset) and isinstance(partial, frozenset):
        _table(words, partial)


def segment(text: str, trie: object) -> list[str]:
    """newmm tokens of `text` with `trie` as the dictionary (pythainlp's cuts exactly)."""
    if not text:
        return []
    words, partial = getattr(trie, "words", None), getattr(trie, "partial", None)
    if not isinstance(words, frozenset) or not isinstance(partial, frozenset):
        from pythainlp.tokenize.newmm import segment as slow

        return slow(text, custom_dict=trie)  # type: ignore[arg-type]
    return _onecut(text, _table(words, partial))
