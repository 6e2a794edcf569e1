"""An extension granted moves the deadline, keeps its history (deadline_changes, shown by
the API and the calendar feed), and restarts the reminder ladder for the new date."""
from datetime import date

from icalendar import Calendar

from sched_support import hanoi
from workflows.engine.fire import fire


def test_extension_moves_the_deadline_and_restarts_the_ladder(
        make, db, clock, open_deadline, mail, tick, api, client):
    make.department()
    manager = make.user("manager")
    investor_org = make.org("investor")
    investor = make.user("investor", org=investor_org, email="cdt@example.vn")
    cluster = make.cluster(investor=investor_org, stage="operational")
    violation = make.violation(cluster, make.user("inspector"), state="plan_accepted")
    deadline = open_deadline(investor_org, date(2026, 12, 10), entity_id=violation.id)
    about = f"deadline-{deadline.id}"

    tick(hanoi(date(2026, 12, 9)))  # "1 day left" for 10/12
    clock.set(hanoi(date(2026, 12, 9), 11))
    fire(db.session, violation, "request_extension", investor, now=clock(),
         comment="Chờ thiết bị", data={"requested_due_date": "2026-12-31"})
    fire(db.session, violation, "grant_extension", manager, now=clock(),
         comment="Đồng ý gia hạn", data={"new_due_date": "2026-12-24"})
    db.session.commit()
    assert deadline.due_date == date(2026, 12, 24)
    assert deadline.original_due_date == date(2026, 12, 10)

    for day in (10, 11, 17, 23, 24):
        tick(hanoi(date(2026, 12, day)))
    reminders = mail.to("cdt@example.vn", "deadline_reminder", about=about)
    assert [m["Date"].datetime.date() for m in reminders] == [
        date(2026, 12, 9), date(2026, 12, 17), date(2026, 12, 23), date(2026, 12, 24)]
    assert "đã gia hạn; hạn ban đầu 10/12/2026" in reminders[-1].get_content()
    assert mail.of_kind("deadline_escalation", about=about) == []  # 10/12 no longer late

    history = api.as_(manager).get(f"/api/v1/deadlines/{deadline.id}/changes").get_json()
    assert [(c["previous_due_date"], c["new_due_date"], c["actor"], c["reason"])
            for c in history["items"]] == [
        ("2026-12-10", "2026-12-24", manager.username, "Đồng ý gia hạn")]
    assert history["deadline"]["due_date"] == "2026-12-24"
    outsider = make.user("investor", org=make.org("investor"))
    assert api.as_(outsider).get(f"/api/v1/deadlines/{deadline.id}/changes").status_code == 404

    url = api.as_(investor).post("/api/v1/calendar-feeds", json={"scope": "user"}).get_json()["url"]
    feed = Calendar.from_ical(client.get(url.replace("http://localhost", "")).get_data())
    [event] = [e for e in feed.walk("VEVENT") if e["UID"] == f"deadline-{deadline.id}@ccn-hanoi"]
    assert event.decoded("SEQUENCE") == 1 and event.decoded("DTSTART") == date(2026, 12, 24)
    assert "Gia hạn: 10/12/2026 → 24/12/2026" in str(event["DESCRIPTION"])
