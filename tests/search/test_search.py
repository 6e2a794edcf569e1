"""Search and filters on violations and inspections, like the clusters': the cluster's code
or name, its commune, the state, a date range and text, in the pages, the API and the
exports alike."""
from datetime import date, datetime, timezone

import pytest


@pytest.fixture
def cases(make, clock):
    inspector = make.user("inspector")
    px = make.cluster(code="CCN-PX", name="CCN Phùng Xá", commune="Phùng Xá")
    bp = make.cluster(code="CCN-BP", name="CCN Bình Phú", commune="Bình Phú")
    clock.set(datetime(2026, 3, 10, 3, tzinfo=timezone.utc))
    march = make.violation(px, inspector, title="Xả nước thải vượt cột B",
                           description="COD 320 mg/l")
    make.inspection(px, inspector, planned_date=date(2026, 4, 2),
                    team="Nguyễn Văn Kiểm (trưởng đoàn)")
    make.inspection(bp, inspector, planned_date=date(2026, 10, 5), team="Phạm Thu Hà")
    clock.set(datetime(2026, 9, 20, 3, tzinfo=timezone.utc))
    september = make.violation(bp, inspector, title="Chưa có giấy phép môi trường")
    september.state = "notified"
    return {"inspector": inspector, "march": march, "september": september}


@pytest.mark.parametrize("query,titles", [
    ("q=CCN-PX", {"Xả nước thải vượt cột B"}),
    ("q=bình phú", {"Chưa có giấy phép môi trường"}),
    ("commune=Phùng Xá", {"Xả nước thải vượt cột B"}),
    ("state=notified", {"Chưa có giấy phép môi trường"}),
    ("date_from=01/09/2026", {"Chưa có giấy phép môi trường"}),
    ("date_from=2026-03-01&date_to=31/03/2026", {"Xả nước thải vượt cột B"}),
    ("text=COD", {"Xả nước thải vượt cột B"}),
    ("text=giấy phép&commune=Phùng Xá", set()),
])
def test_violations_in_the_api_and_the_page(api, web, cases, query, titles):
    r = api.as_(cases["inspector"]).get(f"/api/v1/violations?{query}")
    assert r.status_code == 200, r.get_json()
    assert {v["title"] for v in r.get_json()["items"]} == titles
    page = web.login(cases["inspector"]).text(f"/violations?show=all&{query}")
    for title in {"Xả nước thải vượt cột B", "Chưa có giấy phép môi trường"}:
        assert (title in page) == (title in titles), title


@pytest.mark.parametrize("query,teams", [
    ("q=Phùng", {"Nguyễn Văn Kiểm (trưởng đoàn)"}),
    ("commune=Bình Phú", {"Phạm Thu Hà"}),
    ("date_to=30/06/2026", {"Nguyễn Văn Kiểm (trưởng đoàn)"}),
    ("text=Thu Hà", {"Phạm Thu Hà"}),
    ("state=planned&date_from=2026-01-01", {"Nguyễn Văn Kiểm (trưởng đoàn)", "Phạm Thu Hà"}),
])
def test_inspections_in_the_api(api, cases, query, teams):
    r = api.as_(cases["inspector"]).get(f"/api/v1/inspections?{query}")
    assert r.status_code == 200, r.get_json()
    assert {i["team"] for i in r.get_json()["items"]} == teams


@pytest.mark.parametrize("query,field", [
    ("date_from=31/02/2026", "date_from"), ("date_from=2026-05-01&date_to=2026-04-01", "date_to"),
    ("state=lost", "state"), ("text=" + "x" * 201, "text"),
])
def test_unreadable_search_is_422_in_the_api_and_said_on_the_page(api, web, cases, query,
                                                                   field):
    r = api.as_(cases["inspector"]).get(f"/api/v1/violations?{query}")
    assert r.status_code == 422 and field in r.get_json()["errors"]
    page = web.login(cases["inspector"]).text(f"/inspections?{query}")
    assert f'data-field="{field}"' in page


def test_the_export_follows_the_search(web, cases):
    web.login(cases["inspector"])
    r = web.get("/exports/violations.csv?show=all&commune=Phùng Xá")
    assert r.status_code == 200
    text = r.get_data(as_text=True)
    assert "Xả nước thải vượt cột B" in text and "giấy phép" not in text
