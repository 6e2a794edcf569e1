"""The iCalendar (RFC 5545) feed of deadlines, written by the icalendar library: all-day
events whose SEQUENCE counts the moves, so a client replaces its copy of a moved one."""
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from icalendar import Calendar, Event as VEvent, vDuration, vText

PRODID = "-//CCN Ha Noi//Deadlines//VI"
REFRESH = timedelta(hours=1)  # how often subscribers should fetch the feed again


@dataclass(frozen=True)
class Event:
    uid: str
    day: date  # all-day: the due date
    summary: str
    description: str = ""
    sequence: int = 0  # bumped when the date moves, so clients replace their copy
    categories: tuple[str, ...] = ()


def calendar(name: str, events, now: datetime) -> str:
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
    return feed.to_ical().decode()
