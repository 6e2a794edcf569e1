"""The audit trail proves itself: hash-chained per entity, append-only, checked by
`flask audit verify`; logins, account changes and downloads are in it."""
import threading

import pytest
from sqlalchemy import select, text

from models import AuditEntry, User
from workflows.engine.audit import verify
from workflows.engine.fire import fire
from workflows.operations import accounts

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def _history(make, db, clock):
    """A few chains: a cluster's transitions, an inspection's creation, logins."""
    manager = make.user("manager")
    cluster = make.cluster()
    fire(db.session, cluster, "establish", manager, now=clock(),
         data={"decision_no": "1/QĐ", "decision_date": "2026-11-01"})
    fire(db.session, cluster, "abolish", manager, now=clock(),
         data={"decision_no": "2/QĐ", "decision_date": "2026-11-02"}, comment="quy hoạch lại")
    make.inspection(make.cluster(), make.user("inspector"))
    db.session.commit()
    return cluster


def _row(db, cluster, trigger):
    return db.session.scalar(select(AuditEntry).where(
        AuditEntry.entity_type == "cluster", AuditEntry.entity_id == cluster.id,
        AuditEntry.trigger == trigger))


def test_an_intact_log_verifies(runner, make, db, clock):
    _history(make, db, clock)
    checked, problems = verify(db.session)
    assert checked >= 3 and problems == []
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0 and "intact" in result.output


def test_an_edited_row_is_named_and_the_command_fails(runner, make, db, clock):
    cluster = _history(make, db, clock)
    row = _row(db, cluster, "establish")
    with db.engine.begin() as conn:  # as someone with database access would
        conn.execute(text("UPDATE audit_log SET comment = 'sửa lén' WHERE id = :id"),
                     {"id": row.id})
    db.session.expire_all()
    _checked, problems = verify(db.session)
    assert problems[0][0] == row.id and "edited" in problems[0][1]
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1 and f"audit row {row.id} fails" in result.output


def test_a_deleted_row_is_found_by_the_row_after_it(runner, make, db, clock):
    cluster = _history(make, db, clock)
    deleted, after = _row(db, cluster, "establish"), _row(db, cluster, "abolish")
    with db.engine.begin() as conn:
        conn.execute(text("DELETE FROM deadline_changes WHERE audit_id = :id"), {"id": deleted.id})
        conn.execute(text("DELETE FROM audit_log WHERE id = :id"), {"id": deleted.id})
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1 and f"audit row {after.id} fails" in result.output
    assert "missing" in result.output


def test_a_recomputed_hash_still_breaks_the_link(make, db, clock):
    """Editing a row and writing its new hash leaves the next row pointing at the old one."""
    from workflows.engine.audit import row_hash

    cluster = _history(make, db, clock)
    row, after = _row(db, cluster, "establish"), _row(db, cluster, "abolish")
    row.comment = "sửa lén"  # in memory only: the ORM refuses to write an audit row
    forged = row_hash(row, row.prev_hash)
    db.session.expire_all()
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE audit_log SET comment = 'sửa lén', row_hash = :h WHERE id = :id"),
                     {"h": forged, "id": row.id})
    _checked, problems = verify(db.session)
    assert [p[0] for p in problems] == [after.id]


def test_the_application_never_updates_an_audit_row(make, db, clock):
    cluster = _history(make, db, clock)
    row = _row(db, cluster, "establish")
    row.comment = "changed"
    with pytest.raises(RuntimeError, match="append-only"):
        db.session.flush()
    db.session.rollback()


def test_account_changes_and_downloads_are_audited(api, make, db, clock):
    admin = make.user("admin")
    company = make.org("investor")
    user, _temporary = accounts.create_user(db.session, admin, clock(), username="newbie",
                                            role="investor", organization=company)
    accounts.update_user(db.session, admin, user, clock(), active=False)
    accounts.reset_password(db.session, admin, user, clock())
    inspector = make.user("inspector")
    inspection = make.inspection(make.cluster(), inspector, state="in_progress")
    db.session.commit()
    api.as_(inspector)
    uploaded = api.client.post(f"/api/v1/inspections/{inspection.id}/attachments",
                               data={"file": (__import__("io").BytesIO(JPEG), "a.jpg")},
                               headers=api._headers(), content_type="multipart/form-data")
    assert uploaded.status_code == 201, uploaded.get_json()
    assert api.get(uploaded.get_json()["download_url"]).status_code == 200
    rows = db.session.execute(select(AuditEntry.entity_id, AuditEntry.trigger, AuditEntry.data)
                              .where(AuditEntry.workflow == "account")).all()
    triggers = {(r.entity_id, r.trigger) for r in rows}
    assert {(user.id, "create"), (user.id, "update"), (user.id, "password_reset")} <= triggers
    download = [r for r in rows if r.trigger == "download"]
    assert len(download) == 1 and download[0].entity_id == inspector.id
    assert download[0].data["attachment_id"] == uploaded.get_json()["id"]
    assert verify(db.session)[1] == []


@pytest.mark.postgres_only
def test_concurrent_writers_on_one_chain_neither_fork_nor_fail(app, backend, make, db):
    """Parallel failed logins append to one user's chain: each waits for the chain's
    advisory lock rather than forking it, and every row lands."""
    if backend != "postgresql":
        pytest.skip("concurrent writers: PostgreSQL")
    user = make.user("manager")
    db.session.commit()
    barrier = threading.Barrier(8)

    def guess():
        client = app.test_client()
        barrier.wait()
        client.post("/api/v1/tokens", json={"username": user.username, "password": "wrong"})

    threads = [threading.Thread(target=guess) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seqs = db.session.scalars(select(AuditEntry.seq).where(
        AuditEntry.entity_type == "user", AuditEntry.entity_id == user.id)
        .order_by(AuditEntry.seq)).all()
    assert seqs == list(range(1, 9))
    assert verify(db.session)[1] == []
    db.session.expire_all()
    assert db.session.get(User, user.id).locked_until is not None


def test_the_records_page_shows_an_edited_row_as_such(web, make, db, clock):
    cluster = _history(make, db, clock)
    row = _row(db, cluster, "abolish")
    web.login(make.user("manager"))
    assert "data-tampered" not in web.text(f"/clusters/{cluster.id}")
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE audit_log SET comment = 'sửa lén' WHERE id = :id"),
                     {"id": row.id})
    db.session.expire_all()  # the test's session outlives a request; a request's does not
    page = web.text(f"/clusters/{cluster.id}")
    assert f'data-tampered="{row.id}"' in page and "không khớp chuỗi băm" in page
