"""Logs an operator can search: one JSON object per line on stdout, each carrying the id
of the request (or scheduler job run) it was written in, so every line of one request is
found by one id.

The id is taken from the request's X-Request-Id (a load balancer or a calling system sets
it) when it looks like an id, and made otherwise; the response sends it back. A scheduler
job run gets one of its own. It is kept in a context variable: each thread of a gthread
worker, and each job thread of the scheduler, sees only its own."""
import contextvars
import json
import logging
import logging.config
import os
import re
import time
import uuid
from contextlib import contextmanager
from datetime import datetime, timezone
from functools import wraps

REQUEST_ID = contextvars.ContextVar("request_id", default=None)
_ACCEPTED_ID = re.compile(r"[A-Za-z0-9._:\-]{1,128}")
# What every LogRecord has; anything else on a record came from `extra=` and is logged.
_STANDARD = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}


def new_id() -> str:
    return uuid.uuid4().hex


def accepted_id(header: str | None) -> str:
    """The caller's id when it is a plain token (never a way to write into the logs), or a
    new one."""
    if header and _ACCEPTED_ID.fullmatch(header):
        return header
    return new_id()


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": datetime.fromtimestamp(record.created, timezone.utc)
                          .isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": REQUEST_ID.get() or _given_id(record),
            "pid": record.process,
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and key not in entry:
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def _given_id(record):
    given = getattr(record, "request_id", None)
    return None if given in (None, "-") else given


def wants_json(env=os.environ) -> bool:
    """LOG_FORMAT=json|text; by default JSON in production and text for a developer."""
    chosen = env.get("LOG_FORMAT") or ("json" if env.get("APP_ENV") == "production" else "text")
    return chosen == "json"


def dict_config(json_lines: bool | None = None, level: str | None = None) -> dict:
    """One handler on stdout for every logger (logging.config.dictConfig's form, which
    gunicorn's logconfig_dict takes too)."""
    json_lines = wants_json() if json_lines is None else json_lines
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "logs.RequestIdFilter"}},
        "formatters": {"app": {"()": "logs.JsonFormatter"} if json_lines else {
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}},
        "handlers": {"stdout": {"class": "logging.StreamHandler", "formatter": "app",
                                "filters": ["request_id"], "stream": "ext://sys.stdout"}},
        "root": {"handlers": ["stdout"], "level": level or os.environ.get("LOG_LEVEL", "INFO")},
        "loggers": {
            # gunicorn's own messages go through the same handler; its access lines do
            # not (the app writes one per request, with the request's id).
            "gunicorn.error": {"handlers": [], "propagate": True},
            "gunicorn.access": {"handlers": [], "propagate": False, "level": "WARNING"},
            "apscheduler": {"level": "WARNING"},  # not a line per job run
        },
    }


def configure(json_lines: bool | None = None, level: str | None = None) -> None:
    """Called by the processes that serve (gunicorn's config, the scheduler command), never
    by create_app: the tests build many apps and keep pytest's own log capture."""
    logging.config.dictConfig(dict_config(json_lines, level))
    from flask.logging import default_handler

    # Flask gives the app's logger a stderr handler of its own when none was found above it.
    for logger in logging.root.manager.loggerDict.values():
        if isinstance(logger, logging.Logger):
            logger.removeHandler(default_handler)


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            record.request_id = REQUEST_ID.get() or "-"
        return True


@contextmanager
def bound(request_id: str):
    token = REQUEST_ID.set(request_id)
    try:
        yield request_id
    finally:
        REQUEST_ID.reset(token)


def traced(job_id: str, func):
    """A scheduler job whose every log line carries one id per run, ending with a line
    that says how the run went and how long it took."""
    log = logging.getLogger("ccn.jobs")

    @wraps(func)
    def run(*args, **kwargs):
        with bound(f"{job_id}-{new_id()[:16]}"):
            started = time.perf_counter()
            try:
                return func(*args, **kwargs)
            except Exception:
                log.exception("job %s failed", job_id, extra={"job": job_id})
                raise
            finally:
                log.info("job %s done", job_id, extra={
                    "job": job_id,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1)})

    return run
