"""The language a text is being written in: the request's (Flask-Babel's locale), Vietnamese
outside a request. Workflows keep their labels as data in both languages (label_vi,
label_en); this picks one."""
from flask_babel import get_locale


def language() -> str:
    locale = get_locale()
    return "en" if locale is not None and locale.language == "en" else "vi"


def pick(obj, attr: str = "label") -> str:
    """obj.label_vi or obj.label_en (name_vi / name_en ...) for the current language."""
    if obj is None:
        return ""
    return getattr(obj, f"{attr}_{language()}", None) or getattr(obj, f"{attr}_vi", "") or ""
