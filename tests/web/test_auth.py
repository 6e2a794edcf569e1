from datetime import timedelta

from models import User


def test_pages_need_a_login(client, db):
    for url in ("/clusters", "/dashboard", "/deadlines", "/violations", "/inspections"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_login_and_logout(web, make):
    manager = make.user("manager")
    web.login(manager)
    assert "Bảng theo dõi thời hạn" in web.text("/deadlines")
    assert web.post("/logout").status_code == 303
    assert web.get("/deadlines").status_code == 302


def test_five_wrong_passwords_lock_the_account_for_15_minutes(web, make, db, clock):
    inspector = make.user("inspector")
    db.session.commit()
    refused = "Sau 5 lần nhập sai liên tiếp, tài khoản bị tạm khóa 15 phút"
    for attempt in range(1, 6):
        page = web.post("/login", {"username": inspector.username, "password": "nope"})
        assert page.status_code == 200 and refused in page.get_data(as_text=True)
        # The answer says nothing about how many tries are left (nor that the user exists).
        assert "lần thử" not in page.get_data(as_text=True)
    # Locked: even the right password is refused, with the same message.
    page = web.post("/login", {"username": inspector.username, "password": "secret-pass"})
    assert page.status_code == 200 and refused in page.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, inspector.id).locked_until is not None
    clock.set(clock.now + timedelta(minutes=16))
    page = web.post("/login", {"username": inspector.username, "password": "secret-pass"})
    assert page.status_code == 303


def test_a_right_password_resets_the_count(web, make, db):
    user = make.user("manager")
    db.session.commit()
    for _ in range(4):
        web.post("/login", {"username": user.username, "password": "nope"})
    web.login(user)
    db.session.expire_all()
    assert db.session.get(User, user.id).failed_logins == 0


def test_next_only_goes_to_this_site(web, make, db):
    user = make.user("manager")
    db.session.commit()
    response = web.post("/login?next=https://evil.example/x",
                        {"username": user.username, "password": "secret-pass"})
    assert response.headers["Location"] == "/"
    web.post("/logout")
    response = web.post("/login?next=/clusters",
                        {"username": user.username, "password": "secret-pass"})
    assert response.headers["Location"] == "/clusters"
