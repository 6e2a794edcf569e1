"""Demo obstacles (khó khăn, vướng mắc), one in each state of their workflow, mostly on the
clusters of 2018-2020 that have not started construction: what holds them back, who must
clear it, and one whose date has passed."""
from datetime import timedelta

from sqlalchemy import select

from models import User

from workflows.engine.calendar import local_date
from workflows.engine.fire import fire
from workflows.operations.obstacles import report_obstacle

from .clusters import at

# final state, kind, title, description, responsible organization (its code, or "commune":
# the committee of the cluster's commune), the triggers with their data (resolve_by in days
# from the report)
OBSTACLES = [
    ("reported", "capital", "Chưa thu xếp được vốn đầu tư hạ tầng",
     "Ngân hàng chưa phê duyệt khoản vay; chủ đầu tư đề nghị hỗ trợ kết nối tín dụng.",
     "SCT", []),
    ("assigned", "land_clearance", "Vướng giải phóng mặt bằng 2,3 ha",
     "Còn 14 hộ chưa nhận tiền bồi thường.\nĐề nghị UBND xã vận động, hoàn thành phương án.",
     "commune", [("assign", {"resolve_by": 60, "person_in_charge": "Phó Chủ tịch xã"})]),
    ("in_progress", "procedures", "Chậm thẩm định báo cáo đánh giá tác động môi trường",
     "Hồ sơ ĐTM nộp từ tháng 8, chưa có kết quả thẩm định.", "SNNMT",
     [("assign", {"resolve_by": 45}), ("start", {"person_in_charge": "Phòng Môi trường"})]),
    ("assigned", "infrastructure", "Chưa có đường điện trung thế đến cụm",
     "Điện lực chưa bố trí vốn kéo đường dây 22 kV.", "SCT",
     [("assign", {"resolve_by": 20})]),  # reported 30 days ago: its date has passed
    ("escalated", "planning", "Quy hoạch sử dụng đất chưa cập nhật diện tích cụm",
     "Cần UBND Thành phố điều chỉnh kế hoạch sử dụng đất năm 2026.", "SCT",
     [("assign", {"resolve_by": 40}),
      ("escalate", {"comment": "Vượt thẩm quyền của Sở; báo cáo UBND Thành phố."})]),
    ("resolved", "land_clearance", "Tranh chấp ranh giới thửa đất phía bắc cụm",
     "Hai hộ dân khiếu nại ranh giới.", "commune",
     [("assign", {"resolve_by": 30}),
      ("resolve", {"comment": "Đã đo đạc lại, các hộ thống nhất ranh giới."})]),
]


def build_obstacles(session, people, groups, orgs, now) -> None:
    manager = people["manager"]
    today = local_date(now)
    committees = {o.name_vi.removeprefix("UBND xã "): o for o in orgs.values()
                  if o.kind == "commune_committee"}
    # The clusters of 2018-2020 not started yet, the demo investor's first: theirs to see.
    waiting = sorted((c for c in groups["old_2018_2020"] if c.infrastructure_started_on is None),
                     key=lambda c: c.investor_id != orgs["INV01"].id)
    for _, kind, title, description, responsible, path in OBSTACLES:
        cluster = next(c for c in waiting if responsible != "commune" or c.commune in committees)
        waiting.remove(cluster)
        org = committees[cluster.commune] if responsible == "commune" else orgs[responsible]
        reported = today - timedelta(days=30)
        reporter = session.scalar(select(User).where(User.organization_id == cluster.investor_id))
        obstacle = report_obstacle(session, cluster, reporter or manager, at(reported),
                                   kind=kind, title=title, description=description,
                                   responsible_org_id=org.id)
        for step, (trigger, data) in enumerate(path, start=1):
            data = dict(data)
            if "resolve_by" in data:
                data["resolve_by"] = (reported + timedelta(days=data["resolve_by"])).isoformat()
            fire(session, obstacle, trigger, manager, now=at(reported + timedelta(days=step)),
                 comment=data.pop("comment", ""), data=data)
