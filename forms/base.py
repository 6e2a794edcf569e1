"""The base of every form: rendered with CSRF on pages, filled from JSON by the API."""
from flask_wtf import FlaskForm
from wtforms import FieldList, FormField
from wtforms.form import Form

from .messages import catalogue


class AppForm(FlaskForm):
    class Meta:
        def get_translations(self, form):
            return catalogue  # WTForms' own messages in the page's language

    @classmethod
    def field_specs(cls) -> dict:
        """{name: None} for plain fields, {name: {sub: None}} for lists of sub-forms."""
        specs = {}
        for name in dir(cls):
            unbound = getattr(cls, name, None)
            if not hasattr(unbound, "_formfield") or name == "csrf_token":
                continue
            if unbound.field_class is FieldList and unbound.args and \
                    unbound.args[0].field_class is FormField:
                sub = unbound.args[0].args[0]
                specs[name] = {n: None for n in dir(sub)
                               if hasattr(getattr(sub, n, None), "_formfield")}
            else:
                specs[name] = None
        return specs

    @classmethod
    def from_api(cls, formdata, **kwargs):
        return cls(formdata=formdata, meta={"csrf": False}, **kwargs)

    def error_map(self) -> dict:
        """Errors as {field: message}, nested lists as `measurements[0].value`."""
        out = {}
        for name, errors in self.errors.items():
            if isinstance(errors, list) and errors and isinstance(errors[0], dict):
                for i, sub in enumerate(errors):
                    for sub_name, msgs in sub.items():
                        out[f"{name}[{i}].{sub_name}"] = "; ".join(map(str, msgs))
            elif isinstance(errors, dict):
                for sub_name, msgs in errors.items():
                    out[f"{name}.{sub_name}"] = "; ".join(map(str, msgs))
            else:
                out[name] = "; ".join(str(e) for e in errors)
        return out


class SubForm(Form):
    """Nested forms (measurements) carry no CSRF token of their own."""

    class Meta:
        def get_translations(self, form):
            return catalogue
