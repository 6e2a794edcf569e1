"""Paginated, filtered lists: two queries per page (the count and the rows), whatever the
number of rows, because every relationship a row shows is loaded eagerly by the caller."""
from dataclasses import dataclass

from flask import request
from sqlalchemy import func, select

from models import Cluster, db

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
    try:
        return max(1, int(request.args.get("page", 1)))
    except ValueError:
        return 1


def paginate(query, order_by, per_page: int = PER_PAGE) -> Page:
    number = page_number()
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    rows = db.session.scalars(query.order_by(*order_by).limit(per_page)
                              .offset((number - 1) * per_page)).unique().all()
    return Page(rows, total, number, per_page)


def arg(name: str, allowed=None) -> str | None:
    """A filter from the query string; a value outside `allowed` is ignored, not an error."""
    value = (request.args.get(name) or "").strip()
    if not value or (allowed is not None and value not in allowed):
        return None
    return value


def communes() -> list[str]:
    """The communes the user's clusters lie in, for a list's commune filter."""
    from flask_login import current_user

    from workflows.permissions import visible

    return db.session.scalars(visible(select(Cluster.commune).distinct(), Cluster,
                                      current_user).where(Cluster.commune != "")
                              .order_by(Cluster.commune)).all()
