"""Production answers only for its own host names: a request naming another host (in Host
or, behind the trusted proxy, in X-Forwarded-Host) is refused before any page is built."""
import pytest
from flask_migrate import stamp

from participa.extensions import db

from conftest import make_app

PUBLIC = "https://participa.gob.ec"


@pytest.fixture
def production(tmp_path):
    """Clients of production-configured apps, on a fresh database."""
    apps = []

    def factory(**overrides):
        if not apps:
            # Production never creates the database itself: build it, at head, beforehand.
            builder = make_app(tmp_path)
            with builder.app_context():
                db.drop_all()
                db.create_all()
                stamp()
            apps.append(builder)
        app = make_app(tmp_path, ENV_NAME="production", PUBLIC_URL=PUBLIC, **overrides)
        apps.append(app)
        return app.test_client()
    yield factory
    if apps:
        with apps[0].app_context():
            db.drop_all()
            with db.engine.begin() as connection:
                connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
            db.engine.dispose()


def status(client, path="/healthz", **headers) -> int:
    return client.get(path, headers=headers).status_code


def test_production_refuses_a_forged_host(production):
    client = production()
    assert status(client, "/", Host="participa.gob.ec") == 200
    assert status(client, "/", Host="evil.example") == 400
    assert status(client, "/cuenta/recuperar", Host="evil.example") == 400
    assert client.post("/cuenta/recuperar", data={"email": "ciudadana@example.ec"},
                       headers={"Host": "evil.example"}).status_code == 400


def test_production_refuses_a_forged_forwarded_host(production):
    client = production(TRUSTED_PROXIES=1)
    assert status(client, "/", **{"X-Forwarded-Host": "participa.gob.ec"}) == 200
    assert status(client, "/", **{"X-Forwarded-Host": "evil.example"}) == 400


def test_local_probes_and_listed_hosts_are_answered(production, monkeypatch):
    client = production()
    assert status(client, Host="127.0.0.1:8000") == 200
    assert status(client, Host="localhost") == 200
    assert status(client, Host="10.0.0.12:8000") == 400
    monkeypatch.setenv("PARTICIPA_TRUSTED_HOSTS", "10.0.0.12, participa.ec")
    client = production()
    assert status(client, Host="10.0.0.12:8000") == 200
    assert status(client, "/", Host="participa.ec") == 200


def test_development_answers_any_host(client):
    assert status(client, "/", Host="portatil.local:5000") == 200
