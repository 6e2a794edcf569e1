"""How a rung is claimed: one deadline_reminders row per (deadline, due date, rung) with its
texts, fanned out in the database to the recipients of models/recipients.py, which every
sender shares (workflow notices too)."""
from datetime import date

from sched_support import hanoi
from sqlalchemy import select

REMINDER = "deadline_reminder"


def _rungs(db):
    from models import DeadlineReminder

    db.session.expire_all()
    return db.session.scalars(select(DeadlineReminder).order_by(DeadlineReminder.id)).all()


def test_a_claimed_rung_keeps_its_texts_in_the_languages_read(make, sweep, open_deadline, db,
                                                               outbox):
    make.department()
    vietnamese_only = make.org("investor")
    make.user("investor", org=vietnamese_only, email="a@cdt.vn")
    bilingual = make.org("investor")
    make.user("investor", org=bilingual, email="b@cdt.vn", locale="en")
    first = open_deadline(vietnamese_only, date(2026, 12, 10))
    second = open_deadline(bilingual, date(2026, 12, 10))

    assert sweep(hanoi(date(2026, 12, 9)))["reminders_claimed"] == 4  # in-app + e-mail each
    rungs = {r.deadline_id: r for r in _rungs(db) if r.deadline_id in (first.id, second.id)}
    assert {(r.rung, r.kind, r.due_date) for r in rungs.values()} == {
        (-1, REMINDER, date(2026, 12, 10))}
    assert rungs[first.id].key == f"reminder:{first.id}:20261210:-1"
    assert rungs[first.id].subject_vi.startswith("[Nhắc hạn]")
    assert rungs[first.id].subject_en is None  # nobody there reads English
    assert rungs[second.id].subject_en.startswith("[Reminder]")
    # Each recipient's row carries the text in the recipient's language.
    english = outbox(channel="email", entity_id=second.id, kind=REMINDER)
    assert [n.subject for n in english] == [rungs[second.id].subject_en]
    assert english[0].idempotency_key.startswith(rungs[second.id].key + ":u")


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
    assert len(outbox()) == before and len(_rungs(db)) == 1


def test_a_rung_sent_before_the_upgrade_is_not_sent_again(make, sweep, open_deadline, db,
                                                          outbox, clock):
    """Before revision 0002 a rung was only its outbox rows; their keys are the fan-out's."""
    from models import Notification

    make.department()
    investor = make.org("investor")
    user = make.user("investor", org=investor, email="cdt@example.vn")
    deadline = open_deadline(investor, date(2026, 12, 10))
    for channel in ("in_app", "email"):
        db.session.add(Notification(
            idempotency_key=f"reminder:{deadline.id}:20261210:+0:u{user.id}:{channel}",
            channel=channel, recipient_org_id=investor.id, recipient_user_id=user.id,
            kind=REMINDER, entity_type="deadline", entity_id=deadline.id,
            subject="[Đến hạn hôm nay] …", status="sent", created_at=clock()))

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
    assert [n.channel for n in told if n.recipient_user_id is None] == ["email"]
    assert all(n.idempotency_key.startswith(f"inspection_notified:inspection:{inspection.id}:")
               for n in told)


def test_a_batch_with_keys_taken_meanwhile_inserts_the_rest(make, db, clock, open_deadline):
    """The claim looked which keys were free; another scheduler took one since. On
    PostgreSQL the COPY fails on it and the batch goes in through ON CONFLICT instead."""
    from models import DeadlineReminder
    from scheduler.outbox import count_inserted_ignoring_duplicates

    org = make.org("investor")
    deadline = open_deadline(org, date(2026, 12, 10))

    def rung(n, subject):
        return {"key": f"reminder:{deadline.id}:2026121{n}:+0", "deadline_id": deadline.id,
                "due_date": date(2026, 12, 10 + n), "rung": 0, "kind": REMINDER,
                "org_id": org.id, "subject_vi": subject, "body_vi": "", "subject_en": None,
                "body_en": None, "claimed_at": clock()}

    table = DeadlineReminder.__table__
    assert count_inserted_ignoring_duplicates(db.session, table, [rung(1, "first")], "key") == 1
    taken_meanwhile = [rung(n, "second") for n in (0, 1, 2)]
    assert count_inserted_ignoring_duplicates(db.session, table, taken_meanwhile, "key") == 2
    assert {r.key[-11:]: r.subject_vi for r in _rungs(db)} == {
        "20261210:+0": "second", "20261211:+0": "first", "20261212:+0": "second"}
