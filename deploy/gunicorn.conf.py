"""gunicorn settings for `make serve`; every value can be overridden from the environment."""
import multiprocessing
import os
import shutil
import tempfile
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
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %({x-request-id}o)s'
forwarded_allow_ips = os.environ.get("PARTICIPA_FORWARDED_ALLOW_IPS", "127.0.0.1")

max_requests = 2000          # recycle workers now and then: bounds any slow leak
max_requests_jitter = 200

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

