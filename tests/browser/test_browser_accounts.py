"""Journeys of an account, in a real browser and in Spanish: register, sign in and out,
lock-out after wrong passwords, password reset through the mail, the language switch."""
import re

from .kit import new_person


def test_citizen_registers_signs_out_and_signs_in(visitor, site):
    rosa = new_person("Rosa Guamán Pilco")
    browser = visitor("ciudadana")

    browser.open("/")
    assert browser.language() == "es"
    browser.follow("Registrarse", within="banner")
    assert browser.heading() == "Crear una cuenta"

    # A mistyped cédula: the form says what is wrong and keeps what was typed.
    browser.fill("Nombre completo", rosa.name)
    browser.fill("Correo electrónico", rosa.email)
    browser.fill("Cédula (opcional)", "1712345670")
    browser.fill("Contraseña", rosa.password)
    browser.fill("Repita la contraseña", rosa.password)
    assert browser.press("Crear cuenta") == 400
    summary = browser.page.get_by_role("alert").inner_text()
    assert "Corrija lo siguiente:" in summary
    assert "Este no es un número de cédula ecuatoriana válido." in summary
    assert browser.page.get_by_label("Nombre completo", exact=True).input_value() == rosa.name
    cedula = browser.page.get_by_label("Cédula (opcional)", exact=True)
    assert cedula.get_attribute("aria-invalid") == "true"
    # The field's description, read with it, includes the error.
    described_by = cedula.get_attribute("aria-describedby").split()
    descriptions = [browser.page.locator(f"#{id_}").inner_text() for id_ in described_by]
    assert any("Este no es un número de cédula ecuatoriana válido." in text
               for text in descriptions)

    browser.fill("Cédula (opcional)", rosa.cedula)
    browser.fill("Contraseña", rosa.password)
    browser.fill("Repita la contraseña", rosa.password)
    assert browser.press("Crear cuenta") == 200
    assert f"Hemos enviado un mensaje a {rosa.email}" in browser.flash()
    [mail] = site.mails_to(rosa.email)
    link = re.search(r"http://\S+/cuenta/confirmar/\S+", mail.get_content()).group(0)
    assert browser.open(link) == 200
    assert f"Le damos la bienvenida a Participa, {rosa.name}. Su cuenta está lista." in browser.flash()

    browser.follow(rosa.name, within="banner")
    assert browser.heading() == "Su cuenta"
    assert rosa.email in browser.text()
    assert "Cédula declarada" in browser.text() or "Cédula declared" in browser.text()

    browser.sign_out()
    assert browser.page.get_by_role("banner").get_by_role(
        "link", name="Iniciar sesión", exact=True).is_visible()

    assert browser.sign_in(rosa) == 200
    assert "Ha iniciado sesión." in browser.flash()
    assert browser.page.get_by_role("banner").get_by_role(
        "link", name=rosa.name, exact=True).is_visible()


def test_wrong_passwords_lock_the_account(visitor, site):
    jorge = new_person("Jorge Vera Cedeño")
    browser = visitor("ciudadano")
    browser.register(jorge)
    browser.sign_out()

    attempts = site.config["LOGIN_MAX_FAILURES"]
    for _ in range(attempts - 1):
        assert browser.sign_in(jorge, password="no es mi contraseña") == 401
        assert "El correo electrónico o la contraseña no son correctos." in browser.flash()
        assert browser.heading() == "Iniciar sesión"

    assert browser.sign_in(jorge, password="tampoco es esta") == 429
    assert "Demasiados intentos fallidos. Esta cuenta está bloqueada" in browser.flash()

    # While locked, even the right password does not open the account.
    assert browser.sign_in(jorge) == 429
    assert "Esta cuenta está bloqueada" in browser.flash()
    assert not browser.page.get_by_role("button", name="Cerrar sesión").count()


def test_password_reset_through_the_mail(visitor, site):
    lucia = new_person("Lucía Andrade Mora")
    browser = visitor("ciudadana")
    browser.register(lucia)
    browser.sign_out()

    browser.follow("Iniciar sesión", within="banner")
    browser.follow("¿Olvidó su contraseña?")
    assert browser.heading() == "¿Olvidó su contraseña?"
    browser.fill("Correo electrónico", lucia.email)
    assert browser.press("Enviar el enlace") == 200
    assert "le hemos enviado un enlace para elegir una contraseña nueva" in browser.flash()

    mails = site.mails_to(lucia.email)  # the account confirmation, then the reset link
    assert len(mails) == 2
    assert mails[-1]["Subject"] == "Restablezca su contraseña de Participa"
    body = mails[-1].get_content()
    assert f"Hola, {lucia.name}:" in body
    link = re.search(r"http://\S+/cuenta/restablecer/\S+", body).group(0)

    assert browser.open(link) == 200
    assert browser.heading() == "Elija una contraseña nueva"
    new_password = "otra frase nueva y larga"
    browser.fill("Contraseña nueva", new_password)
    browser.fill("Repita la contraseña", new_password)
    assert browser.press("Guardar la contraseña nueva") == 200
    assert "Su contraseña fue cambiada. Ya puede iniciar sesión." in browser.flash()

    assert browser.sign_in(lucia) == 401  # the old password no longer works
    assert browser.sign_in(lucia, password=new_password) == 200
    assert "Ha iniciado sesión." in browser.flash()

    # The link works once.
    browser.open(link)
    assert browser.heading() == "¿Olvidó su contraseña?"
    assert "no es válido, ha caducado o ya se usó. Pida uno nuevo." in browser.flash()


def test_language_switch_to_english_and_back_is_remembered(visitor):
    pablo = new_person("Pablo Ortiz Jaramillo")
    browser = visitor("ciudadano")
    browser.register(pablo)
    assert browser.language() == "es"

    browser.press("English", within="banner")
    assert browser.language() == "en"
    assert browser.heading() == "Take part in the decisions of the State"
    assert browser.page.get_by_role("button", name="English").get_attribute(
        "aria-pressed") == "true"

    browser.follow("Institutions", within="navigation")
    assert browser.language() == "en"
    assert browser.heading() == "Participating institutions"

    assert browser.press("Sign out", within="banner") == 200
    assert "You have signed out." in browser.flash()
    assert browser.language() == "en"

    # Another device, whose browser asks for Spanish: the account remembers English.
    phone = visitor("otro-dispositivo")
    phone.open("/")
    assert phone.language() == "es"
    phone.follow("Iniciar sesión", within="banner")
    phone.fill("Correo electrónico", pablo.email)
    phone.fill("Contraseña", pablo.password)
    assert phone.press("Iniciar sesión", within="main") == 200
    assert phone.language() == "en"
    assert "You are signed in." in phone.flash()

    phone.press("Español", within="banner")
    assert phone.language() == "es"
    phone.follow(pablo.name, within="banner")
    assert phone.heading() == "Su cuenta"
