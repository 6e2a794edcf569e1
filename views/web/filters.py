"""Jinja filters and globals: dates dd/mm/yyyy in Hanoi time, and the labels the domain keeps
as data in both languages (label_vi / label_en) picked for the page's language."""
from datetime import date, datetime
from decimal import ROUND_DOWN, Decimal, InvalidOperation
from functools import cache

from flask import request, url_for
from flask_babel import format_decimal, format_percent, gettext as _, lazy_pgettext

from forms import web_labels as labels
from forms.accounts import ROLE_CHOICES
from forms.evaluations import RECEIVING, SEA, UNITS
from models.base import aware
from workflows.engine.calendar import HANOI
from workflows.engine.registry import WORKFLOWS
from workflows.engine.fields import FIELDS
from workflows.engine.language import language as lang, pick
from workflows.wastewater.standards import load_library

from ..clock import today


def vndate(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return aware(value).astimezone(HANOI).strftime("%d/%m/%Y")
    return value.strftime("%d/%m/%Y")


def vndatetime(value, seconds: bool = False) -> str:
    """A moment in Hanoi time, dd/mm/yyyy HH:MM (with seconds where they matter, as for a
    scheduler's heartbeat). An ISO 8601 text (a status read as JSON) is read first."""
    if value is None:
        return ""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if not isinstance(value, datetime):
        return vndate(value)
    return aware(value).astimezone(HANOI).strftime("%d/%m/%Y %H:%M" + (":%S" if seconds else ""))


def state_label(workflow_name: str, state: str) -> str:
    wf = WORKFLOWS.get(workflow_name)
    return wf.label(state, lang()) if wf else state


# Audit rows written by operations rather than by a transition.
OPERATION_LABELS = {"create": lazy_pgettext("nhật ký", "Tạo mới"),
                    "update": lazy_pgettext("nhật ký", "Cập nhật dữ liệu"),
                    "add_plant": lazy_pgettext("nhật ký", "Thêm trạm XLNT"),
                    "update_plant": lazy_pgettext("nhật ký", "Sửa trạm XLNT"),
                    "draw_up": lazy_pgettext("nhật ký", "Lập văn bản"),
                    "import": lazy_pgettext("nhật ký", "Nhập từ tệp"),
                    "attach": lazy_pgettext("nhật ký", "Thêm tệp chứng minh"),
                    "correct_finding": lazy_pgettext("nhật ký", "Sửa kết quả kiểm tra"),
                    "withdraw_finding": lazy_pgettext("nhật ký", "Rút kết quả kiểm tra")}
# Data edits, recorded as {field: [old, new]} rather than a transition's fields.
DATA_EDITS = ("update", "add_plant", "update_plant")


def trigger_label(workflow_name: str, trigger: str) -> str:
    wf = WORKFLOWS.get(workflow_name)
    for t in (wf.transitions if wf else ()):
        if t.trigger == trigger:
            return t.label_vi if lang() == "vi" else t.label_en
    return OPERATION_LABELS.get(trigger, trigger)


def field_label(name: str) -> str:
    """A transition's field by its label; a cluster's or a plant's own field (an edit on
    the timeline, a refusal) by its form's."""
    field = FIELDS.get(name)
    return pick(field) if field else str(labels.RECORD_FIELDS.get(name, name))


@cache
def _parameter_names() -> dict:
    """{code: (name_vi, name_en, unit)} over the standards library, first standard first."""
    names = {}
    for standard in load_library().standards:
        for p in standard.parameters:
            names.setdefault(p.key, (p.name_vi, p.name_en, p.unit))
    return names


def measured_parameters() -> list[tuple[str, str, str]]:
    """What a finding's measurement may name, as the standards write it: (code, name in the
    page's language, unit), the code being what the evaluation reads ('tss', not 'Chất rắn
    lơ lửng')."""
    i = 1 if lang() == "en" else 0
    return [(code, names[i], names[2]) for code, names in _parameter_names().items()]


def unit_label(unit) -> str:
    """A standard's unit as the page's language writes it."""
    return str(UNITS.get(unit, unit or ""))


def parameter_label(code) -> str:
    """A measured parameter's name ('Nhu cầu oxy hóa học (COD)'), not its code ('cod')."""
    names = _parameter_names().get((code or "").strip().lower())
    return code if names is None else names[1 if lang() == "en" else 0]


def audit_details(entry) -> list[tuple[str, str]]:
    """An audit row's data as (label, value) for the timeline: the transition's fields
    (dates dd/mm/yyyy), or each changed field as 'old → new' for a data update."""
    rows = []
    for key, value in sorted((entry.data or {}).items()):
        edit = entry.trigger in DATA_EDITS
        if key == "comment" or (key not in FIELDS and not edit):
            continue
        values = value if isinstance(value, list) else [value]
        rows.append((field_label(key), (" → " if edit else ", ").join(
            _audit_value(key, v) for v in values)))
    return rows


# The recorded figures of a cluster and a plant (areas, flows, capacities), and the codes
# whose labels the timeline shows.
RECORD_FIGURES = ("area_ha", "industrial_land_ha", "leased_land_ha", "capacity_m3_day",
                  "receiving_flow_m3s", "receiving_volume_m3", "discharge_flow_m3_day")
CODED = {"receiving_body": RECEIVING, "sea_kind": SEA, "kind": labels.CLUSTER_KINDS}


def _audit_value(key: str, value) -> str:
    """One value of an audit row as the page writes it: a date dd/mm/yyyy, an amount or a
    figure in the page's format, a code by its label, yes or no, a record by its number."""
    kind = FIELDS[key].kind if key in FIELDS else None
    if value is None:
        return "—"
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if kind == "money":
        return money(value)
    if key in RECORD_FIGURES:
        return number(value)
    if key in CODED:
        return str(CODED[key].get(value, value))
    if kind == "ids" or key.endswith("_id"):
        return f"#{value}"
    return str(_iso_to_vn(value))


def _iso_to_vn(value):
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return vndate(date.fromisoformat(value))
        except ValueError:
            return value
    return value


# Numbers in Babel's format for the page's locale: in Vietnamese a decimal comma and a
# thousands dot (1.234.567 đ, 74,25, 18,6%), in English the other way round.

def money(value) -> str:
    """A VND amount: whole dong, thousands grouped."""
    return "" if value is None else format_decimal(int(value), format="#,##0")


def _decimal(value):
    try:
        found = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return found if found.is_finite() else None


def number(value, places: int | None = None) -> str:
    """A figure as people write it: 250, not 250.000000 nor 2.5E+2; with ``places``, at most
    that many decimals, cut rather than rounded (a 1.09999x warning never reads 1,1)."""
    if value is None or value == "":
        return ""
    found = _decimal(value)
    if found is None:
        if isinstance(value, str) and "-" in value[1:]:  # a range, pH 5.5-9: 5,5–9
            low, _dash, high = value.partition("-")
            if _decimal(low) is not None and _decimal(high) is not None:
                return f"{number(low, places)}–{number(high, places)}"
        return str(value)
    if places is not None:
        found = found.quantize(Decimal(1).scaleb(-places), rounding=ROUND_DOWN)
    shown = max(0, -found.normalize().as_tuple().exponent)
    return format_decimal(found, format="#,##0" + ("." + "#" * shown if shown else ""))


def file_size(size: int) -> str:
    """A file's size as a file manager writes it: 29 B, 12,3 KB, 4,1 MB."""
    for unit, scale in (("MB", 1024 ** 2), ("KB", 1024)):
        if size >= scale:
            return f"{number(Decimal(size) / scale, 1)} {unit}"
    return f"{number(size)} B"


def factor(value) -> str:
    """An exceedance factor: 2 decimals, cut (×4,04 for 4.0404)."""
    found = None if value is None else _decimal(value)
    if found is None:
        return ""
    return "×" + format_decimal(found.quantize(Decimal("0.01"), rounding=ROUND_DOWN),
                                format="#,##0.00")


def percent(value, digits=1) -> str:
    """A share (0.186) as a percentage: 18,6%."""
    if value is None:
        return ""
    return format_percent(value, format="#,##0" + ("." + "0" * digits if digits else "") + "%")


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
                                 number=number, file_size=file_size, factor=factor,
                                 parameter_label=parameter_label,
                                 unit_label=unit_label)
    app.jinja_env.globals.update(lang=lang, state_label=state_label,
                                 trigger_label=trigger_label, field_label=field_label,
                                 url_with=url_with, audit_details=audit_details,
                                 measured_parameters=measured_parameters,
                                 kinds_labels=labels.INSPECTION_KINDS,
                                 deadline_subjects=labels.DEADLINE_SUBJECTS,
                                 cluster_kinds=labels.CLUSTER_KINDS,
                                 categories=labels.CATEGORIES, severities=labels.SEVERITIES,
                                 paper_kinds=labels.PAPER_KINDS,
                                 organization_kinds=labels.ORGANIZATION_KINDS,
                                 role_labels=dict(ROLE_CHOICES),
                                 receiving_labels=RECEIVING, sea_labels=SEA,
                                 parameter_label=parameter_label)

    @app.context_processor
    def hanoi_today():
        return {"today": today()}
