"""Request ids: in the X-Request-ID response header and in every log line of the request."""
from __future__ import annotations

import logging

import pytest

from participa.request_ids import LOG_FORMAT, bind_request_id, current_request_id, is_safe_id


@pytest.fixture
def app_with_logging_views(app):
    @app.get("/_test/log")
    def log_something():
        logging.getLogger("participa.test").warning("citizen page served")
        return "ok"

    @app.get("/_test/fail")
    def fail():
        raise RuntimeError("database on fire")

    return app


def test_every_response_carries_a_request_id(client):
    first = client.get("/").headers.get("X-Request-ID")
    second = client.get("/no-existe").headers.get("X-Request-ID")
    assert is_safe_id(first) and is_safe_id(second)
    assert first != second


@pytest.mark.parametrize("incoming", ["abc123", "5f0c6c9e-8a2b-4c1d-9e3f-0a1b2c3d4e5f",
                                      "nginx.req_42", "x" * 64])
def test_a_safe_incoming_id_is_kept(client, incoming):
    response = client.get("/", headers={"X-Request-ID": incoming})
    assert response.headers["X-Request-ID"] == incoming


@pytest.mark.parametrize("hostile", ["abc\ndef", "abc\r\nSet-Cookie: x=1", "x" * 500, "",
                                     "a b", "<script>", "naïve", "id;rm -rf /"])
def test_a_hostile_incoming_id_is_replaced(client, hostile):
    response = client.get("/", environ_base={"HTTP_X_REQUEST_ID": hostile})
    sent_back = response.headers["X-Request-ID"]
    assert sent_back != hostile
    assert is_safe_id(sent_back)
    assert "\n" not in sent_back and len(sent_back) <= 64


def test_log_lines_of_a_request_carry_its_id(app_with_logging_views, caplog):
    client = app_with_logging_views.test_client()
    with caplog.at_level(logging.INFO):
        response = client.get("/_test/log")
    records = [r for r in caplog.records if r.getMessage() == "citizen page served"]
    assert len(records) == 1
    assert records[0].request_id == response.headers["X-Request-ID"]
    line = logging.Formatter(LOG_FORMAT).format(records[0])
    assert f"[{response.headers['X-Request-ID']}]" in line


def test_an_unexpected_error_is_logged_with_the_id_the_visitor_got(app_with_logging_views,
                                                                   caplog):
    client = app_with_logging_views.test_client()
    with caplog.at_level(logging.ERROR):
        response = client.get("/_test/fail", headers={"X-Request-ID": "support-ticket-17"})
    assert response.status_code == 500
    assert response.headers["X-Request-ID"] == "support-ticket-17"
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert errors and all(r.request_id == "support-ticket-17" for r in errors)


def test_outside_a_request_there_is_no_id(app, caplog):
    assert current_request_id() is None
    with caplog.at_level(logging.INFO):
        logging.getLogger("participa.test").info("from the command line")
    assert caplog.records[-1].request_id == "-"


def test_a_background_job_runs_under_the_id_of_its_request(app, caplog):
    with app.test_request_context(headers={"X-Request-ID": "req-from-citizen"}):
        carried = current_request_id()  # what a queue stores with the job
    assert carried == "req-from-citizen"
    assert current_request_id() is None

    with caplog.at_level(logging.INFO), bind_request_id(carried) as bound:
        assert bound == current_request_id() == "req-from-citizen"
        logging.getLogger("participa.jobs").info("mail sent")
    assert caplog.records[-1].request_id == "req-from-citizen"
    assert current_request_id() is None

    with bind_request_id(None) as fresh:  # a job enqueued outside any request
        assert is_safe_id(fresh) and current_request_id() == fresh
