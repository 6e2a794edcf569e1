from datetime import date, datetime, timezone
from pathlib import Path

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from views.web import filters

ROOT = Path(__file__).resolve().parents[2]


def test_the_switch_changes_the_page_language(web, make):
    web.login(make.user("manager"))
    assert "<h1>Cụm công nghiệp</h1>" in web.text("/clusters")
    response = web.post("/language/en", {"next": "/clusters"})
    assert response.status_code == 303 and response.headers["Location"] == "/clusters"
    page = web.text("/clusters")
    assert "<h1>Industrial clusters</h1>" in page and 'lang="en"' in page
    web.post("/language/vi")
    assert "<h1>Cụm công nghiệp</h1>" in web.text("/clusters")


def test_workflow_labels_follow_the_language(web, make):
    cluster = make.cluster()
    web.login(make.user("manager"))
    assert "Trong quy hoạch" in web.text(f"/clusters/{cluster.id}")
    web.post("/language/en")
    page = web.text(f"/clusters/{cluster.id}")
    assert "Planned" in page and "Decision on establishment" not in page


def test_the_users_organization_is_named_in_the_pages_language(web, make):
    org = make.org("commune_committee", name_vi="UBND xã Phùng Xá",
                   name_en="Phung Xa Commune People's Committee")
    web.login(make.user("manager", org=org))
    assert 'title="UBND xã Phùng Xá" data-test="profile"' in web.text("/clusters")
    web.post("/language/en")
    assert 'title="Phung Xa Commune People&#39;s Committee" data-test="profile"' in \
        web.text("/clusters")


def test_dates_are_dd_mm_yyyy_in_hanoi(app):
    # 20:30 UTC on 31 December is already 1 January in Hanoi (UTC+7).
    assert filters.vndate(datetime(2026, 12, 31, 20, 30, tzinfo=timezone.utc)) == "01/01/2027"
    assert filters.vndatetime(datetime(2026, 12, 31, 20, 30, tzinfo=timezone.utc)) == \
        "01/01/2027 03:30"
    assert filters.vndate(date(2026, 3, 4)) == "04/03/2026"
    assert filters.vndate(None) == ""


def test_the_english_catalog_is_complete_and_compiled():
    po_path = ROOT / "translations" / "en" / "LC_MESSAGES" / "messages.po"
    with po_path.open("rb") as fh:
        catalog = read_po(fh)
    missing = [m.id for m in catalog if m.id and not m.string]
    assert not missing, f"untranslated: {missing[:10]}"
    with (po_path.with_suffix(".mo")).open("rb") as fh:
        compiled = read_mo(fh)
    assert {m.id for m in catalog if m.id} == {m.id for m in compiled if m.id}, \
        "messages.mo is stale: run pybabel compile -d translations"


def test_every_extracted_message_has_its_english(tmp_path):
    """babel.cfg names every folder with user-visible text; each message found there is in
    the .po with its English, so no page shows a Vietnamese text in English mode."""
    import subprocess
    import sys

    pot = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F",
                    str(ROOT / "babel.cfg"), "-k", "_l", "-k", "lazy_pgettext:1c,2", "-k", "msg", "-o", str(pot), str(ROOT)],
                   check=True, cwd=ROOT, capture_output=True)
    with pot.open("rb") as fh:
        extracted = {(m.context, m.id if isinstance(m.id, str) else m.id[0])
                     for m in read_po(fh) if m.id}
    with (ROOT / "translations/en/LC_MESSAGES/messages.po").open("rb") as fh:
        english = {(m.context, m.id if isinstance(m.id, str) else m.id[0]): m.string
                   for m in read_po(fh) if m.id}
    missing = sorted(m for m in extracted if not english.get(m))
    assert not missing, f"no English for: {missing[:10]}"
    assert len(extracted) > 100


def test_underscore_in_templates_answers_as_jinjas_newstyle_gettext(app):
    """_() in a template is Flask-Babel's, through Jinja's newstyle gettext: the
    catalogue, variables escaped into the translation, %% a percent sign."""
    from flask import render_template_string

    template = "{{ _('Thông báo') }}|{{ _('%(n)s thông báo chưa đọc', n='<b>') }}|{{ _('5%%') }}"
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        assert render_template_string(template) == \
            "Notifications|&lt;b&gt; unread notifications|5%"
    with app.test_request_context("/", headers={"Accept-Language": "vi"}):
        assert render_template_string(template).startswith("Thông báo|&lt;b&gt; thông báo")


def test_a_user_finds_the_language_they_chose_at_the_next_login(app, make, db):
    user = make.user("inspector")
    db.session.commit()
    first = app.test_client()
    first.post("/login", data={"username": user.username, "password": "secret-pass"})
    first.post("/language/en")
    second = app.test_client()  # another browser, no language chosen on it
    second.post("/login", data={"username": user.username, "password": "secret-pass"})
    assert "<h1>Inspections</h1>" in second.get("/inspections").get_data(as_text=True)
