"""Drawing up a paper from an inspection's or a violation's page, and the panel that lists
the papers already drawn up (each version kept) with their verification links."""
from flask import current_app, flash, redirect, request
from flask_babel import gettext as _
from flask_login import current_user

from models import Inspection, Violation, db
from workflows.engine.language import say
from workflows.operations.papers import draw_up, kinds_for, papers_of, unfit_reason
from workflows.operations.papers.forms import UNCONFIRMED, forms
from workflows.permissions import can_draw_up_paper

from ..clock import now
from . import pages_blueprint
from .entity_pages import detail_url, load_visible

bp = pages_blueprint("documents", __name__)
MODELS = {"inspection": Inspection, "violation": Violation}


@bp.post("/<any(inspection, violation):entity_type>/<int:entity_id>/papers")
def draw(entity_type, entity_id):
    entity = load_visible(MODELS[entity_type], entity_id)
    draw_up(db.session, entity, request.form.get("kind", ""), request.form.get("format", ""),
            current_user, now(), public_url())
    flash(_("Đã lập văn bản; bản trước (nếu có) vẫn được lưu."), "success")
    return redirect(detail_url(entity_type, entity_id) + "#papers", code=303)


def public_url() -> str:
    """Where the papers' QR codes point: PUBLIC_BASE_URL behind a proxy, else this host."""
    return current_app.config.get("PUBLIC_BASE_URL") or request.host_url


@bp.app_context_processor
def panel_helpers():
    return {"paper_panel": paper_panel}


def paper_panel(entity) -> dict:
    """The papers of `entity` and those the user may draw up now."""
    moment = now()
    kinds = [(k, forms()[k]) for k in kinds_for(entity)] \
        if can_draw_up_paper(current_user, entity) else []
    return {"papers": [(a, forms()[a.kind]) for a in papers_of(db.session, entity)],
            "available": [(k, f) for k, f in kinds if unfit_reason(entity, k, moment) is None],
            "note": say(UNCONFIRMED)}
