"""Helpers for the scheduler tests, importable by name (`from sched_support import hanoi`):
a module called conftest would be ambiguous among the suite's several conftest.py files."""
import asyncio
import socket
import threading
from datetime import date, datetime, time, timezone
from email import message_from_bytes
from email.policy import default as default_policy

from workflows.engine.calendar import HANOI


def hanoi(day: date, hour: int = 9, minute: int = 0) -> datetime:
    """That time of day in Hanoi, as the UTC moment the app stores."""
    return datetime.combine(day, time(hour, minute), tzinfo=HANOI).astimezone(timezone.utc)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Mailbox:
    """What the SMTP server accepted. `refuse(envelope) -> reply or None` makes it answer
    a message with an error; `hold_at=n` makes it sit on the n-th message until
    `release` is set (it then refuses it: the sender is gone)."""

    def __init__(self):
        self.messages = []
        self.refuse = None
        self.hold_at = None
        self.held = threading.Event()
        self.release = threading.Event()
        self.seen = 0
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self._lock:
            self.seen += 1
            position = self.seen
        if self.hold_at == position:
            self.held.set()
            while not self.release.is_set():
                await asyncio.sleep(0.02)
            return "451 4.3.0 sender went away"
        if self.refuse is not None:
            reply = self.refuse(envelope)
            if reply:
                return reply
        message = message_from_bytes(envelope.content, policy=default_policy)
        with self._lock:
            self.messages.append(message)
        return "250 OK"

    def of_kind(self, *kinds, about=None):
        """Messages of these kinds; `about` ("deadline-12") keeps those about one thing."""
        return [m for m in self.messages if m["X-CCN-Kind"] in kinds
                and (about is None or m["X-CCN-Ref"] == about)]

    def to(self, address, *kinds, about=None):
        return [m for m in self.of_kind(*kinds, about=about) if m["To"] == address]
