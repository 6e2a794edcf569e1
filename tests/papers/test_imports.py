"""Importing clusters and plants: the preview lists every problem before anything is
written; the import is all or nothing, idempotent by code, audited; diacritics survive."""
import csv
import io

import pytest

from workflows.operations.imports.clusters import COLUMNS

HEAD = [h for _, h, _ in COLUMNS]


def csv_file(rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEAD)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def xlsx_file(rows) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(HEAD)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


GOOD = [
    ["CCN-NK-01", "Cụm công nghiệp Ngọc Hồi – Thanh Trì", "Thanh Trì", "Ngọc Hồi", "regular",
     "20,5", "15", "6", "", "Trạm XLNT tập trung số 1", "500", "QCVN40:2011", "B", "river"],
    ["CCN-NK-01", "", "", "", "", "", "", "", "", "Trạm XLNT số 2", "300", "QCVN40:2011", "A",
     "lake"],
    ["CCN-LN-02", "Cụm làng nghề Bát Tràng (gốm sứ)", "Gia Lâm", "Bát Tràng", "craft_village",
     "12.75", "", "", "", "", "", "", "", ""],
]


@pytest.fixture
def manager(make, db):
    make.org("commune_committee", name_vi="UBND xã Ngọc Hồi")
    make.org("commune_committee", name_vi="UBND xã Bát Tràng")
    user = make.user("manager")
    db.session.commit()
    return user


def post(api, content, name="cum.csv", dry=False):
    return api.client.post("/api/v1/imports/clusters" + ("?dry_run=true" if dry else ""),
                           data={"file": (io.BytesIO(content), name)},
                           headers=api._headers(), content_type="multipart/form-data")


def test_preview_then_import_round_trip(manager, api, db):
    from models import AuditEntry, Cluster

    api.as_(manager)
    preview = post(api, csv_file(GOOD), dry=True)
    assert preview.status_code == 200
    assert preview.get_json() | {"created_codes": None, "updated_codes": None} == {
        "rows": 3, "created": 2, "updated": 0, "errors": [],
        "created_codes": None, "updated_codes": None}
    assert Cluster.query.count() == 0  # a preview writes nothing
    done = post(api, csv_file(GOOD))
    assert done.status_code == 201, done.get_json()
    db.session.expire_all()
    cluster = Cluster.query.filter_by(code="CCN-NK-01").one()
    assert cluster.name == "Cụm công nghiệp Ngọc Hồi – Thanh Trì"
    assert float(cluster.area_ha) == 20.5
    assert sorted(p.name for p in cluster.plants) == ["Trạm XLNT số 2", "Trạm XLNT tập trung số 1"]
    craft = Cluster.query.filter_by(code="CCN-LN-02").one()
    assert (craft.kind, craft.commune, float(craft.area_ha)) == ("craft_village", "Bát Tràng", 12.75)
    assert AuditEntry.query.filter_by(trigger="import").count() == 2
    # Exported and imported again: nothing lost, and the second import only updates.
    exported = api.get("/api/v1/clusters?format=csv").data.decode("utf-8-sig")
    assert "Cụm làng nghề Bát Tràng (gốm sứ)" in exported
    again = post(api, xlsx_file([[c if c != "" else None for c in r] for r in GOOD]),
                 name="cum.xlsx")
    assert again.status_code == 201
    assert (again.get_json()["created"], again.get_json()["updated"]) == (0, 2)
    assert Cluster.query.count() == 2
    db.session.expire_all()
    assert len(Cluster.query.filter_by(code="CCN-NK-01").one().plants) == 2


def test_every_problem_is_listed_and_nothing_is_written(manager, api):
    from models import Cluster

    api.as_(manager)
    bad = GOOD + [
        ["", "Không mã", "X", "Ngọc Hồi", "regular", "3", "", "", "", "", "", "", "", ""],
        ["CCN-X-03", "Sai xã", "X", "Xã Không Có", "regular", "ba mươi", "", "", "", "", "",
         "", "", ""],
        ["CCN-LN-02", "", "", "", "", "", "", "", "", "", "", "", "", ""],
    ]
    preview = post(api, csv_file(bad), dry=True).get_json()
    problems = {(e["row"], e["field"]) for e in preview["errors"]}
    assert problems == {(5, "code"), (6, "commune"), (6, "area_ha"), (7, "code")}
    refused = post(api, csv_file(bad))
    assert refused.status_code == 422
    assert len(refused.get_json()["errors"]) == 4
    assert Cluster.query.count() == 0  # all or nothing


def test_only_managers_import(make, api):
    api.as_(make.user("inspector"))
    assert post(api, csv_file(GOOD), dry=True).status_code == 403


def test_a_file_that_is_not_a_table_is_refused(manager, api):
    api.as_(manager)
    assert post(api, b"\xff\xfe\x00garbage", dry=True).status_code == 422
    assert post(api, b"PK\x03\x04broken", name="x.xlsx", dry=True).status_code == 422
    empty = post(api, b"", dry=True)
    assert empty.status_code == 200 and empty.get_json()["errors"]


def test_cells_no_column_can_hold_are_row_errors_not_failures(manager, api):
    api.as_(manager)
    rows = [["X" * 41, "Tên", "", "Ngọc Hồi", "", "1"] + [""] * 8,
            ["CCN-NUL", "Tên\x00ẩn", "", "Ngọc Hồi", "", "1"] + [""] * 8]
    preview = post(api, csv_file(rows), dry=True).get_json()
    assert {(e["row"], e["field"]) for e in preview["errors"]} == {(2, "code"), (3, "name")}


VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"


def test_any_vietnamese_name_survives_both_formats(manager, db):
    from hypothesis import HealthCheck, given, settings, strategies as st

    from workflows.operations.imports.clusters import preview

    words = st.text(alphabet=VIETNAMESE + VIETNAMESE.upper(), min_size=1, max_size=12)

    @settings(max_examples=40, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.lists(words, min_size=1, max_size=5).map(" ".join))
    def round_trip(name):
        row = ["CCN-HY-01", name, "", "Ngọc Hồi", "", "12,5"] + [""] * 8
        for content, filename in ((csv_file([row]), "c.csv"),
                                  (xlsx_file([[c or None for c in row]]), "c.xlsx")):
            plan = preview(db.session, content, filename, manager)
            assert plan.errors == []
            assert plan.clusters["CCN-HY-01"]["values"]["name"] == name.strip()

    round_trip()


def test_a_csv_cell_longer_than_the_reader_takes_is_refused_not_a_failure(manager, api, web):
    api.as_(manager)
    row = ["CCN-DAI-01", "X" * 131_073, "", "Ngọc Hồi", "", "1"] + [""] * 8
    refused = post(api, csv_file([row]), dry=True)
    assert refused.status_code == 422
    assert refused.get_json()["errors"] == {
        "file": "không đọc được tệp CSV: có ô dài quá 131.072 ký tự"}
    web.login(manager)
    page = web.post("/imports/clusters", data={"file": (io.BytesIO(csv_file([row])), "c.csv")},
                    content_type="multipart/form-data")
    assert page.status_code == 422
    assert "có ô dài quá 131.072 ký tự" in page.get_data(as_text=True)
    # A file saved with CR line ends (Excel for Mac) is read, not refused.
    mac = csv_file([GOOD[2]]).replace(b"\r\n", b"\r")
    assert post(api, mac, dry=True).get_json() | {"created_codes": None} == {
        "rows": 1, "created": 1, "updated": 0, "errors": [], "updated_codes": [],
        "created_codes": None}


def zipped_sheet(rows: int) -> bytes:
    """A workbook of a few kilobytes whose sheet unpacks to `rows` rows, and then is not
    even well-formed XML: reading the sheet to its end would fail."""
    import zipfile

    small = zipfile.ZipFile(io.BytesIO(xlsx_file([])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        for item in small.infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                bomb.writestr(item, small.read(item))
                continue
            head, _ = small.read(item).decode().split("<sheetData>")
            head = head.replace('<dimension ref="A1:N1"/>', f'<dimension ref="A1:N{rows + 1}"/>')
            with bomb.open(item.filename, "w") as sheet:
                sheet.write((head + "<sheetData><row>" + "".join(
                    f'<c t="inlineStr"><is><t>{h}</t></is></c>' for h in HEAD) + "</row>").encode())
                row = ('<row><c t="inlineStr"><is><t>CCN-BOM</t></is></c>'
                       '<c t="inlineStr"><is><t>Bom</t></is></c></row>').encode()
                for _ in range(rows // 1000):
                    sheet.write(row * 1000)
                sheet.write(b"<row><c><v>")  # cut off
    return out.getvalue()


def test_a_small_zip_of_a_million_rows_is_refused_after_the_first_rows(manager, api):
    from workflows.operations.imports.clusters import MAX_ROWS

    api.as_(manager)
    content = zipped_sheet(1_000_000)
    assert len(content) < 500_000  # far under the 5 MB an upload may be
    preview = post(api, content, name="bom.xlsx", dry=True)
    assert preview.status_code == 200
    assert preview.get_json()["errors"] == [
        {"row": MAX_ROWS + 2, "field": "file", "message": f"tối đa {MAX_ROWS} dòng"}]
