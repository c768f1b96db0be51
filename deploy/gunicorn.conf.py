"""gunicorn settings for `make serve`; every value can be overridden from the environment."""
import multiprocessing
import os

bind = os.environ.get("PARTICIPA_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("PARTICIPA_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("PARTICIPA_THREADS", 2))
timeout = int(os.environ.get("PARTICIPA_TIMEOUT", 30))
graceful_timeout = 20
keepalive = 5
max_requests = 2000          # recycle workers now and then: bounds any slow leak
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("PARTICIPA_FORWARDED_ALLOW_IPS", "127.0.0.1")
