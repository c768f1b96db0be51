"""Account security: two-step verification, password policy and hashing, sessions."""
from datetime import timedelta
from email import message_from_bytes
from email.policy import default as default_policy
from pathlib import Path
import re
import time

import pyotp
import pytest
from argon2 import PasswordHasher
from sqlalchemy import select, update
from werkzeug.security import generate_password_hash

from participa.auth.passwords import common_passwords
from participa.extensions import db
from participa.models import AuditEntry, InstitutionRole, RecoveryCode, UserSession
from participa.timeutil import utcnow

from conftest import (
    PASSWORD,
    code_for,
    enrol_two_factor,
    login,
    login_with_code,
    user_by_email,
)

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
CHROME_ANDROID = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
                  "(KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36")


def actions_for(user) -> list[str]:
    return list(db.session.scalars(
        select(AuditEntry.action).where(AuditEntry.target_id == user.id,
                                        AuditEntry.target_type == "User")
        .order_by(AuditEntry.id)))


def mails(app) -> list[tuple[str, str, str]]:
    result = []
    for path in sorted(Path(app.config["MAIL_DIR"]).glob("*.eml")):
        message = message_from_bytes(path.read_bytes(), policy=default_policy)
        result.append((message["To"], message["Subject"], message.get_content()))
    return result


def a_minute_later(user) -> None:
    """As if the last accepted code was used a minute ago, so that a new one is due: a test
    that needs more codes than the clock-drift window gives cannot wait for real."""
    db.session.refresh(user.two_factor)
    user.two_factor.last_step = int(time.time()) // 30 - 2
    db.session.commit()


@pytest.fixture
def citizen(people):
    return people["citizen"]


@pytest.fixture
def enrolled_citizen(client, citizen):
    """The citizen, signed in on `client`, with two-step verification on; returns the codes."""
    login(client, citizen.email)
    codes = enrol_two_factor(client, citizen)
    client.post("/cuenta/salir")
    return codes


# Two-step verification ---------------------------------------------------------------------

def test_enrolment_shows_a_qr_code_and_needs_a_real_first_code(client, citizen, app):
    login(client, citizen.email)
    page = client.get("/cuenta/dos-pasos").get_data(as_text=True)
    db.session.refresh(citizen)
    secret = citizen.two_factor.secret
    assert "<svg" in page and secret in page
    assert citizen.two_factor.is_active is False  # not on before a code verifies

    wrong = client.post("/cuenta/dos-pasos", data={"code": "000000"})
    assert wrong.status_code == 400
    assert "El código no es correcto" in wrong.get_data(as_text=True)
    db.session.refresh(citizen.two_factor)
    assert citizen.two_factor.is_active is False

    shown = client.post("/cuenta/dos-pasos", data={"code": pyotp.TOTP(secret).now()})
    page = shown.get_data(as_text=True)
    assert shown.status_code == 200
    assert "Sus códigos de recuperación" in page
    codes = re.findall(r"<code>([a-z0-9-]{14})</code>", page)
    assert len(set(codes)) == 10
    db.session.refresh(citizen.two_factor)
    assert citizen.two_factor.is_active
    stored = db.session.scalars(select(RecoveryCode.code_hash)
                                .where(RecoveryCode.user_id == citizen.id)).all()
    assert len(stored) == 10 and not set(codes) & set(stored)  # only hashes are kept
    assert "account.two_factor_enabled" in actions_for(citizen)
    assert any("verificación en dos pasos" in subject.lower() for _, subject, _ in mails(app))
    # Shown once: the status page no longer lists them.
    status = client.get("/cuenta/dos-pasos").get_data(as_text=True)
    assert codes[0] not in status and "Códigos de recuperación sin usar: 10" in status


def test_sign_in_asks_for_the_code_and_refuses_a_wrong_or_reused_one(client, citizen,
                                                                   enrolled_citizen):
    first = login(client, citizen.email)
    assert first.headers["Location"].startswith("/cuenta/entrar/codigo")
    # Not signed in yet after the password alone.
    assert client.get("/cuenta/").status_code == 302

    wrong = client.post("/cuenta/entrar/codigo", data={"code": "123456"})
    assert wrong.status_code == 401
    assert "no es correcto, o ya se usó" in wrong.get_data(as_text=True)

    code = code_for(citizen)
    assert client.post("/cuenta/entrar/codigo", data={"code": code}).status_code == 302
    assert client.get("/cuenta/").status_code == 200
    client.post("/cuenta/salir")

    login(client, citizen.email)
    reused = client.post("/cuenta/entrar/codigo", data={"code": code})
    assert reused.status_code == 401
    assert client.get("/cuenta/").status_code == 302
    assert "account.two_factor_failed" in actions_for(citizen)


def test_code_step_without_a_password_step_goes_back_to_sign_in(client, citizen):
    response = client.post("/cuenta/entrar/codigo", data={"code": "123456"})
    assert response.headers["Location"] == "/cuenta/entrar"


def test_recovery_code_works_once_and_is_recorded(client, citizen, enrolled_citizen):
    code = enrolled_citizen[0]
    login(client, citizen.email)
    used = client.post("/cuenta/entrar/codigo", data={"code": code.upper()},
                       follow_redirects=True)
    assert "Le quedan 9" in used.get_data(as_text=True)
    assert client.get("/cuenta/").status_code == 200
    entry = db.session.scalar(select(AuditEntry).where(
        AuditEntry.action == "account.recovery_code_used"))
    assert entry.target_id == citizen.id and entry.details == {"remaining": 9}
    client.post("/cuenta/salir")

    login(client, citizen.email)
    again = client.post("/cuenta/entrar/codigo", data={"code": code})
    assert again.status_code == 401


def test_repeated_wrong_codes_lock_the_account_for_a_while(client, citizen, enrolled_citizen,
                                                          app):
    login(client, citizen.email)
    for _ in range(app.config["LOGIN_MAX_FAILURES"] - 1):
        assert client.post("/cuenta/entrar/codigo", data={"code": "111111"}).status_code == 401
    locked = client.post("/cuenta/entrar/codigo", data={"code": "111111"},
                         follow_redirects=True)
    assert "bloqueada" in locked.get_data(as_text=True)
    assert login(client, citizen.email).status_code == 429
    citizen.locked_until = utcnow() - timedelta(seconds=1)  # the lock-out expires
    db.session.commit()
    assert login_with_code(client, citizen).status_code == 302


def test_citizen_turns_two_factor_off_with_password_and_code(client, citizen, enrolled_citizen):
    login_with_code(client, citizen)
    a_minute_later(citizen)
    no_code = client.post("/cuenta/dos-pasos/desactivar",
                          data={"password": PASSWORD, "code": "000000"})
    assert no_code.status_code == 401
    bad_password = client.post("/cuenta/dos-pasos/desactivar",
                               data={"password": "no es la clave", "code": code_for(citizen)})
    assert bad_password.status_code == 401
    assert "La contraseña no es correcta." in bad_password.get_data(as_text=True)
    done = client.post("/cuenta/dos-pasos/desactivar",
                       data={"password": PASSWORD, "code": code_for(citizen)})
    assert done.status_code == 302
    db.session.refresh(citizen)
    assert citizen.two_factor is None
    assert db.session.scalar(select(RecoveryCode.id).where(RecoveryCode.user_id == citizen.id)) is None
    assert "account.two_factor_disabled" in actions_for(citizen)


def test_role_holders_cannot_turn_two_factor_off(client, login_as, people):
    official = login_as("official_msp")
    response = client.post("/cuenta/dos-pasos/desactivar",
                           data={"password": PASSWORD, "code": code_for(official)})
    assert response.status_code == 403
    db.session.refresh(official)
    assert official.two_factor.is_active


@pytest.mark.parametrize("role", [InstitutionRole.OFFICIAL, InstitutionRole.MODERATOR,
                                  InstitutionRole.INSTITUTION_ADMIN])
def test_role_holder_without_two_factor_can_only_enrol(client, make_user, institutions, role):
    official = make_user("nuevo@msp.gob.ec", roles=[(institutions["MSP"], role)],
                         two_factor=False)
    assert login(client, official.email).status_code == 302
    for page in ("/", "/cuenta/", "/admin/", "/cuenta/dispositivos"):
        response = client.get(page)
        assert response.status_code == 302, page
        assert response.headers["Location"] == "/cuenta/dos-pasos", page
    setup = client.get("/cuenta/dos-pasos").get_data(as_text=True)
    assert "Su rol le permite" in setup
    enrol_two_factor(client, official)
    assert client.get("/").status_code == 200
    assert client.get("/cuenta/").status_code == 200


def test_platform_admin_without_two_factor_can_sign_out(client, make_user):
    from participa.models import GlobalRole

    admin = make_user("raiz@participa.gob.ec", global_role=GlobalRole.PLATFORM_ADMIN,
                      two_factor=False)
    login(client, admin.email)
    assert client.post("/cuenta/salir").status_code == 302
    assert client.get("/cuenta/").headers["Location"].startswith("/cuenta/entrar")


def test_renewed_recovery_codes_replace_the_old_ones(client, citizen, enrolled_citizen):
    login_with_code(client, citizen)
    a_minute_later(citizen)
    response = client.post("/cuenta/dos-pasos/codigos", data={"renew-code": code_for(citizen)})
    new_codes = re.findall(r"<code>([a-z0-9-]{14})</code>", response.get_data(as_text=True))
    assert len(new_codes) == 10
    client.post("/cuenta/salir")
    login(client, citizen.email)
    assert client.post("/cuenta/entrar/codigo",
                       data={"code": enrolled_citizen[0]}).status_code == 401
    assert client.post("/cuenta/entrar/codigo", data={"code": new_codes[0]}).status_code == 302


def test_demo_accounts_with_roles_sign_in_with_the_published_demo_secret(app, client):
    from participa import demo
    from participa.auth.demo import DEMO_TOTP_SECRET

    app.test_cli_runner().invoke(args=["participa", "demo"])
    official = user_by_email("funcionaria.msp@salud.gob.ec")
    assert official.two_factor.secret == DEMO_TOTP_SECRET
    response = login(client, official.email, demo.DEMO_PASSWORD)
    assert response.headers["Location"].startswith("/cuenta/entrar/codigo")
    code = pyotp.TOTP(DEMO_TOTP_SECRET).now()
    assert client.post(response.headers["Location"], data={"code": code}).status_code == 302
    assert client.get("/cuenta/").status_code == 200
    assert user_by_email("maria.quishpe@example.ec").two_factor is None


# Passwords -----------------------------------------------------------------------------------

REGISTRATION = {"name": "Juana Pérez", "email": "juana@example.ec", "cedula": ""}


@pytest.mark.parametrize("password", ["qwerty123456", "dragon123456", "monkeymonkey",
                                      "1qaz2wsx3edc", "Sunshine2026!!"])
def test_common_passwords_are_refused(client, password):
    response = client.post("/cuenta/registro", data={**REGISTRATION, "password": password,
                                                     "confirm": password})
    assert response.status_code == 400
    assert "demasiado común" in response.get_data(as_text=True)
    assert user_by_email("juana@example.ec") is None


def test_the_shipped_list_is_large_and_used_below_the_minimum_too(client, app):
    assert len(common_passwords()) > 25000
    app.config["PASSWORD_MIN_LENGTH"] = 8
    response = client.post("/cuenta/registro", data={**REGISTRATION, "password": "baseball",
                                                     "confirm": "baseball"})
    assert "demasiado común" in response.get_data(as_text=True)


def test_long_passphrases_are_accepted(client):
    passphrase = "en la mitad del mundo el sol cae recto a mediodía y la sombra se esconde"
    assert len(passphrase) >= 64
    response = client.post("/cuenta/registro", data={**REGISTRATION, "password": passphrase,
                                                     "confirm": passphrase})
    assert response.status_code == 302
    assert user_by_email("juana@example.ec").password_hash.startswith("$argon2id$")


@pytest.mark.parametrize("old_hash", [
    lambda: generate_password_hash(PASSWORD, method="scrypt"),
    lambda: PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PASSWORD),
], ids=["scrypt", "weaker-argon2"])
def test_older_hashes_are_upgraded_at_the_next_sign_in(client, citizen, app, old_hash):
    citizen.password_hash = old_hash()
    db.session.commit()
    # Production's costs (the suite runs with cheaper ones).
    app.config.update(ARGON2_TIME_COST=3, ARGON2_MEMORY_KIB=65536, ARGON2_PARALLELISM=4)
    assert login(client, citizen.email).status_code == 302
    db.session.refresh(citizen)
    assert citizen.password_hash.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    client.post("/cuenta/salir")
    assert login(client, citizen.email).status_code == 302


def test_password_change_needs_the_current_one_and_ends_other_sessions(app, client, citizen):
    other_device = app.test_client()
    login(client, citizen.email)
    login(other_device, citizen.email)
    assert other_device.get("/cuenta/").status_code == 200

    new = "una contraseña nueva y larga"
    wrong = client.post("/cuenta/contrasena", data={"current_password": "no es la clave",
                                                    "password": new, "confirm": new})
    assert wrong.status_code == 400
    assert "Su contraseña actual no es correcta." in wrong.get_data(as_text=True)
    assert other_device.get("/cuenta/").status_code == 200

    done = client.post("/cuenta/contrasena", data={"current_password": PASSWORD,
                                                   "password": new, "confirm": new})
    assert done.status_code == 302
    assert client.get("/cuenta/").status_code == 200  # this device stays signed in
    assert other_device.get("/cuenta/").status_code == 302  # the other one is out
    assert login(other_device, citizen.email, new).status_code == 302
    assert "account.password_changed" in actions_for(citizen)
    assert any(to == citizen.email and "contraseña" in subject
               for to, subject, _ in mails(app))


def test_password_reset_ends_every_session(app, client, citizen):
    other_device = app.test_client()
    login(other_device, citizen.email)
    client.post("/cuenta/recuperar", data={"email": citizen.email})
    link = re.search(r"http://localhost(?::\d+)?(/cuenta/restablecer/\S+)",
                     mails(app)[-1][2]).group(1)
    new = "otra frase larga y nueva"
    assert client.post(link, data={"password": new, "confirm": new}).status_code == 302
    assert other_device.get("/cuenta/").status_code == 302


# Sessions ------------------------------------------------------------------------------------

def _age_sessions(user, minutes: int) -> None:
    db.session.execute(update(UserSession).where(UserSession.user_id == user.id)
                       .values(last_seen_at=utcnow() - timedelta(minutes=minutes)))
    db.session.commit()


def test_idle_citizen_session_ends(client, citizen, app):
    login(client, citizen.email)
    _age_sessions(citizen, app.config["IDLE_TIMEOUT_MINUTES"] + 1)
    response = client.get("/cuenta/", follow_redirects=True)
    assert "Su sesión terminó tras un período sin actividad" in response.get_data(as_text=True)
    assert client.get("/cuenta/").status_code == 302
    assert db.session.scalar(select(UserSession.id).where(UserSession.user_id == citizen.id)) is None


def test_officials_idle_limit_is_shorter_than_citizens(app, client, login_as, people):
    citizen_client = app.test_client()
    login(citizen_client, people["citizen"].email)
    login_as("official_msp")
    _age_sessions(people["official_msp"], 31)
    _age_sessions(people["citizen"], 31)
    assert client.get("/cuenta/").status_code == 302
    assert citizen_client.get("/cuenta/").status_code == 200


def test_session_older_than_the_absolute_limit_ends(client, citizen):
    login(client, citizen.email)
    db.session.execute(update(UserSession).values(created_at=utcnow() - timedelta(hours=13)))
    db.session.commit()
    assert client.get("/cuenta/").status_code == 302


def test_sign_in_gives_a_new_session_and_sign_out_removes_it(client, citizen):
    login(client, citizen.email)
    first = db.session.scalar(select(UserSession.token_hash))
    client.post("/cuenta/salir")
    assert db.session.scalar(select(UserSession.id)) is None
    login(client, citizen.email)
    assert db.session.scalar(select(UserSession.token_hash)) != first


def test_devices_page_lists_sessions_and_ends_another_one(app, client, citizen, people):
    phone = app.test_client()
    client.post("/cuenta/entrar", data={"email": citizen.email, "password": PASSWORD},
                headers={"User-Agent": FIREFOX})
    phone.post("/cuenta/entrar", data={"email": citizen.email, "password": PASSWORD},
               headers={"User-Agent": CHROME_ANDROID}, environ_base={"REMOTE_ADDR": "190.95.12.34"})
    page = client.get("/cuenta/dispositivos").get_data(as_text=True)
    assert "Firefox · Linux" in page and "Chrome · Android" in page
    assert "190.95.12.0" in page and "190.95.12.34" not in page
    assert "(este dispositivo)" in page

    phone_row = db.session.scalar(select(UserSession).where(
        UserSession.user_agent == CHROME_ANDROID))
    mine = db.session.scalar(select(UserSession).where(UserSession.user_agent == FIREFOX))
    # Someone else's session id, or the current one, cannot be ended from here.
    assert client.post(f"/cuenta/dispositivos/{mine.id}/cerrar").status_code == 404
    other = app.test_client()
    login_with_code(other, people["official_msp"])
    assert other.post(f"/cuenta/dispositivos/{phone_row.id}/cerrar").status_code == 404
    assert phone.get("/cuenta/").status_code == 200

    assert client.post(f"/cuenta/dispositivos/{phone_row.id}/cerrar").status_code == 302
    assert phone.get("/cuenta/").status_code == 302
    assert client.get("/cuenta/").status_code == 200


def test_sign_out_everywhere_else(app, client, citizen):
    others = [app.test_client(), app.test_client()]
    login(client, citizen.email)
    for other in others:
        login(other, citizen.email)
    assert client.post("/cuenta/dispositivos/cerrar-otras").status_code == 302
    assert [other.get("/cuenta/").status_code for other in others] == [302, 302]
    assert client.get("/cuenta/").status_code == 200


def test_keep_me_signed_in_makes_the_cookie_outlive_the_browser(client, citizen):
    plain = login(client, citizen.email)
    assert "Expires=" not in plain.headers["Set-Cookie"]
    client.post("/cuenta/salir")
    kept = login(client, citizen.email, remember="y")
    assert "Expires=" in kept.headers["Set-Cookie"]


# Security log --------------------------------------------------------------------------------

def test_security_log_shows_the_users_own_events(client, citizen, people, enrolled_citizen):
    login(client, citizen.email, "no es la clave")
    login_with_code(client, citizen)
    page = client.get("/cuenta/actividad").get_data(as_text=True)
    for text in ("Sesión iniciada", "Intento de inicio de sesión fallido (contraseña incorrecta)",
                 "Verificación en dos pasos activada"):
        assert text in page
    assert "account." not in page
    other = actions_for(people["official_msp"])
    assert other == []  # nothing of the citizen's is written against someone else



def test_platform_admin_reads_everyones_security_log(app, client, login_as, people):
    citizen_client = app.test_client()
    login(citizen_client, people["citizen"].email, "no es la clave")
    login_as("platform_admin")
    page = client.get("/admin/seguridad").get_data(as_text=True)
    assert "Rosa Ciudadana &lt;ciudadana@example.ec&gt;" in page
    assert "Intento de inicio de sesión fallido (contraseña incorrecta)" in page
    assert "Pía Plataforma" in page  # the admin's own sign-in


# Throttling ----------------------------------------------------------------------------------

def test_failures_from_one_network_are_limited_across_accounts(tmp_path, people):
    from conftest import make_app

    app = make_app(tmp_path, LOGIN_IP_LIMIT="4 per 15 minutes")
    client = app.test_client()
    emails = [person.email for person in people.values()]
    for email in emails[:4]:  # one failure per account: no account lock-out
        assert login(client, email, "no es la clave").status_code == 401
    blocked = login(client, emails[4], PASSWORD)
    page = blocked.get_data(as_text=True)
    assert blocked.status_code == 429
    assert "Demasiados intentos fallidos desde su red. Inténtelo de nuevo en 15 minutos." in page
    other_network = client.post("/cuenta/entrar",
                                data={"email": emails[0], "password": PASSWORD},
                                environ_base={"REMOTE_ADDR": "190.95.12.34"})
    assert other_network.status_code == 302


def test_account_lock_says_when_to_try_again(client, citizen, app):
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        response = login(client, citizen.email, "no es la clave")
    assert response.status_code == 429
    assert "inténtelo de nuevo en 15 minutos" in response.get_data(as_text=True)


# No account enumeration ----------------------------------------------------------------------

def _answers(client, email: str, tries: int) -> list[tuple[int, str]]:
    answers = []
    for _ in range(tries):
        response = login(client, email, "no es la clave")
        page = response.get_data(as_text=True)
        message = re.search(r'<p class="flash flash-error">(.*?)</p>', page).group(1)
        answers.append((response.status_code, message))
    return answers


def test_sign_in_answers_the_same_for_known_and_unknown_emails(app, client, citizen):
    tries = app.config["LOGIN_MAX_FAILURES"] + 1
    known = _answers(client, citizen.email, tries)
    unknown = _answers(app.test_client(), "nadie@example.ec", tries)
    assert known == unknown
    assert [status for status, _ in known] == [401] * (tries - 2) + [429, 429]
    assert "inténtelo de nuevo en 15 minutos" in known[-1][1]


def test_password_reset_answers_the_same_for_known_and_unknown_emails(client, citizen):
    def answer(email):
        response = client.post("/cuenta/recuperar", data={"email": email}, follow_redirects=True)
        page = response.get_data(as_text=True)
        return response.status_code, re.search(r'<p class="flash flash-info">(.*?)</p>', page).group(1)

    known, unknown = answer(citizen.email), answer("nadie@example.ec")
    assert known == unknown
    assert "Si existe una cuenta con esa dirección" in known[1]
