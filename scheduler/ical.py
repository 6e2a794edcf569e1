"""iCalendar (RFC 5545) text for deadline feeds, written by hand: all-day events, escaped
text, lines folded at 75 octets, CRLF endings. No dependency for ~80 lines of format."""
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

PRODID = "-//CCN Ha Noi//Deadlines//VI"


@dataclass(frozen=True)
class Event:
    uid: str
    day: date  # all-day: the due date
    summary: str
    description: str = ""
    sequence: int = 0  # bumped when the date moves, so clients replace their copy
    categories: tuple[str, ...] = ()


def escape(value: str) -> str:
    """TEXT values (RFC 5545 3.3.11): backslash, semicolon, comma and newlines escaped."""
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n"))


def fold(line: str) -> str:
    """Fold a content line to at most 75 octets per physical line (RFC 5545 3.1), never
    splitting a UTF-8 character (Vietnamese text is mostly multi-byte)."""
    pieces, current, size, limit = [], [], 0, 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append("".join(current))
            current, size, limit = [], 0, 74  # continuation lines start with a space
        current.append(char)
        size += width
    pieces.append("".join(current))
    return "\r\n ".join(pieces)


def _date(day: date) -> str:
    return day.strftime("%Y%m%d")


def _stamp(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def calendar(name: str, events, now: datetime) -> str:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", f"X-WR-CALNAME:{escape(name)}",
             "X-WR-TIMEZONE:Asia/Ho_Chi_Minh",
             # How often subscribers should fetch again (Outlook reads X-PUBLISHED-TTL).
             "REFRESH-INTERVAL;VALUE=DURATION:PT1H", "X-PUBLISHED-TTL:PT1H"]
    stamp = _stamp(now)
    for e in events:
        lines += ["BEGIN:VEVENT", f"UID:{e.uid}", f"DTSTAMP:{stamp}",
                  f"DTSTART;VALUE=DATE:{_date(e.day)}",
                  f"DTEND;VALUE=DATE:{_date(e.day + timedelta(days=1))}",
                  f"SEQUENCE:{e.sequence}", f"SUMMARY:{escape(e.summary)}",
                  "TRANSP:TRANSPARENT"]  # a deadline does not make anyone busy
        if e.description:
            lines.append(f"DESCRIPTION:{escape(e.description)}")
        if e.categories:
            lines.append("CATEGORIES:" + ",".join(escape(c) for c in e.categories))
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
