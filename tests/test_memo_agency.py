"""The agency line is spelled from the gazetteer when the OCR read is close to it."""

from __future__ import annotations

from digitizer.agency import canonical_addressee, canonical_agency
from digitizer.model import Organisation

ORG = Organisation(
    name="องค์การบริหารส่วนตำบลโพนงาม",
    kind="องค์การบริหารส่วนตำบล",
    subdistrict="โพนงาม",
    district="คำชะอี",
    province="มุกดาหาร",
)
CANONICAL = "สำนักปลัด องค์การบริหารส่วนตำบลโพนงาม อำเภอคำชะอี จังหวัดมุกดาหาร"


def test_lost_spaces_and_a_speck_are_mended() -> None:
    read = "สำนักปลัด องค์การบริหารส่วนตำบลโพนงาม อำเภอคำ 2 ชะอิจังหวัดมุกดาหาร"
    assert canonical_agency(read, ORG) == CANONICAL
    squashed = "สำนักปลัดองค์การบริหารส่วนตำบลโพนงามอำเภอคำชะอีจังหวัดมุกดาหาร"
    assert canonical_agency(squashed, ORG) == CANONICAL


def test_department_is_snapped_to_a_known_unit() -> None:
    read = "กองคลง องค์การบริหารส่วนตำบลโพนงาม อำเภอคำชะอี จังหวัดมุกดาหาร"
    assert canonical_agency(read, ORG) == CANONICAL.replace("สำนักปลัด", "กองคลัง")


def test_a_read_far_from_the_organisation_is_left_alone() -> None:
    read = "สำนักปลัด เทศบาลตำบลนาดี อำเภอเมืองเลย จังหวัดเลย"
    assert canonical_agency(read, ORG) == read


def test_unplaced_organisation_or_no_agency_is_left_alone() -> None:
    unplaced = ORG.model_copy(update={"district": None})
    read = "สำนักปลัดองค์การบริหารส่วนตำบลโพนงามอำเภอคำชะอีจังหวัดมุกดาหาร"
    assert canonical_agency(read, unplaced) == read
    assert canonical_agency(None, ORG) is None
    assert canonical_agency(CANONICAL, ORG) == CANONICAL


def test_damaged_organisation_kind_is_mended_too() -> None:
    read = "สำนักปลัดองค์การบรีหารส่วนตำบลโพนงามอำเภอคำชะอี จังหวัดมุกดาหาร"
    assert canonical_agency(read, ORG) == CANONICAL


def test_addressee_is_spelled_from_the_organisation() -> None:
    assert canonical_addressee("นายกองค์การบริหารส่วนตำบลโพนงาน-", ORG) == (
        "นายกองค์การบริหารส่วนตำบลโพนงาม"
    )
    town = Organisation(name="เทศบาลตำบลวังลึก", kind="เทศบาลตำบล", district="สามชุก",
                        province="สุพรรณบุรี")
    assert canonical_addressee("นายกเทศมนตรีตำบลวังลิก", town) == "นายกเทศมนตรีตำบลวังลึก"
    assert canonical_addressee("ปลัดเทศบาลตำบลวังลึก", town) == "ปลัดเทศบาลตำบลวังลึก"
    assert canonical_addressee("นายอำเภอสามชุก", town) == "นายอำเภอสามชุก"
