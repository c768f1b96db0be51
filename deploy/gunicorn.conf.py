"""gunicorn settings for `make serve`; every value can be overridden from the environment."""
import multiprocessing
import os
import shutil
import tempfile
import time
from pathlib import Path

bind = os.environ.get("PARTICIPA_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("PARTICIPA_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("PARTICIPA_THREADS", 2))
timeout = int(os.environ.get("PARTICIPA_TIMEOUT", 30))
graceful_timeout = 20
keepalive = 5
accesslog = "-"
errorlog = "-"
# The access log ends with the request id the app sent back (participa.request_ids).
access_log_format = ('%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" '
                     '%({x-request-id}o)s')
forwarded_allow_ips = os.environ.get("PARTICIPA_FORWARDED_ALLOW_IPS", "127.0.0.1")

# Worker recycling. Measured on the demo data (gunicorn -w 2 --threads 2, 16 public pages in
# turn): a worker's memory grows while its caches fill (83 -> 99 MB in its first few thousand
# requests), then stays flat (99 MB after 44 000), so nothing leaks today and recycling is a
# rare safety net. Each worker draws its limit between max_requests and 1.5 times it, and a
# worker due to recycle waits while another one recycled less than `timeout` seconds ago
# (pre_request below): a replacement has that long to boot before gunicorn gives up on it,
# so at most one worker is away for recycling at any time and the others keep serving.
# PARTICIPA_MAX_REQUESTS=0 turns recycling off.
max_requests = int(os.environ.get("PARTICIPA_MAX_REQUESTS", 20000))
max_requests_jitter = max_requests // 2
recycle_spacing = float(os.environ.get("PARTICIPA_RECYCLE_SPACING", timeout))
_RECHECK_AFTER = max(20, 2 * threads)
_last_recycle = multiprocessing.Value("d", 0.0)  # shared by the workers (forked from here)

# Prometheus multiprocess mode (participa.metrics): every worker writes its counts to files in
# this directory and a scrape adds them up. It must be set before any worker starts.
_own_metrics_dir = not os.environ.get("PROMETHEUS_MULTIPROC_DIR")
if _own_metrics_dir:
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="participa-metrics-")


def on_starting(server):
    """Counts left by a previous run of the master are not this run's: start from zero."""
    directory = Path(os.environ["PROMETHEUS_MULTIPROC_DIR"])
    directory.mkdir(parents=True, exist_ok=True)
    for stale in directory.glob("*.db"):
        stale.unlink()


def on_exit(server):
    if _own_metrics_dir:
        shutil.rmtree(os.environ["PROMETHEUS_MULTIPROC_DIR"], ignore_errors=True)


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def pre_request(worker, req):
    """Postpone this worker's recycling while another worker's replacement may be booting."""
    if worker.nr + 1 < worker.max_requests or getattr(worker, "recycle_claimed", False):
        return
    with _last_recycle.get_lock():
        now = time.monotonic()
        if _last_recycle.value and now - _last_recycle.value < recycle_spacing:
            # Ask again a little later; the margin covers the requests the worker's other
            # threads have already let through.
            worker.max_requests = worker.nr + 1 + _RECHECK_AFTER
        else:
            _last_recycle.value = now
            worker.recycle_claimed = True
