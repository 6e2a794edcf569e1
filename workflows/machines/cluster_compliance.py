"""A cluster's environmental compliance. The engine moves it: opening a violation moves the
cluster to `violation`, closing the last open one to `remediated`; an official confirms
it compliant again (for example after a follow-up inspection)."""
from workflows.engine.definition import SYSTEM, State, Workflow, transition
from workflows.permissions import OFFICIALS

WORKFLOW = Workflow(
    name="cluster_compliance", entity_type="cluster", attribute="compliance",
    label_vi="Tuân thủ môi trường", label_en="Environmental compliance",
    initial="compliant",
    states=(
        State("compliant", "Tuân thủ", "Compliant"),
        State("violation", "Có vi phạm", "In violation"),
        State("remediated", "Đã khắc phục", "Remediated"),
    ),
    transitions=(
        transition("record_violation", ("compliant", "remediated"), "violation", (SYSTEM,),
                   "Ghi nhận vi phạm", "Record a violation"),
        transition("resolve", "violation", "remediated", (SYSTEM,),
                   "Đã khắc phục hết vi phạm", "All violations closed",
                   guards=("no_open_violations",)),
        transition("confirm_compliance", "remediated", "compliant",
                   OFFICIALS,
                   "Xác nhận tuân thủ", "Confirm compliance", required=("comment",)),
    ),
)
