"""Schemathesis over every operation of /api/v1/openapi.json (the description generated from
the forms, the workflow fields and the URL map): no answer is a server error, and every
answer is one the description promises, in status, content type and shape. Runs on each
database (the `app` fixture); FUZZ_EXAMPLES bounds the examples per operation."""
import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (content_type_conformance,
                                         response_schema_conformance,
                                         status_code_conformance)

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))
CHECKS = (not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance)


@pytest.fixture
def fuzzed(app, db, make, clock):
    """A small world (one of each entity, ids 1..) and an admin's token."""
    admin = make.user("admin")
    investor = make.org("investor")
    inspector = make.user("inspector")
    cluster = make.cluster(investor=investor, stage="operational")
    make.plant(cluster)
    make.inspection(cluster, inspector, state="in_progress")
    make.violation(cluster, inspector, state="notified")
    db.session.commit()
    response = app.test_client().post("/api/v1/tokens", json={"username": admin.username,
                                                              "password": "secret-pass"})
    token = response.get_json()["token"]
    os.environ["FUZZ_BACKEND"] = app.config["SQLALCHEMY_DATABASE_URI"].split(":")[0]
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app), token


@pytest.fixture
def api_schema(fuzzed):
    return fuzzed[0]


@pytest.fixture
def token(fuzzed):
    return fuzzed[1]


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
def test_no_server_error_and_no_answer_outside_the_description(case, token):
    case.headers = {**(case.headers or {}), "Authorization": f"Bearer {token}"}
    response = case.call()
    if os.environ.get("FUZZ_LOG"):  # the figures: one "METHOD path status" line per request
        with open(os.environ["FUZZ_LOG"], "a") as log:
            log.write(f"{os.environ.get('FUZZ_BACKEND')} {case.method} {case.path} "
                      f"{response.status_code}\n")
    case.validate_response(response, checks=CHECKS)
