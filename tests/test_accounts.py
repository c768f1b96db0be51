"""Registration, sign-in, lock-out, sign-out and password reset, through HTTP."""
from datetime import timedelta
from email import message_from_bytes
from email.policy import default as default_policy
from pathlib import Path
import re

from participa.extensions import db
from participa.timeutil import utcnow

from conftest import PASSWORD, login, user_by_email

GOOD = {
    "name": "María Quishpe",
    "email": "Maria.Quishpe@Example.ec",
    "password": "mi huerta en Cotacachi",
    "confirm": "mi huerta en Cotacachi",
    "cedula": "",
}


def register(client, follow_redirects=False, **changes):
    return client.post("/cuenta/registro", data={**GOOD, **changes},
                       follow_redirects=follow_redirects)


def test_registration_creates_an_account_and_signs_in(client, app):
    response = register(client, cedula="1710034065")
    assert response.status_code == 302
    user = user_by_email("maria.quishpe@example.ec")  # stored in lower case
    assert user is not None and user.cedula == "1710034065"
    assert user.password_hash != GOOD["password"]
    # Signed in once the emailed link proves the address is hers.
    assert "María Quishpe" not in client.get("/").get_data(as_text=True)
    to, body = _last_mail(app)
    assert to == "maria.quishpe@example.ec"
    link = re.search(r"http://localhost(?::\d+)?(/cuenta/confirmar/\S+)", body).group(1)
    assert client.get(link).status_code == 302
    home = client.get("/")
    assert "María Quishpe" in home.get_data(as_text=True)
    client.post("/cuenta/salir")
    assert login(client, "maria.quishpe@example.ec", GOOD["password"]).status_code == 302
    reused = client.get(link, follow_redirects=True)
    assert "no es válido, ha caducado o ya se usó" in reused.get_data(as_text=True)


def test_unconfirmed_account_cannot_sign_in_and_gets_a_new_link(client, app):
    register(client)
    response = login(client, "maria.quishpe@example.ec", GOOD["password"])
    assert response.status_code == 403
    assert "Confirme primero su correo electrónico" in response.get_data(as_text=True)
    assert len(list(Path(app.config["MAIL_DIR"]).glob("*.eml"))) == 2


def test_registration_without_cedula_is_allowed_but_not_verified(client):
    assert register(client).status_code == 302
    assert user_by_email("maria.quishpe@example.ec").is_verified_citizen is False


def test_duplicate_email_gets_the_same_answer_and_its_owner_a_mail(client, app):
    first = register(client, follow_redirects=True)
    second = register(client, email="Maria.Quishpe@example.ec", name="Otra María",
                      follow_redirects=True)
    # No account enumeration: the visitor cannot tell that the address was taken.
    assert first.status_code == second.status_code == 200
    def without_tokens(response):
        return re.sub(r'name="csrf_token" value="[^"]*"', "", response.get_data(as_text=True))

    assert without_tokens(first) == without_tokens(second)
    assert "Hemos enviado un mensaje a maria.quishpe@example.ec" in without_tokens(first)
    assert user_by_email("maria.quishpe@example.ec").name == "María Quishpe"
    to, body = _last_mail(app)
    assert to == "maria.quishpe@example.ec" and "ya tiene una" in body


def test_weak_password_is_refused(client):
    response = register(client, password="corta", confirm="corta")
    assert response.status_code == 400
    assert "al menos 12 caracteres" in response.get_data(as_text=True)
    assert user_by_email("maria.quishpe@example.ec") is None


def test_common_password_is_refused(client):
    response = register(client, password="123456789012", confirm="123456789012")
    assert response.status_code == 400
    assert "demasiado común" in response.get_data(as_text=True)


def test_mismatched_confirmation_is_refused(client):
    response = register(client, confirm="otra cosa distinta aquí")
    assert response.status_code == 400
    assert "Las dos contraseñas no coinciden." in response.get_data(as_text=True)


def test_invalid_cedula_is_refused(client):
    response = register(client, cedula="1710034066")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "no es un número de cédula ecuatoriana válido" in page
    assert 'value="1710034066"' in page
    assert user_by_email("maria.quishpe@example.ec") is None


def test_cedula_can_register_only_one_account(client):
    register(client, cedula="1710034065")
    client.post("/cuenta/salir")
    response = register(client, email="otra@example.ec", cedula="1710034065")
    # The same answer as for a free cédula (nothing tells whose it is), but the second
    # account does not get it: a platform administrator settles the claim.
    assert response.status_code == 302
    assert user_by_email("maria.quishpe@example.ec").cedula == "1710034065"
    assert user_by_email("otra@example.ec").cedula is None


def test_invalid_email_is_refused(client):
    response = register(client, email="no-es-un-correo")
    assert response.status_code == 400
    assert "correo electrónico válido" in response.get_data(as_text=True)


def test_login_with_good_credentials(client, people):
    response = login(client, "CIUDADANA@example.ec")
    assert response.status_code == 302
    assert "Rosa Ciudadana" in client.get("/").get_data(as_text=True)


def test_wrong_password_is_refused_without_saying_which_part_was_wrong(client, people):
    response = login(client, "ciudadana@example.ec", "contraseña equivocada")
    page = response.get_data(as_text=True)
    assert response.status_code == 401
    assert "El correo electrónico o la contraseña no son correctos." in page
    unknown = login(client, "nadie@example.ec", "contraseña equivocada")
    assert "El correo electrónico o la contraseña no son correctos." in unknown.get_data(as_text=True)


def test_account_locks_after_repeated_failures(client, people, app):
    for _ in range(app.config["LOGIN_MAX_FAILURES"] - 1):
        assert login(client, "ciudadana@example.ec", "no es la clave").status_code == 401
    locked = login(client, "ciudadana@example.ec", "no es la clave")
    assert locked.status_code == 429
    assert "bloqueada" in locked.get_data(as_text=True)
    # Even the right password is refused while the account is locked.
    assert login(client, "ciudadana@example.ec", PASSWORD).status_code == 429


def test_lock_out_ends_after_its_time(client, people):
    user = people["citizen"]
    user.locked_until = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert login(client, "ciudadana@example.ec").status_code == 302


def test_logout_needs_post_and_ends_the_session(client, people):
    login(client, "ciudadana@example.ec")
    assert client.get("/cuenta/salir").status_code == 405
    assert client.post("/cuenta/salir").status_code == 302
    assert client.get("/cuenta/").status_code == 302  # back to the sign-in page


def test_login_redirects_only_to_local_pages(client, people):
    response = login(client, "ciudadana@example.ec", next="https://evil.example.com/")
    assert response.headers["Location"] == "/"
    client.post("/cuenta/salir")
    response = login(client, "ciudadana@example.ec", next="/acerca")
    assert response.headers["Location"] == "/acerca"


def _last_mail(app) -> str:
    files = sorted(Path(app.config["MAIL_DIR"]).glob("*.eml"))
    assert files, "no mail was sent"
    message = message_from_bytes(files[-1].read_bytes(), policy=default_policy)
    return message["To"], message.get_content()


def test_password_reset_by_emailed_link(client, people, app):
    response = client.post("/cuenta/recuperar", data={"email": "ciudadana@example.ec"})
    assert response.status_code == 302
    to, body = _last_mail(app)
    assert to == "ciudadana@example.ec"
    link = re.search(r"http://localhost(?::\d+)?(/cuenta/restablecer/\S+)", body).group(1)

    new_password = "otra frase larga y nueva"
    response = client.post(link, data={"password": new_password, "confirm": new_password})
    assert response.status_code == 302
    assert login(client, "ciudadana@example.ec", PASSWORD).status_code == 401
    assert login(client, "ciudadana@example.ec", new_password).status_code == 302

    # The link worked once: it is dead now that the password changed.
    client.post("/cuenta/salir")
    reused = client.get(link, follow_redirects=True)
    assert "no es válido, ha caducado o ya se usó" in reused.get_data(as_text=True)


def test_password_reset_link_expires(client, people, app):
    app.config["PASSWORD_RESET_MAX_AGE"] = -1
    client.post("/cuenta/recuperar", data={"email": "ciudadana@example.ec"})
    _, body = _last_mail(app)
    link = re.search(r"http://localhost(?::\d+)?(/cuenta/restablecer/\S+)", body).group(1)
    response = client.get(link, follow_redirects=True)
    assert "no es válido, ha caducado o ya se usó" in response.get_data(as_text=True)


def test_password_reset_for_unknown_email_says_the_same_and_sends_nothing(client, app):
    response = client.post("/cuenta/recuperar", data={"email": "nadie@example.ec"},
                           follow_redirects=True)
    assert "Si existe una cuenta con esa dirección" in response.get_data(as_text=True)
    assert not list(Path(app.config["MAIL_DIR"]).glob("*.eml"))


def test_tampered_reset_token_is_refused(client, people):
    response = client.get("/cuenta/restablecer/not-a-token", follow_redirects=True)
    assert "no es válido, ha caducado o ya se usó" in response.get_data(as_text=True)


def test_session_cookie_is_http_only(client, people):
    response = login(client, "ciudadana@example.ec")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
