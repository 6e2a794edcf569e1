"""The deadline board: overdue, due this week, due this month, by holding organization."""
from flask import render_template, request
from flask_login import current_user

from models import Deadline, db

from ..clock import today
from . import pages_blueprint
from .deadline_board import BUCKETS, board, entity_names, horizons, open_due
from .entity_pages import detail_url
from .listing import arg, paginate

bp = pages_blueprint("deadlines", __name__, url_prefix="/deadlines")


@bp.get("")
def index():
    day = today()
    return render_template("deadlines/board.html", today=day, horizons=horizons(day),
                           detail_url=detail_url, **board(db.session, current_user, day))


@bp.get("/all")
def full_list():
    """Every deadline of one bucket (and one holder): the board shows the first few."""
    day = today()
    bucket = arg("bucket", BUCKETS) or "overdue"
    page = paginate(open_due(current_user, day, bucket, request.args.get("holder", type=int)),
                    (Deadline.due_date, Deadline.id))
    return render_template("deadlines/list.html", page=page, bucket=bucket, today=day,
                           names=entity_names(db.session, page.items), detail_url=detail_url)
