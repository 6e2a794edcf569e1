"""How the papers write numbers, money and moments: Vietnamese style (1.234.567; 2,15),
times in Hanoi, and a dotted blank for what the case does not record."""
from datetime import datetime
from decimal import Decimal

from workflows.engine.calendar import HANOI

from .markup import BLANK, SHORT_BLANK


def vn_number(value, places: int | None = None) -> str:
    """1234567.5 -> '1.234.567,5'; trailing zeros dropped unless `places` is given."""
    if value is None:
        return BLANK
    value = Decimal(str(value))
    text = f"{value:,.{places}f}" if places is not None else \
        f"{value.normalize():,f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def money(vnd) -> str:
    return BLANK if vnd is None else f"{vn_number(int(vnd))} đồng"


def moment(value: datetime | None) -> dict:
    """{'hour', 'minute', 'day', 'month', 'year', 'date'} of `value` in Hanoi, zero-padded;
    dotted blanks when the case has no such moment."""
    if value is None:
        return {k: BLANK for k in ("hour", "minute", "day", "month", "year", "date")}
    local = value.astimezone(HANOI)
    return {"hour": f"{local.hour:02d}", "minute": f"{local.minute:02d}",
            "day": f"{local.day:02d}", "month": f"{local.month:02d}",
            "year": str(local.year), "date": local.strftime("%d/%m/%Y")}


def place_date(place: str, value) -> str:
    """'Hà Nội, ngày 06 tháng 12 năm 2026' (Decree 30: day and month under 10 with a 0)."""
    if value is None:
        return f"{place}, ngày {SHORT_BLANK} tháng {SHORT_BLANK} năm {SHORT_BLANK}"
    if isinstance(value, datetime):
        value = value.astimezone(HANOI).date()
    return f"{place}, ngày {value.day:02d} tháng {value.month:02d} năm {value.year}"


def vn_date(value) -> str:
    return BLANK if value is None else value.strftime("%d/%m/%Y")
