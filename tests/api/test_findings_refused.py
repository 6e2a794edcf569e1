"""A finding whose measurement is refused is not written at all: every measurement is checked,
and assessed against the plant's own standard, before the finding or its correction touches
the session. The refusal here is one only the plant's standard can make: BOD5 is a parameter
of QCVN 40:2011, so the rules common to every standard let it pass, but the (made-up)
successor the plant is bound to has no BOD5."""
import pytest
from sqlalchemy import func, select

from fake_standards import library_dir
from models import AuditEntry, Finding, Measurement
from workflows.engine.errors import Invalid
from workflows.operations.findings import correct_finding
from workflows.operations.inspections import log_finding

GOOD = {"parameter": "cod", "value": 50, "unit": "mg/l"}
REFUSED = {"parameter": "bod5", "value": 20, "unit": "mg/l"}  # not in the plant's standard


@pytest.fixture
def world(make, monkeypatch, tmp_path):
    monkeypatch.setattr("workflows.wastewater.standards.DEFAULT_DIR", library_dir(tmp_path))
    inspector = make.user("inspector")
    cluster = make.cluster(stage="operational")
    make.plant(cluster, standard_code="QCVN40:2025")
    inspection = make.inspection(cluster, inspector, state="in_progress")
    return {"inspector": inspector, "inspection": inspection}


def _counts(db):
    return tuple(db.session.scalar(select(func.count()).select_from(model))
                 for model in (Finding, Measurement, AuditEntry))


def _logged(db, world, clock):
    finding = log_finding(db.session, world["inspection"], world["inspector"], clock(),
                          category="wastewater", severity="low", description="Cửa xả",
                          measurements=[GOOD])
    db.session.commit()
    return finding


def test_log_finding_writes_nothing_when_a_measurement_is_refused(db, clock, world):
    inspection = world["inspection"]
    before = _counts(db)
    with pytest.raises(Invalid) as refused:
        log_finding(db.session, inspection, world["inspector"], clock(),
                    category="wastewater", severity="high", description="Cửa xả",
                    measurements=[GOOD, REFUSED])
    assert "measurements[1].parameter" in refused.value.errors
    # Nothing rolled back: the refused finding is neither in the session nor on the
    # inspection, where a guard or the page re-rendered after the refusal would count it.
    assert not db.session.new and not db.session.dirty
    assert inspection.findings == []
    assert _counts(db) == before


def test_correct_finding_writes_nothing_when_a_measurement_is_refused(db, clock, world):
    finding = _logged(db, world, clock)
    before = _counts(db)
    with pytest.raises(Invalid) as refused:
        correct_finding(db.session, finding, world["inspector"], clock(),
                        category="wastewater", severity="high", description="Sửa",
                        measurements=[REFUSED], reason="Nhầm")
    assert "measurements[0].parameter" in refused.value.errors
    assert not db.session.new and not db.session.dirty and not db.session.deleted
    assert _counts(db) == before
    db.session.expire_all()  # read back within the same transaction: nothing was flushed
    assert (finding.description, finding.severity) == ("Cửa xả", "low")
    assert [(m.parameter, float(m.value)) for m in finding.measurements] == [("cod", 50)]


def test_the_api_refuses_and_keeps_nothing(api, db, clock, world):
    inspection = world["inspection"]
    finding = _logged(db, world, clock)
    api.as_(world["inspector"])
    before = _counts(db)
    url = f"/api/v1/inspections/{inspection.id}/findings"
    body = {"category": "wastewater", "severity": "high", "description": "Cửa xả",
            "measurements": [GOOD, REFUSED]}
    r = api.post(url, json=body)
    assert r.status_code == 422 and "measurements[1].parameter" in r.get_json()["errors"]
    r = api.post(f"{url}/{finding.id}", json={**body, "measurements": [REFUSED]})
    assert r.status_code == 422 and "measurements[0].parameter" in r.get_json()["errors"]
    assert _counts(db) == before
    db.session.expire_all()
    assert [m.parameter for m in db.session.get(Finding, finding.id).measurements] == ["cod"]


def test_the_pages_refuse_beside_the_field_and_keep_nothing(web, db, clock, world):
    inspection = world["inspection"]
    web.login(world["inspector"])
    assert 'data-held="record_findings"' in web.text(f"/inspections/{inspection.id}")
    before = _counts(db)
    form = {"category": "wastewater", "severity": "high", "description": "Cửa xả",
            "measurements-0-parameter": "cod", "measurements-0-value": "50",
            "measurements-0-unit": "mg/l", "measurements-1-parameter": "bod5",
            "measurements-1-value": "20", "measurements-1-unit": "mg/l"}
    r = web.post(f"/inspections/{inspection.id}/findings", form)
    assert r.status_code == 422
    page = r.get_data(as_text=True)
    assert 'data-field="measurements-1-parameter"' in page and 'value="bod5"' in page
    # The page shown with the refusal knows of no finding: none listed, and the record
    # cannot be drawn up yet.
    assert "data-finding=" not in page
    assert 'data-held="record_findings"' in page and 'data-trigger="record_findings"' not in page
    assert _counts(db) == before
    finding = _logged(db, world, clock)
    before = _counts(db)
    r = web.post(f"/inspections/{inspection.id}/findings/{finding.id}/edit",
                 {**form, "description": "Sửa", "reason": "Nhầm"})
    assert r.status_code == 422
    assert 'data-field="measurements-1-parameter"' in r.get_data(as_text=True)
    assert _counts(db) == before
    db.session.expire_all()
    corrected = db.session.get(Finding, finding.id)
    assert corrected.description == "Cửa xả"
    assert [m.parameter for m in corrected.measurements] == ["cod"]
