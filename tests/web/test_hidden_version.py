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
