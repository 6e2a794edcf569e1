"""A discharge-flow tier (m3/day): the flows a QCVN 40:2025 limit or a Decree 45 fine holds
for. Pure: no Flask, no database."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from workflows.engine.messages import Message, msg


@dataclass(frozen=True)
class FlowTier:
    """The discharge flows (m3/day) a limit or a fine holds for; an empty bound is open-ended."""

    low: Decimal | None = None
    high: Decimal | None = None
    low_inclusive: bool = True
    high_inclusive: bool = True

    def covers(self, flow: Decimal | None) -> bool:
        """``flow`` is in the tier; an unknown flow (None) is only in a tier of every flow."""
        if flow is None:
            return self.low is None and self.high is None
        above = self.low is None or flow > self.low or (flow == self.low and self.low_inclusive)
        below = self.high is None or flow < self.high or (flow == self.high and self.high_inclusive)
        return above and below

    def overlaps(self, other: FlowTier) -> bool:
        """Some discharge flow falls in both tiers: the later start is not past the earlier end."""
        # An open start is the earliest and an open end the latest; at one value an exclusive
        # start is the later, an exclusive end the earlier.
        start = max(self, other, key=lambda t: (t.low is not None, t.low or 0, not t.low_inclusive))
        end = min(self, other, key=lambda t: (t.high is None, t.high or 0, t.high_inclusive))
        if start.low is None or end.high is None:
            return True
        return start.low < end.high or (
            start.low == end.high and start.low_inclusive and end.high_inclusive)

    def to_dict(self) -> dict:
        return {"min_m3_day": self.low, "max_m3_day": self.high,
                "min_inclusive": self.low_inclusive, "max_inclusive": self.high_inclusive}

    def bounds(self) -> str:
        """The tier in symbols, the same in every language: '0 <= Q < 5000' (m3/day)."""
        low = "" if self.low is None else f"{self.low} {'<=' if self.low_inclusive else '<'} "
        high = "" if self.high is None else f" {'<=' if self.high_inclusive else '<'} {self.high}"
        return f"{low}Q{high}"

    def describe(self) -> Message:
        if self.low is None and self.high is None:
            return msg("mọi lưu lượng")
        return msg("lưu lượng xả thải %(bounds)s m3/ngày", bounds=self.bounds())

