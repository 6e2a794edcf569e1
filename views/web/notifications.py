"""The user's in-app notifications, newest first (the outbox's in-app rows, read through
workflows/operations/notifications.py as the JSON API does), and the unread badge in every page's navigation."""
from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from models import Deadline, db
from workflows.operations import notifications as inbox

from ..clock import now
from ..transaction import back_url
from . import pages_blueprint
from .entity_pages import detail_url
from .listing import Page, page_number

bp = pages_blueprint("notifications", __name__, url_prefix="/notifications")
PER_PAGE = 30


@bp.get("")
def index():
    unread_only = request.args.get("show") == "unread"
    number = page_number()
    rows, total, unread = inbox.notifications_of(db.session, current_user,
                                                 unread_only=unread_only, page=number,
                                                 per_page=PER_PAGE)
    g.unread_notifications = unread  # counted already: the badge needs no second COUNT
    return render_template("notifications/list.html", page=Page(rows, total, number, PER_PAGE),
                           unread=unread, unread_only=unread_only, links=links_of(rows),
                           texts=inbox.texts(db.session, current_user, rows))


@bp.post("/<int:notification_id>/read")
def read(notification_id):
    """Opening a notification marks it read and goes to what it is about. Someone else's
    does not exist for this user (404), as in the API."""
    row = inbox.mark_read(db.session, current_user, notification_id, now()) or abort(404)
    return redirect(links_of([row]).get(row.id) or back_url(), code=303)


@bp.post("/read-all")
def read_all():
    marked = inbox.mark_all_read(db.session, current_user, now())
    flash(_("Đã đánh dấu %(n)s thông báo là đã đọc", n=marked), "success")
    return redirect(url_for(".index"), code=303)


@bp.before_app_request
def _count_afresh():
    # g belongs to the app context, which a request made inside an outer one (the tests'
    # `db` fixture, a CLI command) shares with the requests before it.
    g.pop("unread_notifications", None)


@bp.app_template_global()
def unread_notifications() -> int:
    """The navigation's badge (templates/notifications/_nav_badge.html): one COUNT per page,
    of at most inbox.BADGE_CAP rows."""
    if "unread_notifications" not in g:
        g.unread_notifications = inbox.unread_badge(db.session, current_user)
    return g.unread_notifications


def links_of(rows) -> dict:
    """{notification id: the page it is about}. A reminder names its deadline: the link goes
    to the deadline's cluster, inspection or violation, or to the deadline board for an
    organization's own report deadline. One query for the page's deadlines."""
    deadline_ids = {r.entity_id for r in rows if r.entity_type == "deadline"}
    entity_of = {i: (kind, entity_id) for i, kind, entity_id in db.session.execute(
        select(Deadline.id, Deadline.entity_type, Deadline.entity_id)
        .where(Deadline.id.in_(deadline_ids)))} if deadline_ids else {}
    links = {}
    for r in rows:
        if r.entity_type == "deadline" and r.entity_id in entity_of:
            links[r.id] = detail_url(*entity_of[r.entity_id]) or url_for("deadlines.index")
        elif r.entity_type and r.entity_id is not None:
            links[r.id] = detail_url(r.entity_type, r.entity_id)
    return {k: v for k, v in links.items() if v}
