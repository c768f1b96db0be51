"""Every link in every mail points at the configured public address (PARTICIPA_PUBLIC_URL),
whatever Host or X-Forwarded-Host the request that caused the mail came with: a forged one
must never reach a citizen's inbox (a reset link there would hand the token to its owner)."""
from __future__ import annotations

import re
from email import message_from_bytes
from email.policy import default as default_policy
from pathlib import Path

import pytest
from flask import request

from participa.consultations import comments as comment_service
from participa.extensions import db
from participa.models import Stance

from conftest import PASSWORD, IsolatedClient, login, login_with_code, make_app
from factories_cases import make_category
from factories_consultations import make_consultation, uploads_in_tmp  # noqa: F401

PUBLIC = "https://participa.gob.ec"
EVIL = "evil.example"

FORGERIES = {
    # A client that sends its own Host header straight to the application.
    "host": ({}, {"Host": EVIL}),
    # A client that slips X-Forwarded-Host past the one trusted proxy.
    "forwarded-host": ({"TRUSTED_PROXIES": 1}, {"X-Forwarded-Host": EVIL}),
}


class ForgingClient(IsolatedClient):
    """Sends the forged headers with every request."""
    forged: dict = {}

    def open(self, *args, **kwargs):
        kwargs["headers"] = {**self.forged, **(kwargs.get("headers") or {})}
        return super().open(*args, **kwargs)


@pytest.fixture(params=sorted(FORGERIES))
def app(request, tmp_path):
    overrides, headers = FORGERIES[request.param]
    app = make_app(tmp_path, PUBLIC_URL=PUBLIC, **overrides)
    app.test_client_class = type("Forging", (ForgingClient,), {"forged": headers})
    with app.app_context():
        db.drop_all()
        db.create_all()
        yield app
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def raw_mails(app) -> list[str]:
    folder = Path(app.config["MAIL_DIR"])
    return [path.read_text() for path in sorted(folder.glob("*.eml"))] if folder.exists() else []


def contents(app) -> list[tuple[str, str]]:
    result = []
    for path in sorted(Path(app.config["MAIL_DIR"]).glob("*.eml")):
        message = message_from_bytes(path.read_bytes(), policy=default_policy)
        result.append((message["To"], message.get_content()))
    return result


def assert_public_links_only(app, expected: int) -> None:
    mails = raw_mails(app)
    assert len(mails) >= expected, "a mail was not sent"
    for raw in mails:
        assert EVIL not in raw
    links = [link for _, body in contents(app) for link in re.findall(r"https?://\S+", body)]
    assert len(links) >= expected
    assert all(link.startswith(PUBLIC + "/") for link in links), links


def test_the_forged_host_reaches_the_application(client, app):
    """The set-up really forges: the page the request gets back is built from the forged
    host (so the mails below are tested against it, not against a default)."""
    seen = []

    @app.before_request
    def remember_host():
        seen.append(request.host)

    assert client.get("/cuenta/entrar").status_code == 200
    assert seen == [EVIL]


REGISTRATION = {"name": "María Quishpe", "email": "maria@example.ec",
                "password": "mi huerta en Cotacachi", "confirm": "mi huerta en Cotacachi",
                "cedula": ""}


def test_registration_confirmation(client, app):
    assert client.post("/cuenta/registro", data=REGISTRATION).status_code == 302
    assert_public_links_only(app, 1)
    [(to, body)] = contents(app)
    path = re.search(re.escape(PUBLIC) + r"(/cuenta/confirmar/\S+)", body).group(1)
    assert client.get(path).status_code == 302  # the link works


def test_account_exists_mail(client, app, people):
    data = {**REGISTRATION, "email": "ciudadana@example.ec"}
    assert client.post("/cuenta/registro", data=data).status_code == 302
    assert_public_links_only(app, 1)


def test_password_reset(client, app, people):
    response = client.post("/cuenta/recuperar", data={"email": "ciudadana@example.ec"})
    assert response.status_code == 302
    assert_public_links_only(app, 1)
    [(_, body)] = contents(app)
    assert re.search(re.escape(PUBLIC) + r"/cuenta/restablecer/\S+", body)


def test_email_change(client, app, people):
    login(client, "ciudadana@example.ec")
    response = client.post("/cuenta/correo", data={"email": "rosa@nuevo.ec",
                                                   "current_password": PASSWORD})
    assert response.status_code == 302
    assert_public_links_only(app, 1)
    assert {to for to, _ in contents(app)} == {"ciudadana@example.ec", "rosa@nuevo.ec"}
    [link] = [re.search(re.escape(PUBLIC) + r"(/cuenta/correo/confirmar/\S+)", body).group(1)
              for to, body in contents(app) if to == "rosa@nuevo.ec"]
    assert client.post(link).status_code == 302  # the change is confirmed ...
    assert_public_links_only(app, 1)  # ... and its notices carry no forged link either


def test_case_notice(client, app, people, institutions):
    category = make_category(institutions["MSP"], "Citas médicas", deadline_days=10)
    login(client, "ciudadana@example.ec")
    response = client.post("/casos/nuevo/MSP", data={
        "type": "complaint", "category": str(category.id), "subject": "Demora en la cita",
        "description": "Llevo dos meses esperando.", "province": "17",
        "canton": "1701", "latitude": "", "longitude": ""})
    assert response.status_code == 302
    assert_public_links_only(app, 1)


def test_consultation_notice(client, app, people, make_consultation):  # noqa: F811
    consultation = make_consultation(phase="open")
    comment = comment_service.add_comment(people["citizen"], consultation, body="Pregunta",
                                          stance=Stance.NEUTRAL)
    db.session.commit()
    login_with_code(client, people["official_msp"])
    response = client.post(
        f"/consultas/{consultation.id}/comentarios/{comment.id}/responder",
        data={"body": "Respuesta oficial"})
    assert response.status_code == 302
    assert_public_links_only(app, 1)
    [(to, body)] = contents(app)
    assert to == "ciudadana@example.ec"
    assert f"{PUBLIC}/consultas/{consultation.id}#comentario-{comment.id}" in body
