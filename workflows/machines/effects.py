"""Effects: what a transition does besides changing the state. Transitions name them as
data (`effect("open_deadline", policy="remediation")`), so the scheduler's deadline and
reminder policies plug in here without touching any transition."""
from functools import cache

from sqlalchemy import Integer, String, bindparam, case, insert, literal, select, update

from models.base import UTCDateTime

from models import Deadline, DeadlineChange, Notification, Organization
from models.recipients import recipients
from workflows.machines import policies
from workflows.engine.calendar import due_after
from workflows.engine.definition import SAME
from workflows.operations.notice_texts import ddmmyyyy, render
from workflows.permissions import INVESTOR, cluster_of

EFFECTS = {}


def register(name):
    def wrap(fn):
        EFFECTS[name] = fn
        return fn
    return wrap


def run_effects(ctx) -> None:
    for eff in ctx.transition.effects:
        EFFECTS[eff.name](ctx, **eff.kwargs)


@register("record")
def record(ctx, **mapping):
    """Copy input fields onto the entity: record(establishment_date="decision_date").
    "@today" records the transition's date in Hanoi."""
    for attr, source in mapping.items():
        value = ctx.today if source == "@today" else ctx.data.get(source)
        if value is not None:
            setattr(ctx.entity, attr, value)


def resolve_holder(ctx, holder: str) -> int:
    """The organization that holds a deadline or receives a notice, by its part."""

    cluster = cluster_of(ctx.entity)
    if holder == "investor" and cluster.investor_id:
        return cluster.investor_id
    if holder == "inspecting_org":
        inspection = getattr(ctx.entity, "inspection", None)
        if ctx.entity.entity_type == "inspection":
            return ctx.entity.organization_id
        if inspection is not None:
            return inspection.organization_id
        if ctx.actor is not None and ctx.actor.role != INVESTOR:
            return ctx.actor.organization_id
    if holder == "responsible_org" and getattr(ctx.entity, "responsible_org_id", None):
        return ctx.entity.responsible_org_id  # an obstacle's: whoever must clear it
    if holder == "city":  # the People's Committee, where one is recorded
        city_id = ctx.session.scalar(
            select(Organization.id).where(Organization.kind == "city_committee",
                                          Organization.active.is_(True))
            .order_by(Organization.id).limit(1))
        if city_id is not None:
            return city_id
    org_id = ctx.session.scalar(
        select(Organization.id).where(Organization.kind == "industry_department",
                                      Organization.active.is_(True))
        .order_by(Organization.id).limit(1))
    if org_id is None:
        raise LookupError("no active organization of kind 'industry_department' holds "
                          "deadlines by default; create one (flask demo load does)")
    return org_id


@register("open_deadline")
def open_deadline(ctx, policy, due_field=None, due_attr=None):
    """Open a deadline row. Its date comes from an input field, an entity attribute (a
    date written in a decision), or the policy's duration from today."""

    pol = policies.get(ctx.session, policy)
    if due_field:
        due = ctx.data.get(due_field)
    elif due_attr:
        due = getattr(ctx.entity, due_attr)
    else:
        due = due_after(ctx.today, pol.duration, pol.unit)
    if due is None:  # the decision set no date: there is nothing to hold anyone to
        return
    ctx.session.add(Deadline(
        entity_type=ctx.entity.entity_type, entity_id=ctx.entity.id, policy_key=pol.key,
        title_vi=pol.label_vi, title_en=pol.label_en,
        holder_org_id=resolve_holder(ctx, pol.holder), due_date=due, original_due_date=due,
        opened_at=ctx.now))


def _open_deadlines(ctx, keys):
    query = select(Deadline).where(Deadline.entity_type == ctx.entity.entity_type,
                                   Deadline.entity_id == ctx.entity.id,
                                   Deadline.closed_at.is_(None))
    if keys != "*":
        query = query.where(Deadline.policy_key.in_(keys))
    return ctx.session.scalars(query).all()


@register("close_deadlines")
def close_deadlines(ctx, policies="*", outcome="met"):
    """One UPDATE; the ORM expires the deadlines it closed that this session had loaded.
    Effects run before the transition's single flush, so this closes deadlines opened by
    earlier transitions, not one an earlier effect of the same transition opened (none does)."""
    keys = None if policies == "*" else tuple(policies)
    ctx.session.execute(_closing(keys), {
        "b_entity_type": ctx.entity.entity_type, "b_entity_id": ctx.entity.id,
        "b_closed_at": ctx.now, "b_outcome": outcome, **({"b_keys": keys} if keys else {})})


@cache
def _closing(keys: tuple | None):
    """Built once per policy set: every transition that closes deadlines runs it. "fetch":
    the closed rows come back by RETURNING and are expired in the session; the default
    "evaluate" would compare loaded objects with the statement's unfilled parameters."""
    query = update(Deadline).where(
        Deadline.entity_type == bindparam("b_entity_type"),
        Deadline.entity_id == bindparam("b_entity_id"), Deadline.closed_at.is_(None))
    if keys is not None:
        query = query.where(Deadline.policy_key.in_(bindparam("b_keys", expanding=True)))
    return (query.values(closed_at=bindparam("b_closed_at", type_=UTCDateTime()),
                         outcome=bindparam("b_outcome"))
            .execution_options(synchronize_session="fetch"))


@register("extend_deadline")
def extend_deadline(ctx, policy, due_field):
    """Move an open deadline; original_due_date, the audit row and a deadline_changes row
    (one per move, so a deadline's history is one query) keep its history."""

    for deadline in _open_deadlines(ctx, (policy,)):
        ctx.audit.data = {**ctx.audit.data, "previous_due_date": deadline.due_date.isoformat()}
        ctx.session.add(DeadlineChange(
            deadline_id=deadline.id, previous_due_date=deadline.due_date,
            new_due_date=ctx.data[due_field], changed_at=ctx.now, audit=ctx.audit,
            actor_id=ctx.actor.id if ctx.actor is not None else None, reason=ctx.comment))
        deadline.due_date = ctx.data[due_field]


@register("notify")
def notify(ctx, to, kind):
    """Queue an in-app notice (and an e-mail, where there is an address) for each
    recipient of the organization holding part `to` (models/recipients.py); sent after
    the commit. One INSERT ... SELECT: no round trip to list the recipients."""
    entity, wf, transition = ctx.entity, ctx.workflow, ctx.transition
    # A decision that keeps the state (SAME) is told by its name, beside the state it left.
    kept = transition.dest == SAME
    state = getattr(entity, wf.attribute) if kept else transition.dest
    cluster = cluster_of(entity)
    planned = getattr(entity, "planned_date", None)
    # Each recipient reads it in their own language (User.locale); the comment stays in the
    # language it was written in. The record is named as its pages name it: by its cluster.
    (subject, body), (subject_en, body_en) = (render(
        "notice", locale, workflow=wf.label_en if locale == "en" else wf.label_vi,
        state=wf.label(state, locale), entity_type=entity.entity_type, entity_id=entity.id,
        action=(transition.label_en if locale == "en" else transition.label_vi) if kept
        else None,
        title=getattr(entity, "title", None), cluster_code=cluster.code,
        cluster_name=cluster.name, planned=ddmmyyyy(planned) if planned else None,
        comment=ctx.comment) for locale in ("vi", "en"))
    ctx.session.execute(_queue_notices(), {
        # The version before the transition names the transition uniquely.
        "prefix": f"{kind}:{entity.entity_type}:{entity.id}:v{entity.version}:",
        "org_id": resolve_holder(ctx, to), "kind": kind, "entity_type": entity.entity_type,
        "entity_id": entity.id, "subject": subject, "subject_en": subject_en, "body": body,
        "body_en": body_en, "now": ctx.now})


@cache
def _queue_notices():
    """Built once: constructing this statement costs more than running it."""

    who = recipients()
    now = bindparam("now", type_=UTCDateTime())
    columns = ("idempotency_key", "channel", "recipient_org_id", "recipient_user_id", "kind",
               "entity_type", "entity_id", "subject", "body", "status", "attempts",
               "created_at", "next_attempt_at")
    return insert(Notification.__table__).from_select(columns, select(
        bindparam("prefix", type_=String) + who.c.tag, who.c.channel, who.c.recipient_org_id,
        who.c.user_id, bindparam("kind", type_=String), bindparam("entity_type", type_=String),
        bindparam("entity_id", type_=Integer),
        case((who.c.locale == "en", bindparam("subject_en", type_=String)),
             else_=bindparam("subject", type_=String)),
        case((who.c.locale == "en", bindparam("body_en", type_=String)),
             else_=bindparam("body", type_=String)), literal("pending"), literal(0), now, now,
    ).where(who.c.org_id == bindparam("org_id", type_=Integer)))


@register("certify_plant")
def certify_plant(ctx):
    plant = ctx.entity.plants[0]
    plant.certification_no = ctx.data["certification_no"]
    plant.certification_date = ctx.data["certification_date"]
    plant.meets_standard = True


@register("sync_cluster_compliance")
def sync_cluster_compliance(ctx):
    """Opening a violation moves its cluster to `violation`; closing the last open one
    moves it to `remediated`."""
    from workflows.operations.violations import sync_compliance

    sync_compliance(ctx.session, cluster_of(ctx.entity), ctx.actor, ctx.now)


@register("open_violations_from_findings")
def open_violations_from_findings(ctx):
    from workflows.operations.violations import open_violations_from_findings as open_from

    open_from(ctx.session, ctx.entity, ctx.actor, ctx.now)


# The official's decision beside the product's suggestion, in the audit log: the sanction
# transition records the fine decided (fine_vnd); this adds, to the same audit row, the range
# the product had suggested and the point it cited, so the log shows whether the decision
# stayed within the suggestion. The suggestion on the violation is never overwritten.
@register("record_fine_suggestion")
def record_fine_suggestion(ctx):
    suggested = ctx.entity.fine_suggestion or {}
    low, high = suggested.get("total_min_vnd"), suggested.get("total_max_vnd")
    fine = ctx.data.get("fine_vnd")
    ctx.audit.data = {  # a new dict: the JSON column does not track in-place changes
        **ctx.audit.data,
        "suggested_sanction": suggested.get("sanction"),
        "suggested_min_vnd": low,
        "suggested_max_vnd": high,
        "suggested_citation": suggested.get("citation") or None,
        "fine_within_suggestion": None if fine is None or low is None
        else low <= fine <= high,
    }
