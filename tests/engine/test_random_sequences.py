"""Random trigger sequences by random roles never leave a workflow's states, and replaying
the audit log from the initial state through the shared Machine reproduces the state."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from models import AuditEntry
from workflows.engine.fire import fire
from workflows.engine.errors import WorkflowError
from workflows.engine.registry import WORKFLOWS

from .helpers import ROLES, World, valid_input

TRIGGERS = {name: sorted(wf.triggers) for name, wf in WORKFLOWS.items()}


def _replay(session, entity, wf):
    rows = session.scalars(select(AuditEntry).where(
        AuditEntry.entity_type == entity.entity_type, AuditEntry.entity_id == entity.id,
        AuditEntry.workflow == wf.name, AuditEntry.trigger.not_in(("create", "update")))
        .order_by(AuditEntry.id)).all()
    state = wf.initial
    for row in rows:
        assert row.from_state == state
        state = wf.apply(state, row.trigger)
        assert state == row.to_state
    return state


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_random_sequences_stay_in_states_and_replay(db, make, clock, data):
    world = World(make)
    name = data.draw(st.sampled_from(["inspection", "violation", "obstacle"]))
    wf = WORKFLOWS[name]
    entity = world.entity(name, wf.initial)
    steps = data.draw(st.lists(st.tuples(st.sampled_from(TRIGGERS[name]),
                                         st.sampled_from(ROLES)), max_size=25))
    for trigger, role in steps:
        t = next(t for t in wf.transitions if t.trigger == trigger)
        comment, payload = valid_input(t, entity)
        try:
            with db.session.begin_nested():
                fire(db.session, entity, trigger, world.users[role], comment=comment,
                     data=payload, now=clock())
        except WorkflowError:
            pass
        assert getattr(entity, wf.attribute) in wf.state_by_name
    assert _replay(db.session, entity, wf) == getattr(entity, wf.attribute)
