"""How a rung is written to the outbox in the database, for the recipients of
models/recipients.py, which every sender shares (workflow notices too), and how its text is
written when read, in the reader's language."""
from datetime import date

import pytest

from sched_support import hanoi

REMINDER = "deadline_reminder"


def test_the_sweep_writes_no_text_each_reader_reads_it_in_their_language(
        make, sweep, tick, mail, api, open_deadline, outbox, monkeypatch):
    import workflows.operations.notice_texts

    make.department()
    vietnamese_only = make.org("investor")
    make.user("investor", org=vietnamese_only, email="a@cdt.vn")
    make.user("investor", org=vietnamese_only, email="a2@cdt.vn")
    bilingual = make.org("investor")
    reads_english = make.user("investor", org=bilingual, email="b-en@cdt.vn", locale="en")
    reads_vietnamese = make.user("investor", org=bilingual, email="b-vi@cdt.vn")
    first = open_deadline(vietnamese_only, date(2026, 12, 10))
    open_deadline(bilingual, date(2026, 12, 10))

    def no_rendering(*args, **kwargs):
        raise AssertionError("the sweep wrote a text")

    monkeypatch.setattr(workflows.operations.notice_texts, "render", no_rendering)
    assert sweep(hanoi(date(2026, 12, 9)))["reminders_queued"] == 8  # 4 users, 2 channels
    monkeypatch.undo()
    assert {(n.subject, n.body) for n in outbox()} == {("", "")}
    keys = {n.idempotency_key for n in outbox(entity_id=first.id)}
    assert all(k.startswith(f"reminder:{first.id}:20261210:-1:u") for k in keys)

    tick(hanoi(date(2026, 12, 9), 10))  # dispatch writes each e-mail as it sends it
    subjects = {m["To"]: m["Subject"] for m in mail.of_kind(REMINDER)}
    assert subjects["b-en@cdt.vn"].startswith("[Reminder]") and "1 day left" in subjects[
        "b-en@cdt.vn"]
    assert all(subjects[to].startswith("[Nhắc hạn]") and "còn 1 ngày" in subjects[to]
               for to in ("a@cdt.vn", "a2@cdt.vn", "b-vi@cdt.vn"))
    # In the app, as the reader opens the list, in the reader's language.
    [notice] = api.as_(reads_english).get("/api/v1/notifications").get_json()["items"]
    assert notice["subject"] == subjects["b-en@cdt.vn"]
    assert notice["body"].startswith("1 day left before the deadline.")
    [notice] = api.as_(reads_vietnamese).get("/api/v1/notifications").get_json()["items"]
    assert notice["subject"] == subjects["b-vi@cdt.vn"]


def test_a_later_sweep_the_same_day_inserts_nothing(make, sweep, open_deadline, outbox):
    make.department()
    investor = make.org("investor")
    make.user("investor", org=investor, email="cdt@example.vn")
    open_deadline(investor, date(2026, 12, 10))
    sweep(hanoi(date(2026, 12, 10), 8))
    before = len(outbox())
    assert before == 2
    assert sweep(hanoi(date(2026, 12, 10), 15))["reminders_queued"] == 0
    assert len(outbox()) == before


@pytest.mark.postgres_only
def test_a_sweep_that_writes_nothing_draws_no_outbox_id(make, sweep, open_deadline, db,
                                                        backend):
    """PostgreSQL draws an id for every row an INSERT tries, written or skipped: a sweep
    each minute that tried every reminder already sent would use the outbox's ids up."""
    from sqlalchemy import text

    if backend != "postgresql":
        pytest.skip("ids drawn for skipped rows: PostgreSQL's sequences")
    make.department()
    investor = make.org("investor")
    make.user("investor", org=investor, email="cdt@example.vn")
    open_deadline(investor, date(2026, 12, 10))
    assert sweep(hanoi(date(2026, 12, 10), 8))["reminders_queued"] == 2
    drawn = db.session.scalar(text("SELECT last_value FROM notifications_id_seq"))
    assert sweep(hanoi(date(2026, 12, 10), 9))["reminders_queued"] == 0
    assert db.session.scalar(text("SELECT last_value FROM notifications_id_seq")) == drawn


def test_a_user_who_joins_while_a_rung_is_the_latest_is_sent_it_once(
        make, sweep, open_deadline, db, outbox):
    """Whether a recipient was sent a rung is their outbox key's to say: a later sweep
    writes nothing more for who has it, and sends it to a user who joined since."""
    make.department()
    investor = make.org("investor")
    make.user("investor", org=investor, email="cdt@example.vn")
    deadline = open_deadline(investor, date(2026, 12, 10))
    assert sweep(hanoi(date(2026, 12, 10), 8))["reminders_queued"] == 2
    newcomer = make.user("investor", org=investor, email="moi@example.vn")

    assert sweep(hanoi(date(2026, 12, 10), 15))["reminders_queued"] == 2
    assert sweep(hanoi(date(2026, 12, 10), 16))["reminders_queued"] == 0
    rows = outbox(entity_id=deadline.id, kind=REMINDER)
    assert sorted(n.idempotency_key.split(":", 4)[4] for n in rows) == sorted(
        f"u{user}:{channel}" for user in (newcomer.id - 1, newcomer.id)
        for channel in ("in_app", "email"))


def test_a_rung_already_in_the_outbox_goes_only_to_who_lacks_it(make, sweep, db,
                                                                 open_deadline, outbox,
                                                                 clock):
    """Outbox rows of the rung written before (by an earlier version, or before an
    outage): their idempotency keys keep the sweep from sending it again to the same
    recipients."""
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
    newcomer = make.user("investor", org=investor, email="moi@example.vn")

    assert sweep(hanoi(date(2026, 12, 10)))["reminders_queued"] == 2
    rows = outbox(entity_id=deadline.id, kind=REMINDER)
    assert sorted((n.recipient_user_id, n.status) for n in rows) == [
        (user.id, "sent"), (user.id, "sent"), (newcomer.id, "pending"),
        (newcomer.id, "pending")]


def _recipients(db, org_ids):
    """models/recipients.py, read as the fan-out joins it: per organization, users first."""
    from sqlalchemy import select

    from models.recipients import recipients

    who = recipients()
    rows = db.session.execute(select(who.c.org_id, who.c.user_id, who.c.channel,
                                     who.c.locale, who.c.tag)
                              .order_by(who.c.user_id.is_(None), who.c.user_id, who.c.channel))
    told = {org_id: [] for org_id in org_ids}
    for org_id, *rest in rows:
        if org_id in told:
            told[org_id].append(tuple(rest))
    return told


def test_recipients_users_in_app_by_mail_and_the_organizations_own_address(make, db):
    from scheduler.audience import organizations

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

    told = _recipients(db, [investor.id, shared.id, alone.id, quiet.id])
    assert told[investor.id] == [
        (en.id, "email", "en", f"u{en.id}:email"), (en.id, "in_app", "en", f"u{en.id}:in_app"),
        (blank.id, "in_app", "vi", f"u{blank.id}:in_app"),
        (None, "email", "vi", f"o{investor.id}:email")]
    assert [channel for _, channel, _, _ in told[shared.id]] == ["email", "in_app"]  # one mail
    assert [(user, channel) for user, channel, _, _ in told[alone.id]] == [(None, "email")]
    assert told[quiet.id] == []

    # The summary the digest reads: whether anybody receives a message, on all channels
    # and by e-mail alone; and whether anybody reads English.
    orgs = organizations(db.session)
    assert (orgs[investor.id].reaches(), orgs[investor.id].reaches(("email",)),
            orgs[investor.id].english) == (True, True, True)
    no_address = make.org("investor")
    make.user("investor", org=no_address, email=None)
    db.session.flush()
    orgs = organizations(db.session)
    assert orgs[no_address.id].reaches() and not orgs[no_address.id].reaches(("email",))
    assert (orgs[alone.id].reaches(("in_app",)), orgs[alone.id].reaches(("email",)),
            orgs[alone.id].english) == (False, True, False)
    assert not orgs[quiet.id].reaches()


def test_a_workflow_notice_reaches_the_same_recipients(make, db, clock, outbox):
    from workflows.engine.fire import fire

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
    # Its text names the cluster and the day the team comes.
    cluster = inspection.cluster
    assert {(n.subject, n.body) for n in told} == {(
        f"[Kiểm tra] #{inspection.id} · {cluster.name}: Đã thông báo",
        f"Cuộc kiểm tra #{inspection.id}\nCụm công nghiệp: {cluster.code} — {cluster.name}\n"
        "Trạng thái mới: Đã thông báo\nNgày kiểm tra dự kiến: 03/12/2026")}


def test_a_fan_out_over_keys_taken_inserts_the_rest(make, db, clock):
    """Rows already in the outbox stay as they are and the rest go in: the fan-out
    skips taken keys, so no recipient is sent a message twice."""
    from models import Notification
    from scheduler.fanout import fan_out

    org = make.org("investor", email="van-thu@cdt.vn")
    user = make.user("investor", org=org, email="cdt@cdt.vn")

    def digest(day, subject):
        return {"key": f"digest:2026121{day}:{org.id}", "org_id": org.id,
                "kind": "deadline_digest", "entity_type": "organization", "entity_id": org.id,
                "subject_vi": subject, "body_vi": "", "subject_en": None, "body_en": None}

    email = ("email",)
    assert fan_out(db.session, [digest(1, "first")], clock(), channels=email) == 2
    partly_taken = [digest(day, "second") for day in (0, 1, 2)]
    assert fan_out(db.session, partly_taken, clock(), channels=email) == 4
    db.session.expire_all()
    rows = db.session.query(Notification).order_by(Notification.idempotency_key).all()
    assert [(n.idempotency_key, n.subject) for n in rows] == [
        (f"digest:2026121{day}:{org.id}:{tag}", "first" if day == 1 else "second")
        for day in (0, 1, 2) for tag in (f"o{org.id}:email", f"u{user.id}:email")]
    assert {n.next_attempt_at for n in rows} == {clock()}


def test_a_failed_sweep_leaves_nothing_and_the_next_sends_every_rung(
        make, db, monkeypatch, sweep, open_deadline, outbox):
    """The reminders' unit fails after its rows went in: it rolls back whole, and the next
    sweep sends every rung."""
    import scheduler.jobs
    import scheduler.reminders

    make.department()
    for n in range(3):
        investor = make.org("investor")
        make.user("investor", org=investor, email=f"cdt{n}@example.vn")
        open_deadline(investor, date(2026, 12, 10), entity_id=n + 1)
    queue = scheduler.reminders.queue_reminders

    def failing(session, now):
        queue(session, now)
        raise RuntimeError("the connection dropped before the commit")

    monkeypatch.setattr(scheduler.jobs, "queue_reminders", failing)
    assert sweep(hanoi(date(2026, 12, 10)))["reminders_queued"] == "failed"
    assert outbox(kind=REMINDER) == []
    monkeypatch.undo()
    assert sweep(hanoi(date(2026, 12, 10)))["reminders_queued"] == 6


def test_a_rung_due_to_an_organization_with_nobody_goes_to_who_joins_while_it_is_due(
        make, sweep, open_deadline, outbox):
    """Nobody is sent it while the organization has nobody; a user who joins is sent the
    rung that is the latest then, not those that came before."""
    make.department()
    investor = make.org("investor")
    deadline = open_deadline(investor, date(2026, 12, 10))
    assert sweep(hanoi(date(2026, 12, 8), 8))["reminders_queued"] == 0  # the -7 rung
    assert sweep(hanoi(date(2026, 12, 9), 8))["reminders_queued"] == 0  # the -1 rung
    make.user("investor", org=investor, email="moi@example.vn")

    assert sweep(hanoi(date(2026, 12, 9), 15))["reminders_queued"] == 2
    assert sweep(hanoi(date(2026, 12, 10), 8))["reminders_queued"] == 2  # the 0 rung
    assert sorted(n.idempotency_key.split(":")[3] for n in outbox(entity_id=deadline.id)) \
        == ["+0", "+0", "-1", "-1"]


def test_each_rungs_early_bound_on_the_opening_is_its_earliest_due_dates_exact_bound():
    """A deadline opened before surely_before is settled without comparing its dates:
    that bound must be the exact one (the end, in Hanoi, of the rung's day) of the
    earliest due date the rung covers, never a later one."""
    from dataclasses import replace
    from datetime import datetime, time, timedelta, timezone

    from scheduler.reminders import rungs
    from workflows.engine.calendar import HANOI
    from workflows.machines.policies import defaults

    policy = replace(defaults()["remediation"], reminders=(-30, -7, -1, 0, 1, 7, 30))
    today = date(2026, 12, 10)
    laid_out = rungs({policy.key: policy}, today, today - timedelta(days=30), 7 * 3600)
    assert sorted(row["rung"] for row in laid_out) == [-30, -7, -1, 0, 1, 7, 30]
    for row in laid_out:
        exact = datetime.combine(row["due_from"], time(), timezone.utc) \
            + timedelta(seconds=row["opened_before"])
        end_of_rung_day = datetime.combine(row["due_from"] + timedelta(days=row["rung"] + 1),
                                           time(), HANOI)
        assert row["surely_before"] == exact == end_of_rung_day
