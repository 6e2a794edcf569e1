"""What a calendar feed lists, as iCalendar (RFC 5545) written by the icalendar library:
all-day events of open deadlines whose SEQUENCE counts the moves, so a client replaces its
copy of a moved one. A user's feed holds what the user may see, in the user's language; an
organization's, what it holds, in Vietnamese."""
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import force_locale, gettext as _
from icalendar import Calendar, Event as VEvent, vDuration, vText
from sqlalchemy import select

from models import Deadline, DeadlineChange
from workflows.engine.calendar import local_date
from workflows.operations.notice_texts import ddmmyyyy
from workflows.permissions import deadline_scope

PRODID = "-//CCN Ha Noi//Deadlines//VI"
REFRESH = timedelta(hours=1)  # how often subscribers should fetch the feed again
PAST_DAYS = 365  # open deadlines overdue longer than this are left out of the feed
MAX_EVENTS = 5000


@dataclass(frozen=True)
class Event:
    uid: str
    day: date  # all-day: the due date
    summary: str
    description: str = ""
    sequence: int = 0  # bumped when the date moves, so clients replace their copy
    categories: tuple[str, ...] = ()


def calendar_of(session, feed, now: datetime) -> bytes:
    """The .ics body of a feed (found by its secret: feeds.find)."""
    if feed.user_id:
        user = feed.user
        query = deadline_scope(select(Deadline), user)  # what the user may see, as in the API
        name, locale, with_holder = f"CCN - {user.full_name or user.username}", user.locale, True
    else:
        org = feed.organization
        query = select(Deadline).where(Deadline.holder_org_id == org.id)
        name, locale, with_holder = f"CCN - {org.name_vi}", "vi", False
    return _ical(name, _events(session, query, locale, now, with_holder), now).to_ical()


def calendar(name: str, events, now: datetime) -> str:
    """The .ics text of the given events under a calendar name."""
    return _ical(name, events, now).to_ical().decode()


def _ical(name: str, events, now: datetime) -> Calendar:
    feed = Calendar()
    feed.add("version", "2.0")
    feed.add("prodid", PRODID)
    feed.add("calscale", "GREGORIAN")
    feed.add("method", "PUBLISH")
    feed.add("x-wr-calname", vText(name))
    feed.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
    feed.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    feed.add("x-published-ttl", vDuration(REFRESH))  # what Outlook reads
    for e in events:
        event = VEvent()
        event.add("uid", e.uid)
        event.add("dtstamp", now)
        event.add("dtstart", e.day)
        event.add("dtend", e.day + timedelta(days=1))
        event.add("sequence", e.sequence)
        event.add("summary", e.summary)
        event.add("transp", "TRANSPARENT")  # a deadline does not make anyone busy
        if e.description:
            event.add("description", e.description)
        if e.categories:
            event.add("categories", list(e.categories))
        feed.add_component(event)
    return feed


def _events(session, query, locale: str, now: datetime, with_holder: bool) -> list[Event]:
    """The open deadlines `query` selects, recent or to come, each with its moves."""
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
    with force_locale(locale):  # the feed's language, not a request's
        return [_event(d, changes[d.id], locale, with_holder) for d in deadlines]


def _event(deadline, moves, locale: str, with_holder: bool) -> Event:
    en = locale == "en"
    title = deadline.title_en if en else deadline.title_vi
    holder = (deadline.holder.name_en or deadline.holder.name_vi) if en \
        else deadline.holder.name_vi
    lines = [_("Đơn vị thực hiện: %(holder)s", holder=holder),
             _("Hạn chót: %(day)s", day=ddmmyyyy(deadline.due_date))]
    for move in moves:
        lines.append(_("Gia hạn: %(before)s → %(after)s", before=ddmmyyyy(move.previous_due_date),
                       after=ddmmyyyy(move.new_due_date)))
    lines.append(f"{deadline.entity_type} #{deadline.entity_id} ({deadline.policy_key})")
    return Event(uid=f"deadline-{deadline.id}@ccn-hanoi",
                 day=deadline.due_date,
                 summary=f"{title} - {holder}" if with_holder else title,
                 description="\n".join(lines), sequence=len(moves),
                 categories=(deadline.policy_key,))
