"""The language a text is being written in: the request's (Flask-Babel's locale), Vietnamese
outside a request. Workflows keep their labels as data in both languages (label_vi,
label_en); this picks one, and `say` says a pure library's Message (workflows/engine/messages.py)."""
from collections.abc import Mapping

from flask_babel import format_decimal, get_locale, gettext

from workflows.engine.messages import Message, is_number


def language() -> str:
    locale = get_locale()
    return "en" if locale is not None and locale.language == "en" else "vi"


def pick(obj, attr: str = "label") -> str:
    """obj.label_vi or obj.label_en (name_vi / name_en ...) for the current language."""
    if obj is None:
        return ""
    return getattr(obj, f"{attr}_{language()}", None) or getattr(obj, f"{attr}_vi", "") or ""


def say(text):
    """A Message through the catalogue in the current language, its parameters said too;
    the values of a mapping (a refusal's field errors) and the items of a list or tuple
    each so; a number in the reader's format; anything else (a plain str) as it is."""
    if is_number(text):
        return format_decimal(text)
    if isinstance(text, Message):
        return gettext(text.msgid, **{k: say(v) for k, v in text.params.items()})
    if isinstance(text, Mapping):
        return {k: say(v) for k, v in text.items()}
    if isinstance(text, (list, tuple)):
        return [say(v) for v in text]
    return text
