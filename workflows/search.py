"""Searching violations and inspections as clusters are searched: by the cluster's code or
name, its commune, the state, a date range and free text. The pages, the API and the
spreadsheet exports read the same query-string arguments through here, so a list and its
export show the same rows."""
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import or_, select

from models import Cluster, Inspection, Obstacle, Violation
from workflows.engine.fields import FieldError, bad_characters, parse_date

TEXT_MAX = 200


@dataclass(frozen=True)
class Searchable:
    date_column: object  # what the date range reads
    text_columns: tuple  # what free text reads


SEARCHABLE = {
    Violation: Searchable(Violation.detected_on, (Violation.title, Violation.description,
                                                  Violation.record_no, Violation.decision_no)),
    Inspection: Searchable(Inspection.planned_date, (Inspection.team, Inspection.decision_no)),
    Obstacle: Searchable(Obstacle.reported_on, (Obstacle.title, Obstacle.description)),
}
ARGS = ("q", "commune", "district", "date_from", "date_to", "text")


def search_conditions(model, args, states: tuple = ()) -> tuple[list, dict]:
    """([SQL conditions], {argument: message}) from `args` (a request's query string):
    `q` the cluster's code or name, `commune` (or the former `district`), `state` (one of `states`), `date_from` and
    `date_to` (dd/mm/yyyy or YYYY-MM-DD, inclusive), `text` in the entity's own words. An
    argument it cannot read is reported, not applied: the API answers 422, a page ignores
    it and says so."""
    spec = SEARCHABLE[model]
    conditions, errors = [], {}
    clusters = []
    q = search_text(args, "q", errors)
    if q:
        like = f"%{q}%"
        clusters.append(or_(Cluster.code.ilike(like), Cluster.name.ilike(like)))
    commune = search_text(args, "commune", errors)
    if commune:
        clusters.append(Cluster.commune == commune)
    district = search_text(args, "district", errors)  # the former district, kept as history
    if district:
        clusters.append(Cluster.district == district)
    if clusters:
        # A subquery, not a join: the visibility rule may read the clusters table too.
        conditions.append(model.cluster_id.in_(select(Cluster.id).where(*clusters)))
    state = (args.get("state") or "").strip()
    if state:
        if states and state not in states:
            errors["state"] = _("một trong: %(names)s", names=", ".join(states))
        else:
            conditions.append(model.state == state)
    first, last = _date(args, "date_from", errors), _date(args, "date_to", errors)
    if first and last and last < first:
        errors["date_to"] = _("không được trước ngày bắt đầu")
    else:
        if first:
            conditions.append(spec.date_column >= first)
        if last:
            conditions.append(spec.date_column <= last)
    text = search_text(args, "text", errors)
    if text:
        like = f"%{text}%"
        conditions.append(or_(*(column.ilike(like) for column in spec.text_columns)))
    return conditions, errors


def search_text(args, name, errors) -> str | None:
    """Free text to search by, or None with a message in `errors` for one past TEXT_MAX
    characters or with a character no database can compare (NUL)."""
    value = (args.get(name) or "").strip()
    if len(value) > TEXT_MAX:
        errors[name] = _("văn bản, tối đa %(n)d ký tự", n=TEXT_MAX)
        return None
    if bad_characters(value):
        errors[name] = _("chứa ký tự không hợp lệ (NUL hoặc mã UTF-16 lẻ)")
        return None
    return value or None


def _date(args, name, errors) -> date | None:
    raw = (args.get(name) or "").strip()
    if not raw:
        return None
    try:
        return parse_date(raw)
    except FieldError as exc:
        errors[name] = str(exc)
        return None
