"""The sweep fires mark_overdue, as the system, on violations whose remedial deadline
(the plan, or the remediation itself) has passed; once."""
from datetime import date

import pytest

from sched_support import hanoi


@pytest.fixture
def violation(make, db, clock):
    make.department()
    inspector = make.user("inspector")
    investor = make.org("investor")
    make.user("investor", org=investor)
    cluster = make.cluster(investor=investor, stage="operational")
    return make.violation(cluster, inspector)


def with_deadline(violation, open_deadline, state, policy, due):
    violation.state = state
    return open_deadline(violation.cluster.investor, due, policy=policy,
                         entity_type="violation", entity_id=violation.id)


def audit_of(violation):
    from models import AuditEntry

    return [(a.trigger, a.actor_id) for a in AuditEntry.query.filter_by(
        entity_type="violation", entity_id=violation.id).order_by(AuditEntry.id)]


@pytest.mark.parametrize("state, policy", [("plan_accepted", "remediation"),
                                           ("extension_granted", "remediation"),
                                           ("notified", "remediation_plan"),
                                           ("plan_rejected", "remediation_plan")])
def test_a_passed_remedial_deadline_marks_the_violation_overdue(
        violation, open_deadline, sweep, outbox, state, policy):
    with_deadline(violation, open_deadline, state, policy, date(2026, 12, 10))
    assert sweep(hanoi(date(2026, 12, 10)))["violations_overdue"] == []  # the last day
    assert violation.state == state
    assert sweep(hanoi(date(2026, 12, 11)))["violations_overdue"] == [violation.id]
    assert violation.state == "overdue"
    assert audit_of(violation)[-1] == ("mark_overdue", None)  # fired by the system
    assert [n.kind for n in outbox(kind="violation_overdue")] == ["violation_overdue"]
    assert sweep(hanoi(date(2026, 12, 12)))["violations_overdue"] == []
    assert [t for t, _ in audit_of(violation)].count("mark_overdue") == 1


@pytest.mark.parametrize("state, policy", [("notified", "penalty_decision"),
                                           ("extension_requested", "remediation"),
                                           ("plan_submitted", "plan_review")])
def test_other_deadlines_and_states_are_left_alone(violation, open_deadline, sweep, state,
                                                   policy):
    with_deadline(violation, open_deadline, state, policy, date(2026, 12, 10))
    assert sweep(hanoi(date(2026, 12, 20)))["violations_overdue"] == []
    assert violation.state == state


def test_a_met_deadline_does_not_count(violation, open_deadline, sweep, clock):
    deadline = with_deadline(violation, open_deadline, "plan_accepted", "remediation",
                             date(2026, 12, 10))
    deadline.closed_at, deadline.outcome = clock(), "met"
    assert sweep(hanoi(date(2026, 12, 20)))["violations_overdue"] == []
