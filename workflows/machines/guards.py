"""Named conditions a transition may require. Each returns a message when the condition
fails (shown to the user as the reason for a 409) or None when it holds."""
from datetime import date
from decimal import Decimal

from flask_babel import format_percent, gettext as _

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
        return (_("Cụm chưa có trạm xử lý nước thải tập trung"))


@guard("occupancy_at_least_60")
def occupancy_at_least_60(entity, ctx):
    occ = entity.occupancy
    if occ is None or occ < EXPANSION_MIN_OCCUPANCY:
        shown = _("chưa rõ") if occ is None else format_percent(occ, "#,##0.0%")
        return _("Tỷ lệ lấp đầy phải từ 60%% để mở rộng (hiện %(now)s)", now=shown)


@guard("has_findings")
def has_findings(entity, ctx):
    if not entity.findings:
        return _("Chưa ghi nhận kết quả kiểm tra nào")


@guard("no_penalty_decision_yet")
def no_penalty_decision_yet(entity, ctx):
    # One violation, one penalty decision: remedial measures it left undone are enforced
    # under that decision, not fined again.
    if entity.decision_no:
        return _("Vụ việc đã có quyết định xử phạt số %(number)s", number=entity.decision_no)


@guard("no_open_violations")
def no_open_violations(entity, ctx):
    open_count = ctx.session.scalar(
        select(func.count()).select_from(Violation)
        .where(Violation.cluster_id == entity.id, Violation.state.not_in(OPEN_EXCLUDED))
    )
    if open_count:
        return _("Cụm còn %(n)s vi phạm chưa khắc phục", n=open_count)


# Decree 32/2024/NĐ-CP: a cluster covers 10-75 ha; 5-75 ha for a craft-village cluster or one
# in a mountainous area (recorded on the cluster, not guessed from its name).
SIZE_MAX_HA = Decimal("75")
SIZE_MIN_HA = Decimal("10")
SIZE_MIN_SMALL_HA = Decimal("5")
DECREE_32_IN_FORCE = date(2024, 5, 1)


def size_bounds(cluster) -> tuple[Decimal, Decimal]:
    small = cluster.kind == "craft_village" or bool(getattr(cluster, "mountainous", False))
    return (SIZE_MIN_SMALL_HA if small else SIZE_MIN_HA), SIZE_MAX_HA


@guard("size_within_bounds")
def size_within_bounds(entity, ctx):
    """Decisions signed before the decree took effect (1/5/2024) were made under the rules
    of their day: a decision entered now with an earlier date is recorded as it was."""
    decided = (getattr(ctx, "data", None) or {}).get("decision_date")
    if isinstance(decided, date) and decided < DECREE_32_IN_FORCE:
        return None
    low, high = size_bounds(entity)
    area = entity.area_ha
    if area is None or not low <= Decimal(area) <= high:
        return _("Diện tích cụm phải từ %(low)s đến %(high)s ha theo Nghị định 32/2024/NĐ-CP "
                 "(hiện %(now)s ha)", low=low, high=high,
                 now=_("chưa rõ") if area is None else Decimal(area).normalize())


@guard("shared_infrastructure_finished")
def shared_infrastructure_finished(entity, ctx):
    """Expansion needs the shared infrastructure finished, wastewater collection and
    treatment included: the infrastructure declared complete and a central plant accepted
    (certified or meeting the standard)."""
    missing = []
    if entity.operational_on is None:
        missing.append(_("hạ tầng kỹ thuật dùng chung chưa hoàn thành"))
    if not any(p.certification_date or p.meets_standard for p in entity.plants):
        missing.append(_("trạm xử lý nước thải tập trung chưa hoàn thành"))
    if missing:
        return _("Chưa được mở rộng: %(what)s", what="; ".join(missing))
