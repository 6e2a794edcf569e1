"""A check (kiểm tra) and its timeline (Decree 217/2025, Circular 56/2025/TT-BCT): decision
-> notice within 3 working days -> on-site check of at most 10 days -> check record ->
results report within 10 working days -> evaluation within 15 days."""
from workflows.engine.definition import State, Workflow, effect, transition
from workflows.permissions import OFFICIALS


WORKFLOW = Workflow(
    name="inspection", entity_type="inspection", attribute="state",
    label_vi="Kiểm tra", label_en="Inspection",
    initial="planned",
    states=(
        State("planned", "Đã lên kế hoạch", "Planned"),
        State("notified", "Đã thông báo", "Notified"),
        State("in_progress", "Đang kiểm tra tại chỗ", "On site"),
        State("findings_recorded", "Đã lập biên bản kiểm tra", "Findings recorded"),
        State("concluded", "Đã kết luận", "Concluded"),
        State("closed", "Đã đóng", "Closed", final=True),
        State("cancelled", "Đã hủy", "Cancelled", final=True),
    ),
    transitions=(
        transition("notify", "planned", "notified", OFFICIALS,
                   "Thông báo kiểm tra", "Notify the cluster",
                   required=("decision_no",),
                   effects=(effect("record", decision_no="decision_no"),
                            effect("close_deadlines", policies=("inspection_notice",)),
                            effect("notify", to="investor", kind="inspection_notified"))),
        transition("start", "notified", "in_progress", OFFICIALS,
                   "Bắt đầu kiểm tra tại chỗ", "Start the on-site check",
                   effects=(effect("open_deadline", policy="inspection_onsite"),)),
        transition("record_findings", "in_progress", "findings_recorded", OFFICIALS,
                   "Lập biên bản kiểm tra", "Record the findings",
                   guards=("has_findings",),
                   effects=(effect("close_deadlines", policies=("inspection_onsite",)),
                            effect("open_deadline", policy="inspection_report"))),
        transition("conclude", ("in_progress", "findings_recorded"), "concluded", OFFICIALS,
                   "Kết luận kiểm tra", "Conclude",
                   required=("comment",),
                   effects=(effect("close_deadlines",
                                   policies=("inspection_onsite", "inspection_report")),
                            effect("open_violations_from_findings"),
                            effect("open_deadline", policy="inspection_evaluation"))),
        transition("close", "concluded", "closed", ("manager", "admin"),
                   "Đóng hồ sơ kiểm tra", "Close",
                   effects=(effect("close_deadlines"),)),
        transition("cancel", ("planned", "notified", "in_progress"), "cancelled", OFFICIALS,
                   "Hủy kiểm tra", "Cancel", required=("comment",),
                   effects=(effect("close_deadlines", outcome="cancelled"),)),
    ),
)
