"""Who the scheduler writes to: each organization, with the one above it (where an
escalation goes) and a summary of its recipients (models/recipients.py), read in one
statement. The recipients themselves are joined in the database (fanout.py)."""
from functools import cache
from typing import NamedTuple

from sqlalchemy import case, func, select

from models.recipients import CHANNELS, LOCALES, recipients


def locale_of(value: str | None) -> str:
    return value if value in LOCALES else "vi"


class Org(NamedTuple):
    id: int
    kind: str
    parent_id: int | None
    active: bool
    name_vi: str
    name_en: str
    first_user: int | None  # its lowest active user (each is a recipient in the app)
    first_mailed_user: int | None  # its lowest active user with an address
    mails_itself: bool  # its own address is a recipient
    english: bool  # somebody there reads English

    def name(self, locale: str) -> str:
        return self.name_en if locale == "en" and self.name_en else self.name_vi

    def first(self, channels=CHANNELS) -> str | None:
        """Its first recipient on `channels`, as the recipient's part of an idempotency
        key: its lowest user, in the app, else by e-mail; else its own address. None when
        nobody receives what it is sent there."""
        if "in_app" in channels and self.first_user is not None:
            return f"u{self.first_user}:in_app"
        if "email" in channels:
            if self.first_mailed_user is not None:
                return f"u{self.first_mailed_user}:email"
            if self.mails_itself:
                return f"o{self.id}:email"
        return None


@cache
def _organizations():
    # Built once: constructing the recipients union costs more than running this.
    from models import Organization as O

    who = recipients()
    mailed = who.c.channel == "email"
    readers = (select(who.c.org_id,
                      func.min(who.c.user_id).label("first_user"),
                      func.min(case((mailed, who.c.user_id))).label("first_mailed_user"),
                      func.max(case((who.c.user_id.is_(None), 1), else_=0)).label("itself"),
                      func.max(case((who.c.locale == "en", 1), else_=0)).label("english"))
               .group_by(who.c.org_id).subquery())
    return (select(O.id, O.kind, O.parent_id, O.active, O.name_vi, O.name_en,
                   readers.c.first_user, readers.c.first_mailed_user,
                   func.coalesce(readers.c.itself, 0), func.coalesce(readers.c.english, 0))
            .outerjoin(readers, readers.c.org_id == O.id))


# Organizations number in the hundreds (Hanoi's departments, communes and investors):
# reading them whole costs less than an IN list of a thousand ids.
def organizations(session) -> dict[int, Org]:
    return {row[0]: Org(*row[:8], bool(row[8]), bool(row[9]))
            for row in session.execute(_organizations())}


def supervisors(orgs: dict[int, Org]) -> dict[int, int]:
    """Who an escalation goes to: the organization's parent; where it has none, the
    industry department (the focal point); for the department itself, the city
    committee. Organizations with nobody above them are left out."""
    def first_active(kind):
        return min((o.id for o in orgs.values() if o.kind == kind and o.active), default=None)

    department, city = first_active("industry_department"), first_active("city_committee")
    result = {}
    for org in orgs.values():
        chosen = next((c for c in (org.parent_id, department, city)
                       if c is not None and c != org.id), None)
        if chosen is not None:
            result[org.id] = chosen
    return result
