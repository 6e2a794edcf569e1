"""The base of every form: rendered with CSRF on pages, filled from JSON by the API."""
from datetime import date, datetime
from decimal import Decimal

from flask_babel import format_decimal, gettext as _, lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import FieldList, FormField, IntegerField, widgets
from wtforms.form import Form

from workflows.engine.fields import INT32_MAX, MAX_YEAR, MIN_YEAR, bad_characters
from workflows.wastewater.evaluation import MIN_EXPONENT

from .messages import catalogue


class AppForm(FlaskForm):
    # The model whose Numeric columns bound this form's decimals (None: NUMERIC_LIMIT).
    model = None

    class Meta:
        def get_translations(self, form):
            return catalogue  # WTForms' own messages in the page's language

    def add_errors(self, errors: dict) -> None:
        """Put an operation's {field: message} beside the fields (`measurements[0].value`
        beside that row's value); what names no field goes above the form."""
        for path, message in errors.items():
            field = _field_at(self, path)
            if field is not None:
                field.errors = [*field.errors, message]
            else:
                self.form_errors.append(f"{path}: {message}")

    def validate(self, extra_validators=None):
        """Values no column can hold (NaN, Infinity, a number past the column's digits, an
        id past 32 bits, a year like 9999, NUL or a lone surrogate in text) are refused
        before any validator compares them: each gets one message beside its field, never
        a 500 from a comparison or the database driver."""
        refused = refuse_unstorable(self)
        ok = super().validate(extra_validators)
        for field, message in refused:
            field.errors = [message]
        return ok and not refused

    @classmethod
    def field_specs(cls) -> dict:
        """{name: field class} for plain fields, {name: {sub: field class}} for lists of
        sub-forms."""
        specs = {}
        for name in dir(cls):
            unbound = getattr(cls, name, None)
            if not hasattr(unbound, "_formfield") or name == "csrf_token":
                continue
            if unbound.field_class is FieldList and unbound.args and \
                    unbound.args[0].field_class is FormField:
                sub = unbound.args[0].args[0]
                specs[name] = {n: getattr(sub, n).field_class for n in dir(sub)
                               if hasattr(getattr(sub, n, None), "_formfield")}
            else:
                specs[name] = unbound.field_class
        return specs

    @classmethod
    def from_api(cls, formdata, **kwargs):
        return cls(formdata=formdata, meta={"csrf": False}, **kwargs)

    def error_map(self) -> dict:
        """Errors as {field: message}, nested lists as `measurements[0].value`. Read from
        each field, not from form.errors: a list of sub-forms keeps its entries' errors as
        they stood when it was validated, before validate() put a refusal in their place."""
        return {path: "; ".join(map(str, messages))
                for path, messages in _field_errors(self) if messages}


# The page's hidden version is no version this app wrote (an old, broken or altered page).
RELOAD = _l("Trang này đã cũ hoặc không hợp lệ, vui lòng tải lại trang rồi thực hiện lại")


class VersionedForm(AppForm):
    """A form that changes a record as read at a version, carried hidden in the page: the
    change is refused if someone else changed the record since. A version missing or no
    integer is said above the form (the user never sees the field and can only reload),
    never taken as "the current one", which would write over the other change."""
    version = IntegerField(widget=widgets.HiddenInput())

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        # raw_data empty: no version posted (the page's own value would stand in for it).
        if self.version.errors or not self.version.raw_data or self.version.data is None:
            self.version.errors = []
            self.form_errors.append(str(RELOAD))
            return False
        return ok


def _field_errors(form, prefix=""):
    """(path, messages) for every field, nested lists of sub-forms included."""
    for name, field in form._fields.items():
        if isinstance(field, FieldList):
            for i, entry in enumerate(field.entries):
                if isinstance(entry, FormField):
                    yield from _field_errors(entry.form, f"{prefix}{name}[{i}].")
                else:
                    yield f"{prefix}{name}[{i}]", entry.errors
            # The list's own validators (too many entries) say it of the list.
            yield prefix + name, [e for e in field.errors if isinstance(e, str)]
        elif isinstance(field, FormField):
            yield from _field_errors(field.form, f"{prefix}{name}.")
        else:
            yield prefix + name, field.errors


class SubForm(Form):
    """Nested forms (measurements) carry no CSRF token of their own."""

    class Meta:
        def get_translations(self, form):
            return catalogue


NUMERIC_LIMIT = Decimal(10) ** 12


def _numeric_limit(form, name) -> Decimal:
    model = getattr(form, "model", None)
    column = getattr(getattr(model, "__table__", None), "c", {}).get(name) \
        if model is not None else None
    precision = getattr(getattr(column, "type", None), "precision", None)
    if precision:
        return Decimal(10) ** (precision - (column.type.scale or 0))
    return NUMERIC_LIMIT


def _fields(form):
    """(form, field) for every field, nested lists of sub-forms included."""
    for field in form:
        if isinstance(field, FieldList):
            for entry in field.entries:
                yield from (_fields(entry.form) if isinstance(entry, FormField)
                            else [(form, entry)])
        elif isinstance(field, FormField):
            yield from _fields(field.form)
        else:
            yield form, field


def _unstorable(form, field):
    for raw in field.raw_data or ():
        if isinstance(raw, str) and bad_characters(raw):
            return _("chứa ký tự không hợp lệ (NUL hoặc mã UTF-16 lẻ)")
    data = field.data
    if isinstance(data, Decimal):
        limit = _numeric_limit(form, field.name.rsplit("-", 1)[-1])
        # copy_abs, not abs(): abs() rounds to the context and traps on an exponent like
        # 1e1000000, which is exactly what this must refuse.
        if not data.is_finite() or data.copy_abs() >= limit:
            return _("phải là một số nhỏ hơn %(limit)s", limit=format_decimal(limit))
        # No measure or amount the product records is finer than the wastewater law's
        # finest measured value; a finer one is a typo.
        if data and data.adjusted() < MIN_EXPONENT:
            return _("quá nhỏ: tối đa %(n)d chữ số sau dấu thập phân", n=-MIN_EXPONENT)
    elif isinstance(data, int) and not isinstance(data, bool) and abs(data) > INT32_MAX:
        return _("số quá lớn")
    elif isinstance(data, (date, datetime)) and not MIN_YEAR <= data.year <= MAX_YEAR:
        return _("năm phải từ %(low)d đến %(high)d", low=MIN_YEAR, high=MAX_YEAR)
    return None


def refuse_unstorable(form) -> list:
    """Blank out each unstorable value (so no validator trips on it) and return
    [(field, message)] for the caller to put beside the fields."""
    refused = []
    for owner, field in _fields(form):
        message = _unstorable(owner, field)
        if message:
            field.data = None
            refused.append((field, message))
    return refused


def _field_at(form, path: str):
    """The field a path such as `measurements[0].value` or `planned_date` names, or None."""
    name, _sep, rest = path.partition("[")
    field = form._fields.get(name) if hasattr(form, "_fields") else None
    if field is None or not rest:
        return field
    index, _sep, sub = rest.partition("].")
    if not isinstance(field, FieldList) or not index.isdigit() or \
            int(index) >= len(field.entries):
        return None
    entry = field.entries[int(index)]
    return _field_at(entry.form, sub) if isinstance(entry, FormField) else entry
