"""Calendar feeds: a secret URL per user and per organization that Outlook or a phone
subscribes to. The URL is shown once when issued; only its hash is stored. Issuing again
replaces it (a leaked URL is revoked that way); revoking stops the feed. Both are audited:
an organization's URL is a credential its members share. What a feed lists is
ical.calendar_of's."""
import hashlib
import secrets
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from models import CalendarFeed
from workflows.engine.audit import write_audit
from workflows.engine.errors import Forbidden
from workflows.permissions import can_issue_feed

SCOPES = ("user", "organization")


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def feeds_of(session, user) -> dict:
    """{"user": CalendarFeed | None, "organization": ...}: what the user's page shows (the
    date each was issued; never a URL, which only the response that issued it holds)."""
    rows = session.scalars(select(CalendarFeed).where(
        (CalendarFeed.user_id == user.id)
        | (CalendarFeed.organization_id == user.organization_id))).all()
    return {scope: next((f for f in rows if f.scope == scope), None) for scope in SCOPES}


def issue(session, user, scope: str, now: datetime) -> str:
    """A new secret for the user's own feed or the user's organization's; returns it."""
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
    _check(user, scope)
    feed = session.scalar(select(CalendarFeed).filter_by(**_owner(user, scope)))
    if feed is None:
        return False
    _audit(session, feed, "revoke", user, now)
    session.delete(feed)
    session.flush()
    return True


def _check(user, scope: str) -> None:
    if not can_issue_feed(user, scope):
        raise Forbidden(_("Chỉ lãnh đạo đơn vị cấp được địa chỉ lịch của đơn vị."))


def _owner(user, scope: str) -> dict:
    if scope == "user":
        return {"user_id": user.id}
    return {"organization_id": user.organization_id}


def _audit(session, feed, trigger: str, actor, now: datetime) -> None:
    # The feed's created_by is overwritten by the next issue and gone with a revoke, so the
    # audit row records the owner itself.
    write_audit(session, entity=feed, workflow="calendar_feed", trigger=trigger, actor=actor,
                now=now, data={"scope": feed.scope, "user_id": feed.user_id,
                               "organization_id": feed.organization_id})


def find(session, secret: str):
    """The feed behind a secret, or None (also for a deactivated user or organization)."""
    feed = session.scalar(select(CalendarFeed)
                          .where(CalendarFeed.secret_hash == secret_hash(secret)))
    if feed is None:
        return None
    owner = feed.user if feed.user_id else feed.organization
    return feed if owner is not None and owner.active else None
