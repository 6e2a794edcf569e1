"""The OpenAPI 3.1 description of the whole API, built from what validates the requests:
the URL map (every operation, its path parameters and their ranges), the WTForms classes
the API fills from JSON (forms/), the workflows' transitions and the fields they take
(workflows/engine/fields.py), and the bounds views/api/input.py enforces. Nothing here is a
copy of a rule: change a form, a field or a transition and the description follows.

GET /api/v1/openapi.json is the document; GET /api/v1/docs renders it with the vendored
Redoc (static/vendor/redoc/). Both are public: the description holds no data."""
import re

from flask import current_app, jsonify, render_template, url_for
from werkzeug.routing import AnyConverter, IntegerConverter
from wtforms import (BooleanField, DateField, DateTimeField, DecimalField, FieldList,
                     FormField, IntegerField, SelectField, SelectMultipleField)
from wtforms import validators as v

from forms.accounts import (ApiNewOrganizationForm, ApiNewUserForm, ApiOrganizationForm,
                            ApiPasswordForm, ApiUserForm)
from forms.clusters import NewClusterForm
from forms.findings import FindingForm
from forms.inspections import InspectionForm
from forms.plants import PlantForm
from forms.violations import ViolationForm
from workflows.engine.fields import FIELDS, INT32_MAX, INT64_MAX, MAX_IDS
from workflows.engine.registry import WORKFLOWS

from ..limits import AUTH_ENDPOINTS
from . import bp
from .input import MAX_JSON_DEPTH

PUBLIC = ("api.openapi", "api.docs")
ID = {"type": "integer", "minimum": 1, "maximum": INT32_MAX}
ERROR = {"type": "object", "required": ["error", "message"], "properties": {
    "error": {"type": "string"}, "message": {"type": "string"},
    "errors": {"type": "object", "additionalProperties": {"type": "string"},
               "description": "{field: message}, a nested field as `measurements[0].value`"}}}
ERROR_STATUSES = {"400": "Malformed JSON", "401": "No valid token", "403": "Not allowed",
                  "404": "Not found, or not visible to the caller",
                  "405": "Method not allowed", "409": "Conflict: state, guard or version",
                  "413": "Body too large", "415": "Not JSON",
                  "428": "A write to a versioned record without the version read (body or "
                         "If-Match)",
                  "422": "Invalid fields, each named with its message"}
# The schema of each kind of workflow field, as its parser (workflows/engine/fields.py) takes it.
KIND_SCHEMAS = {
    "text": {"type": "string", "minLength": 1, "maxLength": 5000},
    "code": {"type": "string", "minLength": 1, "maxLength": 80},
    "date": {"type": "string", "description": "YYYY-MM-DD or dd/mm/yyyy, years 1900-2100",
             "examples": ["2026-12-31"]},
    "money": {"type": "integer", "minimum": 0, "maximum": INT64_MAX},
    "ids": {"type": "array", "maxItems": MAX_IDS, "items": ID},
}
PAGE = [("page", {"type": "integer", "minimum": 1, "maximum": 100000}),
        ("per_page", {"type": "integer", "minimum": 1, "maximum": 200})]
# Query parameters of the list operations (their views read them with query_int and args).
QUERIES = {
    "api.clusters_list": PAGE + [(k, {"type": "string"}) for k in
                                 ("state", "stage", "compliance", "district", "kind")],
    "api.inspections_list": PAGE + [("state", {"type": "string"}), ("kind", {"type": "string"}),
                                    ("district", {"type": "string"}), ("cluster_id", ID)],
    "api.violations_list": PAGE + [("state", {"type": "string"}),
                                   ("district", {"type": "string"}), ("cluster_id", ID)],
    "api.deadlines_list": [("page", PAGE[0][1]),
                           ("per_page", {"type": "integer", "minimum": 1, "maximum": 500}),
                           ("overdue", {"enum": ["true", "false"]}),
                           ("include_closed", {"enum": ["true", "false"]}),
                           ("organization_id", ID), ("entity_type", {"type": "string"}),
                           ("entity_id", ID)],
    "api.notifications_list": PAGE + [("unread", {"enum": ["true", "false"]})],
    "api.plan_progress": [("year", {"type": "integer", "minimum": 2000, "maximum": 2100})],
}
# Operations whose views read a WTForms class from the JSON body (input.form_data).
FORM_BODIES = {"api.clusters_create": NewClusterForm, "api.inspections_create": InspectionForm,
               "api.violations_create": ViolationForm, "api.inspections_add_finding": FindingForm,
               "api.inspections_correct_finding": FindingForm,
               "api.plants_create": PlantForm, "api.plants_update": PlantForm,
               "api.change_password": ApiPasswordForm, "api.users_create": ApiNewUserForm,
               "api.users_update": ApiUserForm,
               "api.organizations_create": ApiNewOrganizationForm,
               "api.organizations_update": ApiOrganizationForm}
# Of those, the ones where only the fields sent change: none is required.
PARTIAL_BODIES = ("api.plants_update", "api.users_update", "api.organizations_update")
# Of those, the ones that take the record's version as read, to refuse a change made since.
VERSIONED_BODIES = ("api.plants_update",)
# Bodies the views check by hand (json_object(required=..., allowed=...) and their types).
_READING = {"type": "object", "additionalProperties": False,
            "required": ["parameter", "value", "measured_at"], "properties": {
                "parameter": {"type": "string"}, "value": {"type": "number", "minimum": 0},
                "unit": {"type": ["string", "null"]},
                "measured_at": {"type": "string", "format": "date-time"}}}
_MEASUREMENT = {"type": "object", "additionalProperties": False, "properties": {
    "parameter": {"type": "string"}, "value": {"type": ["number", "string"]},
    "unit": {"type": ["string", "null"]}}}
BODIES = {
    "api.tokens": {"type": "object", "required": ["username", "password"],
                   "additionalProperties": False,
                   "properties": {"username": {"type": "string", "maxLength": 200},
                                  "password": {"type": "string", "maxLength": 200}}},
    "api.deadline_policies_set": {
        "type": "object", "additionalProperties": False, "minProperties": 1, "properties": {
            "duration": {"type": "integer", "minimum": 0, "maximum": 3650},
            "unit": {"enum": ["calendar_days", "working_days", "decision", "recurring"]},
            "reminders": {"type": "array", "maxItems": 20,
                          "items": {"type": "integer", "minimum": -366, "maximum": 366}},
            "legal_basis": {"type": "string", "maxLength": 300}}},
    "api.inspections_withdraw_finding": {"type": "object", "required": ["reason"],
                                         "additionalProperties": False, "properties": {
                                             "reason": {"type": "string", "minLength": 1,
                                                        "maxLength": 2000}}},
    "api.calendar_feeds_issue": {"type": "object", "required": ["scope"],
                                 "additionalProperties": False,
                                 "properties": {"scope": {"enum": ["user", "organization"]}}},
    "api.plants_readings": {"type": "object", "required": ["readings"],
                            "additionalProperties": False, "properties": {
                                "readings": {"type": "array", "minItems": 1, "maxItems": 1000,
                                             "items": _READING}}},
    "api.evaluations_create": {"type": "object", "required": ["measurements"], "properties": {
        "plant_id": ID, "standard": {"type": "string"}, "column": {"type": "string"},
        "receiving_water": {"type": "object"},
        "discharge_flow_m3_day": {"type": ["number", "string"]},
        "organisation": {"type": "boolean"}, "repeat": {"type": "boolean"},
        "surcharge_base": {"type": "string"}, "sampled_on": KIND_SCHEMAS["date"],
        "measurements": {"type": "array", "minItems": 1, "maxItems": 200,
                         "items": _MEASUREMENT}}},
}
MULTIPART = {"api.attachments_create": {"type": "object", "required": ["file"], "properties": {
    "file": {"type": "string", "contentMediaType": "application/octet-stream"}}}}


def transition_body(entity_type: str) -> dict:
    """A transition's body: the trigger, and `data` holding the fields the entity's
    transitions take, each with its field's schema."""
    transitions = [t for wf in WORKFLOWS.values() if wf.entity_type == entity_type
                   for t in wf.transitions if "system" not in t.roles]
    fields = sorted({f for t in transitions for f in (*t.required, *t.optional)
                     if f != "comment"})
    return {"type": "object", "required": ["trigger"], "additionalProperties": False,
            "properties": {
                "trigger": {"enum": sorted({t.trigger for t in transitions})},
                "comment": {"type": ["string", "null"], "maxLength": 5000},
                "version": {"type": "integer"},
                "data": {"type": ["object", "null"], "additionalProperties": False,
                         "properties": {f: {**KIND_SCHEMAS[FIELDS[f].kind],
                                            "title": FIELDS[f].label_en} for f in fields}}}}


def form_body(form_cls) -> dict:
    """A JSON object as input.form_data reads it into `form_cls`."""
    properties, required = {}, []
    names = [n for n in dir(form_cls) if n != "csrf_token"
             and hasattr(getattr(form_cls, n, None), "_formfield")]
    for name in sorted(names):
        unbound = getattr(form_cls, name)
        schema, needed = _field_schema(unbound)
        properties[name] = schema
        if needed:
            required.append(name)
    body = {"type": "object", "additionalProperties": False, "properties": properties}
    if required:
        body["required"] = required
    return body


def _field_schema(unbound) -> tuple[dict, bool]:
    cls, kwargs = unbound.field_class, unbound.kwargs
    validators = kwargs.get("validators") or (unbound.args[1] if len(unbound.args) > 1 else [])
    needed = any(isinstance(x, (v.DataRequired, v.InputRequired)) for x in validators)
    if cls is FieldList:
        sub = unbound.args[0]
        item = form_body(sub.args[0]) if sub.field_class is FormField else {}
        return ({"type": "array", "maxItems": kwargs.get("max_entries") or 100,
                 "items": item}, False)
    if issubclass(cls, BooleanField):
        schema = {"type": "boolean"}
    elif issubclass(cls, IntegerField):
        schema = dict(ID)
    elif issubclass(cls, DecimalField):
        schema = {"type": ["number", "string"]}
    elif issubclass(cls, (DateField, DateTimeField)):
        formats = kwargs.get("format") or (unbound.args[2] if len(unbound.args) > 2 else None)
        schema = {"type": "string",
                  "description": getattr(cls, "accepts", None) or f"formats: {formats}"}
    elif issubclass(cls, SelectMultipleField):
        schema = {"type": "array"}
    elif issubclass(cls, SelectField) and kwargs.get("choices"):
        schema = {"enum": [str(c[0]) if isinstance(c, tuple) else str(c)
                           for c in kwargs["choices"]]}
    else:
        schema = {"type": "string"}
    for x in validators:
        if isinstance(x, v.Length) and x.max and x.max > 0 and schema.get("type") == "string":
            schema["maxLength"] = x.max
        if isinstance(x, v.NumberRange) and "number" in schema.get("type", ()):
            if x.min is not None:
                schema["minimum"] = float(x.min)
            if x.max is not None:
                schema["maximum"] = float(x.max)
    if not needed:
        schema = {"anyOf": [schema, {"type": "null"}]}
    return schema, needed


def _path(rule) -> tuple[str, list]:
    path, params = str(rule.rule), []
    for name, converter in rule._converters.items():
        if isinstance(converter, IntegerConverter):
            schema = {"type": "integer", "minimum": 0}
        elif isinstance(converter, AnyConverter):
            schema = {"enum": sorted(converter.items) if hasattr(converter, "items")
                      else None}
            schema = schema if schema["enum"] else {"type": "string"}
        else:
            schema = {"type": "string"}
        params.append({"name": name, "in": "path", "required": True, "schema": schema})
    path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", path)
    return path, params


def _request_body(endpoint: str) -> dict | None:
    schema = None
    if endpoint in FORM_BODIES:
        schema = form_body(FORM_BODIES[endpoint])
        if endpoint in PARTIAL_BODIES:
            schema.pop("required", None)
        if endpoint in VERSIONED_BODIES:
            schema["properties"]["version"] = {"type": "integer"}
    elif endpoint.endswith("_transition"):
        entity = {"clusters": "cluster", "inspections": "inspection",
                  "violations": "violation", "obstacles": "obstacle"}.get(
            endpoint[len("api."):-len("_transition")])
        schema = transition_body(entity) if entity else None
    elif endpoint in BODIES:
        schema = BODIES[endpoint]
    if endpoint in MULTIPART:
        return {"required": True, "content": {
            "multipart/form-data": {"schema": MULTIPART[endpoint]}}}
    if schema is None:
        return None
    return {"required": True, "content": {"application/json": {"schema": schema}}}


def _responses(method: str, endpoint: str) -> dict:
    success = {"DELETE": "204"}.get(method, "201" if endpoint.endswith(
        ("_create", "_add_finding", "_issue")) or endpoint in ("api.tokens",
                                                               "api.plants_readings") else "200")
    ok = {"description": "Done"}
    if success != "204":
        ok["content"] = {"application/json": {"schema": {"type": "object"}}}
    if endpoint in ("api.attachments_get", "api.reports_tt14"):
        ok["content"] = {"*/*": {"schema": {}}}
    responses = {success: ok}
    if success == "201":  # an operation that creates may also answer 200 (readings, tokens)
        responses["200"] = ok
    statuses = dict(ERROR_STATUSES)
    if endpoint.endswith("_transition") or endpoint in VERSIONED_BODIES:
        statuses["428"] = "No version: send the `version` read, or an If-Match header"
    if endpoint in AUTH_ENDPOINTS:
        statuses["429"] = "Too many attempts from this address or on this account"
    for status, description in statuses.items():
        responses[status] = {"description": description,
                             "content": {"application/json": {"schema": ERROR}}}
    return responses


def build_document() -> dict:
    paths: dict[str, dict] = {}
    for rule in sorted(current_app.url_map.iter_rules(), key=lambda r: str(r.rule)):
        if not rule.endpoint.startswith("api.") or rule.endpoint in PUBLIC:
            continue
        path, params = _path(rule)
        view = current_app.view_functions[rule.endpoint]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            operation = {
                "operationId": rule.endpoint[len("api."):],
                "summary": (view.__doc__ or rule.endpoint).strip().splitlines()[0],
                "parameters": params + [
                    {"name": name, "in": "query", "required": False, "schema": schema}
                    for name, schema in QUERIES.get(rule.endpoint, ())],
                "responses": _responses(method, rule.endpoint),
            }
            body = _request_body(rule.endpoint)
            if body and method in ("POST", "PUT", "PATCH"):
                operation["requestBody"] = body
            if rule.endpoint == "api.tokens":
                operation["security"] = []
            elif getattr(view, "device_endpoint", False):
                operation["security"] = [{"device": []}]
            paths.setdefault(path, {})[method.lower()] = operation
    return {
        "openapi": "3.1.0",
        "info": {"title": "CCN Hà Nội API", "version": "1",
                 "description": "Industrial clusters, inspections, violations and deadlines "
                                "of Hanoi's Department of Industry and Trade. Errors are "
                                "{error, message, errors}; JSON bodies are at most 1 MiB "
                                f"and {MAX_JSON_DEPTH} levels deep."},
        "servers": [{"url": "/"}],
        "security": [{"bearer": []}],
        "components": {"securitySchemes": {
            "bearer": {"type": "http", "scheme": "bearer",
                       "description": "POST /api/v1/tokens trades a username and password "
                                      "for a token"},
            "device": {"type": "apiKey", "in": "header", "name": "Authorization",
                       "description": "`Device <token>` of a monitoring station"}}},
        "paths": paths,
    }


@bp.get("/openapi.json")
def openapi():
    return jsonify(build_document())


@bp.get("/docs")
def docs():
    return render_template("api/docs.html", spec_url=url_for("api.openapi"))
