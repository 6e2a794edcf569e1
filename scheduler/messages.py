"""Message texts from templates/emails/, one file per kind and locale (reminder.vi.txt,
reminder.en.txt, ...). Each template has a `subject` and a `body` block, so the outbox row
holds the finished text in its recipient's language; dispatch only adds the envelope.

A Jinja environment of their own, not Flask's: e-mail texts need no request globals, and
the sweep renders one per reminder it claims."""
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .audience import locale_of

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "emails"


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


def envelope(locale: str, name: str, body: str) -> str:
    """The e-mail text around a message: greeting, the message, an automatic-mail footer."""
    template = _environment().get_template(f"message.{locale_of(locale)}.txt")
    return template.render(name=name, body=body).strip() + "\n"


def ddmmyyyy(day) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"
