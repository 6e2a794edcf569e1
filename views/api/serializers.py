"""Entities as JSON. Each carries its state(s), version and the caller's allowed triggers."""
from flask_babel import force_locale

from forms.web_labels import OBSTACLE_KINDS
from models import db
from workflows.engine.fire import allowed_triggers, held_back
from workflows.engine.registry import workflows_for
from workflows.wastewater.fines import limitation_expires_on


def _iso(value):
    return value.isoformat() if value is not None else None


def _num(value):
    return float(value) if value is not None else None


def _workflow_part(entity, user):
    part = {"version": entity.version,
            "allowed_triggers": allowed_triggers(entity, user)}
    for wf in workflows_for(entity.entity_type):
        state = getattr(entity, wf.attribute)
        part[f"{wf.attribute}_label"] = {"vi": wf.label(state, "vi"), "en": wf.label(state, "en")}
    return part


def _held_back(entity, user) -> dict:
    """{trigger: why a guard holds it back} for what the caller could otherwise do."""
    return dict(held_back(entity, user, db.session))


def cluster_json(cluster, user, detail=False):
    body = {
        "id": cluster.id, "code": cluster.code, "name": cluster.name,
        # Since 1/7/2025 the commune is the location; the district is history.
        "district": cluster.district, "commune": cluster.commune,
        "former_district": cluster.district, "mountainous": cluster.mountainous,
        "kind": cluster.kind,
        "area_ha": _num(cluster.area_ha), "industrial_land_ha": _num(cluster.industrial_land_ha),
        "leased_land_ha": _num(cluster.leased_land_ha), "occupancy": _num(cluster.occupancy),
        "investor": cluster.investor.to_dict() if cluster.investor else None,
        "establishment_decision_no": cluster.establishment_decision_no,
        "establishment_date": _iso(cluster.establishment_date),
        "planned_start_date": _iso(cluster.planned_start_date),
        "planned_completion_date": _iso(cluster.planned_completion_date),
        "infrastructure_started_on": _iso(cluster.infrastructure_started_on),
        "operational_on": _iso(cluster.operational_on),
        "plant_certified_on": _iso(cluster.plant_certified_on),
        "expanded_on": _iso(cluster.expanded_on), "abolished_on": _iso(cluster.abolished_on),
        "stage": cluster.stage, "compliance": cluster.compliance,
        **_workflow_part(cluster, user),
    }
    if detail:
        body["plants"] = [p.to_dict() for p in cluster.plants]
        body["held_back"] = _held_back(cluster, user)
    return body


def inspection_json(inspection, user, detail=False):
    body = {
        "id": inspection.id, "cluster_id": inspection.cluster_id,
        "cluster_name": inspection.cluster.name, "organization_id": inspection.organization_id,
        "kind": inspection.kind, "planned_date": _iso(inspection.planned_date),
        "decision_no": inspection.decision_no, "team": inspection.team,
        "state": inspection.state, **_workflow_part(inspection, user),
    }
    if detail:
        body["findings"] = [f.to_dict() for f in inspection.findings]
    return body


def violation_json(violation, user, detail=False):
    return {
        "id": violation.id, "cluster_id": violation.cluster_id,
        "cluster_name": violation.cluster.name, "inspection_id": violation.inspection_id,
        "title": violation.title, "description": violation.description,
        "detected_on": _iso(violation.detected_on), "sampled_on": _iso(violation.sampled_on),
        "limitation_expires_on": _iso(limitation_expires_on(violation.sampled_on)
                                      if violation.sampled_on else None),
        "plant_id": violation.plant_id,
        "record_no": violation.record_no, "decision_no": violation.decision_no,
        "fine_suggestion": violation.fine_suggestion,
        "fine_confirmed_vnd": violation.fine_confirmed_vnd,
        "state": violation.state, **_workflow_part(violation, user),
    }


def _in_each_language(label) -> dict:
    """A catalogue label as {"vi": ..., "en": ...}, for clients that show either."""
    said = {}
    for locale in ("vi", "en"):
        with force_locale(locale):
            said[locale] = str(label)
    return said


def obstacle_json(obstacle, user, detail=False):
    return {
        "id": obstacle.id, "cluster_id": obstacle.cluster_id,
        "cluster_code": obstacle.cluster.code, "cluster_name": obstacle.cluster.name,
        "commune": obstacle.cluster.commune, "kind": obstacle.kind,
        "kind_label": _in_each_language(OBSTACLE_KINDS.get(obstacle.kind, obstacle.kind)),
        "title": obstacle.title, "description": obstacle.description,
        "responsible_org": obstacle.responsible_org.to_dict(),
        "reported_on": _iso(obstacle.reported_on), "due_date": _iso(obstacle.due_date),
        "person_in_charge": obstacle.person_in_charge,
        "resolved_on": _iso(obstacle.resolved_on),
        "state": obstacle.state, **_workflow_part(obstacle, user),
    }
