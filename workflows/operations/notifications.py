"""A user's in-app notifications (the outbox's in-app rows), newest first, and marking them
read. The rows are the outbox's own, so an in-app notice exists exactly when the change
that caused it was committed."""
from datetime import datetime

from sqlalchemy import func, select, update

from models import Notification
from workflows.operations.notice_texts import locale_of, texts as reminder_texts


def _mine(user):
    return (Notification.channel == "in_app", Notification.recipient_user_id == user.id,
            Notification.status != "failed")


def notifications_of(session, user, *, unread_only: bool, page: int, per_page: int):
    """(rows, total, unread count) for one page of the user's in-app notifications."""
    query = select(Notification).where(*_mine(user))
    if unread_only:
        query = query.where(Notification.read_at.is_(None))
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    rows = session.scalars(query.order_by(Notification.created_at.desc(),
                                          Notification.id.desc())
                           .limit(per_page).offset((page - 1) * per_page)).all()
    return rows, total, unread_count(session, user)


def texts(session, user, rows) -> dict[int, tuple[str, str]]:
    """{id: (subject, body)} of the user's notifications, in the user's language: a
    deadline's reminder is written as it is read (scheduler/reminders.py), any other notice
    was written with its row."""
    written = reminder_texts(session, rows, lambda row: locale_of(user.locale))
    return {row.id: written.get(row.id, (row.subject, row.body)) for row in rows}


def unread_count(session, user) -> int:
    """How many of the user's notices are unread (the API's count): one COUNT that the
    index on (recipient_user_id, read_at) answers from the user's unread rows alone."""
    return session.scalar(select(func.count()).select_from(Notification)
                          .where(*_mine(user), Notification.read_at.is_(None)))


BADGE_CAP = 100  # the badge reads "99+" from here on


def unread_badge(session, user) -> int:
    """The navigation's badge on every page: the unread count up to BADGE_CAP. It stops
    counting there, so a reader with thousands of unread notices does not make every page
    they open count them all."""
    unread = select(Notification.id).where(*_mine(user), Notification.read_at.is_(None))
    return session.scalar(select(func.count()).select_from(unread.limit(BADGE_CAP).subquery()))


def mark_read(session, user, notification_id: int, now: datetime):
    """The notification, now read; None when it is not this user's (the route's 404)."""
    row = session.scalar(select(Notification).where(Notification.id == notification_id,
                                                    *_mine(user)))
    if row is not None and row.read_at is None:
        row.read_at = now
    return row


def mark_all_read(session, user, now: datetime) -> int:
    return session.execute(update(Notification).where(*_mine(user),
                                                      Notification.read_at.is_(None))
                           .values(read_at=now)).rowcount
