"""Creating clusters: a new cluster starts `planned` and `compliant`, with an audit row."""
from datetime import datetime
from types import SimpleNamespace

from flask_babel import gettext as _

from models import Cluster, Organization
from workflows.engine.audit import audit_value, write_audit
from workflows.engine.errors import Forbidden, Invalid
from workflows.engine.versions import expect_version, refused_if_stale
from workflows.engine.fire import fire
from workflows.engine.registry import WORKFLOWS
from workflows.machines.guards import GUARDS
from workflows.permissions import can_manage_clusters

CLUSTER_FIELDS = ("code", "name", "district", "commune", "kind", "area_ha",
                  "industrial_land_ha", "leased_land_ha", "investor_id", "planned_start_date",
                  "planned_completion_date", "mountainous")


def create_cluster(session, actor, now: datetime, *, decision_no: str | None = None,
                   decision_date=None, **values):
    """A new cluster, `planned`; with its establishment decision (number and date, the
    schedule in planned_start_date / planned_completion_date) it is established at once."""
    if not can_manage_clusters(actor):
        raise Forbidden(_("Chỉ cán bộ quản lý được tạo cụm"))
    investor_id = values.get("investor_id")
    if investor_id is not None:
        investor = session.get(Organization, investor_id)
        if investor is None or investor.kind != "investor":
            raise Invalid({"investor_id": _("không phải chủ đầu tư")})
    if session.query(Cluster.id).filter_by(code=values["code"]).first():
        raise Invalid({"code": _("mã cụm đã tồn tại")})
    stage, compliance = WORKFLOWS["cluster_stage"], WORKFLOWS["cluster_compliance"]
    for place in ("district", "commune"):  # the former district is history: may be unknown
        values[place] = values.get(place) or ""
    cluster = Cluster(**{k: v for k, v in values.items() if k in CLUSTER_FIELDS},
                      stage=stage.initial, compliance=compliance.initial)
    session.add(cluster)
    session.flush()
    write_audit(session, entity=cluster, workflow=stage.name, trigger="create", actor=actor,
                now=now, to_state=stage.initial)
    if decision_no or decision_date:
        _establish(session, cluster, actor, now, decision_no, decision_date)
    return cluster


def _establish(session, cluster, actor, now, decision_no, decision_date) -> None:
    """A cluster entered with its establishment decision: the decision is the `establish`
    transition (its schedule opens the infrastructure deadline), and Decree 32/2024's size
    bounds, the transition's guard, are reported beside the area."""
    errors = {}
    if not decision_no:
        errors["decision_no"] = _("bắt buộc khi có quyết định thành lập")
    if not decision_date:
        errors["decision_date"] = _("bắt buộc khi có quyết định thành lập")
    size = GUARDS["size_within_bounds"](cluster, SimpleNamespace(data={
        "decision_date": decision_date}))
    if size:
        errors["area_ha"] = size
    if errors:
        raise Invalid(errors)
    fire(session, cluster, "establish", actor, now=now,
         data={"decision_no": decision_no, "decision_date": decision_date})


def update_cluster(session, cluster, actor, now: datetime, *, version: int | None = None,
                   **values):
    """Edit a cluster's data (not its stage: that moves only by a decision). The audit
    row keeps each changed field as [old, new]; a stale version is a Conflict."""
    if not can_manage_clusters(actor):
        raise Forbidden(_("Chỉ cán bộ quản lý được sửa cụm"))
    expect_version(cluster, version)
    investor_id = values.get("investor_id")
    if investor_id is not None and investor_id != cluster.investor_id:
        investor = session.get(Organization, investor_id)
        if investor is None or investor.kind != "investor":
            raise Invalid({"investor_id": _("không phải chủ đầu tư")})
    code = values.get("code")
    if code and code != cluster.code and session.query(Cluster.id).filter_by(code=code).first():
        raise Invalid({"code": _("mã cụm đã tồn tại")})
    changes = {}
    for place in ("district", "commune"):
        if place in values and values[place] is None:
            values[place] = ""
    for name in CLUSTER_FIELDS:
        if name in values and values[name] != getattr(cluster, name):
            changes[name] = [audit_value(getattr(cluster, name)), audit_value(values[name])]
            setattr(cluster, name, values[name])
    if changes:
        stage = WORKFLOWS["cluster_stage"]
        write_audit(session, entity=cluster, workflow=stage.name, trigger="update",
                    actor=actor, now=now, from_state=cluster.stage, to_state=cluster.stage,
                    data=changes)
        with refused_if_stale(cluster):
            session.flush()
    return changes

