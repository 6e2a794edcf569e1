"""Spreadsheets opened again with openpyxl and csv: the rows and totals the API gives for
the same filters, real dates and numbers, Vietnamese headers (English in English mode)."""
import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from models import Violation
from workflows.engine.fire import fire


def sheet_rows(content: bytes) -> list[tuple]:
    book = load_workbook(io.BytesIO(content), read_only=True)
    return list(book.worksheets[0].iter_rows(values_only=True))


@pytest.fixture
def many(make, db):
    official = make.user("inspector")
    a = make.cluster(name="CCN Hà Bình Phương", district="Thường Tín", commune="Hà Bình",
                     area_ha=__import__("decimal").Decimal("41.5"))
    b = make.cluster(district="Thạch Thất")
    for i in range(3):
        make.violation(a, official, title=f"Nước thải vượt quy chuẩn lần {i + 1}",
                       sampled_on=date(2026, 11, 2))
    make.violation(b, official, state="remediated")
    db.session.commit()
    return {"official": official, "a": a, "b": b}


def test_api_violations_xlsx_matches_the_json_total(many, api):
    api.as_(many["official"])
    total = api.get("/api/v1/violations?district=Thường Tín").get_json()["total"]
    response = api.get("/api/v1/violations?district=Thường Tín&format=xlsx")
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    rows = sheet_rows(response.data)
    assert rows[0][:3] == ("Mã", "Mã cụm", "Tên cụm")
    assert len(rows) - 1 == total == 3
    detected = rows[1][7]
    assert detected.date() == date(2026, 11, 28)  # a real date, not text
    assert rows[1][2] == "CCN Hà Bình Phương"


def test_api_clusters_csv_keeps_diacritics_and_numbers(many, api):
    api.as_(many["official"])
    total = api.get("/api/v1/clusters").get_json()["total"]
    response = api.get("/api/v1/clusters?format=csv")
    text = response.data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) - 1 == total
    row = next(r for r in rows if r[1] == "CCN Hà Bình Phương")
    assert row[5] == "41.5" and row[2] == "Thường Tín"


def test_xlsx_numbers_are_numbers(many, api):
    api.as_(many["official"])
    rows = sheet_rows(api.get("/api/v1/clusters?format=xlsx").data)
    row = next(r for r in rows if r[1] == "CCN Hà Bình Phương")
    assert row[5] == 41.5 and row[8] == 40  # area and occupancy (6 of 15 ha), as numbers


def test_an_investor_exports_only_its_own(many, api, make):
    owner = make.user("investor", org=many["a"].investor)
    api.as_(owner)
    rows = sheet_rows(api.get("/api/v1/violations?format=xlsx").data)
    assert {r[1] for r in rows[1:]} == {many["a"].code}


def test_bad_format_and_bad_filter_are_422(many, api):
    api.as_(many["official"])
    assert api.get("/api/v1/violations?format=pdf").status_code == 422
    assert api.get("/api/v1/violations?format=xlsx&cluster_id=abc").status_code == 422


@pytest.mark.parametrize("name", ["clusters", "inspections", "violations", "obstacles",
                                  "deadlines", "plan"])
def test_every_list_page_exports(many, web, name):
    web.login(many["official"])
    for fmt in ("xlsx", "csv"):
        response = web.get(f"/exports/{name}.{fmt}")
        assert response.status_code == 200, (name, fmt)
        assert f"{name}-" in response.headers["Content-Disposition"] and response.data
    content = web.get(f"/exports/{name}.xlsx").data
    rows = sheet_rows(content)
    assert rows and all(isinstance(h, str) and h for h in rows[0])
    # The header row frozen, and Excel's filter over every column and row.
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(rows[0])).column_letter}{len(rows)}"


def test_page_export_keeps_the_page_filters(many, web):
    web.login(many["official"])
    open_rows = sheet_rows(web.get("/exports/violations.xlsx?show=open").data)
    all_rows = sheet_rows(web.get("/exports/violations.xlsx?show=all").data)
    assert (len(open_rows), len(all_rows)) == (4, 5)


def test_english_headers_in_english_mode(many, web):
    web.login(many["official"])
    web.post("/language/en")
    rows = sheet_rows(web.get("/exports/violations.xlsx").data)
    assert rows[0][:3] == ("Code", "Code", "Cluster")


def test_codes_are_written_in_the_exports_language(many, web, make, db):
    """Kinds and yes/no come from the catalogue, in the language of the page."""
    make.inspection(many["a"], many["official"], kind="surprise")
    db.session.commit()
    web.login(many["official"])
    for language, cluster_kind, inspection_kind, overdue in (
            ("vi", "Cụm công nghiệp", "Đột xuất", {"có", "không"}),
            ("en", "Industrial cluster", "Surprise", {"yes", "no"})):
        web.post(f"/language/{language}")
        clusters = sheet_rows(web.get("/exports/clusters.xlsx").data)
        assert {row[4] for row in clusters[1:]} == {cluster_kind}
        inspections = sheet_rows(web.get("/exports/inspections.xlsx").data)
        assert [row[4] for row in inspections[1:]] == [inspection_kind]
        deadlines = sheet_rows(web.get("/exports/deadlines.xlsx").data)
        assert len(deadlines) > 1 and {row[10] for row in deadlines[1:]} <= overdue


def test_a_clusters_investor_is_named_in_the_exports_language(many, web):
    investor = many["a"].investor
    web.login(many["official"])
    for language, name in (("vi", investor.name_vi), ("en", investor.name_en)):
        web.post(f"/language/{language}")
        rows = sheet_rows(web.get("/exports/clusters.xlsx").data)
        assert name in {row[11] for row in rows[1:]}, rows


def test_list_pages_offer_their_filtered_export(many, web):
    web.login(many["official"])
    page = web.text("/violations?state=detected&page=2")
    link = page.split('data-export="violations-xlsx"')[0].rsplit('href="', 1)[1]
    assert "state=detected" in link and "show=open" in link and "page=" not in link
    for url, name in (("/clusters?district=Thường+Tín", "clusters"), ("/inspections", "inspections"),
                      ("/obstacles", "obstacles"), ("/deadlines", "deadlines"),
                      ("/dashboard", "plan")):
        assert f'data-export="{name}-csv"' in web.text(url)


@pytest.mark.parametrize("name", ["violations", "inspections"])
def test_a_search_the_list_refuses_is_refused_by_its_export(many, api, web, name):
    api.as_(many["official"])
    listed = api.get(f"/api/v1/{name}?date_from=31/02/2025")
    assert listed.status_code == 422
    exported = api.get(f"/api/v1/{name}?date_from=31/02/2025&format=xlsx")
    assert exported.status_code == 422 and "Content-Disposition" not in exported.headers
    assert exported.get_json()["errors"] == listed.get_json()["errors"]
    assert set(listed.get_json()["errors"]) == {"date_from"}
    web.login(many["official"])
    back = f"http://localhost/{name}?date_from=31/02/2025"
    page = web.get(f"/exports/{name}.csv?date_from=31/02/2025", headers={"Referer": back})
    # Back to the list, which says what it could not read, instead of a file of every row.
    assert (page.status_code, page.headers["Location"]) == (303, back)
    assert "Content-Disposition" not in page.headers


def test_the_deadline_export_says_what_each_deadline_concerns(many, web, make, db):
    """In Excel a manager filters the deadlines by cluster: each row names its record's
    type in words, the case (a violation's or obstacle's title) and the cluster it
    concerns, and a closed one its outcome in words."""
    official, a = many["official"], many["a"]
    inspection = make.inspection(a, official)
    fire(db.session, inspection, "cancel", make.user("manager"), now=make.clock(),
         comment="Hoãn theo chỉ đạo")
    db.session.commit()
    web.login(official)
    rows = sheet_rows(web.get("/exports/deadlines.xlsx?include_closed=true").data)
    header, body = rows[0], rows[1:]
    assert header[2:7] == ("Loại hồ sơ", "Mã hồ sơ", "Vụ việc", "Mã cụm", "Tên cụm")
    assert header[-1] == "Kết quả"
    [cancelled] = [row for row in body if row[2] == "Kiểm tra"]
    assert cancelled[3:7] == (inspection.id, None, a.code, a.name)
    assert cancelled[-1] == "Đã hủy"  # the outcome in words, not "cancelled"
    clusters = {a.code: a.name, many["b"].code: many["b"].name}
    violations = [row for row in body if row[2] == "Vi phạm"]
    assert violations and all(clusters[row[5]] == row[6] for row in violations)
    titles = dict(db.session.execute(select(Violation.id, Violation.title)).all())
    assert all(row[4] == titles[row[3]] for row in violations)
    web.post("/language/en")
    english = sheet_rows(web.get("/exports/deadlines.xlsx?include_closed=true").data)
    assert english[0][2] == "Record type"
    assert {row[2] for row in english[1:]} == {"Violations", "Inspections"}
    assert "Cancelled" in {row[-1] for row in english[1:]}


def test_the_obstacles_export_is_the_register_managers_report(many, web, api, make, db, clock):
    """What holds each cluster back, who must clear it, by when and whether that date has
    passed; the page's filters apply, and the API gives the same rows."""
    manager = make.user("manager")
    land = make.obstacle(many["a"], manager, title="Vướng giải phóng mặt bằng")
    fire(db.session, land, "assign", manager, now=clock(), data={"resolve_by": "2026-12-10"})
    make.obstacle(many["b"], manager, kind="capital", title="Thiếu vốn")
    cleared = make.obstacle(many["b"], manager, kind="planning", title="Chờ quy hoạch")
    fire(db.session, cleared, "assign", manager, now=clock(), data={"resolve_by": "2026-12-20"})
    fire(db.session, cleared, "resolve", manager, now=clock(), comment="Đã điều chỉnh")
    db.session.commit()
    web.login(manager)
    rows = sheet_rows(web.get("/exports/obstacles.xlsx?show=open").data)
    assert rows[0][5:8] == ("Khó khăn, vướng mắc", "Loại khó khăn", "Trạng thái")
    by_title = {row[5]: row for row in rows[1:]}
    assert set(by_title) == {"Vướng giải phóng mặt bằng", "Thiếu vốn"}
    assigned = by_title["Vướng giải phóng mặt bằng"]
    assert assigned[1:3] == (many["a"].code, "CCN Hà Bình Phương")
    assert assigned[6:8] == ("Giải phóng mặt bằng", "Đã giao xử lý")
    assert assigned[11].date() == date(2026, 12, 10) and assigned[12] == "không"
    clock.set(clock.now.replace(day=28, month=12))
    rows = sheet_rows(web.get("/exports/obstacles.xlsx?show=open&kind=land_clearance").data)
    assert [row[12] for row in rows[1:]] == ["có"]  # its date has passed
    everything = sheet_rows(web.get("/exports/obstacles.xlsx?show=all").data)
    assert len(everything) == 4 and "Đã tháo gỡ" in {row[7] for row in everything[1:]}
    listed = api.as_(manager).get("/api/v1/obstacles?format=csv")
    assert listed.status_code == 200
    assert len(list(csv.reader(io.StringIO(listed.data.decode("utf-8-sig"))))) == 4
