"""A transition's form, built from the fields the transition requires and accepts
(workflows.engine.fields.FIELDS): the page asks for exactly what `fire` will check, and each
field is checked by the same parser, so the message beside a field is the engine's."""
from flask_babel import format_decimal, gettext as _, lazy_gettext as _l
from flask_babel.speaklater import LazyString
from wtforms import (MultipleFileField, SelectMultipleField, StringField,
                     TextAreaField, widgets)
from wtforms.validators import InputRequired, Optional, ValidationError

from workflows.engine.fields import FIELDS, FieldError
from workflows.engine.language import pick
from workflows.machines.field_rules import fine_range

from .base import VersionedForm

REQUIRED = _l("bắt buộc")


class CheckboxList(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class TransitionForm(VersionedForm):
    field_names: tuple[str, ...] = ()

    def uploads(self) -> list:
        """The files attached in the form itself (none when it takes no evidence)."""
        field = getattr(self, "evidence_files", None)
        return [f for f in (field.data or []) if getattr(f, "filename", "")] if field else []

    def transition_data(self) -> dict:
        """The non-empty fields other than the comment, as `fire(data=...)` takes them."""
        data = {}
        for name in self.field_names:
            value = getattr(self, name).data
            if name != "comment" and value not in (None, "", []):
                data[name] = value
        return data

    def add_errors(self, errors: dict) -> None:
        """Put the engine's {field: message} beside the fields; the rest on the form."""
        for name, message in errors.items():
            if name == "file" and hasattr(self, "evidence_files"):
                name = "evidence_files"  # a refused upload: beside the file field
            field = getattr(self, name, None) if name in (*self.field_names,
                                                            "evidence_files") else None
            if field is not None:
                field.errors = [*field.errors, message]
            else:
                self.form_errors.append(f"{pick(FIELDS[name]) if name in FIELDS else name}: "
                                        f"{message}")


def _parses(name):
    def check(form, field):
        if field.data in (None, ""):
            return
        try:
            FIELDS[name].parse(field.data)
        except FieldError as exc:
            raise ValidationError(str(exc)) from None
    return check


def _field_for(name: str, required: bool):
    spec = FIELDS[name]
    label = LazyString(pick, spec)  # the field's own vi/en labels, picked when shown
    presence = InputRequired(message=REQUIRED) if required else Optional()
    if spec.kind == "ids":
        # Optional here even when the transition requires it: files attached in the same
        # form (evidence_files) count too; fire() checks that at least one proof was given.
        return CheckboxList(label, coerce=int, validators=[Optional()])
    if spec.kind == "text":
        return TextAreaField(label, validators=[presence, _parses(name)])
    extra = {"placeholder": "dd/mm/yyyy"} if spec.kind == "date" else {}
    if spec.kind == "money":
        extra = {"inputmode": "numeric", "placeholder": "VND"}
    return StringField(label, validators=[presence, _parses(name)], render_kw=extra)


def transition_form(transition, evidence_choices=(), entity=None, **kwargs) -> TransitionForm:
    """An instance of the form for `transition`; `evidence_choices` are (id, filename)
    pairs of the entity's attachments for an `ids` field. With the `entity`, a fine field
    shows the violation's suggested legal range and starts at its lower end."""
    names = ("comment", *[n for n in (*transition.required, *transition.optional)
                          if n != "comment"])
    attrs = {"field_names": names}
    for name in names:
        attrs[name] = _field_for(name, name in transition.required)
    if any(FIELDS[n].kind == "ids" for n in names):
        attrs["evidence_files"] = MultipleFileField(_l("Đính kèm tệp chứng minh (JPEG, PNG, "
                                                       "WebP, PDF)"))
    form_cls = type(f"{transition.trigger.title()}Form", (TransitionForm,), attrs)
    form = form_cls(**kwargs)
    for name in names:
        if FIELDS[name].kind == "ids":
            getattr(form, name).choices = list(evidence_choices)
        if entity is not None and "fine_in_range" in FIELDS[name].rules:
            _show_fine_range(getattr(form, name), entity)
    return form


def _show_fine_range(field, violation) -> None:
    low, high, suggested = fine_range(violation)
    field.description = (
        _("Khung đề xuất: %(low)s – %(high)s VND", low=format_decimal(low),
          high=format_decimal(high)) if suggested else
        _("Khung pháp luật: %(low)s – %(high)s VND", low=format_decimal(low),
          high=format_decimal(high)))
    if field.data in (None, "") and not field.raw_data:
        field.data = str(low) if suggested else None
