"""What the wastewater evaluation needs to know about a plant, and whether an exceedance
repeats an earlier violation (which turns a warning under 1.1x into a fine)."""
from datetime import date

from sqlalchemy import func, select

from models import Violation
from workflows.wastewater.fines import LIMITATION_YEARS

# The rule the product applies for "repeat" (Decree 45 Art. 18(2), 19(2): "vi phạm nhiều lần
# hoặc tái phạm"). It is shown with every suggestion that used it, so an official can judge.
REPEAT_RULE = (
    "Tái phạm hoặc vi phạm nhiều lần: cùng cụm (và cùng trạm XLNT nếu đã ghi), cùng thông số, "
    "đã có vi phạm (chưa bị hủy) với mẫu lấy trong 2 năm trước mẫu này (thời hiệu xử phạt "
    "về môi trường)."
)  # stored with the suggestion; pages show it in their language (evaluations/_suggestion.html)


def conditions_of(plant) -> dict:
    """The plant's record as the arguments of workflows.wastewater.evaluation.evaluate. Gaps (no
    discharge flow, a sea outfall without its kind) are left for evaluate to name."""
    return {
        "standard": plant.standard_code,
        "column": plant.standard_column,
        "receiving_water": {
            "kind": plant.receiving_body,
            "flow_m3_s": plant.receiving_flow_m3s,
            "volume_m3": plant.receiving_volume_m3,
            "sea_kind": plant.sea_kind,
        },
        "discharge_flow_m3_day": plant.discharge_flow_m3_day,
    }


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def repeated_parameters(session, cluster, plant, parameters, sampled_on: date, *,
                        exclude_inspection_id=None) -> set[str]:
    """Those of ``parameters`` that repeat an earlier violation under REPEAT_RULE.

    A violation names its parameters in fine_suggestion["parameters"] (written when it is
    opened from a sample); one opened by hand names none and so never counts. Violations of
    the same inspection are the same visit, not an earlier offence."""

    wanted = set(parameters)
    if not wanted:
        return set()
    sample_day = func.coalesce(Violation.sampled_on, Violation.detected_on)
    query = select(Violation).where(
        Violation.cluster_id == cluster.id, Violation.state != "dismissed",
        sample_day >= years_before(sampled_on, LIMITATION_YEARS), sample_day <= sampled_on)
    if exclude_inspection_id is not None:
        query = query.where((Violation.inspection_id.is_(None))
                            | (Violation.inspection_id != exclude_inspection_id))
    found = set()
    for earlier in session.scalars(query):
        if plant is not None and earlier.plant_id not in (None, plant.id):
            continue  # another discharge point of the cluster is another violation
        found |= wanted & set((earlier.fine_suggestion or {}).get("parameters") or ())
    return found
