"""Prometheus metrics at `/metrics`, for the internal network only.

Request metrics, counted by every worker:

- `participa_http_requests_total{endpoint, method, status}`: requests answered. `endpoint` is
  the Flask endpoint name (`cases.detail`, never the raw path, so the number of series stays
  bounded); a path that matches no route is counted as `endpoint="not_found"`, a method that
  no route of the path takes (405) as `endpoint="unrouted"`.
- `participa_http_request_duration_seconds{endpoint, method}`: a histogram of the time spent
  in the application, from the first `before_request` to the last `after_request`.

Under gunicorn every worker writes its counts to files in `PROMETHEUS_MULTIPROC_DIR`
(prometheus_client's multiprocess mode, set up by deploy/gunicorn.conf.py) and a scrape,
whichever worker answers it, adds up all the workers' counts.

Gauges computed at scrape time come from functions registered with `register_gauge`; any
module can add its own, once, at import or when the app is created:

    from participa import metrics

    def pending_by_queue():                # runs inside the app context, at each scrape
        return {("mail",): 3, ("default",): 0}   # label values (in labelnames order) -> value

    metrics.register_gauge("participa_queue_pending_jobs", "Jobs waiting, per queue.",
                           ["queue"], pending_by_queue)

The function may also return a plain number when `labelnames` is empty. It must be cheap
(one grouped query): it runs at every scrape, typically every 15 to 60 seconds. If it raises,
the error is logged and that gauge is left out of the scrape; the others are still served.
Registering a name again replaces the function.

Access: `/metrics` answers only when the client's address (after ProxyFix) is in
`METRICS_ALLOW` (configuration or `PARTICIPA_METRICS_ALLOW`: comma-separated networks in CIDR
notation, default `127.0.0.1/32,::1/128`); anyone else gets the ordinary 404 page.
"""
from __future__ import annotations

import ipaddress
import logging
import os
import time
from collections.abc import Callable, Iterable, Mapping, Sequence

from flask import Flask, Response, abort, request
from prometheus_client import (CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, Counter,
                               Histogram, generate_latest)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector

logger = logging.getLogger(__name__)

DEFAULT_ALLOW = "127.0.0.1/32,::1/128"
NOT_FOUND_ENDPOINT = "not_found"
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
_STARTED = "participa.metrics.started"
# prometheus_client chose where counts live (memory or files) when it was imported, above.
MULTIPROCESS = bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))

REQUESTS = Counter("participa_http_requests", "HTTP requests answered, by endpoint and status.",
                   ["endpoint", "method", "status"])
LATENCY = Histogram("participa_http_request_duration_seconds",
                    "Time spent answering HTTP requests, by endpoint.", ["endpoint", "method"],
                    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30))

Labels = tuple[str, ...]
GaugeFunction = Callable[[], "Mapping[Labels, float] | Iterable[tuple[Labels, float]] | float"]
_gauges: dict[str, tuple[str, Labels, GaugeFunction]] = {}


def register_gauge(name: str, documentation: str, labelnames: Sequence[str],
                   fn: GaugeFunction) -> None:
    """Add a gauge computed by `fn()` at each scrape (see the module's documentation)."""
    _gauges[name] = (documentation, tuple(labelnames), fn)


class ScrapeTimeGauges:
    """A prometheus_client collector running the registered gauge functions."""

    def collect(self):
        for name, (documentation, labelnames, fn) in list(_gauges.items()):
            try:
                values = fn()
                family = GaugeMetricFamily(name, documentation, labels=labelnames)
                if isinstance(values, (int, float)):
                    family.add_metric((), values)
                else:
                    items = values.items() if isinstance(values, Mapping) else values
                    for labelvalues, value in items:
                        family.add_metric([str(v) for v in labelvalues], value)
            except Exception:
                logger.exception("Metrics: the gauge %s could not be computed", name)
                _rollback()
                continue
            yield family


def _rollback() -> None:
    from participa.extensions import db

    db.session.rollback()


def _allowed_networks(raw: str) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    from participa.config import ConfigError

    try:
        return [ipaddress.ip_network(part.strip()) for part in raw.split(",") if part.strip()]
    except ValueError as exc:
        raise ConfigError(f"PARTICIPA_METRICS_ALLOW must list networks in CIDR notation "
                          f"(e.g. 10.0.0.0/8,127.0.0.1/32): {exc}") from exc


def client_allowed(remote_addr: str | None, networks) -> bool:
    try:
        address = ipaddress.ip_address(remote_addr or "")
    except ValueError:
        return False
    if address.version == 6 and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return any(address in network for network in networks)


def _scrape_registry() -> CollectorRegistry:
    registry = CollectorRegistry()
    if MULTIPROCESS:
        MultiProcessCollector(registry)  # every worker's files
    else:
        registry.register(_ThisProcess())
    registry.register(ScrapeTimeGauges())
    return registry


class _ThisProcess:
    """Single process (development, tests): the process's own metrics."""

    def collect(self):
        return REGISTRY.collect()


def _endpoint_label(status: int) -> str:
    if request.url_rule is not None:
        return request.url_rule.endpoint
    return NOT_FOUND_ENDPOINT if status == 404 else "unrouted"


def register(app: Flask) -> None:
    networks = _allowed_networks(
        app.config.get("METRICS_ALLOW") or os.environ.get("PARTICIPA_METRICS_ALLOW")
        or DEFAULT_ALLOW)

    def start_timer():
        request.environ[_STARTED] = time.perf_counter()

    # First of all before_request functions, so that the time includes theirs.
    app.before_request_funcs.setdefault(None, []).insert(0, start_timer)

    @app.after_request
    def count_request(response):
        started = request.environ.get(_STARTED)
        endpoint = _endpoint_label(response.status_code)
        method = request.method if request.method in _METHODS else "other"
        REQUESTS.labels(endpoint, method, str(response.status_code)).inc()
        if started is not None:
            LATENCY.labels(endpoint, method).observe(time.perf_counter() - started)
        return response

    def metrics_view():
        if not client_allowed(request.remote_addr, networks):
            abort(404)
        body = generate_latest(_scrape_registry())
        return Response(body, content_type=CONTENT_TYPE_LATEST,
                        headers={"Cache-Control": "no-store"})

    app.add_url_rule("/metrics", "metrics", metrics_view, methods=["GET"])

    from participa.cases import gauges as case_gauges
    from participa.tasks import gauges as task_gauges

    case_gauges.register()
    task_gauges.register()
