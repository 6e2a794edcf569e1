"""Speed of the busiest pages at ten times Hanoi's size, served by waitress.

    .venv/bin/python -m bench.pages [--db URL] [--requests 200]

Builds (once; reused when the database holds it) 1,300 clusters, 200,000 inspections,
600,000 findings, 100,000 violations and 1,000,000 audit rows with Core bulk inserts,
serves the app from waitress on a loopback port, and prints p50 and p95 latency of the
dashboard, the deadline board and the cluster list (first page and page 20), each computed
per request. Bound: p95 <= 50 ms per page, on SQLite (the default, a file in the temporary
directory) and on PostgreSQL (--db postgresql+psycopg://postgres@127.0.0.1/bench_pages)."""
import argparse
import os
import random
import re
import statistics
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from datetime import date, datetime, timedelta, timezone
from http.cookiejar import CookieJar
from pathlib import Path

from sqlalchemy import insert

SCALE = {"clusters": 1300, "inspections": 200_000, "findings_per_inspection": 3,
         "violations": 100_000, "audit": 1_000_000}
PAGES = {"dashboard": "/dashboard?year=2026", "deadlines": "/deadlines",
         "clusters": "/clusters", "clusters p.20": "/clusters?page=20"}
NOW = datetime(2026, 11, 28, 3, 0, tzinfo=timezone.utc)
BOUND_MS = 50
CHUNK = 20_000


def build(db, password_hash):
    from models import (AuditEntry, Cluster, Deadline, Finding, Inspection, Organization,
                        PlanTarget, User, Violation, WastewaterPlant)

    rnd = random.Random(2026)
    conn = db.session.connection()

    def bulk(model, rows):
        for i in range(0, len(rows), CHUNK):
            conn.execute(insert(model), rows[i:i + CHUNK])

    orgs = [{"id": 1, "code": "SCT", "name_vi": "Sở Công Thương", "name_en":
             "Department of Industry and Trade", "kind": "industry_department"}]
    orgs += [{"id": i, "code": f"INV{i}", "name_vi": f"Công ty hạ tầng {i}", "name_en": "",
              "kind": "investor"} for i in range(2, 302)]
    bulk(Organization, orgs)
    bulk(User, [{"username": "manager", "password_hash": password_hash, "role": "manager",
                 "organization_id": 1, "full_name": "Bench manager"}])
    districts = [f"Huyện {i}" for i in range(30)]
    stages = ["planned", "established", "infrastructure_started", "operational",
              "plant_certified"]
    clusters, plants = [], []
    for cid in range(1, SCALE["clusters"] + 1):
        stage = rnd.choice(stages)
        operating = stage in ("operational", "plant_certified")
        clusters.append({
            "id": cid, "code": f"CCN-{cid:05d}", "name": f"Cụm công nghiệp {cid}",
            "district": rnd.choice(districts), "commune": f"Xã {rnd.randint(1, 400)}",
            "kind": rnd.choice(["regular", "regular", "craft_village"]), "area_ha": 40,
            "industrial_land_ha": 30, "leased_land_ha": rnd.randint(0, 30),
            "investor_id": rnd.randint(2, 301), "stage": stage,
            "compliance": rnd.choice(["compliant", "compliant", "violation", "remediated"]),
            "establishment_date": date(rnd.randint(2016, 2026), 1, 15),
            "operational_on": date(rnd.randint(2019, 2026), 6, 1) if operating else None,
            "infrastructure_started_on": date(2019, 1, 1) if stage != "planned" else None,
            "version": 1})
        if operating:
            plants.append({"cluster_id": cid, "name": "Trạm XLNT", "capacity_m3_day": 1000,
                           "meets_standard": stage == "plant_certified"})
    bulk(Cluster, clusters)
    bulk(WastewaterPlant, plants)
    bulk(PlanTarget, [
        {"year": 2026, "indicator": ind, "min_value": lo, "max_value": hi, "label_vi": ind,
         "label_en": ind} for ind, lo, hi in (
            ("started_2018_2020", 40, 60), ("operational", 20, 40),
            ("established_or_expanded", 10, 20), ("plant_meets_standard", 80, 100),
            ("craft_village_plant_meets_standard", 50, 100))])
    created = NOW - timedelta(days=400)
    inspections = [{"id": i, "cluster_id": rnd.randint(1, SCALE["clusters"]),
                    "organization_id": 1, "kind": "periodic",
                    "planned_date": date(2025, 1, 1) + timedelta(days=i % 690),
                    "team": "", "state": "closed" if i % 50 else "in_progress",
                    "created_at": created, "version": 1}
                   for i in range(1, SCALE["inspections"] + 1)]
    bulk(Inspection, inspections)
    findings = [{"inspection_id": i, "category": "wastewater", "severity": "medium",
                 "description": "Kết quả kiểm tra", "created_at": created}
                for i in range(1, SCALE["inspections"] + 1)
                for _ in range(SCALE["findings_per_inspection"])]
    bulk(Finding, findings)
    del findings
    open_states = ("notified", "plan_submitted", "plan_accepted", "overdue")
    violations, deadlines = [], []
    today = date(2026, 11, 28)
    for vid in range(1, SCALE["violations"] + 1):
        is_open = vid % 20 == 0
        violations.append({"id": vid, "cluster_id": inspections[vid].get("cluster_id"),
                           "inspection_id": vid + 1, "title": f"Vi phạm {vid}",
                           "description": "", "detected_on": date(2025, 6, 1),
                           "state": rnd.choice(open_states) if is_open else "remediated",
                           "created_at": created, "version": 1})
        due = today + timedelta(days=rnd.randint(-60, 60))
        deadlines.append({"entity_type": "violation", "entity_id": vid,
                          "policy_key": "remediation", "title_vi": "Hoàn thành khắc phục",
                          "title_en": "Complete the remedial measures",
                          "holder_org_id": clusters[violations[-1]["cluster_id"] - 1]
                          ["investor_id"], "due_date": due, "original_due_date": due,
                          "opened_at": created,
                          "closed_at": None if is_open else created + timedelta(days=30),
                          "outcome": None if is_open else "met"})
    bulk(Violation, violations)
    bulk(Deadline, deadlines)
    audit = [{"entity_type": "violation", "entity_id": (n % SCALE["violations"]) + 1,
              "workflow": "violation", "trigger": "notify", "from_state": "detected",
              "to_state": "notified", "actor_id": 1, "comment": "", "data": {},
              "created_at": created, "seq": n // SCALE["violations"]}  # its place in the chain
             for n in range(SCALE["audit"])]
    bulk(AuditEntry, audit)
    db.session.commit()


def ensure_data_set(db, password_hash: str) -> None:
    """Build the data set unless the database holds one built from today's models, then
    prepare it for measuring."""
    from models import Cluster

    stale = stale_schema(db)
    if stale:
        print(f"the data set predates the models ({', '.join(stale[:5])}...): rebuilding")
        db.drop_all()
    db.create_all()
    if not db.session.query(Cluster.id).first():
        started = time.perf_counter()
        build(db, password_hash)
        print(f"built the data set in {time.perf_counter() - started:.0f} s")
    prepare(db)


def stale_schema(db) -> list[str]:
    """Columns and indexes of the models that the data set's existing tables lack or
    define otherwise: a data set built by an older version measures another schema."""
    from sqlalchemy import inspect

    found = inspect(db.engine)
    stale = []
    for table in db.metadata.sorted_tables:
        if not found.has_table(table.name):
            continue  # a new table: create_all adds it
        columns = {c["name"] for c in found.get_columns(table.name)}
        stale += [f"{table.name}.{c.name}" for c in table.columns if c.name not in columns]
        indexes = {i["name"]: i["column_names"] for i in found.get_indexes(table.name)}
        stale += [i.name for i in table.indexes
                  if i.name in indexes and indexes[i.name] != [c.name for c in i.columns]]
    return stale


def prepare(db):
    """Bring the data set up to the models: new tables, and new indexes (create_all skips
    the indexes of existing tables)."""
    db.create_all()
    with db.engine.begin() as conn:
        for table in db.metadata.sorted_tables:
            for index in table.indexes:
                index.create(conn, checkfirst=True)


def serve(app):
    from waitress.server import create_server

    server = create_server(app, host="127.0.0.1", port=0, threads=4)
    threading.Thread(target=server.run, daemon=True).start()
    return server, f"http://127.0.0.1:{server.effective_port}"


def opener_for(base):
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/login").read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode({"csrf_token": token, "username": "manager",
                                   "password": "bench-password"}).encode()
    opener.open(base + "/login", body)
    return opener


def latency(opener, url, n):
    """p50 and p95 of the wall-clock time, and the mean processor time of this process (the
    server and its client; on SQLite the queries too) per request, which others' load on a
    shared machine does not inflate."""
    times, cpu = [], time.process_time()
    for _ in range(n):
        start = time.perf_counter()
        with opener.open(url) as response:
            response.read()
            assert response.status == 200, url
        times.append((time.perf_counter() - start) * 1000)
    cpu = (time.process_time() - cpu) * 1000 / n
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], cpu


def load() -> str:
    """The machine's load beside the figures: on a shared machine a busy minute shows."""
    return f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"


def main() -> bool:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="sqlite:///" + str(Path(tempfile.gettempdir())
                                                            / "ccn-bench.sqlite"))
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()

    import logging

    from werkzeug.security import generate_password_hash

    logging.getLogger("waitress.queue").setLevel(logging.ERROR)

    from app import create_app
    from models import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": args.db, "CLOCK": lambda: NOW})
    with app.app_context():
        ensure_data_set(db, generate_password_hash("bench-password"))
        if db.engine.dialect.name == "postgresql":
            # As a served database is kept: statistics for the planner, and the visibility
            # map without which an index-only count reads the table's rows after a bulk load.
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql("VACUUM ANALYZE")
        db.session.remove()
    server, base = serve(app)
    opener = opener_for(base)
    print(f"{app.config['SQLALCHEMY_DATABASE_URI'].split(':')[0]}: {args.requests} requests "
          f"per page, each computed afresh; bound p95 <= {BOUND_MS} ms; {load()}")
    print(f"{'page':<16}{'p50 ms':>8}{'p95 ms':>8}{'cpu ms':>8}")
    failures = 0
    for name, path in PAGES.items():
        latency(opener, base + path, 10)  # warm: the first request compiles the templates
        p50, p95, cpu = latency(opener, base + path, args.requests)
        failures += p95 > BOUND_MS
        print(f"{name:<16}{p50:>8.1f}{p95:>8.1f}{cpu:>8.1f}  "
              f"{'ok' if p95 <= BOUND_MS else 'SLOW'}")
    print(f"after: {load()}")
    server.task_dispatcher.shutdown()  # its threads first: a late one wrote to a closed pipe
    server.close()
    return not failures


if __name__ == "__main__":
    raise SystemExit(0 if main() else 1)
