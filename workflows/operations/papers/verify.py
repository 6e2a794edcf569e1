"""What /verify/<hash> tells anyone holding a paper: its title, number, date and issuing
body, the case's current state, and whether a later version superseded it. Nothing else
(no names, no findings): the page is public."""
from sqlalchemy import or_, select

from models import Attachment, Inspection, Organization, User, Violation
from workflows.engine.calendar import local_date
from workflows.engine.registry import WORKFLOWS

from .forms import forms

ENTITIES = {"inspection": (Inspection, "inspection"), "violation": (Violation, "violation")}


def find(session, digest: str) -> Attachment | None:
    """The paper whose QR hash, or whose file's SHA-256, is `digest`."""
    digest = (digest or "").strip().lower()
    if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
        return None
    return session.scalars(select(Attachment).where(
        Attachment.kind.is_not(None),
        or_(Attachment.verify_hash == digest, Attachment.sha256 == digest))
        .order_by(Attachment.id).limit(1)).first()


def public_facts(session, paper: Attachment, lang: str = "vi") -> dict:
    model, workflow = ENTITIES[paper.entity_type]
    entity = session.get(model, paper.entity_id)
    later = session.scalars(select(Attachment).where(
        Attachment.entity_type == paper.entity_type, Attachment.entity_id == paper.entity_id,
        Attachment.kind == paper.kind, Attachment.content_type == paper.content_type,
        Attachment.id > paper.id).order_by(Attachment.id.desc()).limit(1)).first()
    form = forms()[paper.kind]
    return {
        "title": form.title.capitalize() if paper.kind.endswith("record") else
        f"{form.title.capitalize()} ({form.form_code})",
        "form": form.label, "number": paper.number,
        "date": local_date(paper.created_at).isoformat(),
        "issuer": issuer_of(session, paper, entity, lang),
        "state": entity.state, "state_label": WORKFLOWS[workflow].label(entity.state, lang),
        "superseded": later is not None,
        "superseded_on": local_date(later.created_at).isoformat() if later else None,
    }


def issuer_of(session, paper: Attachment, entity, lang: str = "vi") -> str | None:
    """The body the paper names as issuing it: the inspecting organization, else the
    organization of the official who drew it up; named in `lang`."""
    org_id = getattr(entity, "organization_id", None)
    if org_id is None and getattr(entity, "inspection_id", None):
        org_id = session.get(Inspection, entity.inspection_id).organization_id
    if org_id is None and paper.uploaded_by_id:
        org_id = session.get(User, paper.uploaded_by_id).organization_id
    org = session.get(Organization, org_id) if org_id else None
    if org is None:
        return None
    return org.name_en if lang == "en" and org.name_en else org.name_vi
