"""Paginated, filtered lists: two queries per page (the count and the rows), whatever the
number of rows, because every relationship a row shows is loaded eagerly by the caller."""
from dataclasses import dataclass

from flask import request
from sqlalchemy import func, select

from models import Cluster, db
from workflows.engine.fields import INT32_MAX, bad_characters
from workflows.search import TEXT_MAX

PER_PAGE = 50


@dataclass
class Page:
    items: list
    total: int
    number: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def page_number() -> int:
    """The page asked for; one no list could reach (negative, past 32 bits) is the first."""
    return id_arg("page") or 1


def id_arg(name: str) -> int | None:
    """A positive integer from the query string (an id, a page number); one that is no
    such number, or is past the id column, is ignored (None), not an error."""
    raw = (request.args.get(name) or "").strip()
    if not raw.isascii() or not raw.isdigit() or len(raw) > len(str(INT32_MAX)):
        return None
    value = int(raw)
    return value if 1 <= value <= INT32_MAX else None


def paginate(query, order_by, per_page: int = PER_PAGE) -> Page:
    number = page_number()
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    rows = db.session.scalars(query.order_by(*order_by).limit(per_page)
                              .offset((number - 1) * per_page)).unique().all()
    return Page(rows, total, number, per_page)


def arg(name: str, allowed=None) -> str | None:
    """A filter from the query string; a value outside `allowed`, or one no list could
    hold (past the search's length, with NUL), is ignored, not an error."""
    value = (request.args.get(name) or "").strip()
    if not value or (allowed is not None and value not in allowed) or \
            len(value) > TEXT_MAX or bad_characters(value):
        return None
    return value


def communes() -> list[str]:
    """The communes the user's clusters lie in, for a list's commune filter."""
    from flask_login import current_user

    from workflows.permissions import visible

    return db.session.scalars(visible(select(Cluster.commune).distinct(), Cluster,
                                      current_user).where(Cluster.commune != "")
                              .order_by(Cluster.commune)).all()
