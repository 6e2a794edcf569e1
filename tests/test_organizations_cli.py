"""Organizations are data an administrator edits (the 2025 reform renamed departments and
abolished districts): created, renamed, re-parented and deactivated from the CLI, audited."""
from sqlalchemy import select

from models import AuditEntry, Organization


def test_create_rename_reparent_and_deactivate(runner, db, make):
    make.department()
    db.session.commit()
    r = runner.invoke(args=["orgs", "create", "UBND-XA1", "--kind", "commune_committee",
                            "--name-vi", "UBND xã Một", "--parent", "SCT"])
    assert r.exit_code == 0, r.output
    r = runner.invoke(args=["orgs", "set", "UBND-XA1", "--name-vi", "UBND phường Một",
                            "--inactive"])
    assert r.exit_code == 0, r.output
    assert "name_vi=UBND phường Một" in r.output
    db.session.expire_all()
    org = db.session.scalar(select(Organization).where(Organization.code == "UBND-XA1"))
    assert (org.name_vi, org.active, org.parent.code) == ("UBND phường Một", False, "SCT")
    audit = db.session.scalars(select(AuditEntry).where(
        AuditEntry.entity_type == "organization", AuditEntry.entity_id == org.id)
        .order_by(AuditEntry.id)).all()
    assert [a.trigger for a in audit] == ["create", "update"]
    assert audit[1].data["name_vi"] == ["UBND xã Một", "UBND phường Một"]
    assert "UBND-XA1" in runner.invoke(args=["orgs", "list"]).output


def test_refusals_are_clear(runner, db, make):
    make.department()
    db.session.commit()
    assert "mã SCT đã tồn tại" in runner.invoke(
        args=["orgs", "create", "SCT", "--kind", "x", "--name-vi", "x"]).output
    assert "kind: bắt buộc" in runner.invoke(args=["orgs", "create", "NEW",
                                                   "--name-vi", "Mới"]).output
    assert "không có tổ chức NOPE" in runner.invoke(args=["orgs", "set", "NOPE",
                                                           "--name-vi", "x"]).output
    assert "no organization with code 'ZZ'" in runner.invoke(
        args=["orgs", "set", "SCT", "--parent", "ZZ"]).output
