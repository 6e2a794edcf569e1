"""The reason for withdrawing or correcting a finding is checked as any comment is: a
reason with NUL (which PostgreSQL cannot store) or past a record's length is refused beside
the reason field, the finding kept and the reason shown as typed, never a 500 nor a
message flashed on another page."""
import pytest

from html_forms import kept_values, messages_beside
from models import AuditEntry, Finding
from workflows.operations.inspections import log_finding

TOO_LONG = "lý do " * 1000


@pytest.fixture
def finding(make, clock, db):
    inspector = make.user("inspector")
    cluster = make.cluster(stage="operational")
    inspection = make.inspection(cluster, inspector, state="in_progress")
    row = log_finding(db.session, inspection, inspector, clock(), category="air",
                      severity="low", description="Bụi tại kho than")
    return inspector, inspection, row


@pytest.mark.parametrize("reason", ["ghi\x00nhầm", TOO_LONG], ids=["NUL", "too long"])
def test_a_withdrawal_reason_refused_beside_its_field(web, finding, reason, db):
    inspector, inspection, row = finding
    web.login(inspector)
    url = f"/inspections/{inspection.id}/findings/{row.id}/withdraw"
    response = web.post(url, data={"reason": reason})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert messages_beside(html, "reason")
    if "\x00" not in reason:
        assert kept_values(html, url)["reason"] == reason
    db.session.expire_all()
    assert db.session.get(Finding, row.id) is not None
    assert not AuditEntry.query.filter_by(trigger="withdraw_finding").count()


@pytest.mark.parametrize("reason", ["sửa\x00số", TOO_LONG], ids=["NUL", "too long"])
def test_a_correction_reason_refused_beside_its_field(web, finding, reason, db):
    inspector, inspection, row = finding
    web.login(inspector)
    url = f"/inspections/{inspection.id}/findings/{row.id}/edit"
    response = web.post(url, data={"category": "air", "severity": "low",
                                   "description": "Bụi tại kho than (sửa)", "reason": reason})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert messages_beside(html, "reason")
    assert kept_values(html, url)["description"] == "Bụi tại kho than (sửa)"
    db.session.expire_all()
    assert db.session.get(Finding, row.id).description == "Bụi tại kho than"
