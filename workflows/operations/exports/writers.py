"""Spreadsheets written as they are read: openpyxl's write-only mode keeps no row in memory
(each goes to a temporary file as it comes), and the CSV is yielded line by line. Dates are
real Excel dates and numbers real numbers, so a filter or a sum works in Excel."""
import csv
import io
import tempfile
from datetime import date, datetime
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from workflows.engine.calendar import HANOI

CHUNK = 64 * 1024
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"
DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"


def cell_value(value):
    """What a cell holds: Decimals as floats (Excel has no decimals), aware moments as
    Hanoi wall time (Excel has no time zones)."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime):
        return value.astimezone(HANOI).replace(tzinfo=None) if value.tzinfo else value
    return value


def xlsx_chunks(title: str, headers: list[str], rows, widths=None):
    """The workbook's bytes in chunks; the rows are consumed once, as they stream."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    for i, width in enumerate(widths or ()):
        sheet.column_dimensions[_column(i)].width = width
    bold = Font(bold=True)
    head = []
    for text in headers:
        c = WriteOnlyCell(sheet, value=str(text))
        c.font = bold
        head.append(c)
    # The header stays in view as one scrolls, and offers Excel's filter on every column.
    sheet.freeze_panes = "A2"
    sheet.append(head)
    count = 0
    for count, row in enumerate(rows, start=1):
        out = []
        for value in row:
            value = cell_value(value)
            if isinstance(value, datetime):
                c = WriteOnlyCell(sheet, value=value)
                c.number_format = DATETIME_FORMAT
                out.append(c)
            elif isinstance(value, date):
                c = WriteOnlyCell(sheet, value=value)
                c.number_format = DATE_FORMAT
                out.append(c)
            else:
                out.append(value)
        sheet.append(out)
    sheet.auto_filter.ref = f"A1:{_column(len(headers) - 1)}{count + 1}"
    with tempfile.TemporaryFile() as fh:
        book.save(fh)
        fh.seek(0)
        while chunk := fh.read(CHUNK):
            yield chunk


def csv_chunks(headers: list[str], rows):
    """UTF-8 with a byte-order mark (Excel then reads the diacritics right), dates as
    ISO 8601 (unambiguous for any program), numbers with a dot."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow([str(h) for h in headers])
    for row in rows:
        writer.writerow(["" if v is None else _csv_value(cell_value(v)) for v in row])
        if buffer.tell() > CHUNK:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def _csv_value(value):
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _column(i: int) -> str:
    name = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        name = chr(65 + r) + name
    return name
