"""The background queue: requests only write the outbox, the worker delivers, and the
worker's schedule runs the operator commands."""
from __future__ import annotations

from datetime import datetime

import pytest
from conftest import login_with_code, make_app, password_hash
from factories_consultations import make_consultation, uploads_in_tmp  # noqa: F401
from sqlalchemy import func, select
from test_outbox import free_port, relay, run_queued_tasks  # noqa: F401

from participa.config import ConfigError
from participa.extensions import db
from participa.models import (Comment, Decision, Notification, OutboxMail, OutboxStatus,
                              Stance, User)
from participa.tasks.queue import make_huey
from participa.tasks.schedule import SCHEDULE

FOLLOWERS = 40


@pytest.fixture
def app(tmp_path, relay):  # noqa: F811  (overrides conftest's: a relay, a queue run by hand)
    app = make_app(tmp_path, MAIL_BACKEND="smtp", SMTP_HOST="127.0.0.1", SMTP_PORT=relay.port,
                   SMTP_STARTTLS=False, QUEUE_URL="memory://", QUEUE_IMMEDIATE=False)
    with app.app_context():
        db.drop_all()
        db.create_all()
        yield app
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def publish_outcome_to_followers(client, people, make_consultation) -> list[User]:
    consultation = make_consultation(phase="closed")
    consultation = make_consultation(phase="closed")
    followers = [User(name=f"Persona {i}", email=f"persona{i}@example.ec",
                      password_hash=password_hash()) for i in range(FOLLOWERS)]
    db.session.add_all(followers)
    db.session.flush()
    db.session.add_all(Comment(consultation_id=consultation.id, author_id=user.id,
                               stance=Stance.FOR, body_text="A favor", body_html="<p>A favor</p>")
                       for user in followers)
    for section in consultation.sections:
        section.outcome, section.outcome_reason = Decision.INCORPORATED, "Se incorporó."
    db.session.commit()
    login_with_code(client, people["official_msp"])
    client.post(f"/consultas/{consultation.id}/resultado", data={
        "summary": "Se recibieron observaciones.", "adopted_text_url": "", "action": "save"})
    response = client.post(f"/consultas/{consultation.id}/resultado/publicar")
    assert response.status_code == 302
    return followers


def test_a_notice_to_many_followers_is_written_not_sent_by_the_request(
        app, client, people, make_consultation, relay):  # noqa: F811
    relay.start()
    followers = publish_outcome_to_followers(client, people, make_consultation)
    # The request wrote one outbox row per follower and did not touch the relay.
    assert relay.connections == 0 and relay.received == []
    assert db.session.scalar(select(func.count(OutboxMail.id)).where(
        OutboxMail.status == OutboxStatus.PENDING)) == FOLLOWERS

    run_queued_tasks(app)  # the worker
    assert sorted(to for to, _subject in relay.received) == sorted(u.email for u in followers)
    assert relay.connections == 1
    assert db.session.scalar(select(func.count(OutboxMail.id)).where(
        OutboxMail.status == OutboxStatus.SENT)) == FOLLOWERS


def test_a_notice_to_a_crowd_is_written_by_the_worker(app, client, people, make_consultation,
                                                     relay):  # noqa: F811
    """Beyond MAIL_FAN_OUT_ABOVE followers the request only saves the in-app notices and
    leaves one task; the worker renders the mails, queues and delivers them."""
    app.config["MAIL_FAN_OUT_ABOVE"] = 10
    relay.start()
    followers = publish_outcome_to_followers(client, people, make_consultation)
    assert relay.connections == 0
    assert db.session.scalar(select(func.count(OutboxMail.id))) == 0
    assert db.session.scalar(select(func.count(Notification.id))) == FOLLOWERS
    assert app.extensions["huey"].pending_count() == 1

    run_queued_tasks(app)  # the fan-out, then the delivery it asked for
    assert sorted(to for to, _subject in relay.received) == sorted(u.email for u in followers)
    assert db.session.scalar(select(func.count(OutboxMail.id)).where(
        OutboxMail.status == OutboxStatus.SENT)) == FOLLOWERS


def test_the_schedule_runs_every_command_at_its_time(app):
    huey = app.extensions["huey"]
    def due(moment: datetime) -> set[str]:
        return {task.name for task in huey.read_periodic(moment)}

    assert due(datetime(2026, 12, 2, 3, 1)) == {"outbox-sweep"}
    assert due(datetime(2026, 12, 2, 3, 2)) == {"outbox-sweep", "freeze-figures"}
    assert due(datetime(2026, 12, 2, 3, 4)) == {"outbox-sweep", "warm-figures"}
    assert due(datetime(2026, 12, 2, 3, 7)) == {"outbox-sweep", "proposals-sweep"}
    assert "escalate" in due(datetime(2026, 12, 2, 11, 15))  # 06:15 in Ecuador
    assert "retention" in due(datetime(2026, 12, 2, 8, 30))  # 03:30 in Ecuador
    assert due(datetime(2026, 12, 2, 3, 15)) == {"outbox-sweep", "verification-retry"}
    assert due(datetime(2026, 12, 2, 3, 50)) == {"outbox-sweep", "digest-refresh"}
    # Each scheduled command is still one an operator can run by hand.
    commands = app.cli.commands["participa"].commands
    assert {"escalate", "proposals-sweep", "retention", "warm-figures", "verification-retry",
            "digest-refresh", "freeze-figures", "worker"} <= set(commands)


def test_a_scheduled_command_runs_and_commits_its_mail(app, relay, people, institutions):
    """What the worker runs at 06:15: the escalate command, its mails left in the outbox
    for the delivery task."""
    from datetime import date

    from factories_cases import make_case, make_category

    from participa.cases import service

    category = make_category(institutions["MSP"])
    case = make_case(people["citizen"], institutions["MSP"], category)
    service.assign(people["official_msp"], case, people["official_msp"])
    case.due_on = date(2020, 1, 6)
    db.session.commit()
    job = next(job for job in SCHEDULE if job.name == "escalate")
    with app.app_context():
        job.run()
    assert db.session.scalar(select(func.count(OutboxMail.id)).where(
        OutboxMail.subject.contains("vencido"))) >= 1


def test_the_queue_storage_follows_the_configuration(tmp_path):
    sqlite = make_huey({"QUEUE_URL": f"sqlite:///{tmp_path / 'queue.sqlite'}",
                        "QUEUE_IMMEDIATE": False})
    assert type(sqlite).__name__ == "SqliteHuey"
    redis = make_huey({"QUEUE_URL": "redis://127.0.0.1:63799/0", "QUEUE_IMMEDIATE": False})
    assert type(redis).__name__ == "RedisHuey"
    with pytest.raises(ConfigError):
        make_huey({"QUEUE_URL": "amqp://elsewhere", "QUEUE_IMMEDIATE": False})


def test_development_queues_in_a_file_and_testing_runs_at_once(tmp_path):
    from participa.config import build_config

    development = build_config(tmp_path, {"ENV_NAME": "development"})
    assert development["QUEUE_URL"] == f"sqlite:///{tmp_path / 'queue.sqlite'}"
    assert development["QUEUE_IMMEDIATE"] is False
    assert build_config(tmp_path, {"ENV_NAME": "testing"})["QUEUE_IMMEDIATE"] is True


def test_the_worker_refuses_to_start_when_tasks_run_at_once(tmp_path):
    immediate = make_app(tmp_path / "immediate")  # testing's default
    with immediate.app_context():
        result = immediate.test_cli_runner().invoke(args=["participa", "worker"])
    assert result.exit_code != 0 and "PARTICIPA_QUEUE_IMMEDIATE" in result.output
