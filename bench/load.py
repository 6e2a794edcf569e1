"""Mixed load on a deployment as it runs in production: the three user groups at once.

    createdb -h 127.0.0.1 -U postgres bench_load      # once; the data set is built once
    .venv/bin/python -m bench.load [--db URL] [--seconds 60] [--users 4] [--think 0.3]

The national data set (bench/pages.py: 1,300 clusters, 200,000 inspections, 600,000
findings, 100,000 violations, 1,000,000 audit rows) on PostgreSQL, served by `make serve`
with WORKERS=2, with `make scheduler` running beside it, both as subprocesses on loopback
ports. For --seconds, --users virtual users of each group work with --think seconds
(exponential) between requests:

- managers read the dashboard, the deadline board and the lists (the web pages, logged in);
- inspectors plan an inspection, notify, start, log two findings and conclude (the API);
- investors list their notified violations, answer one with a remediation plan, and
  upload a photo as evidence (the API).

Prints the requests, the error rate, p50/p95 per endpoint, the throughput, and each
gunicorn worker's peak RSS (VmHWM). Bounds: error rate 0, p95 <= 100 ms per endpoint,
worker peak RSS <= 200 MB. Traffic goes to 127.0.0.1 only."""
import argparse
import http.client
import json
import os
import random
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DB = "postgresql+psycopg://postgres@127.0.0.1:5432/bench_load"
PASSWORD = "bench-password"
SETUP = ("api token", "page login")
P95_BOUND_MS, RSS_BOUND_MB = 100, 200
MANAGER_PAGES = (("page dashboard", "/dashboard?year=2026"), ("page deadline board", "/deadlines"),
                 ("page clusters", "/clusters"), ("page inspections", "/inspections"),
                 ("page violations", "/violations"))


# The data set ------------------------------------------------------------------------

def prepare_database(url: str, users: int) -> dict:
    """Build the data set once (bench/pages.py's), add the bench's users, and leave the
    database as a deployment would have it: sequences past the loaded ids, Alembic stamped
    at head, the scheduler's backlog swept. Returns the users by group."""
    from flask_migrate import stamp
    from sqlalchemy import func, insert, select, text, update
    from werkzeug.security import generate_password_hash

    from app import create_app
    from bench.pages import ensure_data_set
    from models import Cluster, User, Violation, db
    from scheduler.jobs import tick

    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        password_hash = generate_password_hash(PASSWORD)
        ensure_data_set(db, password_hash)
        with db.engine.begin() as conn:  # bulk rows came with their ids: move sequences on
            for table in db.metadata.sorted_tables:
                if "id" in table.c and table.c.id.autoincrement in (True, "auto"):
                    conn.execute(text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f"(SELECT COALESCE(MAX(id), 1) FROM {table.name}))"))
        groups = {"manager": [f"bench-manager{n}" for n in range(users)],
                  "inspector": [f"bench-inspector{n}" for n in range(users)]}
        # Investors: the organizations with the most violations waiting for a plan. The
        # plans an earlier run submitted are taken back, so every run has work to answer.
        answerable = ("notified", "plan_submitted")
        busiest = db.session.execute(
            select(Cluster.investor_id).join(Violation, Violation.cluster_id == Cluster.id)
            .where(Violation.state.in_(answerable)).group_by(Cluster.investor_id)
            .order_by(func.count().desc(), Cluster.investor_id).limit(users)).scalars().all()
        db.session.execute(
            update(Violation).where(Violation.state == "plan_submitted", Violation.cluster_id.in_(
                select(Cluster.id).where(Cluster.investor_id.in_(busiest))))
            .values(state="notified", version=Violation.version + 1))
        groups["investor"] = [f"bench-investor{org}" for org in busiest]
        existing = set(db.session.scalars(select(User.username)))
        rows = [{"username": name, "password_hash": password_hash, "role": role,
                 "organization_id": int(name.removeprefix("bench-investor"))
                 if role == "investor" else 1, "full_name": name}
                for role, names in groups.items() for name in names if name not in existing]
        if rows:
            db.session.execute(insert(User), rows)
        db.session.commit()
        stamp(revision="heads")
        # Statistics as autovacuum would have them on a database in service: the planner
        # otherwise sizes freshly bulk-loaded tables by guess.
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
        started = time.perf_counter()
        tick(app)  # the backlog a long-running scheduler would already have swept
        print(f"swept the scheduler's backlog in {time.perf_counter() - started:.0f} s")
        db.session.remove()
        db.engine.dispose()
    return groups


# The deployment ----------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(target: str, env: dict, log: Path) -> subprocess.Popen:
    """`make serve` / `make scheduler` in a process group of its own, stopped as one."""
    return subprocess.Popen(["make", "--no-print-directory", target], cwd=ROOT, env=env,
                            stdout=open(log, "w"), stderr=subprocess.STDOUT,
                            start_new_session=True)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(40)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)


def processes_under(root_pid: int) -> dict:
    """pid -> (parent pid, command line) for every process descended from root_pid."""
    table = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
                cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            table[int(entry.name)] = (int(stat.rsplit(")", 1)[1].split()[1]), cmd)
    found, frontier = {}, [root_pid]
    while frontier:
        parent = frontier.pop()
        for pid, (ppid, cmd) in table.items():
            if ppid == parent:
                found[pid] = (ppid, cmd)
                frontier.append(pid)
    return found


def gunicorn_workers(root_pid: int) -> list[int]:
    """The workers: children of the gunicorn master (make's shell names gunicorn too)."""
    tree = processes_under(root_pid)
    masters = {pid for pid, (ppid, cmd) in tree.items()
               if "gunicorn" in cmd and not cmd.startswith(("/bin/sh", "sh "))
               and tree.get(ppid, (0, ""))[1].startswith(("/bin/sh", "sh ", "make"))}
    return [pid for pid, (ppid, cmd) in tree.items() if ppid in masters]


def reset_peak_rss(pid: int) -> None:
    """Start the process's VmHWM again from its current RSS (Linux: clear_refs 5), so the
    peak measured is the load's, not the login burst's (each password check holds
    scrypt's 32 MB for a moment)."""
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
    except OSError:
        pass


def peak_rss_mb(pid: int, field: str = "VmHWM") -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


# The users ---------------------------------------------------------------------------

class Client:
    """One person's keep-alive connection; records every request it makes."""

    def __init__(self, port: int, results: dict, think: float, rnd: random.Random):
        self.port, self.results, self.think, self.rnd = port, results, think, rnd
        self.conn, self.headers = None, {}

    def request(self, name, method, path, body=None, headers=None, expect=(200,)):
        headers = {**self.headers, **(headers or {})}
        for attempt in (1, 2):  # a keep-alive connection the server closed: once more
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            started = time.perf_counter()
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
            except (ConnectionError, http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    self.results[name].append((time.monotonic(), None, 0))
                    return None, b"", {}
                continue
            elapsed = (time.perf_counter() - started) * 1000
            self.results[name].append((time.monotonic() - elapsed / 1000, elapsed,
                                       response.status))
            if response.status not in expect:
                print(f"  {name}: {response.status} {data[:200]!r}", file=sys.stderr)
            return response.status, data, dict(response.getheaders())

    def pause(self):
        time.sleep(self.rnd.expovariate(1 / self.think) if self.think else 0)

    def json(self, name, method, path, payload, expect=(200, 201)):
        body = None if payload is None else json.dumps(payload).encode()
        status, data, _ = self.request(name, method, path, body,
                                       {"Content-Type": "application/json"}, expect)
        return status, (json.loads(data) if data and status and status < 500 else {})

    def api_login(self, username):
        status, body = self.json("api token", "POST", "/api/v1/tokens",
                                 {"username": username, "password": PASSWORD}, (201,))
        self.headers["Authorization"] = f"Bearer {body['token']}"

    def web_login(self, username):
        status, page, headers = self.request("page login", "GET", "/login")
        token = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        cookie = headers.get("Set-Cookie", "").split(";", 1)[0]
        body = urllib.parse.urlencode({"csrf_token": token.decode(), "username": username,
                                       "password": PASSWORD}).encode()
        status, _, headers = self.request(
            "page login", "POST", "/login", body,
            {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie},
            expect=(302, 303))
        # The session cookie is Secure in production; over loopback http it is sent by hand.
        self.headers["Cookie"] = headers.get("Set-Cookie", "").split(";", 1)[0]


def manager(client, username, window):
    client.web_login(username)
    window.logged_in()
    while window.open():
        name, path = client.rnd.choice(MANAGER_PAGES)
        client.request(name, "GET", path)
        client.pause()


def inspector(client, username, window, cluster_ids):
    client.api_login(username)
    window.logged_in()
    planned = (date.today() + timedelta(days=7)).isoformat()
    while window.open():
        status, inspection = client.json("api plan inspection", "POST", "/api/v1/inspections",
                                         {"cluster_id": client.rnd.choice(cluster_ids),
                                          "kind": "periodic", "planned_date": planned})
        if status != 201:
            client.pause()
            continue
        url = f"/api/v1/inspections/{inspection['id']}"
        version = inspection["version"]  # each transition says which version it read
        steps = [("api transition", url + "/transitions",
                  {"trigger": "notify",
                   "data": {"decision_no": f"{client.rnd.randint(1, 999)}/QĐ-SCT"}}),
                 ("api transition", url + "/transitions", {"trigger": "start"})]
        steps += [("api log finding", url + "/findings",
                   {"category": "wastewater", "severity": "low",
                    "description": "Nước thải sau xử lý có màu, đã lấy mẫu"})] * 2
        steps += [("api conclude", url + "/transitions",
                   {"trigger": "conclude", "comment": "Kết luận kiểm tra định kỳ"})]
        for name, path, payload in steps:
            client.pause()
            if not window.open():
                return
            if "trigger" in payload:
                payload = {**payload, "version": version}
            status, body = client.json(name, "POST", path, payload)
            if status != 201 and status != 200:
                break
            version = body.get("version", version)
        client.pause()


def photo(rnd) -> bytes:
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + rnd.randbytes(300 * 1024)


def investor(client, username, window):
    client.api_login(username)
    window.logged_in()
    while window.open():
        status, page = client.json("api list violations", "GET",
                                   "/api/v1/violations?state=notified&per_page=5", None, (200,))
        items = page.get("items", [])
        client.pause()
        if not items:
            # An open case still takes files (a closed one refuses them): one being remedied.
            status, page = client.json("api list violations", "GET",
                                       "/api/v1/violations?state=plan_accepted&per_page=5",
                                       None, (200,))
            items = page.get("items", [])
            client.pause()
        if not items:
            continue
        violation = client.rnd.choice(items)
        boundary = "bench" + secrets.token_hex(8)
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; "
                f"filename=\"anh-khac-phuc.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n").encode()
        body += photo(client.rnd) + f"\r\n--{boundary}--\r\n".encode()
        status, data, _ = client.request(
            "api upload evidence", "POST", f"/api/v1/violations/{violation['id']}/attachments",
            body, {"Content-Type": f"multipart/form-data; boundary={boundary}"}, (201,))
        client.pause()
        if violation["state"] == "notified" and status == 201:
            evidence = json.loads(data)["id"]
            client.json("api answer violation", "POST",
                        f"/api/v1/violations/{violation['id']}/transitions",
                        {"trigger": "submit_plan", "version": violation["version"],
                         "comment": "Phương án: nạo vét bể lắng, thay vật liệu lọc",
                         "data": {"evidence_ids": [evidence]}})
            client.pause()


# The run -----------------------------------------------------------------------------

class Window:
    """When the users stop: the measured window opens once every user has logged in (a
    login is setup, not the load) and --warmup seconds have passed."""

    def __init__(self, users: int):
        self.waiting, self.lock, self.until = users, threading.Lock(), float("inf")
        self.all_in = threading.Event()

    def logged_in(self):
        threading.current_thread().counted = True
        with self.lock:
            self.waiting -= 1
            if self.waiting == 0:
                self.all_in.set()

    def run(self, work, client, username, *extra):
        try:
            work(client, username, self, *extra)
        finally:
            if not getattr(threading.current_thread(), "counted", False):
                self.logged_in()  # a user whose login failed does not hold the others up

    def open(self) -> bool:
        return time.monotonic() < self.until


def percentile(sorted_values, share):
    return sorted_values[min(len(sorted_values) - 1, int(len(sorted_values) * share))]


def main() -> bool:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=DEFAULT_DB)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--users", type=int, default=4, help="virtual users per group")
    parser.add_argument("--think", type=float, default=0.3, help="mean seconds between requests")
    parser.add_argument("--warmup", type=float, default=10,
                        help="seconds of the same load before the measured window")
    args, _ = parser.parse_known_args()
    if not args.db.startswith("postgresql"):
        sys.exit("bench.load measures the production set-up: --db must be PostgreSQL")

    groups = prepare_database(args.db, args.users)
    from sqlalchemy import create_engine, text

    engine = create_engine(args.db)
    with engine.connect() as conn:
        cluster_ids = [r[0] for r in conn.execute(text("SELECT id FROM clusters ORDER BY id"))]
    engine.dispose()

    port, folder = free_port(), Path(tempfile.mkdtemp(prefix="ccn-load-"))
    env = {**os.environ, "APP_ENV": "production", "DATABASE_URL": args.db,
           "SECRET_KEY": secrets.token_hex(16), "PORT": str(port), "WORKERS": "2",
           "UPLOAD_DIR": str(folder / "uploads"), "LOG_FORMAT": "json",
           "PROMETHEUS_MULTIPROC_DIR": str(folder / "metrics")}
    server = start("serve", env, folder / "serve.log")
    scheduler = start("scheduler", env, folder / "scheduler.log")
    peaks: dict[int, float] = {}
    try:
        ready = wait_ready(port, server, folder)
        if not ready:
            return False
        results = defaultdict(list)
        work_list = []
        for n in range(args.users):
            rnd = random.Random(n)
            for role, work, extra in (("manager", manager, ()),
                                      ("inspector", inspector, (cluster_ids,)),
                                      ("investor", investor, ())):
                if n < len(groups[role]):
                    work_list.append((work, groups[role][n], extra, random.Random(rnd.random())))
        window = Window(len(work_list))
        threads = [threading.Thread(target=window.run, daemon=True, args=(
            work, Client(port, results, args.think, user_rnd), username, *extra))
            for work, username, extra, user_rnd in work_list]
        for t in threads:
            t.start()
        window.all_in.wait(300)
        measured_from = time.monotonic() + args.warmup
        window.until = measured_from + args.seconds
        setup_peaks, window_open = {}, False
        while any(t.is_alive() for t in threads):
            if not window_open and time.monotonic() >= measured_from:
                window_open = True
                for pid in gunicorn_workers(server.pid):
                    setup_peaks[pid] = peak_rss_mb(pid) or 0
                    reset_peak_rss(pid)
            for pid in gunicorn_workers(server.pid) if window_open else ():
                peaks[pid] = max(peaks.get(pid, 0), peak_rss_mb(pid) or 0)
            time.sleep(1)
        for pid in gunicorn_workers(server.pid):
            peaks[pid] = max(peaks.get(pid, 0), peak_rss_mb(pid) or 0)
    finally:
        stop(server)
        stop(scheduler)
    return report(results, measured_from, args, peaks, setup_peaks)


def wait_ready(port, server, folder, timeout=180) -> bool:
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        if server.poll() is not None:
            print((folder / "serve.log").read_text()[-3000:])
            return False
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/readyz")
            response = conn.getresponse()
            last = response.read().decode()
            if response.status == 200:
                return True
        except OSError:
            pass
        time.sleep(1)
    print(f"the deployment never became ready: {last}")
    return False


def report(results, measured_from, args, peaks, setup_peaks) -> bool:
    setup = {name: rows for name, rows in results.items() if name in SETUP}
    window = {name: [r for r in rows if r[0] >= measured_from]
              for name, rows in results.items() if name not in SETUP}
    total = sum(len(v) for v in window.values())
    failed = lambda status: not status or status >= 400  # noqa: E731
    errors = sum(1 for v in window.values() for _, ms, status in v if failed(status))
    print(f"\nmake serve (2 workers) + make scheduler on PostgreSQL, national data set; "
          f"{args.users} users per group, think {args.think} s; {args.seconds:.0f} s measured "
          f"after {args.warmup:.0f} s of warm-up")
    print(f"{'endpoint':<24}{'requests':>9}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}")
    slow = []
    for name in sorted(window) + sorted(setup):
        rows = window[name] if name in window else setup[name]
        if not rows:  # it ran only during the warm-up
            print(f"{name:<24}{0:>9}  (no request in the measured window)")
            continue
        times = sorted(ms for _, ms, status in rows if ms is not None)
        errs = sum(1 for _, ms, status in rows if failed(status))
        p50 = statistics.median(times) if times else float("nan")
        p95 = percentile(times, 0.95) if times else float("nan")
        if name in window and p95 > P95_BOUND_MS:
            slow.append(name)
        verdict = ("  (setup: once per user)" if name in setup
                   else "  ok" if p95 <= P95_BOUND_MS else "  SLOW")
        print(f"{name:<24}{len(rows):>9}{errs:>8}{p50:>9.1f}{p95:>9.1f}{verdict}")
    rate = errors / total if total else 1.0
    print(f"requests {total}, errors {errors} (error rate {rate:.4%}), "
          f"throughput {total / args.seconds:.1f} requests/s")
    for pid, mb in sorted(peaks.items()):
        print(f"worker {pid}: peak RSS {mb:.0f} MB during the load"
              f"{'  ok' if mb <= RSS_BOUND_MB else '  OVER'}"
              f" (warm-up and logins: {setup_peaks.get(pid, float('nan')):.0f} MB)")
    fat = [pid for pid, mb in peaks.items() if mb > RSS_BOUND_MB]
    ok = errors == 0 and not slow and not fat and bool(peaks)
    print(f"bounds (error rate 0, p95 <= {P95_BOUND_MS} ms, worker RSS <= {RSS_BOUND_MB} MB): "
          f"{'met' if ok else 'NOT met'}")
    return ok


if __name__ == "__main__":
    raise SystemExit(0 if main() else 1)
