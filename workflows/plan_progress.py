"""The city's yearly plan: each indicator counts clusters from their milestone dates.
Targets (year, indicator, min, max) are data in plan_targets; the indicators' meaning is
here, once, so the dashboard, the API and the reports agree."""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, extract, or_, select

OPERATING_STAGES = ("operational", "plant_certified")


@dataclass(frozen=True)
class Indicator:
    unit: str  # count | percent
    scope: object  # SQL condition: the clusters the indicator is about
    counted: object  # SQL condition: those of them that count


def _year_window(year):
    return date(year, 1, 1), date(year, 12, 31)


def indicators(year: int, filters) -> dict:
    from models import Cluster as C

    first, last = _year_window(year)
    alive = C.abolished_on.is_(None) | (C.abolished_on > last)
    operating = and_(alive, C.operational_on.is_not(None), C.operational_on <= last)
    # Counted as of the year's end, so last year's dashboard does not change with today's data.
    plant_ok = and_(C.plant_certified_on.is_not(None), C.plant_certified_on <= last,
                    C.plants.any(meets_standard=True))
    return {
        # Plan No. 20: every cluster established in 2018-2020 has started construction.
        "started_2018_2020": Indicator(
            "count",
            and_(alive, extract("year", C.establishment_date).between(2018, 2020)),
            and_(C.infrastructure_started_on.is_not(None), C.infrastructure_started_on <= last)),
        "operational": Indicator(
            "count", alive, C.operational_on.between(first, last)),
        "established_or_expanded": Indicator(
            "count", alive,
            or_(C.establishment_date.between(first, last), C.expanded_on.between(first, last))),
        "plant_meets_standard": Indicator("percent", operating, plant_ok),
        "craft_village_plant_meets_standard": Indicator(
            "percent", and_(operating, C.kind == "craft_village"), plant_ok),
    }


def progress(session, year: int, district: str | None = None, commune: str | None = None,
             kind: str | None = None) -> dict:
    from models import Cluster, PlanTarget

    targets = session.scalars(select(PlanTarget).where(PlanTarget.year == year)
                              .order_by(PlanTarget.id)).all()
    defs = indicators(year, None)
    narrow = [c for c in (Cluster.district == district if district else None,
                          Cluster.commune == commune if commune else None,
                          Cluster.kind == kind if kind else None) if c is not None]
    items = []
    for target in targets:
        ind = defs.get(target.indicator)
        if ind is None:
            items.append({"indicator": target.indicator, "error": "unknown indicator"})
            continue
        rows = session.execute(
            select(Cluster.id, Cluster.code, Cluster.name, Cluster.district,
                   ind.counted.label("counted"))
            .where(ind.scope, *narrow).order_by(Cluster.code)).all()
        counted = [r for r in rows if r.counted]
        outstanding = [r for r in rows if not r.counted]
        if ind.unit == "percent":
            actual = round(100 * len(counted) / len(rows), 1) if rows else None
        else:
            actual = len(counted)
        met = actual is not None and actual >= target.min_value and (
            target.max_value is None or ind.unit == "percent" or actual <= target.max_value)
        items.append({
            "indicator": target.indicator, "label_vi": target.label_vi,
            "label_en": target.label_en, "unit": ind.unit, "min": target.min_value,
            "max": target.max_value, "actual": actual, "in_scope": len(rows), "met": met,
            "clusters": [_brief(r) for r in counted],
            "outstanding": [_brief(r) for r in outstanding],
        })
    return {"year": year, "filters": {"district": district, "commune": commune, "kind": kind},
            "targets": items}


def _brief(row):
    return {"id": row.id, "code": row.code, "name": row.name, "district": row.district}
