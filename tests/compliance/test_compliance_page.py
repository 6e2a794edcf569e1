"""The verdict page: an inspector pastes a lab result and sees the verdict, the citation
and the suggested range; a bad line keeps the pasted text, its error beside it.
Figures as in test_compliance_findings.py (default plant: COD Cmax 148.5, TSS 99)."""
import re
from decimal import Decimal

from workflows.operations.inspections import log_finding
from workflows.operations.violations import open_violations_from_findings

LAB = "cod 320 mg/l\nTSS\t180 mg/l\n# trạm Phùng Xá\nph 7.2"


def post(page, **data):
    return page.client.post("/evaluations", data={"surcharge_base": "fine_of_violation_chosen",
                                                  "standard": "QCVN40:2011", "column": "B",
                                                  "receiving_kind": "river", **data})


def test_login_is_required(client):
    r = client.get("/evaluations")
    assert r.status_code == 302 and "/login" in r.headers["Location"]


def test_the_page_renders_its_form(page, make):
    make.plant(make.cluster(name="CCN Phùng Xá"))
    page.login(make.user("inspector"))
    r = page.client.get("/evaluations")
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    assert 'name="lab_result"' in html and "Trạm XLNT tập trung" in html
    assert "chưa xác nhận" in html  # the unconfirmed column-A limits in the help table


def test_a_pasted_lab_result_shows_the_verdict_and_the_suggestion(page, make):
    plant = make.plant(make.cluster())
    page.login(make.user("inspector"))
    r = post(page, plant_id=plant.id, lab_result=LAB, organisation="y", sampled_on="27/11/2026")
    html = r.get_data(as_text=True)
    assert r.status_code == 200, html[-3000:]
    assert 'data-verdict="exceeds"' in html and 'data-sanction="fine"' in html
    row = re.search(r'<tr data-parameter="cod".*?</tr>', html, re.S)[0]
    # Babel's Vietnamese formats: decimal comma; the factor at 2 decimals, cut.
    assert "148,5" in row and "×2,15" in row and ">0,9<" in row and ">1,1<" in row
    assert "148.5" not in row and "2.1548" not in row
    assert 'data-parameter="ph" data-verdict="compliant"' in html
    assert "Điểm k khoản 3 Điều 18 Nghị định 45/2022/NĐ-CP" in html
    assert "280.000.000 đ – 300.000.000 đ" in html      # the chosen violation, doubled
    assert "56.000.000 đ – 60.000.000 đ" in html        # TSS's 20% surcharge
    assert "336.000.000 đ – 360.000.000 đ" in html      # the suggested total
    assert "2.000.000.000 đ" in html                    # the organisation's cap
    assert "Gợi ý, không phải quyết định xử phạt" in html and "Suggestion only" not in html
    # Kq/Kf candidates, said for an official: what, why it matters, what to do.
    note = re.search(r'<p class="flash warning unconfirmed-note"[^>]*>(.*?)</p>', html, re.S)[1]
    assert "Hệ số Kq = 0,9 chưa được đối chiếu với văn bản chính thức" in note
    assert "tạm tính" in note and "Hãy kiểm tra" in note
    assert "unconfirmed:" not in html and "candidate values" not in html
    assert "27/11/2028" in html                         # the limitation clock


def test_the_hazardous_top_band_note_is_shown(page, make):
    page.login(make.user("inspector"))
    r = post(page, receiving_kind="urban_drainage_no_wwtp", discharge_flow_m3_day="400",
             lab_result="arsenic 0.6 mg/l")
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    assert "Điểm k khoản 6 Điều 19" in html and "tội phạm về môi trường" in html
    assert "environmental crime" not in html  # said in the page's language
    assert "200.000.000 đ – 220.000.000 đ" in html  # an individual: nothing ticked


def test_a_bad_line_keeps_the_text_and_shows_its_error_beside_it(page, make):
    plant = make.plant(make.cluster())
    page.login(make.user("inspector"))
    text = "cod 320 mg/l\nbanana\ntss 180 mg/l"
    r = post(page, plant_id=plant.id, lab_result=text)
    html = r.get_data(as_text=True)
    assert r.status_code == 422
    assert "cod 320 mg/l\nbanana\ntss 180 mg/l</textarea>" in html
    assert re.search(r'data-line="2"><strong>[^<]*2</strong>: <code>banana</code>', html)
    assert 'data-verdict' not in html


def test_a_value_the_standard_refuses_is_shown_on_its_line(page, make):
    plant = make.plant(make.cluster())
    page.login(make.user("inspector"))
    r = post(page, plant_id=plant.id, lab_result="cod 320 mg/l\n\ntss 18o mg/l\nph 7 mg/l")
    html = r.get_data(as_text=True)
    assert r.status_code == 422
    # Beside its line, named as the page names it, not by the library's field code.
    assert re.search(r'data-line="3">.*?tss 18o mg/l.*?Giá trị: ', html, re.S)
    assert re.search(r'data-line="4">.*?Đơn vị: ', html, re.S)
    assert "value: " not in html and "unit: " not in html
    assert "tss 18o mg/l</textarea>" not in html and "ph 7 mg/l</textarea>" in html


def test_the_standards_refusals_are_said_in_the_pages_language(page, make):
    plant = make.plant(make.cluster())
    page.login(make.user("inspector"))
    html = post(page, plant_id=plant.id, lab_result="tss 18o mg/l\ncod 5 g/l").get_data(as_text=True)
    assert "“18o” không phải là số" in html and "đơn vị “g/l” không phải mg/l" in html
    assert "is not a number" not in html and "never converted" not in html
    page.client.post("/language/en")
    html = post(page, plant_id=plant.id, lab_result="tss 18o mg/l\ncod 5 g/l").get_data(as_text=True)
    assert "is not a number" in html and "units are never converted" in html
    assert "không phải là số" not in html and "không quy đổi" not in html


def test_conditions_typed_in_need_the_discharge_flow(page, make):
    page.login(make.user("inspector"))
    r = post(page, lab_result="cod 20 mg/l")
    assert r.status_code == 422
    assert 'data-field="discharge_flow_m3_day"' in r.get_data(as_text=True)


def test_investors_see_only_their_own_plants(page, make):
    org = make.org("investor")
    own = make.plant(make.cluster(investor=org), name="Trạm của mình")
    make.plant(make.cluster(), name="Trạm người khác")
    page.login(make.user("investor", org=org))
    html = page.client.get("/evaluations").get_data(as_text=True)
    assert "Trạm của mình" in html and "Trạm người khác" not in html
    r = post(page, plant_id=own.id, lab_result="cod 20 mg/l")
    assert r.status_code == 200 and 'data-verdict="compliant"' in r.get_data(as_text=True)


def test_an_investor_without_a_plant_may_not_use_the_page(page, make):
    org = make.org("investor")
    make.cluster(investor=org)
    page.login(make.user("investor", org=org))
    assert page.client.get("/evaluations").status_code == 403


def stored_violation(make, db, on_site, plant):
    """The violation opened from a COD 320 mg/l finding at ``plant``, its suggestion stored."""
    inspection, inspector = on_site(plant.cluster)
    log_finding(db.session, inspection, inspector, make.clock(), category="wastewater",
                severity="low", description="x",
                measurements=[{"parameter": "cod", "value": Decimal(320), "unit": "mg/l"}])
    [v] = open_violations_from_findings(db.session, inspection, inspector, make.clock())
    return v


def test_a_violations_stored_suggestion_renders_with_the_partial(app, make, db, on_site):
    """evaluations/_suggestion.html is what a violation's page includes (one line)."""
    from flask import render_template_string
    from flask_babel import refresh

    v = stored_violation(make, db, on_site, make.plant(make.cluster()))
    with app.test_request_context("/"):
        html = render_template_string(
            "{% with fs = v.fine_suggestion %}{% include 'evaluations/_suggestion.html' %}"
            "{% endwith %}", v=v)
    assert "280.000.000 đ – 300.000.000 đ" in html and "Gợi ý, không phải quyết định" in html
    assert "unconfirmed-note" in html  # the stored evaluation's unconfirmed Kq/Kf, said so
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        refresh()  # the locale chosen in the outer context is kept on g otherwise
        html = render_template_string(
            "{% with fs = v.fine_suggestion %}{% include 'evaluations/_suggestion.html' %}"
            "{% endwith %}", v=v)
    # The fine section in English: labels, sanction, offender, amounts, the note.
    assert "Suggested sanction" in html and "Suggestion only" in html and "Fine" in html
    assert "Organisation (double, Art. 6(2))" in html and "280,000,000" in html
    assert "has not yet been checked against the official text" in html
    assert "Xử phạt đề xuất" not in html and "Tổ chức" not in html


def test_no_fine_note_reaches_a_vietnamese_page_in_english(app, page, make):
    """Every reading and warning the law library writes for this sample (a radioactive tie,
    the other one surcharged, a warning-only TSS, the crime note) is on the Vietnamese page
    in Vietnamese, and none of them in its English."""
    from flask_babel import refresh
    from markupsafe import escape

    from workflows.engine.language import say
    from workflows.wastewater.evaluation import ReceivingWater, evaluate
    from workflows.wastewater.fines import suggest_fine

    page.login(make.user("inspector"))
    r = post(page, receiving_kind="urban_drainage_no_wwtp", discharge_flow_m3_day="1000",
             lab_result="gross_alpha 0.2 Bq/l\ngross_beta 1.2 Bq/l\ntss 105 mg/l")
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    s = suggest_fine(evaluate("QCVN40:2011", "B", ReceivingWater("urban_drainage_no_wwtp"), 1000,
                              [("gross_alpha", "0.2", "Bq/l"), ("gross_beta", "1.2", "Bq/l"),
                               ("tss", "105", "mg/l")]))
    notes = [*s.warnings, *s.readings]
    assert {n.msgid.split(":")[0] for n in notes} >= {
        "%(parameter)s", "Điều 7 khoản 3", "Phạt tăng thêm theo các khung của chính điều áp dụng "
        "cho từng thông số (khoản 7 Điều 18 hoặc khoản 11 Điều 19); văn bản không nói rõ khi các "
        "thông số thuộc hai điều khác nhau"}
    assert any("phạt tăng thêm theo hệ số vượt" in n for n in notes)  # the radioactive surcharge
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        refresh()
        english = [say(n) for n in notes]
    for vi, en in zip(notes, english):
        assert vi != en and str(escape(vi)) in html and str(escape(en)) not in html, vi


def test_each_unconfirmed_value_is_said_once_and_every_other_warning_is_kept(app, page, make, db,
                                                                            on_site):
    """The notes say the candidate Kq and Kf; the evaluation's warning saying the same is left
    out of the list because the evaluation names it among its unconfirmed warnings, not by
    its words: another warning that begins with the same words is listed. A row stored
    before evaluations named them is read by how those warnings began (Vietnamese, or the
    English older rows hold)."""
    from flask import render_template_string
    from flask_babel import refresh

    plant = make.plant(make.cluster())  # river: the candidate Kq 0.9 and Kf 1.1
    stored = stored_violation(make, db, on_site, plant).fine_suggestion
    [candidates] = stored["evaluation"]["unconfirmed_warnings"]
    assert candidates in stored["warnings"]
    alike = "Chưa xác nhận: ngày lấy mẫu do cơ sở tự ghi"  # not the evaluation's
    marked = {**stored, "warnings": [*stored["warnings"], alike]}
    unmarked = {k: w for k, w in stored["evaluation"].items() if k != "unconfirmed_warnings"}
    english = ("unconfirmed: Kq (river: flow <= 50 m3/s) = 0.9; Kf (none: 50 < flow <= 500 "
               "m3/day) = 1.1: candidate values not yet checked against the standard's official "
               "text")
    older = {**stored, "evaluation": unmarked}
    oldest = {**stored, "warnings": [english if w == candidates else w for w in stored["warnings"]],
              "evaluation": {**unmarked, "warnings": [english]}}

    def listed(fs, language):
        with app.test_request_context("/", headers={"Accept-Language": language}):
            refresh()
            html = render_template_string("{% include 'evaluations/_suggestion.html' %}", fs=fs)
        assert html.count('class="flash warning unconfirmed-note"') == 2, html  # Kq, Kf
        found = re.search(r'<ul class="warnings">(.*?)</ul>', html, re.S)
        return re.findall(r"<li>(.*?)</li>", found[1], re.S) if found else []

    for language in ("vi", "en"):
        assert listed(marked, language) == [alike]
        for fs in (older, oldest):
            assert listed(fs, language) == []
    # On the verdict page, said in English: the notes once, the warning not again.
    page.login(make.user("inspector"))
    page.client.post("/language/en")
    html = post(page, plant_id=plant.id, lab_result="cod 320 mg/l").get_data(as_text=True)
    assert html.count('class="flash warning unconfirmed-note"') == 2
    assert "has not yet been checked against the official text" in html
    assert "candidate values" not in html and "Chưa xác nhận" not in html
