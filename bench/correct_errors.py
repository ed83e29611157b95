"""Error analysis of the corrections library on saved records (no OCR re-run).

Usage:
  .venv/bin/python bench/correct_errors.py RECORDS_DIR TRUTH_DIR [--show N] [--clean]

RECORDS_DIR holds records written by `bench/accuracy.py DIR --save RECORDS_DIR`; TRUTH_DIR the
truth JSON of the same stems (devset format). Each page's text_raw is corrected again with the
current `corrections` code (the record's thai_digit corrections are applied and protected, as
the pipeline does), and the whitespace-free text is aligned with the truth to print:
  - CER of text_raw, of text_raw + digit corrections, and of the final text, with and without
    digit errors (digits are the digit reader's job);
  - the residual errors by class (mark = tone mark / upper or lower vowel only, consonant,
    digit, latin junk, other) with the most frequent examples;
  - every applied lexical correction judged against the truth (right / wrong / neutral);
  - exactness of the truth's entity_strings (place, organisation, department names), and
    with --show what the final text holds where a mention is not exact.
With --clean the truth texts themselves are corrected: every applied change there is a false
positive.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rapidfuzz.distance import Levenshtein

WS = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")
MARKS = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d"
DIGITS = re.compile(r"[0-9\u0e50-\u0e59]")
LATIN = re.compile(r"[A-Za-z!-/:-@\[-`{-~|]")
CONSONANT = re.compile(r"^[\u0e01-\u0e2e]$")


def squash_map(text: str) -> tuple[str, list[int]]:
    """NFC text without whitespace, and the offset in `text` of each kept character."""
    text = unicodedata.normalize("NFC", text)
    chars, offsets = [], []
    for i, ch in enumerate(text):
        if not WS.match(ch):
            chars.append(ch)
            offsets.append(i)
    return "".join(chars), offsets


def squash(text: str) -> str:
    """NFC text without whitespace."""
    return squash_map(text)[0]


def classify(hyp: str, ref: str) -> str:
    """Error class of one aligned difference (hyp = what we produced, ref = truth)."""
    if DIGITS.search(hyp) or DIGITS.search(ref):
        return "digit"
    strip = str.maketrans("", "", MARKS)
    if hyp.translate(strip) == ref.translate(strip):
        return "mark"
    if LATIN.search(hyp) and not LATIN.search(ref):
        return "latin"
    if CONSONANT.match(hyp) and CONSONANT.match(ref):
        return "consonant"
    if hyp.replace("\u0e33", "\u0e32") == ref.replace("\u0e33", "\u0e32"):
        return "mark"
    return "other"


def diff_regions(hyp: str, ref: str) -> list[tuple[int, int, int, int]]:
    """Merged non-equal regions (h1, h2, r1, r2) of the alignment of hyp with ref."""
    out: list[tuple[int, int, int, int]] = []
    for op in Levenshtein.opcodes(hyp, ref):
        if op.tag == "equal":
            continue
        if out and out[-1][1] == op.src_start and out[-1][3] == op.dest_start:
            h1, _h2, r1, _r2 = out[-1]
            out[-1] = (h1, op.src_end, r1, op.dest_end)
        else:
            out.append((op.src_start, op.src_end, op.dest_start, op.dest_end))
    return out


_THAI_LETTER = re.compile(r"[\u0e01-\u0e3a\u0e40-\u0e4e]")


def _inside_thai_word(text: str, change: tuple[int, int, str]) -> bool:
    """A one-glyph digit change between two Thai letters (digitizer.finish.inside_thai_word)."""
    start, end, _repl = change
    if end - start != 1 or start == 0 or end >= len(text):
        return False
    return bool(_THAI_LETTER.match(text[start - 1]) and _THAI_LETTER.match(text[end]))


def apply(text: str, changes: Sequence[tuple[int, int, str]]) -> str:
    """Apply non-overlapping (start, end, replacement) changes."""
    pieces, cursor = [], 0
    for start, end, repl in sorted(changes):
        if start < cursor:
            continue
        pieces.append(text[cursor:start])
        pieces.append(repl)
        cursor = end
    pieces.append(text[cursor:])
    return "".join(pieces)


class Tally:
    """Counters over a whole run."""

    def __init__(self) -> None:
        """Empty counters."""
        self.length = 0
        self.dist: Counter[str] = Counter()  # raw / digits / final, plus *_nodigit
        self.classes: dict[str, Counter[str]] = {"raw": Counter(), "final": Counter()}
        self.examples: Counter[tuple[str, str, str]] = Counter()
        self.verdicts: Counter[str] = Counter()
        self.rules: dict[str, Counter[str]] = {}
        self.wrong: list[str] = []
        self.entities: Counter[str] = Counter()
        self.missed: list[str] = []
        self.seconds = 0.0
        self.chars = 0


def _errors(hyp: str, ref: str, tally: Tally, label: str, record: bool) -> tuple[int, int]:
    """(all, non-digit) error counts of hyp vs ref; classes counted under `label`."""
    total = nodigit = 0
    for h1, h2, r1, r2 in diff_regions(hyp, ref):
        cost = Levenshtein.distance(hyp[h1:h2], ref[r1:r2])
        kind = classify(hyp[h1:h2], ref[r1:r2])
        tally.classes[label][kind] += cost
        total += cost
        if kind != "digit":
            nodigit += cost
        if record:
            ctx = f"{ref[max(0, r1 - 6) : r2 + 6]} | {hyp[max(0, h1 - 6) : h2 + 6]}"
            tally.examples[(kind, f"{hyp[h1:h2]}→{ref[r1:r2]}", ctx)] += 1
    return total, nodigit


def _judge(raw: str, digits: list[tuple[int, int, str]], corr: Any, ref: str,
           ref_spaced: str) -> str:
    """right / wrong / neutral: does this applied correction alone bring the page closer?

    The correction is applied on its own to the OCR text (plus the digit corrections), so a
    neighbouring correction cannot make it look better or worse than it is.
    """
    change = (corr.start, corr.end, corr.suggestion)
    others = [d for d in digits if not (d[0] < corr.end and corr.start < d[1])]
    with_it, without = apply(raw, [*others, change]), apply(raw, others)
    d1 = Levenshtein.distance(squash(with_it), ref)
    d0 = Levenshtein.distance(squash(without), ref)
    if d1 == d0:  # spacing-only changes: compare with spaces collapsed
        sp = WS.sub(" ", ref_spaced)
        d1 = Levenshtein.distance(WS.sub(" ", with_it), sp)
        d0 = Levenshtein.distance(WS.sub(" ", without), sp)
    return "right" if d1 < d0 else "wrong" if d1 > d0 else "neutral"


def analyse(record: dict[str, Any], truth: dict[str, Any], tally: Tally, clean: bool) -> None:
    """Correct one document's pages again and add its figures to the tally."""
    from corrections import correct_document, load_lexicons

    lex = load_lexicons()
    refs = {p["number"]: p["text"] for p in truth["pages"]}
    pages = [p for p in record["pages"] if p["number"] in refs]
    digit_changes: list[list[tuple[int, int, str]]] = []
    texts: list[str] = []
    for page in pages:
        if clean:
            texts.append(refs[page["number"]])
            digit_changes.append([])
            continue
        texts.append(page["text_raw"])
        digit_changes.append([(c["start"], c["end"], c["suggestion"]) for c in record["corrections"]
                              if c["page"] == page["number"] and c["rule"] == "thai_digit"
                              and c["status"] == "applied"])
    # as digitizer.finish does: a one-glyph digit read between two Thai letters (a junk digit
    # inside a word) yields to a lexical correction; the other digit reads are protected
    soft = [[d for d in ds if _inside_thai_word(t, d)] for t, ds in zip(texts, digit_changes,
                                                                        strict=True)]
    protected = [[(s, e) for s, e, _r in d if (s, e, _r) not in sd]
                 for d, sd in zip(digit_changes, soft, strict=True)]
    started = time.process_time()
    results = correct_document(texts, lexicons=lex, protected=protected)
    tally.seconds += time.process_time() - started
    tally.chars += sum(len(t) for t in texts)
    finals = []
    for page, raw, digits, res, yielding in zip(pages, texts, digit_changes, results, soft,
                                                 strict=True):
        ref_spaced = unicodedata.normalize("NFC", refs[page["number"]])
        ref = squash(ref_spaced)
        applied = [c for c in res.corrections if c.status == "applied"]
        digits = [d for d in digits if d not in yielding or not any(
            d[0] < c.end and c.start < d[1] for c in applied)]
        base = digits + [(c.start, c.end, c.suggestion) for c in applied]
        final = apply(raw, base)
        finals.append(final)
        tally.length += len(ref)
        sraw, sfinal = squash(raw), squash(final)
        tally.dist["digits"] += Levenshtein.distance(squash(apply(raw, digits)), ref)
        for label, hyp, record_it in (("raw", sraw, False), ("final", sfinal, True)):
            total, nodigit = _errors(hyp, ref, tally, label, record_it)
            tally.dist[label] += total
            tally.dist[label + "_nodigit"] += nodigit
        for c in applied:
            verdict = _judge(raw, digits, c, ref, ref_spaced)
            tally.verdicts[verdict] += 1
            tally.rules.setdefault(c.rule, Counter())[verdict] += 1
            if verdict != "right":
                ctx = raw[max(0, c.start - 10) : c.end + 10].replace("\n", "⏎")
                tally.wrong.append(f"{verdict:7} {c.rule:10} {c.original!r} → {c.suggestion!r}"
                                   f"  in {ctx!r}  ({truth.get('id', '')} p{page['number']})")
    for name in truth.get("entity_strings", []):
        want = sum(squash(t).count(squash(name)) for t in refs.values())
        got = sum(squash(t).count(squash(name)) for t in finals)
        raw_got = sum(squash(t).count(squash(name)) for t in texts)
        tally.entities["want"] += want
        tally.entities["got"] += min(want, got)
        tally.entities["raw"] += min(want, raw_got)
        if got < want:
            for page_no, final in zip([p["number"] for p in pages], finals, strict=True):
                for seen in _misread(squash(name), squash(refs[page_no]), squash(final)):
                    tally.missed.append(f"{name!r}: {seen!r}  ({truth.get('id', '')} p{page_no})")


def _misread(key: str, ref: str, hyp: str) -> list[str]:
    """What hyp holds where ref holds each mention of key, when it is not exactly key."""
    to_hyp = [0] * (len(ref) + 1)
    for op in Levenshtein.opcodes(ref, hyp):
        for k in range(op.src_start, op.src_end + 1):
            to_hyp[k] = op.dest_start if op.tag != "equal" else op.dest_start + k - op.src_start
    out = []
    pos = ref.find(key)
    while pos >= 0:
        h1, h2 = to_hyp[pos], to_hyp[pos + len(key)]
        if hyp[h1:h2] != key:
            out.append(hyp[max(0, h1 - 3) : h2 + 3])
        pos = ref.find(key, pos + 1)
    return out


def report(tally: Tally, show: int) -> None:
    """Print the tally."""
    n = max(1, tally.length)
    d = tally.dist
    print(f"truth chars (no whitespace): {tally.length}")
    print(f"CER text_raw {d['raw'] / n:.4f}  +digits {d['digits'] / n:.4f}  "
          f"final {d['final'] / n:.4f}")
    print(f"CER without digit errors: text_raw {d['raw_nodigit'] / n:.4f}  "
          f"final {d['final_nodigit'] / n:.4f}")
    for label in ("raw", "final"):
        parts = ", ".join(f"{k} {v}" for k, v in tally.classes[label].most_common())
        print(f"errors {label:5}: {parts}")
    v = tally.verdicts
    judged = v["right"] + v["wrong"]
    print(f"applied corrections: {v['right']} right, {v['wrong']} wrong, {v['neutral']} neutral"
          f" (precision {v['right'] / judged if judged else 1.0:.3f})")
    for rule, c in sorted(tally.rules.items()):
        print(f"  {rule:12} right {c['right']:4}  wrong {c['wrong']:3}  neutral {c['neutral']:3}")
    e = tally.entities
    if e["want"]:
        print(f"entity mentions exact: raw {e['raw']}/{e['want']}, final {e['got']}/{e['want']}")
    if tally.chars:
        per = tally.seconds / tally.chars * 6000 * 1000
        print(f"correction time: {tally.seconds:.2f} s for {tally.chars} chars "
              f"({per:.1f} ms CPU per 6,000 chars)")
    if show:
        print("\nnot-right applied corrections:")
        for line in tally.wrong:
            print("  " + line)
        print("\nentity mentions not exact (name: what the final text holds there):")
        for line in tally.missed:
            print("  " + line)
        print(f"\nmost frequent residual errors (hyp→truth, truth | hyp context), top {show}:")
        for (kind, what, ctx), count in tally.examples.most_common(show):
            print(f"  {count:3} {kind:9} {what!r:24} {ctx!r}")


def clean_corpus(path: Path, count: int, show: int) -> None:
    """Correct `count` corpus articles (clean text): every applied change is suspect."""
    import gzip
    import random

    from corrections import correct, load_lexicons

    lex = load_lexicons()
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        lines = handle.readlines()
    picked = random.Random(4).sample(lines, min(count, len(lines)))
    chars = 0
    changes: Counter[str] = Counter()
    rules: Counter[str] = Counter()
    for line in picked:
        text = json.loads(line)["text"][:6000]
        chars += len(text)
        for c in correct(text, lexicons=lex).corrections:
            if c.status == "applied":
                rules[c.rule] += 1
                ctx = text[max(0, c.start - 8) : c.end + 8].replace("\n", "⏎")
                changes[f"{c.rule:10} {c.original!r} → {c.suggestion!r}  in {ctx!r}"] += 1
    total = sum(rules.values())
    print(f"clean corpus: {len(picked)} articles, {chars} chars, {total} applied changes "
          f"({total / max(1, chars) * 100000:.1f} per 100k chars): {dict(rules)}")
    for what, n in changes.most_common(show or 30):
        print(f"  {n:3} {what}")


def main(argv: list[str] | None = None) -> int:
    """Parse arguments and analyse every record that has a truth file."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("records", type=Path, nargs="?")
    parser.add_argument("truth", type=Path, nargs="?")
    parser.add_argument("--corpus", type=Path, help="corpus .jsonl.gz: correct clean articles")
    parser.add_argument("--articles", type=int, default=100, help="articles for --corpus")
    parser.add_argument("--show", type=int, default=0, help="print N residual errors + misfires")
    parser.add_argument("--clean", action="store_true", help="correct the truth text itself")
    args = parser.parse_args(argv)
    if args.corpus:
        clean_corpus(args.corpus, args.articles, args.show)
        return 0
    if args.records is None or args.truth is None:
        parser.error("RECORDS_DIR and TRUTH_DIR are required without --corpus")
    tally = Tally()
    from corrections import correct, load_lexicons

    correct("บันทึกข้อความ ส่วนราชการ", lexicons=load_lexicons())  # load + lazy imports: untimed
    for path in sorted(args.records.glob("*.json")):
        truth_path = args.truth / path.name
        if not truth_path.exists():
            continue
        record = json.loads(path.read_text(encoding="utf-8"))
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        analyse(record, truth, tally, args.clean)
    report(tally, args.show)
    return 0


if __name__ == "__main__":
    sys.exit(main())
