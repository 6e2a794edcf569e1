"""An obstacle (khó khăn, vướng mắc) that holds a cluster back, and its clearing: the
department assigns it to the organization that must clear it with a date, that organization
works on it and clears it; what is beyond its reach goes to the city (UBND Thành phố), which
hands it back with a new date or clears it itself.

Reporting is an operation (workflows.operations.obstacles.report_obstacle), as opening a
violation is: it opens the assignment deadline. Deadlines, reminders and escalation to the
holder's supervising organization come from data/deadline_policies.csv like every other."""
from workflows.engine.definition import SYSTEM, State, Workflow, effect, transition
from workflows.permissions import MANAGERS, OFFICIALS

WORKFLOW = Workflow(
    name="obstacle", entity_type="obstacle", attribute="state",
    label_vi="Khó khăn, vướng mắc", label_en="Obstacle",
    initial="reported",
    states=(
        State("reported", "Đã phản ánh", "Reported"),
        State("assigned", "Đã giao xử lý", "Assigned"),
        State("in_progress", "Đang xử lý", "In progress"),
        State("escalated", "Đã báo cáo UBND Thành phố", "Escalated to the city"),
        State("resolved", "Đã tháo gỡ", "Resolved", final=True),
    ),
    transitions=(
        transition("assign", "reported", "assigned", MANAGERS,
                   "Giao xử lý", "Assign",
                   required=("resolve_by",), optional=("person_in_charge",),
                   effects=(effect("record", due_date="resolve_by",
                                   person_in_charge="person_in_charge"),
                            effect("close_deadlines", policies=("obstacle_assignment",)),
                            effect("open_deadline", policy="obstacle_resolution",
                                   due_field="resolve_by"),
                            effect("notify", to="responsible_org", kind="obstacle_assigned"))),
        transition("start", "assigned", "in_progress", OFFICIALS,
                   "Bắt đầu xử lý", "Start work",
                   optional=("person_in_charge",),
                   effects=(effect("record", person_in_charge="person_in_charge"),)),
        transition("resolve", ("assigned", "in_progress", "escalated"), "resolved", OFFICIALS,
                   "Xác nhận đã tháo gỡ", "Mark resolved",
                   required=("comment",),
                   effects=(effect("record", resolved_on="@today"),
                            effect("close_deadlines"),
                            effect("notify", to="investor", kind="obstacle_resolved"))),
        transition("escalate", ("reported", "assigned", "in_progress"), "escalated",
                   (SYSTEM, *MANAGERS),
                   "Báo cáo UBND Thành phố", "Escalate to the city",
                   required=("comment",),
                   effects=(effect("close_deadlines", outcome="superseded"),
                            effect("open_deadline", policy="obstacle_escalation"),
                            effect("notify", to="city", kind="obstacle_escalated"))),
        transition("reassign", "escalated", "assigned", MANAGERS,
                   "Giao lại theo chỉ đạo của Thành phố", "Hand back with the city's direction",
                   required=("comment", "resolve_by"), optional=("person_in_charge",),
                   effects=(effect("record", due_date="resolve_by",
                                   person_in_charge="person_in_charge"),
                            effect("close_deadlines", policies=("obstacle_escalation",)),
                            effect("open_deadline", policy="obstacle_resolution",
                                   due_field="resolve_by"),
                            effect("notify", to="responsible_org", kind="obstacle_assigned"))),
    ),
)
