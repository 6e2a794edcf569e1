"""Heartbeats: each scheduler node writes its own row every ~15 s; the status endpoint and
page read the leader's last beat to tell whether reminders are going out."""
import os
import secrets
import socket
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, select, update

from models import Notification, SchedulerHeartbeat
from models.base import aware, utcnow

STALE_AFTER = timedelta(seconds=60)  # four missed beats: the leader is presumed dead


@dataclass(frozen=True)
class Node:
    hostname: str = field(default_factory=socket.gethostname)
    pid: int = field(default_factory=os.getpid)
    suffix: str = field(default_factory=lambda: secrets.token_hex(3))

    @property
    def id(self) -> str:
        return f"{self.hostname}:{self.pid}:{self.suffix}"[:120]


def beat(session, node: Node, is_leader: bool, now: datetime) -> None:
    row = session.get(SchedulerHeartbeat, node.id)
    if row is None:
        row = SchedulerHeartbeat(node_id=node.id, hostname=node.hostname, pid=node.pid,
                                 started_at=now)
        session.add(row)
    row.is_leader, row.last_beat = is_leader, now
    if is_leader:  # a dead leader's row would otherwise still claim the lead
        session.execute(update(SchedulerHeartbeat)
                        .where(SchedulerHeartbeat.node_id != node.id,
                               SchedulerHeartbeat.is_leader.is_(True))
                        .values(is_leader=False))


def status(session, now: datetime | None = None) -> dict:
    now = now or utcnow()
    nodes = session.scalars(select(SchedulerHeartbeat)
                            .order_by(SchedulerHeartbeat.last_beat.desc())).all()

    def node_json(row):
        last = aware(row.last_beat)
        return {"node_id": row.node_id, "hostname": row.hostname, "pid": row.pid,
                "is_leader": row.is_leader, "started_at": aware(row.started_at).isoformat(),
                "last_beat": last.isoformat(),
                "age_seconds": round((now - last).total_seconds(), 1),
                "stale": now - last > STALE_AFTER}

    leader = next((node_json(n) for n in nodes if n.is_leader), None)

    def count(state):
        return session.scalar(select(func.count()).select_from(Notification)
                              .where(Notification.status == state))

    oldest = session.scalar(select(func.min(Notification.next_attempt_at))
                            .where(Notification.status == "pending"))
    return {
        "leader": leader,
        "healthy": leader is not None and not leader["stale"],
        "nodes": [node_json(n) for n in nodes],
        "outbox": {"pending": count("pending"), "failed": count("failed"),
                   "oldest_pending_due": aware(oldest).isoformat() if oldest else None},
    }
