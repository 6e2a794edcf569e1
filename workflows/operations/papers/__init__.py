"""The papers officials sign, drawn up from the case: the check record (Circular 56/2025,
Mẫu 05), the violation record (Decree 118/2021, MBB01), the working record (MBB02), the
penalty decision draft (MQĐ02) and the remedial-measures decision (MQĐ15).

`draw_up` fills the form's template from the case, writes it as PDF or DOCX, keeps the file
as an attachment of its entity (an earlier version stays), and writes the audit row with
the file's SHA-256. Each paper carries a QR code to /verify/<hash>, where anyone holding it
can check it is genuine and whether a later version superseded it."""
import hashlib
import json

from flask_babel import gettext as _
from sqlalchemy import select

from models import Attachment, Organization
from workflows.engine.audit import write_audit
from workflows.engine.errors import Conflict, Forbidden, Invalid
from workflows.engine.language import language
from workflows.engine.registry import WORKFLOWS
from workflows.permissions import can_draw_up_paper

from .. import storage
from . import context as ctx
from .forms import UNCONFIRMED, forms, phrases
from .layout import Paper
from .markup import BLANK, render
from .text import place_date

FORMATS = {"pdf": "application/pdf",
           "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
# Which papers fit which states: a violation record while the violation is open, a working
# record before the offence is recorded, a penalty decision draft once the record exists.
FITS = {
    "check_record": ("in_progress", "findings_recorded", "concluded", "closed"),
    "violation_record": ("detected", "notified", "plan_submitted", "plan_accepted",
                         "plan_rejected", "extension_requested", "extension_granted",
                         "remediation_reported", "verified", "overdue", "escalated",
                         "sanctioned", "remediated"),
    "working_record": ("detected", "notified"),
    # Wherever the decision may be recorded, and once it is.
    "penalty_decision_draft": (*(s for t in WORKFLOWS["violation"].transitions
                                 if t.trigger == "sanction" for s in t.source), "sanctioned"),
    "remedial_decision": ("detected", "notified", "plan_submitted", "plan_accepted",
                          "plan_rejected", "extension_requested", "extension_granted",
                          "remediation_reported", "verified", "overdue", "escalated"),
}
KINDS = tuple(FITS)


def kinds_for(entity) -> list[str]:
    return [k for k, f in forms().items() if f.entity_type == entity.entity_type]


def unfit_reason(entity, kind: str, now) -> str | None:
    """Why `kind` cannot be drawn up for `entity` now, or None when it can."""
    if getattr(entity, "state") not in FITS[kind]:
        return _("Không lập được văn bản này ở trạng thái hiện tại (%(state)s)",
                 state=WORKFLOWS[entity.entity_type].label(entity.state, language()))
    if kind == "remedial_decision" and not ctx.time_barred(entity, now):
        return _("Chỉ lập quyết định buộc khắc phục hậu quả khi đã hết thời hiệu xử phạt")
    return None


def draw_up(session, entity, kind: str, fmt: str, actor, now, base_url: str) -> Attachment:
    """Fill, write and keep one paper; returns its attachment. Flushes, never commits."""
    errors = {}
    if kind not in KINDS or forms()[kind].entity_type != entity.entity_type:
        errors["kind"] = _("một trong: %(kinds)s", kinds=", ".join(kinds_for(entity)))
    if fmt not in FORMATS:
        errors["format"] = _("pdf hoặc docx")
    if errors:
        raise Invalid(errors)
    if not can_draw_up_paper(actor, entity):
        raise Forbidden(_("Chỉ cán bộ được lập văn bản"))
    reason = unfit_reason(entity, kind, now)
    if reason:
        raise Conflict(reason)
    paper = compose(session, entity, kind, actor, now)
    token = _verify_hash(paper, entity, fmt, now)
    paper.verify_url = f"{base_url.rstrip('/')}/verify/{token}"
    content = write(paper, fmt, now)
    digest = storage.store(session, content)
    stamp = now.strftime("%Y%m%d-%H%M%S")
    attachment = Attachment(
        entity_type=entity.entity_type, entity_id=entity.id,
        filename=f"{kind}-{entity.entity_type}-{entity.id}-{stamp}.{fmt}",
        content_type=FORMATS[fmt], size=len(content), sha256=digest,
        storage_path=storage.key_of(digest), uploaded_by_id=actor.id, created_at=now,
        kind=kind, number=paper.number, verify_hash=token)
    session.add(attachment)
    session.flush()
    write_audit(session, entity=entity, workflow="documents", trigger="draw_up", actor=actor,
                now=now, from_state=entity.state, to_state=entity.state,
                comment=f"{paper.title}{' số ' + paper.number if paper.number else ''}"
                        f" ({fmt.upper()}, SHA-256 {digest})",
                data={"kind": kind, "format": fmt, "number": paper.number, "sha256": digest,
                      "verify_hash": token, "attachment_id": attachment.id})
    return attachment


def write(paper: Paper, fmt: str, now=None) -> bytes:
    if fmt == "pdf":
        from .pdf import render_pdf

        return render_pdf(paper, now)
    from .word import render_docx

    return render_docx(paper, now)


def compose(session, entity, kind: str, actor, now) -> Paper:
    """The paper as blocks, filled from the case."""
    form = forms()[kind]
    if kind == "check_record":
        data = ctx.inspection_context(session, entity)
        org = _org(session, entity.organization_id)
        number = None  # Mẫu 05 prints no number line
        header = [("", org.name_vi.upper() if org else BLANK), ("B", "ĐOÀN KIỂM TRA"),
                  ("", f"THEO QĐ SỐ {entity.decision_no or BLANK}")]
        dated = place_date(phrases()["place"], data["recorded_on"])
        number_line = None
    else:
        data = ctx.violation_context(session, entity, actor, now)
        inspection = data["inspection"]
        org = _org(session, inspection.organization_id) if inspection else actor.organization
        own = entity.record_no if kind == "violation_record" else \
            entity.decision_no if kind == "penalty_decision_draft" and \
            entity.state == "sanctioned" else None
        number = own if own and "/" in own else \
            f"{own or BLANK}/{form.number_symbol}"
        header = ctx.header_of(org)
        number_line = f"Số: {number}"
        dated = place_date(phrases()["place"], None) if form.dated_header else None
    return Paper(kind=kind, title=form.title.capitalize() if kind.endswith("record")
                 else f"{form.title.capitalize()} ({form.form_code})",
                 number=number, issuer=org.name_vi if org else "", header_left=header,
                 number_line=number_line, place_date=dated if form.dated_header else None,
                 blocks=render(kind, data), form_label=form.label,
                 draft=kind.endswith("_draft") or kind == "remedial_decision",
                 notes=[UNCONFIRMED])


def _org(session, org_id):
    return session.get(Organization, org_id) if org_id else None


def _verify_hash(paper: Paper, entity, fmt: str, now) -> str:
    """SHA-256 of what the paper says and where it belongs: printed in its QR code (a file
    cannot hold its own hash), unique to this generation."""
    canonical = json.dumps({"kind": paper.kind, "entity": [entity.entity_type, entity.id],
                            "format": fmt, "number": paper.number, "at": now.isoformat(),
                            "blocks": [[b.tag, b.text, b.cells] for b in paper.blocks]},
                           ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def papers_of(session, entity) -> list[Attachment]:
    return session.scalars(select(Attachment).where(
        Attachment.entity_type == entity.entity_type, Attachment.entity_id == entity.id,
        Attachment.kind.is_not(None)).order_by(Attachment.id)).all()
