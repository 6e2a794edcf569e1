"""The discharge-flow tier a 2025 limit and a Decree 45 fine hold for: its bounds, open ends,
an unrecorded flow, and when two tiers share a flow (the limit table's overlap check)."""
from decimal import Decimal

import pytest

from workflows.wastewater.flow_tier import FlowTier

D = Decimal
UNDER_5000 = FlowTier(D(0), D(5000), high_inclusive=False)  # 0 <= Q < 5000
FROM_5000 = FlowTier(D(5000), None)  # 5000 <= Q
ABOVE_5000 = FlowTier(D(5000), None, low_inclusive=False)  # 5000 < Q
ANY = FlowTier()


@pytest.mark.parametrize("tier, flow, covered", [
    (UNDER_5000, D(0), True), (UNDER_5000, D("4999.9"), True), (UNDER_5000, D(5000), False),
    (FlowTier(D(0), D(300)), D(300), True), (FlowTier(D(0), D(300)), D("300.1"), False),
    (FROM_5000, D(5000), True), (FROM_5000, D(10) ** 9, True), (FROM_5000, D(4999), False),
    (ABOVE_5000, D(5000), False), (ABOVE_5000, D(5001), True),
    (FlowTier(None, D(10)), D(0), True), (ANY, D(0), True),
    # A flow the plant's record does not give is in no bounded tier, only in "any flow".
    (UNDER_5000, None, False), (FROM_5000, None, False), (ANY, None, True),
])
def test_a_tier_covers_the_flows_between_its_bounds(tier, flow, covered):
    assert tier.covers(flow) is covered


@pytest.mark.parametrize("a, b, shared", [
    (UNDER_5000, FROM_5000, False),  # [0, 5000) then [5000, ...): they meet, share nothing
    (FlowTier(D(0), D(5000)), FROM_5000, True),  # both hold 5000
    (FlowTier(D(0), D(5000)), ABOVE_5000, False),
    (UNDER_5000, FlowTier(D(4000), D(6000)), True),
    (FlowTier(None, D(10)), FlowTier(None, D(3)), True),
    (FlowTier(D(5), D(5), high_inclusive=False), FlowTier(D(0), D(10)), False),  # empty
    (ANY, UNDER_5000, True),
])
def test_two_tiers_overlap_when_some_flow_is_in_both(a, b, shared):
    assert a.overlaps(b) is shared and b.overlaps(a) is shared


def test_a_tier_is_written_in_symbols_and_as_a_dict():
    assert UNDER_5000.bounds() == "0 <= Q < 5000"
    assert ABOVE_5000.bounds() == "5000 < Q"
    assert FlowTier(None, D(10)).bounds() == "Q <= 10"
    assert UNDER_5000.describe() == "lưu lượng xả thải 0 <= Q < 5000 m3/ngày"
    assert ANY.describe() == "mọi lưu lượng"
    assert UNDER_5000.to_dict() == {"min_m3_day": D(0), "max_m3_day": D(5000),
                                    "min_inclusive": True, "max_inclusive": False}
