"""What an operator sees of the background work: the outbox and the queue in the metrics,
and the worker's log lines about a job marked with the id of the request that asked for it."""
from __future__ import annotations

import logging
import re

import pytest
from conftest import make_app
from test_outbox import run_queued_tasks

from participa.extensions import db
from participa.mail import send_mail

LOCAL = {"REMOTE_ADDR": "127.0.0.1"}


@pytest.fixture
def app(tmp_path):
    """A queue that nobody works until the test does: what the web server leaves behind."""
    app = make_app(tmp_path, QUEUE_URL="memory://", QUEUE_IMMEDIATE=False)
    with app.app_context():
        db.drop_all()
        db.create_all()
        yield app
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def gauge(text: str, name: str, labels: str = "") -> float:
    found = re.search(rf"^{name}{re.escape(labels)} ([0-9.e+]+)$", text, re.M)
    assert found, f"{name}{labels} missing from the metrics"
    return float(found.group(1))


def test_metrics_show_the_mail_waiting_and_the_jobs_queued(app, client):
    send_mail("persona1@example.ec", "Aviso", "La consulta cerró.")
    send_mail("persona2@example.ec", "Aviso", "La consulta cerró.")
    db.session.commit()

    text = client.get("/metrics", environ_base=LOCAL).get_data(as_text=True)
    assert gauge(text, "participa_mail_outbox", '{status="pending"}') == 2
    assert gauge(text, "participa_mail_outbox", '{status="failed"}') == 0
    assert gauge(text, "participa_queue_pending_jobs") >= 1

    run_queued_tasks(app)  # the worker comes by
    text = client.get("/metrics", environ_base=LOCAL).get_data(as_text=True)
    assert gauge(text, "participa_mail_outbox", '{status="pending"}') == 0
    assert gauge(text, "participa_mail_outbox", '{status="sent"}') == 2
    assert gauge(text, "participa_queue_pending_jobs") == 0


def test_the_workers_log_lines_carry_the_id_of_the_request_that_queued_the_mail(
        app, client, people, caplog):
    response = client.post("/cuenta/recuperar", data={"email": people["citizen"].email},
                           headers={"X-Request-ID": "ticket-4711"})
    assert response.headers["X-Request-ID"] == "ticket-4711"

    with caplog.at_level(logging.INFO):
        assert run_queued_tasks(app) >= 1
    delivered = [r for r in caplog.records if r.getMessage().startswith("Mail to ")]
    assert delivered, "the worker delivered the reset mail"
    assert {r.request_id for r in delivered} == {"ticket-4711"}
