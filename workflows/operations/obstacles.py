"""Reporting an obstacle: it enters the register `reported`, with its creation audit row and
the department's deadline to assign it; the department is told."""
from dataclasses import replace
from datetime import datetime
from types import SimpleNamespace

from flask_babel import gettext as _

from models import Obstacle, Organization
from models.obstacles import OBSTACLE_KINDS
from workflows.engine.errors import Forbidden, Invalid
from workflows.engine.audit import write_audit
from workflows.engine.calendar import local_date
from workflows.engine.fire import Context
from workflows.engine.registry import WORKFLOWS
from workflows.machines.effects import notify, open_deadline
from workflows.permissions import can_report_obstacle

OBSTACLE = WORKFLOWS["obstacle"]
TITLE_MAX, DESCRIPTION_MAX = 300, 5000


def report_obstacle(session, cluster, actor, now: datetime, *, kind: str, title: str,
                    responsible_org_id: int, description: str = ""):
    """An investor reports an obstacle on one of its clusters, an official on any. Raises
    Forbidden for another investor's cluster and Invalid ({field: message}) for bad input."""

    if not can_report_obstacle(actor, cluster):
        raise Forbidden(_("Chỉ chủ đầu tư của cụm hoặc cán bộ được phản ánh khó khăn của cụm"))
    errors = {}
    title = (title or "").strip()
    description = (description or "").strip()
    if kind not in OBSTACLE_KINDS:
        errors["kind"] = _("loại không hợp lệ")
    if not title:
        errors["title"] = _("bắt buộc")
    elif len(title) > TITLE_MAX:
        errors["title"] = _("văn bản, tối đa %(n)d ký tự", n=TITLE_MAX)
    if len(description) > DESCRIPTION_MAX:
        errors["description"] = _("văn bản, tối đa %(n)d ký tự", n=DESCRIPTION_MAX)
    org = session.get(Organization, responsible_org_id) if responsible_org_id else None
    if org is None or not org.active:
        errors["responsible_org_id"] = _("không phải tổ chức đang hoạt động")
    if errors:
        raise Invalid(errors)
    obstacle = Obstacle(cluster=cluster, cluster_id=cluster.id, kind=kind, title=title,
                        description=description, responsible_org=org,
                        responsible_org_id=org.id, reported_by_id=actor.id,
                        reported_on=local_date(now), state=OBSTACLE.initial, created_at=now)
    session.add(obstacle)
    session.flush()
    write_audit(session, entity=obstacle, workflow=OBSTACLE.name, trigger="create",
                actor=actor, now=now, to_state=OBSTACLE.initial, comment=title,
                data={"kind": kind, "responsible_org_id": org.id})
    ctx = Context(session, obstacle, OBSTACLE, None, actor, "", {}, description, now)
    open_deadline(ctx, policy="obstacle_assignment")
    _notify_reported(ctx, notify)
    session.flush()
    return obstacle


def _notify_reported(ctx, notify) -> None:
    """The department learns of the new obstacle. The notice's subject names the state a
    transition enters; reporting is no transition, so it names the initial state."""
    notify(replace(ctx, transition=SimpleNamespace(dest=OBSTACLE.initial)),
           to="department", kind="obstacle_reported")
