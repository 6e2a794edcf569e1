"""Recurring deadlines from data/recurring_deadlines.csv: the half-yearly reports of
Circular 14/2024/TT-BCT and the yearly routine inspection of each operating cluster,
opened by the sweep once per (rule, period, holder or cluster)."""
from datetime import date

import pytest

from sched_support import hanoi
from scheduler.recurring import rules


@pytest.fixture
def hanoi_orgs(make):
    department = make.department()
    orgs = {"department": department,
            "investors": [make.org("investor"), make.org("investor")],
            "commune": make.org("commune_committee"),
            "environment": make.org("environment_department"),
            "city": make.org("city_committee")}
    orgs["clusters"] = {stage: make.cluster(investor=orgs["investors"][0], stage=stage)
                        for stage in ("planned", "operational", "plant_certified")}
    make.org("investor", active=False)
    return orgs


def open_recurring():
    from models import Deadline, RecurringOccurrence

    rows = Deadline.query.filter(Deadline.id.in_(
        RecurringOccurrence.query.with_entities(RecurringOccurrence.deadline_id)))
    return sorted((d.policy_key, d.holder_org_id, d.entity_type, d.entity_id, d.due_date)
                  for d in rows)


def test_the_calendar_is_the_law():
    due = {r.rule: r.due for r in rules()}
    # Circular 14/2024 says "trước ngày 20 tháng 6" (before the 20th): due the day before.
    assert due == {"investor_report_h1": (6, 19), "investor_report_h2": (12, 19),
                   "commune_report_h1": (6, 24), "commune_report_h2": (12, 24),
                   "department_report_h1": (6, 29), "department_report_h2": (12, 30),
                   "routine_inspection": (12, 31)}


def test_first_half_opens_once_for_each_holder_and_operating_cluster(hanoi_orgs, sweep):
    sweep(hanoi(date(2026, 3, 2)))
    inv1, inv2 = (o.id for o in hanoi_orgs["investors"])
    dept, commune = hanoi_orgs["department"].id, hanoi_orgs["commune"].id
    clusters = hanoi_orgs["clusters"]
    expected = sorted([
        ("periodic_report_investor", inv1, "organization", inv1, date(2026, 6, 19)),
        ("periodic_report_investor", inv2, "organization", inv2, date(2026, 6, 19)),
        ("periodic_report_commune", commune, "organization", commune, date(2026, 6, 24)),
        ("periodic_report_department", dept, "organization", dept, date(2026, 6, 29)),
        ("routine_inspection", dept, "cluster", clusters["operational"].id, date(2026, 12, 31)),
        ("routine_inspection", dept, "cluster", clusters["plant_certified"].id,
         date(2026, 12, 31)),
    ])
    assert open_recurring() == expected
    for moment in (hanoi(date(2026, 3, 2)), hanoi(date(2026, 3, 2), 15), hanoi(date(2026, 6, 1))):
        assert sweep(moment)["recurring_opened"] == 0
    assert open_recurring() == expected


def test_each_rule_links_its_occurrences_in_one_statement(hanoi_orgs, make, db, sweep):
    """Opening a half-year for every investor costs statements per rule, not per investor
    (the deadlines' INSERT is one statement where the database returns ids in order)."""
    from query_log import recorded_statements

    for _ in range(5):
        make.org("investor")
    with recorded_statements(db.engine) as seen:
        assert sweep(hanoi(date(2026, 3, 2)))["recurring_opened"] == 11
    links = [s for s in seen if s.startswith("UPDATE recurring_occurrences")]
    assert len(links) == 4  # the investors', the commune's, the department's, the clusters'
    assert len(open_recurring()) == 11



def test_a_sweep_that_finds_every_occurrence_open_reads_one_statement_per_rule(
        hanoi_orgs, db, sweep):
    """The sweep runs every minute and finds them open almost always: then each rule in its
    window costs the one query that leaves out what is claimed, nothing more."""
    from query_log import recorded_statements

    moment = hanoi(date(2026, 3, 2))
    sweep(moment)
    in_window = [r for r in rules() if r.window(moment.date())]
    with recorded_statements(db.engine) as seen:
        assert sweep(moment)["recurring_opened"] == 0
    reads = [s for s in seen if "recurring_occurrences" in s]
    assert len(reads) == len(in_window) and all(s.startswith("SELECT") for s in reads)
    assert not any(s.startswith("SELECT min(organizations.id)") for s in seen)  # its holder

def test_titles_name_the_period_and_the_cluster(hanoi_orgs, sweep):
    from models import Deadline

    sweep(hanoi(date(2026, 8, 3)))
    titles = {d.title_vi for d in Deadline.query}
    assert "Báo cáo định kỳ 6 tháng của chủ đầu tư hạ tầng 6 tháng cuối năm 2026" in titles
    cluster = hanoi_orgs["clusters"]["operational"]
    assert f"Kiểm tra định kỳ hằng năm cụm công nghiệp năm 2026: {cluster.name}" in titles


def test_second_half_opens_beside_the_first(hanoi_orgs, sweep):
    sweep(hanoi(date(2026, 6, 30)))
    first = open_recurring()
    sweep(hanoi(date(2026, 7, 1)))
    second = [row for row in open_recurring() if row not in first]
    assert sorted({row[4] for row in second}) == [
        date(2026, 12, 19), date(2026, 12, 24), date(2026, 12, 30)]
    assert not any(row[0] == "routine_inspection" for row in second)  # still 2026's


def test_a_window_already_past_is_not_opened(hanoi_orgs, sweep):
    sweep(hanoi(date(2026, 12, 28)))  # installed late in December
    assert {row[0] for row in open_recurring()} == {"periodic_report_department",
                                                    "routine_inspection"}


def test_next_year_opens_a_new_occurrence(hanoi_orgs, sweep):
    sweep(hanoi(date(2026, 2, 2)))
    sweep(hanoi(date(2027, 1, 4)))
    inspections = [row for row in open_recurring() if row[0] == "routine_inspection"]
    assert sorted({row[4] for row in inspections}) == [date(2026, 12, 31), date(2027, 12, 31)]
    assert len(inspections) == 4


def test_recurring_deadlines_are_reminded_by_their_policy(hanoi_orgs, make, mail, tick):
    make.user("investor", org=hanoi_orgs["investors"][0], email="cdt@example.vn")
    tick(hanoi(date(2026, 6, 1)))  # opened; the -14 rung is on 6/5
    tick(hanoi(date(2026, 6, 5)))
    subjects = [m["Subject"] for m in mail.to("cdt@example.vn", "deadline_reminder")]
    assert subjects == ["[Nhắc hạn] Báo cáo định kỳ 6 tháng của chủ đầu tư hạ tầng "
                        "6 tháng đầu năm 2026: còn 14 ngày (hạn 19/06/2026)"]


def test_the_holder_marks_its_report_done(hanoi_orgs, make, api, sweep, db):
    from models import Deadline

    sweep(hanoi(date(2026, 3, 2)))
    investor = hanoi_orgs["investors"][0]
    mine = Deadline.query.filter_by(holder_org_id=investor.id).one()
    theirs = Deadline.query.filter_by(holder_org_id=hanoi_orgs["investors"][1].id).one()
    api.as_(make.user("investor", org=investor))
    assert api.post(f"/api/v1/deadlines/{theirs.id}/complete").status_code == 404
    response = api.post(f"/api/v1/deadlines/{mine.id}/complete")
    assert response.status_code == 200 and response.get_json()["open"] is False
    assert api.post(f"/api/v1/deadlines/{mine.id}/complete").status_code == 409
    sweep(hanoi(date(2026, 3, 3)))  # a closed occurrence is not opened again
    assert Deadline.query.filter_by(holder_org_id=investor.id).count() == 1


def test_a_workflow_deadline_is_not_closed_by_hand(make, api, open_deadline):
    investor = make.org("investor")
    deadline = open_deadline(investor, date(2026, 12, 10))
    api.as_(make.user("manager"))
    response = api.post(f"/api/v1/deadlines/{deadline.id}/complete")
    assert response.status_code == 409


def test_marking_a_report_done_is_audited_and_held_to_its_holder(hanoi_orgs, make, api,
                                                                 sweep, db):
    """Only the holder (or the department) closes its recurring deadline, and the audit log
    keeps who did and when."""
    from models import AuditEntry, Deadline

    sweep(hanoi(date(2026, 3, 2)))
    investor = hanoi_orgs["investors"][0]
    mine = Deadline.query.filter_by(holder_org_id=investor.id).one()
    # An inspector sees every deadline but holds none of the investors'.
    api.as_(make.user("inspector"))
    assert api.post(f"/api/v1/deadlines/{mine.id}/complete").status_code == 403
    assert db.session.get(Deadline, mine.id).closed_at is None
    holder = make.user("investor", org=investor)
    api.as_(holder)
    assert api.post(f"/api/v1/deadlines/{mine.id}/complete").status_code == 200
    [row] = AuditEntry.query.filter_by(entity_type="deadline", entity_id=mine.id).all()
    assert (row.trigger, row.actor_id) == ("complete", holder.id)
    assert row.data["due_date"] == mine.due_date.isoformat()
