"""An id in an address is a row's id: an INTEGER column on PostgreSQL. A number past it
names no row (404), as a page or the API would say of any other missing id, rather than
reaching the database driver, which cannot compare it (SQLite overflows past 64 bits)."""
from werkzeug.routing import IntegerConverter, ValidationError

from workflows.engine.fields import INT32_MAX


class RowId(IntegerConverter):
    def __init__(self, url_map, fixed_digits=0, min=None, max=INT32_MAX, signed=False):
        super().__init__(url_map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)

    def to_python(self, value: str):
        if len(value) > len(str(INT32_MAX)):  # no int() of a 5000-digit number
            raise ValidationError()
        return super().to_python(value)


def init_app(app):
    """Before any blueprint: its rules' `<int:...>` are built with this converter."""
    app.url_map.converters["int"] = RowId
