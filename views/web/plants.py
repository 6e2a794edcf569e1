"""A cluster's wastewater plants: the form managers use to record one or edit it."""
from flask import abort, flash, redirect, render_template
from flask_babel import gettext as _
from flask_login import current_user

from forms.plants import PlantEditForm, PlantForm
from models import Cluster, WastewaterPlant, db
from workflows.engine.errors import Invalid
from workflows.operations.plants import add_plant, update_plant
from workflows.permissions import can_manage_plants

from ..clock import now
from . import pages_blueprint
from .entity_pages import detail_url, load_visible

bp = pages_blueprint("plants", __name__)
# The cluster page shows the add/edit links by the same predicate the routes check.


@bp.route("/clusters/<int:cluster_id>/plants/new", methods=["GET", "POST"])
def new(cluster_id):
    cluster = load_visible(Cluster, cluster_id)
    return _form_page(cluster, None, PlantForm())


@bp.route("/plants/<int:plant_id>/edit", methods=["GET", "POST"])
def edit(plant_id):
    plant = load_visible(WastewaterPlant, plant_id)
    return _form_page(plant.cluster, plant, PlantEditForm(obj=plant))


def _form_page(cluster, plant, form):
    if not can_manage_plants(current_user):
        abort(403)
    if form.validate_on_submit():
        try:
            if plant is None:
                add_plant(db.session, cluster, current_user, now(), **form.plant_values())
            else:
                update_plant(db.session, plant, current_user, now(),
                             version=form.version.data, **form.plant_values())
        except Invalid as exc:  # beside the field at fault, the other input kept
            form.add_errors(exc.errors)
        else:
            flash(_("Đã lưu trạm XLNT"), "success")
            return redirect(detail_url("cluster", cluster.id), code=303)
    return render_template("plants/form.html", cluster=cluster, plant=plant,
                           form=form), 422 if form.errors or form.form_errors else 200
