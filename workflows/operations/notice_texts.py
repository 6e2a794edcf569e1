"""What a notice says: texts from templates/emails/, one file per kind and locale
(reminder.vi.txt, reminder.en.txt, ...), each with a `subject` and a `body` block, in the
reader's language. Workflow notices and digests are written when they are queued; a
deadline's reminder holds no text in the outbox and is written when it is read (`texts`):
by the scheduler's dispatch for an e-mail, by the inbox page and the API for the app.

A Jinja environment of its own, not Flask's: these texts need no request globals, and the
scheduler renders them outside any request."""
from datetime import date
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from sqlalchemy import select

from models import Deadline, Organization
from models.base import aware
from models.recipients import LOCALES
from workflows.engine.calendar import local_date

from .deadline_clusters import with_cluster

TEMPLATES = Path(__file__).resolve().parent.parent.parent / "templates" / "emails"
# The outbox kinds whose text is written when read, and their template.
REMINDER_TEMPLATES = {"deadline_reminder": "reminder", "deadline_escalation": "escalation"}


def locale_of(value: str | None) -> str:
    return value if value in LOCALES else "vi"


@cache
def _environment() -> Environment:
    # StrictUndefined: a misspelt variable fails the job loudly instead of mailing a blank.
    # auto_reload off: no stat() of the template file at every message.
    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=False,
                       undefined=StrictUndefined, auto_reload=False)


@cache
def _template(kind: str, locale: str):
    return _environment().get_template(f"{kind}.{locale}.txt")


def render(kind: str, locale: str, **context) -> tuple[str, str]:
    template = _template(kind, locale_of(locale))
    # shared: the context is ours alone, so Jinja need not copy its globals into it
    # (the templates use none).
    ctx = template.new_context(context, shared=True)
    subject = " ".join("".join(template.blocks["subject"](ctx)).split())
    body = "".join(template.blocks["body"](ctx)).strip()
    return subject[:300], body


def envelope(locale: str, name: str, body: str, link: str | None = None) -> str:
    """The e-mail text around a message: greeting, the message, where to open its record,
    an automatic-mail footer."""
    template = _environment().get_template(f"message.{locale_of(locale)}.txt")
    return template.render(name=name, body=body, link=link).strip() + "\n"


def ddmmyyyy(day) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def rung_of(key: str) -> tuple[date, int]:
    """The due date and rung a reminder's key names (reminder:<deadline>:<due>:<rung>...,
    as scheduler/reminders.py writes it)."""
    _, _, due, rung = key.split(":")[:4]
    return date(int(due[:4]), int(due[4:6]), int(due[6:8])), int(rung)


def texts(connection, rows, reader_locale) -> dict[int, tuple[str, str]]:
    """{row id: (subject, body)} of the reminders among outbox `rows` (with id,
    idempotency_key, kind, entity_id, subject, created_at) that hold no text, each in the
    language reader_locale(row), as of the day it was queued. Two reads for all the rows:
    their deadlines (with the cluster each concerns) and the deadlines' holders."""
    unwritten = [row for row in rows if row.kind in REMINDER_TEMPLATES and not row.subject]
    if not unwritten:
        return {}
    o = Organization.__table__.c
    deadlines = {row.id: row for row in connection.execute(with_cluster(
        select(Deadline.id, Deadline.title_vi, Deadline.title_en, Deadline.holder_org_id,
               Deadline.original_due_date, Deadline.entity_type, Deadline.entity_id)
        .where(Deadline.id.in_({row.entity_id for row in unwritten}))))}
    holders = {row.id: row for row in connection.execute(
        select(o.id, o.name_vi, o.name_en)
        .where(o.id.in_({row.holder_org_id for row in deadlines.values()})))}
    written = {}
    for row in unwritten:
        deadline = deadlines.get(row.entity_id)
        if deadline is None:
            continue
        due, _ = rung_of(row.idempotency_key)
        today, locale = local_date(aware(row.created_at)), reader_locale(row)
        holder = holders.get(deadline.holder_org_id)
        written[row.id] = render(
            REMINDER_TEMPLATES[row.kind], locale,
            title=deadline.title_en if locale == "en" else deadline.title_vi,
            due=ddmmyyyy(due), days_left=(due - today).days, days_late=(today - due).days,
            extended_from=ddmmyyyy(deadline.original_due_date)
            if deadline.original_due_date != due else None,
            holder=(holder.name_en if locale == "en" and holder.name_en else holder.name_vi)
            if holder else "",
            entity_type=deadline.entity_type, entity_id=deadline.entity_id,
            record_title=deadline.record_title,
            cluster=f"{deadline.cluster_code} — {deadline.cluster_name}"
            if deadline.cluster_code else None)
    return written
