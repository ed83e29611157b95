"""Build the compact lexicon tables shipped in corrections/data/.

Sources (see corrections/data/SOURCES.md):
- the administrative gazetteer from the PyPI package `geothai` (CC-BY-4.0 data, "GeoThai");
- the official two-letter province abbreviations (public fact, written here by hand);
- word and word-pair frequencies of government Thai derived from the ThaiGov V2 corpus sample
  (public domain), tokenised with pythainlp newmm.

Usage: .venv/bin/python scripts/build_lexicons.py [--gazetteer] [--corpus PATH] [--top-words N]
       [--min-pair-count N]
"""

from __future__ import annotations

import argparse
import collections
import gzip
import json
import re
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "corrections" / "data"

# The 77 official province abbreviations used in document numbers (ที่ ลย ...).
ABBREVIATIONS = {
    "กรุงเทพมหานคร": "กท", "กระบี่": "กบ", "กาญจนบุรี": "กจ", "กาฬสินธุ์": "กส",
    "กำแพงเพชร": "กพ", "ขอนแก่น": "ขก", "จันทบุรี": "จบ", "ฉะเชิงเทรา": "ฉช",
    "ชลบุรี": "ชบ", "ชัยนาท": "ชน", "ชัยภูมิ": "ชย", "ชุมพร": "ชพ", "เชียงราย": "ชร",
    "เชียงใหม่": "ชม", "ตรัง": "ตง", "ตราด": "ตร", "ตาก": "ตก", "นครนายก": "นย",
    "นครปฐม": "นฐ", "นครพนม": "นพ", "นครราชสีมา": "นม", "นครศรีธรรมราช": "นศ",
    "นครสวรรค์": "นว", "นนทบุรี": "นบ", "นราธิวาส": "นธ", "น่าน": "นน", "บึงกาฬ": "บก",
    "บุรีรัมย์": "บร", "ปทุมธานี": "ปท", "ประจวบคีรีขันธ์": "ปข", "ปราจีนบุรี": "ปจ",
    "ปัตตานี": "ปน", "พระนครศรีอยุธยา": "อย", "พะเยา": "พย", "พังงา": "พง",
    "พัทลุง": "พท", "พิจิตร": "พจ", "พิษณุโลก": "พล", "เพชรบุรี": "พบ", "เพชรบูรณ์": "พช",
    "แพร่": "พร", "ภูเก็ต": "ภก", "มหาสารคาม": "มค", "มุกดาหาร": "มห", "แม่ฮ่องสอน": "มส",
    "ยโสธร": "ยส", "ยะลา": "ยล", "ร้อยเอ็ด": "รอ", "ระนอง": "รน", "ระยอง": "รย",
    "ราชบุรี": "รบ", "ลพบุรี": "ลบ", "ลำปาง": "ลป", "ลำพูน": "ลพ", "เลย": "ลย",
    "ศรีสะเกษ": "ศก", "สกลนคร": "สน", "สงขลา": "สข", "สตูล": "สต", "สมุทรปราการ": "สป",
    "สมุทรสงคราม": "สส", "สมุทรสาคร": "สค", "สระแก้ว": "สก", "สระบุรี": "สบ",
    "สิงห์บุรี": "สห", "สุโขทัย": "สท", "สุพรรณบุรี": "สพ", "สุราษฎร์ธานี": "สฎ",
    "สุรินทร์": "สร", "หนองคาย": "นค", "หนองบัวลำภู": "นภ", "อ่างทอง": "อท",
    "อำนาจเจริญ": "อจ", "อุดรธานี": "อด", "อุตรดิตถ์": "อต", "อุทัยธานี": "อน",
    "อุบลราชธานี": "อบ",
}

THAI_WORD = re.compile(r"^[\u0e01-\u0e4e]+$")


def build_gazetteer() -> None:
    """Convert geothai's JSON tables into three small TSVs with codes for the hierarchy."""
    import geothai

    src = Path(geothai.__file__).parent / "_data"
    provinces = json.loads((src / "provinces.json").read_text(encoding="utf-8"))
    districts = json.loads((src / "districts.json").read_text(encoding="utf-8"))
    subdistricts = json.loads((src / "subdistricts.json").read_text(encoding="utf-8"))
    missing = [p[1] for p in provinces if p[1] not in ABBREVIATIONS]
    if missing or len(ABBREVIATIONS) != 77 or len(set(ABBREVIATIONS.values())) != 77:
        raise SystemExit(f"abbreviation table does not match geothai: {missing}")
    rows = ["code\tname\tabbreviation\tname_en"]
    rows += [f"{c}\t{n}\t{ABBREVIATIONS[n]}\t{e}" for c, n, e in provinces]
    (DATA / "provinces.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    rows = ["code\tname\tname_en"] + [f"{c}\t{n}\t{e}" for c, n, e in districts]
    (DATA / "districts.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    rows = ["code\tname\tname_en"] + [f"{c}\t{n}\t{e}" for c, n, e, *_ in subdistricts]
    (DATA / "subdistricts.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    print(f"gazetteer: {len(provinces)} provinces, {len(districts)} districts, "
          f"{len(subdistricts)} subdistricts")


def build_corpus_tables(corpus: Path, top_words: int, min_pair: int) -> None:
    """Tokenise the corpus with plain newmm (pythainlp's default dictionary) and ship the top
    word frequencies and every word pair seen at least `min_pair` times."""
    from pythainlp.tokenize import word_tokenize

    unigrams: collections.Counter[str] = collections.Counter()
    bigrams: collections.Counter[tuple[str, str]] = collections.Counter()
    with gzip.open(corpus, "rt", encoding="utf-8") as handle:
        for n, line in enumerate(handle):
            text = json.loads(line).get("text", "")
            for chunk in re.split(r"\s+", text):
                if not chunk:
                    continue
                toks = word_tokenize(chunk, engine="newmm", keep_whitespace=False)
                prev = ""
                for tok in toks:
                    if not THAI_WORD.match(tok):
                        prev = ""
                        continue
                    unigrams[tok] += 1
                    if prev:
                        bigrams[(prev, tok)] += 1
                    prev = tok
            if n % 1000 == 0:
                print(f"  {n} articles", file=sys.stderr)
    rows = [f"{w}\t{c}" for w, c in unigrams.most_common(top_words) if c >= 2]
    (DATA / "corpus_unigrams.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    # Every pair seen min_pair times, most frequent first (ties by text: a reproducible file),
    # gzip-compressed without a timestamp so a rebuild of the same corpus is byte-identical.
    kept = sorted(((pair, c) for pair, c in bigrams.items() if c >= min_pair),
                  key=lambda kv: (-kv[1], kv[0]))
    rows = [f"{a}\t{b}\t{c}" for (a, b), c in kept]
    data = ("\n".join(rows) + "\n").encode("utf-8")
    (DATA / "corpus_bigrams.tsv.gz").write_bytes(gzip.compress(data, 9, mtime=0))
    print(f"corpus: {len(unigrams)} word types, {len(bigrams)} pair types, {len(kept)} pairs kept")


def main() -> None:
    """Parse arguments and build the requested tables."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--gazetteer", action="store_true", help="rebuild the gazetteer TSVs")
    parser.add_argument("--corpus", type=Path, help="thaigov-sample.jsonl.gz to derive frequencies")
    parser.add_argument("--top-words", type=int, default=60000)
    parser.add_argument("--min-pair-count", type=int, default=3)
    args = parser.parse_args()
    DATA.mkdir(parents=True, exist_ok=True)
    if args.gazetteer:
        build_gazetteer()
    if args.corpus:
        build_corpus_tables(args.corpus, args.top_words, args.min_pair_count)


if __name__ == "__main__":
    main()
