"""Benchmark the corrections library: load time, correction time, pythainlp.spell ratio.

Usage:
  .venv/bin/python bench/correct.py [TEXT_FILE]          speed (default text: the seed memo
                                                         when present, else a generated memo)
  .venv/bin/python bench/correct.py --devset OCR_DIR     CER before/after and the share of
                                                         applied corrections that are right,
                                                         on OCR_DIR/<id>-<page>.txt pages
  .venv/bin/python bench/correct.py --records DIR [--records DIR2 ...]
                                                         speed on raw OCR text: correct() over
                                                         every page's text_raw of saved records
                                                         (bench/accuracy.py --save), CPU ms per
                                                         6,000 characters, median of --runs
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
import unicodedata
from pathlib import Path

from rapidfuzz.distance import Levenshtein

SEED = Path("/work/shared/seed/memo-srisongkhram-ocr.txt")
DEVSET = Path("/work/shared/devset")
WS = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")


def squash(text: str) -> str:
    """NFC without any whitespace (the devset's CER convention)."""
    return WS.sub("", unicodedata.normalize("NFC", text))


def generated_text() -> str:
    """A two-page memo-like text with typical OCR damage, when the seed is not available."""
    lines = [
        "บันทึกข้อความ",
        "ส่วนราชการ สำนักปลัด เทศบาลตำบลปากปวบ อำเภอวังสะพง จังหวัดเลย",
        "เรื่อง รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส",
        "เรียน นายกเทศมนตรีตำบลปากปวน",
        "ด้วยสำนักปลัดได้ดําเนินการเผยแพร่ข้อมูลข่าวสารผ่านเวปไซต์ของหน่วยงาน ให้ผู้รับบริ การ",
        "สามารถแสดงความคิดเห็นได้ สำนักปลัด กองคลัง กองซ่าง รับผิดชอบ",
    ]
    return "\n".join(lines * 12)


def forget(lex: object) -> None:
    """Drop what earlier runs looked up (the lexicons' memo, the memoised keys), so a run
    costs what a fresh process's first document costs after loading."""
    from corrections import lexicon, matcher

    lex.memo.clear()  # type: ignore[attr-defined]
    for func in (lexicon.bare, matcher.ocr_key):
        clear = getattr(func, "cache_clear", None)
        if clear is not None:
            clear()


def bench_records(dirs: list[Path], runs: int) -> None:
    """CPU time of correct() over every page's text_raw of saved records, per 6,000 chars."""
    from corrections import correct, load_lexicons

    lex = load_lexicons()
    correct("บันทึกข้อความ ส่วนราชการ", lexicons=lex)  # lazy imports and indexes: untimed
    for folder in dirs:
        texts = [page.get("text_raw", "")
                 for path in sorted(folder.glob("*.json"))
                 for page in json.loads(path.read_text(encoding="utf-8")).get("pages", [])]
        texts = [t for t in texts if t]
        chars = sum(len(t) for t in texts)
        if not chars:
            print(f"{folder}: no page text_raw found")
            continue
        cpu, wall = [], []
        for _ in range(runs):
            forget(lex)
            t, c = time.perf_counter(), time.process_time()
            for text in texts:
                correct(text, lexicons=lex)
            wall.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
        per = statistics.median(cpu) / chars * 6000 * 1000
        print(f"{folder}: {len(texts)} pages, {chars} chars: {per:.1f} ms CPU per 6,000 chars "
              f"(median of {runs}; min {min(cpu) / chars * 6e6:.1f}; wall "
              f"{statistics.median(wall) / chars * 6e6:.1f})")
    if hasattr(os, "getloadavg"):
        print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


def bench_speed(text: str, spell_words: int) -> None:
    """Print load, correction and pythainlp.spell.correct timings on `text`."""
    t0 = time.perf_counter()
    from corrections import correct, load_lexicons

    lex = load_lexicons()
    load_s = time.perf_counter() - t0
    correct(text, lexicons=lex)
    runs, cpu = [], []
    for _ in range(5):
        forget(lex)  # no help from the previous run's lookups
        t, c = time.perf_counter(), time.process_time()
        result = correct(text, lexicons=lex)
        runs.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    ours = statistics.median(runs)
    from pythainlp.spell import correct as spell_correct
    from pythainlp.tokenize import word_tokenize

    words = [w for w in word_tokenize(text, engine="newmm") if w.strip()]
    sample = words[:spell_words]
    t = time.perf_counter()
    for word in sample:
        spell_correct(word)
    spell_s = (time.perf_counter() - t) * len(words) / max(1, len(sample))
    applied = sum(c.status == "applied" for c in result.corrections)
    flagged = sum(c.status == "flagged" for c in result.corrections)
    print(f"text: {len(text)} chars, {len(words)} words")
    print(f"lexicon load: {load_s * 1000:.0f} ms")
    print(f"correct(): {ours * 1000:.1f} ms wall, {statistics.median(cpu) * 1000:.1f} ms CPU "
          f"(median of 5); {applied} applied, {flagged} flagged")
    if hasattr(os, "getloadavg"):
        print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"pythainlp.spell.correct word by word: {spell_s:.2f} s "
          f"(extrapolated from {len(sample)} words)")
    print(f"ratio spell/correct: {spell_s / ours:.0f}x")


def local_delta(raw: str, start: int, end: int, suggestion: str, ref: str) -> int:
    """Change of edit distance a correction makes against the truth region it aligns with."""
    from rapidfuzz import fuzz

    before = squash(raw[max(0, start - 25) : start])
    after = squash(raw[end : end + 25])
    window_raw = before + squash(raw[start:end]) + after
    window_fix = before + squash(suggestion) + after
    align = fuzz.partial_ratio_alignment(window_raw, ref)
    if align is None:
        return 0
    lo, hi = max(0, align.dest_start - 3), align.dest_end + 3
    region = ref[lo:hi]
    return (Levenshtein.distance(window_fix, region, weights=(1, 1, 1))
            - Levenshtein.distance(window_raw, region))


def bench_devset(ocr_dir: Path) -> None:
    """CER of raw OCR vs corrected text per document, and precision of applied corrections."""
    from corrections import correct_document, load_lexicons
    from corrections.normalize import normalize

    lex = load_lexicons()
    total_raw = total_cor = total_len = total_norm = 0
    right = wrong = neutral = flagged = 0
    ent_want = ent_raw = ent_got = 0
    for truth_path in sorted((DEVSET / "truth").glob("*.json")):
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        prefix = truth["id"][:4]
        pages = {p["number"]: p["text"] for p in truth["pages"]}
        raws = {n: (ocr_dir / f"{prefix}-{n}.txt") for n in pages}
        if not all(p.exists() for p in raws.values()):
            print(f"{truth['id']}: OCR pages missing in {ocr_dir}", file=sys.stderr)
            continue
        texts = [raws[n].read_text(encoding="utf-8") for n in sorted(pages)]
        results = correct_document(texts, lexicons=lex)
        d_raw = d_cor = d_norm = length = 0
        entities = truth.get("entity_strings", [])
        for n, raw, res in zip(sorted(pages), texts, results, strict=True):
            ref = squash(pages[n])
            base = Levenshtein.distance(squash(raw), ref)
            d_raw += base
            d_cor += Levenshtein.distance(squash(res.text), ref)
            d_norm += Levenshtein.distance(squash(normalize(raw)), ref)
            length += len(ref)
            for c in res.corrections:
                if c.status != "applied":
                    flagged += 1
                    continue
                delta = local_delta(raw, c.start, c.end, c.suggestion, ref)
                if delta < 0:
                    right += 1
                elif delta > 0:
                    wrong += 1
                    ctx = raw[max(0, c.start - 8) : c.end + 8]
                    print(f"  wrong? {c.rule} {c.original!r} -> {c.suggestion!r} in {ctx!r}")
                else:
                    neutral += 1
        print(f"{truth['id']}: CER raw {d_raw / length:.3f}, normalised {d_norm / length:.3f}, "
              f"corrected {d_cor / length:.3f}")
        for name in entities:
            want = sum(squash(p).count(squash(name)) for p in pages.values())
            got_raw = sum(squash(t).count(squash(name)) for t in texts)
            got = sum(squash(r.text).count(squash(name)) for r in results)
            ent_want += want
            ent_raw += min(want, got_raw)
            ent_got += min(want, got)
            if got < want:
                print(f"  entity {name}: {got}/{want} (raw {got_raw})")
        total_raw += d_raw
        total_norm += d_norm
        total_cor += d_cor
        total_len += length
    if total_len:
        print(f"all: CER raw {total_raw / total_len:.3f}, normalised {total_norm / total_len:.3f}, "
              f"corrected {total_cor / total_len:.3f}")
    if ent_want:
        print(f"entity mentions exact: raw {ent_raw}/{ent_want}, corrected {ent_got}/{ent_want}")
    judged = right + wrong
    print(f"applied corrections: {right} right, {wrong} wrong, {neutral} neutral "
          f"(precision {right / judged if judged else 1:.3f}); {flagged} flagged")


def main() -> None:
    """Parse arguments and run the requested benchmark."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("text", nargs="?", type=Path, help="UTF-8 text to correct")
    parser.add_argument("--devset", type=Path, help="folder of OCR pages <id4>-<page>.txt")
    parser.add_argument("--records", type=Path, action="append", default=[],
                        help="folder of saved records: time correct() on their text_raw")
    parser.add_argument("--runs", type=int, default=5, help="timed runs for --records")
    parser.add_argument("--spell-words", type=int, default=40,
                        help="words to time through pythainlp.spell.correct (extrapolated)")
    args = parser.parse_args()
    if args.devset:
        bench_devset(args.devset)
        return
    if args.records:
        bench_records(args.records, max(1, args.runs))
        return
    if args.text:
        text = args.text.read_text(encoding="utf-8")
    elif SEED.exists():
        text = SEED.read_text(encoding="utf-8")
    else:
        text = generated_text()
    bench_speed(text, args.spell_words)


if __name__ == "__main__":
    main()
