"""Demo inspections and violations, in every state of their workflows, happening over the
weeks before the demo is loaded so that deadlines are due, due soon and overdue."""
from datetime import timedelta
from decimal import Decimal

from flask import current_app
from sqlalchemy import select

from models import User

from workflows.engine.calendar import local_date
from workflows.engine.fire import fire
from workflows.operations.actions import fire_with_files
from workflows.operations.inspections import log_finding, plan_inspection
from workflows.operations.violations import report_violation

from .clusters import at

INSPECTION_PATHS = {
    # final state -> the triggers (with their data) that lead there
    "planned": [],
    "notified": [("notify", {"decision_no": "12/QĐ-KT"})],
    "in_progress": [("notify", {"decision_no": "13/QĐ-KT"}), ("start", {})],
    "findings_recorded": [("notify", {"decision_no": "14/QĐ-KT"}), ("start", {}),
                          "finding", ("record_findings", {})],
    "concluded": [("notify", {"decision_no": "15/QĐ-KT"}), ("start", {}), "violation_finding",
                  ("record_findings", {}),
                  ("conclude", {"comment": "Nước thải vượt QCVN 40:2011; lập biên bản."})],
    "closed": [("notify", {"decision_no": "16/QĐ-KT"}), ("start", {}), "finding",
               ("record_findings", {}), ("conclude", {"comment": "Không phát hiện vi phạm."}),
               ("close", {})],
    "cancelled": [("cancel", {"comment": "Đoàn kiểm tra điều chỉnh lịch."})],
}

PLAN = {"comment": "Nâng cấp bể lắng, bổ sung hóa chất keo tụ, lắp quan trắc tự động."}
REPORT = {"comment": "Đã hoàn thành cải tạo, kết quả quan trắc đạt QCVN 40:2011."}


def violation_paths(today):
    soon, later = today + timedelta(days=5), today + timedelta(days=40)
    accepted = [("notify", {"record_no": "BB-01"}), ("submit_plan", PLAN),
                ("accept_plan", {"due_date": later.isoformat()})]
    reported = accepted + [("report_remediation", REPORT)]
    overdue = [("notify", {"record_no": "BB-07"}), ("submit_plan", PLAN),
               ("accept_plan", {"due_date": (today - timedelta(days=3)).isoformat()}),
               ("mark_overdue", {})]
    return {
        "detected": [],
        "notified": [("notify", {"record_no": "BB-02"})],
        "plan_submitted": [("notify", {"record_no": "BB-03"}), ("submit_plan", PLAN)],
        "plan_accepted": [("notify", {"record_no": "BB-04"}), ("submit_plan", PLAN),
                          ("accept_plan", {"due_date": soon.isoformat()})],
        "plan_rejected": [("notify", {"record_no": "BB-05"}), ("submit_plan", PLAN),
                          ("reject_plan", {"comment": "Phương án chưa nêu tiến độ cụ thể."})],
        "extension_requested": accepted + [("request_extension", {
            "comment": "Chờ thiết bị nhập khẩu.",
            "requested_due_date": (later + timedelta(days=30)).isoformat()})],
        "extension_granted": accepted + [
            ("request_extension", {"comment": "Chờ thiết bị nhập khẩu.",
                                   "requested_due_date": (later + timedelta(days=30)).isoformat()}),
            ("grant_extension", {"new_due_date": (later + timedelta(days=20)).isoformat()})],
        "remediation_reported": reported,
        "verified": reported + [("verify", {"comment": "Đã kiểm tra, đạt."})],
        "remediated": reported + [("verify", {"comment": "Đã kiểm tra, đạt."}), ("close", {})],
        "overdue": overdue,
        "escalated": overdue + [("escalate", {"comment": "Báo cáo UBND Thành phố."})],
        "sanctioned": overdue + [("sanction", {"decision_no": "QĐ-XP-09", "fine_vnd": 160000000})],
        "dismissed": [("dismiss", {"comment": "Mẫu lấy sai vị trí, không đủ căn cứ."})],
    }


INVESTOR_TRIGGERS = ("submit_plan", "report_remediation", "request_extension")


def build_activity(session, people, groups, now):
    inspector, manager = people["inspector"], people["manager"]
    operating = groups["operating"]
    actor_for = {"grant_extension": manager,
                 "refuse_extension": manager, "escalate": manager, "sanction": manager,
                 "dismiss": manager, "mark_overdue": manager, "close": inspector}
    today = local_date(now)  # the demo's days are Hanoi days

    # Inspections: one in each state, on operating clusters with plants (the investor's
    # Bát Tràng cluster gets the concluded one, so its violation is the investor's to answer).
    targets = [operating[i] for i in (5, 6, 7, 8, 2, 9, 10)]
    for (state, path), cluster in zip(INSPECTION_PATHS.items(), targets):
        start = today - timedelta(days=30)
        inspection = plan_inspection(session, cluster, inspector, at(start), kind="periodic",
                                     planned_date=today + timedelta(days=7) if state == "planned"
                                     else start + timedelta(days=5),
                                     team="Trần Văn Minh - Trưởng đoàn\nPhạm Thu Hà - Thành viên")
        for step, item in enumerate(path, start=1):
            moment = at(start + timedelta(days=2 * step))
            if item in ("finding", "violation_finding"):
                _log_finding(session, inspection, inspector, moment, item == "violation_finding")
                continue
            trigger, data = item
            actor = manager if trigger == "close" else inspector
            fire(session, inspection, trigger, actor, now=moment,
                 comment=data.get("comment", ""),
                 data={k: v for k, v in data.items() if k != "comment"})

    # Violations: one in each state, on other operating clusters (three of the investor's).
    paths = violation_paths(today)
    clusters = [operating[i] for i in (0, 12, 3, 4, 11, 13, 14, 15, 19, 16, 17, 18, 20, 21)]
    for (state, path), cluster in zip(list(paths.items())[1:], clusters):
        start = today - timedelta(days=45)
        violation = report_violation(
            session, cluster, inspector, at(start),
            title="Nước thải sau xử lý vượt QCVN 40:2011 (COD, TSS)",
            description="Mẫu nước thải tại cửa xả có COD và TSS vượt quy chuẩn.",
            sampled_on=start - timedelta(days=1))
        investor = session.scalar(select(User).where(User.organization_id == cluster.investor_id))
        for step, (trigger, data) in enumerate(path, start=1):
            actor = investor if trigger in INVESTOR_TRIGGERS else actor_for.get(trigger, inspector)
            # A plan and a report carry their proof in the action itself.
            fire_with_files(session, violation, trigger, actor,
                            uploads=[proof(trigger)] if trigger in PROVED else [],
                            now=at(start + timedelta(days=3 * step)),
                            comment=data.get("comment", ""), version=None,
                            data={k: v for k, v in data.items() if k != "comment"},
                            max_bytes=current_app.config["UPLOAD_MAX_BYTES"])


PROVED = ("submit_plan", "report_remediation")


def proof(trigger):
    """A one-page PDF standing in for the investor's plan or acceptance record."""
    from io import BytesIO

    from werkzeug.datastructures import FileStorage

    body = b"%PDF-1.4\n% " + trigger.encode() + b"\n%%EOF\n"
    return FileStorage(BytesIO(body), filename=f"{trigger}.pdf")


def _log_finding(session, inspection, inspector, moment, exceeds):
    cod = Decimal("310") if exceeds else Decimal("62")
    log_finding(session, inspection, inspector, moment, category="wastewater",
                severity="high" if exceeds else "low",
                description=("COD và TSS tại cửa xả vượt quy chuẩn." if exceeds
                             else "Nước thải đạt quy chuẩn; nhật ký vận hành đầy đủ."),
                measurements=[
                    {"parameter": "cod", "value": cod, "unit": "mg/l",
                     "sampling_point": "Cửa xả trạm XLNT", "sampled_at": moment},
                    {"parameter": "tss", "value": Decimal("180") if exceeds else Decimal("40"),
                     "unit": "mg/l", "sampling_point": "Cửa xả trạm XLNT", "sampled_at": moment},
                ])
