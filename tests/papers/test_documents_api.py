"""The papers' contract for other systems, the page buttons, and /verify."""
import hashlib

from .conftest import docx_text


def test_api_lists_and_draws_up_papers(case, api, db):
    api.as_(case["inspector"])
    url = f"/api/v1/violations/{case['violation'].id}/documents"
    assert api.get(url).get_json() == {"items": []}
    response = api.post(url, json={"kind": "violation_record", "format": "docx"})
    assert response.status_code == 201, response.get_json()
    item = response.get_json()
    assert set(item) >= {"id", "kind", "number", "format", "sha256", "created_at",
                         "download_url"}
    assert (item["kind"], item["format"]) == ("violation_record", "docx")
    assert item["number"].endswith("/BB-VPHC")
    listed = api.get(url).get_json()["items"]
    assert [i["id"] for i in listed] == [item["id"]]
    download = api.get(item["download_url"])
    assert download.status_code == 200
    assert hashlib.sha256(download.data).hexdigest() == item["sha256"]
    assert "BIÊN BẢN VI PHẠM HÀNH CHÍNH" in docx_text(download.data)


def test_api_refuses_what_does_not_fit(case, api):
    api.as_(case["manager"])
    base = f"/api/v1/violations/{case['violation'].id}/documents"
    unfit = api.post(base, json={"kind": "penalty_decision_draft", "format": "pdf"})
    assert unfit.status_code == 409  # not notified yet: the state said by its label
    assert unfit.get_json()["message"] == \
        "Không lập được văn bản này ở trạng thái hiện tại (Phát hiện)"
    english = api.client.post(base, json={"kind": "penalty_decision_draft", "format": "pdf"},
                              headers={**api._headers(), "Accept-Language": "en"})
    assert english.get_json()["message"] == \
        "This paper cannot be drawn up in the current state (Detected)"
    bad = api.post(base, json={"kind": "check_record", "format": "odt"})
    assert bad.status_code == 422 and set(bad.get_json()["errors"]) == {"kind", "format"}
    assert api.post(base, json={"kind": "violation_record"}).status_code == 422
    inspection = f"/api/v1/inspections/{case['inspection'].id}/documents"
    assert api.post(inspection, json={"kind": "check_record", "format": "pdf"}
                    ).status_code == 201


def test_an_investor_reads_but_does_not_draw_up(case, api, make):
    api.as_(make.user("investor", org=case["investor"]))
    url = f"/api/v1/violations/{case['violation'].id}/documents"
    assert api.get(url).status_code == 200
    assert api.post(url, json={"kind": "violation_record", "format": "pdf"}).status_code == 403
    api.as_(make.user("investor"))  # another company's: the case does not exist for it
    assert api.get(url).status_code == 404


def test_verify_page_is_public_and_says_only_what_it_should(case, api, client, clock):
    from datetime import timedelta

    api.as_(case["inspector"])
    url = f"/api/v1/violations/{case['violation'].id}/documents"
    first = api.post(url, json={"kind": "violation_record", "format": "pdf"}).get_json()
    public = client.get(f"/verify/{first['verify_hash']}")
    assert public.status_code == 200
    page = public.get_data(as_text=True)
    assert "Biên bản vi phạm hành chính" in page and "Sở Công Thương" in page
    assert "chưa có bản nào thay thế" in page
    assert case["investor"].name_vi not in page  # nothing beyond title, number, date, body, state
    by_file = client.get(f"/api/v1/verify/{first['sha256']}")  # no token needed
    assert by_file.status_code == 200
    facts = by_file.get_json()
    assert facts["number"] == first["number"] and facts["superseded"] is False
    assert facts["state"] == "detected"
    clock.set(clock() + timedelta(hours=1))
    api.post(url, json={"kind": "violation_record", "format": "pdf"})
    assert client.get(f"/api/v1/verify/{first['verify_hash']}").get_json()["superseded"] is True
    assert client.get("/verify/" + "0" * 64).status_code == 404
    assert client.get("/api/v1/verify/nothex").status_code == 404


def test_page_button_draws_up_and_lists_the_paper(case, web, db):
    web.login(case["inspector"])
    detail = f"/violations/{case['violation'].id}"
    assert 'data-draw="violation_record-pdf"' in web.text(detail)
    assert 'data-draw="penalty_decision_draft-pdf"' not in web.text(detail)  # not yet
    response = web.post(f"/violation/{case['violation'].id}/papers",
                        data={"kind": "violation_record", "format": "pdf"})
    assert response.status_code == 303
    page = web.text(detail)
    assert 'data-paper="violation_record"' in page
    from workflows.operations.papers import papers_of

    paper = papers_of(db.session, case["violation"])[0]
    timeline = page.split('id="timeline"')[1]
    assert "Lập văn bản" in timeline and paper.sha256 in timeline  # the hash is on the timeline
    refused = web.post(f"/violation/{case['violation'].id}/papers",
                       data={"kind": "remedial_decision", "format": "pdf"})
    assert refused.status_code == 303  # back to the page with the reason, never a 500


def test_qr_points_at_the_public_base_url(case, api, app, db):
    from workflows.operations import storage

    from .conftest import pdf_text

    app.config["PUBLIC_BASE_URL"] = "https://ccn.hanoi.gov.vn/"
    try:
        api.as_(case["inspector"])
        item = api.post(f"/api/v1/violations/{case['violation'].id}/documents",
                        json={"kind": "violation_record", "format": "pdf"}).get_json()
    finally:
        app.config.pop("PUBLIC_BASE_URL")
    text = "".join(pdf_text(storage.load(db.session, item["sha256"])).split())  # may wrap
    assert f"https://ccn.hanoi.gov.vn/verify/{item['verify_hash']}" in text
