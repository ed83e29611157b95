"""Compose whole memos (ITA report, measures plan, plain memo) as truth dicts without pages."""

from __future__ import annotations

import datetime as dt
import logging
import random
from typing import Any

from samplegen import pools
from samplegen.content import (
    Org,
    entity_strings,
    person,
    pick_measures,
    plan_table,
    reference,
    status_table,
    thai_date,
)

log = logging.getLogger(__name__)

KINDS = ("ita_report", "measures_plan", "plain_memo")


def _signatures(org: Org, rng: random.Random, approve: str) -> list[dict[str, Any]]:
    """Writer's signature, optionally the ปลัด's comment and signature, then the head's."""
    position = [rng.choice(pools.STAFF_POSITIONS)]
    if rng.random() < 0.3:
        position.append("รักษาราชการแทนหัวหน้าสำนักปลัด")
    blocks: list[dict[str, Any]] = [{"type": "signature", "name": person(rng),
                                     "position": position}]
    if rng.random() < 0.5:
        blocks += [{"type": "comment", "heading": f"ความเห็น{org.clerk}",
                    "text": rng.choice(["เห็นควรพิจารณา", "เพื่อโปรดพิจารณา"])},
                   {"type": "signature", "name": person(rng), "position": [org.clerk]}]
    blocks += [{"type": "comment", "heading": f"ความเห็น{org.mayor}", "text": approve},
               {"type": "signature", "name": person(rng), "position": [org.mayor]}]
    return blocks


def ita_report(org: Org, rng: random.Random, day: dt.date, n: int = 5) -> dict[str, Any]:
    """An ITA measures report: the plan table, then a status table with marks and notes."""
    year = day.year + 543 if day.month < 10 else day.year + 544
    measures = pick_measures(rng, n, with_status=True)
    score = f"{rng.randint(62, 89)}.{rng.randint(10, 99)}"
    met = f"{rng.randint(1, 28)} {pools.MONTHS[(day.month - 3) % 12]} {year - 1}"
    done = sum(m["status"] == "completed" for m in measures)
    doing = sum(m["status"] == "in_progress" for m in measures)
    body: list[dict[str, Any]] = [
        {"type": "paragraph", "text": rng.choice([
            f"ตามที่ {org.name} ได้รับแจ้งผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของ"
            f"หน่วยงานภาครัฐ (ITA) ประจำปี พ.ศ. {year - 1} ได้ {score} คะแนน ซึ่งยังไม่ผ่านเกณฑ์"
            f"ที่กำหนด คณะทำงานจึงได้ประชุมเมื่อวันที่ {met} เพื่อวิเคราะห์ผลการประเมินรายตัวชี้วัด"
            f"และจัดทำมาตรการแก้ไข นั้น",
            f"ตามที่ สำนักงาน ป.ป.ช. ได้ประกาศผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงาน"
            f"ของหน่วยงานภาครัฐ (ITA) ประจำปี พ.ศ. {year - 1} โดย{org.name}ได้ {score} คะแนน "
            f"และได้มอบหมายให้สำนักปลัดจัดทำมาตรการส่งเสริมคุณธรรมและความโปร่งใส "
            f"ซึ่งคณะทำงานได้ประชุมพิจารณาเมื่อวันที่ {met} แล้ว นั้น"])},
        {"type": "paragraph", "text": (
            f"คณะทำงานได้กำหนดมาตรการรวม {n} มาตรการ ซึ่งผู้บริหารได้ให้ความเห็นชอบแล้ว "
            "โดยกำหนดขั้นตอนการดำเนินงาน ผู้รับผิดชอบ และการกำกับติดตามไว้ ดังนี้")},
        {"type": "caption", "text": (
            f"มาตรการส่งเสริมคุณธรรมและความโปร่งใส\nของ{org.name} ประจำปีงบประมาณ พ.ศ. {year}")},
        {"type": "table", "index": 0},
        {"type": "paragraph", "text": (
            "เมื่อครบรอบการติดตามผลการดำเนินงาน สำนักปลัดได้รวบรวมรายงานและเอกสารหลักฐาน"
            "จากทุกกองแล้ว สรุปสถานะการดำเนินการของแต่ละมาตรการได้ดังนี้")},
        {"type": "caption", "text": (
            f"สถานะการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส\n"
            f"ข้อมูล ณ วันที่ {thai_date(day - dt.timedelta(days=rng.randint(2, 9)))}")},
        {"type": "table", "index": 1},
        {"type": "paragraph", "text": (
            f"จากตารางข้างต้น มาตรการที่ดำเนินการแล้วเสร็จมี {done} มาตรการ "
            f"อยู่ระหว่างดำเนินการ {doing} มาตรการ และยังไม่ได้ดำเนินการ {n - done - doing} มาตรการ")},
        {"type": "paragraph", "text": "จึงเรียนมาเพื่อโปรดทราบและพิจารณาสั่งการ"},
        *_signatures(org, rng, "ทราบ ให้ทุกกองเร่งรัดการดำเนินการตามมาตรการให้แล้วเสร็จ"),
    ]
    subject = (f"รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส "
               f"ประจำปีงบประมาณ พ.ศ. {year}")
    return _doc("ita_report", org, rng, day, subject, body,
                [plan_table(measures), status_table(measures)], measures)


def measures_plan(org: Org, rng: random.Random, day: dt.date, n: int = 4) -> dict[str, Any]:
    """A memo proposing measures in one plan table (no status table)."""
    year = day.year + 544 if day.month >= 10 else day.year + 543
    measures = pick_measures(rng, n, with_status=False)
    score = f"{rng.randint(55, 79)}.{rng.randint(10, 99)}"
    body: list[dict[str, Any]] = [
        {"type": "paragraph", "text": (
            f"ตามที่ ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA) "
            f"ของ{org.name} ในปี พ.ศ. {year - 1} ได้คะแนนรวม {score} คะแนน "
            "และมีตัวชี้วัดที่ต้องปรับปรุงหลายตัวชี้วัด นั้น")},
        {"type": "paragraph", "text": (
            f"สำนักปลัดได้ประชุมหารือร่วมกับทุกกองเมื่อวันที่ {thai_date(day - dt.timedelta(days=12))} "
            "แล้ว เห็นควรกำหนดมาตรการเพื่อยกระดับคุณธรรมและความโปร่งใสของหน่วยงาน "
            "รายละเอียดปรากฏตามตารางด้านล่าง")},
        {"type": "caption",
         "text": f"ร่างมาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. {year}"},
        {"type": "table", "index": 0},
        {"type": "paragraph", "text": (
            "จึงเรียนมาเพื่อโปรดพิจารณาให้ความเห็นชอบ และลงนามในประกาศมาตรการที่แนบมาพร้อมนี้ "
            "เพื่อแจ้งให้ทุกกองถือปฏิบัติต่อไป")},
        *_signatures(org, rng, "เห็นชอบ"),
    ]
    subject = f"ขอความเห็นชอบร่างมาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. {year}"
    return _doc("measures_plan", org, rng, day, subject, body, [plan_table(measures)], measures)


def plain_memo(org: Org, rng: random.Random, day: dt.date, *, people: int | None = None,
               amounts: tuple[int, int, int] | None = None) -> dict[str, Any]:
    """A one-page memo asking approval of a training project, with amounts and dates."""
    year = day.year + 543 if day.month < 10 else day.year + 544
    people = people or rng.randint(25, 95)
    food, fee, material = amounts or (rng.randint(150, 420) * 100, rng.randint(30, 120) * 100,
                                      rng.randint(10, 80) * 100)
    total = food + fee + material
    start = day + dt.timedelta(days=rng.randint(14, 40))
    topic = rng.choice([
        "โครงการอบรมส่งเสริมคุณธรรมจริยธรรมแก่บุคลากร",
        "โครงการฝึกอบรมการป้องกันและระงับอัคคีภัยในชุมชน",
        "โครงการอบรมให้ความรู้การคัดแยกขยะมูลฝอยในครัวเรือน",
        "โครงการอบรมเชิงปฏิบัติการจัดทำแผนพัฒนาท้องถิ่น",
        "โครงการส่งเสริมสุขภาพผู้สูงอายุในตำบล",
    ])
    body: list[dict[str, Any]] = [
        {"type": "paragraph", "text": (
            f"ด้วย{org.name}ได้ตั้งงบประมาณรายจ่ายประจำปีงบประมาณ พ.ศ. {year} "
            f"ไว้สำหรับ{topic} จำนวน {total + 10000:,} บาท ตามแผนพัฒนาท้องถิ่น "
            f"(พ.ศ. {year - 1} - {year + 3})")},
        {"type": "paragraph", "text": (
            f"สำนักปลัดจึงได้จัดทำโครงการดังกล่าว โดยกำหนดจัดอบรมผู้เข้าร่วม จำนวน {people} คน "
            f"ในวันที่ {thai_date(start)} ณ ห้องประชุม{org.name} โดยขอใช้งบประมาณ "
            f"จำนวน {total:,} บาท ประกอบด้วย ค่าอาหารและเครื่องดื่ม {food:,} บาท "
            f"ค่าตอบแทนวิทยากร {fee:,} บาท และค่าวัสดุอุปกรณ์ {material:,} บาท "
            "รายละเอียดตามโครงการที่แนบมาพร้อมนี้")},
        {"type": "paragraph", "text": "จึงเรียนมาเพื่อโปรดพิจารณาอนุมัติโครงการ"},
        *_signatures(org, rng, "อนุมัติ"),
    ]
    subject = f"ขออนุมัติ{topic} ประจำปีงบประมาณ พ.ศ. {year}"
    return _doc("plain_memo", org, rng, day, subject, body, [], [])


def _doc(kind: str, org: Org, rng: random.Random, day: dt.date, subject: str,
         body: list[dict[str, Any]], tables: list[dict[str, Any]],
         measures: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "kind": kind,
        "organisation": {"name": org.name, "district": f"อำเภอ{org.district}",
                         "province": f"จังหวัด{org.province}"},
        "memo": {"agency": f"สำนักปลัด {org.name} อำเภอ{org.district} จังหวัด{org.province}",
                 "reference": reference(org, rng), "date_text": thai_date(day),
                 "date": day.isoformat(), "subject": subject, "to": org.mayor},
        "paragraphs": [b["text"] for b in body if b["type"] == "paragraph"],
        "body": body,
        "tables": tables,
        "measures": measures,
        "signatories": [{"name": b["name"], "position": " ".join(b["position"])}
                        for b in body if b["type"] == "signature"],
        "entity_strings": entity_strings(org),
    }



def short_report(org: Org, rng: random.Random, day: dt.date, n: int = 4, *,
                 table: str = "status") -> dict[str, Any]:
    """A one-page report holding one short status or plan table (tests; not a random kind)."""
    status = table == "status"
    measures = pick_measures(rng, n, with_status=status)
    for i, m in enumerate(measures):  # every state appears, short cells keep it to one page
        if status:
            m["status"] = ("completed", "in_progress", "not_started", "completed")[i % 4]
        m["steps"] = m["steps"][:1]
        m["evidence"] = None
    body: list[dict[str, Any]] = [
        {"type": "paragraph", "text": "สรุปมาตรการและการดำเนินการของแต่ละมาตรการได้ดังนี้"},
        {"type": "table", "index": 0},
        {"type": "signature", "name": person(rng), "position": [org.clerk]},
    ]
    subject = "รายงานการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส"
    tables = [status_table(measures) if status else plan_table(measures)]
    return _doc(f"{table}_report", org, rng, day, subject, body, tables, measures)
