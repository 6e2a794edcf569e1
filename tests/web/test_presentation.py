"""What a page shows: Babel's formats for the page's language, labels rather than codes,
form errors in the page's language, error pages in the layout with a way back."""
import re
from decimal import Decimal

from flask_babel import refresh

from views.web import filters


def test_numbers_follow_the_pages_language(app):
    with app.test_request_context("/", headers={"Accept-Language": "vi"}):
        refresh()
        assert filters.factor(Decimal("4.0404")) == "×4,04"
        assert filters.factor(Decimal("1.0999")) == "×1,09"  # cut, never rounded up
        assert filters.percent(Decimal("0.186")) == "18,6%"
        assert filters.money(5_000_000_000) == "5.000.000.000"
        assert filters.number(Decimal("74.2500")) == "74,25"
        assert filters.number(Decimal("2.5E+2")) == "250"
        assert filters.number(Decimal("1234.5")) == "1.234,5"
        assert filters.number(Decimal("148.5123456"), 6) == "148,512345"
        assert filters.number("5.5-9") == "5,5–9"  # a range, as the standards write pH
        assert [filters.file_size(n) for n in (29, 12_600, 4_300_000)] == [
            "29 B", "12,3 KB", "4,1 MB"]  # a small photo is not "0 KB"
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        refresh()
        assert filters.factor(Decimal("4.0404")) == "×4.04"
        assert filters.percent(Decimal("0.186")) == "18.6%"
        assert filters.money(5_000_000_000) == "5,000,000,000"


def test_a_vietnamese_page_writes_decimal_commas(web, make):
    cluster = make.cluster(industrial_land_ha=Decimal("50"), leased_land_ha=Decimal("9.3"),
                           area_ha=Decimal("74.25"))
    web.login(make.user("manager"))
    page = web.text(f"/clusters/{cluster.id}")
    assert "18,6%" in page and "74,25 ha" in page
    assert "18.6%" not in page and "74.25" not in page


def test_the_verdict_page_shows_the_factor_at_two_decimals(web, make):
    plant = make.plant(make.cluster())
    web.login(make.user("inspector"))
    r = web.post("/evaluations", {"surcharge_base": "fine_of_violation_chosen",
                                  "standard": "QCVN40:2011", "column": "B",
                                  "receiving_kind": "river", "plant_id": plant.id,
                                  "lab_result": "cod 600 mg/l\ntss 180 mg/l", "organisation": "y",
                                  "sampled_on": "27/11/2026"})
    html = r.get_data(as_text=True)
    row = re.search(r'<tr data-parameter="cod".*?</tr>', html, re.S)[0]
    assert "×4,04" in row and "148,5" in row  # 600 / 148.5 = 4.0404...
    assert "4.0404" not in html and "×4,0404" not in html
    assert re.search(r"\d{1,3}(\.\d{3})+ đ", html)  # VND with thousands dots
    # The parameters by name, not by code.
    assert "Phạt tăng thêm Chất rắn lơ lửng" in html and "Phạt tăng thêm tss" not in html


def test_codes_are_shown_as_labels(web, make):
    cluster = make.cluster()
    make.plant(cluster, receiving_body="river")
    web.login(make.user("manager"))
    page = web.text(f"/clusters/{cluster.id}")
    assert "Sông, suối" in page and ">river" not in page and "river ·" not in page
    web.post("/language/en")
    assert "River" in web.text(f"/clusters/{cluster.id}")


def test_form_errors_speak_the_pages_language(client):
    page = client.post("/login", data={"username": "", "password": ""},
                       headers={"Accept-Language": "vi"}).get_data(as_text=True)
    assert "Trường này là bắt buộc." in page and "This field is required." not in page
    client.post("/language/en")
    page = client.post("/login", data={"username": "", "password": ""}).get_data(as_text=True)
    assert "This field is required." in page and "Trường này là bắt buộc." not in page


def test_a_bad_date_is_refused_in_vietnamese(web, make):
    from forms.web_clusters import WebClusterForm  # noqa: F401  (the cluster edit form)

    cluster = make.cluster()
    web.login(make.user("manager"))
    r = web.post(f"/clusters/{cluster.id}/edit", {"name": cluster.name, "kind": "regular",
                                                  "planned_start_date": "31/02/2026"})
    html = r.get_data(as_text=True)
    assert "Not a valid date value." not in html
    assert "Ngày không hợp lệ" in html


def test_404_and_403_pages_have_the_layout_and_a_way_back(web, make):
    web.login(make.user("investor"))
    r = web.get("/clusters/999999", headers={"Referer": "http://localhost/violations"})
    html = r.get_data(as_text=True)
    assert r.status_code == 404
    assert 'class="topbar"' in html and "Không tìm thấy trang" in html
    assert 'href="http://localhost/violations"' in html and 'data-test="home"' in html
    r = web.get("/no/such/page")
    assert r.status_code == 404 and 'class="topbar"' in r.get_data(as_text=True)
    r = web.get("/evaluations")  # an investor with no plant on record may not evaluate
    assert r.status_code == 403 and "Bạn không có quyền xem trang này" in r.get_data(as_text=True)
    web.post("/language/en")
    assert "Page not found" in web.get("/no/such/page").get_data(as_text=True)


def test_500_page_has_the_layout(app):
    from werkzeug.exceptions import InternalServerError

    from views.web.errors import error_page

    with app.test_request_context("/clusters"):
        refresh()
        html, status = error_page(InternalServerError())
    assert status == 500
    assert 'class="topbar"' in html and "Hệ thống gặp lỗi" in html and 'data-test="home"' in html


def test_the_api_keeps_json_errors_in_the_callers_language(client):
    r = client.get("/api/v1/no-such-thing")
    assert r.status_code == 404 and r.get_json()["message"] == "Không tìm thấy"
    r = client.get("/api/v1/no-such-thing", headers={"Accept-Language": "en"})
    assert r.get_json() == {"error": "not_found", "message": "Not found"}
    r = client.put("/api/v1/tokens", headers={"Accept-Language": "en"})
    assert r.status_code == 405 and "not supported" in r.get_json()["message"]
    r = client.get("/api/v1/clusters")
    assert r.status_code == 401 and r.get_json()["message"] == "Thiếu mã truy cập"
    r = client.get("/api/v1/clusters", headers={"Accept-Language": "en"})
    assert "Authorization: Bearer <token>" in r.get_json()["message"]


def test_the_diagram_speaks_the_pages_language(web, make):
    violation = make.violation(make.cluster(), make.user("inspector"))
    web.login(make.user("manager"))
    page = web.text(f"/violations/{violation.id}")
    assert "notified : Đã lập biên bản" in page and "Record issued" not in page
    assert "detected --&gt; notified : Lập biên bản vi phạm" in page  # the action, not `notify`
    web.post("/language/en")
    page = web.text(f"/violations/{violation.id}")
    assert "notified : Record issued" in page and "Đã lập biên bản" not in page


def test_the_fine_suggestions_notes_follow_the_pages_language(app):
    from views.web.fine_notes import fine_note

    stored = ["Art. 7(2): each parameter counted once, at its worst measurement",
              "tss: over the limit but under 1.1x, a warning only (no surcharge)",
              "Điểm c khoản 6 Điều 19 Nghị định 45/2022/NĐ-CP (1.5-3x) carries "
              "200,000,000-250,000,000 VND at this flow, not less than this point's "
              "180,000,000-200,000,000 VND",
              "Art. 7(3): cod ties on the fine with bod5; chosen because it is hazardous",
              "a note nobody wrote a translation for"]
    with app.test_request_context("/", headers={"Accept-Language": "vi"}):
        refresh()
        vi = [fine_note(s) for s in stored]
    assert vi[0].startswith("Điều 7 khoản 2: mỗi thông số chỉ tính một lần")
    assert vi[1] == "tss: vượt quy chuẩn nhưng dưới 1,1 lần, chỉ cảnh cáo (không phạt tăng thêm)"
    assert "vượt 1,5–3 lần" in vi[2] and "200.000.000–250.000.000 đồng" in vi[2]
    assert vi[3] == ("Điều 7 khoản 3: cod có cùng mức phạt với bod5; được chọn vì đó là thông "
                     "số nguy hại")
    assert vi[4] == stored[4]  # shown as stored rather than lost
    with app.test_request_context("/", headers={"Accept-Language": "vi"}):
        refresh()
        unknown_water = fine_note("receiving water unknown: took the strictest 'no data' "
                                  "rule, Kq (river: any) = 0.9")
    assert unknown_water.startswith("Chưa rõ nguồn tiếp nhận") and "Kq = 0,9" in unknown_water
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        refresh()
        en = [fine_note(s) for s in stored]
    assert en[0] == stored[0] and "under 1.1×" in en[1] and "200,000,000–250,000,000 VND" in en[2]
    # A row stored since the library writes Vietnamese keeps it, as every stored text does.
    from workflows.wastewater.fine_readings import radioactive_surcharge_note
    kept = str(radioactive_surcharge_note("gross_beta", 19, 10))
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        refresh()
        assert fine_note(kept) == kept
        assert fine_note("gross_beta: surcharged on its exceedance factor with Art. 19(10)'s "
                         "bands (the text gives none for radioactivity)").startswith(
                             "gross_beta: surcharged on its exceedance factor")
    with app.test_request_context("/", headers={"Accept-Language": "vi"}):
        refresh()
        assert fine_note("gross_beta: surcharged on its exceedance factor with Art. 19(10)'s "
                         "bands (the text gives none for radioactivity)") == kept


def test_a_refusal_flashed_on_a_page_names_fields_by_their_labels(app):
    from flask import get_flashed_messages

    from workflows.engine.errors import Invalid, WorkflowError

    handler = app.error_handler_spec["clusters"][None][WorkflowError]
    with app.test_request_context("/clusters/1", headers={"Accept-Language": "vi"}):
        refresh()
        handler(Invalid({"due_date": "phải sau ngày hôm nay"}))
        [message] = get_flashed_messages()
    assert message == "Thời hạn khắc phục: phải sau ngày hôm nay"  # the label, not `due_date`


def test_lazy_texts_serialize_in_the_requests_language(app):
    """Module-level texts are lazy (lazy_gettext): the API's JSON writes them as plain text
    in the caller's language."""
    from flask import jsonify

    from forms.web_labels import SEVERITIES

    with app.test_request_context("/api/v1/x", headers={"Accept-Language": "en"}):
        refresh()
        assert jsonify({"label": SEVERITIES["high"]}).get_json() == {"label": "High"}
    with app.test_request_context("/api/v1/x"):
        refresh()
        assert jsonify({"label": SEVERITIES["high"]}).get_json() == {"label": "Cao"}


def test_an_action_that_keeps_the_state_is_named_beside_the_diagram(web, make):
    """Recording the penalty decision while a plan is under way keeps the state: no loop
    on seven states of the diagram, one line under it, in the page's language."""
    cluster = make.cluster()
    violation = make.violation(cluster, make.user("inspector"), state="plan_submitted")
    web.login(make.user("manager"))

    def shown():
        return " ".join(re.sub(r"<[^>]+>", " ", web.text(f"/violations/{violation.id}"))
                        .replace(" :", ":").split())

    assert ("Quyết định xử phạt: không chuyển trạng thái; thực hiện được ở: "
            "Đã nộp phương án khắc phục, Phương án bị trả lại") in shown()
    web.post("/language/en")
    assert ("Record the penalty decision: keeps the state; can be done in: Plan submitted, "
            "Plan rejected") in shown()
