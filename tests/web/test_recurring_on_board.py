"""The scheduler's recurring deadlines (an organization's half-yearly report) appear on the
deadline board and its full list, named after the organization, without a broken link."""
from datetime import date, datetime, timezone

from models import Deadline


def test_an_organizations_report_deadline_on_the_board(web, make, db, clock):
    commune = make.org("commune_committee", name_vi="UBND xã Phùng Xá")
    clock.set(datetime(2026, 12, 20, 3, tzinfo=timezone.utc))
    db.session.add(Deadline(entity_type="organization", entity_id=commune.id,
                            policy_key="report_commune", title_vi="Báo cáo 6 tháng",
                            title_en="Half-yearly report", holder_org_id=commune.id,
                            due_date=date(2026, 12, 25), original_due_date=date(2026, 12, 25)))
    web.login(make.user("manager"))
    board = web.text("/deadlines")
    assert "UBND xã Phùng Xá" in board and "Báo cáo 6 tháng" in board
    full = web.text("/deadlines/all?bucket=week")
    assert "UBND xã Phùng Xá" in full
