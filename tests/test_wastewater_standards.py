"""The standards loader: manifest, tables, caching, unconfirmed values, a second version."""
import dataclasses
import filecmp
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from workflows.wastewater.standards import (
    DEFAULT_DIR, StandardsDataError, UnconfirmedLimitError, UnknownStandardError, get_standard,
    FlowTier, load_library,
)
from workflows.wastewater.evaluation import ReceivingWater, evaluate

from fake_standards import FAKE_2025_TABLE1, library_dir

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "domain"
COPIED = ["qcvn40_2011_table1.csv", "qcvn40_2011_kq_kf.csv", "nd45_2022_fines.csv",
          "nd45_2022_surcharges.csv", "SOURCES.md"]


@pytest.mark.skipif(not SHARED.is_dir(), reason="shared/domain is not beside the repository")
@pytest.mark.parametrize("name", COPIED)
def test_data_files_are_exact_copies_of_shared(name):
    assert filecmp.cmp(DEFAULT_DIR / name, SHARED / name, shallow=False)


def test_the_app_reads_only_its_own_data_folder():
    assert DEFAULT_DIR == REPO / "data" / "standards"
    assert load_library().directory == DEFAULT_DIR
    for module in (REPO / "workflows" / "wastewater").glob("*.py"):
        assert "shared" not in module.read_text(encoding="utf-8").replace(
            "(never from /work/shared)", "")


def test_manifest_describes_the_2011_standard():
    standard = get_standard("QCVN40:2011")
    assert standard.version == "2011"
    assert standard.effective_from == date(2012, 2, 15)
    assert standard.superseded_on == date(2025, 9, 1)
    assert "47/2011/TT-BTNMT" in standard.source
    assert len(standard.parameters) == 33
    assert get_standard("qcvn40:2011") is standard  # codes are case-insensitive
    with pytest.raises(UnknownStandardError, match="QCVN40:1999"):
        get_standard("QCVN40:1999")


def test_parameter_rows():
    standard = get_standard("QCVN40:2011")
    cod = standard.parameter("cod")
    assert (cod.limit("A").high, cod.limit("B").high) == (Decimal(75), Decimal(150))
    assert cod.applies_kq_kf and not cod.hazardous and cod.nd45_article == 18
    assert cod.unit == "mg/l" and cod.basis == "exceedance_factor"
    ph = standard.parameter("ph")
    assert (ph.limit("A").low, ph.limit("A").high) == (Decimal(6), Decimal(9))
    assert (ph.limit("B").low, ph.limit("B").high) == (Decimal("5.5"), Decimal(9))
    assert ph.basis == "ph" and ph.nd45_article == 19 and not ph.hazardous
    assert standard.parameter("gross_alpha").basis == "radioactive"
    assert not standard.parameter("temperature").applies_kq_kf
    # Zinc and nickel are hazardous (Decree 45 Appendix I); copper and chromium III are not.
    hazardous = {p.key for p in standard.parameters if p.hazardous}
    assert {"zinc", "nickel", "arsenic", "chromium_vi"} <= hazardous
    assert not {"copper", "chromium_iii", "iron", "sulfide", "ph"} & hazardous
    assert len(hazardous) == 14


@pytest.mark.parametrize("key", ["chloride", "organochlorine_pesticides",
                                 "organophosphorus_pesticides", "total_pcb", "gross_alpha", "gross_beta"])
def test_unconfirmed_column_a_limits_are_an_error_naming_the_parameter(key):
    param = get_standard("QCVN40:2011").parameter(key)
    assert param.limit("B") is not None
    with pytest.raises(UnconfirmedLimitError, match=key) as info:
        param.limit("A", "QCVN40:2011")
    assert isinstance(info.value, ValueError)
    assert "chưa được xác nhận" in str(info.value)


def test_coefficients_confirmed_and_candidates():
    standard = get_standard("QCVN40:2011")
    confirmed = {(c.name, c.receiving_body) for c in standard.kq + standard.kf if c.confirmed}
    assert confirmed == {("kq", "onsite"), ("kq", "urban_drainage_no_wwtp"), ("kf", "urban_drainage_no_wwtp")}
    river = [c for c in standard.kq if c.receiving_body == "river" and c.bounded]
    assert [c.effective_value for c in river] == [Decimal("0.9"), Decimal("1.0"), Decimal("1.1"), Decimal("1.2")]
    assert all(not c.confirmed for c in river)
    sea = {c.sea_kind: c.effective_value for c in standard.kq if c.receiving_body == "sea"}
    assert sea == {"protected": Decimal("1.0"), "other": Decimal("1.3")}


def test_loaded_once_per_directory_and_immutable(tmp_path):
    assert load_library() is load_library(DEFAULT_DIR)
    other = library_dir(tmp_path)
    assert load_library(other) is load_library(str(other))
    assert load_library(other) is not load_library()
    standard = get_standard("QCVN40:2011")
    with pytest.raises(dataclasses.FrozenInstanceError):
        standard.code = "X"
    with pytest.raises(dataclasses.FrozenInstanceError):
        standard.parameters[0].limit_b = None
    assert isinstance(standard.parameters, tuple)


def test_fines_table_shape():
    penalties = load_library().penalties
    assert len(penalties.fines) == 301
    assert sum(r.article == 18 for r in penalties.fines) == 121
    clause6 = [r for r in penalties.fines if (r.article, r.clause) == (19, 6)]
    assert len(clause6) == 10
    assert clause6[-1].flow_tier == FlowTier(Decimal(300), None, high_inclusive=False)
    for row in penalties.fines:
        if row.fine_min is not None:  # organisations pay double (Art. 6(2))
            assert (row.fine_min_org, row.fine_max_org) == (2 * row.fine_min, 2 * row.fine_max)
    clauses = {(r.article, r.clause) for r in penalties.fines if r.sanction == "fine" and r.flow_tier.low is not None}
    for article, clause in clauses:
        tiers = [r for r in penalties.fines if (r.article, r.clause) == (article, clause)]
        assert tiers[0].flow_tier.low == 0 and tiers[-1].flow_tier.high is None
        assert all(a.flow_tier.high == b.flow_tier.low for a, b in zip(tiers, tiers[1:]))
    assert penalties.default_surcharge_base == "fine_of_violation_chosen"


@pytest.mark.parametrize("ph, row", [
    # "4 <= pH < limit_low, or limit_high < pH < 10.5" with column B's 5.5-9
    (Decimal("4"), 10), (Decimal("5.49"), 10), (Decimal("9.01"), 10), (Decimal("10.49"), 10),
    (Decimal("3.99"), 12), (Decimal("10.5"), 12), (Decimal("12.49"), 12),
    (Decimal("1.99"), 14), (Decimal("12.5"), 14), (Decimal("14"), 14), (Decimal("0"), 14),
])
def test_surcharge_ph_conditions_are_read_from_the_table(ph, row):
    rows = [s for s in load_library().penalties.surcharges if s.article == 19]
    hits = [s.row for s in rows if s.covers_ph(ph, Decimal("5.5"), Decimal("9"))]
    assert hits == [row]


@pytest.mark.parametrize("ph, clause, side", [
    ("9", None, None), ("9.001", 7, "alkaline"), ("5.5", None, None), ("5.499", 7, "acid"),
    ("14", 9, "alkaline"), ("12.5", 9, "alkaline"), ("4", 7, "acid"), ("3.999", 8, "acid"),
])
def test_fine_rows_ph_bands_exclude_the_limits_themselves(ph, clause, side):
    # limit_low / limit_high bounds are exclusive: a pH equal to a limit complies
    rows = [r for r in load_library().penalties.fines if r.basis == "ph" and r.point == "a"]
    hits = [(r.clause, r.ph_side(Decimal(ph), Decimal("5.5"), Decimal("9"))) for r in rows]
    hits = [(c, s) for c, s in hits if s]
    assert hits == ([] if clause is None else [(clause, side)])


def test_second_standard_side_by_side(tmp_path):
    library = load_library(library_dir(tmp_path))
    assert [s.code for s in library.standards] == ["QCVN40:2011", "QCVN40:2025"]
    old, new = library.get("QCVN40:2011"), library.get("QCVN40:2025")
    assert [s.code for s in library.in_force_on(date(2020, 1, 1))] == ["QCVN40:2011"]
    assert [s.code for s in library.in_force_on(date(2026, 1, 1))] == ["QCVN40:2025"]
    sample = [("cod", "130", "mg/l"), ("ph", "5.7", "-")]
    river = ReceivingWater.river(30)
    before = evaluate(old, "B", river, 120, sample)
    after = evaluate(new, "B", river, 120, sample)
    # 2011: Cmax = 150 x 0.9 x 1.1 = 148.5; 130 / 148.5 = 0.875 -> compliant; pH 5.7 in 5.5-9.
    assert before.results[0].cmax == Decimal("148.5")
    assert [r.verdict for r in before.results] == ["compliant", "compliant"]
    assert before.unconfirmed
    # 2025 (fake): Cmax = 120 x 1 x 1 = 120; 130 / 120 = 1.083 -> warning; pH 5.7 < 6 -> Art.19 cl.7.
    assert after.results[0].cmax == Decimal(120)
    assert [r.verdict for r in after.results] == ["warning", "exceeds"]
    assert after.results[1].ph_band.clause == 7
    assert not after.unconfirmed
    with pytest.raises(ValueError, match="tss"):
        evaluate(new, "A", river, 120, [("tss", 10, "mg/l")])


def test_malformed_tables_fail_at_load(tmp_path):
    bad = library_dir(tmp_path)
    table = bad / "qcvn40_2025_table1.csv"
    table.write_text(FAKE_2025_TABLE1.replace(",60,120,", ",60,1x0,"), encoding="utf-8")
    with pytest.raises(StandardsDataError, match="1x0"):
        load_library(bad)
    table.write_text(FAKE_2025_TABLE1.replace("nd45_article", "article"), encoding="utf-8")
    with pytest.raises(StandardsDataError, match="nd45_article"):
        load_library(bad)
    table.write_text(FAKE_2025_TABLE1.replace("fake,2,18", "fake,2,17"), encoding="utf-8")
    with pytest.raises(StandardsDataError, match="article 17"):
        load_library(bad)
