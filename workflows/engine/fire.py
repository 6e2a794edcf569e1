"""`fire`: the one operation that moves an entity through a workflow.

It runs inside the caller's transaction and never commits: the request wrapper (or the
scheduler job) commits once, and any exception rolls everything back, so a refused or
failed transition changes nothing. transitions itself has no rollback; the database
transaction is the rollback."""
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from workflows.engine.calendar import local_date
from workflows.engine.definition import Transition, Workflow
from workflows.engine.errors import Conflict, Forbidden, Invalid
from workflows.engine.versions import expect_version, refused_if_stale
from workflows.engine.fields import RuleContext, clean
from workflows.engine.language import language, pick
from workflows.machines.guards import GUARDS
from workflows.engine.audit import write_audit
from workflows.engine.registry import workflow_for_trigger, workflows_for
from workflows.machines.effects import run_effects
from workflows.permissions import may_act


@dataclass
class Context:
    session: Session
    entity: object
    workflow: Workflow
    transition: Transition
    actor: object | None  # None when the engine fires on its own (system)
    from_state: str
    data: dict
    comment: str
    now: datetime
    audit: object = None
    extra: dict = field(default_factory=dict)

    @property
    def today(self) -> date:
        return local_date(self.now)


def offered(entity, user, session: Session | None = None, now=None) -> list[tuple[str, str]]:
    """[(trigger, reason)] for each trigger `user`'s role may fire on `entity` from its state,
    within the user's organization: reason is "" when it may be fired now, else the guard's
    reason for holding it back. Each guard runs once for both lists below."""
    if not may_act(user, entity):
        return []
    result = []
    for wf in workflows_for(entity.entity_type):
        for t in wf.transitions_from(getattr(entity, wf.attribute)):
            if user.role in t.roles:
                result.append((t.trigger, str(_failed_guard(entity, t, session, now) or "")))
    return result


def allowed_triggers(entity, user, session: Session | None = None, now=None) -> list[str]:
    """The triggers `user` may fire on `entity` now: state, role, organization and guards.
    Pages and the API offer exactly these, so a button never leads to a refusal."""
    return [t for t, reason in offered(entity, user, session, now) if not reason]


def held_back(entity, user, session: Session | None = None, now=None) -> list[tuple[str, str]]:
    """[(trigger, reason)]: what `user` could do from this state but a guard holds back,
    with the guard's reason, so the page and the API can say why rather than hide it."""
    return [(t, reason) for t, reason in offered(entity, user, session, now) if reason]


def _action_label(wf: Workflow, trigger: str) -> str:
    found = next((t for t in wf.transitions if t.trigger == trigger), None)
    return pick(found) if found is not None else trigger


def fire(session: Session, entity, trigger: str, actor, *, comment: str = "",
         version: int | None = None, data: dict | None = None, now: datetime,
         system: bool = False):
    """Fire `trigger` on `entity` as `actor`. Returns the audit row.

    Raises Invalid (422) for an unknown trigger or bad fields, Forbidden (403) for a role
    or organization that may not act, Conflict (409) for a stale version, a trigger not
    allowed from the current state, or a failed guard."""
    data = data or {}
    wf = workflow_for_trigger(entity.entity_type, trigger)
    if wf is None:
        raise Invalid({"trigger": _("thao tác không tồn tại: %(trigger)s", trigger=trigger)})
    expect_version(entity, version)
    _lock(session, entity)
    # Re-read under the lock: a check made before it would be a time-of-check bug.
    expect_version(entity, version)
    state = getattr(entity, wf.attribute)
    t = wf.transition_for(state, trigger)
    if t is None:
        raise Conflict(_("Không thể “%(action)s” khi hồ sơ đang ở trạng thái “%(state)s”",
                         action=_action_label(wf, trigger), state=wf.label(state, language())))
    if not system:
        if actor.role not in t.roles:
            raise Forbidden(_("Vai trò của bạn không được thực hiện “%(action)s”",
                              action=_action_label(wf, trigger)))
        if not may_act(actor, entity):
            raise Forbidden(_("Hồ sơ này không thuộc tổ chức của bạn"))
    values = clean(t.required, t.optional, comment, data,
                   RuleContext(local_date(now), entity, session))
    ctx = Context(session, entity, wf, t, actor, state, values, values.get("comment", ""), now)
    failed = _failed_guard(entity, t, session, now, ctx)
    if failed:
        raise Conflict(failed)
    new_state = wf.apply(state, trigger)
    setattr(entity, wf.attribute, new_state)
    # Every accepted transition bumps the version, one that keeps the state (`expand`) too:
    # a second call with the same version is then stale, never a second success.
    flag_modified(entity, wf.attribute)
    ctx.audit = write_audit(session, entity=entity, workflow=wf.name, trigger=trigger,
                            actor=actor, now=now, from_state=state, to_state=new_state,
                            comment=ctx.comment, data=_jsonable(values))
    with refused_if_stale(entity):
        # One flush for the transition's rows (batched INSERTs), not one per effect query.
        with session.no_autoflush:
            run_effects(ctx)
        session.flush()
    return ctx.audit


def _lock(session: Session, entity) -> None:
    """SELECT ... FOR UPDATE and refresh the row (PostgreSQL blocks a concurrent writer
    here; SQLite ignores FOR UPDATE and serializes writers, and the version column
    catches a stale write at flush)."""
    if entity.id is None or session.get_bind().dialect.name == "sqlite":
        return  # SQLite has no row locks: its one writer and the version column suffice
    session.execute(
        select(type(entity)).where(type(entity).id == entity.id)
        # OF the entity's own table: PostgreSQL refuses to lock the nullable side of the
        # outer joins that the eager-loaded relationships (cluster, investor) add.
        .with_for_update(of=type(entity)).execution_options(populate_existing=True)
    ).scalar_one()  # the rows must be fetched for populate_existing to refresh the entity


def _failed_guard(entity, t: Transition, session, now, ctx=None) -> str | None:
    for name in t.guards:
        message = GUARDS[name](entity, ctx or _GuardContext(session, now))
        if message:
            return message
    return None


@dataclass
class _GuardContext:
    session: Session | None
    now: datetime | None



def _jsonable(values: dict) -> dict:
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()}
