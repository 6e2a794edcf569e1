"""Effects: what a transition does besides changing the state. Transitions name them as
data (`effect("open_deadline", policy="remediation")`), so the scheduler's deadline and
reminder policies plug in here without touching any transition."""
from sqlalchemy import select

from . import policies
from .calendar import due_after

EFFECTS = {}


def register(name):
    def wrap(fn):
        EFFECTS[name] = fn
        return fn
    return wrap


def run_effects(ctx) -> None:
    for eff in ctx.transition.effects:
        EFFECTS[eff.name](ctx, **eff.kwargs)


def cluster_of(entity):
    return entity if entity.entity_type == "cluster" else entity.cluster


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
    from models import Organization

    cluster = cluster_of(ctx.entity)
    if holder == "investor" and cluster.investor_id:
        return cluster.investor_id
    if holder == "inspecting_org":
        inspection = getattr(ctx.entity, "inspection", None)
        if ctx.entity.entity_type == "inspection":
            return ctx.entity.organization_id
        if inspection is not None:
            return inspection.organization_id
        if ctx.actor is not None and ctx.actor.role != "investor":
            return ctx.actor.organization_id
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
    from models import Deadline

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
    from models import Deadline

    query = select(Deadline).where(Deadline.entity_type == ctx.entity.entity_type,
                                   Deadline.entity_id == ctx.entity.id,
                                   Deadline.closed_at.is_(None))
    if keys != "*":
        query = query.where(Deadline.policy_key.in_(keys))
    return ctx.session.scalars(query).all()


@register("close_deadlines")
def close_deadlines(ctx, policies="*", outcome="met"):
    for deadline in _open_deadlines(ctx, policies):
        deadline.closed_at = ctx.now
        deadline.outcome = outcome


@register("extend_deadline")
def extend_deadline(ctx, policy, due_field):
    """Move an open deadline; original_due_date and the audit row keep its history."""
    for deadline in _open_deadlines(ctx, (policy,)):
        ctx.audit.data = {**ctx.audit.data, "previous_due_date": deadline.due_date.isoformat()}
        deadline.due_date = ctx.data[due_field]


@register("notify")
def notify(ctx, to, kind):
    """Queue an in-app notice (and an e-mail, where the user has an address) for each
    active user of the organization holding part `to`; sent after the commit."""
    from models import Notification, User

    org_id = resolve_holder(ctx, to)
    users = ctx.session.scalars(select(User).where(User.organization_id == org_id,
                                                   User.active.is_(True))).all()
    entity = ctx.entity
    subject = (f"[{ctx.workflow.label_vi}] #{entity.id}: "
               f"{ctx.workflow.label(ctx.transition.dest, 'vi')} / "
               f"{ctx.workflow.label(ctx.transition.dest, 'en')}")
    for user in users:
        channels = ("in_app", "email") if user.email else ("in_app",)
        for channel in channels:
            ctx.session.add(Notification(
                # The version before the transition names the transition uniquely.
                idempotency_key=f"{kind}:{entity.entity_type}:{entity.id}:v{entity.version}:"
                                f"{user.id}:{channel}",
                channel=channel, recipient_org_id=org_id, recipient_user_id=user.id,
                kind=kind, entity_type=entity.entity_type, entity_id=entity.id,
                subject=subject, body=ctx.comment, created_at=ctx.now,
                next_attempt_at=ctx.now))


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
    from .violation_ops import sync_compliance

    sync_compliance(ctx.session, cluster_of(ctx.entity), ctx.actor, ctx.now)


@register("open_violations_from_findings")
def open_violations_from_findings(ctx):
    from .violation_ops import open_violations_from_findings as open_from

    open_from(ctx.session, ctx.entity, ctx.actor, ctx.now)
