"""What a load balancer, an operator and Prometheus ask of each web process:

- GET /healthz: the process is alive (touches nothing else).
- GET /readyz: it can serve: the database answers, its schema is at this code's Alembic
  head, and the scheduler leader has beaten recently; 503 with the reasons otherwise.
- GET /metrics: requests by endpoint and status with latency histograms, and gauges read
  from the database at scrape time (open deadlines, pending outbox, the leader's heartbeat
  age), so every worker and host reports the same numbers. Under gunicorn the request
  counters live in prometheus_client's multiprocess files (PROMETHEUS_MULTIPROC_DIR, set
  by gunicorn.conf.py) and one scrape of any worker sums them all. Only the addresses in
  METRICS_ALLOWED_IPS, or a caller with METRICS_TOKEN, may read it.

Every request also gets an id (logs.py) and one access line in the log."""
import hmac
import ipaddress
import logging
import os
import time
from functools import cache

from alembic.script import ScriptDirectory
from flask import Blueprint, Response, abort, current_app, g, jsonify, request
from prometheus_client import (CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram,
                               generate_latest, multiprocess)
from prometheus_client.core import GaugeMetricFamily
from sqlalchemy import case, func, inspect, select, text
from sqlalchemy.exc import SQLAlchemyError

import logs
from config import BASE_DIR
from models import Deadline, Notification, SchedulerHeartbeat, db
from models.base import aware
from workflows.engine.calendar import local_date

from .clock import now

bp = Blueprint("ops", __name__)
access_log = logging.getLogger("ccn.access")

REGISTRY = CollectorRegistry()
REQUESTS = Counter("ccn_http_requests", "HTTP requests by endpoint, method and status.",
                   ["endpoint", "method", "status"], registry=REGISTRY)
LATENCY = Histogram("ccn_http_request_duration_seconds", "Time to answer, by endpoint.",
                    ["endpoint"], registry=REGISTRY,
                    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10))


def init_app(app):
    """Registered before the transaction's hooks, so that (after_request running in
    reverse order) the time measured includes the request's commit."""
    app.before_request(_start)
    app.after_request(_finish)
    app.teardown_request(_forget)
    app.register_blueprint(bp)


def _start():
    g.started = time.perf_counter()
    g.request_id = logs.accepted_id(request.headers.get("X-Request-Id"))
    g.request_id_token = logs.REQUEST_ID.set(g.request_id)


def _finish(response):
    elapsed = time.perf_counter() - g.get("started", time.perf_counter())
    endpoint = request.endpoint or "unmatched"  # never the path: one series per route
    REQUESTS.labels(endpoint, request.method, str(response.status_code)).inc()
    LATENCY.labels(endpoint).observe(elapsed)
    # A request refused by an earlier hook never reached _start: it still gets an id.
    response.headers["X-Request-Id"] = g.get("request_id") or logs.new_id()
    access_log.info("%s %s %s", request.method, request.path, response.status_code, extra={
        "method": request.method, "path": request.path, "status": response.status_code,
        "endpoint": endpoint, "duration_ms": round(elapsed * 1000, 1),
        "remote_addr": request.remote_addr})
    return response


def _forget(exc):
    token = g.pop("request_id_token", None)
    if token is not None:
        logs.REQUEST_ID.reset(token)


@bp.get("/healthz")
def healthz():
    return _no_store(jsonify(status="alive"))


@bp.get("/readyz")
def readyz():
    checks, reasons = {}, []
    try:
        with db.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
            checks["database"] = "ok"
            checks["migrations"] = _migrations(conn, reasons)
            checks["scheduler"] = (_scheduler(conn, reasons) if checks["migrations"] == "ok"
                                   else "not checked")
    except SQLAlchemyError as exc:
        checks.setdefault("database", "unreachable")
        reasons.append(f"database: {type(getattr(exc, 'orig', None) or exc).__name__}")
    body = {"status": "not ready" if reasons else "ready", "checks": checks}
    if reasons:
        body["reasons"] = reasons
    response = jsonify(body)
    response.status_code = 503 if reasons else 200
    return _no_store(response)


@cache
def code_heads() -> frozenset:
    """The Alembic heads this code was shipped with (read once per process)."""
    return frozenset(ScriptDirectory(str(BASE_DIR / "migrations")).get_heads())


def _migrations(conn, reasons) -> str:
    heads = code_heads()
    current = frozenset()
    if inspect(conn).has_table("alembic_version"):
        current = frozenset(conn.execute(text("SELECT version_num FROM alembic_version"))
                            .scalars())
    if current == heads:
        return "ok"
    have = ", ".join(sorted(current)) or "none"
    reasons.append(f"migrations not current: database at {have}, code at "
                   f"{', '.join(sorted(heads))} (run `flask --app app db upgrade`)")
    return "behind"


def _scheduler(conn, reasons) -> str:
    max_age = current_app.config.get("READY_HEARTBEAT_MAX_AGE", 60)
    if not max_age:
        return "not checked"
    last = conn.execute(select(func.max(SchedulerHeartbeat.last_beat))
                        .where(SchedulerHeartbeat.is_leader.is_(True))).scalar()
    if last is None:
        reasons.append("scheduler: no leader has beaten")
        return "no leader"
    age = (now() - aware(last)).total_seconds()
    if age > max_age:
        reasons.append(f"scheduler: the leader's last heartbeat is {age:.0f} s old "
                       f"(more than {max_age} s)")
        return "stale"
    return "ok"


@bp.get("/metrics")
def metrics():
    if not _may_scrape():
        abort(403)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    gauges = CollectorRegistry()
    gauges.register(DatabaseGauges())
    return _no_store(Response(generate_latest(registry) + generate_latest(gauges),
                              content_type=CONTENT_TYPE_LATEST))


class DatabaseGauges:
    """Read at scrape time from the database, the one place every host agrees on."""

    def collect(self):
        up = GaugeMetricFamily("ccn_database_up", "Whether the database answered this scrape.")
        try:
            gauges = list(self._from_database())
        except SQLAlchemyError:
            db.session.rollback()
            logging.getLogger(__name__).warning("metrics: the database did not answer",
                                                exc_info=True)
            gauges = []
        up.add_metric([], 1 if gauges else 0)
        yield up
        yield from gauges

    def _from_database(self):
        session, moment = db.session, now()
        today = local_date(moment)
        deadlines = GaugeMetricFamily("ccn_open_deadlines", "Deadlines not yet closed.",
                                      labels=["overdue"])
        overdue, total = session.execute(
            select(func.count(case((Deadline.due_date < today, 1))), func.count())
            .where(Deadline.closed_at.is_(None))).one()
        deadlines.add_metric(["false"], total - overdue)
        deadlines.add_metric(["true"], overdue)
        yield deadlines
        yield GaugeMetricFamily("ccn_outbox_pending", "Notifications waiting to be sent.",
                                value=session.scalar(select(func.count()).select_from(
                                    Notification).where(Notification.status == "pending")))
        last = session.scalar(select(func.max(SchedulerHeartbeat.last_beat))
                              .where(SchedulerHeartbeat.is_leader.is_(True)))
        age = (moment - aware(last)).total_seconds() if last else float("inf")
        yield GaugeMetricFamily("ccn_scheduler_heartbeat_age_seconds",
                                "Seconds since the scheduler leader's last heartbeat "
                                "(+Inf: no leader).", value=max(age, 0.0))


def _may_scrape() -> bool:
    token = current_app.config.get("METRICS_TOKEN")
    if token and hmac.compare_digest(request.headers.get("Authorization", "").encode(),
                                     f"Bearer {token}".encode()):
        return True
    try:
        address = ipaddress.ip_address(request.remote_addr or "")
    except ValueError:
        return False
    return any(address in network
               for network in _networks(current_app.config.get("METRICS_ALLOWED_IPS", "")))


@cache
def _networks(allowed: str) -> tuple:
    return tuple(ipaddress.ip_network(item.strip(), strict=False)
                 for item in allowed.split(",") if item.strip())


def _no_store(response):
    response.headers["Cache-Control"] = "no-store"
    return response
