"""A cluster with no wastewater plant on record: its measurements are not evaluated, and the
finding and the violation say so plainly, with what to record so that they can be; no
violation comes from values nobody could assess."""
import pytest


@pytest.fixture
def on_site(make):
    inspector = make.user("inspector")
    cluster = make.cluster(stage="operational")  # no plant
    return make.inspection(cluster, inspector, state="in_progress"), inspector


def _log(api, inspection, severity):
    return api.post(f"/api/v1/inspections/{inspection.id}/findings", json={
        "category": "wastewater", "severity": severity, "description": "Mẫu tại cửa xả",
        "measurements": [{"parameter": "cod", "value": 900, "unit": "mg/L"}]})


def _conclude(api, inspection):
    v = api.get(f"/api/v1/inspections/{inspection.id}").get_json()["version"]
    r = api.post(f"/api/v1/inspections/{inspection.id}/transitions",
                 json={"trigger": "conclude", "comment": "Kết luận", "version": v})
    assert r.status_code == 200, r.get_json()


def test_the_finding_says_nothing_was_evaluated_and_what_to_record(api, on_site):
    inspection, inspector = on_site
    api.as_(inspector)
    body = _log(api, inspection, "low").get_json()
    assert "chưa được đánh giá" in body["assessment_note"]
    assert "quy chuẩn và cột" in body["assessment_note"]
    assert "lưu lượng xả" in body["assessment_note"]
    assert body["measurements"][0]["verdict"] is None and not body["is_violation"]


def test_unevaluated_values_open_no_violation(api, on_site):
    inspection, inspector = on_site
    api.as_(inspector)
    _log(api, inspection, "low")
    _conclude(api, inspection)
    assert api.get(f"/api/v1/violations?cluster_id={inspection.cluster_id}").get_json()[
        "total"] == 0


def test_a_violation_on_the_inspectors_finding_says_the_values_were_not_evaluated(api, on_site):
    inspection, inspector = on_site
    api.as_(inspector)
    _log(api, inspection, "high")
    _conclude(api, inspection)
    [v] = api.get(f"/api/v1/violations?cluster_id={inspection.cluster_id}").get_json()["items"]
    detail = api.get(f"/api/v1/violations/{v['id']}").get_json()
    assert "Số liệu quan trắc chưa được đánh giá" in detail["description"]
    assert "ghi trạm XLNT" in detail["description"]
    assert detail["fine_suggestion"] is None
