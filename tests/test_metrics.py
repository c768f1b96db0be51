"""Prometheus metrics: request counts and latency by endpoint, scrape-time gauges, access."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from datetime import timedelta

import pytest
from prometheus_client.parser import text_string_to_metric_families

from participa import metrics
from participa.cases.businessdays import local_date
from participa.extensions import db
from participa.models.cases import CaseState
from participa.timeutil import utcnow
from tests.conftest import make_app
from tests.factories_cases import make_case, make_category


def scrape(client, **kwargs) -> dict[tuple, float]:
    """The samples of /metrics as {(name, sorted labels): value}."""
    response = client.get("/metrics", **kwargs)
    assert response.status_code == 200
    assert response.content_type.startswith("text/plain")
    return parse(response.get_data(as_text=True))


def parse(text: str) -> dict[tuple, float]:
    return {(sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(text) for sample in family.samples}


def requests_of(samples, endpoint, status, method="GET") -> float:
    key = ("participa_http_requests_total",
           (("endpoint", endpoint), ("method", method), ("status", status)))
    return samples.get(key, 0.0)


def latency_count(samples, endpoint, method="GET") -> float:
    key = ("participa_http_request_duration_seconds_count",
           (("endpoint", endpoint), ("method", method)))
    return samples.get(key, 0.0)


def test_requests_are_counted_by_endpoint_and_status_with_their_latency(client):
    before = scrape(client)
    assert client.get("/").status_code == 200
    assert client.get("/").status_code == 200
    assert client.get("/no-existe/en/absoluto").status_code == 404
    after = scrape(client)

    assert requests_of(after, "main.home", "200") - requests_of(before, "main.home", "200") == 2
    assert requests_of(after, "not_found", "404") - requests_of(before, "not_found", "404") == 1
    assert latency_count(after, "main.home") - latency_count(before, "main.home") == 2
    # The histogram has its buckets, up to +Inf, for the endpoint.
    buckets = {dict(labels)["le"] for (name, labels) in after
               if name == "participa_http_request_duration_seconds_bucket"
               and dict(labels)["endpoint"] == "main.home"}
    assert {"0.1", "1.0", "+Inf"} <= buckets
    # Raw paths never become labels: the number of series stays bounded.
    assert not any("no-existe" in value for (_, labels) in after for _, value in labels)


def test_a_route_that_answers_404_keeps_its_endpoint(client):
    before = scrape(client)
    assert client.get("/propuestas/999999").status_code == 404
    after = scrape(client)
    assert (requests_of(after, "proposals.show", "404")
            - requests_of(before, "proposals.show", "404")) == 1
    assert requests_of(after, "not_found", "404") == requests_of(before, "not_found", "404")


@pytest.mark.parametrize("address", ["203.0.113.7", "10.1.2.3", "2001:db8::1", "not-an-ip"])
def test_metrics_are_hidden_from_addresses_not_allowed(client, address):
    response = client.get("/metrics", environ_base={"REMOTE_ADDR": address})
    assert response.status_code == 404
    assert "participa_http" not in response.get_data(as_text=True)


@pytest.mark.parametrize("address", ["127.0.0.1", "::1", "::ffff:127.0.0.1"])
def test_metrics_answer_the_local_host_by_default(client, address):
    response = client.get("/metrics", environ_base={"REMOTE_ADDR": address})
    assert response.status_code == 200
    assert "participa_http_requests_total" in response.get_data(as_text=True)


def test_the_allowed_networks_come_from_configuration(app, tmp_path):
    app = make_app(tmp_path, METRICS_ALLOW="10.0.0.0/8, 192.168.5.0/24")
    client = app.test_client()
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": "10.20.30.40"}).status_code == 200
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": "192.168.5.9"}).status_code == 200
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": "127.0.0.1"}).status_code == 404


def test_a_public_client_behind_the_proxy_is_not_allowed(app, tmp_path):
    """Behind nginx the proxy's own address is local: the client's address decides."""
    app = make_app(tmp_path, TRUSTED_PROXIES=1)
    client = app.test_client()
    response = client.get("/metrics", environ_base={"REMOTE_ADDR": "127.0.0.1"},
                          headers={"X-Forwarded-For": "203.0.113.7"})
    assert response.status_code == 404
    response = client.get("/metrics", environ_base={"REMOTE_ADDR": "127.0.0.1"},
                          headers={"X-Forwarded-For": "127.0.0.1"})
    assert response.status_code == 200


def test_a_malformed_allow_list_stops_the_start(tmp_path):
    from participa.config import ConfigError

    with pytest.raises(ConfigError, match="PARTICIPA_METRICS_ALLOW"):
        make_app(tmp_path, METRICS_ALLOW="10.0.0.0/33")


def test_overdue_cases_are_gauged_per_institution(client, institutions, people,
                                                  make_institution):
    msp, mdt = institutions["MSP"], institutions["MDT"]
    make_institution("SRI")
    citizen = people["citizen"]
    msp_category, mdt_category = make_category(msp), make_category(mdt)
    today = local_date(utcnow())
    past, future = today - timedelta(days=3), today + timedelta(days=3)

    def case(category, institution, due_on, state=CaseState.RECEIVED):
        made = make_case(citizen, institution, category)
        made.due_on, made.state = due_on, state
        return made

    case(msp_category, msp, past)
    case(msp_category, msp, past, CaseState.IN_PROGRESS)
    case(msp_category, msp, today)                        # due today: not late yet
    case(msp_category, msp, future)
    case(msp_category, msp, past, CaseState.ANSWERED)     # answered: nothing owed
    case(msp_category, msp, past, CaseState.RESOLVED)
    case(mdt_category, mdt, past, CaseState.ASSIGNED)
    case(mdt_category, mdt, future)
    db.session.commit()

    samples = scrape(client)
    gauge = {dict(labels)["institution"]: value for (name, labels), value in samples.items()
             if name == "participa_cases_overdue"}
    assert gauge == {"MSP": 2, "MDT": 1, "SRI": 0}


def test_other_modules_register_scrape_time_gauges(client, institutions):
    calls = []

    def pending():
        calls.append(1)
        return {("mail",): 3, ("default",): 0}

    def broken():
        raise RuntimeError("the queue is unreachable")

    metrics.register_gauge("participa_test_pending_jobs", "Jobs waiting.", ["queue"], pending)
    metrics.register_gauge("participa_test_broken", "Never computed.", [], broken)
    metrics.register_gauge("participa_test_workers", "Workers alive.", [], lambda: 4)
    try:
        assert not calls  # computed at scrape time, not at registration
        samples = scrape(client)
    finally:
        for name in ("participa_test_pending_jobs", "participa_test_broken",
                     "participa_test_workers"):
            metrics._gauges.pop(name, None)

    assert samples[("participa_test_pending_jobs", (("queue", "mail"),))] == 3
    assert samples[("participa_test_pending_jobs", (("queue", "default"),))] == 0
    assert samples[("participa_test_workers", ())] == 4
    # A failing gauge is left out; the scrape and the other gauges still work.
    assert not any(name == "participa_test_broken" for name, _ in samples)
    assert any(name == "participa_cases_overdue" for name, _ in samples)


WORKER_SCRIPT = textwrap.dedent("""
    import json, sys
    from participa import create_app
    from participa.extensions import db
    from participa.models import Institution
    from flask_migrate import stamp

    config = json.loads(sys.argv[1])
    app = create_app(config)
    with app.app_context():
        db.create_all()
        stamp()  # create_all built the head schema: say so, or /healthz answers 503
    client = app.test_client()
    for _ in range(int(sys.argv[2])):
        assert client.get("/healthz").status_code == 200
    if sys.argv[3] == "scrape":
        with app.app_context():
            db.session.add(Institution(acronym="MSP", name="Ministerio de Salud Pública"))
            db.session.commit()
        sys.stdout.write(client.get("/metrics").get_data(as_text=True))
""")


def test_the_counts_of_several_worker_processes_add_up(tmp_path):
    """gunicorn's workers are separate processes: a scrape answered by any of them counts
    the requests of all, as prometheus_client's multiprocess mode does with the files in
    PROMETHEUS_MULTIPROC_DIR (set by deploy/gunicorn.conf.py)."""
    metrics_dir = tmp_path / "prometheus"
    metrics_dir.mkdir()
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir)}
    config = json.dumps({"ENV_NAME": "testing", "TESTING": True, "SECRET_KEY": "x",
                         "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'mp.sqlite'}"})

    def worker(requests: int, then: str = "") -> str:
        done = subprocess.run([sys.executable, "-c", WORKER_SCRIPT, config, str(requests),
                               then], env=env, capture_output=True, text=True, timeout=120,
                              cwd=os.path.dirname(os.path.dirname(__file__)))
        assert done.returncode == 0, done.stderr
        return done.stdout

    worker(3)
    worker(4)
    text = worker(2, "scrape")

    samples = parse(text)
    assert len(list(metrics_dir.glob("*.db"))) >= 3  # one file per process
    assert requests_of(samples, "main.healthz", "200") == 9
    assert latency_count(samples, "main.healthz") == 9
    # The scrape-time gauges are served in multiprocess mode too.
    assert any(name == "participa_cases_overdue" for name, _ in samples)


def test_an_unexpected_error_is_counted_as_a_5xx(app, client):
    @app.get("/_test/fail")
    def fail():
        raise RuntimeError("database on fire")

    before = scrape(client)
    assert client.get("/_test/fail").status_code == 500
    after = scrape(client)
    assert requests_of(after, "fail", "500") - requests_of(before, "fail", "500") == 1
