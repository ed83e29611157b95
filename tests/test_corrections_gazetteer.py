"""The shipped gazetteer and local-government resolution."""

from __future__ import annotations

from corrections.gazetteer import load_gazetteer, resolve_organisation


def test_gazetteer_sizes_and_abbreviations() -> None:
    gaz = load_gazetteer()
    assert len(gaz.provinces) == 77
    assert len(gaz.districts) == 928
    assert len(gaz.subdistricts) == 7436
    assert gaz.province_by_abbreviation["ขก"].name == "ขอนแก่น"
    assert gaz.province_by_abbreviation["ชร"].name == "เชียงราย"
    assert len(gaz.province_by_abbreviation) == 77
    assert gaz.find_province("จังหวัดขอนแก่น") is gaz.province_by_abbreviation["ขก"]


def test_hierarchy_lookups() -> None:
    gaz = load_gazetteer()
    (district,) = gaz.find_districts("อำเภอบ้านไผ่", "ขอนแก่น")
    assert gaz.province_of_district(district).name == "ขอนแก่น"
    names = {s.name for s in gaz.subdistricts_of[district.code]}
    assert {"หนองน้ำใส", "หินตั้ง", "ในเมือง"} <= names
    lgs = {lg.name for lg in gaz.local_governments(district.code)}
    assert "เทศบาลตำบลหนองน้ำใส" in lgs
    assert "องค์การบริหารส่วนตำบลหินตั้ง" in lgs
    assert "เทศบาลเมืองบ้านไผ่" in lgs


def test_resolve_full_municipality() -> None:
    got = resolve_organisation("สำนักปลัด เทศบาลตำบลหนองน้ำใส อำเภอบ้านไผ่ จังหวัดขอนแก่น")
    assert got == {
        "name": "เทศบาลตำบลหนองน้ำใส",
        "kind": "เทศบาลตำบล",
        "subdistrict": "หนองน้ำใส",
        "district": "บ้านไผ่",
        "province": "ขอนแก่น",
    }


def test_resolve_abbreviation_and_unique_subdistrict() -> None:
    got = resolve_organisation("อบต.ดอยฮาง")
    assert got == {
        "name": "องค์การบริหารส่วนตำบลดอยฮาง",
        "kind": "องค์การบริหารส่วนตำบล",
        "subdistrict": "ดอยฮาง",
        "district": "เมืองเชียงราย",
        "province": "เชียงราย",
    }
    full = resolve_organisation("องค์การบริหารส่วนตำบลดอยฮาง")
    assert full == got


def test_resolve_without_spaces_and_unknown() -> None:
    got = resolve_organisation("เทศบาลตำบลหินตั้งอำเภอบ้านไผ่จังหวัดขอนแก่น")
    assert got is not None
    assert (got["subdistrict"], got["district"], got["province"]) == ("หินตั้ง", "บ้านไผ่", "ขอนแก่น")
    assert resolve_organisation("บันทึกข้อความ เรื่อง ขออนุมัติ") is None
    unknown = resolve_organisation("เทศบาลตำบลไม่มีจริง อำเภอบ้านไผ่ จังหวัดขอนแก่น")
    assert unknown is not None
    assert unknown["subdistrict"] is None and unknown["province"] == "ขอนแก่น"


def test_resolve_city_municipality_by_district_name() -> None:
    got = resolve_organisation("เทศบาลนครขอนแก่น")
    assert got is not None
    assert (got["kind"], got["subdistrict"], got["district"], got["province"]) == (
        "เทศบาลนคร", None, "เมืองขอนแก่น", "ขอนแก่น")


def test_place_names_with_a_hyphen_resolve_whole() -> None:
    from corrections.gazetteer import resolve_organisation

    assert resolve_organisation("เทศบาลตำบลแป-ระ อำเภอท่าแพ จังหวัดสตูล") == {
        "name": "เทศบาลตำบลแป-ระ", "kind": "เทศบาลตำบล", "subdistrict": "แป-ระ",
        "district": "ท่าแพ", "province": "สตูล",
    }
    found = resolve_organisation("เทศบาลเมืองสุไหงโก-ลก อำเภอสุไหงโก-ลก จังหวัดนราธิวาส")
    assert found is not None and found["district"] == "สุไหงโก-ลก"
    assert resolve_organisation("เทศบาลตำบลท่าข้าม- ๒๕๖๗")["name"] == "เทศบาลตำบลท่าข้าม"  # type: ignore[index]
