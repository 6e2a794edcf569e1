"""A measured value must fit what a measurement is (and what its column holds): a number
too large or too fine for any instrument is refused beside it, never a server error, for
any category of finding."""
import pytest


@pytest.mark.parametrize("category,parameter,unit", [("wastewater", "cod", "mg/L"),
                                                     ("air", "bụi", "mg/Nm3")])
@pytest.mark.parametrize("value", ["1e1000000", "1e-1000000", "5e12", 1e300])
def test_a_value_no_instrument_gives_is_refused_beside_it(api, make, category, parameter,
                                                          unit, value):
    inspector = make.user("inspector")
    cluster = make.cluster(stage="operational")
    make.plant(cluster)
    inspection = make.inspection(cluster, inspector, state="in_progress")
    api.as_(inspector)
    r = api.post(f"/api/v1/inspections/{inspection.id}/findings", json={
        "category": category, "severity": "medium", "description": "Cửa xả",
        "measurements": [{"parameter": parameter, "value": value, "unit": unit}]})
    assert r.status_code == 422, r.get_json()
    assert "measurements[0].value" in r.get_json()["errors"]


def test_a_large_but_real_value_is_recorded(api, make):
    inspector = make.user("inspector")
    cluster = make.cluster(stage="operational")
    inspection = make.inspection(cluster, inspector, state="in_progress")
    api.as_(inspector)
    r = api.post(f"/api/v1/inspections/{inspection.id}/findings", json={
        "category": "air", "severity": "low", "description": "Ống khói",
        "measurements": [{"parameter": "bụi", "value": "99999.5", "unit": "mg/Nm3"}]})
    assert r.status_code == 201, r.get_json()


@pytest.mark.parametrize("category,parameter,unit", [("wastewater", "cod", "mg/L"),
                                                     ("air", "bụi", "mg/Nm3")])
def test_the_finest_digit_read_is_the_twelfth(api, make, category, parameter, unit):
    """Forms and the wastewater library read numbers down to the same digit."""
    inspector = make.user("inspector")
    cluster = make.cluster(stage="operational")
    make.plant(cluster)
    inspection = make.inspection(cluster, inspector, state="in_progress")
    api.as_(inspector)

    def record(value):
        return api.post(f"/api/v1/inspections/{inspection.id}/findings", json={
            "category": category, "severity": "low", "description": "Cửa xả",
            "measurements": [{"parameter": parameter, "value": value, "unit": unit}]})

    too_fine = record("1.5e-13")
    assert too_fine.status_code == 422, too_fine.get_json()
    assert "12" in too_fine.get_json()["errors"]["measurements[0].value"]
    assert record("1e-12").status_code == 201
