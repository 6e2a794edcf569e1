"""The TT14 report page and the import pages, as a manager uses them."""
import io

from .test_imports import GOOD, csv_file


def test_tt14_page_downloads_a_report(web, make, db):
    web.login(make.user("manager"))
    assert 'data-action="tt14"' in web.text("/dashboard")
    page = web.text("/reports/tt14")
    assert "Biểu số 04 — Tổng hợp tình hình CCN trên địa bàn cấp tỉnh" in page  # named
    assert '<option value="2026-H2">Năm 2026</option>' in page  # the Circular's names
    assert '<option value="2026-H1">6 tháng năm 2026</option>' in page
    web.post("/language/en")
    page = web.text("/reports/tt14")
    assert '<option value="2026-H1">Six months of 2026</option>' in page
    assert "Form 02 — the cluster's infrastructure project" in page
    web.post("/language/vi")
    response = web.get("/reports/tt14?period=2026-H2&form=04&format=xlsx")
    assert response.status_code == 200 and response.data[:2] == b"PK"
    refused = web.get("/reports/tt14?period=nope&form=03&format=pdf")
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    # Beside the field, in words; the other choices kept.
    assert 'data-error="period">Chọn một mục trong danh sách.' in page
    assert '<option value="03" selected>' in page and '<option value="pdf" selected>' in page


def test_import_pages_preview_then_confirm(web, make, db):
    from models import Cluster

    make.org("commune_committee", name_vi="UBND xã Ngọc Hồi")
    make.org("commune_committee", name_vi="UBND xã Bát Tràng")
    web.login(make.user("manager"))
    assert 'data-action="import"' in web.text("/clusters")
    template = web.get("/imports/clusters/template.csv")
    assert "Mã cụm" in template.data.decode("utf-8-sig")
    shown = web.post("/imports/clusters", data={"file": (io.BytesIO(csv_file(GOOD)), "c.csv")},
                     content_type="multipart/form-data")
    page = shown.get_data(as_text=True)
    assert shown.status_code == 200 and 'data-action="confirm"' in page
    assert Cluster.query.count() == 0
    digest = page.split('name="digest" value="')[1].split('"')[0]
    done = web.post("/imports/clusters/confirm", data={"digest": digest, "filename": "c.csv"})
    assert done.status_code == 303
    assert Cluster.query.count() == 2
    bad = web.post("/imports/clusters", data={"file": (io.BytesIO(csv_file(
        [["", "x", "", "Ngọc Hồi", "", "1"] + [""] * 8])), "c.csv")},
        content_type="multipart/form-data")
    assert 'data-row="2"' in bad.get_data(as_text=True)


def test_inspectors_may_not_import(web, make):
    web.login(make.user("inspector"))
    assert web.get("/imports/clusters").status_code == 403
