import re
from datetime import date
from decimal import Decimal

from models import Finding, Inspection, Violation


def test_inspector_plans_an_inspection(web, make, db):
    cluster = make.cluster()
    web.login(make.user("inspector"))
    page = web.text("/inspections/new")
    assert cluster.name in page and "Đột xuất" in page
    response = web.post("/inspections/new", {"cluster_id": cluster.id, "kind": "surprise",
                                              "planned_date": "03/12/2026", "team": "A, B"})
    assert response.status_code == 303
    inspection = db.session.query(Inspection).one()
    assert (inspection.kind, inspection.planned_date) == ("surprise", date(2026, 12, 3))
    assert "03/12/2026" in web.text(response.headers["Location"])


def test_a_bad_date_keeps_the_other_input(web, make):
    cluster = make.cluster()
    web.login(make.user("inspector"))
    response = web.post("/inspections/new", {"cluster_id": cluster.id, "kind": "periodic",
                                              "planned_date": "12/31/2026", "team": "Đoàn X"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'data-field="planned_date"' in page and "Đoàn X" in page


def test_investors_do_not_plan_inspections(web, make):
    org = make.org("investor")
    make.cluster(investor=org)
    web.login(make.user("investor", org=org))
    assert web.get("/inspections/new").status_code == 403


def test_log_a_finding_with_measurements_then_conclude(web, make, db):
    cluster = make.cluster()
    make.plant(cluster)
    inspector = make.user("inspector")
    inspection = make.inspection(cluster, inspector, state="in_progress")
    web.login(inspector)
    assert 'name="measurements-0-parameter"' in web.text(f"/inspections/{inspection.id}")
    response = web.post(f"/inspections/{inspection.id}/findings", {
        "category": "wastewater", "severity": "high", "description": "COD vượt quy chuẩn",
        "measurements-0-parameter": "COD", "measurements-0-value": "250",
        "measurements-0-unit": "mg/l", "measurements-0-sampling_point": "Cửa xả",
        "measurements-0-sampled_at": "28/11/2026 09:30",
        # A second row left blank is dropped, not refused.
        "measurements-1-parameter": "", "measurements-1-value": "", "measurements-1-unit": ""})
    assert response.status_code == 303, response.get_data(as_text=True)[-2000:]
    finding = db.session.query(Finding).one()
    [m] = finding.measurements
    assert (m.parameter, m.value, m.sampling_point) == ("cod", Decimal("250"), "Cửa xả")  # its code
    assert m.sampled_at.hour == 2  # 09:30 in Hanoi is 02:30 UTC
    page = web.text(f"/inspections/{inspection.id}")
    assert "COD vượt quy chuẩn" in page and "250 mg/l" in page and "28/11/2026 09:30" in page
    response = web.post(f"/inspections/{inspection.id}/actions/conclude",
                        {"version": inspection.version, "comment": "Kết luận: vi phạm"})
    assert response.status_code == 303
    violation = db.session.query(Violation).one()
    assert violation.inspection_id == inspection.id
    assert f'href="/violations/{violation.id}"' in web.text(f"/inspections/{inspection.id}")


def test_a_measurement_without_a_number_is_refused_beside_it(web, make, db):
    inspector = make.user("inspector")
    inspection = make.inspection(make.cluster(), inspector, state="in_progress")
    web.login(inspector)
    response = web.post(f"/inspections/{inspection.id}/findings", {
        "category": "air", "severity": "low", "description": "Bụi",
        "measurements-0-parameter": "PM10", "measurements-0-value": "nhiều",
        "measurements-0-unit": "µg/m3"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'data-field="measurements-0-value"' in page and 'value="PM10"' in page
    assert db.session.query(Finding).count() == 0


def test_the_sampling_time_is_written_and_shown_day_first(web, make, db):
    """A text box in dd/mm/yyyy hh:mm, not the browser's picker, whose order follows the
    system's locale (mm/dd/yyyy on an English one)."""
    inspector = make.user("inspector")
    inspection = make.inspection(make.cluster(), inspector, state="in_progress")
    web.login(inspector)
    box = re.search(r'<input[^>]*name="measurements-0-sampled_at"[^>]*>',
                    web.text(f"/inspections/{inspection.id}")).group(0)
    assert 'type="text"' in box and 'placeholder="dd/mm/yyyy hh:mm"' in box
    finding = {"category": "wastewater", "severity": "low", "description": "Cửa xả",
               "measurements-0-parameter": "COD", "measurements-0-value": "50",
               "measurements-0-unit": "mg/l", "measurements-0-sampled_at": "12/11/2026 08:05"}
    refused = web.post(f"/inspections/{inspection.id}/findings",
                       {**finding, "measurements-0-sampled_at": "11/31/2026 08:05"})
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert 'data-field="measurements-0-sampled_at"' in page and 'value="11/31/2026 08:05"' in page
    assert "dùng dd/mm/yyyy hh:mm" in page
    assert web.post(f"/inspections/{inspection.id}/findings", finding).status_code == 303
    [m] = db.session.query(Finding).one().measurements
    assert (m.sampled_at.day, m.sampled_at.month, m.sampled_at.hour) == (12, 11, 1)  # UTC
    edit = web.text(f"/inspections/{inspection.id}/findings/{m.finding_id}/edit")
    assert 'value="12/11/2026 08:05"' in edit


def test_the_finding_form_suggests_the_parameters_the_standard_names(web, make):
    """Typing "Chất rắn lơ lửng" or "SS" would leave a value unassessed: the form suggests
    the codes the evaluation reads, each with its name in the page's language."""
    inspector = make.user("inspector")
    inspection = make.inspection(make.cluster(), inspector, state="in_progress")
    web.login(inspector)
    page = web.text(f"/inspections/{inspection.id}")
    box = re.search(r'<input[^>]*name="measurements-0-parameter"[^>]*>', page).group(0)
    assert 'list="parameters"' in box
    listed = page.split('<datalist id="parameters">')[1].split("</datalist>")[0]
    offered = {code: (name, unit) for code, unit, name in re.findall(
        r'<option value="([^"]+)" data-unit="([^"]*)">([^<]+)</option>', listed)}
    assert offered["tss"] == ("Chất rắn lơ lửng", "mg/l") and offered["cod"] == ("COD", "mg/l")
    assert "ph" in offered
    web.post("/language/en")
    english = web.text(f"/inspections/{inspection.id}")
    assert '<option value="tss" data-unit="mg/l">Total suspended solids (TSS)</option>' in english


def test_a_parameter_written_by_its_name_is_kept_by_its_code(web, make, db):
    """An inspector writes "Chất rắn lơ lửng" or " COD ": the standard's name is read as
    its code, so the value is assessed like any other; a name no standard uses is refused
    beside the field."""
    cluster = make.cluster()
    make.plant(cluster)
    inspector = make.user("inspector")
    inspection = make.inspection(cluster, inspector, state="in_progress")
    web.login(inspector)
    finding = {"category": "wastewater", "severity": "low", "description": "Cửa xả",
               "measurements-0-parameter": "Chất rắn  lơ lửng", "measurements-0-value": "180",
               "measurements-0-unit": "mg/l",
               "measurements-1-parameter": " COD ", "measurements-1-value": "60",
               "measurements-1-unit": "mg/l"}
    refused = web.post(f"/inspections/{inspection.id}/findings",
                       {**finding, "measurements-0-parameter": "Chất rắn"})
    assert refused.status_code == 422
    assert 'data-field="measurements-0-parameter"' in refused.get_data(as_text=True)
    assert web.post(f"/inspections/{inspection.id}/findings", finding).status_code == 303
    logged = db.session.query(Finding).one()
    assert sorted(m.parameter for m in logged.measurements) == ["cod", "tss"]
    assert "Chất rắn lơ lửng" in web.text(f"/inspections/{inspection.id}")  # shown by name


def test_findings_are_not_logged_before_the_check_starts(web, make, db):
    inspector = make.user("inspector")
    inspection = make.inspection(make.cluster(), inspector)
    web.login(inspector)
    assert "Ghi nhận kết quả tại hiện trường" not in web.text(f"/inspections/{inspection.id}")
    response = web.post(f"/inspections/{inspection.id}/findings",
                        {"category": "air", "severity": "low", "description": "x"},
                        headers={"Referer": f"http://localhost/inspections/{inspection.id}"})
    assert response.status_code == 303
    assert "Chỉ ghi nhận khi đang kiểm tra" in web.text(response.headers["Location"])
    assert db.session.query(Finding).count() == 0
