"""The JSON API under /api/v1. Other systems call it: its shapes are a contract."""
from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from . import auth, errors, input  # noqa: E402

errors.init_api_errors(bp)
bp.before_request(auth.authenticate)
bp.before_request(input.check_request_args)
bp.add_url_rule("/tokens", "tokens", auth.issue_token, methods=["POST"])

from . import clusters, deadlines, inspections, plan, violations, workflow_specs  # noqa: E402,F401
from . import notifications, policies, scheduler_status  # noqa: E402,F401
from . import evaluations, readings  # noqa: E402,F401
from . import plants  # noqa: E402,F401  (wastewater plants, issue 5)
from . import attachments  # noqa: E402,F401  (evidence files for other systems)
from . import obstacles  # noqa: E402,F401  (the obstacles register)
from . import documents, reports  # noqa: E402,F401  (papers, spreadsheets, TT14 reports, imports)
from . import plan_targets  # noqa: E402,F401  (a year's targets, entered by the department)
from . import openapi  # noqa: E402,F401  (the OpenAPI description and its page)
from . import accounts  # noqa: E402,F401  (own tokens and password; users, organizations)
