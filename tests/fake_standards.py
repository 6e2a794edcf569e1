"""A second standard beside QCVN 40:2011, made up for tests: a library where a plant may be
bound to a standard that lacks a parameter the other one knows."""
import shutil
from pathlib import Path

from workflows.wastewater.standards import DEFAULT_DIR

# A made-up successor with different limits: COD 60/120 instead of 75/150, pH 6-9 on column
# B (2011: 5.5-9), TSS column A left empty, and confirmed coefficients of 1.
FAKE_2025_TABLE1 = """\
parameter_key,name_vi,name_en,unit,limit_a,limit_b,applies_kq_kf,hazardous,source,stt,nd45_article,note
ph,pH,pH,-,6-9,6-9,false,false,fake,1,19,
cod,COD,COD,mg/l,60,120,true,false,fake,2,18,
tss,Chất rắn lơ lửng,TSS,mg/l,,90,true,false,fake,3,18,
arsenic,Asen,Arsenic,mg/l,0.05,0.05,true,true,fake,4,19,
"""
FAKE_2025_KQ_KF = """\
coefficient,receiving_body,lower_bound,upper_bound,unit,value,source,lower_inclusive,upper_inclusive,condition,verification,candidate_value_unverified
kq,river,0,,m3/s,1,fake,true,,any river,confirmed,
kq,river,,,m3/s,1,fake,,,no flow data,confirmed,
kq,urban_drainage_no_wwtp,,,,1,fake,,,Cmax = C of column B,confirmed,
kf,urban_drainage_no_wwtp,,,,1,fake,,,as above,confirmed,
kf,none,0,,m3/day,1,fake,true,,any flow,confirmed,
"""
FAKE_2025_MANIFEST_ROW = (
    "QCVN40:2025,QCVN 40:2025/BTNMT (fake),QCVN 40:2025/BTNMT (fake),2025-09-01,,"
    "qcvn40_2025_table1.csv,qcvn40_2025_kq_kf.csv,test fixture\n"
)


def library_dir(tmp_path: Path) -> Path:
    """A copy of data/standards plus the fake 2025 version."""
    target = tmp_path / "standards"
    shutil.copytree(DEFAULT_DIR, target)
    (target / "qcvn40_2025_table1.csv").write_text(FAKE_2025_TABLE1, encoding="utf-8")
    (target / "qcvn40_2025_kq_kf.csv").write_text(FAKE_2025_KQ_KF, encoding="utf-8")
    with (target / "standards.csv").open("a", encoding="utf-8") as fh:
        fh.write(FAKE_2025_MANIFEST_ROW)
    return target
