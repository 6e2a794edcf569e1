"""Organizations are data an administrator edits: departments were renamed and the district
level abolished in 2025, and the next reform needs no code. Each change is audited."""
from datetime import datetime
from types import SimpleNamespace

from flask_babel import gettext as _
from sqlalchemy import select

from models import Organization, User
from workflows.engine.audit import write_audit
from workflows.engine.errors import Invalid
from workflows.engine.fields import column_errors
from workflows.operations.accounts import end_organization_sessions
from workflows.permissions import role_fits

EDITABLE = ("name_vi", "name_en", "kind", "email", "parent_id", "active")


def save_organization(session, actor, now: datetime, *, code: str, create: bool, **values):
    too_long = column_errors(Organization, {"code": code, **values})
    if too_long:
        raise Invalid(too_long)
    org = session.scalar(select(Organization).where(Organization.code == code))
    if create and org is not None:
        raise Invalid({"code": _("mã %(code)s đã tồn tại", code=code)})
    if not create and org is None:
        raise Invalid({"code": _("không có tổ chức %(code)s", code=code)})
    if create:
        missing = [f for f in ("name_vi", "kind") if not values.get(f)]
        if missing:
            raise Invalid({f: _("bắt buộc") for f in missing})
        org = Organization(code=code, name_vi=values["name_vi"], kind=values["kind"])
        session.add(org)
    parent_id = values.get("parent_id")
    if parent_id is not None and not _may_sit_under(session, org, parent_id):
        raise Invalid({"parent_id": _("tổ chức cấp trên không hợp lệ")})
    kind = values.get("kind")
    if not create and kind and kind != org.kind:
        misfits = [u.username for u in session.scalars(select(User).where(
            User.organization_id == org.id)) if not role_fits(u.role, SimpleNamespace(kind=kind))]
        if misfits:
            raise Invalid({"kind": _("vai trò của %(users)s không phù hợp loại tổ chức mới",
                                     users=", ".join(misfits))})
    changes = {}
    for name in EDITABLE:
        if values.get(name) is not None and values[name] != getattr(org, name, None):
            changes[name] = [getattr(org, name, None), values[name]]
            setattr(org, name, values[name])
    session.flush()
    if changes.get("active") == [True, False]:
        # Its people stop at once: every session and token of its users ends.
        end_organization_sessions(session, org)
    write_audit(session, entity=org, workflow="organization",
                trigger="create" if create else "update", actor=actor, now=now, data=changes)
    return org, changes


def _may_sit_under(session, org: Organization, parent_id: int) -> bool:
    """The parent exists and is not the organization itself nor one below it: escalations
    and the papers' letterheads read the parent, and a circle has no top."""
    parent = session.get(Organization, parent_id)
    seen = set()
    while parent is not None and parent.id not in seen:
        if parent is org:
            return False
        seen.add(parent.id)
        parent = parent.parent
    return parent_id in seen
