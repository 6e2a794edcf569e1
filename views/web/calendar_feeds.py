"""My calendar feeds: the secret iCalendar URLs (workflows/operations/feeds.py) of the
user's own deadlines and of their organization's, for Outlook or a phone calendar to
subscribe to."""
from flask import flash, make_response, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from models import db
from workflows.operations import feeds
from workflows.permissions import can_issue_feed

from ..clock import now
from . import pages_blueprint

bp = pages_blueprint("calendar_feeds", __name__, url_prefix="/calendar-feeds")
SCOPE = f"<any({', '.join(feeds.SCOPES)}):scope>"  # any other scope is a 404


@bp.get("")
def index():
    return _page({})


@bp.post(f"/{SCOPE}/issue")
def issue(scope):
    """A new URL (the old one stops working). Shown in this response rather than after a
    redirect: the server keeps only its hash, and carrying it across a redirect would put
    the secret in the session cookie."""
    secret = feeds.issue(db.session, current_user, scope, now())
    response = make_response(_page(
        {scope: url_for("calendar_feed.feed", secret=secret, _external=True)}))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post(f"/{SCOPE}/revoke")
def revoke(scope):
    if feeds.revoke(db.session, current_user, scope, now()):
        flash(_("Đã thu hồi địa chỉ lịch: địa chỉ cũ không còn hoạt động"), "success")
    return redirect(url_for(".index"), code=303)


def _page(issued: dict):
    return render_template("notifications/calendar_feeds.html", issued=issued,
                           feeds=feeds.feeds_of(db.session, current_user),
                           can_issue=can_issue_feed)
