"""gunicorn's settings for `make serve`, all from the environment (docs/deploy.md):

    HOST (127.0.0.1), PORT (8000), WORKERS (2 x cores + 1), THREADS (4 per worker),
    PROMETHEUS_MULTIPROC_DIR (a fresh temporary folder), LOG_FORMAT / LOG_LEVEL (logs.py)

The app is built once in the master (preload) and forked, so the workers share its
modules' memory; each worker opens its own database connections after the fork."""
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

# prometheus_client picks its multiprocess mode when it is imported: set the folder first.
# Counters of every worker (and of workers since replaced) are summed from its files;
# files left by an earlier run would be summed too, so a start empties it.
_metrics_dir = Path(os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR",
                                          tempfile.mkdtemp(prefix="ccn-metrics-")))
_metrics_dir.mkdir(parents=True, exist_ok=True)
for _stale in _metrics_dir.glob("*.db"):
    _stale.unlink()

import logs  # noqa: E402

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WORKERS") or 2 * (os.cpu_count() or 1) + 1)
worker_class = "gthread"
threads = int(os.environ.get("THREADS", "4"))
preload_app = True
timeout = 60
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests (with jitter, so not all at once): memory
# a long-lived process accumulates is returned, and its counters stay in the sum.
max_requests = int(os.environ.get("MAX_REQUESTS", "20000"))
max_requests_jitter = max_requests // 10
accesslog = None  # the app writes one JSON access line per request, with its id
# gunicorn's control socket sits at one path per user (~/.gunicorn): two servers on a host
# would take it from each other, and a hardened unit has no writable home. Signals suffice.
control_socket_disable = True
errorlog = "-"
logconfig_dict = logs.dict_config()


def post_fork(server, worker):
    """A connection opened in the master (none should be) must not be shared by two
    processes: each worker starts with an empty pool."""
    from models import db

    app = server.app.wsgi()
    with app.app_context():
        db.engine.dispose(close=False)


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
