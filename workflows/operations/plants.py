"""Recording a cluster's wastewater plants (or discharge points): what binds them (standard,
column), where they discharge and how much. The audit row goes on the cluster, whose page
shows the plants. Certification is not edited here: it moves only by the cluster's
`certify_plant` decision."""
from datetime import datetime
from decimal import Decimal

from flask_babel import gettext as _, lazy_gettext as _l

from models.clusters import RECEIVING_BODIES
from models import WastewaterPlant
from workflows.engine.audit import audit_value, write_audit
from workflows.engine.errors import Forbidden, Invalid
from workflows.engine.registry import WORKFLOWS
from workflows.engine.versions import expect_version, refused_if_stale
from workflows.permissions import can_manage_plants
from workflows.wastewater.binding import LIMIT_COLUMNS, transition_for
from workflows.wastewater.evaluation import SEA_KINDS
from workflows.wastewater.standards import load_library

PLANT_FIELDS = ("name", "capacity_m3_day", "standard_code", "standard_column",
                "receiving_body", "receiving_name", "receiving_flow_m3s", "receiving_volume_m3",
                "sea_kind", "discharge_flow_m3_day", "existing_facility", "existing_basis",
                "existing_basis_date", "successor_column")
COLUMNS = ("A", "B")
# Which receiving body each measure belongs to; given for another body it would be ignored
# by the evaluation, so it is refused rather than kept as a silent contradiction.
OWN_BODY = {"receiving_flow_m3s": "river", "receiving_volume_m3": "lake", "sea_kind": "sea"}
BODY_LABELS = {"river": _l("sông"), "lake": _l("hồ"), "sea": _l("biển")}


def plant_errors(values: dict) -> dict[str, str]:
    """The rules a plant's record obeys, as {field: message}; the form and
    the operations share them. ``values`` is the whole record after the change."""

    errors = {}
    if not (values.get("name") or "").strip():
        errors["name"] = _("Bắt buộc")
    capacity = values.get("capacity_m3_day")
    if capacity is None or Decimal(capacity) <= 0:
        errors["capacity_m3_day"] = _("Phải lớn hơn 0")
    codes = {s.code for s in load_library().standards}
    if values.get("standard_code") not in codes:
        known = ", ".join(sorted(codes))
        errors["standard_code"] = _("Quy chuẩn không có trong thư viện (%(known)s)", known=known)
    if values.get("standard_column") not in COLUMNS:
        errors["standard_column"] = _("Cột phải là A hoặc B")
    if values.get("successor_column") not in (None, *LIMIT_COLUMNS):
        errors["successor_column"] = _("Cột phải là A, B hoặc C")
    body = values.get("receiving_body")
    if body not in RECEIVING_BODIES:
        errors["receiving_body"] = _("Không phải lựa chọn hợp lệ")
        return errors
    for name in ("receiving_flow_m3s", "receiving_volume_m3", "discharge_flow_m3_day"):
        if values.get(name) is not None and Decimal(values[name]) < 0:
            errors[name] = _("Không được âm")
    for name, own in OWN_BODY.items():
        if values.get(name) not in (None, "") and body != own:
            errors.setdefault(name, _("Chỉ ghi khi nguồn tiếp nhận là %(body)s",
                                      body=BODY_LABELS[own]))
    errors.update(existing_errors(values))
    if body == "sea" and values.get("sea_kind") not in SEA_KINDS:
        errors["sea_kind"] = (_("Chọn loại vùng biển (bảo vệ thủy sinh, thể thao, giải trí hoặc vùng khác)"))
    return errors


def add_plant(session, cluster, actor, now: datetime, **values):
    if not can_manage_plants(actor):
        raise Forbidden(_("Chỉ cán bộ quản lý được ghi trạm XLNT"))
    record = {name: None for name in PLANT_FIELDS}
    record.update(standard_code="QCVN40:2011", standard_column="B", receiving_body="unknown",
                  receiving_name="", existing_facility=False)
    record.update({k: v for k, v in values.items() if k in PLANT_FIELDS})
    record["receiving_name"] = record["receiving_name"] or ""
    errors = plant_errors(record)
    if errors:
        raise Invalid(errors)
    plant = WastewaterPlant(cluster=cluster, cluster_id=cluster.id, **record)
    session.add(plant)
    session.flush()
    changes = {name: [None, audit_value(value)] for name, value in record.items()
               if value not in (None, "")}
    _audit(session, cluster, "add_plant", actor, {"plant_id": plant.id, **changes}, now)
    session.flush()
    return plant


def update_plant(session, plant, actor, now: datetime, *, version: int | None = None,
                 **values):
    """Change a plant's record; the audit row keeps each changed field as [old, new]. A
    stale `version` (the record as the editor read it) is a Conflict."""
    if not can_manage_plants(actor):
        raise Forbidden(_("Chỉ cán bộ quản lý được sửa trạm XLNT"))
    expect_version(plant, version)
    values = {k: v for k, v in values.items() if k in PLANT_FIELDS}
    if "receiving_name" in values:
        values["receiving_name"] = values["receiving_name"] or ""
    record = {name: values.get(name, getattr(plant, name)) for name in PLANT_FIELDS}
    errors = plant_errors(record)
    if errors:
        raise Invalid(errors)
    changes = {}
    for name, value in values.items():
        if value != getattr(plant, name):
            changes[name] = [audit_value(getattr(plant, name)), audit_value(value)]
            setattr(plant, name, value)
    if changes:
        _audit(session, plant.cluster, "update_plant", actor, {"plant_id": plant.id, **changes},
               now)
        with refused_if_stale(plant):
            session.flush()
    return changes


def _audit(session, cluster, trigger, actor, data, now):
    stage = WORKFLOWS["cluster_stage"]
    write_audit(session, entity=cluster, workflow=stage.name, trigger=trigger, actor=actor,
                now=now, from_state=cluster.stage, to_state=cluster.stage, data=data)


def existing_errors(values: dict) -> dict[str, str]:
    """An existing facility (Circular 06/2025's transition) is recorded with the event that
    qualified it and its date, before QCVN 40:2025 came into force; a plant that is not
    existing records neither."""
    errors = {}
    basis = (values.get("existing_basis") or "").strip()
    day = values.get("existing_basis_date")
    if values.get("existing_facility"):
        if not basis:
            errors["existing_basis"] = _("Ghi sự kiện làm cơ sở là cơ sở hiện hữu (đã vận hành, "
                                         "ĐTM hoặc giấy phép môi trường được duyệt…)")
        t = transition_for(values.get("standard_code") or "")
        if day is None:
            errors["existing_basis_date"] = _("Bắt buộc")
        elif t is not None and day >= t.in_force_from:
            errors["existing_basis_date"] = _(
                "Phải trước ngày %(day)s, ngày QCVN 40:2025 có hiệu lực",
                day=t.in_force_from.strftime("%d/%m/%Y"))
    else:
        if basis:
            errors["existing_basis"] = _("Chỉ ghi khi là cơ sở hiện hữu")
        if day is not None:
            errors["existing_basis_date"] = _("Chỉ ghi khi là cơ sở hiện hữu")
    return errors
