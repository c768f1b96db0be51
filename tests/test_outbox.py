"""Mail goes through the outbox: written with the change, delivered by the worker, once.

The relay is a real SMTP server (aiosmtpd) on a free loopback port; time is moved by
handing `now` to the delivery, never by sleeping.
"""
from __future__ import annotations

import socket
from datetime import timedelta
from email import message_from_bytes
from email.policy import default as default_policy

import pytest
from aiosmtpd.controller import Controller
from conftest import login_with_code, make_app
from sqlalchemy import func, select

from participa import outbox
from participa.extensions import db
from participa.mail import send_mail
from participa.models import AuditEntry, OutboxMail, OutboxStatus
from participa.timeutil import utcnow


class Relay:
    """An SMTP server that keeps what it receives; started and stopped by the test."""

    def __init__(self, port: int):
        self.port = port
        self.received: list[tuple[str, str]] = []  # (recipient, subject)
        self.connections = 0
        self._controller = None

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        self.connections += 1
        session.host_name = hostname
        return responses

    async def handle_DATA(self, server, session, envelope):
        subject = message_from_bytes(envelope.content, policy=default_policy)["Subject"]
        for recipient in envelope.rcpt_tos:
            self.received.append((recipient, subject))
        return "250 Message accepted for delivery"

    def start(self) -> None:
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def relay():
    relay = Relay(free_port())
    yield relay  # not started: the test decides when the relay is up
    relay.stop()


@pytest.fixture
def smtp_app(tmp_path, relay):
    """The app as in production: SMTP relay, and a queue that only runs when told to."""
    app = make_app(tmp_path, MAIL_BACKEND="smtp", SMTP_HOST="127.0.0.1", SMTP_PORT=relay.port,
                   SMTP_STARTTLS=False, QUEUE_URL="memory://", QUEUE_IMMEDIATE=False,
                   MAIL_MAX_ATTEMPTS=3, MAIL_RETRY_SECONDS=60)
    with app.app_context():
        db.drop_all()
        db.create_all()
        yield app
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def rows() -> list[OutboxMail]:
    db.session.expire_all()
    return db.session.scalars(select(OutboxMail).order_by(OutboxMail.id)).all()


def run_queued_tasks(app) -> int:
    """What the worker does: take each enqueued task and run it."""
    huey = app.extensions["huey"]
    count = 0
    while (task := huey.dequeue()) is not None:
        huey.execute(task)
        count += 1
    return count


def test_mail_queued_while_the_relay_is_down_arrives_once_when_it_is_back(smtp_app, relay):
    start = utcnow()
    notices = [(f"persona{i}@example.ec", f"Aviso {i}") for i in range(5)]
    for to, subject in notices[:3]:
        send_mail(to, subject, "La consulta cerró.")
    db.session.commit()
    send_mail(*notices[3], "La consulta cerró.")
    send_mail(*notices[4], "La consulta cerró.")
    db.session.commit()

    # Nothing was sent by the commits themselves: they asked the worker.
    assert [m.status for m in rows()] == [OutboxStatus.PENDING] * 5
    assert run_queued_tasks(smtp_app) == 2  # the relay is down: every attempt fails
    for mail in rows():
        assert mail.status == OutboxStatus.PENDING and mail.attempts == 1
        assert "Connection" in mail.last_error
        assert mail.next_attempt_at >= start + timedelta(seconds=60)
        assert mail.body == "La consulta cerró."

    # Still within the minute: nothing is due, nothing is tried.
    assert outbox.sweep(now=start + timedelta(seconds=30)).claimed == 0
    assert {m.attempts for m in rows()} == {1}

    relay.start()
    retry_at = max(m.next_attempt_at for m in rows())
    report = outbox.sweep(now=retry_at)
    assert len(report.sent) == 5
    assert sorted(relay.received) == sorted(notices)
    assert relay.connections == 1  # one connection for the batch
    for mail in rows():
        assert mail.status == OutboxStatus.SENT and mail.attempts == 2
        assert mail.body is None  # erased once delivered

    # Later sweeps and a late task find nothing to send: each notice arrived once.
    assert outbox.sweep(now=retry_at + timedelta(hours=2)).claimed == 0
    smtp_app.extensions["participa_tasks"].deliver_outbox()
    run_queued_tasks(smtp_app)
    assert sorted(relay.received) == sorted(notices)


def test_a_claimed_mail_is_not_claimed_again(smtp_app, relay):
    send_mail("ana@example.ec", "Aviso", "Texto")
    db.session.commit()
    now = utcnow()
    first = outbox.claim_due(now)
    assert len(first) == 1
    assert outbox.claim_due(now) == []  # a second worker gets nothing
    relay.start()
    assert outbox.deliver_pending(now).claimed == 0
    assert relay.received == []


def test_a_rolled_back_change_sends_no_mail(app, tmp_path):
    send_mail("ana@example.ec", "Aviso", "Texto")
    db.session.rollback()
    db.session.commit()
    assert db.session.scalar(select(func.count(OutboxMail.id))) == 0
    assert not list((tmp_path / "mail").glob("*.eml"))


def test_mail_of_a_failed_command_is_discarded_with_its_change(app, tmp_path, people):
    """Mail queued after a commit is committed at the end of the app context, unless the
    work failed or left another change uncommitted: then the mail goes with it."""
    citizen_id = people["citizen"].id
    with pytest.raises(RuntimeError), app.app_context():
        send_mail("ana@example.ec", "Aviso", "Texto")
        raise RuntimeError("the command failed")
    with app.app_context():
        db.session.get(type(people["citizen"]), citizen_id).name = "Cambio sin confirmar"
        send_mail("ana@example.ec", "Aviso", "Texto")
    assert db.session.scalar(select(func.count(OutboxMail.id))) == 0
    with app.app_context():
        send_mail("ana@example.ec", "Aviso", "Texto")  # nothing else pending: kept
    assert [m.status for m in rows()] == [OutboxStatus.SENT]
    assert len(list((tmp_path / "mail").glob("*.eml"))) == 1


def test_the_file_backend_delivers_through_the_outbox(app, client, people, tmp_path):
    """In development and tests the queue runs at once: the mail is a file after the
    request, and its row is sent with the body (a reset link) erased."""
    response = client.post("/cuenta/recuperar", data={"email": people["citizen"].email})
    assert response.status_code == 302
    [eml] = (tmp_path / "mail").glob("*.eml")
    assert "/cuenta/restablecer/" in eml.read_text()
    [mail] = rows()
    assert mail.recipient == people["citizen"].email
    assert mail.status == OutboxStatus.SENT and mail.body is None


def test_failures_back_off_then_stop_and_wait_for_an_administrator(smtp_app, relay):
    send_mail("ana@example.ec", "Aviso", "Texto")
    db.session.commit()
    now = utcnow()
    waits = []
    for _attempt in range(3):
        outbox.deliver_pending(now)
        [mail] = rows()
        if mail.status == OutboxStatus.PENDING:
            waits.append(mail.next_attempt_at - now)
            now = mail.next_attempt_at
    assert waits == [timedelta(seconds=60), timedelta(seconds=120)]
    [mail] = rows()
    assert mail.status == OutboxStatus.FAILED and mail.attempts == 3
    assert outbox.sweep(now=now + timedelta(days=1)).claimed == 0  # no more tries alone


def test_an_interrupted_delivery_is_not_sent_again_by_itself(smtp_app, relay):
    send_mail("ana@example.ec", "Aviso", "Texto")
    db.session.commit()
    now = utcnow()
    outbox.claim_due(now)  # a worker claimed it, then died
    relay.start()
    outbox.sweep(now=now + timedelta(hours=1))
    [mail] = rows()
    assert mail.status == OutboxStatus.FAILED and "interrupted" in mail.last_error
    assert relay.received == []


# --- The administrators' page ------------------------------------------------------------

@pytest.fixture
def failed_reset_mail(smtp_app):
    send_mail("ana@example.ec", "Restablezca su contraseña",
              "Abra https://participa.gob.ec/cuenta/restablecer/secreto-123")
    db.session.commit()
    mail = db.session.scalar(select(OutboxMail))
    mail.status, mail.attempts, mail.last_error = (OutboxStatus.FAILED, 3,
                                                   "ConnectionRefusedError: relay down")
    db.session.commit()
    return mail


@pytest.fixture
def admin_client(smtp_app, failed_reset_mail):
    from conftest import TOTP_SECRET, password_hash
    from participa.models import GlobalRole, TwoFactorCredential, User

    admin = User(name="Pía Plataforma", email="root@participa.gob.ec", locale="en",
                 password_hash=password_hash(), global_role=GlobalRole.PLATFORM_ADMIN)
    citizen = User(name="Rosa", email="rosa@example.ec", password_hash=password_hash())
    db.session.add_all([admin, citizen,
                        TwoFactorCredential(user=admin, secret=TOTP_SECRET,
                                            confirmed_at=utcnow())])
    db.session.commit()
    return smtp_app.test_client(), admin, citizen


def test_administrators_see_failed_mail_without_its_text_and_resend_it(
        smtp_app, relay, admin_client, failed_reset_mail):
    client, admin, _citizen = admin_client
    assert login_with_code(client, admin).status_code == 302
    page = client.get("/admin/correo")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "ana@example.ec" in html and "Restablezca su contraseña" in html
    assert "ConnectionRefusedError: relay down" in html and "Failed" in html
    assert "secreto-123" not in html  # the body (a reset link) is never shown

    relay.start()
    response = client.post(f"/admin/correo/{failed_reset_mail.id}/reenviar")
    assert response.status_code == 302
    [mail] = rows()
    assert mail.status == OutboxStatus.PENDING and mail.attempts == 0
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "mail.resent"))
    assert entry.actor_id == admin.id and entry.target_id == mail.id
    run_queued_tasks(smtp_app)  # the resend asked the worker
    assert relay.received == [("ana@example.ec", "Restablezca su contraseña")]
    assert rows()[0].status == OutboxStatus.SENT

    # A sent mail cannot be resent: a clear message, no second delivery.
    page = client.post(f"/admin/correo/{mail.id}/reenviar", follow_redirects=True)
    assert "already sent" in page.get_data(as_text=True)
    run_queued_tasks(smtp_app)
    assert len(relay.received) == 1


def test_only_platform_administrators_reach_the_outbox(smtp_app, admin_client,
                                                       failed_reset_mail):
    client, _admin, citizen = admin_client
    assert login_with_code(client, citizen).status_code == 302
    assert client.get("/admin/correo").status_code == 403
    assert client.post(f"/admin/correo/{failed_reset_mail.id}/reenviar").status_code == 403
    assert rows()[0].status == OutboxStatus.FAILED


def test_resending_needs_the_form_token(tmp_path, failed_reset_mail, admin_client, smtp_app):
    smtp_app.config["WTF_CSRF_ENABLED"] = True
    client, admin, _citizen = admin_client
    client.get("/cuenta/entrar")
    response = client.post(f"/admin/correo/{failed_reset_mail.id}/reenviar")
    assert response.status_code == 400
    assert rows()[0].status == OutboxStatus.FAILED
