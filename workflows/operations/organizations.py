"""Organizations are data an administrator edits: departments were renamed and the district
level abolished in 2025, and the next reform needs no code. Each change is audited."""
from datetime import datetime

from sqlalchemy import select

from models import Organization
from workflows.engine.audit import write_audit
from workflows.engine.errors import Invalid

EDITABLE = ("name_vi", "name_en", "kind", "email", "parent_id", "active")


def save_organization(session, actor, now: datetime, *, code: str, create: bool, **values):
    org = session.scalar(select(Organization).where(Organization.code == code))
    if create and org is not None:
        raise Invalid({"code": f"mã {code!r} đã tồn tại / code {code!r} is taken"})
    if not create and org is None:
        raise Invalid({"code": f"không có tổ chức {code!r} / no organization {code!r}"})
    if create:
        missing = [f for f in ("name_vi", "kind") if not values.get(f)]
        if missing:
            raise Invalid({f: "bắt buộc / required" for f in missing})
        org = Organization(code=code, name_vi=values["name_vi"], kind=values["kind"])
        session.add(org)
    parent_id = values.get("parent_id")
    if parent_id is not None and (parent_id == org.id or session.get(Organization, parent_id)
                                  is None):
        raise Invalid({"parent": "tổ chức cấp trên không hợp lệ / invalid supervising organization"})
    changes = {}
    for name in EDITABLE:
        if values.get(name) is not None and values[name] != getattr(org, name, None):
            changes[name] = [getattr(org, name, None), values[name]]
            setattr(org, name, values[name])
    session.flush()
    write_audit(session, entity=org, workflow="organization",
                trigger="create" if create else "update", actor=actor, now=now, data=changes)
    return org, changes
