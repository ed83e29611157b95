"""The fixed samples committed under samples/ (real places, invented people and numbers)."""

from __future__ import annotations

import datetime as dt

from samplegen.content import Org
from samplegen.generate import SampleSpec

SAMPLES = [
    SampleSpec(id="sampleA_thawangpha_ita", kind="ita_report",
               org=Org("เทศบาลตำบล", "ท่าวังผา", "ท่าวังผา", "น่าน"), date=dt.date(2024, 4, 18),
               digits="thai", fmt="pdf", dpi=300, profile="medium", angle=-0.8, seed=3102,
               measures=5),
    # Date and document number together use all ten Thai digits ๐-๙.
    SampleSpec(id="sampleB_banfang_training", kind="plain_memo",
               org=Org("องค์การบริหารส่วนตำบล", "บ้านฝาง", "กระนวน", "ขอนแก่น"),
               date=dt.date(2025, 2, 19), digits="thai", fmt="png", dpi=300, profile="light",
               angle=0.5, seed=3202, reference="78401/3562",
               extra={"people": 47, "amounts": (38950, 7200, 4650)}),
    SampleSpec(id="sampleC_huaiyot_measures", kind="measures_plan",
               org=Org("เทศบาลตำบล", "ห้วยยอด", "ห้วยยอด", "ตรัง"), date=dt.date(2024, 11, 12),
               digits="arabic", fmt="tiff", dpi=200, profile="photocopy", angle=1.2, seed=3304,
               measures=4),
    SampleSpec(id="sampleD_thatum_training", kind="plain_memo",
               org=Org("เทศบาลตำบล", "ท่าตูม", "ท่าตูม", "สุรินทร์"), date=dt.date(2024, 7, 9),
               digits="arabic", fmt="jpg", dpi=200, profile="medium", angle=-1.6, seed=3406),
]
