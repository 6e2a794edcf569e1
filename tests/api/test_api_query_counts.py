"""API lists run a fixed number of queries, whatever the number of rows."""
import pytest

from query_log import recorded_statements
from models import User, db as flask_db


def count_queries(fn):
    flask_db.session.expunge_all()  # the request loads every row itself, as in production
    with recorded_statements(flask_db.engine) as statements:
        fn()
    return len(statements)


@pytest.mark.parametrize("url", ["/api/v1/clusters", "/api/v1/inspections",
                                 "/api/v1/violations", "/api/v1/deadlines"])
def test_list_queries_do_not_grow_with_rows(api, make, db, url):
    inspector = make.user("inspector")
    api.as_(make.user("manager"))
    inspector_id = inspector.id

    def add(n):
        inspector = db.session.get(User, inspector_id)
        for _ in range(n):
            cluster = make.cluster(stage="operational")
            make.plant(cluster)
            make.inspection(cluster, inspector, state="in_progress")
            make.violation(cluster, inspector)
        db.session.commit()

    add(2)
    few = count_queries(lambda: api.get(url))
    add(8)
    many = count_queries(lambda: api.get(url))
    assert many == few, (few, many)
