"""Leader election: of the scheduler processes running against one database, exactly one
runs the jobs. On PostgreSQL the leader holds a session-level advisory lock on a connection
of its own; on SQLite, an exclusive flock on a file beside the database. Either is released
by the operating system or the server when the process dies, and a follower, which retries
every heartbeat (~15 s), takes over.

The lock only decides who works; it is not what keeps a reminder from going out twice.
The outbox's unique keys and the dispatch claim do that, so a brief overlap of two leaders
(a network partition) sends nothing twice."""
import fcntl
import logging
import os
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

log = logging.getLogger(__name__)

# pg_try_advisory_lock(bigint): a constant of this application ("CCN" + 1). Below 2**32,
# so pg_locks shows it as classid 0, objid ADVISORY_KEY, objsubid 1.
ADVISORY_KEY = 0x43434E01


class PostgresLock:
    def __init__(self, url):
        # NullPool: closing the connection must end the session (and free the lock), never
        # return it to a pool with the lock still held.
        self.engine = create_engine(url, poolclass=NullPool)
        self.connection = None

    def acquire(self) -> bool:
        try:
            if self.connection is None:
                self.connection = self.engine.connect().execution_options(
                    isolation_level="AUTOCOMMIT")
            return bool(self.connection.execute(
                text("SELECT pg_try_advisory_lock(:key)"), {"key": ADVISORY_KEY}).scalar())
        except SQLAlchemyError as exc:
            log.warning("scheduler lock: %s", exc)
            self.release()
            return False

    def held(self) -> bool:
        """Whether this session still holds the lock (the connection may have died)."""
        if self.connection is None:
            return False
        try:
            return bool(self.connection.execute(text(
                "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' "
                "AND pid = pg_backend_pid() AND classid = 0 AND objid = :key "
                "AND objsubid = 1 AND granted)"), {"key": ADVISORY_KEY}).scalar())
        except SQLAlchemyError as exc:
            log.warning("scheduler lock lost: %s", exc)
            self.release()
            return False

    def release(self) -> None:
        if self.connection is not None:
            try:
                # Unlock first: the server frees a closed session's locks only when its
                # backend has exited, a moment after close() returns.
                self.connection.execute(text("SELECT pg_advisory_unlock_all()"))
                self.connection.close()
            except SQLAlchemyError:
                pass
            self.connection = None


class FileLock:
    """flock is held per open file: a second process (or a second FileLock in the same
    process) that opens the file is refused until the first closes it or dies."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.handle = None

    def acquire(self) -> bool:
        if self.handle is not None:
            return True
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a+")  # noqa: SIM115 - held open while leading
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            return False
        handle.truncate(0)
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        self.handle = handle
        return True

    def held(self) -> bool:
        return self.handle is not None

    def release(self) -> None:
        if self.handle is not None:
            fcntl.flock(self.handle, fcntl.LOCK_UN)
            self.handle.close()
            self.handle = None


def lock_for(engine, instance_path) -> PostgresLock | FileLock:
    url = engine.url
    if url.get_backend_name() == "postgresql":
        return PostgresLock(url)
    database = url.database
    if database and database != ":memory:":
        return FileLock(Path(database).with_name(Path(database).name + ".scheduler-lock"))
    return FileLock(Path(instance_path) / "scheduler.lock")


class Election:
    def __init__(self, lock):
        self.lock = lock
        self.is_leader = False

    def campaign(self) -> bool:
        """Called every heartbeat: a follower tries to take the lock, a leader checks it
        still has it. Returns whether this node leads now."""
        was = self.is_leader
        self.is_leader = self.lock.held() if was else self.lock.acquire()
        if was != self.is_leader:
            log.warning("scheduler: %s", "now leading" if self.is_leader else "lost the lead")
        return self.is_leader

    def resign(self) -> None:
        self.lock.release()
        self.is_leader = False
