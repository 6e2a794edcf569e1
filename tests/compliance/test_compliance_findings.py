"""A wastewater finding is assessed against its plant when logged, and on conclusion becomes
a violation carrying the suggested Decree 45 sanction; the official's decision and the
suggestion both stay in the audit log.

Worked by hand from data/standards/*.csv for the default plant of `make.plant`
(QCVN40:2011 column B, river of 30 m3/s, discharge 400 m3/day):
  Kq: river, flow <= 50 m3/s -> 0.9 (candidate, unconfirmed)
  Kf: 50 < 400 <= 500 m3/day -> 1.1 (candidate, unconfirmed)
  COD: C = 150 mg/l (Table 1, column B) -> Cmax = 150 x 0.9 x 1.1 = 148.5
       320 / 148.5 = 2.1548... -> band [1.5, 3) -> Art. 18 clause 3; flow 400 in [400, 600)
       -> point k: 140,000,000-150,000,000 VND for an individual, x2 for an organisation
       (the cluster's investor): 280,000,000-300,000,000
  TSS: C = 100 -> Cmax = 99; 180 / 99 = 1.8181... -> the same point (a tie: COD is chosen,
       the larger factor); Art. 18(7) surcharge for the band 1.5-3x: 20% of the chosen
       range = 56,000,000-60,000,000
  Total 336,000,000-360,000,000, under the organisation's cap of 2,000,000,000.
  A repeat under 1.1x: Art. 18 clause 2 point k, 140,000,000-160,000,000 for an organisation.
"""
from datetime import date, datetime, timezone
from decimal import Decimal

import pytest

from models import Finding, Measurement
from workflows.wastewater.fines import limitation_expires_on
from workflows.operations.measurements import sampling_date

COD_TSS = [{"parameter": "cod", "value": 320, "unit": "mg/l", "sampled_at": "2026-11-27T09:30"},
           {"parameter": "TSS", "value": 180, "unit": "mg/l", "sampled_at": "2026-11-27T10:00"}]


def log(api, inspection, measurements, severity="medium", **extra):
    return api.post(f"/api/v1/inspections/{inspection.id}/findings", json={
        "category": "wastewater", "severity": severity, "description": "Mẫu tại cửa xả",
        "measurements": measurements, **extra})


def conclude(api, inspection):
    r = api.post(f"/api/v1/inspections/{inspection.id}/transitions",
                 json={"trigger": "conclude", "comment": "Kết luận"})
    assert r.status_code == 200, r.get_json()
    return api.get(f"/api/v1/violations?cluster_id={inspection.cluster_id}").get_json()["items"]


def test_cod_over_the_standard_becomes_a_violation_with_its_suggested_fine(api, make, on_site):
    cluster = make.cluster(stage="operational")
    plant = make.plant(cluster)
    inspection, inspector = on_site(cluster)
    api.as_(inspector)
    r = log(api, inspection, COD_TSS)
    assert r.status_code == 201, r.get_json()
    cod, tss = r.get_json()["measurements"]
    assert (cod["permitted_max"], cod["exceedance_factor"], cod["verdict"], cod["exceeds"]) == \
        (148.5, 2.1548, "exceeds", True)
    assert (tss["permitted_max"], tss["exceedance_factor"]) == (99.0, 1.8181)
    assert r.get_json()["is_violation"]

    [v] = conclude(api, inspection)
    s = v["fine_suggestion"]
    assert v["plant_id"] == plant.id
    # Kept in Vietnamese, factors at 2 decimals with a decimal comma (cut, not rounded).
    assert v["title"] == "Nước thải vượt QCVN40:2011 cột B: COD ×2,15, Chất rắn lơ lửng ×1,81"
    assert (s["sanction"], s["parameter"], s["article"], s["clause"], s["point"]) == \
        ("fine", "cod", 18, 3, "k")
    assert s["citation"] == "Điểm k khoản 3 Điều 18 Nghị định 45/2022/NĐ-CP"
    assert s["band"] == {"basis": "exceedance_factor", "min": "1.5", "max": "3"}
    assert s["flow_tier"] == {"min": "400", "max": "600"}
    assert (s["offender"], s["fine_min_vnd"], s["fine_max_vnd"]) == \
        ("organisation", 280_000_000, 300_000_000)
    assert [(x["parameter"], x["pct"], x["amount_min_vnd"], x["amount_max_vnd"])
            for x in s["surcharges"]] == [("tss", 20, 56_000_000, 60_000_000)]
    assert (s["total_min_vnd"], s["total_max_vnd"], s["cap_vnd"]) == \
        (336_000_000, 360_000_000, 2_000_000_000)
    assert s["is_suggestion"] and "Suggestion only" in s["label"]
    # The evaluation's warnings are kept with the record in Vietnamese, as its title.
    assert s["unconfirmed"] and any(w.startswith("Chưa xác nhận: Kq (river")
                                    for w in s["warnings"])
    assert s["parameters"] == ["cod", "tss"]
    assert [x["exceedance_factor"][:6] for x in s["evaluation"]["results"]] == ["2.1548", "1.8181"]
    # The sampling day (Hanoi) starts the 2-year limitation clock, shown on the violation.
    assert (v["sampled_on"], v["limitation_expires_on"]) == ("2026-11-27", "2028-11-27")
    assert s["limitation_expires_on"] == "2028-11-27"


def test_the_officials_amount_and_the_suggestion_are_both_in_the_audit_log(api, make, on_site,
                                                                          db):
    cluster = make.cluster(stage="operational")
    make.plant(cluster)
    inspection, inspector = on_site(cluster)
    api.as_(inspector)
    log(api, inspection, COD_TSS)
    [v] = conclude(api, inspection)
    r = api.post(f"/api/v1/violations/{v['id']}/transitions",
                 json={"trigger": "notify", "data": {"record_no": "BB-12"}})
    assert r.status_code == 200, r.get_json()
    api.as_(make.user("manager"))
    r = api.post(f"/api/v1/violations/{v['id']}/transitions", json={
        "trigger": "sanction", "data": {"decision_no": "QĐ-45", "fine_vnd": 300_000_000,
                                        "fine_departure_reason": "Tình tiết giảm nhẹ"}})
    assert r.status_code == 200, r.get_json()
    body = r.get_json()
    assert body["fine_confirmed_vnd"] == 300_000_000
    assert body["fine_suggestion"]["total_min_vnd"] == 336_000_000  # never overwritten
    [row] = [h for h in api.get(f"/api/v1/violations/{v['id']}/history").get_json()["items"]
             if h["trigger"] == "sanction"]
    assert row["data"] == {
        "decision_no": "QĐ-45", "fine_vnd": 300_000_000,
        "fine_departure_reason": "Tình tiết giảm nhẹ", "suggested_sanction": "fine",
        "suggested_min_vnd": 336_000_000, "suggested_max_vnd": 360_000_000,
        "suggested_citation": "Điểm k khoản 3 Điều 18 Nghị định 45/2022/NĐ-CP",
        "fine_within_suggestion": False}


def test_a_warning_only_sample_opens_no_violation(api, make, on_site, db):
    cluster = make.cluster(stage="operational")
    make.plant(cluster)
    inspection, inspector = on_site(cluster)
    api.as_(inspector)
    # 155 / 148.5 = 1.0437: over the limit, under 1.1x (Art. 18(1): a warning)
    r = log(api, inspection, [{"parameter": "cod", "value": 155, "unit": "mg/l"}])
    [m] = r.get_json()["measurements"]
    assert (m["verdict"], m["exceeds"], m["exceedance_factor"]) == ("warning", False, 1.0437)
    assert not r.get_json()["is_violation"]
    assert conclude(api, inspection) == []


@pytest.mark.parametrize("earlier, state, other_plant, repeats", [
    (date(2025, 6, 1), "detected", False, True),
    (date(2024, 11, 28), "remediated", False, True),   # 2 years to the day: still counts
    (date(2024, 11, 26), "detected", False, False),    # outside the 2 years
    (date(2025, 6, 1), "dismissed", False, False),     # a dismissed case is no offence
    (date(2025, 6, 1), "detected", True, False),       # another discharge point
])
def test_a_warning_that_repeats_an_earlier_violation_is_fined(api, make, on_site, db, earlier,
                                                             state, other_plant, repeats):
    cluster = make.cluster(stage="operational")
    plant = make.plant(cluster)
    second = make.plant(cluster, name="Cửa xả số 2")
    official = make.user("inspector")
    make.violation(cluster, official, state=state, sampled_on=earlier,
                   plant=second if other_plant else plant,
                   fine_suggestion={"parameters": ["cod", "tss"]})
    inspection, inspector = on_site(cluster)
    api.as_(inspector)
    r = log(api, inspection, [{"parameter": "cod", "value": 155, "unit": "mg/l",
                               "sampled_at": "2026-11-28T02:00"}])
    assert r.get_json()["measurements"][0]["exceeds"] is repeats
    opened = [v for v in conclude(api, inspection) if v["inspection_id"] == inspection.id]
    if not repeats:
        assert opened == []
        return
    [v] = opened
    s = v["fine_suggestion"]
    assert (s["sanction"], s["article"], s["clause"], s["point"]) == ("fine", 18, 2, "k")
    assert (s["total_min_vnd"], s["total_max_vnd"]) == (140_000_000, 160_000_000)
    assert s["repeat_parameters"] == ["cod"] and "2 năm" in s["repeat_rule"]


def test_refused_values_name_their_field_and_leave_nothing(api, make, on_site, db):
    cluster = make.cluster()
    make.plant(cluster)
    inspection, inspector = on_site(cluster)
    api.as_(inspector)
    r = log(api, inspection, [{"parameter": "cod", "value": 20, "unit": "mg/l"},
                              {"parameter": "cod", "value": 20, "unit": "g/m3"},
                              {"parameter": "unobtainium", "value": 1, "unit": "mg/l"}])
    assert r.status_code == 422
    errors = r.get_json()["errors"]
    assert set(errors) == {"measurements[1].unit", "measurements[2].parameter"}
    assert "mg/l" in errors["measurements[1].unit"]
    assert db.session.query(Finding).count() == 0


def test_without_a_plant_nothing_is_assessed_and_the_finding_says_so(api, make, on_site):
    inspection, inspector = on_site(make.cluster())
    api.as_(inspector)
    r = log(api, inspection, [{"parameter": "cod", "value": 900, "unit": "mg/l"}],
            severity="low")
    body = r.get_json()
    assert r.status_code == 201 and "Cụm chưa có trạm XLNT" in body["assessment_note"]
    assert body["measurements"][0]["verdict"] is None and not body["is_violation"]


def test_air_findings_are_not_held_to_the_wastewater_standard(api, make, on_site):
    cluster = make.cluster()
    make.plant(cluster)
    inspection, inspector = on_site(cluster)
    api.as_(inspector)
    r = api.post(f"/api/v1/inspections/{inspection.id}/findings", json={
        "category": "air", "severity": "low", "description": "Bụi",
        "measurements": [{"parameter": "PM10", "value": 80, "unit": "µg/m3"}]})
    assert r.status_code == 201 and r.get_json()["measurements"][0]["verdict"] is None


def test_the_finding_names_the_plant_sampled(api, make, on_site, db):
    cluster = make.cluster()
    make.plant(cluster)  # column B river: COD 80 is compliant there
    outfall = make.plant(cluster, name="Cống xả khu B", standard_column="A",
                         receiving_body="urban_drainage_no_wwtp", receiving_flow_m3s=None)
    inspection, inspector = on_site(cluster)
    api.as_(inspector)
    # Urban drainage with no central plant: Kq = Kf = 1, but it must meet column B (QCVN 40
    # cl. 2.1.3): the plant's record says A, so the library refuses it and says why.
    r = log(api, inspection, [{"parameter": "cod", "value": 80, "unit": "mg/l"}],
            plant_id=outfall.id)
    assert r.status_code == 201
    assert "column" in r.get_json()["assessment_note"]
    outfall.standard_column, outfall.receiving_body = "A", "onsite"
    db.session.commit()
    # On site (Art. 7(4)): Kq 0.6 (confirmed) x Kf 1.1 (candidate) x C 75 = 49.5
    r = log(api, inspection, [{"parameter": "cod", "value": 80, "unit": "mg/l"}],
            plant_id=outfall.id)
    [m] = r.get_json()["measurements"]
    assert (r.get_json()["plant_id"], m["permitted_max"], m["verdict"]) == \
        (outfall.id, 49.5, "exceeds")
    other = make.plant(make.cluster())
    r = log(api, inspection, [{"parameter": "cod", "value": 80, "unit": "mg/l"}],
            plant_id=other.id)
    assert r.status_code == 422 and "plant_id" in r.get_json()["errors"]


def test_an_unconfirmed_column_a_limit_leaves_that_parameter_unassessed(api, make, on_site):
    cluster = make.cluster()
    make.plant(cluster, standard_column="A")
    inspection, inspector = on_site(cluster)
    api.as_(inspector)
    r = log(api, inspection, [{"parameter": "chloride", "value": 600, "unit": "mg/l"},
                              {"parameter": "cod", "value": 200, "unit": "mg/l"}])
    chloride, cod = r.get_json()["measurements"]
    assert chloride["verdict"] is None and cod["verdict"] == "exceeds"
    assert "chloride" in r.get_json()["assessment_note"]


def test_the_sampling_day_is_hanois_and_starts_the_two_year_clock():
    # 20:00 UTC on 27/11 is 03:00 on 28/11 in Hanoi: the sample was taken on the 28th.
    m = Measurement(parameter="cod", value=Decimal(1), unit="mg/l",
                    sampled_at=datetime(2026, 11, 27, 20, 0, tzinfo=timezone.utc))
    assert sampling_date([m]) == date(2026, 11, 28)
    assert limitation_expires_on(date(2026, 11, 28)) == date(2028, 11, 28)
    assert limitation_expires_on(date(2028, 2, 29)) == date(2030, 2, 28)


def test_the_violation_page_shows_the_suggestion_and_the_limitation(api, make, on_site, web):
    cluster = make.cluster(stage="operational")
    make.plant(cluster)
    inspection, inspector = on_site(cluster)
    api.as_(inspector)
    assert log(api, inspection, COD_TSS).status_code == 201
    [v] = conclude(api, inspection)
    html = web.login(inspector).text(f"/violations/{v['id']}")
    assert "Điểm k khoản 3 Điều 18 Nghị định 45/2022/NĐ-CP" in html
    assert "336.000.000" in html and "360.000.000" in html  # the suggested total, VND
    assert "27/11/2028" in html  # limitation: 2 years from the sampling day, dd/mm/yyyy
