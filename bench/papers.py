"""Papers and spreadsheets: one paper drawn up (filled, written, hashed, stored, audited)
against its 1 s bound, and exporting 100,000 violations as .xlsx and .csv against a 50 MB
bound on the growth of peak memory (RSS). Each export runs in a fresh process, measured
from its own baseline after a small warm-up export, so the data set's loading and the
libraries' import are not counted.

    python -m bench papers            (SQLite in a temporary file)
    BENCH_DATABASE_URL=postgresql+psycopg://... python -m bench papers"""
import os
import random
import resource
import subprocess
import sys
import time
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

from bench.common import make_app, median, report

VIOLATIONS = 100_000
CLUSTERS = 1300
PAPER_BOUND_S = 1.0
RSS_BOUND_MB = 50
NOW = datetime(2026, 11, 28, 3, 0, tzinfo=timezone.utc)


def build(db) -> None:
    from sqlalchemy import insert

    from models import Cluster, Organization, User, Violation

    rnd = random.Random(2026)
    conn = db.session.connection()
    conn.execute(insert(Organization), [
        {"id": 1, "code": "SCT", "name_vi": "Sở Công Thương", "name_en": "DOIT",
         "kind": "industry_department"}] + [
        {"id": i, "code": f"INV{i}", "name_vi": f"Công ty Cổ phần Hạ tầng số {i}",
         "name_en": "", "kind": "investor"} for i in range(2, 302)])
    conn.execute(insert(User), [{"id": 1, "username": "manager", "password_hash": "x",
                                 "role": "manager", "organization_id": 1,
                                 "full_name": "Nguyễn Văn Quản"}])
    conn.execute(insert(Cluster), [
        {"id": c, "code": f"CCN-{c:05d}", "name": f"Cụm công nghiệp Đông Anh {c}",
         "district": f"Huyện {c % 30}", "commune": f"Xã {c % 400}", "kind": "regular",
         "area_ha": 40, "industrial_land_ha": 30, "leased_land_ha": 12,
         "investor_id": 2 + c % 300, "stage": "operational", "compliance": "violation",
         "version": 1} for c in range(1, CLUSTERS + 1)])
    for start in range(1, VIOLATIONS + 1, 20_000):
        conn.execute(insert(Violation), [
            {"id": v, "cluster_id": rnd.randint(1, CLUSTERS),
             "title": f"Nước thải vượt QCVN40:2011 cột B: COD {rnd.uniform(1.1, 4):.4f} lần",
             "description": "", "detected_on": date(2025, 1, 1) + timedelta(days=v % 600),
             "sampled_on": date(2025, 1, 1) + timedelta(days=v % 600),
             "record_no": f"{v}/BB-VPHC", "fine_confirmed_vnd": 100_000_000 + v,
             "state": "notified", "created_at": NOW, "version": 1}
            for v in range(start, min(start + 20_000, VIOLATIONS + 1))])
    db.session.commit()


def paper_seconds(app, runs: int = 7) -> dict:
    from models import Cluster, User, Violation, WastewaterPlant, db
    from workflows.operations.papers import draw_up

    out = {}
    with app.app_context(), app.test_request_context():
        app.config["CLOCK"] = lambda: NOW
        user = db.session.get(User, 1)
        violation = db.session.get(Violation, 1)
        cluster = db.session.get(Cluster, violation.cluster_id)
        db.session.add(WastewaterPlant(cluster_id=cluster.id, name="Trạm XLNT",
                                       capacity_m3_day=Decimal(500)))
        db.session.flush()
        for fmt in ("pdf", "docx"):
            draw_up(db.session, violation, "violation_record", fmt, user, NOW, "http://x")
            times = []
            for n in range(runs):
                start = time.perf_counter()
                draw_up(db.session, violation, "violation_record", fmt, user,
                        NOW + timedelta(seconds=n + 1), "http://x")
                times.append(time.perf_counter() - start)
            out[fmt] = median(times)
        db.session.rollback()
    return out


def export_child(url: str, fmt: str) -> None:
    """In a fresh process: warm up on a small export, then export every violation; print
    the growth of the peak RSS in MB and the seconds it took."""
    from app import create_app
    from models import User, db
    from workflows.operations.exports import export

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True})
    with app.app_context(), app.test_request_context():
        user = db.session.get(User, 1)
        for _ in export(db.session, "violations", {"cluster_id": "1"}, user, fmt, "vi",
                        date(2026, 11, 28)).chunks:
            pass
        before = _reset_peak()
        start = time.perf_counter()
        size = 0
        for chunk in export(db.session, "violations", {}, user, fmt, "vi",
                            date(2026, 11, 28)).chunks:
            size += len(chunk)
        seconds = time.perf_counter() - start
        after = _status_kb("VmHWM")
    print(f"{(after - before) / 1024:.1f} {seconds:.2f} {size}")


def _status_kb(field: str) -> int:
    with open("/proc/self/status") as fh:
        return next(int(line.split()[1]) for line in fh if line.startswith(field + ":"))


def _reset_peak() -> int:
    """Linux: make the peak (VmHWM) start again from the current RSS, and return that RSS
    in kB; elsewhere the process's peak so far (the growth is then a lower bound)."""
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
        return _status_kb("VmRSS")
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main() -> bool:
    url = os.environ.get("BENCH_DATABASE_URL")
    app = make_app(url)
    with app.app_context():
        from models import db

        build(db)
        url = str(db.engine.url.render_as_string(hide_password=False))
    papers = paper_seconds(app)
    rows = [(f"one violation record as {fmt.upper()} (median of 7), s", s, "s")
            for fmt, s in papers.items()]
    rows += [(f"  ratio to the {PAPER_BOUND_S:.0f} s bound ({fmt})", s / PAPER_BOUND_S, "x")
             for fmt, s in papers.items()]
    ok = all(s <= PAPER_BOUND_S for s in papers.values())
    for fmt in ("xlsx", "csv"):
        done = subprocess.run([sys.executable, "-m", "bench.papers", "--export", url, fmt],
                              capture_output=True, text=True, check=True)
        grew, seconds, size = done.stdout.split()[-3:]
        rows += [(f"export {VIOLATIONS:,} violations as .{fmt}: peak RSS growth, MB",
                  float(grew), "MB"),
                 (f"  ratio to the {RSS_BOUND_MB} MB bound", float(grew) / RSS_BOUND_MB, "x"),
                 (f"  time, s ({int(size) / 1e6:.1f} MB file)", float(seconds), "s")]
        ok = ok and float(grew) <= RSS_BOUND_MB
    report("Papers and exports", rows)
    return ok


if __name__ == "__main__":
    if sys.argv[1:2] == ["--export"]:
        export_child(sys.argv[2], sys.argv[3])
    else:
        sys.exit(0 if main() else 1)
