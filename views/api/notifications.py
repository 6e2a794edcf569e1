"""In-app notifications (with the unread count) and the user's calendar subscriptions."""
from flask import g, jsonify, request, url_for
from flask_babel import gettext as _

from models import db
from models.base import aware
from workflows.operations import feeds, notifications as inbox
from workflows.permissions import can_issue_feed

from ..clock import now
from . import bp
from .errors import invalid, not_found
from .input import json_object, query_int


@bp.get("/notifications")
def notifications_list():
    unread = request.args.get("unread", "false")
    if unread not in ("true", "false"):
        raise invalid({"unread": _("true hoặc false")})
    per_page, page_no = query_int("per_page", 50, 1, 200), query_int("page", 1, 1, 100000)
    rows, total, unread_count = inbox.notifications_of(
        db.session, g.api_user, unread_only=unread == "true", page=page_no, per_page=per_page)
    written = inbox.texts(db.session, g.api_user, rows)
    return jsonify({"items": [notification_json(r, *written[r.id]) for r in rows],
                    "total": total, "unread_count": unread_count, "page": page_no,
                    "per_page": per_page})


def notification_json(row, subject: str, body: str) -> dict:
    return {"id": row.id, "kind": row.kind, "subject": subject, "body": body,
            "entity_type": row.entity_type, "entity_id": row.entity_id,
            "created_at": aware(row.created_at).isoformat(), "read": row.read_at is not None,
            "read_at": aware(row.read_at).isoformat() if row.read_at else None}


@bp.post("/notifications/<int:notification_id>/read")
def notifications_read(notification_id):
    row = inbox.mark_read(db.session, g.api_user, notification_id, now())
    if row is None:
        raise not_found("notification")
    return jsonify(notification_json(row, *inbox.texts(db.session, g.api_user, [row])[row.id]))


@bp.post("/notifications/read-all")
def notifications_read_all():
    return jsonify({"marked": inbox.mark_all_read(db.session, g.api_user, now())})


@bp.post("/calendar-feeds")
def calendar_feeds_issue():
    """Issue (or replace) the secret URL of the caller's feed or their organization's. The
    URL is in this response only: the server keeps just a hash of it."""
    body = json_object(required=("scope",), allowed=("scope",))
    if body["scope"] not in feeds.SCOPES:
        raise invalid({"scope": _("user hoặc organization")})
    secret = feeds.issue(db.session, g.api_user, body["scope"], now())
    return jsonify({"scope": body["scope"],
                    "url": url_for("calendar_feed.feed", secret=secret, _external=True)}), 201


@bp.get("/calendar-feeds")
def calendar_feeds_list():
    """Which of the caller's feeds are active and since when; never a URL (not stored)."""
    return jsonify({"items": [
        {"scope": scope, "active": feed is not None,
         "issued_at": aware(feed.created_at).isoformat() if feed else None,
         "can_issue": can_issue_feed(g.api_user, scope)}
        for scope, feed in feeds.feeds_of(db.session, g.api_user).items()]})


@bp.delete("/calendar-feeds/<scope>")
def calendar_feeds_revoke(scope):
    # An unknown scope names no feed: a 404 for a path, as the POST's 422 is for a body.
    if scope not in feeds.SCOPES or not feeds.revoke(db.session, g.api_user, scope, now()):
        raise not_found("calendar feed")
    return "", 204
