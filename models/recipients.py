"""Who receives what an organization is sent, as one SQL selectable: each active user in
the app, each active user with an address by e-mail, and the organization's own address by
e-mail where no user of it already has that address.

One definition for every sender: a workflow's notice, a deadline's reminder and the daily
digest fan out from it inside the database (INSERT ... SELECT), so telling a thousand
organizations costs one statement, not a Python loop over their users. Each row carries
the recipient's part of an idempotency key ("u12:email", "o3:email") and language."""
from sqlalchemy import (Integer, String, and_, case, cast, exists, func, literal, null, select,
                        union_all)

from .organizations import Organization, User

CHANNELS = ("in_app", "email")
LOCALES = ("vi", "en")  # what a user may choose; anything else reads Vietnamese


def _has_address(column):
    return and_(column.is_not(None), func.trim(column) != "")


def _tag(prefix: str, id_column, channel: str):
    return literal(prefix) + cast(id_column, String) + literal(f":{channel}")


def recipients(channels=CHANNELS):
    """A subquery of (org_id, user_id, recipient_org_id, channel, locale, tag): org_id is
    the organization told; a user recipient has user_id, an organization's own address
    (written in Vietnamese) recipient_org_id, as the outbox's columns say."""
    locale = case((User.locale == "en", "en"), else_="vi")
    parts = []
    for channel in channels:
        only = [User.active.is_(True)]
        if channel == "email":
            only.append(_has_address(User.email))
        parts.append(select(User.organization_id.label("org_id"), User.id.label("user_id"),
                            cast(null(), Integer).label("recipient_org_id"),
                            literal(channel).label("channel"), locale.label("locale"),
                            _tag("u", User.id, channel).label("tag")).where(*only))
    if "email" in channels:
        same_address = exists().where(
            User.organization_id == Organization.id, User.active.is_(True),
            func.lower(func.trim(User.email)) == func.lower(func.trim(Organization.email)))
        parts.append(select(Organization.id, cast(null(), Integer), Organization.id,
                            literal("email"),
                            literal("vi"),
                            _tag("o", Organization.id, "email"))
                     .where(Organization.active.is_(True), _has_address(Organization.email),
                            ~same_address))
    return union_all(*parts).subquery("recipients")
