"""The reminder ladder: each rung once per (deadline, rung, recipient), however often the
scheduler runs; escalations to the supervising organization; catch-up after an outage."""
from datetime import date, timedelta

from sched_support import hanoi

REMINDER, ESCALATION = "deadline_reminder", "deadline_escalation"


def test_each_rung_goes_out_once_across_repeated_ticks(make, mail, tick, open_deadline, outbox):
    department = make.department()
    make.user("manager", org=department, email="sct@example.vn")
    investor = make.org("investor")
    make.user("investor", org=investor, email="chu-dau-tu@example.vn")
    deadline = open_deadline(investor, date(2026, 12, 10), opened=date(2026, 11, 20))

    day = date(2026, 11, 28)
    while day <= date(2026, 12, 24):
        for hour in (9, 9, 15):  # the same moment twice, and later the same day
            tick(hanoi(day, hour))
        day += timedelta(days=1)

    about = f"deadline-{deadline.id}"  # the investor's half-yearly report is reminded too
    to_investor = mail.to("chu-dau-tu@example.vn", REMINDER, about=about)
    to_department = mail.to("sct@example.vn", ESCALATION, about=about)
    # Ladder -7 -1 0 1 7: three reminders to the holder, two escalations above it.
    assert [m["Date"].datetime.date() for m in to_investor] == [
        date(2026, 12, 3), date(2026, 12, 9), date(2026, 12, 10)]
    assert [m["Date"].datetime.date() for m in to_department] == [
        date(2026, 12, 11), date(2026, 12, 17)]
    assert len({m["Message-ID"] for m in mail.of_kind(REMINDER, ESCALATION, about=about)}) == 5
    assert mail.to("sct@example.vn", REMINDER, about=about) == []
    assert mail.to("chu-dau-tu@example.vn", ESCALATION, about=about) == []
    # In-app too: one row per rung and user, each delivered.
    in_app = outbox(channel="in_app", entity_type="deadline", entity_id=deadline.id)
    assert len(in_app) == 5 and {n.status for n in in_app} == {"sent"}
    assert "còn 7 ngày" in to_investor[0]["Subject"]
    assert "Hôm nay là ngày cuối" in to_investor[2].get_content()


def test_after_an_outage_only_the_current_rung_goes_out(make, mail, tick, open_deadline):
    make.department()
    investor = make.org("investor")
    make.user("investor", org=investor, email="cdt@example.vn")
    deadline = open_deadline(investor, date(2026, 12, 10), opened=date(2026, 11, 20))
    about = f"deadline-{deadline.id}"

    tick(hanoi(date(2026, 12, 1)))  # before any rung
    assert mail.of_kind(REMINDER, about=about) == []
    tick(hanoi(date(2026, 12, 10)))  # down from 1/12 to 10/12: -7 and -1 were missed
    tick(hanoi(date(2026, 12, 10), 16))
    subjects = [m["Subject"] for m in mail.to("cdt@example.vn", REMINDER, about=about)]
    assert len(subjects) == 1 and subjects[0].startswith("[Đến hạn hôm nay]")


def test_rungs_dated_before_the_deadline_opened_are_skipped(make, mail, tick, open_deadline):
    make.department()
    investor = make.org("investor")
    make.user("investor", org=investor, email="cdt@example.vn")
    deadline = open_deadline(investor, date(2026, 12, 10), opened=date(2026, 12, 8))

    for day in (8, 9, 10):
        tick(hanoi(date(2026, 12, day)))
    dates = [m["Date"].datetime.date()
             for m in mail.to("cdt@example.vn", REMINDER, about=f"deadline-{deadline.id}")]
    assert dates == [date(2026, 12, 9), date(2026, 12, 10)]  # no "7 days left" on 8/12


def test_recipients_languages_and_addresses(make, mail, tick, open_deadline, outbox):
    make.department()
    investor = make.org("investor", email="van-thu@cdt.vn")
    vi = make.user("investor", org=investor, email="vi@cdt.vn")
    en = make.user("investor", org=investor, email="en@cdt.vn", locale="en")
    no_mail = make.user("investor", org=investor)
    make.user("investor", org=investor, email="gone@cdt.vn", active=False)
    open_deadline(investor, date(2026, 12, 10))

    tick(hanoi(date(2026, 12, 9)))
    reminders = mail.of_kind(REMINDER)
    assert sorted(m["To"] for m in reminders) == ["en@cdt.vn", "van-thu@cdt.vn", "vi@cdt.vn"]
    english = mail.to("en@cdt.vn", REMINDER)[0]
    assert english["Subject"].startswith("[Reminder]") and "1 day left" in english["Subject"]
    assert english.get_content().startswith("Dear ") and english["Content-Language"] == "en"
    vietnamese = mail.to("vi@cdt.vn", REMINDER)[0]
    assert vietnamese.get_content().startswith("Kính gửi ")
    assert {n.recipient_user_id for n in outbox(channel="in_app")} == {vi.id, en.id, no_mail.id}


def test_escalation_goes_to_the_parent_else_the_department_else_the_city(
        make, mail, tick, open_deadline):
    department = make.department()
    make.user("manager", org=department, email="sct@hanoi.gov.vn")
    make.org("city_committee", email="ubnd@hanoi.gov.vn")
    commune = make.org("commune_committee", email="ubnd-xa@hanoi.gov.vn")
    ward = make.org("commune_committee", parent_id=commune.id)
    investor = make.org("investor")
    for holder in (ward, investor, department):
        open_deadline(holder, date(2026, 12, 10), policy="penalty_decision")

    tick(hanoi(date(2026, 12, 11)))
    # The ward's goes to its commune, the investor's to the department, and the
    # department's own to the city committee.
    escalations = sorted(m["To"] for m in mail.of_kind(ESCALATION))
    assert escalations == ["sct@hanoi.gov.vn", "ubnd-xa@hanoi.gov.vn", "ubnd@hanoi.gov.vn"]


def test_closed_deadlines_are_not_reminded(make, mail, tick, open_deadline, clock):
    make.department()
    investor = make.org("investor")
    make.user("investor", org=investor, email="cdt@example.vn")
    deadline = open_deadline(investor, date(2026, 12, 10))
    deadline.closed_at, deadline.outcome = clock(), "met"

    tick(hanoi(date(2026, 12, 10)))
    assert mail.of_kind(REMINDER, ESCALATION) == []


def test_a_policy_ladder_change_applies_to_the_next_sweep(make, mail, tick, open_deadline, db):
    from workflows.machines.policies import set_policy

    make.department()
    investor = make.org("investor")
    make.user("investor", org=investor, email="cdt@example.vn")
    open_deadline(investor, date(2026, 12, 10))
    set_policy(db.session, "remediation", None, hanoi(date(2026, 11, 28)), reminders=[-2])

    tick(hanoi(date(2026, 12, 8)))
    assert [m["Subject"] for m in mail.of_kind(REMINDER)] == [
        "[Nhắc hạn] Hoàn thành khắc phục: còn 2 ngày (hạn 10/12/2026)"]
