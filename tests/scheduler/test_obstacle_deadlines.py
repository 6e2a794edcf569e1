"""An obstacle's deadlines ride the same ladder as every other: the commune that must clear
it is reminded before its date, and past it the escalation goes to the commune's
supervising organization (the department), by mail through a real SMTP server."""
from datetime import date

from sched_support import hanoi

from workflows.engine.fire import fire

REMINDER, ESCALATION = "deadline_reminder", "deadline_escalation"


def about_obstacles(messages):
    """Only the obstacle's (a commune also has its half-yearly report deadline)."""
    return {m["To"] for m in messages if "Tháo gỡ khó khăn" in m.get_content()
            or "Tháo gỡ khó khăn" in str(m["Subject"])}


def test_resolution_deadline_reminds_the_commune_then_escalates_to_its_supervisor(
        make, mail, tick, db, clock):
    department = make.department()
    department.email = "sct@hanoi.gov.vn"
    commune = make.org("commune_committee", email="ubnd-px@hanoi.gov.vn",
                       parent_id=department.id)
    investor_org = make.org("investor")
    cluster = make.cluster(investor=investor_org)
    manager = make.user("manager", org=department)
    obstacle = make.obstacle(cluster, make.user("investor", org=investor_org),
                             responsible=commune)
    fire(db.session, obstacle, "assign", manager, data={"resolve_by": "2026-12-10"},
         now=clock())

    tick(hanoi(date(2026, 12, 9)))  # the day before: the commune is reminded
    assert about_obstacles(mail.of_kind(REMINDER)) == {"ubnd-px@hanoi.gov.vn"}
    assert not about_obstacles(mail.of_kind(ESCALATION))

    tick(hanoi(date(2026, 12, 11)))  # a day past it: up to the department
    assert about_obstacles(mail.of_kind(ESCALATION)) == {"sct@hanoi.gov.vn"}


def test_resolving_closes_the_deadline_so_nothing_more_is_sent(make, mail, tick, db, clock):
    department = make.department()
    commune = make.org("commune_committee", email="ubnd-bt@hanoi.gov.vn",
                       parent_id=department.id)
    cluster = make.cluster()
    manager = make.user("manager", org=department)
    obstacle = make.obstacle(cluster, manager, responsible=commune)
    fire(db.session, obstacle, "assign", manager, data={"resolve_by": "2026-12-10"},
         now=clock())
    fire(db.session, obstacle, "resolve", manager, comment="Đã bàn giao mặt bằng", now=clock())
    tick(hanoi(date(2026, 12, 9)))
    tick(hanoi(date(2026, 12, 11)))
    assert not about_obstacles(mail.of_kind(REMINDER))
    assert not about_obstacles(mail.of_kind(ESCALATION))
