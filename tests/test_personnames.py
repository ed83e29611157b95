"""Signatory names repaired from the Thai name lists only on strong evidence: lost marks,
debris, scribbles beside; listed and plausible real names never changed."""

from __future__ import annotations

from digitizer.memo import TextLine, signatories, spaced_name
from digitizer.personnames import mark_variants, repair_family, repair_given, tidy


def test_family_name_gets_back_a_lost_mark_on_strong_evidence() -> None:
    assert repair_family("สุขเจริญยิง") == "สุขเจริญยิ่ง"  # ยิง never in a name, ยิ่ง often
    assert repair_family("กระจ่างแสง".replace("่", "")) == "กระจ่างแสง"  # one listed name a mark away


def test_family_names_listed_or_plausible_stay() -> None:
    for name in ("มณีรัตนโชค", "ศรีบุญเรือง", "ทองคำพันธ์", "คำภูแสนยศ", "อินต๊ะวงค์", "ทองมา",
                 "ปัญญาวงค์", "จันทร์หอมกุล", "อินทร์แก้วมา", "ศรีวงค์"):
        assert repair_family(name) == name
    assert repair_family("จันทรสกุล") == "จันทรสกุล"  # จันทร/จันทร์ both occur in names
    assert repair_family("ปัญญาดิเสมอ") == "ปัญญาดิเสมอ"  # ิ/ี never swapped
    assert repair_family("วงศ์สวัสดิดี") == "วงศ์สวัสดิดี"  # weak evidence: left as read


def test_given_name_only_gets_back_a_mark_of_one_listed_name() -> None:
    assert repair_given("ศักดิชัย") == "ศักดิ์ชัย"
    assert repair_given("ธิตารัตน์") == "ธิตารัตน์"  # a letter confusion: not changed
    assert repair_given("จีรชัย") == "จีรชัย"  # a real name off the list
    assert repair_given("ณัฐวุฒิ") == "ณัฐวุฒิ"
    assert repair_given("ณ์ฐวุฒิ") == "ณัฐวุฒิ"  # no Thai word starts with a silenced letter


def test_mark_variants_and_tidy() -> None:
    assert mark_variants("ดิ") == {"ดิ่", "ดิ้", "ดิ์"}
    assert tidy("นายพงศกร ,ุมณีรัตนโชค") == "นายพงศกร มณีรัตนโชค"


def test_glued_name_cut_never_inside_a_syllable() -> None:
    assert spaced_name("นายจักริกุฎาธารแก้ว") == "นายจักริ กุฎาธารแก้ว"  # not "จักร ิกุฎา…"
    # no listed given name in front: the piece boundary names use (…พร | พรหม…)
    assert spaced_name("นางสาวมาลัยพรพรหมวิเศษ") == "นางสาวมาลัยพร พรหมวิเศษ"
    assert spaced_name("นายสมชายใจดี") == "นายสมชาย ใจดี"


def test_signature_lines_with_scribble_debris_and_lost_marks() -> None:
    texts = [
        "2 0 2. (นายสมเกียรติคำภูแสนยศ)",
        "นักวิเคราะห์นโยบายและแผนชำนาญการ",
        "ความเห็นปลัดเทศบาล",
        "(นางธิตารัตน์ปัญญาดีเสมอ)",
        "ปลัดเทศบาล",
        "ความเห็นนายกเทศมนตรี",
        "2 (นายพงศกร,ุมณีรัตนโชค) ไป",
        "นายกเทศมนตรี",
        "(ลงชื่อ) ลายมือ (นายสมชาย ใจดี)",
        "(นายศักดิชัยสุขเจริญยิง)",
    ]
    lines = [TextLine(t, (100, 100 + 60 * i, 900, 140 + 60 * i)) for i, t in enumerate(texts)]
    assert [s.name for s in signatories([lines])] == [
        "นายสมเกียรติ คำภูแสนยศ", "นางธิตารัตน์ ปัญญาดีเสมอ", "นายพงศกร มณีรัตนโชค",
        "นายศักดิ์ชัย สุขเจริญยิ่ง"]
