"""Which standard binds a plant, said in words: the plant page, GET /plants/<id> and every
evaluation show it; an evaluation under a standard whose table is not loaded is refused with
the reason (never evaluated under another standard instead). Under QCVN 40:2025 a plant is
evaluated on the 2025 column its record names, never one derived from its 2011 column."""
from datetime import date

from flask import current_app
from flask_babel import gettext as _

from workflows.engine.errors import Invalid
from workflows.operations.plant_conditions import conditions_of
from workflows.wastewater.binding import binding_standard, has_limits, limits, transition_for
from workflows.wastewater.standards import load_library
from workflows.wastewater.successor import successor_standard


def _reason(binding, plant) -> str:
    t = binding.transition
    if binding.reason == "before_successor":
        return _("Trước ngày %(day)s, ngày QCVN 40:2025/BTNMT có hiệu lực: áp dụng quy chuẩn "
                 "ghi trong hồ sơ trạm", day=t.in_force_from.strftime("%d/%m/%Y"))
    if binding.reason == "existing_transition":
        return _("Cơ sở hiện hữu (%(basis)s, %(day)s): giữ QCVN 40:2011/BTNMT đến hết ngày "
                 "%(until)s theo Thông tư 06/2025/TT-BTNMT", basis=plant.existing_basis or "",
                 day=plant.existing_basis_date.strftime("%d/%m/%Y")
                 if plant.existing_basis_date else "?",
                 until=t.existing_until.strftime("%d/%m/%Y"))
    if plant.existing_facility:
        return _("Cơ sở hiện hữu đã hết thời hạn chuyển tiếp (%(until)s): áp dụng QCVN "
                 "40:2025/BTNMT", until=t.existing_until.strftime("%d/%m/%Y"))
    return _("Không ghi nhận là cơ sở hiện hữu: từ ngày %(day)s áp dụng QCVN 40:2025/BTNMT",
             day=t.in_force_from.strftime("%d/%m/%Y"))


def binding_of(plant, on: date) -> dict | None:
    """{code, version, reason, reason_code, until, limits_loaded, column} for `plant` on the
    day `on` (column: the plant's column under that standard, None while not recorded);
    None for a standard no transition concerns."""
    directory = _directory()
    binding = binding_standard(plant.standard_code, bool(plant.existing_facility), on,
                               directory)
    if binding is None:
        return None
    own = binding.code == plant.standard_code
    return {**binding.to_dict(), "reason_code": binding.reason,
            "reason": _reason(binding, plant),
            "limits_loaded": own or has_limits(binding.code, directory),
            "column": plant.standard_column if own else plant.successor_column}


def _directory():
    """Where the standards live: data/standards/ unless the app says otherwise."""
    return current_app.config.get("STANDARDS_DIR")


def check_evaluable(plant, on: date) -> dict | None:
    """The binding on the sampling date, or Invalid on `standard` when the standard that
    binds has no limit table loaded. The plant's record names the standard it was built
    under; when another binds on that date, the evaluation may not use the record's."""
    binding = binding_of(plant, on)
    if binding is not None and not binding["limits_loaded"]:
        raise Invalid({"standard": _(
            "Không thể đánh giá: ngày %(day)s trạm chịu %(code)s (%(reason)s), nhưng bảng giới "
            "hạn của %(code)s chưa được nạp vào hệ thống (flask --app app standards load). "
            "Hệ thống không đánh giá thay bằng QCVN 40:2011.",
            day=on.strftime("%d/%m/%Y"), code=binding["code"], reason=binding["reason"])})
    if binding is not None and binding["column"] is None:
        # The 2025 columns' meaning is not confirmed: the column is recorded, never derived.
        raise Invalid({"standard": _(
            "Không thể đánh giá: ngày %(day)s trạm chịu %(code)s nhưng hồ sơ trạm chưa ghi cột "
            "áp dụng theo %(code)s. Ý nghĩa các cột của %(code)s chưa được xác nhận nên hệ "
            "thống không suy ra từ cột theo %(recorded)s: ghi \"Cột theo QCVN 40:2025\" "
            "(successor_column) trong hồ sơ trạm.",
            day=on.strftime("%d/%m/%Y"), code=binding["code"],
            recorded=plant.standard_code)})
    return binding


def evaluation_conditions(plant, on: date) -> tuple[dict | None, dict]:
    """The binding on the sampling date (check_evaluable) and the arguments of
    workflows.wastewater.evaluation.evaluate under it: the plant's record under the standard
    it names, or the successor's loaded table read for the plant's successor column and
    discharge flow."""
    binding = check_evaluable(plant, on)
    conditions = conditions_of(plant)
    if binding is not None and binding["code"] != plant.standard_code:
        directory = _directory()
        transition = transition_for(binding["code"], directory)
        conditions.update(column=plant.successor_column, standard=successor_standard(
            transition, limits(binding["code"], directory), plant.successor_column,
            plant.discharge_flow_m3_day, load_library(directory).get(transition.predecessor)))
    return binding, conditions


def evaluation_flags(binding: dict | None, on: date) -> list[str]:
    """'transition': the sample is evaluated under a standard that was superseded before its
    date, kept only by the existing facilities' transition (until the date given)."""
    if binding is not None and binding["reason_code"] == "existing_transition":
        return ["transition"]
    return []
