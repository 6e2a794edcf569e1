"""The fields a transition may require, each with a parser that turns raw input (JSON or a
form) into a clean value or a message for the user. Transitions name fields; the engine
checks at import that every name is known here."""
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Callable


class FieldError(ValueError):
    pass


def _text(raw: Any) -> str:
    if not isinstance(raw, str):
        raise FieldError("phải là văn bản / must be text")
    value = raw.strip()
    if not value:
        raise FieldError("không được để trống / must not be empty")
    if len(value) > 5000:
        raise FieldError("quá dài (tối đa 5000 ký tự) / too long (5000 characters at most)")
    return value


def _code(raw: Any) -> str:
    value = _text(raw)
    if len(value) > 80:
        raise FieldError("quá dài (tối đa 80 ký tự) / too long (80 characters at most)")
    return value


def parse_date(raw: Any) -> date:
    """ISO (2026-11-28) from machines, dd/mm/yyyy from people."""
    if isinstance(raw, date) and not isinstance(raw, datetime):
        return raw
    if isinstance(raw, str):
        for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
            try:
                return datetime.strptime(raw.strip(), fmt).date()
            except ValueError:
                pass
    raise FieldError("ngày không hợp lệ, dùng dd/mm/yyyy / invalid date, use dd/mm/yyyy or YYYY-MM-DD")


def _money(raw: Any) -> int:
    if isinstance(raw, bool) or not isinstance(raw, (int, str)):
        raise FieldError("phải là số tiền VND nguyên / must be a whole VND amount")
    try:
        value = int(str(raw).replace(".", "").replace(",", "").strip())
    except ValueError:
        raise FieldError("phải là số tiền VND nguyên / must be a whole VND amount") from None
    if value < 0:
        raise FieldError("không được âm / must not be negative")
    return value


def _ids(raw: Any) -> list[int]:
    if not isinstance(raw, list) or not all(isinstance(i, int) and not isinstance(i, bool)
                                            for i in raw):
        raise FieldError("phải là danh sách mã số / must be a list of ids")
    return raw


@dataclass(frozen=True)
class Field:
    name: str
    label_vi: str
    label_en: str
    kind: str  # text | code | date | money | ids: what the form renders
    parse: Callable[[Any], Any]


_KINDS = {"text": _text, "code": _code, "date": parse_date, "money": _money, "ids": _ids}


def _field(name, label_vi, label_en, kind):
    return Field(name, label_vi, label_en, kind, _KINDS[kind])


FIELDS: dict[str, Field] = {f.name: f for f in (
    _field("comment", "Ý kiến / nội dung", "Comment", "text"),
    _field("decision_no", "Số quyết định", "Decision number", "code"),
    _field("decision_date", "Ngày quyết định", "Decision date", "date"),
    _field("effective_date", "Ngày thực hiện", "Effective date", "date"),
    _field("record_no", "Số biên bản vi phạm", "Violation record number", "code"),
    _field("certification_no", "Số giấy xác nhận", "Certification number", "code"),
    _field("certification_date", "Ngày xác nhận", "Certification date", "date"),
    _field("planned_start_date", "Ngày khởi công dự kiến", "Planned start date", "date"),
    _field("planned_completion_date", "Ngày hoàn thành dự kiến", "Planned completion date",
           "date"),
    _field("due_date", "Thời hạn khắc phục", "Remediation deadline", "date"),
    _field("requested_due_date", "Thời hạn đề nghị", "Requested deadline", "date"),
    _field("new_due_date", "Thời hạn mới", "New deadline", "date"),
    _field("fine_vnd", "Số tiền phạt (VND)", "Fine (VND)", "money"),
    _field("evidence_ids", "Tài liệu chứng minh", "Evidence files", "ids"),
    _field("resolve_by", "Hạn tháo gỡ", "Resolve by", "date"),
    _field("person_in_charge", "Người phụ trách", "Person in charge", "code"),
)}


def clean(required: tuple[str, ...], optional: tuple[str, ...], comment: str | None,
          data: dict) -> dict:
    """Validate a transition's input; raise Invalid with every field's message at once."""
    from workflows.engine.errors import Invalid

    errors: dict[str, str] = {}
    values: dict[str, Any] = {}
    allowed = set(required) | set(optional) | {"comment"}
    for key in data:
        if key not in allowed:
            errors[key] = "trường không dùng cho thao tác này / unknown field for this action"
    merged = dict(data)
    if comment not in (None, "") or "comment" not in merged:
        merged["comment"] = comment
    for name in allowed:
        raw = merged.get(name)
        if raw in (None, "", []):
            if name in required:
                errors[name] = "bắt buộc / required"
            continue
        try:
            values[name] = FIELDS[name].parse(raw)
        except FieldError as exc:
            errors[name] = str(exc)
    if errors:
        raise Invalid(errors)
    return values
