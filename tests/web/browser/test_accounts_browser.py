"""An administrator creates an investor's account in the browser; the investor logs in
with the temporary password, must choose their own, works, and is deactivated mid-session:
their next page is the login page."""
from models import User, db as _db


def test_an_investor_account_from_creation_to_deactivation(people, make, db):
    admin = make.user("admin")
    company = make.org("investor", name_vi="Công ty CP Hạ tầng Mới")
    make.cluster(investor=company)
    db.session.commit()

    office = people()
    office.login(admin)
    page = office.go("/accounts/users")
    page.click("[data-test=new-user]")
    page.fill("[name=username]", "cdt-moi")
    page.fill("[name=full_name]", "Nguyễn Văn Mới")
    page.select_option("[name=role]", "investor")
    page.select_option("[name=organization_id]", str(company.id))
    page.click("[data-test=save-user]")
    temporary = page.inner_text("[data-test=temporary-password]").strip()
    assert len(temporary) >= 8

    investor = people()
    page = investor.login(User(username="cdt-moi"), password=temporary)
    assert page.url.endswith("/account/password")  # a temporary password: choose one first
    page = investor.go("/violations")
    assert page.url.endswith("/account/password")
    page.fill("[name=current_password]", temporary)
    page.fill("[name=new_password]", "Mat-khau-moi-2026")
    page.fill("[name=confirm]", "Mat-khau-moi-2026")
    page.click("form button.primary")
    page.wait_for_selector(".flash.success")
    assert page.inner_text("[data-test=username]") == "cdt-moi"
    page = investor.go("/violations")
    assert page.url.endswith("/violations")

    _db.session.expire_all()
    user = _db.session.query(User).filter_by(username="cdt-moi").one()
    page = office.go(f"/accounts/users/{user.id}")
    page.uncheck("[name=active]")
    page.click("[data-test=save-user]")
    page.wait_for_selector(".flash.success")

    page = investor.go("/violations")  # the same tab, the same cookie: the session is over
    assert "/login" in page.url
    page = investor.go("/login")
    page.fill("[name=username]", "cdt-moi")
    page.fill("[name=password]", "Mat-khau-moi-2026")
    page.click("form button.primary")
    page.wait_for_load_state()
    assert "/login" in page.url and "tạm khóa 15 phút" in page.inner_text(".flash")
