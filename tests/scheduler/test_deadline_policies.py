"""Deadline policies: the CSV's legal timelines are the defaults; an admin changes one by
CLI or API; the change applies to deadlines opened after it."""
from datetime import date

import pytest

from sched_support import hanoi


def test_cli_set_changes_the_policy_and_audits_it(app, runner, db):
    from models import AuditEntry
    from workflows.machines.policies import get

    result = runner.invoke(args=["policies", "set", "violation_record", "--duration", "5",
                                 "--unit", "working_days", "--reminders", "-2 0 3"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    policy = get(db.session, "violation_record")
    assert (policy.duration, policy.unit, policy.reminders) == (5, "working_days", (-2, 0, 3))
    audit = AuditEntry.query.filter_by(entity_type="deadline_policy").one()
    assert audit.data["before"]["duration"] == 2 and audit.data["after"]["duration"] == 5
    listing = runner.invoke(args=["policies", "list"])
    assert "violation_record" in listing.output and "-2 0 3" in listing.output


@pytest.mark.parametrize("args", [["no_such_policy", "--duration", "3"],
                                  ["violation_record", "--duration", "-1"],
                                  ["violation_record", "--reminders", "soon"],
                                  ["violation_record", "--unit", "fortnights"]])
def test_cli_refuses_bad_input(runner, db, args):
    result = runner.invoke(args=["policies", "set", *args])
    assert result.exit_code == 2, result.output


def test_a_change_applies_to_deadlines_opened_after_it(make, db, clock):
    from models import Deadline
    from workflows.machines.policies import set_policy

    clock.set(hanoi(date(2026, 3, 2), 10))  # a Monday
    make.department()
    inspector = make.user("inspector")
    cluster = make.cluster()
    make.violation(cluster, inspector, title="Trước thay đổi")
    set_policy(db.session, "violation_record", None, clock(), duration=5)
    make.violation(cluster, inspector, title="Sau thay đổi")
    dues = [d.due_date for d in Deadline.query.filter_by(policy_key="violation_record")
            .order_by(Deadline.id)]
    assert dues == [date(2026, 3, 4), date(2026, 3, 9)]


def test_api_lists_and_an_admin_changes_a_policy(api, make, db):
    admin, manager = make.user("admin"), make.user("manager")
    listing = api.as_(manager).get("/api/v1/deadline-policies").get_json()["items"]
    keys = {p["key"] for p in listing}
    assert {"remediation", "periodic_report_investor", "routine_inspection"} <= keys
    change = {"duration": 20, "unit": "working_days", "reminders": [3, -7, 0]}
    assert api.client.put("/api/v1/deadline-policies/remediation", json=change,
                          headers=api._headers()).status_code == 403

    api.as_(admin)
    response = api.client.put("/api/v1/deadline-policies/remediation", json=change,
                              headers=api._headers())
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["reminders"] == [-7, 0, 3]
    got = api.get("/api/v1/deadline-policies/remediation").get_json()
    assert (got["duration"], got["unit"]) == (20, "working_days")


@pytest.mark.parametrize("body, field", [({"duration": -3}, "duration"),
                                         ({"duration": "ten"}, "duration"),
                                         ({"unit": "weeks"}, "unit"),
                                         ({"reminders": [0, "x"]}, "reminders"),
                                         ({"reminders": [1000]}, "reminders"),
                                         ({"holder": "investor"}, "holder"),
                                         ({}, "duration")])
def test_api_refuses_bad_values_with_field_errors(api, make, body, field):
    api.as_(make.user("admin"))
    response = api.client.put("/api/v1/deadline-policies/remediation", json=body,
                              headers=api._headers())
    assert response.status_code == 422 and field in response.get_json()["errors"]


def test_api_unknown_policy_is_404(api, make):
    api.as_(make.user("admin"))
    assert api.get("/api/v1/deadline-policies/nope").status_code == 404
    assert api.client.put("/api/v1/deadline-policies/nope", json={"duration": 3},
                          headers=api._headers()).status_code == 404
