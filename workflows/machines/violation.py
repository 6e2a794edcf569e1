"""A violation and its timeline (Law on Handling Administrative Violations).

Refined from the brief where the law says more: `notified` means the violation record
(biên bản vi phạm hành chính) was drawn up, so it requires the record's number and starts
the 7-working-day clock for the penalty decision; `sanctioned` requires the decision's
number and the fine, and does not end the matter, because remedial measures are still owed
(a sanctioned violator still reports and is verified); a wrongly opened violation can be
dismissed before it is answered.

Every deadline a state holds someone to can be met from that state
(tests/engine/test_deadlines_can_be_met.py): the penalty decision, owed within days of the
record, can be recorded once in any state until it is, and a plan owed can be submitted
late."""
from workflows.engine.definition import SAME, SYSTEM, State, Workflow, effect, transition
from workflows.permissions import INVESTORS, MANAGERS, OFFICIALS

# Where the violator is answering the record: a plan submitted, returned or accepted, an
# extension asked or granted, the remediation reported or verified.
REMEDYING = ("plan_submitted", "plan_rejected", "plan_accepted", "extension_requested",
             "extension_granted", "remediation_reported", "verified")


def sanction(source, dest, *then):
    """Recording the penalty decision, once per violation, from `source`; `then`: what
    else the decision sets in motion there."""
    return transition(
        "sanction", source, dest, MANAGERS, "Quyết định xử phạt", "Record the penalty decision",
        required=("decision_no", "fine_vnd"), optional=("fine_departure_reason",),
        guards=("no_penalty_decision_yet",),
        effects=(effect("record", decision_no="decision_no", fine_confirmed_vnd="fine_vnd"),
                 effect("record_fine_suggestion"),
                 effect("close_deadlines", policies=("penalty_decision",)), *then,
                 effect("notify", to="investor", kind="violation_sanctioned")))


WORKFLOW = Workflow(
    name="violation", entity_type="violation", attribute="state",
    label_vi="Vi phạm", label_en="Violation",
    initial="detected",
    states=(
        State("detected", "Phát hiện", "Detected"),
        State("notified", "Đã lập biên bản", "Record issued"),
        State("plan_submitted", "Đã nộp phương án khắc phục", "Plan submitted"),
        State("plan_accepted", "Phương án được chấp thuận", "Plan accepted"),
        State("plan_rejected", "Phương án bị trả lại", "Plan rejected"),
        State("extension_requested", "Đề nghị gia hạn", "Extension requested"),
        State("extension_granted", "Đã gia hạn", "Extension granted"),
        State("remediation_reported", "Đã báo cáo khắc phục", "Remediation reported"),
        State("verified", "Đã kiểm tra xác nhận", "Verified"),
        State("overdue", "Quá hạn", "Overdue"),
        State("escalated", "Đã báo cáo cấp trên", "Escalated"),
        State("sanctioned", "Đã ra quyết định xử phạt", "Sanctioned"),
        State("remediated", "Đã khắc phục", "Remediated", final=True),
        State("dismissed", "Không vi phạm / hủy", "Dismissed", final=True),
    ),
    transitions=(
        transition("notify", "detected", "notified", OFFICIALS,
                   "Lập biên bản vi phạm", "Issue the violation record",
                   required=("record_no",),
                   effects=(effect("record", record_no="record_no"),
                            effect("close_deadlines", policies=("violation_record",)),
                            effect("open_deadline", policy="penalty_decision"),
                            effect("open_deadline", policy="remediation_plan"),
                            effect("notify", to="investor", kind="violation_notified"))),
        # Late is better than never: an overdue or escalated violator may still submit its
        # plan, or a new one, which replaces a remediation left undone under the last.
        transition("submit_plan",
                   ("notified", "plan_rejected", "sanctioned", "overdue", "escalated"),
                   "plan_submitted", INVESTORS,
                   "Nộp phương án khắc phục", "Submit a remediation plan",
                   required=("comment", "evidence_ids"),
                   effects=(effect("close_deadlines", policies=("remediation_plan",)),
                            effect("close_deadlines", policies=("remediation",),
                                   outcome="superseded"),
                            effect("open_deadline", policy="plan_review"),
                            effect("notify", to="inspecting_org", kind="plan_submitted"))),
        transition("accept_plan", "plan_submitted", "plan_accepted", OFFICIALS,
                   "Chấp thuận phương án", "Accept the plan",
                   required=("due_date",),
                   effects=(effect("close_deadlines", policies=("plan_review",)),
                            effect("open_deadline", policy="remediation", due_field="due_date"),
                            effect("notify", to="investor", kind="plan_accepted"))),
        transition("reject_plan", "plan_submitted", "plan_rejected", OFFICIALS,
                   "Trả lại phương án", "Reject the plan",
                   required=("comment",),
                   effects=(effect("close_deadlines", policies=("plan_review",)),
                            effect("open_deadline", policy="remediation_plan"),
                            effect("notify", to="investor", kind="plan_rejected"))),
        transition("request_extension", "plan_accepted", "extension_requested", INVESTORS,
                   "Đề nghị gia hạn", "Request an extension",
                   required=("comment", "requested_due_date"),
                   effects=(effect("open_deadline", policy="extension_review"),
                            effect("notify", to="department", kind="extension_requested"))),
        transition("grant_extension", "extension_requested", "extension_granted", MANAGERS,
                   "Gia hạn", "Grant the extension",
                   required=("new_due_date",),
                   effects=(effect("close_deadlines", policies=("extension_review",)),
                            effect("extend_deadline", policy="remediation",
                                   due_field="new_due_date"),
                            effect("notify", to="investor", kind="extension_granted"))),
        transition("refuse_extension", "extension_requested", "plan_accepted", MANAGERS,
                   "Không gia hạn", "Refuse the extension",
                   required=("comment",),
                   effects=(effect("close_deadlines", policies=("extension_review",)),
                            effect("notify", to="investor", kind="extension_refused"))),
        # Remedied answers all that was owed: a plan still due, and an extension asked for.
        transition("report_remediation",
                   ("plan_accepted", "extension_requested", "extension_granted", "overdue",
                    "escalated", "sanctioned"),
                   "remediation_reported", INVESTORS,
                   "Báo cáo hoàn thành khắc phục", "Report remediation done",
                   required=("comment", "evidence_ids"),
                   effects=(effect("close_deadlines", policies=("remediation", "remediation_plan")),
                            effect("close_deadlines", policies=("extension_review",),
                                   outcome="cancelled"),
                            effect("open_deadline", policy="verification"),
                            effect("notify", to="inspecting_org", kind="remediation_reported"))),
        transition("verify", "remediation_reported", "verified", OFFICIALS,
                   "Xác nhận đã khắc phục", "Verify the remediation",
                   required=("comment",),
                   effects=(effect("close_deadlines", policies=("verification",)),)),
        transition("reject_remediation", "remediation_reported", "plan_accepted", OFFICIALS,
                   "Chưa đạt, yêu cầu khắc phục tiếp", "Reject the remediation",
                   required=("comment", "due_date"),
                   effects=(effect("close_deadlines", policies=("verification",)),
                            effect("open_deadline", policy="remediation", due_field="due_date"),
                            effect("notify", to="investor", kind="remediation_rejected"))),
        transition("close", "verified", "remediated", OFFICIALS,
                   "Kết thúc vụ việc", "Close as remediated",
                   effects=(effect("close_deadlines"),
                            effect("sync_cluster_compliance"))),
        transition("mark_overdue",
                   ("notified", "plan_rejected", "plan_accepted", "extension_granted"),
                   "overdue", (SYSTEM, *MANAGERS),
                   "Quá hạn", "Mark overdue",
                   effects=(effect("notify", to="investor", kind="violation_overdue"),)),
        transition("escalate", "overdue", "escalated", MANAGERS,
                   "Báo cáo cấp có thẩm quyền", "Escalate",
                   required=("comment",),
                   effects=(effect("notify", to="department", kind="violation_escalated"),)),
        # The decision sets the plan's date anew: one plan owed, not two.
        sanction(("overdue", "escalated", "notified"), "sanctioned",
                 effect("close_deadlines", policies=("remediation_plan",), outcome="superseded"),
                 effect("open_deadline", policy="remediation_plan")),
        # The decision is due within days of the record whatever the violator does
        # meanwhile: recorded while a plan or its remediation is under way, it leaves that
        # where it is (the plan already answers the remedial measures).
        sanction(REMEDYING, SAME),
        transition("dismiss", ("detected", "notified"), "dismissed", MANAGERS,
                   "Hủy (không vi phạm)", "Dismiss",
                   required=("comment",),
                   effects=(effect("close_deadlines", outcome="cancelled"),
                            effect("sync_cluster_compliance"))),
    ),
)
