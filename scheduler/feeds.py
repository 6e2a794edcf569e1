"""Calendar feeds: a secret URL per user and per organization that Outlook or a phone
subscribes to. The URL is shown once when issued; only its hash is stored, and issuing
again replaces it (which is how a leaked URL is revoked)."""
import hashlib
import secrets
from collections import defaultdict
from datetime import datetime, timedelta

from sqlalchemy import select

from workflows.calendar import local_date
from workflows.errors import Forbidden

from .ical import Event, calendar
from .messages import ddmmyyyy

SCOPES = ("user", "organization")
ORG_FEED_ROLES = ("admin", "manager", "investor")  # who may (re)issue the organization's
PAST_DAYS = 365  # open deadlines overdue longer than this are left out of the feed
MAX_EVENTS = 5000


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def issue(session, user, scope: str, now: datetime) -> str:
    """A new secret for the user's own feed or the user's organization's; returns it."""
    from models import CalendarFeed

    if scope == "organization" and user.role not in ORG_FEED_ROLES:
        raise Forbidden("Chỉ lãnh đạo đơn vị cấp được lịch của đơn vị / only an "
                        "organization's managers issue its calendar")
    owner = ({"user_id": user.id} if scope == "user"
             else {"organization_id": user.organization_id})
    feed = session.scalar(select(CalendarFeed).filter_by(**owner))
    if feed is None:
        feed = CalendarFeed(**owner)
        session.add(feed)
    secret = secrets.token_urlsafe(32)
    feed.secret_hash, feed.created_at, feed.created_by_id = secret_hash(secret), now, user.id
    session.flush()
    return secret


def find(session, secret: str):
    """The feed behind a secret, or None (also for a deactivated user or organization)."""
    from models import CalendarFeed

    feed = session.scalar(select(CalendarFeed)
                          .where(CalendarFeed.secret_hash == secret_hash(secret)))
    if feed is None:
        return None
    owner = feed.user if feed.user_id else feed.organization
    return feed if owner is not None and owner.active else None


def render(session, query, name: str, locale: str, now: datetime, with_holder: bool) -> str:
    """The .ics text for the open deadlines `query` selects (the caller scopes it)."""
    from models import Deadline, DeadlineChange

    today = local_date(now)
    deadlines = session.scalars(
        query.where(Deadline.closed_at.is_(None),
                    Deadline.due_date >= today - timedelta(days=PAST_DAYS))
        .order_by(Deadline.due_date, Deadline.id).limit(MAX_EVENTS)).all()
    changes = defaultdict(list)
    if deadlines:
        for change in session.scalars(
                select(DeadlineChange)
                .where(DeadlineChange.deadline_id.in_([d.id for d in deadlines]))
                .order_by(DeadlineChange.id)):
            changes[change.deadline_id].append(change)
    return calendar(name, [_event(d, changes[d.id], locale, with_holder) for d in deadlines],
                    now)


def _event(deadline, moves, locale: str, with_holder: bool) -> Event:
    en = locale == "en"
    title = deadline.title_en if en else deadline.title_vi
    holder = (deadline.holder.name_en or deadline.holder.name_vi) if en \
        else deadline.holder.name_vi
    lines = [f"{'Held by' if en else 'Đơn vị thực hiện'}: {holder}",
             f"{'Due' if en else 'Hạn chót'}: {ddmmyyyy(deadline.due_date)}"]
    for move in moves:
        lines.append(f"{'Extended' if en else 'Gia hạn'}: {ddmmyyyy(move.previous_due_date)}"
                     f" → {ddmmyyyy(move.new_due_date)}")
    lines.append(f"{deadline.entity_type} #{deadline.entity_id} ({deadline.policy_key})")
    return Event(uid=f"deadline-{deadline.id}@ccn-hanoi",
                 day=deadline.due_date,
                 summary=f"{title} - {holder}" if with_holder else title,
                 description="\n".join(lines), sequence=len(moves),
                 categories=(deadline.policy_key,))
