"""Changing the email address: asked with the password, done only when the link sent to
the new address is opened; the old address is told of the request and of the change."""
import re

import pytest

from participa.extensions import db
from participa.models import AuditEntry

from sqlalchemy import select

from conftest import PASSWORD, login, user_by_email

NEW = "rosa@nuevo.ec"
LINK = re.compile(r"http://localhost(?::\d+)?(/cuenta/correo/confirmar/\S+)")


@pytest.fixture
def citizen(people):
    return people["citizen"]


@pytest.fixture(autouse=True)
def in_english(app):
    """Every client asks for English (the messages are the code's own msgids)."""
    real = app.test_client

    def english_client(*args, **kwargs):
        client = real(*args, **kwargs)
        client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client
    app.test_client = english_client


@pytest.fixture
def client(app, in_english):
    return app.test_client()


def mails(app) -> list[tuple[str, str, str]]:
    from email import message_from_bytes
    from email.policy import default as default_policy
    from pathlib import Path

    folder = Path(app.config["MAIL_DIR"])
    result = []
    for path in sorted(folder.glob("*.eml")) if folder.exists() else []:
        message = message_from_bytes(path.read_bytes(), policy=default_policy)
        result.append((message["To"], message["Subject"], message.get_content()))
    return result


def ask(client, email=NEW, password=PASSWORD):
    return client.post("/cuenta/correo", data={"email": email, "current_password": password})


def link_sent_to(app, address=NEW) -> str:
    [body] = [body for to, _, body in mails(app) if to == address]
    return LINK.search(body).group(1)


def test_the_address_changes_only_when_the_new_one_confirms(app, client, citizen):
    other_device = app.test_client()
    login(client, citizen.email)
    login(other_device, citizen.email)
    response = ask(client, "Rosa@Nuevo.ec")
    assert response.status_code == 302
    assert "We have sent a link to rosa@nuevo.ec" in \
        client.get(response.headers["Location"]).get_data(as_text=True)

    # Nothing has changed yet: the old address still signs in, the new one does not.
    db.session.refresh(citizen)
    assert citizen.email == "ciudadana@example.ec"
    assert login(app.test_client(), "ciudadana@example.ec").status_code == 302
    assert login(app.test_client(), NEW).status_code == 401
    account = client.get("/cuenta/").get_data(as_text=True)
    assert "Change to rosa@nuevo.ec waiting for confirmation" in account
    # The old address is told of the request; the new one gets the link.
    [(_, subject, body)] = [m for m in mails(app) if m[0] == "ciudadana@example.ec"]
    assert NEW in body
    link = link_sent_to(app)

    # Opening the link shows what will happen; a mail scanner's GET changes nothing.
    page = client.get(link)
    assert page.status_code == 200 and NEW in page.get_data(as_text=True)
    db.session.refresh(citizen)
    assert citizen.email == "ciudadana@example.ec"

    assert client.post(link).status_code == 302
    db.session.refresh(citizen)
    assert citizen.email == NEW
    assert client.get("/cuenta/").status_code == 200  # this device stays signed in
    assert other_device.get("/cuenta/").status_code == 302  # the other one is out
    changed = [to for to, subject, _ in mails(app) if subject.endswith("was changed")]
    assert {"ciudadana@example.ec", NEW} <= set(changed)
    assert "Change to" not in client.get("/cuenta/").get_data(as_text=True)
    actions = list(db.session.scalars(select(AuditEntry.action).where(
        AuditEntry.target_id == citizen.id, AuditEntry.target_type == "User")))
    assert "account.email_change_requested" in actions and "account.email_changed" in actions

    # The link works once.
    reused = client.get(link, follow_redirects=True)
    assert "is invalid, has expired or was already used" in reused.get_data(as_text=True)
    client.post("/cuenta/salir")
    assert login(client, NEW).status_code == 302


def test_the_link_alone_confirms_and_signs_every_session_out(app, client, citizen):
    login(client, citizen.email)
    ask(client)
    link = link_sent_to(app)
    phone = app.test_client()  # not signed in: opened from the new mailbox
    assert phone.post(link).status_code == 302
    db.session.refresh(citizen)
    assert citizen.email == NEW
    assert client.get("/cuenta/").status_code == 302


def test_refusals_keep_the_text_and_change_nothing(app, client, citizen):
    login(client, citizen.email)
    wrong = ask(client, password="no es la clave")
    assert wrong.status_code == 400 and 'value="rosa@nuevo.ec"' in wrong.get_data(as_text=True)
    taken = ask(client, "funcionario@msp.gob.ec")
    assert taken.status_code == 400
    same = ask(client, "ciudadana@example.ec")
    assert same.status_code == 400
    assert "This is already your email address." in same.get_data(as_text=True)
    invalid = ask(client, "no-es-un-correo")
    assert invalid.status_code == 400 and "no-es-un-correo" in invalid.get_data(as_text=True)
    assert mails(app) == []


def test_an_expired_or_forged_link_is_refused(app, client, citizen):
    login(client, citizen.email)
    ask(client)
    link = link_sent_to(app)
    app.config["EMAIL_CONFIRMATION_MAX_AGE"] = -1
    assert "Change to" not in client.get("/cuenta/").get_data(as_text=True)
    for path in (link, "/cuenta/correo/confirmar/manipulado"):
        response = client.post(path, follow_redirects=True)
        assert "is invalid, has expired or was already used" in response.get_data(as_text=True)
    db.session.refresh(citizen)
    assert citizen.email == "ciudadana@example.ec"


def test_a_password_change_cancels_a_waiting_change(app, client, citizen):
    login(client, citizen.email)
    ask(client)
    link = link_sent_to(app)
    new = "una contraseña nueva y larga"
    client.post("/cuenta/contrasena", data={"current_password": PASSWORD, "password": new,
                                            "confirm": new})
    assert "Change to" not in client.get("/cuenta/").get_data(as_text=True)
    client.post(link)
    db.session.refresh(citizen)
    assert citizen.email == "ciudadana@example.ec"


def test_an_address_taken_in_the_meantime_is_refused(app, client, citizen, make_user):
    login(client, citizen.email)
    ask(client)
    link = link_sent_to(app)
    make_user(NEW, name="Otra Persona")
    response = client.post(link)
    assert response.status_code == 409
    assert "An account with this email address already exists." in response.get_data(as_text=True)
    db.session.refresh(citizen)
    assert citizen.email == "ciudadana@example.ec"
    assert user_by_email(NEW).name == "Otra Persona"
