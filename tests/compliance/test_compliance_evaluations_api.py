"""POST /api/v1/evaluations and GET /api/v1/standards: every status code.

Urban drainage with no central plant has Kq = Kf = 1, both confirmed (QCVN 40 cl. 2.1.3),
and must meet column B: Cmax = C, so the factors below are value / C from Table 1
(COD 150, arsenic 0.1 mg/l). Amounts from data/standards/nd45_2022_fines.csv:
  COD 300 -> 2x -> Art. 18 cl. 3; 150 m3/day -> point h: 120,000,000-130,000,000
  COD 155 -> 1.033x -> a warning; repeated -> Art. 18 cl. 2 point h: 50,000,000-60,000,000
  arsenic 0.6 -> 6x -> Art. 19 cl. 6, whose tiers end at ">= 300 m3/day" (point k,
  200,000,000-220,000,000): less than cl. 5's 3-5x at that flow; the suggestion says so.
"""
import pytest

URBAN = {"standard": "QCVN40:2011", "column": "B",
         "receiving_water": {"kind": "urban_drainage_no_wwtp"}, "discharge_flow_m3_day": 150}


def cod(value, unit="mg/l"):
    return [{"parameter": "cod", "value": value, "unit": unit}]


def test_anonymous_callers_get_401(api):
    assert api.post("/api/v1/evaluations", json={**URBAN, "measurements": cod(1)}).status_code == 401
    assert api.get("/api/v1/standards").status_code == 401


def test_conditions_typed_in_give_the_verdict_and_the_fine(api, make):
    api.as_(make.user("inspector"))
    r = api.post("/api/v1/evaluations", json={**URBAN, "measurements": cod(300),
                                              "sampled_on": "2026-11-20"})
    assert r.status_code == 200, r.get_json()
    body = r.get_json()
    [result] = body["evaluation"]["results"]
    assert (result["c"], result["kq"], result["kf"], result["cmax"], result["exceedance_factor"],
            result["verdict"]) == ("150", "1", "1", "150", "2", "exceeds")
    assert body["evaluation"]["unconfirmed"] is False
    s = body["fine_suggestion"]
    assert (s["offender"], s["citation"], s["total_min_vnd"], s["total_max_vnd"]) == (
        "individual", "Điểm h khoản 3 Điều 18 Nghị định 45/2022/NĐ-CP", 120_000_000, 130_000_000)
    assert s["is_suggestion"] and s["limitation_expires_on"] == "2028-11-20"
    doubled = api.post("/api/v1/evaluations", json={**URBAN, "measurements": cod(300),
                                                    "organisation": True}).get_json()
    assert doubled["fine_suggestion"]["total_max_vnd"] == 260_000_000


@pytest.mark.parametrize("repeat, sanction, total", [
    (None, "warning", None), (True, "fine", (50_000_000, 60_000_000))])
def test_under_1_1x_is_a_warning_unless_repeated(api, make, repeat, sanction, total):
    api.as_(make.user("manager"))
    body = {**URBAN, "measurements": cod(155)}
    if repeat is not None:
        body["repeat"] = repeat
    s = api.post("/api/v1/evaluations", json=body).get_json()["fine_suggestion"]
    assert s["sanction"] == sanction
    assert (s["total_min_vnd"], s["total_max_vnd"]) == (total or (None, None))


def test_the_hazardous_top_band_warns_that_its_tiers_end_early(api, make):
    """In the caller's language: Vietnamese without Accept-Language, English with it."""
    api.as_(make.user("inspector"))
    body = {**URBAN, "discharge_flow_m3_day": 400,
            "measurements": [{"parameter": "arsenic", "value": 0.6, "unit": "mg/l"}]}
    s = api.post("/api/v1/evaluations", json=body).get_json()["fine_suggestion"]
    assert (s["article"], s["clause"], s["point"], s["fine_min_vnd"]) == (19, 6, "k", 200_000_000)
    assert any("tội phạm về môi trường" in w and "từ 300 m³/ngày đêm trở lên" in w
               for w in s["warnings"])
    assert s["readings"][0].startswith("Điều 7 khoản 2: mỗi thông số chỉ tính một lần")
    en = api.client.post("/api/v1/evaluations", json=body, headers={
        **api._headers(), "Accept-Language": "en"}).get_json()["fine_suggestion"]
    assert any("environmental crime" in w and "end at 300 m³/day" in w for w in en["warnings"])
    assert en["readings"][0] == "Art. 7(2): each parameter counted once, at its worst measurement"


def test_a_plant_supplies_its_conditions_and_the_offender_is_an_organisation(api, make):
    cluster = make.cluster()
    plant = make.plant(cluster)  # column B, river 30 m3/s (Kq 0.9), 400 m3/day (Kf 1.1)
    api.as_(make.user("inspector"))
    r = api.post("/api/v1/evaluations", json={"plant_id": plant.id, "measurements": cod(320)})
    assert r.status_code == 200, r.get_json()
    body = r.get_json()
    assert body["plant_id"] == plant.id
    assert body["evaluation"]["results"][0]["cmax"] == "148.5"
    assert body["evaluation"]["kq"]["confirmed"] is False
    s = body["fine_suggestion"]
    assert (s["offender"], s["point"], s["total_min_vnd"]) == ("organisation", "k", 280_000_000)
    # The candidate Kq/Kf's warning stays among the warnings, and is named as such apart.
    [candidates] = body["evaluation"]["unconfirmed_warnings"]
    assert candidates.startswith("Chưa xác nhận: Kq (river")
    assert candidates in body["evaluation"]["warnings"] and candidates in s["warnings"]


def test_investors_evaluate_only_their_own_plants(api, make):
    org = make.org("investor")
    own = make.plant(make.cluster(investor=org))
    other = make.plant(make.cluster())
    api.as_(make.user("investor", org=org))
    assert api.post("/api/v1/evaluations", json={"plant_id": own.id,
                                                 "measurements": cod(20)}).status_code == 200
    r = api.post("/api/v1/evaluations", json={"plant_id": other.id, "measurements": cod(20)})
    assert r.status_code == 404
    assert api.post("/api/v1/evaluations", json={**URBAN, "measurements": cod(20)}).status_code == 403
    assert api.get("/api/v1/standards").status_code == 200


def test_an_unknown_plant_is_404(api, make):
    api.as_(make.user("inspector"))
    assert api.post("/api/v1/evaluations", json={"plant_id": 9999,
                                                 "measurements": cod(1)}).status_code == 404


@pytest.mark.parametrize("change, paths", [
    ({"measurements": cod(300, "g/l")}, {"measurements[0].unit"}),
    ({"measurements": cod("12,5")}, {"measurements[0].value"}),
    ({"measurements": [{"parameter": "cod", "value": -1, "unit": "mg/l"},
                       {"parameter": "ph", "value": 15, "unit": "-"},
                       {"parameter": "lead-ish", "value": 1, "unit": "mg/l"}]},
     {"measurements[0].value", "measurements[1].value", "measurements[2].parameter"}),
    ({"measurements": [{"parameter": "cod", "value": 1, "unit": "mg/l", "lab": "x"}]},
     {"measurements[0].lab"}),
    ({"measurements": []}, {"measurements"}),
    ({"receiving_water": {"kind": "sea"}}, {"receiving_water.sea_kind"}),
    ({"receiving_water": {"kind": "pond"}}, {"receiving_water.kind"}),
    ({"column": "C"}, {"column"}),
    ({"standard": "QCVN99:2030"}, {"standard"}),
    ({"discharge_flow_m3_day": -3}, {"discharge_flow_m3_day"}),
    # Finite numbers of no real size: the first overflowed into a 500, the second printed a
    # million digits.
    ({"measurements": cod("1e1000000"), "discharge_flow_m3_day": "1e1000000"},
     {"measurements[0].value", "discharge_flow_m3_day"}),
    ({"measurements": cod("1e-1000000"), "receiving_water": {"kind": "river", "flow_m3_s": "1e-1000000"}},
     {"measurements[0].value", "receiving_water.flow_m3_s"}),
    ({"organisation": "yes", "repeat": 1}, {"organisation", "repeat"}),
    ({"surcharge_base": "whatever"}, {"surcharge_base"}),
    ({"sampled_on": "31/02/2026"}, {"sampled_on"}),
    ({"plant_id": 1}, {"standard", "column", "receiving_water", "discharge_flow_m3_day"}),
    ({"colour": "blue"}, {"colour"}),
])
def test_bad_input_is_422_with_field_paths(api, make, change, paths):
    api.as_(make.user("inspector"))
    r = api.post("/api/v1/evaluations", json={**URBAN, "measurements": cod(1), **change})
    assert r.status_code == 422, r.get_json()
    assert set(r.get_json()["errors"]) == paths, r.get_json()["errors"]


def test_the_standards_refusals_speak_the_callers_language(api, make):
    """Vietnamese without Accept-Language, English with it: the same fields either way."""
    api.as_(make.user("inspector"))
    body = {**URBAN, "discharge_flow_m3_day": -3, "measurements": [
        {"parameter": "cod", "value": "12,5", "unit": "g/l"},
        {"parameter": "bod", "value": 1, "unit": "mg/l"}]}
    vi = api.post("/api/v1/evaluations", json=body).get_json()["errors"]
    en = api.client.post("/api/v1/evaluations", json=body,
                         headers={**api._headers(), "Accept-Language": "en"}).get_json()["errors"]
    assert set(vi) == set(en) == {"discharge_flow_m3_day", "measurements[0].value",
                                  "measurements[0].unit", "measurements[1].parameter"}
    assert vi["measurements[0].value"] == \
        "“12,5” không phải là số (dùng dấu chấm '.' làm dấu thập phân)"
    assert en["measurements[0].value"] == "'12,5' is not a number (use '.' as decimal point)"
    assert vi["measurements[1].parameter"] == "“bod” không phải thông số của QCVN40:2011"
    assert en["measurements[1].parameter"] == "'bod' is not a parameter of QCVN40:2011"
    assert en["measurements[0].unit"].startswith("unit 'g/l' is not mg/l")
    assert vi["discharge_flow_m3_day"] == "lưu lượng xả thải phải là một số (m3/ngày), từ 0 trở lên"
    assert en["discharge_flow_m3_day"] == "the discharge flow must be a number of m3/day >= 0"


def test_missing_conditions_are_named(api, make):
    api.as_(make.user("inspector"))
    r = api.post("/api/v1/evaluations", json={"measurements": cod(1)})
    assert r.status_code == 422
    assert set(r.get_json()["errors"]) == {"standard", "column", "receiving_water",
                                           "discharge_flow_m3_day"}


def test_an_incomplete_plant_record_is_named_on_plant_id(api, make):
    plant = make.plant(make.cluster(), discharge_flow_m3_day=None)
    api.as_(make.user("inspector"))
    r = api.post("/api/v1/evaluations", json={"plant_id": plant.id, "measurements": cod(1)})
    assert r.status_code == 422
    said = r.get_json()["errors"]["plant_id"]
    assert "hồ sơ trạm XLNT chưa đủ" in said and "Lưu lượng xả (m³/ngày đêm)" in said
    assert "discharge_flow_m3_day" not in said  # named as the plant's form names it
    english = api.client.post(
        "/api/v1/evaluations", json={"plant_id": plant.id, "measurements": cod(1)},
        headers={**api._headers(), "Accept-Language": "en"}).get_json()["errors"]["plant_id"]
    assert "Discharge (m³/day)" in english and "hồ sơ" not in english, english


def test_standards_list_the_parameters_a_form_needs(api, make):
    api.as_(make.user("inspector"))
    r = api.get("/api/v1/standards")
    assert r.status_code == 200
    body = r.get_json()
    [std] = body["items"]
    params = {p["key"]: p for p in std["parameters"]}
    assert (params["cod"]["unit"], params["cod"]["limit_a"], params["cod"]["limit_b"]) == \
        ("mg/l", "75", "150")
    assert params["ph"]["limit_b"] == "5.5-9"
    assert params["chloride"]["limit_a"] is None and not params["chloride"]["limit_a_confirmed"]
    coefficients = {(c["name"], c["receiving_body"], c["rule"]): c for c in std["coefficients"]}
    assert any(not c["confirmed"] for c in coefficients.values())
    assert any(c["confirmed"] and c["receiving_body"] == "onsite" for c in coefficients.values())
    assert body["sea_kinds"] == ["protected", "other"]
