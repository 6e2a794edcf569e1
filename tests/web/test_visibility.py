def test_investors_see_only_their_own_clusters(web, make):
    org = make.org("investor")
    own = make.cluster(investor=org, name="CCN của tôi")
    other = make.cluster(name="CCN người khác")
    web.login(make.user("investor", org=org))
    page = web.text("/clusters")
    assert "CCN của tôi" in page and "CCN người khác" not in page
    assert web.get(f"/clusters/{own.id}").status_code == 200
    assert web.get(f"/clusters/{other.id}").status_code == 404


def test_investors_see_only_their_violations_and_deadlines(web, make):
    org = make.org("investor")
    inspector = make.user("inspector")
    mine = make.violation(make.cluster(investor=org), inspector, title="Vi phạm của tôi")
    theirs = make.violation(make.cluster(), inspector, title="Vi phạm của người khác")
    web.login(make.user("investor", org=org))
    page = web.text("/violations")
    assert "Vi phạm của tôi" in page and "Vi phạm của người khác" not in page
    assert web.get(f"/violations/{theirs.id}").status_code == 404
    board = web.text("/deadlines")
    assert f"/violations/{mine.id}" in board and f"/violations/{theirs.id}" not in board


def test_the_dashboard_and_cluster_editing_are_for_officials(web, make):
    org = make.org("investor")
    cluster = make.cluster(investor=org)
    web.login(make.user("investor", org=org))
    assert web.get("/dashboard").status_code == 403
    assert web.get(f"/clusters/{cluster.id}/edit").status_code == 403
    assert "Tổng quan" not in web.text("/clusters")
