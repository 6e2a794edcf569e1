"""How a rung is claimed: its texts written once per language read, then fanned out in the
database to the recipients of models/recipients.py, which every sender shares (workflow
notices too)."""
from datetime import date

from sched_support import hanoi

REMINDER = "deadline_reminder"


def test_texts_are_written_once_per_rung_and_language_read(make, sweep, open_deadline, db,
                                                            outbox, monkeypatch):
    import scheduler.reminders

    make.department()
    vietnamese_only = make.org("investor")
    make.user("investor", org=vietnamese_only, email="a@cdt.vn")
    make.user("investor", org=vietnamese_only, email="a2@cdt.vn")
    bilingual = make.org("investor")
    make.user("investor", org=bilingual, email="b-en@cdt.vn", locale="en")
    make.user("investor", org=bilingual, email="b-vi@cdt.vn")
    first = open_deadline(vietnamese_only, date(2026, 12, 10))
    second = open_deadline(bilingual, date(2026, 12, 10))
    rendered = []
    real_render = scheduler.reminders.render

    def counting(template, locale, **context):
        rendered.append((context["entity_id"], template, locale))
        return real_render(template, locale, **context)

    monkeypatch.setattr(scheduler.reminders, "render", counting)
    first.entity_id, second.entity_id = 101, 102
    assert sweep(hanoi(date(2026, 12, 9)))["reminders_claimed"] == 8  # 4 users, 2 channels
    assert sorted(rendered) == [(101, "reminder", "vi"), (102, "reminder", "en"),
                                (102, "reminder", "vi")]
    subjects = {n.recipient_user_id: n.subject for n in outbox(channel="email")}
    english = [s for s in subjects.values() if s.startswith("[Reminder]")]
    assert len(english) == 1 and "1 day left" in english[0]
    assert sum(s.startswith("[Nhắc hạn]") for s in subjects.values()) == 3
    keys = {n.idempotency_key for n in outbox(entity_id=first.id)}
    assert all(k.startswith(f"reminder:{first.id}:20261210:-1:u") for k in keys)


def test_a_later_sweep_the_same_day_renders_and_inserts_nothing(make, sweep, open_deadline,
                                                                 db, monkeypatch, outbox):
    import scheduler.reminders

    make.department()
    investor = make.org("investor")
    make.user("investor", org=investor, email="cdt@example.vn")
    open_deadline(investor, date(2026, 12, 10))
    sweep(hanoi(date(2026, 12, 10), 8))
    before = len(outbox())

    def no_rendering(*args, **kwargs):
        raise AssertionError("a claimed rung was rendered again")

    monkeypatch.setattr(scheduler.reminders, "render", no_rendering)
    assert sweep(hanoi(date(2026, 12, 10), 15))["reminders_claimed"] == 0
    assert len(outbox()) == before


def test_a_rung_its_first_recipient_has_is_not_sent_again(make, sweep, open_deadline, db,
                                                          outbox, clock):
    """The fan-out writes every recipient's row at once, so the first one's key tells
    whether a rung went out; a user who joins afterwards is not sent that rung."""
    from models import Notification

    make.department()
    investor = make.org("investor")
    user = make.user("investor", org=investor, email="cdt@example.vn")
    deadline = open_deadline(investor, date(2026, 12, 10))
    for channel in ("in_app", "email"):
        db.session.add(Notification(
            idempotency_key=f"reminder:{deadline.id}:20261210:+0:u{user.id}:{channel}",
            channel=channel, recipient_user_id=user.id,
            kind=REMINDER, entity_type="deadline", entity_id=deadline.id,
            subject="[Đến hạn hôm nay] …", status="sent", created_at=clock()))
    make.user("investor", org=investor, email="moi@example.vn")

    assert sweep(hanoi(date(2026, 12, 10)))["reminders_claimed"] == 0
    assert len(outbox(entity_id=deadline.id, kind=REMINDER)) == 2


def test_recipients_users_in_app_by_mail_and_the_organizations_own_address(make, db):
    from scheduler.outbox import recipients_by_org

    investor = make.org("investor", email="  Van-Thu@CDT.vn ")
    shared = make.org("investor", email="chung@cdt.vn")
    alone = make.org("investor", email="rieng@cdt.vn")
    quiet = make.org("investor", email="   ")
    en = make.user("investor", org=investor, email="en@cdt.vn", locale="en")
    blank = make.user("investor", org=investor, email=" ", locale="fr")
    make.user("investor", org=investor, email="gone@cdt.vn", active=False)
    make.user("investor", org=shared, email="CHUNG@cdt.vn ")  # has the office's address
    make.user("investor", org=alone, email="rieng@cdt.vn", active=False)
    db.session.flush()

    told = recipients_by_org(db.session, [investor.id, shared.id, alone.id, quiet.id])
    assert [(r.user_id, r.channel, r.locale, r.tag) for r in told[investor.id]] == [
        (en.id, "email", "en", f"u{en.id}:email"), (en.id, "in_app", "en", f"u{en.id}:in_app"),
        (blank.id, "in_app", "vi", f"u{blank.id}:in_app"),
        (None, "email", "vi", f"o{investor.id}:email")]
    assert [r.channel for r in told[shared.id]] == ["email", "in_app"]  # one mail, not two
    assert [(r.user_id, r.channel) for r in told[alone.id]] == [(None, "email")]
    assert told[quiet.id] == []


def test_a_workflow_notice_reaches_the_same_recipients(make, db, clock, outbox):
    from workflows.engine import fire

    investor = make.org("investor", email="van-thu@cdt.vn")
    user = make.user("investor", org=investor, email="cdt@cdt.vn")
    inspector = make.user("inspector")
    inspection = make.inspection(make.cluster(investor=investor, stage="operational"),
                                 inspector)
    fire(db.session, inspection, "notify", inspector, data={"decision_no": "12/QĐ-KT"},
         now=clock())
    db.session.flush()

    told = outbox(kind="inspection_notified")
    assert sorted((n.recipient_user_id, n.channel) for n in told
                  if n.recipient_user_id is not None) == [(user.id, "email"),
                                                          (user.id, "in_app")]
    assert [(n.channel, n.recipient_org_id) for n in told if n.recipient_user_id is None] == [
        ("email", investor.id)]
    assert {n.recipient_org_id for n in told if n.recipient_user_id is not None} == {None}
    assert all(n.idempotency_key.startswith(f"inspection_notified:inspection:{inspection.id}:")
               for n in told)


def test_a_batch_with_keys_taken_meanwhile_inserts_the_rest(make, db, clock):
    """A batch some of whose keys are taken (the digest re-claims every run; another
    scheduler may have been first): the rest go in, the taken rows are left as they are."""
    from models import Notification
    from scheduler.outbox import count_inserted_ignoring_duplicates

    org = make.org("investor")

    def digest(day, subject):
        return {"idempotency_key": f"digest:2026121{day}:{org.id}:o{org.id}:email",
                "channel": "email", "recipient_org_id": org.id, "recipient_user_id": None,
                "kind": "deadline_digest", "entity_type": "organization", "entity_id": org.id,
                "subject": subject, "body": "", "status": "pending", "attempts": 0,
                "next_attempt_at": clock(), "created_at": clock()}

    table = Notification.__table__
    assert count_inserted_ignoring_duplicates(db.session, table, [digest(1, "first")],
                                              "idempotency_key") == 1
    taken_meanwhile = [digest(day, "second") for day in (0, 1, 2)]
    assert count_inserted_ignoring_duplicates(db.session, table, taken_meanwhile,
                                              "idempotency_key") == 2
    db.session.expire_all()
    assert {n.idempotency_key[7:15]: n.subject for n in Notification.query} == {
        "20261210": "second", "20261211": "first", "20261212": "second"}
