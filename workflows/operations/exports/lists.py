"""The lists' columns and rows. Each list reads plain columns (no ORM objects) in batches,
under the same filters as its page and its API endpoint (a name a list does not know is
ignored, as the pages do; a value out of range is refused)."""
from dataclasses import dataclass

from flask_babel import force_locale, gettext as _, lazy_gettext as _l
from sqlalchemy import or_, select

from forms.web_labels import (CLUSTER_KINDS, DEADLINE_OUTCOMES, DEADLINE_SUBJECTS,
                              INSPECTION_KINDS, OBSTACLE_KINDS)
from models import Cluster, Deadline, Inspection, Obstacle, Organization, Violation
from models.obstacles import CLOSED_STATES as OBSTACLE_CLOSED
from models.violations import OPEN_EXCLUDED
from workflows.engine.errors import Invalid
from workflows.engine.fields import bad_characters
from workflows.engine.registry import WORKFLOWS
from workflows.operations.deadline_clusters import with_cluster
from workflows.permissions import deadline_scope, visible
from workflows.plan import progress
from workflows.search import TEXT_MAX, search_conditions, search_text

BATCH = 1000


@dataclass(frozen=True)
class Column:
    header: str  # the Vietnamese message id; English from the catalogue
    width: int = 14


@dataclass(frozen=True)
class ListSpec:
    title: str
    columns: tuple
    rows: object  # (session, args, user, today, lang) -> iterator of tuples


def _int(args, name):
    value = args.get(name)
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise Invalid({name: _("phải là số nguyên")}) from None
    if not 0 <= number <= 2**31 - 1:
        raise Invalid({name: _("ngoài khoảng cho phép")})
    return number


def _choice(args, name, allowed):
    """A filter's value; one the list has not (nor could: NUL, past TEXT_MAX) is ignored."""
    value = (args.get(name) or "").strip()
    if len(value) > TEXT_MAX or bad_characters(value):
        return None
    return value if value and (allowed is None or value in allowed) else None


def _search_text(args, name) -> str | None:
    """Free text as the lists search it: a text past their length (or one no database
    can compare, with NUL) is refused, as the other lists' exports refuse it."""
    errors = {}
    value = search_text(args, name, errors)
    if errors:
        raise Invalid(errors)
    return value


def _searched(model, args, states) -> list:
    """The page's search as conditions; an argument it cannot read (31/02/2025) is refused,
    as the list's API refuses it, rather than dropped to export every row."""
    conditions, errors = search_conditions(model, args, states)
    if errors:
        raise Invalid(errors)
    return conditions


def _labels(workflow: str, lang: str) -> dict:
    wf = WORKFLOWS[workflow]
    return {s.name: wf.label(s.name, lang) for s in wf.states}


def _said(labels: dict, lang: str) -> dict:
    """{code: its label from the catalogue, in `lang`}: read once, as a list's first row is
    read inside the request."""
    with force_locale(lang):
        return {code: str(label) for code, label in labels.items()}


def _stream(session, query):
    """Rows in batches from a connection of their own: on PostgreSQL a server-side cursor,
    which must outlive the request's commit (a spreadsheet is still being sent after it)."""
    with session.get_bind().connect() as conn:
        yield from conn.execution_options(yield_per=BATCH).execute(query)


# Clusters ---------------------------------------------------------------------------------

CLUSTER_COLUMNS = (
    Column(_l("Mã cụm"), 12), Column(_l("Tên cụm"), 36), Column(_l("Quận/huyện"), 18),
    Column(_l("Xã/phường"), 18), Column(_l("Loại cụm"), 14), Column(_l("Diện tích (ha)")),
    Column(_l("Đất công nghiệp (ha)")), Column(_l("Đã cho thuê (ha)")),
    Column(_l("Tỷ lệ lấp đầy (%)")), Column(_l("Giai đoạn"), 22),
    Column(_l("Tuân thủ"), 18), Column(_l("Chủ đầu tư hạ tầng"), 36),
    Column(_l("Quyết định thành lập"), 20), Column(_l("Ngày thành lập")))


def cluster_query(args, user):
    stages = tuple(s.name for s in WORKFLOWS["cluster_stage"].states)
    compliance = tuple(s.name for s in WORKFLOWS["cluster_compliance"].states)
    query = visible(select(Cluster.code, Cluster.name, Cluster.district, Cluster.commune,
                           Cluster.kind, Cluster.area_ha, Cluster.industrial_land_ha,
                           Cluster.leased_land_ha, Cluster.stage, Cluster.compliance,
                           Organization.name_vi, Organization.name_en,
                           Cluster.establishment_decision_no, Cluster.establishment_date)
                    .outerjoin(Organization, Organization.id == Cluster.investor_id),
                    Cluster, user)
    stage = _choice(args, "stage", stages) or _choice(args, "state", stages)
    for column, value in ((Cluster.district, _choice(args, "district", None)),
                          (Cluster.commune, _choice(args, "commune", None)),
                          (Cluster.stage, stage),
                          (Cluster.compliance, _choice(args, "compliance", compliance)),
                          (Cluster.kind, _choice(args, "kind", ("regular", "craft_village")))):
        if value:
            query = query.where(column == value)
    q = _search_text(args, "q")
    if q:
        like = f"%{q}%"
        query = query.where(or_(Cluster.code.ilike(like), Cluster.name.ilike(like)))
    return query.order_by(Cluster.code)


def cluster_rows(session, args, user, today, lang):
    stages, compliance = _labels("cluster_stage", lang), _labels("cluster_compliance", lang)
    kinds = _said(CLUSTER_KINDS, lang)
    for r in _stream(session, cluster_query(args, user)):
        occupancy = round(float(r.leased_land_ha) / float(r.industrial_land_ha) * 100, 2) \
            if r.industrial_land_ha and r.leased_land_ha is not None else None
        yield (r.code, r.name, r.district, r.commune, kinds.get(r.kind, r.kind), r.area_ha,
               r.industrial_land_ha, r.leased_land_ha, occupancy, stages.get(r.stage, r.stage),
               compliance.get(r.compliance, r.compliance),
               r.name_vi if lang == "vi" or not r.name_en else r.name_en,
               r.establishment_decision_no, r.establishment_date)


# Inspections ------------------------------------------------------------------------------

INSPECTION_COLUMNS = (
    Column(_l("Mã"), 8), Column(_l("Mã cụm"), 12), Column(_l("Tên cụm"), 36),
    Column(_l("Quận/huyện"), 18), Column(_l("Loại kiểm tra"), 14),
    Column(_l("Ngày dự kiến")), Column(_l("Quyết định kiểm tra"), 20),
    Column(_l("Trạng thái"), 24), Column(_l("Đoàn kiểm tra"), 40))


def inspection_query(args, user):
    states = tuple(s.name for s in WORKFLOWS["inspection"].states)
    query = visible(select(Inspection.id, Cluster.code, Cluster.name, Cluster.district,
                           Inspection.kind, Inspection.planned_date, Inspection.decision_no,
                           Inspection.state, Inspection.team)
                    .join(Cluster, Cluster.id == Inspection.cluster_id), Inspection, user)
    for column, value in ((Inspection.kind, _choice(args, "kind", ("periodic", "surprise",
                                                                   "follow_up"))),
                          (Inspection.cluster_id, _int(args, "cluster_id"))):
        if value:
            query = query.where(column == value)
    # The page's search (cluster, commune, state, dates, text): the export shows the same rows.
    query = query.where(*_searched(Inspection, args, states))
    return query.order_by(Inspection.planned_date.desc(), Inspection.id)


def inspection_rows(session, args, user, today, lang):
    states = _labels("inspection", lang)
    kinds = _said(INSPECTION_KINDS, lang)
    for r in _stream(session, inspection_query(args, user)):
        yield (r.id, r.code, r.name, r.district, kinds.get(r.kind, r.kind), r.planned_date,
               r.decision_no, states.get(r.state, r.state), " ".join((r.team or "").split()))


# Violations -------------------------------------------------------------------------------

VIOLATION_COLUMNS = (
    Column(_l("Mã"), 8), Column(_l("Mã cụm"), 12), Column(_l("Tên cụm"), 36),
    Column(_l("Quận/huyện"), 18), Column(_l("Xã/phường"), 18), Column(_l("Vi phạm"), 60),
    Column(_l("Trạng thái"), 24), Column(_l("Ngày phát hiện")), Column(_l("Ngày lấy mẫu")),
    Column(_l("Số biên bản"), 16), Column(_l("Quyết định xử phạt"), 16),
    Column(_l("Tiền phạt (đồng)"), 16))


def violation_query(args, user):
    states = tuple(s.name for s in WORKFLOWS["violation"].states)
    query = visible(select(Violation.id, Cluster.code, Cluster.name, Cluster.district,
                           Cluster.commune, Violation.title, Violation.state,
                           Violation.detected_on, Violation.sampled_on, Violation.record_no,
                           Violation.decision_no, Violation.fine_confirmed_vnd)
                    .join(Cluster, Cluster.id == Violation.cluster_id), Violation, user)
    state = _choice(args, "state", states)
    if state:
        query = query.where(Violation.state == state)
    elif _choice(args, "show", ("open", "all")) == "open":
        query = query.where(Violation.state.not_in(OPEN_EXCLUDED))
    cluster_id = _int(args, "cluster_id")
    if cluster_id:
        query = query.where(Violation.cluster_id == cluster_id)
    query = query.where(*_searched(Violation, args, states))
    return query.order_by(Violation.id.desc())


def violation_rows(session, args, user, today, lang):
    states = _labels("violation", lang)
    for r in _stream(session, violation_query(args, user)):
        yield (r.id, r.code, r.name, r.district, r.commune, r.title,
               states.get(r.state, r.state), r.detected_on, r.sampled_on, r.record_no,
               r.decision_no, r.fine_confirmed_vnd)


# Obstacles --------------------------------------------------------------------------------

OBSTACLE_COLUMNS = (
    Column(_l("Mã"), 8), Column(_l("Mã cụm"), 12), Column(_l("Tên cụm"), 36),
    Column(_l("Quận/huyện"), 18), Column(_l("Xã/phường"), 18),
    Column(_l("Khó khăn, vướng mắc"), 50), Column(_l("Loại khó khăn"), 20),
    Column(_l("Trạng thái"), 24), Column(_l("Cơ quan chịu trách nhiệm tháo gỡ"), 36),
    Column(_l("Người phụ trách"), 20), Column(_l("Ngày phản ánh")), Column(_l("Hạn tháo gỡ")),
    Column(_l("Quá hạn"), 10), Column(_l("Ngày tháo gỡ")))


def obstacle_query(args, user):
    states = tuple(s.name for s in WORKFLOWS["obstacle"].states)
    query = visible(select(Obstacle.id, Cluster.code, Cluster.name, Cluster.district,
                           Cluster.commune, Obstacle.title, Obstacle.kind, Obstacle.state,
                           Organization.name_vi, Organization.name_en,
                           Obstacle.person_in_charge, Obstacle.reported_on, Obstacle.due_date,
                           Obstacle.resolved_on)
                    .join(Cluster, Cluster.id == Obstacle.cluster_id)
                    .join(Organization, Organization.id == Obstacle.responsible_org_id),
                    Obstacle, user)
    state = _choice(args, "state", states)
    if state:
        query = query.where(Obstacle.state == state)
    elif _choice(args, "show", ("open", "all")) == "open":
        query = query.where(Obstacle.state.not_in(OBSTACLE_CLOSED))
    for column, value in ((Obstacle.kind, _choice(args, "kind", tuple(OBSTACLE_KINDS))),
                          (Obstacle.cluster_id, _int(args, "cluster_id")),
                          (Obstacle.responsible_org_id, _int(args, "responsible_org_id"))):
        if value:
            query = query.where(column == value)
    query = query.where(*_searched(Obstacle, args, states))
    return query.order_by(Obstacle.id.desc())


def obstacle_rows(session, args, user, today, lang):
    states, kinds = _labels("obstacle", lang), _said(OBSTACLE_KINDS, lang)
    said = _said({"yes": _l("có"), "no": _l("không")}, lang)
    for r in _stream(session, obstacle_query(args, user)):
        late = r.state not in OBSTACLE_CLOSED and r.due_date is not None and r.due_date < today
        yield (r.id, r.code, r.name, r.district, r.commune, r.title, kinds.get(r.kind, r.kind),
               states.get(r.state, r.state),
               r.name_vi if lang == "vi" or not r.name_en else r.name_en, r.person_in_charge,
               r.reported_on, r.due_date, said["yes" if late else "no"], r.resolved_on)


# Deadlines --------------------------------------------------------------------------------

DEADLINE_COLUMNS = (
    Column(_l("Mã"), 8), Column(_l("Thời hạn"), 50), Column(_l("Loại hồ sơ"), 16),
    Column(_l("Mã hồ sơ"), 10), Column(_l("Vụ việc"), 40), Column(_l("Mã cụm"), 12),
    Column(_l("Tên cụm"), 30), Column(_l("Đơn vị chịu trách nhiệm"), 36), Column(_l("Hạn")),
    Column(_l("Hạn ban đầu")),
    Column(_l("Quá hạn"), 10), Column(_l("Đã đóng lúc"), 18), Column(_l("Kết quả"), 16))


def deadline_query(args, user, today):
    query = deadline_scope(with_cluster(
        select(Deadline.id, Deadline.title_vi, Deadline.title_en, Deadline.entity_type,
               Deadline.entity_id, Organization.name_vi, Organization.name_en,
               Deadline.due_date, Deadline.original_due_date, Deadline.closed_at,
               Deadline.outcome)
        .join(Organization, Organization.id == Deadline.holder_org_id)), user)
    overdue = args.get("overdue")
    if overdue not in (None, "", "true", "false"):
        raise Invalid({"overdue": "true | false"})
    if args.get("include_closed") != "true":
        query = query.where(Deadline.closed_at.is_(None))
    if overdue == "true":
        query = query.where(Deadline.closed_at.is_(None), Deadline.due_date < today)
    for column, value in ((Deadline.holder_org_id, _int(args, "organization_id")),
                          (Deadline.entity_type, _choice(args, "entity_type", None)),
                          (Deadline.entity_id, _int(args, "entity_id"))):
        if value:
            query = query.where(column == value)
    return query.order_by(Deadline.due_date, Deadline.id)


def deadline_rows(session, args, user, today, lang):
    said = _said({"yes": _l("có"), "no": _l("không")}, lang)
    subjects, outcomes = _said(DEADLINE_SUBJECTS, lang), _said(DEADLINE_OUTCOMES, lang)
    for r in _stream(session, deadline_query(args, user, today)):
        yield (r.id, r.title_vi if lang == "vi" else r.title_en,
               subjects.get(r.entity_type, r.entity_type), r.entity_id, r.record_title,
               r.cluster_code, r.cluster_name,
               r.name_vi if lang == "vi" or not r.name_en else r.name_en, r.due_date,
               r.original_due_date,
               said["yes" if r.closed_at is None and r.due_date < today else "no"],
               r.closed_at, outcomes.get(r.outcome, r.outcome))


# Plan indicators --------------------------------------------------------------------------

PLAN_COLUMNS = (
    Column(_l("Năm"), 8), Column(_l("Chỉ tiêu"), 16), Column(_l("Nội dung"), 60),
    Column(_l("Đơn vị"), 10), Column(_l("Mục tiêu tối thiểu")), Column(_l("Mục tiêu tối đa")),
    Column(_l("Thực hiện")), Column(_l("Số cụm trong phạm vi")), Column(_l("Đạt"), 8))


def plan_rows(session, args, user, today, lang):
    year = _int(args, "year") or today.year
    if not 2000 <= year <= 2100:
        raise Invalid({"year": "2000-2100"})
    data = progress(session, year, _choice(args, "district", None),
                    _choice(args, "commune", None), _choice(args, "kind", None), clusters=False)
    said = _said({"met": _l("Đạt"), "not met": _l("Chưa đạt")}, lang)
    for item in data["targets"]:
        if "error" in item:
            continue
        yield (year, item["indicator"], item["label_vi"] if lang == "vi" else item["label_en"],
               item["unit"], item["min"], item["max"], item["actual"], item["in_scope"],
               said["met" if item["met"] else "not met"])


LISTS = {
    "clusters": ListSpec(_l("Cụm công nghiệp"), CLUSTER_COLUMNS,
                         cluster_rows),
    "inspections": ListSpec(_l("Kiểm tra"), INSPECTION_COLUMNS, inspection_rows),
    "violations": ListSpec(_l("Vi phạm"), VIOLATION_COLUMNS, violation_rows),
    "obstacles": ListSpec(_l("Khó khăn, vướng mắc"), OBSTACLE_COLUMNS, obstacle_rows),
    "deadlines": ListSpec(_l("Thời hạn"), DEADLINE_COLUMNS, deadline_rows),
    "plan": ListSpec(_l("Chỉ tiêu kế hoạch"), PLAN_COLUMNS, plan_rows),
}
