"""Every (state, trigger, role) of every workflow, fired through the engine: allowed
combinations reach their destination with one audit row; refused ones change nothing."""
import pytest
from sqlalchemy import func, select

from models import AuditEntry, Deadline, Notification
from workflows.engine.fire import allowed_triggers, fire
from workflows.engine.errors import Conflict, Forbidden
from workflows.engine.registry import WORKFLOWS

from .helpers import World, combos, expected_dest, valid_input

COMBOS = list(combos())


def _counts(session):
    return tuple(session.scalar(select(func.count()).select_from(m))
                 for m in (AuditEntry, Deadline, Notification))


@pytest.mark.parametrize("workflow,state,trigger,role", COMBOS,
                         ids=["-".join(c) for c in COMBOS])
def test_state_trigger_role(db, make, clock, workflow, state, trigger, role):
    world = World(make)
    entity = world.entity(workflow, state)
    wf = WORKFLOWS[workflow]
    user = world.users[role]
    comment, data = valid_input(wf.transition_for(state, trigger)
                                or next(t for t in wf.transitions if t.trigger == trigger),
                                entity)
    before = (getattr(entity, wf.attribute), entity.version, _counts(db.session))
    dest = expected_dest(workflow, state, trigger, role)

    offered = trigger in allowed_triggers(entity, user, db.session)
    assert offered == (dest is not None)

    if dest is None:
        expected_error = Conflict if wf.transition_for(state, trigger) is None else Forbidden
        with pytest.raises(expected_error):
            fire(db.session, entity, trigger, user, comment=comment, data=data,
                 version=entity.version, now=clock())
        # Refused before anything was touched: no state change, no row written.
        assert not db.session.dirty and not db.session.new
        assert (getattr(entity, wf.attribute), entity.version) == before[:2]
        assert _counts(db.session) == before[2]
        return
    audit = fire(db.session, entity, trigger, user, comment=comment, data=data,
                 version=entity.version, now=clock())
    assert getattr(entity, wf.attribute) == dest
    assert (audit.from_state, audit.to_state, audit.trigger) == (state, dest, trigger)
    assert audit.actor_id == user.id
    assert _counts(db.session)[0] >= before[2][0] + 1


def test_matrix_covers_every_declared_transition():
    declared = {(wf.name, src, t.trigger, role) for wf in WORKFLOWS.values()
                for t in wf.transitions for src in t.source for role in t.roles
                if role != "system"}
    assert declared <= set(COMBOS)
