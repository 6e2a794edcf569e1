"""/api/v1/openapi.json is generated from the URL map, the forms and the workflow fields:
every operation is in it, and a field added to a transition or a form shows up by itself."""
import re

from workflows.engine.registry import WORKFLOWS


def test_the_description_is_public_and_covers_every_operation(app, client):
    r = client.get("/api/v1/openapi.json")
    assert r.status_code == 200
    doc = r.get_json()
    assert doc["openapi"] == "3.1.0"
    operations = {op["operationId"] for path in doc["paths"].values() for op in path.values()}
    endpoints = {rule.endpoint[len("api."):] for rule in app.url_map.iter_rules()
                 if rule.endpoint.startswith("api.")} - {"openapi", "docs"}
    assert operations == endpoints


def test_a_transitions_fields_come_from_the_workflow_definition(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    body = doc["paths"]["/api/v1/violations/{violation_id}/transitions"]["post"]["requestBody"]
    schema = body["content"]["application/json"]["schema"]
    fields = {f for t in WORKFLOWS["violation"].transitions
              for f in (*t.required, *t.optional)} - {"comment"}
    assert set(schema["properties"]["data"]["properties"]) == fields
    assert "fine_departure_reason" in fields
    assert set(schema["properties"]["trigger"]["enum"]) >= {"sanction", "accept_plan"}


def test_a_forms_fields_and_bounds_come_from_the_form(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    schema = doc["paths"]["/api/v1/clusters"]["post"]["requestBody"]["content"][
        "application/json"]["schema"]
    assert {"code", "name", "area_ha"} <= set(schema["required"])
    assert schema["properties"]["code"]["maxLength"] == 40
    assert schema["additionalProperties"] is False
    # The form the route fills: a new cluster is recorded with its establishment decision.
    assert {"decision_no", "decision_date"} <= set(schema["properties"])


def test_the_page_renders_it_with_the_vendored_redoc_only(client):
    html = client.get("/api/v1/docs").get_data(as_text=True)
    assert "/static/vendor/redoc/redoc.standalone.js" in html
    assert not re.search(r"(src|href)=\"https?://", html)
    assert client.get("/static/vendor/redoc/redoc.standalone.js").status_code == 200
