"""Sign-in spends the same work whatever the answer: exactly one Argon2 verification for an
unknown address, a locked account, a wrong or a right password, so that the time taken does
not tell which accounts exist or are locked. Counted, not timed: a wrapper around the real
verification counts the calls (and which costs the hash it checked was made with)."""
from datetime import timedelta

import pytest
from argon2 import PasswordHasher

from participa.extensions import db
from participa.timeutil import utcnow

from conftest import PASSWORD, login

WRONG = "no es la clave"


@pytest.fixture
def verifications(monkeypatch):
    """The hashes Argon2 verified during the test, in order."""
    seen = []
    real = PasswordHasher.verify

    def counting(self, hash, password):
        seen.append(hash)
        return real(self, hash, password)

    monkeypatch.setattr(PasswordHasher, "verify", counting)
    return seen


def current_costs(app) -> str:
    config = app.config
    return (f"m={config['ARGON2_MEMORY_KIB']},t={config['ARGON2_TIME_COST']},"
            f"p={config['ARGON2_PARALLELISM']}")


def test_right_password(client, people, verifications):
    assert login(client, "ciudadana@example.ec").status_code == 302
    assert len(verifications) == 1


def test_wrong_password(client, people, verifications):
    assert login(client, "ciudadana@example.ec", WRONG).status_code == 401
    assert len(verifications) == 1


def test_unknown_address(app, client, people, verifications):
    assert login(client, "nadie@example.ec", WRONG).status_code == 401
    assert len(verifications) == 1
    assert current_costs(app) in verifications[0]  # a dummy hash with today's costs


def test_locked_account(app, client, people, verifications):
    citizen = people["citizen"]
    citizen.locked_until = utcnow() + timedelta(minutes=10)
    db.session.commit()
    for password in (WRONG, PASSWORD):
        verifications.clear()
        assert login(client, citizen.email, password).status_code == 429
        assert len(verifications) == 1
        assert current_costs(app) in verifications[0]


def test_locked_unknown_address(app, client, people, verifications):
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        login(client, "nadie@example.ec", WRONG)
    verifications.clear()
    assert login(client, "nadie@example.ec", WRONG).status_code == 429
    assert len(verifications) == 1


def test_deactivated_account(client, people, verifications):
    citizen = people["citizen"]
    citizen.is_active_account = False
    db.session.commit()
    assert login(client, citizen.email).status_code == 401
    assert len(verifications) == 1
