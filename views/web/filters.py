"""Jinja filters and globals: dates dd/mm/yyyy in Hanoi time, and the labels the domain keeps
as data in both languages (label_vi / label_en) picked for the page's language."""
from datetime import date, datetime

from flask import request, url_for
from flask_babel import lazy_pgettext

from forms import web_labels as labels
from models.base import aware
from workflows.engine.calendar import HANOI
from workflows.engine.registry import WORKFLOWS
from workflows.engine.fields import FIELDS
from workflows.engine.language import language as lang, pick


def vndate(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return aware(value).astimezone(HANOI).strftime("%d/%m/%Y")
    return value.strftime("%d/%m/%Y")


def vndatetime(value) -> str:
    if value is None:
        return ""
    if not isinstance(value, datetime):
        return vndate(value)
    return aware(value).astimezone(HANOI).strftime("%d/%m/%Y %H:%M")


def state_label(workflow_name: str, state: str) -> str:
    wf = WORKFLOWS.get(workflow_name)
    return wf.label(state, lang()) if wf else state


# Audit rows written by operations rather than by a transition.
OPERATION_LABELS = {"create": lazy_pgettext("nhật ký", "Tạo mới"),
                    "update": lazy_pgettext("nhật ký", "Cập nhật dữ liệu"),
                    "add_plant": lazy_pgettext("nhật ký", "Thêm trạm XLNT"),
                    "update_plant": lazy_pgettext("nhật ký", "Sửa trạm XLNT"),
                    "draw_up": lazy_pgettext("nhật ký", "Lập văn bản"),
                    "import": lazy_pgettext("nhật ký", "Nhập từ tệp")}
# Data edits, recorded as {field: [old, new]} rather than a transition's fields.
DATA_EDITS = ("update", "add_plant", "update_plant")


def trigger_label(workflow_name: str, trigger: str) -> str:
    wf = WORKFLOWS.get(workflow_name)
    for t in (wf.transitions if wf else ()):
        if t.trigger == trigger:
            return t.label_vi if lang() == "vi" else t.label_en
    return OPERATION_LABELS.get(trigger, trigger)


def field_label(name: str) -> str:
    field = FIELDS.get(name)
    return pick(field) if field else name


def audit_details(entry) -> list[tuple[str, str]]:
    """An audit row's data as (label, value) for the timeline: the transition's fields
    (dates dd/mm/yyyy), or each changed field as 'old → new' for a data update."""
    rows = []
    for key, value in sorted((entry.data or {}).items()):
        edit = entry.trigger in DATA_EDITS
        if key == "comment" or (key not in FIELDS and not edit):
            continue
        values = value if isinstance(value, list) else [value]
        shown = [_iso_to_vn(v) for v in values]
        rows.append((field_label(key), (" → " if edit else ", ").join(
            "—" if v is None else str(v) for v in shown)))
    return rows


def _iso_to_vn(value):
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return vndate(date.fromisoformat(value))
        except ValueError:
            return value
    return value


def money(value) -> str:
    return "" if value is None else f"{int(value):,}".replace(",", ".")


def number(value) -> str:
    """A Decimal as people write it: 250, not 250.000000 nor 2.5E+2."""
    if value is None:
        return ""
    text = format(value.normalize(), "f") if hasattr(value, "normalize") else str(value)
    return text


def percent(value, digits=1) -> str:
    return "" if value is None else f"{float(value) * 100:.{digits}f}%"


def url_with(**changes) -> str:
    """The current page's URL with some query arguments changed (filters, pages)."""
    args = request.args.to_dict()
    args.update({k: v for k, v in changes.items() if v is not None})
    for k, v in changes.items():
        if v is None:
            args.pop(k, None)
    return url_for(request.endpoint, **(request.view_args or {}), **args)


def init_app(app):
    app.jinja_env.filters.update(vndate=vndate, vndatetime=vndatetime,
                                 pick=pick, money=money, percent=percent,
                                 number=number)
    app.jinja_env.globals.update(lang=lang, state_label=state_label,
                                 trigger_label=trigger_label, field_label=field_label,
                                 url_with=url_with, audit_details=audit_details,
                                 kinds_labels=labels.INSPECTION_KINDS,
                                 cluster_kinds=labels.CLUSTER_KINDS,
                                 categories=labels.CATEGORIES, severities=labels.SEVERITIES)

    @app.context_processor
    def hanoi_today():
        from ..clock import today

        return {"today": today()}
