"""Evaluation of samples: Cmax = C x Kq x Kf, exceedance factors, verdicts, input refusals.

Every expected figure is worked out by hand from data/standards/*.csv in the comment above it.
"""
import json
from decimal import Decimal

import pytest

from workflows.engine.errors import Invalid
from workflows.wastewater.evaluation import EvaluationError, Measurement, ReceivingWater, evaluate

STD = "QCVN40:2011"
URBAN = ReceivingWater("urban_drainage_no_wwtp")  # Kq = Kf = 1, confirmed, column B


def one(column, water, flow, parameter, value, unit="mg/l"):
    return evaluate(STD, column, water, flow, [(parameter, value, unit)]).results[0]


def errors_of(*args) -> dict:
    with pytest.raises(EvaluationError) as info:
        evaluate(*args)
    return info.value.errors


@pytest.mark.parametrize("column, water, flow, parameter, c, kq, kf, cmax", [
    # column B, river Q = 30 m3/s (Kq 0.9: Q <= 50), 120 m3/day (Kf 1.1: 50 < F <= 500):
    # COD 150 x 0.9 x 1.1 = 148.5
    ("B", ReceivingWater.river(30), 120, "cod", "150", "0.9", "1.1", "148.5"),
    # column A, same: COD 75 x 0.9 x 1.1 = 74.25
    ("A", ReceivingWater.river(30), 120, "cod", "75", "0.9", "1.1", "74.25"),
    # column A, lake 50 million m3 (Kq 0.8), 600 m3/day (Kf 1.0): BOD5 30 x 0.8 x 1.0 = 24
    ("A", ReceivingWater.lake(50_000_000), 600, "bod5", "30", "0.8", "1.0", "24"),
    # column B, other coastal water (Kq 1.3), 6000 m3/day (Kf 0.9): TSS 100 x 1.3 x 0.9 = 117
    ("B", ReceivingWater.sea("other"), 6000, "tss", "100", "1.3", "0.9", "117"),
    # column B, protected coastal water (Kq 1.0), 20 m3/day (Kf 1.2): lead 0.5 x 1.0 x 1.2 = 0.6
    ("B", ReceivingWater.sea("protected"), 20, "lead", "0.5", "1.0", "1.2", "0.6"),
    # onsite (Decree 45 Art. 7(4): Kq 0.6), 20 m3/day (Kf 1.2): NH4-N 10 x 0.6 x 1.2 = 7.2
    ("B", ReceivingWater("onsite"), 20, "nh4_n", "10", "0.6", "1.2", "7.2"),
    # river > 500 m3/s (Kq 1.2), 5000.1 m3/day (Kf 0.9): iron, column B 5 x 1.2 x 0.9 = 5.4
    ("B", ReceivingWater.river(501), "5000.1", "iron", "5", "1.2", "0.9", "5.4"),
    # river, no flow data (Kq 0.9), 50 m3/day (Kf 1.2, F <= 50 inclusive): 150 x 0.9 x 1.2 = 162
    ("B", ReceivingWater.river(), 50, "cod", "150", "0.9", "1.2", "162"),
    # lake, no volume data (Kq 0.6), 500 m3/day (Kf 1.1, upper bound inclusive): 150 x .6 x 1.1 = 99
    ("B", ReceivingWater.lake(), 500, "cod", "150", "0.6", "1.1", "99"),
    # urban drainage, no central plant: Kq = Kf = 1, column B: COD 150
    ("B", URBAN, 120, "cod", "150", "1", "1", "150"),
])
def test_cmax_worked_examples(column, water, flow, parameter, c, kq, kf, cmax):
    result = one(column, water, flow, parameter, 1)
    assert (result.c, result.kq, result.kf, result.cmax) == (Decimal(c), Decimal(kq), Decimal(kf), Decimal(cmax))


@pytest.mark.parametrize("flow_m3_s, kq", [("50", "0.9"), ("50.001", "1.0"), ("200", "1.0"),
                                           ("200.5", "1.1"), ("500", "1.1"), ("500.01", "1.2")])
def test_river_kq_edges_upper_inclusive(flow_m3_s, kq):
    assert one("B", ReceivingWater.river(flow_m3_s), 10, "cod", 1).kq == Decimal(kq)


def test_unknown_receiving_water_takes_strictest_no_data_rule():
    # 'no data' rows: river 0.9, lake 0.6 -> 0.6; Kf at 10 m3/day 1.2: 150 x 0.6 x 1.2 = 108
    evaluation = evaluate(STD, "B", {"kind": "unknown"}, 10, [("cod", 108, "mg/l")])
    assert evaluation.kq.value == Decimal("0.6")
    assert evaluation.results[0].cmax == Decimal(108)
    assert any(w.startswith("Chưa rõ nguồn tiếp nhận") and w.params["value"] == Decimal("0.6")
               for w in evaluation.warnings)


def test_coefficients_do_not_apply_to_exempt_parameters():
    # temperature: Cmax = C = 40 whatever Kq/Kf are (river 0.9, Kf 1.1 here)
    result = one("B", ReceivingWater.river(30), 120, "temperature", 41, "°C")
    assert (result.kq, result.kf, result.cmax) == (None, None, Decimal(40))
    assert result.verdict == "warning"  # 41 / 40 = 1.025
    assert not result.unconfirmed  # no candidate coefficient was used


def test_unconfirmed_flag_travels_from_candidate_coefficients():
    river = evaluate(STD, "B", ReceivingWater.river(30), 120, [("cod", 10, "mg/l")])
    assert river.unconfirmed and river.results[0].unconfirmed and not river.kq.confirmed
    assert any("giá trị dự kiến" in w for w in river.warnings)
    urban = evaluate(STD, "B", URBAN, 120, [("cod", 10, "mg/l")])
    assert not urban.unconfirmed and urban.kq.confirmed and urban.kf.confirmed
    assert urban.warnings == ()
    # onsite: Kq confirmed (0.6), Kf a candidate -> still unconfirmed
    assert evaluate(STD, "B", {"kind": "onsite"}, 120, [("cod", 1, "mg/l")]).unconfirmed


@pytest.mark.parametrize("value, verdict", [
    # urban drainage, COD column B: Cmax 150. 150 -> 1.0x; 150.015 -> 1.0001x;
    # 164.985 -> 1.0999x; 165 -> exactly 1.1x (Decree 45 warning row is [1, 1.1))
    ("150", "compliant"), ("150.015", "warning"), ("164.985", "warning"), ("165", "exceeds"),
    (165.0, "exceeds"), ("0", "compliant"),
])
def test_verdict_edges(value, verdict):
    result = one("B", URBAN, 10, "cod", value)
    assert result.verdict == verdict


def test_exactly_one_point_one_with_coefficients_is_exact():
    # 148.5 x 1.1 = 163.35: Decimal keeps it exact, a float would not
    result = one("B", ReceivingWater.river(30), 120, "cod", 163.35)
    assert result.exceedance_factor == Decimal("1.1")
    assert result.verdict == "exceeds"


def test_both_columns_differ_on_the_same_sample():
    # COD 297 at river 30 m3/s, 120 m3/day: B 297 / 148.5 = 2; A 297 / 74.25 = 4
    assert one("B", ReceivingWater.river(30), 120, "cod", 297).exceedance_factor == 2
    assert one("A", ReceivingWater.river(30), 120, "cod", 297).exceedance_factor == 4


@pytest.mark.parametrize("column, ph, verdict, clause, side", [
    ("B", "5.5", "compliant", None, None), ("B", "9", "compliant", None, None),
    ("B", "5.49", "exceeds", 7, "acid"), ("B", "4", "exceeds", 7, "acid"),
    ("B", "3.99", "exceeds", 8, "acid"), ("B", "2", "exceeds", 8, "acid"),
    ("B", "1.99", "exceeds", 9, "acid"), ("B", "0", "exceeds", 9, "acid"),
    ("B", "9.01", "exceeds", 7, "alkaline"), ("B", "10.49", "exceeds", 7, "alkaline"),
    ("B", "10.5", "exceeds", 8, "alkaline"), ("B", "12.49", "exceeds", 8, "alkaline"),
    ("B", "12.5", "exceeds", 9, "alkaline"), ("B", "14", "exceeds", 9, "alkaline"),
    # column A's range is 6-9: 5.8 is out on A and in on B
    ("A", "5.8", "exceeds", 7, "acid"), ("B", "5.8", "compliant", None, None),
    ("A", "6", "compliant", None, None),
])
def test_ph_bands_both_sides(column, ph, verdict, clause, side):
    result = one(column, ReceivingWater.river(30), 120, "ph", ph, "-")
    assert result.verdict == verdict
    assert result.exceedance_factor is None and result.kq is None
    band = (result.ph_band.clause, result.ph_band.side) if result.ph_band else (None, None)
    assert band == (clause, side)


def test_radioactivity_has_no_warning_band():
    # gross beta column B C = 1.0 (Bq/l), no coefficients: 1.05 -> 1.05x -> exceeds
    assert one("B", URBAN, 10, "gross_beta", "1.05", "Bq/l").verdict == "exceeds"
    assert one("B", URBAN, 10, "gross_beta", "1.0", "Bq/L").verdict == "compliant"


def test_chloride_does_not_apply_at_sea():
    # Table 1 row 26: the chloride limit is not applied to saline or brackish receiving water
    assert one("B", ReceivingWater.sea("other"), 10, "chloride", 5000).verdict == "not_applicable"
    river = one("B", ReceivingWater.river(30), 10, "chloride", 5000)
    assert river.verdict == "exceeds" and "saline" in river.notes[0]


@pytest.mark.parametrize("unit", ["mg/l", "mg/L", "MG/L", " mg/l "])
def test_units_compare_case_insensitively(unit):
    assert one("B", URBAN, 10, "cod", 1, unit).verdict == "compliant"


@pytest.mark.parametrize("parameter, unit", [
    ("cod", "ug/L"), ("cod", "µg/L"), ("cod", "g/l"), ("cod", None), ("cod", "ppm"),
    ("coliform", "MPN/L"), ("temperature", "oC"), ("ph", "mg/l"),
])
def test_unit_mismatch_is_refused_never_converted(parameter, unit):
    errors = errors_of(STD, "B", URBAN, 10, [(parameter, 1, unit)])
    assert list(errors) == ["measurements[0].unit"]
    assert "không quy đổi đơn vị" in errors["measurements[0].unit"]


@pytest.mark.parametrize("unit", ["MPN/100mL", "CFU/100mL", "mpn/100ml", "CFU / 100 mL"])
def test_coliform_counts_as_mpn_or_cfu_per_100ml(unit):
    # The same count as labs report it: Table 1's "vi khuẩn/100ml" as MPN or CFU.
    assert one("B", URBAN, 10, "coliform", 100, unit).verdict == "compliant"


def test_table_units_are_accepted():
    sample = [("coliform", 100, "Vi khuẩn/100mL"), ("ph", 7, "-"), ("ph", 7, ""), ("ph", 7, None),
              ("temperature", 30, "°C"), ("colour", 20, "Pt/Co")]
    assert evaluate(STD, "B", URBAN, 10, sample).verdict == "compliant"


@pytest.mark.parametrize("value, message", [
    (-1, "số âm"), ("-0.1", "số âm"), ("abc", "không phải là số"), ("1,5", "không phải là số"),
    (None, "không phải là số"), (True, "không phải là số"), ("NaN", "không phải là số"),
    (float("inf"), "không phải là số"), ("", "không phải là số"),
    # Finite, but no sample's size: the first overflowed the arithmetic, the second printed
    # a million digits.
    ("1e1000000", "không phải là số"), ("1e-1000000", "không phải là số"),
    (Decimal("1e13"), "không phải là số"), (1e-13, "không phải là số"),
])
def test_bad_values_are_refused(value, message):
    errors = errors_of(STD, "B", URBAN, 10, [("cod", value, "mg/l")])
    assert message in errors["measurements[0].value"]


@pytest.mark.parametrize("ph", ["14.01", "-0.5", "15"])
def test_ph_outside_the_scale_is_refused(ph):
    assert "measurements[0].value" in errors_of(STD, "B", URBAN, 10, [("ph", ph, "-")])


def test_every_bad_measurement_is_reported_with_its_index():
    errors = errors_of(STD, "B", URBAN, 10, [
        ("cod", 10, "mg/l"), ("unobtainium", 1, "mg/l"), {"parameter": "tss", "value": "x", "unit": "ug/l"},
        Measurement("ph", 15, "-"), "garbage",
    ])
    assert set(errors) == {"measurements[1].parameter", "measurements[2].value", "measurements[2].unit",
                           "measurements[3].value", "measurements[4]"}


def test_unconfirmed_column_a_limit_is_a_clear_error():
    errors = errors_of(STD, "A", ReceivingWater.river(30), 10, [("cod", 10, "mg/l"), ("chloride", 10, "mg/l")])
    assert list(errors) == ["measurements[1].parameter"]
    assert "chloride" in errors["measurements[1].parameter"]
    assert "chưa được xác nhận" in errors["measurements[1].parameter"]


@pytest.mark.parametrize("args, field", [
    (("QCVN40:1999", "B", URBAN, 10), "standard"),
    ((STD, "C", URBAN, 10), "column"),
    ((STD, "A", URBAN, 10), "column"),  # urban drainage with no central plant: column B only
    ((STD, "B", URBAN, -1), "discharge_flow_m3_day"),
    ((STD, "B", URBAN, "lots"), "discharge_flow_m3_day"),
    ((STD, "B", {"kind": "sea"}, 10), "receiving_water.sea_kind"),
    ((STD, "B", {"kind": "pond"}, 10), "receiving_water.kind"),
    ((STD, "B", {"kind": "river", "flow_m3_s": -3}, 10), "receiving_water.flow_m3_s"),
    ((STD, "B", "river", 10), "receiving_water"),
    ((STD, "B", URBAN, "1e1000000"), "discharge_flow_m3_day"),
    ((STD, "B", URBAN, "1e-1000000"), "discharge_flow_m3_day"),
    ((STD, "B", {"kind": "river", "flow_m3_s": "1e1000000"}, 10), "receiving_water.flow_m3_s"),
    ((STD, "B", {"kind": "lake", "volume_m3": "1e-1000000"}, 10), "receiving_water.volume_m3"),
])
def test_bad_context_is_refused(args, field):
    assert field in errors_of(*args, [("cod", 1, "mg/l")])


def test_receiving_water_numbers_are_never_read_as_no_data():
    with pytest.raises(ValueError, match="flow_m3_s"):
        ReceivingWater.river("about fifty")
    with pytest.raises(ValueError, match="volume_m3"):
        ReceivingWater.lake("big")
    assert ReceivingWater.river("50").flow_m3_s == Decimal(50)


def test_the_size_bound_keeps_every_real_value_and_zero():
    # A trace metal near a detection limit, a coliform count, the largest lake, a zero written
    # with any exponent: all read as given (zero as plain 0).
    evaluation = evaluate(STD, "B", ReceivingWater.lake("9000000000"), "0.001", [
        ("mercury", "0.000001", "mg/l"), ("coliform", "9e6", "MPN/100ml"), ("cod", "0E-1000000", "mg/l")])
    assert [r.value for r in evaluation.results] == [Decimal("0.000001"), Decimal("9e6"), 0]
    assert evaluation.results[2].to_dict()["value"] == "0"
    with pytest.raises(ValueError, match="flow_m3_s"):
        ReceivingWater.river("1e1000000")


def test_no_measurements_is_refused():
    assert "measurements" in errors_of(STD, "B", URBAN, 10, [])


def test_evaluation_error_is_a_422_and_a_value_error():
    with pytest.raises(EvaluationError) as info:
        evaluate(STD, "B", URBAN, 10, [("cod", -1, "mg/l")])
    assert isinstance(info.value, ValueError) and isinstance(info.value, Invalid)
    assert info.value.status == 422


def test_to_dict_is_json_with_decimals_as_strings():
    evaluation = evaluate(STD, "B", ReceivingWater.river(30), 120, [("cod", "163.350", "mg/l"), ("ph", 4.5, "-")])
    data = json.loads(json.dumps(evaluation.to_dict()))
    assert data["standard"] == STD and data["verdict"] == "exceeds" and data["unconfirmed"] is True
    cod, ph = data["results"]
    assert (cod["cmax"], cod["exceedance_factor"], cod["value"]) == ("148.5", "1.1", "163.35")
    assert ph["ph_band"] == {"article": 19, "clause": 7, "side": "acid"}
    assert data["kq"] == {"name": "kq", "value": "0.9", "confirmed": False,
                          "rule": "Kq (river: 0 <= x <= 50 m3/s)", "source": "QCVN 40:2011/BTNMT cl.2.3/2.4"}
    assert data["receiving_water"] == {"kind": "river", "flow_m3_s": "30", "volume_m3": None, "sea_kind": None}
