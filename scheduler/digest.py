"""The daily digest: one e-mail per organization (to each of its users with an address, and
to its own address) listing its overdue deadlines and those due in the next days.

It is claimed like a reminder (fanout.py), by outbox rows keyed (day, organization,
recipient), so the job may run every few minutes: the first run after the digest hour
claims the day's digests; later runs (and a restarted scheduler) render and insert only
what is still owed. Organizations with nothing due get no mail."""
from collections import defaultdict
from datetime import datetime, timedelta

from sqlalchemy import select

from workflows.engine.calendar import HANOI

from .audience import organizations
from .fanout import fan_out, key_order, taken
from .messages import ddmmyyyy, render

DIGEST_HOUR = 7  # local time in Hanoi: before the working day starts
HORIZON_DAYS = 7
MAX_ITEMS = 50  # per section; the subject carries the full counts
EMAIL = ("email",)


def claim_digests(session, now: datetime, hour: int = DIGEST_HOUR,
                  horizon: int = HORIZON_DAYS) -> int:
    from models import Deadline

    local = now.astimezone(HANOI)
    if local.hour < hour:
        return 0
    today = local.date()
    orgs = organizations(session)
    day = f"digest:{today:%Y%m%d}"
    # The organizations whose digest is still owed today: those whose first e-mail
    # recipient has none (the fan-out writes every recipient's row at once).
    firsts = {f"{day}:{org.id}:{first}": org.id for org in orgs.values()
              if (first := org.first(EMAIL)) is not None}
    sent = taken(session, list(firsts))
    owed = {org_id for key, org_id in firsts.items() if key not in sent}
    if not owed:
        return 0
    deadlines = session.execute(
        select(Deadline.holder_org_id, Deadline.due_date, Deadline.title_vi, Deadline.title_en,
               Deadline.entity_id)
        .where(Deadline.closed_at.is_(None), Deadline.due_date <= today + timedelta(days=horizon))
        .order_by(Deadline.due_date, Deadline.id))
    by_org = defaultdict(lambda: {"overdue": [], "upcoming": []})
    for d in deadlines:
        if d.holder_org_id not in owed:
            continue
        item = {"title_vi": d.title_vi, "title_en": d.title_en, "entity_id": d.entity_id,
                "due": ddmmyyyy(d.due_date), "days_left": (d.due_date - today).days,
                "days_late": (today - d.due_date).days}
        by_org[d.holder_org_id]["overdue" if d.due_date < today else "upcoming"].append(item)
    messages = []
    for org_id, items in by_org.items():
        org = orgs[org_id]
        texts = {locale: render(
            "digest", locale, org=org.name(locale), day=ddmmyyyy(today), horizon=horizon,
            overdue=items["overdue"][:MAX_ITEMS], overdue_total=len(items["overdue"]),
            upcoming=items["upcoming"][:MAX_ITEMS], upcoming_total=len(items["upcoming"]))
            for locale in (("vi", "en") if org.english else ("vi",))}  # English where read
        subject_en, body_en = texts.get("en", (None, None))
        messages.append({"key": f"{day}:{org_id}", "org_id": org_id, "kind": "deadline_digest",
                         "entity_type": "organization", "entity_id": org_id,
                         "subject_vi": texts["vi"][0], "body_vi": texts["vi"][1],
                         "subject_en": subject_en, "body_en": body_en})
    messages.sort(key=lambda message: key_order(message["key"]))
    return fan_out(session, messages, now, channels=EMAIL)
