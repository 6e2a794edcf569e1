"""The post forms of a page as a browser sees them: where each posts, its fields with
their values and choices, the hidden values (CSRF token and `version` among them), and
what a re-rendered page says: its messages and the values its fields kept."""
import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import lxml.html

# What a browser shows in place of a character XML cannot hold (NUL, other controls).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
SKIPPED_TYPES = ("submit", "button", "reset", "image")


@dataclass
class Field:
    name: str
    kind: str  # text, textarea, select, checkbox, radio, hidden, file, password, date, ...
    value: str = ""
    options: list = field(default_factory=list)  # a select's, a radio's or a checkbox's
    required: bool = False
    placeholder: str = ""
    inputmode: str = ""


@dataclass
class Form:
    page: str  # the page it was found on
    action: str  # the path it posts to
    multipart: bool
    fields: dict  # {name: Field}

    def defaults(self) -> dict:
        """{name: [values]} as a browser sends the form untouched."""
        sent = {}
        for f in self.fields.values():
            if f.kind in ("checkbox", "radio"):
                if f.value:
                    sent[f.name] = [f.value] if isinstance(f.value, str) else list(f.value)
            elif f.kind == "file":
                continue
            elif f.kind == "select":
                sent[f.name] = [f.value if f.value else (f.options[0] if f.options else "")]
            else:
                sent[f.name] = [f.value]
        return sent


def document(html: str):
    return lxml.html.fromstring(NOT_XML.sub("\ufffd", html) or "<html></html>")


def post_forms(html: str, page: str) -> list[Form]:
    forms = []
    for element in document(html).iter("form"):
        if (element.get("method") or "get").lower() != "post":
            continue
        action = urlsplit(urljoin(page, element.get("action") or page))
        path = action.path + (f"?{action.query}" if action.query else "")
        multipart = (element.get("enctype") or "").lower() == "multipart/form-data"
        forms.append(Form(page, path, multipart, _fields(element)))
    return forms


def _fields(form) -> dict:
    fields = {}
    for element in form.iter("input", "textarea", "select"):
        name = element.get("name")
        kind = (element.get("type") or "text").lower() if element.tag == "input" \
            else element.tag
        if not name or kind in SKIPPED_TYPES or element.get("disabled") is not None:
            continue
        common = {"required": element.get("required") is not None,
                  "placeholder": element.get("placeholder") or "",
                  "inputmode": element.get("inputmode") or ""}
        if kind in ("checkbox", "radio"):
            f = fields.setdefault(name, Field(name, kind, [], **common))
            f.options.append(element.get("value", "on"))
            if element.get("checked") is not None:
                f.value.append(element.get("value", "on"))
        elif kind == "select":
            options = [o.get("value", o.text_content()) for o in element.iter("option")]
            chosen = [o.get("value", o.text_content()) for o in element.iter("option")
                      if o.get("selected") is not None]
            fields[name] = Field(name, "select", chosen[0] if chosen else "", options, **common)
        elif kind == "textarea":
            # A browser drops the one newline that opens a textarea's content.
            text = element.text or ""
            text = text[2:] if text.startswith("\r\n") else text.removeprefix("\n")
            fields[name] = Field(name, kind, text, **common)
        else:
            fields[name] = Field(name, kind, element.get("value") or "", **common)
    return fields


def messages(html: str) -> list[str]:
    """The refusals a page shows: beside a field, above a form, or flashed."""
    root = document(html)
    found = root.xpath('//*[contains(concat(" ", normalize-space(@class), " "), " error ")]'
                       ' | //*[contains(concat(" ", normalize-space(@class), " "), " flash ")]'
                       ' | //*[@role="alert"]')
    return [" ".join(e.text_content().split()) for e in found if e.text_content().strip()]


def messages_beside(html: str, name: str) -> list[str]:
    return [" ".join(e.text_content().split())
            for e in document(html).xpath(f'//*[@data-field="{name}"]')]


def kept_values(html: str, action: str) -> dict | None:
    """{name: value} of the re-rendered form posting to `action`, or None if the page
    has no such form."""
    for form in post_forms(html, action):
        if urlsplit(form.action).path == urlsplit(action).path:
            return {name: f.value for name, f in form.fields.items()}
    return None
