"""GET /calendar/<secret>.ics: the deadlines feed a calendar application subscribes to.
The secret in the URL is the only credential (calendar clients send no login), so an
unknown secret is a plain 404."""
from flask import Blueprint, Response, abort
from sqlalchemy import select

from models import Deadline, db
from scheduler.ical import deadline_feed

from workflows.operations import feeds
from workflows.permissions import deadline_scope
from .clock import now

bp = Blueprint("calendar_feed", __name__)


@bp.get("/calendar/<secret>.ics")
def feed(secret):
    found = feeds.find(db.session, secret)
    if found is None:
        abort(404)
    if found.user_id:  # what the user may see, as in the API
        user = found.user
        query = deadline_scope(select(Deadline), user)
        name, locale, with_holder = f"CCN - {user.full_name or user.username}", user.locale, True
    else:
        org = found.organization
        query = select(Deadline).where(Deadline.holder_org_id == org.id)
        name, locale, with_holder = f"CCN - {org.name_vi}", "vi", False
    body = deadline_feed(db.session, query, name, locale, now(), with_holder)
    return Response(body, mimetype="text/calendar",
                    headers={"Content-Disposition": 'inline; filename="ccn-deadlines.ics"',
                             "Cache-Control": "private, max-age=300"})
