"""Import clusters and their wastewater plants from the template the page offers.

One row per cluster, or per plant of a cluster: a cluster with two plants takes two rows
with the same code (the cluster's columns may be left empty on the second). The preview
reads every row and lists each problem (a missing code, an unknown commune, an area that is
not a number, a duplicate) before anything is written; `apply` writes all rows or none, is
idempotent by cluster code (an existing code is updated, a plant found by its name), and
leaves an audit row on each cluster with the file's SHA-256."""
import csv
import hashlib
import io
import itertools
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from sqlalchemy import select

from models import Cluster, Organization, WastewaterPlant
from models.clusters import CLUSTER_KINDS
from workflows.engine.audit import write_audit
from workflows.engine.errors import Forbidden, Invalid
from workflows.operations.clusters import create_cluster, update_cluster
from workflows.operations.file_names import clean_file_name
from workflows.operations.plants import add_plant, plant_errors, update_plant
from workflows.permissions import can_import_clusters

MAX_ROWS = 5000
MAX_BYTES = 5 * 1024 * 1024  # a spreadsheet of MAX_ROWS clusters is far smaller
LARGEST = Decimal("100000000")
LENGTHS = {"code": 40, "district": 100, "commune": 100, "standard_code": 40,
           "standard_column": 1, "receiving_body": 40}  # the columns' sizes; 200 otherwise  # the columns hold 10 digits, 2 after the point
# (key, header as the template writes it, required)
COLUMNS = (
    ("code", "Mã cụm", True), ("name", "Tên cụm", True), ("district", "Quận/huyện cũ", False),
    ("commune", "Xã/phường", True), ("kind", "Loại cụm (regular/craft_village)", False),
    ("area_ha", "Diện tích (ha)", True), ("industrial_land_ha", "Đất công nghiệp (ha)", False),
    ("leased_land_ha", "Đã cho thuê (ha)", False), ("investor_code", "Mã chủ đầu tư", False),
    ("plant_name", "Tên trạm XLNT", False), ("capacity_m3_day", "Công suất (m3/ngày)", False),
    ("standard_code", "Quy chuẩn", False), ("standard_column", "Cột (A/B)", False),
    ("receiving_body", "Nguồn tiếp nhận", False),
)
HEADERS = {h.casefold(): k for k, h, _ in COLUMNS} | {k: k for k, _, _ in COLUMNS}
NUMBERS = ("area_ha", "industrial_land_ha", "leased_land_ha", "capacity_m3_day")
KIND_WORDS = {"regular": "regular", "cụm công nghiệp": "regular", "craft_village": "craft_village",
              "cụm làng nghề": "craft_village", "làng nghề": "craft_village"}


@dataclass
class Plan:
    rows: int = 0
    created: list = field(default_factory=list)  # cluster codes
    updated: list = field(default_factory=list)
    errors: list = field(default_factory=list)  # {row, field, message}
    clusters: dict = field(default_factory=dict)  # code -> {"row", "values", "plants": [...]}
    sha256: str = ""

    def to_dict(self) -> dict:
        return {"rows": self.rows, "created": len(self.created), "updated": len(self.updated),
                "created_codes": self.created, "updated_codes": self.updated,
                "errors": self.errors}


def template_csv() -> bytes:
    """The template: headers and one example row, UTF-8 with a BOM for Excel."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([h for _, h, _ in COLUMNS])
    writer.writerow(["CCN-MAU-01", "Cụm công nghiệp Phùng Xá", "Thạch Thất", "Phùng Xá",
                     "regular", "20,5", "15", "6", "", "Trạm XLNT tập trung", "500",
                     "QCVN40:2011", "B", "river"])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def read_table(content: bytes, filename: str) -> list:
    """The file's non-empty rows as sequences of cells, .xlsx by its zip signature, else
    UTF-8 CSV. No more than the header and MAX_ROWS + 1 rows are read: enough for the
    preview to refuse a longer file, and a small zip that unpacks to a million rows is
    never read to its end."""
    if content[:2] == b"PK":
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
            try:
                return _first_rows(book.worksheets[0].iter_rows(values_only=True))
            finally:
                book.close()
        except Exception:  # a damaged workbook is the user's file, not our failure
            raise Invalid({"file": _("không đọc được tệp .xlsx")}) \
                from None
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Invalid({"file": _("tệp CSV phải mã hóa UTF-8")}) \
            from None
    sample = text[:4096]
    # Excel in a Vietnamese locale saves CSV with semicolons.
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    try:
        # newline="": the reader itself splits lines, so a file saved with CR line ends reads.
        return _first_rows(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error:  # a cell over csv.field_size_limit() (131,072 characters)
        raise Invalid({"file": _("không đọc được tệp CSV: có ô dài quá 131.072 ký tự")}) \
            from None


def _first_rows(rows) -> list:
    # Blank rows are skipped before counting: a sheet formatted far below its data is not
    # a long file, and a long file is never cut short silently.
    return list(itertools.islice((r for r in rows if any(_text(c) for c in r)), MAX_ROWS + 2))


def preview(session, content: bytes, filename: str, actor) -> Plan:
    if not can_import_clusters(actor):
        raise Forbidden(_("Chỉ cán bộ quản lý được nhập cụm"))
    plan = Plan(sha256=hashlib.sha256(content).hexdigest())
    table = read_table(content, filename)
    if not table:
        plan.errors.append({"row": 1, "field": "file", "message": _("tệp trống")})
        return plan
    keys = [HEADERS.get(_text(h).casefold()) for h in table[0]]
    missing = [h for k, h, required in COLUMNS if required and k not in keys]
    for header in missing:
        plan.errors.append({"row": 1, "field": header,
                            "message": _("thiếu cột")})
    if missing:
        return plan
    body = table[1:]
    if len(body) > MAX_ROWS:
        plan.errors.append({"row": MAX_ROWS + 2, "field": "file",
                            "message": _("tối đa %(n)d dòng", n=MAX_ROWS)})
        return plan
    communes = known_communes(session)
    investors = {code: oid for code, oid in session.execute(
        select(Organization.code, Organization.id).where(Organization.kind == "investor"))}
    existing = set(session.scalars(select(Cluster.code)))
    seen_plants = set()
    for n, cells in enumerate(body, start=2):
        record = {k: _text(cells[i]) if i < len(cells) and k not in NUMBERS else
                  (cells[i] if i < len(cells) else None) for i, k in enumerate(keys) if k}
        plan.rows += 1
        _check_row(plan, n, record, communes, investors, existing, seen_plants)
    return plan


def _check_row(plan, n, record, communes, investors, existing, seen_plants):
    def error(name, message):
        plan.errors.append({"row": n, "field": name, "message": message})

    code = (record.get("code") or "").strip()
    if not code:
        error("code", _("thiếu mã cụm"))
        return
    bad = False
    for key, value in record.items():
        if isinstance(value, str) and ("\x00" in value or len(value) > LENGTHS.get(key, 200)):
            error(key, _("quá dài hoặc có ký tự không hợp lệ (tối đa %(n)d ký tự)",
                         n=LENGTHS.get(key, 200)))
            bad = True
    if bad:
        return
    entry = plan.clusters.get(code)
    first = entry is None
    values = {}
    for key in ("name", "district", "commune", "kind", "investor_code"):
        values[key] = (record.get(key) or "").strip() or None
    for key in NUMBERS:
        values[key] = _number(record.get(key))
        if values[key] is _BAD:
            error(key, _("không phải số"))
        elif values[key] is not None and not 0 <= values[key] < LARGEST:
            error(key, _("ngoài khoảng 0 - 99.999.999"))
    if first:
        for key in ("name", "commune"):
            if not values[key]:
                error(key, _("bắt buộc"))
        if values["area_ha"] is None:
            error("area_ha", _("bắt buộc"))
        if values["commune"] and values["commune"] not in communes:
            error("commune", _("xã/phường chưa có trong hệ thống (chưa có cụm hoặc UBND xã "
                               "nào mang tên này)"))
        kind = KIND_WORDS.get((values["kind"] or "regular").casefold())
        if kind not in CLUSTER_KINDS:
            error("kind", "regular | craft_village")
        values["kind"] = kind
        if values["investor_code"] and values["investor_code"] not in investors:
            error("investor_code", _("không có chủ đầu tư mang mã này"))
        values["investor_id"] = investors.get(values["investor_code"])
        entry = plan.clusters[code] = {"row": n, "values": values, "plants": []}
        (plan.updated if code in existing else plan.created).append(code)
    plant = (record.get("plant_name") or "").strip()
    if not plant:
        if not first:
            error("code", _("mã cụm trùng với dòng %(row)d", row=entry["row"]))
        return
    if (code, plant.casefold()) in seen_plants:
        error("plant_name", _("trạm XLNT trùng trong cùng cụm"))
        return
    seen_plants.add((code, plant.casefold()))
    plant_values = {"name": plant, "capacity_m3_day": values["capacity_m3_day"],
                    "standard_code": (record.get("standard_code") or "").strip() or "QCVN40:2011",
                    "standard_column": ((record.get("standard_column") or "").strip() or "B").upper(),
                    "receiving_body": (record.get("receiving_body") or "").strip() or "unknown",
                    "receiving_name": ""}
    if values["capacity_m3_day"] is not _BAD:
        for name, message in plant_errors(plant_values).items():
            error(name, message)
    entry["plants"].append(plant_values)


def apply(session, content: bytes, filename: str, actor, now: datetime) -> Plan:
    """Write the whole file or nothing: any row's problem raises Invalid with every problem."""
    plan = preview(session, content, filename, actor)
    if plan.errors:
        raise ImportRefused(plan)
    for code, entry in plan.clusters.items():
        values = {k: v for k, v in entry["values"].items()
                  if k not in ("investor_code",) and v is not None}
        cluster = session.scalar(select(Cluster).where(Cluster.code == code))
        if cluster is None:
            values.setdefault("district", "")  # districts were abolished in 2025
            cluster = create_cluster(session, actor, now, code=code, **values)
        else:
            update_cluster(session, cluster, actor, now, **values)
        plants = {p.name.casefold(): p for p in session.scalars(
            select(WastewaterPlant).where(WastewaterPlant.cluster_id == cluster.id))}
        for plant_values in entry["plants"]:
            held = plants.get(plant_values["name"].casefold())
            if held is None:
                add_plant(session, cluster, actor, now, **plant_values)
            else:
                update_plant(session, held, actor, now, **plant_values)
        write_audit(session, entity=cluster, workflow="imports", trigger="import", actor=actor,
                    now=now, comment=clean_file_name(filename, "import")[:200],
                    data={"file_sha256": plan.sha256, "row": entry["row"],
                          "outcome": "created" if code in plan.created else "updated"})
    session.flush()
    return plan


class ImportRefused(Invalid):
    """The file has problems: nothing was written. Carries the whole preview."""

    def __init__(self, plan: Plan):
        super().__init__({"file": _("%(n)s lỗi, không ghi dòng nào", n=len(plan.errors))})
        self.plan = plan


def known_communes(session) -> set[str]:
    """Communes the system knows: those of its clusters and of its commune committees
    ("UBND xã Phùng Xá" -> "Phùng Xá"). The official list of Hanoi's communes after the
    2025 reorganisation is not in the product's data."""
    names = set(session.scalars(select(Cluster.commune).where(Cluster.commune != "")))
    for name in session.scalars(select(Organization.name_vi).where(
            Organization.kind == "commune_committee")):
        for prefix in ("UBND xã ", "UBND phường ", "UBND thị trấn ", "Ủy ban nhân dân xã ",
                       "Ủy ban nhân dân phường "):
            if name.startswith(prefix):
                names.add(name[len(prefix):].strip())
    return names


_BAD = object()


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return str(value).strip()


def _number(value):
    """A number as a Vietnamese or an English spreadsheet writes it: 20,5 or 20.5 or
    1.234,5; None for an empty cell; _BAD for text that is not a number."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        return _BAD
    if isinstance(value, (int, float, Decimal)):
        return Decimal(str(value))
    text = str(value).strip().replace(" ", "")
    if "," in text and "." in text:
        text = text.replace(".", "").replace(",", ".") if text.rfind(",") > text.rfind(".") \
            else text.replace(",", "")
    elif "," in text:
        text = text.replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        return _BAD
    return number if number.is_finite() else _BAD
