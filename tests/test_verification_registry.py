"""The civil registry adapter against a small HTTP server that answers like such a service:
a match verifies, a mismatch does not, and a failure (timeout, 5xx, malformed answer, bad
credentials, nobody listening) never verifies and never loses the request, which the retry
command sends again."""
from __future__ import annotations

import base64
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from conftest import login_with_code
from sqlalchemy import select

from participa.demo import demo_cedula
from participa.extensions import db
from participa.models import Level, RegistryRequest, RegistryState, Verification

CEDULA = demo_cedula("110000033")
PEOPLE = {CEDULA: ("ANA LUCÍA TORRES PAZ", "1979-08-30")}


class Registry:
    """What the fake service does next: "answer", "500", "malformed", "slow"."""

    def __init__(self):
        self.mode = "answer"
        self.requests: list[dict] = []


@pytest.fixture
def registry_server(app):
    registry = Registry()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            registry.requests.append(body)
            expected = "Basic " + base64.b64encode(b"participa:clave").decode()
            if self.headers.get("Authorization") != expected:
                return self._send(401, b'{"error": "credenciales"}')
            if registry.mode == "500":
                return self._send(503, b"Servicio no disponible")
            if registry.mode == "malformed":
                return self._send(200, b"<html>mantenimiento</html>")
            if registry.mode == "slow":
                time.sleep(2)
            known = PEOPLE.get(body["cedula"])
            match = known == (body["nombres"].upper(), body["fecha_nacimiento"])
            self._send(200, json.dumps({"coincide": match}).encode())

        def _send(self, status, payload):
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            try:
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    app.config.update(VERIFICATION_METHODS=("census", "in_person", "registry"),
                      REGISTRY_URL=f"http://127.0.0.1:{server.server_address[1]}/verificar",
                      REGISTRY_USER="participa", REGISTRY_PASSWORD="clave",
                      REGISTRY_TIMEOUT_SECONDS=0.5)
    yield registry
    server.shutdown()
    server.server_close()


@pytest.fixture
def ana(app, make_user):
    person = make_user("ana@example.ec", name="Ana Torres", cedula=CEDULA)
    browser = app.test_client()
    assert login_with_code(browser, person).status_code == 302
    return person, browser


def ask(browser, name="Ana Lucía Torres Paz", born="1979-08-30"):
    return browser.post("/cuenta/identidad/registro-civil",
                        data={"full_name": name, "birth_date": born})


def requests_of(person) -> list[RegistryRequest]:
    return db.session.scalars(select(RegistryRequest).where(
        RegistryRequest.user_id == person.id)).all()


def test_a_match_verifies_the_person(registry_server, ana):
    person, browser = ana
    assert 'name="full_name"' in browser.get("/cuenta/identidad").get_data(as_text=True)
    assert ask(browser).status_code == 302
    assert person.verification_level == Level.IDENTITY_VERIFIED
    assert registry_server.requests[-1] == {"cedula": CEDULA, "nombres": "Ana Lucía Torres Paz",
                                            "fecha_nacimiento": "1979-08-30"}
    [request] = requests_of(person)
    assert request.state == RegistryState.MATCHED
    verification = db.session.scalar(select(Verification).where(
        Verification.user_id == person.id))
    assert verification.method.value == "registry"


def test_a_mismatch_does_not_verify(registry_server, ana):
    person, browser = ana
    ask(browser, born="1979-08-31")
    assert person.verification_level == Level.CEDULA_DECLARED
    assert [r.state for r in requests_of(person)] == [RegistryState.NO_MATCH]


@pytest.mark.parametrize("mode", ["500", "malformed", "slow"])
def test_a_failing_service_never_verifies_and_never_loses_the_request(app, registry_server,
                                                                      ana, mode):
    person, browser = ana
    registry_server.mode = mode
    response = ask(browser)
    assert response.status_code == 302
    assert person.verification_level == Level.CEDULA_DECLARED
    [request] = requests_of(person)
    assert request.state == RegistryState.PENDING and request.attempts == 1
    assert request.last_error
    page = browser.get("/cuenta/identidad").get_data(as_text=True)
    assert 'class="notice"' in page

    # The service recovers: the retry command sends the same request again.
    registry_server.mode = "answer"
    result = app.test_cli_runner().invoke(args=["participa", "verification-retry"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    [request] = requests_of(person)
    assert request.state == RegistryState.MATCHED and request.attempts == 2
    assert person.verification_level == Level.IDENTITY_VERIFIED


def test_bad_credentials_or_nobody_listening_keep_the_request_pending(app, registry_server, ana):
    person, browser = ana
    app.config["REGISTRY_PASSWORD"] = "equivocada"
    ask(browser)
    app.config["REGISTRY_URL"] = "http://127.0.0.1:9/nadie"
    ask(browser)  # the same pending request, asked again
    [request] = requests_of(person)
    assert request.state == RegistryState.PENDING and request.attempts == 2
    assert person.verification_level == Level.CEDULA_DECLARED


def test_bad_input_is_answered_clearly_and_kept(registry_server, ana):
    person, browser = ana
    response = ask(browser, name="   ", born="1979-08-30")
    assert response.status_code == 400
    response = ask(browser, name="Ana Torres", born="treinta de agosto")
    assert response.status_code == 400
    assert 'value="Ana Torres"' in response.get_data(as_text=True)
    assert requests_of(person) == []


def test_the_registry_page_is_absent_when_the_method_is_not_enabled(app, ana):
    _, browser = ana
    app.config["VERIFICATION_METHODS"] = ("census",)
    assert ask(browser).status_code == 404
