"""Numbers written into stored Vietnamese texts (a violation's title): Babel's Vietnamese
format, decimal comma and thousands dot. Pages format with the request's locale instead
(views/web/filters.py)."""
from decimal import ROUND_DOWN, Decimal

from babel.numbers import format_decimal

FACTOR_PLACES = Decimal("0.01")


def vietnamese_number(value) -> str:
    return "" if value is None else format_decimal(value, locale="vi")


def vietnamese_factor(value) -> str:
    """An exceedance factor at 2 decimals, cut rather than rounded: a 1.0999x warning never
    reads as 1,10."""
    cut = Decimal(str(value)).quantize(FACTOR_PLACES, rounding=ROUND_DOWN)
    return format_decimal(cut, format="#,##0.00", locale="vi")
