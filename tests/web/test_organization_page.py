"""An organization keeps its code: its edit page neither shows the code as a field nor
reads one posted (an altered page posting an empty, NUL or huge code saves the rest)."""
import pytest

from html_forms import post_forms
from models import Organization


@pytest.mark.parametrize("code", [None, "", "a\x00b", "x" * 100_000, "KHAC"],
                         ids=["none", "empty", "NUL", "huge", "another"])
def test_the_edit_page_keeps_the_code(web, make, code, db):
    admin = make.user("admin")
    org = make.org("investor", code="CDT99", name_vi="Công ty A")
    web.login(admin)
    url = f"/accounts/organizations/{org.id}"
    form = post_forms(web.text(url), url)[-1]
    assert "code" not in form.fields and "name_vi" in form.fields
    data = {"name_vi": "Công ty B", "name_en": "Company B", "kind": "investor",
            "parent_id": "0", "active": "y"}
    if code is not None:
        data["code"] = code
    response = web.post(url, data)
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    db.session.expire_all()
    saved = db.session.get(Organization, org.id)
    assert (saved.code, saved.name_vi) == ("CDT99", "Công ty B")
