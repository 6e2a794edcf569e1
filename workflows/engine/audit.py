"""The one writer of the audit log. Every change that matters, a transition or an edit of a
record, an organization, a policy or a feed, a login, a download, leaves its row here.

The log proves itself: each entity's rows form a hash chain. A row holds its place in its
entity's chain (`seq`), the previous row's hash and the SHA-256 of its own content chained to
that hash, filled in as the row is inserted. An edited row no longer matches its hash; a
deleted one leaves a gap the next row names (`flask audit verify`).

Per-entity chains, not one global chain: a global chain's every writer must read and extend
the same head, so concurrent requests on PostgreSQL would either serialize on that one row
or, without a lock, both link to the same predecessor and fork it. Writers on one entity
already queue on its row lock (`fire`), so a chain per entity adds no waiting between
unrelated work; a transaction-scoped advisory lock per chain orders the writers of one chain
that take no row lock (logins), and a unique (entity, seq) index makes a fork impossible
even so."""
import hashlib
import json
from collections import namedtuple
from datetime import datetime, timezone
from functools import cache

from sqlalchemy import bindparam, event, select, text
from sqlalchemy.orm import object_session

from models import AuditEntry, utcnow

# What an audit row may be about when there is no row to point at (a login attempt for a
# username that does not exist).
Subject = namedtuple("Subject", "entity_type id")


def audit_value(value):
    """A JSON-safe copy of a column value for an audit row's before/after pair."""
    if value is None or isinstance(value, (int, str)):
        return value
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def write_audit(session, *, entity, workflow: str, trigger: str, actor, now: datetime,
                from_state: str = "", to_state: str = "", comment: str = "",
                data: dict | None = None) -> AuditEntry:
    """Add the row for `entity` (anything with `entity_type` and a flushed `id`); the caller's
    transaction commits it with the change it records."""
    entry = AuditEntry(entity_type=entity.entity_type, entity_id=entity.id, workflow=workflow,
                       trigger=trigger, from_state=from_state, to_state=to_state,
                       actor_id=actor.id if actor is not None else None, comment=comment,
                       data=data if data is not None else {}, created_at=now)
    session.add(entry)
    return entry


def row_hash(entry, prev_hash: str) -> str:
    """The SHA-256 of the row's content, chained to the previous row's hash."""
    created = entry.created_at
    if created.tzinfo is None:
        created = created.replace(tzinfo=timezone.utc)
    content = [entry.entity_type, entry.entity_id, entry.seq, entry.workflow, entry.trigger,
               entry.from_state or "", entry.to_state or "", entry.actor_id,
               entry.comment or "", entry.data if entry.data is not None else {},
               created.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")]
    payload = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                         default=str)
    return hashlib.sha256((prev_hash + payload).encode()).hexdigest()


def _chain_heads(session) -> dict:
    """(entity_type, entity_id) -> (seq, hash) of the chain heads this transaction wrote."""
    tx = session.get_transaction()
    cached = session.info.get("audit_heads")
    if cached is None or cached[0] is not tx:
        cached = session.info["audit_heads"] = (tx, {})
    return cached[1]


def _lock_key(key) -> int:
    digest = hashlib.sha256(f"audit:{key[0]}:{key[1]}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


@event.listens_for(AuditEntry, "before_insert")
def _link(mapper, connection, entry):
    if entry.created_at is None:
        entry.created_at = utcnow()
    key = (entry.entity_type, entry.entity_id)
    heads = _chain_heads(object_session(entry))
    head = heads.get(key)
    if head is None:
        if connection.dialect.name == "postgresql":
            # Held to the end of the transaction: the next writer of this chain reads the
            # head this one leaves. SQLite has one writer at a time already.
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                               {"key": _lock_key(key)})
        last = connection.execute(_chain_head(), {"entity_type": key[0],
                                                  "entity_id": key[1]}).first()
        head = (last.seq, last.row_hash) if last is not None else (0, "")
    entry.seq, entry.prev_hash = head[0] + 1, head[1]
    entry.row_hash = row_hash(entry, entry.prev_hash)
    heads[key] = (entry.seq, entry.row_hash)


@cache
def _chain_head():
    """Built once: every audit row of a transaction's first write to a chain reads it."""
    return (select(AuditEntry.seq, AuditEntry.row_hash)
            .where(AuditEntry.entity_type == bindparam("entity_type"),
                   AuditEntry.entity_id == bindparam("entity_id"))
            .order_by(AuditEntry.seq.desc()).limit(1))


@event.listens_for(AuditEntry, "before_update")
def _append_only(mapper, connection, entry):
    raise RuntimeError("audit rows are append-only: write a new row instead")


def _problem(entry, previous) -> str | None:
    """Why `entry` fails, given the row before it in its chain ((seq, row_hash) or None)."""
    expected_seq, expected_prev = (previous[0] + 1, previous[1]) if previous else (1, "")
    if entry.seq != expected_seq:
        return (f"place {entry.seq} in its chain, expected {expected_seq}: a row before it "
                "is missing")
    if entry.prev_hash != expected_prev:
        return "does not link to the row before it in its chain"
    if row_hash(entry, entry.prev_hash) != entry.row_hash:
        return "its content does not match its hash: it was edited"
    return None


def chain_problems(rows) -> dict:
    """{row id: reason} for the rows of one entity's chain (all of them, in any order)."""
    problems, previous = {}, None
    for entry in sorted(rows, key=lambda e: e.seq):
        reason = _problem(entry, previous)
        if reason:
            problems[entry.id] = reason
        previous = (entry.seq, entry.row_hash)
    return problems


def verify(session, batch: int = 2000):
    """Walk every chain. Returns (rows checked, [(row id, reason), ...] in id order)."""
    problems, checked, previous, chain = [], 0, None, None
    columns = [getattr(AuditEntry, name) for name in (
        "id", "entity_type", "entity_id", "seq", "workflow", "trigger", "from_state",
        "to_state", "actor_id", "comment", "data", "created_at", "prev_hash", "row_hash")]
    rows = session.execute(select(*columns).order_by(
        AuditEntry.entity_type, AuditEntry.entity_id, AuditEntry.seq
    ).execution_options(yield_per=batch))
    for entry in rows:
        checked += 1
        if (entry.entity_type, entry.entity_id) != chain:
            chain, previous = (entry.entity_type, entry.entity_id), None
        reason = _problem(entry, previous)
        if reason:
            problems.append((entry.id, reason))
        previous = (entry.seq, entry.row_hash)
    problems.sort()
    return checked, problems
