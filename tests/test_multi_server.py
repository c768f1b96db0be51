"""Several app servers behind a load balancer share one database and one Redis.

Two real gunicorn instances on different loopback ports, against the same database (the
PostgreSQL of CI when PARTICIPA_TEST_DATABASE_URL is set) and the same Redis.
"""
import os
import re
from datetime import timedelta

import pytest
import redis
from flask_migrate import stamp

from bench.httpclient import CSRF, Gunicorn

from conftest import PASSWORD, code_for
from factories_consultations import DRAFT_TEXT, shift
from participa.ballots import service as ballots
from participa.consultations import service as consultations
from participa.demo import demo_cedula
from participa.extensions import db
from participa.models import ConsentPurpose
from participa.privacy.notice import record_consent
from participa.timeutil import utcnow

REDIS_URL = os.environ.get("PARTICIPA_TEST_REDIS_URL")
pytestmark = pytest.mark.skipif(not REDIS_URL and not os.environ.get("CI"),
                                reason="set PARTICIPA_TEST_REDIS_URL to a Redis server to run")


@pytest.fixture
def two_servers(app, people, tmp_path):
    assert REDIS_URL, "CI must provide PARTICIPA_TEST_REDIS_URL"
    redis.Redis.from_url(REDIS_URL).flushdb()
    for person in people.values():  # they agreed to the privacy notice when they registered
        record_consent(ConsentPurpose.ACCOUNT, user=person)
    db.session.commit()
    stamp()  # create_all built the head schema: say so, or /healthz answers 503
    env = {
        "PARTICIPA_ENV": "production",
        "PARTICIPA_SECRET_KEY": "shared-secret-of-every-app-server",
        "PARTICIPA_CEDULA_HASH_KEY": "shared-cedula-hash-key",
        "PARTICIPA_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "PARTICIPA_RATELIMIT_STORAGE_URL": REDIS_URL,
        "PARTICIPA_MAIL_BACKEND": "file",
        "PARTICIPA_MAIL_DIR": str(tmp_path / "mail"),
    }
    servers = []
    try:
        for name in ("a", "b"):
            servers.append(Gunicorn(env, log_path=tmp_path / f"gunicorn-{name}.log"))
        yield servers
    finally:
        for server in servers:
            server.stop()
        with db.engine.begin() as connection:
            connection.exec_driver_sql("DROP TABLE alembic_version")


def test_two_app_servers_share_sessions_data_and_rate_limits(two_servers, people, institutions,
                                                             make_user):
    """One test, one pair of servers: starting gunicorn twice per check would be slow."""
    first, second = two_servers

    # Signed in on one server, recognised on the other: one session store in the database.
    admin = people["admin_mdt"]
    cookie, token = first.sign_in(admin.email, PASSWORD, code=lambda: code_for(admin))
    status, page, _ = second.request("GET", "/cuenta/", headers={"Cookie": cookie})
    assert status == 200 and "Iván Administrador" in page

    # A change made through one server is seen through the other: one shared database.
    status, page, _ = first.post_form("/admin/instituciones/MDT/miembros", {
        "csrf_token": token, "email": "ciudadana@example.ec", "role": "moderator"}, cookie)
    assert status == 302, page
    _, page, _ = second.request("GET", "/admin/instituciones/MDT/miembros",
                                headers={"Cookie": cookie})
    assert "Rosa Ciudadana" in page

    # A ballot cast through one server is counted when the results are read through the other.
    voter = make_user("votante@example.ec", name="Vera Votante", cedula=demo_cedula("171000099"))
    record_consent(ConsentPurpose.ACCOUNT, user=voter)
    db.session.commit()
    now = utcnow()
    consultation = consultations.create_consultation(
        people["official_msp"], institutions["MSP"], title="Horarios de atención",
        summary="Horarios", topic="Salud", body=DRAFT_TEXT, opens_at=now + timedelta(days=1),
        closes_at=now + timedelta(days=5))
    question = ballots.add_question(people["official_msp"], consultation,
                                    text="¿Qué horario prefiere?", max_choices=1,
                                    options_text="Mañana\nTarde")
    db.session.commit()
    shift(consultation, opens_days=-1, closes_days=5)
    voter_cookie, voter_token = second.sign_in(voter.email, PASSWORD)
    status, page, _ = first.post_form(
        f"/consultas/{consultation.id}/preguntas/{question.id}/votar",
        {"csrf_token": voter_token, "option": str(question.options[1].id)}, voter_cookie)
    assert status == 302, page
    shift(consultation, opens_days=-6, closes_days=-1)  # closed: results are public
    status, page, _ = second.request("GET", f"/consultas/{consultation.id}")
    assert status == 200 and "Resultados: 1 voto" in page
    assert re.search(r"Tarde</th>\s*<td>1</td>", page)
    assert re.search(r"Mañana</th>\s*<td>0</td>", page)

    # Failed sign-ins spread over both servers count against one limit held in Redis.
    def attempt(server, n):
        # A different unknown address each time: only the per-address limit can stop it.
        _, page, cookies = server.request("GET", "/cuenta/entrar")
        return server.post_form("/cuenta/entrar", {
            "email": f"intruso{n}@example.ec", "password": "x" * 12,
            "csrf_token": CSRF.search(page).group(1)}, "; ".join(cookies))[0]

    redis.Redis.from_url(REDIS_URL).flushdb()  # forget the successful sign-in above
    statuses = [attempt(first if n % 2 else second, n) for n in range(20)]
    assert statuses == [401] * 20
    assert attempt(first, 20) == 429
    assert attempt(second, 21) == 429
