"""The fields a transition may require, each with a parser that turns raw input (JSON or a
form) into a clean value or a message for the user. Transitions name fields; the engine
checks at import that every name is known here."""
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Callable

from flask_babel import gettext as _

from workflows.engine.errors import Invalid
from workflows.engine.language import pick

# Column ranges: an id is an INTEGER on PostgreSQL, an amount in VND a BIGINT. A value
# beyond them is refused as input, never left to the database driver to overflow.
INT32_MAX = 2**31 - 1
INT64_MAX = 2**63 - 1
# A date outside these years is a typo (9999, 0201), not a plan or a record.
MIN_YEAR, MAX_YEAR = 1900, 2100
MAX_IDS = 50
# NUL cannot be stored in a PostgreSQL text column; a lone surrogate has no UTF-8 form.
_BAD_CHARACTERS = re.compile("[\x00\ud800-\udfff]")


class FieldError(ValueError):
    pass


def bad_characters(text: str) -> bool:
    return _BAD_CHARACTERS.search(text) is not None


def refuse_bad_characters(text: str) -> str:
    if bad_characters(text):
        raise FieldError(_("chứa ký tự không hợp lệ (NUL hoặc mã UTF-16 lẻ)"))
    return text


def sane_year(value: date) -> date:
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise FieldError(_("năm phải từ %(low)d đến %(high)d", low=MIN_YEAR, high=MAX_YEAR))
    return value


def _text(raw: Any) -> str:
    if not isinstance(raw, str):
        raise FieldError(_("phải là văn bản"))
    value = refuse_bad_characters(raw.strip())
    if not value:
        raise FieldError(_("không được để trống"))
    if len(value) > 5000:
        raise FieldError(_("quá dài (tối đa 5000 ký tự)"))
    return value


def _code(raw: Any) -> str:
    value = _text(raw)
    if len(value) > 80:
        raise FieldError(_("quá dài (tối đa 80 ký tự)"))
    return value


def parse_date(raw: Any) -> date:
    """ISO (2026-11-28) from machines, dd/mm/yyyy from people."""
    if isinstance(raw, date) and not isinstance(raw, datetime):
        return sane_year(raw)
    if isinstance(raw, str):
        for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
            try:
                return sane_year(datetime.strptime(raw.strip(), fmt).date())
            except ValueError as exc:
                if isinstance(exc, FieldError):
                    raise
    raise FieldError(_("ngày không hợp lệ, dùng dd/mm/yyyy"))


def _money(raw: Any) -> int:
    if isinstance(raw, bool) or not isinstance(raw, (int, str)):
        raise FieldError(_("phải là số tiền VND nguyên"))
    try:
        value = int(str(raw).replace(".", "").replace(",", "").strip())
    except ValueError:
        raise FieldError(_("phải là số tiền VND nguyên")) from None
    if value < 0:
        raise FieldError(_("không được âm"))
    if value > INT64_MAX:
        raise FieldError(_("số tiền quá lớn"))
    return value


def _ids(raw: Any) -> list[int]:
    if not isinstance(raw, list) or not all(isinstance(i, int) and not isinstance(i, bool)
                                            for i in raw):
        raise FieldError(_("phải là danh sách mã số"))
    if len(raw) > MAX_IDS or not all(1 <= i <= INT32_MAX for i in raw):
        raise FieldError(_("tối đa %(count)d mã số, mỗi mã từ 1 đến %(high)d",
                           count=MAX_IDS, high=INT32_MAX))
    return raw


@dataclass(frozen=True)
class Field:
    name: str
    label_vi: str
    label_en: str
    kind: str  # text | code | date | money | ids: what the form renders
    parse: Callable[[Any], Any]
    # Named rules (RULES) checked on the parsed value against the entity and today:
    # "after_today", "within_policy:remediation". A rule's argument follows the colon.
    rules: tuple[str, ...] = ()

    def label(self) -> str:
        """The label in the request's language (Vietnamese outside a request)."""
        return pick(self)


_KINDS = {"text": _text, "code": _code, "date": parse_date, "money": _money, "ids": _ids}

# name -> rule(value, ctx, arg) returning a message, or None when the value is lawful.
# The generic rules are here; the registry adds the ones that read the domain (deadlines, the
# fine suggestion: workflows/machines/field_rules.py).
RULES: dict[str, Callable] = {}


def rule(name):
    def register(fn):
        RULES[name] = fn
        return fn
    return register


@dataclass
class RuleContext:
    """What a rule may look at: today in Hanoi, the entity acted on (None when creating
    one), the session, and the other parsed values of the same action."""
    today: date
    entity: Any = None
    session: Any = None
    values: dict | None = None


def _field(name, label_vi, label_en, kind, rules=()):
    return Field(name, label_vi, label_en, kind, _KINDS[kind], tuple(rules))


def check_rules(name: str, value, ctx: RuleContext) -> str | None:
    """The first broken rule's message for FIELDS[name] holding `value`, or None."""
    for spec in FIELDS[name].rules:
        rule_name, _sep, arg = spec.partition(":")
        message = RULES[rule_name](value, ctx, arg or None)
        if message:
            return message
    return None


@rule("after_today")
def after_today(value: date, ctx, arg):
    if value <= ctx.today:
        return _("phải sau ngày hôm nay (%(today)s)", today=ctx.today.strftime("%d/%m/%Y"))


@rule("not_future")
def not_future(value: date, ctx, arg):
    if value > ctx.today:
        return _("không được sau ngày hôm nay (%(today)s)",
                 today=ctx.today.strftime("%d/%m/%Y"))


@rule("not_past")
def not_past(value: date, ctx, arg):
    if value < ctx.today:
        return _("không được trước ngày hôm nay (%(today)s)",
                 today=ctx.today.strftime("%d/%m/%Y"))


@rule("positive")
def positive(value, ctx, arg):
    if value <= 0:
        return _("phải lớn hơn 0")


@rule("after_field")
def after_field(value: date, ctx, arg):
    """Later than another date of the same action (a completion after its start)."""
    other = (ctx.values or {}).get(arg)
    if isinstance(other, date) and value <= other:
        return _("phải sau %(field)s (%(day)s)", field=FIELDS[arg].label(),
                 day=other.strftime("%d/%m/%Y"))


FIELDS: dict[str, Field] = {f.name: f for f in (
    _field("comment", "Ý kiến / nội dung", "Comment", "text"),
    _field("decision_no", "Số quyết định", "Decision number", "code"),
    _field("decision_date", "Ngày quyết định", "Decision date", "date",
           ("not_future", "since_entity")),
    _field("effective_date", "Ngày thực hiện", "Effective date", "date",
           ("not_future", "since_entity")),
    _field("record_no", "Số biên bản vi phạm", "Violation record number", "code"),
    _field("certification_no", "Số giấy xác nhận", "Certification number", "code"),
    _field("certification_date", "Ngày xác nhận", "Certification date", "date",
           ("not_future", "since_entity")),
    _field("planned_start_date", "Ngày khởi công dự kiến", "Planned start date", "date",
           ("after_field:decision_date",)),
    _field("planned_completion_date", "Ngày hoàn thành dự kiến", "Planned completion date",
           "date", ("after_field:planned_start_date",)),
    _field("due_date", "Thời hạn khắc phục", "Remediation deadline", "date",
           ("after_today", "within_policy:remediation")),
    _field("requested_due_date", "Thời hạn đề nghị", "Requested deadline", "date",
           ("after_today", "later_than_deadline:remediation", "within_policy:remediation")),
    _field("new_due_date", "Thời hạn mới", "New deadline", "date",
           ("after_today", "later_than_deadline:remediation", "within_policy:remediation")),
    _field("fine_vnd", "Số tiền phạt (VND)", "Fine (VND)", "money",
           ("positive", "fine_in_range")),
    # Fields of the operations that create an entity (plan an inspection, report a
    # violation): the same rules, checked by the operation with `enforce`.
    _field("planned_date", "Ngày kiểm tra", "Inspection date", "date", ("not_past",)),
    _field("sampled_on", "Ngày lấy mẫu", "Sampling date", "date",
           ("not_future", "since_entity:established")),
    # Why a fine departs from the suggested legal range; kept in the audit row.
    _field("fine_departure_reason", "Lý do quyết định khác khung đề xuất",
           "Reason for departing from the suggested range", "text"),
    _field("evidence_ids", "Tài liệu chứng minh", "Evidence files", "ids",
           ("attachments_of_entity",)),
    _field("resolve_by", "Hạn tháo gỡ", "Resolve by", "date",
           ("after_today", "within_policy:obstacle_resolution")),
    _field("person_in_charge", "Người phụ trách", "Person in charge", "code"),
)}


def clean(required: tuple[str, ...], optional: tuple[str, ...], comment: str | None,
          data: dict, ctx: RuleContext | None = None) -> dict:
    """Validate a transition's input; raise Invalid with every field's message at once.
    With `ctx`, each parsed value is then held to its field's rules."""
    errors: dict[str, str] = {}
    values: dict[str, Any] = {}
    allowed = set(required) | set(optional) | {"comment"}
    for key in data:
        if key not in allowed:
            errors[key] = _("trường không dùng cho thao tác này")
    merged = dict(data)
    if comment not in (None, "") or "comment" not in merged:
        merged["comment"] = comment
    for name in allowed:
        raw = merged.get(name)
        if raw in (None, "", []):
            if name in required:
                errors[name] = _("bắt buộc")
            continue
        try:
            values[name] = FIELDS[name].parse(raw)
        except FieldError as exc:
            errors[name] = str(exc)
    if ctx is not None:
        ctx.values = values
        for name, value in values.items():
            message = check_rules(name, value, ctx)
            if message:
                errors[name] = message
    if errors:
        raise Invalid(errors)
    return values


def enforce(values: dict, ctx: RuleContext) -> None:
    """Hold an operation's parsed values to their fields' rules; Invalid names each field."""
    ctx.values = values
    errors = {name: message for name, value in values.items()
              if value is not None and (message := check_rules(name, value, ctx))}
    if errors:
        raise Invalid(errors)


def column_errors(model, values: dict) -> dict[str, str]:
    """{name: message} for each text value longer than its column of `model` holds (the
    database would refuse it with an error, not a message)."""
    errors = {}
    for name, value in values.items():
        column = model.__table__.c.get(name)
        length = getattr(getattr(column, "type", None), "length", None)
        if isinstance(value, str) and length and len(value) > length:
            errors[name] = _("quá dài (tối đa %(n)d ký tự)", n=length)
    return errors
