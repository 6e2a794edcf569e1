"""The city's yearly plan: each indicator counts clusters from their milestone dates.
Targets (year, indicator, min, max) are data in plan_targets; the indicators' meaning is
here, once, so the dashboard, the API and the reports agree."""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, case, extract, func, or_, select
from models import Cluster, PlanTarget

OPERATING_STAGES = ("operational", "plant_certified")


# What each indicator is called when a target names no label of its own.
LABELS = {
    "started_2018_2020": ("Khởi công hạ tầng các CCN thành lập 2018-2020",
                          "Clusters established 2018-2020 start construction"),
    "operational": ("Hoàn thành hạ tầng, đưa CCN vào hoạt động",
                    "Clusters brought into operation"),
    "finished_2021_2024": ("Hoàn thành hạ tầng các CCN khởi công 2021-2024",
                           "Clusters started 2021-2024 finished"),
    "established_or_expanded": ("Thành lập mới hoặc mở rộng CCN",
                                "Clusters established or expanded"),
    "plant_meets_standard": ("Tỷ lệ CCN đang hoạt động có trạm XLNT đạt quy chuẩn",
                             "Operating clusters whose wastewater plant meets the standard"),
    "craft_village_plant_meets_standard": (
        "Tỷ lệ CCN làng nghề có trạm XLNT đạt quy chuẩn",
        "Craft-village clusters whose wastewater plant meets the standard"),
}


@dataclass(frozen=True)
class Indicator:
    unit: str  # count | percent
    scope: object  # SQL condition: the clusters the indicator is about
    counted: object  # SQL condition: those of them that count


def _year_window(year):
    return date(year, 1, 1), date(year, 12, 31)


def indicators(year: int, filters) -> dict:
    first, last = _year_window(year)
    alive = Cluster.abolished_on.is_(None) | (Cluster.abolished_on > last)
    operating = and_(alive, Cluster.operational_on.is_not(None), Cluster.operational_on <= last)
    # Counted as of the year's end, so last year's dashboard does not change with today's data.
    plant_ok = and_(Cluster.plant_certified_on.is_not(None), Cluster.plant_certified_on <= last,
                    Cluster.plants.any(meets_standard=True))
    return {
        # Plan No. 20: every cluster established in 2018-2020 has started construction.
        "started_2018_2020": Indicator(
            "count",
            and_(alive, extract("year", Cluster.establishment_date).between(2018, 2020)),
            and_(Cluster.infrastructure_started_on.is_not(None),
                 Cluster.infrastructure_started_on <= last)),
        "operational": Indicator(
            "count", alive, Cluster.operational_on.between(first, last)),
        # The 2025 plan: the clusters whose infrastructure started in 2021-2024 are finished
        # (operational) by the year's end.
        "finished_2021_2024": Indicator(
            "count",
            and_(alive, extract("year", Cluster.infrastructure_started_on).between(2021, 2024)),
            and_(Cluster.operational_on.is_not(None), Cluster.operational_on <= last)),
        "established_or_expanded": Indicator(
            "count", alive,
            or_(Cluster.establishment_date.between(first, last),
                Cluster.expanded_on.between(first, last))),
        "plant_meets_standard": Indicator("percent", operating, plant_ok),
        "craft_village_plant_meets_standard": Indicator(
            "percent", and_(operating, Cluster.kind == "craft_village"), plant_ok),
    }


def progress(session, year: int, district: str | None = None, commune: str | None = None,
             kind: str | None = None, *, clusters: bool = True,
             indicator: str | None = None, compare: bool = False) -> dict:
    """Each of the year's targets (or only `indicator`'s) with its actual value, in_scope,
    met and, with `clusters`, the clusters counted and the outstanding ones.

    Without `clusters` (the dashboard) one aggregate query counts every target at once and
    each item has n_counted / n_outstanding instead of the lists, so the work does not grow
    with the number of clusters in scope. With them (the API, an indicator's page) one query
    reads each cluster in any target's scope once, with a flag per target.

    With `compare`, each item also has `previous`: the same indicator's actual value over
    the year before (one more aggregate query), whether or not that year had a target."""

    query = select(PlanTarget).where(PlanTarget.year == year).order_by(PlanTarget.id)
    if indicator is not None:
        query = query.where(PlanTarget.indicator == indicator)
    targets = session.scalars(query).all()
    defs = indicators(year, None)
    known = [(t, defs[t.indicator]) for t in targets if t.indicator in defs]
    narrow = [c for c in (Cluster.district == district if district else None,
                          Cluster.commune == commune if commune else None,
                          Cluster.kind == kind if kind else None) if c is not None]
    counts = (_lists if clusters else _counts)(session, known, narrow)
    before = {}
    if compare:
        prev_defs = indicators(year - 1, None)
        before = _counts(session, [(t, prev_defs[t.indicator]) for t, _ in known], narrow)
    items = []
    for target in targets:
        if target.indicator not in defs:
            items.append({"indicator": target.indicator, "error": "unknown indicator"})
            continue
        unit = defs[target.indicator].unit
        in_scope, counted, extra = counts[target.indicator]
        actual = _actual(unit, in_scope, counted)
        met = actual is not None and actual >= target.min_value and (
            target.max_value is None or unit == "percent" or actual <= target.max_value)
        items.append({
            "indicator": target.indicator, "label_vi": target.label_vi,
            "label_en": target.label_en, "unit": unit, "min": target.min_value,
            "max": target.max_value, "actual": actual, "in_scope": in_scope, "met": met,
            **extra,
        })
        if compare:
            items[-1]["previous"] = _actual(unit, *before[target.indicator][:2])
    return {"year": year, "filters": {"district": district, "commune": commune, "kind": kind},
            "targets": items}


def _actual(unit: str, in_scope: int, counted: int):
    if unit == "percent":
        return round(100 * counted / in_scope, 1) if in_scope else None
    return counted


def _counts(session, known, narrow) -> dict:
    """{indicator: (in scope, counted, {n_counted, n_outstanding})} in one pass over the
    clusters. COUNT(CASE ...) rather than FILTER: the same SQL on SQLite and PostgreSQL, and
    a NULL condition (a missing date) counts as false, as in the list path."""

    if not known:
        return {}
    columns = []
    for target, ind in known:
        columns += [func.count(case((ind.scope, 1))),
                    func.count(case((and_(ind.scope, ind.counted), 1)))]
    row = session.execute(select(*columns).select_from(Cluster).where(*narrow)).one()
    result = {}
    for i, (target, _) in enumerate(known):
        in_scope, counted = row[2 * i], row[2 * i + 1]
        result[target.indicator] = (in_scope, counted, {
            "n_counted": counted, "n_outstanding": in_scope - counted})
    return result


def _lists(session, known, narrow) -> dict:
    """{indicator: (in scope, counted, {clusters, outstanding})}, clusters by code."""

    if not known:
        return {}
    flags = []
    for i, (_, ind) in enumerate(known):
        # Labelled: two targets may share a condition, and each needs its own column.
        flags += [ind.scope.label(f"scope_{i}"), ind.counted.label(f"counted_{i}")]
    rows = session.execute(
        select(Cluster.id, Cluster.code, Cluster.name, Cluster.district, Cluster.commune,
               *flags)
        .where(or_(*(ind.scope for _, ind in known)), *narrow).order_by(Cluster.code)).all()
    result = {}
    for i, (target, _) in enumerate(known):
        scope, counted = 5 + 2 * i, 6 + 2 * i  # after id, code, name, district, commune
        in_scope = [r for r in rows if r[scope]]
        result[target.indicator] = (len(in_scope), sum(1 for r in in_scope if r[counted]), {
            "clusters": [_brief(r) for r in in_scope if r[counted]],
            "outstanding": [_brief(r) for r in in_scope if not r[counted]]})
    return result


def _brief(row):
    return {"id": row.id, "code": row.code, "name": row.name, "commune": row.commune,
            "district": row.district}
