"""A transition's form carries the record's version hidden; one that is no integer the
record could have (an altered or broken page) says "reload the page" above the form, in
the reader's language, with what was typed kept, instead of a blank refusal."""
import pytest

from html_forms import kept_values, messages

RELOAD = {"vi": "vui lòng tải lại trang", "en": "reload it and try again"}


@pytest.mark.parametrize("version", ["abc", "", "1.5", "99999999999999999999", "NaN"])
@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_version_that_is_no_integer_asks_to_reload(web, make, version, language, db):
    manager = make.user("manager")
    cluster = make.cluster(stage="established")
    web.login(manager)
    web.post(f"/language/{language}")
    url = f"/clusters/{cluster.id}/actions/start_infrastructure"
    response = web.post(url, data={"version": version, "effective_date": "01/11/2026",
                                   "comment": "Khởi công"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert any(RELOAD[language] in m for m in messages(html)), messages(html)
    assert kept_values(html, url)["effective_date"] == "01/11/2026"
    db.session.expire_all()
    assert cluster.stage == "established"


@pytest.mark.parametrize("version", ["abc", "", None])
def test_an_edit_page_without_a_version_it_read_changes_nothing(web, make, db, version):
    """An edit is a change to the record as read: with no version it read, it is refused
    (reload the page), never written over whatever the record holds now."""
    from models import PlanTarget

    manager = make.user("manager")
    cluster = make.cluster()
    target = PlanTarget(year=2026, indicator="operational", min_value=2, label_vi="Hoạt động",
                        label_en="Operating")
    db.session.add(target)
    db.session.commit()
    web.login(manager)
    cluster_edit = {"code": cluster.code, "name": "Tên mới", "district": cluster.district,
                    "commune": cluster.commune, "kind": cluster.kind, "area_ha": "20",
                    "industrial_land_ha": "15", "leased_land_ha": "6",
                    "investor_id": str(cluster.investor_id)}
    target_edit = {"year": "2026", "indicator": "operational", "min_value": "5"}
    for url, data in ((f"/clusters/{cluster.id}/edit", cluster_edit),
                      (f"/plan/targets/{target.id}/edit", target_edit)):
        if version is not None:
            data = {**data, "version": version}
        response = web.post(url, data=data)
        assert response.status_code == 422, url
        html = response.get_data(as_text=True)
        assert any(RELOAD["vi"] in m for m in messages(html)), (url, messages(html))
    db.session.expire_all()
    assert cluster.name != "Tên mới" and target.min_value == 2
