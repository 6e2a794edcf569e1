"""The daily digest: one e-mail per organization (to each of its users with an address, and
to its own address) listing its overdue deadlines and those due in the next days.

It is claimed by a NotificationClaim keyed (day, organization) and fanned out to the
recipients (fanout.py), so the job may run every few minutes: the first run after the
digest hour claims the day's digests; later runs (and a restarted scheduler) render and
insert only those still owed, such as an organization's that got something due later that
day. Organizations with nothing due get no mail."""
from collections import defaultdict
from datetime import datetime, timedelta

from sqlalchemy import select

from models import Deadline
from workflows.engine.calendar import HANOI
from workflows.operations.deadline_clusters import with_cluster
from workflows.operations.notice_texts import ddmmyyyy, render

from .audience import organizations
from .fanout import claim_messages, fan_out

DIGEST_HOUR = 7  # local time in Hanoi: before the working day starts
HORIZON_DAYS = 7
MAX_ITEMS = 50  # per section; the subject carries the full counts
EMAIL = ("email",)


def claim_digests(session, now: datetime, hour: int = DIGEST_HOUR,
                  horizon: int = HORIZON_DAYS) -> int:
    local = now.astimezone(HANOI)
    if local.hour < hour:
        return 0
    today = local.date()
    orgs = organizations(session)
    day = f"digest:{today:%Y%m%d}"
    listed = (Deadline.closed_at.is_(None),
              Deadline.due_date <= today + timedelta(days=horizon))
    # Claimed for the organizations with something to list and somebody to mail; written
    # only for those claimed now: later runs that day write nothing more.
    wanted = {f"{day}:{org_id}": org_id for org_id in session.scalars(
        select(Deadline.holder_org_id).where(*listed).distinct())
        if org_id in orgs and orgs[org_id].reaches(EMAIL)}
    claimed = claim_messages(session, wanted, now)
    if not claimed:
        return 0
    by_org = defaultdict(lambda: {"overdue": [], "upcoming": []})
    for d in session.execute(with_cluster(
            select(Deadline.holder_org_id, Deadline.due_date, Deadline.title_vi,
                   Deadline.title_en)
            .where(*listed, Deadline.holder_org_id.in_([wanted[key] for key in claimed]))
            .order_by(Deadline.due_date, Deadline.id))):
        item = {"title_vi": d.title_vi, "title_en": d.title_en,
                "cluster": f"{d.cluster_code} — {d.cluster_name}" if d.cluster_code else None,
                "due": ddmmyyyy(d.due_date), "days_left": (d.due_date - today).days,
                "days_late": (today - d.due_date).days}
        by_org[d.holder_org_id]["overdue" if d.due_date < today else "upcoming"].append(item)
    messages = []
    for key in claimed:
        org, items = orgs[wanted[key]], by_org[wanted[key]]
        texts = {locale: render(
            "digest", locale, org=org.name(locale), day=ddmmyyyy(today), horizon=horizon,
            overdue=items["overdue"][:MAX_ITEMS], overdue_total=len(items["overdue"]),
            upcoming=items["upcoming"][:MAX_ITEMS], upcoming_total=len(items["upcoming"]))
            for locale in (("vi", "en") if org.english else ("vi",))}  # English where read
        subject_en, body_en = texts.get("en", (None, None))
        messages.append({"key": key, "org_id": org.id, "kind": "deadline_digest",
                         "entity_type": "organization", "entity_id": org.id,
                         "subject_vi": texts["vi"][0], "body_vi": texts["vi"][1],
                         "subject_en": subject_en, "body_en": body_en})
    return fan_out(session, messages, now, channels=EMAIL)
