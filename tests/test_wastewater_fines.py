"""Fine suggestions under Decree 45/2022: band, flow tier, chosen violation, surcharges, cap.

Amounts in the comments are read by hand from data/standards/nd45_2022_fines.csv (article,
clause, point: individual min-max VND) and nd45_2022_surcharges.csv.
"""
import json
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workflows.wastewater.fine_readings import BASE_READINGS, REPEAT_BAND, WHY_HAZARDOUS
from workflows.wastewater.fines import citation, limitation_expires_on, suggest_fine
from workflows.wastewater.evaluation import ReceivingWater, evaluate

STD = "QCVN40:2011"
# Urban drainage with no central plant: Kq = Kf = 1 (confirmed), column B, so Cmax = C and
# the exceedance factor is value / C exactly. Column B: COD 150, TSS 100, arsenic 0.1,
# cadmium 0.1, pH 5.5-9, gross beta 1.0.
URBAN = ReceivingWater("urban_drainage_no_wwtp")
C = {"cod": Decimal(150), "tss": Decimal(100), "arsenic": Decimal("0.1"), "cadmium": Decimal("0.1")}


def sample(flow, **factors):
    """Measurements at the given exceedance factors (pH and gross beta given as values)."""
    rows = []
    for key, x in factors.items():
        if key == "ph":
            rows.append(("ph", x, "-"))
        elif key == "gross_beta":
            rows.append(("gross_beta", x, "Bq/l"))
        else:
            rows.append((key, C[key] * Decimal(str(x)), "mg/l"))
    return evaluate(STD, "B", URBAN, flow, rows)


def fine(flow, **factors):
    return suggest_fine(sample(flow, **factors))


@pytest.mark.parametrize("factor, clause", [
    # Art. 18 bands [1.1, 1.5) [1.5, 3) [3, 5) [5, 10) [10, open); flow 150 -> point h
    ("1.1", 2), ("1.4999", 2), ("1.5", 3), ("2.9999", 3), ("3", 4), ("5", 5), ("9.999", 5), ("10", 6), ("40", 6),
])
def test_article_18_band_edges(factor, clause):
    s = fine(150, cod=factor)
    assert (s.article, s.clause, s.point) == (18, clause, "h")


@pytest.mark.parametrize("factor, clause", [
    # Art. 19 bands [1.1, 1.5) [1.5, 2) [2, 3) [3, 5) [5, open)
    ("1.1", 2), ("1.5", 3), ("1.9999", 3), ("2", 4), ("3", 5), ("4.9999", 5), ("5", 6),
])
def test_article_19_band_edges(factor, clause):
    s = fine(150, arsenic=factor)
    assert (s.article, s.clause, s.point) == (19, clause, "h")
    assert s.hazardous


@pytest.mark.parametrize("flow, point, low, high", [
    # Art. 18 cl. 3 (COD 2x): a [0, 5) 1,000,000-5,000,000; b [5, 10) 5,000,000-20,000,000
    ("0", "a", 1_000_000, 5_000_000), ("4.999", "a", 1_000_000, 5_000_000),
    ("5", "b", 5_000_000, 20_000_000),
    # h [100, 200) 120-130 M; y [5000, open) 650-700 M
    ("199.99", "h", 120_000_000, 130_000_000), ("5000", "y", 650_000_000, 700_000_000),
])
def test_article_18_flow_tier_edges(flow, point, low, high):
    s = fine(flow, cod=2)
    assert (s.clause, s.point, s.fine_min_vnd, s.fine_max_vnd) == (3, point, low, high)


@pytest.mark.parametrize("flow, point, low, high", [
    # Art. 19 cl. 6 has 10 tiers: i [200, 300) 180-200 M; k [300, open) 200-220 M
    ("299.999", "i", 180_000_000, 200_000_000), ("300", "k", 200_000_000, 220_000_000),
    ("250000", "k", 200_000_000, 220_000_000),
])
def test_article_19_clause_6_tiers_end_at_300(flow, point, low, high):
    s = fine(flow, arsenic=6)
    assert (s.clause, s.point, s.fine_min_vnd, s.fine_max_vnd) == (6, point, low, high)
    expected_tier = {"min": "300", "max": None} if point == "k" else {"min": "200", "max": "300"}
    assert s.flow_tier == expected_tier


def test_citation_and_suggestion_label():
    # COD 1.2x at 15 m3/day: Art. 18 cl. 2 point c [10, 20): 2,000,000-5,000,000
    s = fine(15, cod="1.2")
    assert s.citation == "Điểm c khoản 2 Điều 18 Nghị định 45/2022/NĐ-CP"
    assert (s.fine_min_vnd, s.fine_max_vnd) == (2_000_000, 5_000_000)
    assert s.band == {"basis": "exceedance_factor", "min": "1.1", "max": "1.5"}
    assert s.flow_tier == {"min": "10", "max": "20"}
    assert s.is_suggestion and "Gợi ý" in s.label and "official" in s.label
    assert citation(19, 10) == "Khoản 10 Điều 19 Nghị định 45/2022/NĐ-CP"


def test_worked_example_with_coefficients_on_both_columns():
    # river 30 m3/s (Kq 0.9), 120 m3/day (Kf 1.1), COD 297 mg/l
    river = ReceivingWater.river(30)
    # column B: Cmax 148.5, 2x -> Art. 18 cl. 3 h: 120-130 M
    b = suggest_fine(evaluate(STD, "B", river, 120, [("cod", 297, "mg/l")]))
    assert (b.clause, b.point, b.fine_min_vnd, b.fine_max_vnd) == (3, "h", 120_000_000, 130_000_000)
    # column A: Cmax 74.25, 4x -> Art. 18 cl. 4 h: 130-140 M
    a = suggest_fine(evaluate(STD, "A", river, 120, [("cod", 297, "mg/l")]))
    assert (a.clause, a.point, a.fine_min_vnd, a.fine_max_vnd) == (4, "h", 130_000_000, 140_000_000)
    # both rest on candidate Kq/Kf: the suggestion says so
    assert a.unconfirmed and b.unconfirmed
    assert any("giá trị dự kiến" in w for w in a.warnings)
    # lake 50 million m3 (Kq 0.8), 600 m3/day (Kf 1.0), column A BOD5: Cmax 24; 120 -> 5x
    # -> Art. 18 cl. 5 l [600, 800): 180-200 M, plus suspension of the source
    lake = suggest_fine(evaluate(STD, "A", ReceivingWater.lake(50_000_000), 600, [("bod5", 120, "mg/l")]))
    assert (lake.clause, lake.point, lake.fine_min_vnd, lake.fine_max_vnd) == (5, "l", 180_000_000, 200_000_000)
    assert lake.supplementary_sanction == "suspend_source_3_6_months"


def test_confirmed_case_is_not_flagged():
    assert not fine(150, cod=2).unconfirmed


def test_organisation_pays_double():
    # Art. 18 cl. 3 h: 120-130 M individual; the _org columns give 240-260 M
    s = suggest_fine(sample(150, cod=2), organisation=True)
    assert (s.fine_min_vnd, s.fine_max_vnd, s.offender) == (240_000_000, 260_000_000, "organisation")
    assert s.cap_vnd == 2_000_000_000


def test_tie_goes_to_the_hazardous_parameter_and_others_are_surcharged():
    # flow 150: COD 4x -> Art. 18 cl. 4 h 130-140 M; arsenic 1.8x -> Art. 19 cl. 3 h 130-140 M:
    # a tie, so arsenic (hazardous) is the violation chosen (Art. 7(3)).
    # Surcharges on the chosen 130-140 M: COD 3-5x on Art. 18(7) 30% -> 39-42 M;
    # TSS 1.2x on Art. 18(7) 10% -> 13-14 M. Total 130+39+13 = 182 M .. 140+42+14 = 196 M.
    s = fine(150, cod=4, arsenic="1.8", tss="1.2")
    assert (s.parameter, s.article, s.clause, s.point) == ("arsenic", 19, 3, "h")
    got = {x.parameter: (x.article, x.clause, x.pct, x.amount_min_vnd, x.amount_max_vnd) for x in s.surcharges}
    assert got == {"cod": (18, 7, 30, 39_000_000, 42_000_000), "tss": (18, 7, 10, 13_000_000, 14_000_000)}
    assert (s.total_min_vnd, s.total_max_vnd, s.capped) == (182_000_000, 196_000_000, False)
    assert s.surcharge_base == "fine_of_violation_chosen"
    assert BASE_READINGS["fine_of_violation_chosen"] in s.readings
    assert [r.params for r in s.readings if r.msgid.startswith("Điều 7 khoản 3:")] == [
        {"parameter": "arsenic", "others": "cod", "why": WHY_HAZARDOUS}]


def test_surcharge_base_top_of_range():
    # same sample, base = top of the chosen range (140 M): COD 30% -> 42 M, TSS 10% -> 14 M;
    # total 130+42+14 = 186 M .. 140+42+14 = 196 M
    s = suggest_fine(sample(150, cod=4, arsenic="1.8", tss="1.2"), surcharge_base="top_of_range")
    assert {x.parameter: (x.amount_min_vnd, x.amount_max_vnd) for x in s.surcharges} == {
        "cod": (42_000_000, 42_000_000), "tss": (14_000_000, 14_000_000)}
    assert (s.total_min_vnd, s.total_max_vnd, s.surcharge_base) == (186_000_000, 196_000_000, "top_of_range")
    with pytest.raises(ValueError):
        suggest_fine(sample(150, cod=2), surcharge_base="whatever")


def test_organisation_surcharge_and_total():
    # organisation: chosen 260-280 M; COD 30% -> 78-84 M; TSS 10% -> 26-28 M; 364-392 M
    s = suggest_fine(sample(150, cod=4, arsenic="1.8", tss="1.2"), organisation=True)
    assert (s.fine_min_vnd, s.fine_max_vnd) == (260_000_000, 280_000_000)
    assert (s.total_min_vnd, s.total_max_vnd) == (364_000_000, 392_000_000)


def test_ph_chosen_and_ph_surcharged():
    # flow 150: pH 13 -> Art. 19 cl. 9 h 160-180 M; COD 2x -> Art. 18 cl. 3 h 120-130 M.
    # pH chosen; COD 1.5-3x on Art. 18(7) 20% -> 32-36 M; total 192-216 M
    s = fine(150, ph="13", cod=2)
    assert (s.parameter, s.clause, s.point, s.ph) == ("ph", 9, "h", Decimal(13))
    assert s.band == {"basis": "ph", "side": "alkaline", "min": "12.5", "max": "14"}
    assert (s.total_min_vnd, s.total_max_vnd) == (192_000_000, 216_000_000)
    # arsenic 12x -> Art. 19 cl. 6 h 160-180 M; pH 3 -> cl. 8 h 150-160 M: arsenic chosen,
    # pH 3 on Art. 19(11) "2 <= pH < 4" 40% -> 64-72 M; total 224-252 M
    s = fine(150, arsenic=12, ph="3")
    assert (s.parameter, s.clause) == ("arsenic", 6)
    assert [(x.parameter, x.pct, x.amount_min_vnd, x.amount_max_vnd) for x in s.surcharges] == [
        ("ph", 40, 64_000_000, 72_000_000)]
    assert (s.total_min_vnd, s.total_max_vnd) == (224_000_000, 252_000_000)


def test_cap_individual_and_organisation():
    # flow 6000: pH 13 -> Art. 19 cl. 9 y 950-1000 M; arsenic 6x -> 50% of it: 475-500 M;
    # 1425-1500 M is over the 1,000,000,000 cap (2,000,000,000 for an organisation: 2850-3000 M)
    s = fine(6000, ph="13", arsenic=6)
    assert (s.fine_min_vnd, s.total_min_vnd, s.total_max_vnd, s.capped) == (
        950_000_000, 1_000_000_000, 1_000_000_000, True)
    org = suggest_fine(sample(6000, ph="13", arsenic=6), organisation=True)
    assert (org.total_min_vnd, org.total_max_vnd, org.cap_vnd, org.capped) == (
        2_000_000_000, 2_000_000_000, 2_000_000_000, True)
    # pH 5 (column B) -> cl. 7 y 750-850 M; COD 2x 20% -> 150-170 M: 900-1020 M, max capped
    s = fine(6000, ph="5", cod=2)
    assert (s.total_min_vnd, s.total_max_vnd, s.capped) == (900_000_000, 1_000_000_000, True)


def test_warning_under_one_point_one_and_repeat():
    # COD 1.05x: Art. 18 cl. 1 warning; as a repeat, clause 2: flow 150 -> point h 50-60 M
    s = fine(150, cod="1.05")
    assert (s.sanction, s.citation, s.fine_min_vnd) == ("warning", "Khoản 1 Điều 18 Nghị định 45/2022/NĐ-CP", None)
    assert s.warned_parameters == ("cod",)
    r = suggest_fine(sample(150, cod="1.05"), repeat=True)
    assert (r.sanction, r.clause, r.point, r.fine_min_vnd, r.fine_max_vnd) == ("fine", 2, "h", 50_000_000, 60_000_000)
    # a warned parameter beside a fined one adds no surcharge (no band under 1.1x), repeat or not
    s = fine(150, cod=2, tss="1.05")
    assert s.surcharges == () and s.warned_parameters == ("tss",)
    assert [w for w in s.warnings if w.startswith("tss")] == [
        "tss: vượt quy chuẩn nhưng dưới 1,1 lần, chỉ cảnh cáo (không phạt tăng thêm)"]
    r = suggest_fine(sample(150, cod=2, tss="1.05"), repeat=True)
    assert (r.parameter, r.surcharges, r.warned_parameters) == ("cod", (), ())
    assert REPEAT_BAND in r.readings


def test_all_compliant_means_no_sanction():
    s = fine(150, cod="0.5", ph="7")
    assert (s.sanction, s.citation, s.total_max_vnd) == ("none", "", None)
    assert s.is_suggestion


def test_radioactive_discharge_is_article_19_clause_10():
    # gross beta 1.2 Bq/l over C = 1.0 -> Art. 19 cl. 10: 950-1000 M, any flow, permit revoked
    s = fine(3, gross_beta="1.2")
    assert (s.article, s.clause, s.point, s.flow_tier) == (19, 10, None, None)
    assert s.citation == "Khoản 10 Điều 19 Nghị định 45/2022/NĐ-CP"
    assert (s.fine_min_vnd, s.fine_max_vnd) == (950_000_000, 1_000_000_000)
    assert s.supplementary_sanction.startswith("revoke") and "giấy phép" in s.supplementary_sanction_text
    assert any("cấu thành tội phạm về môi trường" in w for w in s.warnings)


def test_supplementary_sanction_by_point():
    # Art. 18 cl. 4: point h (100-200) has none, point i (200-400) suspends the source
    assert fine(150, cod=4).supplementary_sanction is None
    s = fine(250, cod=4)
    assert (s.point, s.supplementary_sanction) == ("i", "suspend_source_3_6_months")
    assert "03 đến 06 tháng" in s.supplementary_sanction_text


def test_article_19_clause_6_says_why_it_can_be_lower():
    # arsenic 6x at 1000 m3/day: cl. 6 k 200-220 M, while cl. 5 n (3-5x) gives 250-300 M
    s = fine(1000, arsenic=6)
    assert (s.clause, s.point) == (6, "k")
    assert [w.params["flow"] for w in s.warnings if "tội phạm" in w and "thấp hơn khung dưới" in w] \
        == [Decimal(300)]
    assert any("khoản 5 Điều 19" in w and "250.000.000–300.000.000 đồng" in w for w in s.warnings)
    # at 100 m3/day cl. 6 h (160-180 M) is above every lower band: no comparison warning
    low = fine(150, arsenic=6)
    assert not any("ở lưu lượng này" in w for w in low.warnings)
    assert any("cấu thành tội phạm về môi trường" in w for w in low.warnings)
    # and Art. 19 cl. 5 itself carries no such note
    assert not any("tội phạm" in w for w in fine(1000, arsenic=4).warnings)


def test_higher_band_can_lose_to_lower_band_in_choice():
    # 1000 m3/day: arsenic 6x -> cl. 6 k 200-220 M; cadmium 4x -> cl. 5 n 250-300 M.
    # Cadmium's fine is higher, so it is chosen; arsenic adds Art. 19(11) >= 5x 50%: 125-150 M
    s = fine(1000, arsenic=6, cadmium=4)
    assert (s.parameter, s.clause, s.point) == ("cadmium", 5, "n")
    assert [(x.parameter, x.pct, x.amount_min_vnd, x.amount_max_vnd) for x in s.surcharges] == [
        ("arsenic", 50, 125_000_000, 150_000_000)]


def test_each_parameter_counts_once_at_its_worst():
    # two COD measurements (1.2x and 2x): one breach at 2x, no surcharge for the other
    evaluation = evaluate(STD, "B", URBAN, 150, [("cod", 180, "mg/l"), ("cod", 300, "mg/l")])
    s = suggest_fine(evaluation)
    assert (s.clause, s.exceedance_factor, s.surcharges) == (3, Decimal(2), ())


def test_limitation_period():
    assert limitation_expires_on(date(2024, 3, 15)) == date(2026, 3, 15)
    assert limitation_expires_on(date(2024, 2, 29)) == date(2026, 2, 28)
    s = suggest_fine(sample(150, cod=2), sampled_on=date(2025, 6, 1))
    assert s.limitation_expires_on == date(2027, 6, 1)


def test_to_dict_is_json():
    s = suggest_fine(sample(150, cod=4, arsenic="1.8", tss="1.2"), sampled_on=date(2025, 6, 1))
    data = json.loads(json.dumps(s.to_dict()))
    assert data["is_suggestion"] is True and data["sanction"] == "fine"
    assert (data["total_min_vnd"], data["total_max_vnd"]) == (182_000_000, 196_000_000)
    assert data["exceedance_factor"] == "1.8" and data["flow_m3_day"] == "150"
    assert data["limitation_expires_on"] == "2027-06-01"
    assert data["surcharges"][0]["citation"] == "Khoản 7 Điều 18 Nghị định 45/2022/NĐ-CP"


# Within one article and one band, the fine never decreases as the flow grows. Nothing is
# assumed across bands: Art. 19 cl. 6 is lower than cl. 5 at large flows.
BANDS = st.sampled_from([
    ("cod", "1.1", "1.5"), ("cod", "1.5", "3"), ("cod", "3", "5"), ("cod", "5", "10"), ("cod", "10", "50"),
    ("arsenic", "1.1", "1.5"), ("arsenic", "1.5", "2"), ("arsenic", "2", "3"), ("arsenic", "3", "5"),
    ("arsenic", "5", "50"), ("ph", "4", "5.5"), ("ph", "2", "4"), ("ph", "0", "2"), ("ph", "9.01", "10.5"),
])
FLOWS = st.decimals(min_value=0, max_value=20000, places=3)


@settings(max_examples=150, deadline=None)
@given(band=BANDS, position=st.decimals(min_value=0, max_value=Decimal("0.999"), places=3),
       flows=st.tuples(FLOWS, FLOWS))
def test_fine_never_decreases_with_flow_within_a_band(band, position, flows):
    key, low, high = band
    x = Decimal(low) + (Decimal(high) - Decimal(low)) * position
    small, large = sorted(flows)
    a, b = fine(small, **{key: x}), fine(large, **{key: x})
    assert (a.article, a.clause) == (b.article, b.clause)
    assert a.fine_min_vnd <= b.fine_min_vnd and a.fine_max_vnd <= b.fine_max_vnd


def test_a_parameter_fined_at_its_worst_sample_is_not_also_a_warning():
    """Two COD samples, one at 2x and one at 1.05x: COD is fined once (Art. 7(2)) and is not
    listed as 'a warning only' as well."""
    from workflows.wastewater.fines import suggest_fine
    from workflows.wastewater.evaluation import ReceivingWater, evaluate

    # Column B, river with no flow data -> Kq 0.9 (candidate), flow 400 m3/day -> Kf 1.1:
    # Cmax(COD) = 150 x 0.9 x 1.1 = 148.5; 297 mg/l -> 2.0x; 155.9 mg/l -> 1.0498x.
    evaluation = evaluate("QCVN40:2011", "B", ReceivingWater.river(), 400,
                          [("cod", "297", "mg/l"), ("cod", "155.9", "mg/l")])
    suggestion = suggest_fine(evaluation, organisation=True)
    assert suggestion.sanction == "fine" and suggestion.parameter == "cod"
    assert suggestion.warned_parameters == ()
    assert not any("cod: vượt quy chuẩn nhưng dưới" in w for w in suggestion.warnings)
