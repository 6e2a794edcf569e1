"""The daily digest: one e-mail per organization (to each of its users with an address, and
to its own address) listing its overdue deadlines and those due in the next days.

It is claimed like a reminder, by an outbox row keyed (day, organization, recipient), so
the job may run every few minutes: the first run after the digest hour claims the day's
digests, later runs (and a restarted scheduler) insert nothing. Organizations with nothing
due get no mail."""
from collections import defaultdict
from datetime import datetime, timedelta

from sqlalchemy import select

from workflows.calendar import HANOI

from .messages import ddmmyyyy, render
from .outbox import count_inserted_ignoring_duplicates, organizations, recipients_by_org

DIGEST_HOUR = 7  # local time in Hanoi: before the working day starts
HORIZON_DAYS = 7
MAX_ITEMS = 50  # per section; the subject carries the full counts


def claim_digests(session, now: datetime, hour: int = DIGEST_HOUR,
                  horizon: int = HORIZON_DAYS) -> int:
    from models import Deadline, Notification

    local = now.astimezone(HANOI)
    if local.hour < hour:
        return 0
    today = local.date()
    deadlines = session.execute(
        select(Deadline.holder_org_id, Deadline.due_date, Deadline.title_vi, Deadline.title_en,
               Deadline.entity_id)
        .where(Deadline.closed_at.is_(None), Deadline.due_date <= today + timedelta(days=horizon))
        .order_by(Deadline.due_date, Deadline.id))
    by_org = defaultdict(lambda: {"overdue": [], "upcoming": []})
    for d in deadlines:
        item = {"title_vi": d.title_vi, "title_en": d.title_en, "entity_id": d.entity_id,
                "due": ddmmyyyy(d.due_date), "days_left": (d.due_date - today).days,
                "days_late": (today - d.due_date).days}
        by_org[d.holder_org_id]["overdue" if d.due_date < today else "upcoming"].append(item)
    if not by_org:
        return 0
    names = organizations(session, by_org)
    audience = recipients_by_org(session, by_org, channels=("email",))
    rows = []
    for org_id, items in by_org.items():
        texts = {}
        for recipient in audience.get(org_id, ()):
            if recipient.locale not in texts:
                texts[recipient.locale] = render(
                    "digest", recipient.locale, org=names[org_id].name(recipient.locale),
                    day=ddmmyyyy(today), horizon=horizon,
                    overdue=items["overdue"][:MAX_ITEMS], overdue_total=len(items["overdue"]),
                    upcoming=items["upcoming"][:MAX_ITEMS],
                    upcoming_total=len(items["upcoming"]))
            subject, body = texts[recipient.locale]
            rows.append({
                "idempotency_key": f"digest:{today:%Y%m%d}:{org_id}:{recipient.tag}",
                "channel": "email",
                "recipient_org_id": org_id if recipient.user_id is None else None,
                "recipient_user_id": recipient.user_id, "kind": "deadline_digest",
                "entity_type": "organization", "entity_id": org_id,
                "subject": subject, "body": body, "status": "pending", "attempts": 0,
                "next_attempt_at": now, "created_at": now,
            })
    return count_inserted_ignoring_duplicates(session, Notification.__table__, rows,
                                              "idempotency_key")
