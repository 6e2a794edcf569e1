"""`flask demo load`: a realistic Hanoi for a first start. Idempotent: a second run finds
the department and does nothing."""
import csv
import random
from pathlib import Path

from sqlalchemy import select

from models import Organization, PlanTarget, User, utcnow

from .activity import build_activity
from .clusters import build_clusters
from .obstacles import build_obstacles
from .people import DEMO_PASSWORD, USERS, create_people

PLAN_TARGETS = Path(__file__).resolve().parent.parent / "data" / "demo" / "plan_targets.csv"


def load_demo(session, now=None) -> str:
    if session.scalar(select(Organization).where(Organization.code == "SCT")):
        return "Demo data already loaded; nothing to do."
    now = now or utcnow()
    rng = random.Random(2024)  # the same Hanoi on every machine
    orgs = create_people(session)
    users = {u.role: u for u in session.scalars(select(User).where(User.username.in_(
        [username for username, *_ in USERS])))}
    groups = build_clusters(session, users["manager"], orgs, rng)
    with PLAN_TARGETS.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            session.add(PlanTarget(year=int(row["year"]), indicator=row["indicator"],
                                   min_value=int(row["min_value"]),
                                   max_value=int(row["max_value"]) if row["max_value"] else None,
                                   label_vi=row["label_vi"], label_en=row["label_en"],
                                   scope=row["scope"]))
    build_activity(session, users, groups, now)
    build_obstacles(session, users, groups, orgs, now)
    session.flush()
    clusters = sum(len(g) for g in groups.values())
    logins = "\n".join(f"  {username:<10} {role:<10} password: {DEMO_PASSWORD}"
                       for username, role, *_ in USERS)
    return (f"Demo data loaded: {clusters} clusters. Demo logins:\n{logins}\n"
            f"  (each other investor company has an account cdt02..cdt12, same password)")
