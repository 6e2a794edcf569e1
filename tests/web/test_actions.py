"""Action buttons come from allowed_triggers; a refused request says why."""
import re
from datetime import datetime, time, timedelta

import pytest

from models import Deadline
from workflows.engine.fire import allowed_triggers, fire


def buttons(page: str) -> set[str]:
    return set(re.findall(r'data-trigger="([a-z_]+)"', page))


@pytest.mark.parametrize("role", ["manager", "inspector", "investor"])
@pytest.mark.parametrize("state", ["detected", "notified", "plan_submitted", "plan_accepted",
                                   "remediation_reported", "overdue"])
def test_violation_buttons_are_exactly_the_allowed_triggers(web, make, db, role, state):
    investor_org = make.org("investor")
    cluster = make.cluster(investor=investor_org)
    official = make.user("inspector")
    violation = make.violation(cluster, official, state=state)
    user = make.user(role, org=investor_org if role == "investor" else None)
    expected = set(allowed_triggers(violation, user, db.session))
    web.login(user)
    assert buttons(web.text(f"/violations/{violation.id}")) == expected


def test_investor_of_another_cluster_sees_no_button_and_cannot_fire(web, make, db):
    cluster = make.cluster()
    violation = make.violation(cluster, make.user("inspector"), state="notified")
    stranger = make.user("investor")  # an investor organization of its own
    web.login(stranger)
    assert web.get(f"/violations/{violation.id}").status_code == 404
    response = web.post(f"/violations/{violation.id}/actions/submit_plan",
                        {"version": violation.version, "comment": "x"})
    assert response.status_code == 404


def test_transition_form_asks_for_the_required_fields(web, make):
    cluster = make.cluster()
    web.login(make.user("manager"))
    page = web.text(f"/clusters/{cluster.id}/actions/establish")
    for name in ("decision_no", "decision_date", "planned_start_date",
                 "planned_completion_date", "comment"):
        assert f'name="{name}"' in page


def test_a_bad_field_is_shown_beside_it_and_the_input_is_kept(web, make, db):
    cluster = make.cluster()
    web.login(make.user("manager"))
    response = web.post(f"/clusters/{cluster.id}/actions/establish",
                        {"version": cluster.version, "decision_no": "12/QĐ-UBND",
                         "decision_date": "31/02/2026"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'data-field="decision_date"' in page and "ngày không hợp lệ" in page
    assert 'value="12/QĐ-UBND"' in page and 'value="31/02/2026"' in page
    db.session.expire_all()
    assert cluster.stage == "planned"


def test_a_lifecycle_decision_moves_the_cluster(web, make, db):
    cluster = make.cluster()
    web.login(make.user("manager"))
    response = web.post(f"/clusters/{cluster.id}/actions/establish",
                        {"version": cluster.version, "decision_no": "12/QĐ-UBND",
                         "decision_date": "20/11/2026", "planned_start_date": "01/03/2027"})
    assert response.status_code == 303
    db.session.expire_all()
    assert cluster.stage == "established" and cluster.establishment_decision_no == "12/QĐ-UBND"
    page = web.text(f"/clusters/{cluster.id}")
    assert "Đã thực hiện: Quyết định thành lập" in page
    assert "01/03/2027" in page  # the infrastructure_start deadline, dd/mm/yyyy


def test_a_stale_version_says_someone_else_changed_it(web, make, db, clock):
    cluster = make.cluster()
    manager = make.user("manager")
    web.login(manager)
    stale = cluster.version
    fire(db.session, cluster, "establish", manager, now=clock(),
         data={"decision_no": "1/QĐ", "decision_date": "2026-11-01"})
    db.session.commit()
    response = web.post(f"/clusters/{cluster.id}/actions/abolish",
                        {"version": stale, "decision_no": "2/QĐ", "decision_date": "20/11/2026",
                         "comment": "quy hoạch lại"})
    assert response.status_code == 303
    page = web.text(response.headers["Location"])
    assert "Dữ liệu đã bị người khác thay đổi" in page
    db.session.expire_all()
    assert cluster.stage == "established"


def test_a_failed_guard_is_a_clear_message(web, make, db):
    cluster = make.cluster(stage="operational")  # no wastewater plant
    web.login(make.user("manager"))
    response = web.post(f"/clusters/{cluster.id}/actions/certify_plant",
                        {"version": cluster.version, "certification_no": "9/GXN",
                         "certification_date": "20/11/2026"})
    assert response.status_code == 303
    assert "Cụm chưa có trạm xử lý nước thải tập trung" in web.text(response.headers["Location"])


def test_a_button_for_an_unavailable_action_redirects_with_a_message(web, make):
    cluster = make.cluster()
    web.login(make.user("inspector"))  # the life cycle is the managers'
    response = web.get(f"/clusters/{cluster.id}/actions/establish")
    assert response.status_code == 303
    assert "Thao tác này không còn khả dụng" in web.text(response.headers["Location"])


def test_the_action_page_shows_the_deadlines_in_play(web, make, db, clock):
    """Whoever issues the record (or asks to move a date) sees, beside the form, what is
    due and how late it is."""
    inspector = make.user("inspector")
    violation = make.violation(make.cluster(), inspector)
    [deadline] = violation_deadlines = db.session.query(Deadline).all()
    clock.set(datetime.combine(deadline.due_date + timedelta(days=1), time(3)))
    web.login(inspector)
    page = web.text(f"/violations/{violation.id}/actions/notify")
    shown = page.split('id="deadlines"')[1].split("</ul>")[0]
    assert "Lập biên bản vi phạm hành chính" in shown and deadline.due_date.strftime(
        "%d/%m/%Y") in shown and "Quá hạn" in shown, violation_deadlines
