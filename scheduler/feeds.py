"""Calendar feeds: a secret URL per user and per organization that Outlook or a phone
subscribes to. The URL is shown once when issued; only its hash is stored. Issuing again
replaces it (a leaked URL is revoked that way); revoking stops the feed. Both are audited:
an organization's URL is a credential its members share."""
import hashlib
import secrets
from collections import defaultdict
from datetime import datetime, timedelta

from sqlalchemy import select

from workflows.engine.calendar import local_date
from workflows.engine.fire import write_audit
from workflows.engine.errors import Forbidden

from .ical import Event, calendar
from .messages import ddmmyyyy

SCOPES = ("user", "organization")
ORG_FEED_ROLES = ("admin", "manager", "investor")  # who may (re)issue the organization's
PAST_DAYS = 365  # open deadlines overdue longer than this are left out of the feed
MAX_EVENTS = 5000


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def can_issue(user, scope: str) -> bool:
    """Who may issue or revoke the feed: anyone their own, an organization's managers its
    own. The page's buttons and the operations ask the same question."""
    return scope == "user" or (scope == "organization" and user.role in ORG_FEED_ROLES)


def feeds_of(session, user) -> dict:
    """{"user": CalendarFeed | None, "organization": ...}: what the user's page shows (the
    date each was issued; never a URL, which only the response that issued it holds)."""
    from models import CalendarFeed

    rows = session.scalars(select(CalendarFeed).where(
        (CalendarFeed.user_id == user.id)
        | (CalendarFeed.organization_id == user.organization_id))).all()
    return {scope: next((f for f in rows if f.scope == scope), None) for scope in SCOPES}


def issue(session, user, scope: str, now: datetime) -> str:
    """A new secret for the user's own feed or the user's organization's; returns it."""
    from models import CalendarFeed

    _check(user, scope)
    owner = _owner(user, scope)
    feed = session.scalar(select(CalendarFeed).filter_by(**owner))
    if feed is None:
        feed = CalendarFeed(**owner)
        session.add(feed)
    secret = secrets.token_urlsafe(32)
    feed.secret_hash, feed.created_at, feed.created_by_id = secret_hash(secret), now, user.id
    session.flush()
    _audit(session, feed, "issue", user, now)
    return secret


def revoke(session, user, scope: str, now: datetime) -> bool:
    """Stop the feed: its URL answers 404 from now on. False when there was none."""
    from models import CalendarFeed

    _check(user, scope)
    feed = session.scalar(select(CalendarFeed).filter_by(**_owner(user, scope)))
    if feed is None:
        return False
    _audit(session, feed, "revoke", user, now)
    session.delete(feed)
    session.flush()
    return True


def _check(user, scope: str) -> None:
    if not can_issue(user, scope):
        raise Forbidden("Chỉ lãnh đạo đơn vị cấp được lịch của đơn vị / only an "
                        "organization's managers issue its calendar")


def _owner(user, scope: str) -> dict:
    if scope == "user":
        return {"user_id": user.id}
    return {"organization_id": user.organization_id}


class _FeedRef:
    """What write_audit needs to name a feed. The row's created_by is overwritten by the
    next issue and gone with a revoke, so the audit row records the owner itself."""

    entity_type = "calendar_feed"

    def __init__(self, feed):
        self.id = feed.id


def _audit(session, feed, trigger: str, actor, now: datetime) -> None:
    write_audit(session, _FeedRef(feed), "calendar_feed", trigger, "", "", actor, "",
                {"scope": feed.scope, "user_id": feed.user_id,
                 "organization_id": feed.organization_id}, now)


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
