"""Who the digest writes to: each organization and whether anybody there receives it
(models/recipients.py), read in one statement. The recipients themselves are joined in the
database (fanout.py)."""
from functools import cache
from typing import NamedTuple

from sqlalchemy import case, func, select

from models import Organization as O
from models.recipients import CHANNELS, recipients


class Org(NamedTuple):
    id: int
    name_vi: str
    name_en: str
    in_app: bool  # it has an active user (each is a recipient in the app)
    mailed: bool  # somebody there receives e-mail: a user with an address, or its own
    english: bool  # somebody there reads English

    def name(self, locale: str) -> str:
        return self.name_en if locale == "en" and self.name_en else self.name_vi

    def reaches(self, channels=CHANNELS) -> bool:
        """Whether anybody receives what it is sent on `channels`."""
        return ("in_app" in channels and self.in_app) or ("email" in channels and self.mailed)


@cache
def _organizations():
    # Built once: constructing the recipients union costs more than running this.
    who = recipients()

    def any_of(condition):
        return func.max(case((condition, 1), else_=0))

    readers = (select(who.c.org_id, any_of(who.c.channel == "in_app").label("in_app"),
                      any_of(who.c.channel == "email").label("mailed"),
                      any_of(who.c.locale == "en").label("english"))
               .group_by(who.c.org_id).subquery())
    return (select(O.id, O.name_vi, O.name_en,
                   func.coalesce(readers.c.in_app, 0), func.coalesce(readers.c.mailed, 0),
                   func.coalesce(readers.c.english, 0))
            .outerjoin(readers, readers.c.org_id == O.id))


# Organizations number in the hundreds (Hanoi's departments, communes and investors):
# reading them whole costs less than an IN list of a thousand ids.
def organizations(session) -> dict[int, Org]:
    return {row[0]: Org(*row[:3], *map(bool, row[3:]))
            for row in session.execute(_organizations())}
