"""A record's version as its editor read it: a change made by someone else since is refused
(Stale, a 409), never written over. Checked twice: against the version held when the edit
starts, and by the database when the UPDATE runs (the mapper's version_id_col), for the
change that lands in between."""
from contextlib import contextmanager

from sqlalchemy.orm.exc import StaleDataError

from .errors import Stale


def expect_version(record, version: int | None) -> None:
    """`version`: what the editor read; None where no one read it (a system's change)."""
    if version is not None and version != record.version:
        raise Stale(record)


@contextmanager
def refused_if_stale(record):
    """Around the flush that writes `record`: another request's write first is Stale."""
    try:
        yield
    except StaleDataError:
        raise Stale(record) from None
