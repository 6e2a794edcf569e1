"""Every list as a spreadsheet (.xlsx or .csv), with the list's filters applied and only
what the user may see: clusters, inspections, violations, deadlines, the plan indicators.
The rows are read in batches and written as they come, so 100,000 violations take no more
memory than a few hundred."""
import itertools
from dataclasses import dataclass
from datetime import date

from flask_babel import force_locale

from workflows.engine.errors import Invalid

from . import lists
from .writers import CSV, XLSX, csv_chunks, xlsx_chunks

FORMATS = {"xlsx": XLSX, "csv": CSV}


@dataclass
class Export:
    filename: str
    mimetype: str
    chunks: object  # an iterator of bytes


def export(session, name: str, args, user, fmt: str, lang: str, today: date) -> Export:
    """The list `name` under the filters in `args` (a mapping of the query string), as `fmt`.
    Headers are in `lang`; a filter value out of its range is a 422 beside its name."""
    if fmt not in FORMATS:
        raise Invalid({"format": "xlsx | csv"})
    spec = lists.LISTS[name]
    with force_locale(lang):
        headers = [str(c.header) for c in spec.columns]
        title = str(spec.title)
    rows = spec.rows(session, args, user, today, lang)
    # The first row is read now, inside the request: a bad filter is a 422 before any
    # byte is sent, and the query runs under the request's permissions.
    first = next(rows, None)
    rows = itertools.chain(() if first is None else (first,), rows)
    stamp = today.strftime("%Y%m%d")
    chunks = xlsx_chunks(title, headers, rows, [c.width for c in spec.columns]) \
        if fmt == "xlsx" else csv_chunks(headers, rows)
    return Export(f"{name}-{stamp}.{fmt}", FORMATS[fmt], chunks)
