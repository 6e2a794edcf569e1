"""A plant's automatic monitoring station: device tokens, and the duration rule (one
violation for a long run, none for a short spike, one per run after remediation).

The default plant's COD limit is Cmax = 150 x 0.9 x 1.1 = 148.5 mg/l (see
test_compliance_findings.py): 320 is 2.15x (exceeds), 100 is within the standard, 155 is
1.04x (a warning: neither starts nor ends a run). The run length here is 120 minutes."""
from datetime import timedelta

import pytest

from models import AuditEntry, PlantReading, Violation

OVER, UNDER, WARN = 320, 100, 155


@pytest.fixture
def station(app, make, device_token, client, clock, monkeypatch):
    monkeypatch.setitem(app.config, "MONITORING_EXCEEDANCE_MINUTES", 120)
    cluster = make.cluster(stage="operational")
    plant = make.plant(cluster)
    token = device_token(plant)
    start = clock.now - timedelta(hours=12)

    def send(*minutes_values, token=token, plant_id=plant.id):
        readings = [{"parameter": "cod", "value": value, "unit": "mg/l",
                     "measured_at": (start + timedelta(minutes=m)).isoformat()}
                    for m, value in minutes_values]
        return client.post(f"/api/v1/plants/{plant_id}/readings", json={"readings": readings},
                           headers={"Authorization": f"Device {token}"})

    send.plant, send.cluster, send.token = plant, cluster, token
    return send


def violations(db, plant):
    db.session.expire_all()
    return db.session.query(Violation).filter_by(plant_id=plant.id).order_by(Violation.id).all()


def test_a_long_run_opens_one_violation_as_the_system(station, db):
    r = station(*((m, OVER) for m in range(0, 121, 30)))  # 0 .. 120 minutes
    assert r.status_code == 201, r.get_json()
    body = r.get_json()
    assert (body["stored"], body["exceeding"], body["violation_opened"]) == (5, 5, True)
    [v] = violations(db, station.plant)
    assert v.title.startswith("Quan trắc tự động: COD vượt quy chuẩn liên tục 120 phút")
    assert v.fine_suggestion["citation"] == "Điểm k khoản 3 Điều 18 Nghị định 45/2022/NĐ-CP"
    assert v.fine_suggestion["is_suggestion"] and v.sampled_on is not None
    create = db.session.query(AuditEntry).filter_by(entity_type="violation", entity_id=v.id,
                                                    trigger="create").one()
    assert create.actor_id is None and create.to_dict()["actor"] == "system"
    assert station.cluster.compliance == "violation"
    # Further exceedances attach to the open violation; none opens another.
    r = station((150, OVER), (180, OVER), (200, UNDER), (210, OVER))
    assert r.get_json()["violation_opened"] is False and r.get_json()["violation_id"] == v.id
    assert len(violations(db, station.plant)) == 1
    attached = db.session.query(PlantReading).filter_by(violation_id=v.id).count()
    assert attached == 8  # the run of five, two more, and the one after the dip


def test_a_short_spike_opens_nothing(station, db):
    station((0, OVER), (30, OVER), (60, OVER), (90, UNDER))
    assert violations(db, station.plant) == []


def test_a_reading_within_the_standard_resets_the_run(station, db):
    station((0, OVER), (60, OVER), (100, UNDER), (110, OVER), (170, WARN), (200, OVER))
    assert violations(db, station.plant) == []  # 0-60, then 110-200: 90 minutes
    r = station((230, OVER))  # 110-230: 120 minutes, the warning at 170 did not break it
    assert r.get_json()["violation_opened"] is True
    assert len(violations(db, station.plant)) == 1


def test_silence_longer_than_the_duration_breaks_the_run(station, db):
    station((0, OVER), (100, OVER), (300, OVER), (400, OVER))
    assert violations(db, station.plant) == []


def test_one_violation_per_run_after_remediation(station, db):
    station(*((m, OVER) for m in range(0, 121, 30)))
    [first] = violations(db, station.plant)
    station((150, UNDER))
    first.state = "remediated"  # verified and closed (the workflow is tested elsewhere)
    db.session.commit()
    station((160, OVER), (220, OVER))
    assert len(violations(db, station.plant)) == 1
    station((280, OVER))
    second = violations(db, station.plant)[1]
    assert second.id != first.id and second.is_open


def test_a_run_that_outlives_its_violation_starts_over(station, db):
    station(*((m, OVER) for m in range(0, 121, 30)))
    [first] = violations(db, station.plant)
    first.state = "remediated"
    db.session.commit()
    station((150, OVER), (240, OVER))  # the run goes on, but counts again from 150
    assert len(violations(db, station.plant)) == 1
    station((270, OVER))
    assert len(violations(db, station.plant)) == 2


def test_a_resent_batch_is_not_doubled(station, db):
    batch = [(0, OVER), (30, OVER)]
    station(*batch)
    body = station(*batch).get_json()
    assert (body["stored"], body["duplicates"]) == (0, 2)
    assert db.session.query(PlantReading).count() == 2


def test_the_device_token_is_the_plants_own(station, make, device_token, api, client):
    other = make.plant(make.cluster())
    other_token = device_token(other)
    assert station((0, UNDER), token="").status_code == 401
    assert station((0, UNDER), token="not-a-token").status_code == 401
    assert station((0, UNDER), token=other_token).status_code == 401
    assert station((0, UNDER), plant_id=other.id).status_code == 401
    assert station((0, UNDER), plant_id=99999).status_code == 401
    # A user's bearer token is not a station's.
    api.as_(make.user("admin"))
    r = api.post(f"/api/v1/plants/{station.plant.id}/readings", json={"readings": []})
    assert r.status_code == 401
    assert station((0, UNDER)).status_code == 201


@pytest.mark.parametrize("reading, path", [
    ({"parameter": "cod", "value": 1, "unit": "g/l", "measured_at": "2026-11-28T08:00:00+07:00"},
     "readings[0].unit"),
    ({"parameter": "cod", "value": 1, "unit": "mg/l", "measured_at": "2026-11-28T08:00:00"},
     "readings[0].measured_at"),
    ({"parameter": "cod", "value": 1, "unit": "mg/l", "measured_at": "2026-12-28T08:00:00Z"},
     "readings[0].measured_at"),
    ({"parameter": "cod", "value": "1", "unit": "mg/l", "measured_at": "2026-11-28T02:00:00Z"},
     "readings[0].value"),
    ({"parameter": "xyz", "value": 1, "unit": "mg/l", "measured_at": "2026-11-28T02:00:00Z"},
     "readings[0].parameter"),
])
def test_bad_readings_are_422_and_nothing_is_stored(station, client, db, reading, path):
    r = client.post(f"/api/v1/plants/{station.plant.id}/readings", json={"readings": [reading]},
                    headers={"Authorization": f"Device {station.token}"})
    assert r.status_code == 422 and path in r.get_json()["errors"], r.get_json()
    assert db.session.query(PlantReading).count() == 0


def test_the_cli_issues_a_token_shown_once(runner, make, db, client):
    plant = make.plant(make.cluster())
    db.session.commit()
    result = runner.invoke(args=["plants", "token", str(plant.id)])
    assert result.exit_code == 0, result.output
    token = result.stdout.strip().splitlines()[-1]
    db.session.refresh(plant)
    assert plant.device_token_hash and token not in plant.device_token_hash
    r = client.post(f"/api/v1/plants/{plant.id}/readings", headers={
        "Authorization": f"Device {token}"}, json={"readings": [
            {"parameter": "cod", "value": 10, "unit": "mg/l",
             "measured_at": "2026-11-28T09:00:00+07:00"}]})
    assert r.status_code == 201, r.get_json()
    assert runner.invoke(args=["plants", "token", "999999"]).exit_code != 0


def test_a_late_reading_is_kept_but_moves_no_run(station, db):
    station((0, OVER), (60, OVER), (90, UNDER))
    body = station((30, OVER), (100, OVER)).get_json()
    assert (body["stored"], body["late"]) == (2, 1)
    assert violations(db, station.plant) == []


def test_readings_of_a_plant_without_its_flow_on_record_are_kept_unassessed(station, db):
    station.plant.discharge_flow_m3_day = None
    db.session.commit()
    body = station(*((m, OVER) for m in range(0, 181, 30))).get_json()
    assert (body["stored"], body["assessed"], body["exceeding"]) == (7, False, 0)
    assert "discharge_flow_m3_day" in body["note"]
    assert violations(db, station.plant) == []
