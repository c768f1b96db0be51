"""Asking a signed-in person for their password (or code) again, before a change of password,
email address or two-step verification: failures count and lock the account exactly as failed
sign-ins do, so a borrowed or stolen session cannot guess the password without limit."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from participa.extensions import db
from participa.models import AuditEntry
from participa.timeutil import utcnow

from conftest import PASSWORD, code_for, enrol_two_factor, login, login_with_code

WRONG = "no es la clave"
NEW_PASSWORD = "una contraseña nueva y larga"

# Each re-authenticating form: its address, the data with a wrong password, the status a
# wrong password gets, and the data that would succeed.
FORMS = {
    "password": ("/cuenta/contrasena",
                 {"current_password": WRONG, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
                 400, {"current_password": PASSWORD}),
    "email": ("/cuenta/correo", {"email": "rosa@nuevo.ec", "current_password": WRONG},
              400, {"current_password": PASSWORD}),
    "two-step": ("/cuenta/dos-pasos/desactivar", {"password": WRONG, "code": "000000"},
                 401, {"password": PASSWORD}),
}


@pytest.fixture
def citizen(people):
    return people["citizen"]


@pytest.fixture
def signed_in(client, citizen):
    """The citizen signed in on `client`, with two-step verification on."""
    login(client, citizen.email)
    enrol_two_factor(client, citizen)
    client.post("/cuenta/salir")
    assert login_with_code(client, citizen).status_code == 302
    return citizen


def actions_for(user) -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).where(
        AuditEntry.target_type == "User", AuditEntry.target_id == user.id)
        .order_by(AuditEntry.id)))


@pytest.mark.parametrize("form", sorted(FORMS))
def test_repeated_wrong_passwords_lock_the_account_as_sign_in_does(app, client, signed_in,
                                                                    form):
    path, wrong, wrong_status, right = FORMS[form]
    for _ in range(app.config["LOGIN_MAX_FAILURES"] - 1):
        response = client.post(path, data=wrong)
        assert response.status_code == wrong_status
    locked = client.post(path, data=wrong)
    assert locked.status_code == 429
    assert "bloqueada" in locked.get_data(as_text=True)
    db.session.refresh(signed_in)
    assert signed_in.locked_until is not None and signed_in.locked_until > utcnow()
    assert "account.locked" in actions_for(signed_in)

    # While locked, even the right password changes nothing ...
    right = {**wrong, **right}
    if "code" in right:
        right["code"] = code_for(signed_in)
    assert client.post(path, data=right).status_code == 429
    # ... and signing in elsewhere is refused as after failed sign-ins.
    other = app.test_client()
    assert login(other, signed_in.email).status_code == 429
    db.session.refresh(signed_in)
    assert signed_in.email == "ciudadana@example.ec" and signed_in.two_factor is not None


def test_failures_add_up_with_failed_sign_ins(app, client, signed_in):
    other = app.test_client()
    for _ in range(app.config["LOGIN_MAX_FAILURES"] - 1):
        assert login(other, signed_in.email, WRONG).status_code == 401
    path, wrong, _, _ = FORMS["password"]
    assert client.post(path, data=wrong).status_code == 429


def test_the_lock_ends_by_itself_and_a_right_password_then_works(app, client, signed_in):
    path, wrong, _, _ = FORMS["password"]
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        client.post(path, data=wrong)
    signed_in.locked_until = utcnow() - timedelta(seconds=1)
    db.session.commit()
    response = client.post(path, data={"current_password": PASSWORD, "password": NEW_PASSWORD,
                                       "confirm": NEW_PASSWORD})
    assert response.status_code == 302


def test_wrong_codes_when_renewing_recovery_codes_count_too(app, client, signed_in):
    for _ in range(app.config["LOGIN_MAX_FAILURES"] - 1):
        client.post("/cuenta/dos-pasos/codigos", data={"renew-code": "000000"})
    client.post("/cuenta/dos-pasos/codigos", data={"renew-code": "000000"})
    db.session.refresh(signed_in)
    assert signed_in.locked_until is not None and signed_in.locked_until > utcnow()


def test_the_right_password_does_not_wipe_failed_codes(app, client, signed_in):
    """Knowing the password must not buy fresh code guesses: failed codes add up across
    attempts, when turning two-step off as at the sign-in's second step."""
    for _ in range(app.config["LOGIN_MAX_FAILURES"] - 1):
        response = client.post("/cuenta/dos-pasos/desactivar",
                                data={"password": PASSWORD, "code": "000000"})
        assert response.status_code == 401
    locked = client.post("/cuenta/dos-pasos/desactivar",
                         data={"password": PASSWORD, "code": "000000"})
    assert locked.status_code == 429


def test_signing_in_again_does_not_wipe_failed_codes(app, client, signed_in):
    client.post("/cuenta/salir")
    failures = app.config["LOGIN_MAX_FAILURES"]
    for attempt in range(failures):
        assert login(client, signed_in.email).status_code == 302  # the password is right
        response = client.post("/cuenta/entrar/codigo", data={"code": "000000"})
        if attempt < failures - 1:
            assert response.status_code == 401
    db.session.refresh(signed_in)
    assert signed_in.locked_until is not None and signed_in.locked_until > utcnow()
    assert login(client, signed_in.email).status_code == 429
