"""The JSON API under /api/v1. Other systems call it: its shapes are a contract."""
from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from . import auth, errors, input  # noqa: E402

errors.init_api_errors(bp)
bp.before_request(auth.authenticate)
bp.before_request(input.check_request_args)
bp.add_url_rule("/tokens", "tokens", auth.issue_token, methods=["POST"])

# Each module registers its routes on bp.
from . import (  # noqa: E402,F401
    accounts, attachments, clusters, deadlines, documents, evaluations, inspections,
    notifications, obstacles, openapi, plan, plan_targets, plants, policies, readings, reports,
    scheduler_status, violations, workflow_specs,
)
