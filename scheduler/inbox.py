"""The in-app side of the outbox: a user's notifications, newest first, and marking them
read. Rows are the outbox's own, so an in-app notice exists exactly when its change was
committed."""
from datetime import datetime
from functools import cache

from sqlalchemy import bindparam, func, select, update

from models.base import aware


def _mine(user):
    from models import Notification

    return (Notification.channel == "in_app", Notification.recipient_user_id == user.id,
            Notification.status != "failed")


def notifications_of(session, user, *, unread_only: bool, page: int, per_page: int):
    """(rows, total, unread count) for one page of the user's in-app notifications."""
    from models import Notification

    mine = _mine(user)
    query = select(Notification).where(*mine)
    if unread_only:
        query = query.where(Notification.read_at.is_(None))
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    unread = unread_count(session, user)
    rows = session.scalars(query.order_by(Notification.created_at.desc(),
                                          Notification.id.desc())
                           .limit(per_page).offset((page - 1) * per_page)).all()
    return rows, total, unread


def unread_count(session, user) -> int:
    return session.connection().execute(unread_statement(), {"user_id": user.id}).scalar()


@cache
def unread_statement():
    """The badge every page shows: one COUNT that the index on (recipient_user_id,
    read_at) answers from the user's unread rows alone. Built once (with :user_id):
    building it on every page cost several times the COUNT itself."""
    from models import Notification

    n = Notification.__table__.c
    return (select(func.count()).select_from(Notification.__table__)
            .where(n.channel == "in_app", n.recipient_user_id == bindparam("user_id"),
                   n.status != "failed", n.read_at.is_(None)))


def mark_read(session, user, notification_id: int, now: datetime):
    """The notification, now read; None when it is not this user's (the route's 404)."""
    from models import Notification

    row = session.scalar(select(Notification).where(Notification.id == notification_id,
                                                    *_mine(user)))
    if row is not None and row.read_at is None:
        row.read_at = now
    return row


def mark_all_read(session, user, now: datetime) -> int:
    from models import Notification

    return session.execute(update(Notification).where(*_mine(user),
                                                      Notification.read_at.is_(None))
                           .values(read_at=now)).rowcount


def notification_json(row) -> dict:
    return {"id": row.id, "kind": row.kind, "subject": row.subject, "body": row.body,
            "entity_type": row.entity_type, "entity_id": row.entity_id,
            "created_at": aware(row.created_at).isoformat(), "read": row.read_at is not None,
            "read_at": aware(row.read_at).isoformat() if row.read_at else None}
