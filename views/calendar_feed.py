"""GET /calendar/<secret>.ics: the deadlines feed a calendar application subscribes to.
The secret in the URL is the only credential (calendar clients send no login), so an
unknown secret is a plain 404."""
from flask import Blueprint, Response, abort

from models import db
from workflows.operations import feeds
from workflows.operations.ical import calendar_of
from .clock import now

bp = Blueprint("calendar_feed", __name__)


@bp.get("/calendar/<secret>.ics")
def feed(secret):
    found = feeds.find(db.session, secret)
    if found is None:
        abort(404)
    return Response(calendar_of(db.session, found, now()), mimetype="text/calendar",
                    headers={"Content-Disposition": 'inline; filename="ccn-deadlines.ics"',
                             "Cache-Control": "private, max-age=300"})
