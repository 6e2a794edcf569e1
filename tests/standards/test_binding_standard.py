"""Which standard binds a plant on a date (QCVN 40:2025 from 1/9/2025; existing facilities,
recorded as such, keep QCVN 40:2011 until 31/12/2031), the 2025 table's format and its
loading command, and evaluations that say plainly when they cannot be made."""
from datetime import date
from pathlib import Path

import pytest

from workflows.wastewater.binding import (LIMITS_HEADER, LimitsFileError, binding_standard,
                                          read_limits)

DATA = Path(__file__).resolve().parents[2] / "data" / "standards"


@pytest.mark.parametrize("existing,on,code,reason,until", [
    (True, date(2027, 3, 10), "QCVN40:2011", "existing_transition", "2031-12-31"),
    (True, date(2031, 12, 31), "QCVN40:2011", "existing_transition", "2031-12-31"),
    (True, date(2032, 1, 5), "QCVN40:2025", "successor", None),
    (False, date(2025, 10, 1), "QCVN40:2025", "successor", None),
    (False, date(2025, 8, 31), "QCVN40:2011", "before_successor", "2025-08-31"),
    (True, date(2025, 8, 31), "QCVN40:2011", "before_successor", "2031-12-31"),
])
def test_the_rule_as_the_notes_work_it(existing, on, code, reason, until):
    b = binding_standard("QCVN40:2011", existing, on)
    assert (b.code, b.reason, b.to_dict()["until"]) == (code, reason, until)
    assert b.to_dict()["version"] == code.rpartition(":")[2]


def test_the_shipped_2025_table_is_the_format_with_no_rows():
    text = (DATA / "qcvn40_2025_limits.csv").read_text(encoding="utf-8")
    assert text.splitlines()[0] == ",".join(LIMITS_HEADER)
    assert read_limits(text) == []
    shared = Path("/work/shared/domain/research-2025/qcvn40_2025_limits.csv")
    if shared.exists():  # a byte copy of the research file
        assert shared.read_bytes() == (DATA / "qcvn40_2025_limits.csv").read_bytes()


ROW = ("QCVN40:2025,1,2,cod,COD,mg/l,A,0,5000,true,false,75,,,,unknown,secondary_copy,"
       "test fixture,")


@pytest.mark.parametrize("line,problem", [
    (ROW.replace(",A,", ",D,"), "column must be one of"),
    (ROW.replace(",75,,,", ",seventy,,,"), "not a number"),
    (ROW.replace(",75,,,", ",,,,"), "give limit_value"),
    (ROW.replace(",unknown,", ",maybe,"), "coefficients_apply"),
    (ROW.replace(",0,5000,", ",6000,5000,"), "below flow_min"),
    (ROW.replace("test fixture", ""), "source is empty"),
    # [0, 5000) and [4000, 6000] share 4000-5000: two limits for one flow.
    (ROW.replace(",0,5000,", ",4000,6000,"), "overlaps line 2"),
])
def test_a_table_that_breaks_the_format_names_the_line(line, problem):
    with pytest.raises(LimitsFileError) as caught:
        read_limits(",".join(LIMITS_HEADER) + "\n" + ROW + "\n" + line + "\n")
    assert any(problem in p and p.startswith("line 3") for p in caught.value.problems), \
        caught.value.problems


def test_load_refuses_a_bad_file_and_installs_a_good_one(runner, standards_dir, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("parameter,limit\ncod,75\n", encoding="utf-8")
    result = runner.invoke(args=["standards", "load", str(bad)])
    assert result.exit_code != 0 and "nothing loaded" in result.output
    assert read_limits((standards_dir / "qcvn40_2025_limits.csv").read_text()) == []
    good = tmp_path / "official.csv"
    good.write_text(",".join(LIMITS_HEADER) + "\n" + ROW + "\n", encoding="utf-8")
    result = runner.invoke(args=["standards", "load", str(good)])
    assert result.exit_code == 0, result.output
    assert "loaded 1 limit rows" in result.output
    rows = read_limits((standards_dir / "qcvn40_2025_limits.csv").read_text())
    assert [(r.parameter_key, r.column, r.limit_value) for r in rows] == [("cod", "A", 75)]


@pytest.fixture
def plants(make):
    cluster = make.cluster()
    existing = make.plant(cluster)  # operating since 2020, recorded as existing
    new = make.plant(cluster, name="Trạm XLNT mở rộng", existing_facility=False,
                     existing_basis=None, existing_basis_date=None)
    return {"existing": existing, "new": new}


def test_the_api_says_which_standard_binds_and_why(api, make, plants):
    api.as_(make.user("manager"))
    body = api.get(f"/api/v1/plants/{plants['existing'].id}").get_json()
    assert {k: body["binding_standard"][k] for k in ("code", "version", "until")} == {
        "code": "QCVN40:2011", "version": "2011", "until": "2031-12-31"}
    assert "31/12/2031" in body["binding_standard"]["reason"]
    body = api.get(f"/api/v1/plants/{plants['new'].id}").get_json()
    assert (body["binding_standard"]["code"], body["binding_standard"]["until"]) == (
        "QCVN40:2025", None)
    assert body["existing_facility"] is False


def test_an_evaluation_under_2025_without_its_table_is_422_never_2011(api, make, plants):
    api.as_(make.user("inspector"))
    sample = {"measurements": [{"parameter": "cod", "value": 270, "unit": "mg/l"}]}
    r = api.post("/api/v1/evaluations", json={"plant_id": plants["new"].id, **sample})
    assert r.status_code == 422, r.get_json()
    message = r.get_json()["errors"]["standard"]
    assert "QCVN40:2025" in message and "chưa được nạp" in message
    # The existing plant is evaluated under 2011, flagged as kept by the transition.
    r = api.post("/api/v1/evaluations", json={"plant_id": plants["existing"].id, **sample})
    assert r.status_code == 200, r.get_json()
    body = r.get_json()
    assert body["binding_standard"]["code"] == "QCVN40:2011"
    assert body["flags"] == ["transition"]
    assert body["evaluation"]["standard"] == "QCVN40:2011"
    # The same existing plant sampled after the transition: 2025 binds, nothing to evaluate.
    r = api.post("/api/v1/evaluations", json={"plant_id": plants["existing"].id,
                                              "sampled_on": "2032-01-05", **sample})
    assert r.status_code == 422 and "standard" in r.get_json()["errors"]


def test_existing_must_be_recorded_with_its_event_and_date(api, make):
    cluster = make.cluster()
    api.as_(make.user("manager"))
    base = {"name": "Trạm XLNT", "capacity_m3_day": 500, "receiving_body": "river"}
    r = api.post(f"/api/v1/clusters/{cluster.id}/plants",
                 json={**base, "existing_facility": True})
    assert r.status_code == 422
    assert {"existing_basis", "existing_basis_date"} <= set(r.get_json()["errors"])
    r = api.post(f"/api/v1/clusters/{cluster.id}/plants", json={
        **base, "existing_facility": True, "existing_basis": "ĐTM phê duyệt 12/QĐ-UBND",
        "existing_basis_date": "2025-10-01"})
    assert r.status_code == 422 and "existing_basis_date" in r.get_json()["errors"]
    r = api.post(f"/api/v1/clusters/{cluster.id}/plants", json={
        **base, "existing_facility": True, "existing_basis": "ĐTM phê duyệt 12/QĐ-UBND",
        "existing_basis_date": "2024-10-01"})
    assert r.status_code == 201, r.get_json()
    assert r.get_json()["binding_standard"]["code"] == "QCVN40:2011"


def test_the_cluster_page_shows_the_binding_standard(web, make, plants):
    web.login(make.user("manager"))
    page = web.text(f"/clusters/{plants['new'].cluster_id}")
    assert 'data-binding="QCVN40:2025"' in page and 'data-binding="QCVN40:2011"' in page
    assert "chưa có bảng giới hạn" in page
