"""Two web hosts on one PostgreSQL database, as `make serve` runs them (gunicorn with this
project's gunicorn.conf.py), each with its own empty local folder: a file uploaded through
one is downloaded through the other, byte for byte, and neither writes it to its disk."""
import hashlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.postgres_only
ROOT = Path(__file__).resolve().parents[2]
# A photo-sized JPEG whose bytes are all different: any truncation or re-encoding shows.
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + hashlib.sha512(b"seed").digest() * 4096


@pytest.fixture(autouse=True)
def only_postgres(backend):
    if backend == "sqlite":
        pytest.skip("several hosts share a PostgreSQL database, never a SQLite file")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Host:
    """One `make serve`: gunicorn with the project's config, started in its own folder."""

    def __init__(self, name, folder: Path, database_url: str, workers: int):
        self.folder, self.port = folder, free_port()
        folder.mkdir()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "COV"))}
        env.update(APP_ENV="production", DATABASE_URL=database_url, SECRET_KEY="two-hosts",
                   PORT=str(self.port), WORKERS=str(workers), THREADS="2",
                   UPLOAD_DIR=str(folder / "uploads"), LOG_FORMAT="json",
                   PROMETHEUS_MULTIPROC_DIR=str(folder / "metrics"))
        self.log = open(folder / "stdout.log", "w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", str(ROOT / "gunicorn.conf.py"),
             "wsgi:serving_app()"], cwd=folder, env=env, stdout=self.log,
            stderr=subprocess.STDOUT)

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def wait_alive(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, (self.folder / "stdout.log").read_text()
            try:
                with urllib.request.urlopen(self.url("/healthz"), timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise AssertionError("the host did not come up")

    def request(self, path, data=None, headers=None, method=None):
        req = urllib.request.Request(self.url(path), data=data, headers=headers or {},
                                     method=method)
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                return r.status, dict(r.headers), r.read()
        except urllib.error.HTTPError as e:
            return e.code, dict(e.headers), e.read()

    def log_lines(self):
        self.log.flush()
        return [json.loads(line) for line in (self.folder / "stdout.log").read_text()
                .splitlines() if line.startswith("{")]

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self.log.close()


def multipart(field, name, content, content_type):
    boundary = "----ccn-two-hosts"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; "
            f"filename=\"{name}\"\r\nContent-Type: {content_type}\r\n\r\n").encode()
    body += content + f"\r\n--{boundary}--\r\n".encode()
    return body, {"Content-Type": f"multipart/form-data; boundary={boundary}"}


@pytest.fixture
def two_hosts(app, db, tmp_path):
    hosts = [Host("a", tmp_path / "host-a", app.config["SQLALCHEMY_DATABASE_URI"], 2),
             Host("b", tmp_path / "host-b", app.config["SQLALCHEMY_DATABASE_URI"], 1)]
    try:
        for host in hosts:
            host.wait_alive()
        yield hosts
    finally:
        for host in hosts:
            host.stop()


def token(host, user):
    status, _, body = host.request("/api/v1/tokens", json.dumps(
        {"username": user.username, "password": "secret-pass"}).encode(),
        {"Content-Type": "application/json"})
    assert status == 201, body
    return {"Authorization": "Bearer " + json.loads(body)["token"]}


def test_a_file_uploaded_through_one_host_is_downloaded_through_the_other(
        make, db, two_hosts):
    a, b = two_hosts
    org = make.org("investor")
    violation = make.violation(make.cluster(investor=org), make.user("inspector"),
                               state="plan_accepted")
    investor, manager = make.user("investor", org=org), make.user("manager")
    stranger = make.user("investor")
    db.session.commit()

    body, headers = multipart("file", "ảnh hiện trường.jpg", JPEG, "image/jpeg")
    status, response_headers, created = a.request(
        f"/api/v1/violations/{violation.id}/attachments", body,
        {**headers, **token(a, investor), "X-Request-Id": "upload-via-a"})
    assert status == 201, created
    created = json.loads(created)
    assert created["sha256"] == hashlib.sha256(JPEG).hexdigest()
    assert response_headers["X-Request-Id"] == "upload-via-a"

    for user in (investor, manager):
        status, served_headers, served = b.request(created["download_url"],
                                                   headers=token(b, user))
        assert status == 200 and served == JPEG  # byte for byte, from the other host
        assert served_headers["Content-Type"] == "image/jpeg"
    assert b.request(created["download_url"], headers=token(b, stranger))[0] == 404

    # Neither host kept the file on its own disk: the database holds it.
    for host in two_hosts:
        uploads = host.folder / "uploads"
        assert not uploads.exists() or not any(p.is_file() for p in uploads.rglob("*"))
    # Host A's log: one JSON line for the upload, under the caller's request id.
    upload_lines = [line for line in a.log_lines() if line.get("request_id") == "upload-via-a"]
    assert [(line["logger"], line["status"]) for line in upload_lines] == [("ccn.access", 201)]


def test_metrics_sum_every_worker_of_a_host(two_hosts):
    a = two_hosts[0]  # two workers
    for _ in range(20):
        assert a.request("/healthz")[0] == 200
    status, _, body = a.request("/metrics")
    assert status == 200
    counted = [line for line in body.decode().splitlines() if line.startswith(
        'ccn_http_requests_total{endpoint="ops.healthz",method="GET",status="200"}')]
    # One scrape answers for both workers: the wait_alive probes plus these twenty.
    probes = sum(1 for line in a.log_lines() if line.get("path") == "/healthz")
    assert counted and float(counted[0].rsplit(" ", 1)[1]) == probes >= 20
    assert "ccn_database_up 1.0" in body.decode()


def test_production_refuses_to_start_without_its_settings(tmp_path):
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "SECRET_KEY") and not k.startswith("PYTEST")}
    env.update(APP_ENV="production", PORT=str(free_port()), WORKERS="1",
               PROMETHEUS_MULTIPROC_DIR=str(tmp_path / "metrics"))
    check = subprocess.run([sys.executable, "config.py"], cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=60)
    assert check.returncode != 0
    assert "SECRET_KEY, DATABASE_URL" in check.stderr
    server = subprocess.run([sys.executable, "-m", "gunicorn", "--config",
                             str(ROOT / "gunicorn.conf.py"), "wsgi:serving_app()"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert server.returncode != 0 and "SECRET_KEY" in server.stdout + server.stderr
    scheduler = subprocess.run([sys.executable, "-m", "flask", "--app", "app", "scheduler",
                                "run"], cwd=ROOT, env=env, capture_output=True, text=True,
                               timeout=60)
    assert scheduler.returncode != 0 and "SECRET_KEY" in scheduler.stdout + scheduler.stderr
