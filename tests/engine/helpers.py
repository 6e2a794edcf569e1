"""Shared set-up for the engine tests: an entity of each workflow in any state, with the
preconditions its guards ask for, and valid input for any transition's fields."""
from datetime import date
from decimal import Decimal

from workflows.engine.fields import FIELDS
from workflows.engine.registry import WORKFLOWS

ROLES = ("admin", "manager", "inspector", "investor")

SAMPLE = {"text": "Ghi chú kiểm thử", "code": "01/QĐ-TEST", "date": "2027-03-15",
          "money": 1_000_000, "ids": []}


# The clock's today is 28/11/2026: a decision or effective date is in the past, a deadline
# in the future (the fields' rules, workflows/engine/fields.py).
PAST = "2026-11-20"


def sample(name: str):
    field = FIELDS[name]
    return PAST if field.kind == "date" and "not_future" in field.rules else SAMPLE[field.kind]


def evidence_of(entity) -> list[int]:
    """A proof file's row attached to `entity`: what evidence_ids must name."""
    from models import Attachment, db

    row = Attachment(entity_type=entity.entity_type, entity_id=entity.id, filename="proof.pdf",
                     content_type="application/pdf", size=5, sha256="0" * 64,
                     storage_path="00/proof")
    db.session.add(row)
    db.session.flush()
    return [row.id]


def valid_input(transition, entity=None) -> tuple[str, dict]:
    data = {f: evidence_of(entity) if FIELDS[f].kind == "ids" and entity is not None
            else sample(f) for f in transition.required if f != "comment"}
    comment = SAMPLE["text"] if "comment" in transition.required else ""
    return comment, data


class World:
    """One investor organization with its cluster, and a user of each role."""

    def __init__(self, make):
        self.make = make
        self.investor_org = make.org("investor")
        self.users = {role: make.user(role, org=self.investor_org if role == "investor" else None)
                      for role in ROLES}
        # Every guard holds: 80% occupancy, infrastructure finished, its plant accepted.
        self.cluster = make.cluster(investor=self.investor_org,
                                    industrial_land_ha=Decimal("20"), leased_land_ha=Decimal("16"),
                                    operational_on=date(2025, 6, 1))
        make.plant(self.cluster, certification_date=date(2025, 6, 1))

    def entity(self, workflow_name: str, state: str):
        wf = WORKFLOWS[workflow_name]
        if wf.entity_type == "cluster":
            setattr(self.cluster, wf.attribute, state)
            self.make.db.session.flush()
            return self.cluster
        if wf.entity_type == "inspection":
            inspection = self.make.inspection(self.cluster, self.users["inspector"], state=state)
            from workflows.operations.inspections import log_finding

            # has_findings: log one while the state allows it, then restore the state.
            inspection.state = "in_progress"
            log_finding(self.make.db.session, inspection, self.users["inspector"],
                        self.make.clock(), category="other", severity="low",
                        description="Sổ nhật ký vận hành chưa cập nhật")
            inspection.state = state
            self.make.db.session.flush()
            return inspection
        if wf.entity_type == "obstacle":
            return self.make.obstacle(self.cluster, self.users["investor"], state=state)
        return self.make.violation(self.cluster, self.users["inspector"], state=state)


def combos():
    """Every (workflow, state, trigger, role)."""
    for wf in WORKFLOWS.values():
        for state in wf.states:
            for trigger in sorted(wf.triggers):
                for role in ROLES:
                    yield wf.name, state.name, trigger, role


def expected_dest(workflow_name, state, trigger, role):
    wf = WORKFLOWS[workflow_name]
    t = wf.transition_for(state, trigger)
    if t is None or role not in t.roles:
        return None
    return state if t.dest == "=" else t.dest


__all__ = ["ROLES", "World", "combos", "expected_dest", "valid_input", "date"]
