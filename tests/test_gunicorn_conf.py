"""deploy/gunicorn.conf.py: workers recycle one at a time, and their metrics add up."""
from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from bench.httpclient import Gunicorn

CONF = Path(__file__).resolve().parent.parent / "deploy" / "gunicorn.conf.py"


@pytest.fixture
def load_conf(monkeypatch, tmp_path):
    def load(**env):
        # Set, so that loading the settings does not switch this process to multiprocess mode.
        monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path / "prometheus"))
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        spec = importlib.util.spec_from_file_location("gunicorn_conf_under_test", CONF)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    return load


def due(max_requests: int = 100):
    """A worker whose next request is its last before recycling."""
    return SimpleNamespace(nr=max_requests - 1, max_requests=max_requests)


def serve(conf, worker) -> bool:
    """One request through the worker; True when gunicorn would now recycle it."""
    conf.pre_request(worker, None)
    worker.nr += 1
    return worker.nr >= worker.max_requests


def test_recycling_is_rare_and_spread(load_conf):
    conf = load_conf()
    assert conf.max_requests >= 10000
    assert conf.max_requests_jitter >= conf.max_requests // 2
    off = load_conf(PARTICIPA_MAX_REQUESTS="0")
    assert off.max_requests == 0


def test_a_worker_due_while_another_recycles_waits_its_turn(load_conf):
    conf = load_conf(PARTICIPA_RECYCLE_SPACING="30", PARTICIPA_THREADS="4")
    first, second = due(), due(120)

    assert serve(conf, first)           # the first one goes
    # The second keeps serving meanwhile, even with its four threads at the limit at once.
    for _ in range(4):
        conf.pre_request(second, None)
    second.nr += 4
    assert second.nr < second.max_requests
    while second.nr + 1 < second.max_requests:
        assert not serve(conf, second)
    assert not serve(conf, second)      # asked again: still too early

    conf._last_recycle.value -= 31      # the replacement has had its time to boot
    while not serve(conf, second):
        pass
    assert second.nr < 200              # then it goes at its next check


def test_the_worker_that_claimed_its_turn_is_not_held_back_by_itself(load_conf):
    """With threads, two requests of the same worker may both be the last one."""
    conf = load_conf(PARTICIPA_RECYCLE_SPACING="30")
    worker = due()
    conf.pre_request(worker, None)
    conf.pre_request(worker, None)      # the other thread's request
    worker.nr += 1
    assert worker.nr >= worker.max_requests


def test_under_gunicorn_workers_recycle_one_at_a_time_and_metrics_add_up(stamped_app, tmp_path):
    app = stamped_app
    server = Gunicorn({"PARTICIPA_ENV": "development",
                       "PARTICIPA_SECRET_KEY": "gunicorn-test",
                       "PARTICIPA_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
                       "PARTICIPA_CACHE_DIR": str(tmp_path / "cache"),
                       "PARTICIPA_MAX_REQUESTS": "10",
                       "PARTICIPA_RECYCLE_SPACING": "600"},
                      workers=2, log_path=tmp_path / "gunicorn.log")
    try:
        statuses = [server.request("GET", "/acerca")[0] for _ in range(60)]
        status, text, _ = server.request("GET", "/metrics")
    finally:
        server.stop()

    assert statuses == [200] * 60
    log = (tmp_path / "gunicorn.log").read_text()
    # 60 requests for two workers that recycle every 10 to 15: without the turns, several
    # recycles; with them, one, and the other workers kept serving.
    assert log.count("Autorestarting worker") == 1
    assert status == 200
    counted = re.search(r'participa_http_requests_total\{endpoint="main.about",method="GET",'
                        r'status="200"\} ([0-9.]+)', text)
    assert counted and float(counted.group(1)) == 60  # every worker's, the recycled one's too
