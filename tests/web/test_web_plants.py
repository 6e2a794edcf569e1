"""The pages managers use to record a cluster's wastewater plants (issue 5)."""
from models import AuditEntry, WastewaterPlant


def plant_data(**changes):
    data = {"name": "Trạm XLNT phía Bắc", "capacity_m3_day": "600",
            "standard_code": "QCVN40:2011", "standard_column": "B", "receiving_body": "lake",
            "receiving_name": "Hồ Đồng Mô", "receiving_flow_m3s": "",
            "receiving_volume_m3": "1500000", "sea_kind": "", "discharge_flow_m3_day": "450"}
    data.update(changes)
    return data


def test_manager_adds_a_plant_from_the_cluster_page(web, make, db):
    cluster = make.cluster()
    web.login(make.user("manager"))
    page = web.text(f"/clusters/{cluster.id}")
    assert f'href="/clusters/{cluster.id}/plants/new"' in page
    assert "no data" in web.text(f"/clusters/{cluster.id}/plants/new") or \
        "không có số liệu" in web.text(f"/clusters/{cluster.id}/plants/new")
    response = web.post(f"/clusters/{cluster.id}/plants/new", plant_data())
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/clusters/{cluster.id}")
    plant = db.session.query(WastewaterPlant).one()
    assert (plant.receiving_body, float(plant.receiving_volume_m3), plant.sea_kind) == \
        ("lake", 1500000, None)
    page = web.text(f"/clusters/{cluster.id}")
    assert "Trạm XLNT phía Bắc" in page and f'href="/plants/{plant.id}/edit"' in page
    assert db.session.query(AuditEntry).filter_by(trigger="add_plant").count() == 1


def test_manager_edits_a_plant(web, make, db):
    plant = make.plant(make.cluster())
    web.login(make.user("admin"))
    assert 'value="Trạm XLNT tập trung"' in web.text(f"/plants/{plant.id}/edit")
    response = web.post(f"/plants/{plant.id}/edit", plant_data(
        version=plant.version, name="Trạm XLNT tập trung", capacity_m3_day="500", receiving_body="river",
        receiving_volume_m3="", receiving_flow_m3s="", discharge_flow_m3_day="400",
        # the form shows the plant's recorded existing-facility basis, unchanged
        existing_facility="y", existing_basis="Đã vận hành từ năm 2020",
        existing_basis_date="01/01/2020"))
    assert response.status_code == 303
    db.session.expire_all()
    assert plant.receiving_flow_m3s is None and plant.receiving_name == "Hồ Đồng Mô"
    entry = db.session.query(AuditEntry).filter_by(trigger="update_plant").one()
    assert set(entry.data) == {"plant_id", "receiving_name", "receiving_flow_m3s"}


def test_a_bad_field_shows_its_message_and_keeps_the_other_input(web, make, db):
    cluster = make.cluster()
    web.login(make.user("manager"))
    response = web.post(f"/clusters/{cluster.id}/plants/new", plant_data(
        receiving_body="river", receiving_flow_m3s="12", capacity_m3_day="-3"))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'data-field="receiving_volume_m3"' in page and 'data-field="capacity_m3_day"' in page
    assert 'data-field="receiving_flow_m3s"' not in page
    assert 'value="Hồ Đồng Mô"' in page and 'value="12"' in page
    assert db.session.query(WastewaterPlant).count() == 0


def test_others_see_no_links_and_are_refused(web, make, db):
    org = make.org("investor")
    cluster = make.cluster(investor=org)
    plant = make.plant(cluster)
    web.login(make.user("investor", org=org))
    page = web.text(f"/clusters/{cluster.id}")
    assert "/plants/new" not in page and f"/plants/{plant.id}/edit" not in page
    assert web.get(f"/clusters/{cluster.id}/plants/new").status_code == 403
    assert web.post(f"/plants/{plant.id}/edit", plant_data()).status_code == 403


def test_another_investors_plant_is_404(web, make, db):
    plant = make.plant(make.cluster())
    web.login(make.user("investor"))
    assert web.get(f"/plants/{plant.id}/edit").status_code == 404
    assert web.get(f"/clusters/{plant.cluster_id}/plants/new").status_code == 404


def test_the_cluster_timeline_names_plant_edits_and_their_changes(web, make, db):
    from datetime import datetime, timezone
    from decimal import Decimal

    from workflows.operations.plants import add_plant

    manager = make.user("manager")
    cluster = make.cluster()
    add_plant(db.session, cluster, manager, datetime(2026, 11, 28, tzinfo=timezone.utc),
              name="Trạm XLNT số 2", capacity_m3_day=Decimal("800"), standard_code="QCVN40:2011",
              standard_column="B", receiving_body="river", discharge_flow_m3_day=Decimal("500"))
    html = web.login(manager).text(f"/clusters/{cluster.id}")
    assert "Thêm trạm XLNT" in html and "add_plant" not in html
    assert "Trạm XLNT số 2" in html


def test_a_stale_plant_edit_is_refused_and_writes_nothing(web, make, db):
    """Two officials open the same plant; the second to save read it before the first
    saved: refused with a message, the first one's change kept."""
    plant = make.plant(make.cluster())
    web.login(make.user("manager"))
    read = plant.version
    edited = plant_data(name="Trạm XLNT tập trung", receiving_body="river",
                        receiving_volume_m3="", receiving_flow_m3s="30", existing_facility="y",
                        existing_basis="Đã vận hành từ năm 2020",
                        existing_basis_date="01/01/2020")
    assert web.post(f"/plants/{plant.id}/edit",
                    {**edited, "version": read, "capacity_m3_day": "700"}).status_code == 303
    response = web.post(f"/plants/{plant.id}/edit",
                        {**edited, "version": read, "capacity_m3_day": "450"})
    assert response.status_code == 303
    assert "người khác thay đổi" in web.text(f"/plants/{plant.id}/edit")
    db.session.expire_all()
    assert (float(plant.capacity_m3_day), plant.version) == (700, read + 1)
    # A page without the version it was read at is not taken as the current one.
    response = web.post(f"/plants/{plant.id}/edit", {**edited, "capacity_m3_day": "450"})
    assert response.status_code == 422 and "tải lại trang" in response.get_data(as_text=True)
