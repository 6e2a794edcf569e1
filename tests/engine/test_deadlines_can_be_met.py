"""A deadline the app holds someone to is one they can meet in the app: wherever a record
can stand with a deadline open, a transition from that state closes it. Otherwise the
holder is reminded, then escalated, about something the app will not let them do.

The first test walks every workflow's definition, following the deadlines its effects open
and close; the others fire the violation cases that once broke the rule."""
import pytest
from sqlalchemy import select

from models import Deadline, Notification
from workflows.engine.definition import SAME
from workflows.engine.errors import Conflict
from workflows.engine.fire import allowed_triggers, fire
from workflows.engine.registry import WORKFLOWS

from .helpers import World, valid_input


def _closes(transition, policy) -> bool:
    return any(e.name == "close_deadlines"
               and (e.kwargs.get("policies", "*") == "*" or policy in e.kwargs["policies"])
               for e in transition.effects)


def _after(transition, open_policies: frozenset) -> frozenset:
    now_open = set(open_policies)
    for e in transition.effects:
        if e.name == "close_deadlines":
            policies = e.kwargs.get("policies", "*")
            now_open = set() if policies == "*" else now_open - set(policies)
        elif e.name == "open_deadline":
            now_open.add(e.kwargs["policy"])
    return frozenset(now_open)


def _held_without_a_way(wf) -> set:
    """(state, policy) pairs reachable with the policy's deadline open and no transition
    from the state that closes it. A record starts with the deadlines no transition opens
    (its creation opens them: a violation's record, an obstacle's assignment)."""
    opened = {e.kwargs["policy"] for t in wf.transitions for e in t.effects
              if e.name == "open_deadline"}
    closed = {p for t in wf.transitions for e in t.effects if e.name == "close_deadlines"
              and e.kwargs.get("policies", "*") != "*" for p in e.kwargs["policies"]}
    seen, frontier, stuck = set(), [(wf.initial, frozenset(closed - opened))], set()
    while frontier:
        state, open_policies = node = frontier.pop()
        if node in seen:
            continue
        seen.add(node)
        stuck |= {(state, p) for p in open_policies
                  if not any(_closes(t, p) for t in wf.transitions_from(state))}
        frontier += [(state if t.dest == SAME else t.dest, _after(t, open_policies))
                     for t in wf.transitions_from(state)]
    return stuck


@pytest.mark.parametrize("name", sorted(WORKFLOWS))
def test_every_open_deadline_has_a_way_to_be_met(name):
    assert _held_without_a_way(WORKFLOWS[name]) == set()


def test_the_walk_finds_a_deadline_nobody_can_meet():
    """The check itself: a deadline opened where no transition closes it is found."""
    from workflows.engine.definition import State, Workflow, effect, transition

    wf = Workflow(name="demo", entity_type="demo", attribute="state", label_vi="x",
                  label_en="x", initial="a",
                  states=(State("a", "A", "A"), State("b", "B", "B"),
                          State("c", "C", "C", final=True)),
                  transitions=(
                      transition("go", "a", "b", ("manager",), "x", "x",
                                 effects=(effect("open_deadline", policy="report"),)),
                      transition("end", "b", "c", ("manager",), "x", "x")))
    # Held in b, and for ever in c, which nothing leaves.
    assert _held_without_a_way(wf) == {("b", "report"), ("c", "report")}


def _open(db, violation) -> list[str]:
    return sorted(db.session.scalars(select(Deadline.policy_key).where(
        Deadline.entity_type == "violation", Deadline.entity_id == violation.id,
        Deadline.closed_at.is_(None))))


@pytest.fixture
def case(db, make, clock):
    """A violation whose record was issued: the penalty decision and a plan are owed."""
    world = World(make)
    violation = world.entity("violation", "detected")

    def step(trigger, role, **data):
        t = WORKFLOWS["violation"].transition_for(violation.state, trigger)
        comment, given = valid_input(t, violation) if t else ("", {})
        return fire(db.session, violation, trigger, world.users[role], comment=comment,
                    data={**given, **data}, version=violation.version, now=clock())

    step("notify", "inspector")
    assert _open(db, violation) == ["penalty_decision", "remediation_plan"]
    return world, violation, step


def test_the_penalty_decision_is_recorded_while_the_plan_is_under_review(db, case):
    world, violation, step = case
    step("submit_plan", "investor")
    assert "sanction" in allowed_triggers(violation, world.users["manager"], db.session)
    audit = step("sanction", "manager", decision_no="12/QĐ-XPHC", fine_vnd=60_000_000)
    assert (audit.from_state, audit.to_state) == ("plan_submitted", "plan_submitted")
    assert (violation.state, violation.decision_no, violation.fine_confirmed_vnd) == (
        "plan_submitted", "12/QĐ-XPHC", 60_000_000)
    assert _open(db, violation) == ["plan_review"]  # the decision's deadline is met
    # The investor is told of the decision by its name, the state it left beside it.
    notice = db.session.scalars(select(Notification).where(
        Notification.kind == "violation_sanctioned", Notification.channel == "in_app")).one()
    assert notice.subject == (f"[Vi phạm] #{violation.id} · {world.cluster.name}: "
                              "Quyết định xử phạt")
    assert notice.body.endswith("Đã thực hiện: Quyết định xử phạt\n"
                                "Trạng thái: Đã nộp phương án khắc phục")

    # One violation, one decision: later, overdue, it is not fined again.
    step("accept_plan", "inspector")
    step("mark_overdue", "manager")
    assert "sanction" not in allowed_triggers(violation, world.users["manager"], db.session)
    with pytest.raises(Conflict, match="12/QĐ-XPHC"):
        step("sanction", "manager", decision_no="13/QĐ-XPHC", fine_vnd=60_000_000)


def test_a_late_plan_is_still_taken(db, case):
    world, violation, step = case
    step("mark_overdue", "manager")
    assert "submit_plan" in allowed_triggers(violation, world.users["investor"], db.session)
    step("submit_plan", "investor")
    assert violation.state == "plan_submitted"
    assert _open(db, violation) == ["penalty_decision", "plan_review"]


def test_a_decision_after_a_late_plan_leaves_one_plan_owed(db, case):
    _, violation, step = case
    step("mark_overdue", "manager")
    step("sanction", "manager", decision_no="12/QĐ-XPHC", fine_vnd=60_000_000)
    assert violation.state == "sanctioned"
    assert _open(db, violation) == ["remediation_plan"]
    outcomes = db.session.scalars(select(Deadline.outcome).where(
        Deadline.entity_id == violation.id, Deadline.policy_key == "remediation_plan")).all()
    assert sorted(outcomes, key=str) == [None, "superseded"]


def test_a_remedy_reported_while_an_extension_is_asked_settles_the_request(db, case):
    world, violation, step = case
    step("submit_plan", "investor")
    step("accept_plan", "inspector")
    step("request_extension", "investor", requested_due_date="2027-04-15")
    assert "report_remediation" in allowed_triggers(violation, world.users["investor"],
                                                    db.session)
    step("report_remediation", "investor")
    assert violation.state == "remediation_reported"
    assert _open(db, violation) == ["penalty_decision", "verification"]
    assert db.session.scalar(select(Deadline.outcome).where(
        Deadline.entity_id == violation.id, Deadline.policy_key == "extension_review")) \
        == "cancelled"
