"""Entering and editing a year's plan targets: the department types next year's plan in
the browser or sends it through the API; each change leaves an audit row with the values
before and after."""
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from models import PlanTarget
from workflows.engine.audit import write_audit
from workflows.engine.errors import Forbidden, Invalid
from workflows.engine.versions import expect_version, refused_if_stale
from workflows.permissions import can_manage_plan
from workflows.plan import LABELS, indicators

YEARS = (2000, 2100)
FIELDS = ("year", "indicator", "min_value", "max_value", "label_vi", "label_en", "scope")
TEXT_MAX = {"label_vi": 300, "label_en": 300, "scope": 300}


def create_target(session, actor, now: datetime, **values) -> PlanTarget:
    """A new (year, indicator) target. Labels default to the indicator's own."""
    _allowed(actor)
    clean = _validate(session, None, values)
    clean.setdefault("label_vi", LABELS[clean["indicator"]][0])
    clean.setdefault("label_en", LABELS[clean["indicator"]][1])
    clean.setdefault("scope", "")
    target = PlanTarget(**clean)
    session.add(target)
    session.flush()
    write_audit(session, entity=target, workflow="plan_target", trigger="create", actor=actor,
                now=now, data={"after": target.to_dict()})
    return target


def update_target(session, target: PlanTarget, actor, now: datetime, *,
                  version: int | None = None, **values) -> dict:
    """Change some of a target's values; returns {field: [old, new]} (also in the audit
    row). A stale version is refused (Stale, a 409)."""
    _allowed(actor)
    expect_version(target, version)
    clean = _validate(session, target, values)
    changes = {k: [getattr(target, k), v] for k, v in clean.items() if getattr(target, k) != v}
    if not changes:
        return {}
    for name, (_old, new) in changes.items():
        setattr(target, name, new)
    write_audit(session, entity=target, workflow="plan_target", trigger="update", actor=actor,
                now=now, data=changes)
    with refused_if_stale(target):
        session.flush()
    return changes


def copy_year(session, actor, now: datetime, source: int, dest: int) -> list[PlanTarget]:
    """Start next year's plan from this year's: each target of `source` that `dest` lacks."""
    _allowed(actor)
    have = set(session.scalars(select(PlanTarget.indicator).where(PlanTarget.year == dest)))
    created = []
    for t in session.scalars(select(PlanTarget).where(PlanTarget.year == source)
                             .order_by(PlanTarget.id)).all():
        if t.indicator not in have:
            created.append(create_target(
                session, actor, now, year=dest, indicator=t.indicator, min_value=t.min_value,
                max_value=t.max_value, label_vi=t.label_vi, label_en=t.label_en,
                scope=t.scope))
    return created


def _allowed(actor) -> None:
    if not can_manage_plan(actor):
        raise Forbidden(_("Chỉ cán bộ quản lý được nhập chỉ tiêu kế hoạch"))


def _validate(session, target, values: dict) -> dict:
    """The values given, checked together (max against min, percent up to 100, one target
    per year and indicator); every field's message at once."""
    errors, clean = {}, {}
    for key in values:
        if key not in FIELDS:
            errors[key] = _("trường không được hỗ trợ")
    current = {k: getattr(target, k) for k in FIELDS} if target is not None else {}
    merged = {**current, **{k: v for k, v in values.items() if k in FIELDS}}
    defs = indicators(2000, None)
    if target is None:
        for key in ("year", "indicator", "min_value"):
            if merged.get(key) in (None, ""):
                errors[key] = _("bắt buộc")
    year = merged.get("year")
    if year is not None and (not _is_int(year) or not YEARS[0] <= year <= YEARS[1]):
        errors["year"] = _("năm phải từ %(low)d đến %(high)d", low=YEARS[0], high=YEARS[1])
    indicator = merged.get("indicator")
    if not isinstance(indicator, (str, type(None))):
        indicator = "?"  # a list or an object from a malformed request: not a name either
    if indicator not in (None, "") and indicator not in defs:
        errors["indicator"] = _("chỉ tiêu không tồn tại; một trong: %(names)s",
                                names=", ".join(defs))
    for key in ("min_value", "max_value"):
        v = merged.get(key)
        if v is not None and v != "" and (not _is_int(v) or not 0 <= v <= 100000):
            errors[key] = _("số nguyên từ 0 đến 100000")
    low, high = merged.get("min_value"), merged.get("max_value")
    if _is_int(low) and _is_int(high) and high < low and "max_value" not in errors:
        errors["max_value"] = _("không được nhỏ hơn mức tối thiểu")
    if indicator in defs and defs[indicator].unit == "percent":
        for key in ("min_value", "max_value"):
            if _is_int(merged.get(key)) and merged[key] > 100 and key not in errors:
                errors[key] = _("tỷ lệ phần trăm, tối đa 100")
    for key, limit in TEXT_MAX.items():
        v = values.get(key)
        if v is not None and (not isinstance(v, str) or len(v.strip()) > limit):
            errors[key] = _("văn bản, tối đa %(n)d ký tự", n=limit)
        elif key != "scope" and v is not None and not v.strip():
            errors[key] = _("không được để trống")
    if not errors and (target is None or (year, indicator) != (target.year, target.indicator)):
        taken = session.scalar(select(PlanTarget.id).where(PlanTarget.year == year,
                                                           PlanTarget.indicator == indicator))
        if taken is not None:
            errors["indicator"] = _("năm này đã có chỉ tiêu này")
    if errors:
        raise Invalid(errors)
    for key in FIELDS:
        if key in values:
            v = values[key]
            clean[key] = v.strip() if isinstance(v, str) else (None if v == "" else v)
    return clean


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
