"""Deadline policies (read by everyone, changed by an admin), and two deadline operations:
a deadline's history of moves, and marking a recurring deadline (a half-yearly report, a
routine inspection) done."""
from flask import g, jsonify
from flask_babel import gettext as _
from sqlalchemy import select

from models import Deadline, DeadlineChange, db
from workflows.machines import policies
from workflows.operations.deadlines import complete_recurring
from workflows.permissions import can_edit_policies, deadline_scope

from ..clock import now, today
from . import bp
from .errors import ApiError, invalid, not_found
from .input import json_object

EDITABLE = ("duration", "unit", "reminders", "legal_basis")


@bp.get("/deadline-policies")
def deadline_policies_list():
    return jsonify({"items": [policies.policy_dict(p)
                              for p in policies.all_policies(db.session).values()]})


@bp.get("/deadline-policies/<key>")
def deadline_policies_get(key):
    policy = policies.all_policies(db.session).get(key)
    if policy is None:
        raise not_found("deadline policy")
    return jsonify(policies.policy_dict(policy))


@bp.put("/deadline-policies/<key>")
def deadline_policies_set(key):
    if not can_edit_policies(g.api_user):
        raise ApiError(403, "forbidden", _("Chỉ quản trị viên"))
    body = json_object(allowed=EDITABLE)
    if not body:
        raise invalid({field: _("gửi ít nhất một trường")
                       for field in EDITABLE})
    try:
        policy = policies.set_policy(db.session, key, g.api_user, now(),
                                     **{k: body[k] for k in EDITABLE if k in body})
    except LookupError:
        raise not_found("deadline policy") from None
    return jsonify(policies.policy_dict(policy))


def _visible_deadline(deadline_id):
    deadline = db.session.scalar(deadline_scope(select(Deadline), g.api_user)
                                 .where(Deadline.id == deadline_id))
    if deadline is None:
        raise not_found("deadline")
    return deadline


@bp.get("/deadlines/<int:deadline_id>/changes")
def deadline_changes(deadline_id):
    deadline = _visible_deadline(deadline_id)
    rows = db.session.scalars(select(DeadlineChange)
                              .where(DeadlineChange.deadline_id == deadline.id)
                              .order_by(DeadlineChange.id))
    return jsonify({"deadline": deadline.to_dict(today()),
                    "items": [r.to_dict() for r in rows]})


@bp.post("/deadlines/<int:deadline_id>/complete")
def deadline_complete(deadline_id):
    deadline = _visible_deadline(deadline_id)
    complete_recurring(db.session, deadline, g.api_user, now())
    return jsonify(deadline.to_dict(today()))
