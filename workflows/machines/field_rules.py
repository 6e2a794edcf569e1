"""The field rules that read the domain: the entity's own history, its open deadlines, the
deadline policies and the violation's suggested fine. Fields name them in
workflows/engine/fields.py (`rules=("within_policy:remediation",)`); `fire` checks them with
the transition's entity, so the API and the pages refuse the same values with the same words."""
from datetime import date

from flask_babel import format_decimal, gettext as _
from sqlalchemy import func, select

from models import Attachment, Deadline
from workflows.engine.calendar import local_date
from workflows.machines import policies

# Law on Handling Administrative Violations, Art. 24(1) and Decree 45/2022 Art. 5-6: the
# highest fine for an environmental offence is 1 billion VND for an individual and twice
# that for an organisation. No written reason makes a fine above it lawful.
LEGAL_MAXIMUM_VND = 2_000_000_000


def _day(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def _vnd(amount: int) -> str:
    return format_decimal(amount)


def since(entity, milestone: str | None = None) -> date | None:
    """The day from which the entity's record runs: a cluster's latest recorded milestone
    (a stage cannot be decided before the one it follows) or, for `milestone`
    "established", its establishment; a violation's sampling or detection day, an
    inspection's planning day."""
    if entity is None:
        return None
    if entity.entity_type == "cluster" and milestone == "established":
        return entity.establishment_date
    if entity.entity_type == "cluster":
        days = [d for d in (entity.establishment_date, entity.infrastructure_started_on,
                            entity.operational_on, entity.plant_certified_on) if d]
        return max(days) if days else None
    if entity.entity_type == "violation":
        return entity.sampled_on or entity.detected_on
    created = getattr(entity, "created_at", None)
    return local_date(created) if created is not None else None


def since_entity(value: date, ctx, arg):
    start = since(ctx.entity, arg)
    if start is not None and value < start:
        return _("không được trước ngày %(day)s (hồ sơ bắt đầu từ ngày đó)", day=_day(start))


def within_policy(value: date, ctx, arg):
    days = policies.MAXIMUM_DAYS.get(arg)
    if days is not None and (value - ctx.today).days > days:
        return _("xa nhất %(days)d ngày kể từ hôm nay (đến %(day)s)", days=days,
                 day=_day(date.fromordinal(ctx.today.toordinal() + days)))


def current_due(ctx, policy_key: str) -> date | None:
    entity = ctx.entity
    if entity is None or ctx.session is None:
        return None
    return ctx.session.scalar(
        select(func.max(Deadline.due_date)).where(
            Deadline.entity_type == entity.entity_type, Deadline.entity_id == entity.id,
            Deadline.policy_key == policy_key, Deadline.closed_at.is_(None)))


def later_than_deadline(value: date, ctx, arg):
    due = current_due(ctx, arg)
    if due is not None and value <= due:
        return _("phải sau thời hạn hiện tại (%(day)s)", day=_day(due))


def fine_range(violation) -> tuple[int, int, bool]:
    """(lowest, highest, suggested): the violation's own suggested range (article, point,
    flow tier, organisation doubling and cap already applied), else 1 VND to the legal
    maximum for an organisation."""
    suggestion = (violation.fine_suggestion or {}) if violation is not None else {}
    low, high = suggestion.get("total_min_vnd"), suggestion.get("total_max_vnd")
    if isinstance(low, int) and isinstance(high, int) and 0 < low <= high:
        return low, high, True
    return 1, LEGAL_MAXIMUM_VND, False


def fine_in_range(value: int, ctx, arg):
    low, high, suggested = fine_range(ctx.entity)
    cap = (ctx.entity.fine_suggestion or {}).get("cap_vnd") if ctx.entity is not None else None
    ceiling = min(c for c in (cap, LEGAL_MAXIMUM_VND) if isinstance(c, int))
    if value > ceiling:
        return _("vượt mức phạt tối đa theo luật (%(cap)s VND)", cap=_vnd(ceiling))
    if low <= value <= high:
        return None
    if (ctx.values or {}).get("fine_departure_reason"):
        return None  # a deliberate departure, its reason kept in the audit row
    if suggested:
        return _("ngoài khung đề xuất %(low)s – %(high)s VND; nếu cố ý, ghi lý do vào ô "
                 "\"Lý do quyết định khác khung đề xuất\"", low=_vnd(low), high=_vnd(high))
    return _("phải từ %(low)s đến %(high)s VND", low=_vnd(low), high=_vnd(high))


def attachments_of_entity(ids: list[int], ctx, arg):
    """Evidence is a file attached to this very record (in the same action or before)."""
    entity = ctx.entity
    if entity is None or ctx.session is None or not ids:
        return None
    found = set(ctx.session.scalars(select(Attachment.id).where(
        Attachment.entity_type == entity.entity_type, Attachment.entity_id == entity.id,
        Attachment.id.in_(ids))))
    missing = sorted(set(ids) - found)
    if missing:
        return _("không phải tệp của hồ sơ này: %(ids)s", ids=", ".join(map(str, missing)))


# By the names fields use in their `rules`; the registry adds them to the engine's own.
DOMAIN_RULES = {"since_entity": since_entity, "within_policy": within_policy,
                "later_than_deadline": later_than_deadline, "fine_in_range": fine_in_range,
                "attachments_of_entity": attachments_of_entity}
