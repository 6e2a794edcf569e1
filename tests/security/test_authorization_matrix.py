"""The authorization matrix: every route in app.url_map x every role (and nobody) x an object
of the caller's organization and one of another's. Each route has one row in RULES; a new
route without a row fails the test, so nobody adds a page or an API call without saying who
may use it.

Every GET is tried by everyone. A request that changes something is tried only where RULES
says it must be refused (the refusal comes before any change), so the matrix never acts.
A leak is a refused combination that answered with what it asked for."""
import io
from urllib.parse import urlsplit

import pytest

from models import Notification, PlanTarget
from workflows.engine.registry import workflows_for

P, L, O, M, A = "public", "login", "officials", "managers", "admins"
ROLES_ALLOWED = {P: {"nobody", "investor", "inspector", "manager", "admin"},
                 L: {"investor", "inspector", "manager", "admin"},
                 O: {"inspector", "manager", "admin"}, M: {"manager", "admin"}, A: {"admin"}}
# endpoint: (who, scope). scope "cluster": an investor reaches only its own clusters' objects
# (another's is 403/404); "self": the caller's own object only (another's is 404).
RULES = {
    "home": (P, None), "auth.login": (P, None), "i18n.switch": (P, None),
    "calendar_feed.feed": (P, None), "verify.page": (P, None), "verify.as_json": (P, None),
    "ops.healthz": (P, None), "ops.readyz": (P, None), "ops.metrics": (P, None),
    "api.tokens": (P, None), "api.docs": (P, None), "api.openapi": (P, None),
    "api.plants_readings": (P, None),  # a monitoring station's own Device token
    "auth.logout": (L, None), "accounts.profile": (L, None), "accounts.password": (L, None),
    "accounts.revoke_token": (L, "self"), "api.revoke_token": (L, "self"),
    "api.list_tokens": (L, None), "api.change_password": (L, None),
    "accounts.admin_users": (A, None), "accounts.admin_new_user": (A, None),
    "accounts.admin_user": (A, None), "accounts.admin_unlock": (A, None),
    "accounts.admin_reset_password": (A, None), "accounts.admin_organizations": (A, None),
    "accounts.admin_organization": (A, None), "api.users_list": (A, None),
    "api.users_create": (A, None), "api.users_update": (A, None),
    "api.organizations_list": (A, None), "api.organizations_create": (A, None),
    "api.organizations_update": (A, None), "api.deadline_policies_set": (A, None),
    "admin.scheduler_status": (M, None), "api.scheduler_status": (M, None),
    "api.clusters_create": (M, None), "clusters.new": (M, None), "clusters.edit": (M, None),
    "api.plants_create": (M, None), "api.plants_update": (M, None), "plants.edit": (M, None),
    "plants.new": (M, None), "api.imports_clusters": (M, None),
    "reports.import_clusters": (M, None), "reports.import_confirm": (M, None),
    # The import's blank CSV (column names only): any logged-in user may read it.
    "reports.import_template": (L, None), "api.plan_targets_create": (M, None),
    "api.plan_targets_update": (M, None), "plan.copy": (M, None), "plan.edit": (M, None),
    "plan.targets": (M, None),
    "api.plan_progress": (O, None), "dashboard.index": (O, None), "dashboard.indicator": (O, None),
    "api.reports_tt14": (O, None), "reports.tt14": (O, None), "api.inspections_create": (O, None),
    "inspections.new": (O, None), "api.violations_create": (O, None),
    "api.inspections_add_finding": (O, "cluster"), "inspections.add_finding": (O, "cluster"),
    "inspections.withdraw_finding": (O, "cluster"), "inspections.correct_finding": (O, "cluster"),
    "api.inspections_correct_finding": (O, "cluster"),
    "api.inspections_withdraw_finding": (O, "cluster"),
    "api.documents_create": (O, "cluster"), "documents.draw": (O, "cluster"),
    "api.plan_targets_list": (L, None),
    "api.clusters_list": (L, None), "api.inspections_list": (L, None),
    "api.violations_list": (L, None), "api.obstacles_list": (L, None),
    "api.deadlines_list": (L, None), "api.notifications_list": (L, None),
    "api.notifications_read_all": (L, None), "api.notifications_read": (L, "self"),
    "api.calendar_feeds_list": (L, None), "api.calendar_feeds_issue": (L, None),
    "api.calendar_feeds_revoke": (L, None), "api.deadline_policies_list": (L, None),
    "api.deadline_policies_get": (L, None), "api.standards_list": (L, None),
    "api.workflows_list": (L, None), "api.workflows_get": (L, None),
    "api.evaluations_create": (L, None), "api.obstacles_create": (L, None),
    "clusters.index": (L, None), "inspections.index": (L, None), "violations.index": (L, None),
    "obstacles.index": (L, None), "obstacles.new": (L, None), "deadlines.index": (L, None),
    "deadlines.full_list": (L, None), "notifications.index": (L, None),
    "notifications.read": (L, "self"), "notifications.read_all": (L, None),
    "calendar_feeds.index": (L, None), "calendar_feeds.issue": (L, None),
    "calendar_feeds.revoke": (L, None), "evaluations.form": (L, None),
    "exports.download": (L, None),
    "api.clusters_get": (L, "cluster"), "api.clusters_history": (L, "cluster"),
    "api.clusters_transition": (L, "cluster"), "api.inspections_get": (L, "cluster"),
    "api.inspections_history": (L, "cluster"), "api.inspections_transition": (L, "cluster"),
    "api.violations_get": (L, "cluster"), "api.violations_history": (L, "cluster"),
    "api.violations_transition": (L, "cluster"), "api.obstacles_get": (L, "cluster"),
    "api.obstacles_history": (L, "cluster"), "api.obstacles_transition": (L, "cluster"),
    "api.plants_get": (L, "cluster"), "api.attachments_get": (L, "cluster"),
    "api.attachments_list": (L, "cluster"), "api.attachments_create": (L, "cluster"),
    "api.documents_list": (L, "cluster"), "api.deadline_changes": (L, "cluster"),
    "api.deadline_complete": (L, "cluster"),
    "attachments.download": (L, "cluster"), "attachments.upload": (L, "cluster"),
    "clusters.detail": (L, "cluster"), "clusters.act": (L, "cluster"),
    "inspections.detail": (L, "cluster"), "inspections.act": (L, "cluster"),
    "violations.detail": (L, "cluster"), "violations.act": (L, "cluster"),
    "obstacles.detail": (L, "cluster"), "obstacles.act": (L, "cluster"),
}
# GET answers that refuse without an error status: a page action not offered here goes back
# to the record with a message.
REFUSING_REDIRECTS = {"clusters.act", "inspections.act", "violations.act", "obstacles.act"}


@pytest.fixture
def world(app, make, db, clock):
    from workflows.operations.evidence import store_attachment  # noqa: F401  (import check)

    department = make.department()
    company, rival = make.org("investor"), make.org("investor")
    users = {"admin": make.user("admin", org=department),
             "manager": make.user("manager", org=department),
             "inspector": make.user("inspector", org=department),
             "investor": make.user("investor", org=company),
             "rival": make.user("investor", org=rival)}
    objects = {}
    for side, owner in (("own", company), ("other", rival)):
        cluster = make.cluster(investor=owner)
        inspection = make.inspection(cluster, users["inspector"], state="in_progress")
        violation = make.violation(cluster, users["inspector"])
        objects[side] = {"cluster": cluster, "inspection": inspection, "violation": violation,
                         "obstacle": make.obstacle(cluster, users["manager"]),
                         "plant": make.plant(cluster)}
    target = PlanTarget(year=2026, indicator="operational", min_value=1, max_value=None,
                        label_vi="t", label_en="t")
    db.session.add(target)
    db.session.commit()
    return {"users": users, "objects": objects, "target": target}


def _attach(client, headers, inspection):
    r = client.post(f"/api/v1/inspections/{inspection.id}/attachments", headers=headers,
                    data={"file": (io.BytesIO(b"\xff\xd8\xff\xe0" + b"\0" * 32), "a.jpg")},
                    content_type="multipart/form-data")
    assert r.status_code == 201, r.get_json()
    return r.get_json()["id"]


def _ids(app, world, tokens):
    """URL values for each side: the objects' ids, plus those the API makes."""
    from models import Deadline, Finding, db

    client = app.test_client()
    inspector = {"Authorization": f"Bearer {tokens['inspector']}"}
    values = {}
    for side, objs in world["objects"].items():
        inspection = objs["inspection"]
        client.post(f"/api/v1/inspections/{inspection.id}/findings", headers=inspector,
                    json={"category": "other", "severity": "low", "description": "x"})
        finding = db.session.query(Finding).filter_by(inspection_id=inspection.id).first()
        deadline = db.session.query(Deadline).filter_by(entity_type="inspection",
                                                        entity_id=inspection.id).first()
        values[side] = {
            "cluster_id": objs["cluster"].id, "inspection_id": inspection.id,
            "violation_id": objs["violation"].id, "obstacle_id": objs["obstacle"].id,
            "plant_id": objs["plant"].id, "entity_id": inspection.id,
            "attachment_id": _attach(client, inspector, inspection),
            "finding_id": finding.id if finding else 999999,
            "deadline_id": deadline.id if deadline else 999999,
            "user_id": world["users"]["investor"].id, "org_id": objs["cluster"].investor_id,
            "target_id": world["target"].id,
        }
    return values


def _url(app, rule, values, side):
    params = {}
    for name in rule.arguments:
        if name in values[side]:
            params[name] = values[side][name]
        elif name == "trigger":
            wf = workflows_for(rule.rule.split("/")[1].rstrip("s"))[0]
            params[name] = wf.transitions[0].trigger
        else:
            params[name] = {"collection": "inspections", "entity_type": "inspection",
                            "scope": "user", "key": "remediation", "name": "violation",
                            "indicator": "operational", "code": "vi", "secret": "x" * 20,
                            "digest": "0" * 64, "fmt": "csv", "notification_id": 999999,
                            "token_id": 999999}[name]
    if rule.endpoint == "exports.download":
        params["name"] = "clusters"
    with app.test_request_context():
        from flask import url_for

        return url_for(rule.endpoint, **params)


def _flashed_refusal(client) -> bool:
    """A page refuses an action with a redirect and a danger/warning message (the request's
    work rolled back). Reading the messages also clears them for the next request."""
    with client.session_transaction() as session:
        flashes = session.pop("_flashes", [])
    return any(category in ("danger", "warning") for category, _message in flashes)


def _refused(endpoint, response, client=None) -> bool:
    if response.status_code in (401, 403, 404, 405):
        return True
    # Refused before anything was read or done: the empty body the matrix sends is invalid
    # (a few API calls validate the body before asking who calls; nothing is shown or kept).
    if response.status_code in (400, 415, 422, 428):
        return True
    if response.status_code in (302, 303):
        location = urlsplit(response.headers.get("Location", "")).path
        return location == "/login" or endpoint in REFUSING_REDIRECTS or (
            client is not None and _flashed_refusal(client))
    return False


def test_every_route_has_a_rule_and_no_combination_leaks(app, world, db):
    rules = [r for r in app.url_map.iter_rules() if r.endpoint != "static"]
    missing = sorted({r.endpoint for r in rules} - set(RULES))
    assert not missing, f"routes without a rule in the authorization matrix: {missing}"

    tokens, clients = {}, {"nobody": app.test_client()}
    for role in ("admin", "manager", "inspector", "investor"):
        user = world["users"][role]
        client = app.test_client()
        assert client.post("/login", data={"username": user.username,
                                           "password": "secret-pass"}).status_code == 303
        clients[role] = client
        tokens[role] = client.post("/api/v1/tokens", json={
            "username": user.username, "password": "secret-pass"}).get_json()["token"]
    values = _ids(app, world, tokens)

    leaks, over, tried = [], [], 0
    for rule in sorted(rules, key=lambda r: r.endpoint):
        who, scope = RULES[rule.endpoint]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            for role, client in clients.items():
                for side in ("own", "other"):
                    role_ok = role in ROLES_ALLOWED[who]
                    scope_ok = side == "own" or scope is None or (
                        scope == "cluster" and role != "investor")
                    if scope == "self" and side == "other":
                        scope_ok = False
                    allowed = role_ok and scope_ok
                    if method != "GET" and allowed:
                        continue  # never act: only refusals are tried with a change
                    url = _url(app, rule, values, side)
                    headers = {}
                    if url.startswith("/api/") and role != "nobody":
                        headers["Authorization"] = f"Bearer {tokens[role]}"
                    response = client.open(url, method=method, headers=headers,
                                           json={} if method != "GET" else None)
                    response.get_data()  # a streamed file is read out, and its context closed
                    response.close()
                    tried += 1
                    refused = _refused(rule.endpoint, response, client)
                    if not allowed and not refused:
                        leaks.append((rule.endpoint, method, role, side, response.status_code))
                    denied = response.status_code in (401, 403, 404) or (
                        response.status_code in (302, 303)
                        and urlsplit(response.headers["Location"]).path == "/login")
                    if allowed and denied and who != P:
                        over.append((rule.endpoint, method, role, side, response.status_code))
    print(f"authorization matrix: {tried} requests, {len(leaks)} leaks, "
          f"{len(over)} refusals of allowed combinations")
    assert leaks == [], leaks
    assert over == [], over
