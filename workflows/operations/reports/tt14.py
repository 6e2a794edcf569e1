"""The twice-yearly cluster reports, Biểu số 01-04 of Circular 14/2024/TT-BCT (as amended by
Circular 38/2025/TT-BCT: commune, not district, from 01/07/2025), computed from the clusters'
records for a chosen half-year with the Circular's cut-off dates (15/12 of the previous year
to 14/6 or 14/12).

Each row of the form (data/reports/tt14_indicators.csv) is computed where the product keeps
what it counts; every other row is printed with "no data in the system" and never a guess.
The product keeps clusters, their land and plants and milestone dates; it does not keep
tenant projects, revenue, budget payments, workers, incomes, investment capital or the
development plan's figures."""
import csv
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from models import Cluster
from workflows.engine.errors import Invalid

DATA = Path(__file__).resolve().parents[3] / "data" / "reports"
FORMS = ("01", "02", "03", "04")
NO_DATA = "Hệ thống không lưu số liệu này"
NOW_VALUE = "số liệu hiện tại của hệ thống (không lưu theo kỳ)"
PERIOD = re.compile(r"^(\d{4})-H([12])$")


@dataclass(frozen=True)
class Period:
    year: int
    half: int

    @property
    def start(self) -> date:
        return date(self.year - 1, 12, 15)

    @property
    def end(self) -> date:
        return date(self.year, 6, 14) if self.half == 1 else date(self.year, 12, 14)

    @property
    def label(self) -> str:
        return f"6 tháng năm {self.year}" if self.half == 1 else f"Năm {self.year}"


def parse_period(text: str) -> Period:
    match = PERIOD.match((text or "").strip())
    if not match or not 2000 <= int(match[1]) <= 2100:
        raise Invalid({"period": "YYYY-H1 | YYYY-H2"})
    return Period(int(match[1]), int(match[2]))


@dataclass
class Row:
    tt: str
    indicator: str
    unit: str
    value: object = None  # a number, or None when the product does not keep it
    note: str = ""
    section: bool = False


@dataclass
class Sheet:
    title: str  # "Biểu số 03 — Xã Phùng Xá"
    heading: str  # the form's name
    sender: str
    receiver: str
    deadline: str
    period: str
    rows: list = field(default_factory=list)
    signer: str = ""


@cache
def indicators() -> dict:
    out: dict = {}
    with open(DATA / "tt14_indicators.csv", encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            out.setdefault(r["form"][-2:], []).append(r)
    return out


@cache
def calendar() -> dict:
    with open(DATA / "tt14_calendar.csv", encoding="utf-8", newline="") as fh:
        return {(r["form"][-2:], r["period"]): r for r in csv.DictReader(fh)}


HEADINGS = {
    "01": "TÌNH HÌNH HOẠT ĐỘNG CỦA DỰ ÁN ĐẦU TƯ TRONG CỤM CÔNG NGHIỆP",
    "02": "TÌNH HÌNH HOẠT ĐỘNG CỦA DỰ ÁN ĐẦU TƯ XÂY DỰNG HẠ TẦNG KỸ THUẬT CỤM CÔNG NGHIỆP",
    "03": "TỔNG HỢP TÌNH HÌNH CỤM CÔNG NGHIỆP TRÊN ĐỊA BÀN CẤP XÃ",
    "04": "TỔNG HỢP TÌNH HÌNH CỤM CÔNG NGHIỆP TRÊN ĐỊA BÀN CẤP TỈNH",
}
SIGNERS = {"01": "NGƯỜI ĐẠI DIỆN THEO PHÁP LUẬT CỦA ĐƠN VỊ BÁO CÁO",
           "02": "NGƯỜI ĐẠI DIỆN THEO PHÁP LUẬT CỦA ĐƠN VỊ BÁO CÁO",
           "03": "TM. ỦY BAN NHÂN DÂN", "04": "GIÁM ĐỐC SỞ CÔNG THƯƠNG"}


def report(session, form: str, period: Period, commune: str | None = None) -> list[Sheet]:
    """The sheets of Biểu `form` for `period`: one per cluster (02), per commune (03), one
    for the city (04); Biểu 01 (per tenant project) as a blank form: no project is recorded."""
    if form not in FORMS:
        raise Invalid({"form": "01 | 02 | 03 | 04"})
    clusters = session.scalars(select(Cluster).options(selectinload(Cluster.plants))
                               .order_by(Cluster.code)).unique().all()
    clusters = [c for c in clusters if c.abolished_on is None or c.abolished_on > period.end]
    if commune:
        clusters = [c for c in clusters if c.commune == commune]
    half = "6 tháng" if period.half == 1 else "năm"
    cal = calendar()[(form, half)]
    base = dict(heading=HEADINGS[form], deadline=cal["deadline_text"], period=period.label,
                receiver=cal["recipients_from_2025_07_01"], signer=SIGNERS[form])
    if form == "01":
        return [Sheet("Biểu số 01", sender="Tổ chức, cá nhân đầu tư sản xuất kinh doanh "
                      "trong cụm công nghiệp", rows=_rows("01", {}), **base)]
    if form == "02":
        return [Sheet(f"Biểu số 02 — {c.code}", sender=_investor(c),
                      rows=_rows("02", _investor_values(c, period)), **base) for c in clusters]
    if form == "03":
        by_commune: dict = {}
        for c in clusters:
            by_commune.setdefault(c.commune or "", []).append(c)
        return [Sheet(f"Biểu số 03 — {name or 'chưa ghi xã'}",
                      sender=f"Ủy ban nhân dân {name}" if name else "Ủy ban nhân dân cấp xã",
                      rows=_rows("03", _area_values(group, period)), **base)
                for name, group in sorted(by_commune.items())]
    return [Sheet("Biểu số 04", sender="Sở Công Thương",
                  rows=_rows("04", _area_values(clusters, period)), **base)]


def _rows(form: str, values: dict) -> list[Row]:
    rows = []
    for r in indicators()[form]:
        if r["value_kind"] == "section" or not r["row_no"]:
            rows.append(Row(r["section"], r["indicator_vi"], "", section=True))
            continue
        value, note = values.get(r["row_no"], (None, NO_DATA))
        rows.append(Row(r["row_no"], r["indicator_vi"], r["unit"], value, note))
    return rows


def _investor(c) -> str:
    return c.investor.name_vi if c.investor else f"Chủ đầu tư hạ tầng {c.name}"


def _investor_values(c, period: Period) -> dict:
    values = {"4": (_num(c.leased_land_ha), NOW_VALUE)}
    if c.occupancy is not None:
        values["5"] = (float(c.occupancy * 100), NOW_VALUE)
    values["13"] = (1 if c.plants else 0, "")
    values["14"] = (1 if _plant_ok(c, period) else 0, "")
    return values


def _plant_ok(c, period: Period) -> bool:
    return bool(c.plant_certified_on and c.plant_certified_on <= period.end
                and any(p.meets_standard for p in c.plants))


def _area_values(clusters, period: Period) -> dict:
    """Biểu 03/04: cumulative to the period's end, "in the period" between its dates."""
    end, start = period.end, period.start
    established = [c for c in clusters if c.establishment_date and c.establishment_date <= end]
    in_period = [c for c in established if c.establishment_date >= start]
    operating = [c for c in clusters if c.operational_on and c.operational_on <= end]
    op_established = [c for c in operating if c in established]
    op_unestablished = [c for c in operating if c not in established]
    craft = [c for c in operating if c.kind == "craft_village"]
    rates = [float(c.occupancy * 100) for c in operating if c.occupancy is not None]
    return {
        "3": (len(established), ""), "4": (_area(established), ""),
        "5": (len(in_period), ""), "6": (_area(in_period), ""),
        "15": (len(operating), ""), "15.1": (len(op_established), ""),
        "15.2": (len(op_unestablished), ""), "15.3": (len(craft), ""),
        "16": (_area(operating), ""), "16.1": (_area(op_established), ""),
        "16.2": (_area(op_unestablished), ""), "16.3": (_area(craft), ""),
        "17": (_sum(c.industrial_land_ha for c in operating), NOW_VALUE),
        "18": (_sum(c.leased_land_ha for c in operating), NOW_VALUE),
        "19": (round(sum(rates) / len(rates), 2) if rates else None,
               "bình quân tỷ lệ lấp đầy của các cụm đã hoạt động có số liệu; " + NOW_VALUE),
        "26": (sum(1 for c in clusters if c.plants), NOW_VALUE),
        "27": (sum(1 for c in clusters if _plant_ok(c, period)), ""),
    }


def _area(clusters) -> float:
    return _sum(c.area_ha for c in clusters)


def _sum(values) -> float:
    return float(sum((Decimal(v) for v in values if v is not None), Decimal(0)))


def _num(value):
    return None if value is None else float(value)
