"""What a measured value must be before it is recorded, plant or no plant: not negative, pH
within 0-14, in the unit the standard gives (coliform as MPN or CFU per 100 ml too), and of a
plausible size. A wastewater finding's parameter must be one the standards know, so that a
typo can never open a violation or hide one. The finding form and the API both call this."""
from functools import cache

from flask_babel import format_decimal, gettext as _

from workflows.wastewater.evaluation import unit_accepted
from workflows.wastewater.standards import PH_MAX, PH_MIN, load_library

# A value ten thousand times the standard's laxest limit is a misplaced decimal point or a
# unit mix-up (µg for mg), not a sample.
PLAUSIBLE_TIMES = 10_000


def known_parameter(text: str):
    """The parameter named by `text` in the first standard on file that has it, else None:
    its code ('tss') or its name as the standard writes it, in Vietnamese or English
    ('Chất rắn lơ lửng'), whatever the case and spacing."""
    library = load_library()
    return _names(library.directory).get(_spelled(text))


def with_codes(rows: list[dict]) -> list[dict]:
    """The rows with each parameter named by its code, as the evaluation reads it: a
    name the standards know becomes its code, any other text stays as typed."""
    coded = []
    for row in rows:
        param = known_parameter(row.get("parameter") or "")
        coded.append({**row, "parameter": param.key} if param is not None else row)
    return coded


def _spelled(text: str) -> str:
    return " ".join((text or "").split()).casefold()


@cache
def _names(directory) -> dict:
    """{code or name, spelled: parameter} of the library in `directory`: codes first, then
    names, each from the first standard that has it."""
    standards = load_library(directory).standards
    found = {}
    for standard in standards:
        for param in standard.parameters:
            found.setdefault(_spelled(param.key), param)
    for standard in standards:
        for param in standard.parameters:
            for name in (param.name_vi, param.name_en):
                found.setdefault(_spelled(name), param)
    return found


def measurement_errors(rows, *, wastewater: bool) -> dict[str, str]:
    """{"i.field": message} for rows of {parameter, value, unit}."""
    errors = {}
    for i, row in enumerate(rows):
        value, parameter, unit = row.get("value"), row.get("parameter") or "", row.get("unit")
        if value is not None and value < 0:
            errors[f"{i}.value"] = _("không được âm")
            continue
        if not wastewater:
            continue
        param = known_parameter(parameter)
        if param is None:
            errors[f"{i}.parameter"] = _("'%(parameter)s' không phải thông số của quy chuẩn "
                                         "nước thải nào", parameter=parameter)
            continue
        if not unit_accepted(param, unit):
            errors[f"{i}.unit"] = _("đơn vị của %(parameter)s là %(unit)s",
                                    parameter=param.key, unit=param.unit)
        if value is None:
            continue
        if param.basis == "ph":
            if not PH_MIN <= value <= PH_MAX:
                errors[f"{i}.value"] = _("pH phải nằm trong khoảng từ %(low)s đến %(high)s",
                                         low=PH_MIN, high=PH_MAX)
            continue
        laxest = max((lim.high for lim in (param.limit_a, param.limit_b)
                      if lim is not None and lim.high is not None), default=None)
        if laxest and value > laxest * PLAUSIBLE_TIMES:
            errors[f"{i}.value"] = _("không hợp lý: hơn %(times)s lần giới hạn (%(limit)s %(unit)s)",
                                     times=format_decimal(PLAUSIBLE_TIMES),
                                     limit=format_decimal(laxest), unit=param.unit)
    return errors
