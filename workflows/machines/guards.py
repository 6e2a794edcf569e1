"""Named conditions a transition may require. Each returns a message when the condition
fails (shown to the user as the reason for a 409) or None when it holds."""
from decimal import Decimal

from sqlalchemy import func, select
from models import Violation
from models.violations import OPEN_EXCLUDED

GUARDS = {}

EXPANSION_MIN_OCCUPANCY = Decimal("0.60")  # Decree 32/2024: expansion needs >= 60% occupancy


def guard(name):
    def register(fn):
        GUARDS[name] = fn
        return fn
    return register


@guard("plant_exists")
def plant_exists(entity, ctx):
    if not entity.plants:
        return ("Cụm chưa có trạm xử lý nước thải tập trung / "
                "the cluster has no central wastewater treatment plant")


@guard("occupancy_at_least_60")
def occupancy_at_least_60(entity, ctx):
    occ = entity.occupancy
    if occ is None or occ < EXPANSION_MIN_OCCUPANCY:
        shown = "chưa rõ / unknown" if occ is None else f"{occ * 100:.1f}%"
        return (f"Tỷ lệ lấp đầy phải từ 60% để mở rộng (hiện {shown}) / "
                f"expansion needs an occupancy of at least 60% (now {shown})")


@guard("has_findings")
def has_findings(entity, ctx):
    if not entity.findings:
        return "Chưa ghi nhận kết quả kiểm tra nào / no finding has been logged yet"


@guard("no_open_violations")
def no_open_violations(entity, ctx):
    open_count = ctx.session.scalar(
        select(func.count()).select_from(Violation)
        .where(Violation.cluster_id == entity.id, Violation.state.not_in(OPEN_EXCLUDED))
    )
    if open_count:
        return f"Cụm còn {open_count} vi phạm chưa khắc phục / {open_count} violation(s) still open"
