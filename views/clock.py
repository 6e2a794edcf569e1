"""The request's 'now'. Tests and the scheduler's `tick --now` inject a clock through
app.config["CLOCK"]; nothing sleeps waiting for time to pass."""
from flask import current_app

from models import utcnow
from workflows.engine.calendar import local_date


def now():
    return current_app.config.get("CLOCK", utcnow)()


def today():
    return local_date(now())
