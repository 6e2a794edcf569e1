"""The obstacles list runs the same number of queries for 3 rows as for 30 (5 on SQLite,
each row's cluster and responsible organization joined): no query per row."""
from query_log import recorded_statements as counted


def seed(make, reporter, n):
    for i in range(n):
        make.obstacle(make.cluster(), reporter, title=f"Vướng mắc {i}")


def count(app, web, db, url):
    with app.app_context(), counted(db.engine) as statements:
        response = web.get(url)
    assert response.status_code == 200
    return len(statements)


def test_the_obstacles_list_does_not_query_per_row(app, web, make, db):
    manager = make.user("manager")
    seed(make, manager, 3)
    db.session.commit()
    web.login(manager)
    few = {url: count(app, web, db, url) for url in ("/obstacles", "/obstacles?show=all")}
    seed(make, manager, 27)
    db.session.commit()
    many = {url: count(app, web, db, url) for url in ("/obstacles", "/obstacles?show=all")}
    assert few == many, (few, many)
