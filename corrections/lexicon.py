"""Lexicons: package data (importlib.resources), pythainlp word lists, user TSVs; cached index."""

from __future__ import annotations

import functools
import gzip
import hashlib
import logging
import os
import pickle
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from corrections.gazetteer import LG_HEADS, LG_KINDS, Gazetteer, load_gazetteer
from corrections.matcher import ocr_key
from corrections.normalize import MARKS, normalize

log = logging.getLogger(__name__)

CACHE_VERSION = "9"
DATA_FILES = ("terms.tsv", "corpus_unigrams.tsv", "corpus_bigrams.tsv.gz")
# Categories of terms a damaged span may be corrected to (place names come from the gazetteer).
TARGET_CATEGORIES = ("department", "position", "memo", "ita", "month", "variant", "user")
NEIGHBOURS = 60  # most frequent left/right neighbours kept per word for real-word errors
GENERAL_MIN_FREQ = 30  # general words rarer than this are never proposed as corrections
BARE_MIN_FREQ = 20  # words at least this frequent are indexed by skeleton in bare_freq
TERM_FREQ = 10**9  # what a genre term counts as in bare_freq (usable however rare)


@dataclass(frozen=True)
class Term:
    """A lexicon term: its category and the canonical spelling it stands for."""

    term: str
    category: str
    canonical: str


@dataclass
class Lexicons:
    """Everything correction needs, built once and cached."""

    words: frozenset[str]
    freq: dict[str, int]
    total: int
    bigrams: dict[str, int]
    terms: dict[str, Term]
    term_keys: dict[str, str]
    general_by_len: dict[int, dict[str, str]]
    names: frozenset[str]
    mark_variants: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # bare skeleton -> highest frequency of a word with it (genre terms count as TERM_FREQ):
    # lets the mark rules skip a window no mark edit can turn into a usable word
    bare_freq: dict[str, int] = field(default_factory=dict)
    before: dict[str, str] = field(default_factory=dict)  # word -> tab-joined left neighbours
    after: dict[str, str] = field(default_factory=dict)  # word -> tab-joined right neighbours
    trie: object = None
    bands: dict[int, object] = field(default_factory=dict, repr=False)  # rules._band
    memo: dict[str, object] = field(default_factory=dict, repr=False)  # per-process lookups
    gazetteer: Gazetteer = field(default_factory=load_gazetteer)

    def is_word(self, token: str) -> bool:
        """True when `token` is a known word, term or place name."""
        return token in self.words

    def frequency(self, token: str) -> int:
        """Corpus/TNC frequency of a word (0 when unseen)."""
        return self.freq.get(token, 0)

    def pair(self, a: str, b: str) -> int:
        """Corpus frequency of the word pair (a, b)."""
        return self.bigrams.get(f"{a}\t{b}", 0)

    def neighbours(self, prev: str, nxt: str) -> set[str]:
        """Words the corpus most often sees after `prev` or before `nxt`."""
        found = set(self.after.get(prev, "").split("\t"))
        found.update(self.before.get(nxt, "").split("\t"))
        found.discard("")
        return found


_BARE_TABLE = {ord(m): None for m in MARKS}


@functools.lru_cache(maxsize=1 << 16)
def bare(word: str) -> str:
    """The word without tone marks and upper/lower vowels (what OCR keeps when it loses them);
    memoised: the same tokens come back on every page, and translate is slow on Thai."""
    return word.translate(_BARE_TABLE)


def _data_text(name: str) -> str:
    """Text of a shipped data file (gzip-compressed when its name ends in .gz)."""
    path = resources.files("corrections").joinpath("data", name)
    if name.endswith(".gz"):
        return gzip.decompress(path.read_bytes()).decode("utf-8")
    return path.read_text(encoding="utf-8")


def _pythainlp_file(name: str) -> Path:
    """Path of a corpus file shipped inside the pythainlp wheel (never downloaded)."""
    import pythainlp

    return Path(pythainlp.__file__).parent / "corpus" / name


def _read_lines(path: Path) -> list[str]:
    """Non-empty stripped lines of a UTF-8 file."""
    return [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]


def read_user_lexicon(path: Path) -> list[Term]:
    """Parse a user TSV: `term[<TAB>canonical]`, '#' comments allowed."""
    out: list[Term] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = [p.strip() for p in line.split("\t")]
        term = normalize(parts[0])
        canonical = normalize(parts[1]) if len(parts) > 1 and parts[1] else term
        out.append(Term(term, "user", canonical))
    return out


def _shipped_terms() -> list[Term]:
    """Hand-written genre terms from terms.tsv."""
    out: list[Term] = []
    for line in _data_text("terms.tsv").splitlines():
        if not line or line.startswith("#"):
            continue
        parts = line.split("\t")
        canonical = parts[2] if len(parts) > 2 and parts[2] else parts[0]
        out.append(Term(parts[0], parts[1], canonical))
    return out


def _build(user_paths: Sequence[Path]) -> Lexicons:
    """Build the lexicons from package data, pythainlp's shipped files and user TSVs."""
    gaz = load_gazetteer()
    freq: dict[str, int] = defaultdict(int)
    for line in _read_lines(_pythainlp_file("tnc_freq.txt")):
        word, _, count = line.partition("\t")
        if count.isdigit():
            freq[word] += int(count) // 10
    for line in _data_text("corpus_unigrams.tsv").splitlines():
        word, _, count = line.partition("\t")
        if count.isdigit():
            freq[word] += int(count)
    bigrams: dict[str, int] = {}
    for line in _data_text("corpus_bigrams.tsv.gz").splitlines():
        pair, _, count = line.rpartition("\t")
        if pair and count.isdigit():
            bigrams[pair] = int(count)
    words = set(_read_lines(_pythainlp_file("words_th.txt")))
    names: set[str] = set()
    for fname in ("person_names_female_th.txt", "person_names_male_th.txt",
                  "family_names_th.txt"):
        names.update(_read_lines(_pythainlp_file(fname)))
    terms: dict[str, Term] = {}
    for term in _shipped_terms() + [t for p in user_paths for t in read_user_lexicon(Path(p))]:
        terms[term.term] = term
        if term.canonical == term.term or term.category == "user":
            words.update(term.canonical.split())
    words.update(gaz.all_place_names())
    words.update(LG_KINDS)
    words.update(LG_HEADS)
    targets = {t.term for t in terms.values() if t.category in TARGET_CATEGORIES}
    general_by_len: dict[int, dict[str, str]] = defaultdict(dict)
    for word in sorted(words):  # sorted: the same cache whatever the hash seed
        if freq.get(word, 0) >= GENERAL_MIN_FREQ and 2 <= len(word) <= 20:
            key = ocr_key(word)
            general_by_len[len(key)][word] = key
    by_bare: dict[str, list[str]] = defaultdict(list)
    for word in sorted(words):
        if freq.get(word, 0) >= GENERAL_MIN_FREQ:
            by_bare[bare(word)].append(word)
    for name in sorted(targets):  # genre terms are restorable however rare in the corpus
        if " " not in name and name not in by_bare[bare(name)]:
            by_bare[bare(name)].append(name)
    mark_variants = {k: tuple(v) for k, v in by_bare.items()}
    bare_freq: dict[str, int] = {}
    for word, seen in freq.items():
        if seen >= BARE_MIN_FREQ:
            key = bare(word)
            bare_freq[key] = max(bare_freq.get(key, 0), seen)
    for name in terms:
        bare_freq[bare(name)] = TERM_FREQ
    before: dict[str, list[str]] = defaultdict(list)
    after: dict[str, list[str]] = defaultdict(list)
    for pair, _count in sorted(bigrams.items(), key=lambda kv: -kv[1]):
        a, _, b = pair.partition("\t")
        if len(before[b]) < NEIGHBOURS:
            before[b].append(a)
        if len(after[a]) < NEIGHBOURS:
            after[a].append(b)
    return Lexicons(
        before={k: "\t".join(v) for k, v in before.items()},
        after={k: "\t".join(v) for k, v in after.items()},
        mark_variants=mark_variants,
        bare_freq=bare_freq,
        words=frozenset(words) | frozenset(names),
        freq=dict(freq),
        total=max(1, sum(freq.values())),
        bigrams=bigrams,
        terms=terms,
        term_keys={t: ocr_key(t) for t in targets},
        general_by_len=dict(general_by_len),
        names=frozenset(names),
        gazetteer=gaz,
    )


def _cache_path(user_paths: Sequence[Path]) -> Path | None:
    """Cache file keyed by the hash of every input, or None when caching is off."""
    if os.environ.get("CORRECTIONS_NO_CACHE"):
        return None
    digest = hashlib.sha256(CACHE_VERSION.encode())
    digest.update(Path(__file__).read_bytes())  # any change of the index code invalidates it
    for name in DATA_FILES:
        digest.update(_data_text(name).encode("utf-8"))
    import pythainlp

    digest.update(str(getattr(pythainlp, "__version__", "")).encode())
    for path in user_paths:
        digest.update(Path(path).read_bytes())
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "digitizer-corrections" / f"lexicons-{digest.hexdigest()[:16]}.pkl"


class PrefixIndex:
    """A flat stand-in for pythainlp's Trie (fast to unpickle): prefix -> is a whole word."""

    def __init__(self, words: frozenset[str]) -> None:
        """Index every proper prefix of every word (the words set itself is shared)."""
        self.words = words
        self.partial = frozenset(w[:i] for w in words for i in range(1, len(w))) - words

    def prefixes(self, text: str, start: int = 0) -> list[str]:
        """Words of the index that begin at `start` in `text` (what newmm asks a Trie)."""
        out: list[str] = []
        words, partial = self.words, self.partial
        end = start + 1
        n = len(text)
        while end <= n:
            piece = text[start:end]
            if piece in words:
                out.append(piece)
            elif piece not in partial:
                break
            end += 1
        return out

    def __contains__(self, key: str) -> bool:
        """True when `key` is a whole word."""
        return key in self.words


def _with_trie(lex: Lexicons) -> Lexicons:
    """Attach the newmm dictionary index (words + multi-word term parts)."""
    lex.trie = PrefixIndex(lex.words)
    return lex


def _prune(keep: Path, limit: int = 4) -> None:
    """Remove all but the `limit` most recent lexicon caches (old data, old user lexicons)."""
    caches = sorted(keep.parent.glob("lexicons-*.pkl"), key=lambda p: p.stat().st_mtime)
    for old in caches[:-limit]:
        if old != keep:
            old.unlink(missing_ok=True)


@functools.lru_cache(maxsize=8)
def _load(user_paths: tuple[Path, ...]) -> Lexicons:
    """Load from the pickle cache when fresh, else build and write the cache."""
    cache = _cache_path(user_paths)
    if cache is not None and cache.exists():
        try:
            with cache.open("rb") as handle:
                lex = pickle.load(handle)
            if isinstance(lex, Lexicons):
                lex.gazetteer = load_gazetteer()
                return lex
        except Exception as exc:  # a stale or partial cache is rebuilt, never fatal
            log.warning("lexicon cache %s unreadable (%s); rebuilding", cache, exc)
    lex = _with_trie(_build(user_paths))
    if cache is not None:
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            tmp = cache.with_suffix(f".{os.getpid()}.tmp")
            with tmp.open("wb") as handle:
                pickle.dump(lex, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, cache)
            _prune(cache)
        except OSError as exc:
            log.info("lexicon cache not written: %s", exc)
    return lex


def load_lexicons(user_paths: Sequence[Path | str] = ()) -> Lexicons:
    """The lexicons with the user's TSVs added (cached in memory and on disk)."""
    from corrections import newmm, rules

    lex = _load(tuple(Path(p).resolve() for p in user_paths))
    newmm.prepare(lex.trie)  # the segmenter's table and the fuzzy indexes: built once, here
    rules.prepare(lex)
    return lex
