"""What every cluster, inspection and violation page shares: its state(s) with the
workflow diagram, open deadlines, timeline from the audit log, evidence files, the
actions the user may take, and the page that fires one of them."""
from flask import abort, current_app, flash, redirect, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from forms.web_transition import transition_form
from models import Attachment, AuditEntry, Deadline, db
from workflows.engine.audit import chain_problems
from workflows.engine.fire import allowed_triggers, offered
from workflows.engine.errors import Invalid
from workflows.engine.language import language
from workflows.engine.registry import workflow_for_trigger, workflows_for
from workflows.operations.actions import fire_with_files
from workflows.permissions import can_view

from ..clock import now, today
from ..links import detail_url
from .filters import pick


def load_visible(model, entity_id):
    """The entity, or 404 for one the user may not see (it does not exist for them)."""
    entity = db.session.get(model, entity_id)
    if entity is None or not can_view(current_user, entity):
        abort(404)
    return entity


def panels(entity) -> dict:
    """The shared parts of a detail page, each one query whatever the history's length."""
    key = (entity.entity_type, entity.id)
    offers = offered(entity, current_user, db.session, now())
    result = {
        "entity": entity,
        "workflows": [(wf, getattr(entity, wf.attribute),
                       wf.mermaid(getattr(entity, wf.attribute), language()),
                       [(t, [wf.label(s, language()) for s in t.source])
                        for t in wf.state_keeping()])
                      for wf in workflows_for(entity.entity_type)],
        "actions": [(workflow_for_trigger(entity.entity_type, t), t)
                    for t, reason in offers if not reason],
        "held_back": [(workflow_for_trigger(entity.entity_type, t), t, reason)
                      for t, reason in offers if reason],
        "deadlines": open_deadlines(entity),
        "timeline": db.session.scalars(
            select(AuditEntry).where(AuditEntry.entity_type == key[0],
                                     AuditEntry.entity_id == key[1])
            .order_by(AuditEntry.seq)).all(),
        "attachments": attachments_of(entity),
    }
    # A row edited in the database, or one after a deleted row, is shown as such.
    result["tampered"] = chain_problems(result["timeline"])
    return result


def open_deadlines_of(entity_type: str, ids: list[int]) -> dict[int, list]:
    """The open deadlines of a page of records in one query: 'by when' on each row."""
    grouped: dict[int, list] = {i: [] for i in ids}
    if ids:
        for d in db.session.scalars(select(Deadline).where(
                Deadline.entity_type == entity_type, Deadline.entity_id.in_(ids),
                Deadline.closed_at.is_(None)).order_by(Deadline.due_date)):
            grouped[d.entity_id].append(d)
    return grouped


def open_deadlines(entity) -> list:
    return open_deadlines_of(entity.entity_type, [entity.id])[entity.id]


def attachments_of(entity) -> list:
    return db.session.scalars(
        select(Attachment).where(Attachment.entity_type == entity.entity_type,
                                 Attachment.entity_id == entity.id)
        .order_by(Attachment.id)).all()


def transition_page(model, entity_id: int, trigger: str):
    """GET shows the transition's form; POST fires it (ONE call into workflows/) and goes
    back to the entity. A bad field comes back beside the field with the input kept; any
    other refusal is the blueprint's (views.web.pages_blueprint): a message and back."""
    entity = load_visible(model, entity_id)
    wf = workflow_for_trigger(entity.entity_type, trigger) or abort(404)
    back = detail_url(entity.entity_type, entity.id)
    # On POST the engine decides (a stale version must say so, not "unavailable").
    t = wf.transition_for(getattr(entity, wf.attribute), trigger)
    if request.method == "GET" and (
            t is None or trigger not in allowed_triggers(entity, current_user, db.session, now())):
        flash(_("Thao tác này không còn khả dụng ở trạng thái hiện tại"), "warning")
        return redirect(back, code=303)
    t = t or next(x for x in wf.transitions if x.trigger == trigger)
    evidence = [(a.id, a.filename) for a in attachments_of(entity)]
    form = transition_form(t, evidence, entity=entity, version=entity.version)
    if form.validate_on_submit():
        try:
            fire_with_files(db.session, entity, trigger, current_user, uploads=form.uploads(),
                            comment=form.comment.data or "", version=form.version.data,
                            data=form.transition_data(), now=now(),
                            max_bytes=current_app.config["UPLOAD_MAX_BYTES"])
        except Invalid as exc:  # beside the field; the 422 keeps nothing of the request
            form.add_errors(exc.errors)
        else:
            flash(_("Đã thực hiện: %(action)s", action=pick(t)), "success")
            return redirect(back, code=303)
    status = 422 if form.errors or form.form_errors else 200
    # The deadlines in play beside the form: one asking for an extension sees the date
    # it would move, one deciding sees how late the decision is.
    return render_template("shared/transition.html", entity=entity, workflow=wf,
                           transition=t, form=form, back=back,
                           deadlines=open_deadlines(entity), today=today()), status
