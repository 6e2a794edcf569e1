"""The verdict page: an inspector pastes a lab result and sees, per parameter, C, Kq, Kf,
Cmax, the factor and the verdict, then the Decree 45 point and the suggested fine range,
labelled as a suggestion an official confirms. Nothing is stored."""
from datetime import date

from flask import abort, render_template
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from forms.evaluations import BASES, EvaluationForm
from models import Cluster, WastewaterPlant, db
from workflows.engine.errors import Invalid
from workflows.engine.language import say
from workflows.wastewater.fines import SANCTION_TEXT, citation, limitation_expires_on
from workflows.operations.evaluations import evaluate_sample, standards_catalog
from workflows.permissions import sees_everything, visible

from ..clock import today
from . import pages_blueprint
from .entity_pages import load_visible
from .filters import number
from .fine_notes import fine_note, unconfirmed_warnings

bp = pages_blueprint("evaluations", __name__, url_prefix="/evaluations")


@bp.route("", methods=["GET", "POST"])
def form():
    query = visible(select(WastewaterPlant).join(WastewaterPlant.cluster), WastewaterPlant,
                    current_user)
    plants = db.session.scalars(query.order_by(Cluster.code, WastewaterPlant.id)).all()
    official = sees_everything(current_user)
    if not official and not plants:
        abort(403)  # an investor evaluates its own plants, and has none on record
    form = EvaluationForm(plants=plants, plant_required=not official)
    verdict, status = None, 200
    if form.validate_on_submit():
        plant = load_visible(WastewaterPlant, form.plant_id.data) \
            if form.plant_id.data is not None else None
        try:
            verdict = evaluate_sample(db.session, current_user, plant=plant, today=today(),
                                      **form.options())
        except Invalid as exc:  # beside the line or field at fault, the text kept as pasted
            # A plant's binding standard is the plant's: say it beside the plant chosen.
            form.take_errors({("plant_id" if k == "standard" and plant is not None else k): v
                              for k, v in exc.errors.items()})
            status = 422
    elif form.is_submitted():
        status = 422
    return render_template("evaluations/form.html", form=form, verdict=verdict,
                           catalog=standards_catalog()), status


def flow_tier_label(tier: dict) -> str:
    """The discharge-flow tier a limit held for (ParameterResult's flow_tier), as
    'Bậc lưu lượng: 0 ≤ Q < 5.000 m³/ngày'; 'mọi lưu lượng' for a limit of any flow."""
    low, high = tier.get("min_m3_day"), tier.get("max_m3_day")
    if low is None and high is None:
        return _("mọi lưu lượng")
    text = "" if low is None else f"{number(low)} {'≤' if tier['min_inclusive'] else '<'} "
    text += "Q"
    if high is not None:
        text += f" {'≤' if tier['max_inclusive'] else '<'} {number(high)}"
    return f"{_('Bậc lưu lượng')}: {text} m³/{_('ngày')}"


def cited(row: dict) -> str:
    """The legal basis of a suggested fine or surcharge in the page's language, from its
    article, clause and point (a stored suggestion keeps the Vietnamese text too)."""
    if row.get("article") and row.get("clause"):
        return say(citation(row["article"], row["clause"], row.get("point")))
    return row.get("citation") or ""


def supplementary_sanction(fs: dict) -> str:
    """The supplementary sanction a suggestion names, in the page's language."""
    known = SANCTION_TEXT.get(fs.get("supplementary_sanction"))
    return say(known) if known is not None else fs.get("supplementary_sanction_text") or ""


# Globals for evaluations/_suggestion.html, which other pages (a violation's) may include.
bp.add_app_template_global(cited, "cited")
bp.add_app_template_global(supplementary_sanction, "supplementary_sanction")
bp.add_app_template_global(flow_tier_label, "flow_tier_label")
bp.add_app_template_global(BASES, "surcharge_base_labels")
bp.add_app_template_global(date.fromisoformat, "iso_day")
bp.add_app_template_global(limitation_expires_on, "limitation_expires_on")
bp.add_app_template_global(fine_note, "fine_note")
bp.add_app_template_global(unconfirmed_warnings, "unconfirmed_warnings")
